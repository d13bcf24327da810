//! Indicator formulas: arithmetic, comparisons and logic over input columns.
//!
//! A formula such as `(resolved_first - excluded) / (tickets - excluded) * 100`
//! is parsed once ([`parse`]), its column names are resolved to indices once
//! ([`Formula::bind`]), and the result is evaluated for every agent
//! ([`BoundFormula::eval`]).
//!
//! Syntax, loosest binding first: `if c then a else b`, `or`, `and`, `not`,
//! comparisons (`< <= > >= == = != <>`, not chainable), `+ -`, `* /`, unary
//! `- +`, then numbers, columns (`接待量`, `[first contact resolved]`),
//! parentheses and the functions `min`, `max`, `abs`, `round`, `if` and
//! `prev`. Keywords and function names ignore case.
//!
//! The parser compiles straight to a flat postfix program instead of keeping a
//! tree: evaluation, cloning and dropping then need no recursion, so a formula
//! of ten thousand terms cannot overflow the stack, and only the parser itself
//! recurses, bounded by [`MAX_DEPTH`].

use std::fmt;

/// How deeply parentheses, function calls and `if` may nest. The parser
/// recurses once per level; the limit keeps hostile input from exhausting
/// the stack while leaving far more room than a real indicator needs.
pub const MAX_DEPTH: usize = 64;

/// The functions a formula may call, for messages.
pub const KNOWN_FUNCTIONS: &str = "min, max, abs, round, if, prev";

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
    fn new(position: usize, kind: FormulaProblem) -> FormulaError {
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
    /// A column the table does not have (from [`Formula::bind`]).
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

/// A column named in a formula.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnRef {
    /// The column name, without brackets and surrounding spaces.
    pub name: String,
    /// 1-based character index of the name (of its `[` when bracketed).
    pub position: usize,
    /// True when read through `prev()`, i.e. from the previous period.
    pub previous: bool,
}

/// A parsed formula, not yet tied to a table's columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    source: String,
    code: Vec<Op>,
    /// Column slots in source order; `Op::Column` and `Op::Previous` index
    /// into this list until [`Formula::bind`] swaps in table indices.
    columns: Vec<ColumnRef>,
}

/// A formula whose columns are resolved to indices, ready to evaluate.
#[derive(Clone, Debug)]
pub struct BoundFormula {
    code: Vec<Op>,
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

#[derive(Clone, Copy, Debug, PartialEq)]
enum Arithmetic {
    Add,
    Subtract,
    Multiply,
    Divide,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

impl Comparison {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Comparison::Less => a < b,
            Comparison::LessOrEqual => a <= b,
            Comparison::Greater => a > b,
            Comparison::GreaterOrEqual => a >= b,
            Comparison::Equal => a == b,
            Comparison::NotEqual => a != b,
        }
    }
}

/// One instruction of the postfix program. Jump targets are indices into
/// the program and always point forward, so evaluation always terminates.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Number(f64),
    Column {
        index: usize,
        position: usize,
    },
    Previous {
        index: usize,
        position: usize,
    },
    Negate,
    Arithmetic {
        operator: Arithmetic,
        position: usize,
    },
    Compare(Comparison),
    Not,
    /// Skips the right operand when the left one is already false.
    AndTest {
        end: usize,
    },
    AndJoin,
    /// Skips the right operand when the left one is already true.
    OrTest {
        end: usize,
    },
    OrJoin,
    /// Pops the condition; a false one jumps to the else branch, a missing
    /// one skips both branches.
    Branch {
        otherwise: usize,
        end: usize,
    },
    Jump {
        to: usize,
    },
    Min {
        count: usize,
    },
    Max {
        count: usize,
    },
    Abs,
    Round {
        digits: bool,
        position: usize,
    },
}

/// Parses a formula; see the module documentation for the syntax.
pub fn parse(source: &str) -> Result<Formula, FormulaError> {
    let tokens = lex(source)?;
    if tokens.is_empty() {
        return Err(FormulaError::new(1, FormulaProblem::Empty));
    }
    let end = Token {
        kind: Kind::End,
        position: source.chars().count() + 1,
        start: source.len(),
        end: source.len(),
    };
    let mut parser = Parser {
        source,
        tokens,
        end,
        next: 0,
        depth: 0,
        code: Vec::new(),
        columns: Vec::new(),
    };
    parser.expression()?;
    let token = parser.peek();
    match token.kind {
        Kind::End => Ok(Formula {
            source: source.to_owned(),
            code: parser.code,
            columns: parser.columns,
        }),
        Kind::Close => Err(FormulaError::new(
            token.position,
            FormulaProblem::UnmatchedClose,
        )),
        _ => Err(FormulaError::new(
            token.position,
            FormulaProblem::TrailingInput {
                found: parser.found(token),
            },
        )),
    }
}

impl Formula {
    /// The text the formula was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every column reference in source order (duplicates kept).
    pub fn columns(&self) -> Vec<ColumnRef> {
        self.columns.clone()
    }

    /// Resolves column names to indices once, so evaluation for thousands of
    /// agents does no string work.
    ///
    /// `resolve` returns the index of a column or None; an unknown column is
    /// a [`FormulaError`] at its position.
    pub fn bind(
        &self,
        resolve: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<BoundFormula, FormulaError> {
        let mut indices = Vec::with_capacity(self.columns.len());
        for column in &self.columns {
            match resolve(&column.name) {
                Some(index) => indices.push(index),
                None => {
                    return Err(FormulaError::new(
                        column.position,
                        FormulaProblem::UnknownColumn {
                            name: column.name.clone(),
                        },
                    ));
                }
            }
        }
        // Slots come from this formula's own column list, so the lookup
        // cannot fail; if it ever did, an out-of-range index reads as a
        // missing value instead of panicking.
        let table_index = |slot: usize| indices.get(slot).copied().unwrap_or(usize::MAX);
        let code = self
            .code
            .iter()
            .map(|op| match *op {
                Op::Column { index, position } => Op::Column {
                    index: table_index(index),
                    position,
                },
                Op::Previous { index, position } => Op::Previous {
                    index: table_index(index),
                    position,
                },
                other => other,
            })
            .collect();
        Ok(BoundFormula { code })
    }
}

impl BoundFormula {
    /// Evaluates for one agent. `current[i]` is column i's value in this
    /// period (None = missing); `previous` is the same agent's row in the
    /// previous period, None if there is none.
    ///
    /// Ok(None) when a value the result depends on is missing: missing
    /// propagates like SQL NULL, `prev(x)` without a previous value is
    /// missing, `if` evaluates only the taken branch (a missing condition
    /// makes the result missing), and `0 and missing` = 0, `1 or missing` = 1.
    /// A zero divisor is [`EvalError::DivisionByZero`] at the `/`; any other
    /// non-finite value is [`EvalError::NotFinite`]. Never returns NaN or
    /// infinity.
    pub fn eval(
        &self,
        current: &[Option<f64>],
        previous: Option<&[Option<f64>]>,
    ) -> Result<Option<f64>, EvalError> {
        self.eval_with(&mut Vec::new(), current, previous)
    }

    /// [`BoundFormula::eval`] with a caller's scratch stack, so evaluating
    /// the same formula for thousands of agents allocates once.
    pub fn eval_with(
        &self,
        stack: &mut Vec<Option<f64>>,
        current: &[Option<f64>],
        previous: Option<&[Option<f64>]>,
    ) -> Result<Option<f64>, EvalError> {
        stack.clear();
        // The parser only emits balanced programs, so an empty stack cannot
        // happen; popping it as "missing" keeps that assumption panic-free.
        fn pop(stack: &mut Vec<Option<f64>>) -> Option<f64> {
            stack.pop().flatten()
        }
        let mut pc = 0;
        while let Some(&op) = self.code.get(pc) {
            pc += 1;
            match op {
                Op::Number(value) => stack.push(Some(value)),
                Op::Column { index, position } => {
                    stack.push(input(current.get(index).copied().flatten(), position)?);
                }
                Op::Previous { index, position } => {
                    let value = previous.and_then(|row| row.get(index).copied().flatten());
                    stack.push(input(value, position)?);
                }
                Op::Negate => {
                    let value = pop(stack);
                    stack.push(value.map(|v| -v));
                }
                Op::Arithmetic { operator, position } => {
                    let right = pop(stack);
                    let left = pop(stack);
                    stack.push(arithmetic(operator, left, right, position)?);
                }
                Op::Compare(comparison) => {
                    let right = pop(stack);
                    let left = pop(stack);
                    let value = match (left, right) {
                        (Some(a), Some(b)) => Some(truth(comparison.holds(a, b))),
                        _ => None,
                    };
                    stack.push(value);
                }
                Op::Not => {
                    let value = pop(stack);
                    stack.push(value.map(|v| truth(v == 0.0)));
                }
                Op::AndTest { end } => {
                    if let Some(top) = stack.last_mut()
                        && *top == Some(0.0)
                    {
                        // Normalises -0 so the short-circuited result is 0.
                        *top = Some(0.0);
                        pc = end;
                    }
                }
                Op::AndJoin => {
                    let right = pop(stack);
                    let left = pop(stack);
                    // SQL's three-valued logic: false wins over missing.
                    let value = match (left, right) {
                        (_, Some(0.0)) => Some(0.0),
                        (Some(a), Some(_)) => Some(truth(a != 0.0)),
                        _ => None,
                    };
                    stack.push(value);
                }
                Op::OrTest { end } => {
                    if let Some(top) = stack.last_mut()
                        && top.is_some_and(|v| v != 0.0)
                    {
                        *top = Some(1.0);
                        pc = end;
                    }
                }
                Op::OrJoin => {
                    let right = pop(stack);
                    let left = pop(stack);
                    // SQL's three-valued logic: true wins over missing.
                    let value = match (left, right) {
                        (_, Some(b)) if b != 0.0 => Some(1.0),
                        (Some(a), Some(_)) => Some(truth(a != 0.0)),
                        _ => None,
                    };
                    stack.push(value);
                }
                Op::Branch { otherwise, end } => match pop(stack) {
                    None => {
                        stack.push(None);
                        pc = end;
                    }
                    Some(0.0) => pc = otherwise,
                    Some(_) => {}
                },
                Op::Jump { to } => pc = to,
                Op::Min { count } => {
                    let value = extreme(stack, count, f64::min);
                    stack.push(value);
                }
                Op::Max { count } => {
                    let value = extreme(stack, count, f64::max);
                    stack.push(value);
                }
                Op::Abs => {
                    let value = pop(stack);
                    stack.push(value.map(f64::abs));
                }
                Op::Round { digits, position } => {
                    let digits = if digits { pop(stack) } else { Some(0.0) };
                    let value = pop(stack);
                    let rounded = match (value, digits) {
                        (Some(x), Some(d)) => Some(finite(round(x, d), position)?),
                        _ => None,
                    };
                    stack.push(rounded);
                }
            }
        }
        // -0 would print as "-0" on a scorecard.
        Ok(pop(stack).map(|v| if v == 0.0 { 0.0 } else { v }))
    }
}

fn truth(holds: bool) -> f64 {
    if holds { 1.0 } else { 0.0 }
}

fn finite(value: f64, position: usize) -> Result<f64, EvalError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(EvalError::NotFinite { position })
    }
}

/// Input data is not under the formula's control: a NaN or infinity there
/// would otherwise leak into the result.
fn input(value: Option<f64>, position: usize) -> Result<Option<f64>, EvalError> {
    value.map(|v| finite(v, position)).transpose()
}

fn arithmetic(
    operator: Arithmetic,
    left: Option<f64>,
    right: Option<f64>,
    position: usize,
) -> Result<Option<f64>, EvalError> {
    let (Some(a), Some(b)) = (left, right) else {
        return Ok(None);
    };
    let value = match operator {
        Arithmetic::Add => a + b,
        Arithmetic::Subtract => a - b,
        Arithmetic::Multiply => a * b,
        Arithmetic::Divide => {
            if b == 0.0 {
                return Err(EvalError::DivisionByZero { position });
            }
            a / b
        }
    };
    finite(value, position).map(Some)
}

fn extreme(stack: &mut Vec<Option<f64>>, count: usize, pick: fn(f64, f64) -> f64) -> Option<f64> {
    let start = stack.len().saturating_sub(count);
    let mut values = stack.drain(start..);
    let first = values.next().flatten()?;
    values.try_fold(first, |best, value| value.map(|v| pick(best, v)))
}

/// Rounds half away from zero, as spreadsheets and calculators do. `x` and
/// `digits` are finite; `digits` may be negative (tens, hundreds...).
fn round(x: f64, digits: f64) -> f64 {
    // The clamp keeps the loop short; beyond ±400 the factor is already
    // infinite or zero anyway.
    let digits = digits.round().clamp(-400.0, 400.0) as i32;
    // Repeated multiplication is exact up to 1e22, unlike some powi
    // implementations, which matters for the half-way test below.
    let mut factor = 1.0_f64;
    for _ in 0..digits.unsigned_abs() {
        factor *= 10.0;
    }
    if digits < 0 && factor.is_infinite() {
        // Rounding to more places before the point than any finite number has.
        return 0.0;
    }
    // Dividing by 100 is exact where multiplying by 0.01 is not.
    let scaled = if digits >= 0 { x * factor } else { x / factor };
    if !scaled.is_finite() || scaled.abs() >= 4_503_599_627_370_496.0 {
        // No fractional digits left to round at this scale.
        return x;
    }
    let whole = scaled.abs().trunc();
    let fraction = scaled.abs() - whole;
    // 2.675 is stored as 2.67499999...; a fraction within a few ulps of one
    // half is treated as exactly half so it rounds up as the user expects.
    let tolerance = scaled.abs() * 4.0 * f64::EPSILON;
    let rounded = if fraction + tolerance >= 0.5 {
        whole + 1.0
    } else {
        whole
    }
    .copysign(scaled);
    if digits >= 0 {
        rounded / factor
    } else {
        rounded * factor
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Keyword {
    And,
    Or,
    Not,
    If,
    Then,
    Else,
}

impl Keyword {
    fn from_word(word: &str) -> Option<Keyword> {
        [
            ("and", Keyword::And),
            ("or", Keyword::Or),
            ("not", Keyword::Not),
            ("if", Keyword::If),
            ("then", Keyword::Then),
            ("else", Keyword::Else),
        ]
        .into_iter()
        .find(|(name, _)| word.eq_ignore_ascii_case(name))
        .map(|(_, keyword)| keyword)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Number(f64),
    Name(String),
    Bracketed(String),
    Keyword(Keyword),
    Plus,
    Minus,
    Star,
    Slash,
    Compare(Comparison),
    Open,
    Close,
    Comma,
    End,
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    /// 1-based character index.
    position: usize,
    /// Byte range in the source, for quoting the token in messages.
    start: usize,
    end: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn lex(source: &str) -> Result<Vec<Token>, FormulaError> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte_at = |i: usize| chars.get(i).map_or(source.len(), |&(byte, _)| byte);
    let text = |from: usize, to: usize| source.get(byte_at(from)..byte_at(to)).unwrap_or("");
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(i) {
        let position = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let next = char_at(i + 1);
        let kind = match c {
            '0'..='9' | '.' => {
                let digits = |mut j: usize| {
                    while char_at(j).is_some_and(|c| c.is_ascii_digit()) {
                        j += 1;
                    }
                    j
                };
                let mut j = digits(i);
                let mut has_digits = j > i;
                if char_at(j) == Some('.') {
                    let after = digits(j + 1);
                    has_digits |= after > j + 1;
                    j = after;
                }
                if !has_digits {
                    return Err(FormulaError::new(position, FormulaProblem::LoneDot));
                }
                if matches!(char_at(j), Some('e' | 'E')) {
                    let mut k = j + 1;
                    if matches!(char_at(k), Some('+' | '-')) {
                        k += 1;
                    }
                    let after = digits(k);
                    if after == k {
                        return Err(FormulaError::new(
                            j + 1,
                            FormulaProblem::MissingExponent {
                                number: text(start, k).to_owned(),
                            },
                        ));
                    }
                    j = after;
                }
                if char_at(j) == Some('.') {
                    return Err(FormulaError::new(
                        j + 1,
                        FormulaProblem::DotAfterNumber {
                            number: text(start, j).to_owned(),
                        },
                    ));
                }
                if char_at(j).is_some_and(is_name_char) {
                    let mut k = j;
                    while char_at(k).is_some_and(is_name_char) {
                        k += 1;
                    }
                    return Err(FormulaError::new(
                        position,
                        FormulaProblem::DigitStartsName {
                            word: text(start, k).to_owned(),
                        },
                    ));
                }
                let literal = text(start, j);
                let value: f64 = literal.parse().map_err(|_| {
                    FormulaError::new(
                        position,
                        FormulaProblem::NotANumber {
                            literal: literal.to_owned(),
                        },
                    )
                })?;
                if !value.is_finite() {
                    return Err(FormulaError::new(
                        position,
                        FormulaProblem::NumberTooLarge {
                            literal: literal.to_owned(),
                        },
                    ));
                }
                i = j;
                Kind::Number(value)
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut j = i + 1;
                while char_at(j).is_some_and(is_name_char) {
                    j += 1;
                }
                let word = text(start, j);
                i = j;
                match Keyword::from_word(word) {
                    Some(keyword) => Kind::Keyword(keyword),
                    None => Kind::Name(word.to_owned()),
                }
            }
            '[' => {
                let mut j = i + 1;
                while char_at(j).is_some_and(|c| c != ']') {
                    j += 1;
                }
                if char_at(j).is_none() {
                    return Err(FormulaError::new(position, FormulaProblem::UnclosedBracket));
                }
                let name = text(i + 1, j).trim();
                if name.is_empty() {
                    return Err(FormulaError::new(position, FormulaProblem::EmptyBracket));
                }
                i = j + 1;
                Kind::Bracketed(name.to_owned())
            }
            _ => {
                let (kind, width) = match (c, next) {
                    ('+', _) => (Kind::Plus, 1),
                    ('-', _) => (Kind::Minus, 1),
                    ('*', _) => (Kind::Star, 1),
                    ('/', _) => (Kind::Slash, 1),
                    ('(', _) => (Kind::Open, 1),
                    (')', _) => (Kind::Close, 1),
                    (',', _) => (Kind::Comma, 1),
                    ('<', Some('=')) => (Kind::Compare(Comparison::LessOrEqual), 2),
                    ('<', Some('>')) => (Kind::Compare(Comparison::NotEqual), 2),
                    ('<', _) => (Kind::Compare(Comparison::Less), 1),
                    ('>', Some('=')) => (Kind::Compare(Comparison::GreaterOrEqual), 2),
                    ('>', _) => (Kind::Compare(Comparison::Greater), 1),
                    ('=', Some('=')) => (Kind::Compare(Comparison::Equal), 2),
                    ('=', _) => (Kind::Compare(Comparison::Equal), 1),
                    ('!', Some('=')) => (Kind::Compare(Comparison::NotEqual), 2),
                    _ => {
                        return Err(FormulaError::new(
                            position,
                            FormulaProblem::UnexpectedCharacter {
                                character: c,
                                hint: CharacterHint::for_char(c),
                            },
                        ));
                    }
                };
                i += width;
                kind
            }
        };
        tokens.push(Token {
            kind,
            position,
            start: byte_at(start),
            end: byte_at(i),
        });
    }
    Ok(tokens)
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    /// Returned once the tokens run out, so lookahead never fails.
    end: Token,
    next: usize,
    depth: usize,
    code: Vec<Op>,
    columns: Vec<ColumnRef>,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        self.tokens.get(self.next + ahead).unwrap_or(&self.end)
    }

    fn advance(&mut self) {
        self.next = (self.next + 1).min(self.tokens.len());
    }

    fn found(&self, token: &Token) -> Found {
        match token.kind {
            Kind::End => Found::End,
            _ => Found::Text(
                self.source
                    .get(token.start..token.end)
                    .unwrap_or("")
                    .to_owned(),
            ),
        }
    }

    fn emit(&mut self, op: Op) -> usize {
        self.code.push(op);
        self.code.len() - 1
    }

    /// Points the jump emitted at `at` to the next instruction.
    fn patch(&mut self, at: usize) {
        let here = self.code.len();
        if let Some(op) = self.code.get_mut(at) {
            match op {
                Op::AndTest { end } | Op::OrTest { end } => *end = here,
                Op::Jump { to } => *to = here,
                _ => {}
            }
        }
    }

    fn column(&mut self, name: String, position: usize, previous: bool) {
        let index = self.columns.len();
        self.columns.push(ColumnRef {
            name,
            position,
            previous,
        });
        self.emit(if previous {
            Op::Previous { index, position }
        } else {
            Op::Column { index, position }
        });
    }

    /// A sub-expression one nesting level down, opened at `opener`.
    fn nested(&mut self, opener: usize) -> Result<(), FormulaError> {
        if self.depth >= MAX_DEPTH {
            return Err(FormulaError::new(
                opener,
                FormulaProblem::TooDeep { limit: MAX_DEPTH },
            ));
        }
        self.depth += 1;
        self.expression()?;
        self.depth -= 1;
        Ok(())
    }

    fn expression(&mut self) -> Result<(), FormulaError> {
        self.or()
    }

    fn or(&mut self) -> Result<(), FormulaError> {
        self.and()?;
        while self.peek().kind == Kind::Keyword(Keyword::Or) {
            self.advance();
            let test = self.emit(Op::OrTest { end: 0 });
            self.and()?;
            self.emit(Op::OrJoin);
            self.patch(test);
        }
        Ok(())
    }

    fn and(&mut self) -> Result<(), FormulaError> {
        self.not()?;
        while self.peek().kind == Kind::Keyword(Keyword::And) {
            self.advance();
            let test = self.emit(Op::AndTest { end: 0 });
            self.not()?;
            self.emit(Op::AndJoin);
            self.patch(test);
        }
        Ok(())
    }

    fn not(&mut self) -> Result<(), FormulaError> {
        // A loop, not recursion: "not not not ..." must not grow the stack.
        let mut count = 0;
        while self.peek().kind == Kind::Keyword(Keyword::Not) {
            self.advance();
            count += 1;
        }
        self.comparison()?;
        for _ in 0..count {
            self.emit(Op::Not);
        }
        Ok(())
    }

    fn comparison(&mut self) -> Result<(), FormulaError> {
        self.sum()?;
        if let Kind::Compare(comparison) = self.peek().kind {
            self.advance();
            self.sum()?;
            self.emit(Op::Compare(comparison));
            let token = self.peek();
            if let Kind::Compare(_) = token.kind {
                return Err(FormulaError::new(
                    token.position,
                    FormulaProblem::ChainedComparison,
                ));
            }
        }
        Ok(())
    }

    fn sum(&mut self) -> Result<(), FormulaError> {
        self.product()?;
        loop {
            let token = self.peek();
            let operator = match token.kind {
                Kind::Plus => Arithmetic::Add,
                Kind::Minus => Arithmetic::Subtract,
                _ => return Ok(()),
            };
            let position = token.position;
            self.advance();
            self.product()?;
            self.emit(Op::Arithmetic { operator, position });
        }
    }

    fn product(&mut self) -> Result<(), FormulaError> {
        self.unary()?;
        loop {
            let token = self.peek();
            let operator = match token.kind {
                Kind::Star => Arithmetic::Multiply,
                Kind::Slash => Arithmetic::Divide,
                _ => return Ok(()),
            };
            let position = token.position;
            self.advance();
            self.unary()?;
            self.emit(Op::Arithmetic { operator, position });
        }
    }

    fn unary(&mut self) -> Result<(), FormulaError> {
        // A loop, not recursion, for the same reason as `not`.
        let mut negate = false;
        loop {
            match self.peek().kind {
                Kind::Plus => {}
                Kind::Minus => negate = !negate,
                _ => break,
            }
            self.advance();
        }
        self.primary()?;
        if negate {
            self.emit(Op::Negate);
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<(), FormulaError> {
        let token = self.peek().clone();
        match token.kind {
            Kind::Number(value) => {
                self.advance();
                self.emit(Op::Number(value));
                Ok(())
            }
            Kind::Bracketed(name) => {
                self.advance();
                self.column(name, token.position, false);
                Ok(())
            }
            Kind::Name(name) => {
                if self.peek_at(1).kind == Kind::Open {
                    self.call(&name, token.position)
                } else {
                    self.advance();
                    self.column(name, token.position, false);
                    Ok(())
                }
            }
            Kind::Open => {
                self.advance();
                self.nested(token.position)?;
                self.close(token.position, Expected::OperatorOrClose)
            }
            Kind::Keyword(Keyword::If) => {
                if self.peek_at(1).kind == Kind::Open && self.call_form_if() {
                    self.if_call()
                } else {
                    self.if_keyword(token.position)
                }
            }
            Kind::Keyword(Keyword::Not) => {
                Err(FormulaError::new(token.position, FormulaProblem::BareNot))
            }
            Kind::Keyword(_) => Err(FormulaError::new(
                token.position,
                FormulaProblem::ReservedWord {
                    word: self
                        .source
                        .get(token.start..token.end)
                        .unwrap_or("")
                        .to_owned(),
                },
            )),
            _ => Err(FormulaError::new(
                token.position,
                FormulaProblem::ExpectedOperand {
                    found: self.found(&token),
                },
            )),
        }
    }

    /// Consumes the `)` of a group opened at `opener`.
    fn close(&mut self, opener: usize, expected: Expected) -> Result<(), FormulaError> {
        let token = self.peek();
        match token.kind {
            Kind::Close => {
                self.advance();
                Ok(())
            }
            Kind::End => Err(FormulaError::new(
                token.position,
                FormulaProblem::UnclosedParenthesis { opener },
            )),
            _ => Err(FormulaError::new(
                token.position,
                FormulaProblem::Expected {
                    expected,
                    found: self.found(token),
                },
            )),
        }
    }

    /// `if (` starts either the function form `if(c, a, b)` or a keyword
    /// form whose condition begins with a parenthesis, `if (a) and b then
    /// ...`; a comma directly inside the parentheses tells them apart.
    fn call_form_if(&self) -> bool {
        let mut depth = 0usize;
        for token in self.tokens.iter().skip(self.next + 2) {
            match token.kind {
                Kind::Open => depth += 1,
                Kind::Close if depth == 0 => return false,
                Kind::Close => depth -= 1,
                Kind::Comma if depth == 0 => return true,
                _ => {}
            }
        }
        false
    }

    fn call(&mut self, name: &str, position: usize) -> Result<(), FormulaError> {
        let function = match name.to_ascii_lowercase().as_str() {
            "min" => "min",
            "max" => "max",
            "abs" => "abs",
            "round" => "round",
            "prev" => "prev",
            _ => {
                return Err(FormulaError::new(
                    position,
                    FormulaProblem::UnknownFunction {
                        name: name.to_owned(),
                    },
                ));
            }
        };
        self.advance();
        let opener = self.peek().position;
        self.advance();
        if function == "prev" {
            return self.prev(opener);
        }
        let mut starts = Vec::new();
        if self.peek().kind != Kind::Close {
            loop {
                starts.push(self.peek().position);
                self.nested(opener)?;
                if self.peek().kind == Kind::Comma {
                    self.advance();
                } else {
                    break;
                }
            }
        }
        let closer = self.peek().position;
        self.close(opener, Expected::ArgumentSeparator { function })?;
        let count = starts.len();
        // Points at the first surplus argument, or at ")" when one is missing.
        let wrong = |usage: FormulaProblem, allowed: usize| {
            let at = starts.get(allowed).copied().unwrap_or(closer);
            Err(FormulaError::new(at, usage))
        };
        match function {
            "min" | "max" if count == 0 => wrong(FormulaProblem::NoArguments { function }, 0),
            "min" => {
                self.emit(Op::Min { count });
                Ok(())
            }
            "max" => {
                self.emit(Op::Max { count });
                Ok(())
            }
            "abs" if count == 1 => {
                self.emit(Op::Abs);
                Ok(())
            }
            "abs" => wrong(FormulaProblem::AbsArguments, 1),
            _ if count == 1 || count == 2 => {
                self.emit(Op::Round {
                    digits: count == 2,
                    position,
                });
                Ok(())
            }
            _ => wrong(FormulaProblem::RoundArguments, 2),
        }
    }

    fn prev(&mut self, opener: usize) -> Result<(), FormulaError> {
        let token = self.peek().clone();
        let name = match token.kind {
            Kind::Bracketed(name) => name,
            Kind::Name(name) if self.peek_at(1).kind != Kind::Open => name,
            _ => return Err(FormulaError::new(token.position, FormulaProblem::PrevUsage)),
        };
        self.advance();
        self.column(name, token.position, true);
        match self.peek().kind {
            Kind::Close | Kind::End => self.close(opener, Expected::Close),
            _ => Err(FormulaError::new(
                self.peek().position,
                FormulaProblem::PrevUsage,
            )),
        }
    }

    fn if_call(&mut self) -> Result<(), FormulaError> {
        const USAGE: FormulaProblem = FormulaProblem::IfArguments;
        self.advance();
        let opener = self.peek().position;
        self.advance();
        let mut branch = None;
        let mut jump = None;
        for argument in 0..3 {
            if argument > 0 {
                let token = self.peek();
                match token.kind {
                    Kind::Comma => self.advance(),
                    Kind::Close => return Err(FormulaError::new(token.position, USAGE)),
                    _ => {
                        return self.close(opener, Expected::ArgumentSeparator { function: "if" });
                    }
                }
            }
            if self.peek().kind == Kind::Close {
                return Err(FormulaError::new(self.peek().position, USAGE));
            }
            self.nested(opener)?;
            match argument {
                0 => {
                    branch = Some(self.emit(Op::Branch {
                        otherwise: 0,
                        end: 0,
                    }));
                }
                1 => jump = Some(self.emit(Op::Jump { to: 0 })),
                _ => {}
            }
        }
        if self.peek().kind == Kind::Comma {
            self.advance();
            return Err(FormulaError::new(self.peek().position, USAGE));
        }
        self.close(opener, Expected::CloseAfterIf)?;
        self.finish_if(branch, jump);
        Ok(())
    }

    fn if_keyword(&mut self, position: usize) -> Result<(), FormulaError> {
        self.advance();
        self.nested(position)?;
        let token = self.peek();
        if token.kind != Kind::Keyword(Keyword::Then) {
            return Err(FormulaError::new(
                token.position,
                FormulaProblem::MissingThen {
                    if_at: position,
                    found: self.found(token),
                },
            ));
        }
        let then_position = token.position;
        self.advance();
        let branch = self.emit(Op::Branch {
            otherwise: 0,
            end: 0,
        });
        self.nested(then_position)?;
        let token = self.peek();
        if token.kind != Kind::Keyword(Keyword::Else) {
            return Err(FormulaError::new(
                token.position,
                FormulaProblem::MissingElse {
                    found: self.found(token),
                },
            ));
        }
        let else_position = token.position;
        self.advance();
        let jump = self.emit(Op::Jump { to: 0 });
        // The else branch is a whole expression, so it reaches as far right
        // as it can: `if c then 1 else 2 + 3` adds 3 only when c is false.
        self.nested(else_position)?;
        self.finish_if(Some(branch), Some(jump));
        Ok(())
    }

    /// Points the branch and the then-branch's jump once the else branch is
    /// complete: the else branch starts right after the jump.
    fn finish_if(&mut self, branch: Option<usize>, jump: Option<usize>) {
        let end = self.code.len();
        let otherwise = jump.map_or(end, |jump| jump + 1);
        if let Some(jump) = jump {
            self.patch(jump);
        }
        if let Some(Op::Branch {
            otherwise: o,
            end: e,
        }) = branch.and_then(|at| self.code.get_mut(at))
        {
            *o = otherwise;
            *e = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, this period, previous period) for every test column.
    const COLUMNS: &[(&str, Option<f64>, Option<f64>)] = &[
        ("a", Some(2.0), Some(1.0)),
        ("b", Some(3.0), Some(3.0)),
        ("c", Some(4.0), None),
        ("zero", Some(0.0), Some(0.0)),
        ("missing", None, None),
        ("tickets", Some(200.0), Some(100.0)),
        ("resolved_first", Some(150.0), Some(70.0)),
        ("excluded", Some(20.0), Some(0.0)),
        ("aov", Some(55.0), Some(50.0)),
        ("first contact resolved", Some(0.8), Some(0.5)),
        ("接待量", Some(120.0), Some(100.0)),
        ("and", Some(9.0), None),
        ("col_2", Some(7.0), None),
        ("huge", Some(1e300), None),
        ("nan", Some(f64::NAN), None),
        ("inf", Some(f64::INFINITY), None),
    ];

    fn resolve(name: &str) -> Option<usize> {
        COLUMNS.iter().position(|&(column, _, _)| column == name)
    }

    /// Parses, binds and evaluates, rendering every outcome as text so that
    /// success, missing and each kind of error compare the same way.
    fn run(source: &str, with_previous: bool) -> String {
        let formula = match parse(source) {
            Ok(formula) => formula,
            Err(error) => return format!("parse: {error}"),
        };
        assert_eq!(formula.source(), source);
        let bound = match formula.bind(&resolve) {
            Ok(bound) => bound,
            Err(error) => return format!("bind: {error}"),
        };
        let current: Vec<Option<f64>> = COLUMNS.iter().map(|c| c.1).collect();
        let previous: Vec<Option<f64>> = COLUMNS.iter().map(|c| c.2).collect();
        let previous = with_previous.then_some(previous.as_slice());
        match bound.eval(&current, previous) {
            Ok(Some(value)) => {
                assert!(value.is_finite(), "{source} gave {value}");
                if value.abs() < 1e9 {
                    format!("{}", (value * 1e9).round() / 1e9)
                } else {
                    format!("{value:e}")
                }
            }
            Ok(None) => "missing".to_owned(),
            Err(error) => format!("eval: {error}"),
        }
    }

    /// Runs every (formula, expected) case with a previous period present
    /// and reports all mismatches at once.
    fn check(cases: &[(&str, &str)]) {
        check_with(cases, true);
    }

    fn check_with(cases: &[(&str, &str)], with_previous: bool) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(source, expected)| {
                let actual = run(source, with_previous);
                (actual != expected)
                    .then(|| format!("{source:?}\n   expected: {expected}\n   actual:   {actual}"))
            })
            .collect();
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

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

    #[test]
    fn no_input_panics_and_positions_stay_in_range() {
        let samples = [
            "if (a < b) and not c then round(prev([aov]), 2) else max(1, -2e3, .5) / 接待量",
            "if(a <> b, min(a, b), abs(c)) >= 1 or tickets = 0",
            "((1 + [x y]) * prev(z) <= 3e-2",
        ];
        for sample in samples {
            let chars: Vec<char> = sample.chars().collect();
            for end in 0..=chars.len() {
                for start in 0..end {
                    let piece: String = chars[start..end].iter().collect();
                    let length = piece.chars().count();
                    match parse(&piece) {
                        Ok(formula) => {
                            let result = formula
                                .bind(&|_| Some(0))
                                .map(|bound| bound.eval(&[Some(1.0)], Some(&[Some(2.0)])));
                            if let Ok(Ok(Some(value))) = result {
                                assert!(value.is_finite(), "{piece:?} gave {value}");
                            }
                        }
                        Err(error) => assert!(
                            (1..=length + 1).contains(&error.position),
                            "{piece:?}: {error}"
                        ),
                    }
                }
            }
        }
    }
}
