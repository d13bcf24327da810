//! The bonus split's worked examples: proportional and top-share rules,
//! floors and caps, refusals, and a deterministic sweep of random rules,
//! by topic; the rule builders they share are here.

use super::*;
use crate::scheme::{BonusBasics, TopGroup};

mod limits;
mod proportional;
mod sweep;
mod top_share;

fn some(totals: &[f64]) -> Vec<Option<f64>> {
    totals.iter().map(|&total| Some(total)).collect()
}

/// Exponent 1 and no minimum score, as most examples use.
fn basics(pool: f64, floor: Option<f64>, cap: Option<f64>) -> BonusBasics {
    BonusBasics {
        pool,
        exponent: 1.0,
        min_score: 0.0,
        floor,
        cap,
    }
}

fn proportional_rule(pool: f64) -> BonusRule {
    with_limits(pool, None, None)
}

fn with_limits(pool: f64, floor: Option<f64>, cap: Option<f64>) -> BonusRule {
    BonusRule::from_parts(basics(pool, floor, cap), None)
}

fn top_rule(pool: f64, top_percent: f64, top_share: f64) -> BonusRule {
    top_with_limits(pool, (top_percent, top_share), None, None)
}

fn top_with_limits(
    pool: f64,
    (top_percent, top_share): (f64, f64),
    floor: Option<f64>,
    cap: Option<f64>,
) -> BonusRule {
    let top = TopGroup {
        top_percent,
        top_share,
    };
    BonusRule::from_parts(basics(pool, floor, cap), Some(top))
}

fn cents(split: &BonusSplit) -> Vec<i64> {
    split
        .amounts
        .iter()
        .map(|amount| amount.unwrap_or(-1))
        .collect()
}

/// The split of `pool` among agents who all have a total, which must work.
fn split_of(rule: &BonusRule, totals: &[f64]) -> BonusSplit {
    split_bonus(rule, &some(totals)).unwrap()
}
