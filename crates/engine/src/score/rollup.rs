//! One agent's card completed: linked pairs zeroed, then dimension scores,
//! gates, the total, applied weights, coverage and the weakest indicator.

use crate::curve::Direction;
use crate::issue::{IssueKind, Severity};
use crate::scheme::GateEffect;

use super::period::{PeriodContext, RollUp};
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
                if card.indicators[i].score().is_none() {
                    continue;
                }
                match card.indicators[g].value() {
                    Some(value) => {
                        let worse = match guard.direction {
                            Direction::Lower => value > link.worse_than,
                            Direction::Higher | Direction::Band => value < link.worse_than,
                        };
                        if worse {
                            card.indicators[i].zero_by_link();
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

    /// A note on each card for each gate it has no score to check. Not in
    /// [`roll_up`](Self::roll_up): it does not depend on the weights, so a
    /// card scored again after a weight edit keeps its notes.
    pub(super) fn note_unchecked_gates(&self, cards: &mut [Scorecard]) {
        for card in cards {
            for &i in self.gated {
                let indicator = self.flat[i].1;
                if indicator.gate.is_some() && card.indicators[i].score().is_none() {
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
    }

    /// Dimension scores, gates, the total, applied weights, coverage and the
    /// weakest indicator of one agent. `scratch` is working space, reused
    /// from card to card.
    pub(super) fn roll_up(&self, card: &mut Scorecard, scratch: &mut RollUp) {
        let scheme = self.scheme;
        let RollUp {
            dimension_scores,
            gated_by,
            indicator_sums,
        } = scratch;
        dimension_scores.clear();
        gated_by.clear();
        gated_by.resize(scheme.dimensions.len(), None);
        indicator_sums.clear();
        indicator_sums.resize(scheme.dimensions.len(), 0.0);
        for (d, range) in self.dimension_ranges.iter().enumerate() {
            let mut weighted = 0.0;
            let mut weights = 0.0;
            for i in range.clone() {
                if let Some(score) = card.indicators[i].score() {
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
            match card.indicators[i].score() {
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
                // A gate without a score is noted by `note_unchecked_gates`.
                Some(_) | None => {}
            }
        }

        let dimension_weights: f64 = scheme
            .dimensions
            .iter()
            .zip(dimension_scores.iter())
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
        let (all_dimensions, all_indicators) = (self.all_dimensions, self.all_indicators);
        let mut coverage = 0.0;
        for (i, (d, indicator)) in self.flat.iter().enumerate() {
            let result = &mut card.indicators[i];
            if matches!(result.treatment(), Treatment::Measured | Treatment::Shrunk)
                && all_dimensions > 0.0
                && all_indicators[*d] > 0.0
            {
                coverage += scheme.dimensions[*d].weight / all_dimensions * indicator.weight
                    / all_indicators[*d];
            }
            if result.score().is_none() {
                continue;
            }
            let share = card.dimensions[*d].weight;
            let weight = if indicator_sums[*d] > 0.0 {
                share * indicator.weight / indicator_sums[*d]
            } else {
                0.0
            };
            result.apply_weight(weight, gated_by[*d].is_some());
        }
        card.coverage = coverage;
        card.weakest = card
            .indicators
            .iter()
            .enumerate()
            .map(|(i, result)| (i, result.lost()))
            .filter(|&(_, lost)| lost > 0.0)
            .fold(None, |best: Option<(usize, f64)>, (i, lost)| match best {
                Some((_, most)) if most >= lost => best,
                _ => Some((i, lost)),
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
