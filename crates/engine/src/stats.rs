//! Team statistics: count, mean, median, min, max and standard deviation.
//!
//! Floating-point sums depend on the order of their terms, so callers pass
//! values in a canonical order (the engine uses the agents sorted by name);
//! then no statistic depends on the order the rows came in. The median is an
//! order statistic found by selection, so nothing here sorts a column.

use serde::Serialize;

/// Summary statistics of a set of numbers; all `None` when there are none.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub count: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Population standard deviation (the team is the whole population).
    pub std_dev: Option<f64>,
}

/// Statistics of the finite numbers in `values`, summed in the order given.
pub fn stats(values: impl IntoIterator<Item = f64>) -> Stats {
    let mut values: Vec<f64> = values
        .into_iter()
        .filter(|value| value.is_finite())
        .collect();
    if values.is_empty() {
        return Stats::default();
    }
    let count = values.len();
    let (mut min, mut max, mut sum) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
    for &value in &values {
        // Plain comparisons: the values are finite, and `f64::min`/`max`
        // handle NaN through a slow library call.
        if value < min {
            min = value;
        }
        if value > max {
            max = value;
        }
        sum += value;
    }
    let mean = sum / count as f64;
    let variance = values
        .iter()
        .map(|value| (value - mean).powi(2))
        .sum::<f64>()
        / count as f64;
    Stats {
        count,
        mean: Some(mean),
        median: median(&mut values),
        min: Some(min),
        max: Some(max),
        std_dev: Some(variance.sqrt()),
    }
}

/// The mean of `values` in the order given, `None` for none.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values
        .into_iter()
        .fold((0.0, 0usize), |(sum, count), value| {
            (sum + value, count + 1)
        });
    (count > 0).then(|| sum / count as f64)
}

/// The median (the mean of the middle two for an even count), found by
/// selection rather than sorting; reorders `values`.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let even = values.len().is_multiple_of(2);
    let middle = values.len() / 2;
    let (lower, upper, _) = values.select_nth_unstable_by(middle, f64::total_cmp);
    let upper = *upper;
    if even {
        let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some((below + upper) / 2.0)
    } else {
        Some(upper)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 40/8 = 5, median (4+5)/2 = 4.5,
        // squared deviations 9+1+1+1+0+0+4+16 = 32, /8 = 4, sd 2.
        let result = stats([5.0, 2.0, 9.0, 4.0, 4.0, 7.0, 4.0, 5.0]);
        assert_eq!(result.count, 8);
        assert_eq!(result.mean, Some(5.0));
        assert_eq!(result.median, Some(4.5));
        assert_eq!(result.min, Some(2.0));
        assert_eq!(result.max, Some(9.0));
        assert_eq!(result.std_dev, Some(2.0));
        assert_eq!(stats([3.0, 1.0, 2.0]).median, Some(2.0));
        assert_eq!(stats([f64::NAN, 1.0]).count, 1);
        assert_eq!(stats([]), Stats::default());
        assert_eq!(mean([1.0, 2.0]), Some(1.5));
        assert_eq!(mean([]), None);
    }

    #[test]
    fn median_by_selection() {
        assert_eq!(median(&mut [9.0, 1.0, 5.0, 3.0]), Some(4.0));
        assert_eq!(median(&mut [2.0]), Some(2.0));
        assert_eq!(median(&mut []), None);
    }
}
