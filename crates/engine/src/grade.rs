//! Grades: absolute bands, forced distributions with fair ties, grade caps
//! and grade counts.
//!
//! Totals are compared as in [`super::rank`]: rounded to 6 decimal places,
//! so a total that float noise puts a hair under a band's minimum still earns
//! the band, and agents a ranking ties are never graded apart.

use super::rank;
use super::scheme::{GradeBand, GradeShare};

/// Under this many graded agents a forced distribution is not meaningful
/// (the usual advice is groups of at least 25-30 people); the caller warns.
const SMALL_GROUP: usize = 25;

/// The grade of `total` under absolute bands listed best first: the first
/// band whose `min` the total reaches.
///
/// `min` may be `f64::NEG_INFINITY` (no lower bound). The total and the
/// minimum are compared after rounding to 6 decimal places, like ranks, so
/// 89.99999999999 from float noise earns a band starting at 90. `None` if no
/// band matches or the total is not a finite number.
pub fn grade_absolute(bands: &[GradeBand], total: f64) -> Option<&str> {
    bands
        .iter()
        .find(|band| rank::at_least(total, band.min))
        .map(|band| band.grade.as_str())
}

/// The outcome of a forced distribution.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ForcedGrades {
    /// Each agent's grade, in input order; `None` for an agent without a
    /// total.
    pub grades: Vec<Option<String>>,
    /// How many agents each share should hold, in share order; adds up to
    /// the number of agents with a total.
    pub intended: Vec<usize>,
    /// How many agents each share holds once ties are kept together, in
    /// share order.
    pub actual: Vec<usize>,
    /// Fewer than 25 agents were graded: too few for a forced distribution
    /// to mean much.
    pub small_group: bool,
}

/// Grades by forced distribution (shares best first, in percent).
///
/// The percentages become whole intended counts adding up to n (the agents
/// with a total) by the largest remainder method: each share gets the whole
/// part of its quota, and the agents still unplaced go one each to the
/// shares with the largest fractions (equal fractions: the better grade
/// first). Shares are normalised by their sum, so they need not add up to
/// 100; a share that is negative or not a number counts as 0.
///
/// Agents are sorted by total, best first, and graded down the list by the
/// intended counts. Ties are fair: agents with the same total (see
/// [`rank::same_total`]) always get the same grade, the grade of the first
/// (better placed) of them, so the actual counts can differ from the
/// intended ones; both are reported.
///
/// With no shares, or shares that add up to 0, nobody is graded.
pub fn grade_forced(shares: &[GradeShare], totals: &[Option<f64>]) -> ForcedGrades {
    let mut best_first: Vec<(usize, f64)> = totals
        .iter()
        .enumerate()
        .filter_map(|(index, total)| total.and_then(rank::total_key).map(|key| (index, key)))
        .collect();
    crate::order::sort_by(&mut best_first, |a, b| {
        b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
    });
    let n = best_first.len();

    let intended = intended_counts(shares, n);
    let mut result = ForcedGrades {
        grades: vec![None; totals.len()],
        actual: vec![0; shares.len()],
        intended,
        small_group: n < SMALL_GROUP,
    };
    if shares.is_empty() || result.intended.iter().sum::<usize>() != n {
        return result;
    }

    // `share` is the share the current position falls in by the intended
    // counts, `before` the positions the shares above it hold.
    let mut share = 0;
    let mut before = 0;
    let mut group_share = 0;
    let mut previous: Option<f64> = None;
    for (position, &(index, key)) in best_first.iter().enumerate() {
        while share + 1 < shares.len() && position >= before + result.intended[share] {
            before += result.intended[share];
            share += 1;
        }
        if previous != Some(key) {
            group_share = share;
        }
        previous = Some(key);
        result.grades[index] = Some(shares[group_share].grade.clone());
        result.actual[group_share] += 1;
    }
    result
}

/// Whole counts per share adding up to `n`, by the largest remainder
/// (Hamilton) method; all zeros when the shares add up to nothing.
fn intended_counts(shares: &[GradeShare], n: usize) -> Vec<usize> {
    let percents: Vec<f64> = shares
        .iter()
        .map(|share| {
            if share.percent.is_finite() && share.percent > 0.0 {
                share.percent
            } else {
                0.0
            }
        })
        .collect();
    let largest = percents.iter().copied().fold(0.0, f64::max);
    if largest <= 0.0 {
        return vec![0; shares.len()];
    }
    // Dividing by the largest first keeps the sum finite for absurd inputs.
    let scaled: Vec<f64> = percents.iter().map(|percent| percent / largest).collect();
    let sum: f64 = scaled.iter().sum();
    let quotas: Vec<f64> = scaled.iter().map(|part| n as f64 * part / sum).collect();
    let mut counts: Vec<usize> = quotas
        .iter()
        .map(|quota| (quota.floor() as usize).min(n))
        .collect();

    // Fractions are compared at 1e-9 so float noise cannot reorder shares
    // whose quotas are equal on paper; equal fractions favour the better
    // grade.
    let fraction = |share: usize| ((quotas[share] - quotas[share].floor()) * 1e9).round() as u64;
    let mut order: Vec<usize> = (0..shares.len())
        .filter(|&share| scaled[share] > 0.0)
        .collect();
    crate::order::sort_by(&mut order, |&a, &b| {
        fraction(b).cmp(&fraction(a)).then(a.cmp(&b))
    });

    let assigned = counts
        .iter()
        .fold(0usize, |sum, &count| sum.saturating_add(count));
    if assigned < n {
        let mut missing = n - assigned;
        for &share in &order {
            if missing == 0 {
                break;
            }
            counts[share] += 1;
            missing -= 1;
        }
        // Only float error can leave more unplaced than there are shares.
        if let Some(&first) = order.first() {
            counts[first] += missing;
        }
    } else {
        // Float error can push a quota just over a whole number; take the
        // excess back from the smallest fractions.
        let mut excess = assigned - n;
        while excess > 0 {
            let mut took = false;
            for &share in order.iter().rev() {
                if excess == 0 {
                    break;
                }
                if counts[share] > 0 {
                    counts[share] -= 1;
                    excess -= 1;
                    took = true;
                }
            }
            if !took {
                break;
            }
        }
    }
    counts
}

/// The worse of `grade` and `cap` by their position in `grades_best_first`
/// (a gate's grade cap: no better than `cap`). A grade or cap not in the
/// list leaves `grade` unchanged, since there is nothing to compare it with.
pub fn cap_grade<'a>(grades_best_first: &[&'a str], grade: &'a str, cap: &'a str) -> &'a str {
    let position = |wanted: &str| grades_best_first.iter().position(|&known| known == wanted);
    match (position(grade), position(cap)) {
        (Some(grade_at), Some(cap_at)) if cap_at > grade_at => cap,
        _ => grade,
    }
}

/// How many agents hold each grade, in the list's order (every listed grade
/// appears, with 0 if nobody holds it). Grades not in the list and agents
/// without a grade are not counted.
pub fn grade_counts(grades_best_first: &[&str], grades: &[Option<&str>]) -> Vec<(String, usize)> {
    grades_best_first
        .iter()
        .map(|&wanted| {
            let count = grades
                .iter()
                .filter(|&&grade| grade == Some(wanted))
                .count();
            (wanted.to_owned(), count)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Vec<GradeBand> {
        let band = |grade: &str, min: f64| GradeBand {
            grade: grade.to_owned(),
            min,
        };
        vec![
            band("A", 90.0),
            band("B", 80.0),
            band("C", 70.0),
            band("D", f64::NEG_INFINITY),
        ]
    }

    fn shares(parts: &[(&str, f64)]) -> Vec<GradeShare> {
        parts
            .iter()
            .map(|&(grade, percent)| GradeShare {
                grade: grade.to_owned(),
                percent,
            })
            .collect()
    }

    fn some(totals: &[f64]) -> Vec<Option<f64>> {
        totals.iter().map(|&total| Some(total)).collect()
    }

    fn letters(grades: &[Option<String>]) -> String {
        grades
            .iter()
            .map(|grade| grade.as_deref().unwrap_or("-"))
            .collect()
    }

    #[test]
    fn absolute_bands_first_match_best_first() {
        let bands = bands();
        // 90 is A (at least 90); 89.99 is B; 70 is C; anything lower is D,
        // however low.
        assert_eq!(grade_absolute(&bands, 90.0), Some("A"));
        assert_eq!(grade_absolute(&bands, 100.0), Some("A"));
        assert_eq!(grade_absolute(&bands, 89.99), Some("B"));
        assert_eq!(grade_absolute(&bands, 70.0), Some("C"));
        assert_eq!(grade_absolute(&bands, 69.999), Some("D"));
        assert_eq!(grade_absolute(&bands, -1e300), Some("D"));
        assert_eq!(grade_absolute(&bands, f64::NAN), None);
        assert_eq!(grade_absolute(&bands, f64::NEG_INFINITY), None);
    }

    #[test]
    fn absolute_bands_ignore_float_noise_at_a_boundary() {
        // 0.7 * 100 + 0.3 * 66.66666666666667 style sums can land a hair
        // under 90; rounded to 6 places it is 90.000000 -> A.
        assert_eq!(grade_absolute(&bands(), 89.999_999_999_9), Some("A"));
    }

    #[test]
    fn absolute_bands_without_open_bottom() {
        let bands = &bands()[..3];
        assert_eq!(grade_absolute(bands, 69.0), None);
        assert_eq!(grade_absolute(&[], 95.0), None);
    }

    #[test]
    fn forced_20_70_10_over_10_without_ties() {
        // Quotas 2, 7, 1 are whole: the best 2 are A, the next 7 B, the last
        // C.
        let totals = some(&[91.0, 72.0, 85.0, 60.0, 99.0, 80.0, 75.0, 78.0, 83.0, 70.0]);
        let forced = grade_forced(&shares(&[("A", 20.0), ("B", 70.0), ("C", 10.0)]), &totals);
        assert_eq!(forced.intended, [2, 7, 1]);
        assert_eq!(forced.actual, [2, 7, 1]);
        // 99 and 91 are A, 60 is C.
        assert_eq!(letters(&forced.grades), "ABBCABBBBB");
        assert!(forced.small_group);
    }

    #[test]
    fn forced_tie_across_the_a_b_line_goes_up() {
        // Sorted: 99, 90, 90, 85, ... The second A place is taken by the
        // first 90; the other 90 ties with it and gets A as well, so A holds
        // 3, B the 6 positions left of its 7, C still 1.
        let totals = some(&[90.0, 99.0, 85.0, 90.0, 80.0, 75.0, 70.0, 65.0, 60.0, 50.0]);
        let forced = grade_forced(&shares(&[("A", 20.0), ("B", 70.0), ("C", 10.0)]), &totals);
        assert_eq!(forced.intended, [2, 7, 1]);
        assert_eq!(forced.actual, [3, 6, 1]);
        assert_eq!(letters(&forced.grades), "AABABBBBBC");
    }

    #[test]
    fn forced_tie_across_the_b_c_line_goes_up() {
        // Sorted positions 8 and 9 (both 50) tie: position 8 is B, so 9 is B
        // too and C is left empty.
        let totals = some(&[95.0, 90.0, 85.0, 80.0, 75.0, 70.0, 65.0, 60.0, 50.0, 50.0]);
        let forced = grade_forced(&shares(&[("A", 20.0), ("B", 70.0), ("C", 10.0)]), &totals);
        assert_eq!(forced.intended, [2, 7, 1]);
        assert_eq!(forced.actual, [2, 8, 0]);
        assert_eq!(letters(&forced.grades), "AABBBBBBBB");
    }

    #[test]
    fn forced_float_noise_is_a_tie() {
        // 0.1 + 0.2 and 0.3 tie; the better placed of them (sorted first by
        // input position) is A, so both are.
        let totals = some(&[0.3, 0.1 + 0.2, 0.0]);
        let forced = grade_forced(&shares(&[("A", 34.0), ("B", 66.0)]), &totals);
        // Quotas 1.02, 1.98 -> floors 1, 1; one left -> B (.98 > .02).
        assert_eq!(forced.intended, [1, 2]);
        assert_eq!(forced.actual, [2, 1]);
        assert_eq!(letters(&forced.grades), "AAB");
    }

    #[test]
    fn largest_remainder_intended_counts() {
        // 7 agents at 20/70/10: quotas 1.4, 4.9, 0.7 -> floors 1, 4, 0 (5);
        // the 2 left go to the largest fractions: B (.9) and C (.7).
        let totals = some(&[7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]);
        let forced = grade_forced(&shares(&[("A", 20.0), ("B", 70.0), ("C", 10.0)]), &totals);
        assert_eq!(forced.intended, [1, 5, 1]);
        assert_eq!(letters(&forced.grades), "ABBBBBC");

        // 10 agents in thirds: 3.33 each -> 3, 3, 3; the one left goes to the
        // better grade on equal fractions.
        let totals = some(&[10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]);
        let third = 100.0 / 3.0;
        let forced = grade_forced(
            &shares(&[("A", third), ("B", third), ("C", third)]),
            &totals,
        );
        assert_eq!(forced.intended, [4, 3, 3]);
        assert_eq!(letters(&forced.grades), "AAAABBBCCC");
    }

    #[test]
    fn shares_are_normalised_by_their_sum() {
        // 1 : 3 is 25% / 75% of 4 agents -> 1 and 3.
        let forced = grade_forced(
            &shares(&[("X", 1.0), ("Y", 3.0)]),
            &some(&[4.0, 3.0, 2.0, 1.0]),
        );
        assert_eq!(forced.intended, [1, 3]);
        assert_eq!(letters(&forced.grades), "XYYY");
    }

    #[test]
    fn none_totals_get_none_and_do_not_count() {
        // Two agents with a total at 50/50: 1 and 1; the Nones stay None.
        let totals = [None, Some(80.0), Some(f64::NAN), Some(60.0)];
        let forced = grade_forced(&shares(&[("A", 50.0), ("B", 50.0)]), &totals);
        assert_eq!(forced.intended, [1, 1]);
        assert_eq!(forced.actual, [1, 1]);
        assert_eq!(
            forced.grades,
            [None, Some("A".to_owned()), None, Some("B".to_owned())]
        );
    }

    #[test]
    fn small_group_flag() {
        let parts = shares(&[("A", 50.0), ("B", 50.0)]);
        let totals: Vec<Option<f64>> = (0..24).map(|i| Some(f64::from(i))).collect();
        assert!(grade_forced(&parts, &totals).small_group);
        let totals: Vec<Option<f64>> = (0..25).map(|i| Some(f64::from(i))).collect();
        let forced = grade_forced(&parts, &totals);
        assert!(!forced.small_group);
        // 12.5 and 12.5: equal fractions -> the extra agent goes to A.
        assert_eq!(forced.intended, [13, 12]);
    }

    #[test]
    fn everyone_tied_gets_the_best_grade() {
        let forced = grade_forced(&shares(&[("A", 20.0), ("B", 80.0)]), &[Some(70.0); 5]);
        assert_eq!(forced.intended, [1, 4]);
        assert_eq!(forced.actual, [5, 0]);
        assert_eq!(letters(&forced.grades), "AAAAA");
    }

    #[test]
    fn empty_or_zero_shares_grade_nobody() {
        let totals = some(&[90.0, 80.0]);
        let forced = grade_forced(&[], &totals);
        assert_eq!(forced.grades, [None, None]);
        assert!(forced.intended.is_empty() && forced.actual.is_empty());

        let forced = grade_forced(&shares(&[("A", 0.0), ("B", f64::NAN)]), &totals);
        assert_eq!(forced.grades, [None, None]);
        assert_eq!(forced.intended, [0, 0]);
        assert_eq!(forced.actual, [0, 0]);
    }

    #[test]
    fn zero_share_gets_nobody() {
        // B has 0%: quotas 2, 0, 2 -> nobody is B.
        let forced = grade_forced(
            &shares(&[("A", 50.0), ("B", 0.0), ("C", 50.0)]),
            &some(&[4.0, 3.0, 2.0, 1.0]),
        );
        assert_eq!(forced.intended, [2, 0, 2]);
        assert_eq!(letters(&forced.grades), "AACC");
    }

    #[test]
    fn forced_with_no_totals() {
        let forced = grade_forced(&shares(&[("A", 100.0)]), &[None]);
        assert_eq!(forced.intended, [0]);
        assert_eq!(forced.actual, [0]);
        assert_eq!(forced.grades, [None]);
        assert!(forced.small_group);
    }

    #[test]
    fn intended_counts_always_add_up() {
        // Awkward percentages over many group sizes must always place every
        // agent exactly once.
        let parts = shares(&[("A", 13.7), ("B", 33.3), ("C", 0.1), ("D", 52.9)]);
        for n in 0..200 {
            let counts = intended_counts(&parts, n);
            assert_eq!(counts.iter().sum::<usize>(), n, "n = {n}");
        }
    }

    #[test]
    fn cap_grade_takes_the_worse() {
        let list = ["A", "B", "C", "D"];
        assert_eq!(cap_grade(&list, "A", "C"), "C");
        assert_eq!(cap_grade(&list, "D", "C"), "D");
        assert_eq!(cap_grade(&list, "C", "C"), "C");
        assert_eq!(cap_grade(&list, "X", "C"), "X");
        assert_eq!(cap_grade(&list, "A", "Z"), "A");
    }

    #[test]
    fn counts_in_list_order() {
        let grades = [Some("B"), None, Some("A"), Some("B"), Some("Q")];
        assert_eq!(
            grade_counts(&["A", "B", "C"], &grades),
            [
                ("A".to_owned(), 1),
                ("B".to_owned(), 2),
                ("C".to_owned(), 0)
            ]
        );
    }
}
