//! What is wrong with a project or scheme file that was opened.

use super::I18n;
use crate::i18n::*;
use kpi_store::file::{FileError, ValueProblem};

/// A file problem in the user's language.
pub fn file_error_text(i18n: I18n, error: &FileError) -> String {
    use kpi_store::file::{MAX_DEPTH, MAX_FILE_BYTES};
    match error {
        FileError::TooLarge { bytes } => {
            let size = format!("{:.1}", *bytes as f64 / 1_000_000.0);
            let max = format!("{:.0}", MAX_FILE_BYTES as f64 / 1_000_000.0);
            t_string!(i18n, files.too_large, size, max).to_string()
        }
        FileError::NotText => t_string!(i18n, files.not_text).to_string(),
        FileError::TooDeep { line } => {
            t_string!(i18n, files.too_deep, line = *line, max = MAX_DEPTH).to_string()
        }
        FileError::Syntax { line, column } => {
            t_string!(i18n, files.syntax, line = *line, column = *column).to_string()
        }
        FileError::Format { .. } => t_string!(i18n, files.not_ours).to_string(),
        FileError::Newer { version, .. } => {
            t_string!(i18n, files.newer, version = *version).to_string()
        }
        FileError::Value { path, problem } => {
            let path = if path.is_empty() {
                "/".to_owned()
            } else {
                path.clone()
            };
            match problem {
                ValueProblem::Missing { field } => {
                    t_string!(i18n, files.missing, path, field = field.clone()).to_string()
                }
                ValueProblem::Unknown { value } => {
                    t_string!(i18n, files.unknown, path, value = value.clone()).to_string()
                }
                ValueProblem::WrongType => t_string!(i18n, files.wrong_type, path).to_string(),
                ValueProblem::Format { expected } => {
                    t_string!(i18n, files.wrong_format, path, expected = expected.clone())
                        .to_string()
                }
                ValueProblem::NoSuchColumn { column } => {
                    t_string!(i18n, files.no_column, path, column = column.clone()).to_string()
                }
            }
        }
    }
}
