//! The scoring engine: plain Rust values in, plain Rust values out.
//!
//! Architecture invariant: this module knows nothing of the UI framework, the
//! browser bindings, local storage or the DOM. It is tested with plain
//! `cargo test`; `tests/engine_purity.rs` fails if a file here names a web
//! crate, even in a comment.
