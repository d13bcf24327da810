//! Any text as a cell value: never panics, and a number that comes out is
//! finite.
#![no_main]

use kpi_engine::value::{Value, parse_value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match parse_value(text) {
        Ok(Value::Number(x) | Value::Percent(x) | Value::Seconds(x)) => assert!(x.is_finite()),
        Ok(Value::Missing) | Err(_) => {}
    }
});
