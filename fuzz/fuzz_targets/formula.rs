//! Any text as a formula: parse, bind against three columns, evaluate on a
//! few rows. Never panics; a value that comes out is finite.
#![no_main]

use kpi_engine::formula::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(formula) = parse(text) else { return };
    let columns = ["a", "b", "c"];
    let Ok(bound) = formula.bind(&|name| columns.iter().position(|c| *c == name)) else {
        return;
    };
    let rows: [&[Option<f64>]; 3] = [
        &[Some(1.0), Some(0.0), None],
        &[Some(-2.5), Some(1e300), Some(3.0)],
        &[None, None, None],
    ];
    for row in rows {
        if let Ok(Some(value)) = bound.eval(row, Some(rows[0])) {
            assert!(value.is_finite());
        }
    }
});
