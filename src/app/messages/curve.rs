//! Why a curve cannot be used or cannot score a value, and the names of
//! its parameters.

use super::{I18n, direction_text, number};
use crate::i18n::*;
use kpi_engine::curve::Direction;
use kpi_engine::curve::{BandsProblem, CurveError, CurveField, OrderProblem, ScoresProblem};

/// Why a curve cannot be used or cannot score a value, as a sentence.
pub fn curve_error_text(i18n: I18n, error: &CurveError) -> String {
    match *error {
        CurveError::NotFinite { field } => t_string!(
            i18n,
            problem.curve.not_finite,
            field = curve_field_text(i18n, field)
        )
        .to_string(),
        CurveError::Order(OrderProblem::Linear { direction }) => match direction {
            Direction::Lower => t_string!(i18n, problem.curve.order_linear_lower),
            Direction::Higher | Direction::Band => {
                t_string!(i18n, problem.curve.order_linear_higher)
            }
        }
        .to_string(),
        CurveError::Order(OrderProblem::Payout { direction }) => match direction {
            Direction::Lower => t_string!(i18n, problem.curve.order_payout_lower),
            Direction::Higher | Direction::Band => {
                t_string!(i18n, problem.curve.order_payout_higher)
            }
        }
        .to_string(),
        CurveError::Order(OrderProblem::TargetBand { tolerance, limit }) => t_string!(
            i18n,
            problem.curve.order_target_band,
            tolerance = number(tolerance),
            limit = number(limit)
        )
        .to_string(),
        CurveError::Direction { curve, direction } => {
            let curve = match curve {
                "linear" => t_string!(i18n, problem.curve_kind.linear).to_string(),
                "payout" => t_string!(i18n, problem.curve_kind.payout).to_string(),
                "ratio" => t_string!(i18n, problem.curve_kind.ratio).to_string(),
                "bands" => t_string!(i18n, problem.curve_kind.bands).to_string(),
                "pass/fail" => t_string!(i18n, problem.curve_kind.pass_fail).to_string(),
                "target band" => t_string!(i18n, problem.curve_kind.target_band).to_string(),
                other => other.to_owned(),
            };
            let direction = direction_text(i18n, direction);
            t_string!(i18n, problem.curve.direction, curve, direction).to_string()
        }
        CurveError::RatioTarget { target } => {
            t_string!(i18n, problem.curve.ratio_target, target = number(target)).to_string()
        }
        CurveError::RatioNegative { value } => {
            t_string!(i18n, problem.curve.ratio_negative, value = number(value)).to_string()
        }
        CurveError::Bands(problem) => bands_problem_text(i18n, problem),
        CurveError::Scores(ScoresProblem::Payout {
            below,
            at_threshold,
            cap,
        }) => t_string!(
            i18n,
            problem.curve.scores_payout,
            below = number(below),
            at_threshold = number(at_threshold),
            cap = number(cap)
        )
        .to_string(),
        CurveError::Scores(ScoresProblem::RatioCap { cap }) => {
            t_string!(i18n, problem.curve.scores_ratio_cap, cap = number(cap)).to_string()
        }
        CurveError::Scores(ScoresProblem::PassFail { fail, pass }) => t_string!(
            i18n,
            problem.curve.scores_pass_fail,
            fail = number(fail),
            pass = number(pass)
        )
        .to_string(),
        CurveError::Value => t_string!(i18n, problem.curve.value).to_string(),
    }
}

fn bands_problem_text(i18n: I18n, problem: BandsProblem) -> String {
    match problem {
        BandsProblem::Empty => t_string!(i18n, problem.curve.bands_empty).to_string(),
        BandsProblem::FirstBounded => {
            t_string!(i18n, problem.curve.bands_first_bounded).to_string()
        }
        BandsProblem::LastBounded => t_string!(i18n, problem.curve.bands_last_bounded).to_string(),
        BandsProblem::Score { band } => t_string!(i18n, problem.curve.band_score, band).to_string(),
        BandsProblem::Reversed { band, from, to } => t_string!(
            i18n,
            problem.curve.band_reversed,
            band,
            from = number(from),
            to = number(to)
        )
        .to_string(),
        BandsProblem::Gap { band } => {
            t_string!(i18n, problem.curve.band_gap, band, next = band + 1).to_string()
        }
        BandsProblem::WorseRewarded { band } => t_string!(
            i18n,
            problem.curve.bands_worse_rewarded,
            band,
            next = band + 1
        )
        .to_string(),
        BandsProblem::NoBand { value } => {
            t_string!(i18n, problem.curve.no_band, value = number(value)).to_string()
        }
    }
}

/// A curve parameter's name, as the editor labels it and the problems
/// name it.
pub fn curve_field_text(i18n: I18n, field: CurveField) -> String {
    match field {
        CurveField::Worst => t_string!(i18n, problem.curve_field.worst),
        CurveField::Best => t_string!(i18n, problem.curve_field.best),
        CurveField::Threshold => t_string!(i18n, problem.curve_field.threshold),
        CurveField::Target => t_string!(i18n, problem.curve_field.target),
        CurveField::Stretch => t_string!(i18n, problem.curve_field.stretch),
        CurveField::Below => t_string!(i18n, problem.curve_field.below),
        CurveField::AtThreshold => t_string!(i18n, problem.curve_field.at_threshold),
        CurveField::Cap => t_string!(i18n, problem.curve_field.cap),
        CurveField::PassAt => t_string!(i18n, problem.curve_field.pass_at),
        CurveField::Pass => t_string!(i18n, problem.curve_field.pass),
        CurveField::Fail => t_string!(i18n, problem.curve_field.fail),
        CurveField::Tolerance => t_string!(i18n, problem.curve_field.tolerance),
        CurveField::Limit => t_string!(i18n, problem.curve_field.limit),
    }
    .to_string()
}
