//! The Data area: paste, preview, mapping, import, problems, persistence.

use kpi_scorecard::app::{DATASET_KEY, SCHEME_KEY};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    Mounted, assert_kept_aside, mount_app, reset, settle, start_in_english, storage,
};

/// Three agents of the call-centre example scheme, pasted from a Chinese
/// spreadsheet: one bad cell, one duplicate row, an extra text column.
const PASTE: &str = "客服\t组别\t接待量\t满意度评分\t备注\n\
王芳\tA\t1,234\t4.8\t夜班\n\
李强\tA\t980\tabc\t\n\
张伟\tB\t1120\t4.5\t\n\
王芳\tA\t10\t4.1\t\n";

async fn open_data_area() -> Mounted {
    let app = start_in_english().await;
    app.go_to("nav-data").await;
    app
}

#[wasm_bindgen_test]
async fn a_paste_is_previewed_mapped_and_imported_with_its_problems() {
    let app = open_data_area().await;
    assert!(app.try_find("dataset-empty").is_some());

    app.paste_and_preview(PASTE).await;
    assert!(
        app.text("preview-summary").contains("Rows: 4 · columns: 5"),
        "{}",
        app.text("preview-summary")
    );
    // Matched automatically: the synonym, an alias, the Chinese name.
    assert_eq!(app.value("map-agent"), "客服");
    assert_eq!(app.value("map-group"), "组别");
    assert_eq!(app.value("map-input-calls"), "接待量");
    assert_eq!(app.value("map-input-csat"), "满意度评分");
    assert!(app.text("unmapped").contains("QA score"));
    assert!(app.text("extras").contains("备注"));
    // The cell that will not read is marked before anything is imported.
    let bad = app
        .root
        .query_selector_all("[data-testid=preview-table] td.bad")
        .unwrap();
    assert_eq!(bad.length(), 1);
    assert_eq!(bad.get(0).unwrap().text_content().as_deref(), Some("abc"));

    app.find("import-button").click();
    app.wait_for("dataset-summary").await;
    assert!(
        app.text("dataset-summary")
            .starts_with("Agents: 3 · rows: 4"),
        "{}",
        app.text("dataset-summary")
    );
    // The bad cell is named with its row, column and text; the duplicate
    // with the row of the first.
    let issues = app.text("issues-table");
    assert!(issues.contains("found “abc”"), "{issues}");
    assert!(issues.contains("first at row 2"), "{issues}");
    // The pasted text is still there, and the figures are stored.
    assert_eq!(app.value("paste-input"), PASTE);
    let stored = storage().get_item(DATASET_KEY).unwrap().expect("stored");
    assert!(stored.contains("\"王芳\"") && stored.contains("\"kpi-dataset\""));
}

#[wasm_bindgen_test]
async fn changing_a_mapping_in_the_preview_and_after_import() {
    let app = open_data_area().await;
    app.paste_and_preview("name,calls handled,qa\nAnn,12,90\nBo,15,x\n")
        .await;
    assert_eq!(app.value("map-agent"), "name");
    assert_eq!(app.value("map-input-qa"), "qa");

    // Map the QA column away: it becomes an extra column, QA unmapped.
    app.set_value("map-input-qa", "");
    settle().await;
    assert!(app.text("unmapped").contains("QA score"));
    assert!(app.text("extras").contains("qa"));
    app.find("import-button").click();
    app.wait_for("dataset-summary").await;
    assert!(!app.text("issues-table").contains("found “x”"));

    // Map it back on the imported source, without a new paste.
    app.find("source-0-remap").click();
    app.wait_for("remap").await;
    app.set_value("map-input-qa", "qa");
    settle().await;
    app.find("remap-apply").click();
    for _ in 0..200 {
        if app.text("issues-table").contains("found “x”") {
            break;
        }
        settle().await;
    }
    assert!(app.text("issues-table").contains("found “x”"));
    let stored = storage().get_item(DATASET_KEY).unwrap().unwrap();
    assert!(stored.contains("\"qa\":\"qa\""), "{stored}");
}

#[wasm_bindgen_test]
async fn problems_filter_by_severity_and_text() {
    let app = open_data_area().await;
    // A ragged row (warning) and two bad cells (errors).
    app.paste_and_preview("agent,calls,qa\nAnn,x,90\nBo,15,y\nCy,1\n")
        .await;
    assert!(app.text("read-issues").contains("2 cells"));
    app.find("import-button").click();
    app.wait_for("issues-count").await;
    let rows = |app: &Mounted| {
        app.root
            .query_selector_all("[data-testid=issues-table] tbody tr")
            .unwrap()
            .length()
    };
    let all = rows(&app);
    app.set_value("issues-severity", "warning");
    settle().await;
    assert_eq!(rows(&app), 1);
    app.set_value("issues-severity", "all");
    app.set_value("issues-search", "bo");
    settle().await;
    assert_eq!(rows(&app), 1);
    assert!(app.text("issues-table").contains("found “y”"));
    app.set_value("issues-search", "");
    settle().await;
    assert_eq!(rows(&app), all);
}

#[wasm_bindgen_test]
async fn an_unclosed_quote_is_named_and_nothing_is_lost() {
    let app = open_data_area().await;
    app.paste_and_preview("agent,calls\nAnn,12\n").await;
    app.find("import-button").click();
    app.wait_for("dataset-summary").await;

    let broken = "agent,calls\nBo,\"15\nCy,3\n";
    app.paste_and_read(broken).await;
    let error = app.wait_for("read-error").await;
    let message = error.text_content().unwrap();
    assert!(message.starts_with("Row 2:"), "{message}");
    assert!(message.contains("closing \""), "{message}");
    assert_eq!(app.value("paste-input"), broken);
    assert!(app.text("dataset-summary").starts_with("Agents: 1"));
}

/// Imports Ann and Bo as September: the first source of a test by period.
async fn import_september(app: &Mounted) {
    app.paste_and_preview("agent,calls\nAnn,12\nBo,3\n").await;
    app.set_value("period-input", "2026-09");
    app.find("import-button").click();
    app.wait_for("dataset-summary").await;
}

/// Waits until a second source is listed.
async fn second_source(app: &Mounted) {
    for _ in 0..200 {
        if app.try_find("source-1").is_some() {
            break;
        }
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn appending_by_period_keeps_other_periods() {
    let app = open_data_area().await;
    import_september(&app).await;

    app.paste_and_preview("agent,calls\nAnn,20\n").await;
    assert!(
        app.find("merge-by-period")
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .checked()
    );
    // Adding the same period would replace it: the preview says so first.
    app.set_value("period-input", "2026-09");
    settle().await;
    assert!(app.text("replaces-periods").contains("2026-09"));
    app.set_value("period-input", "2026-10");
    settle().await;
    assert!(app.try_find("replaces-periods").is_none());
    app.find("import-button").click();
    second_source(&app).await;
    let summary = app.text("dataset-summary");
    assert!(summary.starts_with("Agents: 2 · rows: 3"), "{summary}");
    assert!(summary.contains("2026-09, 2026-10"), "{summary}");
}

#[wasm_bindgen_test]
async fn a_source_whose_rows_were_all_replaced_says_so() {
    let app = open_data_area().await;
    import_september(&app).await;
    assert!(
        !app.text("source-0").contains("replaced"),
        "{}",
        app.text("source-0")
    );

    // September again, by period: the first source gives nothing now.
    app.paste_and_preview("agent,calls\nAnn,20\nBo,4\nCy,9\n")
        .await;
    app.set_value("period-input", "2026-09");
    app.find("import-button").click();
    second_source(&app).await;
    settle().await;
    let first = app.text("source-0");
    assert!(
        first.contains("2 rows") && first.contains("all replaced by later figures, none scored"),
        "{first}"
    );
    assert!(
        !app.text("source-1").contains("replaced"),
        "{}",
        app.text("source-1")
    );
    assert!(
        app.text("dataset-summary")
            .starts_with("Agents: 3 · rows: 3")
    );
}

#[wasm_bindgen_test]
async fn a_large_paste_is_typed_in_slices() {
    let app = open_data_area().await;
    app.paste_and_preview(&large_paste()).await;
    assert!(app.text("preview-summary").contains("Rows: 20000"));
    // Every check of the clock ends a slice, so typing takes many slices on
    // any machine.
    kpi_scorecard::app::set_slice_budget(0.0);
    app.find("import-button").click();
    // The page gets the thread back between slices: the bar is seen part
    // way, neither empty nor full.
    let mut part_way = false;
    while app.try_find("dataset-summary").is_none() {
        if let Some(bar) = app
            .root
            .query_selector("[data-testid=progress] progress")
            .unwrap()
        {
            let value: f64 = bar
                .get_attribute("value")
                .unwrap_or_default()
                .parse()
                .unwrap_or(0.0);
            part_way |= value > 0.0 && value < 100.0;
        }
        settle().await;
    }
    kpi_scorecard::app::set_slice_budget(30.0);
    assert!(part_way, "no progress was shown between slices");
    assert!(app.text("dataset-summary").starts_with("Agents: 20000"));
}

#[wasm_bindgen_test]
async fn an_unreadable_stored_dataset_is_kept_aside_and_reported() {
    reset();
    storage().set_item(DATASET_KEY, "{not json").unwrap();
    let app = mount_app();
    settle().await;
    app.find("lang-en").click();
    settle().await;
    assert_kept_aside(&app, DATASET_KEY, "{not json");
}

#[wasm_bindgen_test]
async fn imported_figures_come_back_after_a_reload() {
    let app = open_data_area().await;
    app.paste_and_preview("agent,calls\nAnn,12\nBo,3\n").await;
    app.find("import-button").click();
    app.wait_for("dataset-summary").await;
    drop(app);

    let app = mount_app();
    settle().await;
    app.find("nav-data").click();
    app.wait_for_text("dataset-summary", "Agents: 2").await;
}

#[wasm_bindgen_test]
async fn an_extra_column_becomes_an_input_formulas_can_use() {
    let app = open_data_area().await;
    app.paste_and_preview("agent,calls,Tickets (total)\nAnn,12,30\n")
        .await;
    assert!(app.text("extras").contains("Tickets (total)"));
    app.find("extra-add-0").click();
    settle().await;
    // The scheme has the input, mapped to the column, and keeps it.
    assert_eq!(app.value("map-input-tickets_total"), "Tickets (total)");
    assert!(app.try_find("extras").is_none());
    let stored = storage()
        .get_item(SCHEME_KEY)
        .unwrap()
        .expect("scheme stored");
    assert!(stored.contains("\"id\": \"tickets_total\""), "{stored}");
    app.find("import-button").click();
    app.wait_for("dataset-summary").await;
    let stored = storage().get_item(DATASET_KEY).unwrap().unwrap();
    assert!(
        stored.contains("\"tickets_total\":\"Tickets (total)\""),
        "{stored}"
    );
}

#[wasm_bindgen_test]
async fn the_sample_team_maps_completely_and_imports() {
    let app = open_data_area().await;
    app.find("sample-try").click();
    app.wait_for("preview").await;
    assert!(
        app.text("preview-summary")
            .contains("Rows: 6 · columns: 16"),
        "{}",
        app.text("preview-summary")
    );
    assert!(app.try_find("unmapped").is_none());
    assert!(app.try_find("extras").is_none());
    app.find("import-button").click();
    let summary = app.wait_for("dataset-summary").await;
    assert!(summary.text_content().unwrap().starts_with("Agents: 6"));
}

/// A team big enough that typing it takes many slices.
fn large_paste() -> String {
    let mut text = String::from("agent,calls,qa,csat\n");
    for agent in 0..20_000 {
        text.push_str(&format!(
            "agent{agent},{},{}.5,4.{}\n",
            agent % 300,
            agent % 100,
            agent % 10
        ));
    }
    text
}

/// The large paste imported with a zero slice budget, so the import takes
/// many slices and is still running when this returns. The caller restores
/// the budget.
async fn start_a_slow_import() -> Mounted {
    let app = open_data_area().await;
    app.paste_and_preview(&large_paste()).await;
    kpi_scorecard::app::set_slice_budget(0.0);
    app.find("import-button").click();
    app.wait_for("progress").await;
    app
}

#[wasm_bindgen_test]
async fn an_import_finishes_after_leaving_the_area() {
    let app = start_a_slow_import().await;
    app.find("nav-scheme").click();
    for _ in 0..500 {
        settle().await;
        let stored = storage().get_item(DATASET_KEY).unwrap();
        if stored.is_some_and(|stored| stored.contains("agent19999")) {
            break;
        }
    }
    kpi_scorecard::app::set_slice_budget(30.0);
    app.find("nav-data").click();
    app.wait_for_text("dataset-summary", "Agents: 20000").await;
}

#[wasm_bindgen_test]
async fn discarding_during_an_import_imports_nothing() {
    let app = start_a_slow_import().await;
    app.find("preview-cancel").click();
    kpi_scorecard::app::set_slice_budget(30.0);
    for _ in 0..50 {
        settle().await;
    }
    assert!(app.try_find("preview").is_none());
    assert!(app.try_find("progress").is_none());
    assert!(app.try_find("dataset-empty").is_some());
    // The page still works.
    app.paste_and_preview("agent,calls\nAnn,12\n").await;
}
