//! Weight profiles: adding one that holds the weights in force, and
//! removing one. Setting a weight under a profile is in [`super::weights`].

use super::weights::{Level, level_weights};
use crate::id::unique_id;
use crate::scheme::{Names, Scheme, WeightProfile};

/// Adds a profile holding the weights that apply now (under `from`, or the
/// scheme's own), so later edits to either do not move the other; returns
/// its index.
pub fn add_profile(scheme: &mut Scheme, from: Option<usize>, name: Names) -> usize {
    let base = from
        .and_then(|p| scheme.profiles.get(p))
        .map_or("profile", |p| p.id.as_str());
    let id = unique_id(base, |id| scheme.profile(id).is_some());
    let mut profile = WeightProfile {
        id,
        name,
        ..WeightProfile::default()
    };
    let dimensions = level_weights(scheme, from, Level::Dimensions);
    for (d, dimension) in scheme.dimensions.iter().enumerate() {
        profile
            .dimensions
            .insert(dimension.id.clone(), dimensions[d]);
        let indicators = level_weights(scheme, from, Level::Indicators(d));
        for (i, indicator) in dimension.indicators.iter().enumerate() {
            profile
                .indicators
                .insert(indicator.id.clone(), indicators[i]);
        }
    }
    scheme.profiles.push(profile);
    scheme.profiles.len() - 1
}

/// Removes profile `p`.
pub fn remove_profile(scheme: &mut Scheme, p: usize) {
    if p < scheme.profiles.len() {
        scheme.profiles.remove(p);
    }
}
