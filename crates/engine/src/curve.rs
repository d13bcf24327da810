//! Scoring curves: an indicator's value -> a score on 0..100 (up to a cap).
//!
//! Every curve is continuous except where the user asks for steps (bands,
//! pass/fail). The direction decides which way is better; [`Curve::check`]
//! verifies that the points are in order for it.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
    /// Best inside a band around a target; both too low and too high are bad.
    Band,
}

/// A scoring curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Curve {
    /// Linear between worst and best (NICE): clamp the value to the range,
    /// score its position x 100. For lower-is-better, `worst` > `best`.
    Linear { worst: f64, best: f64 },
    /// Threshold / target / stretch (a payout curve): `below` under the
    /// threshold, `at_threshold` rising linearly to 100 at target, then to
    /// `cap` at stretch, `cap` beyond.
    Payout {
        threshold: f64,
        target: f64,
        stretch: f64,
        #[serde(default)]
        below: f64,
        #[serde(default)]
        at_threshold: f64,
        #[serde(default = "hundred")]
        cap: f64,
    },
    /// Ratio to target (achievement): a/t x 100 for higher-is-better; for
    /// lower-is-better t/a x 100 (`inverse`) or (2 - a/t) x 100
    /// (`complement`); between 0 and `cap`. Needs a target above 0 and values
    /// of 0 or more.
    Ratio {
        target: f64,
        #[serde(default = "hundred")]
        cap: f64,
        #[serde(default)]
        lower_form: RatioForm,
    },
    /// Value ranges map to points (Amazon Connect style).
    Bands { bands: Vec<Band> },
    /// Pass (at `pass_at` or better) or fail.
    PassFail {
        pass_at: f64,
        #[serde(default = "hundred")]
        pass: f64,
        #[serde(default)]
        fail: f64,
    },
    /// Goal post: full score within target +/- tolerance, falling linearly
    /// to 0 at target +/- limit.
    TargetBand {
        target: f64,
        tolerance: f64,
        limit: f64,
    },
}

fn hundred() -> f64 {
    100.0
}

/// The ratio formula for lower-is-better indicators.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RatioForm {
    /// t / a x 100 (a value of 0 earns the cap).
    #[default]
    Inverse,
    /// (2 - a / t) x 100.
    Complement,
}

/// One band: values from `from` (inclusive) to `to` (exclusive) score
/// `score`; an absent bound is open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    pub score: f64,
}

/// Why a curve cannot be used, or cannot score a value. Each variant holds
/// the numbers its message needs, so the page can word it in any language;
/// `Display` gives the English sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum CurveError {
    /// A curve parameter is not a finite number.
    NotFinite { field: &'static str },
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
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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
            CurveError::NotFinite { field } => write!(f, "curve field {field} must be a number"),
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

/// +1 when higher is better, -1 when lower is: multiplying by it turns
/// "better" into "greater".
fn sign(direction: Direction) -> f64 {
    match direction {
        Direction::Lower => -1.0,
        Direction::Higher | Direction::Band => 1.0,
    }
}

impl Curve {
    /// A short name for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Curve::Linear { .. } => "linear",
            Curve::Payout { .. } => "payout",
            Curve::Ratio { .. } => "ratio",
            Curve::Bands { .. } => "bands",
            Curve::PassFail { .. } => "pass/fail",
            Curve::TargetBand { .. } => "target band",
        }
    }

    /// The highest score the curve gives.
    pub fn max_score(&self) -> f64 {
        match self {
            Curve::Linear { .. } | Curve::TargetBand { .. } => 100.0,
            Curve::Payout { cap, .. } | Curve::Ratio { cap, .. } => *cap,
            Curve::Bands { bands } => bands.iter().map(|band| band.score).fold(0.0, f64::max),
            Curve::PassFail { pass, fail, .. } => pass.max(*fail),
        }
    }

    /// Checks the curve for the direction: finite numbers, points in order,
    /// sensible scores.
    pub fn check(&self, direction: Direction) -> Result<(), CurveError> {
        let finite = |field: &'static str, value: f64| {
            if value.is_finite() {
                Ok(())
            } else {
                Err(CurveError::NotFinite { field })
            }
        };
        let not_band = |curve: &'static str| {
            if direction == Direction::Band {
                Err(CurveError::Direction { curve, direction })
            } else {
                Ok(())
            }
        };
        let s = sign(direction);
        match *self {
            Curve::Linear { worst, best } => {
                finite("worst", worst)?;
                finite("best", best)?;
                not_band("linear")?;
                if s * best <= s * worst {
                    return Err(CurveError::Order(OrderProblem::Linear { direction }));
                }
            }
            Curve::Payout {
                threshold,
                target,
                stretch,
                below,
                at_threshold,
                cap,
            } => {
                for (field, value) in [
                    ("threshold", threshold),
                    ("target", target),
                    ("stretch", stretch),
                    ("below", below),
                    ("at_threshold", at_threshold),
                    ("cap", cap),
                ] {
                    finite(field, value)?;
                }
                not_band("payout")?;
                if !(s * threshold < s * target && s * target <= s * stretch) {
                    return Err(CurveError::Order(OrderProblem::Payout { direction }));
                }
                if !(0.0 <= below && below <= at_threshold && at_threshold <= 100.0 && cap >= 100.0)
                {
                    return Err(CurveError::Scores(ScoresProblem::Payout {
                        below,
                        at_threshold,
                        cap,
                    }));
                }
            }
            Curve::Ratio { target, cap, .. } => {
                finite("target", target)?;
                finite("cap", cap)?;
                not_band("ratio")?;
                if target <= 0.0 {
                    return Err(CurveError::RatioTarget { target });
                }
                if cap < 100.0 {
                    return Err(CurveError::Scores(ScoresProblem::RatioCap { cap }));
                }
            }
            Curve::Bands { ref bands } => check_bands(bands, direction)?,
            Curve::PassFail {
                pass_at,
                pass,
                fail,
            } => {
                finite("pass_at", pass_at)?;
                finite("pass", pass)?;
                finite("fail", fail)?;
                not_band("pass/fail")?;
                if !(0.0 <= fail && fail < pass) {
                    return Err(CurveError::Scores(ScoresProblem::PassFail { fail, pass }));
                }
            }
            Curve::TargetBand {
                target,
                tolerance,
                limit,
            } => {
                finite("target", target)?;
                finite("tolerance", tolerance)?;
                finite("limit", limit)?;
                if direction != Direction::Band {
                    return Err(CurveError::Direction {
                        curve: "target band",
                        direction,
                    });
                }
                if !(0.0 <= tolerance && tolerance < limit) {
                    return Err(CurveError::Order(OrderProblem::TargetBand {
                        tolerance,
                        limit,
                    }));
                }
            }
        }
        Ok(())
    }

    /// The score of `value`. Assumes [`Curve::check`] passed for `direction`;
    /// fails only for values the curve cannot score (a negative ratio value,
    /// a value outside every band, a non-finite value).
    pub fn score(&self, direction: Direction, value: f64) -> Result<f64, CurveError> {
        if !value.is_finite() {
            return Err(CurveError::Value);
        }
        let s = sign(direction);
        let score = match *self {
            Curve::Linear { worst, best } => {
                let position = (value - worst) / (best - worst);
                position.clamp(0.0, 1.0) * 100.0
            }
            Curve::Payout {
                threshold,
                target,
                stretch,
                below,
                at_threshold,
                cap,
            } => {
                let (x, threshold, target, stretch) =
                    (s * value, s * threshold, s * target, s * stretch);
                // Each segment's result is clamped to its own ends: rounding
                // must never lift a point above the next segment's start
                // (that would let a worse value outscore a better one).
                if x < threshold {
                    below
                } else if x < target {
                    (at_threshold + (100.0 - at_threshold) * (x - threshold) / (target - threshold))
                        .clamp(at_threshold, 100.0)
                } else if x < stretch {
                    (100.0 + (cap - 100.0) * (x - target) / (stretch - target)).clamp(100.0, cap)
                } else {
                    cap
                }
            }
            Curve::Ratio {
                target,
                cap,
                lower_form,
            } => {
                if value < 0.0 {
                    return Err(CurveError::RatioNegative { value });
                }
                let ratio = match (direction, lower_form) {
                    (Direction::Lower, RatioForm::Inverse) if value == 0.0 => return Ok(cap),
                    (Direction::Lower, RatioForm::Inverse) => target / value,
                    (Direction::Lower, RatioForm::Complement) => 2.0 - value / target,
                    _ => value / target,
                };
                (ratio * 100.0).clamp(0.0, cap)
            }
            Curve::Bands { ref bands } => bands
                .iter()
                .find(|band| {
                    band.from.is_none_or(|from| value >= from)
                        && band.to.is_none_or(|to| value < to)
                })
                .map(|band| band.score)
                .ok_or(CurveError::Bands(BandsProblem::NoBand { value }))?,
            Curve::PassFail {
                pass_at,
                pass,
                fail,
            } => {
                if s * value >= s * pass_at {
                    pass
                } else {
                    fail
                }
            }
            Curve::TargetBand {
                target,
                tolerance,
                limit,
            } => {
                let distance = (value - target).abs();
                if distance <= tolerance {
                    100.0
                } else if distance >= limit {
                    0.0
                } else {
                    (100.0 * (limit - distance) / (limit - tolerance)).clamp(0.0, 100.0)
                }
            }
        };
        Ok(score)
    }
}

/// Bands must be sorted, touch without gaps or overlaps, cover every value
/// (open at both ends), score 0 or more, and not reward a worse value.
fn check_bands(bands: &[Band], direction: Direction) -> Result<(), CurveError> {
    let problem = |problem: BandsProblem| Err(CurveError::Bands(problem));
    let (Some(first), Some(last)) = (bands.first(), bands.last()) else {
        return problem(BandsProblem::Empty);
    };
    if first.from.is_some() {
        return problem(BandsProblem::FirstBounded);
    }
    if last.to.is_some() {
        return problem(BandsProblem::LastBounded);
    }
    for (index, band) in bands.iter().enumerate() {
        let number = index + 1;
        if !band.score.is_finite() || band.score < 0.0 {
            return problem(BandsProblem::Score { band: number });
        }
        if let (Some(from), Some(to)) = (band.from, band.to)
            && from.partial_cmp(&to) != Some(std::cmp::Ordering::Less)
        {
            return problem(BandsProblem::Reversed {
                band: number,
                from,
                to,
            });
        }
    }
    for (index, pair) in bands.windows(2).enumerate() {
        let number = index + 1;
        if pair[0].to.is_none() || pair[0].to != pair[1].from {
            return problem(BandsProblem::Gap { band: number });
        }
        let worse_pays_more = match direction {
            Direction::Higher => pair[1].score < pair[0].score,
            Direction::Lower => pair[1].score > pair[0].score,
            Direction::Band => false,
        };
        if worse_pays_more {
            return problem(BandsProblem::WorseRewarded { band: number });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Band as Around, Higher, Lower};

    /// Scores each (value, expected) pair; expected values are worked out by
    /// hand in the comments of each case.
    fn check(curve: Curve, direction: Direction, cases: &[(f64, f64)]) {
        curve.check(direction).unwrap();
        for &(value, expected) in cases {
            let score = curve.score(direction, value).unwrap();
            assert!(
                (score - expected).abs() < 1e-9,
                "{} {direction:?}: value {value} scored {score}, expected {expected}",
                curve.kind()
            );
        }
    }

    #[test]
    fn linear_both_directions() {
        // Higher: worst 60, best 90: 75 is half way -> 50; clamped outside.
        check(
            Curve::Linear {
                worst: 60.0,
                best: 90.0,
            },
            Higher,
            &[
                (75.0, 50.0),
                (60.0, 0.0),
                (50.0, 0.0),
                (90.0, 100.0),
                (99.0, 100.0),
                (84.0, 80.0),
            ],
        );
        // Lower (response minutes): worst 10, best 2: 4 min is 6/8 -> 75.
        check(
            Curve::Linear {
                worst: 10.0,
                best: 2.0,
            },
            Lower,
            &[
                (4.0, 75.0),
                (10.0, 0.0),
                (12.0, 0.0),
                (2.0, 100.0),
                (1.0, 100.0),
            ],
        );
    }

    #[test]
    fn payout_both_directions() {
        let higher = Curve::Payout {
            threshold: 80.0,
            target: 90.0,
            stretch: 95.0,
            below: 0.0,
            at_threshold: 50.0,
            cap: 120.0,
        };
        // 79 < threshold -> 0; 80 -> 50; 85 -> 50 + 50 * 5/10 = 75; 90 -> 100;
        // 92.5 -> 100 + 20 * 2.5/5 = 110; 95 and 99 -> cap 120.
        check(
            higher,
            Higher,
            &[
                (79.0, 0.0),
                (80.0, 50.0),
                (85.0, 75.0),
                (90.0, 100.0),
                (92.5, 110.0),
                (95.0, 120.0),
                (99.0, 120.0),
            ],
        );
        let lower = Curve::Payout {
            threshold: 5.0,
            target: 3.0,
            stretch: 2.0,
            below: 10.0,
            at_threshold: 40.0,
            cap: 110.0,
        };
        // Minutes: 6 is worse than threshold -> floor 10; 5 -> 40;
        // 4 -> 40 + 60 * 1/2 = 70; 3 -> 100; 2.5 -> 105; 1 -> cap 110.
        check(
            lower,
            Lower,
            &[
                (6.0, 10.0),
                (5.0, 40.0),
                (4.0, 70.0),
                (3.0, 100.0),
                (2.5, 105.0),
                (1.0, 110.0),
            ],
        );
    }

    #[test]
    fn ratio_both_directions_and_refusals() {
        let higher = Curve::Ratio {
            target: 80.0,
            cap: 120.0,
            lower_form: RatioForm::Inverse,
        };
        // 60/80 = 75; 100/80 = 125 -> capped 120; 0 -> 0.
        check(higher, Higher, &[(60.0, 75.0), (100.0, 120.0), (0.0, 0.0)]);
        let inverse = Curve::Ratio {
            target: 3.0,
            cap: 150.0,
            lower_form: RatioForm::Inverse,
        };
        // t/a: 3/4 = 75; 3/2 = 150; 0 minutes -> the cap.
        check(inverse, Lower, &[(4.0, 75.0), (2.0, 150.0), (0.0, 150.0)]);
        let complement = Curve::Ratio {
            target: 4.0,
            cap: 100.0,
            lower_form: RatioForm::Complement,
        };
        // (2 - a/t): 5 -> 75; 2 -> 150 capped 100; 9 -> -25 floored 0.
        check(complement, Lower, &[(5.0, 75.0), (2.0, 100.0), (9.0, 0.0)]);

        let zero_target = Curve::Ratio {
            target: 0.0,
            cap: 100.0,
            lower_form: RatioForm::Inverse,
        };
        assert_eq!(
            zero_target.check(Higher),
            Err(CurveError::RatioTarget { target: 0.0 })
        );
        let negative_target = Curve::Ratio {
            target: -5.0,
            cap: 100.0,
            lower_form: RatioForm::Inverse,
        };
        assert!(
            negative_target
                .check(Lower)
                .unwrap_err()
                .to_string()
                .contains("above 0")
        );
        assert_eq!(
            higher_ratio().score(Higher, -3.0),
            Err(CurveError::RatioNegative { value: -3.0 })
        );
    }

    fn higher_ratio() -> Curve {
        Curve::Ratio {
            target: 10.0,
            cap: 100.0,
            lower_form: RatioForm::Inverse,
        }
    }

    fn bands(spec: &[(Option<f64>, Option<f64>, f64)]) -> Curve {
        Curve::Bands {
            bands: spec
                .iter()
                .map(|&(from, to, score)| Band { from, to, score })
                .collect(),
        }
    }

    #[test]
    fn bands_both_directions() {
        // Higher: <80 -> 0, [80, 90) -> 60, >= 90 -> 100.
        check(
            bands(&[
                (None, Some(80.0), 0.0),
                (Some(80.0), Some(90.0), 60.0),
                (Some(90.0), None, 100.0),
            ]),
            Higher,
            &[(79.9, 0.0), (80.0, 60.0), (89.9, 60.0), (90.0, 100.0)],
        );
        // Lower (minutes): <2 -> 100, [2, 5) -> 70, >= 5 -> 20.
        check(
            bands(&[
                (None, Some(2.0), 100.0),
                (Some(2.0), Some(5.0), 70.0),
                (Some(5.0), None, 20.0),
            ]),
            Lower,
            &[(1.0, 100.0), (2.0, 70.0), (4.99, 70.0), (5.0, 20.0)],
        );
    }

    #[test]
    fn bands_are_checked() {
        let gap = bands(&[(None, Some(80.0), 0.0), (Some(85.0), None, 100.0)]);
        assert!(
            gap.check(Higher)
                .unwrap_err()
                .to_string()
                .contains("band 1 must end where band 2 starts")
        );
        let closed = bands(&[(Some(0.0), None, 100.0)]);
        assert!(closed.check(Higher).is_err());
        let inverted = bands(&[(None, Some(80.0), 100.0), (Some(80.0), None, 0.0)]);
        assert!(
            inverted
                .check(Higher)
                .unwrap_err()
                .to_string()
                .contains("worse value")
        );
        assert!(inverted.check(Lower).is_ok());
        assert!(bands(&[]).check(Higher).is_err());
    }

    #[test]
    fn pass_fail_both_directions() {
        let higher = Curve::PassFail {
            pass_at: 95.0,
            pass: 100.0,
            fail: 0.0,
        };
        check(higher, Higher, &[(95.0, 100.0), (94.9, 0.0)]);
        let lower = Curve::PassFail {
            pass_at: 3.0,
            pass: 100.0,
            fail: 20.0,
        };
        check(lower, Lower, &[(3.0, 100.0), (2.0, 100.0), (3.1, 20.0)]);
    }

    #[test]
    fn target_band() {
        // Workload rate: target 85 +/- 5 is full marks, 0 at 20 away.
        // 95 is 10 away: 100 * (20 - 10) / (20 - 5) = 66.666...
        let curve = Curve::TargetBand {
            target: 85.0,
            tolerance: 5.0,
            limit: 20.0,
        };
        check(
            curve.clone(),
            Around,
            &[
                (85.0, 100.0),
                (80.0, 100.0),
                (90.0, 100.0),
                (95.0, 200.0 / 3.0),
                (75.0, 200.0 / 3.0),
                (105.0, 0.0),
                (60.0, 0.0),
            ],
        );
        assert!(matches!(
            curve.check(Higher),
            Err(CurveError::Direction { .. })
        ));
    }

    #[test]
    fn order_is_checked_for_the_direction() {
        let linear = Curve::Linear {
            worst: 2.0,
            best: 10.0,
        };
        assert!(linear.check(Higher).is_ok());
        let err = linear.check(Lower).unwrap_err().to_string();
        assert!(err.contains("best below worst"), "{err}");
        let payout = Curve::Payout {
            threshold: 90.0,
            target: 80.0,
            stretch: 95.0,
            below: 0.0,
            at_threshold: 50.0,
            cap: 120.0,
        };
        assert!(payout.check(Higher).is_err());
        assert!(
            Curve::Linear {
                worst: 1.0,
                best: f64::NAN
            }
            .check(Higher)
            .is_err()
        );
    }

    #[test]
    fn problems_are_data_with_english_words() {
        // Each refusal as (error, its English sentence): the variant holds
        // the numbers, Display words them.
        let b = |from: Option<f64>, to: Option<f64>, score: f64| Band { from, to, score };
        let cases = [
            (
                Curve::Linear {
                    worst: 2.0,
                    best: 10.0,
                }
                .check(Lower),
                CurveError::Order(OrderProblem::Linear { direction: Lower }),
                "curve points out of order: expected best below worst (lower is better)",
            ),
            (
                Curve::Payout {
                    threshold: 90.0,
                    target: 80.0,
                    stretch: 95.0,
                    below: 0.0,
                    at_threshold: 50.0,
                    cap: 120.0,
                }
                .check(Higher),
                CurveError::Order(OrderProblem::Payout { direction: Higher }),
                "curve points out of order: expected target above threshold (higher is better) and stretch no worse than target",
            ),
            (
                Curve::Payout {
                    threshold: 80.0,
                    target: 90.0,
                    stretch: 95.0,
                    below: 60.0,
                    at_threshold: 50.0,
                    cap: 120.0,
                }
                .check(Higher),
                CurveError::Scores(ScoresProblem::Payout {
                    below: 60.0,
                    at_threshold: 50.0,
                    cap: 120.0,
                }),
                "curve scores: need 0 <= below (60) <= at_threshold (50) <= 100 <= cap (120)",
            ),
            (
                Curve::Ratio {
                    target: 10.0,
                    cap: 90.0,
                    lower_form: RatioForm::Inverse,
                }
                .check(Higher),
                CurveError::Scores(ScoresProblem::RatioCap { cap: 90.0 }),
                "curve scores: the cap (90) must be at least 100",
            ),
            (
                Curve::PassFail {
                    pass_at: 1.0,
                    pass: 10.0,
                    fail: 20.0,
                }
                .check(Higher),
                CurveError::Scores(ScoresProblem::PassFail {
                    fail: 20.0,
                    pass: 10.0,
                }),
                "curve scores: need 0 <= fail (20) < pass (10)",
            ),
            (
                Curve::TargetBand {
                    target: 85.0,
                    tolerance: 5.0,
                    limit: 2.5,
                }
                .check(Around),
                CurveError::Order(OrderProblem::TargetBand {
                    tolerance: 5.0,
                    limit: 2.5,
                }),
                "curve points out of order: expected 0 <= tolerance (5) < limit (2.5)",
            ),
            (
                bands(&[(None, Some(80.0), 0.0), (Some(85.0), None, 100.0)]).check(Higher),
                CurveError::Bands(BandsProblem::Gap { band: 1 }),
                "bands: band 1 must end where band 2 starts (gaps and overlaps leave values unscored or scored twice)",
            ),
            (
                bands(&[
                    (None, Some(1.0), 0.0),
                    (Some(5.0), Some(3.0), 1.0),
                    (Some(3.0), None, 2.0),
                ])
                .check(Higher),
                CurveError::Bands(BandsProblem::Reversed {
                    band: 2,
                    from: 5.0,
                    to: 3.0,
                }),
                "bands: band 2 runs from 5 to 3: from must be below to",
            ),
            (
                bands(&[(None, Some(1.0), 5.0), (Some(1.0), None, 2.0)]).check(Higher),
                CurveError::Bands(BandsProblem::WorseRewarded { band: 1 }),
                "bands: bands 1 and 2 reward a worse value with more points",
            ),
            (
                bands(&[(None, Some(1.0), -1.0), (Some(1.0), None, 2.0)]).check(Higher),
                CurveError::Bands(BandsProblem::Score { band: 1 }),
                "bands: band 1 needs a score of 0 or more",
            ),
            (
                bands(&[(Some(0.0), None, 1.0)]).check(Higher),
                CurveError::Bands(BandsProblem::FirstBounded),
                "bands: the first band must have no lower bound, so every value is scored",
            ),
            (
                bands(&[(None, Some(0.0), 1.0)]).check(Higher),
                CurveError::Bands(BandsProblem::LastBounded),
                "bands: the last band must have no upper bound, so every value is scored",
            ),
            (
                Curve::Bands {
                    bands: vec![b(None, Some(1.0), 1.0)],
                }
                .score(Higher, 4.0)
                .map(|_| ()),
                CurveError::Bands(BandsProblem::NoBand { value: 4.0 }),
                "bands: no band holds the value 4",
            ),
        ];
        for (result, error, words) in cases {
            assert_eq!(result, Err(error.clone()));
            assert_eq!(error.to_string(), words);
        }
    }

    #[test]
    fn non_finite_values_are_refused() {
        let curve = Curve::Linear {
            worst: 0.0,
            best: 1.0,
        };
        assert_eq!(curve.score(Higher, f64::NAN), Err(CurveError::Value));
        assert_eq!(curve.score(Higher, f64::INFINITY), Err(CurveError::Value));
    }
}
