//! Renaming ids while they are typed: the dimension's, the indicator's or
//! the input's own id changes at once, and what mentions it (profile
//! weights, links, columns, sample counts) follows whenever the new id is
//! free. Free ids for new parts come from [`crate::id::unique_id`].

use crate::scheme::{Scheme, ValueSource};

/// Where an item's mentions (profile weights, links, columns) stand while
/// its id is typed one keystroke at a time. An id passes through other
/// items' ids ("input_2" backspaced to "input"): while the new id is taken,
/// only the item's own id changes and its mentions wait under the last free
/// id, then follow when the id is free again. An id changed from elsewhere
/// (undo, another edit) starts the tracking afresh.
#[derive(Clone, Debug, Default)]
pub struct Renaming {
    /// The item's id after the last rename.
    item: String,
    /// The id its mentions carry.
    mentions: String,
}

impl Renaming {
    /// The id the mentions carry, for an item whose id is now `current`.
    fn mentions_for(&mut self, current: &str) -> String {
        if self.item != current {
            self.mentions = current.to_owned();
        }
        self.item = current.to_owned();
        self.mentions.clone()
    }

    /// Records the rename to `id`; `moved` when the mentions followed.
    fn renamed(&mut self, id: &str, moved: bool) {
        self.item = id.to_owned();
        if moved {
            self.mentions = id.to_owned();
        }
    }
}

/// Renames dimension `d`'s id, and the profiles' mentions of it (see
/// [`Renaming`]).
pub fn rename_dimension_id(scheme: &mut Scheme, d: usize, id: &str, renaming: &mut Renaming) {
    let Some(dimension) = scheme.dimensions.get_mut(d) else {
        return;
    };
    let from = renaming.mentions_for(&dimension.id);
    dimension.id = id.to_owned();
    let others = |x: &str| {
        scheme
            .dimensions
            .iter()
            .enumerate()
            .any(|(other, dimension)| other != d && dimension.id == x)
    };
    let free = !others(&from) && !others(id);
    renaming.renamed(id, free);
    if !free {
        return;
    }
    for profile in &mut scheme.profiles {
        if let Some(weight) = profile.dimensions.remove(&from) {
            profile.dimensions.insert(id.to_owned(), weight);
        }
    }
}

/// Renames an indicator's id, and the profiles' and links' mentions of it
/// (see [`Renaming`]).
pub fn rename_indicator_id(
    scheme: &mut Scheme,
    d: usize,
    i: usize,
    id: &str,
    renaming: &mut Renaming,
) {
    let Some(indicator) = scheme
        .dimensions
        .get_mut(d)
        .and_then(|dimension| dimension.indicators.get_mut(i))
    else {
        return;
    };
    let from = renaming.mentions_for(&indicator.id);
    indicator.id = id.to_owned();
    let others = |x: &str| {
        scheme.dimensions.iter().enumerate().any(|(e, dimension)| {
            dimension
                .indicators
                .iter()
                .enumerate()
                .any(|(j, indicator)| (e, j) != (d, i) && indicator.id == x)
        })
    };
    let free = !others(&from) && !others(id);
    renaming.renamed(id, free);
    if !free {
        return;
    }
    for profile in &mut scheme.profiles {
        if let Some(weight) = profile.indicators.remove(&from) {
            profile.indicators.insert(id.to_owned(), weight);
        }
    }
    for dimension in &mut scheme.dimensions {
        for other in &mut dimension.indicators {
            if let Some(link) = &mut other.link
                && link.indicator == from
            {
                link.indicator = id.to_owned();
            }
        }
    }
}

/// Renames input `index`'s id, and the columns, raters and sample counts
/// that read it (see [`Renaming`]). Formulas are text the user wrote and
/// stay as written; one that names the old id is then reported by
/// validation.
pub fn rename_input_id(scheme: &mut Scheme, index: usize, id: &str, renaming: &mut Renaming) {
    let Some(input) = scheme.inputs.get_mut(index) else {
        return;
    };
    let from = renaming.mentions_for(&input.id);
    input.id = id.to_owned();
    let others = |x: &str| {
        scheme
            .inputs
            .iter()
            .enumerate()
            .any(|(other, input)| other != index && input.id == x)
    };
    let free = !others(&from) && !others(id);
    renaming.renamed(id, free);
    if !free {
        return;
    }
    let rename = |column: &mut String| {
        if *column == from {
            *column = id.to_owned();
        }
    };
    for dimension in &mut scheme.dimensions {
        for indicator in &mut dimension.indicators {
            match &mut indicator.value {
                ValueSource::Column(column) => rename(column),
                ValueSource::Raters(raters) => raters
                    .iter_mut()
                    .for_each(|rater| rename(&mut rater.column)),
                ValueSource::Formula(_) => {}
            }
            if let Some(sample) = &mut indicator.min_sample {
                rename(&mut sample.count);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::profiles::add_profile;
    use crate::edit::structure::{add_input, remove_dimension};
    use crate::edit::test_support::example;
    use crate::scheme::{Names, WeightProfile};
    use crate::validate::validate;

    #[test]
    fn renaming_and_removing_keep_profiles_and_links_in_step() {
        let mut scheme = example();
        let p = add_profile(&mut scheme, None, Names::both("Copy"));
        let (d, i) = (0, 0);
        let old = scheme.dimensions[d].indicators[i].id.clone();
        // Another indicator guarded by this one.
        scheme.dimensions[1].indicators[0].link = Some(crate::scheme::Link {
            indicator: old.clone(),
            worse_than: 1.0,
        });
        rename_indicator_id(&mut scheme, d, i, "renamed", &mut Renaming::default());
        assert!(scheme.profiles[p].indicators.contains_key("renamed"));
        assert!(!scheme.profiles[p].indicators.contains_key(&old));
        assert_eq!(
            scheme.dimensions[1].indicators[0]
                .link
                .as_ref()
                .unwrap()
                .indicator,
            "renamed"
        );
        let dimension = scheme.dimensions[0].id.clone();
        rename_dimension_id(&mut scheme, 0, "first", &mut Renaming::default());
        assert!(scheme.profiles[p].dimensions.contains_key("first"));
        assert!(!scheme.profiles[p].dimensions.contains_key(&dimension));

        remove_dimension(&mut scheme, 0);
        assert!(!scheme.profiles[p].dimensions.contains_key("first"));
        assert!(!scheme.profiles[p].indicators.contains_key("renamed"));
        // The dangling link is reported, not dropped.
        assert!(
            validate(&scheme).iter().any(|error| error.field == "link"),
            "{:?}",
            validate(&scheme)
        );
    }

    #[test]
    fn renaming_an_input_follows_it_into_columns_and_counts() {
        let mut scheme = example();
        let (index, old) = scheme
            .inputs
            .iter()
            .enumerate()
            .find(|(_, input)| {
                scheme
                    .indicators()
                    .any(|(_, i)| i.value == ValueSource::Column(input.id.clone()))
            })
            .map(|(index, input)| (index, input.id.clone()))
            .unwrap();
        rename_input_id(
            &mut scheme,
            index,
            "renamed_input",
            &mut Renaming::default(),
        );
        assert!(
            scheme
                .indicators()
                .any(|(_, i)| i.value == ValueSource::Column("renamed_input".into()))
        );
        assert!(
            !scheme
                .indicators()
                .any(|(_, i)| i.value == ValueSource::Column(old.clone()))
        );
        let added = add_input(&mut scheme, Names::both("New"));
        assert_eq!(scheme.inputs[added].id, "input");
        let again = add_input(&mut scheme, Names::both("New"));
        assert_eq!(scheme.inputs[again].id, "input_2");
    }

    #[test]
    fn a_rename_passing_through_another_id_keeps_each_items_mentions() {
        let example = || {
            Scheme::from_json(include_str!("../../../../docs/examples/call-centre.json")).unwrap()
        };
        let readers = |scheme: &Scheme, column: &str| {
            scheme
                .indicators()
                .filter(|(_, indicator)| {
                    matches!(&indicator.value, ValueSource::Column(c) if c == column)
                })
                .count()
        };
        let mut scheme = example();
        let csat = scheme
            .inputs
            .iter()
            .position(|input| input.id == "csat")
            .unwrap();
        let (csat_readers, qa_readers) = (readers(&scheme, "csat"), readers(&scheme, "qa"));
        assert!(csat_readers > 0 && qa_readers > 0);
        // Typing "qaz" over "csat" a keystroke at a time passes through
        // "qa", another input's id.
        let mut renaming = Renaming::default();
        for typed in ["q", "qa", "qaz"] {
            rename_input_id(&mut scheme, csat, typed, &mut renaming);
        }
        assert_eq!(scheme.inputs[csat].id, "qaz");
        assert_eq!(
            readers(&scheme, "qaz"),
            csat_readers,
            "csat's readers followed"
        );
        assert_eq!(readers(&scheme, "qa"), qa_readers, "qa's readers stayed");
        assert_eq!(readers(&scheme, "q"), 0);

        // Stopping on a taken id leaves the mentions under the last free one.
        let mut scheme = example();
        let mut renaming = Renaming::default();
        for typed in ["q", "qa"] {
            rename_input_id(&mut scheme, csat, typed, &mut renaming);
        }
        assert_eq!(readers(&scheme, "q"), csat_readers);
        assert_eq!(readers(&scheme, "qa"), qa_readers);

        // Dimensions: profile weights stay with their own dimension.
        let mut scheme = example();
        let first = scheme.dimensions[0].id.clone();
        let second = scheme.dimensions[1].id.clone();
        scheme.profiles.push(WeightProfile {
            id: "p".into(),
            name: Names::both("p"),
            dimensions: [(first.clone(), 30.0), (second.clone(), 70.0)].into(),
            indicators: Default::default(),
        });
        let last = scheme.profiles.len() - 1;
        let mut renaming = Renaming::default();
        rename_dimension_id(&mut scheme, 1, &first, &mut renaming);
        rename_dimension_id(&mut scheme, 1, &format!("{first}x"), &mut renaming);
        let weights = &scheme.profiles[last].dimensions;
        assert_eq!(weights.get(&first), Some(&30.0));
        assert_eq!(weights.get(&format!("{first}x")), Some(&70.0));
    }
}
