//! Rules the split refuses, and the extremes it must still pay exactly.

use super::*;

#[test]
fn invalid_rules_name_the_problem_and_value() {
    let refusal = |rule: BonusRule| match split_bonus(&rule, &some(&[50.0])) {
        Err(BonusError::Invalid { field, problem }) => Some((field, problem)),
        _ => None,
    };
    let cases = [
        (
            proportional_rule(-1.0),
            "pool",
            BonusProblem::Negative { value: -1.0 },
            "bonus rule: pool must be 0 or more, got -1",
        ),
        (
            proportional_rule(1e14),
            "pool",
            BonusProblem::TooLarge {
                value: 1e14,
                limit: MAX_CENTS,
            },
            "bonus rule: pool is too large: 100000000000000 is more than 90071992547409.92",
        ),
        (
            with_limits(100.0, Some(50.0), Some(20.0)),
            "floor",
            BonusProblem::FloorAboveCap {
                floor: 5000,
                cap: 2000,
            },
            "bonus rule: floor (50.00) is above the cap (20.00)",
        ),
        (
            top_rule(100.0, 120.0, 50.0),
            "top_percent",
            BonusProblem::NotPercent { value: 120.0 },
            "bonus rule: top_percent must be between 0 and 100, got 120",
        ),
    ];
    for (rule, field, problem, words) in cases {
        assert_eq!(refusal(rule.clone()), Some((field, problem)));
        let error = split_bonus(&rule, &some(&[50.0]))
            .err()
            .map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some(words));
    }
}

#[test]
fn invalid_rules_are_refused() {
    let totals = some(&[50.0]);
    let field = |rule: BonusRule| match split_bonus(&rule, &totals) {
        Err(BonusError::Invalid { field, .. }) => field,
        other => panic!("expected Invalid, got {other:?}"),
    };
    assert_eq!(field(proportional_rule(-1.0)), "pool");
    assert_eq!(field(proportional_rule(f64::NAN)), "pool");
    assert_eq!(field(proportional_rule(f64::INFINITY)), "pool");
    assert_eq!(field(proportional_rule(1e300)), "pool");
    assert_eq!(field(with_limits(100.0, Some(-1.0), None)), "floor");
    assert_eq!(field(with_limits(100.0, None, Some(f64::NAN))), "cap");
    assert_eq!(field(with_limits(100.0, Some(30.0), Some(20.0))), "floor");
    for exponent in [0.0, -1.0, f64::NAN] {
        let rule = BonusRule::Proportional {
            pool: 100.0,
            exponent,
            min_score: 0.0,
            floor: None,
            cap: None,
        };
        assert_eq!(field(rule), "exponent");
    }
    let rule = BonusRule::Proportional {
        pool: 100.0,
        exponent: 1.0,
        min_score: f64::NAN,
        floor: None,
        cap: None,
    };
    assert_eq!(field(rule), "min_score");
    assert_eq!(field(top_rule(100.0, 101.0, 50.0)), "top_percent");
    assert_eq!(field(top_rule(100.0, -0.5, 50.0)), "top_percent");
    assert_eq!(field(top_rule(100.0, 20.0, 100.5)), "top_share");
    assert_eq!(field(top_rule(100.0, 20.0, f64::NAN)), "top_share");
    assert_eq!(field(top_rule(-3.0, 20.0, 50.0)), "pool");

    let error = split_bonus(&top_rule(100.0, 120.0, 50.0), &totals).unwrap_err();
    assert_eq!(
        error.to_string(),
        "bonus rule: top_percent must be between 0 and 100, got 120"
    );
    let error = split_bonus(&with_limits(100.0, Some(30.0), Some(20.0)), &totals).unwrap_err();
    assert_eq!(
        error.to_string(),
        "bonus rule: floor (30.00) is above the cap (20.00)"
    );
}

#[test]
fn largest_allowed_pool_splits_exactly() {
    // 2^53 cents is the ceiling; a pool just under it still adds up.
    let pool = 90_071_992_547_409.0;
    let split = split_of(&proportional_rule(pool), &[97.0, 13.0, 55.5]);
    assert_eq!(split.pool, 9_007_199_254_740_900);
    assert_eq!(split.paid, split.pool);
    assert_eq!(split.leftover, 0);
    let split = split_of(&top_rule(pool, 33.0, 70.0), &[97.0, 13.0, 55.5]);
    assert_eq!(split.paid, split.pool);
}

#[test]
fn huge_totals_and_exponents_do_not_overflow() {
    let rule = BonusRule::Proportional {
        pool: 100.0,
        exponent: 50.0,
        min_score: 0.0,
        floor: None,
        cap: None,
    };
    // 1e300^50 would be infinite; scaled by the largest total it is 1
    // and 0.5^50 ~ 9e-16 -> essentially everything to the first.
    let split = split_of(&rule, &[1e300, 5e299]);
    assert_eq!(cents(&split), [10000, 0]);
}
