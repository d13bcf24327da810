//! Who takes part in a split and with what weight: the eligible agents and
//! their weights max(total, 0)^exponent.

use crate::rank;

/// An eligible agent: input position, total and its comparison key.
#[derive(Clone, Copy)]
pub(super) struct Eligible {
    pub(super) index: usize,
    pub(super) total: f64,
    pub(super) key: f64,
}

pub(super) fn eligible(totals: &[Option<f64>], min_score: f64) -> Vec<Eligible> {
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
pub(super) fn weights(agents: &[Eligible], exponent: f64) -> Vec<f64> {
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
