//! Problems found while reading figures or scoring them. Work goes on past
//! them: each names where it is (row, column, agent, period, indicator) and
//! what was expected, so the user can fix the input.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::bonus::BonusError;
use super::curve::CurveError;

mod de;
#[cfg(test)]
mod tests;

/// How much a problem matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was lost.
    Note,
    /// A result is less trustworthy (a small sample, a guard not checked).
    Warning,
    /// A value could not be used.
    Error,
}

/// One problem, with where it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub severity: Severity,
    /// 1-based row of the figures (the header is row 1), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The header of the figures column, as the file names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The indicator concerned, by id: the one being scored, or for a bad
    /// cell the one indicator that reads its input (none when several do).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    pub kind: IssueKind,
}

/// What the problem is.
///
/// Reading's issues cross the worker boundary and are stored with a
/// dataset, so every kind reads back from JSON except `Refused` and
/// `Bonus`: they hold the engine's own errors, which name their fields by
/// `&'static str`, and only scoring finds them, whose result is written
/// (exports) but never read back. The reader is written by hand (`de.rs`),
/// a fifth of the size of the derived one in the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IssueKind {
    /// A cell that should hold a number does not: the input it feeds (by
    /// id; the issue's `column` is the header it came from) and its text.
    NotANumber {
        #[serde(default)]
        input: String,
        text: String,
    },
    /// A row without an agent name.
    NoAgent,
    /// A row with more or fewer cells than the header has columns.
    Ragged { cells: usize, columns: usize },
    /// A row the reader could not split into cells; it is left out.
    UnreadableRow,
    /// A header and no rows of figures.
    NoRows,
    /// The figures have no column for an input the scheme reads.
    MissingColumn { input: String },
    /// The figures have no column for the agent, the key of every row (the
    /// scheme's name for it), so no row can be read.
    MissingAgentColumn { column: String },
    /// Two rows for the same agent and period; both are kept and scored.
    DuplicateRow { first_row: usize },
    /// A formula divided by zero for this agent.
    DivisionByZero { position: usize },
    /// A formula's result overflowed.
    NotFinite { position: usize },
    /// The curve refused the value (e.g. a negative value on a ratio curve).
    Refused {
        #[serde(rename = "message", serialize_with = "english")]
        error: CurveError,
    },
    /// A value averaged over fewer cases than the scheme's minimum.
    SmallSample { count: f64, min: f64 },
    /// The count behind a minimum-sample indicator is missing.
    NoCount { column: String },
    /// A linked guard could not be checked because its value is missing.
    LinkNotChecked { guard: String },
    /// A gate could not be checked because its indicator has no score.
    GateNotChecked,
    /// Forced distribution over a group too small for it to mean much.
    SmallGroup { agents: usize },
    /// The bonus could not be split.
    Bonus {
        #[serde(rename = "message", serialize_with = "english")]
        error: BonusError,
    },
}

/// An engine error in an exported issue: its English sentence, as the
/// results' JSON has always held it (`"message"`), and without a serialiser
/// per error type in the page.
fn english<S: serde::Serializer>(error: &impl fmt::Display, to: S) -> Result<S::Ok, S::Error> {
    to.collect_str(error)
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::NotANumber { input, text } => {
                write!(
                    f,
                    "expected {} for input {input:?}, found {text:?}",
                    super::value::EXPECTED
                )
            }
            IssueKind::NoAgent => write!(f, "the row has no agent name"),
            IssueKind::Ragged { cells, columns } => write!(
                f,
                "the row has {cells} cells but the header has {columns} columns; missing cells are blank, extra cells are kept"
            ),
            IssueKind::UnreadableRow => write!(f, "the row could not be read; it is left out"),
            IssueKind::NoRows => write!(f, "there is a header row but no rows of figures"),
            IssueKind::MissingColumn { input } => {
                write!(f, "the figures have no column for input {input:?}")
            }
            IssueKind::MissingAgentColumn { column } => write!(
                f,
                "the figures have no agent column (the scheme calls it {column:?}), so no row can be scored"
            ),
            IssueKind::DuplicateRow { first_row } => write!(
                f,
                "a second row for the same agent and period (first at row {first_row}); both are scored"
            ),
            IssueKind::DivisionByZero { position } => write!(
                f,
                "the formula divides by zero at character {position}; the value is treated as missing"
            ),
            IssueKind::NotFinite { position } => write!(
                f,
                "the formula's result at character {position} is too large; the value is treated as missing"
            ),
            IssueKind::Refused { error } => {
                write!(f, "{error}; the value is treated as missing")
            }
            IssueKind::SmallSample { count, min } => {
                write!(
                    f,
                    "cases: {count}, fewer than the minimum of {min}: treat with care"
                )
            }
            IssueKind::NoCount { column } => {
                write!(
                    f,
                    "the sample size ({column}) is missing, so the sample could not be checked"
                )
            }
            IssueKind::LinkNotChecked { guard } => {
                write!(
                    f,
                    "the guard {guard:?} has no value, so the link was not checked"
                )
            }
            IssueKind::GateNotChecked => {
                write!(f, "the indicator has no score, so its gate was not checked")
            }
            IssueKind::SmallGroup { agents } => write!(
                f,
                "a forced distribution over {agents} agents is not meaningful (it needs about 25-30 or more)"
            ),
            IssueKind::Bonus { error } => write!(f, "bonus: {error}"),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(row) = self.row {
            place.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            place.push(format!("column {column:?}"));
        }
        if let Some(agent) = &self.agent {
            place.push(format!("agent {agent:?}"));
        }
        if let Some(period) = &self.period {
            place.push(format!("period {period:?}"));
        }
        if let Some(indicator) = &self.indicator {
            place.push(format!("indicator {indicator:?}"));
        }
        if place.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", place.join(", "), self.kind)
        }
    }
}

impl Issue {
    /// An issue with no location yet.
    pub fn new(severity: Severity, kind: IssueKind) -> Issue {
        Issue {
            severity,
            row: None,
            column: None,
            agent: None,
            period: None,
            indicator: None,
            kind,
        }
    }

    /// Places the issue at a 1-based figures row.
    pub fn row(mut self, row: usize) -> Issue {
        self.row = Some(row);
        self
    }

    /// Names the column.
    pub fn column(mut self, column: &str) -> Issue {
        self.column = Some(column.to_owned());
        self
    }

    /// Names the agent.
    pub fn agent(mut self, agent: &str) -> Issue {
        self.agent = Some(agent.to_owned());
        self
    }

    /// Names the period, if there is one.
    pub fn period(mut self, period: Option<&str>) -> Issue {
        self.period = period.map(str::to_owned);
        self
    }

    /// Names the indicator.
    pub fn indicator(mut self, indicator: &str) -> Issue {
        self.indicator = Some(indicator.to_owned());
        self
    }
}
