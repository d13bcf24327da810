//! Curve strategies: valid curves of every kind for a direction, and
//! values drawn freely or right at (a few ULPs around) their breakpoints.

use kpi_engine::curve::Direction;
use kpi_engine::curve::{Band, Curve, RatioForm};
use proptest::prelude::*;
use proptest::sample::Index;

pub fn sign(direction: Direction) -> f64 {
    match direction {
        Direction::Lower => -1.0,
        Direction::Higher | Direction::Band => 1.0,
    }
}

/// A curve point: a whole number (ties, exact breakpoints) or any real.
pub fn point() -> BoxedStrategy<f64> {
    prop_oneof![(-100i32..=100).prop_map(f64::from), -100.0..100.0f64].boxed()
}

/// A positive distance between two curve points.
pub fn gap() -> BoxedStrategy<f64> {
    prop_oneof![(1u32..=50).prop_map(f64::from), 0.01..100.0f64].boxed()
}

/// A score level a curve may pay (0 or more).
pub fn level() -> BoxedStrategy<f64> {
    prop_oneof![(0u32..=15).prop_map(|n| f64::from(n) * 10.0), 0.0..150.0f64].boxed()
}

pub fn linear(direction: Direction) -> BoxedStrategy<Curve> {
    let s = sign(direction);
    (point(), gap())
        .prop_map(move |(worst, d)| Curve::Linear {
            worst,
            best: worst + s * d,
        })
        .boxed()
}

pub fn payout(direction: Direction) -> BoxedStrategy<Curve> {
    let s = sign(direction);
    (
        point(),
        gap(),
        prop_oneof![Just(0.0), gap()],
        prop_oneof![Just(0.0), Just(50.0), 0.0..=100.0f64],
        0.0..=1.0f64,
        prop_oneof![Just(100.0), Just(120.0), 100.0..250.0f64],
    )
        .prop_map(
            move |(threshold, to_target, to_stretch, at_threshold, below_share, cap)| {
                let target = threshold + s * to_target;
                Curve::Payout {
                    threshold,
                    target,
                    stretch: target + s * to_stretch,
                    below: at_threshold * below_share,
                    at_threshold,
                    cap,
                }
            },
        )
        .boxed()
}

pub fn ratio() -> BoxedStrategy<Curve> {
    (
        prop_oneof![(1u32..=200).prop_map(f64::from), 0.01..500.0f64],
        prop_oneof![Just(100.0), Just(150.0), 100.0..300.0f64],
        prop_oneof![Just(RatioForm::Inverse), Just(RatioForm::Complement)],
    )
        .prop_map(|(target, cap, lower_form)| Curve::Ratio {
            target,
            cap,
            lower_form,
        })
        .boxed()
}

/// 1 to 5 touching bands covering every value; scores never reward a worse
/// value (any order for a target band).
pub fn bands(direction: Direction) -> BoxedStrategy<Curve> {
    (1usize..=5)
        .prop_flat_map(|count| {
            (
                point(),
                prop::collection::vec(gap(), count - 1),
                prop::collection::vec(level(), count),
            )
        })
        .prop_map(move |(start, gaps, mut scores)| {
            match direction {
                Direction::Higher => scores.sort_by(f64::total_cmp),
                Direction::Lower => scores.sort_by(|a, b| b.total_cmp(a)),
                Direction::Band => {}
            }
            let mut cuts = vec![start];
            for gap in gaps {
                cuts.push(cuts[cuts.len() - 1] + gap);
            }
            let count = scores.len();
            let bands = scores
                .into_iter()
                .enumerate()
                .map(|(j, score)| Band {
                    from: (j > 0).then(|| cuts[j - 1]),
                    to: (j + 1 < count).then(|| cuts[j]),
                    score,
                })
                .collect();
            Curve::Bands { bands }
        })
        .boxed()
}

pub fn pass_fail() -> BoxedStrategy<Curve> {
    (
        point(),
        prop_oneof![Just(0.0), 0.0..100.0f64],
        prop_oneof![Just(100.0), gap()],
    )
        .prop_map(|(pass_at, fail, over)| Curve::PassFail {
            pass_at,
            pass: fail + over,
            fail,
        })
        .boxed()
}

pub fn target_band() -> BoxedStrategy<Curve> {
    (point(), prop_oneof![Just(0.0), 0.0..50.0f64], gap())
        .prop_map(|(target, tolerance, wider)| Curve::TargetBand {
            target,
            tolerance,
            limit: tolerance + wider,
        })
        .boxed()
}

/// A curve valid for `direction`: every kind that fits it, or only linear
/// and payout curves. Built valid; the filter is only a safety net.
pub fn curve(direction: Direction, all_kinds: bool) -> BoxedStrategy<Curve> {
    let curves = match (direction, all_kinds) {
        (Direction::Band, _) => prop_oneof![target_band(), bands(Direction::Band)].boxed(),
        (_, true) => prop_oneof![
            linear(direction),
            payout(direction),
            ratio(),
            bands(direction),
            pass_fail(),
        ]
        .boxed(),
        (_, false) => prop_oneof![linear(direction), payout(direction)].boxed(),
    };
    curves
        .prop_filter("curve must pass check", move |curve| {
            curve.check(direction).is_ok()
        })
        .boxed()
}

pub fn directed(all: bool) -> BoxedStrategy<Direction> {
    if all {
        prop_oneof![
            Just(Direction::Higher),
            Just(Direction::Lower),
            Just(Direction::Band)
        ]
        .boxed()
    } else {
        prop_oneof![Just(Direction::Higher), Just(Direction::Lower)].boxed()
    }
}

pub fn directed_curve(band_too: bool) -> BoxedStrategy<(Direction, Curve)> {
    directed(band_too)
        .prop_flat_map(|direction| (Just(direction), curve(direction, true)))
        .boxed()
}

/// Where a value to score comes from: drawn freely, or a curve breakpoint
/// moved by a few ULPs.
#[derive(Clone, Debug)]
pub enum Seed {
    Free(f64),
    Near(Index, i32),
}

pub fn seed() -> BoxedStrategy<Seed> {
    prop_oneof![
        3 => prop_oneof![
            (-300i32..=300).prop_map(f64::from),
            -300.0..300.0f64,
            -1e9..1e9f64,
        ]
        .prop_map(Seed::Free),
        2 => (any::<Index>(), -3i32..=3).prop_map(|(at, ulps)| Seed::Near(at, ulps)),
    ]
    .boxed()
}

pub fn breakpoints(curve: &Curve) -> Vec<f64> {
    match *curve {
        Curve::Linear { worst, best } => vec![worst, best],
        Curve::Payout {
            threshold,
            target,
            stretch,
            ..
        } => vec![threshold, target, stretch],
        Curve::Ratio { target, .. } => vec![0.0, target],
        Curve::Bands { ref bands } => bands
            .iter()
            .filter_map(|band| band.from)
            .chain([0.0])
            .collect(),
        Curve::PassFail { pass_at, .. } => vec![pass_at],
        Curve::TargetBand {
            target,
            tolerance,
            limit,
        } => vec![
            target,
            target - tolerance,
            target + tolerance,
            target - limit,
            target + limit,
        ],
    }
}

/// The value a seed stands for on this curve (never negative for a ratio
/// curve, which refuses negative values by design).
pub fn value(seed: &Seed, curve: &Curve) -> f64 {
    let mut value = match seed {
        Seed::Free(value) => *value,
        Seed::Near(at, ulps) => {
            let points = breakpoints(curve);
            let mut value = points[at.index(points.len())];
            for _ in 0..ulps.unsigned_abs() {
                value = if *ulps > 0 {
                    value.next_up()
                } else {
                    value.next_down()
                };
            }
            value
        }
    };
    if matches!(curve, Curve::Ratio { .. }) {
        value = value.abs();
    }
    value
}

pub fn score_of(curve: &Curve, direction: Direction, value: f64) -> Result<f64, TestCaseError> {
    curve.score(direction, value).map_err(|err| {
        TestCaseError::fail(format!(
            "{curve:?} ({direction:?}) refused the value {value}: {err}"
        ))
    })
}
