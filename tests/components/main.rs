//! Component tests: the app mounted in headless Chromium
//! (`cargo xtask test` runs them with wasm-bindgen-test-runner).
//! Each test mounts into its own container, never replacing `document.body`,
//! which the runner reads its results from.
#![cfg(target_arch = "wasm32")]

mod cards;
mod data;
mod projects;
mod scheme;
mod shell;
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
