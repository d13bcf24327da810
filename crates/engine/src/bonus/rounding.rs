//! Rounding exact amounts to whole cents by the largest remainder
//! (Hamilton) method, so the cents add up to what is paid, never a cent
//! more or less.

use super::BonusSplit;
use super::eligible::Eligible;

/// An agent's exact amount and the bounds rounding must respect, in cents.
pub(super) struct Exact {
    agent: Eligible,
    amount: f64,
    low: i64,
    high: i64,
}

/// Each agent's exact amount with the bounds rounding must respect: at
/// least the floor, at most the cap (if any).
pub(super) fn exact(
    agents: Vec<Eligible>,
    amounts: Vec<f64>,
    floor: i64,
    cap: Option<i64>,
) -> Vec<Exact> {
    let high = cap.unwrap_or(i64::MAX);
    agents
        .into_iter()
        .zip(amounts)
        .map(|(agent, amount)| Exact {
            agent,
            amount,
            low: floor,
            high,
        })
        .collect()
}

/// Rounds exact amounts to cents adding up to `to_pay` (largest remainder)
/// and builds the split.
pub(super) fn finish(
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
    crate::order::sort_by(&mut order, |&a, &b| {
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
