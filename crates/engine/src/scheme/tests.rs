//! The scheme model: which indicators read an input, the optional minimum
//! coverage, inputs made from headers, and the file's typed errors.

use super::*;
use crate::validate::validate;

#[test]
fn each_input_has_the_indicators_that_read_it() {
    let scheme =
        Scheme::from_json(include_str!("../../../../docs/examples/call-centre.json")).unwrap();
    let sole = |input: &str| scheme.sole_reader(input).map(|i| i.id.as_str());
    // A value column, a formula's column, a rater, a sample count.
    assert_eq!(sole("repeat_pct"), Some("repeat"));
    assert_eq!(sole("excluded"), Some("fcr"));
    assert_eq!(sole("r_peer"), Some("review"));
    assert_eq!(sole("surveys"), Some("csat"));
    assert_eq!(sole("nothing"), None);
    // Read twice, no one indicator to name.
    let mut twice = scheme.clone();
    twice.dimensions[0].indicators[3].value = ValueSource::Formula("calls - repeat_pct".into());
    assert_eq!(twice.sole_reader("calls").map(|i| i.id.as_str()), None);
    assert_eq!(
        twice.sole_reader("fcr_calls").map(|i| i.id.as_str()),
        Some("fcr")
    );
}

#[test]
fn the_minimum_coverage_is_optional_and_written_only_when_set() {
    // Files from before it load without one, and their canonical form
    // (what the page saves and downloads) is unchanged to the byte.
    let texts = crate::presets::PRESETS
        .iter()
        .map(|preset| preset.scheme().to_json())
        .chain([include_str!("../../../../docs/examples/call-centre.json").to_owned()]);
    for text in texts {
        let scheme = Scheme::from_json(&text).unwrap();
        assert_eq!(scheme.min_coverage, None);
        let canonical = scheme.to_json();
        assert!(!canonical.contains("min_coverage"));
        assert_eq!(Scheme::from_json(&canonical).unwrap().to_json(), canonical);
    }
    // Set, it sits after the grading and reads back the same.
    let mut scheme =
        Scheme::from_json(include_str!("../../../../docs/examples/call-centre.json")).unwrap();
    scheme.min_coverage = Some(80.0);
    let text = scheme.to_json();
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(at("grading") < at("min_coverage") && at("min_coverage") < at("bonus"));
    assert!(text.contains("\"min_coverage\": 80.0"), "{text}");
    assert_eq!(Scheme::from_json(&text).unwrap(), scheme);
    // As people write it, and a typo is refused by name.
    let written = text.replace("\"min_coverage\": 80.0", "\"min_coverage\": 75");
    assert_eq!(
        Scheme::from_json(&written).unwrap().min_coverage,
        Some(75.0)
    );
    let typo = text.replace("min_coverage", "min_covrage");
    let error = Scheme::from_json(&typo).unwrap_err();
    assert!(
        matches!(&error, SchemeFileError::Json { message, .. } if message.contains("min_covrage")),
        "{error:?}"
    );
    assert!(error.to_string().contains("min_covrage"));
}

#[test]
fn a_file_that_is_not_a_scheme_says_why_as_data() {
    let text = include_str!("../../../../docs/examples/call-centre.json");
    let newer = text.replacen("\"version\": 1", "\"version\": 2", 1);
    let error = Scheme::from_json(&newer).unwrap_err();
    assert_eq!(error, SchemeFileError::Newer { version: 2 });
    assert_eq!(
        error.to_string(),
        "scheme file version 2 is newer than this build reads (1)"
    );
    let foreign = text.replacen("\"kpi-scheme\"", "\"something-else\"", 1);
    let error = Scheme::from_json(&foreign).unwrap_err();
    assert_eq!(
        error,
        SchemeFileError::NotAScheme {
            format: "something-else".to_owned()
        }
    );
    assert_eq!(
        error.to_string(),
        "not a scheme file: \"format\" is \"something-else\", expected \"kpi-scheme\""
    );
    let Err(SchemeFileError::Json { line, column, .. }) = Scheme::from_json("{\n  \"format\": 3")
    else {
        panic!("not JSON of a scheme");
    };
    assert_eq!((line, column), (2, 13));
    assert!(
        Scheme::from_json("nope")
            .unwrap_err()
            .to_string()
            .starts_with("scheme file, line 1 column ")
    );
}

#[test]
fn extra_columns_become_inputs_with_formula_names() {
    let mut scheme =
        Scheme::from_json(include_str!("../../../../docs/examples/call-centre.json")).unwrap();
    let ids: Vec<String> = [
        "Tickets (total)",
        "2026 bonus",
        "and",
        "备注",
        " Tickets (total) ",
        "--",
        "１月",
    ]
    .into_iter()
    .map(|header| scheme.add_input_from_header(header))
    .collect();
    assert_eq!(
        ids,
        [
            "tickets_total",
            "c_2026_bonus",
            "and_value",
            "备注",
            "tickets_total_2",
            "column",
            "c_１月"
        ]
    );
    let added = scheme
        .inputs
        .iter()
        .find(|i| i.id == "tickets_total")
        .unwrap();
    assert_eq!(added.name.en, "Tickets (total)");
    // Each id is a name a formula can use as it stands.
    for id in &ids {
        let formula = crate::formula::parse(&format!("{id} * 2")).unwrap();
        assert_eq!(formula.columns()[0].name, *id);
    }
    assert!(validate(&scheme).is_empty(), "{:?}", validate(&scheme));
}

#[test]
fn bonus_rules_come_apart_into_their_numbers_and_back() {
    let proportional = BonusRule::Proportional {
        pool: 1000.0,
        exponent: 2.0,
        min_score: 60.0,
        floor: Some(10.0),
        cap: None,
    };
    let top_share = BonusRule::TopShare {
        pool: 500.0,
        top_percent: 20.0,
        top_share: 70.0,
        exponent: 1.5,
        min_score: 0.0,
        floor: None,
        cap: Some(300.0),
    };
    assert_eq!(
        proportional.basics(),
        BonusBasics {
            pool: 1000.0,
            exponent: 2.0,
            min_score: 60.0,
            floor: Some(10.0),
            cap: None,
        }
    );
    assert_eq!(proportional.top_group(), None);
    assert_eq!(
        top_share.top_group(),
        Some(TopGroup {
            top_percent: 20.0,
            top_share: 70.0,
        })
    );
    assert_eq!(top_share.basics().cap, Some(300.0));
    for rule in [proportional, top_share] {
        assert_eq!(BonusRule::from_parts(rule.basics(), rule.top_group()), rule);
    }
}
