//! KPI scorecard calculator for customer-service teams: the page.
//!
//! `app` (browser builds only) is the Leptos shell that holds signals and
//! calls the layers below it: `kpi_engine` (schemes, scoring, analysis),
//! `kpi_store` (what is stored where) and `kpi_protocol` (the import
//! worker's messages). It never links the readers (`kpi_read`): they run in
//! the import worker.
//!
//! See docs/ARCHITECTURE.md for the map and the invariants.

// The generated translations module (see build.rs) and the UI exist only in
// the browser build, so native builds never compile a web crate.
#[cfg(target_arch = "wasm32")]
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(target_arch = "wasm32")]
pub mod app;
