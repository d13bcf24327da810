//! Native import throughput on the benchmark's data: decode + split + typed
//! conversion of the generated CSV export (`synthetic_export`), and open +
//! read + typed conversion of an .xlsx file, best of a few runs, in MB/s
//! (10^6 bytes per second, of the file as stored), with the time of each
//! phase (the last, "free", is dropping what the import built).
//!
//! ```text
//! cargo run --release -p kpi-read --example import_throughput -- [MB ...] [--runs N] [--xlsx PATH]
//! ```
//!
//! Sizes default to 10 and 100. The last line is one JSON object for
//! benches/browser/run.mjs, which compares these figures with the same work
//! in headless Chromium (`cargo xtask bench`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match native::run(std::env::args().skip(1).collect()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("import_throughput: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fmt;
    use std::hint::black_box;
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    use kpi_engine::figures::Figures;
    use kpi_engine::synthetic::synthetic_export;
    use kpi_read::delimited::parse_delimited;
    use kpi_read::text::decode_owned;
    use kpi_read::xlsx::open_xlsx;
    use serde_json::{Value, json};

    const USAGE: &str = "usage: import_throughput [MB ...] [--runs N] [--xlsx PATH]";

    pub fn run(args: Vec<String>) -> Result<(), String> {
        let mut sizes = Vec::new();
        let mut runs = 3usize;
        let mut xlsx = None;
        let mut rest = args.into_iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--runs" => {
                    runs = rest
                        .next()
                        .and_then(|n| n.parse().ok())
                        .filter(|&n| n > 0)
                        .ok_or("--runs needs a whole number above 0")?;
                }
                "--xlsx" => xlsx = Some(PathBuf::from(rest.next().ok_or("--xlsx needs a path")?)),
                size => sizes.push(
                    size.parse::<usize>()
                        .map_err(|_| format!("{size:?} is not a size in MB\n{USAGE}"))?,
                ),
            }
        }
        if sizes.is_empty() && xlsx.is_none() {
            sizes = vec![10, 100];
        }

        let mut csv = Vec::new();
        for megabytes in sizes {
            let (scheme, text) = synthetic_export(megabytes * 1_000_000);
            let bytes = text.into_bytes();
            let mut rows = 0;
            let best = best_of(runs, || {
                // The file's bytes, as a reader is given them to keep.
                let given = black_box(bytes.clone());
                let mut clock = Clock::start();
                let decoded = decode_owned(given, None).map_err(|err| err.to_string())?;
                clock.lap("decode");
                let (table, _, _) =
                    parse_delimited(&decoded.text, None).map_err(|err| err.to_string())?;
                drop(decoded);
                clock.lap("split");
                let (figures, _) = Figures::from_table(&scheme, &table);
                clock.lap("type");
                rows = figures.len();
                drop((figures, table));
                clock.lap("free");
                Ok(clock)
            })?;
            let result = measured(bytes.len(), rows, &best);
            println!(
                "csv  {megabytes:>4} MB  {:>8} rows  {:>8.1} MB/s  (best of {runs}: {})",
                rows,
                result["mb_per_s"].as_f64().unwrap_or_default(),
                best
            );
            csv.push(json!({ "megabytes": megabytes, "result": result }));
        }

        let mut workbook = Value::Null;
        if let Some(path) = xlsx {
            let bytes =
                std::fs::read(&path).map_err(|err| format!("reading {}: {err}", path.display()))?;
            let scheme = synthetic_export(0).0;
            let mut rows = 0;
            let best = best_of(runs, || {
                // The copy is the caller's: an import owns the bytes it reads.
                let copy = bytes.clone();
                let mut clock = Clock::start();
                let mut book = open_xlsx(copy).map_err(|err| err.to_string())?;
                clock.lap("open");
                let first = book
                    .sheet_names()
                    .first()
                    .cloned()
                    .ok_or("the workbook has no sheet")?;
                let (table, _) = book.read_sheet(&first).map_err(|err| err.to_string())?;
                clock.lap("read");
                let (figures, _) = Figures::from_table(&scheme, &table);
                clock.lap("type");
                rows = figures.len();
                drop((figures, table, book));
                clock.lap("free");
                Ok(clock)
            })?;
            let result = measured(bytes.len(), rows, &best);
            println!(
                "xlsx {:>7.1} MB  {:>8} rows  {:>8.1} MB/s  (best of {runs}: {})  {}",
                bytes.len() as f64 / 1e6,
                rows,
                result["mb_per_s"].as_f64().unwrap_or_default(),
                best,
                path.display()
            );
            workbook = json!({ "path": path.display().to_string(), "result": result });
        }

        println!("{}", json!({ "native": { "csv": csv, "xlsx": workbook } }));
        Ok(())
    }

    /// What one measurement reports.
    fn measured(bytes: usize, rows: usize, best: &Clock) -> Value {
        let seconds = best.total().as_secs_f64();
        let phases: serde_json::Map<String, Value> = best
            .laps
            .iter()
            .map(|(name, time)| ((*name).to_owned(), json!(time.as_secs_f64() * 1000.0)))
            .collect();
        json!({
            "bytes": bytes,
            "rows": rows,
            "ms": seconds * 1000.0,
            "phases_ms": phases,
            "mb_per_s": bytes as f64 / 1e6 / seconds,
        })
    }

    /// One run's time, phase by phase, from the bytes in memory to the
    /// results dropped (the browser side times the same span).
    struct Clock {
        last: Instant,
        laps: Vec<(&'static str, Duration)>,
    }

    impl Clock {
        fn start() -> Clock {
            Clock {
                last: Instant::now(),
                laps: Vec::new(),
            }
        }

        fn lap(&mut self, name: &'static str) {
            let now = Instant::now();
            self.laps.push((name, now - self.last));
            self.last = now;
        }

        fn total(&self) -> Duration {
            self.laps.iter().map(|(_, time)| *time).sum()
        }
    }

    impl fmt::Display for Clock {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{:.0} ms =", self.total().as_secs_f64() * 1000.0)?;
            for (i, (name, time)) in self.laps.iter().enumerate() {
                let plus = if i == 0 { "" } else { " +" };
                write!(f, "{plus} {name} {:.0}", time.as_secs_f64() * 1000.0)?;
            }
            Ok(())
        }
    }

    /// The fastest of `runs` runs of `work`.
    fn best_of(
        runs: usize,
        mut work: impl FnMut() -> Result<Clock, String>,
    ) -> Result<Clock, String> {
        let mut best: Option<Clock> = None;
        for _ in 0..runs {
            let clock = work()?;
            if best.as_ref().is_none_or(|b| clock.total() < b.total()) {
                best = Some(clock);
            }
        }
        best.ok_or_else(|| "no run".to_owned())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
