//! The wasm side of the browser benchmark (benches/browser/, run by
//! `cargo xtask bench`): the engine's import path exported to JavaScript, so
//! the page can time it against PapaParse, uDSV and SheetJS on the same bytes
//! in the same browser, and a full recompute of a synthetic team, to set
//! beside the native one. Its allocator counts the bytes the heap holds, so
//! the page can read the peak of an import (the file's bytes copied in
//! included). Not part of the app.

/// The system allocator, counting the bytes it holds and their peak.
#[cfg(target_arch = "wasm32")]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    pub struct Counting;

    static HELD: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    fn grew(by: usize) {
        let held = HELD.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(held, Relaxed);
    }

    // SAFETY: every call is passed to `System` unchanged; only counters are
    // kept beside it.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: the caller's layout, as `GlobalAlloc::alloc` takes it.
            let pointer = unsafe { System.alloc(layout) };
            if !pointer.is_null() {
                grew(layout.size());
            }
            pointer
        }

        unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
            // SAFETY: a block `alloc` or `realloc` gave, with its layout.
            unsafe { System.dealloc(pointer, layout) };
            HELD.fetch_sub(layout.size(), Relaxed);
        }

        unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
            // SAFETY: a block `alloc` gave, with its layout, as `realloc` takes it.
            let moved = unsafe { System.realloc(pointer, layout, size) };
            if !moved.is_null() {
                HELD.fetch_sub(layout.size(), Relaxed);
                grew(size);
            }
            moved
        }
    }

    /// Starts a new peak at what the heap holds now, which it returns.
    pub fn reset() -> usize {
        let held = HELD.load(Relaxed);
        PEAK.store(held, Relaxed);
        held
    }

    /// The most bytes held since the last [`reset`].
    pub fn peak() -> usize {
        PEAK.load(Relaxed)
    }
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;

    use kpi_engine::figures::Figures;
    use kpi_engine::scheme::Scheme;
    use kpi_engine::score::score_team;
    use kpi_engine::synthetic::{synthetic_export, synthetic_team};
    use kpi_read::delimited::parse_delimited;
    use kpi_read::text::decode_owned;
    use kpi_read::xlsx::open_xlsx;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `performance.now()`: milliseconds, for the phase times.
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn performance_now() -> f64;
    }

    thread_local! {
        /// The phase times of the last import, in milliseconds.
        static PHASES: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    }

    /// Times the phases of one import.
    struct Clock {
        last: f64,
        laps: Vec<f64>,
    }

    impl Clock {
        fn start() -> Clock {
            Clock {
                last: performance_now(),
                laps: Vec::new(),
            }
        }

        fn lap(&mut self) {
            let now = performance_now();
            self.laps.push(now - self.last);
            self.last = now;
        }

        fn keep(self) {
            PHASES.with(|phases| *phases.borrow_mut() = self.laps);
        }
    }

    /// The scheme the generated export is for (the export of zero bytes is
    /// only its header).
    fn scheme() -> Scheme {
        synthetic_export(0).0
    }

    /// The benchmark's CSV: the same text as the native example and
    /// `cargo bench --bench import` generate for this size.
    #[wasm_bindgen]
    pub fn generate_csv(megabytes: u32) -> String {
        synthetic_export(megabytes as usize * 1_000_000).1
    }

    /// Decodes (detecting the encoding, UTF-8 here), splits and types a CSV,
    /// as an import does: the bytes become the text in place, and the text
    /// is let go once split, as the worker lets it go once the table is
    /// sent. Returns the number of rows typed. The phases are decode,
    /// split, type, free (see [`last_phases`]).
    #[wasm_bindgen]
    pub fn import_csv(bytes: Vec<u8>) -> Result<u32, JsError> {
        let mut clock = Clock::start();
        let decoded = decode_owned(bytes, None)?;
        clock.lap();
        let (table, _, _) = parse_delimited(&decoded.text, None)?;
        drop(decoded);
        clock.lap();
        let (figures, _) = Figures::from_table(&scheme(), &table);
        clock.lap();
        let rows = figures.len() as u32;
        drop((figures, table));
        clock.lap();
        clock.keep();
        Ok(rows)
    }

    /// Opens a workbook, reads its first sheet and types it; returns the
    /// number of rows typed. The phases are open, read, type, free.
    #[wasm_bindgen]
    pub fn import_xlsx(bytes: Vec<u8>) -> Result<u32, JsError> {
        let mut clock = Clock::start();
        let mut workbook = open_xlsx(bytes)?;
        clock.lap();
        let first = workbook
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| JsError::new("the workbook has no sheet"))?;
        let (table, _) = workbook.read_sheet(&first)?;
        clock.lap();
        let (figures, _) = Figures::from_table(&scheme(), &table);
        clock.lap();
        let rows = figures.len() as u32;
        drop((figures, table, workbook));
        clock.lap();
        clock.keep();
        Ok(rows)
    }

    /// Times `runs` full recomputes of the synthetic team the native
    /// benchmark scores (`cargo bench --bench score`: seed 42, 5 dimensions):
    /// one time in milliseconds per run.
    #[wasm_bindgen]
    pub fn recompute(agents: u32, per_dimension: u32, runs: u32) -> Result<Vec<f64>, JsError> {
        let (scheme, figures) = synthetic_team(agents as usize, 5, per_dimension as usize, 42);
        let mut times = Vec::with_capacity(runs as usize);
        for _ in 0..runs {
            let started = performance_now();
            let result = score_team(&scheme, &figures)
                .map_err(|errors| JsError::new(&format!("invalid scheme: {errors:?}")))?;
            times.push(performance_now() - started);
            drop(result);
        }
        Ok(times)
    }

    /// Starts measuring the heap's peak from what it holds now (see
    /// [`heap_growth`]).
    #[wasm_bindgen]
    pub fn reset_heap_peak() {
        BASE.with(|base| base.set(super::counting::reset()));
    }

    /// The most bytes the heap has held since [`reset_heap_peak`], above
    /// what it held then: for an import called from JavaScript, the file's
    /// bytes copied in, the text, the table and the typed figures at their
    /// largest together.
    #[wasm_bindgen]
    pub fn heap_growth() -> f64 {
        (super::counting::peak() - BASE.with(std::cell::Cell::get)) as f64
    }

    thread_local! {
        /// What the heap held when the peak was reset.
        static BASE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The phase times of the last import, in milliseconds, in the order
    /// its function names them; "free" is dropping what the import built.
    #[wasm_bindgen]
    pub fn last_phases() -> Vec<f64> {
        PHASES.with(|phases| phases.borrow().clone())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // Nothing to start: the page calls the exports.
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "import-bench is the wasm side of the browser benchmark: run it with \
         `cargo xtask bench`; natively, use \
         `cargo run --release -p kpi-read --example import_throughput`."
    );
    std::process::exit(2);
}
