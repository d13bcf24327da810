//! The import worker: reads pasted text or a file into a table away from
//! the page, so a large file never freezes it, and so the readers it needs
//! (text encodings, CSV, Excel) load only when the user first imports,
//! instead of with the page.
//!
//! It speaks `kpi-protocol`: a `Request` in, `Reply`s out (`Ready` once,
//! then per job `Progress` now and then and a `Read`, `Refused` or
//! `Failed`), encoded by the same functions the page decodes with.

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::Date;
    use kpi_protocol::js::JsFields;
    use kpi_protocol::{Given, Reply, decode_request, encode_reply, job_of};
    use kpi_read::{read_file, read_input};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Milliseconds between progress messages.
    const PROGRESS_EVERY_MS: f64 = 50.0;

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn send(reply: &Reply) {
        let mut fields = JsFields::new();
        encode_reply(reply, &mut fields);
        // Nothing to do if the page is gone.
        let _ = scope().post_message_with_transfer(&fields.object, &fields.transfer);
    }

    pub fn start() {
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            handle(JsFields::of(event.data()));
        });
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        send(&Reply::Ready);
    }

    fn handle(message: JsFields) {
        let request = match decode_request(&message) {
            Ok(request) => request,
            // A message this worker cannot decode: say so rather than
            // leave the page waiting.
            Err(err) => {
                return send(&Reply::Failed {
                    job: job_of(&message).ok(),
                    message: err.to_string(),
                });
            }
        };
        let job = request.job;
        let mut last = Date::now();
        let mut report = |fraction: f64| {
            let now = Date::now();
            if now - last >= PROGRESS_EVERY_MS {
                last = now;
                send(&Reply::Progress { job, fraction });
            }
        };
        // A file's bytes are given up to the reader, which reads UTF-8 in
        // place: the worker never holds the file twice.
        let read = match request.given {
            Given::File { name, bytes } => read_file(&name, bytes, &request.choice, &mut report),
            paste => read_input(paste.input(), &request.choice, &mut report),
        };
        send(&match read {
            Ok(read) => Reply::Read { job, read },
            Err(error) => Reply::Refused { job, error },
        });
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "import-worker runs in the browser, started by the page; build it with `cargo xtask dist`."
    );
    std::process::exit(2);
}
