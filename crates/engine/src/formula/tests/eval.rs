//! Values for one agent: comparisons, logic, functions, missing values,
//! short circuits, the previous period and evaluation errors.

use super::{check, check_with};

#[test]
fn comparisons() {
    check(&[
        ("2 < 3", "1"),
        ("3 < 3", "0"),
        ("3 <= 3", "1"),
        ("4 <= 3", "0"),
        ("4 > 3", "1"),
        ("3 > 3", "0"),
        ("3 >= 3", "1"),
        ("2 >= 3", "0"),
        ("3 == 3", "1"),
        ("3 == 4", "0"),
        ("3 = 3", "1"),
        ("3 != 4", "1"),
        ("3 != 3", "0"),
        ("3 <> 4", "1"),
        ("3 <> 3", "0"),
        ("a<b", "1"),
    ]);
}

#[test]
fn logic() {
    check(&[
        ("1 and 2", "1"),
        ("1 and 0", "0"),
        ("0 or 0", "0"),
        ("0 or 5", "1"),
        ("-3 or 0", "1"),
        ("not 0", "1"),
        ("not 7", "0"),
        ("not not 7", "1"),
        ("1 AND 0", "0"),
        ("0 Or 1", "1"),
        ("NOT 0", "1"),
        ("a > 1 and b > 1", "1"),
        ("a > 2 or b > 5", "0"),
    ]);
}

#[test]
fn functions() {
    check(&[
        ("min(3, 1, 2)", "1"),
        ("max(3, 1, 2)", "3"),
        ("min(5)", "5"),
        ("max(-5)", "-5"),
        ("MIN(a, b)", "2"),
        ("Max(a, b) * 2", "6"),
        ("min(max(1, 4), 3)", "3"),
        ("abs(-3)", "3"),
        ("abs(3)", "3"),
        ("round(2.5)", "3"),
        ("round(-2.5)", "-3"),
        ("round(2.4)", "2"),
        ("round(2.675, 2)", "2.68"),
        ("round(1.005, 2)", "1.01"),
        ("round(2 / 3, 3)", "0.667"),
        ("round(1250, -2)", "1300"),
        ("round(1234.5, -2)", "1200"),
        ("round(1.5, 400)", "1.5"),
        ("round(1.5, -400)", "0"),
        ("round(huge, 2)", "1e300"),
        ("if(1, 2, 3)", "2"),
        ("if(0, 2, 3)", "3"),
        ("IF(a > b, a, b)", "3"),
        ("if(1, if(0, 4, 5), 6)", "5"),
        ("prev(aov)", "50"),
        ("PREV([first contact resolved])", "0.5"),
        ("min (1, 2)", "1"),
    ]);
}

#[test]
fn first_contact_resolution_with_exclusions() {
    // (150 - 20) / (200 - 20) * 100 = 130 / 180 * 100.
    check(&[(
        "(resolved_first - excluded) / (tickets - excluded) * 100",
        "72.222222222",
    )]);
}

#[test]
fn aov_uplift_needs_a_previous_period() {
    let uplift = "(aov - prev(aov)) / prev(aov) * 100";
    // (55 - 50) / 50 * 100.
    check(&[(uplift, "10")]);
    check_with(&[(uplift, "missing"), ("aov", "55")], false);
    // c has no previous value even though the previous row exists.
    check(&[("prev(c)", "missing"), ("c - prev(c)", "missing")]);
}

#[test]
fn missing_propagates() {
    check(&[
        ("missing", "missing"),
        ("missing + 1", "missing"),
        ("1 - missing", "missing"),
        ("-missing", "missing"),
        ("1 / missing", "missing"),
        ("missing / 0", "missing"),
        ("0 / missing", "missing"),
        ("missing < 1", "missing"),
        ("not missing", "missing"),
        ("min(1, missing)", "missing"),
        ("max(missing, 1)", "missing"),
        ("abs(missing)", "missing"),
        ("round(missing)", "missing"),
        ("round(1.5, missing)", "missing"),
        ("if(missing, 1, 2)", "missing"),
        ("if missing then 1 else 2", "missing"),
        ("if(missing, 1 / 0, 1 / 0)", "missing"),
        ("if(1, 5, missing)", "5"),
        ("if(0, missing, 5)", "5"),
        ("if 1 then 5 else missing", "5"),
        ("prev(missing)", "missing"),
    ]);
}

#[test]
fn and_or_short_circuit() {
    check(&[
        ("0 and missing", "0"),
        ("missing and 0", "0"),
        ("1 and missing", "missing"),
        ("missing and 1", "missing"),
        ("1 or missing", "1"),
        ("missing or 1", "1"),
        ("0 or missing", "missing"),
        ("missing or 0", "missing"),
        ("0 and 1 / 0", "0"),
        ("1 or 1 / 0", "1"),
        ("if(1, 2, 1 / 0)", "2"),
        ("if 0 then 1 / 0 else 2", "2"),
        // A missing left side cannot decide, so the right side runs.
        ("missing and 1/0", "eval: division by zero at character 14"),
        ("-0 and 1 / 0", "0"),
        ("missing and -0", "0"),
        ("if(-0, 1, 2)", "2"),
        ("if -0 then 1 else 2", "2"),
    ]);
}

#[test]
fn evaluation_errors_point_at_the_operator() {
    check(&[
        ("1 / 0", "eval: division by zero at character 3"),
        ("1 + 4 / (2 - 2)", "eval: division by zero at character 7"),
        ("a / zero", "eval: division by zero at character 3"),
        ("接待量 / zero", "eval: division by zero at character 5"),
        ("zero / zero", "eval: division by zero at character 6"),
        (
            "1e200 * 1e200",
            "eval: the result at character 7 is not a finite number",
        ),
        (
            "huge * huge",
            "eval: the result at character 6 is not a finite number",
        ),
        (
            "-1e308 - 1e308",
            "eval: the result at character 8 is not a finite number",
        ),
        (
            "1 + nan",
            "eval: the result at character 5 is not a finite number",
        ),
        (
            "inf",
            "eval: the result at character 1 is not a finite number",
        ),
        // A skipped operand is never read.
        ("0 and nan", "0"),
    ]);
}
