#![cfg(not(target_arch = "wasm32"))]
//! Property tests of scheme files (invariant 6): a scheme whose weights add
//! up to 100 survives `to_json` / `from_json` unchanged and validates
//! without a weight error, with its numbers as generated or as typed.

mod common;

use common::bonus::bonus_rule;
use common::config;
use common::curves::point;
use common::teams::*;
use kpi_engine::curve::Curve;
use kpi_engine::curve::Direction;
use kpi_engine::scheme::{
    BonusRule, Grading, GroupOverride, Link, Names, Rater, RaterRole, Scheme, ValueSource,
    WeightProfile,
};
use kpi_engine::validate::validate;
use proptest::prelude::*;
use proptest::sample::Index;

/// Extras for a scheme file: names in any script, other value sources,
/// links, group overrides, a bonus rule and a weight profile.
#[derive(Clone, Debug)]
struct Decor {
    names: Vec<String>,
    sources: Vec<u8>,
    rater_weights: Vec<f64>,
    links: Vec<Option<(Index, f64)>>,
    overrides: bool,
    bonus: Option<BonusRule>,
    profile: Option<Vec<f64>>,
    min_coverage: Option<f64>,
}

fn decor(scheme: &Scheme) -> BoxedStrategy<Decor> {
    let indicators = scheme.indicators().count();
    (
        prop::collection::vec("\\PC{0,12}", indicators + 2),
        prop::collection::vec(0u8..3, indicators),
        weights(3, 0),
        prop::collection::vec(
            prop::option::weighted(0.3, (any::<Index>(), point())),
            indicators,
        ),
        any::<bool>(),
        prop::option::of(bonus_rule()),
        prop::option::of(weights(scheme.dimensions.len(), 0)),
        prop::option::of(0.0..=100.0f64),
    )
        .prop_map(
            |(names, sources, rater_weights, links, overrides, bonus, profile, min_coverage)| {
                Decor {
                    names,
                    sources,
                    rater_weights,
                    links,
                    overrides,
                    bonus,
                    profile,
                    min_coverage,
                }
            },
        )
        .boxed()
}

fn decorate(mut scheme: Scheme, decor: Decor) -> Scheme {
    let guards: Vec<String> = scheme
        .indicators()
        .filter(|(_, indicator)| indicator.direction != Direction::Band)
        .map(|(_, indicator)| indicator.id.clone())
        .collect();
    scheme.name = Names {
        en: decor.names[0].clone(),
        zh: decor.names[1].clone(),
    };
    scheme.description = Names::both(&decor.names[1]);
    scheme.min_coverage = decor.min_coverage;
    if decor.overrides {
        scheme.columns.group = Some("desk".to_owned());
    }
    let indicators = scheme
        .dimensions
        .iter_mut()
        .flat_map(|dimension| &mut dimension.indicators);
    for (k, indicator) in indicators.enumerate() {
        indicator.name.zh = decor.names[k + 2].clone();
        let column = indicator.id.clone();
        match decor.sources[k] {
            1 => indicator.value = ValueSource::Formula(format!("{column} * 2 + 1")),
            2 => {
                let roles = [RaterRole::Customer, RaterRole::Peer, RaterRole::SelfRating];
                indicator.value = ValueSource::Raters(
                    roles
                        .iter()
                        .zip(&decor.rater_weights)
                        .map(|(&role, &weight)| Rater {
                            role,
                            column: column.clone(),
                            weight,
                        })
                        .collect(),
                );
            }
            _ => {}
        }
        if let Some((at, worse_than)) = &decor.links[k] {
            let others: Vec<&String> = guards.iter().filter(|id| **id != column).collect();
            if !others.is_empty() {
                indicator.link = Some(Link {
                    indicator: others[at.index(others.len())].clone(),
                    worse_than: *worse_than,
                });
            }
        }
        if decor.overrides {
            indicator.overrides.push(GroupOverride {
                group: "north".to_owned(),
                curve: indicator.curve.clone(),
            });
        }
    }
    // bonus_rule() keeps min_score at 0 or more, as validation wants.
    scheme.bonus = decor.bonus;
    if let Some(weights) = decor.profile {
        scheme.profiles.push(WeightProfile {
            id: "alt".to_owned(),
            name: Names::both("Alternative"),
            dimensions: scheme
                .dimensions
                .iter()
                .map(|dimension| dimension.id.clone())
                .zip(weights)
                .collect(),
            indicators: Default::default(),
        });
    }
    scheme
}

fn decorated_scheme() -> BoxedStrategy<Scheme> {
    scheme(FULL)
        .prop_flat_map(|scheme| {
            let decor = decor(&scheme);
            (Just(scheme), decor)
        })
        .prop_map(|(scheme, decor)| decorate(scheme, decor))
        .boxed()
}

/// The scheme with every number cut to 4 decimals, as a person types them
/// (weights then add up to 100 within 0.0002). Done field by field, not
/// through serde, so a serialisation bug cannot hide in the expected value;
/// a curve's and a bonus rule's numbers are read through their accessors
/// (`Curve::fields`, `BonusRule::basics`), which their own tests pin down.
fn typed(mut scheme: Scheme) -> Scheme {
    fn cut(x: &mut f64) {
        if x.is_finite() {
            *x = (*x * 1e4).round() / 1e4;
        }
    }
    fn cut_curve(curve: &mut Curve) {
        for (field, mut value) in curve.fields() {
            cut(&mut value);
            curve.set_field(field, value);
        }
        if let Curve::Bands { bands } = curve {
            for band in bands {
                band.from.iter_mut().chain(&mut band.to).for_each(cut);
                cut(&mut band.score);
            }
        }
    }
    for dimension in &mut scheme.dimensions {
        cut(&mut dimension.weight);
        for indicator in &mut dimension.indicators {
            cut(&mut indicator.weight);
            cut_curve(&mut indicator.curve);
            for group_override in &mut indicator.overrides {
                cut_curve(&mut group_override.curve);
            }
            if let ValueSource::Raters(raters) = &mut indicator.value {
                raters.iter_mut().for_each(|rater| cut(&mut rater.weight));
            }
            if let Some(gate) = &mut indicator.gate {
                cut(&mut gate.below);
            }
            if let Some(link) = &mut indicator.link {
                cut(&mut link.worse_than);
            }
            if let Some(sample) = &mut indicator.min_sample {
                cut(&mut sample.min);
                sample.shrink.iter_mut().for_each(cut);
            }
        }
    }
    match &mut scheme.grading {
        Grading::Bands { bands } => bands.iter_mut().for_each(|band| cut(&mut band.min)),
        Grading::Forced { shares } => shares.iter_mut().for_each(|share| cut(&mut share.percent)),
    }
    scheme.min_coverage.iter_mut().for_each(cut);
    if let Some(rule) = &mut scheme.bonus {
        let mut basics = rule.basics();
        [
            &mut basics.pool,
            &mut basics.exponent,
            &mut basics.min_score,
        ]
        .into_iter()
        .for_each(cut);
        basics.floor.iter_mut().chain(&mut basics.cap).for_each(cut);
        let top = rule.top_group().map(|mut top| {
            cut(&mut top.top_percent);
            cut(&mut top.top_share);
            top
        });
        *rule = BonusRule::from_parts(basics, top);
    }
    for profile in &mut scheme.profiles {
        profile.dimensions.values_mut().for_each(cut);
        profile.indicators.values_mut().for_each(cut);
    }
    scheme
}

/// Invariant 6: weights add up to 100 (no weight error), the file reads back
/// equal, and what is read back validates.
fn check_round_trip(scheme: &Scheme) -> Result<(), TestCaseError> {
    let weight_errors: Vec<_> = validate(scheme)
        .into_iter()
        .filter(|error| error.field == "weight")
        .collect();
    prop_assert!(weight_errors.is_empty(), "weight errors: {weight_errors:?}");
    let text = scheme.to_json();
    let back =
        Scheme::from_json(&text).map_err(|err| TestCaseError::fail(format!("{err}\n{text}")))?;
    prop_assert_eq!(&back, scheme, "{}", text);
    let errors = validate(&back);
    prop_assert!(
        errors.is_empty(),
        "the scheme read back is invalid: {errors:?}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn schemes_with_typed_numbers_round_trip_through_json(
        scheme in decorated_scheme().prop_map(typed),
    ) {
        check_round_trip(&scheme)?;
    }

    #[test]
    fn schemes_round_trip_through_json(scheme in decorated_scheme()) {
        check_round_trip(&scheme)?;
    }
}
