//! Reading a bonus rule's numbers: each field checked and money turned into
//! cents, or the error that names the field and what is wrong with it.

use super::error::{BonusError, BonusProblem};
use super::money::MAX_CENTS;

/// The per-person floor (0 when none) and cap, in cents, checked.
pub(super) fn floor_and_cap(
    floor: Option<f64>,
    cap: Option<f64>,
) -> Result<(i64, Option<i64>), BonusError> {
    let floor = floor.map(|floor| money("floor", floor)).transpose()?;
    let cap = cap.map(|cap| money("cap", cap)).transpose()?;
    if let (Some(floor), Some(cap)) = (floor, cap)
        && floor > cap
    {
        return Err(BonusError::Invalid {
            field: "floor",
            problem: BonusProblem::FloorAboveCap { floor, cap },
        });
    }
    Ok((floor.unwrap_or(0), cap))
}

/// The floors of `eligible` agents must fit in the pool.
pub(super) fn check_floors(floor: i64, eligible: usize, pool: i64) -> Result<(), BonusError> {
    let needed = i128::from(floor) * eligible as i128;
    if needed > i128::from(pool) {
        return Err(BonusError::FloorsExceedPool {
            needed: i64::try_from(needed).unwrap_or(i64::MAX),
            pool,
            eligible,
        });
    }
    Ok(())
}

pub(super) fn finite(field: &'static str, value: f64) -> Result<f64, BonusError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(BonusError::Invalid {
            field,
            problem: BonusProblem::NotFinite { value },
        })
    }
}

/// Currency units -> cents, refusing what cannot be paid or split exactly.
pub(super) fn money(field: &'static str, value: f64) -> Result<i64, BonusError> {
    let value = finite(field, value)?;
    if value < 0.0 {
        return Err(BonusError::Invalid {
            field,
            problem: BonusProblem::Negative { value },
        });
    }
    let cents = (value * 100.0).round();
    if cents > MAX_CENTS as f64 {
        return Err(BonusError::Invalid {
            field,
            problem: BonusProblem::TooLarge {
                value,
                limit: MAX_CENTS,
            },
        });
    }
    Ok(cents as i64)
}

pub(super) fn percent(field: &'static str, value: f64) -> Result<f64, BonusError> {
    let value = finite(field, value)?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(BonusError::Invalid {
            field,
            problem: BonusProblem::NotPercent { value },
        })
    }
}

pub(super) fn positive_exponent(value: f64) -> Result<f64, BonusError> {
    let value = finite("exponent", value)?;
    if value > 0.0 {
        Ok(value)
    } else {
        Err(BonusError::Invalid {
            field: "exponent",
            problem: BonusProblem::NotPositive { value },
        })
    }
}
