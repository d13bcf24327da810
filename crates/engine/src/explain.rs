//! The explanation of a scorecard: the ordered steps that produced its total,
//! derived on demand from the numbers on the card (so scoring a whole team
//! builds no text). The UI renders each step through its translations; the
//! `Display` form is plain English for the CLI and exports.

use std::fmt;

use serde::Serialize;

use super::scheme::{GateEffect, Scheme, ValueSource};
use super::score::{NoTotal, Scorecard, Treatment, shown_percent};

/// One step of an explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The value was read or computed.
    Value {
        indicator: String,
        value: f64,
        from: ValueFrom,
    },
    /// The value was shrunk toward the team mean because of its sample size.
    Shrunk {
        indicator: String,
        raw: f64,
        count: f64,
        value: f64,
    },
    /// The value was missing and the policy decided what to do.
    Missing {
        indicator: String,
        treatment: Treatment,
        value: Option<f64>,
    },
    /// The curve turned the value into a score.
    Scored {
        indicator: String,
        value: f64,
        curve: String,
        group: Option<String>,
        score: f64,
    },
    /// The linked guard was worse than its threshold, so no points.
    LinkZeroed {
        indicator: String,
        guard: String,
        worse_than: f64,
    },
    /// The score was weighted into the total.
    Weighted {
        indicator: String,
        score: f64,
        weight: f64,
        points: f64,
    },
    /// A critical indicator under its level zeroed its dimension.
    DimensionGated {
        dimension: String,
        indicator: String,
        score: f64,
        below: f64,
    },
    /// The dimension score and its applied weight.
    Dimension {
        dimension: String,
        score: Option<f64>,
        weight: f64,
    },
    /// A critical indicator under its level zeroed the total.
    TotalGated {
        indicator: String,
        score: f64,
        below: f64,
    },
    /// The total, and why there is none (incomplete, under the scheme's
    /// minimum coverage, nothing scored).
    Total {
        total: Option<f64>,
        /// Share (0..1) of the weight backed by data, as on the card.
        coverage: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        no_total: Option<NoTotal>,
    },
    /// The rank among the agents of the period.
    Rank { rank: u32, of: usize },
    /// The grade, and the grade before a gate capped it.
    Grade {
        grade: String,
        capped_from: Option<String>,
    },
    /// The bonus in cents.
    Bonus { cents: i64 },
}

/// Where an indicator's value came from, as its scheme says.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum ValueFrom {
    /// An input column, by id.
    Column { column: String },
    /// A formula, as written.
    Formula { formula: String },
    /// The weighted mean of this many raters.
    Raters { raters: usize },
}

impl ValueFrom {
    /// Where `source` takes its value from.
    pub fn of(source: &ValueSource) -> ValueFrom {
        match source {
            ValueSource::Column(column) => ValueFrom::Column {
                column: column.clone(),
            },
            ValueSource::Formula(formula) => ValueFrom::Formula {
                formula: formula.clone(),
            },
            ValueSource::Raters(raters) => ValueFrom::Raters {
                raters: raters.len(),
            },
        }
    }
}

impl fmt::Display for ValueFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueFrom::Column { column } => write!(f, "column {column}"),
            ValueFrom::Formula { formula } => write!(f, "formula {formula}"),
            ValueFrom::Raters { raters: 1 } => write!(f, "1 rater"),
            ValueFrom::Raters { raters } => write!(f, "{raters} raters"),
        }
    }
}

/// The steps behind a scorecard, in the order they happened. `ranked` is the
/// number of agents ranked in the card's period.
pub fn explain(scheme: &Scheme, card: &Scorecard, ranked: usize) -> Vec<Step> {
    let flat: Vec<_> = scheme.indexed_indicators().collect();
    let mut steps = Vec::new();
    for (i, (_, indicator)) in flat.iter().enumerate() {
        let result = &card.indicators[i];
        let id = indicator.id.clone();
        match result.treatment() {
            Treatment::Measured | Treatment::Shrunk => {
                if let Some(raw) = card.raw(i) {
                    steps.push(Step::Value {
                        indicator: id.clone(),
                        value: raw,
                        from: ValueFrom::of(&indicator.value),
                    });
                }
                if let (Treatment::Shrunk, Some(raw), Some(count), Some(value)) = (
                    result.treatment(),
                    card.raw(i),
                    card.count(i),
                    result.value(),
                ) {
                    steps.push(Step::Shrunk {
                        indicator: id.clone(),
                        raw,
                        count,
                        value,
                    });
                }
            }
            treatment => steps.push(Step::Missing {
                indicator: id.clone(),
                treatment,
                value: result.value(),
            }),
        }
        if let (Some(value), Some(score)) = (result.value(), result.score()) {
            let curve = indicator.curve_for(card.group.as_deref());
            // Name the group only when it has targets of its own.
            let group = card
                .group
                .clone()
                .filter(|group| indicator.overrides.iter().any(|o| &o.group == group));
            if result.linked_zero() {
                if let Some(link) = &indicator.link {
                    steps.push(Step::LinkZeroed {
                        indicator: id.clone(),
                        guard: link.indicator.clone(),
                        worse_than: link.worse_than,
                    });
                }
            } else {
                steps.push(Step::Scored {
                    indicator: id.clone(),
                    value,
                    curve: curve.kind().to_owned(),
                    group,
                    score,
                });
            }
            steps.push(Step::Weighted {
                indicator: id,
                score,
                weight: result.weight(),
                points: result.points(),
            });
        }
    }
    for (d, dimension) in scheme.dimensions.iter().enumerate() {
        let result = &card.dimensions[d];
        if let Some(g) = result.gated_by
            && let (Some(gate), Some(score)) = (&flat[g].1.gate, card.indicators[g].score())
        {
            steps.push(Step::DimensionGated {
                dimension: dimension.id.clone(),
                indicator: flat[g].1.id.clone(),
                score,
                below: gate.below,
            });
        }
        steps.push(Step::Dimension {
            dimension: dimension.id.clone(),
            score: result.score,
            weight: result.weight,
        });
    }
    if let Some(g) = card.total_gate
        && let (Some(gate), Some(score)) = (&flat[g].1.gate, card.indicators[g].score())
        && matches!(gate.effect, GateEffect::ZeroTotal)
    {
        steps.push(Step::TotalGated {
            indicator: flat[g].1.id.clone(),
            score,
            below: gate.below,
        });
    }
    steps.push(Step::Total {
        total: card.total,
        coverage: card.coverage,
        no_total: card.no_total,
    });
    if let Some(rank) = card.rank {
        steps.push(Step::Rank { rank, of: ranked });
    }
    if let Some(grade) = &card.grade {
        steps.push(Step::Grade {
            grade: grade.clone(),
            capped_from: card
                .uncapped_grade
                .clone()
                .filter(|uncapped| uncapped != grade),
        });
    }
    if let Some(cents) = card.bonus {
        steps.push(Step::Bonus { cents });
    }
    steps
}

/// A number for people: at most two decimals, no trailing zeros.
pub fn number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Cents as currency units with two decimals: the bonus's own wording.
pub use super::bonus::units as money;

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Value {
                indicator,
                value,
                from,
            } => write!(f, "{indicator}: value {} from {from}", number(*value)),
            Step::Shrunk {
                indicator,
                raw,
                count,
                value,
            } => write!(
                f,
                "{indicator}: only {} {}, so {} was moved toward the team mean: {}",
                number(*count),
                if *count == 1.0 { "case" } else { "cases" },
                number(*raw),
                number(*value)
            ),
            Step::Missing {
                indicator,
                treatment,
                value,
            } => match treatment {
                Treatment::Imputed => write!(
                    f,
                    "{indicator}: missing, the team median {} was used",
                    value.map_or_else(String::new, number)
                ),
                Treatment::ZeroForMissing => {
                    write!(f, "{indicator}: missing, scored 0 as the scheme says")
                }
                Treatment::Incomplete => write!(
                    f,
                    "{indicator}: missing, so the scorecard is incomplete and has no total"
                ),
                _ => write!(
                    f,
                    "{indicator}: missing, left out; its weight goes to the other indicators"
                ),
            },
            Step::Scored {
                indicator,
                value,
                curve,
                group,
                score,
            } => match group {
                Some(group) => write!(
                    f,
                    "{indicator}: {} on the {curve} curve for group {group} scores {}",
                    number(*value),
                    number(*score)
                ),
                None => write!(
                    f,
                    "{indicator}: {} on the {curve} curve scores {}",
                    number(*value),
                    number(*score)
                ),
            },
            Step::LinkZeroed {
                indicator,
                guard,
                worse_than,
            } => write!(
                f,
                "{indicator}: scores 0 because {guard} is worse than {}",
                number(*worse_than)
            ),
            Step::Weighted {
                indicator,
                score,
                weight,
                points,
            } => write!(
                f,
                "{indicator}: {} x {}% = {} points",
                number(*score),
                number(*weight),
                number(*points)
            ),
            Step::DimensionGated {
                dimension,
                indicator,
                score,
                below,
            } => write!(
                f,
                "{dimension}: set to 0 because {indicator} scored {}, under its critical level {}",
                number(*score),
                number(*below)
            ),
            Step::Dimension {
                dimension,
                score,
                weight,
            } => match score {
                Some(score) => write!(
                    f,
                    "{dimension}: {} with weight {}%",
                    number(*score),
                    number(*weight)
                ),
                None => write!(
                    f,
                    "{dimension}: no score; its weight goes to the other dimensions"
                ),
            },
            Step::TotalGated {
                indicator,
                score,
                below,
            } => write!(
                f,
                "total set to 0 because {indicator} scored {}, under its critical level {}",
                number(*score),
                number(*below)
            ),
            Step::Total {
                total,
                coverage,
                no_total,
            } => match (total, no_total) {
                (Some(total), _) => write!(
                    f,
                    "total {} ({}% of the weight backed by data)",
                    number(*total),
                    number(shown_percent(*coverage))
                ),
                (None, Some(NoTotal::Coverage { min })) => write!(
                    f,
                    "no total: data covers {}% of the weight, the scheme asks for at least {}%, so the scorecard is incomplete",
                    number(shown_percent(*coverage)),
                    number(*min)
                ),
                (None, Some(NoTotal::NothingScored)) => {
                    write!(
                        f,
                        "no total: nothing with weight could be scored, so the scorecard is incomplete"
                    )
                }
                (None, _) => write!(f, "no total: the scorecard is incomplete"),
            },
            Step::Rank { rank, of } => write!(f, "rank {rank} of {of}"),
            Step::Grade { grade, capped_from } => match capped_from {
                Some(from) => write!(f, "grade {grade} (capped from {from} by a gate)"),
                None => write!(f, "grade {grade}"),
            },
            Step::Bonus { cents } => write!(f, "bonus {}", money(*cents)),
        }
    }
}
