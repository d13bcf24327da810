//! Synthetic teams for benchmarks and load tests: a scheme of any size with a
//! mix of curves, formulas and missing-data policies, and deterministic
//! random figures for it; and a per-agent export of any size, so every
//! import benchmark (criterion, the native example, the browser page) times
//! byte-identical data.

use std::fmt::Write;

use super::curve::Direction;
use super::curve::{Band, Curve, RatioForm};
use super::figures::{Figures, Row};
use super::scheme::{
    Dimension, Grading, Indicator, Input, KeyColumns, MissingPolicy, Names, SCHEME_FORMAT,
    SCHEME_VERSION, Scheme, ValueSource,
};

/// A small deterministic generator (xorshift64*), so a benchmark sees the
/// same figures on every run and no dependency is needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A float in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Splits 100 into `parts` weights that add up to exactly 100.
fn even_weights(parts: usize) -> Vec<f64> {
    let base = (100 / parts) as f64;
    let mut weights = vec![base; parts];
    weights[0] += 100.0 - base * parts as f64;
    weights
}

/// A scheme with `dimensions` x `per_dimension` indicators, and figures for
/// `agents` agents with about 3% of the cells missing.
pub fn synthetic_team(
    agents: usize,
    dimensions: usize,
    per_dimension: usize,
    seed: u64,
) -> (Scheme, Figures) {
    let mut rng = Rng(seed | 1);
    let mut inputs = Vec::new();
    let dimension_weights = even_weights(dimensions.max(1));
    let indicator_weights = even_weights(per_dimension.max(1));
    let mut scheme_dimensions = Vec::new();
    for (d, &dimension_weight) in dimension_weights.iter().enumerate().take(dimensions) {
        let mut indicators = Vec::new();
        for (i, &indicator_weight) in indicator_weights.iter().enumerate().take(per_dimension) {
            let id = format!("d{d}i{i}");
            let column = format!("{id}_x");
            inputs.push(Input {
                id: column.clone(),
                name: Names::both(&column),
                aliases: Vec::new(),
                unit: String::new(),
            });
            let (direction, value, curve) = match (d * per_dimension + i) % 6 {
                0 => (
                    Direction::Higher,
                    ValueSource::Column(column.clone()),
                    Curve::Linear {
                        worst: 20.0,
                        best: 90.0,
                    },
                ),
                1 => (
                    Direction::Lower,
                    ValueSource::Column(column.clone()),
                    Curve::Linear {
                        worst: 90.0,
                        best: 10.0,
                    },
                ),
                2 => (
                    Direction::Higher,
                    ValueSource::Column(column.clone()),
                    Curve::Payout {
                        threshold: 30.0,
                        target: 70.0,
                        stretch: 90.0,
                        below: 0.0,
                        at_threshold: 40.0,
                        cap: 120.0,
                    },
                ),
                3 => (
                    Direction::Lower,
                    ValueSource::Formula(format!("{column} * 0.5 + 10")),
                    Curve::Ratio {
                        target: 30.0,
                        cap: 120.0,
                        lower_form: RatioForm::Complement,
                    },
                ),
                4 => (
                    Direction::Higher,
                    ValueSource::Column(column.clone()),
                    Curve::Bands {
                        bands: vec![
                            Band {
                                from: None,
                                to: Some(40.0),
                                score: 0.0,
                            },
                            Band {
                                from: Some(40.0),
                                to: Some(70.0),
                                score: 60.0,
                            },
                            Band {
                                from: Some(70.0),
                                to: None,
                                score: 100.0,
                            },
                        ],
                    },
                ),
                _ => (
                    Direction::Band,
                    ValueSource::Column(column.clone()),
                    Curve::TargetBand {
                        target: 50.0,
                        tolerance: 10.0,
                        limit: 40.0,
                    },
                ),
            };
            let missing = match i % 3 {
                0 => MissingPolicy::Exclude,
                1 => MissingPolicy::Zero,
                _ => MissingPolicy::TeamMedian,
            };
            indicators.push(Indicator {
                id: id.clone(),
                name: Names::both(&id),
                unit: String::new(),
                direction,
                value,
                curve,
                missing,
                weight: indicator_weight,
                gate: None,
                link: None,
                min_sample: None,
                overrides: Vec::new(),
            });
        }
        scheme_dimensions.push(Dimension {
            id: format!("d{d}"),
            name: Names::both(&format!("d{d}")),
            weight: dimension_weight,
            indicators,
        });
    }
    let scheme = Scheme {
        format: SCHEME_FORMAT.to_owned(),
        version: SCHEME_VERSION,
        id: "synthetic".to_owned(),
        name: Names::both("Synthetic"),
        description: Names::default(),
        columns: KeyColumns::default(),
        inputs,
        dimensions: scheme_dimensions,
        grading: Grading::default(),
        min_coverage: None,
        bonus: None,
        profiles: Vec::new(),
    };
    let columns: Vec<String> = scheme.inputs.iter().map(|input| input.id.clone()).collect();
    let rows: Vec<Row> = (0..agents)
        .map(|a| Row {
            agent: format!("agent{a:05}"),
            group: None,
            period: None,
            values: columns
                .iter()
                .map(|_| (rng.unit() >= 0.03).then(|| (rng.unit() * 100.0 * 100.0).round() / 100.0))
                .collect(),
            line: a + 2,
        })
        .collect();
    (scheme, Figures::from_rows(columns, rows))
}

/// A CSV per-agent export of at least `bytes` bytes (it stops after the row
/// that reaches the size) for the synthetic 5 x 6 scheme, which it returns
/// too, shaped like a real export: Chinese headers (`坐席,指标1,...`, each an
/// alias of its input) and agent names, then cells that mix decimals,
/// percentages (`98.5%`), quoted numbers with a thousands separator
/// (`"1,234"`), `hh:mm:ss` durations and plain integers, about 2% of them
/// empty. The same `bytes` always gives the same text.
pub fn synthetic_export(bytes: usize) -> (Scheme, String) {
    const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
    const GIVEN: [&str; 6] = ["芳", "强", "静", "伟", "敏", "磊"];
    let (mut scheme, figures) = synthetic_team(1, 5, 6, 7);
    let mut text = String::with_capacity(bytes + 256);
    text.push_str("坐席");
    for (n, input) in scheme.inputs.iter_mut().enumerate() {
        let header = format!("指标{}", n + 1);
        text.push(',');
        text.push_str(&header);
        input.aliases.push(header);
    }
    text.push('\n');
    let mut agent = 0usize;
    while text.len() < bytes {
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "{}{}{agent:06}",
            SURNAMES[agent % SURNAMES.len()],
            GIVEN[agent / SURNAMES.len() % GIVEN.len()]
        );
        for c in 0..figures.columns.len() {
            // A spread of cells, one in 50 of them empty.
            if (agent * 31 + c * 17).is_multiple_of(50) {
                text.push(',');
                continue;
            }
            let _ = match (agent + c) % 6 {
                0 => write!(text, ",{}.{}", agent % 1000, c % 10),
                1 => write!(text, ",{}.{}%", (agent * 7 + c) % 100, agent % 10),
                2 => write!(text, ",\"{},{:03}\"", agent % 90 + 1, c),
                3 => write!(text, ",00:{:02}:{:02}", agent % 9, c % 60),
                _ => write!(text, ",{}", (agent * 31 + c) % 5000),
            };
        }
        text.push('\n');
        agent += 1;
    }
    (scheme, text)
}

/// Figures as a CSV with a header `agent,group,period,<input ids>` (group
/// and period only when some row has one), for loading a synthetic team
/// into the page as a user would.
pub fn figures_csv(figures: &Figures) -> String {
    let rows = 0..figures.len();
    let has_group = rows.clone().any(|row| figures.group(row).is_some());
    let has_period = rows.clone().any(|row| figures.period(row).is_some());
    let mut text = String::from("agent");
    if has_group {
        text.push_str(",group");
    }
    if has_period {
        text.push_str(",period");
    }
    for column in &figures.columns {
        text.push(',');
        text.push_str(column);
    }
    text.push('\n');
    for row in rows {
        text.push_str(figures.agent(row));
        if has_group {
            let _ = write!(text, ",{}", figures.group(row).unwrap_or(""));
        }
        if has_period {
            let _ = write!(text, ",{}", figures.period(row).unwrap_or(""));
        }
        for column in 0..figures.columns.len() {
            match figures.value(row, column) {
                Some(value) => {
                    let _ = write!(text, ",{value}");
                }
                None => text.push(','),
            }
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::score_team;
    use crate::validate::validate;

    #[test]
    fn the_synthetic_scheme_is_valid_and_scores() {
        let (scheme, figures) = synthetic_team(50, 5, 8, 7);
        assert_eq!(validate(&scheme), []);
        assert_eq!(scheme.indicators().count(), 40);
        let result = score_team(&scheme, &figures).unwrap();
        assert_eq!(result.cards.len(), 50);
        assert!(result.cards.iter().all(|card| card.total.is_some()));
        // Same seed, same figures.
        assert_eq!(synthetic_team(50, 5, 8, 7).1, figures);
    }

    #[test]
    fn synthetic_figures_written_as_csv_read_back_the_same() {
        use crate::table::Table;

        let (scheme, figures) = synthetic_team(40, 5, 6, 3);
        let table = Table::from_test_csv(&figures_csv(&figures));
        let (read, issues) = Figures::from_table(&scheme, &table);
        assert_eq!(issues, []);
        assert_eq!(read.columns, figures.columns);
        assert_eq!(read.len(), figures.len());
        for (a, b) in read.to_rows().into_iter().zip(figures.to_rows()) {
            assert_eq!(
                (&a.agent, &a.group, &a.period),
                (&b.agent, &b.group, &b.period)
            );
            assert_eq!(a.values, b.values);
        }
    }
}
