//! Worked examples of the scheme's rules: formula errors, gates, linked
//! pairs, 360 reviews, group overrides, periods, small samples and ratios.
//!
//! Worked examples from the domain brief, scored end to end through the
//! public engine API. Every expected number is worked out by hand in the
//! comment above its assertion.

mod common;

use common::card;
use common::worked::*;
use kpi_engine::curve::CurveError;
use kpi_engine::explain::explain;
use kpi_engine::issue::IssueKind;
use kpi_engine::scheme::Scheme;
use kpi_engine::score::Treatment;
use serde_json::{Value, json};

#[test]
fn division_by_zero_is_an_issue_on_that_agent() {
    let csv = "agent,csat,resp_min,solved,raised\nAnn,4.6,4,0,0\nBob,4,2,80,100\n";
    let result = score(&basic("exclude"), csv);
    let ann = card(&result, "Ann");
    assert!(
        ann.issues
            .iter()
            .any(|issue| matches!(issue.kind, IssueKind::DivisionByZero { position: 8 })),
        "{:?}",
        ann.issues
    );
    // Resolution left out: quality is CSAT's 80; total 0.6*80 + 0.4*75 = 78.
    close(ann.total, 78.0);
    assert!(card(&result, "Bob").issues.is_empty());
}

fn gated(effect: Value, below: f64, on: &str) -> Scheme {
    let mut scheme = basic("exclude");
    let mut raw = serde_json::to_value(&scheme).unwrap();
    for dimension in raw["dimensions"].as_array_mut().unwrap() {
        for indicator in dimension["indicators"].as_array_mut().unwrap() {
            if indicator["id"] == on {
                indicator["gate"] = json!({"below": below, "effect": effect});
            }
        }
    }
    raw["grading"] = json!({"kind": "bands", "bands": [
        {"grade": "A", "min": 70}, {"grade": "B", "min": 60}, {"grade": "C", "min": null}
    ]});
    scheme = serde_json::from_value(raw).unwrap();
    scheme
}

#[test]
fn gate_zeroes_the_dimension() {
    // Bob's resolution scores 50, under 60: quality 0; total 0 + 0.4*100 = 40.
    let result = score(&gated(json!("zero_dimension"), 60.0, "resolution"), BASIC);
    let bob = card(&result, "Bob");
    close(bob.dimensions[0].score, 0.0);
    assert_eq!(bob.dimensions[0].gated_by, Some(1));
    close(bob.total, 40.0);
    // Ann's 75 passes: unchanged 76.5.
    close(card(&result, "Ann").total, 76.5);
}

#[test]
fn gate_zeroes_the_total() {
    // Bob's CSAT scores 50, under 60: total 0 (auto-fail), still ranked last.
    let result = score(&gated(json!("zero_total"), 60.0, "csat"), BASIC);
    let bob = card(&result, "Bob");
    close(bob.total, 0.0);
    assert_eq!(bob.total_gate, Some(0));
    assert_eq!(bob.rank, Some(3));
    let steps = explain(&gated(json!("zero_total"), 60.0, "csat"), bob, 3);
    assert!(steps.iter().any(|step| {
        step.to_string()
            .contains("total set to 0 because csat scored 50")
    }));
}

#[test]
fn gate_caps_the_grade() {
    // Bands A >= 70, B >= 60. Bob's total 70 is an A, but his CSAT (50) is
    // under 60, so his grade is capped at B.
    let result = score(&gated(json!({"cap_grade": "B"}), 60.0, "csat"), BASIC);
    let bob = card(&result, "Bob");
    close(bob.total, 70.0);
    assert_eq!(bob.uncapped_grade.as_deref(), Some("A"));
    assert_eq!(bob.grade.as_deref(), Some("B"));
    // Ann (76.5, CSAT 80) keeps her A; Cy (60) keeps B.
    assert_eq!(card(&result, "Ann").grade.as_deref(), Some("A"));
    assert_eq!(card(&result, "Cy").grade.as_deref(), Some("B"));
}

#[test]
fn linked_pair_handle_time_earns_nothing_while_repeats_are_high() {
    let scheme = scheme(json!({
        "inputs": [{"id": "aht", "name": {"en": "AHT"}}, {"id": "repeat", "name": {"en": "Repeat %"}}],
        "dimensions": [{"id": "efficiency", "name": {"en": "Efficiency"}, "weight": 100, "indicators": [
            {"id": "aht", "name": {"en": "Handle time"}, "direction": "lower", "value": {"column": "aht"},
             "curve": linear(600.0, 300.0), "weight": 50, "link": {"indicator": "repeat", "worse_than": 8}},
            {"id": "repeat", "name": {"en": "Repeat contacts"}, "direction": "lower", "value": {"column": "repeat"},
             "curve": linear(20.0, 0.0), "weight": 50}
        ]}]
    }));
    let result = score(&scheme, "agent,aht,repeat\nA,300,10\nB,450,4\nC,300,\n");
    // A: repeats 10 > 8, so handle time scores 0; repeats (20-10)/20 = 50; total 25.
    let a = card(&result, "A");
    assert!(a.indicators[0].linked_zero());
    close(a.total, 25.0);
    // B: handle time (600-450)/300 = 50, repeats 80: total 65.
    close(card(&result, "B").total, 65.0);
    // C: no repeat figure: the link is not checked (a warning), handle time 100.
    let c = card(&result, "C");
    close(c.total, 100.0);
    assert!(
        c.issues
            .iter()
            .any(|issue| matches!(issue.kind, IssueKind::LinkNotChecked { .. }))
    );
}

#[test]
fn three_sixty_review_with_a_missing_rater() {
    let scheme = scheme(json!({
        "inputs": [
            {"id": "c", "name": {"en": "Customer"}}, {"id": "s", "name": {"en": "Supervisor"}},
            {"id": "p", "name": {"en": "Peer"}}, {"id": "me", "name": {"en": "Self"}}
        ],
        "dimensions": [{"id": "collab", "name": {"en": "Collaboration"}, "weight": 100, "indicators": [
            {"id": "review", "name": {"en": "360 review"}, "direction": "higher", "curve": linear(0.0, 10.0), "weight": 100,
             "value": {"raters": [
                {"role": "customer", "column": "c", "weight": 40}, {"role": "supervisor", "column": "s", "weight": 30},
                {"role": "peer", "column": "p", "weight": 20}, {"role": "self", "column": "me", "weight": 10}
             ]}}
        ]}]
    }));
    let result = score(&scheme, "agent,c,s,p,me\nA,8,7,6,10\nB,,8,6,9\n");
    // A: 0.4*8 + 0.3*7 + 0.2*6 + 0.1*10 = 7.5 -> 75; others (3.2+2.1+1.2)/0.9
    // = 7.2222; self gap 10 - 7.2222 = 2.7778.
    let a = card(&result, "A");
    close(a.indicators[0].value(), 7.5);
    close(a.total, 75.0);
    close(a.self_gap(0), 10.0 - 6.5 / 0.9);
    // B, no customer: (0.3*8 + 0.2*6 + 0.1*9) / 0.6 = 4.5/0.6 = 7.5; others
    // (2.4 + 1.2) / 0.5 = 7.2, gap 1.8.
    let b = card(&result, "B");
    close(b.indicators[0].value(), 7.5);
    close(b.self_gap(0), 1.8);
}

#[test]
fn group_overrides_set_targets_per_desk() {
    let scheme = scheme(json!({
        "columns": {"agent": "agent", "group": "desk"},
        "inputs": [{"id": "resp", "name": {"en": "Response minutes"}}],
        "dimensions": [{"id": "efficiency", "name": {"en": "Efficiency"}, "weight": 100, "indicators": [
            {"id": "response", "name": {"en": "Response"}, "direction": "lower", "value": {"column": "resp"},
             "curve": linear(60.0, 15.0), "weight": 100,
             "overrides": [{"group": "VIP", "curve": linear(30.0, 5.0)}]}
        ]}]
    }));
    let result = score(
        &scheme,
        "agent,desk,resp\nA,normal,30\nB,VIP,30\nC,VIP,10\n",
    );
    // Normal desk: (60-30)/45 = 66.67. VIP: 30 minutes is the worst -> 0;
    // 10 minutes (30-10)/25 = 80.
    close(card(&result, "A").total, 200.0 / 3.0);
    close(card(&result, "B").total, 0.0);
    close(card(&result, "C").total, 80.0);
}

#[test]
fn aov_uplift_across_two_periods() {
    let scheme = scheme(json!({
        "columns": {"agent": "agent", "period": "month"},
        "inputs": [{"id": "aov", "name": {"en": "AOV"}}, {"id": "csat", "name": {"en": "CSAT"}}],
        "dimensions": [{"id": "value", "name": {"en": "Value"}, "weight": 100, "indicators": [
            {"id": "uplift", "name": {"en": "AOV uplift"}, "direction": "higher",
             "value": {"formula": "(aov - prev(aov)) / prev(aov) * 100"}, "curve": linear(-10.0, 20.0), "weight": 50},
            {"id": "csat", "name": {"en": "CSAT"}, "direction": "higher", "value": {"column": "csat"},
             "curve": linear(3.0, 5.0), "weight": 50}
        ]}]
    }));
    // The later month comes first in the file: periods sort naturally.
    let result = score(
        &scheme,
        "agent,month,aov,csat\nA,2026-10,230,4\nA,2026-9,200,4\nB,2026-10,190,5\nB,2026-9,200,5\n",
    );
    let in_period = |agent: &str, period: &str| {
        result
            .cards
            .iter()
            .find(|card| card.agent == agent && card.period.as_deref() == Some(period))
            .unwrap()
    };
    // September has no previous month: uplift missing, left out; total = CSAT.
    assert_eq!(
        in_period("A", "2026-9").indicators[0].treatment(),
        Treatment::Excluded
    );
    close(in_period("A", "2026-9").total, 50.0);
    // A in October: (230-200)/200 = 15% -> (15+10)/30 = 83.33; CSAT 50; total 66.67.
    close(in_period("A", "2026-10").indicators[0].value(), 15.0);
    close(in_period("A", "2026-10").total, (250.0 / 3.0 + 50.0) / 2.0);
    // B in October: -5% -> 5/30 = 16.67; CSAT 100; total 58.33.
    close(in_period("B", "2026-10").total, (50.0 / 3.0 + 100.0) / 2.0);
    assert_eq!(result.periods.len(), 2);
    assert_eq!(result.periods[0].period.as_deref(), Some("2026-9"));
    // Ranks are per period.
    assert_eq!(in_period("A", "2026-10").rank, Some(1));
    assert_eq!(in_period("B", "2026-9").rank, Some(1));
}

#[test]
fn small_samples_warn_and_shrink_toward_the_team_mean() {
    let scheme = scheme(json!({
        "inputs": [{"id": "csat", "name": {"en": "CSAT"}}, {"id": "n", "name": {"en": "Surveys"}}],
        "dimensions": [{"id": "quality", "name": {"en": "Quality"}, "weight": 100, "indicators": [
            {"id": "csat", "name": {"en": "CSAT"}, "direction": "higher", "value": {"column": "csat"},
             "curve": linear(3.0, 5.0), "weight": 100, "min_sample": {"count": "n", "min": 10, "shrink": 5}}
        ]}]
    }));
    let result = score(&scheme, "agent,csat,n\nA,5,2\nB,4,40\nC,3,20\n");
    // Team mean (5+4+3)/3 = 4. A: (2*5 + 5*4)/7 = 30/7 = 4.2857, warned;
    // B: (160 + 20)/45 = 4; C: (60 + 20)/25 = 3.2.
    let a = card(&result, "A");
    close(a.indicators[0].value(), 30.0 / 7.0);
    assert_eq!(a.indicators[0].treatment(), Treatment::Shrunk);
    assert!(
        a.issues
            .iter()
            .any(|issue| matches!(issue.kind, IssueKind::SmallSample { .. }))
    );
    close(card(&result, "B").indicators[0].value(), 4.0);
    close(card(&result, "C").indicators[0].value(), 3.2);
    assert!(card(&result, "B").issues.is_empty());
}

#[test]
fn a_negative_value_on_a_ratio_curve_is_refused() {
    let scheme = scheme(json!({
        "inputs": [{"id": "nps", "name": {"en": "NPS"}}],
        "dimensions": [{"id": "loyalty", "name": {"en": "Loyalty"}, "weight": 100, "indicators": [
            {"id": "nps", "name": {"en": "NPS"}, "direction": "higher", "value": {"column": "nps"},
             "curve": {"kind": "ratio", "target": 40}, "weight": 100}
        ]}]
    }));
    let result = score(&scheme, "agent,nps\nA,-5\nB,30\n");
    let a = card(&result, "A");
    assert!(a.issues.iter().any(|issue| matches!(
        issue.kind,
        IssueKind::Refused {
            error: CurveError::RatioNegative { value }
        } if value == -5.0
    )));
    // The CLI's English names the value.
    assert!(
        a.issues
            .iter()
            .any(|issue| issue.kind.to_string().contains("-5"))
    );
    // The results' JSON holds the refusal as its sentence, as it always has.
    let refused = a
        .issues
        .iter()
        .find(|issue| matches!(issue.kind, IssueKind::Refused { .. }))
        .unwrap();
    let json = serde_json::to_value(&refused.kind).unwrap();
    assert_eq!(json["kind"], "refused");
    assert_eq!(
        json["message"],
        CurveError::RatioNegative { value: -5.0 }.to_string()
    );
    assert_eq!(a.total, None);
    // B: 30/40 = 75.
    close(card(&result, "B").total, 75.0);
}
