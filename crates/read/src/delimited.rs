//! Delimited text — a paste from Excel, Google Sheets or WPS (tabs), or a
//! CSV with commas or semicolons — into a raw [`Table`], detecting the
//! delimiter. Ragged rows are kept and reported; an unclosed quote is an
//! error that names the row where it opens.

use kpi_engine::issue::{Issue, IssueKind, Severity};
use kpi_engine::reading::{Delimiter, MAX_COLUMNS, TableError};
use kpi_engine::table::{Table, TableBuilder};

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

/// Rows read before the columns make room for the rest of the text.
const SAMPLE_ROWS: usize = 64;

/// Reads delimited text into a table: first row headers. Rows shorter than
/// the header are padded with blanks, longer ones keep their extra cells
/// under generated headers; both are reported. Blank lines are skipped.
pub fn parse_delimited(
    text: &str,
    delimiter: Option<Delimiter>,
) -> Result<(Table, Delimiter, Vec<Issue>), TableError> {
    let mut reader = TableReader::new(text, delimiter)?;
    reader.read(usize::MAX)?;
    reader.finish()
}

/// Reads comma-separated text with a header row into a table, for trusted
/// text such as tests, examples and benchmarks; imports use
/// [`parse_delimited`], which also detects the delimiter and reports ragged
/// rows.
pub fn csv_table(text: &str) -> Result<Table, TableError> {
    parse_delimited(text, Some(Delimiter::Comma)).map(|(table, _, _)| table)
}

/// Reads delimited text a slice of rows at a time, so a page can show
/// progress and stay responsive on a large file; [`parse_delimited`] reads
/// it all at once.
pub struct TableReader<'a> {
    reader: csv::Reader<&'a [u8]>,
    record: csv::ByteRecord,
    text: &'a [u8],
    /// Lines are counted up to this byte offset, which starts line `line`
    /// (the reader's own line numbers miss skipped blank lines).
    counted_to: usize,
    line: usize,
    delimiter: Delimiter,
    /// The rows so far, once the header row is read.
    table: Option<TableBuilder>,
    /// Where the header row ends in the text.
    header_end: usize,
    issues: Vec<Issue>,
    done: bool,
}

impl<'a> TableReader<'a> {
    /// Checks the text as a whole (not empty, every quote closed) and
    /// settles the delimiter: the one given, or the one detected.
    pub fn new(text: &'a str, delimiter: Option<Delimiter>) -> Result<Self, TableError> {
        if text.trim().is_empty() {
            return Err(TableError::Empty);
        }
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text));
        if let Some(row) = unclosed_quote(text, delimiter.byte()) {
            return Err(TableError::UnclosedQuote { row });
        }
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter.byte())
            .from_reader(text.as_bytes());
        Ok(TableReader {
            reader,
            record: csv::ByteRecord::new(),
            text: text.as_bytes(),
            counted_to: 0,
            line: 1,
            delimiter,
            table: None,
            header_end: 0,
            issues: Vec::new(),
            done: false,
        })
    }

    /// The delimiter in use.
    pub fn delimiter(&self) -> Delimiter {
        self.delimiter
    }

    /// How far through the text the reader is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.done || self.text.is_empty() {
            1.0
        } else {
            self.reader.position().byte() as f64 / self.text.len() as f64
        }
    }

    /// Reads up to `max_rows` more rows; true once the text is read.
    pub fn read(&mut self, max_rows: usize) -> Result<bool, TableError> {
        let mut read = 0;
        while !self.done && read < max_rows {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {
                    read += 1;
                    self.take_record()?;
                }
                Ok(false) => self.done = true,
                // The check in `new` rules out the only error a flexible
                // reader of a &str can meet (an unclosed quote), so this
                // cannot happen; if it ever does, the row is reported
                // rather than the import dropped.
                Err(err) => {
                    let row = err
                        .position()
                        .map_or(0, |position| position.line() as usize);
                    self.issues
                        .push(Issue::new(Severity::Error, IssueKind::UnreadableRow).row(row));
                }
            }
        }
        Ok(self.done)
    }

    /// The 1-based line of the record the reader started at `offset`: the
    /// first line from there that is not blank.
    fn line_at(&mut self, mut offset: usize) -> usize {
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > self.counted_to {
            // A line ends at `\n`, or at a `\r` not followed by one (old Mac
            // files, Excel for Mac's "CSV (Macintosh)").
            let counted = &self.text[self.counted_to..offset];
            let newlines = counted
                .iter()
                .enumerate()
                .filter(|&(i, &byte)| {
                    byte == b'\n'
                        || (byte == b'\r' && self.text.get(self.counted_to + i + 1) != Some(&b'\n'))
                })
                .count();
            self.line += newlines;
            self.counted_to = offset;
        }
        self.line
    }

    fn take_record(&mut self) -> Result<(), TableError> {
        if self.record.iter().all(blank) {
            return Ok(());
        }
        let row = self.line_at(self.record.position().map_or(0, |p| p.byte() as usize));
        let record = &self.record;
        match &mut self.table {
            None => {
                if record.len() > MAX_COLUMNS {
                    return Err(TableError::TooManyColumns {
                        columns: record.len(),
                    });
                }
                let headers = record.iter().map(|cell| text(cell).trim().to_owned());
                self.table = Some(TableBuilder::new(headers.collect()));
                self.header_end = self.reader.position().byte() as usize;
            }
            Some(table) => {
                if record.len() != table.width() {
                    self.issues.push(
                        Issue::new(
                            Severity::Warning,
                            IssueKind::Ragged {
                                cells: record.len(),
                                columns: table.width(),
                            },
                        )
                        .row(row),
                    );
                }
                table.push_row(record.iter().take(MAX_COLUMNS).map(text), row);
                if table.len() == SAMPLE_ROWS {
                    // The rows so far tell how many the rest of the text holds.
                    let at = self.reader.position().byte() as usize;
                    let per_row = at.saturating_sub(self.header_end).div_ceil(SAMPLE_ROWS);
                    table.reserve(self.text.len().saturating_sub(at) / per_row.max(1));
                }
            }
        }
        Ok(())
    }

    /// The table, the delimiter and the problems found; call after
    /// [`read`](Self::read) returned true.
    pub fn finish(self) -> Result<(Table, Delimiter, Vec<Issue>), TableError> {
        let table = self.table.ok_or(TableError::Empty)?;
        let mut issues = self.issues;
        if table.is_empty() {
            issues.push(Issue::new(Severity::Warning, IssueKind::NoRows).row(1));
        }
        Ok((table.finish(), self.delimiter, issues))
    }
}

/// A cell as text. The reader splits text (UTF-8 already) only at ASCII
/// bytes and takes only ASCII quotes out, so every cell is UTF-8; should
/// one ever not be, its bad bytes read as replacement characters.
fn text(cell: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(cell) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(cell),
    }
}

/// Whether a cell holds nothing but white space (Unicode's, as `str::trim`
/// takes it: a full-width space counts).
fn blank(cell: &[u8]) -> bool {
    if cell.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    !cell.is_ascii() && text(cell).trim().is_empty()
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
        assert_eq!(table.headers(), ["客服", "接待量", "满意度"]);
        assert_eq!(
            table.to_rows(),
            [vec!["王芳", "1,234", "4.8"], vec!["李强", "980", ""]]
        );
        assert!(issues.is_empty());
    }

    #[test]
    fn ragged_rows_are_kept_and_reported() {
        let (table, _, issues) = read("a,b,c\n1,2\n1,2,3,4\n");
        assert_eq!(table.headers(), ["a", "b", "c", "column 4"]);
        assert_eq!(table.to_rows()[0], ["1", "2", "", ""]);
        assert_eq!(table.to_rows()[1], ["1", "2", "3", "4"]);
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
        assert!(table.is_empty());
        assert!(matches!(issues[0].kind, IssueKind::NoRows));
    }

    #[test]
    fn rows_keep_their_source_lines() {
        // A blank line and a cell spanning two lines shift the rows.
        let (table, _, _) = read("a,b\n1,2\n\n3,\"x\ny\"\n5,6\n");
        assert_eq!(table.lines(), [2, 4, 6]);
        assert_eq!(table.line(2), 6);
    }

    #[test]
    fn rows_are_numbered_with_any_line_ending() {
        for text in [
            "a,b\n1,2\n3,4\n",
            "a,b\r\n1,2\r\n3,4\r\n",
            "a,b\r1,2\r3,4\r",
        ] {
            let (table, _, _) = read(text);
            assert_eq!(table.lines(), [2, 3], "{text:?}");
        }
        let (table, _, _) = read("a,b\r\r1,2\r\n\r\n3,4");
        assert_eq!(table.lines(), [3, 5]);
    }

    #[test]
    fn reading_in_slices_gives_the_same_table() {
        let text = "a;b\n1;2\n3;4;5\n6;7\n";
        let mut reader = TableReader::new(text, None).unwrap();
        let mut steps = 0;
        let mut last = 0.0;
        while !reader.read(1).unwrap() {
            steps += 1;
            assert!(reader.progress() >= last);
            last = reader.progress();
        }
        assert!(steps >= 3);
        assert_eq!(reader.progress(), 1.0);
        assert_eq!(reader.finish().unwrap(), read(text));
    }

    #[test]
    fn one_huge_line_is_refused_quickly() {
        let line = "x,".repeat(3_000_000);
        let err = parse_delimited(&line, None).unwrap_err();
        assert!(matches!(err, TableError::TooManyColumns { columns } if columns > MAX_COLUMNS));
    }
}
