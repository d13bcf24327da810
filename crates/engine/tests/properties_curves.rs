#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the curves (invariants 1 and 2 of the engine's
//! properties): a valid curve scores every finite value within
//! `0..=curve.max_score()`, and a better value (or, for a target band, a value
//! closer to the target) never scores less.
//!
//! Values are drawn both freely and right at (and a few ULPs around) each
//! curve's breakpoints, where off-by-one comparisons and rounding live.
//!
//! The exact curve properties run many cases because the bugs they were
//! written for (a score one ULP above the cap, or above a better value's, at
//! the end of an interpolated segment; scheme numbers changing by one ULP
//! through JSON) showed up only now and then; `known_one_ulp_overshoots`
//! pins the smallest inputs found.

mod common;

use common::config;
use common::curves::*;
use kpi_engine::curve::Curve;
use kpi_engine::curve::Direction;
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// 1, 2: curves
//
// Each curve property runs twice: exactly as stated (many cases, see the
// module comment), and allowing a rounding error of ROUNDING over fewer
// cases, which keeps a quick check of the same shape.

/// How much float rounding the tolerant versions allow, in score points.
const ROUNDING: f64 = 1e-9;

/// Invariant 1: every score in 0..=max_score (+ slack).
fn check_range(
    direction: Direction,
    curve: &Curve,
    seeds: &[Seed],
    slack: f64,
) -> Result<(), TestCaseError> {
    let max = curve.max_score();
    for seed in seeds {
        let value = value(seed, curve);
        let score = score_of(curve, direction, value)?;
        prop_assert!(
            (0.0..=max + slack).contains(&score),
            "{curve:?} ({direction:?}) scored {value} as {score}, outside 0..={max}"
        );
    }
    Ok(())
}

/// Invariant 2: the better of two values scores at least as much (- slack).
fn check_monotonic(
    direction: Direction,
    curve: &Curve,
    a: &Seed,
    b: &Seed,
    slack: f64,
) -> Result<(), TestCaseError> {
    let (a, b) = (value(a, curve), value(b, curve));
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    let (at_low, at_high) = (
        score_of(curve, direction, low)?,
        score_of(curve, direction, high)?,
    );
    let (worse, better, worse_score, better_score) = match direction {
        Direction::Lower => (high, low, at_high, at_low),
        _ => (low, high, at_low, at_high),
    };
    prop_assert!(
        worse_score <= better_score + slack,
        "{curve:?} ({direction:?}): the worse value {worse} scored {worse_score}, \
         the better value {better} only {better_score}"
    );
    Ok(())
}

/// Invariant 2 for a target band: the value nearer the target scores at
/// least as much (- slack).
fn check_closer(curve: &Curve, a: &Seed, b: &Seed, slack: f64) -> Result<(), TestCaseError> {
    let Curve::TargetBand { target, .. } = *curve else {
        unreachable!("target_band() makes target bands");
    };
    let (a, b) = (value(a, curve), value(b, curve));
    let (near, far) = if (a - target).abs() <= (b - target).abs() {
        (a, b)
    } else {
        (b, a)
    };
    let (near_score, far_score) = (
        score_of(curve, Direction::Band, near)?,
        score_of(curve, Direction::Band, far)?,
    );
    prop_assert!(
        near_score + slack >= far_score,
        "{curve:?}: {near} (closer to {target}) scored {near_score}, {far} scored {far_score}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn curve_scores_stay_within_zero_and_max_up_to_rounding(
        (direction, curve) in directed_curve(true),
        seeds in prop::collection::vec(seed(), 1..8),
    ) {
        check_range(direction, &curve, &seeds, ROUNDING)?;
    }

    #[test]
    fn a_better_value_never_scores_less_up_to_rounding(
        (direction, curve) in directed_curve(false),
        a in seed(),
        b in seed(),
    ) {
        check_monotonic(direction, &curve, &a, &b, ROUNDING)?;
    }

    #[test]
    fn closer_to_the_target_never_scores_less_up_to_rounding(
        curve in target_band(),
        a in seed(),
        b in seed(),
    ) {
        check_closer(&curve, &a, &b, ROUNDING)?;
    }
}

// The exact versions, with many cases: one-ULP overshoots are rare.
proptest! {
    #![proptest_config(config(20_000))]

    #[test]
    fn curve_scores_stay_within_zero_and_max(
        (direction, curve) in directed_curve(true),
        seeds in prop::collection::vec(seed(), 1..8),
    ) {
        check_range(direction, &curve, &seeds, 0.0)?;
    }

    #[test]
    fn a_better_value_never_scores_less(
        (direction, curve) in directed_curve(false),
        a in seed(),
        b in seed(),
    ) {
        check_monotonic(direction, &curve, &a, &b, 0.0)?;
    }

    #[test]
    fn closer_to_the_target_never_scores_less(
        curve in target_band(),
        a in seed(),
        b in seed(),
    ) {
        check_closer(&curve, &a, &b, 0.0)?;
    }
}

/// The smallest inputs the exact curve properties once found, as plain
/// checks: each failed before the curves clamped their interpolations.
#[test]
fn known_one_ulp_overshoots() {
    use Direction::{Band as Around, Higher, Lower};
    let score = |curve: &Curve, direction, value: f64| curve.score(direction, value).unwrap();

    // Just under the target: 100 * (x - 1.1) / (6.96 - 1.1) rounds above 100.
    let payout = Curve::Payout {
        threshold: 1.1,
        target: 6.96,
        stretch: 6.96,
        below: 0.0,
        at_threshold: 0.0,
        cap: 100.0,
    };
    let under = 6.96f64.next_down(); // 6.959999999999999
    assert!(score(&payout, Higher, under) <= payout.max_score());
    assert!(score(&payout, Higher, under) <= score(&payout, Higher, 6.96));

    // Just short of the stretch (lower is better): above the cap.
    let stretch = Curve::Payout {
        threshold: 19.0,
        target: 18.0,
        stretch: -27.0,
        below: 0.0,
        at_threshold: 0.0,
        cap: 192.35792918186232,
    };
    let short = (-27.0f64).next_up(); // -26.999999999999996
    assert!(score(&stretch, Lower, short) <= stretch.max_score());

    // Just outside the tolerance: 100 * (8.3 - d) / (8.3 - 3) rounds above 100.
    let band = Curve::TargetBand {
        target: 0.0,
        tolerance: 3.0,
        limit: 8.3,
    };
    let outside = 3.0f64.next_up(); // 3.0000000000000004
    assert!(score(&band, Around, outside) <= band.max_score());
    assert!(score(&band, Around, outside) <= score(&band, Around, 3.0));
}
