//! Projects: each keeps its own scheme and figures; switching, deleting
//! with undo, and what a reload brings back; storage faults.

use kpi_scorecard::app::{DATASET_KEY, SCHEME_KEY, WORKSPACE_KEY};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    Mounted, asides_of, mount_app, reset, settle, start_in_english, storage, stored_body,
};

fn project_names(app: &Mounted) -> Vec<String> {
    let rows = app
        .root
        .query_selector_all("[data-testid=project-name]")
        .unwrap();
    (0..rows.length())
        .map(|i| {
            rows.item(i)
                .unwrap()
                .text_content()
                .unwrap()
                .trim()
                .to_owned()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_preset_starts_a_project_of_its_own_and_figures_stay_with_theirs() {
    let app = start_in_english().await;
    app.import_sample().await;
    assert!(app.text("dataset-summary").starts_with("Agents: 6"));

    app.go_to("nav-scheme").await;
    app.set_value("preset-select", "ecommerce");
    app.find("preset-load").click();
    settle().await;
    // The new project has no figures; the first keeps its own.
    app.go_to("nav-data").await;
    assert!(
        app.try_find("dataset-empty").is_some(),
        "no figures of another scheme"
    );

    app.go_to("nav-projects").await;
    let names = project_names(&app);
    assert_eq!(names.len(), 2, "{names:?}");
    let index = stored_body(WORKSPACE_KEY).expect("index stored");
    assert_eq!(index["projects"].as_array().unwrap().len(), 2);
    // Open the first again: its six agents are back.
    app.find("project-open").click();
    settle().await;
    app.find("nav-data").click();
    app.wait_for_text("dataset-summary", "Agents: 6").await;
    assert!(app.text("current-project").contains(&names[0]));
}

#[wasm_bindgen_test]
async fn a_deleted_project_can_be_brought_back_and_a_reload_keeps_every_project() {
    let app = start_in_english().await;
    app.go_to("nav-projects").await;
    app.set_value("project-new-from", "credit-card");
    // One click: the project, its sample team, its scorecards.
    assert!(
        app.find("project-with-sample")
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .checked()
    );
    app.find("project-create").click();
    app.wait_for("team-row").await;
    assert!(
        app.try_find("area-scorecards").is_some(),
        "the scorecards open"
    );
    assert!(app.text("current-project").contains("credit-card centre"));
    app.go_to("nav-projects").await;
    assert_eq!(project_names(&app).len(), 2);
    app.find("project-duplicate").click();
    settle().await;
    assert_eq!(project_names(&app).len(), 3);
    let before = project_names(&app);

    app.find("project-delete").click();
    settle().await;
    assert_eq!(project_names(&app).len(), 2);
    assert!(app.text("project-deleted").starts_with("Deleted"));
    app.find("project-undo-delete").click();
    settle().await;
    assert_eq!(project_names(&app), before);

    drop(app);
    let app = mount_app();
    settle().await;
    app.go_to("nav-projects").await;
    assert_eq!(project_names(&app), before, "every project after a reload");
}

#[wasm_bindgen_test]
async fn two_unreadable_items_in_a_row_keep_two_copies_that_can_be_deleted() {
    reset();
    storage().set_item(SCHEME_KEY, "{first broken").unwrap();
    let app = mount_app();
    settle().await;
    drop(app);
    storage().set_item(SCHEME_KEY, "{second broken").unwrap();
    let app = mount_app();
    settle().await;
    let asides = asides_of(SCHEME_KEY);
    assert_eq!(asides.len(), 2, "{asides:?}");
    let kept: Vec<String> = asides
        .iter()
        .map(|key| storage().get_item(key).unwrap().unwrap())
        .collect();
    assert!(
        kept.contains(&"{first broken".to_owned()) && kept.contains(&"{second broken".to_owned())
    );
    app.find("lang-en").click();
    app.go_to("nav-projects").await;
    let listed = app
        .root
        .query_selector_all("[data-testid=aside]")
        .unwrap()
        .length();
    assert_eq!(listed, 2);
    app.find("aside-delete").click();
    settle().await;
    assert_eq!(asides_of(SCHEME_KEY).len(), 1);
}

#[wasm_bindgen_test]
async fn a_refused_save_keeps_the_old_figures_and_resumes_when_space_returns() {
    let app = start_in_english().await;
    app.import_sample().await;
    let saved = storage()
        .get_item(DATASET_KEY)
        .unwrap()
        .expect("figures saved");

    // Fill storage to the brim.
    let mut filler = 0;
    let mut chunk = "x".repeat(1 << 20);
    while chunk.len() > 8 {
        if storage()
            .set_item(&format!("filler{filler}"), &chunk)
            .is_ok()
        {
            filler += 1;
        } else {
            chunk.truncate(chunk.len() / 2);
        }
    }
    // New figures, larger than the old: they cannot be stored.
    let mut paste = String::from("agent,calls,qa\n");
    for agent in 0..40 {
        paste.push_str(&format!(
            "agent number {agent},{},{}\n",
            100 + agent,
            60 + agent % 40
        ));
    }
    app.set_value("paste-input", &paste);
    settle().await;
    app.find("paste-read").click();
    app.wait_for("preview").await;
    app.find("import-button").click();
    app.wait_for_text("dataset-summary", "Agents: 40").await;
    settle().await;
    assert_eq!(
        storage().get_item(DATASET_KEY).unwrap().as_deref(),
        Some(saved.as_str()),
        "the old figures are intact"
    );
    let notices = app.root.text_content().unwrap_or_default();
    assert!(
        notices.contains("Not saved: the figures of project"),
        "{notices}"
    );

    // Space returns; the next change saves everything waiting.
    for i in 0..filler {
        storage().remove_item(&format!("filler{i}")).unwrap();
    }
    app.find("lang-zh").click();
    settle().await;
    assert!(
        app.try_find("storage-problem").is_none(),
        "notice gone once saved"
    );
    let body = stored_body(DATASET_KEY).unwrap();
    let sources = body["sources"].as_array().unwrap();
    let rows = sources.last().unwrap()["table"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 40, "the new figures are saved");
}

/// What version 1 of the page stored (kept for good: every later layout
/// must open them).
const V1_ITEMS: [(&str, &str); 5] = [
    (
        "kpi-scorecard.scheme",
        include_str!("../fixtures/storage/v1/kpi-scorecard.scheme"),
    ),
    (
        "kpi-scorecard.dataset",
        include_str!("../fixtures/storage/v1/kpi-scorecard.dataset"),
    ),
    (
        "kpi-scorecard.mappings",
        include_str!("../fixtures/storage/v1/kpi-scorecard.mappings"),
    ),
    (
        "kpi-scorecard.view",
        include_str!("../fixtures/storage/v1/kpi-scorecard.view"),
    ),
    (
        "kpi-scorecard.settings",
        include_str!("../fixtures/storage/v1/kpi-scorecard.settings"),
    ),
];

#[wasm_bindgen_test]
async fn version_1_items_open_as_the_first_project() {
    reset();
    for (key, value) in V1_ITEMS {
        storage().set_item(key, value).unwrap();
    }
    let app = mount_app();
    settle().await;
    assert_eq!(
        app.text("app-name"),
        "KPI 绩效计分卡",
        "the stored language"
    );
    assert!(app.try_find("storage-problem").is_none());
    app.find("nav-data").click();
    app.wait_for_text("dataset-summary", "客服 6 位").await;
    app.go_to("nav-projects").await;
    assert_eq!(project_names(&app), vec!["呼叫中心（示例）".to_owned()]);
    let index = stored_body(WORKSPACE_KEY).expect("an index is written");
    assert_eq!(index["projects"][0]["prefix"], "kpi-scorecard.");
    // Nothing moved: the items stay where they were until they change.
    assert_eq!(
        storage().get_item(DATASET_KEY).unwrap().as_deref(),
        Some(V1_ITEMS[1].1)
    );
    app.go_to("nav-scheme").await;
    assert_eq!(
        app.value("profile-select"),
        "quality-first",
        "the view's weighting"
    );
    app.set_value("scheme-name-en", "Renamed");
    settle().await;
    let body = stored_body(SCHEME_KEY).expect("written in an envelope in place");
    assert_eq!(body["name"]["en"], "Renamed");
}
