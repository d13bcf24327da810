//! Generates the `i18n` module from `locales/*.json` (leptos_i18n's build-time
//! code generation, which replaced the deprecated `load_locales!()` macro).
//! A key missing from one locale is reported here, at build time.
//!
//! With the `split` feature, the page's wasm is linked with its relocations
//! kept: the split into chunks (xtask/src/split.rs) reads them to tell which
//! code and data each chunk needs.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");

    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=kpi-scorecard=--emit-relocs");
    }

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    // interpolate_display: `t_string!` with values gives text, for messages
    // built outside the view (issue lists, downloads, attributes).
    let options = ParseOptions::new().interpolate_display(true);
    let cfg = Config::new("en")?.add_locale("zh")?.parse_options(options);
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
