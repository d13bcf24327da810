//! The team charts' data: the score histogram by grade and the target line
//! a curve draws.

use crate::curve::Curve;
use crate::curve::Direction;
use crate::scheme::Scheme;
use crate::score::Scorecard;

/// One bar of the score histogram: totals in `from..to` (the last bin
/// includes 100 and anything above), counted per grade (best first, in the
/// order of [`Grading::grades`](crate::scheme::Grading::grades)).
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub per_grade: Vec<usize>,
    /// Totals with no grade (bands whose last one has a lower bound).
    pub ungraded: usize,
}

impl Bin {
    pub fn count(&self) -> usize {
        self.per_grade.iter().sum::<usize>() + self.ungraded
    }
}

/// The histogram of totals in bins of `width` points from 0 to 100, each
/// bar split by grade (and the ungraded). Totals under 0 fall in the first
/// bin, 100 and over in the last; cards without a total are not counted.
pub fn histogram(scheme: &Scheme, cards: &[&Scorecard], width: f64) -> Vec<Bin> {
    let grades = scheme.grading.grades();
    let bins = (100.0 / width).ceil().max(1.0) as usize;
    let mut histogram: Vec<Bin> = (0..bins)
        .map(|b| Bin {
            from: b as f64 * width,
            to: ((b + 1) as f64 * width).min(100.0),
            per_grade: vec![0; grades.len()],
            ungraded: 0,
        })
        .collect();
    for card in cards {
        let Some(total) = card.total else { continue };
        let bin = ((total / width).floor().max(0.0) as usize).min(bins - 1);
        match card
            .grade
            .as_deref()
            .and_then(|grade| grades.iter().position(|g| *g == grade))
        {
            Some(grade) => histogram[bin].per_grade[grade] += 1,
            None => histogram[bin].ungraded += 1,
        }
    }
    histogram
}

/// What an indicator's curve asks for full marks, for the scorecard's
/// "target" column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    AtLeast(f64),
    AtMost(f64),
    Within(f64, f64),
}

/// The value at which the curve gives its best score, or the range that
/// does; `None` for a bands curve whose best band is open-ended on the wrong
/// side.
pub fn target(curve: &Curve, direction: Direction) -> Option<Target> {
    let toward = |value: f64| match direction {
        Direction::Lower => Target::AtMost(value),
        Direction::Higher | Direction::Band => Target::AtLeast(value),
    };
    match curve {
        Curve::Linear { best, .. } => Some(toward(*best)),
        Curve::Payout { target, .. } | Curve::Ratio { target, .. } => Some(toward(*target)),
        Curve::PassFail { pass_at, .. } => Some(toward(*pass_at)),
        Curve::TargetBand {
            target, tolerance, ..
        } => Some(Target::Within(target - tolerance, target + tolerance)),
        Curve::Bands { bands } => {
            let best = curve.max_score();
            let band = bands.iter().find(|band| band.score >= best)?;
            match (band.from, band.to) {
                (Some(from), Some(to)) => Some(Target::Within(from, to)),
                (Some(from), None) => Some(Target::AtLeast(from)),
                (None, Some(to)) => Some(Target::AtMost(to)),
                (None, None) => None,
            }
        }
    }
}
