//! The scheme's shape: adding, removing and moving dimensions and
//! indicators, and adding inputs. A new part gets a free id and a weight
//! that keeps its level whole; what a removed part leaves in profiles goes
//! with it, and what links to it stays for validation to point at.

use super::weights::remaining_weight;
use crate::curve::{Curve, Direction};
use crate::id::unique_id;
use crate::scheme::{Dimension, Indicator, Input, MissingPolicy, Names, Scheme, ValueSource};

/// A new indicator: higher is better, linear from 0 to 100, missing values
/// left out, weight 0. It reads the scheme's first input, if there is one.
pub fn new_indicator(scheme: &Scheme, name: Names) -> Indicator {
    let id = unique_id("indicator", |id| scheme.indicator(id).is_some());
    let value = scheme.inputs.first().map_or_else(
        || ValueSource::Formula(String::new()),
        |input| ValueSource::Column(input.id.clone()),
    );
    Indicator {
        id,
        name,
        unit: String::new(),
        direction: Direction::Higher,
        value,
        curve: Curve::Linear {
            worst: 0.0,
            best: 100.0,
        },
        missing: MissingPolicy::Exclude,
        weight: 0.0,
        gate: None,
        link: None,
        min_sample: None,
        overrides: Vec::new(),
    }
}

/// Adds a dimension at the end with one indicator (weight 100 in its
/// dimension; the dimension takes what the others leave of 100); returns
/// its index.
pub fn add_dimension(scheme: &mut Scheme, name: Names, indicator_name: Names) -> usize {
    let id = unique_id("dimension", |id| {
        scheme.dimensions.iter().any(|dimension| dimension.id == id)
    });
    let mut indicator = new_indicator(scheme, indicator_name);
    indicator.weight = 100.0;
    let weight = remaining_weight(scheme.dimensions.iter().map(|d| d.weight));
    scheme.dimensions.push(Dimension {
        id,
        name,
        weight,
        indicators: vec![indicator],
    });
    scheme.dimensions.len() - 1
}

/// Adds an indicator at the end of dimension `d`, weighing what the others
/// leave of 100; returns its index.
pub fn add_indicator(scheme: &mut Scheme, d: usize, name: Names) -> Option<usize> {
    let mut indicator = new_indicator(scheme, name);
    let dimension = scheme.dimensions.get_mut(d)?;
    indicator.weight = remaining_weight(dimension.indicators.iter().map(|i| i.weight));
    dimension.indicators.push(indicator);
    Some(dimension.indicators.len() - 1)
}

/// Removes dimension `d`, and what the profiles say of it and its
/// indicators. Links that named one of its indicators stay, so validation
/// points at them.
pub fn remove_dimension(scheme: &mut Scheme, d: usize) {
    if d >= scheme.dimensions.len() {
        return;
    }
    let dimension = scheme.dimensions.remove(d);
    for profile in &mut scheme.profiles {
        profile.dimensions.remove(&dimension.id);
        for indicator in &dimension.indicators {
            profile.indicators.remove(&indicator.id);
        }
    }
}

/// Removes indicator `i` of dimension `d`, and what the profiles say of it.
pub fn remove_indicator(scheme: &mut Scheme, d: usize, i: usize) {
    let Some(dimension) = scheme.dimensions.get_mut(d) else {
        return;
    };
    if i >= dimension.indicators.len() {
        return;
    }
    let indicator = dimension.indicators.remove(i);
    for profile in &mut scheme.profiles {
        profile.indicators.remove(&indicator.id);
    }
}

/// Moves dimension `from` to position `to`.
pub fn move_dimension(scheme: &mut Scheme, from: usize, to: usize) {
    if from < scheme.dimensions.len() && to < scheme.dimensions.len() {
        let dimension = scheme.dimensions.remove(from);
        scheme.dimensions.insert(to, dimension);
    }
}

/// Moves indicator `i` of dimension `d` to dimension `to_d` at position
/// `to_i` (clamped to the end). Its weight goes with it.
pub fn move_indicator(scheme: &mut Scheme, d: usize, i: usize, to_d: usize, to_i: usize) {
    if to_d >= scheme.dimensions.len()
        || scheme
            .dimensions
            .get(d)
            .is_none_or(|dimension| i >= dimension.indicators.len())
    {
        return;
    }
    let indicator = scheme.dimensions[d].indicators.remove(i);
    let target = &mut scheme.dimensions[to_d].indicators;
    target.insert(to_i.min(target.len()), indicator);
}

/// Adds an input with a free id; returns its index.
pub fn add_input(scheme: &mut Scheme, name: Names) -> usize {
    let id = unique_id("input", |id| {
        scheme.inputs.iter().any(|input| input.id == id)
    });
    scheme.inputs.push(Input {
        id,
        name,
        aliases: Vec::new(),
        unit: String::new(),
    });
    scheme.inputs.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::test_support::example;
    use crate::edit::weights::{Level, set_level_weights, spread_evenly};
    use crate::validate::validate;

    #[test]
    fn a_scheme_built_from_nothing_validates_once_its_weights_add_up() {
        let mut scheme = example();
        scheme.dimensions.clear();
        scheme.profiles.clear();
        // The first dimension takes all 100, so the scheme is valid at once.
        let a = add_dimension(&mut scheme, Names::both("Quality"), Names::both("QA"));
        assert_eq!(scheme.dimensions[a].weight, 100.0);
        assert!(validate(&scheme).is_empty(), "{:?}", validate(&scheme));
        // The next finds nothing left; the level stays at 100.
        let b = add_dimension(&mut scheme, Names::both("Speed"), Names::both("AHT"));
        assert_eq!(scheme.dimensions[b].weight, 0.0);
        assert!(validate(&scheme).is_empty(), "{:?}", validate(&scheme));
        set_level_weights(&mut scheme, None, Level::Dimensions, &spread_evenly(2));
        assert!(validate(&scheme).is_empty(), "{:?}", validate(&scheme));
        assert_ne!(scheme.dimensions[a].id, scheme.dimensions[b].id);
        assert_ne!(
            scheme.dimensions[a].indicators[0].id,
            scheme.dimensions[b].indicators[0].id
        );
        let i = add_indicator(&mut scheme, a, Names::both("CSAT")).unwrap();
        assert_eq!(scheme.dimensions[a].indicators[i].weight, 0.0);
        assert!(validate(&scheme).is_empty());
        // A level left short by an edit is made whole by the next one added.
        scheme.dimensions[a].indicators[0].weight = 62.5;
        let j = add_indicator(&mut scheme, a, Names::both("FCR")).unwrap();
        assert_eq!(scheme.dimensions[a].indicators[j].weight, 37.5);
        scheme.dimensions[0].weight = 33.33;
        scheme.dimensions[1].weight = 33.33;
        let c = add_dimension(&mut scheme, Names::both("Care"), Names::both("CSAT"));
        assert_eq!(scheme.dimensions[c].weight, 33.34);
        assert!(validate(&scheme).is_empty(), "{:?}", validate(&scheme));
    }

    #[test]
    fn moving_reorders_within_and_across_dimensions() {
        let mut scheme = example();
        let ids = |scheme: &Scheme, d: usize| -> Vec<String> {
            scheme.dimensions[d]
                .indicators
                .iter()
                .map(|i| i.id.clone())
                .collect()
        };
        let before = ids(&scheme, 0);
        move_indicator(&mut scheme, 0, 0, 0, 1);
        assert_eq!(ids(&scheme, 0)[1], before[0]);
        let moving = ids(&scheme, 0)[0].clone();
        move_indicator(&mut scheme, 0, 0, 1, usize::MAX);
        assert_eq!(ids(&scheme, 1).last(), Some(&moving));
        let first = scheme.dimensions[0].id.clone();
        let last = scheme.dimensions.len() - 1;
        move_dimension(&mut scheme, 0, last);
        assert_eq!(scheme.dimensions.last().unwrap().id, first);
    }
}
