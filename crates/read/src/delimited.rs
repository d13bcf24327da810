//! Delimited text — a paste from Excel, Google Sheets or WPS (tabs), or a
//! CSV with commas or semicolons — into a raw [`Table`], detecting the
//! delimiter. Ragged rows are kept and reported; an unclosed quote is an
//! error that names the row where it opens.

use std::borrow::Cow;

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

/// The 1-based row where a quote opens and never closes, if one does. A
/// quote opens a cell only at its start (after a delimiter or a line end,
/// carriage returns aside); `""` inside a quoted cell is an escaped quote.
/// Jumps from quote to quote, counting line ends only where one opens.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let next_quote = |from: usize| memchr::memchr(b'"', &bytes[from..]).map(|at| from + at);
    let mut from = 0;
    while let Some(open) = next_quote(from) {
        let before = bytes[..open]
            .iter()
            .rposition(|&byte| byte != b'\r')
            .map(|at| bytes[at]);
        if !matches!(before, None | Some(b'\n')) && before != Some(delimiter) {
            // A quote inside a cell is text.
            from = open + 1;
            continue;
        }
        // Find where it closes: the first quote not doubled.
        let mut at = open + 1;
        let close = loop {
            match next_quote(at) {
                Some(quote) if bytes.get(quote + 1) == Some(&b'"') => at = quote + 2,
                found => break found,
            }
        };
        match close {
            Some(close) => from = close + 1,
            None => return Some(1 + memchr::memchr_iter(b'\n', &bytes[..open]).count()),
        }
    }
    None
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
/// it all at once. The CSV state machine (`csv-core`) runs over the text in
/// place and writes each record's cells, unquoted, into one reused buffer.
pub struct TableReader<'a> {
    reader: csv_core::Reader,
    text: &'a [u8],
    /// How far into `text` the reader is.
    at: usize,
    /// The cells of the record being read, end to end, and where each ends.
    cells: Vec<u8>,
    ends: Vec<usize>,
    lines: Lines,
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
        let reader = csv_core::ReaderBuilder::new()
            .delimiter(delimiter.byte())
            .build();
        Ok(TableReader {
            reader,
            text: text.as_bytes(),
            at: 0,
            cells: vec![0; 1024],
            ends: vec![0; 64],
            lines: Lines {
                counted_to: 0,
                line: 1,
            },
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
            self.at as f64 / self.text.len() as f64
        }
    }

    /// Reads up to `max_rows` more rows; true once the text is read.
    pub fn read(&mut self, max_rows: usize) -> Result<bool, TableError> {
        let mut read = 0;
        while !self.done && read < max_rows {
            let start = self.at;
            match self.next_record()? {
                Some(cells) => {
                    read += 1;
                    self.take_record(start, cells)?;
                }
                None => self.done = true,
            }
        }
        Ok(self.done)
    }

    /// Reads the next record into `cells` and `ends`; its number of cells,
    /// or `None` at the end of the text. The state machine takes *a*
    /// reading of any text (and `new` has ruled out unclosed quotes); the
    /// one error is a header row wider than [`MAX_COLUMNS`].
    fn next_record(&mut self) -> Result<Option<usize>, TableError> {
        use csv_core::ReadRecordResult;
        let (mut written, mut cells) = (0, 0);
        loop {
            let (result, read, wrote, ended) = self.reader.read_record(
                &self.text[self.at..],
                &mut self.cells[written..],
                &mut self.ends[cells..],
            );
            self.at += read;
            written += wrote;
            cells += ended;
            match result {
                ReadRecordResult::Record => return Ok(Some(cells)),
                ReadRecordResult::End => return Ok(None),
                // At the end of the text: the next call ends the last record.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let grown = self.cells.len() * 2;
                    self.cells.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    // A header this wide is refused before it is all read.
                    if self.table.is_none() && cells > MAX_COLUMNS {
                        return Err(TableError::TooManyColumns { columns: cells });
                    }
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
            }
        }
    }

    fn take_record(&mut self, start: usize, count: usize) -> Result<(), TableError> {
        let TableReader {
            text,
            at,
            cells,
            ends,
            lines,
            table,
            header_end,
            issues,
            ..
        } = self;
        let ends = &ends[..count];
        let bytes = &cells[..ends.last().copied().unwrap_or(0)];
        let starts = || std::iter::once(0).chain(ends.iter().copied());
        if starts()
            .zip(ends)
            .all(|(from, &end)| blank(&bytes[from..end]))
        {
            return Ok(());
        }
        let row = lines.line_at(text, start);
        // The reader splits text (UTF-8 already) only at ASCII bytes and
        // takes only ASCII quotes out, so a record is UTF-8; should one
        // ever not be, its bad bytes read as replacement characters.
        let record = match std::str::from_utf8(bytes) {
            Ok(record) => Cow::Borrowed(record),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let cell = |(from, &end): (usize, &usize)| match record.get(from..end) {
            Some(cell) if matches!(record, Cow::Borrowed(_)) => Cow::Borrowed(cell),
            _ => String::from_utf8_lossy(&bytes[from..end]),
        };
        match table {
            None => {
                if count > MAX_COLUMNS {
                    return Err(TableError::TooManyColumns { columns: count });
                }
                let headers = starts().zip(ends).map(cell);
                *table = Some(TableBuilder::new(
                    headers.map(|header| header.trim().to_owned()).collect(),
                ));
                *header_end = *at;
            }
            Some(table) => {
                if count != table.width() {
                    issues.push(
                        Issue::new(
                            Severity::Warning,
                            IssueKind::Ragged {
                                cells: count,
                                columns: table.width(),
                            },
                        )
                        .row(row),
                    );
                }
                table.push_row(starts().zip(ends).take(MAX_COLUMNS).map(cell), row);
                if table.len() == SAMPLE_ROWS {
                    // The rows so far tell how many the rest of the text holds.
                    let per_row = at.saturating_sub(*header_end).div_ceil(SAMPLE_ROWS);
                    table.reserve(text.len().saturating_sub(*at) / per_row.max(1));
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

/// Source lines, counted as the reader goes (its own line numbers would
/// miss skipped blank lines): up to byte `counted_to`, which starts line
/// `line`.
struct Lines {
    counted_to: usize,
    line: usize,
}

impl Lines {
    /// The 1-based line of the record the reader started at `offset`: the
    /// first line from there that is not blank.
    fn line_at(&mut self, text: &[u8], mut offset: usize) -> usize {
        while matches!(text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > self.counted_to {
            // A line ends at `\n`, or at a `\r` not followed by one (old Mac
            // files, Excel for Mac's "CSV (Macintosh)").
            let counted = &text[self.counted_to..offset];
            let mut newlines = memchr::memchr_iter(b'\n', counted).count();
            for at in memchr::memchr_iter(b'\r', counted) {
                if text.get(self.counted_to + at + 1) != Some(&b'\n') {
                    newlines += 1;
                }
            }
            self.line += newlines;
            self.counted_to = offset;
        }
        self.line
    }
}

/// Whether a cell holds nothing but white space (Unicode's, as `str::trim`
/// takes it: a full-width space counts).
fn blank(cell: &[u8]) -> bool {
    if cell.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    !cell.is_ascii() && String::from_utf8_lossy(cell).trim().is_empty()
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
