//! Weight profiles side by side: the same figures scored under two profiles,
//! and who moves.

use serde::Serialize;

use super::figures::Figures;
use super::scheme::{Scheme, WeightProfile};
use super::score::{TeamResult, score_team};
use super::validate::SchemeError;

/// One agent (in one period) under two profiles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    pub agent: String,
    pub period: Option<String>,
    pub total_a: Option<f64>,
    pub total_b: Option<f64>,
    pub rank_a: Option<u32>,
    pub rank_b: Option<u32>,
    /// Places gained going from A to B (positive = moved up).
    pub places: Option<i64>,
    pub grade_a: Option<String>,
    pub grade_b: Option<String>,
}

/// Both results and the moves, in figures order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub a: TeamResult,
    pub b: TeamResult,
    pub moves: Vec<Move>,
}

/// Scores the figures under profile `a` and profile `b` (`None` is the
/// scheme's own weights) and lists each agent's rank and grade change.
pub fn compare_profiles(
    scheme: &Scheme,
    figures: &Figures,
    a: Option<&WeightProfile>,
    b: Option<&WeightProfile>,
) -> Result<Comparison, Vec<SchemeError>> {
    let weighted = |profile: Option<&WeightProfile>| {
        profile.map_or_else(|| scheme.clone(), |p| scheme.with_profile(p))
    };
    let a = score_team(&weighted(a), figures)?;
    let b = score_team(&weighted(b), figures)?;
    let moves = a
        .cards
        .iter()
        .zip(&b.cards)
        .map(|(x, y)| Move {
            agent: x.agent.clone(),
            period: x.period.clone(),
            total_a: x.total,
            total_b: y.total,
            rank_a: x.rank,
            rank_b: y.rank,
            places: match (x.rank, y.rank) {
                (Some(ra), Some(rb)) => Some(i64::from(ra) - i64::from(rb)),
                _ => None,
            },
            grade_a: x.grade.clone(),
            grade_b: y.grade.clone(),
        })
        .collect();
    Ok(Comparison { a, b, moves })
}
