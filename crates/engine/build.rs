//! The presets' scheme files, compiled in without the whitespace between
//! their tokens: a file that only parses needs no indentation. The files in
//! `src/presets/` stay as people read and edit them.
//!
//! Beside each, `<id>.info.rs`: its name and description as Rust
//! literals ([`PresetInfo`](src/presets/mod.rs)), so a list of the presets
//! does not hold the schemes (the page lists them at open and fetches a
//! scheme when one is chosen).

use std::fs;
use std::path::Path;

fn main() {
    let from = Path::new("src/presets");
    println!("cargo::rerun-if-changed=src/presets");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let to = Path::new(&out).join("presets");
    fs::create_dir_all(&to).expect("OUT_DIR is writable");
    for entry in fs::read_dir(from).expect("src/presets is there") {
        let path = entry.expect("src/presets lists").path();
        if path.extension().is_some_and(|ext| ext == "json") {
            let text = fs::read_to_string(&path).expect("a preset is UTF-8");
            let name = path.file_name().expect("a file name");
            fs::write(to.join(name), squeeze(&text)).expect("OUT_DIR is writable");
            let info = path.with_extension("info.rs");
            let info = info.file_name().expect("a file name");
            fs::write(to.join(info), info_literal(&text)).expect("OUT_DIR is writable");
        }
    }
}

/// `PresetInfo { .. }` with the scheme's names and descriptions.
fn info_literal(json: &str) -> String {
    let scheme: serde_json::Value = serde_json::from_str(json).expect("a preset is JSON");
    let text = |path: &str| {
        let value = scheme.pointer(path).and_then(|value| value.as_str());
        // Debug of a str is a Rust string literal, escapes included.
        format!(
            "{:?}",
            value.unwrap_or_else(|| panic!("a preset has {path}"))
        )
    };
    format!(
        "PresetInfo {{ name: [{}, {}], description: [{}, {}] }}",
        text("/name/en"),
        text("/name/zh"),
        text("/description/en"),
        text("/description/zh"),
    )
}

/// JSON text without the whitespace between tokens (inside strings it is
/// kept, escapes included).
fn squeeze(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
