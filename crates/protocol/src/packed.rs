//! A table's rows as one string and offsets: how rows cross between threads.

use kpi_engine::table::Table;

use crate::ProtocolError;

/// A table's rows as one string of cells and the end offset (in bytes) of
/// each cell, row after row; every row has `width` cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackedRows {
    pub cells: String,
    pub ends: Vec<u32>,
    pub width: usize,
}

impl PackedRows {
    /// Packs the rows of a table (whose rows all have the header's width).
    pub fn pack(table: &Table) -> PackedRows {
        let width = table.headers.len();
        let mut packed = PackedRows {
            cells: String::with_capacity(table.rows.iter().flatten().map(String::len).sum()),
            ends: Vec::with_capacity(table.rows.len() * width),
            width,
        };
        for row in &table.rows {
            for index in 0..width {
                packed
                    .cells
                    .push_str(row.get(index).map_or("", String::as_str));
                let end = u32::try_from(packed.cells.len()).expect("under 4 GB of cells");
                packed.ends.push(end);
            }
        }
        packed
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.ends.len().checked_div(self.width).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fails on offsets that do not fit the cells (out of order, past the
    /// end, inside a character), which a damaged message could hold; after
    /// this, [`PackedRows::rows`] cannot fail.
    pub fn check(&self) -> Result<(), ProtocolError> {
        let mut start = 0;
        for (cell, &end) in self.ends.iter().enumerate() {
            let end = end as usize;
            if end < start || self.cells.get(start..end).is_none() {
                return Err(ProtocolError::BadRows { cell });
            }
            start = end;
        }
        Ok(())
    }

    /// Rows `from..to` (clamped), as a table holds them; rows whose offsets
    /// do not fit (see [`PackedRows::check`]) come back empty.
    pub fn rows(&self, from: usize, to: usize) -> Vec<Vec<String>> {
        let to = to.min(self.len());
        let mut rows = Vec::with_capacity(to.saturating_sub(from));
        for row in from..to {
            let mut cells = Vec::with_capacity(self.width);
            for index in row * self.width..(row + 1) * self.width {
                let start = if index == 0 {
                    0
                } else {
                    self.ends[index - 1] as usize
                };
                let end = self.ends[index] as usize;
                cells.push(self.cells.get(start..end).unwrap_or_default().to_owned());
            }
            rows.push(cells);
        }
        rows
    }
}
