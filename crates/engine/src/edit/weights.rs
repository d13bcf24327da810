//! The weights of a level (the dimensions, or one dimension's indicators),
//! under the scheme or a profile: reading and setting them, and the edits
//! that make a level add up to exactly 100 when the user asks ("spread
//! evenly", "scale to 100", one weight changed with the others rescaled).

use crate::scheme::Scheme;

/// `n` weights adding up to exactly 100, equal to the hundredth; the first
/// ones take the odd hundredths.
pub fn spread_evenly(n: usize) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let hundredths = 10_000 / n;
    let odd = 10_000 % n;
    (0..n)
        .map(|i| (hundredths + usize::from(i < odd)) as f64 / 100.0)
        .collect()
}

/// The weights scaled in proportion so they add up to 100, to the
/// hundredth (largest remainders take the odd hundredths). `None` when
/// there is no proportion to keep: all zero, or a weight that is not a
/// number of 0 or more.
pub fn scale_to_100(weights: &[f64]) -> Option<Vec<f64>> {
    scale_to(weights, 10_000)
}

/// The weights scaled in proportion to add up to `total` hundredths.
fn scale_to(weights: &[f64], total: u64) -> Option<Vec<f64>> {
    if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
        return None;
    }
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return None;
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut hundredths: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let short = total.saturating_sub(hundredths.iter().sum::<u64>());
    let mut order: Vec<usize> = (0..weights.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(short as usize) {
        hundredths[i] += 1;
    }
    Some(hundredths.into_iter().map(|h| h as f64 / 100.0).collect())
}

/// The weights with weight `index` set to `weight` (kept within 0..=100,
/// to the hundredth) and the others rescaled in proportion so the level
/// still adds up to exactly 100; when the others are all 0 they share what
/// is left equally. A level of one weight just takes the new weight.
pub fn rebalanced(weights: &[f64], index: usize, weight: f64) -> Vec<f64> {
    let mut result = weights.to_vec();
    if index >= weights.len() {
        return result;
    }
    let weight = if weight.is_finite() {
        weight.clamp(0.0, 100.0)
    } else {
        0.0
    };
    let weight_hundredths = (weight * 100.0).round() as u64;
    result[index] = weight_hundredths as f64 / 100.0;
    if weights.len() == 1 {
        return result;
    }
    let others: Vec<f64> = (0..weights.len())
        .filter(|&i| i != index)
        .map(|i| weights[i])
        .collect();
    let rest = 10_000 - weight_hundredths;
    let scaled = scale_to(&others, rest).unwrap_or_else(|| {
        let n = others.len() as u64;
        (0..n)
            .map(|i| (rest / n + u64::from(i < rest % n)) as f64 / 100.0)
            .collect()
    });
    let mut scaled = scaled.into_iter();
    for (i, slot) in result.iter_mut().enumerate() {
        if i != index {
            *slot = scaled.next().unwrap_or_default();
        }
    }
    result
}

/// One level of weights: the dimensions, or the indicators of one
/// dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Dimensions,
    Indicators(usize),
}

/// The weights of a level as they apply under `profile` (an index into
/// `scheme.profiles`; `None` is the scheme's own weights).
pub fn level_weights(scheme: &Scheme, profile: Option<usize>, level: Level) -> Vec<f64> {
    let profile = profile.and_then(|p| scheme.profiles.get(p));
    match level {
        Level::Dimensions => scheme
            .dimensions
            .iter()
            .map(|dimension| {
                profile
                    .and_then(|p| p.dimensions.get(&dimension.id))
                    .copied()
                    .unwrap_or(dimension.weight)
            })
            .collect(),
        Level::Indicators(d) => scheme.dimensions.get(d).map_or_else(Vec::new, |dimension| {
            dimension
                .indicators
                .iter()
                .map(|indicator| {
                    profile
                        .and_then(|p| p.indicators.get(&indicator.id))
                        .copied()
                        .unwrap_or(indicator.weight)
                })
                .collect()
        }),
    }
}

/// Sets one weight of a level: the scheme's own, or the profile's.
pub fn set_weight(
    scheme: &mut Scheme,
    profile: Option<usize>,
    level: Level,
    index: usize,
    weight: f64,
) {
    let id = match level {
        Level::Dimensions => scheme.dimensions.get(index).map(|d| d.id.clone()),
        Level::Indicators(d) => scheme
            .dimensions
            .get(d)
            .and_then(|dimension| dimension.indicators.get(index))
            .map(|indicator| indicator.id.clone()),
    };
    let Some(id) = id else { return };
    if let Some(profile) = profile.and_then(|p| scheme.profiles.get_mut(p)) {
        let map = match level {
            Level::Dimensions => &mut profile.dimensions,
            Level::Indicators(_) => &mut profile.indicators,
        };
        map.insert(id, weight);
        return;
    }
    match level {
        Level::Dimensions => scheme.dimensions[index].weight = weight,
        Level::Indicators(d) => scheme.dimensions[d].indicators[index].weight = weight,
    }
}

/// Sets every weight of a level.
pub fn set_level_weights(
    scheme: &mut Scheme,
    profile: Option<usize>,
    level: Level,
    weights: &[f64],
) {
    for (index, weight) in weights.iter().enumerate() {
        set_weight(scheme, profile, level, index, *weight);
    }
}

/// What a new member of a level weighs: what the others leave of 100, so a
/// level short of 100 is made whole and one at 100 stays there (the first
/// member gets 100). Rounded to cents of a point, as weights are typed.
pub(super) fn remaining_weight(weights: impl Iterator<Item = f64>) -> f64 {
    let left = 100.0 - weights.filter(|w| w.is_finite()).sum::<f64>();
    if left > 0.0 {
        (left * 100.0).round() / 100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::profiles::add_profile;
    use crate::edit::test_support::{example, hundredths};
    use crate::scheme::Names;
    use crate::validate::validate;

    #[test]
    fn spreading_and_scaling_add_up_to_exactly_100() {
        assert_eq!(spread_evenly(3), [33.34, 33.33, 33.33]);
        assert_eq!(spread_evenly(4), [25.0; 4]);
        for n in 1..40 {
            assert_eq!(hundredths(&spread_evenly(n)), 10_000, "{n}");
        }
        assert_eq!(
            scale_to_100(&[30.0, 30.0, 60.0]).unwrap(),
            [25.0, 25.0, 50.0]
        );
        let scaled = scale_to_100(&[1.0, 1.0, 1.0]).unwrap();
        assert_eq!(hundredths(&scaled), 10_000);
        assert_eq!(scale_to_100(&[0.0, 0.0]), None);
        assert_eq!(scale_to_100(&[10.0, -1.0]), None);
        // The proportions stay: twice the weight, twice the share.
        let scaled = scale_to_100(&[20.0, 10.0, 10.0, 0.0]).unwrap();
        assert_eq!(scaled, [50.0, 25.0, 25.0, 0.0]);
    }

    #[test]
    fn rebalancing_keeps_the_level_at_exactly_100() {
        assert_eq!(
            rebalanced(&[40.0, 35.0, 25.0], 0, 70.0),
            vec![70.0, 17.5, 12.5]
        );
        // Hundredths that do not divide evenly still add up to 100.
        let weights = rebalanced(&[40.0, 35.0, 25.0], 1, 33.33);
        assert_eq!(weights[1], 33.33);
        let hundredths: i64 = weights.iter().map(|w| (w * 100.0).round() as i64).sum();
        assert_eq!(hundredths, 10_000);
        // The others at 0 share what is left; out-of-range weights are kept in range.
        assert_eq!(
            rebalanced(&[100.0, 0.0, 0.0], 0, 40.0),
            vec![40.0, 30.0, 30.0]
        );
        assert_eq!(rebalanced(&[50.0, 50.0], 1, 140.0), vec![0.0, 100.0]);
        assert_eq!(rebalanced(&[50.0, 50.0], 0, -3.0), vec![0.0, 100.0]);
        assert_eq!(rebalanced(&[100.0], 0, 60.0), vec![60.0]);
    }

    #[test]
    fn weights_under_a_profile_go_to_the_profile_and_leave_the_scheme() {
        let mut scheme = example();
        let own = level_weights(&scheme, None, Level::Dimensions);
        let p = add_profile(&mut scheme, None, Names::both("Mature"));
        assert_eq!(level_weights(&scheme, Some(p), Level::Dimensions), own);
        set_weight(&mut scheme, Some(p), Level::Dimensions, 0, 12.5);
        assert_eq!(level_weights(&scheme, Some(p), Level::Dimensions)[0], 12.5);
        assert_eq!(level_weights(&scheme, None, Level::Dimensions), own);
        let id = &scheme.dimensions[0].id;
        assert_eq!(scheme.profiles[p].dimensions[id], 12.5);

        let mut level = level_weights(&scheme, Some(p), Level::Dimensions);
        level = scale_to_100(&level).unwrap();
        set_level_weights(&mut scheme, Some(p), Level::Dimensions, &level);
        let weighted = scheme.with_profile(&scheme.profiles[p]);
        assert!(validate(&weighted).is_empty(), "{:?}", validate(&weighted));
    }
}
