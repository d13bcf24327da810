//! The proportional rule: worked examples, eligibility, floors and caps.

use super::*;

#[test]
fn proportional_worked_example() {
    // Pool 1000.00 = 100000 cents over 90, 80, 70 (sum 240):
    //   90: 100000 * 90 / 240 = 37500.00
    //   80: 100000 * 80 / 240 = 33333.33..
    //   70: 100000 * 70 / 240 = 29166.66..
    // Floors 37500 + 33333 + 29166 = 99999: one cent missing, to the
    // largest dropped fraction (.66 of the 70) -> 375.00, 333.33, 291.67.
    let split = split_of(&proportional_rule(1000.0), &[90.0, 80.0, 70.0]);
    assert_eq!(cents(&split), [37500, 33333, 29167]);
    assert_eq!(split.pool, 100000);
    assert_eq!(split.paid, 100000);
    assert_eq!(split.leftover, 0);
    assert_eq!(split.top_group, [false, false, false]);
}

#[test]
fn equal_fractions_go_to_the_earlier_agent() {
    // 100.00 over three equal totals: 3333.33.. each, floors 9999, the
    // one cent left goes to the earliest of three equal fractions.
    let split = split_of(&proportional_rule(100.0), &[50.0, 50.0, 50.0]);
    assert_eq!(cents(&split), [3334, 3333, 3333]);
}

#[test]
fn equal_fractions_go_to_the_higher_total_first() {
    // 0.02 = 2 cents over 10 and 30: exact 0.5 and 1.5 cents, floors 0
    // and 1, both fractions .5: the cent goes to the higher total (30),
    // even though it comes second in the input.
    let split = split_of(&proportional_rule(0.02), &[10.0, 30.0]);
    assert_eq!(cents(&split), [0, 2]);
}

#[test]
fn exponent_two() {
    // 130.00 over 90 and 60 squared: 8100 and 3600 (sum 11700):
    // 13000 * 8100 / 11700 = 9000, 13000 * 3600 / 11700 = 4000.
    let rule = BonusRule::Proportional {
        pool: 130.0,
        exponent: 2.0,
        min_score: 0.0,
        floor: None,
        cap: None,
    };
    let split = split_of(&rule, &[90.0, 60.0]);
    assert_eq!(cents(&split), [9000, 4000]);
    // With exponent 1 it would be 7800 and 5200.
    let split = split_of(&proportional_rule(130.0), &[90.0, 60.0]);
    assert_eq!(cents(&split), [7800, 5200]);
}

#[test]
fn all_zero_totals_split_equally() {
    // Every weight is 0: 10000 cents in three -> 3334, 3333, 3333.
    let split = split_of(&proportional_rule(100.0), &[0.0, 0.0, 0.0]);
    assert_eq!(cents(&split), [3334, 3333, 3333]);
    assert_eq!(split.leftover, 0);
    // Negative totals weigh 0 too (min_score lets them in).
    let rule = BonusRule::Proportional {
        pool: 90.0,
        exponent: 1.0,
        min_score: -100.0,
        floor: None,
        cap: None,
    };
    let split = split_of(&rule, &[-5.0, 0.0, -1.0]);
    assert_eq!(cents(&split), [3000, 3000, 3000]);
}

#[test]
fn not_eligible_below_min_score_or_without_total() {
    // min_score 60: 59.9 and None are out, NaN is no total; 80 and 60
    // share 100.00 as 80:60 -> 5714.28.. and 4285.71..; floors 9999, the
    // cent goes to .71 (the 60) -> 5714, 4286.
    let rule = BonusRule::Proportional {
        pool: 100.0,
        exponent: 1.0,
        min_score: 60.0,
        floor: None,
        cap: None,
    };
    let totals = [Some(80.0), Some(59.9), None, Some(60.0), Some(f64::NAN)];
    let split = split_bonus(&rule, &totals).unwrap();
    assert_eq!(split.amounts, [Some(5714), None, None, Some(4286), None]);
    assert_eq!(split.paid, 10000);
    // A hair under min_score from float noise still counts as reaching it.
    let split = split_bonus(&rule, &[Some(59.999_999_999_9)]).unwrap();
    assert_eq!(split.amounts, [Some(10000)]);
}

#[test]
fn nobody_eligible_leaves_everything() {
    let split = split_bonus(&proportional_rule(500.0), &[None, Some(f64::NAN)]).unwrap();
    assert_eq!(split.amounts, [None, None]);
    assert_eq!((split.paid, split.leftover), (0, 50000));
    let split = split_bonus(&top_rule(500.0, 20.0, 50.0), &[]).unwrap();
    assert!(split.amounts.is_empty());
    assert_eq!((split.paid, split.leftover), (0, 50000));
}

#[test]
fn floor_binds() {
    // 100.00 over 90 and 10 with a floor of 20.00: proportional shares
    // 90.00 and 10.00; 10.00 is under the floor -> fixed at 20.00, the
    // 80.00 left goes to the only other agent.
    let split = split_of(&with_limits(100.0, Some(20.0), None), &[90.0, 10.0]);
    assert_eq!(cents(&split), [8000, 2000]);
}

#[test]
fn floor_binds_and_rest_is_reshared() {
    // 300.00 over 100, 50, 5, 5 (sum 160), floor 30.00:
    //   proportional: 187.50, 93.75, 9.375, 9.375 -> the two 5s at 30.00.
    //   240.00 left over 100 : 50 -> 160.00 and 80.00, both above 30.
    let split = split_of(
        &with_limits(300.0, Some(30.0), None),
        &[100.0, 50.0, 5.0, 5.0],
    );
    assert_eq!(cents(&split), [16000, 8000, 3000, 3000]);
}

#[test]
fn cap_binds_with_cascade() {
    // 1000.00 over 60, 35, 5 (sum 100), cap 400.00:
    //   round 1: 600, 350, 50 -> the 60 is capped at 400.
    //   round 2: 600 left over 35 : 5 -> 525, 75 -> the 35 is capped.
    //   round 3: 200 left for the 5 -> 200.
    let split = split_of(&with_limits(1000.0, None, Some(400.0)), &[60.0, 35.0, 5.0]);
    assert_eq!(cents(&split), [40000, 40000, 20000]);
    assert_eq!(split.leftover, 0);
}

#[test]
fn cap_binds_and_the_cent_goes_below_the_cap() {
    // 1000.00 over 90, 80, 70, cap 350.00: 375.00 is capped; 650.00 over
    // 80 : 70 -> 34666.66.. and 30333.33.. cents; floors 64999, the cent
    // goes to .66 (the 80), never to the capped agent.
    let split = split_of(&with_limits(1000.0, None, Some(350.0)), &[90.0, 80.0, 70.0]);
    assert_eq!(cents(&split), [35000, 34667, 30333]);
}

#[test]
fn everyone_capped_leaves_an_explicit_leftover() {
    // 1000.00 over three agents capped at 300.00: 900.00 paid, 100.00 left.
    let split = split_of(&with_limits(1000.0, None, Some(300.0)), &[90.0, 50.0, 10.0]);
    assert_eq!(cents(&split), [30000, 30000, 30000]);
    assert_eq!((split.paid, split.leftover), (90000, 10000));
}

#[test]
fn floor_and_cap_together() {
    // 1000.00 over 100, 50, 1, 1 (sum 152), floor 50.00, cap 500.00:
    //   the 1s are under the floor -> 50.00 each, 900.00 left;
    //   900 over 100 : 50 -> 600, 300 -> the 100 is capped at 500;
    //   400 left for the 50 -> 400.
    let split = split_of(
        &with_limits(1000.0, Some(50.0), Some(500.0)),
        &[100.0, 50.0, 1.0, 1.0],
    );
    assert_eq!(cents(&split), [50000, 40000, 5000, 5000]);
    // floor = cap: everyone gets exactly that, the rest is left over.
    let split = split_of(&with_limits(1000.0, Some(100.0), Some(100.0)), &[9.0, 1.0]);
    assert_eq!(cents(&split), [10000, 10000]);
    assert_eq!(split.leftover, 80000);
}

#[test]
fn floors_exceeding_the_pool() {
    // 12 agents x 500.00 = 6000.00 > 5000.00.
    let totals = vec![Some(70.0); 12];
    let error = split_bonus(&with_limits(5000.0, Some(500.0), None), &totals).unwrap_err();
    assert_eq!(
        error,
        BonusError::FloorsExceedPool {
            needed: 600000,
            pool: 500000,
            eligible: 12
        }
    );
    assert_eq!(
        error.to_string(),
        "the floors of 12 eligible agents need 6000.00, more than the pool of 5000.00"
    );
    // Exactly enough for the floors is fine: everyone gets the floor.
    let split = split_bonus(&with_limits(6000.0, Some(500.0), None), &totals).unwrap();
    assert!(split.amounts.iter().all(|&amount| amount == Some(50000)));
    // One agent, singular wording.
    let error = split_bonus(&with_limits(1.0, Some(2.5), None), &[Some(1.0)]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the floor of 1 eligible agent needs 2.50, more than the pool of 1.00"
    );
}
