//! The team table: its columns, sort order and filter, the choices the
//! filter offers, and the rows it shows in order.

use std::cmp::Ordering;

use crate::scheme::Scheme;
use crate::score::{Scorecard, TeamResult};

/// A column of the team table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Rank,
    Agent,
    Group,
    Period,
    Total,
    /// The share of the weight backed by data.
    Coverage,
    Grade,
    /// A dimension's score, by dimension index.
    Dimension(usize),
    /// The weakest indicator (in scheme order).
    Weakest,
    Bonus,
}

/// The team table's order: a column and a direction. Cards without a value
/// in the column come last whichever the direction; ties keep reading order
/// (period, rank, agent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            column: Column::Rank,
            descending: false,
        }
    }
}

impl Sort {
    /// The order after clicking a column's header: the same column flips,
    /// another starts in its natural direction (best first for scores;
    /// least covered first for coverage, the cards worth a look).
    pub fn toggled(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            let descending = matches!(column, Column::Total | Column::Dimension(_) | Column::Bonus);
            Sort { column, descending }
        }
    }
}

/// Which cards the team table shows. `None` and an empty search show all.
/// Kept with a project's view.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    pub group: Option<String>,
    pub period: Option<String>,
    pub grade: Option<String>,
    /// Part of the agent's name, any case.
    pub search: String,
    /// Only agents whose total is withheld.
    pub incomplete_only: bool,
}

impl Filter {
    pub fn keeps(&self, card: &Scorecard) -> bool {
        let same =
            |wanted: &Option<String>, found: &Option<String>| wanted.is_none() || wanted == found;
        same(&self.group, &card.group)
            && same(&self.period, &card.period)
            && same(&self.grade, &card.grade)
            && (self.search.trim().is_empty()
                || card
                    .agent
                    .to_lowercase()
                    .contains(&self.search.trim().to_lowercase()))
            && (!self.incomplete_only || card.incomplete())
    }
}

/// The values a filter can pick: groups sorted, periods in the result's
/// order, and all the scheme's grades, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterChoices {
    pub groups: Vec<String>,
    pub periods: Vec<String>,
    pub grades: Vec<String>,
}

pub fn filter_choices(scheme: &Scheme, result: &TeamResult) -> FilterChoices {
    let mut groups: Vec<String> = Vec::new();
    for group in result.cards.iter().filter_map(|card| card.group.as_ref()) {
        if !groups.contains(group) {
            groups.push(group.clone());
        }
    }
    crate::order::sort_by(&mut groups, Ord::cmp);
    let periods = result
        .periods
        .iter()
        .filter_map(|summary| summary.period.clone())
        .collect();
    // Every grade, held or not: a filter on a grade nobody holds after an
    // edit shows an empty table, not a select that lost its choice.
    let grades = scheme
        .grading
        .grades()
        .into_iter()
        .map(str::to_owned)
        .collect();
    FilterChoices {
        groups,
        periods,
        grades,
    }
}

/// The indices of the cards the table shows, in the order it shows them.
pub fn team_rows(scheme: &Scheme, result: &TeamResult, filter: &Filter, sort: Sort) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..result.cards.len())
        .filter(|&i| filter.keeps(&result.cards[i]))
        .collect();
    let periods: Vec<Option<&str>> = result
        .periods
        .iter()
        .map(|summary| summary.period.as_deref())
        .collect();
    let period_index = |card: &Scorecard| {
        periods
            .iter()
            .position(|period| *period == card.period.as_deref())
    };
    let grades = scheme.grading.grades();
    let grade_index = |card: &Scorecard| {
        card.grade
            .as_deref()
            .and_then(|grade| grades.iter().position(|g| *g == grade))
    };
    let reading = |a: &Scorecard, b: &Scorecard| {
        period_index(a)
            .cmp(&period_index(b))
            .then(a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)))
            .then_with(|| a.agent.cmp(&b.agent))
    };
    // `Some` values in the chosen direction, then `None`.
    fn last_if_none<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => {
                let order = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
                if descending { order.reverse() } else { order }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let descending = sort.descending;
    crate::order::sort_by(&mut rows, |&a, &b| {
        let (a, b) = (&result.cards[a], &result.cards[b]);
        let order = match sort.column {
            Column::Rank => last_if_none(a.rank, b.rank, descending),
            Column::Agent => last_if_none(Some(&a.agent), Some(&b.agent), descending),
            Column::Group => last_if_none(a.group.as_ref(), b.group.as_ref(), descending),
            Column::Period => last_if_none(period_index(a), period_index(b), descending),
            Column::Total => last_if_none(a.total, b.total, descending),
            Column::Coverage => last_if_none(Some(a.coverage), Some(b.coverage), descending),
            // Best grade first is the natural (ascending) order.
            Column::Grade => last_if_none(grade_index(a), grade_index(b), descending),
            Column::Dimension(d) => last_if_none(
                a.dimensions.get(d).and_then(|s| s.score),
                b.dimensions.get(d).and_then(|s| s.score),
                descending,
            ),
            // By the indicator's place in the scheme: the same order in
            // every language.
            Column::Weakest => last_if_none(a.weakest, b.weakest, descending),
            Column::Bonus => last_if_none(a.bonus, b.bonus, descending),
        };
        order.then_with(|| reading(a, b))
    });
    rows
}
