//! Scheme validation. A scheme that fails is kept as a draft; nothing is
//! scored from it. Weights are checked, never renormalised: the message says
//! what the sum is.
//!
//! Each problem is data ([`Problem`]) so the page can word it in the user's
//! language; `Display` gives the English sentence the CLI prints.

use std::collections::HashSet;
use std::fmt;

use serde::{Serialize, Serializer};

use super::bonus::{BonusError, BonusProblem, split_bonus};
use super::curve::CurveError;
use super::curve::Direction;
use super::formula::{self, FormulaError};
use super::scheme::{GateEffect, Grading, Indicator, Scheme, ValueSource};

/// How far a weight sum may be from 100.
pub const WEIGHT_TOLERANCE: f64 = 0.01;

/// Whether weights adding up to `sum` add up to 100, within
/// [`WEIGHT_TOLERANCE`] inclusive: 33.33 x 3 = 99.99 does, though its float
/// sum is 0.0100000000000051 short (the noise is allowed for).
pub fn adds_up_to_100(sum: f64) -> bool {
    (sum - 100.0).abs() <= WEIGHT_TOLERANCE + 1e-9
}

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

/// One problem with a scheme. Serialised as `location`, `field` and
/// `message` (the English sentence).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SchemeError {
    pub location: Location,
    /// The field at fault, e.g. `weight`, `curve`, `value`.
    pub field: &'static str,
    /// What is wrong and what was expected.
    #[serde(rename = "message", serialize_with = "as_text")]
    pub problem: Problem,
}

fn as_text<S: Serializer>(problem: &Problem, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(problem)
}

impl fmt::Display for SchemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// What is wrong with a scheme, with the ids and numbers a message needs.
/// Ids are as written in the scheme; an editor shows names instead.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The scheme has no dimension.
    NoDimensions,
    /// A weight (or share) is negative or not a number.
    WeightNotNumber { what: WeightSet, found: f64 },
    /// Weights that do not add up to 100 (within [`WEIGHT_TOLERANCE`]);
    /// `sum` is rounded to 6 decimals so float noise never shows.
    WeightSum { what: WeightSet, sum: f64 },
    /// A blank id.
    MissingId { what: Part },
    /// An id used twice among parts of the same kind.
    DuplicateId { what: Part, id: String },
    /// A dimension with no indicator.
    EmptyDimension { id: String },
    /// A column that is not one of the scheme's inputs.
    UnknownColumn { column: String, role: ColumnRole },
    /// A formula that does not parse.
    Formula(FormulaError),
    /// A formula naming a column that is not one of the scheme's inputs;
    /// `position` is the 1-based character of the name.
    FormulaUnknownColumn { position: usize, column: String },
    /// A multi-rater value with no rater.
    NoRaters,
    /// The indicator's curve cannot be used.
    Curve(CurveError),
    /// Group overrides while the scheme has no group column.
    OverridesNeedGroupColumn,
    /// A group override's curve cannot be used.
    Override { group: String, error: CurveError },
    /// A gate level not in (0, max], where max is the curve's highest score.
    GateLevel { max: f64, found: f64 },
    /// A gate capping at a grade the grading does not have.
    GateGrade { grade: String, grades: Vec<String> },
    /// An indicator linked to itself.
    LinkToSelf,
    /// A link to an indicator the scheme does not have.
    LinkUnknown { guard: String },
    /// A link to a target-band indicator, which has no "worse" side.
    LinkBandGuard { guard: String },
    /// A link threshold that is not a number.
    LinkThreshold,
    /// A minimum sample count below 0 or not a number.
    MinSampleMin,
    /// A shrinkage weight below 0 or not a number.
    MinSampleShrink,
    /// A minimum coverage that is not a percentage from 0 to 100.
    MinCoverage { found: f64 },
    /// Band grading with no band.
    NoGradeBands,
    /// Grade bands not best first: `first` (min `first_min`) comes before
    /// `second` (min `second_min`) without a higher minimum.
    GradeBandOrder {
        first: String,
        first_min: f64,
        second: String,
        second_min: f64,
    },
    /// A forced distribution with no grade.
    NoForcedGrades,
    /// A grade named twice.
    DuplicateGrade,
    /// A field of the bonus rule (the error's `field`) the splitter refuses.
    Bonus(BonusProblem),
    /// A profile re-weighting a dimension the scheme does not have.
    ProfileUnknownDimension { profile: String, dimension: String },
    /// A profile re-weighting an indicator the scheme does not have.
    ProfileUnknownIndicator { profile: String, indicator: String },
}

/// Which set of weights a weight problem is about.
#[derive(Clone, Debug, PartialEq)]
pub enum WeightSet {
    /// The scheme's dimension weights.
    Dimensions,
    /// The indicator weights of the dimension with this id.
    Indicators { dimension: String },
    /// An indicator's rater weights.
    Raters,
    /// The shares of a forced distribution.
    ForcedShares,
    /// The dimension weights as a profile sets them.
    ProfileDimensions { profile: String },
    /// A dimension's indicator weights as a profile sets them.
    ProfileIndicators { profile: String, dimension: String },
}

/// A kind of part of a scheme that has an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Dimension,
    Indicator,
    Profile,
}

/// What a column named in an indicator is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnRole {
    /// The indicator's value.
    Value,
    /// One rater's score.
    Rater,
    /// The sample count of a minimum-sample rule.
    Count,
}

impl fmt::Display for WeightSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightSet::Dimensions => write!(f, "the dimension weights"),
            WeightSet::Indicators { dimension } => {
                write!(f, "the indicator weights in dimension {dimension:?}")
            }
            WeightSet::Raters => write!(f, "the rater weights"),
            WeightSet::ForcedShares => write!(f, "the forced-distribution shares"),
            WeightSet::ProfileDimensions { profile } => {
                write!(f, "in profile {profile:?}, the dimension weights")
            }
            WeightSet::ProfileIndicators { profile, dimension } => write!(
                f,
                "in profile {profile:?}, the indicator weights in dimension {dimension:?}"
            ),
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Dimension => "dimension",
            Part::Indicator => "indicator",
            Part::Profile => "profile",
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NoDimensions => write!(f, "the scheme needs at least one dimension"),
            Problem::WeightNotNumber { what, found } => {
                write!(f, "{what} must be numbers of 0 or more (found {found})")
            }
            Problem::WeightSum { what, sum } => write!(f, "{what} add up to {sum}, not 100"),
            Problem::MissingId { what } => write!(f, "every {what} needs an id"),
            Problem::DuplicateId { what, id } => write!(f, "two {what}s have the id {id:?}"),
            Problem::EmptyDimension { id } => write!(f, "dimension {id:?} has no indicator"),
            Problem::UnknownColumn { column, role } => {
                let what = match role {
                    ColumnRole::Value => "column",
                    ColumnRole::Rater => "rater column",
                    ColumnRole::Count => "count column",
                };
                write!(f, "{what} {column:?} is not one of the scheme's inputs")
            }
            Problem::Formula(error) => write!(f, "formula {error}"),
            Problem::FormulaUnknownColumn { position, column } => write!(
                f,
                "formula at character {position}: unknown column {column:?} (not one of the scheme's inputs)"
            ),
            Problem::NoRaters => write!(f, "a multi-rater value needs at least one rater"),
            Problem::Curve(error) => write!(f, "{error}"),
            Problem::OverridesNeedGroupColumn => write!(
                f,
                "group overrides need the scheme's group column to be set"
            ),
            Problem::Override { group, error } => write!(f, "for group {group:?}: {error}"),
            Problem::GateLevel { max, found } => write!(
                f,
                "the gate level must be above 0 and at most {max} (found {found})"
            ),
            Problem::GateGrade { grade, grades } => write!(
                f,
                "grade {grade:?} is not one of the grades ({})",
                grades.join(", ")
            ),
            Problem::LinkToSelf => write!(f, "an indicator cannot guard itself"),
            Problem::LinkUnknown { guard } => {
                write!(f, "the guard {guard:?} is not an indicator of this scheme")
            }
            Problem::LinkBandGuard { guard } => write!(
                f,
                "the guard {guard:?} must be higher- or lower-is-better, not a target band"
            ),
            Problem::LinkThreshold => write!(f, "the guard's threshold must be a number"),
            Problem::MinSampleMin => write!(f, "the minimum count must be 0 or more"),
            Problem::MinSampleShrink => write!(f, "the shrinkage weight must be 0 or more"),
            Problem::MinCoverage { found } => write!(
                f,
                "the minimum coverage must be a percentage from 0 to 100 (found {found})"
            ),
            Problem::NoGradeBands => write!(f, "grade bands: at least one is needed"),
            Problem::GradeBandOrder {
                first,
                first_min,
                second,
                second_min,
            } => write!(
                f,
                "grade bands must be best first with falling minimums: {first:?} ({first_min}) then {second:?} ({second_min})"
            ),
            Problem::NoForcedGrades => {
                write!(f, "forced distribution: at least one grade is needed")
            }
            Problem::DuplicateGrade => write!(f, "each grade may appear only once"),
            Problem::Bonus(problem) => write!(f, "{problem}"),
            Problem::ProfileUnknownDimension { profile, dimension } => {
                write!(f, "profile {profile:?} names no dimension {dimension:?}")
            }
            Problem::ProfileUnknownIndicator { profile, indicator } => {
                write!(f, "profile {profile:?} names no indicator {indicator:?}")
            }
        }
    }
}

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

/// Each weight a number of 0 or more, and the sum 100 within the tolerance.
/// `what` names the set only when there is a problem to report.
fn check_weights(
    weights: impl Iterator<Item = f64>,
    what: impl FnOnce() -> WeightSet,
    mut push: impl FnMut(Problem),
) {
    let weights: Vec<f64> = weights.collect();
    if weights.is_empty() {
        return;
    }
    if let Some(&found) = weights
        .iter()
        .find(|weight| !weight.is_finite() || **weight < 0.0)
    {
        push(Problem::WeightNotNumber {
            what: what(),
            found,
        });
        return;
    }
    let sum: f64 = weights.iter().sum();
    if !adds_up_to_100(sum) {
        push(Problem::WeightSum {
            what: what(),
            sum: round_for_message(sum),
        });
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
    mut push: impl FnMut(&'static str, Problem),
) {
    let declared = |column: &str| inputs.contains(column);
    match &indicator.value {
        ValueSource::Column(column) => {
            if !declared(column) {
                push(
                    "value",
                    Problem::UnknownColumn {
                        column: column.clone(),
                        role: ColumnRole::Value,
                    },
                );
            }
        }
        ValueSource::Formula(source) => match formula::parse(source) {
            Err(err) => push("value", Problem::Formula(err)),
            Ok(parsed) => {
                for column in parsed.columns() {
                    if !declared(&column.name) {
                        push(
                            "value",
                            Problem::FormulaUnknownColumn {
                                position: column.position,
                                column: column.name,
                            },
                        );
                    }
                }
            }
        },
        ValueSource::Raters(raters) => {
            if raters.is_empty() {
                push("value", Problem::NoRaters);
            }
            for rater in raters {
                if !declared(&rater.column) {
                    push(
                        "value",
                        Problem::UnknownColumn {
                            column: rater.column.clone(),
                            role: ColumnRole::Rater,
                        },
                    );
                }
            }
            check_weights(
                raters.iter().map(|rater| rater.weight),
                || WeightSet::Raters,
                |problem| push("value", problem),
            );
        }
    }

    if let Err(err) = indicator.curve.check(indicator.direction) {
        push("curve", Problem::Curve(err));
    }
    for group_override in &indicator.overrides {
        if scheme.columns.group.is_none() {
            push("overrides", Problem::OverridesNeedGroupColumn);
        }
        if let Err(error) = group_override.curve.check(indicator.direction) {
            push(
                "overrides",
                Problem::Override {
                    group: group_override.group.clone(),
                    error,
                },
            );
        }
    }

    if let Some(gate) = &indicator.gate {
        let max = indicator.curve.max_score();
        if !(gate.below.is_finite() && gate.below > 0.0 && gate.below <= max) {
            push(
                "gate",
                Problem::GateLevel {
                    max,
                    found: gate.below,
                },
            );
        }
        if let GateEffect::CapGrade(grade) = &gate.effect
            && !grades.contains(&grade.as_str())
        {
            push(
                "gate",
                Problem::GateGrade {
                    grade: grade.clone(),
                    grades: grades.iter().map(|&grade| grade.to_owned()).collect(),
                },
            );
        }
    }
    if let Some(link) = &indicator.link {
        if link.indicator == indicator.id {
            push("link", Problem::LinkToSelf);
        } else {
            match scheme.indicator(&link.indicator) {
                None => push(
                    "link",
                    Problem::LinkUnknown {
                        guard: link.indicator.clone(),
                    },
                ),
                Some(guard) if guard.direction == Direction::Band => push(
                    "link",
                    Problem::LinkBandGuard {
                        guard: guard.id.clone(),
                    },
                ),
                Some(_) => {}
            }
        }
        if !link.worse_than.is_finite() {
            push("link", Problem::LinkThreshold);
        }
    }
    if let Some(sample) = &indicator.min_sample {
        if !declared(&sample.count) {
            push(
                "min_sample",
                Problem::UnknownColumn {
                    column: sample.count.clone(),
                    role: ColumnRole::Count,
                },
            );
        }
        if !(sample.min.is_finite() && sample.min >= 0.0) {
            push("min_sample", Problem::MinSampleMin);
        }
        if let Some(shrink) = sample.shrink
            && !(shrink.is_finite() && shrink >= 0.0)
        {
            push("min_sample", Problem::MinSampleShrink);
        }
    }
}

fn check_grading(grading: &Grading, mut push: impl FnMut(Problem)) {
    match grading {
        Grading::Bands { bands } => {
            if bands.is_empty() {
                push(Problem::NoGradeBands);
            }
            for pair in bands.windows(2) {
                if pair[0].min.partial_cmp(&pair[1].min) != Some(std::cmp::Ordering::Greater) {
                    push(Problem::GradeBandOrder {
                        first: pair[0].grade.clone(),
                        first_min: pair[0].min,
                        second: pair[1].grade.clone(),
                        second_min: pair[1].min,
                    });
                }
            }
        }
        Grading::Forced { shares } => {
            if shares.is_empty() {
                push(Problem::NoForcedGrades);
            }
            check_weights(
                shares.iter().map(|share| share.percent),
                || WeightSet::ForcedShares,
                &mut push,
            );
        }
    }
    let grades = grading.grades();
    let unique: HashSet<&&str> = grades.iter().collect();
    if unique.len() != grades.len() {
        push(Problem::DuplicateGrade);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{BandsProblem, Curve, OrderProblem};
    use crate::formula::{FormulaProblem, Found};
    use crate::presets::preset;
    use crate::scheme::{BonusRule, Gate, GroupOverride, Link};

    /// A valid built-in scheme: 5 dimensions weighted 30/20/25/10/15; the
    /// first indicator ("fcr", higher is better) is a formula over the
    /// inputs `tickets`, `fcr_tickets` and `excluded`.
    fn base() -> Scheme {
        preset("cs-department").expect("a built-in scheme").scheme()
    }

    /// Breaks the base scheme with `change` and compares every problem
    /// found, with its place, field and English sentence.
    fn check(change: impl FnOnce(&mut Scheme), expected: &[(Location, &str, Problem, &str)]) {
        let mut scheme = base();
        assert!(
            validate(&scheme).is_empty(),
            "the base scheme must be valid"
        );
        change(&mut scheme);
        let actual: Vec<(Location, &str, Problem, String)> = validate(&scheme)
            .into_iter()
            .map(|error| {
                let text = error.to_string();
                (error.location, error.field, error.problem, text)
            })
            .collect();
        let expected: Vec<(Location, &str, Problem, String)> = expected
            .iter()
            .map(|(location, field, problem, text)| {
                (
                    location.clone(),
                    *field,
                    problem.clone(),
                    (*text).to_owned(),
                )
            })
            .collect();
        assert_eq!(actual, expected);
    }

    const FIRST: Location = Location::Indicator {
        dimension: 0,
        indicator: 0,
    };

    #[test]
    fn weights_off_name_the_set_and_the_sum() {
        // 30 + 20 + 25 + 10 + 5 = 90.
        check(
            |scheme| scheme.dimensions[4].weight = 5.0,
            &[(
                Location::Scheme,
                "weight",
                Problem::WeightSum {
                    what: WeightSet::Dimensions,
                    sum: 90.0,
                },
                "weight: the dimension weights add up to 90, not 100",
            )],
        );
        check(
            |scheme| scheme.dimensions[0].indicators[0].weight = -1.0,
            &[(
                Location::Dimension { dimension: 0 },
                "weight",
                Problem::WeightNotNumber {
                    what: WeightSet::Indicators {
                        dimension: "quality".to_owned(),
                    },
                    found: -1.0,
                },
                "weight: the indicator weights in dimension \"quality\" must be numbers of 0 or more (found -1)",
            )],
        );
    }

    #[test]
    fn formula_problems_keep_position_and_kind() {
        check(
            |scheme| {
                scheme.dimensions[0].indicators[0].value =
                    ValueSource::Formula("tickets +".to_owned());
            },
            &[(
                FIRST,
                "value",
                Problem::Formula(FormulaError {
                    position: 10,
                    kind: FormulaProblem::ExpectedOperand { found: Found::End },
                }),
                "value: formula at character 10: expected a number, a column or \"(\" but found the end of the formula",
            )],
        );
        check(
            |scheme| {
                scheme.dimensions[0].indicators[0].value =
                    ValueSource::Formula("tickets / [未知]".to_owned());
            },
            &[(
                FIRST,
                "value",
                Problem::FormulaUnknownColumn {
                    position: 11,
                    column: "未知".to_owned(),
                },
                "value: formula at character 11: unknown column \"未知\" (not one of the scheme's inputs)",
            )],
        );
    }

    #[test]
    fn curve_and_override_problems_carry_the_curve_error() {
        check(
            |scheme| {
                let indicator = &mut scheme.dimensions[0].indicators[0];
                indicator.curve = Curve::Linear {
                    worst: 85.0,
                    best: 55.0,
                };
                indicator.overrides.push(GroupOverride {
                    group: "VIP".to_owned(),
                    curve: Curve::Bands { bands: Vec::new() },
                });
            },
            &[
                (
                    FIRST,
                    "curve",
                    Problem::Curve(CurveError::Order(OrderProblem::Linear {
                        direction: Direction::Higher,
                    })),
                    "curve: curve points out of order: expected best above worst (higher is better)",
                ),
                (
                    FIRST,
                    "overrides",
                    Problem::Override {
                        group: "VIP".to_owned(),
                        error: CurveError::Bands(BandsProblem::Empty),
                    },
                    "overrides: for group \"VIP\": bands: there must be at least one band",
                ),
            ],
        );
    }

    #[test]
    fn ids_columns_links_and_grades() {
        check(
            |scheme| {
                // The profiles name dimension 1 by its id.
                scheme.profiles.clear();
                scheme.dimensions[1].id = "quality".to_owned();
                let indicator = &mut scheme.dimensions[0].indicators[0];
                indicator.value = ValueSource::Column("nope".to_owned());
                indicator.link = Some(Link {
                    indicator: "ghost".to_owned(),
                    worse_than: 1.0,
                });
                indicator.gate = Some(Gate {
                    below: 50.0,
                    effect: GateEffect::CapGrade("Z".to_owned()),
                });
            },
            &[
                (
                    FIRST,
                    "value",
                    Problem::UnknownColumn {
                        column: "nope".to_owned(),
                        role: ColumnRole::Value,
                    },
                    "value: column \"nope\" is not one of the scheme's inputs",
                ),
                (
                    FIRST,
                    "gate",
                    Problem::GateGrade {
                        grade: "Z".to_owned(),
                        grades: ["A", "B", "C", "D"].map(str::to_owned).to_vec(),
                    },
                    "gate: grade \"Z\" is not one of the grades (A, B, C, D)",
                ),
                (
                    FIRST,
                    "link",
                    Problem::LinkUnknown {
                        guard: "ghost".to_owned(),
                    },
                    "link: the guard \"ghost\" is not an indicator of this scheme",
                ),
                (
                    Location::Dimension { dimension: 1 },
                    "id",
                    Problem::DuplicateId {
                        what: Part::Dimension,
                        id: "quality".to_owned(),
                    },
                    "id: two dimensions have the id \"quality\"",
                ),
            ],
        );
    }

    #[test]
    fn bonus_problems_name_the_field() {
        check(
            |scheme| {
                scheme.bonus = Some(BonusRule::Proportional {
                    pool: 1000.0,
                    exponent: 1.0,
                    min_score: 0.0,
                    floor: Some(50.5),
                    cap: Some(20.0),
                });
            },
            &[(
                Location::Bonus,
                "floor",
                Problem::Bonus(BonusProblem::FloorAboveCap {
                    floor: 5050,
                    cap: 2000,
                }),
                "floor: (50.50) is above the cap (20.00)",
            )],
        );
    }

    #[test]
    fn a_minimum_coverage_outside_0_to_100_names_the_field() {
        check(
            |scheme| scheme.min_coverage = Some(120.0),
            &[(
                Location::Scheme,
                "min_coverage",
                Problem::MinCoverage { found: 120.0 },
                "min_coverage: the minimum coverage must be a percentage from 0 to 100 (found 120)",
            )],
        );
        check(
            |scheme| scheme.min_coverage = Some(-0.5),
            &[(
                Location::Scheme,
                "min_coverage",
                Problem::MinCoverage { found: -0.5 },
                "min_coverage: the minimum coverage must be a percentage from 0 to 100 (found -0.5)",
            )],
        );
        check(|scheme| scheme.min_coverage = Some(0.0), &[]);
        check(|scheme| scheme.min_coverage = Some(100.0), &[]);
    }

    #[test]
    fn serialised_errors_carry_the_english_message() {
        let mut scheme = base();
        scheme.dimensions[4].weight = 5.0;
        let json = serde_json::to_value(validate(&scheme)).expect("errors serialise");
        assert_eq!(
            json,
            serde_json::json!([{
                "location": {"at": "scheme"},
                "field": "weight",
                "message": "the dimension weights add up to 90, not 100",
            }])
        );
    }

    #[test]
    fn weights_within_a_hundredth_of_100_add_up_whatever_the_float_noise() {
        assert!(adds_up_to_100(33.33 + 33.33 + 33.33));
        assert!(adds_up_to_100(49.99 + 25.0 + 25.0));
        assert!(adds_up_to_100(100.01));
        assert!(!adds_up_to_100(99.98));
        assert!(!adds_up_to_100(100.02));
    }
}
