//! The raw table: cells as text exactly as a reader produced them (a paste,
//! a CSV, a sheet), before any typing. The readers (`kpi-read`) build it; a
//! dataset keeps it, so a changed column mapping can type it again.

use serde::{Deserialize, Serialize};

/// Cells as text, as read from a paste or a file: a header row and data rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The 1-based source row of each row, as the user's file or sheet
    /// numbers it (blank lines and title rows shift it); when absent, rows
    /// are taken to follow a header on row 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<usize>,
}

impl Table {
    /// The source row of row `index`, for messages.
    pub fn line(&self, index: usize) -> usize {
        self.lines.get(index).copied().unwrap_or(index + 2)
    }

    /// A table of this crate's own test text: comma-separated, a header
    /// row, no quoted cells (the readers, which handle quotes, are a layer
    /// above and cannot be linked from here).
    #[cfg(test)]
    pub(crate) fn from_test_csv(text: &str) -> Table {
        let mut lines = text
            .trim_start_matches('\u{feff}')
            .lines()
            .filter(|line| !line.trim().is_empty());
        let split = |line: &str| -> Vec<String> {
            assert!(!line.contains('"'), "test CSV with quotes: {line}");
            line.split(',').map(str::to_owned).collect()
        };
        let headers = lines.next().map(split).unwrap_or_default();
        let rows = lines.map(split).collect();
        Table {
            headers,
            rows,
            lines: Vec::new(),
        }
    }
}
