//! One period scored: the bound scheme and figures the period works
//! with ([`PeriodContext`]), then values, ranks, grades and the bonus of its
//! agents in a canonical order, so row order never changes a result.

use std::ops::Range;

use crate::bonus::split_bonus;
use crate::figures::Figures;
use crate::grade::{cap_grade, grade_absolute, grade_counts, grade_forced};
use crate::issue::{Issue, IssueKind, Severity};
use crate::rank::rank_with_ties;
use crate::scheme::{GateEffect, Grading, Indicator, Scheme};
use crate::stats::{Stats, stats};

use super::BoundValue;
use super::result::{BonusSummary, PeriodSummary, Scorecard};

/// Working space for [`PeriodContext::roll_up`] (in `rollup.rs`), one per
/// dimension each, reused from card to card.
#[derive(Default)]
pub(super) struct RollUp {
    pub(super) dimension_scores: Vec<Option<f64>>,
    pub(super) gated_by: Vec<Option<usize>>,
    pub(super) indicator_sums: Vec<f64>,
}

pub(super) struct PeriodContext<'a> {
    pub(super) scheme: &'a Scheme,
    pub(super) figures: &'a Figures,
    /// The figures' columns and the inputs they lack (always missing): how
    /// wide a row gathered for a formula or the raters is.
    pub(super) row_width: usize,
    pub(super) previous: &'a [Option<usize>],
    pub(super) flat: &'a [(usize, &'a Indicator)],
    pub(super) sources: &'a [BoundValue],
    pub(super) counts: &'a [Option<usize>],
    pub(super) dimension_ranges: &'a [Range<usize>],
    /// The dimensions' weights summed, and each dimension's indicators'.
    pub(super) all_dimensions: f64,
    pub(super) all_indicators: &'a [f64],
    /// Indicators with a gate.
    pub(super) gated: &'a [usize],
    /// (indicator, its guard) for linked pairs.
    pub(super) links: &'a [(usize, usize)],
}

impl PeriodContext<'_> {
    /// Scores the period's rows, `members`, which come in the canonical
    /// order: agents by name, then source row. Every team sum runs in this
    /// order, so shuffling the rows changes no result. The cards come in
    /// the same order.
    ///
    /// With `reuse` (every card of an earlier result on the same figures,
    /// in figures order, and this period's summary there), the indicators
    /// are taken from it as read and scored, and only what weights change
    /// is worked out again.
    pub(super) fn score_period(
        &self,
        label: Option<&str>,
        members: &[usize],
        reuse: Option<(&[Scorecard], &PeriodSummary)>,
        team_issues: &mut Vec<Issue>,
    ) -> (Vec<Scorecard>, PeriodSummary) {
        let scheme = self.scheme;
        let figures = self.figures;
        let key = |row: usize| (figures.agent(row), figures.line(row));
        debug_assert!(members.windows(2).all(|pair| key(pair[0]) <= key(pair[1])));
        // Duplicates (same agent, same period) are reported and both scored.
        for pair in members.windows(2) {
            let ((first, first_row), (second, line)) = (key(pair[0]), key(pair[1]));
            if first == second {
                team_issues.push(
                    Issue::new(Severity::Error, IssueKind::DuplicateRow { first_row })
                        .row(line)
                        .agent(second)
                        .period(label),
                );
            }
        }
        let (mut cards, value_stats, score_stats) = match reuse {
            Some((earlier, summary)) => (
                members
                    .iter()
                    .map(|&index| earlier[index].unweighted())
                    .collect(),
                summary.values.clone(),
                summary.scores.clone(),
            ),
            None => self.score_indicators(members),
        };
        let in_order = |cards: &[Scorecard], pick: &dyn Fn(&Scorecard) -> Option<f64>| {
            stats(cards.iter().filter_map(pick))
        };
        let mut scratch = RollUp::default();
        for card in &mut cards {
            self.roll_up(card, &mut scratch);
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
                match (&gate.effect, card.indicators[i].score()) {
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

        let card_grades: Vec<Option<&str>> =
            cards.iter().map(|card| card.grade.as_deref()).collect();
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

    /// Each indicator read and scored for the period's agents, links
    /// applied and unchecked gates noted: new cards, with the statistics of
    /// each indicator's values and scores.
    fn score_indicators(&self, members: &[usize]) -> (Vec<Scorecard>, Vec<Stats>, Vec<Stats>) {
        let scheme = self.scheme;
        let mut cards: Vec<Scorecard> = members
            .iter()
            .map(|&index| {
                let figures = self.figures;
                Scorecard::blank(
                    figures.agent(index).to_owned(),
                    figures.group(index).map(str::to_owned),
                    figures.period(index).map(str::to_owned),
                    figures.line(index),
                    Vec::with_capacity(self.flat.len()),
                    scheme.dimensions.len(),
                )
            })
            .collect();

        let mut value_stats = Vec::with_capacity(self.flat.len());
        let mut score_stats = Vec::with_capacity(self.flat.len());
        let mut stack = Vec::new();
        for (i, (_, indicator)) in self.flat.iter().enumerate() {
            let (values, scores) =
                self.score_indicator(i, indicator, members, &mut cards, &mut stack);
            value_stats.push(values);
            score_stats.push(scores);
        }
        self.apply_links(&mut cards);
        for &(i, _) in self.links {
            score_stats[i] = stats(cards.iter().filter_map(|card| card.indicators[i].score()));
        }
        self.note_unchecked_gates(&mut cards);
        (cards, value_stats, score_stats)
    }

    pub(super) fn agent_issue(
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
