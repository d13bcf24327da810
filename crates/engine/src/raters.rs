//! A 360-degree value, read one way for scoring and for the designer's
//! preview: the weighted mean of the raters present (the weights of
//! missing raters re-spread over the others), and the self rating minus
//! the weighted mean of the other raters.

use super::scheme::{Rater, RaterRole};

/// A rater with its column resolved to an index into a row; `None` when
/// the figures lack the column, so the rater is never present.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundRater {
    pub column: Option<usize>,
    pub weight: f64,
    pub role: RaterRole,
}

/// The raters with their columns resolved by `column`.
pub fn bind(raters: &[Rater], column: impl Fn(&str) -> Option<usize>) -> Vec<BoundRater> {
    raters
        .iter()
        .map(|rater| BoundRater {
            column: column(&rater.column),
            weight: rater.weight,
            role: rater.role,
        })
        .collect()
}

/// The columns bound raters read, to gather from the figures.
pub fn columns_read(raters: &[BoundRater]) -> Vec<usize> {
    raters.iter().filter_map(|rater| rater.column).collect()
}

/// One agent's 360 value.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rating {
    /// The weighted mean of the raters present; `None` when no rater with
    /// a weight is.
    pub value: Option<f64>,
    /// The self rating minus the weighted mean of the other raters present;
    /// `None` without a self rating or without another rater.
    pub self_gap: Option<f64>,
}

/// The 360 value of one row. A column outside the row reads as missing.
pub fn rate(raters: &[BoundRater], row: &[Option<f64>]) -> Rating {
    let mut all = (0.0, 0.0);
    let mut others = (0.0, 0.0);
    let mut own = None;
    for rater in raters {
        let Some(value) = rater.column.and_then(|c| row.get(c).copied().flatten()) else {
            continue;
        };
        all.0 += rater.weight * value;
        all.1 += rater.weight;
        if rater.role == RaterRole::SelfRating {
            own = Some(value);
        } else {
            others.0 += rater.weight * value;
            others.1 += rater.weight;
        }
    }
    let value = (all.1 > 0.0).then(|| all.0 / all.1);
    let self_gap = match own {
        Some(own) if others.1 > 0.0 => Some(own - others.0 / others.1),
        _ => None,
    };
    Rating { value, self_gap }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rater(role: RaterRole, column: usize, weight: f64) -> BoundRater {
        BoundRater {
            column: Some(column),
            weight,
            role,
        }
    }

    #[test]
    fn missing_raters_leave_their_weight_to_the_others() {
        let raters = [
            rater(RaterRole::Customer, 0, 50.0),
            rater(RaterRole::Supervisor, 1, 30.0),
            rater(RaterRole::SelfRating, 2, 20.0),
        ];
        // (50 x 8 + 30 x 6 + 20 x 9) / 100 = 7.6; self 9 against
        // (50 x 8 + 30 x 6) / 80 = 7.25.
        let all = rate(&raters, &[Some(8.0), Some(6.0), Some(9.0)]);
        assert!((all.value.unwrap() - 7.6).abs() < 1e-12);
        assert!((all.self_gap.unwrap() - 1.75).abs() < 1e-12);
        // No supervisor: (50 x 8 + 20 x 9) / 70.
        let some = rate(&raters, &[Some(8.0), None, Some(9.0)]);
        assert!((some.value.unwrap() - 580.0 / 70.0).abs() < 1e-12);
        assert_eq!(some.self_gap, Some(1.0));
        // Only the self rating: a value, no gap; nobody, nothing.
        let own = rate(&raters, &[None, None, Some(9.0)]);
        assert_eq!((own.value, own.self_gap), (Some(9.0), None));
        assert_eq!(rate(&raters, &[None, None, None]), Rating::default());
        // A column the row does not reach, or the figures lack, is missing.
        assert_eq!(rate(&raters, &[]), Rating::default());
        let unbound = [BoundRater {
            column: None,
            ..raters[0]
        }];
        assert_eq!(rate(&unbound, &[Some(1.0)]), Rating::default());
    }
}
