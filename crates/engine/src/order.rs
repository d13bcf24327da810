//! One sort for every order the engine and the page make.
//!
//! The standard library's stable sort is several kilobytes of code, made
//! again for every comparator: twenty sorts were a tenth of the page's
//! generic code. These sort indices through one `dyn` comparator, so the
//! page holds the sort once. Stable, as `sort_by`: equal items keep their
//! order.

use std::cmp::Ordering;

/// The indices `0..len` in the order `compare` puts them, stable.
pub fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Sorts `items` stably by `compare`, as `items.sort_by(compare)` does.
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    // `order` holds every index once, so every slot is taken once.
    items.extend(order.iter().filter_map(|&index| slots[index].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let words = [
            "pear", "fig", "apple", "kiwi", "date", "plum", "lime", "", "fig",
        ];
        for len in 0..=words.len() {
            let mut ours: Vec<&str> = words[..len].to_vec();
            let mut std = ours.clone();
            // By length only: equal lengths must keep their order.
            sort_by(&mut ours, |a, b| a.len().cmp(&b.len()));
            std.sort_by_key(|a| a.len());
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn sorted_indices_are_a_stable_permutation() {
        let keys = [3, 1, 2, 1, 3, 0];
        let order = sorted_indices(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
        assert_eq!(order, [5, 1, 3, 2, 0, 4]);
        assert!(sorted_indices(0, &mut |_, _| Ordering::Equal).is_empty());
    }
}
