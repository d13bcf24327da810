//! Why a bonus pool cannot be split: the errors as data, with the English
//! sentence for each.

use std::fmt;

use super::money::units;

/// Why a bonus pool cannot be split. The numbers its message needs, so the
/// page can word it in any language; `Display` gives the English sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum BonusError {
    /// The per-person floors alone need more than the pool (all in cents).
    FloorsExceedPool {
        needed: i64,
        pool: i64,
        eligible: usize,
    },
    /// A field of the rule has a value the split cannot use.
    Invalid {
        field: &'static str,
        problem: BonusProblem,
    },
}

/// What is wrong with one field of a bonus rule, with the value found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BonusProblem {
    /// Not a finite number.
    NotFinite { value: f64 },
    /// Money below 0.
    Negative { value: f64 },
    /// Money above [`MAX_CENTS`] (`limit`, in cents).
    TooLarge { value: f64, limit: i64 },
    /// A floor above the cap (both in cents).
    FloorAboveCap { floor: i64, cap: i64 },
    /// A percentage outside 0..=100.
    NotPercent { value: f64 },
    /// An exponent of 0 or less.
    NotPositive { value: f64 },
}

impl fmt::Display for BonusProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BonusProblem::NotFinite { value } => {
                write!(f, "must be a finite number, got {value}")
            }
            BonusProblem::Negative { value } => write!(f, "must be 0 or more, got {value}"),
            BonusProblem::TooLarge { value, limit } => {
                write!(f, "is too large: {value} is more than {}", units(limit))
            }
            BonusProblem::FloorAboveCap { floor, cap } => {
                write!(f, "({}) is above the cap ({})", units(floor), units(cap))
            }
            BonusProblem::NotPercent { value } => {
                write!(f, "must be between 0 and 100, got {value}")
            }
            BonusProblem::NotPositive { value } => write!(f, "must be more than 0, got {value}"),
        }
    }
}

impl fmt::Display for BonusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BonusError::FloorsExceedPool {
                needed,
                pool,
                eligible,
            } => {
                let (floors, need) = if *eligible == 1 {
                    ("floor", "needs")
                } else {
                    ("floors", "need")
                };
                let agents = if *eligible == 1 { "agent" } else { "agents" };
                write!(
                    f,
                    "the {floors} of {eligible} eligible {agents} {need} {}, more than the pool of {}",
                    units(*needed),
                    units(*pool)
                )
            }
            BonusError::Invalid { field, problem } => {
                write!(f, "bonus rule: {field} {problem}")
            }
        }
    }
}

impl std::error::Error for BonusError {}
