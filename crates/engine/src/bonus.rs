//! Bonus pools: splitting a pool among the agents of a period, in whole
//! cents that add up exactly.
//!
//! Money is integer cents (`i64`) here; the rule's pool, floor and cap are
//! currency units and become cents as `(x * 100).round()`. Amounts are worked
//! out exactly (in floating point) first and rounded to cents once, at the
//! end, by the largest remainder method, so rounding never creates or loses
//! a cent.

use std::fmt;

use serde::Serialize;

use super::rank;
use super::scheme::BonusRule;

/// The largest amount of cents accepted: 2^53, beyond which a float no
/// longer holds every whole number of cents and exact splitting is lost.
pub const MAX_CENTS: i64 = 1 << 53;

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

/// Why a bonus pool cannot be split. The numbers its message needs, so the
/// page can word it in any language; `Display` gives the English sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum BonusError {
    /// The per-person floors alone need more than the pool (all in cents).
    FloorsExceedPool {
        needed: i64,
        pool: i64,
        eligible: usize,
    },
    /// A field of the rule has a value the split cannot use.
    Invalid {
        field: &'static str,
        problem: BonusProblem,
    },
}

/// What is wrong with one field of a bonus rule, with the value found.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum BonusProblem {
    /// Not a finite number.
    NotFinite { value: f64 },
    /// Money below 0.
    Negative { value: f64 },
    /// Money above [`MAX_CENTS`] (`limit`, in cents).
    TooLarge { value: f64, limit: i64 },
    /// A floor above the cap (both in cents).
    FloorAboveCap { floor: i64, cap: i64 },
    /// A percentage outside 0..=100.
    NotPercent { value: f64 },
    /// An exponent of 0 or less.
    NotPositive { value: f64 },
}

impl fmt::Display for BonusProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BonusProblem::NotFinite { value } => {
                write!(f, "must be a finite number, got {value}")
            }
            BonusProblem::Negative { value } => write!(f, "must be 0 or more, got {value}"),
            BonusProblem::TooLarge { value, limit } => {
                write!(f, "is too large: {value} is more than {}", units(limit))
            }
            BonusProblem::FloorAboveCap { floor, cap } => {
                write!(f, "({}) is above the cap ({})", units(floor), units(cap))
            }
            BonusProblem::NotPercent { value } => {
                write!(f, "must be between 0 and 100, got {value}")
            }
            BonusProblem::NotPositive { value } => write!(f, "must be more than 0, got {value}"),
        }
    }
}

impl fmt::Display for BonusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BonusError::FloorsExceedPool {
                needed,
                pool,
                eligible,
            } => {
                let (floors, need) = if *eligible == 1 {
                    ("floor", "needs")
                } else {
                    ("floors", "need")
                };
                let agents = if *eligible == 1 { "agent" } else { "agents" };
                write!(
                    f,
                    "the {floors} of {eligible} eligible {agents} {need} {}, more than the pool of {}",
                    units(*needed),
                    units(*pool)
                )
            }
            BonusError::Invalid { field, problem } => {
                write!(f, "bonus rule: {field} {problem}")
            }
        }
    }
}

impl std::error::Error for BonusError {}

/// Cents as currency units with two decimals: 600000 -> "6000.00".
pub fn units(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
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
    match *rule {
        BonusRule::Proportional {
            pool,
            exponent,
            min_score,
            floor,
            cap,
        } => {
            let pool = money("pool", pool)?;
            let exponent = positive_exponent(exponent)?;
            let min_score = finite("min_score", min_score)?;
            let (floor, cap) = floor_and_cap(floor, cap)?;
            proportional(totals, pool, exponent, min_score, floor, cap)
        }
        BonusRule::TopShare {
            pool,
            top_percent,
            top_share,
            exponent,
            min_score,
            floor,
            cap,
        } => {
            let pool = money("pool", pool)?;
            let top_percent = percent("top_percent", top_percent)?;
            let top_share = percent("top_share", top_share)?;
            let exponent = positive_exponent(exponent)?;
            let min_score = finite("min_score", min_score)?;
            let (floor, cap) = floor_and_cap(floor, cap)?;
            top_share_split(
                totals,
                TopShare {
                    pool,
                    top_percent,
                    top_share,
                    exponent,
                    min_score,
                    floor,
                    cap,
                },
            )
        }
    }
}

/// The per-person floor (0 when none) and cap, in cents, checked.
fn floor_and_cap(floor: Option<f64>, cap: Option<f64>) -> Result<(i64, Option<i64>), BonusError> {
    let floor = floor.map(|floor| money("floor", floor)).transpose()?;
    let cap = cap.map(|cap| money("cap", cap)).transpose()?;
    if let (Some(floor), Some(cap)) = (floor, cap)
        && floor > cap
    {
        return Err(BonusError::Invalid {
            field: "floor",
            problem: BonusProblem::FloorAboveCap { floor, cap },
        });
    }
    Ok((floor.unwrap_or(0), cap))
}

/// The floors of `eligible` agents must fit in the pool.
fn check_floors(floor: i64, eligible: usize, pool: i64) -> Result<(), BonusError> {
    let needed = i128::from(floor) * eligible as i128;
    if needed > i128::from(pool) {
        return Err(BonusError::FloorsExceedPool {
            needed: i64::try_from(needed).unwrap_or(i64::MAX),
            pool,
            eligible,
        });
    }
    Ok(())
}

fn finite(field: &'static str, value: f64) -> Result<f64, BonusError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(BonusError::Invalid {
            field,
            problem: BonusProblem::NotFinite { value },
        })
    }
}

/// Currency units -> cents, refusing what cannot be paid or split exactly.
fn money(field: &'static str, value: f64) -> Result<i64, BonusError> {
    let value = finite(field, value)?;
    if value < 0.0 {
        return Err(BonusError::Invalid {
            field,
            problem: BonusProblem::Negative { value },
        });
    }
    let cents = (value * 100.0).round();
    if cents > MAX_CENTS as f64 {
        return Err(BonusError::Invalid {
            field,
            problem: BonusProblem::TooLarge {
                value,
                limit: MAX_CENTS,
            },
        });
    }
    Ok(cents as i64)
}

fn percent(field: &'static str, value: f64) -> Result<f64, BonusError> {
    let value = finite(field, value)?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(BonusError::Invalid {
            field,
            problem: BonusProblem::NotPercent { value },
        })
    }
}

fn positive_exponent(value: f64) -> Result<f64, BonusError> {
    let value = finite("exponent", value)?;
    if value > 0.0 {
        Ok(value)
    } else {
        Err(BonusError::Invalid {
            field: "exponent",
            problem: BonusProblem::NotPositive { value },
        })
    }
}

/// An eligible agent: input position, total and its comparison key.
#[derive(Clone, Copy)]
struct Eligible {
    index: usize,
    total: f64,
    key: f64,
}

fn eligible(totals: &[Option<f64>], min_score: f64) -> Vec<Eligible> {
    totals
        .iter()
        .enumerate()
        .filter_map(|(index, total)| {
            let total = (*total)?;
            let key = rank::total_key(total)?;
            rank::at_least(total, min_score).then_some(Eligible { index, total, key })
        })
        .collect()
}

/// Weights max(total, 0)^exponent, scaled by the largest total first so a
/// large total or exponent cannot overflow (the ratios are unchanged); all
/// 1 when every weight would be 0, which splits equally.
fn weights(agents: &[Eligible], exponent: f64) -> Vec<f64> {
    let largest = agents
        .iter()
        .map(|agent| agent.total.max(0.0))
        .fold(0.0, f64::max);
    if largest <= 0.0 {
        return vec![1.0; agents.len()];
    }
    agents
        .iter()
        .map(|agent| (agent.total.max(0.0) / largest).powf(exponent))
        .collect()
}

/// An agent's exact amount and the bounds rounding must respect, in cents.
struct Exact {
    agent: Eligible,
    amount: f64,
    low: i64,
    high: i64,
}

fn proportional(
    totals: &[Option<f64>],
    pool: i64,
    exponent: f64,
    min_score: f64,
    floor: i64,
    cap: Option<i64>,
) -> Result<BonusSplit, BonusError> {
    let agents = eligible(totals, min_score);
    check_floors(floor, agents.len(), pool)?;
    let weights = weights(&agents, exponent);
    let (amounts, to_pay) = water_fill(&weights, pool, floor, cap);
    let high = cap.unwrap_or(i64::MAX);
    let exact: Vec<Exact> = agents
        .iter()
        .zip(amounts)
        .map(|(&agent, amount)| Exact {
            agent,
            amount,
            low: floor,
            high,
        })
        .collect();
    Ok(finish(totals.len(), pool, &exact, to_pay, Vec::new()))
}

/// Where an agent stands while the water level rises.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    AtFloor,
    Proportional,
    AtCap,
}

/// The water-filling split: amounts clamp(level x weight, floor, cap) with
/// the one level at which they add up to the pool, and the whole cents to
/// pay (the pool, less what every agent at the cap leaves over).
///
/// Fixing shares at the floor or the cap and re-sharing the rest until
/// nothing changes reaches exactly this level; finding it by sweeping the
/// levels at which agents leave the floor or reach the cap gets there in
/// one pass and cannot oscillate. Needs floor x agents <= pool.
fn water_fill(weights: &[f64], pool: i64, floor: i64, cap: Option<i64>) -> (Vec<f64>, i64) {
    let floor_f = floor as f64;
    let mut amounts = vec![floor_f; weights.len()];
    // Agents of weight 0 never rise from the floor; the others share what
    // the floors of the weightless leave.
    let weightless = weights.iter().filter(|&&weight| weight <= 0.0).count() as i128;
    let rising: Vec<usize> = (0..weights.len())
        .filter(|&agent| weights[agent] > 0.0)
        .collect();
    let target = i128::from(pool) - weightless * i128::from(floor);
    if rising.is_empty() {
        return (
            amounts,
            i64::try_from(weightless * i128::from(floor)).unwrap_or(pool),
        );
    }
    if let Some(cap) = cap
        && rising.len() as i128 * i128::from(cap) <= target
    {
        for &agent in &rising {
            amounts[agent] = cap as f64;
        }
        let paid = weightless * i128::from(floor) + rising.len() as i128 * i128::from(cap);
        return (amounts, i64::try_from(paid).unwrap_or(pool));
    }
    let target = target as f64;

    // Events: (level, agent, reaches_cap). At a level of floor / weight an
    // agent leaves the floor; at cap / weight it reaches the cap.
    let mut events: Vec<(f64, usize, bool)> = Vec::with_capacity(rising.len() * 2);
    for &agent in &rising {
        events.push((floor_f / weights[agent], agent, false));
        if let Some(cap) = cap {
            events.push((cap as f64 / weights[agent], agent, true));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));

    let mut level = vec![Level::AtFloor; weights.len()];
    // The pool paid at a water level w is fixed + slope x w.
    let mut fixed = rising.len() as f64 * floor_f;
    let mut slope = 0.0;
    let mut proportional = 0usize;
    for &(at, agent, reaches_cap) in &events {
        if proportional > 0 && fixed + slope * at >= target {
            break;
        }
        if reaches_cap {
            level[agent] = Level::AtCap;
            proportional -= 1;
            slope -= weights[agent];
            fixed += cap.unwrap_or(0) as f64;
        } else {
            level[agent] = Level::Proportional;
            proportional += 1;
            slope += weights[agent];
            fixed -= floor_f;
        }
        if proportional == 0 {
            // No rounding residue may pretend someone is still rising.
            slope = 0.0;
        }
    }

    // Recomputed from the final levels rather than the running sums, which
    // carry the rounding of every step.
    let mut fixed = 0.0;
    let mut slope = 0.0;
    for &agent in &rising {
        match level[agent] {
            Level::AtFloor => fixed += floor_f,
            Level::AtCap => fixed += cap.unwrap_or(0) as f64,
            Level::Proportional => slope += weights[agent],
        }
    }
    let high = cap.map_or(f64::INFINITY, |cap| cap as f64);
    let share = (target - fixed).max(0.0);
    for &agent in &rising {
        amounts[agent] = match level[agent] {
            Level::AtFloor => floor_f,
            Level::AtCap => high,
            // weight / slope <= 1, so this cannot overflow however small
            // the weights are.
            Level::Proportional if slope > 0.0 => {
                (share * (weights[agent] / slope)).clamp(floor_f, high)
            }
            Level::Proportional => floor_f,
        };
    }
    (amounts, pool)
}

/// A top-share rule with its money in cents.
struct TopShare {
    pool: i64,
    top_percent: f64,
    top_share: f64,
    exponent: f64,
    min_score: f64,
    floor: i64,
    cap: Option<i64>,
}

fn top_share_split(totals: &[Option<f64>], rule: TopShare) -> Result<BonusSplit, BonusError> {
    let TopShare {
        pool,
        top_percent,
        top_share,
        exponent,
        min_score,
        floor,
        cap,
    } = rule;
    let mut agents = eligible(totals, min_score);
    check_floors(floor, agents.len(), pool)?;
    agents.sort_by(|a, b| b.key.total_cmp(&a.key).then(a.index.cmp(&b.index)));
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
    let high = cap.unwrap_or(i64::MAX);
    let exact: Vec<Exact> = order
        .into_iter()
        .zip(amounts)
        .map(|(agent, amount)| Exact {
            agent,
            amount,
            low: floor,
            high,
        })
        .collect();
    let mut in_top = vec![false; totals.len()];
    for agent in top_agents {
        in_top[agent.index] = true;
    }
    Ok(finish(totals.len(), pool, &exact, to_pay, in_top))
}

/// Rounds exact amounts to cents adding up to `to_pay` (largest remainder)
/// and builds the split.
fn finish(
    count: usize,
    pool: i64,
    exact: &[Exact],
    to_pay: i64,
    top_group: Vec<bool>,
) -> BonusSplit {
    let cents = largest_remainder(exact, to_pay);
    let mut amounts = vec![None; count];
    let mut paid: i64 = 0;
    for (item, cents) in exact.iter().zip(cents) {
        amounts[item.agent.index] = Some(cents);
        paid = paid.saturating_add(cents);
    }
    BonusSplit {
        amounts,
        pool,
        paid,
        leftover: pool.saturating_sub(paid),
        top_group: if top_group.is_empty() {
            vec![false; count]
        } else {
            top_group
        },
    }
}

/// Floors each exact amount to whole cents within its bounds, then hands
/// the cents still missing to `to_pay` out one each by largest dropped
/// fraction (ties: higher total, then earlier input position).
fn largest_remainder(exact: &[Exact], to_pay: i64) -> Vec<i64> {
    let mut cents: Vec<i64> = Vec::with_capacity(exact.len());
    // Fractions in millionths of a cent: float noise in the exact amounts
    // must not decide between fractions that are equal on paper, and an
    // integer key keeps the sort a total order.
    let mut fractions: Vec<i64> = Vec::with_capacity(exact.len());
    for item in exact {
        let whole = item.amount.floor();
        let base = (whole as i64).clamp(item.low, item.high);
        let fraction = if base as f64 == whole {
            ((item.amount - whole) * 1e6).round() as i64
        } else {
            0
        };
        cents.push(base);
        fractions.push(fraction);
    }
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        fractions[b]
            .cmp(&fractions[a])
            .then(exact[b].agent.key.total_cmp(&exact[a].agent.key))
            .then(exact[a].agent.index.cmp(&exact[b].agent.index))
    });

    let assigned: i128 = cents.iter().map(|&c| i128::from(c)).sum();
    let mut missing = i128::from(to_pay) - assigned;
    // One cent each is all the method needs; the passes after the first only
    // absorb float error in extreme inputs, and stop when no one can move.
    while missing > 0 {
        let before = missing;
        for &agent in &order {
            if missing == 0 {
                break;
            }
            if cents[agent] < exact[agent].high {
                cents[agent] += 1;
                missing -= 1;
            }
        }
        if missing == before {
            break;
        }
        if missing > exact.len() as i128 {
            // Float error this large only comes from absurd inputs; settle in
            // bulk rather than one cent per pass.
            for &agent in &order {
                let room = i128::from(exact[agent].high) - i128::from(cents[agent]);
                let step = room.min(missing);
                cents[agent] += step as i64;
                missing -= step;
            }
        }
    }
    while missing < 0 {
        let before = missing;
        for &agent in order.iter().rev() {
            if missing == 0 {
                break;
            }
            if cents[agent] > exact[agent].low {
                cents[agent] -= 1;
                missing += 1;
            }
        }
        if missing == before {
            break;
        }
        if -missing > exact.len() as i128 {
            for &agent in order.iter().rev() {
                let room = i128::from(cents[agent]) - i128::from(exact[agent].low);
                let step = room.min(-missing);
                cents[agent] -= step as i64;
                missing += step;
            }
        }
    }
    cents
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn proportional_worked_example() {
        // Pool 1000.00 = 100000 cents over 90, 80, 70 (sum 240):
        //   90: 100000 * 90 / 240 = 37500.00
        //   80: 100000 * 80 / 240 = 33333.33..
        //   70: 100000 * 70 / 240 = 29166.66..
        // Floors 37500 + 33333 + 29166 = 99999: one cent missing, to the
        // largest dropped fraction (.66 of the 70) -> 375.00, 333.33, 291.67.
        let split = split_bonus(&proportional_rule(1000.0), &some(&[90.0, 80.0, 70.0])).unwrap();
        assert_eq!(cents(&split), [37500, 33333, 29167]);
        assert_eq!(split.pool, 100000);
        assert_eq!(split.paid, 100000);
        assert_eq!(split.leftover, 0);
        assert_eq!(split.top_group, [false, false, false]);
    }

    #[test]
    fn equal_fractions_go_to_the_earlier_agent() {
        // 100.00 over three equal totals: 3333.33.. each, floors 9999, the
        // one cent left goes to the earliest of three equal fractions.
        let split = split_bonus(&proportional_rule(100.0), &some(&[50.0, 50.0, 50.0])).unwrap();
        assert_eq!(cents(&split), [3334, 3333, 3333]);
    }

    #[test]
    fn equal_fractions_go_to_the_higher_total_first() {
        // 0.02 = 2 cents over 10 and 30: exact 0.5 and 1.5 cents, floors 0
        // and 1, both fractions .5: the cent goes to the higher total (30),
        // even though it comes second in the input.
        let split = split_bonus(&proportional_rule(0.02), &some(&[10.0, 30.0])).unwrap();
        assert_eq!(cents(&split), [0, 2]);
    }

    #[test]
    fn exponent_two() {
        // 130.00 over 90 and 60 squared: 8100 and 3600 (sum 11700):
        // 13000 * 8100 / 11700 = 9000, 13000 * 3600 / 11700 = 4000.
        let rule = BonusRule::Proportional {
            pool: 130.0,
            exponent: 2.0,
            min_score: 0.0,
            floor: None,
            cap: None,
        };
        let split = split_bonus(&rule, &some(&[90.0, 60.0])).unwrap();
        assert_eq!(cents(&split), [9000, 4000]);
        // With exponent 1 it would be 7800 and 5200.
        let split = split_bonus(&proportional_rule(130.0), &some(&[90.0, 60.0])).unwrap();
        assert_eq!(cents(&split), [7800, 5200]);
    }

    #[test]
    fn all_zero_totals_split_equally() {
        // Every weight is 0: 10000 cents in three -> 3334, 3333, 3333.
        let split = split_bonus(&proportional_rule(100.0), &some(&[0.0, 0.0, 0.0])).unwrap();
        assert_eq!(cents(&split), [3334, 3333, 3333]);
        assert_eq!(split.leftover, 0);
        // Negative totals weigh 0 too (min_score lets them in).
        let rule = BonusRule::Proportional {
            pool: 90.0,
            exponent: 1.0,
            min_score: -100.0,
            floor: None,
            cap: None,
        };
        let split = split_bonus(&rule, &some(&[-5.0, 0.0, -1.0])).unwrap();
        assert_eq!(cents(&split), [3000, 3000, 3000]);
    }

    #[test]
    fn not_eligible_below_min_score_or_without_total() {
        // min_score 60: 59.9 and None are out, NaN is no total; 80 and 60
        // share 100.00 as 80:60 -> 5714.28.. and 4285.71..; floors 9999, the
        // cent goes to .71 (the 60) -> 5714, 4286.
        let rule = BonusRule::Proportional {
            pool: 100.0,
            exponent: 1.0,
            min_score: 60.0,
            floor: None,
            cap: None,
        };
        let totals = [Some(80.0), Some(59.9), None, Some(60.0), Some(f64::NAN)];
        let split = split_bonus(&rule, &totals).unwrap();
        assert_eq!(split.amounts, [Some(5714), None, None, Some(4286), None]);
        assert_eq!(split.paid, 10000);
        // A hair under min_score from float noise still counts as reaching it.
        let split = split_bonus(&rule, &[Some(59.999_999_999_9)]).unwrap();
        assert_eq!(split.amounts, [Some(10000)]);
    }

    #[test]
    fn nobody_eligible_leaves_everything() {
        let split = split_bonus(&proportional_rule(500.0), &[None, Some(f64::NAN)]).unwrap();
        assert_eq!(split.amounts, [None, None]);
        assert_eq!((split.paid, split.leftover), (0, 50000));
        let split = split_bonus(&top_rule(500.0, 20.0, 50.0), &[]).unwrap();
        assert!(split.amounts.is_empty());
        assert_eq!((split.paid, split.leftover), (0, 50000));
    }

    #[test]
    fn floor_binds() {
        // 100.00 over 90 and 10 with a floor of 20.00: proportional shares
        // 90.00 and 10.00; 10.00 is under the floor -> fixed at 20.00, the
        // 80.00 left goes to the only other agent.
        let split =
            split_bonus(&with_limits(100.0, Some(20.0), None), &some(&[90.0, 10.0])).unwrap();
        assert_eq!(cents(&split), [8000, 2000]);
    }

    #[test]
    fn floor_binds_and_rest_is_reshared() {
        // 300.00 over 100, 50, 5, 5 (sum 160), floor 30.00:
        //   proportional: 187.50, 93.75, 9.375, 9.375 -> the two 5s at 30.00.
        //   240.00 left over 100 : 50 -> 160.00 and 80.00, both above 30.
        let split = split_bonus(
            &with_limits(300.0, Some(30.0), None),
            &some(&[100.0, 50.0, 5.0, 5.0]),
        )
        .unwrap();
        assert_eq!(cents(&split), [16000, 8000, 3000, 3000]);
    }

    #[test]
    fn cap_binds_with_cascade() {
        // 1000.00 over 60, 35, 5 (sum 100), cap 400.00:
        //   round 1: 600, 350, 50 -> the 60 is capped at 400.
        //   round 2: 600 left over 35 : 5 -> 525, 75 -> the 35 is capped.
        //   round 3: 200 left for the 5 -> 200.
        let split = split_bonus(
            &with_limits(1000.0, None, Some(400.0)),
            &some(&[60.0, 35.0, 5.0]),
        )
        .unwrap();
        assert_eq!(cents(&split), [40000, 40000, 20000]);
        assert_eq!(split.leftover, 0);
    }

    #[test]
    fn cap_binds_and_the_cent_goes_below_the_cap() {
        // 1000.00 over 90, 80, 70, cap 350.00: 375.00 is capped; 650.00 over
        // 80 : 70 -> 34666.66.. and 30333.33.. cents; floors 64999, the cent
        // goes to .66 (the 80), never to the capped agent.
        let split = split_bonus(
            &with_limits(1000.0, None, Some(350.0)),
            &some(&[90.0, 80.0, 70.0]),
        )
        .unwrap();
        assert_eq!(cents(&split), [35000, 34667, 30333]);
    }

    #[test]
    fn everyone_capped_leaves_an_explicit_leftover() {
        // 1000.00 over three agents capped at 300.00: 900.00 paid, 100.00 left.
        let split = split_bonus(
            &with_limits(1000.0, None, Some(300.0)),
            &some(&[90.0, 50.0, 10.0]),
        )
        .unwrap();
        assert_eq!(cents(&split), [30000, 30000, 30000]);
        assert_eq!((split.paid, split.leftover), (90000, 10000));
    }

    #[test]
    fn floor_and_cap_together() {
        // 1000.00 over 100, 50, 1, 1 (sum 152), floor 50.00, cap 500.00:
        //   the 1s are under the floor -> 50.00 each, 900.00 left;
        //   900 over 100 : 50 -> 600, 300 -> the 100 is capped at 500;
        //   400 left for the 50 -> 400.
        let split = split_bonus(
            &with_limits(1000.0, Some(50.0), Some(500.0)),
            &some(&[100.0, 50.0, 1.0, 1.0]),
        )
        .unwrap();
        assert_eq!(cents(&split), [50000, 40000, 5000, 5000]);
        // floor = cap: everyone gets exactly that, the rest is left over.
        let split = split_bonus(
            &with_limits(1000.0, Some(100.0), Some(100.0)),
            &some(&[9.0, 1.0]),
        )
        .unwrap();
        assert_eq!(cents(&split), [10000, 10000]);
        assert_eq!(split.leftover, 80000);
    }

    #[test]
    fn floors_exceeding_the_pool() {
        // 12 agents x 500.00 = 6000.00 > 5000.00.
        let totals = vec![Some(70.0); 12];
        let error = split_bonus(&with_limits(5000.0, Some(500.0), None), &totals).unwrap_err();
        assert_eq!(
            error,
            BonusError::FloorsExceedPool {
                needed: 600000,
                pool: 500000,
                eligible: 12
            }
        );
        assert_eq!(
            error.to_string(),
            "the floors of 12 eligible agents need 6000.00, more than the pool of 5000.00"
        );
        // Exactly enough for the floors is fine: everyone gets the floor.
        let split = split_bonus(&with_limits(6000.0, Some(500.0), None), &totals).unwrap();
        assert!(split.amounts.iter().all(|&amount| amount == Some(50000)));
        // One agent, singular wording.
        let error = split_bonus(&with_limits(1.0, Some(2.5), None), &[Some(1.0)]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the floor of 1 eligible agent needs 2.50, more than the pool of 1.00"
        );
    }

    #[test]
    fn top_20_percent_share_half_the_pool() {
        // The seed rule: 10 agents 95, 90, .., 50; top 20% = 2 agents (95,
        // 90) share 50% of 1000.00; the other 8 share the other 500.00.
        //   top (sum 185): 50000 * 95/185 = 25675.67, * 90/185 = 24324.32
        //   rest (sum 540): 85 -> 7870.37, 80 -> 7407.40, 75 -> 6944.44,
        //     70 -> 6481.48, 65 -> 6018.51, 60 -> 5555.55, 55 -> 5092.59,
        //     50 -> 4629.62
        // Floors add up to 99995: the 5 cents go to the largest fractions
        // .675 (95), .629 (50), .592 (55), .555 (60), .518 (65).
        let totals = some(&[95.0, 90.0, 85.0, 80.0, 75.0, 70.0, 65.0, 60.0, 55.0, 50.0]);
        let split = split_bonus(&top_rule(1000.0, 20.0, 50.0), &totals).unwrap();
        assert_eq!(
            cents(&split),
            [25676, 24324, 7870, 7407, 6944, 6481, 6019, 5556, 5093, 4630]
        );
        assert_eq!(split.paid, 100000);
        assert_eq!(split.leftover, 0);
        let top: Vec<bool> = (0..10).map(|i| i < 2).collect();
        assert_eq!(split.top_group, top);
    }

    #[test]
    fn top_group_takes_in_a_tie_at_the_line() {
        // 20% of 10 is 2 agents, but 3rd ties the 2nd (90): the top group is
        // 3. They share 600.00 as 95 : 90 : 90 (275): 20727.27, 19636.36,
        // 19636.36; the 7 others share 400.00 equally (all 50) = 5714.28 each.
        // Top floors 59999 + rest 39998 = 99997: 3 cents to the largest
        // fractions: the two 90s (.36 each), then the earliest of the seven
        // 50s (.28, equal fractions and totals -> input order). The 95's .27
        // gets nothing.
        let totals = some(&[95.0, 90.0, 90.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0]);
        let split = split_bonus(&top_rule(1000.0, 20.0, 60.0), &totals).unwrap();
        assert_eq!(
            split.top_group,
            [
                true, true, true, false, false, false, false, false, false, false
            ]
        );
        assert_eq!(
            cents(&split),
            [
                20727, 19637, 19637, 5715, 5714, 5714, 5714, 5714, 5714, 5714
            ]
        );
        assert_eq!(split.paid, 100000);
    }

    #[test]
    fn top_share_empty_group_gives_its_part_away() {
        let totals = some(&[80.0, 60.0]);
        // 100% of agents in the top group: nobody else, the whole pool goes
        // to the top group by weight: 80 : 60 of 70.00 -> 40.00, 30.00.
        let split = split_bonus(&top_rule(70.0, 100.0, 50.0), &totals).unwrap();
        assert_eq!(cents(&split), [4000, 3000]);
        assert_eq!(split.top_group, [true, true]);
        // 0% in the top group: the others take it all.
        let split = split_bonus(&top_rule(70.0, 0.0, 50.0), &totals).unwrap();
        assert_eq!(cents(&split), [4000, 3000]);
        assert_eq!(split.top_group, [false, false]);
        // Everyone tied: the top group swallows everybody.
        let split = split_bonus(&top_rule(90.0, 10.0, 20.0), &some(&[5.0, 5.0, 5.0])).unwrap();
        assert_eq!(split.top_group, [true, true, true]);
        assert_eq!(cents(&split), [3000, 3000, 3000]);
    }

    #[test]
    fn top_share_whole_number_percentages_do_not_round_up() {
        // 30% of 10 agents is exactly 3, not 4.
        let totals: Vec<Option<f64>> = (0..10).map(|i| Some(100.0 - f64::from(i))).collect();
        let split = split_bonus(&top_rule(100.0, 30.0, 50.0), &totals).unwrap();
        assert_eq!(split.top_group.iter().filter(|&&top| top).count(), 3);
        // 25% of 10 is 2.5 -> 3.
        let split = split_bonus(&top_rule(100.0, 25.0, 50.0), &totals).unwrap();
        assert_eq!(split.top_group.iter().filter(|&&top| top).count(), 3);
    }

    #[test]
    fn top_share_respects_min_score() {
        // min 60: the 40 and the None are out; 90 and 70 are n = 2, top 50%
        // = the 90, who gets 80% of 100.00; the 70 gets 20%.
        let rule = BonusRule::TopShare {
            pool: 100.0,
            top_percent: 50.0,
            top_share: 80.0,
            exponent: 2.0,
            min_score: 60.0,
            floor: None,
            cap: None,
        };
        let split = split_bonus(&rule, &[Some(70.0), None, Some(40.0), Some(90.0)]).unwrap();
        assert_eq!(split.amounts, [Some(2000), None, None, Some(8000)]);
        assert_eq!(split.top_group, [false, false, false, true]);
    }

    #[test]
    fn invalid_rules_name_the_problem_and_value() {
        let refusal = |rule: BonusRule| match split_bonus(&rule, &some(&[50.0])) {
            Err(BonusError::Invalid { field, problem }) => Some((field, problem)),
            _ => None,
        };
        let cases = [
            (
                proportional_rule(-1.0),
                "pool",
                BonusProblem::Negative { value: -1.0 },
                "bonus rule: pool must be 0 or more, got -1",
            ),
            (
                proportional_rule(1e14),
                "pool",
                BonusProblem::TooLarge {
                    value: 1e14,
                    limit: MAX_CENTS,
                },
                "bonus rule: pool is too large: 100000000000000 is more than 90071992547409.92",
            ),
            (
                with_limits(100.0, Some(50.0), Some(20.0)),
                "floor",
                BonusProblem::FloorAboveCap {
                    floor: 5000,
                    cap: 2000,
                },
                "bonus rule: floor (50.00) is above the cap (20.00)",
            ),
            (
                top_rule(100.0, 120.0, 50.0),
                "top_percent",
                BonusProblem::NotPercent { value: 120.0 },
                "bonus rule: top_percent must be between 0 and 100, got 120",
            ),
        ];
        for (rule, field, problem, words) in cases {
            assert_eq!(refusal(rule.clone()), Some((field, problem)));
            let error = split_bonus(&rule, &some(&[50.0]))
                .err()
                .map(|e| e.to_string());
            assert_eq!(error.as_deref(), Some(words));
        }
    }

    #[test]
    fn invalid_rules_are_refused() {
        let totals = some(&[50.0]);
        let field = |rule: BonusRule| match split_bonus(&rule, &totals) {
            Err(BonusError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        };
        assert_eq!(field(proportional_rule(-1.0)), "pool");
        assert_eq!(field(proportional_rule(f64::NAN)), "pool");
        assert_eq!(field(proportional_rule(f64::INFINITY)), "pool");
        assert_eq!(field(proportional_rule(1e300)), "pool");
        assert_eq!(field(with_limits(100.0, Some(-1.0), None)), "floor");
        assert_eq!(field(with_limits(100.0, None, Some(f64::NAN))), "cap");
        assert_eq!(field(with_limits(100.0, Some(30.0), Some(20.0))), "floor");
        for exponent in [0.0, -1.0, f64::NAN] {
            let rule = BonusRule::Proportional {
                pool: 100.0,
                exponent,
                min_score: 0.0,
                floor: None,
                cap: None,
            };
            assert_eq!(field(rule), "exponent");
        }
        let rule = BonusRule::Proportional {
            pool: 100.0,
            exponent: 1.0,
            min_score: f64::NAN,
            floor: None,
            cap: None,
        };
        assert_eq!(field(rule), "min_score");
        assert_eq!(field(top_rule(100.0, 101.0, 50.0)), "top_percent");
        assert_eq!(field(top_rule(100.0, -0.5, 50.0)), "top_percent");
        assert_eq!(field(top_rule(100.0, 20.0, 100.5)), "top_share");
        assert_eq!(field(top_rule(100.0, 20.0, f64::NAN)), "top_share");
        assert_eq!(field(top_rule(-3.0, 20.0, 50.0)), "pool");

        let error = split_bonus(&top_rule(100.0, 120.0, 50.0), &totals).unwrap_err();
        assert_eq!(
            error.to_string(),
            "bonus rule: top_percent must be between 0 and 100, got 120"
        );
        let error = split_bonus(&with_limits(100.0, Some(30.0), Some(20.0)), &totals).unwrap_err();
        assert_eq!(
            error.to_string(),
            "bonus rule: floor (30.00) is above the cap (20.00)"
        );
    }

    #[test]
    fn largest_allowed_pool_splits_exactly() {
        // 2^53 cents is the ceiling; a pool just under it still adds up.
        let pool = 90_071_992_547_409.0;
        let split = split_bonus(&proportional_rule(pool), &some(&[97.0, 13.0, 55.5])).unwrap();
        assert_eq!(split.pool, 9_007_199_254_740_900);
        assert_eq!(split.paid, split.pool);
        assert_eq!(split.leftover, 0);
        let split = split_bonus(&top_rule(pool, 33.0, 70.0), &some(&[97.0, 13.0, 55.5])).unwrap();
        assert_eq!(split.paid, split.pool);
    }

    #[test]
    fn huge_totals_and_exponents_do_not_overflow() {
        let rule = BonusRule::Proportional {
            pool: 100.0,
            exponent: 50.0,
            min_score: 0.0,
            floor: None,
            cap: None,
        };
        // 1e300^50 would be infinite; scaled by the largest total it is 1
        // and 0.5^50 ~ 9e-16 -> essentially everything to the first.
        let split = split_bonus(&rule, &some(&[1e300, 5e299])).unwrap();
        assert_eq!(cents(&split), [10000, 0]);
    }

    /// A small deterministic generator (64-bit LCG) for the sweep below.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn amounts_always_add_up_to_pool_minus_leftover() {
        let mut rng = Lcg(2026);
        let mut checked = 0;
        let mut floors_exceeded = 0;
        let mut capped_leftover = 0;
        for case in 0..3000 {
            let n = rng.below(30) as usize;
            let totals: Vec<Option<f64>> = (0..n)
                .map(|_| match rng.below(10) {
                    0 => None,
                    1 => Some(f64::NAN),
                    2 => Some(0.0),
                    3 => Some(70.0),
                    _ => Some(rng.below(12_000) as f64 / 100.0 - 10.0),
                })
                .collect();
            let pool = [0.0, 0.01, 0.05, 1.0, 999.99, 12_345.67, 1e9][rng.below(7) as usize];
            let exponent = [0.5, 1.0, 2.0, 3.0][rng.below(4) as usize];
            let min_score = [0.0, 50.0, -20.0][rng.below(3) as usize];
            let floor = (rng.below(3) == 0).then(|| pool * rng.below(10) as f64 / 100.0);
            let cap = (rng.below(3) == 0).then(|| pool * (rng.below(60) as f64 + 1.0) / 100.0);
            let rule = if case % 2 == 0 {
                BonusRule::Proportional {
                    pool,
                    exponent,
                    min_score,
                    floor,
                    cap,
                }
            } else {
                BonusRule::TopShare {
                    pool,
                    top_percent: rng.below(101) as f64,
                    top_share: rng.below(101) as f64,
                    exponent,
                    min_score,
                    floor,
                    cap,
                }
            };
            let split = match split_bonus(&rule, &totals) {
                Ok(split) => split,
                Err(BonusError::FloorsExceedPool { needed, pool, .. }) => {
                    assert!(needed > pool, "case {case}");
                    floors_exceeded += 1;
                    continue;
                }
                Err(BonusError::Invalid { field, problem }) => {
                    // Generated floors above the cap are the only invalid input.
                    assert_eq!(field, "floor", "case {case}: {problem}");
                    continue;
                }
            };
            checked += 1;
            let sum: i64 = split.amounts.iter().flatten().sum();
            assert_eq!(sum, split.paid, "case {case}");
            assert_eq!(split.paid + split.leftover, split.pool, "case {case}");
            assert!(split.leftover >= 0, "case {case}");
            assert_eq!(split.amounts.len(), totals.len());
            let anyone = split.amounts.iter().any(Option::is_some);
            // Floors and caps hold under either rule.
            let (floor, cap) = match rule {
                BonusRule::Proportional { floor, cap, .. }
                | BonusRule::TopShare { floor, cap, .. } => (floor, cap),
            };
            let floor = floor.map_or(0, |floor| (floor * 100.0).round() as i64);
            let cap = cap.map(|cap| (cap * 100.0).round() as i64);
            for amount in split.amounts.iter().flatten() {
                assert!(*amount >= floor, "case {case}: {amount} < floor {floor}");
                assert!(cap.is_none_or(|cap| *amount <= cap), "case {case}");
            }
            match rule {
                BonusRule::Proportional { min_score, .. } => {
                    // A leftover only when nobody is eligible or all are capped.
                    if split.leftover > 0 && anyone {
                        capped_leftover += 1;
                        let cap = cap.expect("a leftover with eligible agents needs a cap");
                        assert!(
                            split
                                .amounts
                                .iter()
                                .flatten()
                                .all(|&a| a == cap || a == floor)
                        );
                    }
                    // Rounding keeps the order: a higher total never gets less.
                    let mut paid: Vec<(f64, i64)> = totals
                        .iter()
                        .zip(&split.amounts)
                        .filter_map(|(total, amount)| Some(((*total)?, (*amount)?)))
                        .collect();
                    paid.sort_by(|a, b| a.0.total_cmp(&b.0));
                    for pair in paid.windows(2) {
                        if pair[0].0 < pair[1].0 {
                            assert!(pair[0].1 <= pair[1].1, "case {case}: {pair:?}");
                        }
                    }
                    for (total, amount) in totals.iter().zip(&split.amounts) {
                        let eligible =
                            total.is_some_and(|total| total.is_finite() && total >= min_score);
                        assert_eq!(eligible, amount.is_some(), "case {case}");
                    }
                }
                BonusRule::TopShare { .. } => {
                    // Without a cap everything is paid; with one, only what
                    // nobody under the cap could take is left.
                    if split.leftover > 0 && anyone {
                        let cap = cap.expect("a leftover with eligible agents needs a cap");
                        assert!(
                            split
                                .amounts
                                .iter()
                                .flatten()
                                .all(|&a| a == cap || a == floor),
                            "case {case}"
                        );
                    }
                    if !anyone {
                        assert_eq!(split.leftover, split.pool);
                    }
                }
            }
        }
        // The sweep must reach the interesting paths, not only the easy one.
        assert!(checked > 2000, "only {checked} cases were split");
        assert!(
            floors_exceeded > 0 && capped_leftover > 0,
            "{floors_exceeded} {capped_leftover}"
        );
    }

    #[test]
    fn top_share_floors_and_caps_apply_after_the_split() {
        // Top 25% of four (the 90) gets 60% of 1000.00; the cap of 400.00
        // frees 200.00, shared by the others in proportion to their 400.00
        // (80 : 70 : 50 -> 160 : 140 : 100 before, 240 : 210 : 150 after).
        // The floor of 150.00 then holds the 50 at 150.00 exactly.
        let rule = BonusRule::TopShare {
            pool: 1000.0,
            top_percent: 25.0,
            top_share: 60.0,
            exponent: 1.0,
            min_score: 0.0,
            floor: Some(150.0),
            cap: Some(400.0),
        };
        let split = split_bonus(&rule, &some(&[80.0, 90.0, 70.0, 50.0])).unwrap();
        assert_eq!(cents(&split), [24_000, 40_000, 21_000, 15_000]);
        assert_eq!(split.paid, 100_000);
        assert_eq!(split.top_group, [false, true, false, false]);
        // Floors the pool cannot pay are refused, as for the proportional rule.
        let rule = BonusRule::TopShare {
            pool: 1000.0,
            top_percent: 25.0,
            top_share: 60.0,
            exponent: 1.0,
            min_score: 0.0,
            floor: Some(300.0),
            cap: None,
        };
        assert!(matches!(
            split_bonus(&rule, &some(&[80.0, 90.0, 70.0, 50.0])),
            Err(BonusError::FloorsExceedPool {
                needed: 120_000,
                ..
            })
        ));
    }
}
