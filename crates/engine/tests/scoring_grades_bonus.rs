//! Worked examples of forced grading with ties and of bonus pools, and an
//! invalid bonus rule refused by validation.
//!
//! Worked examples from the domain brief, scored end to end through the
//! public engine API. Every expected number is worked out by hand in the
//! comment above its assertion.

mod common;

use common::worked::*;
use kpi_engine::bonus::BonusProblem;
use kpi_engine::issue::IssueKind;
use kpi_engine::scheme::Scheme;
use kpi_engine::validate::{Problem, validate};
use serde_json::{Value, json};

/// One indicator whose value is its score (linear 0..100), so each agent's
/// total is the value in the figures.
fn direct(extra: Value) -> Scheme {
    let mut raw = json!({
        "inputs": [{"id": "x", "name": {"en": "X"}}],
        "dimensions": [{"id": "all", "name": {"en": "All"}, "weight": 100, "indicators": [
            {"id": "x", "name": {"en": "X"}, "direction": "higher", "value": {"column": "x"},
             "curve": linear(0.0, 100.0), "weight": 100}
        ]}]
    });
    for (key, value) in extra.as_object().unwrap() {
        raw[key] = value.clone();
    }
    scheme(raw)
}

fn team_csv(totals: &[f64]) -> String {
    let mut csv = String::from("agent,x\n");
    for (i, total) in totals.iter().enumerate() {
        csv.push_str(&format!("a{i},{total}\n"));
    }
    csv
}

#[test]
fn forced_distribution_with_ties_is_fair() {
    let scheme = direct(json!({"grading": {"kind": "forced", "shares": [
        {"grade": "A", "percent": 20}, {"grade": "B", "percent": 70}, {"grade": "C", "percent": 10}
    ]}}));
    let result = score(
        &scheme,
        &team_csv(&[95.0, 90.0, 90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 30.0]),
    );
    // 10 agents: intended A 2, B 7, C 1. The two 90s tie across the A/B line
    // and both get A; the two 30s tie across the B/C line and both get B.
    let grades: Vec<&str> = result
        .cards
        .iter()
        .map(|card| card.grade.as_deref().unwrap())
        .collect();
    assert_eq!(grades, ["A", "A", "A", "B", "B", "B", "B", "B", "B", "B"]);
    assert_eq!(result.periods[0].intended.as_deref(), Some(&[2, 7, 1][..]));
    assert_eq!(
        result.periods[0].grades,
        [
            ("A".to_owned(), 3),
            ("B".to_owned(), 7),
            ("C".to_owned(), 0)
        ]
    );
    // Ranks with ties: 1, 2, 2, 4, ... and the two last share 9.
    let ranks: Vec<u32> = result.cards.iter().map(|card| card.rank.unwrap()).collect();
    assert_eq!(ranks, [1, 2, 2, 4, 5, 6, 7, 8, 9, 9]);
    // Under 25 agents: a warning.
    assert!(
        result
            .issues
            .iter()
            .any(|issue| matches!(issue.kind, IssueKind::SmallGroup { agents: 10 }))
    );
}

#[test]
fn bonus_in_proportion_to_score_adds_up_to_the_cent() {
    let scheme = direct(json!({"bonus": {"kind": "proportional", "pool": 1000, "min_score": 65}}));
    let result = score(&scheme, &team_csv(&[76.5, 70.0, 60.0]));
    // Eligible: 76.5 and 70 (60 is under 65). 100000 cents * 76.5/146.5 =
    // 52218.43 and * 70/146.5 = 47781.57; floored 52218 + 47781 = 99999; the
    // last cent goes to the larger remainder (.57): 52218 + 47782.
    let amounts: Vec<Option<i64>> = result.cards.iter().map(|card| card.bonus).collect();
    assert_eq!(amounts, [Some(52218), Some(47782), None]);
    let summary = result.periods[0].bonus.unwrap();
    assert_eq!(
        (summary.pool, summary.paid, summary.leftover),
        (100_000, 100_000, 0)
    );
}

#[test]
fn bonus_top_twenty_percent_share_half_the_pool() {
    let scheme = direct(
        json!({"bonus": {"kind": "top_share", "pool": 10000, "top_percent": 20, "top_share": 50}}),
    );
    let totals = [100.0, 90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0];
    let result = score(&scheme, &team_csv(&totals));
    let cents: Vec<i64> = result
        .cards
        .iter()
        .map(|card| card.bonus.unwrap())
        .collect();
    // Top 2 of 10 share 5000.00 by score: 500000 * 100/190 = 263157.89 and
    // * 90/190 = 236842.11 -> 263157 + 236842 = 499999, the extra cent to
    // the larger remainder (.89): 263158 and 236842.
    assert_eq!(&cents[..2], [263_158, 236_842]);
    // The other 8 share the other 5000.00 by score (80 + ... + 10 = 360):
    // 80 -> 500000 * 80/360 = 111111.11.
    assert_eq!(cents[2], 111_111);
    assert_eq!(cents[..2].iter().sum::<i64>(), 500_000);
    assert_eq!(cents.iter().sum::<i64>(), 1_000_000);
}

#[test]
fn an_invalid_bonus_rule_is_a_validation_error() {
    let scheme = direct(
        json!({"bonus": {"kind": "top_share", "pool": 1000, "top_percent": 120, "top_share": 50}}),
    );
    let errors = validate(&scheme);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "top_percent");
    assert_eq!(
        errors[0].problem,
        Problem::Bonus(BonusProblem::NotPercent { value: 120.0 })
    );
    assert!(errors[0].to_string().contains("120"), "{}", errors[0]);
}
