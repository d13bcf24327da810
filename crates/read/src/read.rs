//! From what the user gave — pasted text, or a file's bytes — to a raw
//! [`Table`]: a workbook's chosen sheet, or text decoded and split. This is
//! the whole reading stage, in one call that reports its progress, so it can
//! run away from the page (in a worker) as well as in tests and the CLI.

use kpi_engine::issue::{Issue, IssueKind, Severity};
use kpi_engine::reading::{Input, ReadAs, ReadChoice, ReadError, ReadTable};

use super::delimited::TableReader;
use super::text::decode_owned;
use super::xlsx::open_xlsx;

/// Rows read between progress reports.
const ROWS_PER_REPORT: usize = 2048;

/// Whether a file is a workbook: by its name, or by the zip signature of a
/// workbook saved without its extension.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let name = name.to_lowercase();
    name.ends_with(".xlsx")
        || (bytes.starts_with(b"PK\x03\x04")
            && ![".csv", ".tsv", ".txt"]
                .iter()
                .any(|ext| name.ends_with(ext)))
}

/// Reads the input. `progress` hears the fraction read, from 0 to 1, now
/// and then. A file's bytes are copied first; a caller that owns them and
/// is done with them gives them to [`read_file`] instead.
pub fn read_input(
    input: Input<'_>,
    choice: &ReadChoice,
    progress: &mut dyn FnMut(f64),
) -> Result<ReadTable, ReadError> {
    match input {
        Input::File { name, bytes } => read_file(name, bytes.to_vec(), choice, progress),
        Input::Paste(text) => read_text(text, choice, progress),
    }
}

/// Reads a file's bytes, given up to the reader: a workbook's are opened
/// as they are, a text's become its text in place (see [`decode_owned`]),
/// so the file is never held twice.
pub fn read_file(
    name: &str,
    bytes: Vec<u8>,
    choice: &ReadChoice,
    progress: &mut dyn FnMut(f64),
) -> Result<ReadTable, ReadError> {
    if is_workbook(name, &bytes) {
        return read_workbook(bytes, choice);
    }
    let decoded =
        decode_owned(bytes, choice.encoding).map_err(|error| ReadError::Text { error })?;
    let detected = choice.encoding.is_none().then_some(decoded.encoding);
    let mut read = read_text(&decoded.text, choice, progress)?;
    read.read = match read.read {
        ReadAs::Paste { delimiter } => ReadAs::Text {
            encoding: decoded.encoding,
            delimiter,
        },
        other => other,
    };
    read.detected_encoding = detected;
    read.replaced = decoded.replaced;
    Ok(read)
}

fn read_text(
    text: &str,
    choice: &ReadChoice,
    progress: &mut dyn FnMut(f64),
) -> Result<ReadTable, ReadError> {
    let table_error = |error| ReadError::Table { error };
    let mut reader = TableReader::new(text, choice.delimiter).map_err(table_error)?;
    while !reader.read(ROWS_PER_REPORT).map_err(table_error)? {
        progress(reader.progress());
    }
    let (table, delimiter, table_issues) = reader.finish().map_err(table_error)?;
    Ok(ReadTable {
        read: ReadAs::Paste { delimiter },
        table,
        table_issues,
        detected_encoding: None,
        replaced: 0,
        sheets: Vec::new(),
    })
}

fn read_workbook(bytes: Vec<u8>, choice: &ReadChoice) -> Result<ReadTable, ReadError> {
    let workbook_error = |error| ReadError::Workbook { error };
    let mut workbook = open_xlsx(bytes).map_err(workbook_error)?;
    let sheets = workbook.sheet_names().to_vec();
    let sheet = choice
        .sheet
        .clone()
        .filter(|sheet| sheets.contains(sheet))
        .or_else(|| sheets.first().cloned())
        .unwrap_or_default();
    let (table, header_row) = workbook.read_sheet(&sheet).map_err(workbook_error)?;
    let mut table_issues = Vec::new();
    if table.is_empty() {
        table_issues.push(Issue::new(Severity::Warning, IssueKind::NoRows).row(header_row));
    }
    Ok(ReadTable {
        read: ReadAs::Sheet { sheet, header_row },
        table,
        table_issues,
        detected_encoding: None,
        replaced: 0,
        sheets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kpi_engine::reading::{Delimiter, TableError, TextEncoding, TextError};

    #[test]
    fn a_gbk_file_is_read_and_its_encoding_named() {
        // 客服,接待量 / 王芳,12 in GBK.
        let bytes = [
            0xBF, 0xCD, 0xB7, 0xFE, b',', 0xBD, 0xD3, 0xB4, 0xFD, 0xC1, 0xBF, b'\n', 0xCD, 0xF5,
            0xB7, 0xBC, b',', b'1', b'2', b'\n',
        ];
        let read = read_input(
            Input::File {
                name: "十月.csv",
                bytes: &bytes,
            },
            &ReadChoice::default(),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(read.table.headers(), ["客服", "接待量"]);
        assert_eq!(read.table.to_rows(), [["王芳", "12"]]);
        assert_eq!(
            read.read,
            ReadAs::Text {
                encoding: TextEncoding::Gb18030,
                delimiter: Delimiter::Comma
            }
        );
        assert_eq!(read.detected_encoding, Some(TextEncoding::Gb18030));
        // Chosen, not detected: read as UTF-8, the damage is counted.
        let choice = ReadChoice {
            encoding: Some(TextEncoding::Utf8),
            ..ReadChoice::default()
        };
        let read = read_input(
            Input::File {
                name: "x.csv",
                bytes: &bytes,
            },
            &choice,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(read.detected_encoding, None);
        assert!(read.replaced > 0);
    }

    #[test]
    fn errors_say_what_went_wrong() {
        let err = read_input(
            Input::Paste("a,\"b\n1,2\n"),
            &ReadChoice::default(),
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(
            err,
            ReadError::Table {
                error: TableError::UnclosedQuote { row: 1 }
            }
        );
        let err = read_input(
            Input::File {
                name: "book.xlsx",
                bytes: b"not a zip",
            },
            &ReadChoice::default(),
            &mut |_| {},
        )
        .unwrap_err();
        assert!(matches!(err, ReadError::Workbook { .. }));
        // Errors cross threads as JSON.
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(serde_json::from_str::<ReadError>(&json).unwrap(), err);
        // A binary file without a zero byte is not text, for the page's
        // worker as for the CLI; a workbook is told apart before that.
        let binary: Vec<u8> = (1..=255u8).cycle().take(4096).collect();
        let file = |name| Input::File {
            name,
            bytes: &binary,
        };
        let err = read_input(file("data.csv"), &ReadChoice::default(), &mut |_| {}).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::Text {
                    error: TextError::NotText { .. }
                }
            ),
            "{err:?}"
        );
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(serde_json::from_str::<ReadError>(&json).unwrap(), err);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&binary);
        let err = read_input(
            Input::File {
                name: "export",
                bytes: &zip,
            },
            &ReadChoice::default(),
            &mut |_| {},
        )
        .unwrap_err();
        assert!(matches!(err, ReadError::Workbook { .. }), "{err:?}");
    }

    #[test]
    fn workbooks_are_told_by_name_or_signature() {
        assert!(is_workbook("a.XLSX", b""));
        assert!(is_workbook("export", b"PK\x03\x04rest"));
        assert!(!is_workbook("a.csv", b"PK\x03\x04rest"));
        assert!(!is_workbook("a.txt", b"agent\n"));
    }
}
