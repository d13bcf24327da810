//! Why a formula cannot be used, at the character where the problem is.

use super::{I18n, list_separator};
use crate::i18n::*;
use kpi_engine::formula::{
    CharacterHint, Expected, FormulaError, FormulaProblem, Found, KNOWN_FUNCTIONS,
};

/// Why a formula cannot be used, with the character where the problem is.
pub fn formula_error_text(i18n: I18n, error: &FormulaError) -> String {
    t_string!(
        i18n,
        problem.formula_at,
        position = error.position,
        message = formula_problem_text(i18n, &error.kind)
    )
    .to_string()
}

/// What is wrong with a formula, without the position: a clause to follow
/// "at character N:".
fn formula_problem_text(i18n: I18n, problem: &FormulaProblem) -> String {
    let found = |found: &Found| match found {
        Found::End => t_string!(i18n, problem.formula.found_end).to_string(),
        Found::Text(text) => {
            t_string!(i18n, problem.formula.found_text, text = text.clone()).to_string()
        }
    };
    match problem {
        FormulaProblem::Empty => t_string!(i18n, problem.formula.empty).to_string(),
        FormulaProblem::UnmatchedClose => {
            t_string!(i18n, problem.formula.unmatched_close).to_string()
        }
        FormulaProblem::TrailingInput { found: what } => {
            t_string!(i18n, problem.formula.trailing, found = found(what)).to_string()
        }
        FormulaProblem::UnknownColumn { name } => {
            t_string!(i18n, problem.formula.unknown_column, name = name.clone()).to_string()
        }
        FormulaProblem::LoneDot => t_string!(i18n, problem.formula.lone_dot).to_string(),
        FormulaProblem::MissingExponent { number } => t_string!(
            i18n,
            problem.formula.missing_exponent,
            number = number.clone()
        )
        .to_string(),
        FormulaProblem::DotAfterNumber { number } => t_string!(
            i18n,
            problem.formula.dot_after_number,
            number = number.clone()
        )
        .to_string(),
        FormulaProblem::DigitStartsName { word } => {
            t_string!(i18n, problem.formula.digit_starts_name, word = word.clone()).to_string()
        }
        FormulaProblem::NotANumber { literal } => t_string!(
            i18n,
            problem.formula.not_a_number,
            literal = literal.clone()
        )
        .to_string(),
        FormulaProblem::NumberTooLarge { literal } => t_string!(
            i18n,
            problem.formula.number_too_large,
            literal = literal.clone()
        )
        .to_string(),
        FormulaProblem::UnclosedBracket => {
            t_string!(i18n, problem.formula.unclosed_bracket).to_string()
        }
        FormulaProblem::EmptyBracket => t_string!(i18n, problem.formula.empty_bracket).to_string(),
        FormulaProblem::UnexpectedCharacter {
            character,
            hint: None,
        } => t_string!(
            i18n,
            problem.formula.unexpected_character,
            character = *character
        )
        .to_string(),
        FormulaProblem::UnexpectedCharacter {
            character,
            hint: Some(hint),
        } => {
            let hint = match hint {
                CharacterHint::NotEqual => t_string!(i18n, problem.formula.hint_not_equal),
                CharacterHint::And => t_string!(i18n, problem.formula.hint_and),
                CharacterHint::Or => t_string!(i18n, problem.formula.hint_or),
                CharacterHint::BracketStart => t_string!(i18n, problem.formula.hint_bracket_start),
                CharacterHint::FullWidthOpen => {
                    t_string!(i18n, problem.formula.hint_full_width_open)
                }
                CharacterHint::FullWidthClose => {
                    t_string!(i18n, problem.formula.hint_full_width_close)
                }
                CharacterHint::FullWidthComma => {
                    t_string!(i18n, problem.formula.hint_full_width_comma)
                }
                CharacterHint::Multiply => t_string!(i18n, problem.formula.hint_multiply),
                CharacterHint::Divide => t_string!(i18n, problem.formula.hint_divide),
            }
            .to_string();
            t_string!(
                i18n,
                problem.formula.unexpected_character_hint,
                character = *character,
                hint
            )
            .to_string()
        }
        FormulaProblem::TooDeep { limit } => {
            t_string!(i18n, problem.formula.too_deep, limit = *limit).to_string()
        }
        FormulaProblem::ChainedComparison => {
            t_string!(i18n, problem.formula.chained_comparison).to_string()
        }
        FormulaProblem::BareNot => t_string!(i18n, problem.formula.bare_not).to_string(),
        FormulaProblem::ReservedWord { word } => {
            t_string!(i18n, problem.formula.reserved_word, word = word.clone()).to_string()
        }
        FormulaProblem::ExpectedOperand { found: what } => {
            t_string!(i18n, problem.formula.expected_operand, found = found(what)).to_string()
        }
        FormulaProblem::UnclosedParenthesis { opener } => {
            t_string!(i18n, problem.formula.unclosed_parenthesis, opener = *opener).to_string()
        }
        FormulaProblem::Expected {
            expected,
            found: what,
        } => {
            let expected = match expected {
                Expected::OperatorOrClose => {
                    t_string!(i18n, problem.formula.expected_operator_or_close).to_string()
                }
                Expected::ArgumentSeparator { function } => t_string!(
                    i18n,
                    problem.formula.expected_separator,
                    function = *function
                )
                .to_string(),
                Expected::Close => t_string!(i18n, problem.formula.expected_close).to_string(),
                Expected::CloseAfterIf => {
                    t_string!(i18n, problem.formula.expected_close_after_if).to_string()
                }
            };
            t_string!(
                i18n,
                problem.formula.expected,
                expected,
                found = found(what)
            )
            .to_string()
        }
        FormulaProblem::UnknownFunction { name } => t_string!(
            i18n,
            problem.formula.unknown_function,
            name = name.clone(),
            known = KNOWN_FUNCTIONS
                .split(", ")
                .collect::<Vec<_>>()
                .join(list_separator(i18n))
        )
        .to_string(),
        FormulaProblem::NoArguments { function } => {
            t_string!(i18n, problem.formula.no_arguments, function = *function).to_string()
        }
        FormulaProblem::AbsArguments => t_string!(i18n, problem.formula.abs_arguments).to_string(),
        FormulaProblem::RoundArguments => {
            t_string!(i18n, problem.formula.round_arguments).to_string()
        }
        FormulaProblem::PrevUsage => t_string!(i18n, problem.formula.prev_usage).to_string(),
        FormulaProblem::IfArguments => t_string!(i18n, problem.formula.if_arguments).to_string(),
        FormulaProblem::MissingThen { if_at, found: what } => t_string!(
            i18n,
            problem.formula.missing_then,
            if_at = *if_at,
            found = found(what)
        )
        .to_string(),
        FormulaProblem::MissingElse { found: what } => {
            t_string!(i18n, problem.formula.missing_else, found = found(what)).to_string()
        }
    }
}
