//! The steps behind a scorecard's total, one sentence each.

use super::{
    I18n, curve_kind_text, name_of_dimension, name_of_indicator, name_of_input, with_unit,
};
use crate::i18n::*;
use kpi_engine::edit::curve_kind::CurveKind;
use kpi_engine::explain::{self, Step, ValueFrom, money};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{NoTotal, Scorecard, Treatment, shown_percent};

/// One step of a scorecard's explanation, in the user's language, with
/// indicators and dimensions named as the scheme names them.
pub fn step_text(i18n: I18n, scheme: &Scheme, card: &Scorecard, step: &Step) -> String {
    let indicator_name = |id: &str| name_of_indicator(i18n, scheme, id);
    let dimension_name = |id: &str| name_of_dimension(i18n, scheme, id);
    let n = explain::number;
    match step {
        Step::Value {
            indicator,
            value,
            from,
        } => {
            let source = match from {
                ValueFrom::Column { column } => {
                    let column = name_of_input(i18n, scheme, column);
                    t_string!(i18n, explain.from_column, column).to_string()
                }
                ValueFrom::Formula { formula } => {
                    t_string!(i18n, explain.from_formula, formula).to_string()
                }
                ValueFrom::Raters { raters: 1 } => {
                    t_string!(i18n, explain.from_raters_one).to_string()
                }
                ValueFrom::Raters { raters } => {
                    t_string!(i18n, explain.from_raters, raters = *raters).to_string()
                }
            };
            let unit = scheme.indicator(indicator).map_or("", |i| i.unit.as_str());
            t_string!(
                i18n,
                explain.value,
                indicator = indicator_name(indicator),
                value = with_unit(i18n, &n(*value), unit),
                source
            )
            .to_string()
        }
        Step::Shrunk {
            indicator,
            raw,
            count,
            value,
        } if *count == 1.0 => t_string!(
            i18n,
            explain.shrunk_one,
            indicator = indicator_name(indicator),
            raw = n(*raw),
            value = n(*value)
        )
        .to_string(),
        Step::Shrunk {
            indicator,
            raw,
            count,
            value,
        } => t_string!(
            i18n,
            explain.shrunk,
            indicator = indicator_name(indicator),
            count = n(*count),
            raw = n(*raw),
            value = n(*value)
        )
        .to_string(),
        Step::Missing {
            indicator,
            treatment,
            value,
        } => {
            let indicator = indicator_name(indicator);
            match treatment {
                Treatment::Imputed => t_string!(
                    i18n,
                    explain.missing_median,
                    indicator,
                    value = value.map(n).unwrap_or_default()
                )
                .to_string(),
                Treatment::ZeroForMissing => {
                    t_string!(i18n, explain.missing_zero, indicator).to_string()
                }
                Treatment::Incomplete => {
                    t_string!(i18n, explain.missing_incomplete, indicator).to_string()
                }
                _ => t_string!(i18n, explain.missing_excluded, indicator).to_string(),
            }
        }
        Step::Scored {
            indicator,
            value,
            group,
            score,
            ..
        } => {
            let curve = scheme
                .indicator(indicator)
                .map(|i| curve_kind_text(i18n, CurveKind::of(i.curve_for(card.group.as_deref()))))
                .unwrap_or_default();
            let indicator = indicator_name(indicator);
            match group {
                Some(group) => t_string!(
                    i18n,
                    explain.scored_group,
                    indicator,
                    value = n(*value),
                    curve,
                    group,
                    score = n(*score)
                )
                .to_string(),
                None => t_string!(
                    i18n,
                    explain.scored,
                    indicator,
                    value = n(*value),
                    curve,
                    score = n(*score)
                )
                .to_string(),
            }
        }
        Step::LinkZeroed {
            indicator,
            guard,
            worse_than,
        } => t_string!(
            i18n,
            explain.link_zeroed,
            indicator = indicator_name(indicator),
            guard = indicator_name(guard),
            worse_than = n(*worse_than)
        )
        .to_string(),
        Step::Weighted {
            indicator,
            score,
            weight,
            points,
        } => t_string!(
            i18n,
            explain.weighted,
            indicator = indicator_name(indicator),
            score = n(*score),
            weight = n(*weight),
            points = n(*points)
        )
        .to_string(),
        Step::DimensionGated {
            dimension,
            indicator,
            score,
            below,
        } => t_string!(
            i18n,
            explain.dimension_gated,
            dimension = dimension_name(dimension),
            indicator = indicator_name(indicator),
            score = n(*score),
            below = n(*below)
        )
        .to_string(),
        Step::Dimension {
            dimension,
            score,
            weight,
        } => match score {
            Some(score) => t_string!(
                i18n,
                explain.dimension,
                dimension = dimension_name(dimension),
                score = n(*score),
                weight = n(*weight)
            )
            .to_string(),
            None => t_string!(
                i18n,
                explain.dimension_none,
                dimension = dimension_name(dimension)
            )
            .to_string(),
        },
        Step::TotalGated {
            indicator,
            score,
            below,
        } => t_string!(
            i18n,
            explain.total_gated,
            indicator = indicator_name(indicator),
            score = n(*score),
            below = n(*below)
        )
        .to_string(),
        Step::Total {
            total,
            coverage,
            no_total,
        } => match (total, no_total) {
            (Some(total), _) => t_string!(
                i18n,
                explain.total,
                total = n(*total),
                coverage = n(shown_percent(*coverage))
            )
            .to_string(),
            (None, Some(NoTotal::Coverage { min })) => t_string!(
                i18n,
                explain.total_coverage,
                coverage = n(shown_percent(*coverage)),
                min = n(*min)
            )
            .to_string(),
            (None, Some(NoTotal::NothingScored)) => {
                t_string!(i18n, explain.total_nothing).to_string()
            }
            (None, _) => t_string!(i18n, explain.total_none).to_string(),
        },
        Step::Rank { rank, of } => t_string!(i18n, explain.rank, rank, of).to_string(),
        Step::Grade { grade, capped_from } => match capped_from {
            Some(from) => t_string!(i18n, explain.grade_capped, grade, from).to_string(),
            None => t_string!(i18n, explain.grade, grade).to_string(),
        },
        Step::Bonus { cents } => t_string!(i18n, explain.bonus, amount = money(*cents)).to_string(),
    }
}
