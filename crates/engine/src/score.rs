//! Scoring a team: figures + scheme -> one scorecard per agent per period.
//!
//! The work is column-major: each indicator is evaluated for every agent of a
//! period in turn (team medians, means and shrinkage need the whole column),
//! then each agent's scores roll up into dimensions and a total. Agents are
//! ranked, graded and paid within their period.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use super::bonus::split_bonus;
use super::curve::Direction;
use super::figures::Figures;
use super::formula::{self, BoundFormula, EvalError};
use super::grade::{cap_grade, grade_absolute, grade_counts, grade_forced};
use super::issue::{Issue, IssueKind, Severity};
use super::periods::{Periods, previous_rows};
use super::rank::rank_with_ties;
use super::raters::{self, BoundRater, rate};
use super::scheme::{GateEffect, Grading, Indicator, MissingPolicy, Scheme, ValueSource};
use super::stats::{Stats, mean, median, stats};
use super::validate::{SchemeError, validate};

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
    fn withheld(&self) -> bool {
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

/// How one indicator's value is read from a row.
enum Source {
    Column(Option<usize>),
    Formula(BoundFormula),
    Raters(Vec<BoundRater>),
}

/// Scores every agent of every period. An invalid scheme gives its errors
/// and no numbers, never stale or partial ones.
pub fn score_team(scheme: &Scheme, figures: &Figures) -> Result<TeamResult, Vec<SchemeError>> {
    let errors = validate(scheme);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut team_issues = Vec::new();

    // Inputs the figures lack read as missing everywhere: pad the rows once.
    let absent: Vec<&str> = scheme
        .inputs
        .iter()
        .map(|input| input.id.as_str())
        .filter(|id| figures.column(id).is_none())
        .collect();
    for id in &absent {
        team_issues.push(Issue::new(
            Severity::Error,
            IssueKind::MissingColumn {
                input: (*id).to_owned(),
            },
        ));
    }
    let width = figures.columns.len();
    let column = |id: &str| {
        figures
            .column(id)
            .or_else(|| absent.iter().position(|a| *a == id).map(|p| width + p))
    };
    let rows: Vec<Cow<[Option<f64>]>> = figures
        .rows
        .iter()
        .map(|row| {
            if absent.is_empty() && row.values.len() == width {
                Cow::Borrowed(row.values.as_slice())
            } else {
                let mut values = row.values.clone();
                values.resize(width + absent.len(), None);
                Cow::Owned(values)
            }
        })
        .collect();

    let flat: Vec<_> = scheme.indexed_indicators().collect();
    let mut uses_previous = false;
    let sources: Vec<Source> = flat
        .iter()
        .map(|(_, indicator)| match &indicator.value {
            ValueSource::Column(name) => Source::Column(column(name)),
            ValueSource::Formula(text) => {
                // Validation parsed it and checked its columns against the
                // inputs, and every input has an index here.
                let parsed = formula::parse(text).expect("validated formula");
                uses_previous |= parsed.columns().iter().any(|c| c.previous);
                Source::Formula(
                    parsed
                        .bind(&|name| column(name))
                        .expect("validated columns"),
                )
            }
            ValueSource::Raters(raters) => Source::Raters(raters::bind(raters, column)),
        })
        .collect();
    let counts: Vec<Option<usize>> = flat
        .iter()
        .map(|(_, indicator)| {
            indicator
                .min_sample
                .as_ref()
                .and_then(|sample| column(&sample.count))
        })
        .collect();

    // Periods in natural order, each with its rows in figures order.
    let Periods {
        labels: period_labels,
        of_row: period_of_row,
    } = Periods::of(figures);

    // The same agent's row in the latest earlier period, for prev().
    let previous: Vec<Option<usize>> = if uses_previous {
        previous_rows(figures, &period_of_row)
    } else {
        vec![None; figures.rows.len()]
    };
    // Indicators are stored dimension by dimension: each dimension is a range.
    let mut dimension_ranges = Vec::with_capacity(scheme.dimensions.len());
    let mut start = 0;
    for dimension in &scheme.dimensions {
        dimension_ranges.push(start..start + dimension.indicators.len());
        start += dimension.indicators.len();
    }
    let gated: Vec<usize> = (0..flat.len())
        .filter(|&i| flat[i].1.gate.is_some())
        .collect();
    let links: Vec<(usize, usize)> = flat
        .iter()
        .enumerate()
        .filter_map(|(i, (_, indicator))| {
            let link = indicator.link.as_ref()?;
            let guard = flat
                .iter()
                .position(|(_, other)| other.id == link.indicator)?;
            Some((i, guard))
        })
        .collect();

    let mut cards: Vec<Option<Scorecard>> = vec![None; figures.rows.len()];
    let mut periods = Vec::with_capacity(period_labels.len());
    for (p, label) in period_labels.iter().enumerate() {
        let members: Vec<usize> = (0..figures.rows.len())
            .filter(|&i| period_of_row[i] == p)
            .collect();
        let ctx = PeriodContext {
            scheme,
            figures,
            rows: &rows,
            previous: &previous,
            flat: &flat,
            sources: &sources,
            counts: &counts,
            dimension_ranges: &dimension_ranges,
            gated: &gated,
            links: &links,
        };
        let (period_cards, summary) = ctx.score_period(*label, &members, &mut team_issues);
        for (index, card) in members.into_iter().zip(period_cards) {
            cards[index] = Some(card);
        }
        periods.push(summary);
    }
    if let Grading::Forced { .. } = scheme.grading {
        for summary in &periods {
            if summary.agents > 0 && summary.agents < 25 {
                team_issues.push(
                    Issue::new(
                        Severity::Warning,
                        IssueKind::SmallGroup {
                            agents: summary.agents,
                        },
                    )
                    .period(summary.period.as_deref()),
                );
            }
        }
    }
    Ok(TeamResult {
        cards: cards.into_iter().flatten().collect(),
        periods,
        issues: team_issues,
    })
}

struct PeriodContext<'a> {
    scheme: &'a Scheme,
    figures: &'a Figures,
    rows: &'a [Cow<'a, [Option<f64>]>],
    previous: &'a [Option<usize>],
    flat: &'a [(usize, &'a Indicator)],
    sources: &'a [Source],
    counts: &'a [Option<usize>],
    dimension_ranges: &'a [Range<usize>],
    /// Indicators with a gate.
    gated: &'a [usize],
    /// (indicator, its guard) for linked pairs.
    links: &'a [(usize, usize)],
}

impl PeriodContext<'_> {
    fn score_period(
        &self,
        label: Option<&str>,
        members: &[usize],
        team_issues: &mut Vec<Issue>,
    ) -> (Vec<Scorecard>, PeriodSummary) {
        let scheme = self.scheme;
        let rows = &self.figures.rows;
        // The canonical order: agents by name (then source row). Every team
        // sum runs in this order, so shuffling the rows changes no result.
        let mut canon: Vec<usize> = (0..members.len()).collect();
        canon.sort_by(|&a, &b| {
            let (a, b) = (&rows[members[a]], &rows[members[b]]);
            a.agent.cmp(&b.agent).then(a.line.cmp(&b.line))
        });
        // Duplicates (same agent, same period) are reported and both scored.
        for pair in canon.windows(2) {
            let (first, second) = (&rows[members[pair[0]]], &rows[members[pair[1]]]);
            if first.agent == second.agent {
                team_issues.push(
                    Issue::new(
                        Severity::Error,
                        IssueKind::DuplicateRow {
                            first_row: first.line,
                        },
                    )
                    .row(second.line)
                    .agent(&second.agent)
                    .period(label),
                );
            }
        }
        let mut cards: Vec<Scorecard> = members
            .iter()
            .map(|&index| {
                let row = &self.figures.rows[index];
                Scorecard {
                    agent: row.agent.clone(),
                    group: row.group.clone(),
                    period: row.period.clone(),
                    line: row.line,
                    indicators: Vec::with_capacity(self.flat.len()),
                    dimensions: Vec::with_capacity(scheme.dimensions.len()),
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
            })
            .collect();

        let mut value_stats = Vec::with_capacity(self.flat.len());
        let mut score_stats = Vec::with_capacity(self.flat.len());
        let mut stack = Vec::new();
        for (i, (_, indicator)) in self.flat.iter().enumerate() {
            let (values, scores) =
                self.score_indicator(i, indicator, members, &canon, &mut cards, &mut stack);
            value_stats.push(values);
            score_stats.push(scores);
        }
        self.apply_links(&mut cards);
        let in_order = |cards: &[Scorecard], pick: &dyn Fn(&Scorecard) -> Option<f64>| {
            stats(canon.iter().filter_map(|&k| pick(&cards[k])))
        };
        for &(i, _) in self.links {
            score_stats[i] = in_order(&cards, &|card| card.indicators[i].score);
        }
        for card in &mut cards {
            self.roll_up(card);
        }

        let totals: Vec<Option<f64>> = cards.iter().map(|card| card.total).collect();
        for (card, rank) in cards.iter_mut().zip(rank_with_ties(&totals)) {
            card.rank = rank;
        }
        let grades = scheme.grading.grades();
        let mut intended = None;
        match &scheme.grading {
            Grading::Bands { bands } => {
                for card in &mut cards {
                    card.uncapped_grade = card
                        .total
                        .and_then(|total| grade_absolute(bands, total))
                        .map(str::to_owned);
                }
            }
            Grading::Forced { shares } => {
                let forced = grade_forced(shares, &totals);
                for (card, grade) in cards.iter_mut().zip(forced.grades) {
                    card.uncapped_grade = grade;
                }
                intended = Some(forced.intended);
            }
        }
        for card in &mut cards {
            card.grade = card.uncapped_grade.clone();
            let caps = self.gated.iter().filter_map(|&i| {
                let gate = self.flat[i].1.gate.as_ref()?;
                match (&gate.effect, card.indicators[i].score) {
                    (GateEffect::CapGrade(cap), Some(score)) if score < gate.below => {
                        Some(cap.as_str())
                    }
                    _ => None,
                }
            });
            for cap in caps {
                if let Some(grade) = &card.grade {
                    card.grade = Some(cap_grade(&grades, grade, cap).to_owned());
                }
            }
        }

        let mut bonus = None;
        if let Some(rule) = &scheme.bonus {
            match split_bonus(rule, &totals) {
                Ok(split) => {
                    for (card, amount) in cards.iter_mut().zip(&split.amounts) {
                        card.bonus = *amount;
                    }
                    bonus = Some(BonusSummary {
                        pool: split.pool,
                        paid: split.paid,
                        leftover: split.leftover,
                    });
                }
                Err(err) => team_issues.push(
                    Issue::new(Severity::Error, IssueKind::Bonus { error: err }).period(label),
                ),
            }
        }

        let card_grades: Vec<Option<String>> =
            cards.iter().map(|card| card.grade.clone()).collect();
        let summary = PeriodSummary {
            period: label.map(str::to_owned),
            agents: cards.len(),
            values: value_stats,
            scores: score_stats,
            dimensions: (0..scheme.dimensions.len())
                .map(|d| in_order(&cards, &|card| card.dimensions[d].score))
                .collect(),
            total: in_order(&cards, &|card| card.total),
            grades: grade_counts(&grades, &card_grades),
            intended,
            bonus,
        };
        (cards, summary)
    }

    /// Values, shrinkage, missing policy and curve for one indicator across
    /// the period's agents; returns the statistics of the measured values
    /// and of the scores.
    fn score_indicator(
        &self,
        i: usize,
        indicator: &Indicator,
        members: &[usize],
        canon: &[usize],
        cards: &mut [Scorecard],
        stack: &mut Vec<Option<f64>>,
    ) -> (Stats, Stats) {
        let mut values: Vec<Option<f64>> = Vec::with_capacity(members.len());
        let mut gaps: Vec<Option<f64>> = Vec::with_capacity(members.len());
        for (card, &index) in cards.iter_mut().zip(members) {
            let row = &self.rows[index];
            let (value, gap) = match &self.sources[i] {
                Source::Column(column) => (column.and_then(|c| row[c]), None),
                Source::Formula(formula) => {
                    let previous = self.previous[index].map(|p| &*self.rows[p]);
                    match formula.eval_with(stack, row, previous) {
                        Ok(value) => (value, None),
                        Err(err) => {
                            let kind = match err {
                                EvalError::DivisionByZero { position } => {
                                    IssueKind::DivisionByZero { position }
                                }
                                EvalError::NotFinite { position } => {
                                    IssueKind::NotFinite { position }
                                }
                            };
                            card.issues.push(self.agent_issue(
                                card,
                                indicator,
                                Severity::Error,
                                kind,
                            ));
                            (None, None)
                        }
                    }
                }
                Source::Raters(raters) => {
                    let rating = rate(raters, row);
                    (rating.value, rating.self_gap)
                }
            };
            values.push(value);
            gaps.push(gap);
        }
        // Minimum sample and shrinkage toward the team mean.
        let mut raw = None;
        let mut counts = Vec::new();
        let mut shrunk = Vec::new();
        if let (Some(sample), Some(count_column)) = (&indicator.min_sample, self.counts[i]) {
            raw = Some(values.clone());
            counts = vec![None; members.len()];
            shrunk = vec![false; members.len()];
            let mean = mean(canon.iter().filter_map(|&k| values[k]));
            for (k, (card, &index)) in cards.iter_mut().zip(members).enumerate() {
                let Some(value) = values[k] else { continue };
                let Some(n) = self.rows[index][count_column] else {
                    card.issues.push(self.agent_issue(
                        card,
                        indicator,
                        Severity::Warning,
                        IssueKind::NoCount {
                            column: sample.count.clone(),
                        },
                    ));
                    continue;
                };
                counts[k] = Some(n);
                if n < sample.min {
                    card.issues.push(self.agent_issue(
                        card,
                        indicator,
                        Severity::Warning,
                        IssueKind::SmallSample {
                            count: n,
                            min: sample.min,
                        },
                    ));
                }
                if let (Some(m), Some(mean)) = (sample.shrink, mean)
                    && n >= 0.0
                    && n + m > 0.0
                {
                    values[k] = Some((n * value + m * mean) / (n + m));
                    shrunk[k] = true;
                }
            }
        }

        let median = if indicator.missing == MissingPolicy::TeamMedian {
            let mut present: Vec<f64> = values.iter().flatten().copied().collect();
            median(&mut present)
        } else {
            None
        };

        let mut measured = Vec::with_capacity(members.len());
        let mut scores = Vec::with_capacity(members.len());
        for (k, card) in cards.iter_mut().enumerate() {
            let was_shrunk = shrunk.get(k).copied().unwrap_or(false);
            let curve = indicator.curve_for(card.group.as_deref());
            let mut value = values[k];
            let mut score = None;
            if let Some(v) = value {
                match curve.score(indicator.direction, v) {
                    Ok(s) => score = Some(s),
                    Err(err) => {
                        card.issues.push(self.agent_issue(
                            card,
                            indicator,
                            Severity::Error,
                            IssueKind::Refused { error: err },
                        ));
                        value = None;
                    }
                }
            }
            let treatment = match (score, indicator.missing) {
                (Some(_), _) if was_shrunk => Treatment::Shrunk,
                (Some(_), _) => Treatment::Measured,
                (None, MissingPolicy::Exclude) => Treatment::Excluded,
                (None, MissingPolicy::Zero) => {
                    score = Some(0.0);
                    Treatment::ZeroForMissing
                }
                (None, MissingPolicy::Incomplete) => Treatment::Incomplete,
                (None, MissingPolicy::TeamMedian) => match median {
                    Some(m) => match curve.score(indicator.direction, m) {
                        Ok(s) => {
                            value = Some(m);
                            score = Some(s);
                            Treatment::Imputed
                        }
                        Err(_) => Treatment::Excluded,
                    },
                    None => Treatment::Excluded,
                },
            };
            measured.push(
                matches!(treatment, Treatment::Measured | Treatment::Shrunk)
                    .then_some(value)
                    .flatten(),
            );
            scores.push(score);
            card.indicators.push(IndicatorScore {
                value,
                raw: raw.as_ref().map_or(values[k], |raw| raw[k]),
                treatment,
                score,
                weight: 0.0,
                points: 0.0,
                lost: 0.0,
                linked_zero: false,
                self_gap: gaps[k],
                count: counts.get(k).copied().flatten(),
            });
        }
        (
            stats(canon.iter().filter_map(|&k| measured[k])),
            stats(canon.iter().filter_map(|&k| scores[k])),
        )
    }

    /// Linked pairs: an indicator earns nothing while its guard is worse than
    /// the threshold.
    fn apply_links(&self, cards: &mut [Scorecard]) {
        for &(i, g) in self.links {
            let indicator = self.flat[i].1;
            let guard = self.flat[g].1;
            let Some(link) = &indicator.link else {
                continue;
            };
            for card in cards.iter_mut() {
                if card.indicators[i].score.is_none() {
                    continue;
                }
                match card.indicators[g].value {
                    Some(value) => {
                        let worse = match guard.direction {
                            Direction::Lower => value > link.worse_than,
                            Direction::Higher | Direction::Band => value < link.worse_than,
                        };
                        if worse {
                            card.indicators[i].score = Some(0.0);
                            card.indicators[i].linked_zero = true;
                        }
                    }
                    None => {
                        let issue = self.agent_issue(
                            card,
                            indicator,
                            Severity::Warning,
                            IssueKind::LinkNotChecked {
                                guard: guard.id.clone(),
                            },
                        );
                        card.issues.push(issue);
                    }
                }
            }
        }
    }

    /// Dimension scores, gates, the total, applied weights, coverage and the
    /// weakest indicator of one agent.
    fn roll_up(&self, card: &mut Scorecard) {
        let scheme = self.scheme;
        let mut dimension_scores: Vec<Option<f64>> = Vec::with_capacity(scheme.dimensions.len());
        let mut gated_by: Vec<Option<usize>> = vec![None; scheme.dimensions.len()];
        let mut indicator_sums = vec![0.0; scheme.dimensions.len()];
        for (d, range) in self.dimension_ranges.iter().enumerate() {
            let mut weighted = 0.0;
            let mut weights = 0.0;
            for i in range.clone() {
                if let Some(score) = card.indicators[i].score {
                    let weight = self.flat[i].1.weight;
                    weighted += weight * score;
                    weights += weight;
                }
            }
            indicator_sums[d] = weights;
            dimension_scores.push((weights > 0.0).then(|| weighted / weights));
        }

        // Gates, in scheme order; the first gate to close wins.
        for &i in self.gated {
            let (d, indicator) = &self.flat[i];
            let Some(gate) = &indicator.gate else {
                continue;
            };
            match card.indicators[i].score {
                Some(score) if score < gate.below => match gate.effect {
                    GateEffect::ZeroDimension => {
                        if gated_by[*d].is_none() {
                            gated_by[*d] = Some(i);
                            dimension_scores[*d] = Some(0.0);
                        }
                    }
                    GateEffect::ZeroTotal => {
                        card.total_gate.get_or_insert(i);
                    }
                    GateEffect::CapGrade(_) => {}
                },
                Some(_) => {}
                None => {
                    let issue = self.agent_issue(
                        card,
                        indicator,
                        Severity::Note,
                        IssueKind::GateNotChecked,
                    );
                    card.issues.push(issue);
                }
            }
        }

        let dimension_weights: f64 = scheme
            .dimensions
            .iter()
            .zip(&dimension_scores)
            .filter(|(_, score)| score.is_some())
            .map(|(dimension, _)| dimension.weight)
            .sum();
        let mut total = 0.0;
        for (d, dimension) in scheme.dimensions.iter().enumerate() {
            let share = match dimension_scores[d] {
                Some(score) if dimension_weights > 0.0 => {
                    total += dimension.weight * score / dimension_weights;
                    dimension.weight / dimension_weights * 100.0
                }
                _ => 0.0,
            };
            card.dimensions.push(DimensionScore {
                score: dimension_scores[d],
                weight: share,
                gated_by: gated_by[d],
            });
        }

        // Coverage as a share of the weights as they sum (to 100 within the
        // tolerance), so full data is exactly 1 even for 33.33 x 3.
        let all_dimensions: f64 = scheme.dimensions.iter().map(|d| d.weight).sum();
        let all_indicators: Vec<f64> = scheme
            .dimensions
            .iter()
            .map(|d| d.indicators.iter().map(|i| i.weight).sum())
            .collect();
        let mut coverage = 0.0;
        for (i, (d, indicator)) in self.flat.iter().enumerate() {
            let result = &mut card.indicators[i];
            if matches!(result.treatment, Treatment::Measured | Treatment::Shrunk)
                && all_dimensions > 0.0
                && all_indicators[*d] > 0.0
            {
                coverage += scheme.dimensions[*d].weight / all_dimensions * indicator.weight
                    / all_indicators[*d];
            }
            let (Some(score), share) = (result.score, card.dimensions[*d].weight) else {
                continue;
            };
            if indicator_sums[*d] > 0.0 {
                result.weight = share * indicator.weight / indicator_sums[*d];
            }
            if gated_by[*d].is_some() {
                result.points = 0.0;
                result.lost = result.weight;
            } else {
                result.points = score * result.weight / 100.0;
                // A comparison, not `f64::max`, which is a slow library call
                // on this hot path; a score above 100 loses nothing.
                let shortfall = if score < 100.0 { 100.0 - score } else { 0.0 };
                result.lost = shortfall * result.weight / 100.0;
            }
        }
        card.coverage = coverage;
        card.weakest = card
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, result)| result.lost > 0.0)
            .fold(None, |best: Option<(usize, f64)>, (i, result)| match best {
                Some((_, lost)) if lost >= result.lost => best,
                _ => Some((i, result.lost)),
            })
            .map(|(i, _)| i);

        card.no_total = if card.withheld() {
            Some(NoTotal::Missing)
        } else if let Some(min) = scheme.min_coverage
            && !covers(coverage, min)
        {
            Some(NoTotal::Coverage { min })
        } else if dimension_weights <= 0.0 {
            Some(NoTotal::NothingScored)
        } else {
            None
        };
        card.total = if card.no_total.is_some() {
            None
        } else if card.total_gate.is_some() {
            Some(0.0)
        } else {
            Some(total)
        };
    }

    fn agent_issue(
        &self,
        card: &Scorecard,
        indicator: &Indicator,
        severity: Severity,
        kind: IssueKind,
    ) -> Issue {
        Issue::new(severity, kind)
            .row(card.line)
            .agent(&card.agent)
            .period(card.period.as_deref())
            .indicator(&indicator.id)
    }
}
