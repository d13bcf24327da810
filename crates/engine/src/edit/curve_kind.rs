//! Curve kinds in the editor: the kinds it offers, switching an
//! indicator's curve to another kind over the same range of values, and
//! turning its curves when its direction changes, so each edit leaves a
//! curve that serves the direction.

use crate::curve::{Band, Curve, CurveField, Direction};
use crate::scheme::Indicator;

/// The kinds of curve, in the order an editor offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveKind {
    Linear,
    Payout,
    Ratio,
    Bands,
    PassFail,
    TargetBand,
}

impl CurveKind {
    pub const ALL: [CurveKind; 6] = [
        CurveKind::Linear,
        CurveKind::Payout,
        CurveKind::Ratio,
        CurveKind::Bands,
        CurveKind::PassFail,
        CurveKind::TargetBand,
    ];

    pub fn of(curve: &Curve) -> CurveKind {
        match curve {
            Curve::Linear { .. } => CurveKind::Linear,
            Curve::Payout { .. } => CurveKind::Payout,
            Curve::Ratio { .. } => CurveKind::Ratio,
            Curve::Bands { .. } => CurveKind::Bands,
            Curve::PassFail { .. } => CurveKind::PassFail,
            Curve::TargetBand { .. } => CurveKind::TargetBand,
        }
    }

    /// A stable name for forms and tests.
    pub fn id(self) -> &'static str {
        match self {
            CurveKind::Linear => "linear",
            CurveKind::Payout => "payout",
            CurveKind::Ratio => "ratio",
            CurveKind::Bands => "bands",
            CurveKind::PassFail => "pass_fail",
            CurveKind::TargetBand => "target_band",
        }
    }

    pub fn from_id(id: &str) -> Option<CurveKind> {
        CurveKind::ALL.into_iter().find(|kind| kind.id() == id)
    }
}

/// A curve of another kind over the same range of values as `curve`, in
/// order for `direction`, so switching kinds keeps the targets in view.
pub fn curve_of_kind(kind: CurveKind, direction: Direction, curve: &Curve) -> Curve {
    if CurveKind::of(curve) == kind {
        return curve.clone();
    }
    let (low, high) = curve.domain();
    let (worst, best) = if direction == Direction::Lower {
        (high, low)
    } else {
        (low, high)
    };
    let at = |share: f64| worst + (best - worst) * share;
    match kind {
        CurveKind::Linear => Curve::Linear { worst, best },
        CurveKind::Payout => Curve::Payout {
            threshold: at(0.25),
            target: at(0.75),
            stretch: best,
            below: 0.0,
            at_threshold: 50.0,
            cap: 100.0,
        },
        CurveKind::Ratio => Curve::Ratio {
            target: if at(0.75) > 0.0 { at(0.75) } else { 1.0 },
            cap: 100.0,
            lower_form: Default::default(),
        },
        CurveKind::Bands => {
            let band = |from: Option<f64>, to: Option<f64>, score: f64| Band { from, to, score };
            // Cut points at 30% and 70% of the way from worst to best (for a
            // band direction, of the way across the range).
            let (a, b) = (low + (high - low) * 0.3, low + (high - low) * 0.7);
            let scores = match direction {
                Direction::Higher => [0.0, 60.0, 100.0],
                Direction::Lower => [100.0, 60.0, 0.0],
                Direction::Band => [0.0, 100.0, 0.0],
            };
            let bands = vec![
                band(None, Some(a), scores[0]),
                band(Some(a), Some(b), scores[1]),
                band(Some(b), None, scores[2]),
            ];
            Curve::Bands { bands }
        }
        CurveKind::PassFail => Curve::PassFail {
            pass_at: at(0.75),
            pass: 100.0,
            fail: 0.0,
        },
        CurveKind::TargetBand => Curve::TargetBand {
            target: (low + high) / 2.0,
            tolerance: (high - low) / 10.0,
            limit: (high - low) / 2.0,
        },
    }
}

/// Sets an indicator's direction and turns its curves to match: a linear or
/// payout curve is mirrored (worst and best swap ends), and a curve that
/// cannot serve the new direction becomes one that can, around the same
/// values.
pub fn set_direction(indicator: &mut Indicator, direction: Direction) {
    if indicator.direction == direction {
        return;
    }
    let from = indicator.direction;
    indicator.direction = direction;
    indicator.curve = turn_curve(&indicator.curve, from, direction);
    for group in &mut indicator.overrides {
        group.curve = turn_curve(&group.curve, from, direction);
    }
}

fn turn_curve(curve: &Curve, from: Direction, to: Direction) -> Curve {
    let (low, high) = curve.domain();
    match (curve, to) {
        (_, Direction::Band) => Curve::TargetBand {
            target: (low + high) / 2.0,
            tolerance: (high - low) / 10.0,
            limit: (high - low) / 2.0,
        },
        (Curve::TargetBand { .. }, _) => {
            let (worst, best) = if to == Direction::Lower {
                (high, low)
            } else {
                (low, high)
            };
            Curve::Linear { worst, best }
        }
        (Curve::Linear { worst, best }, _) if from != to => Curve::Linear {
            worst: *best,
            best: *worst,
        },
        (
            Curve::Payout {
                threshold,
                target,
                stretch,
                ..
            },
            _,
        ) => {
            // Mirror around the target: the same distances, the other way;
            // the scores stay.
            let mut turned = curve.clone();
            turned.set_field(CurveField::Threshold, 2.0 * target - threshold);
            turned.set_field(CurveField::Stretch, 2.0 * target - stretch);
            turned
        }
        _ => curve.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::structure::new_indicator;
    use crate::edit::test_support::example;
    use crate::scheme::Names;

    #[test]
    fn changing_direction_or_kind_gives_a_curve_that_validates() {
        for kind in CurveKind::ALL {
            for direction in [Direction::Higher, Direction::Lower, Direction::Band] {
                // A curve that fits the direction, of another kind or not.
                let start = match direction {
                    Direction::Higher => Curve::Linear {
                        worst: 60.0,
                        best: 95.0,
                    },
                    Direction::Lower => Curve::Linear {
                        worst: 95.0,
                        best: 60.0,
                    },
                    Direction::Band => Curve::TargetBand {
                        target: 80.0,
                        tolerance: 5.0,
                        limit: 20.0,
                    },
                };
                let curve = curve_of_kind(kind, direction, &start);
                let fits = curve.check(direction).is_ok();
                // A target band serves only the band direction, bands any,
                // and the others only higher or lower.
                let expected = match kind {
                    CurveKind::TargetBand => direction == Direction::Band,
                    CurveKind::Bands => true,
                    _ => direction != Direction::Band,
                };
                assert_eq!(fits, expected, "{kind:?} {direction:?} {curve:?}");
            }
        }
        let mut indicator = new_indicator(&example(), Names::both("AHT"));
        indicator.curve = Curve::Payout {
            threshold: 60.0,
            target: 80.0,
            stretch: 90.0,
            below: 0.0,
            at_threshold: 50.0,
            cap: 110.0,
        };
        for direction in [
            Direction::Lower,
            Direction::Band,
            Direction::Higher,
            Direction::Lower,
        ] {
            set_direction(&mut indicator, direction);
            assert!(
                indicator.curve.check(direction).is_ok(),
                "{direction:?} {:?}",
                indicator.curve
            );
        }
    }

    #[test]
    fn curve_fields_read_and_write_every_number_of_every_kind() {
        for kind in CurveKind::ALL {
            let mut curve = curve_of_kind(
                kind,
                Direction::Higher,
                &Curve::Linear {
                    worst: 0.0,
                    best: 10.0,
                },
            );
            let fields = curve.fields();
            for (n, &(field, _)) in fields.iter().enumerate() {
                assert!(curve.set_field(field, 1000.0 + n as f64), "{field:?}");
                assert_eq!(curve.fields()[n], (field, 1000.0 + n as f64));
            }
            for field in CurveField::ALL {
                if !fields.iter().any(|(f, _)| *f == field) {
                    assert!(!curve.set_field(field, 1.0), "{kind:?} {field:?}");
                }
            }
        }
    }
}
