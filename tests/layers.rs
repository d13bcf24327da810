//! The layers, as facts the build can check: which crate may depend on
//! which (from `cargo metadata`), no circle of imports between the modules
//! of a crate, and — a second net under the first — no web crate named in
//! the sources of the engine, the readers or the store, even in a comment.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

type Graph = BTreeMap<String, Vec<(String, Vec<String>)>>;

/// The machine's own target, which native builds and tests are for.
fn host() -> String {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc names its host")
        .to_owned()
}

/// Each package's dependencies by name, with the kinds they are used as
/// (`normal`, `dev`, `build`), from cargo's resolved graph: for every
/// target, or for one.
fn graph(platform: Option<&str>) -> Graph {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut args = vec!["metadata", "--format-version", "1", "--offline"];
    if let Some(platform) = platform {
        args.extend(["--filter-platform", platform]);
    }
    let output = Command::new(cargo)
        .args(&args)
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let name_of: BTreeMap<&str, &str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let mut graph = BTreeMap::new();
    for node in metadata["resolve"]["nodes"].as_array().unwrap() {
        let deps = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|dep| {
                let kinds = dep["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|kind| kind["kind"].as_str().unwrap_or("normal").to_owned())
                    .collect();
                (name_of[dep["pkg"].as_str().unwrap()].to_owned(), kinds)
            })
            .collect();
        graph.insert(name_of[node["id"].as_str().unwrap()].to_owned(), deps);
    }
    graph
}

/// Every package `package` links when built as `kinds` (its own edges of
/// those kinds, then the normal dependencies of each, for every target).
fn linked(graph: &Graph, package: &str, kinds: &[&str]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = graph[package]
        .iter()
        .filter(|(_, k)| k.iter().any(|k| kinds.contains(&k.as_str())))
        .map(|(name, _)| name.clone())
        .collect();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            for (dep, k) in &graph[&name] {
                if k.iter().any(|k| k == "normal") {
                    todo.push(dep.clone());
                }
            }
        }
    }
    seen
}

const WEB: [&str; 6] = [
    "leptos",
    "wasm-bindgen",
    "web-sys",
    "js-sys",
    "gloo-storage",
    "plotters-canvas",
];
const READERS: [&str; 5] = ["kpi-read", "csv", "calamine", "encoding_rs", "chrono"];

#[test]
fn each_crate_links_only_the_layers_below_it() {
    // For every target, so no target-specific dependency slips through;
    // the tests of the engine are built for the host only.
    let any = graph(None);
    let native = graph(Some(&host()));
    let check_in = |graph: &Graph, package: &str, kinds: &[&str], banned: &[&str]| {
        let linked = linked(graph, package, kinds);
        let found: Vec<&&str> = banned.iter().filter(|b| linked.contains(**b)).collect();
        assert!(found.is_empty(), "{package} ({kinds:?}) links {found:?}");
    };
    let check =
        |package: &str, kinds: &[&str], banned: &[&str]| check_in(&any, package, kinds, banned);
    let all_web_and_readers: Vec<&str> = WEB.iter().chain(&READERS).copied().collect();
    // The engine: no web crate, no reader, and its tests build none either
    // (they read CSV through kpi-read, which links no web crate).
    check("kpi-engine", &["normal"], &all_web_and_readers);
    check_in(&native, "kpi-engine", &["normal", "dev"], &WEB);
    check(
        "kpi-engine",
        &["normal", "dev", "build"],
        &["kpi-scorecard"],
    );
    check("kpi-store", &["normal"], &all_web_and_readers);
    // On wasm the readers reach js-sys through zip's random numbers
    // (getrandom); natively they link no web crate.
    check_in(&native, "kpi-read", &["normal"], &WEB);
    // The page never links the readers: they run in the import worker.
    check("kpi-scorecard", &["normal"], &READERS);
    check("kpi-protocol", &["normal"], &READERS);
    // The programs sit on top; nothing below depends on them or the page.
    for layer in ["kpi-engine", "kpi-read", "kpi-store", "kpi-protocol"] {
        check(
            layer,
            &["normal"],
            &[
                "kpi-scorecard",
                "kpi-cli",
                "kpi-import-worker",
                "kpi-import-bench",
            ],
        );
    }
    // What tests share is for tests only.
    for package in any.keys() {
        check(package, &["normal"], &["kpi-testkit"]);
    }
    let worker = linked(&any, "kpi-import-worker", &["normal"]);
    assert!(worker.contains("kpi-read") && worker.contains("kpi-protocol"));
    assert!(!worker.contains("leptos"), "the worker links no UI");
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

/// The modules of the crate whose source is `src` (each file below it, as
/// a path of module names) and the modules each one names outside its
/// tests (`crate::a::b`, `super::c`), resolved to modules that exist.
fn module_graph(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let module_of = |file: &Path| -> Vec<String> {
        let rel = file.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        parts
    };
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(file);
        let source = fs::read_to_string(file).unwrap();
        let source = source
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        // A file that is not a folder's `mod.rs` resolves `super` from its
        // parent.
        let is_dir_module = matches!(
            file.file_stem().and_then(|s| s.to_str()),
            Some("mod" | "lib" | "main")
        );
        let mut named = BTreeSet::new();
        for (at, _) in source
            .match_indices("crate::")
            .chain(source.match_indices("super::"))
        {
            // Only the start of a path: the second `super::` of
            // `super::super::x` is part of the first one's path.
            let before = source[..at].chars().next_back();
            if before.is_some_and(|c| c == ':' || c == '_' || c.is_alphanumeric()) {
                continue;
            }
            let rest = &source[at..];
            let mut path: Vec<String> = if rest.starts_with("crate::") {
                Vec::new()
            } else {
                let mut base = module.clone();
                if !is_dir_module {
                    base.pop();
                }
                base
            };
            for part in rest.split("::").skip(1).map(|p| {
                p.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
            }) {
                if part == "super" {
                    path.pop();
                    continue;
                }
                let mut longer = path.clone();
                longer.push(part.to_owned());
                if modules.contains(&longer) {
                    path = longer;
                } else {
                    break;
                }
            }
            // A module's own descendants and ancestors are its own business.
            if !path.is_empty() && !path.starts_with(&module) && !module.starts_with(&path) {
                named.insert(path);
            }
        }
        graph.insert(module, named);
    }
    graph
}

/// A circle of imports in `graph`, if there is one.
fn circle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<Vec<String>>> {
    fn visit(
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        node: &Vec<String>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(graph, next, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_has_a_circle_of_imports() {
    let mut sources = vec![root().join("src")];
    for entry in fs::read_dir(root().join("crates")).unwrap() {
        sources.push(entry.unwrap().path().join("src"));
    }
    for src in sources {
        let graph = module_graph(&src);
        assert!(!graph.is_empty(), "{}: no Rust file found", src.display());
        if let Some(found) = circle(&graph) {
            let names: Vec<String> = found.iter().map(|m| m.join("::")).collect();
            panic!(
                "{}: a circle of imports: {}",
                src.display(),
                names.join(" -> ")
            );
        }
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let m = |name: &str| vec![name.to_owned()];
    let mut graph = BTreeMap::new();
    graph.insert(m("a"), BTreeSet::from([m("b")]));
    graph.insert(m("b"), BTreeSet::from([m("c")]));
    graph.insert(m("c"), BTreeSet::new());
    assert_eq!(circle(&graph), None);
    graph.insert(m("c"), BTreeSet::from([m("a")]));
    assert_eq!(circle(&graph), Some(vec![m("a"), m("b"), m("c")]));
}

#[test]
fn a_path_of_supers_is_read_whole() {
    let src = std::env::temp_dir().join(format!("layers-supers-{}", std::process::id()));
    let _ = fs::remove_dir_all(&src);
    fs::create_dir_all(src.join("cards/agent")).unwrap();
    let write = |path: &str, text: &str| fs::write(src.join(path), text).unwrap();
    write("lib.rs", "mod cards;\n");
    write("cards/mod.rs", "mod agent;\nmod charts;\n");
    write("cards/charts.rs", "");
    write("cards/agent/mod.rs", "mod charts;\nmod radar;\n");
    write("cards/agent/charts.rs", "");
    write("cards/agent/radar.rs", "use super::super::charts::frame;\n");
    let graph = module_graph(&src);
    fs::remove_dir_all(&src).unwrap();
    let path = |parts: &[&str]| parts.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        graph[&path(&["cards", "agent", "radar"])],
        BTreeSet::from([path(&["cards", "charts"])])
    );
}

/// The web crates as their sources name them.
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

#[test]
fn engine_names_no_web_crate() {
    let mut files = Vec::new();
    for dir in ["crates/engine/src", "crates/read/src", "crates/store/src"] {
        let dir = root().join(dir);
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
