//! The columnar import against the import it replaced: on random tables of
//! every form a cell can take (separators, percentages, durations,
//! full-width digits, missing markers, quotes, ragged and blank rows, any
//! line ending), the packed table and its typing give exactly the cells,
//! source rows, figures and issues that reading into a `String` per cell,
//! row by row, gave.
//!
//! `reference` below is that earlier import, kept as the oracle: the csv
//! crate's `StringRecord`s into rows of owned cells, and typing row by row
//! from them.

use kpi_engine::figures::{Figures, Row};
use kpi_engine::issue::{Issue, IssueKind, Severity};
use kpi_engine::mapping::{ColumnMapping, auto_map};
use kpi_engine::reading::{Delimiter, MAX_COLUMNS};
use kpi_engine::scheme::Scheme;
use kpi_engine::table::Table;
use kpi_engine::value::parse_number_in;
use kpi_read::parse_delimited;
use proptest::prelude::*;

mod reference {
    use super::*;

    /// The table as rows of owned cells, with each row's source line.
    pub struct Rows {
        pub headers: Vec<String>,
        pub rows: Vec<Vec<String>>,
        pub lines: Vec<usize>,
    }

    /// The earlier reader, for text whose quotes all close.
    pub fn read(text: &str, delimiter: Delimiter) -> (Rows, Vec<Issue>) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter.byte())
            .from_reader(text.as_bytes());
        let bytes = text.as_bytes();
        let (mut counted_to, mut line) = (0, 1);
        let mut headers: Option<Vec<String>> = None;
        let (mut rows, mut lines, mut issues) = (Vec::new(), Vec::new(), Vec::new());
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).unwrap() {
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let mut offset = record.position().unwrap().byte() as usize;
            while matches!(bytes.get(offset), Some(b'\r' | b'\n')) {
                offset += 1;
            }
            if offset > counted_to {
                line += bytes[counted_to..offset]
                    .iter()
                    .enumerate()
                    .filter(|&(i, &byte)| {
                        byte == b'\n'
                            || (byte == b'\r' && bytes.get(counted_to + i + 1) != Some(&b'\n'))
                    })
                    .count();
                counted_to = offset;
            }
            match &mut headers {
                None => headers = Some(record.iter().map(|cell| cell.trim().to_owned()).collect()),
                Some(headers) => {
                    if record.len() != headers.len() {
                        issues.push(
                            Issue::new(
                                Severity::Warning,
                                IssueKind::Ragged {
                                    cells: record.len(),
                                    columns: headers.len(),
                                },
                            )
                            .row(line),
                        );
                    }
                    let cells: Vec<String> =
                        record.iter().take(MAX_COLUMNS).map(str::to_owned).collect();
                    while headers.len() < cells.len() {
                        headers.push(format!("column {}", headers.len() + 1));
                    }
                    rows.push(cells);
                    lines.push(line);
                }
            }
        }
        let headers = headers.unwrap();
        for cells in &mut rows {
            cells.resize(headers.len(), String::new());
        }
        if rows.is_empty() {
            issues.push(Issue::new(Severity::Warning, IssueKind::NoRows).row(1));
        }
        (
            Rows {
                headers,
                rows,
                lines,
            },
            issues,
        )
    }

    /// The earlier typing, row by row from owned cells.
    pub fn type_rows(
        scheme: &Scheme,
        table: &Rows,
        mapping: &ColumnMapping,
    ) -> (Figures, Vec<Issue>) {
        let headers = &table.headers;
        let find = |header: &Option<String>| {
            header
                .as_ref()
                .and_then(|header| headers.iter().position(|h| h == header))
        };
        let mut issues = Vec::new();
        if mapping.agent.is_none() {
            let column = scheme.columns.agent.clone();
            issues
                .push(Issue::new(Severity::Error, IssueKind::MissingAgentColumn { column }).row(1));
        }
        for input in mapping.unmapped_inputs(scheme) {
            issues.push(Issue::new(Severity::Error, IssueKind::MissingColumn { input }).row(1));
        }
        let (mut columns, mut sources, mut units, mut readers) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for input in &scheme.inputs {
            if let Some(index) = mapping.inputs.get(&input.id).and_then(find) {
                columns.push(input.id.clone());
                sources.push(index);
                units.push(input.unit.as_str());
                readers.push(scheme.sole_reader(&input.id).map(|i| i.id.as_str()));
            }
        }
        let extras_from = columns.len();
        for header in mapping.extras(headers) {
            if let Some(index) = headers.iter().position(|h| h == header) {
                columns.push(header.trim().to_owned());
                sources.push(index);
                units.push("");
            }
        }
        let (agent_col, group_col, period_col) = (
            find(&mapping.agent),
            find(&mapping.group),
            find(&mapping.period),
        );
        let mut rows = Vec::new();
        for (index, cells) in table.rows.iter().enumerate() {
            let line = table.lines[index];
            let cell = |index: Option<usize>| {
                index
                    .and_then(|index| cells.get(index))
                    .map(|text| text.trim())
                    .filter(|text| !text.is_empty())
                    .map(str::to_owned)
            };
            let Some(agent) = cell(agent_col) else {
                if agent_col.is_some() && cells.iter().any(|text| !text.trim().is_empty()) {
                    issues.push(Issue::new(Severity::Error, IssueKind::NoAgent).row(line));
                }
                continue;
            };
            let mut values = Vec::new();
            for (i, ((&source, column), unit)) in
                sources.iter().zip(&columns).zip(&units).enumerate()
            {
                let text = cells.get(source).map_or("", String::as_str);
                values.push(match parse_number_in(text, unit) {
                    Ok(value) => value,
                    Err(_) if i >= extras_from => None,
                    Err(_) => {
                        let mut issue = Issue::new(
                            Severity::Error,
                            IssueKind::NotANumber {
                                input: column.clone(),
                                text: text.to_owned(),
                            },
                        )
                        .row(line)
                        .column(&headers[source])
                        .agent(&agent);
                        if let Some(indicator) = readers[i] {
                            issue = issue.indicator(indicator);
                        }
                        issues.push(issue);
                        None
                    }
                });
            }
            rows.push(Row {
                agent,
                group: cell(group_col),
                period: cell(period_col),
                values,
                line,
            });
        }
        (Figures::from_rows(columns, rows), issues)
    }
}

/// Cells in every form an export holds, good and bad.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100_000).prop_map(|n| n.to_string()),
        (0u32..10_000_000).prop_map(|n| {
            let text = n.to_string();
            let mut grouped = String::new();
            for (i, digit) in text.chars().enumerate() {
                if i > 0 && (text.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(digit);
            }
            grouped
        }),
        (0u32..1000, 0u32..10).prop_map(|(a, b)| format!("{a}.{b}%")),
        (0u32..24, 0u32..60, 0u32..60).prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}")),
        (0u32..60, 0u32..60).prop_map(|(m, s)| format!("{m}分{s}秒")),
        Just("１２３".to_owned()),
        Just("４５．６％".to_owned()),
        Just("-7.25".to_owned()),
        Just("1e3".to_owned()),
        Just(String::new()),
        Just("  ".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("N/A".to_owned()),
        Just("-".to_owned()),
        Just("无".to_owned()),
        Just("王芳".to_owned()),
        Just("Ann Lee".to_owned()),
        Just("1,23".to_owned()),
        Just("abc".to_owned()),
        Just("\"a, \"\"quoted\"\" b\"".to_owned()),
        Just("\"two\nlines\"".to_owned()),
        Just(" 42 ".to_owned()),
    ]
}

/// A table as text: a header naming some of the example's inputs (and
/// others), rows of varied width, blank lines, any line ending.
fn table_text() -> impl Strategy<Value = String> {
    let header = prop::sample::subsequence(
        vec![
            "agent",
            "desk",
            "calls",
            "fcr_calls",
            "excluded",
            "repeat_pct",
            "csat",
            "surveys",
            "qa",
            "aht_s",
            "answer_pct",
            "load_pct",
            "r_customer",
            "r_supervisor",
            "note",
        ],
        1..15,
    );
    let rows = prop::collection::vec(
        prop_oneof![
            8 => prop::collection::vec(cell(), 0..16),
            1 => Just(Vec::new()),
        ],
        0..25,
    );
    let ending = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    (header, rows, ending).prop_map(|(header, rows, ending)| {
        let mut text = header.join(",");
        for cells in rows {
            text.push_str(ending);
            text.push_str(&cells.join(","));
        }
        text.push_str(ending);
        text
    })
}

/// Where a quote opens and never closes, byte by byte: the oracle for the
/// reader, which jumps from quote to quote. A quote opens a cell at its
/// start (after a delimiter or a line end, `\r` included, as the csv crate
/// reads it); the row counts line ends as the table's rows do (`\n`, and
/// `\r` not followed by one).
fn reference_unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let mut quoted = false;
    let mut opened_at = 0;
    let mut row = 1;
    let mut at_cell_start = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if quoted {
            if byte == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if byte == b'"' && at_cell_start {
            quoted = true;
            opened_at = row;
        }
        if byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            row += 1;
        }
        at_cell_start = byte == delimiter || byte == b'\n' || byte == b'\r';
        i += 1;
    }
    quoted.then_some(opened_at)
}

/// Text of quotes, doubled quotes, delimiters and line ends in any order.
fn quoted_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a", "王", " ", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", "1",
    ]);
    prop::collection::vec(piece, 1..40).prop_map(|pieces| pieces.concat())
}

fn scheme() -> Scheme {
    Scheme::from_json(&kpi_testkit::example_scheme()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_columnar_import_reads_and_types_as_the_row_import_did(text in table_text()) {
        // The mixes whose header is only blank lines are no table at all,
        // for both; the others must agree cell for cell.
        let Ok((table, _, issues)) = parse_delimited(&text, Some(Delimiter::Comma)) else {
            return Ok(());
        };
        let (old, old_issues) = reference::read(&text, Delimiter::Comma);
        prop_assert_eq!(table.headers(), old.headers.as_slice());
        prop_assert_eq!(table.to_rows(), old.rows.clone());
        let lines: Vec<usize> = (0..table.len()).map(|row| table.line(row)).collect();
        prop_assert_eq!(&lines, &old.lines);
        prop_assert_eq!(&issues, &old_issues);

        let scheme = scheme();
        let mapping = auto_map(&scheme, table.headers(), None);
        let (figures, typed) = Figures::from_mapped(&scheme, &table, &mapping);
        let (old_figures, old_typed) = reference::type_rows(&scheme, &old, &mapping);
        prop_assert_eq!(figures, old_figures);
        prop_assert_eq!(typed, old_typed);
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_was(text in quoted_text()) {
        let found = match parse_delimited(&text, Some(Delimiter::Comma)) {
            Err(kpi_engine::reading::TableError::UnclosedQuote { row }) => Some(row),
            _ => None,
        };
        let expected = if text.trim().is_empty() {
            None
        } else {
            reference_unclosed_quote(&text, b',')
        };
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn any_mix_of_quotes_reads_as_the_csv_crate_reads_it(text in quoted_text()) {
        let Ok((table, _, issues)) = parse_delimited(&text, Some(Delimiter::Comma)) else {
            return Ok(());
        };
        let (old, old_issues) = reference::read(&text, Delimiter::Comma);
        prop_assert_eq!(table.headers(), old.headers.as_slice());
        prop_assert_eq!(table.to_rows(), old.rows.clone());
        let lines: Vec<usize> = (0..table.len()).map(|row| table.line(row)).collect();
        prop_assert_eq!(&lines, &old.lines);
        prop_assert_eq!(&issues, &old_issues);
    }

    #[test]
    fn a_stored_table_reads_back_as_it_was(text in table_text()) {
        let Ok((table, _, _)) = parse_delimited(&text, Some(Delimiter::Comma)) else {
            return Ok(());
        };
        let json = serde_json::to_string(&table).unwrap();
        let back: Table = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &table);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}
