//! The periods of a team's figures, read one way for scoring and for the
//! designer's preview: in natural order, each row's period, and each row's
//! previous row (the same agent in the latest earlier period), which is
//! what `prev()` in a formula reads.

use std::collections::HashMap;

use super::figures::{Figures, compare_periods};

/// The figures' periods and which one each row is in.
#[derive(Clone, Debug, PartialEq)]
pub struct Periods<'a> {
    /// The period labels in natural order (`None` for rows without one).
    pub labels: Vec<Option<&'a str>>,
    /// For each row, the index of its period in `labels`.
    pub of_row: Vec<usize>,
}

impl<'a> Periods<'a> {
    /// The periods of `figures`.
    pub fn of(figures: &'a Figures) -> Periods<'a> {
        let mut labels: Vec<Option<&str>> = Vec::new();
        for row in &figures.rows {
            if !labels.contains(&row.period.as_deref()) {
                labels.push(row.period.as_deref());
            }
        }
        crate::order::sort_by(&mut labels, |a, b| match (a, b) {
            (Some(a), Some(b)) => compare_periods(a, b),
            _ => a.cmp(b),
        });
        let of_row = figures
            .rows
            .iter()
            .map(|row| {
                labels
                    .iter()
                    .position(|label| *label == row.period.as_deref())
                    .unwrap_or(0)
            })
            .collect();
        Periods { labels, of_row }
    }
}

/// For each row of `figures`, the same agent's row in the latest earlier
/// period (its first row there), if there is one; `period_of_row` is
/// [`Periods::of_row`].
pub fn previous_rows(figures: &Figures, period_of_row: &[usize]) -> Vec<Option<usize>> {
    let mut first_seen: HashMap<(&str, usize), usize> = HashMap::new();
    for (index, row) in figures.rows.iter().enumerate() {
        first_seen
            .entry((row.agent.as_str(), period_of_row[index]))
            .or_insert(index);
    }
    figures
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            (0..period_of_row[index])
                .rev()
                .find_map(|p| first_seen.get(&(row.agent.as_str(), p)).copied())
        })
        .collect()
}
