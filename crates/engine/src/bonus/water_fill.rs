//! Water-filling: sharing a pool by weight with a floor and a cap per
//! person, exactly (in floating point), before any rounding to cents.

/// Where an agent stands while the water level rises.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    AtFloor,
    Proportional,
    AtCap,
}

/// The water-filling split: amounts clamp(level x weight, floor, cap) with
/// the one level at which they add up to the pool, and the whole cents to
/// pay (the pool, less what every agent at the cap leaves over).
///
/// Fixing shares at the floor or the cap and re-sharing the rest until
/// nothing changes reaches exactly this level; finding it by sweeping the
/// levels at which agents leave the floor or reach the cap gets there in
/// one pass and cannot oscillate. Needs floor x agents <= pool.
pub(super) fn water_fill(
    weights: &[f64],
    pool: i64,
    floor: i64,
    cap: Option<i64>,
) -> (Vec<f64>, i64) {
    let floor_f = floor as f64;
    let mut amounts = vec![floor_f; weights.len()];
    // Agents of weight 0 never rise from the floor; the others share what
    // the floors of the weightless leave.
    let weightless = weights.iter().filter(|&&weight| weight <= 0.0).count() as i128;
    let rising: Vec<usize> = (0..weights.len())
        .filter(|&agent| weights[agent] > 0.0)
        .collect();
    let target = i128::from(pool) - weightless * i128::from(floor);
    if rising.is_empty() {
        return (
            amounts,
            i64::try_from(weightless * i128::from(floor)).unwrap_or(pool),
        );
    }
    if let Some(cap) = cap
        && rising.len() as i128 * i128::from(cap) <= target
    {
        for &agent in &rising {
            amounts[agent] = cap as f64;
        }
        let paid = weightless * i128::from(floor) + rising.len() as i128 * i128::from(cap);
        return (amounts, i64::try_from(paid).unwrap_or(pool));
    }
    let target = target as f64;

    // Events: (level, agent, reaches_cap). At a level of floor / weight an
    // agent leaves the floor; at cap / weight it reaches the cap.
    let mut events: Vec<(f64, usize, bool)> = Vec::with_capacity(rising.len() * 2);
    for &agent in &rising {
        events.push((floor_f / weights[agent], agent, false));
        if let Some(cap) = cap {
            events.push((cap as f64 / weights[agent], agent, true));
        }
    }
    crate::order::sort_by(&mut events, |a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));

    let mut level = vec![Level::AtFloor; weights.len()];
    // The pool paid at a water level w is fixed + slope x w.
    let mut fixed = rising.len() as f64 * floor_f;
    let mut slope = 0.0;
    let mut proportional = 0usize;
    for &(at, agent, reaches_cap) in &events {
        if proportional > 0 && fixed + slope * at >= target {
            break;
        }
        if reaches_cap {
            level[agent] = Level::AtCap;
            proportional -= 1;
            slope -= weights[agent];
            fixed += cap.unwrap_or(0) as f64;
        } else {
            level[agent] = Level::Proportional;
            proportional += 1;
            slope += weights[agent];
            fixed -= floor_f;
        }
        if proportional == 0 {
            // No rounding residue may pretend someone is still rising.
            slope = 0.0;
        }
    }

    // Recomputed from the final levels rather than the running sums, which
    // carry the rounding of every step.
    let mut fixed = 0.0;
    let mut slope = 0.0;
    for &agent in &rising {
        match level[agent] {
            Level::AtFloor => fixed += floor_f,
            Level::AtCap => fixed += cap.unwrap_or(0) as f64,
            Level::Proportional => slope += weights[agent],
        }
    }
    let high = cap.map_or(f64::INFINITY, |cap| cap as f64);
    let share = (target - fixed).max(0.0);
    for &agent in &rising {
        amounts[agent] = match level[agent] {
            Level::AtFloor => floor_f,
            Level::AtCap => high,
            // weight / slope <= 1, so this cannot overflow however small
            // the weights are.
            Level::Proportional if slope > 0.0 => {
                (share * (weights[agent] / slope)).clamp(floor_f, high)
            }
            Level::Proportional => floor_f,
        };
    }
    (amounts, pool)
}
