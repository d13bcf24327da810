//! Bonus strategies: totals with gaps and ties, pools, and valid rules of
//! either kind.

use kpi_engine::scheme::BonusRule;
use proptest::prelude::*;

pub fn totals() -> BoxedStrategy<Vec<Option<f64>>> {
    prop::collection::vec(
        prop::option::weighted(
            0.8,
            prop_oneof![
                (0u32..=10).prop_map(|n| f64::from(n) * 10.0),
                0.0..120.0f64,
                -10.0..0.0f64,
            ],
        ),
        0..30,
    )
    .boxed()
}

pub fn pool() -> BoxedStrategy<f64> {
    prop_oneof![
        Just(0.0),
        (0u64..=10_000_000).prop_map(|cents| cents as f64 / 100.0),
        0.0..1e7f64,
    ]
    .boxed()
}

pub fn bonus_rule() -> BoxedStrategy<BonusRule> {
    let exponent = prop_oneof![Just(1.0), Just(2.0), 0.5..=3.0f64];
    let min_score = prop_oneof![
        Just(0.0),
        (0u32..=10).prop_map(|n| f64::from(n) * 10.0),
        0.0..100.0f64
    ];
    let proportional =
        (pool(), exponent.clone(), min_score.clone()).prop_map(|(pool, exponent, min_score)| {
            BonusRule::Proportional {
                pool,
                exponent,
                min_score,
                floor: None,
                cap: None,
            }
        });
    let percent = || {
        prop_oneof![
            Just(0.0),
            Just(100.0),
            (0u32..=10).prop_map(|n| f64::from(n) * 10.0),
            0.0..=100.0f64
        ]
    };
    let top_share = (pool(), percent(), percent(), exponent, min_score).prop_map(
        |(pool, top_percent, top_share, exponent, min_score)| BonusRule::TopShare {
            pool,
            top_percent,
            top_share,
            exponent,
            min_score,
            floor: None,
            cap: None,
        },
    );
    prop_oneof![proportional, top_share].boxed()
}
