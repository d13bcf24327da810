//! Errors as data at a position, and their English words.

use super::resolve;
use crate::formula::{
    CharacterHint, EvalError, Expected, FormulaError, FormulaProblem, Found, parse,
};

#[test]
fn errors_are_data_at_a_position() {
    let error = |source: &str| parse(source).err();
    let at = |position: usize, kind: FormulaProblem| Some(FormulaError { position, kind });
    assert_eq!(
        error("a +"),
        at(4, FormulaProblem::ExpectedOperand { found: Found::End })
    );
    assert_eq!(
        error("（a）"),
        at(
            1,
            FormulaProblem::UnexpectedCharacter {
                character: '（',
                hint: Some(CharacterHint::FullWidthOpen),
            }
        )
    );
    assert_eq!(
        error("if a then b c"),
        at(
            13,
            FormulaProblem::MissingElse {
                found: Found::Text("c".to_owned()),
            }
        )
    );
    assert_eq!(
        error("min(a b)"),
        at(
            7,
            FormulaProblem::Expected {
                expected: Expected::ArgumentSeparator { function: "min" },
                found: Found::Text("b".to_owned()),
            }
        )
    );
    let unknown = parse("a / zz").map(|formula| formula.bind(&resolve).err());
    assert_eq!(
        unknown,
        Ok(at(
            5,
            FormulaProblem::UnknownColumn {
                name: "zz".to_owned(),
            }
        ))
    );
    let words = error("min(a b)").map(|error| (error.message(), error.to_string()));
    assert_eq!(
        words,
        Some((
            "expected \",\" or \")\" in the arguments of min() but found \"b\"".to_owned(),
            "at character 7: expected \",\" or \")\" in the arguments of min() but found \"b\""
                .to_owned(),
        ))
    );
}

#[test]
fn error_display() {
    let error = parse("1 +").unwrap_err();
    assert_eq!(
        error.to_string(),
        "at character 4: expected a number, a column or \"(\" but found the end of the formula"
    );
    assert_eq!(
        EvalError::DivisionByZero { position: 3 }.to_string(),
        "division by zero at character 3"
    );
    assert_eq!(
        EvalError::NotFinite { position: 9 }.to_string(),
        "the result at character 9 is not a finite number"
    );
}
