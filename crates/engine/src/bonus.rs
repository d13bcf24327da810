//! Bonus pools: splitting a pool among the agents of a period, in whole
//! cents that add up exactly.
//!
//! Money is integer cents (`i64`) here; the rule's pool, floor and cap are
//! currency units and become cents as `(x * 100).round()`. Amounts are worked
//! out exactly (in floating point) first and rounded to cents once, at the
//! end, by the largest remainder method, so rounding never creates or loses
//! a cent. This file holds the two rules' splits; checking the rule, who is
//! eligible, water-filling and rounding are its children.

mod check;
mod eligible;
mod error;
mod money;
mod rounding;
mod water_fill;

pub use error::{BonusError, BonusProblem};
pub use money::{MAX_CENTS, units};

use crate::scheme::BonusRule;
use check::{check_floors, finite, floor_and_cap, money, percent, positive_exponent};
use eligible::{eligible, weights};
use rounding::{exact, finish};
use water_fill::water_fill;

/// A split bonus pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BonusSplit {
    /// Cents per agent, in input order; `None` for an agent who is not
    /// eligible (no total, or a total under the rule's `min_score`).
    pub amounts: Vec<Option<i64>>,
    /// The pool, in cents.
    pub pool: i64,
    /// The sum of the amounts, in cents.
    pub paid: i64,
    /// `pool - paid`: what nobody could receive (every eligible agent at the
    /// cap, or nobody eligible). Shown to the user so no money is lost
    /// silently.
    pub leftover: i64,
    /// For a top-share rule, who was in the top group; all false otherwise.
    pub top_group: Vec<bool>,
}

/// Splits a bonus pool among agents by their totals.
///
/// Eligible agents have a total (a finite number) of at least `min_score`
/// (compared after rounding to 6 decimal places, like ranks). An agent's
/// weight is max(total, 0)^exponent; if every weight in a group is 0 the
/// group's money is split equally.
///
/// - `Proportional`: the pool is shared by weight, with an optional floor
///   and cap per person, by water-filling: a share under the floor is fixed
///   at the floor, a share over the cap at the cap, and the rest of the pool
///   is shared by weight among the others, until nothing changes. When every
///   eligible agent is at the cap, the money left is the `leftover`.
/// - `TopShare`: eligible agents sorted by total, best first; the top group
///   is the first ceil(top_percent% x n) of them plus anyone tied with the
///   last of them (a tie is never split across the line). The top group
///   shares top_share% of the pool by weight, the others the rest. If either
///   group is empty its part goes to the other, so the whole pool is paid
///   whenever anyone is eligible. An optional floor and cap per person then
///   apply by the same water-filling, weighted by the amounts the groups
///   gave: money a cap frees goes to the others in proportion to what they
///   had, and with everyone at the cap the rest is the `leftover`.
///
/// With nobody eligible the whole pool is the `leftover`.
///
/// Rounding: amounts are computed exactly, then floored to whole cents, and
/// the cents still missing to reach the amount to pay go one each to the
/// agents with the largest dropped fractions (ties: higher total first, then
/// earlier input position). This is the largest remainder (Hamilton) method:
/// the amounts add up exactly to the pool (minus any leftover from caps),
/// never to the pool plus or minus a cent. A capped agent never gets a cent
/// above the cap, nor a floored agent a cent below the floor.
///
/// Errors: `FloorsExceedPool` when the floors of the eligible agents alone
/// need more than the pool; `Invalid` for a negative pool, floor or cap, a
/// number that is not finite, an exponent of 0 or less, a percentage outside
/// 0..=100, a floor above the cap, or money above 2^53 cents.
pub fn split_bonus(rule: &BonusRule, totals: &[Option<f64>]) -> Result<BonusSplit, BonusError> {
    let basics = rule.basics();
    // Fields are checked in the order the rule file lists them, so the
    // first problem reported is the first one a reader meets.
    let pool = money("pool", basics.pool)?;
    let top = match rule.top_group() {
        Some(top) => Some((
            percent("top_percent", top.top_percent)?,
            percent("top_share", top.top_share)?,
        )),
        None => None,
    };
    let exponent = positive_exponent(basics.exponent)?;
    let min_score = finite("min_score", basics.min_score)?;
    let (floor, cap) = floor_and_cap(basics.floor, basics.cap)?;
    let rule = Checked {
        pool,
        exponent,
        min_score,
        floor,
        cap,
    };
    match top {
        None => proportional(totals, &rule),
        Some((top_percent, top_share)) => top_share_split(totals, &rule, top_percent, top_share),
    }
}

/// A rule's numbers, checked, with its money in cents.
#[derive(Clone, Copy)]
struct Checked {
    pool: i64,
    exponent: f64,
    min_score: f64,
    floor: i64,
    cap: Option<i64>,
}

fn proportional(totals: &[Option<f64>], rule: &Checked) -> Result<BonusSplit, BonusError> {
    let agents = eligible(totals, rule.min_score);
    check_floors(rule.floor, agents.len(), rule.pool)?;
    let weights = weights(&agents, rule.exponent);
    let (amounts, to_pay) = water_fill(&weights, rule.pool, rule.floor, rule.cap);
    let exact = exact(agents, amounts, rule.floor, rule.cap);
    Ok(finish(totals.len(), rule.pool, &exact, to_pay, Vec::new()))
}

fn top_share_split(
    totals: &[Option<f64>],
    rule: &Checked,
    top_percent: f64,
    top_share: f64,
) -> Result<BonusSplit, BonusError> {
    let Checked {
        pool,
        exponent,
        min_score,
        floor,
        cap,
    } = *rule;
    let mut agents = eligible(totals, min_score);
    check_floors(floor, agents.len(), pool)?;
    crate::order::sort_by(&mut agents, |a, b| {
        b.key.total_cmp(&a.key).then(a.index.cmp(&b.index))
    });
    let n = agents.len();

    // A percentage of n that is a whole number on paper (30% of 10) must
    // not become 3.0000000000000004 and round up to 4.
    let raw = top_percent * n as f64 / 100.0;
    let whole = raw.round();
    let mut top = if (raw - whole).abs() <= 1e-9 * raw.max(1.0) {
        whole
    } else {
        raw.ceil()
    } as usize;
    top = top.min(n);
    if top > 0 {
        let last = agents[top - 1].key;
        while top < n && agents[top].key == last {
            top += 1;
        }
    }
    let (top_agents, rest_agents) = agents.split_at(top);

    let pool_f = pool as f64;
    let (top_money, rest_money) = if rest_agents.is_empty() {
        (pool_f, 0.0)
    } else if top_agents.is_empty() {
        (0.0, pool_f)
    } else {
        let top_money = pool_f * top_share / 100.0;
        (top_money, pool_f - top_money)
    };

    let mut order = Vec::with_capacity(n);
    let mut amounts = Vec::with_capacity(n);
    for (group, money) in [(top_agents, top_money), (rest_agents, rest_money)] {
        let weights = weights(group, exponent);
        let sum: f64 = weights.iter().sum();
        for (&agent, weight) in group.iter().zip(weights) {
            order.push(agent);
            amounts.push(if sum > 0.0 {
                money * (weight / sum)
            } else {
                0.0
            });
        }
    }
    // Floors and caps apply to the split: the same water-filling as the
    // proportional rule, by the amounts the groups gave, so money a cap
    // frees goes to the others in proportion to what they already had.
    let mut to_pay = if n == 0 { 0 } else { pool };
    if floor > 0 || cap.is_some() {
        let (filled, paid) = water_fill(&amounts, pool, floor, cap);
        amounts = filled;
        to_pay = if n == 0 { 0 } else { paid };
    }
    let exact = exact(order, amounts, floor, cap);
    let mut in_top = vec![false; totals.len()];
    for agent in top_agents {
        in_top[agent.index] = true;
    }
    Ok(finish(totals.len(), pool, &exact, to_pay, in_top))
}

#[cfg(test)]
mod tests;
