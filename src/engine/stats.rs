//! Team statistics: count, mean, median, min, max and standard deviation.

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

/// Statistics of `values`. They are sorted first, so the sums, and with them
/// every figure, do not depend on the order the agents came in.
pub fn stats(values: impl IntoIterator<Item = f64>) -> Stats {
    let mut values: Vec<f64> = values
        .into_iter()
        .filter(|value| value.is_finite())
        .collect();
    if values.is_empty() {
        return Stats::default();
    }
    values.sort_by(f64::total_cmp);
    let count = values.len();
    let mean = values.iter().sum::<f64>() / count as f64;
    let variance = values
        .iter()
        .map(|value| (value - mean).powi(2))
        .sum::<f64>()
        / count as f64;
    Stats {
        count,
        mean: Some(mean),
        median: Some(median_of_sorted(&values)),
        min: values.first().copied(),
        max: values.last().copied(),
        std_dev: Some(variance.sqrt()),
    }
}

/// The median of sorted, non-empty values (the mean of the middle two for an
/// even count).
pub fn median_of_sorted(sorted: &[f64]) -> f64 {
    let middle = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
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
        assert_eq!(stats([]), Stats::default());
    }
}
