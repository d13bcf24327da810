//! The compiled form of a formula: a flat postfix program. The parser
//! emits it, binding swaps table indices into its column slots, and
//! evaluation runs it with a stack and no recursion.

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Arithmetic {
    Add,
    Subtract,
    Multiply,
    Divide,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

impl Comparison {
    pub(super) fn holds(self, a: f64, b: f64) -> bool {
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
pub(super) enum Op {
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
