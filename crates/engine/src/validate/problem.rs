//! The vocabulary of validation: where a problem is ([`Location`]), what it
//! is ([`Problem`], with the parts and weight sets it names) and the error
//! the page lists ([`SchemeError`]); `Display` gives the English sentences.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::bonus::BonusProblem;
use crate::curve::CurveError;
use crate::formula::FormulaError;

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
