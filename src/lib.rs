//! KPI scorecard calculator for customer-service teams.
//!
//! - [`engine`]: pure Rust — schemes, scoring, parsing, export. No web crates.
//! - [`store`]: pure Rust — what is stored where, revisions, refused and
//!   conflicting writes, over any key-value backend.
//! - `app` (browser builds only): the Leptos shell that holds signals and calls
//!   the engine.
//!
//! See docs/ARCHITECTURE.md for the map and the invariants.

pub mod engine;
pub mod store;

// The generated translations module (see build.rs) and the UI exist only in
// the browser build, so native builds never compile a web crate.
#[cfg(target_arch = "wasm32")]
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(target_arch = "wasm32")]
pub mod app;
