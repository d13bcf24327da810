//! Reading a source: why nothing could be read, and how it was read (the
//! separator, the encoding, the sheet).

use super::super::import::ImportError;
use super::{I18n, list_separator};
use crate::i18n::*;
use kpi_engine::reading::{
    self as read, Delimiter, MAX_COLUMNS, ReadAs, TableError, TextEncoding, TextError, XlsxError,
};

/// Why nothing could be read, and what was expected.
pub fn read_error_text(i18n: I18n, error: &ImportError) -> String {
    let input = match error {
        ImportError::Input(input) => input,
        ImportError::File => return t_string!(i18n, read_error.file).to_string(),
        ImportError::Worker(detail) => {
            return t_string!(i18n, read_error.worker, detail = detail.clone()).to_string();
        }
    };
    match input {
        read::ReadError::Text {
            error: TextError::Empty,
        } => t_string!(i18n, read_error.empty_file).to_string(),
        read::ReadError::Text {
            error: TextError::Binary { offset },
        } => t_string!(i18n, read_error.binary, offset = *offset).to_string(),
        read::ReadError::Text {
            error: TextError::NotText { suspect, sampled },
        } => t_string!(
            i18n,
            read_error.not_text,
            suspect = *suspect,
            sampled = *sampled
        )
        .to_string(),
        read::ReadError::Table {
            error: TableError::Empty,
        } => t_string!(i18n, read_error.nothing).to_string(),
        read::ReadError::Table {
            error: TableError::UnclosedQuote { row },
        } => t_string!(i18n, read_error.unclosed_quote, row = *row).to_string(),
        read::ReadError::Table {
            error: TableError::TooManyColumns { columns },
        }
        | read::ReadError::Workbook {
            error: XlsxError::TooManyColumns { columns },
        } => t_string!(
            i18n,
            read_error.too_many_columns,
            columns = *columns,
            max = MAX_COLUMNS
        )
        .to_string(),
        read::ReadError::Workbook {
            error: XlsxError::NotAWorkbook { detail },
        } => t_string!(i18n, read_error.not_a_workbook, detail = detail.clone()).to_string(),
        read::ReadError::Workbook {
            error: XlsxError::NoSheet { name, sheets },
        } => t_string!(
            i18n,
            read_error.no_sheet,
            name = name.clone(),
            sheets = sheets.join(list_separator(i18n))
        )
        .to_string(),
        read::ReadError::Workbook {
            error: XlsxError::EmptySheet { name },
        } => t_string!(i18n, read_error.empty_sheet, name = name.clone()).to_string(),
    }
}

/// How a source was read: the separator, the encoding, or the sheet.
pub fn read_as_text(i18n: I18n, read_as: &ReadAs) -> String {
    match read_as {
        ReadAs::Paste { delimiter } => delimiter_text(i18n, *delimiter),
        ReadAs::Text {
            encoding,
            delimiter,
        } => format!(
            "{} · {}",
            encoding_text(i18n, *encoding),
            delimiter_text(i18n, *delimiter)
        ),
        ReadAs::Sheet { sheet, header_row } => t_string!(
            i18n,
            data.read_sheet,
            sheet = sheet.clone(),
            row = *header_row
        )
        .to_string(),
    }
}

pub fn encoding_text(i18n: I18n, encoding: TextEncoding) -> String {
    match encoding {
        TextEncoding::Gb18030 => t_string!(i18n, data.encoding_gbk).to_string(),
        other => other.label().to_owned(),
    }
}

pub fn delimiter_text(i18n: I18n, delimiter: Delimiter) -> String {
    match delimiter {
        Delimiter::Tab => t_string!(i18n, data.delimiter_tab),
        Delimiter::Comma => t_string!(i18n, data.delimiter_comma),
        Delimiter::Semicolon => t_string!(i18n, data.delimiter_semicolon),
    }
    .to_string()
}
