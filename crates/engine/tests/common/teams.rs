//! Scheme and figures strategies: valid schemes of a chosen mix, figures
//! for them, and scoring what was generated.

use kpi_engine::curve::Curve;
use kpi_engine::curve::Direction;
use kpi_engine::figures::{Figures, Row};
use kpi_engine::scheme::{
    Dimension, Gate, GateEffect, GradeShare, Grading, Indicator, Input, KeyColumns, MinSample,
    MissingPolicy, Names, Scheme, ValueSource,
};
use kpi_engine::score::{TeamResult, score_team};
use proptest::prelude::*;

use super::curves::*;

/// `Some` with probability `p`, which may be 0 or 1 (proptest's own weighted
/// options want it strictly between).
pub fn maybe<S>(p: f64, inner: S) -> BoxedStrategy<Option<S::Value>>
where
    S: Strategy + 'static,
    S::Value: 'static,
{
    if p <= 0.0 {
        Just(()).prop_map(|()| None).boxed()
    } else if p >= 1.0 {
        inner.prop_map(Some).boxed()
    } else {
        prop::option::weighted(p, inner).boxed()
    }
}

/// Whole-number weights adding up to exactly 100, each at least `min`.
pub fn whole_parts(n: usize, min: u32) -> BoxedStrategy<Vec<f64>> {
    let free = 100 - n as u32 * min;
    prop::collection::vec(0..=free, n - 1)
        .prop_map(move |mut cuts| {
            cuts.sort_unstable();
            cuts.push(free);
            let mut previous = 0;
            cuts.into_iter()
                .map(|cut| {
                    let part = cut - previous + min;
                    previous = cut;
                    f64::from(part)
                })
                .collect()
        })
        .boxed()
}

/// Weights adding up to 100: whole numbers, or arbitrary positive reals
/// scaled to 100 (whose float sum may be a hair off 100).
pub fn weights(n: usize, min: u32) -> BoxedStrategy<Vec<f64>> {
    let reals = prop::collection::vec(0.01..1.0f64, n).prop_map(|raw| {
        let sum: f64 = raw.iter().sum();
        raw.iter().map(|r| r / sum * 100.0).collect::<Vec<f64>>()
    });
    prop_oneof![whole_parts(n, min), reals].boxed()
}

/// What a generated scheme may contain.
#[derive(Clone, Copy, Debug)]
pub struct Mix {
    pub dimensions: (usize, usize),
    /// Every curve kind and the target-band direction, or only linear and
    /// payout curves on higher / lower.
    pub all_kinds: bool,
    pub policies: &'static [MissingPolicy],
    pub gates: bool,
    pub shrink: bool,
    /// Sometimes a period column.
    pub periods: bool,
}

pub const ALL_POLICIES: &[MissingPolicy] = &[
    MissingPolicy::Exclude,
    MissingPolicy::Zero,
    MissingPolicy::Incomplete,
    MissingPolicy::TeamMedian,
];

/// Policies under which no other agent's figures change an agent's result.
pub const LOCAL_POLICIES: &[MissingPolicy] = &[
    MissingPolicy::Exclude,
    MissingPolicy::Zero,
    MissingPolicy::Incomplete,
];

pub const GRADES: [&str; 4] = ["A", "B", "C", "D"];

#[derive(Clone, Debug)]
pub struct IndicatorSpec {
    direction: Direction,
    curve: Curve,
    missing: MissingPolicy,
    gate: Option<Gate>,
    shrink: Option<f64>,
}

pub fn indicator_spec(mix: Mix) -> BoxedStrategy<IndicatorSpec> {
    let gate = maybe(
        if mix.gates { 0.3 } else { 0.0 },
        (
            0.05..=1.0f64,
            prop_oneof![
                Just(GateEffect::ZeroDimension),
                Just(GateEffect::ZeroTotal),
                Just(GateEffect::CapGrade("C".to_owned())),
            ],
        ),
    );
    let shrink = maybe(
        if mix.shrink { 0.3 } else { 0.0 },
        prop_oneof![Just(0.0), 0.0..20.0f64],
    );
    directed(mix.all_kinds)
        .prop_flat_map(move |direction| {
            (
                Just(direction),
                curve(direction, mix.all_kinds),
                prop::sample::select(mix.policies),
                gate.clone(),
                shrink.clone(),
            )
        })
        .prop_map(|(direction, curve, missing, gate, shrink)| {
            // A gate level must be above 0 and at most the curve's maximum.
            let max = curve.max_score();
            let gate = gate.filter(|_| max > 0.0).map(|(share, effect)| Gate {
                below: (max * share).max(f64::MIN_POSITIVE),
                effect,
            });
            IndicatorSpec {
                direction,
                curve,
                missing,
                gate,
                shrink,
            }
        })
        .boxed()
}

pub fn grading() -> BoxedStrategy<Grading> {
    prop_oneof![
        Just(Grading::default()),
        whole_parts(4, 0).prop_map(|percents| Grading::Forced {
            shares: GRADES
                .iter()
                .zip(percents)
                .map(|(grade, percent)| GradeShare {
                    grade: (*grade).to_owned(),
                    percent,
                })
                .collect(),
        }),
    ]
    .boxed()
}

pub fn indicator_id(d: usize, i: usize) -> String {
    format!("d{d}i{i}")
}

pub fn count_id(id: &str) -> String {
    format!("n_{id}")
}

pub fn input(id: &str) -> Input {
    Input {
        id: id.to_owned(),
        name: Names::both(id),
        aliases: Vec::new(),
        unit: String::new(),
    }
}

pub fn build_scheme(
    specs: Vec<Vec<IndicatorSpec>>,
    dimension_weights: Vec<f64>,
    indicator_weights: Vec<Vec<f64>>,
    grading: Grading,
    period: bool,
) -> Scheme {
    let mut inputs = Vec::new();
    let mut dimensions = Vec::new();
    for (d, ((specs, weight), weights)) in specs
        .into_iter()
        .zip(dimension_weights)
        .zip(indicator_weights)
        .enumerate()
    {
        let mut indicators = Vec::new();
        for (i, (spec, weight)) in specs.into_iter().zip(weights).enumerate() {
            let id = indicator_id(d, i);
            inputs.push(input(&id));
            let min_sample = spec.shrink.map(|shrink| {
                inputs.push(input(&count_id(&id)));
                MinSample {
                    count: count_id(&id),
                    min: 5.0,
                    shrink: Some(shrink),
                }
            });
            indicators.push(Indicator {
                id: id.clone(),
                name: Names::both(&id),
                unit: String::new(),
                direction: spec.direction,
                value: ValueSource::Column(id),
                curve: spec.curve,
                missing: spec.missing,
                weight,
                gate: spec.gate,
                link: None,
                min_sample,
                overrides: Vec::new(),
            });
        }
        dimensions.push(Dimension {
            id: format!("d{d}"),
            name: Names::both(&format!("Dimension {d}")),
            weight,
            indicators,
        });
    }
    Scheme {
        format: "kpi-scheme".to_owned(),
        version: 1,
        id: "generated".to_owned(),
        name: Names::both("Generated"),
        description: Names::default(),
        columns: KeyColumns {
            period: period.then(|| "period".to_owned()),
            ..KeyColumns::default()
        },
        inputs,
        dimensions,
        grading,
        min_coverage: None,
        bonus: None,
        profiles: Vec::new(),
    }
}

/// A valid scheme: 1-3 indicators per dimension, one input column each,
/// weights adding up to 100 at both levels.
pub fn scheme(mix: Mix) -> BoxedStrategy<Scheme> {
    let (min_weight, max_dimensions) = (1, mix.dimensions.1);
    (
        prop::collection::vec(1usize..=3, mix.dimensions.0..=max_dimensions),
        maybe(if mix.periods { 0.3 } else { 0.0 }, Just(())).prop_map(|period| period.is_some()),
    )
        .prop_flat_map(move |(sizes, period)| {
            let specs: Vec<_> = sizes
                .iter()
                .map(|&k| prop::collection::vec(indicator_spec(mix), k))
                .collect();
            let indicator_weights: Vec<_> = sizes.iter().map(|&k| weights(k, min_weight)).collect();
            (
                specs,
                weights(sizes.len(), min_weight),
                indicator_weights,
                grading(),
                Just(period),
            )
        })
        .prop_map(
            |(specs, dimension_weights, indicator_weights, grading, period)| {
                build_scheme(specs, dimension_weights, indicator_weights, grading, period)
            },
        )
        .boxed()
}

/// Rows for 2-30 agents with unique names; about one value in five is
/// missing. Whole numbers are common, so ties happen.
pub fn figures(scheme: &Scheme) -> BoxedStrategy<Figures> {
    let columns: Vec<String> = scheme.inputs.iter().map(|input| input.id.clone()).collect();
    let cells: Vec<BoxedStrategy<Option<f64>>> = columns
        .iter()
        .map(|column| {
            if column.starts_with("n_") {
                prop::option::weighted(0.9, (0u32..=40).prop_map(f64::from)).boxed()
            } else {
                prop::option::weighted(
                    0.8,
                    prop_oneof![
                        (-10i32..=15).prop_map(|n| f64::from(n) * 10.0),
                        (-50i32..=150).prop_map(f64::from),
                        -150.0..250.0f64,
                    ],
                )
                .boxed()
            }
        })
        .collect();
    let periods = scheme.columns.period.is_some();
    let period = maybe(
        if periods { 1.0 } else { 0.0 },
        prop::sample::select(&["2026-9", "2026-10"][..]),
    );
    prop::collection::vec((cells, period), 2..=30)
        .prop_map(move |rows| {
            Figures::from_rows(
                columns.clone(),
                rows.into_iter()
                    .enumerate()
                    .map(|(index, (values, period))| Row {
                        agent: format!("agent{index:02}"),
                        group: None,
                        period: period.map(str::to_owned),
                        values,
                        line: index + 2,
                    }),
            )
        })
        .boxed()
}

pub fn team(mix: Mix) -> BoxedStrategy<(Scheme, Figures)> {
    scheme(mix)
        .prop_flat_map(|scheme| {
            let figures = figures(&scheme);
            (Just(scheme), figures)
        })
        .boxed()
}

pub fn score(scheme: &Scheme, figures: &Figures) -> Result<TeamResult, TestCaseError> {
    score_team(scheme, figures)
        .map_err(|errors| TestCaseError::fail(format!("generated scheme is invalid: {errors:?}")))
}

pub const FULL: Mix = Mix {
    dimensions: (1, 3),
    all_kinds: true,
    policies: ALL_POLICIES,
    gates: true,
    shrink: true,
    periods: true,
};

pub fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9,
        (None, None) => true,
        _ => false,
    }
}
