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

/// How a source was read. Stored as `{"kind": "paste" | "text" | "sheet",
/// ..its fields}`; read back by hand (`impl Deserialize for ReadAs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

/// What the derived reader of an internally tagged enum reads, without its
/// buffering of every value (about 8 KB of the page's wasm): the fields in
/// any order, `kind` among them; a field no kind has is skipped, a field
/// given twice refused. Unlike the derived reader, a field of another kind
/// is read (and must be well formed) rather than skipped, and a list is not
/// taken for the fields; nothing of ours ever writes either.
impl<'de> Deserialize<'de> for ReadAs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ReadAs, D::Error> {
        deserializer.deserialize_map(ReadAsVisitor)
    }
}

struct ReadAsVisitor;

impl<'de> serde::de::Visitor<'de> for ReadAsVisitor {
    type Value = ReadAs;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("how a source was read: a kind (paste, text, sheet) and its fields")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ReadAs, A::Error> {
        use serde::de::{Error, IgnoredAny};
        fn set<T, E: Error>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), E> {
            match slot.replace(value) {
                None => Ok(()),
                Some(_) => Err(E::duplicate_field(name)),
            }
        }
        fn need<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
            slot.ok_or_else(|| E::missing_field(name))
        }
        let mut kind: Option<String> = None;
        let mut delimiter = None;
        let mut encoding = None;
        let mut sheet = None;
        let mut header_row = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => set(&mut kind, "kind", map.next_value()?)?,
                "delimiter" => set(&mut delimiter, "delimiter", map.next_value()?)?,
                "encoding" => set(&mut encoding, "encoding", map.next_value()?)?,
                "sheet" => set(&mut sheet, "sheet", map.next_value()?)?,
                "header_row" => set(&mut header_row, "header_row", map.next_value()?)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match need(kind, "kind")?.as_str() {
            "paste" => Ok(ReadAs::Paste {
                delimiter: need(delimiter, "delimiter")?,
            }),
            "text" => Ok(ReadAs::Text {
                encoding: need(encoding, "encoding")?,
                delimiter: need(delimiter, "delimiter")?,
            }),
            "sheet" => Ok(ReadAs::Sheet {
                sheet: need(sheet, "sheet")?,
                header_row: need(header_row, "header_row")?,
            }),
            other => Err(A::Error::unknown_variant(
                other,
                &["paste", "text", "sheet"],
            )),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The derived reader `ReadAs` had, as the oracle.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Derived {
        Paste {
            delimiter: Delimiter,
        },
        Text {
            encoding: TextEncoding,
            delimiter: Delimiter,
        },
        Sheet {
            sheet: String,
            header_row: usize,
        },
    }

    impl From<Derived> for ReadAs {
        fn from(derived: Derived) -> ReadAs {
            match derived {
                Derived::Paste { delimiter } => ReadAs::Paste { delimiter },
                Derived::Text {
                    encoding,
                    delimiter,
                } => ReadAs::Text {
                    encoding,
                    delimiter,
                },
                Derived::Sheet { sheet, header_row } => ReadAs::Sheet { sheet, header_row },
            }
        }
    }

    #[test]
    fn how_a_source_was_read_reads_back_as_the_derived_reader_read_it() {
        for read in [
            ReadAs::Paste {
                delimiter: Delimiter::Tab,
            },
            ReadAs::Text {
                encoding: TextEncoding::Gb18030,
                delimiter: Delimiter::Semicolon,
            },
            ReadAs::Sheet {
                sheet: "一月".into(),
                header_row: 3,
            },
        ] {
            let json = serde_json::to_string(&read).unwrap();
            assert_eq!(
                serde_json::from_str::<ReadAs>(&json).unwrap(),
                read,
                "{json}"
            );
        }
        for json in [
            r#"{"delimiter":"comma","kind":"paste"}"#,
            r#"{"kind":"text","delimiter":"tab","encoding":"utf8","note":[1,{"a":2}]}"#,
            r#"{"header_row":1,"sheet":"S","kind":"sheet"}"#,
            r#"{"kind":"sheet","sheet":"S"}"#,
            r#"{"kind":"paste"}"#,
            r#"{"delimiter":"comma"}"#,
            r#"{"kind":"csv","delimiter":"comma"}"#,
            r#"{"kind":"paste","delimiter":"pipe"}"#,
            r#"{"kind":"sheet","sheet":"S","header_row":-1}"#,
            r#"{"kind":"paste","kind":"paste","delimiter":"tab"}"#,
            r#"{"kind":"paste","delimiter":"tab","delimiter":"tab"}"#,
            r#"{"kind":7,"delimiter":"tab"}"#,
            r#""paste""#,
            "null",
        ] {
            let ours = serde_json::from_str::<ReadAs>(json).ok();
            let derived = serde_json::from_str::<Derived>(json).ok().map(ReadAs::from);
            assert_eq!(ours, derived, "{json}");
        }
        // The derived reader also took a list, its tag first; nothing of
        // ours ever wrote one.
        assert!(serde_json::from_str::<ReadAs>(r#"["paste","tab"]"#).is_err());
    }
}
