//! A dataset: the tables the user imported, each kept raw (cells as text)
//! with how it was read and mapped, so changing a mapping or the scheme
//! never needs a new upload; and how the tables combine into the figures
//! that are scored.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::figures::{Figures, Merge, Typing, compare_periods};
use super::issue::Issue;
use super::mapping::ColumnMapping;
pub use super::reading::ReadAs;
use super::scheme::Scheme;
use super::table::Table;

/// The format name in a stored dataset.
pub const DATASET_FORMAT: &str = "kpi-dataset";
/// The newest dataset version this build reads and the one it writes.
pub const DATASET_VERSION: u32 = 1;

/// Why a stored dataset cannot be read.
#[derive(Debug)]
pub enum DatasetError {
    /// Not the JSON of a dataset; the parser's error says where.
    Json(serde_json::Error),
    /// A file of another format.
    Format { found: String },
    /// A version newer than this build reads.
    Newer { version: u32 },
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatasetError::Json(err) => write!(f, "{err}"),
            DatasetError::Format { found } => {
                write!(f, "expected format {DATASET_FORMAT:?}, found {found:?}")
            }
            DatasetError::Newer { version } => write!(
                f,
                "version {version} is newer than this page reads ({DATASET_VERSION})"
            ),
        }
    }
}

impl std::error::Error for DatasetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DatasetError::Json(err) => Some(err),
            DatasetError::Format { .. } | DatasetError::Newer { .. } => None,
        }
    }
}

/// Everything imported, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub format: String,
    pub version: u32,
    pub sources: Vec<Source>,
}

impl Default for Dataset {
    fn default() -> Dataset {
        Dataset {
            format: DATASET_FORMAT.to_owned(),
            version: DATASET_VERSION,
            sources: Vec::new(),
        }
    }
}

/// One import: a paste, a text file or a sheet of a workbook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The file name; empty for a paste.
    pub name: String,
    pub read: ReadAs,
    /// How it joined the figures before it.
    pub merge: Merge,
    /// The cells as read, shared: a source is cloned whenever the page
    /// shows or edits it, and a table can hold millions of cells.
    pub table: Arc<Table>,
    /// Problems found while reading (ragged rows, no rows).
    pub table_issues: Vec<Issue>,
    pub mapping: ColumnMapping,
    /// The period of rows that have none (no period column, or a blank
    /// cell), so a month's file without a period column can sit beside
    /// another month's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// What [`Dataset::overview`] counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub agents: usize,
    pub rows: usize,
    pub columns: usize,
    pub periods: Vec<String>,
}

/// A source's typed figures and every problem found in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Typed {
    pub figures: Figures,
    pub issues: Vec<Issue>,
}

impl Source {
    /// Starts typing this source's table for `scheme` (a slice of rows at a
    /// time); [`Source::finish_typing`] completes it.
    pub fn typing<'a>(&'a self, scheme: &'a Scheme) -> Typing<'a> {
        Typing::new(scheme, &self.table, &self.mapping)
    }

    /// The typed figures with the source's own period applied and every
    /// problem: reading issues, typing issues, then duplicates.
    pub fn finish_typing(&self, typing: Typing<'_>) -> Typed {
        let (mut figures, typing_issues) = typing.finish();
        if let Some(period) = &self.period {
            figures.default_period(period);
        }
        let mut issues = self.table_issues.clone();
        issues.extend(typing_issues);
        issues.extend(figures.duplicates());
        Typed { figures, issues }
    }

    /// Types the whole source at once.
    pub fn type_for(&self, scheme: &Scheme) -> Typed {
        let mut typing = self.typing(scheme);
        typing.type_rows(usize::MAX);
        self.finish_typing(typing)
    }
}

impl Dataset {
    /// Reads a stored dataset, refusing other formats and newer versions.
    pub fn from_json(text: &str) -> Result<Dataset, DatasetError> {
        let dataset: Dataset = serde_json::from_str(text).map_err(DatasetError::Json)?;
        if dataset.format != DATASET_FORMAT {
            return Err(DatasetError::Format {
                found: dataset.format,
            });
        }
        if dataset.version > DATASET_VERSION {
            return Err(DatasetError::Newer {
                version: dataset.version,
            });
        }
        Ok(dataset)
    }

    /// The dataset as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a dataset is plain data")
    }

    /// About how many bytes [`to_json`](Self::to_json) writes, without
    /// writing it: the cells plus their quotes and commas. Never less than
    /// the cells alone, so it can decide whether storing is worth a try.
    pub fn size_hint(&self) -> usize {
        self.sources
            .iter()
            .map(|source| {
                let table = &source.table;
                let headers: usize = table.headers().iter().map(String::len).sum();
                let cells = table.width() * (table.len() + 1);
                table.text_len() + headers + 3 * cells
            })
            .sum()
    }

    /// Adds a source. Replacing drops everything before it.
    pub fn add(&mut self, source: Source) {
        if source.merge == Merge::Replace {
            self.sources.clear();
        }
        self.sources.push(source);
    }

    /// Counts for a summary of the figures: distinct agents, rows, columns
    /// and periods (in natural order). Without joining copies when one
    /// source holds everything.
    pub fn overview(&self, typed: &[Typed]) -> Overview {
        let combined;
        let figures = match self.sources.iter().rposition(|s| s.merge == Merge::Replace) {
            Some(last) if last + 1 == self.sources.len().min(typed.len()) => &typed[last].figures,
            _ => {
                combined = self.combine(typed);
                &combined
            }
        };
        let agents: HashSet<&str> = figures.agents().collect();
        let mut periods: Vec<String> = figures
            .periods()
            .flatten()
            .collect::<HashSet<&str>>()
            .into_iter()
            .map(str::to_owned)
            .collect();
        periods.sort_by(|a, b| compare_periods(a, b));
        Overview {
            agents: agents.len(),
            rows: figures.len(),
            columns: figures.columns.len(),
            periods,
        }
    }

    /// The periods the figures hold (`None`: rows without one), in natural
    /// order with `None` first. Every period of a source since the last
    /// replacing one is in the joined figures, so this is their union.
    pub fn periods(&self, typed: &[Typed]) -> Vec<Option<String>> {
        let from = self
            .sources
            .iter()
            .rposition(|source| source.merge == Merge::Replace)
            .unwrap_or(0);
        let mut periods: Vec<Option<String>> = typed
            .iter()
            .skip(from)
            .flat_map(|typed| typed.figures.periods())
            .collect::<HashSet<Option<&str>>>()
            .into_iter()
            .map(|period| period.map(str::to_owned))
            .collect();
        periods.sort_by(|a, b| match (a, b) {
            (Some(a), Some(b)) => compare_periods(a, b),
            (a, b) => a.is_some().cmp(&b.is_some()),
        });
        periods
    }

    /// How many of each source's rows the joined figures still hold: a later
    /// source loaded by period replaces an earlier one's rows of the periods
    /// it brings, so an October loaded twice leaves the first with none.
    pub fn rows_in_use(&self, typed: &[Typed]) -> Vec<usize> {
        let mut in_use = vec![0; self.sources.len()];
        let mut taken: HashSet<Option<&str>> = HashSet::new();
        for (i, (source, typed)) in self.sources.iter().zip(typed).enumerate().rev() {
            in_use[i] = typed
                .figures
                .periods()
                .filter(|period| !taken.contains(period))
                .count();
            if source.merge == Merge::Replace {
                break;
            }
            taken.extend(typed.figures.periods());
        }
        in_use
    }

    /// The figures to score: each source's typed figures joined in order,
    /// as each source says (see [`Figures::merge`]).
    pub fn combine(&self, typed: &[Typed]) -> Figures {
        let mut combined = Figures::default();
        for (source, typed) in self.sources.iter().zip(typed) {
            combined = combined.merge(&typed.figures, source.merge).0;
        }
        combined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::{IssueKind, Severity};
    use crate::mapping::auto_map;
    use crate::reading::Delimiter;

    fn scheme() -> Scheme {
        let text = include_str!("../../../docs/examples/call-centre.json");
        Scheme::from_json(text).unwrap()
    }

    fn source(scheme: &Scheme, text: &str, merge: Merge, period: Option<&str>) -> Source {
        let table = Table::from_test_csv(text);
        Source {
            name: String::new(),
            read: ReadAs::Paste {
                delimiter: Delimiter::Comma,
            },
            merge,
            mapping: auto_map(scheme, table.headers(), None),
            table: Arc::new(table),
            table_issues: Vec::new(),
            period: period.map(str::to_owned),
        }
    }

    #[test]
    fn sources_join_by_period_and_round_trip() {
        let scheme = scheme();
        let mut dataset = Dataset::default();
        dataset.add(source(
            &scheme,
            "agent\nAnn\nBo\n",
            Merge::Replace,
            Some("9月"),
        ));
        dataset.add(source(
            &scheme,
            "agent\nAnn\n",
            Merge::ByPeriod,
            Some("10月"),
        ));
        let typed: Vec<Typed> = dataset
            .sources
            .iter()
            .map(|s| s.type_for(&scheme))
            .collect();
        let figures = dataset.combine(&typed);
        let periods: Vec<_> = figures.periods().collect();
        assert_eq!(periods, [Some("9月"), Some("9月"), Some("10月")]);
        let overview = dataset.overview(&typed);
        assert_eq!((overview.agents, overview.rows), (2, 3));
        let periods = dataset.periods(&typed);
        assert_eq!(periods, [Some("9月".to_owned()), Some("10月".to_owned())]);
        assert_eq!(overview.periods, ["9月", "10月"]);
        assert_eq!(Dataset::from_json(&dataset.to_json()).unwrap(), dataset);
        let hint = dataset.size_hint();
        assert!(hint > 0 && hint <= dataset.to_json().len(), "{hint}");

        assert_eq!(dataset.rows_in_use(&typed), [2, 1]);
        // September again, by period: the first source's rows are all
        // replaced, the October one keeps its own.
        dataset.add(source(
            &scheme,
            "agent\nAnn\nBo\nCy\n",
            Merge::ByPeriod,
            Some("9月"),
        ));
        let typed: Vec<Typed> = dataset
            .sources
            .iter()
            .map(|s| s.type_for(&scheme))
            .collect();
        assert_eq!(dataset.rows_in_use(&typed), [0, 1, 3]);
        assert_eq!(dataset.combine(&typed).len(), 4);

        // Replacing drops what came before.
        dataset.add(source(&scheme, "agent\nCy\n", Merge::Replace, None));
        assert_eq!(dataset.sources.len(), 1);
        let typed = [dataset.sources[0].type_for(&scheme)];
        assert_eq!(dataset.overview(&typed).agents, 1);
    }

    #[test]
    fn duplicates_and_reading_issues_are_reported_with_the_source() {
        let scheme = scheme();
        let mut source = source(&scheme, "agent,x\nAnn,1\nBo\nAnn,2\n", Merge::Replace, None);
        // What the reader found on the way travels with the source.
        source.table_issues = vec![
            Issue::new(
                Severity::Warning,
                IssueKind::Ragged {
                    cells: 1,
                    columns: 2,
                },
            )
            .row(3),
        ];
        let typed = source.type_for(&scheme);
        let kinds: Vec<&IssueKind> = typed.issues.iter().map(|issue| &issue.kind).collect();
        assert!(kinds.contains(&&IssueKind::Ragged {
            cells: 1,
            columns: 2
        }));
        assert!(kinds.contains(&&IssueKind::DuplicateRow { first_row: 2 }));
        assert_eq!(typed.figures.len(), 3, "both duplicates are kept");
    }

    #[test]
    fn other_formats_and_newer_versions_are_refused() {
        let newer = Dataset {
            version: DATASET_VERSION + 1,
            ..Dataset::default()
        };
        let error = Dataset::from_json(&newer.to_json()).unwrap_err();
        assert!(matches!(error, DatasetError::Newer { version } if version == DATASET_VERSION + 1));
        assert!(error.to_string().contains("newer"));
        let error =
            Dataset::from_json("{\"format\":\"x\",\"version\":1,\"sources\":[]}").unwrap_err();
        assert!(matches!(&error, DatasetError::Format { found } if found == "x"));
        assert_eq!(
            error.to_string(),
            "expected format \"kpi-dataset\", found \"x\""
        );
        assert!(matches!(
            Dataset::from_json("not json"),
            Err(DatasetError::Json(_))
        ));
    }
}
