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
///
/// The text is read in place, as RFC 4180 and Excel read it: a cell that
/// starts with a quote runs to the quote that closes it (`""` inside is one
/// quote) and may hold delimiters and line ends; anything after the closing
/// quote is kept; a quote anywhere else is text. A line ends at `\n`, `\r`
/// or `\r\n`, and blank lines are skipped. A cell is found by one scan for
/// the delimiter and the line ends (or, quoted, for the closing quote), and
/// is a slice of the text, copied once, into its column; only a cell with
/// a doubled quote or text after its closing quote is put together in a
/// buffer first.
pub struct TableReader<'a> {
    text: &'a str,
    /// How far into `text` the reader is.
    at: usize,
    /// Which bytes end a cell that is not quoted: the delimiter, `\r`, `\n`.
    ends_cell: [bool; 256],
    /// The same three bytes, each repeated across a word.
    ends_word: [u64; 3],
    /// The cells of the record being read; at most [`MAX_COLUMNS`].
    spans: Vec<Span>,
    /// How many cells the record has, those beyond `spans` included.
    count: usize,
    /// The record's cells that had to be put together.
    unquoted: String,
    /// The 1-based source line at `at`: line ends so far are `\n`, and `\r`
    /// not followed by one (old Mac files, Excel for Mac's "CSV
    /// (Macintosh)"); the csv reader's own count would miss blank lines.
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
    /// Checks the text is not empty and settles the delimiter: the one
    /// given, or the one detected.
    pub fn new(text: &'a str, delimiter: Option<Delimiter>) -> Result<Self, TableError> {
        if text.trim().is_empty() {
            return Err(TableError::Empty);
        }
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text));
        let mut ends_cell = [false; 256];
        for byte in [delimiter.byte(), b'\r', b'\n'] {
            ends_cell[usize::from(byte)] = true;
        }
        Ok(TableReader {
            text,
            at: 0,
            ends_cell,
            ends_word: [delimiter.byte(), b'\r', b'\n'].map(|byte| u64::from(byte) * ONES),
            spans: Vec::with_capacity(64),
            count: 0,
            unquoted: String::new(),
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
            self.at as f64 / self.text.len() as f64
        }
    }

    /// Reads up to `max_rows` more rows; true once the text is read.
    pub fn read(&mut self, max_rows: usize) -> Result<bool, TableError> {
        let mut read = 0;
        while !self.done && read < max_rows {
            match self.next_record()? {
                Some(row) => {
                    read += 1;
                    self.take_record(row)?;
                }
                None => self.done = true,
            }
        }
        Ok(self.done)
    }

    /// Reads the next record into `spans` (and `unquoted`); the source line
    /// where it starts, or `None` at the end of the text. The errors: a
    /// quote that never closes, and a header row wider than
    /// [`MAX_COLUMNS`].
    fn next_record(&mut self) -> Result<Option<usize>, TableError> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        // The line end that ended the last record, and blank lines.
        while let Some(&byte @ (b'\r' | b'\n')) = bytes.get(at) {
            at += 1;
            if byte == b'\n' || bytes.get(at) != Some(&b'\n') {
                self.line += 1;
            }
        }
        if at == bytes.len() {
            self.at = at;
            return Ok(None);
        }
        let row = self.line;
        self.spans.clear();
        self.count = 0;
        self.unquoted.clear();
        loop {
            // At the start of a cell.
            if bytes.get(at) == Some(&b'"') {
                at = self.quoted_cell(at)?;
            } else {
                let from = at;
                at = self.cell_end(at);
                self.push_span(from, at);
            }
            // At the delimiter, a line end or the end of the text.
            // The line end is left for the next record to count.
            match bytes.get(at) {
                Some(&byte) if byte == self.delimiter.byte() => at += 1,
                _ => break,
            }
            if self.table.is_none() && self.count > MAX_COLUMNS {
                // A header this wide is refused; its cells are only counted.
                let rest = &bytes[at..];
                let line_end = memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len());
                let more = memchr::memchr_iter(self.delimiter.byte(), &rest[..line_end]).count();
                return Err(TableError::TooManyColumns {
                    columns: self.count + 1 + more,
                });
            }
        }
        self.at = at;
        Ok(Some(row))
    }

    /// Where the cell that is not quoted from `at` ends: at the first
    /// delimiter or line end, or the end of the text. Eight bytes at a time
    /// while eight are left (a cell of a figure is about that long).
    fn cell_end(&self, mut at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let [delimiter, cr, lf] = self.ends_word;
        while let Some(word) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let found = zero_byte(word ^ delimiter) | zero_byte(word ^ cr) | zero_byte(word ^ lf);
            if found != 0 {
                return at + (found.trailing_zeros() / 8) as usize;
            }
            at += 8;
        }
        while at < bytes.len() && !self.ends_cell[usize::from(bytes[at])] {
            at += 1;
        }
        at
    }

    /// Adds a cell that is `text[from..to]`.
    fn push_span(&mut self, from: usize, to: usize) {
        self.count += 1;
        if self.spans.len() < MAX_COLUMNS {
            self.spans.push(Span::Text(from, to));
        }
    }

    /// Reads the quoted cell whose opening quote is at `open`; where the
    /// cell ends.
    fn quoted_cell(&mut self, open: usize) -> Result<usize, TableError> {
        let text = self.text;
        let bytes = text.as_bytes();
        let unclosed = || TableError::UnclosedQuote {
            row: 1 + line_ends(&bytes[..open]),
        };
        let next_quote = |from: usize| memchr::memchr(b'"', &bytes[from..]).map(|at| from + at);
        let close = next_quote(open + 1).ok_or_else(unclosed)?;
        let after = close + 1;
        if bytes
            .get(after)
            .is_none_or(|&byte| self.ends_cell[usize::from(byte)])
        {
            // The common quoted cell, `"12,003"`: the text between the quotes.
            self.line += line_ends(&bytes[open..after]);
            self.push_span(open + 1, close);
            return Ok(after);
        }
        // A doubled quote, or text after the closing quote: put together.
        let start = self.unquoted.len();
        let (mut at, mut close) = (open + 1, close);
        loop {
            self.unquoted.push_str(&text[at..close]);
            if bytes.get(close + 1) == Some(&b'"') {
                self.unquoted.push('"');
                at = close + 2;
                close = next_quote(at).ok_or_else(unclosed)?;
            } else {
                at = close + 1;
                break;
            }
        }
        // Text after the closing quote belongs to the cell, quotes and all.
        let from = at;
        at = self.cell_end(at);
        self.unquoted.push_str(&text[from..at]);
        self.line += line_ends(&bytes[open..at]);
        self.count += 1;
        if self.spans.len() < MAX_COLUMNS {
            self.spans.push(Span::Unquoted(start, self.unquoted.len()));
        }
        Ok(at)
    }

    fn take_record(&mut self, row: usize) -> Result<(), TableError> {
        let TableReader {
            text,
            at,
            spans,
            count,
            unquoted,
            table,
            header_end,
            issues,
            ..
        } = self;
        let cells = spans.iter().map(|span| match *span {
            Span::Text(from, to) => &text[from..to],
            Span::Unquoted(from, to) => &unquoted[from..to],
        });
        if cells.clone().all(blank) {
            return Ok(());
        }
        match table {
            None => {
                if *count > MAX_COLUMNS {
                    return Err(TableError::TooManyColumns { columns: *count });
                }
                *table = Some(TableBuilder::new(
                    cells.map(|header| header.trim().to_owned()).collect(),
                ));
                *header_end = *at;
            }
            Some(table) => {
                if *count != table.width() {
                    issues.push(
                        Issue::new(
                            Severity::Warning,
                            IssueKind::Ragged {
                                cells: *count,
                                columns: table.width(),
                            },
                        )
                        .row(row),
                    );
                }
                table.push_row(cells, row);
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

/// Where a cell of a record lies.
#[derive(Clone, Copy)]
enum Span {
    /// In the text, as it is.
    Text(usize, usize),
    /// In [`TableReader::unquoted`], put together.
    Unquoted(usize, usize),
}

/// A byte of 1 in each of a word's eight.
const ONES: u64 = 0x0101_0101_0101_0101;

/// A word with the top bit set in the lowest byte of `word` that is zero,
/// and maybe in bytes above it, never below (the borrow runs upwards): so
/// its lowest set bit finds the first zero byte.
fn zero_byte(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & (ONES << 7)
}

/// How many lines end in `bytes`: at `\n`, and at `\r` not followed by
/// one. The last byte is never a `\r` whose `\n` lies beyond.
fn line_ends(bytes: &[u8]) -> usize {
    let mut ends = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n')) {
            ends += 1;
        }
    }
    ends
}

/// Whether a cell holds nothing but white space (Unicode's, as `str::trim`
/// takes it: a full-width space counts).
fn blank(cell: &str) -> bool {
    cell.bytes().all(|byte| byte.is_ascii_whitespace())
        || (!cell.is_ascii() && cell.trim().is_empty())
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
