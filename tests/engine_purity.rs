//! Architecture invariant: `src/engine/` (and `src/store/`, the storage
//! layer) knows nothing of the web. It names
//! none of leptos, web_sys, js_sys, gloo or wasm_bindgen, so it builds and is
//! tested natively and can serve the CLI, a web worker and the UI alike.

use std::fs;
use std::path::{Path, PathBuf};

const WEB_CRATES: [&str; 5] = ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"];

/// The web crates `source` names, as whole identifiers (so `gloo_storage`,
/// `leptos::` and `use wasm_bindgen` count, and `leptosish` or a word in a
/// longer name does not).
fn web_crates_named(source: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for word in source.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        for krate in WEB_CRATES {
            let named = word == krate
                || word
                    .strip_prefix(krate)
                    .is_some_and(|rest| rest.starts_with('_') && krate == "gloo");
            if named && !found.contains(&krate) {
                found.push(krate);
            }
        }
    }
    found
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn engine_names_no_web_crate() {
    let mut files = Vec::new();
    for dir in ["crates/engine/src", "crates/read/src", "crates/store/src"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let before = files.len();
        rust_files(&dir, &mut files);
        assert!(
            files.len() > before,
            "no Rust file found under {}",
            dir.display()
        );
    }
    let offenders: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let source = fs::read_to_string(file).expect("engine source is UTF-8");
            let named = web_crates_named(&source);
            (!named.is_empty()).then(|| format!("{} names {}", file.display(), named.join(", ")))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "the engine must stay pure:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn detector_finds_each_web_crate() {
    assert_eq!(web_crates_named("use leptos::prelude::*;"), ["leptos"]);
    assert_eq!(web_crates_named("let w = web_sys::window();"), ["web_sys"]);
    assert_eq!(web_crates_named("js_sys::Date::now()"), ["js_sys"]);
    assert_eq!(
        web_crates_named("use gloo_storage::LocalStorage;"),
        ["gloo"]
    );
    assert_eq!(web_crates_named("#[wasm_bindgen]"), ["wasm_bindgen"]);
    assert!(web_crates_named("fn leptosish() {} // web sys, glooming").is_empty());
}
