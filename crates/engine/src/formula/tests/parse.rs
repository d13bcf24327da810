//! Precedence, the two forms of `if`, syntax and call errors, nesting
//! limits, and the columns a formula names.

use super::{check, run};
use crate::formula::{ColumnRef, MAX_DEPTH, parse};

#[test]
fn precedence_and_associativity() {
    check(&[
        ("2 - 3 - 4", "-5"),
        ("2 * 3 + 4", "10"),
        ("2 + 3 * 4", "14"),
        ("-2 * 3", "-6"),
        ("8 / 4 / 2", "1"),
        ("(2 + 3) * 4", "20"),
        ("2 * (3 + 4)", "14"),
        ("-(2 + 3)", "-5"),
        ("--2", "2"),
        ("+2", "2"),
        ("2 * -3", "-6"),
        ("-2 - -3", "1"),
        ("2-3", "-1"),
        ("1 + 2 < 4", "1"),
        ("2 * 3 = 6", "1"),
        ("not 1 = 2", "1"),
        ("not 0 and 0", "0"),
        ("1 or 0 and 0", "1"),
        ("0 and 0 or 1", "1"),
        ("0 * -1", "0"),
    ]);
}

#[test]
fn keyword_if() {
    check(&[
        ("if a > b then 1 else 2", "2"),
        ("if a < b then 1 else 2", "1"),
        ("if 1 then 2 else 3 + 4", "2"),
        ("if 0 then 2 else 3 + 4", "7"),
        ("1 + if 0 then 2 else 3", "4"),
        ("if 0 then 1 else if 1 then 2 else 3", "2"),
        ("if 0 then 1 else if 0 then 2 else 3", "3"),
        ("if 1 then if 0 then 1 else 2 else 3", "2"),
        ("if (a < b) and 1 then 10 else 20", "10"),
        ("if (a) then 10 else 20", "10"),
        ("If a Then b Else c", "3"),
        ("if 0 then 1 else 2 or 0", "1"),
    ]);
}

#[test]
fn syntax_errors() {
    check(&[
        ("", "parse: at character 1: the formula is empty"),
        ("   ", "parse: at character 1: the formula is empty"),
        (
            "2 + * 3",
            "parse: at character 5: expected a number, a column or \"(\" but found \"*\"",
        ),
        (
            "2 +",
            "parse: at character 4: expected a number, a column or \"(\" but found the end of the formula",
        ),
        (
            "接待量 + * 2",
            "parse: at character 7: expected a number, a column or \"(\" but found \"*\"",
        ),
        (
            "(1 + 2",
            "parse: at character 7: unclosed parenthesis opened at character 1",
        ),
        (
            "1 + (2 * 3",
            "parse: at character 11: unclosed parenthesis opened at character 5",
        ),
        (
            "(1 2)",
            "parse: at character 4: expected an operator or \")\" but found \"2\"",
        ),
        (
            "1 + 2)",
            "parse: at character 6: unexpected \")\" without a matching \"(\"",
        ),
        (
            "a b",
            "parse: at character 3: unexpected \"b\" after the end of the formula",
        ),
        (
            "1 < 2 < 3",
            "parse: at character 7: comparisons cannot be chained: write a < b and b < c instead of a < b < c",
        ),
        (
            "and + 1",
            "parse: at character 1: expected a number, a column or \"(\" but found \"and\" (a reserved word: write [and] for a column of that name)",
        ),
        (
            "1 + not 0",
            "parse: at character 5: expected a number, a column or \"(\" but found \"not\" (put \"not ...\" in parentheses here)",
        ),
    ]);
}

#[test]
fn function_errors() {
    check(&[
        (
            "mean(a)",
            "parse: at character 1: unknown function \"mean\" (known: min, max, abs, round, if, prev)",
        ),
        (
            "1 + Mean (a)",
            "parse: at character 5: unknown function \"Mean\" (known: min, max, abs, round, if, prev)",
        ),
        (
            "prev(1)",
            "parse: at character 6: prev() takes one column, e.g. prev(aov)",
        ),
        (
            "prev(a + b)",
            "parse: at character 8: prev() takes one column, e.g. prev(aov)",
        ),
        (
            "prev()",
            "parse: at character 6: prev() takes one column, e.g. prev(aov)",
        ),
        (
            "prev(a, b)",
            "parse: at character 7: prev() takes one column, e.g. prev(aov)",
        ),
        (
            "prev(prev(a))",
            "parse: at character 6: prev() takes one column, e.g. prev(aov)",
        ),
        (
            "prev(a",
            "parse: at character 7: unclosed parenthesis opened at character 5",
        ),
        (
            "min()",
            "parse: at character 5: min() needs at least one argument, e.g. min(a, b)",
        ),
        (
            "abs()",
            "parse: at character 5: abs() takes one argument, e.g. abs(x)",
        ),
        (
            "abs(1, 2)",
            "parse: at character 8: abs() takes one argument, e.g. abs(x)",
        ),
        (
            "round(1, 2, 3)",
            "parse: at character 13: round() takes one or two arguments: round(x) or round(x, digits)",
        ),
        (
            "min(1 2)",
            "parse: at character 7: expected \",\" or \")\" in the arguments of min() but found \"2\"",
        ),
        (
            "max(1, 2",
            "parse: at character 9: unclosed parenthesis opened at character 4",
        ),
        (
            "if(1, 2)",
            "parse: at character 8: if() takes three arguments: if(condition, then, else)",
        ),
        (
            "if(1, 2, 3, 4)",
            "parse: at character 13: if() takes three arguments: if(condition, then, else)",
        ),
        (
            "if(1, 2, 3",
            "parse: at character 11: unclosed parenthesis opened at character 3",
        ),
        (
            "if 1 2",
            "parse: at character 6: expected \"then\" after the condition of the if at character 1 (or write if(condition, then, else)) but found \"2\"",
        ),
        (
            "if 1 then 2",
            "parse: at character 12: expected \"else\" (every if needs one: if condition then a else b) but found the end of the formula",
        ),
        (
            "then",
            "parse: at character 1: expected a number, a column or \"(\" but found \"then\" (a reserved word: write [then] for a column of that name)",
        ),
    ]);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let error = parse(&deep).unwrap_err();
    assert_eq!(error.position, MAX_DEPTH + 1);
    assert!(error.message().contains("nested too deeply"), "{error}");

    let limit = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(run(&limit, true), "1");

    for opener in ["abs(", "if(1, ", "min(1, ", "if 1 then 1 else ", "round("] {
        let deep = opener.repeat(10_000);
        let error = parse(&deep).unwrap_err();
        assert!(
            error.message().contains("nested too deeply"),
            "{opener}: {error}"
        );
    }
}

#[test]
fn long_flat_formulas_need_no_recursion() {
    let sum = format!("1{}", " + 1".repeat(50_000));
    assert_eq!(run(&sum, true), "50001");
    let negations = format!("{}3", "-".repeat(10_001));
    assert_eq!(run(&negations, true), "-3");
    let nots = format!("{}0", "not ".repeat(10_001));
    assert_eq!(run(&nots, true), "1");
    let ors = format!("0{}", " or 0".repeat(10_000));
    assert_eq!(run(&ors, true), "0");
    let many = format!("max(0{})", ", 1".repeat(10_000));
    assert_eq!(run(&many, true), "1");
}

#[test]
fn columns_in_source_order() {
    let formula = parse("a + prev([b c]) * 接待量 - a").unwrap();
    let column = |name: &str, position, previous| ColumnRef {
        name: name.to_owned(),
        position,
        previous,
    };
    assert_eq!(
        formula.columns(),
        [
            column("a", 1, false),
            column("b c", 10, true),
            column("接待量", 19, false),
            column("a", 25, false),
        ]
    );
    let formula = parse("if x then y else z or w").unwrap();
    let names: Vec<String> = formula.columns().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["x", "y", "z", "w"]);
    assert!(parse("1 + 2").unwrap().columns().is_empty());
}
