//! One indicator across a period's agents: reading its values, shrinkage
//! toward the team mean, the missing-data policy and the curve.

use crate::formula::EvalError;
use crate::issue::{IssueKind, Severity};
use crate::raters::rate;
use crate::scheme::{Indicator, MissingPolicy};
use crate::stats::{Stats, mean, median, stats};

use super::BoundValue;
use super::period::PeriodContext;
use super::result::{Scorecard, Treatment};

impl PeriodContext<'_> {
    /// Values, shrinkage, missing policy and curve for one indicator across
    /// the period's agents; returns the statistics of the measured values
    /// and of the scores.
    pub(super) fn score_indicator(
        &self,
        i: usize,
        indicator: &Indicator,
        members: &[usize],
        cards: &mut [Scorecard],
        stack: &mut Vec<Option<f64>>,
    ) -> (Stats, Stats) {
        let figures = self.figures;
        let mut values: Vec<Option<f64>> = Vec::with_capacity(members.len());
        let mut gaps: Vec<Option<f64>> = Vec::with_capacity(members.len());
        // The cells a formula or the raters read, gathered from the columns
        // into rows as wide as the figures (the other cells stay missing).
        let gathering = !matches!(self.sources[i], BoundValue::Column(_));
        let width = if gathering { self.row_width } else { 0 };
        let (mut row, mut before) = (vec![None; width], vec![None; width]);
        for (card, &index) in cards.iter_mut().zip(members) {
            let (value, gap) = match &self.sources[i] {
                BoundValue::Column(column) => (column.and_then(|c| figures.value(index, c)), None),
                BoundValue::Formula(formula, read) => {
                    figures.gather(index, read, &mut row);
                    let previous = self.previous[index].map(|p| {
                        figures.gather(p, read, &mut before);
                        before.as_slice()
                    });
                    match formula.eval_with(stack, &row, previous) {
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
                BoundValue::Raters(raters, read) => {
                    figures.gather(index, read, &mut row);
                    let rating = rate(raters, &row);
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
            let mean = mean(values.iter().flatten().copied());
            for (k, (card, &index)) in cards.iter_mut().zip(members).enumerate() {
                let Some(value) = values[k] else { continue };
                let Some(n) = figures.value(index, count_column) else {
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
            card.push_indicator(
                value,
                raw.as_ref().map_or(values[k], |raw| raw[k]),
                treatment,
                score,
                gaps[k],
                counts.get(k).copied().flatten(),
            );
        }
        (
            stats(measured.into_iter().flatten()),
            stats(scores.into_iter().flatten()),
        )
    }
}
