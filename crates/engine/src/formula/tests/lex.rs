//! Tokens: numbers, names, reserved words and the characters refused.

use super::check;
use crate::formula::is_keyword;

#[test]
fn numbers() {
    check(&[
        ("12", "12"),
        ("1.5", "1.5"),
        (".5", "0.5"),
        ("1.", "1"),
        ("1e3", "1000"),
        ("2.5E-2", "0.025"),
        ("1e+2", "100"),
        ("  7  ", "7"),
    ]);
}

#[test]
fn column_names() {
    check(&[
        ("[first contact resolved] * 100", "80"),
        ("[ first contact resolved ]", "0.8"),
        ("接待量 / 2", "60"),
        ("[接待量]+1", "121"),
        ("col_2", "7"),
        ("[and] + 1", "10"),
        ("a+b*c", "14"),
    ]);
}

#[test]
fn lexical_errors() {
    check(&[
        ("1 $ 2", "parse: at character 3: unexpected character \"$\""),
        (
            "a && b",
            "parse: at character 3: unexpected character \"&\" (use \"and\")",
        ),
        (
            "a ! b",
            "parse: at character 3: unexpected character \"!\" (use \"!=\" for not equal, or \"not\")",
        ),
        (
            "min（a）",
            "parse: at character 4: unexpected character \"（\" (a full-width parenthesis; use \"(\")",
        ),
        (
            "3rd + 1",
            "parse: at character 1: \"3rd\" is not a number, and a column name cannot start with a digit; write [3rd]",
        ),
        (
            "1e999",
            "parse: at character 1: the number \"1e999\" is too large",
        ),
        (
            "2e + 1",
            "parse: at character 2: expected the digits of the exponent after \"2e\"",
        ),
        (
            "1.2.3",
            "parse: at character 4: unexpected \".\" after the number \"1.2\"",
        ),
        (
            ". + 1",
            "parse: at character 1: unexpected \".\": a number needs a digit, e.g. .5 or 0.5",
        ),
        (
            "[]",
            "parse: at character 1: empty column name: write the name between the brackets, e.g. [first contact resolved]",
        ),
        (
            "1 + [  ]",
            "parse: at character 5: empty column name: write the name between the brackets, e.g. [first contact resolved]",
        ),
        (
            "1 + [tickets",
            "parse: at character 5: unclosed \"[\": a bracketed column name ends with \"]\"",
        ),
    ]);
}

#[test]
fn reserved_words_ignore_case_and_names_do_not_clash() {
    for word in ["and", "or", "not", "if", "then", "else", "AND", "Then"] {
        assert!(is_keyword(word), "{word}");
    }
    for word in ["min", "prev", "andy", "els", "", "[and]"] {
        assert!(!is_keyword(word), "{word}");
    }
}
