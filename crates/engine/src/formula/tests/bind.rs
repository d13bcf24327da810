//! Column names resolved to a table's indices.

use super::check;
use crate::formula::parse;

#[test]
fn unknown_columns_fail_at_bind_time() {
    check(&[
        ("tickts", "bind: at character 1: unknown column \"tickts\""),
        (
            "a + [tickts]",
            "bind: at character 5: unknown column \"tickts\"",
        ),
        (
            "接待量 / 接待",
            "bind: at character 7: unknown column \"接待\"",
        ),
        (
            "prev(aovv)",
            "bind: at character 6: unknown column \"aovv\"",
        ),
        // Names are matched exactly: case is the resolver's business.
        ("AOV", "bind: at character 1: unknown column \"AOV\""),
    ]);
}

#[test]
fn bound_formula_reads_its_own_indices() {
    let formula = parse("x / y").unwrap();
    let bound = formula
        .bind(&|name| match name {
            "y" => Some(0),
            "x" => Some(2),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        bound.eval(&[Some(4.0), None, Some(10.0)], None),
        Ok(Some(2.5))
    );
    // A row shorter than the table reads as missing rather than panicking.
    assert_eq!(bound.eval(&[Some(4.0)], None), Ok(None));
    assert_eq!(bound.eval(&[], None), Ok(None));
}
