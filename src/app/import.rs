//! Running an import without freezing the page.
//!
//! Reading (decoding, splitting, opening a workbook) happens in the import
//! worker (`crates/worker`), a second wasm module that loads only when the
//! Data area first needs it, so the page itself stays small; the two speak
//! `kpi-protocol`, whose functions encode and decode both sides.
//! The table comes back whole, as the worker holds it (two buffers), and is
//! typed a slice of rows at a time; between slices the page gets the thread
//! back to paint the progress bar and take a click on Cancel.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Function, Promise, Uint8Array};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

use kpi_engine::dataset::{Source, Typed};
use kpi_engine::issue::Issue;
use kpi_engine::reading::{self as read, Input, ReadAs, ReadChoice, ReadTable, TextEncoding};
use kpi_engine::scheme::Scheme;
use kpi_engine::table::Table;
use kpi_protocol::js::{JsFields, file_request};
use kpi_protocol::{Reply, decode_reply, encode_request};

/// How long one slice may hold the thread, in milliseconds: well under the
/// 100 ms at which a page feels frozen, with room for the paint after it.
const SLICE_MS: f64 = 30.0;
/// Rows between clock checks.
const ROWS_PER_CHECK: usize = 256;
/// The worker's loader, next to the page (Trunk names worker files after
/// the binary, without a hash).
const WORKER_URL: &str = "./import-worker_loader.js";

/// What the user gave: text typed or pasted, or a file's bytes.
#[derive(Clone, Debug)]
pub enum Raw {
    Paste(Arc<str>),
    File { name: String, bytes: FileBytes },
}

impl Raw {
    pub fn name(&self) -> &str {
        match self {
            Raw::Paste(_) => "",
            Raw::File { name, .. } => name,
        }
    }
}

/// A file's bytes, kept by the browser outside the page's wasm memory,
/// which never shrinks: a 100 MB file read again another way, or sent to
/// the worker, never becomes 100 MB of the page's for good.
#[derive(Clone, Debug)]
pub struct FileBytes(SendWrapper<Uint8Array>);

impl FileBytes {
    /// A copy of `bytes` in a browser buffer.
    pub fn copy_of(bytes: &[u8]) -> FileBytes {
        FileBytes(SendWrapper::new(Uint8Array::from(bytes)))
    }

    fn array(&self) -> &Uint8Array {
        &self.0
    }
}

/// A table read and waiting for the user to check it.
#[derive(Clone, Debug)]
pub struct Read {
    pub raw: Raw,
    pub table: Arc<Table>,
    pub read_as: ReadAs,
    pub table_issues: Vec<Issue>,
    /// The encoding detection chose, when the user did not choose.
    pub detected_encoding: Option<TextEncoding>,
    /// Characters that could not be read in the encoding used.
    pub replaced: usize,
    pub sheets: Vec<String>,
}

/// Why nothing could be imported: the input (the reader's `ReadError`), the
/// browser or the worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The input itself: not text, an open quote, not a workbook…
    Input(read::ReadError),
    /// The browser could not read the file.
    File,
    /// The import worker could not start or failed.
    Worker(String),
}

/// Where a running job is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stage {
    Reading,
    Typing,
}

/// The progress of the running job and a way to cancel it.
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

    /// Stops the running job: a read in the worker is abandoned with the
    /// worker, a slice loop stops at its next pause.
    pub fn cancel(&self) {
        stop_worker_if_busy();
        self.generation.update(|generation| *generation += 1);
        self.progress.set(None);
    }

    /// Starts a job, ending the one before: a new read must not wait
    /// behind an abandoned one in the worker.
    fn start(&self, stage: Stage) -> Ticket {
        stop_worker_if_busy();
        self.generation.update(|generation| *generation += 1);
        self.progress.set(Some((stage, 0.0)));
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

/// One job's right to run: lost when another job starts or the user
/// cancels.
struct Ticket {
    jobs: Jobs,
    generation: u64,
    slice_started: f64,
}

impl Ticket {
    fn current(&self) -> bool {
        self.jobs.generation.get_untracked() == self.generation
    }

    fn report(&self, stage: Stage, fraction: f64) {
        if self.current() {
            self.jobs.progress.set(Some((stage, fraction)));
        }
    }

    /// Gives the thread back if this slice has run long enough; false once
    /// the job is cancelled.
    async fn pause_if_due(&mut self, stage: Stage, fraction: f64) -> bool {
        if now() - self.slice_started < SLICE_BUDGET.with(Cell::get) {
            return self.current();
        }
        self.report(stage, fraction);
        next_task().await;
        self.slice_started = now();
        self.current()
    }

    /// Ends the job; true if it is still the current one.
    fn finish(&self) -> bool {
        let current = self.current();
        if current {
            self.jobs.progress.set(None);
        }
        current
    }
}

/// A reader that runs in the page instead of the worker.
pub type InPageReader =
    fn(Input<'_>, &ReadChoice, &mut dyn FnMut(f64)) -> Result<ReadTable, read::ReadError>;

thread_local! {
    static IN_PAGE: Cell<Option<InPageReader>> = const { Cell::new(None) };
    static SLICE_BUDGET: Cell<f64> = const { Cell::new(SLICE_MS) };
}

/// Sets how long a slice may run, in milliseconds. For component tests,
/// which need a job to take many slices whatever the machine's speed.
pub fn set_slice_budget(ms: f64) {
    SLICE_BUDGET.with(|budget| budget.set(ms));
}

/// Reads in the page rather than in the worker. For component tests, whose
/// test runner serves no worker files; the app itself never links the
/// readers.
pub fn read_in_page(reader: InPageReader) {
    IN_PAGE.with(|cell| cell.set(Some(reader)));
}

/// Reads `raw` as a table. `None` when cancelled or overtaken by another
/// job.
pub async fn read(jobs: Jobs, raw: Raw, choice: ReadChoice) -> Option<Result<Read, ImportError>> {
    let mut ticket = jobs.start(Stage::Reading);
    // Let the progress bar paint first.
    next_task().await;
    let result = match IN_PAGE.with(Cell::get) {
        Some(reader) => {
            // In tests only: the readers run here, on a copy of the bytes.
            let copied;
            let input = match &raw {
                Raw::Paste(text) => Input::Paste(text),
                Raw::File { name, bytes } => {
                    copied = bytes.array().to_vec();
                    Input::File {
                        name,
                        bytes: &copied,
                    }
                }
            };
            reader(input, &choice, &mut |_| {}).map_err(ImportError::Input)
        }
        None => read_in_worker(&mut ticket, &raw, &choice).await?,
    };
    if !ticket.finish() {
        return None;
    }
    Some(result.map(|read| Read {
        raw,
        table: Arc::new(read.table),
        read_as: read.read,
        table_issues: read.table_issues,
        detected_encoding: read.detected_encoding,
        replaced: read.replaced,
        sheets: read.sheets,
    }))
}

async fn read_in_worker(
    ticket: &mut Ticket,
    raw: &Raw,
    choice: &ReadChoice,
) -> Option<Result<ReadTable, ImportError>> {
    let jobs = ticket.jobs;
    let generation = ticket.generation;
    let on_progress = move |fraction: f64| {
        if jobs.generation.get_untracked() == generation {
            jobs.progress.set(Some((Stage::Reading, fraction)));
        }
    };
    let reply = match ask_worker(raw, choice, Box::new(on_progress)).await {
        Ok(Some(reply)) => reply,
        Ok(None) => return None,
        Err(err) => return Some(Err(err)),
    };
    // The table arrives whole, as the worker holds it (checked when the
    // reply was decoded): nothing is left to unpack.
    Some(match reply {
        Reply::Read { read, .. } => Ok(read),
        Reply::Refused { error, .. } => Err(ImportError::Input(error)),
        Reply::Failed { message, .. } => Err(ImportError::Worker(message)),
        Reply::Ready | Reply::Progress { .. } => {
            Err(ImportError::Worker("no table in the reply".to_owned()))
        }
    })
}

/// Types every source again for the scheme (after a reload, or when the
/// scheme's inputs change), a slice at a time. `None` when cancelled.
pub async fn retype_all(jobs: Jobs, scheme: Scheme, sources: Vec<Source>) -> Option<Vec<Typed>> {
    let mut ticket = jobs.start(Stage::Typing);
    let total: usize = sources.iter().map(|source| source.table.len()).sum();
    let mut done = 0;
    let mut all = Vec::with_capacity(sources.len());
    for source in &sources {
        let mut typing = source.typing(&scheme);
        while !typing.type_rows(ROWS_PER_CHECK) {
            let fraction =
                (done as f64 + typing.progress() * source.table.len() as f64) / total.max(1) as f64;
            if !ticket.pause_if_due(Stage::Typing, fraction).await {
                return None;
            }
        }
        done += source.table.len();
        all.push(source.finish_typing(typing));
        next_task().await;
    }
    ticket.finish().then_some(all)
}

/// Types a source for the scheme, a slice at a time. `None` when cancelled.
pub async fn type_source(jobs: Jobs, scheme: Scheme, source: Source) -> Option<(Source, Typed)> {
    let mut ticket = jobs.start(Stage::Typing);
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
    // Finishing (duplicates) and showing the result are each tens of
    // milliseconds on a large import: not in the same task.
    next_task().await;
    ticket.finish().then_some((source, typed))
}

/// Reads a file the user picked or dropped.
pub async fn file_bytes(file: web_sys::File) -> Result<Raw, ImportError> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ImportError::File)?;
    Ok(Raw::File {
        name: file.name(),
        bytes: FileBytes(SendWrapper::new(Uint8Array::new(&buffer))),
    })
}

/// Starts the worker ahead of the first import, so it is ready by then.
pub fn warm_up() {
    if IN_PAGE.with(Cell::get).is_none() {
        let _ = worker();
    }
}

fn now() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// Resolves in a later task, after the browser has had a chance to paint
/// and handle input.
async fn next_task() {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// A job waiting for the worker's reply.
struct Waiter {
    /// Settles the job's promise once `reply` is set (left `None` when the
    /// worker was stopped).
    resolve: Function,
    reply: Rc<RefCell<Option<Reply>>>,
    progress: Box<dyn Fn(f64)>,
}

impl Waiter {
    fn answer(self, reply: Option<Reply>) {
        *self.reply.borrow_mut() = reply;
        let _ = self.resolve.call0(&JsValue::NULL);
    }
}

/// The running worker and the jobs waiting on it.
struct WorkerHandle {
    worker: Worker,
    /// Set when the worker failed or was stopped; the next import starts a
    /// fresh one.
    failed: Rc<Cell<bool>>,
    ready: Promise,
    /// Settles `ready`, while it is unsettled: (resolve, reject).
    ready_calls: Rc<RefCell<Option<(Function, Function)>>>,
    waiting: Rc<RefCell<HashMap<u32, Waiter>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

thread_local! {
    static WORKER: RefCell<Option<Rc<WorkerHandle>>> = const { RefCell::new(None) };
    static NEXT_JOB: Cell<u32> = const { Cell::new(1) };
}

/// The worker, started on first use.
fn worker() -> Result<Rc<WorkerHandle>, ImportError> {
    if let Some(handle) = WORKER.with(|slot| slot.borrow().clone()) {
        if !handle.failed.get() {
            return Ok(handle);
        }
        handle.worker.terminate();
    }
    let failed = Rc::new(Cell::new(false));
    let worker = Worker::new(WORKER_URL).map_err(|err| ImportError::Worker(describe(&err)))?;
    let waiting: Rc<RefCell<HashMap<u32, Waiter>>> = Rc::default();
    let ready_calls: Rc<RefCell<Option<(Function, Function)>>> = Rc::default();
    let ready = {
        let ready_calls = Rc::clone(&ready_calls);
        Promise::new(&mut |resolve, reject| *ready_calls.borrow_mut() = Some((resolve, reject)))
    };
    let on_message = {
        let waiting = Rc::clone(&waiting);
        let ready_calls = Rc::clone(&ready_calls);
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let reply =
                decode_reply(&JsFields::of(event.data())).unwrap_or_else(|err| Reply::Failed {
                    job: None,
                    message: err.to_string(),
                });
            match reply {
                Reply::Ready => {
                    if let Some((resolve, _)) = ready_calls.borrow_mut().take() {
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                }
                Reply::Progress { job, fraction } => {
                    if let Some(waiter) = waiting.borrow().get(&job) {
                        (waiter.progress)(fraction);
                    }
                }
                // A reply that names no job fails every job waiting.
                Reply::Failed { job: None, .. } => {
                    for (_, waiter) in waiting.borrow_mut().drain() {
                        waiter.answer(Some(reply.clone()));
                    }
                }
                reply => {
                    let waiter = reply
                        .job()
                        .and_then(|job| waiting.borrow_mut().remove(&job));
                    if let Some(waiter) = waiter {
                        waiter.answer(Some(reply));
                    }
                }
            }
        })
    };
    let on_error = {
        let waiting = Rc::clone(&waiting);
        let failed = Rc::clone(&failed);
        let ready_calls = Rc::clone(&ready_calls);
        // A script that fails to load fires a plain `Event`; an error
        // inside the worker, an `ErrorEvent` with a message.
        Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let message = event
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .filter(|message| !message.is_empty())
                .unwrap_or_else(|| format!("{WORKER_URL} could not be loaded"));
            if let Some((_, reject)) = ready_calls.borrow_mut().take() {
                let _ = reject.call1(&JsValue::NULL, &message.clone().into());
            }
            for (_, waiter) in waiting.borrow_mut().drain() {
                waiter.answer(Some(Reply::Failed {
                    job: None,
                    message: message.clone(),
                }));
            }
            // Not dropped here, inside its own handler: the next import
            // replaces it.
            failed.set(true);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let handle = Rc::new(WorkerHandle {
        worker,
        failed,
        ready,
        ready_calls,
        waiting,
        _on_message: on_message,
        _on_error: on_error,
    });
    WORKER.with(|slot| *slot.borrow_mut() = Some(Rc::clone(&handle)));
    Ok(handle)
}

/// Sends a job to the worker and waits for its reply; `None` if the worker
/// was stopped meanwhile.
async fn ask_worker(
    raw: &Raw,
    choice: &ReadChoice,
    progress: Box<dyn Fn(f64)>,
) -> Result<Option<Reply>, ImportError> {
    let handle = worker()?;
    let job = NEXT_JOB.with(|next| {
        let job = next.get();
        next.set(job + 1);
        job
    });
    // Registered before waiting for the worker to start, so that the job
    // counts as running (and a cancel stops it) from now on.
    let mut progress = Some(progress);
    let reply: Rc<RefCell<Option<Reply>>> = Rc::default();
    let answered = Promise::new(&mut |resolve, _| {
        if let Some(progress) = progress.take() {
            let waiter = Waiter {
                resolve,
                reply: Rc::clone(&reply),
                progress,
            };
            handle.waiting.borrow_mut().insert(job, waiter);
        }
    });
    let ready = JsFuture::from(handle.ready.clone()).await;
    if handle.failed.get() {
        handle.waiting.borrow_mut().remove(&job);
        return match ready {
            // Stopped while it was starting.
            Ok(_) => Ok(None),
            Err(err) => Err(ImportError::Worker(describe(&err))),
        };
    }
    let message = match raw {
        Raw::Paste(text) => {
            let mut message = JsFields::new();
            encode_request(job, choice, Input::Paste(text), &mut message);
            message
        }
        Raw::File { name, bytes } => file_request(job, choice, name, bytes.array()),
    };
    let sent = handle
        .worker
        .post_message_with_transfer(&message.object, &message.transfer);
    if let Err(err) = sent {
        handle.waiting.borrow_mut().remove(&job);
        return Err(ImportError::Worker(describe(&err)));
    }
    JsFuture::from(answered)
        .await
        .map_err(|err| ImportError::Worker(describe(&err)))?;
    Ok(reply.borrow_mut().take())
}

/// Stops the worker if a read is waiting on it (running, or waiting for
/// the worker to start); those reads end as cancelled. An idle worker is
/// kept.
fn stop_worker_if_busy() {
    let busy = WORKER.with(|slot| {
        slot.borrow()
            .as_ref()
            .is_some_and(|handle| !handle.waiting.borrow().is_empty())
    });
    if !busy {
        return;
    }
    if let Some(handle) = WORKER.with(|slot| slot.borrow_mut().take()) {
        handle.worker.terminate();
        handle.failed.set(true);
        if let Some((resolve, _)) = handle.ready_calls.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
        for (_, waiter) in handle.waiting.borrow_mut().drain() {
            waiter.answer(None);
        }
    }
}

fn describe(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|err| String::from(err.message()))
        })
        .unwrap_or_else(|| format!("{value:?}"))
}
