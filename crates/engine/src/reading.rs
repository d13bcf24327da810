//! The vocabulary of reading a source, shared by the readers (`kpi-read`),
//! which do the reading, and by the page, which asks for it, keeps how each
//! source was read and words the failures: what the user chose
//! ([`ReadChoice`]), how a source was read ([`ReadAs`]), what came back
//! ([`ReadTable`]) and why nothing could be read ([`ReadError`]). No reading
//! code lives here, so the page names these types without linking a reader.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::issue::Issue;
use crate::table::Table;

/// The most columns a header may have: beyond this the input is almost
/// certainly not a table of figures (a binary file, one huge line).
pub const MAX_COLUMNS: usize = 4096;

/// A field delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    Tab,
    Comma,
    Semicolon,
}

impl Delimiter {
    /// Every delimiter, for a chooser.
    pub const ALL: [Delimiter; 3] = [Delimiter::Tab, Delimiter::Comma, Delimiter::Semicolon];

    /// The byte that separates cells.
    pub fn byte(self) -> u8 {
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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

/// A text encoding the import understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// GB18030, a superset of GBK and GB2312.
    Gb18030,
}

impl TextEncoding {
    /// Every encoding, for a chooser.
    pub const ALL: [TextEncoding; 4] = [
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Gb18030,
    ];

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GBK / GB18030",
        }
    }
}

/// Why bytes are not text at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TextError {
    /// No bytes.
    Empty,
    /// A NUL byte where text has none: a binary file (or UTF-16 without a
    /// byte-order mark).
    Binary { offset: usize },
    /// No zero byte, but `suspect` of the first `sampled` characters are
    /// ones no table of figures holds: replacement characters for bytes
    /// that are not in the encoding detected, and control characters other
    /// than tab, CR, LF and form feed (see `NOT_TEXT_PERCENT` in the text reader).
    NotText { suspect: usize, sampled: usize },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty => write!(
                f,
                "the file is empty: expected a header row and rows of figures"
            ),
            TextError::Binary { offset } => write!(
                f,
                "this is not a text file (a zero byte at offset {offset}): expected CSV, TSV or text; \
                 for an Excel workbook use .xlsx"
            ),
            TextError::NotText { suspect, sampled } => write!(
                f,
                "this is not a text file ({suspect} of the first {sampled} characters are unreadable \
                 or control characters): expected CSV, TSV or text; for an Excel workbook use .xlsx"
            ),
        }
    }
}

impl std::error::Error for TextError {}

/// Why a workbook or sheet cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum XlsxError {
    /// Not a readable .xlsx file (also: password-protected, or .xls).
    NotAWorkbook { detail: String },
    /// No sheet of that name.
    NoSheet { name: String, sheets: Vec<String> },
    /// The sheet has no cells.
    EmptySheet { name: String },
    /// More columns than any table of figures has.
    TooManyColumns { columns: usize },
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XlsxError::NotAWorkbook { detail } => write!(
                f,
                "this file could not be read as an Excel .xlsx workbook ({detail}); expected .xlsx (not .xls, not password-protected), or save it as CSV"
            ),
            XlsxError::NoSheet { name, sheets } => {
                write!(
                    f,
                    "the workbook has no sheet {name:?}; its sheets are {}",
                    sheets.join(", ")
                )
            }
            XlsxError::EmptySheet { name } => write!(
                f,
                "sheet {name:?} is empty: expected a header row and rows of figures"
            ),
            XlsxError::TooManyColumns { columns } => write!(
                f,
                "the sheet has {columns} columns, more than the {MAX_COLUMNS} a table of figures can have"
            ),
        }
    }
}

impl std::error::Error for XlsxError {}

/// What the user gave.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// Text typed or pasted into the page.
    Paste(&'a str),
    /// A file: its name (for the kind) and bytes.
    File { name: &'a str, bytes: &'a [u8] },
}

/// What the user chose about how to read; `None` detects.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadChoice {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<Delimiter>,
    pub sheet: Option<String>,
}

/// How a source was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadAs {
    /// Text pasted into the page.
    Paste { delimiter: Delimiter },
    /// A text file.
    Text {
        encoding: TextEncoding,
        delimiter: Delimiter,
    },
    /// A sheet of a workbook, with the sheet row of its header.
    Sheet { sheet: String, header_row: usize },
}

/// A table read, with how it was read and what was found on the way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadTable {
    pub read: ReadAs,
    pub table: Table,
    /// Ragged rows, a header without rows.
    pub table_issues: Vec<Issue>,
    /// The encoding detection chose, when the user did not choose one.
    pub detected_encoding: Option<TextEncoding>,
    /// Characters that could not be read in the encoding used.
    pub replaced: usize,
    /// A workbook's sheets, in order.
    pub sheets: Vec<String>,
}

/// Why nothing could be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadError {
    Text { error: TextError },
    Table { error: TableError },
    Workbook { error: XlsxError },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Text { error } => error.fmt(f),
            ReadError::Table { error } => error.fmt(f),
            ReadError::Workbook { error } => error.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {}
