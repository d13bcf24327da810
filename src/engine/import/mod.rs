//! Importing figures: bytes -> text ([`text`]) -> raw table ([`delimited`])
//! -> typed values ([`value`]). Raw, then resolved: every stage keeps what
//! it read and reports, with row and column, what it could not use.

pub mod delimited;
pub mod mapping;
pub mod read;
pub mod text;
pub mod value;
pub mod xlsx;
