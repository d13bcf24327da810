//! The checks of the grading: bands in descending order, forced shares
//! adding up to 100, and no grade named twice.

use std::collections::HashSet;

use super::problem::{Problem, WeightSet};
use super::weights::check_weights;
use crate::scheme::Grading;

pub(super) fn check_grading(grading: &Grading, mut push: impl FnMut(Problem)) {
    match grading {
        Grading::Bands { bands } => {
            if bands.is_empty() {
                push(Problem::NoGradeBands);
            }
            for pair in bands.windows(2) {
                if pair[0].min.partial_cmp(&pair[1].min) != Some(std::cmp::Ordering::Greater) {
                    push(Problem::GradeBandOrder {
                        first: pair[0].grade.clone(),
                        first_min: pair[0].min,
                        second: pair[1].grade.clone(),
                        second_min: pair[1].min,
                    });
                }
            }
        }
        Grading::Forced { shares } => {
            if shares.is_empty() {
                push(Problem::NoForcedGrades);
            }
            check_weights(
                shares.iter().map(|share| share.percent),
                || WeightSet::ForcedShares,
                &mut push,
            );
        }
    }
    let grades = grading.grades();
    let unique: HashSet<&&str> = grades.iter().collect();
    if unique.len() != grades.len() {
        push(Problem::DuplicateGrade);
    }
}
