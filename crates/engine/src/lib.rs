//! The scoring engine: plain Rust values in, plain Rust values out.
//!
//! Architecture invariant: this module knows nothing of the UI framework, the
//! browser bindings, local storage or the DOM. It is tested with plain
//! `cargo test`; `tests/engine_purity.rs` fails if a file here names a web
//! crate, even in a comment.

pub mod bonus;
pub mod compare;
pub mod curve;
pub mod dataset;
mod de;
pub mod edit;
pub mod explain;
pub mod export;
pub mod figures;
pub mod formula;
pub mod grade;
pub mod id;
pub mod issue;
pub mod mapping;
pub mod order;
pub mod periods;
pub mod presets;
pub mod rank;
pub mod raters;
pub mod reading;
pub mod report;
pub mod scheme;
pub mod score;
pub mod sensitivity;
pub mod stats;
pub mod synthetic;
pub mod table;
pub mod unit;
pub mod validate;
pub mod value;
