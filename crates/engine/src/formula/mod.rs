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
//!
//! One stage per file: `lex` (text to tokens), `parse` (tokens
//! to a program), `bind` (names to indices), `eval` (a program run for one
//! row), with `program` the instructions they share and `error` what can go
//! wrong, as data.

mod bind;
mod error;
mod eval;
mod lex;
mod parse;
mod program;

pub use bind::BoundFormula;
pub use error::{CharacterHint, EvalError, Expected, FormulaError, FormulaProblem, Found};
pub use lex::is_keyword;
pub use parse::{ColumnRef, Formula, parse};

/// How deeply parentheses, function calls and `if` may nest. The parser
/// recurses once per level; the limit keeps hostile input from exhausting
/// the stack while leaving far more room than a real indicator needs.
pub const MAX_DEPTH: usize = 64;

/// The functions a formula may call, for messages.
pub const KNOWN_FUNCTIONS: &str = "min, max, abs, round, if, prev";

#[cfg(test)]
mod tests;
