//! The edits a scheme designer makes, as plain functions over a [`Scheme`],
//! and the undo history they go into.
//!
//! Every edit leaves a scheme the validator can judge; none of them repairs
//! weights behind the user's back. "Spread evenly" and "scale to 100" exist,
//! but only as edits the user asks for.

use super::curve::Direction;
use super::curve::{Band, Curve};
use super::figures::Figures;
use super::formula;
use super::scheme::{
    BonusRule, Dimension, Indicator, MissingPolicy, Names, Scheme, ValueSource, WeightProfile,
};

/// How many edits undo keeps.
pub const HISTORY_LIMIT: usize = 100;

/// Undo and redo over whole snapshots. Snapshots are cheap next to a person
/// typing, and they cannot drift from the state the way inverse edits can.
#[derive(Clone, Debug)]
pub struct History<T> {
    past: Vec<T>,
    future: Vec<T>,
    /// The field of the last edit, when typing into it should stay one
    /// step.
    last_key: Option<String>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
            last_key: None,
        }
    }
}

impl<T> History<T> {
    /// Records the state before an edit. Consecutive edits with the same
    /// `key` (keystrokes in one field) make one step; `None` always makes a
    /// step of its own.
    pub fn record(&mut self, before: T, key: Option<&str>) {
        let same_field = key.is_some() && key == self.last_key.as_deref();
        self.last_key = key.map(str::to_owned);
        self.future.clear();
        if same_field {
            return;
        }
        self.past.push(before);
        if self.past.len() > HISTORY_LIMIT {
            self.past.remove(0);
        }
    }

    /// The state before the last edit, given the current one (kept for
    /// redo).
    pub fn undo(&mut self, current: T) -> Option<T> {
        let previous = self.past.pop()?;
        self.future.push(current);
        self.last_key = None;
        Some(previous)
    }

    /// The state undo left, given the current one.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.future.pop()?;
        self.past.push(current);
        self.last_key = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Ends the current step: the next keystroke in the same field starts a
    /// new one (a field lost focus).
    pub fn seal(&mut self) {
        self.last_key = None;
    }
}

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
    order.sort_by(|&a, &b| {
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

/// `base`, or `base_2`, `base_3`... whichever is not taken.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|id| !taken(id))
        .expect("some suffix is free")
}

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

/// What a new member of a level weighs: what the others leave of 100, so a
/// level short of 100 is made whole and one at 100 stays there (the first
/// member gets 100). Rounded to cents of a point, as weights are typed.
fn remaining_weight(weights: impl Iterator<Item = f64>) -> f64 {
    let left = 100.0 - weights.filter(|w| w.is_finite()).sum::<f64>();
    if left > 0.0 {
        (left * 100.0).round() / 100.0
    } else {
        0.0
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

/// Adds an input with a free id; returns its index.
pub fn add_input(scheme: &mut Scheme, name: Names) -> usize {
    let id = unique_id("input", |id| {
        scheme.inputs.iter().any(|input| input.id == id)
    });
    scheme.inputs.push(super::scheme::Input {
        id,
        name,
        aliases: Vec::new(),
        unit: String::new(),
    });
    scheme.inputs.len() - 1
}

/// Sets an indicator's direction and turns its curves to match: a linear or
/// payout curve is mirrored (worst and best swap ends), and a curve that
/// cannot serve the new direction becomes one that can, around the same
/// values.
pub fn set_direction(indicator: &mut Indicator, direction: Direction) {
    if indicator.direction == direction {
        return;
    }
    let from = indicator.direction;
    indicator.direction = direction;
    indicator.curve = turn_curve(&indicator.curve, from, direction);
    for group in &mut indicator.overrides {
        group.curve = turn_curve(&group.curve, from, direction);
    }
}

fn turn_curve(curve: &Curve, from: Direction, to: Direction) -> Curve {
    let (low, high) = curve_domain(curve);
    match (curve, to) {
        (_, Direction::Band) => Curve::TargetBand {
            target: (low + high) / 2.0,
            tolerance: (high - low) / 10.0,
            limit: (high - low) / 2.0,
        },
        (Curve::TargetBand { .. }, _) => {
            let (worst, best) = if to == Direction::Lower {
                (high, low)
            } else {
                (low, high)
            };
            Curve::Linear { worst, best }
        }
        (Curve::Linear { worst, best }, _) if from != to => Curve::Linear {
            worst: *best,
            best: *worst,
        },
        (
            Curve::Payout {
                threshold,
                target,
                stretch,
                below,
                at_threshold,
                cap,
            },
            _,
        ) => Curve::Payout {
            // Mirror around the target: the same distances, the other way.
            threshold: 2.0 * target - threshold,
            target: *target,
            stretch: 2.0 * target - stretch,
            below: *below,
            at_threshold: *at_threshold,
            cap: *cap,
        },
        _ => curve.clone(),
    }
}

/// The kinds of curve, in the order an editor offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveKind {
    Linear,
    Payout,
    Ratio,
    Bands,
    PassFail,
    TargetBand,
}

impl CurveKind {
    pub const ALL: [CurveKind; 6] = [
        CurveKind::Linear,
        CurveKind::Payout,
        CurveKind::Ratio,
        CurveKind::Bands,
        CurveKind::PassFail,
        CurveKind::TargetBand,
    ];

    pub fn of(curve: &Curve) -> CurveKind {
        match curve {
            Curve::Linear { .. } => CurveKind::Linear,
            Curve::Payout { .. } => CurveKind::Payout,
            Curve::Ratio { .. } => CurveKind::Ratio,
            Curve::Bands { .. } => CurveKind::Bands,
            Curve::PassFail { .. } => CurveKind::PassFail,
            Curve::TargetBand { .. } => CurveKind::TargetBand,
        }
    }

    /// A stable name for forms and tests.
    pub fn id(self) -> &'static str {
        match self {
            CurveKind::Linear => "linear",
            CurveKind::Payout => "payout",
            CurveKind::Ratio => "ratio",
            CurveKind::Bands => "bands",
            CurveKind::PassFail => "pass_fail",
            CurveKind::TargetBand => "target_band",
        }
    }

    pub fn from_id(id: &str) -> Option<CurveKind> {
        CurveKind::ALL.into_iter().find(|kind| kind.id() == id)
    }
}

/// A curve of another kind over the same range of values as `curve`, in
/// order for `direction`, so switching kinds keeps the targets in view.
pub fn curve_of_kind(kind: CurveKind, direction: Direction, curve: &Curve) -> Curve {
    if CurveKind::of(curve) == kind {
        return curve.clone();
    }
    let (low, high) = curve_domain(curve);
    let (worst, best) = if direction == Direction::Lower {
        (high, low)
    } else {
        (low, high)
    };
    let at = |share: f64| worst + (best - worst) * share;
    match kind {
        CurveKind::Linear => Curve::Linear { worst, best },
        CurveKind::Payout => Curve::Payout {
            threshold: at(0.25),
            target: at(0.75),
            stretch: best,
            below: 0.0,
            at_threshold: 50.0,
            cap: 100.0,
        },
        CurveKind::Ratio => Curve::Ratio {
            target: if at(0.75) > 0.0 { at(0.75) } else { 1.0 },
            cap: 100.0,
            lower_form: Default::default(),
        },
        CurveKind::Bands => {
            let band = |from: Option<f64>, to: Option<f64>, score: f64| Band { from, to, score };
            // Cut points at 30% and 70% of the way from worst to best (for a
            // band direction, of the way across the range).
            let (a, b) = (low + (high - low) * 0.3, low + (high - low) * 0.7);
            let scores = match direction {
                Direction::Higher => [0.0, 60.0, 100.0],
                Direction::Lower => [100.0, 60.0, 0.0],
                Direction::Band => [0.0, 100.0, 0.0],
            };
            let bands = vec![
                band(None, Some(a), scores[0]),
                band(Some(a), Some(b), scores[1]),
                band(Some(b), None, scores[2]),
            ];
            Curve::Bands { bands }
        }
        CurveKind::PassFail => Curve::PassFail {
            pass_at: at(0.75),
            pass: 100.0,
            fail: 0.0,
        },
        CurveKind::TargetBand => Curve::TargetBand {
            target: (low + high) / 2.0,
            tolerance: (high - low) / 10.0,
            limit: (high - low) / 2.0,
        },
    }
}

/// The number fields of a curve (all but a band list's), in the order an
/// editor shows them, with their values.
pub fn curve_fields(curve: &Curve) -> Vec<(&'static str, f64)> {
    match *curve {
        Curve::Linear { worst, best } => vec![("worst", worst), ("best", best)],
        Curve::Payout {
            threshold,
            target,
            stretch,
            below,
            at_threshold,
            cap,
        } => vec![
            ("threshold", threshold),
            ("target", target),
            ("stretch", stretch),
            ("below", below),
            ("at_threshold", at_threshold),
            ("cap", cap),
        ],
        Curve::Ratio { target, cap, .. } => vec![("target", target), ("cap", cap)],
        Curve::Bands { .. } => Vec::new(),
        Curve::PassFail {
            pass_at,
            pass,
            fail,
        } => vec![("pass_at", pass_at), ("pass", pass), ("fail", fail)],
        Curve::TargetBand {
            target,
            tolerance,
            limit,
        } => vec![
            ("target", target),
            ("tolerance", tolerance),
            ("limit", limit),
        ],
    }
}

/// Sets one of [`curve_fields`]; false if the curve has no such field.
pub fn set_curve_field(curve: &mut Curve, field: &str, value: f64) -> bool {
    let slot = match (curve, field) {
        (Curve::Linear { worst, .. }, "worst") => worst,
        (Curve::Linear { best, .. }, "best") => best,
        (Curve::Payout { threshold, .. }, "threshold") => threshold,
        (Curve::Payout { target, .. }, "target") => target,
        (Curve::Payout { stretch, .. }, "stretch") => stretch,
        (Curve::Payout { below, .. }, "below") => below,
        (Curve::Payout { at_threshold, .. }, "at_threshold") => at_threshold,
        (Curve::Payout { cap, .. }, "cap") => cap,
        (Curve::Ratio { target, .. }, "target") => target,
        (Curve::Ratio { cap, .. }, "cap") => cap,
        (Curve::PassFail { pass_at, .. }, "pass_at") => pass_at,
        (Curve::PassFail { pass, .. }, "pass") => pass,
        (Curve::PassFail { fail, .. }, "fail") => fail,
        (Curve::TargetBand { target, .. }, "target") => target,
        (Curve::TargetBand { tolerance, .. }, "tolerance") => tolerance,
        (Curve::TargetBand { limit, .. }, "limit") => limit,
        _ => return false,
    };
    *slot = value;
    true
}

/// The range of values a curve's points span, low to high, never empty.
pub fn curve_domain(curve: &Curve) -> (f64, f64) {
    let points: Vec<f64> = match curve {
        Curve::Linear { worst, best } => vec![*worst, *best],
        Curve::Payout {
            threshold,
            target,
            stretch,
            ..
        } => vec![*threshold, *target, *stretch],
        Curve::Ratio { target, cap, .. } => vec![0.0, target * cap.max(100.0) / 100.0],
        Curve::Bands { bands } => bands
            .iter()
            .flat_map(|band| [band.from, band.to])
            .flatten()
            .collect(),
        Curve::PassFail { pass_at, .. } => vec![*pass_at],
        Curve::TargetBand { target, limit, .. } => vec![target - limit, target + limit],
    };
    let finite = points.into_iter().filter(|x| x.is_finite());
    let low = finite.clone().fold(f64::INFINITY, f64::min);
    let high = finite.fold(f64::NEG_INFINITY, f64::max);
    if !low.is_finite() {
        return (0.0, 100.0);
    }
    if high - low < 1e-9 {
        let pad = if low == 0.0 { 1.0 } else { low.abs() / 2.0 };
        return (low - pad, high + pad);
    }
    (low, high)
}

/// Points of score against value for a chart: `n` samples across the
/// curve's range widened by a margin and by `values` (the team's), so
/// steps and caps show. Values the curve cannot score are left out.
pub fn curve_points(
    curve: &Curve,
    direction: Direction,
    values: &[f64],
    n: usize,
) -> Vec<(f64, f64)> {
    let (mut low, mut high) = curve_domain(curve);
    for value in values.iter().filter(|v| v.is_finite()) {
        low = low.min(*value);
        high = high.max(*value);
    }
    let margin = (high - low) * 0.1;
    let (low, high) = (low - margin, high + margin);
    let n = n.max(2);
    (0..n)
        .filter_map(|k| {
            let x = low + (high - low) * k as f64 / (n - 1) as f64;
            curve.score(direction, x).ok().map(|y| (x, y))
        })
        .collect()
}

/// The value of one indicator for each row of the figures that has one,
/// read the way scoring reads it (a column, a formula, raters), for
/// marking the team on a curve. Works on a draft: an indicator whose value
/// cannot be read gives nothing.
pub fn indicator_values(indicator: &Indicator, figures: &Figures) -> Vec<f64> {
    let column = |id: &str| figures.column(id);
    match &indicator.value {
        ValueSource::Column(id) => column(id).map_or_else(Vec::new, |c| {
            figures
                .rows
                .iter()
                .filter_map(|row| row.values.get(c).copied().flatten())
                .collect()
        }),
        ValueSource::Formula(text) => {
            let Ok(bound) = formula::parse(text).and_then(|parsed| parsed.bind(&column)) else {
                return Vec::new();
            };
            let mut stack = Vec::new();
            figures
                .rows
                .iter()
                .filter_map(|row| {
                    bound
                        .eval_with(&mut stack, &row.values, None)
                        .ok()
                        .flatten()
                })
                .collect()
        }
        ValueSource::Raters(raters) => figures
            .rows
            .iter()
            .filter_map(|row| {
                let mut sum = 0.0;
                let mut weight = 0.0;
                for rater in raters {
                    if let Some(value) =
                        column(&rater.column).and_then(|c| row.values.get(c).copied().flatten())
                    {
                        sum += value * rater.weight;
                        weight += rater.weight;
                    }
                }
                (weight > 0.0).then(|| sum / weight)
            })
            .collect(),
    }
}

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

/// The kinds of bonus rule the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BonusKind {
    Proportional,
    TopShare,
}

impl BonusKind {
    pub fn of(rule: &BonusRule) -> BonusKind {
        match rule {
            BonusRule::Proportional { .. } => BonusKind::Proportional,
            BonusRule::TopShare { .. } => BonusKind::TopShare,
        }
    }
}

/// A rule of `kind` that keeps what `from` shares with it (pool, exponent,
/// minimum score, floor, cap); a new rule starts with a pool of 10,000 split in
/// proportion to the totals, or the top 20% sharing 50%.
pub fn bonus_of_kind(from: Option<&BonusRule>, kind: BonusKind) -> BonusRule {
    let (pool, exponent, min_score, floor, cap) = match from {
        Some(
            BonusRule::Proportional {
                pool,
                exponent,
                min_score,
                floor,
                cap,
            }
            | BonusRule::TopShare {
                pool,
                exponent,
                min_score,
                floor,
                cap,
                ..
            },
        ) => (*pool, *exponent, *min_score, *floor, *cap),
        None => (10_000.0, 1.0, 0.0, None, None),
    };
    match kind {
        BonusKind::Proportional => BonusRule::Proportional {
            pool,
            exponent,
            min_score,
            floor,
            cap,
        },
        BonusKind::TopShare => BonusRule::TopShare {
            pool,
            top_percent: 20.0,
            top_share: 50.0,
            exponent,
            min_score,
            floor,
            cap,
        },
    }
}

/// A bonus rule's fields, by the names validation uses.
pub fn bonus_fields(rule: &BonusRule) -> Vec<(&'static str, Option<f64>)> {
    match rule {
        BonusRule::Proportional {
            pool,
            exponent,
            min_score,
            floor,
            cap,
        } => vec![
            ("pool", Some(*pool)),
            ("exponent", Some(*exponent)),
            ("min_score", Some(*min_score)),
            ("floor", *floor),
            ("cap", *cap),
        ],
        BonusRule::TopShare {
            pool,
            top_percent,
            top_share,
            exponent,
            min_score,
            floor,
            cap,
        } => vec![
            ("pool", Some(*pool)),
            ("top_percent", Some(*top_percent)),
            ("top_share", Some(*top_share)),
            ("exponent", Some(*exponent)),
            ("min_score", Some(*min_score)),
            ("floor", *floor),
            ("cap", *cap),
        ],
    }
}

/// Sets one field of a bonus rule; `None` clears an optional one (floor,
/// cap) and is ignored for the others. A field the rule lacks is ignored.
pub fn set_bonus_field(rule: &mut BonusRule, field: &str, value: Option<f64>) {
    let slot: Option<&mut f64> = match (rule, field) {
        (BonusRule::Proportional { floor, .. } | BonusRule::TopShare { floor, .. }, "floor") => {
            *floor = value;
            return;
        }
        (BonusRule::Proportional { cap, .. } | BonusRule::TopShare { cap, .. }, "cap") => {
            *cap = value;
            return;
        }
        (BonusRule::Proportional { pool, .. } | BonusRule::TopShare { pool, .. }, "pool") => {
            Some(pool)
        }
        (
            BonusRule::Proportional { exponent, .. } | BonusRule::TopShare { exponent, .. },
            "exponent",
        ) => Some(exponent),
        (
            BonusRule::Proportional { min_score, .. } | BonusRule::TopShare { min_score, .. },
            "min_score",
        ) => Some(min_score),
        (BonusRule::TopShare { top_percent, .. }, "top_percent") => Some(top_percent),
        (BonusRule::TopShare { top_share, .. }, "top_share") => Some(top_share),
        _ => None,
    };
    if let (Some(slot), Some(value)) = (slot, value) {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    fn example() -> Scheme {
        Scheme::from_json(include_str!("../../../docs/examples/call-centre.json")).unwrap()
    }

    fn hundredths(weights: &[f64]) -> i64 {
        weights.iter().map(|w| (w * 100.0).round() as i64).sum()
    }

    #[test]
    fn history_undoes_and_redoes_and_merges_keystrokes_in_one_field() {
        let mut history = History::default();
        let mut state = 0;
        for (value, key) in [
            (1, None),
            (2, Some("name")),
            (3, Some("name")),
            (4, Some("weight")),
        ] {
            history.record(state, key);
            state = value;
        }
        // 0 -> 1, 1 -> 3 (two keystrokes in "name"), 3 -> 4.
        state = history.undo(state).unwrap();
        assert_eq!(state, 3);
        state = history.undo(state).unwrap();
        assert_eq!(state, 1);
        state = history.redo(state).unwrap();
        assert_eq!(state, 3);
        state = history.undo(state).unwrap();
        state = history.undo(state).unwrap();
        assert_eq!(state, 0);
        assert!(history.undo(state).is_none());
        assert!(history.can_redo());
        // A new edit drops what could be redone.
        history.record(state, None);
        assert!(!history.can_redo());
    }

    #[test]
    fn history_keeps_the_last_hundred_steps_and_seal_splits_a_field() {
        let mut history = History::default();
        for state in 0..150 {
            history.record(state, None);
        }
        let mut state = 150;
        let mut steps = 0;
        while let Some(previous) = history.undo(state) {
            state = previous;
            steps += 1;
        }
        assert_eq!(steps, HISTORY_LIMIT);
        assert_eq!(state, 50);

        let mut history = History::default();
        history.record(0, Some("name"));
        history.seal();
        history.record(1, Some("name"));
        assert_eq!(history.undo(2), Some(1));
        assert_eq!(history.undo(1), Some(0));
    }

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

    #[test]
    fn changing_direction_or_kind_gives_a_curve_that_validates() {
        for kind in CurveKind::ALL {
            for direction in [Direction::Higher, Direction::Lower, Direction::Band] {
                // A curve that fits the direction, of another kind or not.
                let start = match direction {
                    Direction::Higher => Curve::Linear {
                        worst: 60.0,
                        best: 95.0,
                    },
                    Direction::Lower => Curve::Linear {
                        worst: 95.0,
                        best: 60.0,
                    },
                    Direction::Band => Curve::TargetBand {
                        target: 80.0,
                        tolerance: 5.0,
                        limit: 20.0,
                    },
                };
                let curve = curve_of_kind(kind, direction, &start);
                let fits = curve.check(direction).is_ok();
                // A target band serves only the band direction, bands any,
                // and the others only higher or lower.
                let expected = match kind {
                    CurveKind::TargetBand => direction == Direction::Band,
                    CurveKind::Bands => true,
                    _ => direction != Direction::Band,
                };
                assert_eq!(fits, expected, "{kind:?} {direction:?} {curve:?}");
            }
        }
        let mut indicator = new_indicator(&example(), Names::both("AHT"));
        indicator.curve = Curve::Payout {
            threshold: 60.0,
            target: 80.0,
            stretch: 90.0,
            below: 0.0,
            at_threshold: 50.0,
            cap: 110.0,
        };
        for direction in [
            Direction::Lower,
            Direction::Band,
            Direction::Higher,
            Direction::Lower,
        ] {
            set_direction(&mut indicator, direction);
            assert!(
                indicator.curve.check(direction).is_ok(),
                "{direction:?} {:?}",
                indicator.curve
            );
        }
    }

    #[test]
    fn curve_points_cover_the_team_and_the_values_read_like_scoring() {
        let scheme = example();
        let table = Table::from_test_csv(include_str!("../../../docs/examples/call-centre.csv"));
        let (figures, _) = Figures::from_table(&scheme, &table);
        let result = crate::score::score_team(&scheme, &figures).unwrap();
        for (n, (_, indicator)) in scheme.indicators().enumerate() {
            let values = indicator_values(indicator, &figures);
            let scored: Vec<f64> = result
                .cards
                .iter()
                .filter_map(|card| card.indicators[n].raw)
                .collect();
            // Formulas with prev() read no earlier period here; the rest
            // match scoring exactly.
            if !matches!(&indicator.value, ValueSource::Formula(f) if f.contains("prev")) {
                assert_eq!(values, scored, "{}", indicator.id);
            }
            let points = curve_points(&indicator.curve, indicator.direction, &values, 50);
            assert!(points.len() >= 2, "{}", indicator.id);
            let (low, high) = (points[0].0, points.last().unwrap().0);
            for value in &values {
                assert!(low <= *value && *value <= high, "{} {value}", indicator.id);
            }
        }
    }

    #[test]
    fn curve_fields_read_and_write_every_number_of_every_kind() {
        for kind in CurveKind::ALL {
            let mut curve = curve_of_kind(
                kind,
                Direction::Higher,
                &Curve::Linear {
                    worst: 0.0,
                    best: 10.0,
                },
            );
            for (n, (field, _)) in curve_fields(&curve.clone()).into_iter().enumerate() {
                assert!(
                    set_curve_field(&mut curve, field, 1000.0 + n as f64),
                    "{field}"
                );
                assert_eq!(curve_fields(&curve)[n], (field, 1000.0 + n as f64));
            }
            assert!(!set_curve_field(&mut curve, "nothing", 1.0));
        }
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

    use crate::table::Table;

    #[test]
    fn bonus_rules_switch_kind_keeping_shared_fields() {
        let mut rule = bonus_of_kind(None, BonusKind::Proportional);
        set_bonus_field(&mut rule, "pool", Some(5000.0));
        set_bonus_field(&mut rule, "exponent", Some(2.0));
        set_bonus_field(&mut rule, "cap", Some(900.0));
        set_bonus_field(&mut rule, "top_share", Some(70.0));
        assert_eq!(
            bonus_fields(&rule),
            vec![
                ("pool", Some(5000.0)),
                ("exponent", Some(2.0)),
                ("min_score", Some(0.0)),
                ("floor", None),
                ("cap", Some(900.0)),
            ]
        );
        let top = bonus_of_kind(Some(&rule), BonusKind::TopShare);
        assert_eq!(BonusKind::of(&top), BonusKind::TopShare);
        assert_eq!(
            bonus_fields(&top),
            vec![
                ("pool", Some(5000.0)),
                ("top_percent", Some(20.0)),
                ("top_share", Some(50.0)),
                ("exponent", Some(2.0)),
                ("min_score", Some(0.0)),
                ("floor", None),
                ("cap", Some(900.0)),
            ]
        );
        set_bonus_field(&mut rule, "cap", None);
        assert_eq!(bonus_fields(&rule)[4], ("cap", None));
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
    fn a_rename_passing_through_another_id_keeps_each_items_mentions() {
        let example =
            || Scheme::from_json(include_str!("../../../docs/examples/call-centre.json")).unwrap();
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
