//! Weight checks: each weight a number of 0 or more, and every set adding
//! up to 100 within a tolerance, never renormalised.

use super::problem::{Problem, WeightSet};

/// How far a weight sum may be from 100.
pub const WEIGHT_TOLERANCE: f64 = 0.01;

/// Whether weights adding up to `sum` add up to 100, within
/// [`WEIGHT_TOLERANCE`] inclusive: 33.33 x 3 = 99.99 does, though its float
/// sum is 0.0100000000000051 short (the noise is allowed for).
pub fn adds_up_to_100(sum: f64) -> bool {
    (sum - 100.0).abs() <= WEIGHT_TOLERANCE + 1e-9
}

/// Each weight a number of 0 or more, and the sum 100 within the tolerance.
/// `what` names the set only when there is a problem to report.
pub(super) fn check_weights(
    weights: impl Iterator<Item = f64>,
    what: impl FnOnce() -> WeightSet,
    mut push: impl FnMut(Problem),
) {
    let weights: Vec<f64> = weights.collect();
    if weights.is_empty() {
        return;
    }
    if let Some(&found) = weights
        .iter()
        .find(|weight| !weight.is_finite() || **weight < 0.0)
    {
        push(Problem::WeightNotNumber {
            what: what(),
            found,
        });
        return;
    }
    let sum: f64 = weights.iter().sum();
    if !adds_up_to_100(sum) {
        push(Problem::WeightSum {
            what: what(),
            sum: round_for_message(sum),
        });
    }
}

/// A sum for a message: enough decimals to show why it is off, no float noise.
fn round_for_message(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}
