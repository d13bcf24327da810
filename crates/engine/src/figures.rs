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
///
/// Column-major, like the [`Table`] they come from: each column's values
/// are one vector of `f64`, a missing value marked NaN (a value read is
/// always finite, so NaN means nothing else); the agents are one packed
/// text; groups and periods are each their distinct labels and one code
/// per row. Typing writes each column straight through, scoring reads a
/// column as adjacent numbers, and dropping a team of any size is a
/// handful of frees. [`Row`] is the same data one row at a time, owned,
/// for building small figures and for tests.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// Input ids, one per column of values.
    pub columns: Vec<String>,
    /// One per column, one value per row; NaN is missing.
    values: Vec<Vec<f64>>,
    /// Every row's agent, packed, and the offset where each ends.
    agents: String,
    agent_ends: Vec<u32>,
    groups: Labels,
    periods: Labels,
    /// 1-based row in the source of each row.
    lines: Vec<u32>,
}

/// A label per row (a group, a period) as a code into the distinct labels.
#[derive(Clone, Debug, Default)]
struct Labels {
    names: Vec<String>,
    /// One per row: an index in `names`, or [`Labels::NONE`].
    of_row: Vec<u32>,
    /// The code of each name while rows are added; emptied when typing
    /// ends, and built again if more are added.
    index: HashMap<String, usize>,
}

impl Labels {
    const NONE: u32 = u32::MAX;

    fn get(&self, row: usize) -> Option<&str> {
        let code = *self.of_row.get(row)?;
        self.names.get(code as usize).map(String::as_str)
    }

    fn code(&mut self, label: &str) -> u32 {
        if self.index.len() != self.names.len() {
            self.index = (0..)
                .zip(&self.names)
                .map(|(i, n)| (n.clone(), i))
                .collect();
        }
        if let Some(&code) = self.index.get(label) {
            return to_u32(code);
        }
        let code = self.names.len();
        self.names.push(label.to_owned());
        self.index.insert(label.to_owned(), code);
        to_u32(code)
    }

    fn push(&mut self, label: Option<&str>) {
        let code = label.map_or(Labels::NONE, |label| self.code(label));
        self.of_row.push(code);
    }
}

/// One agent in one period, owned: how small figures are built (see
/// [`Figures::from_rows`]) and read back whole ([`Figures::row`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub agent: String,
    pub group: Option<String>,
    pub period: Option<String>,
    /// One per column; `None` is missing.
    pub values: Vec<Option<f64>>,
    /// 1-based row in the source (the header is row 1), for messages.
    pub line: usize,
}

/// Offsets, rows and codes are `u32`: figures come from a table, which
/// holds fewer than 4 GiB of text.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("figures from under 4 GiB of text")
}

impl Figures {
    /// Empty figures with these columns.
    pub fn with_columns(columns: Vec<String>) -> Figures {
        Figures {
            values: vec![Vec::new(); columns.len()],
            columns,
            ..Figures::default()
        }
    }

    /// Figures of these columns and rows; a row's values past the columns
    /// are dropped, missing ones padded, and a NaN is missing.
    pub fn from_rows(columns: Vec<String>, rows: impl IntoIterator<Item = Row>) -> Figures {
        let mut figures = Figures::with_columns(columns);
        for row in rows {
            figures.push_row(&row);
        }
        figures.built();
        figures
    }

    /// Drops the lookups only adding rows needs.
    fn built(&mut self) {
        self.groups.index = HashMap::new();
        self.periods.index = HashMap::new();
    }

    /// Appends one row.
    pub fn push_row(&mut self, row: &Row) {
        self.push_key(
            &row.agent,
            row.group.as_deref(),
            row.period.as_deref(),
            row.line,
        );
        for (column, values) in self.values.iter_mut().enumerate() {
            values.push(
                row.values
                    .get(column)
                    .copied()
                    .flatten()
                    .unwrap_or(f64::NAN),
            );
        }
    }

    /// Appends a row's agent, group, period and source row; its values
    /// are pushed column by column after.
    fn push_key(&mut self, agent: &str, group: Option<&str>, period: Option<&str>, line: usize) {
        self.agents.push_str(agent);
        self.agent_ends.push(to_u32(self.agents.len()));
        self.groups.push(group);
        self.periods.push(period);
        self.lines.push(to_u32(line));
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The agent of row `row`.
    #[inline]
    pub fn agent(&self, row: usize) -> &str {
        let start = row
            .checked_sub(1)
            .map_or(0, |before| self.agent_ends[before] as usize);
        &self.agents[start..self.agent_ends[row] as usize]
    }

    pub fn group(&self, row: usize) -> Option<&str> {
        self.groups.get(row)
    }

    pub fn period(&self, row: usize) -> Option<&str> {
        self.periods.get(row)
    }

    /// Every row's agent, in order.
    pub fn agents(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|row| self.agent(row))
    }

    /// Every row's period, in order.
    pub fn periods(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|row| self.period(row))
    }

    /// The distinct periods, and for each row its index among them (`None`
    /// without a period): how periods are grouped without comparing text
    /// row by row.
    pub(crate) fn period_codes(&self) -> (&[String], impl Iterator<Item = Option<usize>> + '_) {
        let codes = self
            .periods
            .of_row
            .iter()
            .map(|&code| (code != Labels::NONE).then_some(code as usize));
        (&self.periods.names, codes)
    }

    /// The 1-based source row of row `row`.
    #[inline]
    pub fn line(&self, row: usize) -> usize {
        self.lines[row] as usize
    }

    /// The value of `row` in `column`; `None` when missing or when the
    /// column is not one of these figures'.
    #[inline]
    pub fn value(&self, row: usize, column: usize) -> Option<f64> {
        let value = *self.values.get(column)?.get(row)?;
        (!value.is_nan()).then_some(value)
    }

    /// Row `row`'s values in `columns`, written into `into` at the same
    /// indices (the others are left as they were; an index past `into` is
    /// skipped): the few cells a formula or the raters read, as the row
    /// they evaluate on.
    pub fn gather(&self, row: usize, columns: &[usize], into: &mut [Option<f64>]) {
        for &column in columns {
            if let Some(slot) = into.get_mut(column) {
                *slot = self.value(row, column);
            }
        }
    }

    /// Sets one value (`None` is missing).
    pub fn set_value(&mut self, row: usize, column: usize, value: Option<f64>) {
        self.values[column][row] = value.unwrap_or(f64::NAN);
    }

    /// Row `row`, owned.
    pub fn row(&self, row: usize) -> Row {
        Row {
            agent: self.agent(row).to_owned(),
            group: self.group(row).map(str::to_owned),
            period: self.period(row).map(str::to_owned),
            values: (0..self.columns.len())
                .map(|column| self.value(row, column))
                .collect(),
            line: self.line(row),
        }
    }

    /// Every row, owned, for tests and small figures.
    pub fn to_rows(&self) -> Vec<Row> {
        (0..self.len()).map(|row| self.row(row)).collect()
    }

    /// Gives every row without a period this one.
    pub fn default_period(&mut self, period: &str) {
        if !self.periods.of_row.contains(&Labels::NONE) {
            return;
        }
        let code = self.periods.code(period);
        for row in &mut self.periods.of_row {
            if *row == Labels::NONE {
                *row = code;
            }
        }
    }

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
        for row in 0..self.len() {
            let (agent, period, line) = (self.agent(row), self.period(row), self.line(row));
            match first.get(&(agent, period)) {
                Some(&first_row) => issues.push(
                    Issue::new(Severity::Error, IssueKind::DuplicateRow { first_row })
                        .row(line)
                        .agent(agent)
                        .period(period),
                ),
                None => {
                    first.insert((agent, period), line);
                }
            }
        }
        issues
    }
}

/// The same rows: agents, groups, periods and source rows alike, values
/// alike with missing equal to missing (however the labels are coded).
impl PartialEq for Figures {
    fn eq(&self, other: &Figures) -> bool {
        same_figures(self, other)
    }
}

/// [`Figures`]' equality, once in the page rather than in every memo that
/// compares figures.
#[inline(never)]
fn same_figures(this: &Figures, other: &Figures) -> bool {
    let same_values = this.values.iter().zip(&other.values).all(|(a, b)| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
    });
    this.columns == other.columns
        && this.lines == other.lines
        && this.agents == other.agents
        && this.agent_ends == other.agent_ends
        && (0..this.len())
            .all(|row| this.group(row) == other.group(row) && this.period(row) == other.period(row))
        && same_values
}

/// Typing a table a slice of rows at a time (see [`Figures::from_mapped`]),
/// so a page can show progress on a large import. Within a slice, the
/// agents are read first, then each column top to bottom into its typed
/// column; the slice's issues are put in row order, then column order.
pub struct Typing<'a> {
    table: &'a Table,
    agent_col: Option<usize>,
    group_col: Option<usize>,
    period_col: Option<usize>,
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
    figures: Figures,
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
        let mut figures = Figures::with_columns(columns);
        for values in &mut figures.values {
            values.reserve_exact(table.len());
        }
        figures.lines.reserve_exact(table.len());
        figures.agent_ends.reserve_exact(table.len());
        Typing {
            table,
            agent_col: find(&mapping.agent),
            group_col: find(&mapping.group),
            period_col: find(&mapping.period),
            sources,
            units,
            readers,
            extras_from,
            next: 0,
            figures,
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
        let table = self.table;
        let end = self.next.saturating_add(max_rows).min(table.len());
        let figures = &mut self.figures;
        // The slice's issues with (table row, column): column 0 for a row's
        // own problem, then 1 + the figures column.
        let mut found: Vec<(usize, usize, Issue)> = Vec::new();
        // The table rows kept (those with an agent), in order.
        let first = figures.len();
        let mut kept = Vec::with_capacity(end - self.next);
        for row in self.next..end {
            let cell = |column: Option<usize>| {
                column
                    .map(|column| table.cell(row, column).trim())
                    .filter(|text| !text.is_empty())
            };
            let Some(agent) = cell(self.agent_col) else {
                if self.agent_col.is_some() && table.row(row).any(|text| !text.trim().is_empty()) {
                    let issue =
                        Issue::new(Severity::Error, IssueKind::NoAgent).row(table.line(row));
                    found.push((row, 0, issue));
                }
                continue;
            };
            figures.push_key(
                agent,
                cell(self.group_col),
                cell(self.period_col),
                table.line(row),
            );
            kept.push(row);
        }
        for (index, &source) in self.sources.iter().enumerate() {
            let seconds_per_unit = self.units[index];
            let mut values = std::mem::take(&mut figures.values[index]);
            let (cells, ends) = table.packed_column(source);
            for (at, &row) in kept.iter().enumerate() {
                let start = row.checked_sub(1).map_or(0, |before| ends[before] as usize);
                let text = &cells[start..ends[row] as usize];
                values.push(match parse_number_per(text, seconds_per_unit) {
                    Ok(value) => value.unwrap_or(f64::NAN),
                    Err(_) if index >= self.extras_from => f64::NAN,
                    Err(_) => {
                        let mut issue = Issue::new(
                            Severity::Error,
                            IssueKind::NotANumber {
                                input: figures.columns[index].clone(),
                                text: text.to_owned(),
                            },
                        )
                        .row(table.line(row))
                        .column(&table.headers()[source])
                        .agent(figures.agent(first + at));
                        if let Some(indicator) = self.readers[index] {
                            issue = issue.indicator(indicator);
                        }
                        found.push((row, 1 + index, issue));
                        f64::NAN
                    }
                });
            }
            figures.values[index] = values;
        }
        crate::order::sort_by(&mut found, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        self.issues
            .extend(found.into_iter().map(|(_, _, issue)| issue));
        self.next = end;
        self.next == table.len()
    }

    /// The figures and the problems found.
    pub fn finish(self) -> (Figures, Vec<Issue>) {
        let mut figures = self.figures;
        figures.built();
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
        let mut incoming_periods: Vec<Option<&str>> = Vec::new();
        for row in 0..incoming.len() {
            if !incoming_periods.contains(&incoming.period(row)) {
                incoming_periods.push(incoming.period(row));
            }
        }
        let mut columns = self.columns.clone();
        for column in &incoming.columns {
            if !columns.contains(column) {
                columns.push(column.clone());
            }
        }
        let mut merged = Figures::with_columns(columns);
        let mut replaced: Vec<Option<String>> = Vec::new();
        let append = |merged: &mut Figures, from: &Figures, rows: &[usize]| {
            for &row in rows {
                merged.push_key(
                    from.agent(row),
                    from.group(row),
                    from.period(row),
                    from.line(row),
                );
            }
            for (column, values) in merged.columns.iter().zip(&mut merged.values) {
                match from.column(column) {
                    Some(source) => values.extend(rows.iter().map(|&row| from.values[source][row])),
                    None => values.extend(rows.iter().map(|_| f64::NAN)),
                }
            }
        };
        let mut kept = Vec::new();
        for row in 0..self.len() {
            let period = self.period(row);
            if incoming_periods.contains(&period) {
                if !replaced.iter().any(|p| p.as_deref() == period) {
                    replaced.push(period.map(str::to_owned));
                }
            } else {
                kept.push(row);
            }
        }
        append(&mut merged, self, &kept);
        let all: Vec<usize> = (0..incoming.len()).collect();
        append(&mut merged, incoming, &all);
        merged.built();
        (merged, replaced)
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
        assert_eq!(figures.value(0, note), None);
        assert_eq!(figures.value(1, bonus), Some(4.0));
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
        Figures::from_rows(
            columns.iter().map(|c| (*c).to_owned()).collect(),
            rows.iter()
                .enumerate()
                .map(|(i, (agent, period, values))| Row {
                    agent: (*agent).to_owned(),
                    group: None,
                    period: Some((*period).to_owned()),
                    values: values.to_vec(),
                    line: i + 2,
                }),
        )
    }

    #[test]
    fn rows_read_back_as_they_went_in() {
        let rows = vec![
            Row {
                agent: "王芳".to_owned(),
                group: Some("VIP".to_owned()),
                period: None,
                values: vec![Some(1.5), None],
                line: 2,
            },
            Row {
                agent: "Bo".to_owned(),
                group: None,
                period: Some("2026-10".to_owned()),
                values: vec![None, Some(-0.0)],
                line: 7,
            },
            Row {
                agent: "王芳".to_owned(),
                group: Some("VIP".to_owned()),
                period: Some("2026-10".to_owned()),
                values: vec![Some(3.0), Some(4.0)],
                line: 9,
            },
        ];
        let columns = vec!["a".to_owned(), "b".to_owned()];
        let figures = Figures::from_rows(columns.clone(), rows.clone());
        assert_eq!(figures.len(), 3);
        assert_eq!(figures.to_rows(), rows);
        assert_eq!((figures.agent(1), figures.line(1)), ("Bo", 7));
        assert_eq!(figures.value(1, 5), None, "no such column");
        // Equal however the labels were coded; a changed value is unequal.
        let reversed = Figures::from_rows(columns.clone(), rows.iter().rev().cloned());
        let again = Figures::from_rows(columns, reversed.to_rows().into_iter().rev());
        assert_eq!(again, figures);
        let mut changed = figures.clone();
        changed.set_value(0, 1, Some(2.0));
        assert_ne!(changed, figures);
        changed.set_value(0, 1, None);
        assert_eq!(changed, figures);
        // A source's own period fills only the rows without one.
        let mut dated = figures.clone();
        dated.default_period("2026-9");
        let periods: Vec<_> = (0..3).map(|row| dated.period(row)).collect();
        assert_eq!(periods, [Some("2026-9"), Some("2026-10"), Some("2026-10")]);
    }

    #[test]
    fn issues_come_in_row_then_column_order() {
        let scheme =
            Scheme::from_json(include_str!("../../../docs/examples/call-centre.json")).unwrap();
        let table = Table::from_test_csv(
            "agent,calls,csat,surveys
Ann,x,y,3
,,,4
Bo,1,z,w
Cy,q,,
",
        );
        for slice in [1, 2, usize::MAX] {
            let mut typing =
                Typing::new(&scheme, &table, &auto_map(&scheme, table.headers(), None));
            while !typing.type_rows(slice) {}
            let (figures, issues) = typing.finish();
            let at: Vec<_> = issues
                .iter()
                .filter(|issue| issue.row != Some(1))
                .map(|issue| {
                    (
                        issue.row.unwrap(),
                        issue.column.clone(),
                        issue.agent.clone(),
                    )
                })
                .collect();
            let cell = |row, column: &str, agent: &str| {
                (row, Some(column.to_owned()), Some(agent.to_owned()))
            };
            assert_eq!(
                at,
                [
                    cell(2, "calls", "Ann"),
                    cell(2, "csat", "Ann"),
                    (3, None, None),
                    cell(4, "csat", "Bo"),
                    cell(4, "surveys", "Bo"),
                    cell(5, "calls", "Cy"),
                ],
                "slices of {slice}"
            );
            assert_eq!(figures.len(), 3);
            let surveys = figures.column("surveys").unwrap();
            assert_eq!(figures.value(0, surveys), Some(3.0));
            assert_eq!(figures.value(1, surveys), None);
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
        assert_eq!(merged.len(), 2);
        assert_eq!(merged.row(0).values, [Some(1.0), Some(2.0), None]);
        assert_eq!(merged.row(1).values, [None, Some(40.0), Some(50.0)]);
        let (replaced_all, _) = old.merge(&new, Merge::Replace);
        assert_eq!(replaced_all, new);
    }
}
