//! Per-agent figures: one row per agent (per period), one value per input.
//!
//! Raw, then resolved: a [`Table`] holds the cells as text exactly as read;
//! [`Figures::from_table`] turns it into typed values (read by
//! [`parse_number_per`]) plus the issues found,
//! and never drops a row because one cell is bad.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::issue::{Issue, IssueKind, Severity};
use super::mapping::{ColumnMapping, auto_map};
use super::scheme::Scheme;
use super::table::Table;
use super::value::{parse_number_per, unit_seconds};

/// Typed figures, with columns named by the scheme's input ids.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Input ids, in the order of each row's values.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// One agent in one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub agent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// One per column; `None` is missing.
    pub values: Vec<Option<f64>>,
    /// 1-based row in the source (the header is row 1), for messages.
    pub line: usize,
}

impl Figures {
    /// The index of the column for this input id.
    pub fn column(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|column| column == id)
    }

    /// Types a table for a scheme, matching its headers automatically (see
    /// [`auto_map`]).
    pub fn from_table(scheme: &Scheme, table: &Table) -> (Figures, Vec<Issue>) {
        Figures::from_mapped(scheme, table, &auto_map(scheme, table.headers(), None))
    }

    /// Types a table with a given column mapping. Cells that are not values
    /// become missing with an issue naming row, column and text; an unmapped
    /// agent column is one issue (and no row is read), each unmapped input is
    /// one issue, and its values are missing. Headers that
    /// feed no role are kept as extra columns under their own name.
    pub fn from_mapped(
        scheme: &Scheme,
        table: &Table,
        mapping: &ColumnMapping,
    ) -> (Figures, Vec<Issue>) {
        let mut typing = Typing::new(scheme, table, mapping);
        typing.type_rows(usize::MAX);
        typing.finish()
    }

    /// Rows for the same agent and period after the first, each reported
    /// with the row of the first; both rows are kept (scoring reports them
    /// too). Shown on import so the user can fix the file before scoring.
    pub fn duplicates(&self) -> Vec<Issue> {
        let mut first: HashMap<(&str, Option<&str>), usize> = HashMap::new();
        let mut issues = Vec::new();
        for row in &self.rows {
            let key = (row.agent.as_str(), row.period.as_deref());
            match first.get(&key) {
                Some(&first_row) => issues.push(
                    Issue::new(Severity::Error, IssueKind::DuplicateRow { first_row })
                        .row(row.line)
                        .agent(&row.agent)
                        .period(row.period.as_deref()),
                ),
                None => {
                    first.insert(key, row.line);
                }
            }
        }
        issues
    }
}

/// Typing a table a slice of rows at a time (see [`Figures::from_mapped`]),
/// so a page can show progress on a large import.
pub struct Typing<'a> {
    table: &'a Table,
    agent_col: Option<usize>,
    group_col: Option<usize>,
    period_col: Option<usize>,
    columns: Vec<String>,
    /// The table column feeding each figures column.
    sources: Vec<usize>,
    /// The length in seconds of each figures column's unit (durations
    /// convert to it), looked up once rather than per cell.
    units: Vec<f64>,
    /// The one indicator that reads each scheme input column, if only one
    /// does, to name on a bad cell (see [`Scheme::sole_reader`]).
    readers: Vec<Option<&'a str>>,
    /// The columns before this one feed the scheme's inputs; the rest are
    /// extra columns, whose cells that are not numbers (names, notes) are
    /// missing without an issue: the scheme does not read them.
    extras_from: usize,
    next: usize,
    rows: Vec<Row>,
    issues: Vec<Issue>,
}

impl<'a> Typing<'a> {
    /// Resolves the mapping against the table's headers.
    pub fn new(scheme: &'a Scheme, table: &'a Table, mapping: &ColumnMapping) -> Typing<'a> {
        let mut issues = Vec::new();
        let find = |header: &Option<String>| {
            header
                .as_ref()
                .and_then(|header| table.headers().iter().position(|h| h == header))
        };
        // The header row (row 1) lacks them.
        if mapping.agent.is_none() {
            let column = scheme.columns.agent.clone();
            issues
                .push(Issue::new(Severity::Error, IssueKind::MissingAgentColumn { column }).row(1));
        }
        for missing in mapping.unmapped_inputs(scheme) {
            issues.push(
                Issue::new(Severity::Error, IssueKind::MissingColumn { input: missing }).row(1),
            );
        }
        let mut columns = Vec::new();
        let mut sources = Vec::new();
        let mut units = Vec::new();
        let mut readers = Vec::new();
        for input in &scheme.inputs {
            if let Some(index) = mapping.inputs.get(&input.id).and_then(find) {
                columns.push(input.id.clone());
                sources.push(index);
                units.push(unit_seconds(&input.unit));
                readers.push(
                    scheme
                        .sole_reader(&input.id)
                        .map(|indicator| indicator.id.as_str()),
                );
            }
        }
        let extras_from = columns.len();
        for header in mapping.extras(table.headers()) {
            if let Some(index) = table.headers().iter().position(|h| h == header) {
                columns.push(header.trim().to_owned());
                sources.push(index);
                units.push(1.0);
            }
        }
        Typing {
            table,
            agent_col: find(&mapping.agent),
            group_col: find(&mapping.group),
            period_col: find(&mapping.period),
            columns,
            sources,
            units,
            readers,
            extras_from,
            next: 0,
            rows: Vec::with_capacity(table.len()),
            issues,
        }
    }

    /// How far through the rows typing is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.table.is_empty() {
            1.0
        } else {
            self.next as f64 / self.table.len() as f64
        }
    }

    /// Types up to `max_rows` more rows; true once every row is typed.
    pub fn type_rows(&mut self, max_rows: usize) -> bool {
        let end = self.next.saturating_add(max_rows).min(self.table.len());
        for index in self.next..end {
            self.type_row(index);
        }
        self.next = end;
        self.next == self.table.len()
    }

    fn type_row(&mut self, row: usize) {
        let table = self.table;
        let line = table.line(row);
        let cell = |column: Option<usize>| {
            column
                .map(|column| table.cell(row, column).trim())
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        let Some(agent) = cell(self.agent_col) else {
            if self.agent_col.is_some() && table.row(row).any(|text| !text.trim().is_empty()) {
                self.issues
                    .push(Issue::new(Severity::Error, IssueKind::NoAgent).row(line));
            }
            return;
        };
        let mut values = Vec::with_capacity(self.columns.len());
        let columns = self.sources.iter().zip(&self.columns).zip(&self.units);
        for (index, ((&source, column), unit)) in columns.enumerate() {
            let text = table.cell(row, source);
            values.push(match parse_number_per(text, *unit) {
                Ok(value) => value,
                Err(_) if index >= self.extras_from => None,
                Err(_) => {
                    let mut issue = Issue::new(
                        Severity::Error,
                        IssueKind::NotANumber {
                            input: column.clone(),
                            text: text.to_owned(),
                        },
                    )
                    .row(line)
                    .column(&table.headers()[source])
                    .agent(&agent);
                    if let Some(indicator) = self.readers[index] {
                        issue = issue.indicator(indicator);
                    }
                    self.issues.push(issue);
                    None
                }
            });
        }
        self.rows.push(Row {
            agent,
            group: cell(self.group_col),
            period: cell(self.period_col),
            values,
            line,
        });
    }

    /// The figures and the problems found.
    pub fn finish(self) -> (Figures, Vec<Issue>) {
        let figures = Figures {
            columns: self.columns,
            rows: self.rows,
        };
        (figures, self.issues)
    }
}

/// How new figures join the ones already loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Merge {
    /// The new figures replace everything.
    Replace,
    /// The new figures replace the periods they contain and keep the others
    /// (load October next to September).
    ByPeriod,
}

impl Figures {
    /// Joins `incoming` to these figures. Columns are the union (a column
    /// one side lacks is missing there). Returns the periods that were
    /// replaced, so the user can be told.
    pub fn merge(&self, incoming: &Figures, how: Merge) -> (Figures, Vec<Option<String>>) {
        if how == Merge::Replace {
            return (incoming.clone(), Vec::new());
        }
        let mut incoming_periods: Vec<Option<String>> = Vec::new();
        for row in &incoming.rows {
            if !incoming_periods.contains(&row.period) {
                incoming_periods.push(row.period.clone());
            }
        }
        let mut columns = self.columns.clone();
        for column in &incoming.columns {
            if !columns.contains(column) {
                columns.push(column.clone());
            }
        }
        let realign = |figures: &Figures, row: &Row| {
            let values = columns
                .iter()
                .map(|column| {
                    figures
                        .column(column)
                        .and_then(|i| row.values.get(i).copied().flatten())
                })
                .collect();
            Row {
                values,
                ..row.clone()
            }
        };
        let mut replaced = Vec::new();
        let mut rows = Vec::new();
        for row in &self.rows {
            if incoming_periods.contains(&row.period) {
                if !replaced.contains(&row.period) {
                    replaced.push(row.period.clone());
                }
            } else {
                rows.push(realign(self, row));
            }
        }
        rows.extend(incoming.rows.iter().map(|row| realign(incoming, row)));
        (Figures { columns, rows }, replaced)
    }
}

/// Orders period labels naturally: digit runs compare as numbers, so
/// `2026-9` comes before `2026-10` and `9月` before `10月`.
pub fn compare_periods(a: &str, b: &str) -> Ordering {
    let mut a = chunks(a);
    let mut b = chunks(b);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u128>(), y.parse::<u128>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// Splits a label into runs of digits and runs of other characters.
fn chunks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digit = first.is_ascii_digit();
        let end = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() != digit)
            .map_or(rest.len(), |(index, _)| index);
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(chunk)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_columns_keep_numbers_and_skip_text_quietly() {
        let scheme =
            Scheme::from_json(include_str!("../../../docs/examples/call-centre.json")).unwrap();
        let table = Table::from_test_csv("agent,calls,note,bonus\nAnn,12,on leave,3\nBo,x,,4\n");
        let (figures, issues) = Figures::from_table(&scheme, &table);
        let note = figures.column("note").unwrap();
        let bonus = figures.column("bonus").unwrap();
        assert_eq!(figures.rows[0].values[note], None);
        assert_eq!(figures.rows[1].values[bonus], Some(4.0));
        // The bad scheme input is reported; the text in the extra column is not.
        let bad: Vec<_> = issues
            .iter()
            .filter(|issue| matches!(issue.kind, IssueKind::NotANumber { .. }))
            .collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].column.as_deref(), Some("calls"));
    }

    #[test]
    fn periods_sort_naturally() {
        let mut periods = vec!["2026-10", "2026-9", "2025-12", "10月", "9月"];
        periods.sort_by(|a, b| compare_periods(a, b));
        assert_eq!(periods, ["9月", "10月", "2025-12", "2026-9", "2026-10"]);
        assert_eq!(compare_periods("Q1", "Q1"), Ordering::Equal);
    }

    fn figures(columns: &[&str], rows: &[(&str, &str, &[Option<f64>])]) -> Figures {
        Figures {
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (agent, period, values))| Row {
                    agent: (*agent).to_owned(),
                    group: None,
                    period: Some((*period).to_owned()),
                    values: values.to_vec(),
                    line: i + 2,
                })
                .collect(),
        }
    }

    #[test]
    fn merging_by_period_replaces_only_the_periods_loaded() {
        let old = figures(
            &["a", "b"],
            &[
                ("Ann", "2026-9", &[Some(1.0), Some(2.0)]),
                ("Ann", "2026-10", &[Some(3.0), Some(4.0)]),
            ],
        );
        let new = figures(
            &["b", "c"],
            &[("Ann", "2026-10", &[Some(40.0), Some(50.0)])],
        );
        let (merged, replaced) = old.merge(&new, Merge::ByPeriod);
        assert_eq!(replaced, [Some("2026-10".to_owned())]);
        assert_eq!(merged.columns, ["a", "b", "c"]);
        assert_eq!(merged.rows.len(), 2);
        assert_eq!(merged.rows[0].values, [Some(1.0), Some(2.0), None]);
        assert_eq!(merged.rows[1].values, [None, Some(40.0), Some(50.0)]);
        let (replaced_all, _) = old.merge(&new, Merge::Replace);
        assert_eq!(replaced_all, new);
    }
}
