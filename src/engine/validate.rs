//! Scheme validation. A scheme that fails is kept as a draft; nothing is
//! scored from it. Weights are checked, never renormalised: the message says
//! what the sum is.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::bonus::{BonusError, split_bonus};
use super::formula;
use super::scheme::{Direction, GateEffect, Grading, Indicator, Scheme, ValueSource};

/// How far a weight sum may be from 100.
pub const WEIGHT_TOLERANCE: f64 = 0.01;

/// Where in the scheme a problem is, by index, so an editor can show the
/// message next to the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Location {
    Scheme,
    Dimension { dimension: usize },
    Indicator { dimension: usize, indicator: usize },
    Grading,
    Bonus,
    Profile { profile: usize },
}

/// One problem with a scheme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SchemeError {
    pub location: Location,
    /// The field at fault, e.g. `weight`, `curve`, `value`.
    pub field: &'static str,
    /// What is wrong and what was expected, in words.
    pub message: String,
}

impl fmt::Display for SchemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Checks everything that would make a score wrong or meaningless. An empty
/// list means the scheme can be scored.
pub fn validate(scheme: &Scheme) -> Vec<SchemeError> {
    let mut errors = Vec::new();
    let mut push = |location: Location, field: &'static str, message: String| {
        errors.push(SchemeError {
            location,
            field,
            message,
        });
    };

    if scheme.dimensions.is_empty() {
        push(
            Location::Scheme,
            "dimensions",
            "the scheme needs at least one dimension".to_owned(),
        );
    }
    check_weights(
        scheme.dimensions.iter().map(|dimension| dimension.weight),
        "the dimension weights",
        |message| push(Location::Scheme, "weight", message),
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
        check_id(&dimension.id, &mut dimension_ids, "dimension", |message| {
            push(here.clone(), "id", message)
        });
        if dimension.indicators.is_empty() {
            push(
                here.clone(),
                "indicators",
                format!("dimension {:?} has no indicator", dimension.id),
            );
        }
        check_weights(
            dimension
                .indicators
                .iter()
                .map(|indicator| indicator.weight),
            &format!("the indicator weights in dimension {:?}", dimension.id),
            |message| push(here.clone(), "weight", message),
        );
        for (i, indicator) in dimension.indicators.iter().enumerate() {
            let here = Location::Indicator {
                dimension: d,
                indicator: i,
            };
            check_id(&indicator.id, &mut indicator_ids, "indicator", |message| {
                push(here.clone(), "id", message)
            });
            check_indicator(scheme, indicator, &inputs, &grades, |field, message| {
                push(here.clone(), field, message)
            });
        }
    }

    check_grading(&scheme.grading, |message| {
        push(Location::Grading, "grading", message)
    });
    if let Some(bonus) = &scheme.bonus {
        // The splitter checks its own inputs; splitting nothing runs exactly
        // those checks.
        if let Err(BonusError::Invalid { field, problem }) = split_bonus(bonus, &[]) {
            push(Location::Bonus, field, problem);
        }
    }

    let mut profile_ids = HashSet::new();
    for (p, profile) in scheme.profiles.iter().enumerate() {
        let here = Location::Profile { profile: p };
        check_id(&profile.id, &mut profile_ids, "profile", |message| {
            push(here.clone(), "id", message)
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
                    format!("profile {:?} names no dimension {id:?}", profile.id),
                );
            }
        }
        for id in profile.indicators.keys() {
            if scheme.indicator(id).is_none() {
                push(
                    here.clone(),
                    "indicators",
                    format!("profile {:?} names no indicator {id:?}", profile.id),
                );
            }
        }
        let weighted = scheme.with_profile(profile);
        check_weights(
            weighted.dimensions.iter().map(|dimension| dimension.weight),
            &format!("in profile {:?}, the dimension weights", profile.id),
            |message| push(here.clone(), "weight", message),
        );
        for dimension in &weighted.dimensions {
            check_weights(
                dimension
                    .indicators
                    .iter()
                    .map(|indicator| indicator.weight),
                &format!(
                    "in profile {:?}, the indicator weights in dimension {:?}",
                    profile.id, dimension.id
                ),
                |message| push(here.clone(), "weight", message),
            );
        }
    }
    errors
}

fn check_id(id: &str, seen: &mut HashSet<String>, what: &str, mut push: impl FnMut(String)) {
    if id.trim().is_empty() {
        push(format!("every {what} needs an id"));
    } else if !seen.insert(id.to_owned()) {
        push(format!("two {what}s have the id {id:?}"));
    }
}

/// Each weight a number of 0 or more, and the sum 100 within the tolerance.
fn check_weights(weights: impl Iterator<Item = f64>, what: &str, mut push: impl FnMut(String)) {
    let weights: Vec<f64> = weights.collect();
    if weights.is_empty() {
        return;
    }
    if let Some(bad) = weights
        .iter()
        .find(|weight| !weight.is_finite() || **weight < 0.0)
    {
        push(format!("{what} must be numbers of 0 or more (found {bad})"));
        return;
    }
    let sum: f64 = weights.iter().sum();
    if (sum - 100.0).abs() > WEIGHT_TOLERANCE {
        push(format!(
            "{what} add up to {}, not 100",
            round_for_message(sum)
        ));
    }
}

/// A sum for a message: enough decimals to show why it is off, no float noise.
fn round_for_message(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

fn check_indicator(
    scheme: &Scheme,
    indicator: &Indicator,
    inputs: &HashSet<&str>,
    grades: &[&str],
    mut push: impl FnMut(&'static str, String),
) {
    let declared = |column: &str| inputs.contains(column);
    match &indicator.value {
        ValueSource::Column(column) => {
            if !declared(column) {
                push(
                    "value",
                    format!("column {column:?} is not one of the scheme's inputs"),
                );
            }
        }
        ValueSource::Formula(source) => match formula::parse(source) {
            Err(err) => push("value", format!("formula {err}")),
            Ok(parsed) => {
                for column in parsed.columns() {
                    if !declared(&column.name) {
                        push(
                            "value",
                            format!(
                                "formula at character {}: unknown column {:?} (not one of the scheme's inputs)",
                                column.position, column.name
                            ),
                        );
                    }
                }
            }
        },
        ValueSource::Raters(raters) => {
            if raters.is_empty() {
                push(
                    "value",
                    "a multi-rater value needs at least one rater".to_owned(),
                );
            }
            for rater in raters {
                if !declared(&rater.column) {
                    push(
                        "value",
                        format!(
                            "rater column {:?} is not one of the scheme's inputs",
                            rater.column
                        ),
                    );
                }
            }
            check_weights(
                raters.iter().map(|rater| rater.weight),
                "the rater weights",
                |message| push("value", message),
            );
        }
    }

    if let Err(err) = indicator.curve.check(indicator.direction) {
        push("curve", err.to_string());
    }
    for group_override in &indicator.overrides {
        if scheme.columns.group.is_none() {
            push(
                "overrides",
                "group overrides need the scheme's group column to be set".to_owned(),
            );
        }
        if let Err(err) = group_override.curve.check(indicator.direction) {
            push(
                "overrides",
                format!("for group {:?}: {err}", group_override.group),
            );
        }
    }

    if let Some(gate) = &indicator.gate {
        let max = indicator.curve.max_score();
        if !(gate.below.is_finite() && gate.below > 0.0 && gate.below <= max) {
            push(
                "gate",
                format!(
                    "the gate level must be above 0 and at most {max} (found {})",
                    gate.below
                ),
            );
        }
        if let GateEffect::CapGrade(grade) = &gate.effect
            && !grades.contains(&grade.as_str())
        {
            push(
                "gate",
                format!(
                    "grade {grade:?} is not one of the grades ({})",
                    grades.join(", ")
                ),
            );
        }
    }
    if let Some(link) = &indicator.link {
        if link.indicator == indicator.id {
            push("link", "an indicator cannot guard itself".to_owned());
        } else {
            match scheme.indicator(&link.indicator) {
                None => push(
                    "link",
                    format!(
                        "the guard {:?} is not an indicator of this scheme",
                        link.indicator
                    ),
                ),
                Some(guard) if guard.direction == Direction::Band => push(
                    "link",
                    format!(
                        "the guard {:?} must be higher- or lower-is-better, not a target band",
                        guard.id
                    ),
                ),
                Some(_) => {}
            }
        }
        if !link.worse_than.is_finite() {
            push("link", "the guard's threshold must be a number".to_owned());
        }
    }
    if let Some(sample) = &indicator.min_sample {
        if !declared(&sample.count) {
            push(
                "min_sample",
                format!(
                    "count column {:?} is not one of the scheme's inputs",
                    sample.count
                ),
            );
        }
        if !(sample.min.is_finite() && sample.min >= 0.0) {
            push(
                "min_sample",
                "the minimum count must be 0 or more".to_owned(),
            );
        }
        if let Some(shrink) = sample.shrink
            && !(shrink.is_finite() && shrink >= 0.0)
        {
            push(
                "min_sample",
                "the shrinkage weight must be 0 or more".to_owned(),
            );
        }
    }
}

fn check_grading(grading: &Grading, mut push: impl FnMut(String)) {
    match grading {
        Grading::Bands { bands } => {
            if bands.is_empty() {
                push("grade bands: at least one is needed".to_owned());
            }
            for pair in bands.windows(2) {
                if pair[0].min.partial_cmp(&pair[1].min) != Some(std::cmp::Ordering::Greater) {
                    push(format!(
                        "grade bands must be best first with falling minimums: {:?} ({}) then {:?} ({})",
                        pair[0].grade, pair[0].min, pair[1].grade, pair[1].min
                    ));
                }
            }
        }
        Grading::Forced { shares } => {
            if shares.is_empty() {
                push("forced distribution: at least one grade is needed".to_owned());
            }
            check_weights(
                shares.iter().map(|share| share.percent),
                "the forced-distribution shares",
                &mut push,
            );
        }
    }
    let grades = grading.grades();
    let unique: HashSet<&&str> = grades.iter().collect();
    if unique.len() != grades.len() {
        push("each grade may appear only once".to_owned());
    }
}
