//! Why a curve cannot be used or cannot score a value, as data: each
//! variant holds the numbers its message needs, so the page can word it in
//! any language; `Display` gives the English sentence.

use std::fmt;

use super::{CurveField, Direction};

/// Why a curve cannot be used, or cannot score a value. Each variant holds
/// the numbers its message needs, so the page can word it in any language;
/// `Display` gives the English sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum CurveError {
    /// A curve parameter is not a finite number.
    NotFinite { field: CurveField },
    /// The points are out of order for the direction.
    Order(OrderProblem),
    /// The curve does not fit the direction.
    Direction {
        /// The curve's [`Curve::kind`].
        curve: &'static str,
        direction: Direction,
    },
    /// A ratio curve with a target of 0 or less.
    RatioTarget { target: f64 },
    /// A ratio curve given a negative value.
    RatioNegative { value: f64 },
    /// Bands that leave a gap, overlap, or are empty.
    Bands(BandsProblem),
    /// A score limit out of range (cap under 100, negative scores...).
    Scores(ScoresProblem),
    /// The value is not a finite number.
    Value,
}

/// Which points of a curve are out of order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OrderProblem {
    /// A linear curve whose best is not better than its worst.
    Linear { direction: Direction },
    /// A payout curve whose target is not better than its threshold, or
    /// whose stretch is worse than its target.
    Payout { direction: Direction },
    /// A target band whose tolerance is not in 0..limit.
    TargetBand { tolerance: f64, limit: f64 },
}

/// What is wrong with a list of bands. Band numbers count from 1, as the
/// user sees them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BandsProblem {
    /// No band at all.
    Empty,
    /// The first band has a lower bound, so low values are not scored.
    FirstBounded,
    /// The last band has an upper bound, so high values are not scored.
    LastBounded,
    /// A band's score is negative or not a number.
    Score { band: usize },
    /// A band whose `from` is not below its `to`.
    Reversed { band: usize, from: f64, to: f64 },
    /// Band `band` does not end where band `band + 1` starts.
    Gap { band: usize },
    /// Bands `band` and `band + 1` pay more for the worse value.
    WorseRewarded { band: usize },
    /// Scoring: no band holds the value.
    NoBand { value: f64 },
}

/// Which score limits of a curve are out of range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScoresProblem {
    /// A payout curve needs 0 <= below <= at_threshold <= 100 <= cap.
    Payout {
        below: f64,
        at_threshold: f64,
        cap: f64,
    },
    /// A ratio curve's cap under 100.
    RatioCap { cap: f64 },
    /// A pass/fail curve needs 0 <= fail < pass.
    PassFail { fail: f64, pass: f64 },
}

impl fmt::Display for CurveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CurveError::NotFinite { field } => {
                write!(f, "curve field {} must be a number", field.name())
            }
            CurveError::Order(problem) => {
                write!(f, "curve points out of order: expected {problem}")
            }
            CurveError::Direction { curve, direction } => {
                write!(f, "a {curve} curve does not fit direction {direction:?}")
            }
            CurveError::RatioTarget { target } => write!(
                f,
                "a ratio-to-target curve needs a target above 0 (got {target}): a ratio to 0 or to a negative target has no meaning"
            ),
            CurveError::RatioNegative { value } => write!(
                f,
                "a ratio-to-target curve cannot score the negative value {value}"
            ),
            CurveError::Bands(problem) => write!(f, "bands: {problem}"),
            CurveError::Scores(problem) => write!(f, "curve scores: {problem}"),
            CurveError::Value => write!(f, "the value is not a finite number"),
        }
    }
}

/// What was expected, e.g. "best above worst (higher is better)".
impl fmt::Display for OrderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let order = |f: &mut fmt::Formatter<'_>, direction, worse, better| match direction {
            Direction::Lower => write!(f, "{better} below {worse} (lower is better)"),
            _ => write!(f, "{better} above {worse} (higher is better)"),
        };
        match *self {
            OrderProblem::Linear { direction } => order(f, direction, "worst", "best"),
            OrderProblem::Payout { direction } => {
                order(f, direction, "threshold", "target")?;
                write!(f, " and stretch no worse than target")
            }
            OrderProblem::TargetBand { tolerance, limit } => {
                write!(f, "0 <= tolerance ({tolerance}) < limit ({limit})")
            }
        }
    }
}

impl fmt::Display for BandsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BandsProblem::Empty => write!(f, "there must be at least one band"),
            BandsProblem::FirstBounded => write!(
                f,
                "the first band must have no lower bound, so every value is scored"
            ),
            BandsProblem::LastBounded => write!(
                f,
                "the last band must have no upper bound, so every value is scored"
            ),
            BandsProblem::Score { band } => write!(f, "band {band} needs a score of 0 or more"),
            BandsProblem::Reversed { band, from, to } => write!(
                f,
                "band {band} runs from {from} to {to}: from must be below to"
            ),
            BandsProblem::Gap { band } => write!(
                f,
                "band {band} must end where band {} starts (gaps and overlaps leave values unscored or scored twice)",
                band + 1
            ),
            BandsProblem::WorseRewarded { band } => write!(
                f,
                "bands {band} and {} reward a worse value with more points",
                band + 1
            ),
            BandsProblem::NoBand { value } => write!(f, "no band holds the value {value}"),
        }
    }
}

impl fmt::Display for ScoresProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ScoresProblem::Payout {
                below,
                at_threshold,
                cap,
            } => write!(
                f,
                "need 0 <= below ({below}) <= at_threshold ({at_threshold}) <= 100 <= cap ({cap})"
            ),
            ScoresProblem::RatioCap { cap } => write!(f, "the cap ({cap}) must be at least 100"),
            ScoresProblem::PassFail { fail, pass } => {
                write!(f, "need 0 <= fail ({fail}) < pass ({pass})")
            }
        }
    }
}

impl std::error::Error for CurveError {}
