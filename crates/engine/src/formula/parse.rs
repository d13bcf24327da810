//! The second stage: tokens to a [`Formula`]. A recursive-descent parser,
//! one function per precedence level, that emits the postfix program as it
//! goes instead of building a tree; it recurses once per nesting level,
//! bounded by [`MAX_DEPTH`], and loops over flat repetition (`1 + 1 + ...`,
//! `not not ...`).

use super::MAX_DEPTH;
use super::error::{Expected, FormulaError, FormulaProblem, Found};
use super::lex::{Keyword, Kind, Token, lex};
use super::program::{Arithmetic, Op};

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
    pub(super) source: String,
    pub(super) code: Vec<Op>,
    /// Column slots in source order; `Op::Column` and `Op::Previous` index
    /// into this list until [`Formula::bind`] swaps in table indices.
    pub(super) columns: Vec<ColumnRef>,
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
