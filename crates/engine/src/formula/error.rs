//! What can go wrong with a formula, as data: why it cannot be parsed or
//! bound ([`FormulaError`], with the problem as a [`FormulaProblem`]) and
//! why it cannot be evaluated for one agent ([`EvalError`]). `Display`
//! words each in English for the CLI; the page words them itself.

use std::fmt;

use super::KNOWN_FUNCTIONS;

/// Why a formula cannot be parsed or bound.
#[derive(Clone, Debug, PartialEq)]
pub struct FormulaError {
    /// 1-based character (not byte) index into the source where the problem
    /// is; one past the last character when the formula ends too early.
    pub position: usize,
    /// What is wrong, as data; [`FormulaError::message`] words it.
    pub kind: FormulaProblem,
}

impl FormulaError {
    pub(super) fn new(position: usize, kind: FormulaProblem) -> FormulaError {
        FormulaError { position, kind }
    }

    /// What was expected, in English words meant for the person typing the
    /// formula (without the position).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.position, self.kind)
    }
}

impl std::error::Error for FormulaError {}

/// What is wrong with a formula, with the text each message quotes. Quoted
/// text is as the user typed it.
#[derive(Clone, Debug, PartialEq)]
pub enum FormulaProblem {
    /// Nothing but spaces.
    Empty,
    /// A `)` with no `(` before it.
    UnmatchedClose,
    /// The formula is complete, but more follows.
    TrailingInput { found: Found },
    /// A column the table does not have (from [`Formula::bind`](super::Formula::bind)).
    UnknownColumn { name: String },
    /// A `.` with no digit on either side.
    LoneDot,
    /// `1e` or `1e+` with no digits after.
    MissingExponent { number: String },
    /// A second `.` after a number, e.g. `1.2.3`.
    DotAfterNumber { number: String },
    /// A word starting with a digit, e.g. `2nd_line`.
    DigitStartsName { word: String },
    /// Digits that do not read as a number.
    NotANumber { literal: String },
    /// A number too large for a float.
    NumberTooLarge { literal: String },
    /// A `[` with no `]`.
    UnclosedBracket,
    /// `[]` or `[  ]`.
    EmptyBracket,
    /// A character that has no meaning here; `hint` names what was probably
    /// meant.
    UnexpectedCharacter {
        character: char,
        hint: Option<CharacterHint>,
    },
    /// More than `limit` levels of nesting.
    TooDeep { limit: usize },
    /// `a < b < c`.
    ChainedComparison,
    /// `not` where an operand is needed (e.g. `1 + not a`).
    BareNot,
    /// A reserved word (`and`, `then`...) where an operand is needed.
    ReservedWord { word: String },
    /// Something else where an operand is needed.
    ExpectedOperand { found: Found },
    /// The formula ends inside parentheses opened at character `opener`.
    UnclosedParenthesis { opener: usize },
    /// A group or argument list goes on with the wrong token.
    Expected { expected: Expected, found: Found },
    /// A call of a function that does not exist.
    UnknownFunction { name: String },
    /// `min()` or `max()` with no argument.
    NoArguments { function: &'static str },
    /// `abs()` without exactly one argument.
    AbsArguments,
    /// `round()` without one or two arguments.
    RoundArguments,
    /// `prev()` not given exactly one column.
    PrevUsage,
    /// `if()` without exactly three arguments.
    IfArguments,
    /// `if c ...` with no `then`; `if_at` is the character of the `if`.
    MissingThen { if_at: usize, found: Found },
    /// `if c then a` with no `else`.
    MissingElse { found: Found },
}

/// What came where something else was expected.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// The formula ended.
    End,
    /// A token, as typed.
    Text(String),
}

/// What a group or argument list needed next.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// After `(a`: an operator or `)`.
    OperatorOrClose,
    /// Between the arguments of `function` (lower case): `,` or `)`.
    ArgumentSeparator { function: &'static str },
    /// A `)`.
    Close,
    /// The `)` after the three arguments of `if()`.
    CloseAfterIf,
}

/// The likely intended spelling of a character brought from another
/// language or typed with a Chinese input method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharacterHint {
    /// `!`: use `!=` or `not`.
    NotEqual,
    /// `&`: use `and`.
    And,
    /// `|`: use `or`.
    Or,
    /// A lone `]`: a bracketed name starts with `[`.
    BracketStart,
    /// `（`: use `(`.
    FullWidthOpen,
    /// `）`: use `)`.
    FullWidthClose,
    /// `，`: use `,`.
    FullWidthComma,
    /// `×`: use `*`.
    Multiply,
    /// `÷`: use `/`.
    Divide,
}

impl CharacterHint {
    /// The hint for a character, if there is one.
    pub fn for_char(c: char) -> Option<CharacterHint> {
        Some(match c {
            '!' => CharacterHint::NotEqual,
            '&' => CharacterHint::And,
            '|' => CharacterHint::Or,
            ']' => CharacterHint::BracketStart,
            '（' => CharacterHint::FullWidthOpen,
            '）' => CharacterHint::FullWidthClose,
            '，' => CharacterHint::FullWidthComma,
            '×' => CharacterHint::Multiply,
            '÷' => CharacterHint::Divide,
            _ => return None,
        })
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::End => write!(f, "the end of the formula"),
            Found::Text(text) => write!(f, "\"{text}\""),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::OperatorOrClose => write!(f, "an operator or \")\""),
            Expected::ArgumentSeparator { function } => {
                write!(f, "\",\" or \")\" in the arguments of {function}()")
            }
            Expected::Close => write!(f, "\")\""),
            Expected::CloseAfterIf => write!(f, "\")\" after the three arguments of if()"),
        }
    }
}

impl fmt::Display for CharacterHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CharacterHint::NotEqual => "use \"!=\" for not equal, or \"not\"",
            CharacterHint::And => "use \"and\"",
            CharacterHint::Or => "use \"or\"",
            CharacterHint::BracketStart => "a bracketed column name starts with \"[\"",
            CharacterHint::FullWidthOpen => "a full-width parenthesis; use \"(\"",
            CharacterHint::FullWidthClose => "a full-width parenthesis; use \")\"",
            CharacterHint::FullWidthComma => "a full-width comma; use \",\"",
            CharacterHint::Multiply => "use \"*\" to multiply",
            CharacterHint::Divide => "use \"/\" to divide",
        })
    }
}

impl fmt::Display for FormulaProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormulaProblem::Empty => write!(f, "the formula is empty"),
            FormulaProblem::UnmatchedClose => {
                write!(f, "unexpected \")\" without a matching \"(\"")
            }
            FormulaProblem::TrailingInput { found } => {
                write!(f, "unexpected {found} after the end of the formula")
            }
            FormulaProblem::UnknownColumn { name } => write!(f, "unknown column \"{name}\""),
            FormulaProblem::LoneDot => write!(
                f,
                "unexpected \".\": a number needs a digit, e.g. .5 or 0.5"
            ),
            FormulaProblem::MissingExponent { number } => {
                write!(f, "expected the digits of the exponent after \"{number}\"")
            }
            FormulaProblem::DotAfterNumber { number } => {
                write!(f, "unexpected \".\" after the number \"{number}\"")
            }
            FormulaProblem::DigitStartsName { word } => write!(
                f,
                "\"{word}\" is not a number, and a column name cannot start with a digit; write [{word}]"
            ),
            FormulaProblem::NotANumber { literal } => write!(f, "\"{literal}\" is not a number"),
            FormulaProblem::NumberTooLarge { literal } => {
                write!(f, "the number \"{literal}\" is too large")
            }
            FormulaProblem::UnclosedBracket => {
                write!(f, "unclosed \"[\": a bracketed column name ends with \"]\"")
            }
            FormulaProblem::EmptyBracket => write!(
                f,
                "empty column name: write the name between the brackets, e.g. [first contact resolved]"
            ),
            FormulaProblem::UnexpectedCharacter { character, hint } => {
                write!(f, "unexpected character \"{character}\"")?;
                match hint {
                    Some(hint) => write!(f, " ({hint})"),
                    None => Ok(()),
                }
            }
            FormulaProblem::TooDeep { limit } => write!(
                f,
                "the formula is nested too deeply (more than {limit} levels of parentheses, functions or if)"
            ),
            FormulaProblem::ChainedComparison => write!(
                f,
                "comparisons cannot be chained: write a < b and b < c instead of a < b < c"
            ),
            FormulaProblem::BareNot => write!(
                f,
                "expected a number, a column or \"(\" but found \"not\" (put \"not ...\" in parentheses here)"
            ),
            FormulaProblem::ReservedWord { word } => write!(
                f,
                "expected a number, a column or \"(\" but found \"{word}\" (a reserved word: write [{word}] for a column of that name)"
            ),
            FormulaProblem::ExpectedOperand { found } => {
                write!(f, "expected a number, a column or \"(\" but found {found}")
            }
            FormulaProblem::UnclosedParenthesis { opener } => {
                write!(f, "unclosed parenthesis opened at character {opener}")
            }
            FormulaProblem::Expected { expected, found } => {
                write!(f, "expected {expected} but found {found}")
            }
            FormulaProblem::UnknownFunction { name } => {
                write!(f, "unknown function \"{name}\" (known: {KNOWN_FUNCTIONS})")
            }
            FormulaProblem::NoArguments { function } => write!(
                f,
                "{function}() needs at least one argument, e.g. {function}(a, b)"
            ),
            FormulaProblem::AbsArguments => write!(f, "abs() takes one argument, e.g. abs(x)"),
            FormulaProblem::RoundArguments => write!(
                f,
                "round() takes one or two arguments: round(x) or round(x, digits)"
            ),
            FormulaProblem::PrevUsage => write!(f, "prev() takes one column, e.g. prev(aov)"),
            FormulaProblem::IfArguments => {
                write!(f, "if() takes three arguments: if(condition, then, else)")
            }
            FormulaProblem::MissingThen { if_at, found } => write!(
                f,
                "expected \"then\" after the condition of the if at character {if_at} (or write if(condition, then, else)) but found {found}"
            ),
            FormulaProblem::MissingElse { found } => write!(
                f,
                "expected \"else\" (every if needs one: if condition then a else b) but found {found}"
            ),
        }
    }
}

/// Why a formula could not be evaluated for one agent.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    /// A `/` whose divisor is zero.
    DivisionByZero {
        /// 1-based character index of the `/`.
        position: usize,
    },
    /// An intermediate result overflowed, or an input was not finite.
    NotFinite {
        /// 1-based character index of the operator, function or column.
        position: usize,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::DivisionByZero { position } => {
                write!(f, "division by zero at character {position}")
            }
            EvalError::NotFinite { position } => {
                write!(
                    f,
                    "the result at character {position} is not a finite number"
                )
            }
        }
    }
}

impl std::error::Error for EvalError {}
