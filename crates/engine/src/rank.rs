//! Ranks: standard competition ranking of totals (1, 2, 2, 4), higher is
//! better.
//!
//! Totals are compared after rounding to 6 decimal places. A total is a sum
//! of weighted scores, and the same scores added in another order can differ
//! in the last bits (0.1 + 0.2 is not 0.3 in binary floating point). Rounding
//! first means such noise never splits a tie or puts one agent ahead of
//! another with the same total. Grades and bonus eligibility compare totals
//! the same way, so a rank, a grade and a bonus never disagree about whether
//! two totals are equal.
//!
//! A total that is not a finite number (NaN, an infinity) counts as no total.

/// 10^6: totals are compared to 6 decimal places.
const SCALE: f64 = 1e6;

/// The key totals are compared by: the total in millionths, rounded; `None`
/// for a total that is not a finite number.
///
/// Totals beyond about 1e302 all get the same (infinite) key; no scheme
/// comes near that, and it keeps this function free of special cases that
/// could break the ordering.
pub(crate) fn total_key(total: f64) -> Option<f64> {
    if !total.is_finite() {
        return None;
    }
    let key = (total * SCALE).round();
    // -0.0 and 0.0 are the same total; one key for both keeps sorts by
    // `total_cmp` consistent with `==`.
    Some(if key == 0.0 { 0.0 } else { key })
}

/// Whether `total` reaches `bound` when both are rounded to 6 decimal places
/// (`f64::NEG_INFINITY` is no bound: every finite total reaches it). A total
/// that is not a finite number reaches nothing.
pub(crate) fn at_least(total: f64, bound: f64) -> bool {
    let Some(total) = total_key(total) else {
        return false;
    };
    if bound == f64::NEG_INFINITY {
        return true;
    }
    total_key(bound).is_some_and(|bound| total >= bound)
}

/// Whether two totals are the same after rounding to 6 decimal places, so
/// float noise from a different summation order never splits a tie. A value
/// that is not a finite number equals nothing, not even itself.
pub fn same_total(a: f64, b: f64) -> bool {
    match (total_key(a), total_key(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Standard competition ranks ("1224"), higher total first, in input order.
///
/// An agent's rank is one more than the number of agents with a strictly
/// higher total, so tied agents share a rank and the next rank skips by the
/// size of the tie: 1, 2, 2, 4. Totals are compared after rounding to 6
/// decimal places (see [`same_total`]). `None` (or a total that is not a
/// finite number) gets `None`: it is not ranked and takes no place. The
/// ranks depend only on the totals, never on their order: shuffling the
/// input shuffles the output the same way.
pub fn rank_with_ties(totals: &[Option<f64>]) -> Vec<Option<u32>> {
    let keys: Vec<Option<f64>> = totals
        .iter()
        .map(|total| total.and_then(total_key))
        .collect();
    let mut best_first: Vec<f64> = keys.iter().flatten().copied().collect();
    crate::order::sort_by(&mut best_first, |a, b| b.total_cmp(a));
    keys.iter()
        .map(|key| {
            key.map(|key| {
                let better = best_first.partition_point(|&other| other > key);
                // More than four billion agents cannot be ranked apart; saturate
                // rather than wrap so the order stays right.
                u32::try_from(better).unwrap_or(u32::MAX).saturating_add(1)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranking_skips_after_a_tie() {
        // 90 is alone at the top (1); the two 80s share 2; 70 has three
        // agents above it, so it is 4 (not 3); 60 has four above it: 5.
        let totals = [Some(80.0), Some(90.0), Some(70.0), Some(80.0), Some(60.0)];
        assert_eq!(
            rank_with_ties(&totals),
            [Some(2), Some(1), Some(4), Some(2), Some(5)]
        );
    }

    #[test]
    fn none_is_not_ranked_and_takes_no_place() {
        // Without the Nones the totals are 90, 80, 80, 70 -> 1, 2, 2, 4.
        let totals = [None, Some(90.0), Some(80.0), None, Some(80.0), Some(70.0)];
        assert_eq!(
            rank_with_ties(&totals),
            [None, Some(1), Some(2), None, Some(2), Some(4)]
        );
    }

    #[test]
    fn not_a_number_counts_as_no_total() {
        let totals = [Some(f64::NAN), Some(50.0), Some(f64::INFINITY), Some(40.0)];
        assert_eq!(rank_with_ties(&totals), [None, Some(1), None, Some(2)]);
    }

    #[test]
    fn empty_and_all_none() {
        assert!(rank_with_ties(&[]).is_empty());
        assert_eq!(rank_with_ties(&[None, None]), [None, None]);
    }

    #[test]
    fn all_tied_share_first_place() {
        assert_eq!(
            rank_with_ties(&[Some(75.5); 4]),
            [Some(1), Some(1), Some(1), Some(1)]
        );
    }

    #[test]
    fn float_noise_never_splits_a_tie() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary; the same scores summed
        // in another order give 0.3. They must tie.
        let a = 0.1 + 0.2;
        let b = 0.3;
        assert_ne!(a, b, "the test needs two different floats");
        assert!(same_total(a, b));
        assert_eq!(rank_with_ties(&[Some(a), Some(b)]), [Some(1), Some(1)]);
        // 80 + 1e-7 rounds to 80.000000 -> tie; 80 + 1e-5 is 80.000010 ->
        // ahead.
        assert!(same_total(80.0, 80.000_000_1));
        assert!(!same_total(80.0, 80.000_01));
        assert_eq!(
            rank_with_ties(&[Some(80.0), Some(80.000_01), Some(80.000_000_1)]),
            [Some(2), Some(1), Some(2)]
        );
    }

    #[test]
    fn same_total_edge_values() {
        assert!(same_total(0.0, -0.0));
        assert!(same_total(-12.5, -12.5));
        assert!(!same_total(f64::NAN, f64::NAN));
        assert!(!same_total(f64::INFINITY, f64::INFINITY));
        assert!(!same_total(1.0, 2.0));
    }

    #[test]
    fn negative_zero_ties_with_zero_in_ranks() {
        assert_eq!(
            rank_with_ties(&[Some(-0.0), Some(0.0), Some(-1.0)]),
            [Some(1), Some(1), Some(3)]
        );
    }

    #[test]
    fn ranks_do_not_depend_on_input_order() {
        // Every rotation and the reversal of the input must permute the
        // ranks the same way: rank follows the agent, not the position.
        let totals = [
            Some(70.0),
            None,
            Some(0.1 + 0.2),
            Some(88.0),
            Some(70.0),
            Some(0.3),
            Some(99.5),
            Some(-4.0),
            Some(88.0),
        ];
        let ranks = rank_with_ties(&totals);
        // By hand: 99.5 -> 1, 88 x2 -> 2, 70 x2 -> 4, 0.3 x2 -> 6, -4 -> 8.
        assert_eq!(
            ranks,
            [
                Some(4),
                None,
                Some(6),
                Some(2),
                Some(4),
                Some(6),
                Some(1),
                Some(8),
                Some(2)
            ]
        );
        let n = totals.len();
        for shift in 0..n {
            let order: Vec<usize> = (0..n).map(|i| (i + shift) % n).collect();
            let shuffled: Vec<Option<f64>> = order.iter().map(|&i| totals[i]).collect();
            let expected: Vec<Option<u32>> = order.iter().map(|&i| ranks[i]).collect();
            assert_eq!(rank_with_ties(&shuffled), expected, "rotation {shift}");
        }
        let reversed: Vec<Option<f64>> = totals.iter().rev().copied().collect();
        let expected: Vec<Option<u32>> = ranks.iter().rev().copied().collect();
        assert_eq!(rank_with_ties(&reversed), expected);
    }

    #[test]
    fn at_least_rounds_like_same_total() {
        assert!(at_least(89.999_999_999_9, 90.0));
        assert!(!at_least(89.999, 90.0));
        assert!(at_least(-1e9, f64::NEG_INFINITY));
        assert!(!at_least(f64::NAN, f64::NEG_INFINITY));
        assert!(!at_least(50.0, f64::NAN));
    }
}
