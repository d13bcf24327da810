//! `cargo xtask bench`: every speed figure of the project in one run and one
//! table. It builds release, runs the browser benchmarks (benches/browser/),
//! the native recompute (criterion) and the size report, prints one table
//! and writes the figures as JSON under `target/bench/` (`latest.json`, and
//! one file per commit for comparing across commits). docs/PERFORMANCE.md
//! holds the latest table and how to read it.
//!
//! Benchmarks print figures and never fail on a time: a step that fails is
//! a note in the table, and the other steps still run.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use crate::proc::Cmd;
use crate::{Result, browser_script, build_dist, size, step, tools};

/// The live-edit teams: (agents, indicators per dimension; 5 dimensions).
const EDIT_TEAMS: [(usize, usize); 2] = [(1_000, 6), (5_000, 4)];

pub fn bench() -> Result<()> {
    let root = crate::root();
    let tools = tools::Tools::ensure_all(&root)?;
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|err| format!("{}: {err}", out.display()))?;
    let mut notes: Vec<String> = Vec::new();
    let mut figures = serde_json::Map::new();
    let mut keep = |name: &str, result: Result<Value>| match result {
        Ok(value) => {
            figures.insert(name.to_owned(), value);
        }
        Err(err) => notes.push(format!("{name}: {err}")),
    };

    let dist = root.join("target/bench-dist");
    step("release build of the benchmark page into target/bench-dist/");
    // The target comes before `--release`, which takes an optional value.
    tools
        .trunk(true)?
        .args(["build", "benches/browser/index.html", "--release", "--dist"])
        .arg(&dist)
        .dir(&root)
        .run()?;
    step("import: Chromium (ours, PapaParse, uDSV, SheetJS), recompute in wasm, then native");
    let file = out.join("import.json");
    let result = browser_script(&root, &tools, "benches/browser/run.mjs")
        .env("KPI_BENCH_DIST", &dist)
        .env("KPI_BENCH_DATA", root.join("target/bench-data"))
        .env("KPI_BENCH_JSON", &file)
        .run()
        .and_then(|()| read_json(&file));
    keep("import", result);

    step("full recompute natively (criterion: cargo bench --bench score)");
    let result = Cmd::new("cargo")
        .args(["bench", "--package", "kpi-engine", "--bench", "score"])
        .args(["--", "--noplot"])
        .dir(&root)
        .path(&tools.path)
        .run()
        .and_then(|()| native_recompute(&root));
    keep("recompute_native", result);

    let report = build_dist(&root, &tools)?;
    keep("sizes", Ok(sizes(&report)));

    step("the app: 100,000 rows x 30 columns from drop to the Scorecards table");
    let file = out.join("drop.json");
    let result = browser_script(&root, &tools, "benches/browser/import_page.mjs")
        .env("KPI_DIST", root.join("dist"))
        .env("KPI_BENCH_JSON", &file)
        .run()
        .and_then(|()| read_json(&file));
    keep("drop_to_scorecards", result);

    for (agents, per_dimension) in EDIT_TEAMS {
        let indicators = 5 * per_dimension;
        step(&format!(
            "a weight edit with {agents} agents x {indicators} indicators: input to painted screen"
        ));
        let data = root.join(format!("target/live-data-{agents}"));
        let file = out.join(format!("edit-{agents}.json"));
        let result = Cmd::new("cargo")
            .args(["run", "--release", "--package", "kpi-engine"])
            .args(["--example", "synthetic_team", "--"])
            .arg(agents.to_string())
            .arg(&data)
            .arg(per_dimension.to_string())
            .dir(&root)
            .path(&tools.path)
            .run()
            .and_then(|()| {
                browser_script(&root, &tools, "benches/browser/live_edit.mjs")
                    .env("KPI_DIST", root.join("dist"))
                    .env("KPI_LIVE_DATA", &data)
                    .env("KPI_BENCH_JSON", &file)
                    .run()
            })
            .and_then(|()| read_json(&file));
        keep(&format!("edit_{agents}x{indicators}"), result);
    }

    step("cold start of the built page to the first scorecard of a preset");
    let file = out.join("cold.json");
    let result = browser_script(&root, &tools, "benches/browser/cold_load.mjs")
        .env("KPI_DIST", root.join("dist"))
        .env("KPI_BENCH_JSON", &file)
        .run()
        .and_then(|()| read_json(&file));
    keep("cold_load", result);

    let commit = Cmd::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .dir(&root)
        .read()
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let date = Cmd::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .read()
        .map(|text| text.trim().to_owned())
        .unwrap_or_default();
    let all = json!({
        "commit": commit,
        "date": date,
        "machine": machine(),
        "figures": Value::Object(figures),
        "notes": notes,
    });
    let table = table(&all);
    step("all figures");
    print!("{table}");
    let text = serde_json::to_string_pretty(&all).expect("JSON values print") + "\n";
    for name in ["latest.json".to_owned(), format!("{commit}.json")] {
        let path = out.join(name);
        std::fs::write(&path, &text).map_err(|err| format!("{}: {err}", path.display()))?;
    }
    std::fs::write(out.join("latest.md"), &table)
        .map_err(|err| format!("target/bench/latest.md: {err}"))?;
    println!("\nfigures written to target/bench/latest.json, latest.md and {commit}.json");
    Ok(())
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))?;
    serde_json::from_str(&text).map_err(|err| format!("{}: {err}", path.display()))
}

/// The medians criterion estimated for `cargo bench --bench score`, read
/// from its own files (target/criterion/score_team/<name>/new/estimates.json).
fn native_recompute(root: &Path) -> Result<Value> {
    let mut runs = Vec::new();
    for (agents, per_dimension) in [(1_000, 6), (10_000, 8)] {
        let indicators = 5 * per_dimension;
        let name = format!("{agents} agents x {indicators} indicators");
        let median_ms = |group: &str| -> Result<f64> {
            let path = root
                .join("target/criterion")
                .join(group)
                .join(&name)
                .join("new/estimates.json");
            let estimates = read_json(&path)?;
            estimates["median"]["point_estimate"]
                .as_f64()
                .map(|ns| ns / 1e6)
                .ok_or_else(|| format!("{}: no median", path.display()))
        };
        runs.push(json!({
            "agents": agents,
            "indicators": indicators,
            "median_ms": median_ms("score_team")?,
            "weight_edit_median_ms": median_ms("rescore_weight_edit")?,
        }));
    }
    Ok(Value::Array(runs))
}

fn sizes(report: &size::Report) -> Value {
    let three = |sizes: &size::Sizes| json!({ "raw": sizes.raw, "gzip": sizes.gzip, "brotli": sizes.brotli });
    json!({
        "page": three(&report.page),
        "worker": three(&report.worker),
        "chunks": three(&report.chunks),
        "wasm": three(&report.wasm),
        "install": three(&report.install),
    })
}

/// What the figures were measured on: processors and their model, memory.
fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_gib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| (kb / 1024.0 / 1024.0 * 10.0).round() / 10.0);
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    json!({ "cpu": model, "cores": cores, "memory_gib": memory_gib, "load_at_end": load })
}

/// One Markdown table of every figure, with the target beside each.
fn table(all: &Value) -> String {
    let f = &all["figures"];
    let mut rows: Vec<[String; 4]> = Vec::new();
    let num = |value: &Value| value.as_f64();
    let ms = |value: Option<f64>| value.map_or("-".to_owned(), |v| format!("{v:.1} ms"));
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
        _ => "-".to_owned(),
    };
    let mbps = |bytes: Option<f64>, ms: Option<f64>| match (bytes, ms) {
        (Some(bytes), Some(ms)) if ms > 0.0 => Some(bytes / 1e6 / (ms / 1000.0)),
        _ => None,
    };
    let rate = |value: Option<f64>| value.map_or("-".to_owned(), |v| format!("{v:.1} MB/s"));

    for csv in f["import"]["csv"].as_array().into_iter().flatten() {
        let bytes = num(&csv["bytes"]);
        let ours = mbps(bytes, num(&csv["ours_ms"]));
        let papa = mbps(bytes, num(&csv["papaparse_ms"]));
        let udsv = mbps(bytes, num(&csv["udsv_ms"]));
        let native = num(&csv["native_mb_per_s"]);
        let mb = csv["megabytes"].as_u64().unwrap_or(0);
        rows.push([
            format!("CSV {mb} MB, parse + typed, Chromium"),
            format!("{} ({})", rate(ours), ms(num(&csv["ours_ms"]))),
            format!(
                "uDSV typedArrs {} (ours {}); PapaParse {} (ours {})",
                rate(udsv),
                ratio(ours, udsv),
                rate(papa),
                ratio(ours, papa)
            ),
            ">= 2x uDSV, >= 5x PapaParse, >= 150 MB/s".to_owned(),
        ]);
        let peak = num(&csv["heap_peak_bytes"]);
        rows.push([
            format!("CSV {mb} MB, wasm heap at its peak while importing"),
            peak.map_or("-".to_owned(), |peak| format!("{:.1} MB", peak / 1e6)),
            match (peak, bytes) {
                (Some(peak), Some(bytes)) if bytes > 0.0 => {
                    format!(
                        "{:.2}x the file (its bytes copied in included)",
                        peak / bytes
                    )
                }
                _ => "-".to_owned(),
            },
            "<= 2x the file".to_owned(),
        ]);
        rows.push([
            format!("CSV {mb} MB, parse + typed, native"),
            rate(native),
            format!("Chromium / native {}", ratio(ours, native)),
            ">= 250 MB/s".to_owned(),
        ]);
    }
    let xlsx = &f["import"]["xlsx"];
    if xlsx.is_object() {
        let bytes = num(&xlsx["bytes"]);
        let rows_read = xlsx["rows"].as_u64().unwrap_or(0);
        rows.push([
            format!(
                "XLSX {:.1} MB ({rows_read} rows), Chromium",
                bytes.unwrap_or(0.0) / 1e6
            ),
            ms(num(&xlsx["ours_ms"])),
            format!(
                "SheetJS {} (ours {} faster); native {}",
                ms(num(&xlsx["sheetjs_ms"])),
                ratio(num(&xlsx["sheetjs_ms"]), num(&xlsx["ours_ms"])),
                rate(num(&xlsx["native_mb_per_s"]))
            ),
            ">= 5x SheetJS".to_owned(),
        ]);
    }
    let natives = f["recompute_native"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for wasm in f["import"]["recompute"].as_array().into_iter().flatten() {
        let agents = wasm["agents"].as_u64().unwrap_or(0);
        let indicators = wasm["indicators"].as_u64().unwrap_or(0);
        let found = natives
            .iter()
            .find(|n| n["agents"].as_u64() == Some(agents));
        let native = found.and_then(|n| num(&n["median_ms"]));
        let rescore = found.and_then(|n| num(&n["weight_edit_median_ms"]));
        rows.push([
            format!("full recompute {agents} x {indicators}"),
            format!(
                "native {}, wasm {}; after a weight edit, native {}",
                ms(native),
                ms(num(&wasm["median_ms"])),
                ms(rescore)
            ),
            format!("wasm / native {}", ratio(num(&wasm["median_ms"]), native)),
            if agents == 10_000 {
                "<= 10 ms native, wasm <= 2x native".to_owned()
            } else {
                String::new()
            },
        ]);
    }
    for (agents, per_dimension) in EDIT_TEAMS {
        let indicators = 5 * per_dimension;
        let edit = &f[format!("edit_{agents}x{indicators}")];
        if edit.is_object() {
            rows.push([
                format!("weight edit {agents} x {indicators}, input to painted"),
                format!(
                    "median {}, p90 {}",
                    ms(num(&edit["median_ms"])),
                    ms(num(&edit["p90_ms"]))
                ),
                format!(
                    "worst {} of {} edits",
                    ms(num(&edit["worst_ms"])),
                    edit["edits"]
                ),
                if agents == 1_000 {
                    "median <= 16 ms, p90 <= 25 ms".to_owned()
                } else {
                    "<= 33 ms".to_owned()
                },
            ]);
        }
    }
    let drop = &f["drop_to_scorecards"];
    if drop.is_object() {
        rows.push([
            format!(
                "{} rows x 30 columns, drop to Scorecards",
                drop["rows"].as_u64().unwrap_or(0)
            ),
            ms(num(&drop["drop_to_scorecards_ms"])),
            format!(
                "read {}, import {}, scorecards {}; longest task {}, {} over 100 ms",
                ms(num(&drop["read_ms"])),
                ms(num(&drop["import_ms"])),
                ms(num(&drop["scorecards_ms"])),
                ms(num(&drop["longest_task_ms"])),
                drop["tasks_over_100_ms"]
            ),
            "< 1 s, no task over 100 ms".to_owned(),
        ]);
    }
    let cold = &f["cold_load"];
    if cold.is_object() {
        rows.push([
            format!(
                "cold start to the first scorecard ({})",
                cold["preset"].as_str().unwrap_or("")
            ),
            ms(num(&cold["total_ms"])),
            format!(
                "page ready {}, project scored {}; median of {}",
                ms(num(&cold["ready_ms"])),
                ms(num(&cold["scored_ms"])),
                cold["runs"]
            ),
            String::new(),
        ]);
    }
    let sizes = &f["sizes"];
    for (key, label, target) in [
        ("page", "page at open", "<= 500 KB gzip"),
        ("chunks", "chunks, each when first needed", ""),
        ("worker", "import worker", ""),
    ] {
        let s = &sizes[key];
        if s.is_object() {
            let kb = |name: &str| s[name].as_u64().map_or("-".to_owned(), size::kb);
            rows.push([
                label.to_owned(),
                format!("{} gzip", kb("gzip")),
                format!("{} raw, {} brotli", kb("raw"), kb("brotli")),
                target.to_owned(),
            ]);
        }
    }

    let mut text = String::new();
    let machine = &all["machine"];
    let _ = writeln!(
        text,
        "Commit {}, {}; {} ({} cores, {} GiB); Chromium {}",
        all["commit"].as_str().unwrap_or(""),
        all["date"].as_str().unwrap_or(""),
        machine["cpu"].as_str().unwrap_or(""),
        machine["cores"],
        machine["memory_gib"],
        f["import"]["browser"].as_str().unwrap_or("-"),
    );
    let _ = writeln!(text);
    let _ = writeln!(text, "| work | ours | peers, same run | target |");
    let _ = writeln!(text, "|---|---|---|---|");
    for [work, ours, peers, target] in rows {
        let _ = writeln!(text, "| {work} | {ours} | {peers} | {target} |");
    }
    for note in all["notes"].as_array().into_iter().flatten() {
        let _ = writeln!(text, "\nnote: {}", note.as_str().unwrap_or(""));
    }
    for note in f["import"]["notes"].as_array().into_iter().flatten() {
        let _ = writeln!(text, "\nnote: {}", note.as_str().unwrap_or(""));
    }
    text
}
