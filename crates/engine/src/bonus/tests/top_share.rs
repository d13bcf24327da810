//! The top-share rule: the top group, ties at the line, empty groups,
//! floors and caps after the split.

use super::*;

#[test]
fn top_20_percent_share_half_the_pool() {
    // The seed rule: 10 agents 95, 90, .., 50; top 20% = 2 agents (95,
    // 90) share 50% of 1000.00; the other 8 share the other 500.00.
    //   top (sum 185): 50000 * 95/185 = 25675.67, * 90/185 = 24324.32
    //   rest (sum 540): 85 -> 7870.37, 80 -> 7407.40, 75 -> 6944.44,
    //     70 -> 6481.48, 65 -> 6018.51, 60 -> 5555.55, 55 -> 5092.59,
    //     50 -> 4629.62
    // Floors add up to 99995: the 5 cents go to the largest fractions
    // .675 (95), .629 (50), .592 (55), .555 (60), .518 (65).
    let totals = some(&[95.0, 90.0, 85.0, 80.0, 75.0, 70.0, 65.0, 60.0, 55.0, 50.0]);
    let split = split_bonus(&top_rule(1000.0, 20.0, 50.0), &totals).unwrap();
    assert_eq!(
        cents(&split),
        [25676, 24324, 7870, 7407, 6944, 6481, 6019, 5556, 5093, 4630]
    );
    assert_eq!(split.paid, 100000);
    assert_eq!(split.leftover, 0);
    let top: Vec<bool> = (0..10).map(|i| i < 2).collect();
    assert_eq!(split.top_group, top);
}

#[test]
fn top_group_takes_in_a_tie_at_the_line() {
    // 20% of 10 is 2 agents, but 3rd ties the 2nd (90): the top group is
    // 3. They share 600.00 as 95 : 90 : 90 (275): 20727.27, 19636.36,
    // 19636.36; the 7 others share 400.00 equally (all 50) = 5714.28 each.
    // Top floors 59999 + rest 39998 = 99997: 3 cents to the largest
    // fractions: the two 90s (.36 each), then the earliest of the seven
    // 50s (.28, equal fractions and totals -> input order). The 95's .27
    // gets nothing.
    let totals = some(&[95.0, 90.0, 90.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0]);
    let split = split_bonus(&top_rule(1000.0, 20.0, 60.0), &totals).unwrap();
    assert_eq!(
        split.top_group,
        [
            true, true, true, false, false, false, false, false, false, false
        ]
    );
    assert_eq!(
        cents(&split),
        [
            20727, 19637, 19637, 5715, 5714, 5714, 5714, 5714, 5714, 5714
        ]
    );
    assert_eq!(split.paid, 100000);
}

#[test]
fn top_share_empty_group_gives_its_part_away() {
    let totals = some(&[80.0, 60.0]);
    // 100% of agents in the top group: nobody else, the whole pool goes
    // to the top group by weight: 80 : 60 of 70.00 -> 40.00, 30.00.
    let split = split_bonus(&top_rule(70.0, 100.0, 50.0), &totals).unwrap();
    assert_eq!(cents(&split), [4000, 3000]);
    assert_eq!(split.top_group, [true, true]);
    // 0% in the top group: the others take it all.
    let split = split_bonus(&top_rule(70.0, 0.0, 50.0), &totals).unwrap();
    assert_eq!(cents(&split), [4000, 3000]);
    assert_eq!(split.top_group, [false, false]);
    // Everyone tied: the top group swallows everybody.
    let split = split_of(&top_rule(90.0, 10.0, 20.0), &[5.0, 5.0, 5.0]);
    assert_eq!(split.top_group, [true, true, true]);
    assert_eq!(cents(&split), [3000, 3000, 3000]);
}

#[test]
fn top_share_whole_number_percentages_do_not_round_up() {
    // 30% of 10 agents is exactly 3, not 4.
    let totals: Vec<Option<f64>> = (0..10).map(|i| Some(100.0 - f64::from(i))).collect();
    let split = split_bonus(&top_rule(100.0, 30.0, 50.0), &totals).unwrap();
    assert_eq!(split.top_group.iter().filter(|&&top| top).count(), 3);
    // 25% of 10 is 2.5 -> 3.
    let split = split_bonus(&top_rule(100.0, 25.0, 50.0), &totals).unwrap();
    assert_eq!(split.top_group.iter().filter(|&&top| top).count(), 3);
}

#[test]
fn top_share_respects_min_score() {
    // min 60: the 40 and the None are out; 90 and 70 are n = 2, top 50%
    // = the 90, who gets 80% of 100.00; the 70 gets 20%.
    let rule = BonusRule::TopShare {
        pool: 100.0,
        top_percent: 50.0,
        top_share: 80.0,
        exponent: 2.0,
        min_score: 60.0,
        floor: None,
        cap: None,
    };
    let split = split_bonus(&rule, &[Some(70.0), None, Some(40.0), Some(90.0)]).unwrap();
    assert_eq!(split.amounts, [Some(2000), None, None, Some(8000)]);
    assert_eq!(split.top_group, [false, false, false, true]);
}

#[test]
fn top_share_floors_and_caps_apply_after_the_split() {
    // Top 25% of four (the 90) gets 60% of 1000.00; the cap of 400.00
    // frees 200.00, shared by the others in proportion to their 400.00
    // (80 : 70 : 50 -> 160 : 140 : 100 before, 240 : 210 : 150 after).
    // The floor of 150.00 then holds the 50 at 150.00 exactly.
    let rule = top_with_limits(1000.0, (25.0, 60.0), Some(150.0), Some(400.0));
    let split = split_of(&rule, &[80.0, 90.0, 70.0, 50.0]);
    assert_eq!(cents(&split), [24_000, 40_000, 21_000, 15_000]);
    assert_eq!(split.paid, 100_000);
    assert_eq!(split.top_group, [false, true, false, false]);
    // Floors the pool cannot pay are refused, as for the proportional rule.
    let rule = top_with_limits(1000.0, (25.0, 60.0), Some(300.0), None);
    assert!(matches!(
        split_bonus(&rule, &some(&[80.0, 90.0, 70.0, 50.0])),
        Err(BonusError::FloorsExceedPool {
            needed: 120_000,
            ..
        })
    ));
}
