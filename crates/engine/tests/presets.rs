//! The built-in presets: each is a valid scheme with names in both
//! languages and a description, and its sample team reads without a problem
//! and scores into a spread of totals.

use std::collections::HashSet;

use kpi_engine::figures::Figures;
use kpi_engine::issue::{IssueKind, Severity};
use kpi_engine::presets::{LISTED, PRESETS, preset};
use kpi_engine::scheme::{BonusRule, RaterRole, Scheme, ValueSource};
use kpi_engine::score::score_team;
use kpi_engine::validate::validate;

fn sample(scheme: &Scheme, csv: &str) -> Figures {
    let table = kpi_read::csv_table(csv).unwrap();
    let (figures, issues) = Figures::from_table(scheme, &table);
    let problems: Vec<String> = issues.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{}: {problems:#?}", scheme.id);
    figures
}

#[test]
fn every_preset_is_a_complete_valid_scheme() {
    let ids: HashSet<&str> = PRESETS.iter().map(|preset| preset.id).collect();
    assert_eq!(ids.len(), PRESETS.len(), "preset ids are unique");
    for preset in PRESETS {
        let scheme = preset.scheme();
        assert_eq!(scheme.id, preset.id);
        let errors = validate(&scheme);
        assert!(errors.is_empty(), "{}: {errors:#?}", preset.id);
        assert!(!scheme.name.en.trim().is_empty() && !scheme.name.zh.trim().is_empty());
        assert!(
            scheme.description.en.len() > 120,
            "{}: a paragraph on its source",
            preset.id
        );
        for input in &scheme.inputs {
            assert!(
                !input.name.en.is_empty() && !input.name.zh.is_empty(),
                "{}: input {} named in both languages",
                preset.id,
                input.id
            );
        }
        for (dimension, indicator) in scheme.indicators() {
            assert!(!dimension.name.zh.is_empty() && !indicator.name.zh.is_empty());
        }
    }
}

#[test]
fn every_sample_team_reads_cleanly_and_scores_into_a_spread() {
    for preset in PRESETS {
        let scheme = preset.scheme();
        let figures = sample(&scheme, preset.sample);
        let agents: HashSet<&str> = figures.agents().collect();
        assert!(agents.len() >= 12, "{}: {} agents", preset.id, agents.len());
        let blanks = figures
            .to_rows()
            .iter()
            .flat_map(|row| &row.values)
            .filter(|value| value.is_none())
            .count();
        assert!(blanks >= 1, "{}: a few missing cells", preset.id);
        let uses_prev = scheme.indicators().any(|(_, indicator)| {
            matches!(&indicator.value, ValueSource::Formula(formula) if formula.contains("prev("))
        });
        if uses_prev {
            let periods: HashSet<_> = figures.periods().collect();
            assert!(periods.len() >= 2, "{}: two periods for prev()", preset.id);
        }

        let result = score_team(&scheme, &figures).unwrap();
        let errors: Vec<String> = result
            .cards
            .iter()
            .flat_map(|card| &card.issues)
            .chain(&result.issues)
            .filter(|issue| issue.severity == Severity::Error)
            .filter(|issue| !matches!(issue.kind, IssueKind::Refused { .. }))
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", preset.id);
        let totals: Vec<f64> = result.cards.iter().filter_map(|card| card.total).collect();
        assert!(totals.len() >= 12, "{}: totals for most agents", preset.id);
        let (low, high) = totals.iter().fold((f64::MAX, f64::MIN), |(low, high), &t| {
            (low.min(t), high.max(t))
        });
        assert!(
            high - low >= 10.0,
            "{}: totals {low}..{high} spread out",
            preset.id
        );
        assert!(low >= 0.0, "{}: totals are not negative", preset.id);
    }
}

#[test]
fn the_department_preset_has_both_business_phase_profiles() {
    let scheme = preset("cs-department").unwrap().scheme();
    for id in ["new-business", "mature-business"] {
        let profile = scheme.profile(id).unwrap_or_else(|| panic!("profile {id}"));
        let weighted = scheme.with_profile(profile);
        assert!(validate(&weighted).is_empty(), "{id}");
    }
}

#[test]
fn the_reception_preset_rewards_the_top_fifth_and_weights_customers_most() {
    let scheme = preset("reception").unwrap().scheme();
    assert!(matches!(
        scheme.bonus,
        Some(BonusRule::TopShare { top_percent, top_share, .. })
            if (top_percent - 20.0).abs() < 1e-9 && (top_share - 50.0).abs() < 1e-9
    ));
    let raters = scheme
        .indicators()
        .find_map(|(_, indicator)| match &indicator.value {
            ValueSource::Raters(raters) => Some(raters.clone()),
            _ => None,
        })
        .expect("a 360 review indicator");
    let customer = raters
        .iter()
        .find(|r| r.role == RaterRole::Customer)
        .unwrap();
    assert!(customer.weight >= 40.0);

    let figures = sample(&scheme, preset("reception").unwrap().sample);
    let result = score_team(&scheme, &figures).unwrap();
    let paid: i64 = result.cards.iter().filter_map(|card| card.bonus).sum();
    let Some(BonusRule::TopShare { pool, .. }) = scheme.bonus else {
        unreachable!()
    };
    assert!(paid > 0 && paid <= (pool * 100.0).round() as i64);
}

#[test]
fn the_credit_card_preset_keeps_speed_from_paying_when_repeats_rise() {
    let scheme = preset("credit-card").unwrap().scheme();
    assert!(
        scheme
            .indicators()
            .any(|(_, indicator)| indicator.link.is_some() || indicator.gate.is_some()),
        "a link or a gate between handle time and repeat contacts"
    );
}

#[test]
fn each_compiled_scheme_is_its_file_without_the_whitespace() {
    for preset in PRESETS {
        let path = format!(
            "{}/src/presets/{}.json",
            env!("CARGO_MANIFEST_DIR"),
            preset.id
        );
        let file = std::fs::read_to_string(&path).unwrap();
        let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        assert_eq!(read(preset.scheme), read(&file), "{}", preset.id);
        assert!(preset.scheme.len() < file.len(), "{}", preset.id);
        assert!(!preset.scheme.contains("\n"), "{}", preset.id);
    }
}

#[test]
fn the_list_of_presets_names_each_as_its_scheme_does() {
    assert_eq!(LISTED.len(), PRESETS.len());
    for (listed, preset) in LISTED.iter().zip(PRESETS) {
        assert_eq!(listed.id, preset.id, "same order");
        let scheme = preset.scheme();
        let info = listed.info;
        assert_eq!(
            info.name,
            [scheme.name.en.as_str(), scheme.name.zh.as_str()]
        );
        assert_eq!(
            info.description,
            [
                scheme.description.en.as_str(),
                scheme.description.zh.as_str()
            ]
        );
        assert!(!info.name[0].is_empty() && !info.description[1].is_empty());
    }
}
