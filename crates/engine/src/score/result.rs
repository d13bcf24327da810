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
#[derive(Clone, Debug, PartialEq)]
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
    /// The rarely set numbers of its indicators (see [`Scorecard::raw`]):
    /// kept apart, so an indicator is 32 bytes, not 56.
    extras: Vec<Extra>,
}

/// An indicator's numbers that most indicators do not have: the value
/// before shrinkage, a 360 self gap, a sample size.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Extra {
    raw: f64,
    self_gap: f64,
    count: f64,
}

impl Serialize for Scorecard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// An indicator with its extras, as one object.
        struct Indicator<'a>(&'a Scorecard, &'a IndicatorScore);
        impl Serialize for Indicator<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let Indicator(card, indicator) = *self;
                let mut out = serializer.serialize_struct("IndicatorScore", 10)?;
                out.serialize_field("value", &indicator.value())?;
                out.serialize_field("raw", &card.raw_of(indicator))?;
                out.serialize_field("treatment", &indicator.treatment)?;
                out.serialize_field("score", &indicator.score())?;
                out.serialize_field("weight", &indicator.weight)?;
                out.serialize_field("points", &indicator.points())?;
                out.serialize_field("lost", &indicator.lost())?;
                out.serialize_field("linked_zero", &indicator.linked_zero())?;
                out.serialize_field("self_gap", &card.self_gap_of(indicator))?;
                out.serialize_field("count", &card.count_of(indicator))?;
                out.end()
            }
        }
        struct Indicators<'a>(&'a Scorecard);
        impl Serialize for Indicators<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(
                    self.0
                        .indicators
                        .iter()
                        .map(|indicator| Indicator(self.0, indicator)),
                )
            }
        }
        let mut out = serializer.serialize_struct("Scorecard", 16)?;
        out.serialize_field("agent", &self.agent)?;
        out.serialize_field("group", &self.group)?;
        out.serialize_field("period", &self.period)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("indicators", &Indicators(self))?;
        out.serialize_field("dimensions", &self.dimensions)?;
        out.serialize_field("total", &self.total)?;
        out.serialize_field("rank", &self.rank)?;
        out.serialize_field("grade", &self.grade)?;
        out.serialize_field("uncapped_grade", &self.uncapped_grade)?;
        out.serialize_field("bonus", &self.bonus)?;
        out.serialize_field("coverage", &self.coverage)?;
        out.serialize_field("no_total", &self.no_total)?;
        out.serialize_field("total_gate", &self.total_gate)?;
        out.serialize_field("weakest", &self.weakest)?;
        out.serialize_field("issues", &self.issues)?;
        out.end()
    }
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
        card.extras = self.extras.clone();
        card
    }

    /// Adds an indicator as read and scored, before links, gates and
    /// weights.
    pub(super) fn push_indicator(
        &mut self,
        value: Option<f64>,
        raw: Option<f64>,
        treatment: Treatment,
        score: Option<f64>,
        self_gap: Option<f64>,
        count: Option<f64>,
    ) {
        let (v, value) = pack(VALUE, value);
        let (s, score) = pack(SCORE, score);
        let mut flags = v | s;
        // The raw value is most often the value itself.
        let raw_apart = match raw {
            None => None,
            Some(raw) if flags & VALUE != 0 && raw.to_bits() == value.to_bits() => {
                flags |= RAW;
                None
            }
            Some(raw) => {
                flags |= RAW | RAW_APART;
                Some(raw)
            }
        };
        let (g, self_gap) = pack(SELF_GAP, self_gap);
        let (c, count) = pack(COUNT, count);
        flags |= g | c;
        let extra = if raw_apart.is_some() || g | c != 0 {
            self.extras.push(Extra {
                raw: raw_apart.unwrap_or(0.0),
                self_gap,
                count,
            });
            u32::try_from(self.extras.len() - 1).expect("fewer than 2^32 indicators")
        } else {
            NO_EXTRA
        };
        self.indicators.push(IndicatorScore {
            value,
            score,
            weight: 0.0,
            extra,
            treatment,
            flags,
        });
    }

    fn extra(&self, indicator: &IndicatorScore) -> Option<&Extra> {
        self.extras.get(indicator.extra as usize)
    }

    /// Indicator `index`'s value as measured, before shrinkage.
    pub fn raw(&self, index: usize) -> Option<f64> {
        self.raw_of(&self.indicators[index])
    }

    /// For indicator `index`'s 360 value: self rating minus the weighted
    /// mean of the others.
    pub fn self_gap(&self, index: usize) -> Option<f64> {
        self.self_gap_of(&self.indicators[index])
    }

    /// The sample size behind indicator `index`'s value, for
    /// minimum-sample indicators.
    pub fn count(&self, index: usize) -> Option<f64> {
        self.count_of(&self.indicators[index])
    }

    fn raw_of(&self, indicator: &IndicatorScore) -> Option<f64> {
        match indicator.flags & (RAW | RAW_APART) {
            0 => None,
            RAW => Some(indicator.value),
            _ => self.extra(indicator).map(|extra| extra.raw),
        }
    }

    fn self_gap_of(&self, indicator: &IndicatorScore) -> Option<f64> {
        self.extra(indicator)
            .filter(|_| indicator.flags & SELF_GAP != 0)
            .map(|extra| extra.self_gap)
    }

    fn count_of(&self, indicator: &IndicatorScore) -> Option<f64> {
        self.extra(indicator)
            .filter(|_| indicator.flags & COUNT != 0)
            .map(|extra| extra.count)
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
            extras: Vec::new(),
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
/// 40), so it is kept to 32 bytes: absent numbers are bits in `flags`
/// rather than `Option`s, points and lost are worked out when asked for,
/// from the score and the weight as scoring would, and the numbers few
/// indicators have (the raw value when it is not the value, a self gap, a
/// sample size) are the card's (see [`Scorecard::raw`]), `extra` their
/// place there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndicatorScore {
    value: f64,
    score: f64,
    weight: f64,
    extra: u32,
    treatment: Treatment,
    flags: u8,
}

/// `IndicatorScore::extra` when the indicator has no extras.
const NO_EXTRA: u32 = u32::MAX;

// Which numbers an `IndicatorScore` has, and what happened to its points.
const VALUE: u8 = 1;
const RAW: u8 = 1 << 1;
const SCORE: u8 = 1 << 2;
const SELF_GAP: u8 = 1 << 3;
const COUNT: u8 = 1 << 4;
const LINKED_ZERO: u8 = 1 << 5;
const GATED: u8 = 1 << 6;
/// The raw value is not the value, and is in the card's extras.
const RAW_APART: u8 = 1 << 7;

fn pack(flag: u8, number: Option<f64>) -> (u8, f64) {
    match number {
        Some(number) => (flag, number),
        None => (0, 0.0),
    }
}

impl IndicatorScore {
    fn get(&self, flag: u8, number: f64) -> Option<f64> {
        (self.flags & flag != 0).then_some(number)
    }

    /// The value that was scored (after shrinkage or imputation).
    pub fn value(&self) -> Option<f64> {
        self.get(VALUE, self.value)
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

    fn card() -> Scorecard {
        Scorecard::blank("Ann".into(), None, None, 2, Vec::new(), 0)
    }

    /// A card with one shrunk indicator scored `score`, before weights.
    fn shrunk_card(score: Option<f64>) -> Scorecard {
        let mut card = card();
        card.push_indicator(
            Some(0.9),
            Some(0.8),
            Treatment::Shrunk,
            score,
            None,
            Some(12.0),
        );
        card
    }

    fn scored(score: Option<f64>) -> IndicatorScore {
        shrunk_card(score).indicators[0]
    }

    #[test]
    fn numbers_read_back_as_given() {
        let mut card = shrunk_card(Some(75.0));
        // Zero is a number, not an absence.
        card.push_indicator(Some(0.0), None, Treatment::Measured, Some(0.0), None, None);
        // The raw value the same as the value takes no extra.
        card.push_indicator(
            Some(4.5),
            Some(4.5),
            Treatment::Measured,
            Some(80.0),
            None,
            None,
        );
        // A refused value keeps its raw value.
        card.push_indicator(
            None,
            Some(-3.0),
            Treatment::Excluded,
            None,
            Some(-1.5),
            None,
        );
        let result = card.indicators[0];
        assert_eq!(result.value(), Some(0.9));
        assert_eq!(card.raw(0), Some(0.8));
        assert_eq!(result.treatment(), Treatment::Shrunk);
        assert_eq!(result.score(), Some(75.0));
        assert_eq!(card.self_gap(0), None);
        assert_eq!(card.count(0), Some(12.0));
        assert!(!result.linked_zero());
        let zero = card.indicators[1];
        assert_eq!(
            (zero.value(), card.raw(1), zero.score()),
            (Some(0.0), None, Some(0.0))
        );
        assert_eq!(
            (card.raw(2), card.self_gap(2), card.count(2)),
            (Some(4.5), None, None)
        );
        assert_eq!(
            (
                card.indicators[3].value(),
                card.raw(3),
                card.self_gap(3),
                card.count(3)
            ),
            (None, Some(-3.0), Some(-1.5), None)
        );
        // Only the first and the last needed room apart.
        assert_eq!(card.extras.len(), 2);
        // A copy rolled up again keeps them.
        let again = card.unweighted();
        assert_eq!(
            (again.raw(0), again.count(0), again.self_gap(3)),
            (Some(0.8), Some(12.0), Some(-1.5))
        );
    }

    #[test]
    fn an_indicator_is_32_bytes() {
        assert_eq!(std::mem::size_of::<IndicatorScore>(), 32);
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
        let mut card = shrunk_card(Some(75.0));
        card.indicators[0].apply_weight(20.0, false);
        let json = serde_json::to_value(&card).unwrap();
        assert_eq!(
            json["indicators"][0],
            serde_json::json!({
                "value": 0.9, "raw": 0.8, "treatment": "shrunk", "score": 75.0,
                "weight": 20.0, "points": 15.0, "lost": 5.0, "linked_zero": false,
                "self_gap": null, "count": 12.0,
            })
        );
        // The card's own fields, in order, and nothing of how extras are kept.
        let text = serde_json::to_string(&card).unwrap();
        let fields = [
            "agent",
            "group",
            "period",
            "line",
            "indicators",
            "dimensions",
            "total",
            "rank",
            "grade",
            "uncapped_grade",
            "bonus",
            "coverage",
            "no_total",
            "total_gate",
            "weakest",
            "issues",
        ];
        let at: Vec<usize> = fields
            .iter()
            .map(|field| text.find(&format!("\"{field}\":")).unwrap())
            .collect();
        assert!(at.is_sorted(), "{text}");
        assert_eq!(json.as_object().unwrap().len(), fields.len());
    }
}
