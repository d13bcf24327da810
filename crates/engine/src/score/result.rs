//! What scoring gives: the team's result, each agent's scorecard with its
//! indicator and dimension scores, the period summaries, and how coverage
//! reads as a percentage.

use serde::Serialize;

use crate::issue::Issue;
use crate::stats::Stats;

/// Everything computed for a team.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamResult {
    /// One per figures row, in the figures' order.
    pub cards: Vec<Scorecard>,
    /// One per period, in natural period order (one with `period: None`
    /// when the figures have no periods).
    pub periods: Vec<PeriodSummary>,
    /// Problems not tied to one agent.
    pub issues: Vec<Issue>,
}

/// One agent's scorecard for one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scorecard {
    pub agent: String,
    pub group: Option<String>,
    pub period: Option<String>,
    /// The figures row it came from (1-based, header = 1).
    pub line: usize,
    /// One per indicator, in scheme order (dimension by dimension).
    pub indicators: Vec<IndicatorScore>,
    /// One per dimension, in scheme order.
    pub dimensions: Vec<DimensionScore>,
    /// Weighted mean of the dimension scores; `None` when a missing
    /// indicator with the "incomplete" policy withholds it, the figures
    /// cover less of the weight than the scheme's minimum, or nothing could
    /// be scored (the card is then [`incomplete`](Scorecard::incomplete);
    /// `no_total` says which).
    pub total: Option<f64>,
    pub rank: Option<u32>,
    pub grade: Option<String>,
    /// The grade before a gate capped it.
    pub uncapped_grade: Option<String>,
    /// Bonus in cents.
    pub bonus: Option<i64>,
    /// Share (0..1) of the nominal weight backed by measured data.
    pub coverage: f64,
    /// Why there is no total; `None` when there is one.
    pub no_total: Option<NoTotal>,
    /// The index of the indicator whose gate zeroed the total.
    pub total_gate: Option<usize>,
    /// The index of the indicator that lost the most weighted points.
    pub weakest: Option<usize>,
    pub issues: Vec<Issue>,
}

impl Scorecard {
    /// The coverage in percent as people see it (see [`shown_percent`]).
    pub fn coverage_percent(&self) -> f64 {
        shown_percent(self.coverage)
    }

    /// Whether the card has no total: a missing indicator with the
    /// "incomplete" policy withheld it, the figures cover less of the
    /// weight than the scheme's minimum, or nothing could be scored (every
    /// value missing and left out). The one meaning of "incomplete" in the
    /// explanation, both exports and the team table's filter;
    /// [`no_total`](Scorecard::no_total) says why.
    pub fn incomplete(&self) -> bool {
        self.total.is_none()
    }

    /// A copy with its indicators as read and scored, and nothing that
    /// weights decide (dimensions, total, rank, grade, bonus, coverage):
    /// to be rolled up again after a weight edit.
    pub(super) fn unweighted(&self) -> Scorecard {
        let mut card = Scorecard::blank(
            self.agent.clone(),
            self.group.clone(),
            self.period.clone(),
            self.line,
            self.indicators
                .iter()
                .map(|indicator| indicator.unweighted())
                .collect(),
            self.dimensions.len(),
        );
        card.issues = self.issues.clone();
        card
    }

    /// A card with these indicators (or room for them) and nothing rolled
    /// up yet, with room for `dimensions`: what scoring fills in.
    pub(super) fn blank(
        agent: String,
        group: Option<String>,
        period: Option<String>,
        line: usize,
        indicators: Vec<IndicatorScore>,
        dimensions: usize,
    ) -> Scorecard {
        Scorecard {
            agent,
            group,
            period,
            line,
            indicators,
            dimensions: Vec::with_capacity(dimensions),
            total: None,
            rank: None,
            grade: None,
            uncapped_grade: None,
            bonus: None,
            coverage: 0.0,
            no_total: None,
            total_gate: None,
            weakest: None,
            issues: Vec::new(),
        }
    }

    /// Whether a missing indicator with the "incomplete" policy withholds
    /// the total.
    pub(super) fn withheld(&self) -> bool {
        self.indicators
            .iter()
            .any(|indicator| indicator.treatment == Treatment::Incomplete)
    }
}

/// Why a scorecard has no total. When several reasons hold, the first in
/// this order is given.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NoTotal {
    /// An indicator with the "incomplete" policy has no value.
    Missing,
    /// The figures cover less of the weight than the scheme's
    /// `min_coverage` (a percentage), the minimum asked for.
    Coverage { min: f64 },
    /// Nothing with weight could be scored.
    NothingScored,
}

/// Whether a coverage (0..1) reaches a minimum in percent. Compared at 6
/// decimals, so float noise in the weights never costs an agent a total.
pub fn covers(coverage: f64, min_percent: f64) -> bool {
    percent_at_6(coverage) >= min_percent
}

fn percent_at_6(coverage: f64) -> f64 {
    (coverage * 100.0 * 1e6).round() / 1e6
}

/// A coverage (0..1) in percent as people see it: to the hundredth, rounded
/// down once float noise is gone, so a coverage shown as 80% always reaches
/// a minimum of 80, and 100% means every weight had data.
pub fn shown_percent(coverage: f64) -> f64 {
    (percent_at_6(coverage) * 100.0 + 1e-6).floor() / 100.0
}

/// How an indicator's value was obtained for an agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// From the figures.
    Measured,
    /// From the figures, shrunk toward the team mean.
    Shrunk,
    /// Missing; the team median was used.
    Imputed,
    /// Missing; scored 0.
    ZeroForMissing,
    /// Missing; left out and its weight re-spread.
    Excluded,
    /// Missing; the agent is incomplete.
    Incomplete,
}

/// One indicator on a scorecard.
///
/// A team holds one per agent per indicator (400,000 for 10,000 agents x
/// 40), so it is kept small: absent numbers are bits in `flags` rather than
/// `Option`s, and points and lost are worked out when asked for, from the
/// score and the weight as scoring would.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndicatorScore {
    value: f64,
    raw: f64,
    score: f64,
    weight: f64,
    self_gap: f64,
    count: f64,
    treatment: Treatment,
    flags: u8,
}

// Which numbers an `IndicatorScore` has, and what happened to its points.
const VALUE: u8 = 1;
const RAW: u8 = 1 << 1;
const SCORE: u8 = 1 << 2;
const SELF_GAP: u8 = 1 << 3;
const COUNT: u8 = 1 << 4;
const LINKED_ZERO: u8 = 1 << 5;
const GATED: u8 = 1 << 6;

fn pack(flag: u8, number: Option<f64>) -> (u8, f64) {
    match number {
        Some(number) => (flag, number),
        None => (0, 0.0),
    }
}

impl IndicatorScore {
    /// An indicator as read and scored, before links, gates and weights.
    pub(super) fn new(
        value: Option<f64>,
        raw: Option<f64>,
        treatment: Treatment,
        score: Option<f64>,
        self_gap: Option<f64>,
        count: Option<f64>,
    ) -> IndicatorScore {
        let (v, value) = pack(VALUE, value);
        let (r, raw) = pack(RAW, raw);
        let (s, score) = pack(SCORE, score);
        let (g, self_gap) = pack(SELF_GAP, self_gap);
        let (c, count) = pack(COUNT, count);
        IndicatorScore {
            value,
            raw,
            score,
            weight: 0.0,
            self_gap,
            count,
            treatment,
            flags: v | r | s | g | c,
        }
    }

    fn get(&self, flag: u8, number: f64) -> Option<f64> {
        (self.flags & flag != 0).then_some(number)
    }

    /// The value that was scored (after shrinkage or imputation).
    pub fn value(&self) -> Option<f64> {
        self.get(VALUE, self.value)
    }

    /// The value as measured, before shrinkage.
    pub fn raw(&self) -> Option<f64> {
        self.get(RAW, self.raw)
    }

    /// How the value was obtained.
    pub fn treatment(&self) -> Treatment {
        self.treatment
    }

    /// The curve's score, before any dimension gate.
    pub fn score(&self) -> Option<f64> {
        self.get(SCORE, self.score)
    }

    /// The weight actually applied, as a percentage of the total.
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// Points contributed to the total (score x weight / 100; none in a
    /// gated dimension).
    pub fn points(&self) -> f64 {
        match self.score() {
            Some(_) if self.flags & GATED != 0 => 0.0,
            Some(score) => score * self.weight / 100.0,
            None => 0.0,
        }
    }

    /// Weighted points lost against a full score of 100 (all of the weight
    /// in a gated dimension).
    pub fn lost(&self) -> f64 {
        match self.score() {
            Some(_) if self.flags & GATED != 0 => self.weight,
            // A comparison, not `f64::max`, which is a slow library call
            // on a hot path; a score above 100 loses nothing.
            Some(score) => {
                let shortfall = if score < 100.0 { 100.0 - score } else { 0.0 };
                shortfall * self.weight / 100.0
            }
            None => 0.0,
        }
    }

    /// Zeroed because its linked guard was worse than its threshold.
    pub fn linked_zero(&self) -> bool {
        self.flags & LINKED_ZERO != 0
    }

    /// For a 360 value: self rating minus the weighted mean of the others.
    pub fn self_gap(&self) -> Option<f64> {
        self.get(SELF_GAP, self.self_gap)
    }

    /// The sample size behind the value, for minimum-sample indicators.
    pub fn count(&self) -> Option<f64> {
        self.get(COUNT, self.count)
    }

    /// Zeroes the score: its linked guard was worse than its threshold.
    pub(super) fn zero_by_link(&mut self) {
        self.score = 0.0;
        self.flags |= SCORE | LINKED_ZERO;
    }

    /// Applies the weight, in a gated dimension or not.
    pub(super) fn apply_weight(&mut self, weight: f64, gated: bool) {
        self.weight = weight;
        self.flags = if gated {
            self.flags | GATED
        } else {
            self.flags & !GATED
        };
    }

    /// Back to how it was read and scored, before weights: for a card
    /// rolled up again after a weight edit.
    pub(super) fn unweighted(mut self) -> IndicatorScore {
        self.weight = 0.0;
        self.flags &= !GATED;
        self
    }
}

impl Serialize for IndicatorScore {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("IndicatorScore", 10)?;
        out.serialize_field("value", &self.value())?;
        out.serialize_field("raw", &self.raw())?;
        out.serialize_field("treatment", &self.treatment)?;
        out.serialize_field("score", &self.score())?;
        out.serialize_field("weight", &self.weight)?;
        out.serialize_field("points", &self.points())?;
        out.serialize_field("lost", &self.lost())?;
        out.serialize_field("linked_zero", &self.linked_zero())?;
        out.serialize_field("self_gap", &self.self_gap())?;
        out.serialize_field("count", &self.count())?;
        out.end()
    }
}

/// One dimension on a scorecard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionScore {
    pub score: Option<f64>,
    /// The weight actually applied, as a percentage of the total.
    pub weight: f64,
    /// The index of the indicator whose gate zeroed this dimension.
    pub gated_by: Option<usize>,
}

/// Team figures for one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodSummary {
    pub period: Option<String>,
    pub agents: usize,
    /// Per indicator: statistics of the values, and of the scores.
    pub values: Vec<Stats>,
    pub scores: Vec<Stats>,
    pub dimensions: Vec<Stats>,
    pub total: Stats,
    /// (grade, agents), best grade first.
    pub grades: Vec<(String, usize)>,
    /// For a forced distribution: the intended counts per grade.
    pub intended: Option<Vec<usize>>,
    /// Bonus pool, paid and leftover, in cents.
    pub bonus: Option<BonusSummary>,
}

/// How a period's bonus pool was used, in cents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BonusSummary {
    pub pool: i64,
    pub paid: i64,
    pub leftover: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(score: Option<f64>) -> IndicatorScore {
        IndicatorScore::new(
            Some(0.9),
            Some(0.8),
            Treatment::Shrunk,
            score,
            None,
            Some(12.0),
        )
    }

    #[test]
    fn numbers_read_back_as_given() {
        let result = scored(Some(75.0));
        assert_eq!(result.value(), Some(0.9));
        assert_eq!(result.raw(), Some(0.8));
        assert_eq!(result.treatment(), Treatment::Shrunk);
        assert_eq!(result.score(), Some(75.0));
        assert_eq!(result.self_gap(), None);
        assert_eq!(result.count(), Some(12.0));
        assert!(!result.linked_zero());
        // Zero is a number, not an absence.
        let zero = IndicatorScore::new(Some(0.0), None, Treatment::Measured, Some(0.0), None, None);
        assert_eq!(
            (zero.value(), zero.raw(), zero.score()),
            (Some(0.0), None, Some(0.0))
        );
    }

    #[test]
    fn points_and_lost_follow_the_weight_and_the_gate() {
        let mut result = scored(Some(75.0));
        assert_eq!((result.points(), result.lost()), (0.0, 0.0));
        result.apply_weight(20.0, false);
        assert_eq!(
            (result.weight(), result.points(), result.lost()),
            (20.0, 15.0, 5.0)
        );
        // Above 100 loses nothing.
        let mut high = scored(Some(110.0));
        high.apply_weight(20.0, false);
        assert_eq!((high.points(), high.lost()), (22.0, 0.0));
        // A gated dimension earns nothing and loses the whole weight.
        let mut gated = scored(Some(75.0));
        gated.apply_weight(20.0, true);
        assert_eq!((gated.points(), gated.lost()), (0.0, 20.0));
        // No score, no points, nothing lost.
        let mut missing = scored(None);
        missing.apply_weight(20.0, false);
        assert_eq!((missing.points(), missing.lost()), (0.0, 0.0));
    }

    #[test]
    fn a_link_zeroes_the_score() {
        let mut result = scored(Some(75.0));
        result.zero_by_link();
        result.apply_weight(10.0, false);
        assert_eq!(result.score(), Some(0.0));
        assert!(result.linked_zero());
        assert_eq!((result.points(), result.lost()), (0.0, 10.0));
    }

    #[test]
    fn serialises_every_field_by_name() {
        let mut result = scored(Some(75.0));
        result.apply_weight(20.0, false);
        let json = serde_json::to_value(result).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "value": 0.9, "raw": 0.8, "treatment": "shrunk", "score": 75.0,
                "weight": 20.0, "points": 15.0, "lost": 5.0, "linked_zero": false,
                "self_gap": null, "count": 12.0,
            })
        );
    }
}
