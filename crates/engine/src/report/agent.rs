//! One agent's card read for coaching: why it has no total, what its
//! figures did not cover, where it lost the most, and its trend over
//! periods.

use std::cmp::Ordering;

use crate::score::{Scorecard, TeamResult, Treatment};

/// Why a card has no total: the indicators whose missing value withheld it
/// (indices in scheme order). Empty when the card has a total, and when
/// something else withheld it (see [`Scorecard::no_total`]).
pub fn incomplete_because(card: &Scorecard) -> Vec<usize> {
    if card.total.is_some() {
        return Vec::new();
    }
    card.indicators
        .iter()
        .enumerate()
        .filter(|(_, indicator)| indicator.treatment() == Treatment::Incomplete)
        .map(|(i, _)| i)
        .collect()
}

/// The indicators whose weight no data of the agent's backs (missing, and
/// left out, imputed or scored 0), in scheme order: what the coverage lacks.
pub fn uncovered(card: &Scorecard) -> Vec<usize> {
    card.indicators
        .iter()
        .enumerate()
        .filter(|(_, indicator)| {
            !matches!(
                indicator.treatment(),
                Treatment::Measured | Treatment::Shrunk
            )
        })
        .map(|(i, _)| i)
        .collect()
}

/// The coaching focus: up to `n` indicators that lost the most weighted
/// points, most first (only those that lost any).
pub fn coaching_focus(card: &Scorecard, n: usize) -> Vec<usize> {
    let mut lost: Vec<usize> = (0..card.indicators.len())
        .filter(|&i| card.indicators[i].lost() > 1e-9)
        .collect();
    crate::order::sort_by(&mut lost, |&a, &b| {
        card.indicators[b]
            .lost()
            .partial_cmp(&card.indicators[a].lost())
            .unwrap_or(Ordering::Equal)
            .then(a.cmp(&b))
    });
    lost.truncate(n);
    lost
}

/// One point of an agent's trend: a period, with its total and rank there.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    pub period: String,
    pub card: usize,
    pub total: Option<f64>,
    pub rank: Option<u32>,
    /// The team's mean total in that period.
    pub team_mean: Option<f64>,
}

/// The agent's cards across periods, in period order. Empty without
/// periods. An agent with two rows in one period (a duplicate, reported
/// on import) shows the first.
pub fn trend(result: &TeamResult, agent: &str) -> Vec<TrendPoint> {
    result
        .periods
        .iter()
        .filter_map(|summary| {
            let period = summary.period.as_ref()?;
            let card = result
                .cards
                .iter()
                .position(|card| card.agent == agent && card.period.as_ref() == Some(period))?;
            Some(TrendPoint {
                period: period.clone(),
                card,
                total: result.cards[card].total,
                rank: result.cards[card].rank,
                team_mean: summary.total.mean,
            })
        })
        .collect()
}

/// The summary of a card's period.
pub fn period_of<'a>(
    result: &'a TeamResult,
    card: &Scorecard,
) -> Option<&'a crate::score::PeriodSummary> {
    result
        .periods
        .iter()
        .find(|summary| summary.period == card.period)
}
