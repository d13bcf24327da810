//! Worked examples from the domain brief, scored end to end through the
//! public engine API. Every expected number is worked out by hand in the
//! comment above its assertion.

use kpi_engine::bonus::BonusProblem;
use kpi_engine::compare::compare_profiles;
use kpi_engine::curve::CurveError;
use kpi_engine::explain::{Step, explain};
use kpi_engine::figures::Figures;
use kpi_engine::issue::IssueKind;
use kpi_engine::report::{Filter, incomplete_because, uncovered};
use kpi_engine::scheme::{BonusRule, Scheme};
use kpi_engine::score::{NoTotal, Scorecard, TeamResult, Treatment, score_team};
use kpi_engine::validate::{Problem, validate};
use serde_json::{Value, json};

fn scheme(mut value: Value) -> Scheme {
    value["version"] = json!(1);
    value["id"] = json!("test");
    value["name"] = json!({"en": "Test", "zh": "测试"});
    serde_json::from_value(value).expect("test scheme parses")
}

fn score(scheme: &Scheme, csv: &str) -> TeamResult {
    let table = kpi_read::csv_table(csv).expect("test CSV parses");
    let (figures, issues) = Figures::from_table(scheme, &table);
    assert!(issues.is_empty(), "unexpected import issues: {issues:?}");
    score_team(scheme, &figures).unwrap_or_else(|errors| panic!("invalid scheme: {errors:?}"))
}

fn card<'a>(result: &'a TeamResult, agent: &str) -> &'a Scorecard {
    result
        .cards
        .iter()
        .find(|card| card.agent == agent)
        .unwrap_or_else(|| panic!("no card for {agent}"))
}

#[track_caller]
fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a number");
    assert!(
        (actual - expected).abs() < 1e-6,
        "got {actual}, expected {expected}"
    );
}

fn linear(worst: f64, best: f64) -> Value {
    json!({"kind": "linear", "worst": worst, "best": best})
}

/// Quality (60): CSAT 1-5 (50) and resolution = solved / raised (50);
/// efficiency (40): first response minutes, lower is better (100).
fn basic(csat_missing: &str) -> Scheme {
    scheme(json!({
        "inputs": [
            {"id": "csat", "name": {"en": "CSAT", "zh": "满意度"}},
            {"id": "resp_min", "name": {"en": "Response minutes", "zh": "响应时长"}},
            {"id": "solved", "name": {"en": "Solved", "zh": "解决数"}},
            {"id": "raised", "name": {"en": "Raised", "zh": "提出数"}}
        ],
        "dimensions": [
            {"id": "quality", "name": {"en": "Quality"}, "weight": 60, "indicators": [
                {"id": "csat", "name": {"en": "CSAT"}, "direction": "higher", "value": {"column": "csat"},
                 "curve": linear(3.0, 5.0), "missing": csat_missing, "weight": 50},
                {"id": "resolution", "name": {"en": "Resolution"}, "direction": "higher",
                 "value": {"formula": "solved / raised * 100"}, "curve": linear(60.0, 100.0), "weight": 50}
            ]},
            {"id": "efficiency", "name": {"en": "Efficiency"}, "weight": 40, "indicators": [
                {"id": "response", "name": {"en": "Response"}, "direction": "lower", "value": {"column": "resp_min"},
                 "curve": linear(10.0, 2.0), "weight": 100}
            ]}
        ]
    }))
}

const BASIC: &str =
    "agent,csat,resp_min,solved,raised\nAnn,4.6,4,90,100\nBob,4,2,80,100\nCy,5,10,100,100\n";

#[test]
fn weighted_roll_up_rank_grade_weakest() {
    let result = score(&basic("exclude"), BASIC);
    // Ann: CSAT (4.6-3)/2 = 80, resolution (90-60)/40 = 75 -> quality 77.5;
    // response (10-4)/8 = 75; total 0.6*77.5 + 0.4*75 = 76.5 -> C.
    let ann = card(&result, "Ann");
    close(ann.dimensions[0].score, 77.5);
    close(ann.dimensions[1].score, 75.0);
    close(ann.total, 76.5);
    assert_eq!(ann.grade.as_deref(), Some("C"));
    // Applied weights 30/30/40; points 24 + 22.5 + 30 = 76.5.
    close(Some(ann.indicators[0].weight), 30.0);
    close(Some(ann.indicators[0].points), 24.0);
    close(Some(ann.indicators[2].points), 30.0);
    // Points lost: CSAT 20*0.3 = 6, resolution 25*0.3 = 7.5, response 25*0.4 = 10.
    assert_eq!(ann.weakest, Some(2));
    close(Some(ann.coverage), 1.0);
    // Bob: 50, 50 -> quality 50; response 100; total 30 + 40 = 70 -> C.
    close(card(&result, "Bob").total, 70.0);
    // Cy: quality 100, response 0: total 60 -> D.
    let cy = card(&result, "Cy");
    close(cy.total, 60.0);
    assert_eq!(cy.grade.as_deref(), Some("D"));
    let ranks: Vec<_> = result.cards.iter().map(|card| card.rank).collect();
    assert_eq!(ranks, [Some(1), Some(2), Some(3)]);
    // Team: totals 76.5, 70, 60: mean 68.833..., median 70.
    close(result.periods[0].total.mean, 206.5 / 3.0);
    close(result.periods[0].total.median, 70.0);
}

const ANN_NO_CSAT: &str =
    "agent,csat,resp_min,solved,raised\nAnn,,4,90,100\nBob,4,2,80,100\nCy,5,10,100,100\n";

#[test]
fn missing_exclude_respreads_the_weight() {
    let result = score(&basic("exclude"), ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    // Quality is resolution alone (75); total 0.6*75 + 0.4*75 = 75.
    assert_eq!(ann.indicators[0].treatment, Treatment::Excluded);
    close(ann.total, 75.0);
    // Applied weights: CSAT 0, resolution 60, response 40; coverage 70%.
    close(Some(ann.indicators[0].weight), 0.0);
    close(Some(ann.indicators[1].weight), 60.0);
    close(Some(ann.coverage), 0.7);
}

#[test]
fn missing_zero_counts_as_zero() {
    let result = score(&basic("zero"), ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    // Quality (0 + 75)/2 = 37.5; total 0.6*37.5 + 30 = 52.5.
    assert_eq!(ann.indicators[0].treatment, Treatment::ZeroForMissing);
    close(ann.total, 52.5);
    close(Some(ann.coverage), 0.7);
}

#[test]
fn missing_incomplete_withholds_the_total() {
    let result = score(&basic("incomplete"), ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    assert!(ann.incomplete());
    assert_eq!(
        (ann.total, ann.rank, ann.grade.as_deref()),
        (None, None, None)
    );
    // Bob (70) and Cy (60) rank among themselves.
    assert_eq!(card(&result, "Bob").rank, Some(1));
    assert_eq!(card(&result, "Cy").rank, Some(2));
}

/// `basic` with a minimum coverage and a bonus pool of 1000.00 split in
/// proportion to the totals.
fn covered(csat_missing: &str, min_coverage: f64) -> Scheme {
    let mut scheme = basic(csat_missing);
    scheme.min_coverage = Some(min_coverage);
    scheme.bonus = Some(BonusRule::Proportional {
        pool: 1000.0,
        exponent: 1.0,
        min_score: 0.0,
        floor: None,
        cap: None,
    });
    scheme
}

/// The total step of a card's explanation, in English.
fn total_step(scheme: &Scheme, card: &Scorecard) -> String {
    explain(scheme, card, 3)
        .iter()
        .find(|step| matches!(step, Step::Total { .. }))
        .expect("every explanation has a total step")
        .to_string()
}

#[test]
fn under_the_minimum_coverage_an_agent_has_no_total_rank_grade_or_bonus() {
    // Without a minimum, Ann's CSAT is left out and her 75 from 70% of the
    // weight ranks her above Bob (70) and Cy (60), who have all their data.
    let free = score(&basic("exclude"), ANN_NO_CSAT);
    assert_eq!(card(&free, "Ann").rank, Some(1));

    let scheme = covered("exclude", 80.0);
    let result = score(&scheme, ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    close(Some(ann.coverage), 0.7);
    assert_eq!(
        (ann.total, ann.rank, ann.grade.as_deref(), ann.bonus),
        (None, None, None, None)
    );
    assert_eq!(ann.no_total, Some(NoTotal::Coverage { min: 80.0 }));
    assert!(ann.incomplete());
    // Her scores are still there to coach on.
    close(ann.dimensions[0].score, 75.0);
    // Bob and Cy rank among themselves and share the pool:
    // 1000.00 x 70/130 = 538.46 and x 60/130 = 461.54.
    let (bob, cy) = (card(&result, "Bob"), card(&result, "Cy"));
    assert_eq!((bob.rank, cy.rank), (Some(1), Some(2)));
    assert_eq!((bob.bonus, cy.bonus), (Some(53_846), Some(46_154)));
    assert_eq!(result.periods[0].total.count, 2);

    // The explanation says why, and stops at the total.
    assert_eq!(
        total_step(&scheme, ann),
        "no total: data covers 70% of the weight, the scheme asks for at least 80%, so the \
         scorecard is incomplete"
    );
    let steps = explain(&scheme, ann, 2);
    assert!(
        matches!(steps.last(), Some(Step::Total { .. })),
        "{steps:?}"
    );

    // "Only agents without a total" finds her; no indicator is to blame,
    // and what the coverage lacks is CSAT.
    let filter = Filter {
        incomplete_only: true,
        ..Filter::default()
    };
    let kept: Vec<&str> = result
        .cards
        .iter()
        .filter(|card| filter.keeps(card))
        .map(|card| card.agent.as_str())
        .collect();
    assert_eq!(kept, ["Ann"]);
    assert!(incomplete_because(ann).is_empty());
    assert_eq!(uncovered(ann), [0]);
    assert!(uncovered(bob).is_empty());
}

#[test]
fn at_the_minimum_coverage_exactly_an_agent_has_a_total() {
    // 30% + 40% = 70% (whatever the float sum), and 70% is asked for.
    let scheme = covered("exclude", 70.0);
    let result = score(&scheme, ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    close(ann.total, 75.0);
    assert_eq!(ann.no_total, None);
    assert_eq!(ann.rank, Some(1));
    assert!(ann.bonus.is_some());
    assert_eq!(
        total_step(&scheme, ann),
        "total 75 (70% of the weight backed by data)"
    );
    // A hundredth more is too much.
    let result = score(&covered("exclude", 70.01), ANN_NO_CSAT);
    assert_eq!(card(&result, "Ann").total, None);
}

#[test]
fn coverage_counts_only_measured_data_whatever_the_policy() {
    // A team median or a zero stands in for the value, but no data backs
    // it: under a minimum of 80%, Ann has no total either way.
    for policy in ["zero", "team_median"] {
        let result = score(&covered(policy, 80.0), ANN_NO_CSAT);
        let ann = card(&result, "Ann");
        assert_eq!(ann.total, None, "{policy}");
        assert_eq!(ann.no_total, Some(NoTotal::Coverage { min: 80.0 }));
    }
    // Full data always reaches 100%.
    let result = score(&covered("exclude", 100.0), BASIC);
    assert!(result.cards.iter().all(|card| card.total.is_some()));
}

#[test]
fn a_missing_incomplete_indicator_is_the_reason_before_coverage() {
    let scheme = covered("incomplete", 80.0);
    let result = score(&scheme, ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    assert_eq!(ann.no_total, Some(NoTotal::Missing));
    assert_eq!(incomplete_because(ann), [0]);
    assert_eq!(
        total_step(&scheme, ann),
        "no total: the scorecard is incomplete"
    );
}

#[test]
fn coverage_is_a_share_of_the_weights_as_they_sum() {
    // Three indicators of 33.33 (99.99, within the tolerance): full data
    // is 100%, so a minimum of 100 withholds nothing.
    let mut raw = serde_json::to_value(basic("exclude")).unwrap();
    raw["dimensions"][0]["weight"] = json!(33.33);
    raw["dimensions"][1]["weight"] = json!(66.66);
    let mut scheme: Scheme = serde_json::from_value(raw).unwrap();
    scheme.min_coverage = Some(100.0);
    let result = score(&scheme, BASIC);
    for card in &result.cards {
        assert!(card.total.is_some(), "{}: {}", card.agent, card.coverage);
        assert_eq!(card.coverage_percent(), 100.0);
    }
}

#[test]
fn the_minimum_coverage_is_a_percentage() {
    for (min, valid) in [
        (0.0, true),
        (100.0, true),
        (55.5, true),
        (-1.0, false),
        (100.5, false),
    ] {
        let mut scheme = basic("exclude");
        scheme.min_coverage = Some(min);
        let errors = validate(&scheme);
        if valid {
            assert!(errors.is_empty(), "{min}: {errors:?}");
        } else {
            assert_eq!(errors.len(), 1, "{min}: {errors:?}");
            assert_eq!(errors[0].field, "min_coverage");
            assert_eq!(errors[0].problem, Problem::MinCoverage { found: min });
            assert_eq!(
                errors[0].to_string(),
                format!(
                    "min_coverage: the minimum coverage must be a percentage from 0 to 100 (found {min})"
                )
            );
        }
    }
}

#[test]
fn missing_team_median_imputes() {
    let result = score(&basic("team_median"), ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    // Median of Bob 4 and Cy 5 is 4.5 -> 75; quality 75; total 75.
    assert_eq!(ann.indicators[0].treatment, Treatment::Imputed);
    close(ann.indicators[0].value, 4.5);
    close(ann.total, 75.0);
    close(Some(ann.coverage), 0.7);
}

#[test]
fn a_dimension_with_no_data_respreads_over_the_others() {
    let csv = "agent,csat,resp_min,solved,raised\nAnn,,4,,\nBob,4,2,80,100\n";
    let result = score(&basic("exclude"), csv);
    let ann = card(&result, "Ann");
    // Quality has nothing; efficiency carries 100%: total 75.
    assert_eq!(ann.dimensions[0].score, None);
    close(Some(ann.dimensions[1].weight), 100.0);
    close(ann.total, 75.0);
    close(Some(ann.coverage), 0.4);
}

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
    assert!(a.indicators[0].linked_zero);
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
    close(a.indicators[0].value, 7.5);
    close(a.total, 75.0);
    close(a.indicators[0].self_gap, 10.0 - 6.5 / 0.9);
    // B, no customer: (0.3*8 + 0.2*6 + 0.1*9) / 0.6 = 4.5/0.6 = 7.5; others
    // (2.4 + 1.2) / 0.5 = 7.2, gap 1.8.
    let b = card(&result, "B");
    close(b.indicators[0].value, 7.5);
    close(b.indicators[0].self_gap, 1.8);
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
        in_period("A", "2026-9").indicators[0].treatment,
        Treatment::Excluded
    );
    close(in_period("A", "2026-9").total, 50.0);
    // A in October: (230-200)/200 = 15% -> (15+10)/30 = 83.33; CSAT 50; total 66.67.
    close(in_period("A", "2026-10").indicators[0].value, 15.0);
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
    close(a.indicators[0].value, 30.0 / 7.0);
    assert_eq!(a.indicators[0].treatment, Treatment::Shrunk);
    assert!(
        a.issues
            .iter()
            .any(|issue| matches!(issue.kind, IssueKind::SmallSample { .. }))
    );
    close(card(&result, "B").indicators[0].value, 4.0);
    close(card(&result, "C").indicators[0].value, 3.2);
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
    assert_eq!(a.total, None);
    // B: 30/40 = 75.
    close(card(&result, "B").total, 75.0);
}

#[test]
fn validation_names_the_level_and_the_sum() {
    let mut raw = serde_json::to_value(basic("exclude")).unwrap();
    raw["dimensions"][0]["weight"] = json!(55.5);
    raw["dimensions"][0]["indicators"][1]["weight"] = json!(49.995);
    raw["dimensions"][0]["indicators"][1]["value"] = json!({"formula": "solvd / raised * 100"});
    let scheme: Scheme = serde_json::from_value(raw).unwrap();
    let messages: Vec<String> = validate(&scheme).iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("dimension weights add up to 95.5, not 100")),
        "{messages:?}"
    );
    // 50 + 49.995 = 99.995 is within the 0.01 tolerance: no message for it.
    assert!(
        !messages.iter().any(|m| m.contains("99.995")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("character 1") && m.contains("solvd")),
        "{messages:?}"
    );
    // An invalid scheme scores nothing.
    let figures = Figures::from_table(&scheme, &kpi_read::csv_table(BASIC).unwrap()).0;
    assert!(score_team(&scheme, &figures).is_err());
}

#[test]
fn weight_profiles_move_people() {
    let mut raw = serde_json::to_value(basic("exclude")).unwrap();
    raw["profiles"] = json!([{"id": "speed", "name": {"en": "Speed first"}, "dimensions": {"quality": 20, "efficiency": 80}}]);
    let scheme: Scheme = serde_json::from_value(raw).unwrap();
    let figures = Figures::from_table(&scheme, &kpi_read::csv_table(BASIC).unwrap()).0;
    let comparison = compare_profiles(&scheme, &figures, None, scheme.profile("speed")).unwrap();
    // Speed first: Ann 0.2*77.5 + 0.8*75 = 75.5; Bob 0.2*50 + 0.8*100 = 90;
    // Cy 0.2*100 + 0 = 20. Bob moves up one place, Ann down one.
    let bob = comparison.moves.iter().find(|m| m.agent == "Bob").unwrap();
    assert_eq!(
        (bob.rank_a, bob.rank_b, bob.places),
        (Some(2), Some(1), Some(1))
    );
    close(bob.total_b, 90.0);
    let ann = comparison.moves.iter().find(|m| m.agent == "Ann").unwrap();
    assert_eq!(ann.places, Some(-1));
}

#[test]
fn explanation_reads_in_order() {
    let scheme = basic("exclude");
    let result = score(&scheme, BASIC);
    let lines: Vec<String> = explain(&scheme, card(&result, "Ann"), 3)
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected = [
        "csat: value 4.6 from column csat",
        "csat: 4.6 on the linear curve scores 80",
        "csat: 80 x 30% = 24 points",
        "resolution: value 90 from formula solved / raised * 100",
        "resolution: 90 on the linear curve scores 75",
        "resolution: 75 x 30% = 22.5 points",
        "response: value 4 from column resp_min",
        "response: 4 on the linear curve scores 75",
        "response: 75 x 40% = 30 points",
        "quality: 77.5 with weight 60%",
        "efficiency: 75 with weight 40%",
        "total 76.5 (100% of the weight backed by data)",
        "rank 1 of 3",
        "grade C",
    ];
    assert_eq!(lines, expected);
}

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

#[test]
fn no_total_is_incomplete_everywhere_whatever_the_policy() {
    use kpi_engine::export::{results_csv, results_json};
    use kpi_engine::report::Filter;
    // Ann has no value at all; "exclude" leaves every indicator out, so
    // nothing backs a total, and no indicator has the "incomplete" policy.
    let csv = "agent,csat,resp_min,solved,raised\nAnn,,,,\nBob,4,2,80,100\n";
    let table = kpi_read::csv_table(csv).unwrap();
    let scheme = basic("exclude");
    let (figures, _) = Figures::from_table(&scheme, &table);
    let result = score_team(&scheme, &figures).unwrap();
    let ann = card(&result, "Ann");
    assert_eq!((ann.total, ann.rank), (None, None));
    assert!(ann.incomplete());
    assert!(!card(&result, "Bob").incomplete());
    // The steps say incomplete, and so do both exports and the filter.
    let steps = explain(&scheme, ann, 1);
    assert!(steps.last().unwrap().to_string().contains("incomplete"));
    let csv = results_csv(&scheme, &result);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|name| *name == "incomplete")
        .unwrap();
    let cells: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(column).unwrap())
        .collect();
    assert_eq!(cells, ["yes", ""]);
    let json: Value = serde_json::from_str(&results_json(&scheme, &result)).unwrap();
    assert_eq!(json["cards"][0]["incomplete"], true);
    assert_eq!(json["cards"][1]["incomplete"], false);
    let only = Filter {
        incomplete_only: true,
        ..Filter::default()
    };
    let kept: Vec<&str> = result
        .cards
        .iter()
        .filter(|card| only.keeps(card))
        .map(|card| card.agent.as_str())
        .collect();
    assert_eq!(kept, ["Ann"]);
}
