//! The page in chunks: the task runner stands in for `wasm-bindgen` when
//! Trunk builds the site, and splits the page's wasm at its split points
//! (`#[wasm_split]` in src/app/shell.rs, the `split` feature) before the real
//! wasm-bindgen runs on what is left for the page at open.
//!
//! Why here: Trunk 0.21 has no step between cargo and wasm-bindgen, and the
//! split must come first (wasm-bindgen drops the relocations it needs).
//! Trunk finds `wasm-bindgen` on `PATH` and checks its `--version`; the task
//! runner puts a copy of itself named `wasm-bindgen` first on the `PATH` it
//! gives Trunk, and a copy started under that name runs [`wasm_bindgen`].
//!
//! What comes out:
//! - `NAME_bg.wasm` and `NAME.js`, as wasm-bindgen writes them, for the page
//!   without its chunks, which Trunk takes on as usual;
//! - the chunks and their loader in `$KPI_SPLIT_OUT/kpi-split-HASH/`, which
//!   xtask/post_build.mjs copies into the site. Not among wasm-bindgen's
//!   snippets: Trunk copies those for the import worker too, at the same
//!   time, and would bring along an earlier build's. The loader is a module
//!   the page imports at open; it fetches a chunk when an area first opens.
//!   HASH is the input's, so a new build never mixes with a cached chunk of
//!   an old one.
//!
//! Any other wasm (the import worker, the benchmark page) goes to the real
//! wasm-bindgen untouched.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::Result;

/// The name the task runner answers to when it stands in for wasm-bindgen.
pub const BINDGEN_NAME: &str = "wasm-bindgen";
/// The real wasm-bindgen's path, given by the task runner.
pub const REAL_BINDGEN_ENV: &str = "KPI_REAL_WASM_BINDGEN";
/// Set (to a wasm-opt level such as `z`) in release builds: the chunks are
/// optimised as Trunk optimises the page's own wasm.
pub const CHUNK_OPT_ENV: &str = "KPI_SPLIT_WASM_OPT";
/// Where the chunks are written, given by the task runner (and read by
/// xtask/post_build.mjs).
pub const SPLIT_OUT_ENV: &str = "KPI_SPLIT_OUT";
/// The folder prefix of the chunks and their loader, there and in the site.
pub const CHUNK_DIR_PREFIX: &str = "kpi-split-";
/// The custom section a wasm with split points carries
/// (wasm_split_helpers' marker).
const SPLIT_SECTION: &str = "__wasm_split_unstable";

/// Whether this process was started as `wasm-bindgen`.
pub fn started_as_bindgen() -> bool {
    std::env::args_os()
        .next()
        .map(PathBuf::from)
        .and_then(|path| path.file_stem().map(OsStr::to_owned))
        .is_some_and(|stem| stem == BINDGEN_NAME)
}

/// Runs as wasm-bindgen with these arguments (the program name left out).
pub fn wasm_bindgen(args: Vec<OsString>) -> ExitCode {
    match run(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("wasm-bindgen (kpi split): {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<OsString>) -> Result<ExitCode> {
    let real = std::env::var_os(REAL_BINDGEN_ENV)
        .ok_or_else(|| format!("{REAL_BINDGEN_ENV} is not set: run Trunk through `cargo xtask`"))?;
    let Some(call) = BindgenCall::parse(&args) else {
        // `--version`, `--help`: nothing to split.
        return bindgen(&real, &args);
    };
    let bytes =
        fs::read(&call.input).map_err(|err| format!("reading {}: {err}", call.input.display()))?;
    if !has_split_points(&bytes)? {
        return bindgen(&real, &args);
    }
    let main = split(&call, &bytes)?;
    let mut args = call.with_input(&args, &main);
    // The chunks share the page's function table: wasm-bindgen must keep
    // the linker's export of it.
    args.push("--keep-lld-exports".into());
    let code = bindgen(&real, &args);
    let _ = fs::remove_file(&main);
    code
}

/// What of a wasm-bindgen call the split needs.
#[derive(Debug, PartialEq)]
struct BindgenCall {
    out_dir: PathBuf,
    out_name: String,
    input: PathBuf,
    /// Where the input is among the arguments.
    input_at: usize,
}

impl BindgenCall {
    /// The call's output folder, output name and input wasm; `None` for a
    /// call that builds nothing (no input).
    fn parse(args: &[OsString]) -> Option<BindgenCall> {
        let mut out_dir = None;
        let mut out_name = None;
        let mut input = None;
        let mut at = 0;
        while at < args.len() {
            let arg = args[at].to_str()?;
            let mut value = |flag: &str| -> Option<Option<String>> {
                if let Some(value) = arg.strip_prefix(flag).and_then(|v| v.strip_prefix('=')) {
                    Some(Some(value.to_owned()))
                } else if arg == flag {
                    at += 1;
                    Some(args.get(at).and_then(|v| v.to_str()).map(str::to_owned))
                } else {
                    None
                }
            };
            if let Some(dir) = value("--out-dir") {
                out_dir = Some(PathBuf::from(dir?));
            } else if let Some(name) = value("--out-name") {
                out_name = Some(name?);
            } else if !arg.starts_with('-') {
                if input.is_some() {
                    return None;
                }
                input = Some((PathBuf::from(arg), at));
            }
            at += 1;
        }
        let (input, input_at) = input?;
        let out_name = match out_name {
            Some(name) => name,
            None => input.file_stem()?.to_str()?.to_owned(),
        };
        Some(BindgenCall {
            out_dir: out_dir?,
            out_name,
            input,
            input_at,
        })
    }

    /// The same arguments with another input wasm.
    fn with_input(&self, args: &[OsString], input: &Path) -> Vec<OsString> {
        let mut args = args.to_vec();
        args[self.input_at] = input.into();
        args
    }
}

/// Splits the input: writes the chunks and their loader under
/// `$KPI_SPLIT_OUT/kpi-split-HASH/`, and returns the path of the wasm left
/// for the page, which wasm-bindgen then reads.
fn split(call: &BindgenCall, bytes: &[u8]) -> Result<PathBuf> {
    let out =
        PathBuf::from(std::env::var_os(SPLIT_OUT_ENV).ok_or_else(|| {
            format!("{SPLIT_OUT_ENV} is not set: run Trunk through `cargo xtask`")
        })?);
    let hash = trunk_hash(bytes);
    // Only this build's chunks are left to copy.
    remove_earlier_chunks(&out)?;
    let chunk_dir_name = format!("{CHUNK_DIR_PREFIX}{hash}");
    let chunk_dir = out.join(&chunk_dir_name);
    fs::create_dir_all(&chunk_dir).map_err(|err| format!("{}: {err}", chunk_dir.display()))?;
    let main = call.out_dir.join(format!("{}.split.wasm", call.out_name));
    // The module the page's script imports the loader from, beside it at
    // the site's root; the loader writes itself there (below `out`).
    let link_name = format!("./{chunk_dir_name}/__wasm_split.js");
    // The loader imports `initSync` from the page's script, which Trunk
    // names NAME-HASH.js, one folder up.
    let main_module = format!("../{}-{hash}.js", call.out_name);
    let mut options = wasm_split_cli_support::Options::new(bytes);
    options.output_dir = &out;
    options.main_out_path = &main;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let result = wasm_split_cli_support::transform(options)
        .map_err(|err| format!("splitting {}: {err:#}", call.input.display()))?;
    let level = std::env::var(CHUNK_OPT_ENV).ok();
    for chunk in result.split_modules {
        let name = chunk.file_name().ok_or("a chunk without a file name")?;
        let target = chunk_dir.join(name);
        match &level {
            Some(level) => {
                optimise(&chunk, &target, level)?;
                fs::remove_file(&chunk).map_err(|err| format!("{}: {err}", chunk.display()))?;
            }
            None => fs::rename(&chunk, &target)
                .map_err(|err| format!("moving {}: {err}", chunk.display()))?,
        }
    }
    Ok(main)
}

fn remove_earlier_chunks(out: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(out) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(CHUNK_DIR_PREFIX)
        {
            let path = entry.path();
            fs::remove_dir_all(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        }
    }
    Ok(())
}

fn optimise(input: &Path, output: &Path, level: &str) -> Result<()> {
    let status = Command::new("wasm-opt")
        .arg(format!("-O{level}"))
        .arg(input)
        .arg("-o")
        .arg(output)
        .status()
        .map_err(|err| format!("running wasm-opt: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("wasm-opt failed on {} ({status})", input.display()))
    }
}

fn bindgen(real: &OsStr, args: &[OsString]) -> Result<ExitCode> {
    let status = Command::new(real)
        .args(args)
        .status()
        .map_err(|err| format!("running {}: {err}", Path::new(real).display()))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// Whether the wasm carries split points.
fn has_split_points(bytes: &[u8]) -> Result<bool> {
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|err| format!("reading the wasm: {err}"))?;
        if let wasmparser::Payload::CustomSection(section) = payload
            && section.name() == SPLIT_SECTION
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The cache-busting hash Trunk 0.21 puts in the page's file names: seahash
/// of the wasm cargo built, in hex (Trunk's `hashed_wasm_base`).
/// xtask/post_build.mjs checks that the loader's import names a file Trunk
/// wrote, so a Trunk that names files otherwise fails the build, not the page.
fn trunk_hash(bytes: &[u8]) -> String {
    let mut hasher = seahash::SeaHasher::new();
    hasher.write(bytes);
    format!("{:x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn reads_trunks_call_in_either_form() {
        let call = args(&[
            "--target=web",
            "--out-dir=/t/wasm-bindgen/release",
            "--out-name=kpi-scorecard",
            "/t/page/kpi-scorecard.wasm",
            "--no-typescript",
        ]);
        let expected = BindgenCall {
            out_dir: "/t/wasm-bindgen/release".into(),
            out_name: "kpi-scorecard".into(),
            input: "/t/page/kpi-scorecard.wasm".into(),
            input_at: 3,
        };
        assert_eq!(BindgenCall::parse(&call), Some(expected));
        let spaced = args(&["--out-dir", "/o", "in.wasm", "--out-name", "page"]);
        let parsed = BindgenCall::parse(&spaced).unwrap();
        assert_eq!(
            (parsed.out_dir, parsed.out_name.as_str(), parsed.input_at),
            (PathBuf::from("/o"), "page", 2)
        );
        let replaced = BindgenCall::parse(&call)
            .unwrap()
            .with_input(&call, Path::new("/t/main.wasm"));
        assert_eq!(replaced[3], OsString::from("/t/main.wasm"));
        assert_eq!(replaced[..3], call[..3]);
    }

    #[test]
    fn a_call_without_input_or_output_is_passed_through() {
        assert_eq!(BindgenCall::parse(&args(&["--version"])), None);
        assert_eq!(
            BindgenCall::parse(&args(&["in.wasm"])),
            None,
            "no --out-dir"
        );
        assert_eq!(
            BindgenCall::parse(&args(&["--out-dir=/o", "a.wasm", "b.wasm"])),
            None,
            "two inputs: not a call this understands"
        );
    }

    #[test]
    fn only_a_wasm_with_the_marker_section_is_split() {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        assert!(!has_split_points(&module).unwrap());
        // A custom section (id 0): size, name length, name, no payload.
        let name = SPLIT_SECTION.as_bytes();
        module.extend([0, name.len() as u8 + 1, name.len() as u8]);
        module.extend(name);
        assert!(has_split_points(&module).unwrap());
        assert!(has_split_points(b"not wasm").is_err());
    }

    #[test]
    fn earlier_chunks_are_removed_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("kpi-split-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for sub in ["kpi-split-0ld", "kpi-split-1", "leptos-abc"] {
            fs::create_dir_all(dir.join(sub)).unwrap();
            fs::write(dir.join(sub).join("a.js"), "x").unwrap();
        }
        remove_earlier_chunks(&dir).unwrap();
        let mut left: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["leptos-abc"]);
        remove_earlier_chunks(&dir.join("missing")).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }
}
