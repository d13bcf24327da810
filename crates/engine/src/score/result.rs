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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorScore {
    /// The value that was scored (after shrinkage or imputation).
    pub value: Option<f64>,
    /// The value as measured, before shrinkage.
    pub raw: Option<f64>,
    pub treatment: Treatment,
    /// The curve's score, before any dimension gate.
    pub score: Option<f64>,
    /// The weight actually applied, as a percentage of the total.
    pub weight: f64,
    /// Points contributed to the total (score x weight / 100).
    pub points: f64,
    /// Weighted points lost against a full score of 100.
    pub lost: f64,
    /// Zeroed because its linked guard was worse than its threshold.
    pub linked_zero: bool,
    /// For a 360 value: self rating minus the weighted mean of the others.
    pub self_gap: Option<f64>,
    /// The sample size behind the value, for minimum-sample indicators.
    pub count: Option<f64>,
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
