//! Scoring curves: an indicator's value -> a score on 0..100 (up to a cap).
//!
//! Every curve is continuous except where the user asks for steps (bands,
//! pass/fail). The direction decides which way is better; [`Curve::check`]
//! verifies that the points are in order for it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod de;
mod error;

pub use error::{BandsProblem, CurveError, OrderProblem, ScoresProblem};

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
// Its reader is written by hand (`curve/de.rs`): the derived one of an
// internally tagged enum is several times its size in the page. The serde
// attributes here still shape the writer and the JSON Schema.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
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

/// One number of a curve (every one but a band list's), by what it means.
/// The same name may serve several kinds: a payout, a ratio and a target
/// band each have a `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CurveField {
    Worst,
    Best,
    Threshold,
    Target,
    Stretch,
    Below,
    AtThreshold,
    Cap,
    PassAt,
    Pass,
    Fail,
    Tolerance,
    Limit,
}

impl CurveField {
    /// Every field, in the order the curves list them.
    pub const ALL: [CurveField; 13] = [
        CurveField::Worst,
        CurveField::Best,
        CurveField::Threshold,
        CurveField::Target,
        CurveField::Stretch,
        CurveField::Below,
        CurveField::AtThreshold,
        CurveField::Cap,
        CurveField::PassAt,
        CurveField::Pass,
        CurveField::Fail,
        CurveField::Tolerance,
        CurveField::Limit,
    ];

    /// The field's name in the scheme file (and in the English messages).
    pub fn name(self) -> &'static str {
        match self {
            CurveField::Worst => "worst",
            CurveField::Best => "best",
            CurveField::Threshold => "threshold",
            CurveField::Target => "target",
            CurveField::Stretch => "stretch",
            CurveField::Below => "below",
            CurveField::AtThreshold => "at_threshold",
            CurveField::Cap => "cap",
            CurveField::PassAt => "pass_at",
            CurveField::Pass => "pass",
            CurveField::Fail => "fail",
            CurveField::Tolerance => "tolerance",
            CurveField::Limit => "limit",
        }
    }

    /// Whether the field is a score the curve gives (a floor, a cap, the
    /// points for passing) rather than a value of the indicator.
    pub fn is_score(self) -> bool {
        matches!(
            self,
            CurveField::Below
                | CurveField::AtThreshold
                | CurveField::Cap
                | CurveField::Pass
                | CurveField::Fail
        )
    }
}

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

    /// The curve's numbers (all but a band list's), in the order an editor
    /// shows them, with their values.
    pub fn fields(&self) -> Vec<(CurveField, f64)> {
        use CurveField as F;
        match *self {
            Curve::Linear { worst, best } => vec![(F::Worst, worst), (F::Best, best)],
            Curve::Payout {
                threshold,
                target,
                stretch,
                below,
                at_threshold,
                cap,
            } => vec![
                (F::Threshold, threshold),
                (F::Target, target),
                (F::Stretch, stretch),
                (F::Below, below),
                (F::AtThreshold, at_threshold),
                (F::Cap, cap),
            ],
            Curve::Ratio { target, cap, .. } => vec![(F::Target, target), (F::Cap, cap)],
            Curve::Bands { .. } => Vec::new(),
            Curve::PassFail {
                pass_at,
                pass,
                fail,
            } => vec![(F::PassAt, pass_at), (F::Pass, pass), (F::Fail, fail)],
            Curve::TargetBand {
                target,
                tolerance,
                limit,
            } => vec![
                (F::Target, target),
                (F::Tolerance, tolerance),
                (F::Limit, limit),
            ],
        }
    }

    /// Sets one of [`Curve::fields`]; false if this curve has no such field.
    pub fn set_field(&mut self, field: CurveField, value: f64) -> bool {
        use CurveField as F;
        let slot = match (self, field) {
            (Curve::Linear { worst, .. }, F::Worst) => worst,
            (Curve::Linear { best, .. }, F::Best) => best,
            (Curve::Payout { threshold, .. }, F::Threshold) => threshold,
            (Curve::Payout { target, .. }, F::Target) => target,
            (Curve::Payout { stretch, .. }, F::Stretch) => stretch,
            (Curve::Payout { below, .. }, F::Below) => below,
            (Curve::Payout { at_threshold, .. }, F::AtThreshold) => at_threshold,
            (Curve::Payout { cap, .. }, F::Cap) => cap,
            (Curve::Ratio { target, .. }, F::Target) => target,
            (Curve::Ratio { cap, .. }, F::Cap) => cap,
            (Curve::PassFail { pass_at, .. }, F::PassAt) => pass_at,
            (Curve::PassFail { pass, .. }, F::Pass) => pass,
            (Curve::PassFail { fail, .. }, F::Fail) => fail,
            (Curve::TargetBand { target, .. }, F::Target) => target,
            (Curve::TargetBand { tolerance, .. }, F::Tolerance) => tolerance,
            (Curve::TargetBand { limit, .. }, F::Limit) => limit,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// The range of values the curve's points span, low to high, never
    /// empty: where a chart of it looks, and what a curve of another kind
    /// keeps when the editor switches kinds.
    pub fn domain(&self) -> (f64, f64) {
        let points: Vec<f64> = match self {
            Curve::Linear { worst, best } => vec![*worst, *best],
            Curve::Payout {
                threshold,
                target,
                stretch,
                ..
            } => vec![*threshold, *target, *stretch],
            Curve::Ratio { target, cap, .. } => vec![0.0, target * cap.max(100.0) / 100.0],
            Curve::Bands { bands } => bands
                .iter()
                .flat_map(|band| [band.from, band.to])
                .flatten()
                .collect(),
            Curve::PassFail { pass_at, .. } => vec![*pass_at],
            Curve::TargetBand { target, limit, .. } => vec![target - limit, target + limit],
        };
        let finite = points.into_iter().filter(|x| x.is_finite());
        let low = finite.clone().fold(f64::INFINITY, f64::min);
        let high = finite.fold(f64::NEG_INFINITY, f64::max);
        if !low.is_finite() {
            return (0.0, 100.0);
        }
        if high - low < 1e-9 {
            let pad = if low == 0.0 { 1.0 } else { low.abs() / 2.0 };
            return (low - pad, high + pad);
        }
        (low, high)
    }

    /// Checks the curve for the direction: finite numbers, points in order,
    /// sensible scores.
    pub fn check(&self, direction: Direction) -> Result<(), CurveError> {
        if let Some((field, _)) = self.fields().into_iter().find(|(_, v)| !v.is_finite()) {
            return Err(CurveError::NotFinite { field });
        }
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
                not_band("ratio")?;
                if target <= 0.0 {
                    return Err(CurveError::RatioTarget { target });
                }
                if cap < 100.0 {
                    return Err(CurveError::Scores(ScoresProblem::RatioCap { cap }));
                }
            }
            Curve::Bands { ref bands } => check_bands(bands, direction)?,
            Curve::PassFail { pass, fail, .. } => {
                not_band("pass/fail")?;
                if !(0.0 <= fail && fail < pass) {
                    return Err(CurveError::Scores(ScoresProblem::PassFail { fail, pass }));
                }
            }
            Curve::TargetBand {
                tolerance, limit, ..
            } => {
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
mod de_tests;
#[cfg(test)]
mod tests;
