//! What the edit tests share: the example scheme, and a level's weights
//! counted in hundredths (which is how "adds up to exactly 100" is meant).

use crate::scheme::Scheme;

pub(super) fn example() -> Scheme {
    Scheme::from_json(include_str!("../../../../docs/examples/call-centre.json")).unwrap()
}

pub(super) fn hundredths(weights: &[f64]) -> i64 {
    weights.iter().map(|w| (w * 100.0).round() as i64).sum()
}
