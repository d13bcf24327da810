//! Delimited text — a paste from Excel, Google Sheets or WPS (tabs), or a
//! CSV with commas or semicolons — into a raw [`Table`], detecting the
//! delimiter. Ragged rows are kept and reported; an unclosed quote is an
//! error that names the row where it opens.

use std::fmt;

use super::super::figures::Table;
use super::super::issue::{Issue, IssueKind, Severity};

/// The most columns a header may have: beyond this the input is almost
/// certainly not a table of figures (a binary file, one huge line).
pub const MAX_COLUMNS: usize = 4096;

/// A field delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Tab,
    Comma,
    Semicolon,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Delimiter::Tab => b'\t',
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        }
    }

    /// A name for the user.
    pub fn label(self) -> &'static str {
        match self {
            Delimiter::Tab => "tab",
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
        }
    }
}

/// Why text cannot be read as a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    /// Nothing but white space.
    Empty,
    /// A quoted cell that never closes.
    UnclosedQuote { row: usize },
    /// More columns than any table of figures has.
    TooManyColumns { columns: usize },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::Empty => write!(
                f,
                "there is nothing to read: expected a header row and rows of figures"
            ),
            TableError::UnclosedQuote { row } => write!(
                f,
                "row {row}: a quoted cell opens here and never closes (expected a closing \")"
            ),
            TableError::TooManyColumns { columns } => write!(
                f,
                "the header has {columns} columns, more than the {MAX_COLUMNS} a table of figures can have: is this the right file?"
            ),
        }
    }
}

impl std::error::Error for TableError {}

/// The delimiter of `text`: the candidate that splits the first lines into
/// the same number (> 1) of cells most often; tab first on a tie, since a
/// paste from a spreadsheet is tab-separated and its cells may hold commas.
pub fn detect_delimiter(text: &str) -> Delimiter {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (Delimiter::Comma, 0usize);
    for candidate in [Delimiter::Tab, Delimiter::Comma, Delimiter::Semicolon] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|line| count_outside_quotes(line, candidate.byte()))
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|count| **count == first).count();
        if agreeing > best.1 {
            best = (candidate, agreeing);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for byte in line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

/// The 1-based row where a quote opens and never closes, if one does.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
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
            } else if byte == b'\n' {
                row += 1;
            }
        } else if byte == b'"' && at_cell_start {
            quoted = true;
            opened_at = row;
        } else if byte == b'\n' {
            row += 1;
        }
        at_cell_start = byte == delimiter || byte == b'\n' || (at_cell_start && byte == b'\r');
        i += 1;
    }
    quoted.then_some(opened_at)
}

/// Reads delimited text into a table: first row headers. Rows shorter than
/// the header are padded with blanks, longer ones keep their extra cells
/// under generated headers; both are reported. Blank lines are skipped.
pub fn parse_delimited(
    text: &str,
    delimiter: Option<Delimiter>,
) -> Result<(Table, Delimiter, Vec<Issue>), TableError> {
    if text.trim().is_empty() {
        return Err(TableError::Empty);
    }
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text));
    if let Some(row) = unclosed_quote(text, delimiter.byte()) {
        return Err(TableError::UnclosedQuote { row });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(text.as_bytes());
    let mut issues = Vec::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        // The pre-scan above rules out the only error a flexible reader of a
        // &str can meet (an unclosed quote), so this cannot fail; if it
        // ever does, the row is reported rather than the import dropped.
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let row = err
                    .position()
                    .map_or(0, |position| position.line() as usize);
                issues.push(
                    Issue::new(
                        Severity::Error,
                        IssueKind::Refused {
                            message: err.to_string(),
                        },
                    )
                    .row(row),
                );
                continue;
            }
        };
        let row = record
            .position()
            .map_or(0, |position| position.line() as usize);
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        match &mut headers {
            None => {
                if cells.len() > MAX_COLUMNS {
                    return Err(TableError::TooManyColumns {
                        columns: cells.len(),
                    });
                }
                headers = Some(cells.iter().map(|cell| cell.trim().to_owned()).collect());
            }
            Some(headers) => {
                let mut cells = cells;
                if cells.len() != headers.len() {
                    issues.push(
                        Issue::new(
                            Severity::Warning,
                            IssueKind::Ragged {
                                cells: cells.len(),
                                columns: headers.len(),
                            },
                        )
                        .row(row),
                    );
                }
                if cells.len() > MAX_COLUMNS {
                    cells.truncate(MAX_COLUMNS);
                }
                while headers.len() < cells.len() {
                    headers.push(format!("column {}", headers.len() + 1));
                }
                rows.push(cells);
            }
        }
    }
    let headers = headers.ok_or(TableError::Empty)?;
    for cells in &mut rows {
        cells.resize(headers.len(), String::new());
    }
    if rows.is_empty() {
        issues.push(Issue::new(Severity::Warning, IssueKind::NoRows).row(1));
    }
    Ok((Table { headers, rows }, delimiter, issues))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Table, Delimiter, Vec<Issue>) {
        parse_delimited(text, None).unwrap()
    }

    #[test]
    fn detects_each_delimiter() {
        assert_eq!(read("agent\tcsat\nAnn\t4,5\n").1, Delimiter::Tab);
        assert_eq!(read("agent,csat\nAnn,4.5\n").1, Delimiter::Comma);
        assert_eq!(read("agent;csat\nAnn;4,5\n").1, Delimiter::Semicolon);
        // A comma inside quotes does not count.
        assert_eq!(read("agent;note\nAnn;\"a, b\"\n").1, Delimiter::Semicolon);
    }

    #[test]
    fn reads_a_spreadsheet_paste() {
        let (table, _, issues) =
            read("客服\t接待量\t满意度\r\n王芳\t1,234\t4.8\r\n李强\t980\t\r\n");
        assert_eq!(table.headers, ["客服", "接待量", "满意度"]);
        assert_eq!(
            table.rows,
            [vec!["王芳", "1,234", "4.8"], vec!["李强", "980", ""]]
        );
        assert!(issues.is_empty());
    }

    #[test]
    fn ragged_rows_are_kept_and_reported() {
        let (table, _, issues) = read("a,b,c\n1,2\n1,2,3,4\n");
        assert_eq!(table.headers, ["a", "b", "c", "column 4"]);
        assert_eq!(table.rows[0], ["1", "2", "", ""]);
        assert_eq!(table.rows[1], ["1", "2", "3", "4"]);
        let rows: Vec<Option<usize>> = issues.iter().map(|issue| issue.row).collect();
        assert_eq!(rows, [Some(2), Some(3)]);
        assert!(issues[0].to_string().contains("2 cells"), "{}", issues[0]);
    }

    #[test]
    fn an_unclosed_quote_names_its_row() {
        let err = parse_delimited("a,b\n1,2\n3,\"open\n4,5\n", None).unwrap_err();
        assert_eq!(err, TableError::UnclosedQuote { row: 3 });
        assert!(err.to_string().starts_with("row 3:"));
        // Quotes inside a cell and escaped quotes are fine.
        assert!(parse_delimited("a,b\n1,\"say \"\"hi\"\"\"\n2,5\"\n", None).is_ok());
    }

    #[test]
    fn empty_and_header_only() {
        assert_eq!(parse_delimited("", None).unwrap_err(), TableError::Empty);
        assert_eq!(
            parse_delimited(" \n\n", None).unwrap_err(),
            TableError::Empty
        );
        let (table, _, issues) = read("agent,csat\n");
        assert!(table.rows.is_empty());
        assert!(matches!(issues[0].kind, IssueKind::NoRows));
    }

    #[test]
    fn one_huge_line_is_refused_quickly() {
        let line = "x,".repeat(3_000_000);
        let err = parse_delimited(&line, None).unwrap_err();
        assert!(matches!(err, TableError::TooManyColumns { columns } if columns > MAX_COLUMNS));
    }
}
