//! Worked examples: the weighted roll-up, rank, grade and weakest indicator;
//! validation messages, weight profiles and the explanation.
//!
//! Worked examples from the domain brief, scored end to end through the
//! public engine API. Every expected number is worked out by hand in the
//! comment above its assertion.

mod common;

use common::card;
use common::worked::*;
use kpi_engine::compare::compare_profiles;
use kpi_engine::explain::explain;
use kpi_engine::figures::Figures;
use kpi_engine::scheme::Scheme;
use kpi_engine::score::score_team;
use kpi_engine::validate::validate;
use serde_json::json;

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
    close(Some(ann.indicators[0].weight()), 30.0);
    close(Some(ann.indicators[0].points()), 24.0);
    close(Some(ann.indicators[2].points()), 30.0);
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
