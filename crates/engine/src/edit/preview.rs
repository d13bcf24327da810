//! The curve preview in the designer: points of score against value for
//! the chart, and the team's value of an indicator for each row, read the
//! way scoring reads it (the same formula evaluation, previous periods and
//! raters), so the team's marks sit where scoring puts them.

use crate::curve::{Curve, Direction};
use crate::figures::Figures;
use crate::formula;
use crate::periods::{Periods, previous_rows};
use crate::raters::{self, rate};
use crate::scheme::{Indicator, ValueSource};

/// Points of score against value for a chart: `n` samples across the
/// curve's range widened by a margin and by `values` (the team's), so
/// steps and caps show. Values the curve cannot score are left out.
pub fn curve_points(
    curve: &Curve,
    direction: Direction,
    values: &[f64],
    n: usize,
) -> Vec<(f64, f64)> {
    let (mut low, mut high) = curve.domain();
    for value in values.iter().filter(|v| v.is_finite()) {
        low = low.min(*value);
        high = high.max(*value);
    }
    let margin = (high - low) * 0.1;
    let (low, high) = (low - margin, high + margin);
    let n = n.max(2);
    (0..n)
        .filter_map(|k| {
            let x = low + (high - low) * k as f64 / (n - 1) as f64;
            curve.score(direction, x).ok().map(|y| (x, y))
        })
        .collect()
}

/// The value of one indicator for each row of the figures that has one,
/// before shrinkage and the curve, for marking the team on a curve: what
/// scoring reads (a column, a formula with the previous period's row for
/// `prev()`, the 360 mean of the raters present). Works on a draft: an
/// indicator whose value cannot be read gives nothing.
pub fn indicator_values(indicator: &Indicator, figures: &Figures) -> Vec<f64> {
    let column = |id: &str| figures.column(id);
    let rows = 0..figures.len();
    match &indicator.value {
        ValueSource::Column(id) => column(id).map_or_else(Vec::new, |c| {
            rows.filter_map(|row| figures.value(row, c)).collect()
        }),
        ValueSource::Formula(text) => {
            let Ok(parsed) = formula::parse(text) else {
                return Vec::new();
            };
            let Ok(bound) = parsed.bind(&column) else {
                return Vec::new();
            };
            let previous = if parsed.columns().iter().any(|c| c.previous) {
                previous_rows(figures, &Periods::of(figures).of_row)
            } else {
                vec![None; figures.len()]
            };
            let read = bound.columns_read();
            let width = figures.columns.len();
            let (mut current, mut before) = (vec![None; width], vec![None; width]);
            let mut stack = Vec::new();
            rows.zip(previous)
                .filter_map(|(row, previous)| {
                    figures.gather(row, &read, &mut current);
                    let previous = previous.map(|p| {
                        figures.gather(p, &read, &mut before);
                        before.as_slice()
                    });
                    bound
                        .eval_with(&mut stack, &current, previous)
                        .ok()
                        .flatten()
                })
                .collect()
        }
        ValueSource::Raters(raters) => {
            let raters = raters::bind(raters, column);
            let read = raters::columns_read(&raters);
            let mut current = vec![None; figures.columns.len()];
            rows.filter_map(|row| {
                figures.gather(row, &read, &mut current);
                rate(&raters, &current).value
            })
            .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::test_support::example;
    use crate::scheme::Scheme;
    use crate::table::Table;

    /// Scores `csv` with `scheme` and checks that the preview reads every
    /// indicator's values as scoring measured them (before shrinkage toward
    /// the team mean, a missing-data policy or the curve); `check` then sees
    /// each indicator with its values.
    fn reads_like_scoring(
        what: &str,
        scheme: &Scheme,
        csv: &str,
        mut check: impl FnMut(&Indicator, &[f64]),
    ) {
        let (figures, _) = Figures::from_table(scheme, &Table::from_test_csv(csv));
        let result = crate::score::score_team(scheme, &figures).unwrap();
        for (n, (_, indicator)) in scheme.indicators().enumerate() {
            let values = indicator_values(indicator, &figures);
            let scored: Vec<f64> = result.cards.iter().filter_map(|card| card.raw(n)).collect();
            assert_eq!(values, scored, "{what}: {}", indicator.id);
            check(indicator, &values);
        }
    }

    #[test]
    fn curve_points_cover_the_team_and_the_values_read_like_scoring() {
        let csv = include_str!("../../../../docs/examples/call-centre.csv");
        reads_like_scoring("example", &example(), csv, |indicator, values| {
            let points = curve_points(&indicator.curve, indicator.direction, values, 50);
            assert!(points.len() >= 2, "{}", indicator.id);
            let (low, high) = (points[0].0, points.last().unwrap().0);
            for value in values {
                assert!(low <= *value && *value <= high, "{} {value}", indicator.id);
            }
        });
    }

    #[test]
    fn on_every_preset_the_preview_reads_each_value_as_scoring_does() {
        for preset in crate::presets::PRESETS {
            reads_like_scoring(
                preset.id,
                &preset.scheme(),
                preset.sample,
                |indicator, values| {
                    assert!(!values.is_empty(), "{}: {}", preset.id, indicator.id);
                },
            );
        }
    }
}
