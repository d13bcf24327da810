//! The bonus split's worked examples: proportional and top-share rules,
//! floors and caps, refusals, and a deterministic sweep of random rules,
//! by topic; the rule builders they share are here.

use super::*;

mod limits;
mod proportional;
mod sweep;
mod top_share;

fn some(totals: &[f64]) -> Vec<Option<f64>> {
    totals.iter().map(|&total| Some(total)).collect()
}

fn proportional_rule(pool: f64) -> BonusRule {
    BonusRule::Proportional {
        pool,
        exponent: 1.0,
        min_score: 0.0,
        floor: None,
        cap: None,
    }
}

fn with_limits(pool: f64, floor: Option<f64>, cap: Option<f64>) -> BonusRule {
    BonusRule::Proportional {
        pool,
        exponent: 1.0,
        min_score: 0.0,
        floor,
        cap,
    }
}

fn top_rule(pool: f64, top_percent: f64, top_share: f64) -> BonusRule {
    BonusRule::TopShare {
        pool,
        top_percent,
        top_share,
        exponent: 1.0,
        min_score: 0.0,
        floor: None,
        cap: None,
    }
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
