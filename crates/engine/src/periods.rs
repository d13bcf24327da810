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
        let (names, codes) = figures.period_codes();
        let codes: Vec<Option<usize>> = codes.collect();
        // The periods some row is in (a merge can leave others coded), in
        // the order rows first name them, then sorted: rows without a
        // period first.
        let mut used = vec![false; names.len()];
        for &code in codes.iter().flatten() {
            used[code] = true;
        }
        let mut sorted: Vec<usize> = (0..names.len()).filter(|&code| used[code]).collect();
        crate::order::sort_by(&mut sorted, |&a, &b| compare_periods(&names[a], &names[b]));
        let none = usize::from(codes.contains(&None));
        let mut labels: Vec<Option<&str>> = Vec::with_capacity(none + sorted.len());
        if none == 1 {
            labels.push(None);
        }
        let mut place = vec![0; names.len()];
        for (at, &code) in sorted.iter().enumerate() {
            place[code] = none + at;
            labels.push(Some(names[code].as_str()));
        }
        let of_row = codes
            .iter()
            .map(|code| code.map_or(0, |code| place[code]))
            .collect();
        Periods { labels, of_row }
    }
}

/// For each row of `figures`, the same agent's row in the latest earlier
/// period (its first row there), if there is one; `period_of_row` is
/// [`Periods::of_row`].
pub fn previous_rows(figures: &Figures, period_of_row: &[usize]) -> Vec<Option<usize>> {
    let mut first_seen: HashMap<(&str, usize), usize> = HashMap::new();
    for (index, &period) in period_of_row.iter().enumerate() {
        first_seen
            .entry((figures.agent(index), period))
            .or_insert(index);
    }
    (0..figures.len())
        .map(|index| {
            (0..period_of_row[index])
                .rev()
                .find_map(|p| first_seen.get(&(figures.agent(index), p)).copied())
        })
        .collect()
}
