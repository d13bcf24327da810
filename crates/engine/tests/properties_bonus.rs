#![cfg(not(target_arch = "wasm32"))]
//! Property test of bonus pools (invariant 5): a pool is paid out to the
//! cent whenever anyone is eligible, with no negative amount and no
//! leftover; with nobody eligible all of it is left over.

mod common;

use common::bonus::{bonus_rule, totals};
use common::config;
use kpi_engine::bonus::split_bonus;
use kpi_engine::scheme::BonusBasics;
use proptest::prelude::*;

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn bonus_pools_are_paid_to_the_cent(rule in bonus_rule(), totals in totals()) {
        let BonusBasics { pool, min_score, .. } = rule.basics();
        let split = split_bonus(&rule, &totals)
            .map_err(|err| TestCaseError::fail(format!("{rule:?}: {err}")))?;
        let cents = (pool * 100.0).round() as i64;
        prop_assert_eq!(split.pool, cents);
        prop_assert_eq!(split.amounts.len(), totals.len());
        // Eligibility: a total at or above min_score (a hair either side of
        // it may go either way: totals are compared at 6 decimals).
        for (total, amount) in totals.iter().zip(&split.amounts) {
            match total {
                None => prop_assert!(amount.is_none(), "no total, but paid {amount:?}"),
                Some(total) if *total > min_score + 1e-6 => {
                    prop_assert!(amount.is_some(), "total {total} >= {min_score} not paid");
                }
                Some(total) if *total < min_score - 1e-6 => {
                    prop_assert!(amount.is_none(), "total {total} < {min_score} paid {amount:?}");
                }
                Some(_) => {}
            }
            if let Some(amount) = amount {
                prop_assert!(*amount >= 0, "negative amount {amount}");
            }
        }
        let sum: i64 = split.amounts.iter().flatten().sum();
        prop_assert_eq!(split.paid, sum);
        if split.amounts.iter().any(Option::is_some) {
            prop_assert_eq!(sum, cents, "amounts {:?}", split.amounts);
            prop_assert_eq!(split.leftover, 0);
        } else {
            prop_assert_eq!(split.paid, 0);
            prop_assert_eq!(split.leftover, cents);
        }
    }

}
