//! One agent's card completed: linked pairs zeroed, then dimension scores,
//! gates, the total, applied weights, coverage and the weakest indicator.

use crate::curve::Direction;
use crate::issue::{IssueKind, Severity};
use crate::scheme::GateEffect;

use super::period::PeriodContext;
use super::result::{DimensionScore, NoTotal, Scorecard, Treatment, covers};

impl PeriodContext<'_> {
    /// Linked pairs: an indicator earns nothing while its guard is worse than
    /// the threshold.
    pub(super) fn apply_links(&self, cards: &mut [Scorecard]) {
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
    pub(super) fn roll_up(&self, card: &mut Scorecard) {
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
}
