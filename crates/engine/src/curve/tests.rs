//! Every curve scored in both directions with hand-worked values, and
//! every refusal as data with its English words.

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
    let higher = ratio(80.0, 120.0, RatioForm::Inverse);
    // 60/80 = 75; 100/80 = 125 -> capped 120; 0 -> 0.
    check(higher, Higher, &[(60.0, 75.0), (100.0, 120.0), (0.0, 0.0)]);
    let inverse = ratio(3.0, 150.0, RatioForm::Inverse);
    // t/a: 3/4 = 75; 3/2 = 150; 0 minutes -> the cap.
    check(inverse, Lower, &[(4.0, 75.0), (2.0, 150.0), (0.0, 150.0)]);
    let complement = ratio(4.0, 100.0, RatioForm::Complement);
    // (2 - a/t): 5 -> 75; 2 -> 150 capped 100; 9 -> -25 floored 0.
    check(complement, Lower, &[(5.0, 75.0), (2.0, 100.0), (9.0, 0.0)]);

    let zero_target = ratio(0.0, 100.0, RatioForm::Inverse);
    assert_eq!(
        zero_target.check(Higher),
        Err(CurveError::RatioTarget { target: 0.0 })
    );
    let negative_target = ratio(-5.0, 100.0, RatioForm::Inverse);
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

/// A ratio curve to `target`, capped at `cap`, of `form` for lower-is-better.
fn ratio(target: f64, cap: f64, form: RatioForm) -> Curve {
    Curve::Ratio {
        target,
        cap,
        lower_form: form,
    }
}

fn higher_ratio() -> Curve {
    ratio(10.0, 100.0, RatioForm::Inverse)
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
            ratio(10.0, 90.0, RatioForm::Inverse).check(Higher),
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

/// One curve of each kind that has numbers, valid for its direction.
fn one_of_each() -> Vec<(Curve, Direction)> {
    vec![
        (
            Curve::Linear {
                worst: 60.0,
                best: 90.0,
            },
            Higher,
        ),
        (
            Curve::Payout {
                threshold: 80.0,
                target: 90.0,
                stretch: 95.0,
                below: 10.0,
                at_threshold: 50.0,
                cap: 120.0,
            },
            Higher,
        ),
        (higher_ratio(), Higher),
        (
            Curve::PassFail {
                pass_at: 3.0,
                pass: 100.0,
                fail: 20.0,
            },
            Lower,
        ),
        (
            Curve::TargetBand {
                target: 85.0,
                tolerance: 5.0,
                limit: 20.0,
            },
            Around,
        ),
    ]
}

#[test]
fn each_field_is_named_as_in_the_file_and_a_bad_one_is_refused_by_name() {
    for (curve, direction) in one_of_each() {
        let file = serde_json::to_value(&curve).unwrap();
        let fields = curve.fields();
        for &(field, value) in &fields {
            assert_eq!(file[field.name()], value, "{}: {field:?}", curve.kind());
            let mut broken = curve.clone();
            assert!(broken.set_field(field, f64::NAN));
            assert_eq!(
                broken.check(direction),
                Err(CurveError::NotFinite { field })
            );
            let mut changed = curve.clone();
            assert!(changed.set_field(field, value + 0.5));
            assert!(changed.fields().contains(&(field, value + 0.5)));
        }
        // Every number of the file is a field, and no other field is set.
        let numbers = file.as_object().unwrap().values();
        assert_eq!(numbers.filter(|v| v.is_number()).count(), fields.len());
        for field in CurveField::ALL {
            if !fields.iter().any(|(f, _)| *f == field) {
                assert!(!curve.clone().set_field(field, 1.0), "{field:?}");
            }
        }
    }
    assert!(bands(&[(None, None, 1.0)]).fields().is_empty());
    assert_eq!(
        CurveError::NotFinite {
            field: CurveField::AtThreshold
        }
        .to_string(),
        "curve field at_threshold must be a number"
    );
}
