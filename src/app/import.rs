//! Running an import without freezing the page: the engine reads and types
//! a slice of rows at a time, and between slices the page gets the thread
//! back (to paint the progress bar, to take a click on Cancel).

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::dataset::{ReadAs, Source, Typed};
use crate::engine::figures::Table;
use crate::engine::import::delimited::{Delimiter, TableError, TableReader};
use crate::engine::import::text::{TextEncoding, TextError, decode};
use crate::engine::import::xlsx::{XlsxError, open_xlsx};
use crate::engine::issue::Issue;
use crate::engine::scheme::Scheme;

/// How long one slice may hold the thread, in milliseconds. Well under the
/// 100 ms at which a page feels frozen, with room for the paint after it.
const SLICE_MS: f64 = 30.0;
/// Rows between clock checks.
const ROWS_PER_CHECK: usize = 256;

/// What the user gave: text typed or pasted, or a file's bytes.
#[derive(Clone, Debug)]
pub enum Raw {
    Paste(Arc<str>),
    File { name: String, bytes: Arc<Vec<u8>> },
}

impl Raw {
    /// Whether the file is a workbook, by its name or its zip signature.
    pub fn is_workbook(&self) -> bool {
        match self {
            Raw::Paste(_) => false,
            Raw::File { name, bytes } => {
                let name = name.to_lowercase();
                name.ends_with(".xlsx")
                    || (bytes.starts_with(b"PK\x03\x04") && !name.ends_with(".csv"))
            }
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Raw::Paste(_) => "",
            Raw::File { name, .. } => name,
        }
    }
}

/// What the user chose about how to read it; `None` is "detect".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadChoice {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<Delimiter>,
    pub sheet: Option<String>,
}

/// A table read and waiting for the user to check it.
#[derive(Clone, Debug)]
pub struct Read {
    pub raw: Raw,
    pub read: ReadAs,
    pub table: Arc<Table>,
    pub table_issues: Vec<Issue>,
    /// What detection found, when the user has not chosen.
    pub detected_encoding: Option<TextEncoding>,
    /// Characters that could not be read in the encoding used.
    pub replaced: usize,
    pub sheets: Vec<String>,
}

/// Why nothing could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    Text(TextError),
    Table(TableError),
    Workbook(XlsxError),
    /// The browser could not read the file.
    File,
}

/// Where a running import is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stage {
    Reading,
    Typing,
}

/// The progress of the running job and a way to cancel it; provided once per
/// data area.
#[derive(Clone, Copy)]
pub struct Jobs {
    pub progress: RwSignal<Option<(Stage, f64)>>,
    generation: RwSignal<u64>,
}

impl Jobs {
    pub fn new() -> Jobs {
        Jobs {
            progress: RwSignal::new(None),
            generation: RwSignal::new(0),
        }
    }

    /// Stops the running job, if any, at its next pause.
    pub fn cancel(&self) {
        self.generation.update(|generation| *generation += 1);
        self.progress.set(None);
    }

    fn start(&self) -> Ticket {
        self.cancel();
        Ticket {
            jobs: *self,
            generation: self.generation.get_untracked(),
            slice_started: now(),
        }
    }
}

impl Default for Jobs {
    fn default() -> Jobs {
        Jobs::new()
    }
}

/// One job's right to run: lost when another job starts or the user cancels.
struct Ticket {
    jobs: Jobs,
    generation: u64,
    slice_started: f64,
}

impl Ticket {
    fn current(&self) -> bool {
        self.jobs.generation.get_untracked() == self.generation
    }

    /// Gives the thread back if this slice has run long enough; false once
    /// the job is cancelled.
    async fn pause_if_due(&mut self, stage: Stage, fraction: f64) -> bool {
        if now() - self.slice_started < SLICE_MS {
            return self.current();
        }
        if self.current() {
            self.jobs.progress.set(Some((stage, fraction)));
        }
        next_task().await;
        self.slice_started = now();
        self.current()
    }

    fn done(&self) {
        if self.current() {
            self.jobs.progress.set(None);
        }
    }
}

/// Reads `raw` as a table. `None` when cancelled.
pub async fn read(jobs: Jobs, raw: Raw, choice: ReadChoice) -> Option<Result<Read, ReadError>> {
    let mut ticket = jobs.start();
    ticket.jobs.progress.set(Some((Stage::Reading, 0.0)));
    // Let the progress bar paint before the first slice.
    next_task().await;
    let result = if raw.is_workbook() {
        read_workbook(&raw, &choice)
    } else {
        read_text(&mut ticket, &raw, &choice).await?
    };
    ticket.done();
    ticket.current().then_some(result)
}

fn read_workbook(raw: &Raw, choice: &ReadChoice) -> Result<Read, ReadError> {
    let Raw::File { bytes, .. } = raw else {
        unreachable!("a paste is never a workbook")
    };
    let mut workbook = open_xlsx(bytes.to_vec()).map_err(ReadError::Workbook)?;
    let sheets = workbook.sheet_names().to_vec();
    let sheet = choice
        .sheet
        .clone()
        .filter(|sheet| sheets.contains(sheet))
        .or_else(|| sheets.first().cloned())
        .unwrap_or_default();
    let (table, header_row) = workbook.read_sheet(&sheet).map_err(ReadError::Workbook)?;
    let table_issues = if table.rows.is_empty() {
        vec![
            Issue::new(
                crate::engine::issue::Severity::Warning,
                crate::engine::issue::IssueKind::NoRows,
            )
            .row(header_row),
        ]
    } else {
        Vec::new()
    };
    Ok(Read {
        raw: raw.clone(),
        read: ReadAs::Sheet { sheet, header_row },
        table: Arc::new(table),
        table_issues,
        detected_encoding: None,
        replaced: 0,
        sheets,
    })
}

async fn read_text(
    ticket: &mut Ticket,
    raw: &Raw,
    choice: &ReadChoice,
) -> Option<Result<Read, ReadError>> {
    let (text, encoding, detected_encoding, replaced) = match raw {
        Raw::Paste(text) => (Arc::clone(text), None, None, 0),
        Raw::File { bytes, .. } => match decode(bytes, choice.encoding) {
            Ok(decoded) => {
                let detected = decode_detected(choice, decoded.encoding);
                (
                    Arc::from(decoded.text),
                    Some(decoded.encoding),
                    detected,
                    decoded.replaced,
                )
            }
            Err(err) => return Some(Err(ReadError::Text(err))),
        },
    };
    let mut reader = match TableReader::new(&text, choice.delimiter) {
        Ok(reader) => reader,
        Err(err) => return Some(Err(ReadError::Table(err))),
    };
    loop {
        match reader.read(ROWS_PER_CHECK) {
            Ok(true) => break,
            Ok(false) => {}
            Err(err) => return Some(Err(ReadError::Table(err))),
        }
        if !ticket.pause_if_due(Stage::Reading, reader.progress()).await {
            return None;
        }
    }
    let (table, delimiter, table_issues) = match reader.finish() {
        Ok(read) => read,
        Err(err) => return Some(Err(ReadError::Table(err))),
    };
    let read = match encoding {
        None => ReadAs::Paste { delimiter },
        Some(encoding) => ReadAs::Text {
            encoding,
            delimiter,
        },
    };
    Some(Ok(Read {
        raw: raw.clone(),
        read,
        table: Arc::new(table),
        table_issues,
        detected_encoding,
        replaced,
        sheets: Vec::new(),
    }))
}

fn decode_detected(choice: &ReadChoice, used: TextEncoding) -> Option<TextEncoding> {
    choice.encoding.is_none().then_some(used)
}

/// Types a source for the scheme. `None` when cancelled.
pub async fn type_source(jobs: Jobs, scheme: Scheme, source: Source) -> Option<(Source, Typed)> {
    let mut ticket = jobs.start();
    ticket.jobs.progress.set(Some((Stage::Typing, 0.0)));
    next_task().await;
    let typed = {
        let mut typing = source.typing(&scheme);
        while !typing.type_rows(ROWS_PER_CHECK) {
            if !ticket.pause_if_due(Stage::Typing, typing.progress()).await {
                return None;
            }
        }
        source.finish_typing(typing)
    };
    ticket.done();
    ticket.current().then_some((source, typed))
}

fn now() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// Resolves in a later task, after the browser has had a chance to paint
/// and handle input.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(resolve.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Reads a file the user picked or dropped.
pub async fn file_bytes(file: web_sys::File) -> Result<Raw, ReadError> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ReadError::File)?;
    Ok(Raw::File {
        name: file.name(),
        bytes: Arc::new(js_sys::Uint8Array::new(&buffer).to_vec()),
    })
}
