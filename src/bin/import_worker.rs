//! The import worker: reads pasted text or a file into a table away from
//! the page, so a large file never freezes it, and so the readers it needs
//! (text encodings, CSV, Excel) load only when the user first imports,
//! instead of with the page.
//!
//! Messages in: `{ job, text }` for a paste, `{ job, name, bytes }` for a
//! file (bytes: a transferred `Uint8Array`), each with `choice`, a
//! `ReadChoice` as JSON. Messages out: `"ready"` once, when it can take
//! work; then per job `{ job, progress }` now and then, and finally
//! `{ job, meta, headers, cells, ends }` (the table's rows packed: see
//! `PackedRows`; the headers an array of strings, out of the JSON, so a
//! header of 30 MB is never parsed as JSON on the page) or
//! `{ job, error }` (a `ReadError` as JSON).

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Array, Date, Object, Reflect, Uint8Array, Uint32Array};
    use kpi_scorecard::engine::figures::Table;
    use kpi_scorecard::engine::import::read::{Input, PackedRows, ReadChoice, read_input};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Milliseconds between progress messages.
    const PROGRESS_EVERY_MS: f64 = 50.0;

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
            if let Err(err) = handle(&scope, &event.data()) {
                // A message this worker cannot even parse: say so rather
                // than leave the page waiting.
                let reply = Object::new();
                let job = Reflect::get(&event.data(), &"job".into()).unwrap_or(JsValue::NULL);
                let _ = Reflect::set(&reply, &"job".into(), &job);
                let _ = Reflect::set(&reply, &"failure".into(), &err);
                let _ = scope.post_message(&reply);
            }
        });
        scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        let _ = scope.post_message(&JsValue::from_str("ready"));
    }

    fn handle(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<(), JsValue> {
        let job = Reflect::get(data, &"job".into())?;
        let choice = Reflect::get(data, &"choice".into())?
            .as_string()
            .ok_or("choice is not text")?;
        let choice: ReadChoice =
            serde_json::from_str(&choice).map_err(|err| JsValue::from_str(&err.to_string()))?;
        let text = Reflect::get(data, &"text".into())?.as_string();
        let bytes = Reflect::get(data, &"bytes".into())?
            .dyn_into::<Uint8Array>()
            .map(|bytes| bytes.to_vec())
            .ok();
        let name = Reflect::get(data, &"name".into())?
            .as_string()
            .unwrap_or_default();
        let input = match (&text, &bytes) {
            (Some(text), _) => Input::Paste(text),
            (None, Some(bytes)) => Input::File { name: &name, bytes },
            (None, None) => return Err("neither text nor bytes".into()),
        };

        let mut last = Date::now();
        let mut report = |fraction: f64| {
            let now = Date::now();
            if now - last >= PROGRESS_EVERY_MS {
                last = now;
                let message = Object::new();
                let _ = Reflect::set(&message, &"job".into(), &job);
                let _ = Reflect::set(&message, &"progress".into(), &fraction.into());
                let _ = scope.post_message(&message);
            }
        };
        let reply = Object::new();
        Reflect::set(&reply, &"job".into(), &job)?;
        match read_input(input, &choice, &mut report) {
            Ok(mut read) => {
                let packed = PackedRows::pack(&read.table);
                let headers: Array = read
                    .table
                    .headers
                    .iter()
                    .map(|header| JsValue::from_str(header))
                    .collect();
                read.table = Table {
                    headers: Vec::new(),
                    rows: Vec::new(),
                    lines: std::mem::take(&mut read.table.lines),
                };
                // Everything but the rows, which travel packed.
                let meta = serde_json::to_string(&read)
                    .map_err(|err| JsValue::from_str(&err.to_string()))?;
                let ends = Uint32Array::from(packed.ends.as_slice());
                Reflect::set(&reply, &"meta".into(), &meta.into())?;
                Reflect::set(&reply, &"headers".into(), &headers)?;
                Reflect::set(&reply, &"cells".into(), &packed.cells.into())?;
                Reflect::set(&reply, &"ends".into(), &ends)?;
                let transfer = Array::of1(&ends.buffer());
                scope.post_message_with_transfer(&reply, &transfer)?;
            }
            Err(error) => {
                let error = serde_json::to_string(&error)
                    .map_err(|err| JsValue::from_str(&err.to_string()))?;
                Reflect::set(&reply, &"error".into(), &error.into())?;
                scope.post_message(&reply)?;
            }
        }
        Ok(())
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
