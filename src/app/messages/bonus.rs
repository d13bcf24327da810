//! What is wrong with a bonus rule, and why a pool could not be split.

use super::{I18n, number};
use crate::i18n::*;
use kpi_engine::bonus::{BonusError, BonusProblem, units};
use kpi_engine::explain::money;

/// What is wrong with the bonus rule's `field`, as a sentence naming the
/// field; money in currency units with two decimals.
pub fn bonus_problem_text(i18n: I18n, field: &str, problem: &BonusProblem) -> String {
    let field = match field {
        "pool" => t_string!(i18n, problem.bonus_field.pool).to_string(),
        "exponent" => t_string!(i18n, problem.bonus_field.exponent).to_string(),
        "min_score" => t_string!(i18n, problem.bonus_field.min_score).to_string(),
        "floor" => t_string!(i18n, problem.bonus_field.floor).to_string(),
        "cap" => t_string!(i18n, problem.bonus_field.cap).to_string(),
        "top_percent" => t_string!(i18n, problem.bonus_field.top_percent).to_string(),
        "top_share" => t_string!(i18n, problem.bonus_field.top_share).to_string(),
        other => other.to_owned(),
    };
    match *problem {
        BonusProblem::NotFinite { .. } => {
            t_string!(i18n, problem.bonus.not_finite, field).to_string()
        }
        BonusProblem::Negative { value } => {
            t_string!(i18n, problem.bonus.negative, field, value = number(value)).to_string()
        }
        BonusProblem::TooLarge { value, limit } => t_string!(
            i18n,
            problem.bonus.too_large,
            field,
            value = number(value),
            limit = units(limit)
        )
        .to_string(),
        BonusProblem::FloorAboveCap { floor, cap } => t_string!(
            i18n,
            problem.bonus.floor_above_cap,
            floor = units(floor),
            cap = units(cap)
        )
        .to_string(),
        BonusProblem::NotPercent { value } => t_string!(
            i18n,
            problem.bonus.not_percent,
            field,
            value = number(value)
        )
        .to_string(),
        BonusProblem::NotPositive { value } => t_string!(
            i18n,
            problem.bonus.not_positive,
            field,
            value = number(value)
        )
        .to_string(),
    }
}

/// Why a bonus pool could not be split in a period.
pub fn bonus_error_text(i18n: I18n, error: &BonusError) -> String {
    match error {
        BonusError::FloorsExceedPool {
            needed,
            pool,
            eligible,
        } => t_string!(
            i18n,
            cards.floors_exceed_pool,
            needed = money(*needed),
            pool = money(*pool),
            eligible = *eligible
        )
        .to_string(),
        BonusError::Invalid { field, problem } => bonus_problem_text(i18n, field, problem),
    }
}

/// A bonus rule field's label in the editor (the problems name it
/// otherwise: see [`bonus_problem_text`]).
pub fn bonus_field_label(i18n: I18n, field: &str) -> String {
    match field {
        "pool" => t_string!(i18n, cards.bonus_pool),
        "exponent" => t_string!(i18n, cards.bonus_exponent),
        "min_score" => t_string!(i18n, cards.bonus_min_score),
        "floor" => t_string!(i18n, cards.bonus_floor),
        "cap" => t_string!(i18n, cards.bonus_cap),
        "top_percent" => t_string!(i18n, cards.bonus_top_percent),
        "top_share" => t_string!(i18n, cards.bonus_top_share),
        _ => "",
    }
    .to_string()
}
