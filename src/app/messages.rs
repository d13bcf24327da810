//! The engine's problems in the user's language. The engine names each
//! problem as data (an enum variant with its values); this is the one place
//! that turns those into sentences for the page.

use leptos_i18n::I18nContext;

use super::import::ReadError;
use super::state::StorageProblem;
use crate::engine::import::delimited::{Delimiter, MAX_COLUMNS, TableError};
use crate::engine::import::read::{self, ReadAs};
use crate::engine::import::text::{TextEncoding, TextError};
use crate::engine::import::xlsx::XlsxError;
use crate::engine::issue::{IssueKind, Severity};
use crate::engine::scheme::{Names, Scheme};
use crate::i18n::*;

pub type I18n = I18nContext<Locale>;

/// What goes between the items of a list: a comma in English, 、 in
/// Chinese.
pub fn list_separator(i18n: I18n) -> &'static str {
    match i18n.get_locale() {
        Locale::zh => "、",
        Locale::en => ", ",
    }
}

/// What goes between two sentences: a space in English, nothing in Chinese.
pub fn sentence_gap(i18n: I18n) -> &'static str {
    match i18n.get_locale() {
        Locale::zh => "",
        Locale::en => " ",
    }
}

/// A name in the current language; the English one when there is no
/// Chinese.
pub fn name_in(i18n: I18n, names: &Names) -> String {
    match i18n.get_locale() {
        Locale::zh if !names.zh.trim().is_empty() => names.zh.clone(),
        _ => names.en.clone(),
    }
}

/// What an issue says, without where it is (the page shows row, column and
/// agent beside it). Inputs are named as the scheme names them.
pub fn issue_text(i18n: I18n, scheme: &Scheme, kind: &IssueKind) -> String {
    let input_name = |id: &str| {
        scheme
            .inputs
            .iter()
            .find(|input| input.id == id)
            .map_or_else(|| id.to_owned(), |input| name_in(i18n, &input.name))
    };
    match kind {
        IssueKind::NotANumber { text } => {
            t_string!(i18n, issue.not_a_number, text = text.clone()).to_string()
        }
        IssueKind::NoAgent => t_string!(i18n, issue.no_agent).to_string(),
        IssueKind::Ragged { cells, columns } => {
            t_string!(i18n, issue.ragged, cells = *cells, columns = *columns).to_string()
        }
        IssueKind::NoRows => t_string!(i18n, issue.no_rows).to_string(),
        IssueKind::MissingColumn { input } => {
            t_string!(i18n, issue.missing_column, input = input_name(input)).to_string()
        }
        IssueKind::DuplicateRow { first_row } => {
            t_string!(i18n, issue.duplicate_row, first_row = *first_row).to_string()
        }
        IssueKind::DivisionByZero { position } => {
            t_string!(i18n, issue.division_by_zero, position = *position).to_string()
        }
        IssueKind::NotFinite { position } => {
            t_string!(i18n, issue.not_finite, position = *position).to_string()
        }
        IssueKind::Refused { message } => {
            t_string!(i18n, issue.refused, message = message.clone()).to_string()
        }
        IssueKind::SmallSample { count, min } => {
            t_string!(i18n, issue.small_sample, count = *count, min = *min).to_string()
        }
        IssueKind::NoCount { column } => {
            t_string!(i18n, issue.no_count, column = column.clone()).to_string()
        }
        IssueKind::LinkNotChecked { guard } => {
            t_string!(i18n, issue.link_not_checked, guard = guard.clone()).to_string()
        }
        IssueKind::GateNotChecked => t_string!(i18n, issue.gate_not_checked).to_string(),
        IssueKind::SmallGroup { agents } => {
            t_string!(i18n, issue.small_group, agents = *agents).to_string()
        }
        IssueKind::Bonus { message } => {
            t_string!(i18n, issue.bonus, message = message.clone()).to_string()
        }
    }
}

pub fn severity_text(i18n: I18n, severity: Severity) -> String {
    match severity {
        Severity::Error => t_string!(i18n, issue.severity_error),
        Severity::Warning => t_string!(i18n, issue.severity_warning),
        Severity::Note => t_string!(i18n, issue.severity_note),
    }
    .to_string()
}

/// Why nothing could be read, and what was expected.
pub fn read_error_text(i18n: I18n, error: &ReadError) -> String {
    let input = match error {
        ReadError::Input(input) => input,
        ReadError::File => return t_string!(i18n, read_error.file).to_string(),
        ReadError::Worker(detail) => {
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

pub fn storage_problem_text(i18n: I18n, problem: &StorageProblem) -> String {
    match problem {
        StorageProblem::Unreadable { aside } => {
            t_string!(i18n, storage.unreadable, key = aside.clone()).to_string()
        }
        StorageProblem::UnreadableNotMoved { key } => {
            t_string!(i18n, storage.unreadable_not_moved, key = key.clone()).to_string()
        }
        StorageProblem::TooLarge { chars } => {
            let megabytes = format!("{:.1}", *chars as f64 / 1_000_000.0);
            t_string!(i18n, storage.too_large, size = megabytes).to_string()
        }
        StorageProblem::Refused { key } => {
            t_string!(i18n, storage.refused, key = key.clone()).to_string()
        }
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
