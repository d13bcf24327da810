//! The first stage: source text to tokens. Numbers, names (`接待量`,
//! `[first contact resolved]`), the reserved words, operators and
//! punctuation; a character with no meaning is an error at its position,
//! with a hint when it is a likely slip (`&`, a full-width parenthesis).

use super::error::{CharacterHint, FormulaError, FormulaProblem};
use super::program::Comparison;

/// The reserved words of the formula language. They ignore case in a
/// formula, and a column of that name must be bracketed (`[and]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Keyword {
    And,
    Or,
    Not,
    If,
    Then,
    Else,
}

impl Keyword {
    const ALL: [Keyword; 6] = [
        Keyword::And,
        Keyword::Or,
        Keyword::Not,
        Keyword::If,
        Keyword::Then,
        Keyword::Else,
    ];

    /// The word, lower case.
    fn word(self) -> &'static str {
        match self {
            Keyword::And => "and",
            Keyword::Or => "or",
            Keyword::Not => "not",
            Keyword::If => "if",
            Keyword::Then => "then",
            Keyword::Else => "else",
        }
    }

    fn from_word(word: &str) -> Option<Keyword> {
        Keyword::ALL
            .into_iter()
            .find(|keyword| word.eq_ignore_ascii_case(keyword.word()))
    }
}

/// Whether `word` is a reserved word of the formula language (in any
/// case), so a bare name cannot be it.
pub fn is_keyword(word: &str) -> bool {
    Keyword::from_word(word).is_some()
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
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
pub(super) struct Token {
    pub(super) kind: Kind,
    /// 1-based character index.
    pub(super) position: usize,
    /// Byte range in the source, for quoting the token in messages.
    pub(super) start: usize,
    pub(super) end: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The tokens of `source`, without the end (the parser adds it).
pub(super) fn lex(source: &str) -> Result<Vec<Token>, FormulaError> {
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
