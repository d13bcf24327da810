//! How fragile a ranking is: for the top and bottom agents of each period,
//! the smallest change to a single weight that changes their rank.
//!
//! One weight moves; its siblings (the other dimensions, or the other
//! indicators of its dimension) take up the difference in proportion, so
//! each level still adds up to 100. A weight with no sibling, or whose
//! siblings are all 0 and cannot grow in proportion, gets the rest spread
//! evenly over them.
//!
//! Method: each agent's total is a weighted mean, so as one weight moves it
//! changes monotonically (linear, or a ratio of linear terms where missing
//! values re-spread weight), and two agents swap places at most once. The
//! weight is scanned outward from its value in steps of [`STEP`] points in
//! both directions, scoring the team at each step; where a tracked agent's
//! rank first differs, that interval is bisected to [`PRECISION`]. Each
//! probe is one [`score_team`], so the whole run is about
//! `weights x 2 x 100 / STEP` scorings plus the bisections.

use serde::Serialize;

use super::figures::Figures;
use super::scheme::Scheme;
use super::score::{TeamResult, score_team};
use super::validate::SchemeError;

/// The scan step, in weight points.
pub const STEP: f64 = 2.5;

/// How close the reported change is to the smallest one, in weight points.
pub const PRECISION: f64 = 0.01;

/// Which agents to look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SensitivityOptions {
    /// How many from the top and how many from the bottom of each period.
    pub agents: usize,
}

impl Default for SensitivityOptions {
    fn default() -> Self {
        SensitivityOptions { agents: 3 }
    }
}

/// One weight of the scheme, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum WeightRef {
    /// A dimension's weight in the total.
    Dimension { dimension: usize },
    /// An indicator's weight in its dimension.
    Indicator { dimension: usize, indicator: usize },
}

/// A single weight change and the rank it leads to.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct WeightChange {
    pub weight: WeightRef,
    /// The weight now.
    pub from: f64,
    /// The weight that changes the rank (siblings rescaled).
    pub to: f64,
    /// The rank at `to`.
    pub rank: u32,
}

impl WeightChange {
    /// The size of the change, in weight points.
    pub fn size(&self) -> f64 {
        (self.to - self.from).abs()
    }
}

/// Where in the ranking an agent was picked from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    Top,
    Bottom,
}

/// One tracked agent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgentSensitivity {
    /// The scorecard's index in the team result (figures order).
    pub card: usize,
    pub agent: String,
    pub period: Option<String>,
    pub rank: u32,
    pub total: f64,
    pub end: End,
    /// The smallest single weight change that moves this agent; `None` when
    /// no single weight, moved anywhere from 0 to 100, does.
    pub change: Option<WeightChange>,
}

/// The result for every tracked agent, top agents first in each period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    pub agents: Vec<AgentSensitivity>,
    /// How many times the team was scored.
    pub probes: usize,
}

/// The scheme with one weight set to `to` and its siblings rescaled so the
/// level adds up to 100 again.
pub fn with_weight(scheme: &Scheme, weight: WeightRef, to: f64) -> Scheme {
    let mut scheme = scheme.clone();
    let (index, mut level): (usize, Vec<&mut f64>) = match weight {
        WeightRef::Dimension { dimension } => (
            dimension,
            scheme
                .dimensions
                .iter_mut()
                .map(|d| &mut d.weight)
                .collect(),
        ),
        WeightRef::Indicator {
            dimension,
            indicator,
        } => (
            indicator,
            scheme.dimensions[dimension]
                .indicators
                .iter_mut()
                .map(|i| &mut i.weight)
                .collect(),
        ),
    };
    let siblings: f64 = level
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, w)| **w)
        .sum();
    let others = level.len() - 1;
    for (i, w) in level.iter_mut().enumerate() {
        if i == index {
            **w = to;
        } else if siblings > 0.0 {
            **w *= (100.0 - to) / siblings;
        } else {
            **w = (100.0 - to) / others as f64;
        }
    }
    scheme
}

/// Every weight that can move on its own (it has a sibling), with its value.
fn movable(scheme: &Scheme) -> Vec<(WeightRef, f64)> {
    let mut weights = Vec::new();
    if scheme.dimensions.len() > 1 {
        for (d, dimension) in scheme.dimensions.iter().enumerate() {
            weights.push((WeightRef::Dimension { dimension: d }, dimension.weight));
        }
    }
    for (d, dimension) in scheme.dimensions.iter().enumerate() {
        if dimension.indicators.len() > 1 {
            for (i, indicator) in dimension.indicators.iter().enumerate() {
                weights.push((
                    WeightRef::Indicator {
                        dimension: d,
                        indicator: i,
                    },
                    indicator.weight,
                ));
            }
        }
    }
    weights
}

/// The top and bottom `n` ranked cards of each period, as (card, end).
fn tracked(result: &TeamResult, n: usize) -> Vec<(usize, End)> {
    let mut periods: Vec<Option<&str>> = Vec::new();
    for card in &result.cards {
        if !periods.contains(&card.period.as_deref()) {
            periods.push(card.period.as_deref());
        }
    }
    let mut tracked = Vec::new();
    for period in periods {
        let mut ranked: Vec<(usize, u32)> = result
            .cards
            .iter()
            .enumerate()
            .filter(|(_, card)| card.period.as_deref() == period)
            .filter_map(|(i, card)| Some((i, card.rank?)))
            .collect();
        crate::order::sort_by(&mut ranked, |&(i, a), &(j, b)| (a, i).cmp(&(b, j)));
        let top = n.min(ranked.len());
        let bottom = n.min(ranked.len() - top);
        tracked.extend(ranked[..top].iter().map(|&(i, _)| (i, End::Top)));
        tracked.extend(
            ranked[ranked.len() - bottom..]
                .iter()
                .map(|&(i, _)| (i, End::Bottom)),
        );
    }
    tracked
}

/// Finds, for the tracked agents, the smallest single weight change that
/// changes their rank. `scheme` is scored as it is (apply a profile first
/// with [`Scheme::with_profile`]).
pub fn sensitivity(
    scheme: &Scheme,
    figures: &Figures,
    options: &SensitivityOptions,
) -> Result<Sensitivity, Vec<SchemeError>> {
    let base = score_team(scheme, figures)?;
    let mut probes = 1;
    let tracked = tracked(&base, options.agents);
    let base_rank = |card: usize| base.cards[card].rank;
    // The smallest change found so far per tracked agent.
    let mut best: Vec<Option<WeightChange>> = vec![None; tracked.len()];
    let mut score = |scheme: &Scheme| {
        probes += 1;
        score_team(scheme, figures)
    };

    for (weight, from) in movable(scheme) {
        for direction in [1.0, -1.0] {
            let mut open: Vec<usize> = (0..tracked.len()).collect();
            let mut near = from;
            for step in 1.. {
                let far = (from + direction * STEP * f64::from(step)).clamp(0.0, 100.0);
                // Agents whose best change is already smaller than this
                // interval's near end cannot gain from scanning further.
                open.retain(|&t| best[t].is_none_or(|change| change.size() > (near - from).abs()));
                if open.is_empty() || (far - near).abs() < f64::EPSILON {
                    break;
                }
                let result = score(&with_weight(scheme, weight, far))?;
                let mut moved = Vec::new();
                open.retain(|&t| {
                    let card = tracked[t].0;
                    let same = result.cards[card].rank == base_rank(card);
                    if !same {
                        moved.push(t);
                    }
                    same
                });
                for t in moved {
                    // The rank changed between near and far: bisect.
                    let card = tracked[t].0;
                    let (mut low, mut high) = (near, far);
                    let mut rank = result.cards[card].rank;
                    while (high - low).abs() > PRECISION {
                        let middle = (low + high) / 2.0;
                        let probe = score(&with_weight(scheme, weight, middle))?;
                        if probe.cards[card].rank == base_rank(card) {
                            low = middle;
                        } else {
                            high = middle;
                            rank = probe.cards[card].rank;
                        }
                    }
                    let change = WeightChange {
                        weight,
                        from,
                        to: high,
                        rank: rank.unwrap_or_default(),
                    };
                    if best[t].is_none_or(|old| old.size() > change.size()) {
                        best[t] = Some(change);
                    }
                }
                near = far;
            }
        }
    }

    let agents = tracked
        .iter()
        .zip(best)
        .map(|(&(card, end), best)| {
            let scorecard = &base.cards[card];
            AgentSensitivity {
                card,
                agent: scorecard.agent.clone(),
                period: scorecard.period.clone(),
                rank: scorecard.rank.unwrap_or_default(),
                total: scorecard.total.unwrap_or_default(),
                end,
                change: best,
            }
        })
        .collect();
    Ok(Sensitivity { agents, probes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::preset;
    use crate::table::Table;

    fn team(scheme: &Scheme, csv: &str) -> Figures {
        Figures::from_table(scheme, &Table::from_test_csv(csv)).0
    }

    /// Two dimensions of one indicator each, both linear 0..100.
    fn two_dimensions(x: f64) -> Scheme {
        let text = format!(
            r#"{{
  "version": 1, "id": "t", "name": {{ "en": "T" }},
  "inputs": [ {{ "id": "a", "name": {{ "en": "A" }} }}, {{ "id": "b", "name": {{ "en": "B" }} }} ],
  "dimensions": [
    {{ "id": "x", "name": {{ "en": "X" }}, "weight": {x}, "indicators": [
      {{ "id": "ia", "name": {{ "en": "A" }}, "direction": "higher", "value": {{ "column": "a" }},
         "curve": {{ "kind": "linear", "worst": 0, "best": 100 }}, "weight": 100 }} ] }},
    {{ "id": "y", "name": {{ "en": "Y" }}, "weight": {y}, "indicators": [
      {{ "id": "ib", "name": {{ "en": "B" }}, "direction": "higher", "value": {{ "column": "b" }},
         "curve": {{ "kind": "linear", "worst": 0, "best": 100 }}, "weight": 100 }} ] }}
  ]
}}"#,
            y = 100.0 - x
        );
        Scheme::from_json(&text).unwrap()
    }

    #[test]
    fn two_agents_swap_where_the_weights_make_their_totals_equal() {
        // Ann leads on X (90 vs 60), Bo on Y (80 vs 40). At weight x for X:
        // Ann = 0.9x + 0.4(100-x), Bo = 0.6x + 0.8(100-x); equal at
        // 0.5x + 40 = 80 - 0.2x, x = 400/7 = 57.142857.
        let scheme = two_dimensions(70.0);
        let figures = team(&scheme, "agent,a,b\nAnn,90,40\nBo,60,80\n");
        let result = sensitivity(&scheme, &figures, &SensitivityOptions { agents: 1 }).unwrap();
        assert_eq!(result.agents.len(), 2);
        let ann = &result.agents[0];
        assert_eq!(
            (ann.agent.as_str(), ann.rank, ann.end),
            ("Ann", 1, End::Top)
        );
        let change = ann.change.unwrap();
        assert_eq!(change.rank, 2);
        // Either dimension's weight reaches the crossing (each move is the
        // other one's mirror); the size is the same.
        let crossing = 400.0 / 7.0;
        assert!(
            (change.size() - (70.0 - crossing)).abs() <= 2.0 * PRECISION,
            "{change:?}"
        );
        let bo = &result.agents[1];
        assert_eq!((bo.agent.as_str(), bo.end), ("Bo", End::Bottom));
        assert!((bo.change.unwrap().size() - (70.0 - crossing)).abs() <= 2.0 * PRECISION);
    }

    #[test]
    fn a_ranking_no_single_weight_can_change_says_so() {
        // Ann is ahead on both: no weighting puts Bo first.
        let scheme = two_dimensions(50.0);
        let figures = team(&scheme, "agent,a,b\nAnn,90,90\nBo,60,80\n");
        let result = sensitivity(&scheme, &figures, &SensitivityOptions { agents: 1 }).unwrap();
        assert!(result.agents.iter().all(|agent| agent.change.is_none()));
    }

    #[test]
    fn each_change_on_a_preset_changes_the_rank_and_a_smaller_one_does_not() {
        let preset = preset("cs-department").unwrap();
        let scheme = preset.scheme();
        let figures = team(&scheme, preset.sample);
        let base = score_team(&scheme, &figures).unwrap();
        let result = sensitivity(&scheme, &figures, &SensitivityOptions::default()).unwrap();
        assert!(result.agents.len() >= 6, "{}", result.agents.len());
        let mut found = 0;
        for agent in &result.agents {
            assert_eq!(base.cards[agent.card].rank, Some(agent.rank));
            let Some(change) = agent.change else { continue };
            found += 1;
            let moved =
                score_team(&with_weight(&scheme, change.weight, change.to), &figures).unwrap();
            assert_eq!(moved.cards[agent.card].rank, Some(change.rank), "{agent:?}");
            assert_ne!(change.rank, agent.rank);
            // A change 0.05 points smaller keeps the rank, for that weight.
            let direction = (change.to - change.from).signum();
            let short = change.to - direction * 0.05;
            let kept = score_team(&with_weight(&scheme, change.weight, short), &figures).unwrap();
            assert_eq!(kept.cards[agent.card].rank, Some(agent.rank), "{agent:?}");
        }
        assert!(found > 0, "some agent of the sample can be moved");
    }

    #[test]
    fn a_rescaled_level_still_adds_up_to_100() {
        let scheme = preset("cs-department").unwrap().scheme();
        for (weight, _) in movable(&scheme) {
            for to in [0.0, 12.5, 100.0] {
                let changed = with_weight(&scheme, weight, to);
                assert!(
                    crate::validate::validate(&changed).is_empty(),
                    "{weight:?} {to}"
                );
            }
        }
    }
}
