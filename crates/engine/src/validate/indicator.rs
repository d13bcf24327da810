//! The checks of one indicator: its value source, formula, curves and
//! overrides, gate, link and minimum sample, against the scheme it is in.

use std::collections::HashSet;

use super::problem::{ColumnRole, Problem, WeightSet};
use super::weights::check_weights;
use crate::curve::Direction;
use crate::formula;
use crate::scheme::{GateEffect, Indicator, Scheme, ValueSource};

pub(super) fn check_indicator(
    scheme: &Scheme,
    indicator: &Indicator,
    inputs: &HashSet<&str>,
    grades: &[&str],
    mut push: impl FnMut(&'static str, Problem),
) {
    let declared = |column: &str| inputs.contains(column);
    match &indicator.value {
        ValueSource::Column(column) => {
            if !declared(column) {
                push(
                    "value",
                    Problem::UnknownColumn {
                        column: column.clone(),
                        role: ColumnRole::Value,
                    },
                );
            }
        }
        ValueSource::Formula(source) => match formula::parse(source) {
            Err(err) => push("value", Problem::Formula(err)),
            Ok(parsed) => {
                for column in parsed.columns() {
                    if !declared(&column.name) {
                        push(
                            "value",
                            Problem::FormulaUnknownColumn {
                                position: column.position,
                                column: column.name,
                            },
                        );
                    }
                }
            }
        },
        ValueSource::Raters(raters) => {
            if raters.is_empty() {
                push("value", Problem::NoRaters);
            }
            for rater in raters {
                if !declared(&rater.column) {
                    push(
                        "value",
                        Problem::UnknownColumn {
                            column: rater.column.clone(),
                            role: ColumnRole::Rater,
                        },
                    );
                }
            }
            check_weights(
                raters.iter().map(|rater| rater.weight),
                || WeightSet::Raters,
                |problem| push("value", problem),
            );
        }
    }

    if let Err(err) = indicator.curve.check(indicator.direction) {
        push("curve", Problem::Curve(err));
    }
    for group_override in &indicator.overrides {
        if scheme.columns.group.is_none() {
            push("overrides", Problem::OverridesNeedGroupColumn);
        }
        if let Err(error) = group_override.curve.check(indicator.direction) {
            push(
                "overrides",
                Problem::Override {
                    group: group_override.group.clone(),
                    error,
                },
            );
        }
    }

    if let Some(gate) = &indicator.gate {
        let max = indicator.curve.max_score();
        if !(gate.below.is_finite() && gate.below > 0.0 && gate.below <= max) {
            push(
                "gate",
                Problem::GateLevel {
                    max,
                    found: gate.below,
                },
            );
        }
        if let GateEffect::CapGrade(grade) = &gate.effect
            && !grades.contains(&grade.as_str())
        {
            push(
                "gate",
                Problem::GateGrade {
                    grade: grade.clone(),
                    grades: grades.iter().map(|&grade| grade.to_owned()).collect(),
                },
            );
        }
    }
    if let Some(link) = &indicator.link {
        if link.indicator == indicator.id {
            push("link", Problem::LinkToSelf);
        } else {
            match scheme.indicator(&link.indicator) {
                None => push(
                    "link",
                    Problem::LinkUnknown {
                        guard: link.indicator.clone(),
                    },
                ),
                Some(guard) if guard.direction == Direction::Band => push(
                    "link",
                    Problem::LinkBandGuard {
                        guard: guard.id.clone(),
                    },
                ),
                Some(_) => {}
            }
        }
        if !link.worse_than.is_finite() {
            push("link", Problem::LinkThreshold);
        }
    }
    if let Some(sample) = &indicator.min_sample {
        if !declared(&sample.count) {
            push(
                "min_sample",
                Problem::UnknownColumn {
                    column: sample.count.clone(),
                    role: ColumnRole::Count,
                },
            );
        }
        if !(sample.min.is_finite() && sample.min >= 0.0) {
            push("min_sample", Problem::MinSampleMin);
        }
        if let Some(shrink) = sample.shrink
            && !(shrink.is_finite() && shrink >= 0.0)
        {
            push("min_sample", Problem::MinSampleShrink);
        }
    }
}
