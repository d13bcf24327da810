//! Worked examples of missing data: each policy, the minimum coverage and
//! what "incomplete" means everywhere.
//!
//! Worked examples from the domain brief, scored end to end through the
//! public engine API. Every expected number is worked out by hand in the
//! comment above its assertion.

mod common;

use common::card;
use common::worked::*;
use kpi_engine::explain::{Step, explain};
use kpi_engine::figures::Figures;
use kpi_engine::report::{Filter, incomplete_because, uncovered};
use kpi_engine::scheme::{BonusRule, Scheme};
use kpi_engine::score::{NoTotal, Scorecard, Treatment, score_team};
use kpi_engine::validate::{Problem, validate};
use serde_json::{Value, json};

#[test]
fn missing_exclude_respreads_the_weight() {
    let result = score(&basic("exclude"), ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    // Quality is resolution alone (75); total 0.6*75 + 0.4*75 = 75.
    assert_eq!(ann.indicators[0].treatment(), Treatment::Excluded);
    close(ann.total, 75.0);
    // Applied weights: CSAT 0, resolution 60, response 40; coverage 70%.
    close(Some(ann.indicators[0].weight()), 0.0);
    close(Some(ann.indicators[1].weight()), 60.0);
    close(Some(ann.coverage), 0.7);
}

#[test]
fn missing_zero_counts_as_zero() {
    let result = score(&basic("zero"), ANN_NO_CSAT);
    let ann = card(&result, "Ann");
    // Quality (0 + 75)/2 = 37.5; total 0.6*37.5 + 30 = 52.5.
    assert_eq!(ann.indicators[0].treatment(), Treatment::ZeroForMissing);
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
    assert_eq!(ann.indicators[0].treatment(), Treatment::Imputed);
    close(ann.indicators[0].value(), 4.5);
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
