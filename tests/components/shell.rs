//! The app shell: language switch and its persistence, routing by URL hash.

use kpi_scorecard::app::{Area, SETTINGS_KEY};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{assert_kept_aside, mount_app, reset, settle, storage, stored_body};

#[wasm_bindgen_test]
async fn switching_language_translates_the_page_and_is_stored() {
    reset();
    let app = mount_app();
    settle().await;

    for (button, name, data) in [
        ("lang-en", "KPI Scorecard", "Data"),
        ("lang-zh", "KPI 绩效计分卡", "数据"),
    ] {
        app.find(button).click();
        settle().await;
        assert_eq!(app.text("app-name"), name);
        assert_eq!(app.text("nav-data"), data);
        assert_eq!(
            app.find(button).get_attribute("aria-pressed").as_deref(),
            Some("true")
        );
    }
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh")
    );
    assert_eq!(document().title(), "KPI 绩效计分卡");

    let stored = stored_body(SETTINGS_KEY).expect("settings stored");
    assert_eq!(stored["locale"], "zh");
    assert_eq!(stored["version"], 1);
}

#[wasm_bindgen_test]
async fn a_stored_language_applies_on_start() {
    reset();
    storage()
        .set_item(SETTINGS_KEY, r#"{"version":1,"locale":"zh"}"#)
        .unwrap();
    let app = mount_app();
    settle().await;
    assert_eq!(app.text("app-name"), "KPI 绩效计分卡");
    assert!(app.try_find("storage-problem").is_none());
}

#[wasm_bindgen_test]
async fn unreadable_settings_are_reported_and_kept_aside() {
    reset();
    storage().set_item(SETTINGS_KEY, "{not json").unwrap();
    let app = mount_app();
    settle().await;
    assert_kept_aside(&app, SETTINGS_KEY, "{not json");
}

#[wasm_bindgen_test]
async fn each_area_is_reachable_by_url() {
    reset();
    let app = mount_app();
    settle().await;
    assert!(
        app.try_find("area-scheme").is_some(),
        "the scheme area is the default"
    );

    for area in [Area::Data, Area::Scorecards, Area::Scheme] {
        window().location().set_hash(area.hash()).unwrap();
        settle().await;
        let area_id = format!("area-{}", area.id());
        assert!(
            app.try_find(&area_id).is_some(),
            "{area_id} shown for {}",
            area.hash()
        );
        let link = app.find(&format!("nav-{}", area.id()));
        assert_eq!(link.get_attribute("aria-current").as_deref(), Some("page"));
        let others_current = Area::ALL
            .iter()
            .filter(|other| **other != area)
            .filter(|other| {
                app.find(&format!("nav-{}", other.id()))
                    .has_attribute("aria-current")
            })
            .count();
        assert_eq!(others_current, 0, "only {} is current", area.id());
    }
}

#[wasm_bindgen_test]
fn hashes_map_to_areas() {
    for (hash, area) in [
        ("", Area::Scheme),
        ("#", Area::Scheme),
        ("#/scheme", Area::Scheme),
        ("#/data", Area::Data),
        ("#data", Area::Data),
        ("#/scorecards", Area::Scorecards),
        ("#/scorecards/agent/7", Area::Scorecards),
        ("#/scorecards?sort=total", Area::Scorecards),
        ("#/nowhere", Area::Scheme),
        ("#/projects", Area::Projects),
    ] {
        assert_eq!(Area::from_hash(hash), area, "{hash:?}");
    }
    for area in Area::ALL {
        assert_eq!(Area::from_hash(area.hash()), area);
    }
}

#[wasm_bindgen_test]
async fn footer_shows_the_version() {
    reset();
    let app = mount_app();
    settle().await;
    assert!(app.text("version").contains(env!("CARGO_PKG_VERSION")));
}
