//! The project's task runner (`cargo xtask <task>`), the Rust convention for
//! build scripts that need more than cargo: it installs the web toolchain on
//! first use, then builds, serves and tests the app.
//!
//! Tasks:
//! - `serve [--port N] [--release]`: build and serve the app at
//!   http://127.0.0.1:8080 (or `PORT`), rebuilding on change.
//! - `test`: every check and test, ending with the counts of tests run.
//! - `dist`: the static site in `dist/` (release, wasm-opt), with its sizes.
//! - `setup`: only install what is missing.

mod counts;
mod proc;
mod size;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use counts::Counts;
use proc::Cmd;

/// Ceiling on the gzip transfer size of everything in `dist/`, in bytes.
/// Later issues lower it.
const GZIP_BUDGET: u64 = 600 * 1000;

type Result<T, E = String> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(),
        Some("dist") => dist().map(|_| ()),
        Some("setup") => setup(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <task>

  serve [--port N] [--release]  build and serve the app at http://127.0.0.1:8080
                                (port from --port or PORT), rebuilding on change
  test                          lint, native tests, browser component tests,
                                release build with size check, end-to-end tests
  dist                          build the static site into dist/ (release)
  setup                         install the missing tools and stop";

/// The workspace root (the parent of this crate's folder).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn setup() -> Result<()> {
    let started = Instant::now();
    tools::Tools::ensure_all(&root())?;
    println!("setup done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn serve(args: &[String]) -> Result<()> {
    let mut port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_owned());
    let mut release = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--port" => port = rest.next().ok_or("--port needs a number")?.clone(),
            "--release" => release = true,
            other => return Err(format!("unknown option {other:?} for serve\n\n{USAGE}")),
        }
    }
    port.parse::<u16>()
        .map_err(|_| format!("the port must be a number from 1 to 65535, not {port:?}"))?;
    let root = root();
    let tools = if release {
        tools::Tools::ensure_all(&root)?
    } else {
        tools::Tools::ensure_build(&root)?
    };
    println!("serving at http://127.0.0.1:{port}/ (Ctrl-C stops)");
    let mut cmd = Cmd::new("trunk").args(["serve", "--address", "127.0.0.1", "--port", &port]);
    if release {
        cmd = cmd.arg("--release");
    }
    cmd.dir(&root).path(&tools.path).run()
}

/// Builds the release site into `dist/` and checks its size.
fn dist() -> Result<size::Report> {
    let root = root();
    let tools = tools::Tools::ensure_all(&root)?;
    build_dist(&root, &tools)
}

fn build_dist(root: &Path, tools: &tools::Tools) -> Result<size::Report> {
    step("release build into dist/");
    Cmd::new("trunk")
        .args(["build", "--release"])
        .dir(root)
        .path(&tools.path)
        .run()?;
    let report = size::Report::of_dir(&root.join("dist"))?;
    print!("{report}");
    if report.total_gzip > GZIP_BUDGET {
        return Err(format!(
            "the gzip transfer size {} exceeds the budget of {}",
            size::kb(report.total_gzip),
            size::kb(GZIP_BUDGET)
        ));
    }
    Ok(report)
}

fn test() -> Result<()> {
    let started = Instant::now();
    let root = root();
    let tools = tools::Tools::ensure_all(&root)?;

    step("format");
    Cmd::new("cargo")
        .args(["fmt", "--all", "--check"])
        .dir(&root)
        .run()?;

    step("clippy (native)");
    Cmd::new("cargo")
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .dir(&root)
        .run()?;

    step("clippy (wasm32)");
    Cmd::new("cargo")
        .args([
            "clippy",
            "--package",
            "kpi-scorecard",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .dir(&root)
        .path(&tools.path)
        .run()?;

    step("native tests (engine, CLI, task runner)");
    let native = Cmd::new("cargo")
        .args(["test", "--workspace"])
        .dir(&root)
        .run_counting(counts::parse_cargo_test)?;

    step("component tests in headless Chromium");
    let browser = Cmd::new("cargo")
        .args([
            "test",
            "--package",
            "kpi-scorecard",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "components",
        ])
        .dir(&root)
        .path(&tools.path)
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root.join("xtask/webdriver.json"),
        )
        .run_counting(counts::parse_cargo_test)?;

    let report = build_dist(&root, &tools)?;

    step("end-to-end tests against dist/ over HTTP");
    let e2e = Cmd::new("node")
        .arg(root.join("tests/e2e/run.mjs"))
        .dir(&root)
        .path(&tools.path)
        .env("KPI_DIST", root.join("dist"))
        .env("KPI_CHROMIUM", &tools.chromium)
        .env("KPI_SCREENSHOTS", root.join("target/e2e"))
        .run_counting(counts::parse_plain)?;

    let total = native + browser + e2e;
    println!("\n== summary ({:.0} s)", started.elapsed().as_secs_f64());
    println!("native tests     {native}");
    println!("component tests  {browser}");
    println!("end-to-end tests {e2e}");
    println!(
        "size             wasm {} gzip, total {} gzip (budget {})",
        size::kb(report.wasm_gzip),
        size::kb(report.total_gzip),
        size::kb(GZIP_BUDGET)
    );
    println!("{total}");
    if total.failed > 0 {
        return Err(format!("{} test(s) failed", total.failed));
    }
    if total.passed == 0 {
        return Err("no test ran".to_owned());
    }
    Ok(())
}

fn step(name: &str) {
    println!("\n== {name}");
}

impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            passed: self.passed + other.passed,
            failed: self.failed + other.failed,
            ignored: self.ignored + other.ignored,
        }
    }
}
