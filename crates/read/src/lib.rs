//! The readers: what the user gave (pasted text, or a file's bytes) to a raw
//! [`Table`](kpi_engine::table::Table). Bytes to text ([`text`]: UTF-8,
//! UTF-16, GBK), text to cells ([`delimited`]: tab, comma, semicolon), a
//! workbook's sheet to cells ([`xlsx`]), and the whole stage in one call
//! that reports progress ([`read::read_input`], or [`read::read_file`] for
//! bytes given up to it). Typing the cells is the
//! engine's (`kpi_engine::figures`), so every source types the same way.
//!
//! Used by the import worker and the CLI, never by the page: the vocabulary
//! the page needs (choices, how a source was read, errors) is
//! `kpi_engine::reading`.

pub mod delimited;
pub mod read;
pub mod text;
pub mod xlsx;

pub use delimited::{csv_table, detect_delimiter, parse_delimited};
pub use read::{is_workbook, read_file, read_input};
