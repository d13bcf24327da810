//! What is wrong with a scheme (a validation problem), and the names of
//! the choices the editor offers (directions, curve kinds).

use super::{
    I18n, bonus_problem_text, curve_error_text, formula_error_text, list_separator, name_in,
    name_of_dimension, name_of_indicator, name_of_profile, number,
};
use crate::i18n::*;
use kpi_engine::curve::Direction;
use kpi_engine::edit::curve_kind::CurveKind;
use kpi_engine::scheme::{MissingPolicy, Rater, RaterRole, Scheme};
use kpi_engine::sensitivity::WeightRef;
use kpi_engine::validate::{ColumnRole, Location, Part, Problem, SchemeError, WeightSet};

/// What is wrong with a scheme, in the user's language, without where it is
/// (the editor shows the message next to `error.location` and
/// `error.field`). Dimensions, indicators and weightings are named as the
/// scheme names them; ids that match nothing are shown as written.
pub fn scheme_error_text(i18n: I18n, scheme: &Scheme, error: &SchemeError) -> String {
    let dimension_name = |id: &str| name_of_dimension(i18n, scheme, id);
    let indicator_name = |id: &str| name_of_indicator(i18n, scheme, id);
    let profile_name = |id: &str| name_of_profile(i18n, scheme, id);
    let weight_set = |what: &WeightSet| match what {
        WeightSet::Dimensions => t_string!(i18n, problem.weights.dimensions).to_string(),
        WeightSet::Indicators { dimension } => t_string!(
            i18n,
            problem.weights.indicators,
            dimension = dimension_name(dimension)
        )
        .to_string(),
        WeightSet::Raters => t_string!(i18n, problem.weights.raters).to_string(),
        WeightSet::ForcedShares => t_string!(i18n, problem.weights.forced_shares).to_string(),
        WeightSet::ProfileDimensions { profile } => t_string!(
            i18n,
            problem.weights.profile_dimensions,
            profile = profile_name(profile)
        )
        .to_string(),
        WeightSet::ProfileIndicators { profile, dimension } => t_string!(
            i18n,
            problem.weights.profile_indicators,
            profile = profile_name(profile),
            dimension = dimension_name(dimension)
        )
        .to_string(),
    };
    match &error.problem {
        Problem::NoDimensions => t_string!(i18n, problem.no_dimensions).to_string(),
        Problem::WeightNotNumber { what, found } => t_string!(
            i18n,
            problem.weight_not_number,
            what = weight_set(what),
            found = number(*found)
        )
        .to_string(),
        Problem::WeightSum { what, sum } => t_string!(
            i18n,
            problem.weight_sum,
            what = weight_set(what),
            sum = number(*sum)
        )
        .to_string(),
        Problem::MissingId { what } => match what {
            Part::Dimension => t_string!(i18n, problem.missing_dimension_id),
            Part::Indicator => t_string!(i18n, problem.missing_indicator_id),
            Part::Profile => t_string!(i18n, problem.missing_profile_id),
        }
        .to_string(),
        Problem::DuplicateId { what, id } => {
            let id = id.clone();
            match what {
                Part::Dimension => t_string!(i18n, problem.duplicate_dimension_id, id).to_string(),
                Part::Indicator => t_string!(i18n, problem.duplicate_indicator_id, id).to_string(),
                Part::Profile => t_string!(i18n, problem.duplicate_profile_id, id).to_string(),
            }
        }
        Problem::EmptyDimension { id } => t_string!(
            i18n,
            problem.empty_dimension,
            dimension = dimension_name(id)
        )
        .to_string(),
        Problem::UnknownColumn { column, role } => {
            let column = column.clone();
            match role {
                ColumnRole::Value => t_string!(i18n, problem.unknown_value_column, column),
                ColumnRole::Rater => t_string!(i18n, problem.unknown_rater_column, column),
                ColumnRole::Count => t_string!(i18n, problem.unknown_count_column, column),
            }
            .to_string()
        }
        Problem::Formula(error) => formula_error_text(i18n, error),
        Problem::FormulaUnknownColumn { position, column } => t_string!(
            i18n,
            problem.formula_unknown_column,
            position = *position,
            column = column.clone()
        )
        .to_string(),
        Problem::NoRaters => t_string!(i18n, problem.no_raters).to_string(),
        Problem::Curve(error) => curve_error_text(i18n, error),
        Problem::OverridesNeedGroupColumn => {
            t_string!(i18n, problem.overrides_need_group).to_string()
        }
        Problem::Override { group, error } => t_string!(
            i18n,
            problem.group_override,
            group = group.clone(),
            message = curve_error_text(i18n, error)
        )
        .to_string(),
        Problem::GateLevel { max, found } => t_string!(
            i18n,
            problem.gate_level,
            max = number(*max),
            found = number(*found)
        )
        .to_string(),
        Problem::GateGrade { grade, grades } => t_string!(
            i18n,
            problem.gate_grade,
            grade = grade.clone(),
            grades = grades.join(list_separator(i18n))
        )
        .to_string(),
        Problem::LinkToSelf => t_string!(i18n, problem.link_to_self).to_string(),
        Problem::LinkUnknown { guard } => {
            t_string!(i18n, problem.link_unknown, guard = guard.clone()).to_string()
        }
        Problem::LinkBandGuard { guard } => {
            t_string!(i18n, problem.link_band_guard, guard = indicator_name(guard)).to_string()
        }
        Problem::LinkThreshold => t_string!(i18n, problem.link_threshold).to_string(),
        Problem::MinSampleMin => t_string!(i18n, problem.min_sample_min).to_string(),
        Problem::MinSampleShrink => t_string!(i18n, problem.min_sample_shrink).to_string(),
        Problem::MinCoverage { found } => {
            t_string!(i18n, problem.min_coverage, found = number(*found)).to_string()
        }
        Problem::NoGradeBands => t_string!(i18n, problem.no_grade_bands).to_string(),
        Problem::GradeBandOrder {
            first,
            first_min,
            second,
            second_min,
        } => t_string!(
            i18n,
            problem.grade_band_order,
            first = first.clone(),
            first_min = number(*first_min),
            second = second.clone(),
            second_min = number(*second_min)
        )
        .to_string(),
        Problem::NoForcedGrades => t_string!(i18n, problem.no_forced_grades).to_string(),
        Problem::DuplicateGrade => t_string!(i18n, problem.duplicate_grade).to_string(),
        Problem::Bonus(problem) => bonus_problem_text(i18n, error.field, problem),
        Problem::ProfileUnknownDimension { profile, dimension } => t_string!(
            i18n,
            problem.profile_unknown_dimension,
            profile = profile_name(profile),
            dimension = dimension.clone()
        )
        .to_string(),
        Problem::ProfileUnknownIndicator { profile, indicator } => t_string!(
            i18n,
            problem.profile_unknown_indicator,
            profile = profile_name(profile),
            indicator = indicator.clone()
        )
        .to_string(),
    }
}

pub fn direction_text(i18n: I18n, direction: Direction) -> String {
    match direction {
        Direction::Higher => t_string!(i18n, scheme.direction_higher),
        Direction::Lower => t_string!(i18n, scheme.direction_lower),
        Direction::Band => t_string!(i18n, scheme.direction_band),
    }
    .to_string()
}

pub fn curve_kind_text(i18n: I18n, kind: CurveKind) -> String {
    match kind {
        CurveKind::Linear => t_string!(i18n, scheme.curve_linear),
        CurveKind::Payout => t_string!(i18n, scheme.curve_payout),
        CurveKind::Ratio => t_string!(i18n, scheme.curve_ratio),
        CurveKind::Bands => t_string!(i18n, scheme.curve_bands),
        CurveKind::PassFail => t_string!(i18n, scheme.curve_pass_fail),
        CurveKind::TargetBand => t_string!(i18n, scheme.curve_target_band),
    }
    .to_string()
}

/// What the scheme does with a missing value, as the editor offers it.
pub fn missing_text(i18n: I18n, policy: MissingPolicy) -> String {
    match policy {
        MissingPolicy::Exclude => t_string!(i18n, scheme.missing_exclude),
        MissingPolicy::Zero => t_string!(i18n, scheme.missing_zero),
        MissingPolicy::Incomplete => t_string!(i18n, scheme.missing_incomplete),
        MissingPolicy::TeamMedian => t_string!(i18n, scheme.missing_team_median),
    }
    .to_string()
}

/// Where a problem is, in words: the scheme, a dimension or indicator by
/// name, the grading, the bonus, a profile.
pub fn place_name(i18n: I18n, scheme: &Scheme, location: &Location) -> String {
    match *location {
        Location::Scheme => t_string!(i18n, scheme.place_scheme).to_string(),
        Location::Dimension { dimension } => scheme
            .dimensions
            .get(dimension)
            .map(|d| name_in(i18n, &d.name))
            .unwrap_or_default(),
        Location::Indicator {
            dimension,
            indicator,
        } => scheme
            .dimensions
            .get(dimension)
            .and_then(|d| d.indicators.get(indicator))
            .map(|i| name_in(i18n, &i.name))
            .unwrap_or_default(),
        Location::Grading => t_string!(i18n, scheme.place_grading).to_string(),
        Location::Bonus => t_string!(i18n, scheme.place_bonus).to_string(),
        Location::Profile { profile } => scheme
            .profiles
            .get(profile)
            .map(|p| name_in(i18n, &p.name))
            .unwrap_or_default(),
    }
}

/// A weight's name: the dimension's, or the indicator's with its
/// dimension's.
pub fn weight_name(i18n: I18n, scheme: &Scheme, weight: WeightRef) -> String {
    match weight {
        WeightRef::Dimension { dimension } => scheme
            .dimensions
            .get(dimension)
            .map(|d| name_in(i18n, &d.name))
            .unwrap_or_default(),
        WeightRef::Indicator {
            dimension,
            indicator,
        } => scheme
            .dimensions
            .get(dimension)
            .and_then(|d| {
                Some(format!(
                    "{} › {}",
                    name_in(i18n, &d.name),
                    name_in(i18n, &d.indicators.get(indicator)?.name)
                ))
            })
            .unwrap_or_default(),
    }
}

/// An indicator's raters as the editor lists them: role, column and
/// weight each ("Supervisor (qa_sup) 60% · Peers (qa_peer) 40%").
pub fn raters_text(i18n: I18n, raters: &[Rater]) -> String {
    raters
        .iter()
        .map(|rater| {
            let role = match rater.role {
                RaterRole::Customer => t_string!(i18n, scheme.rater_customer),
                RaterRole::Supervisor => t_string!(i18n, scheme.rater_supervisor),
                RaterRole::Peer => t_string!(i18n, scheme.rater_peer),
                RaterRole::SelfRating => t_string!(i18n, scheme.rater_self),
            };
            t_string!(
                i18n,
                scheme.rater,
                role,
                column = rater.column.as_str(),
                weight = super::number(rater.weight)
            )
            .to_string()
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
