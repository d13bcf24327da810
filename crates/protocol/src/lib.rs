//! The import worker's messages, typed, and their one encoding, used by both
//! sides: the page encodes a [`Request`] and decodes a [`Reply`], the worker
//! the other way round, with the same functions, so the two cannot drift.
//!
//! A message is a plain object of named fields ([`Fields`]): in the browser
//! a JavaScript object (see [`js`]), in native tests a map. The bulky parts
//! travel as transferable buffers instead of JSON: a file's bytes, and a
//! table as it is held, its cells' text in one buffer and their end offsets
//! in another (see `kpi_engine::table`), so a 100 MB file never crosses as
//! millions of small strings. A reader's error travels as a few plain
//! fields (see [`encode_error`]), so the page needs no JSON reader for the
//! error types (about 30 KB of its wasm, derived); everything else small
//! (the choice, how a source was read) travels as JSON of the engine's own
//! types.

mod fields;
#[cfg(target_arch = "wasm32")]
pub mod js;

use kpi_engine::reading::{
    Input, ReadChoice, ReadError, ReadTable, TableError, TextError, XlsxError,
};
use kpi_engine::table::Table;

pub use fields::{Fields, MapFields, ProtocolError};

/// A job's number, chosen by the page; every reply names the job it answers.
pub type Job = u32;

/// What the page asks: read this input with this choice.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub job: Job,
    pub choice: ReadChoice,
    pub given: Given,
}

/// The input of a request, owned by the worker once it has arrived.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    Paste(String),
    File { name: String, bytes: Vec<u8> },
}

impl Given {
    /// The input as the readers take it.
    pub fn input(&self) -> Input<'_> {
        match self {
            Given::Paste(text) => Input::Paste(text),
            Given::File { name, bytes } => Input::File { name, bytes },
        }
    }
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// Sent once, when the worker can take work.
    Ready,
    /// Now and then while a job runs: the fraction read, 0 to 1.
    Progress { job: Job, fraction: f64 },
    /// The table read.
    Read { job: Job, read: ReadTable },
    /// The input could not be read: not text, an open quote, not a workbook.
    Refused { job: Job, error: ReadError },
    /// The worker could not do the job at all (a message it could not
    /// decode); `job` when it could tell which.
    Failed { job: Option<Job>, message: String },
}

impl Reply {
    /// The job this reply answers, if any.
    pub fn job(&self) -> Option<Job> {
        match self {
            Reply::Ready => None,
            Reply::Progress { job, .. } | Reply::Read { job, .. } | Reply::Refused { job, .. } => {
                Some(*job)
            }
            Reply::Failed { job, .. } => *job,
        }
    }
}

/// Field names, written once.
mod key {
    pub const TYPE: &str = "type";
    pub const JOB: &str = "job";
    pub const CHOICE: &str = "choice";
    pub const TEXT: &str = "text";
    pub const NAME: &str = "name";
    pub const BYTES: &str = "bytes";
    pub const FRACTION: &str = "fraction";
    pub const META: &str = "meta";
    pub const HEADERS: &str = "headers";
    pub const CELLS: &str = "cells";
    pub const ENDS: &str = "ends";
    pub const LINES: &str = "lines";
    pub const ERROR: &str = "error";
    /// A reader's error's numbers, text and list, by its kind (see
    /// `encode_error`).
    pub const ERROR_A: &str = "error_a";
    pub const ERROR_B: &str = "error_b";
    pub const ERROR_TEXT: &str = "error_text";
    pub const ERROR_LIST: &str = "error_list";
    pub const MESSAGE: &str = "message";
}

/// Values of the `type` field.
mod kind {
    pub const READ_REQUEST: &str = "read";
    pub const READY: &str = "ready";
    pub const PROGRESS: &str = "progress";
    pub const TABLE: &str = "table";
    pub const REFUSED: &str = "refused";
    pub const FAILED: &str = "failed";
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

fn from_json<T: serde::de::DeserializeOwned>(
    field: &'static str,
    text: &str,
) -> Result<T, ProtocolError> {
    serde_json::from_str(text).map_err(|err| ProtocolError::Json {
        field,
        detail: err.to_string(),
    })
}

/// Writes a request for `input` into `out`.
pub fn encode_request<F: Fields>(job: Job, choice: &ReadChoice, input: Input<'_>, out: &mut F) {
    encode_request_head(job, choice, out);
    match input {
        Input::Paste(text) => out.set_str(key::TEXT, text),
        Input::File { name, bytes } => {
            out.set_str(key::NAME, name);
            out.set_bytes(key::BYTES, bytes);
        }
    }
}

/// A request's fields but its input.
fn encode_request_head<F: Fields>(job: Job, choice: &ReadChoice, out: &mut F) {
    out.set_str(key::TYPE, kind::READ_REQUEST);
    out.set_number(key::JOB, f64::from(job));
    out.set_str(key::CHOICE, &to_json(choice));
}

/// Reads a request.
pub fn decode_request<F: Fields>(message: &F) -> Result<Request, ProtocolError> {
    let kind = message.str(key::TYPE)?;
    if kind != kind::READ_REQUEST {
        return Err(ProtocolError::UnknownType(kind));
    }
    let job = job_of(message)?;
    let choice = from_json(key::CHOICE, &message.str(key::CHOICE)?)?;
    let given = match message.opt_str(key::TEXT) {
        Some(text) => Given::Paste(text),
        None => Given::File {
            name: message.str(key::NAME)?,
            bytes: message.bytes(key::BYTES)?,
        },
    };
    Ok(Request { job, choice, given })
}

/// Writes a reply into `out`.
pub fn encode_reply<F: Fields>(reply: &Reply, out: &mut F) {
    match reply {
        Reply::Ready => out.set_str(key::TYPE, kind::READY),
        Reply::Progress { job, fraction } => {
            out.set_str(key::TYPE, kind::PROGRESS);
            out.set_number(key::JOB, f64::from(*job));
            out.set_number(key::FRACTION, *fraction);
        }
        Reply::Read { job, read } => {
            out.set_str(key::TYPE, kind::TABLE);
            out.set_number(key::JOB, f64::from(*job));
            // The table apart from the JSON, as it is held, so a header row
            // of 30 MB is never parsed as JSON on the page and the cells
            // cross as two buffers a column.
            let table = &read.table;
            out.set_strings(key::HEADERS, table.headers());
            let columns: Vec<(&str, &[u32])> = (0..table.width())
                .map(|column| table.packed_column(column))
                .collect();
            let texts: Vec<&[u8]> = columns.iter().map(|(text, _)| text.as_bytes()).collect();
            let ends: Vec<&[u32]> = columns.iter().map(|(_, ends)| *ends).collect();
            out.set_byte_list(key::CELLS, &texts);
            out.set_u32_list(key::ENDS, &ends);
            out.set_u32s(key::LINES, table.lines());
            // Everything but the table.
            let meta = ReadTable {
                read: read.read.clone(),
                table: Table::default(),
                table_issues: read.table_issues.clone(),
                detected_encoding: read.detected_encoding,
                replaced: read.replaced,
                sheets: read.sheets.clone(),
            };
            out.set_str(key::META, &to_json(&meta));
        }
        Reply::Refused { job, error } => {
            out.set_str(key::TYPE, kind::REFUSED);
            out.set_number(key::JOB, f64::from(*job));
            encode_error(error, out);
        }
        Reply::Failed { job, message } => {
            out.set_str(key::TYPE, kind::FAILED);
            if let Some(job) = job {
                out.set_number(key::JOB, f64::from(*job));
            }
            out.set_str(key::MESSAGE, message);
        }
    }
}

/// Reads a reply.
pub fn decode_reply<F: Fields>(message: &F) -> Result<Reply, ProtocolError> {
    let kind = message.str(key::TYPE)?;
    Ok(match kind.as_str() {
        kind::READY => Reply::Ready,
        kind::PROGRESS => Reply::Progress {
            job: job_of(message)?,
            fraction: message.number(key::FRACTION)?,
        },
        kind::TABLE => {
            let job = job_of(message)?;
            let mut read: ReadTable = from_json(key::META, &message.str(key::META)?)?;
            let (texts, ends) = (message.byte_list(key::CELLS)?, message.u32_list(key::ENDS)?);
            if texts.len() != ends.len() {
                return Err(ProtocolError::Wrong {
                    field: key::ENDS,
                    expected: "one list of offsets per column",
                });
            }
            let columns = texts
                .into_iter()
                .zip(ends)
                .map(|(text, ends)| match String::from_utf8(text) {
                    Ok(text) => Ok((text, ends)),
                    Err(_) => Err(ProtocolError::Wrong {
                        field: key::CELLS,
                        expected: "UTF-8 text",
                    }),
                })
                .collect::<Result<_, _>>()?;
            read.table = Table::from_packed(
                message.strings(key::HEADERS)?,
                columns,
                message.u32s(key::LINES)?,
            )
            .map_err(ProtocolError::BadTable)?;
            Reply::Read { job, read }
        }
        kind::REFUSED => Reply::Refused {
            job: job_of(message)?,
            error: decode_error(message)?,
        },
        kind::FAILED => Reply::Failed {
            job: job_of(message).ok(),
            message: message.str(key::MESSAGE)?,
        },
        _ => return Err(ProtocolError::UnknownType(kind)),
    })
}

/// The kinds of reader's error, as [`key::ERROR`] names them.
mod error_kind {
    pub const TEXT_EMPTY: &str = "text_empty";
    pub const BINARY: &str = "binary";
    pub const NOT_TEXT: &str = "not_text";
    pub const TABLE_EMPTY: &str = "table_empty";
    pub const UNCLOSED_QUOTE: &str = "unclosed_quote";
    pub const TOO_MANY_COLUMNS: &str = "too_many_columns";
    pub const NOT_A_WORKBOOK: &str = "not_a_workbook";
    pub const NO_SHEET: &str = "no_sheet";
    pub const EMPTY_SHEET: &str = "empty_sheet";
    pub const SHEET_TOO_WIDE: &str = "sheet_too_many_columns";
}

/// Writes a reader's error as fields: its kind in [`key::ERROR`], its
/// numbers in [`key::ERROR_A`] and [`key::ERROR_B`], its text (a detail, a
/// sheet's name) in [`key::ERROR_TEXT`] and a workbook's sheets in
/// [`key::ERROR_LIST`].
pub fn encode_error<F: Fields>(error: &ReadError, out: &mut F) {
    use error_kind as k;
    let mut count = |key, n: usize| out.set_number(key, n as f64);
    let kind = match error {
        ReadError::Text { error } => match error {
            TextError::Empty => k::TEXT_EMPTY,
            TextError::Binary { offset } => {
                count(key::ERROR_A, *offset);
                k::BINARY
            }
            TextError::NotText { suspect, sampled } => {
                count(key::ERROR_A, *suspect);
                count(key::ERROR_B, *sampled);
                k::NOT_TEXT
            }
        },
        ReadError::Table { error } => match error {
            TableError::Empty => k::TABLE_EMPTY,
            TableError::UnclosedQuote { row } => {
                count(key::ERROR_A, *row);
                k::UNCLOSED_QUOTE
            }
            TableError::TooManyColumns { columns } => {
                count(key::ERROR_A, *columns);
                k::TOO_MANY_COLUMNS
            }
        },
        ReadError::Workbook { error } => match error {
            XlsxError::NotAWorkbook { detail } => {
                out.set_str(key::ERROR_TEXT, detail);
                k::NOT_A_WORKBOOK
            }
            XlsxError::NoSheet { name, sheets } => {
                out.set_str(key::ERROR_TEXT, name);
                out.set_strings(key::ERROR_LIST, sheets);
                k::NO_SHEET
            }
            XlsxError::EmptySheet { name } => {
                out.set_str(key::ERROR_TEXT, name);
                k::EMPTY_SHEET
            }
            XlsxError::TooManyColumns { columns } => {
                count(key::ERROR_A, *columns);
                k::SHEET_TOO_WIDE
            }
        },
    };
    out.set_str(key::ERROR, kind);
}

/// Reads a reader's error written by [`encode_error`].
pub fn decode_error<F: Fields>(message: &F) -> Result<ReadError, ProtocolError> {
    use error_kind as k;
    // Up to 2^53, the largest whole number a JavaScript number holds exactly.
    let count = |key| whole(message, key, 9_007_199_254_740_992.0, "a count").map(|n| n as usize);
    let text = || message.str(key::ERROR_TEXT);
    let kind = message.str(key::ERROR)?;
    let text_error = |error| Ok(ReadError::Text { error });
    let table_error = |error| Ok(ReadError::Table { error });
    let workbook_error = |error| Ok(ReadError::Workbook { error });
    match kind.as_str() {
        k::TEXT_EMPTY => text_error(TextError::Empty),
        k::BINARY => text_error(TextError::Binary {
            offset: count(key::ERROR_A)?,
        }),
        k::NOT_TEXT => text_error(TextError::NotText {
            suspect: count(key::ERROR_A)?,
            sampled: count(key::ERROR_B)?,
        }),
        k::TABLE_EMPTY => table_error(TableError::Empty),
        k::UNCLOSED_QUOTE => table_error(TableError::UnclosedQuote {
            row: count(key::ERROR_A)?,
        }),
        k::TOO_MANY_COLUMNS => table_error(TableError::TooManyColumns {
            columns: count(key::ERROR_A)?,
        }),
        k::NOT_A_WORKBOOK => workbook_error(XlsxError::NotAWorkbook { detail: text()? }),
        k::NO_SHEET => workbook_error(XlsxError::NoSheet {
            name: text()?,
            sheets: message.strings(key::ERROR_LIST)?,
        }),
        k::EMPTY_SHEET => workbook_error(XlsxError::EmptySheet { name: text()? }),
        k::SHEET_TOO_WIDE => workbook_error(XlsxError::TooManyColumns {
            columns: count(key::ERROR_A)?,
        }),
        _ => Err(ProtocolError::Wrong {
            field: key::ERROR,
            expected: "a reader's error",
        }),
    }
}

/// The job a message names, if it names one.
pub fn job_of<F: Fields>(message: &F) -> Result<Job, ProtocolError> {
    whole(message, key::JOB, f64::from(Job::MAX), "a job number").map(|job| job as Job)
}

/// The whole number from 0 to `max` in field `key`.
fn whole<F: Fields>(
    message: &F,
    key: &'static str,
    max: f64,
    expected: &'static str,
) -> Result<f64, ProtocolError> {
    let n = message.number(key)?;
    if n.fract() == 0.0 && (0.0..=max).contains(&n) {
        Ok(n)
    } else {
        Err(ProtocolError::Wrong {
            field: key,
            expected,
        })
    }
}

#[cfg(test)]
mod tests;
