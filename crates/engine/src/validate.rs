//! Scheme validation. A scheme that fails is kept as a draft; nothing is
//! scored from it. Weights are checked, never renormalised: the message says
//! what the sum is.
//!
//! Each problem is data ([`Problem`]) so the page can word it in the user's
//! language; `Display` gives the English sentence the CLI prints.
//!
//! This file walks the scheme and says where each problem is; the problems
//! themselves and the checks by part (weights, indicators, grading) are its
//! children.

mod grading;
mod indicator;
mod problem;
mod weights;

use std::collections::HashSet;

pub use problem::{ColumnRole, Location, Part, Problem, SchemeError, WeightSet};
pub use weights::{WEIGHT_TOLERANCE, adds_up_to_100};

use crate::bonus::{BonusError, split_bonus};
use crate::scheme::Scheme;
use grading::check_grading;
use indicator::check_indicator;
use weights::check_weights;

/// Checks everything that would make a score wrong or meaningless. An empty
/// list means the scheme can be scored.
pub fn validate(scheme: &Scheme) -> Vec<SchemeError> {
    let mut errors = Vec::new();
    let mut push = |location: Location, field: &'static str, problem: Problem| {
        errors.push(SchemeError {
            location,
            field,
            problem,
        });
    };

    if scheme.dimensions.is_empty() {
        push(Location::Scheme, "dimensions", Problem::NoDimensions);
    }
    check_weights(
        scheme.dimensions.iter().map(|dimension| dimension.weight),
        || WeightSet::Dimensions,
        |problem| push(Location::Scheme, "weight", problem),
    );

    let inputs: HashSet<&str> = scheme
        .inputs
        .iter()
        .map(|input| input.id.as_str())
        .collect();
    let mut dimension_ids = HashSet::new();
    let mut indicator_ids = HashSet::new();
    let grades = scheme.grading.grades();

    for (d, dimension) in scheme.dimensions.iter().enumerate() {
        let here = Location::Dimension { dimension: d };
        check_id(
            &dimension.id,
            &mut dimension_ids,
            Part::Dimension,
            |problem| push(here.clone(), "id", problem),
        );
        if dimension.indicators.is_empty() {
            push(
                here.clone(),
                "indicators",
                Problem::EmptyDimension {
                    id: dimension.id.clone(),
                },
            );
        }
        check_weights(
            dimension
                .indicators
                .iter()
                .map(|indicator| indicator.weight),
            || WeightSet::Indicators {
                dimension: dimension.id.clone(),
            },
            |problem| push(here.clone(), "weight", problem),
        );
        for (i, indicator) in dimension.indicators.iter().enumerate() {
            let here = Location::Indicator {
                dimension: d,
                indicator: i,
            };
            check_id(
                &indicator.id,
                &mut indicator_ids,
                Part::Indicator,
                |problem| push(here.clone(), "id", problem),
            );
            check_indicator(scheme, indicator, &inputs, &grades, |field, problem| {
                push(here.clone(), field, problem)
            });
        }
    }

    if let Some(min) = scheme.min_coverage
        && !(0.0..=100.0).contains(&min)
    {
        push(
            Location::Scheme,
            "min_coverage",
            Problem::MinCoverage { found: min },
        );
    }
    check_grading(&scheme.grading, |problem| {
        push(Location::Grading, "grading", problem)
    });
    if let Some(bonus) = &scheme.bonus {
        // The splitter checks its own inputs; splitting nothing runs exactly
        // those checks.
        if let Err(BonusError::Invalid { field, problem }) = split_bonus(bonus, &[]) {
            push(Location::Bonus, field, Problem::Bonus(problem));
        }
    }

    let mut profile_ids = HashSet::new();
    for (p, profile) in scheme.profiles.iter().enumerate() {
        let here = Location::Profile { profile: p };
        check_id(&profile.id, &mut profile_ids, Part::Profile, |problem| {
            push(here.clone(), "id", problem)
        });
        for id in profile.dimensions.keys() {
            if !scheme
                .dimensions
                .iter()
                .any(|dimension| &dimension.id == id)
            {
                push(
                    here.clone(),
                    "dimensions",
                    Problem::ProfileUnknownDimension {
                        profile: profile.id.clone(),
                        dimension: id.clone(),
                    },
                );
            }
        }
        for id in profile.indicators.keys() {
            if scheme.indicator(id).is_none() {
                push(
                    here.clone(),
                    "indicators",
                    Problem::ProfileUnknownIndicator {
                        profile: profile.id.clone(),
                        indicator: id.clone(),
                    },
                );
            }
        }
        let weighted = scheme.with_profile(profile);
        check_weights(
            weighted.dimensions.iter().map(|dimension| dimension.weight),
            || WeightSet::ProfileDimensions {
                profile: profile.id.clone(),
            },
            |problem| push(here.clone(), "weight", problem),
        );
        for dimension in &weighted.dimensions {
            check_weights(
                dimension
                    .indicators
                    .iter()
                    .map(|indicator| indicator.weight),
                || WeightSet::ProfileIndicators {
                    profile: profile.id.clone(),
                    dimension: dimension.id.clone(),
                },
                |problem| push(here.clone(), "weight", problem),
            );
        }
    }
    errors
}

fn check_id(id: &str, seen: &mut HashSet<String>, what: Part, mut push: impl FnMut(Problem)) {
    if id.trim().is_empty() {
        push(Problem::MissingId { what });
    } else if !seen.insert(id.to_owned()) {
        push(Problem::DuplicateId {
            what,
            id: id.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests;
