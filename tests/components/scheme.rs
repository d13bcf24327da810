//! The Scheme area: editing, inline validation, weight profiles, undo and
//! redo, presets, and the totals beside the editor.

use kpi_engine::scheme::Scheme;
use kpi_scorecard::app::{SCHEME_KEY, VIEW_KEY};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    Mounted, assert_kept_aside, mount_app, settle, start_in_english, storage, stored_body,
};

/// The app on the Scheme area, in English, with the starter scheme (the
/// call-centre example: three dimensions weighted 40, 35, 25).
async fn open_scheme_area() -> Mounted {
    let app = start_in_english().await;
    assert!(app.try_find("area-scheme").is_some());
    app
}

fn stored_scheme() -> Scheme {
    let body = stored_body(SCHEME_KEY).expect("scheme stored");
    Scheme::from_json(&body.to_string()).unwrap()
}

/// Presses a key with Ctrl (and Shift) held, as a keyboard would.
fn press_ctrl(key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(true);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    leptos::prelude::window().dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn a_weight_edit_shows_the_running_sum_and_the_problem_until_scaled_on_request() {
    let app = open_scheme_area().await;
    assert!(app.text("scheme-status").starts_with("The scheme is valid"));
    assert_eq!(app.text("dimension-weights"), "Weights add up to 100");
    // 40% of the total times 35% of its dimension.
    assert_eq!(app.text("indicator-0-0-share"), "= 14% of the total");

    app.set_value("dimension-0-weight", "50");
    settle().await;
    // The sum runs, the message sits under the level, the status says why
    // there are no scores; nothing was renormalised behind the user's back.
    assert_eq!(
        app.text("dimension-weights"),
        "Weights add up to 110, not 100"
    );
    assert!(
        app.text("errors-dimension-weights").contains("110"),
        "{}",
        app.text("errors-dimension-weights")
    );
    assert!(
        app.text("scheme-status").contains("1 to fix"),
        "{}",
        app.text("scheme-status")
    );
    let stored = stored_scheme();
    assert_eq!(
        stored.dimensions[0].weight, 50.0,
        "the draft is kept as typed"
    );

    // The slider follows the number.
    assert_eq!(app.value("dimension-0-weight-slider"), "50");

    app.find("dimension-weights-scale").click();
    settle().await;
    assert_eq!(app.text("dimension-weights"), "Weights add up to 100");
    assert!(app.try_find("errors-dimension-weights").is_none());
    let weights: Vec<f64> = stored_scheme()
        .dimensions
        .iter()
        .map(|d| d.weight)
        .collect();
    // 50 : 35 : 25 scaled to 100, to the hundredth, adding up exactly.
    assert_eq!(weights, [45.45, 31.82, 22.73]);
    assert!(app.text("scheme-status").starts_with("The scheme is valid"));
}

#[wasm_bindgen_test]
async fn text_that_is_not_a_number_is_marked_and_not_written() {
    let app = open_scheme_area().await;
    app.set_value("dimension-1-weight", "3x");
    settle().await;
    assert_eq!(
        app.value("dimension-1-weight"),
        "3x",
        "what was typed stays"
    );
    assert!(app.try_find("dimension-1-weight-nan").is_some());
    assert!(
        storage().get_item(SCHEME_KEY).unwrap().is_none(),
        "nothing was written"
    );
    app.set_value("dimension-1-weight", "35,5");
    settle().await;
    assert!(app.try_find("dimension-1-weight-nan").is_none());
    assert_eq!(stored_scheme().dimensions[1].weight, 35.5);
    // A thousands separator is not a decimal comma.
    app.set_value("dimension-1-weight", "1,000");
    settle().await;
    assert_eq!(stored_scheme().dimensions[1].weight, 1000.0);
    app.set_value("dimension-1-weight", "1,2,3");
    settle().await;
    assert!(app.try_find("dimension-1-weight-nan").is_some());
    assert_eq!(stored_scheme().dimensions[1].weight, 1000.0);
}

#[wasm_bindgen_test]
async fn a_formula_is_checked_as_it_is_typed_next_to_the_field() {
    let app = open_scheme_area().await;
    app.find("indicator-0-0-edit").click();
    settle().await;
    app.set_value("indicator-value-kind", "formula");
    settle().await;
    app.set_value("indicator-formula", "fcr_calls / (calls - excluded");
    settle().await;
    let errors = app.text("errors-indicator-value");
    assert!(errors.contains("character"), "{errors}");
    assert!(app.try_find("indicator-0-0-problems").is_some());
    let formula = app.find("indicator-formula");
    assert_eq!(
        formula.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(app.text("scheme-status").contains("to fix"));

    app.set_value("indicator-formula", "fcr_calls / (calls - excluded) * 100");
    settle().await;
    assert!(app.try_find("errors-indicator-value").is_none());
    assert!(app.try_find("indicator-0-0-problems").is_none());
    assert!(app.text("scheme-status").starts_with("The scheme is valid"));
    // An unknown column is named.
    app.set_value("indicator-formula", "solved / calls");
    settle().await;
    assert!(app.text("errors-indicator-value").contains("solved"));
}

#[wasm_bindgen_test]
async fn messages_follow_the_language() {
    let app = open_scheme_area().await;
    app.set_value("dimension-0-weight", "50");
    settle().await;
    app.find("lang-zh").click();
    settle().await;
    assert_eq!(app.text("dimension-weights"), "权重合计 110，应为 100");
    let errors = app.text("errors-dimension-weights");
    assert!(errors.contains("110") && errors.contains("100"), "{errors}");
    assert!(!errors.contains("add up"), "an English message: {errors}");
}

#[wasm_bindgen_test]
async fn undo_and_redo_take_typing_as_one_step_and_answer_the_keyboard() {
    let app = open_scheme_area().await;
    let original = app.value("dimension-0-name-en");
    assert!(
        app.find("undo")
            .unchecked_ref::<web_sys::HtmlButtonElement>()
            .disabled()
    );
    for typed in ["Q", "Qu", "Quality of service"] {
        app.set_value("dimension-0-name-en", typed);
        settle().await;
    }
    app.find("dimension-2-remove").click();
    settle().await;
    assert!(app.try_find("dimension-2").is_none());

    press_ctrl("z", false);
    settle().await;
    assert!(
        app.try_find("dimension-2").is_some(),
        "the removal is undone"
    );
    assert_eq!(app.value("dimension-0-name-en"), "Quality of service");
    // The three keystrokes in one field are one step.
    app.find("undo").click();
    settle().await;
    assert_eq!(app.value("dimension-0-name-en"), original);
    assert!(
        app.find("undo")
            .unchecked_ref::<web_sys::HtmlButtonElement>()
            .disabled()
    );

    press_ctrl("z", true);
    settle().await;
    assert_eq!(app.value("dimension-0-name-en"), "Quality of service");
    app.find("redo").click();
    settle().await;
    assert!(app.try_find("dimension-2").is_none());
    assert_eq!(
        stored_scheme().dimensions.len(),
        2,
        "what redo made is saved"
    );
}

#[wasm_bindgen_test]
async fn undo_keeps_fifty_steps_and_more() {
    let app = open_scheme_area().await;
    for step in 0..60 {
        app.set_value("dimension-0-weight", &format!("{}", step + 1));
        settle().await;
        // Leaving the field ends a step.
        let blur = web_sys::Event::new("blur").unwrap();
        app.find("dimension-0-weight")
            .dispatch_event(&blur)
            .unwrap();
    }
    assert_eq!(stored_scheme().dimensions[0].weight, 60.0);
    app.click_times("undo", 55).await;
    assert_eq!(app.value("dimension-0-weight"), "5");
}

#[wasm_bindgen_test]
async fn profiles_keep_their_own_weights_and_are_switched_renamed_and_deleted() {
    let app = open_scheme_area().await;
    // The starter scheme has one profile ("quality first").
    app.find("profile-new").click();
    settle().await;
    let new_id = app.value("profile-select");
    assert!(!new_id.is_empty(), "the new profile is in use");
    app.set_value("profile-name-en", "Mature business");
    settle().await;
    assert!(app.text("profile-select").contains("Mature business"));

    app.set_value("dimension-0-weight", "30");
    app.set_value("dimension-1-weight", "45");
    settle().await;
    assert_eq!(app.text("dimension-weights"), "Weights add up to 100");
    let stored = stored_scheme();
    let profile = stored.profile(&new_id).unwrap();
    assert_eq!(profile.dimensions[&stored.dimensions[0].id], 30.0);
    assert_eq!(
        stored.dimensions[0].weight, 40.0,
        "the scheme's own weights stay"
    );
    assert!(
        storage()
            .get_item(VIEW_KEY)
            .unwrap()
            .unwrap()
            .contains(&new_id)
    );

    app.set_value("profile-select", "");
    settle().await;
    assert_eq!(app.value("dimension-0-weight"), "40");
    app.set_value("profile-select", &new_id);
    settle().await;
    assert_eq!(app.value("dimension-0-weight"), "30");

    app.find("profile-duplicate").click();
    settle().await;
    let copy = app.value("profile-select");
    assert_ne!(copy, new_id);
    assert_eq!(
        app.value("dimension-0-weight"),
        "30",
        "a copy starts with the same weights"
    );
    assert!(app.value("profile-name-en").contains("Mature business"));

    app.find("profile-delete").click();
    settle().await;
    assert_eq!(app.value("profile-select"), "");
    assert!(stored_scheme().profile(&copy).is_none());
    assert!(stored_scheme().profile(&new_id).is_some());
}

#[wasm_bindgen_test]
async fn a_preset_replaces_the_scheme_and_undo_brings_it_back() {
    let app = open_scheme_area().await;
    // Nothing is stored until the first edit: the starter is the example.
    let before = Scheme::from_json(include_str!("../../docs/examples/call-centre.json")).unwrap();
    app.set_value("preset-select", "credit-card");
    settle().await;
    assert!(app.text("preset-description").len() > 80);
    // Replacing this project's scheme (not starting a new project).
    app.find("preset-replace").click();
    settle().await;
    assert_eq!(stored_scheme().id, "credit-card");
    assert!(app.text("preset-loaded").contains("Undo"));
    assert!(app.text("scheme-status").starts_with("The scheme is valid"));
    app.find("undo").click();
    settle().await;
    assert_eq!(stored_scheme(), before);

    app.set_value("preset-select", "empty");
    app.find("preset-replace").click();
    settle().await;
    assert!(app.try_find("no-dimensions").is_some());
    assert!(app.text("scheme-status").contains("to fix"));
}

#[wasm_bindgen_test]
async fn structure_edits_add_move_and_remove() {
    let app = open_scheme_area().await;
    let first = app.value("dimension-0-id");
    app.find("dimension-0-down").click();
    settle().await;
    assert_eq!(app.value("dimension-1-id"), first);
    app.find("dimension-add").click();
    settle().await;
    assert!(app.try_find("dimension-3").is_some());
    // A new dimension comes with an indicator, open in the editor.
    assert_eq!(app.text("indicator-title"), "New indicator");
    app.find("dimension-3-add-indicator").click();
    settle().await;
    assert!(app.try_find("indicator-3-1").is_some());
    assert_eq!(app.text("dimension-3-weights"), "Weights add up to 100");
    app.find("dimension-3-weights-spread").click();
    settle().await;
    assert_eq!(app.value("indicator-3-0-weight"), "50");
    app.find("indicator-3-1-remove").click();
    settle().await;
    assert!(app.try_find("indicator-3-1").is_none());
    // Changing the direction turns the curve so it stays valid.
    app.find("indicator-3-0-edit").click();
    settle().await;
    app.set_value("indicator-direction", "lower");
    settle().await;
    assert_eq!(app.value("curve-worst"), "100");
    assert_eq!(app.value("curve-best"), "0");
    assert!(app.try_find("errors-indicator-curve").is_none());
    app.set_value("curve-kind", "payout");
    settle().await;
    assert!(app.try_find("curve-threshold").is_some());
    assert!(app.try_find("errors-indicator-curve").is_none());
}

#[wasm_bindgen_test]
async fn scorecards_say_the_scheme_is_invalid_instead_of_showing_numbers() {
    let app = open_scheme_area().await;
    assert!(app.try_find("totals-none").is_some(), "no figures yet");
    app.set_value("dimension-2-weight", "5");
    settle().await;
    app.go_to("nav-scorecards").await;
    assert!(
        app.text("scorecards-invalid").contains("1 to fix"),
        "{}",
        app.text("scorecards-invalid")
    );
    app.go_to("nav-scheme").await;
    app.find("undo").click();
    app.go_to("nav-scorecards").await;
    assert!(app.try_find("scorecards-invalid").is_none());
}

#[wasm_bindgen_test]
async fn an_edited_scheme_and_its_profile_come_back_and_an_unreadable_one_is_kept_aside() {
    let app = open_scheme_area().await;
    app.find("profile-new").click();
    settle().await;
    let profile = app.value("profile-select");
    app.set_value("dimension-0-name-en", "Quality of service");
    settle().await;
    drop(app);

    // A reload: the scheme and the weighting in use are there.
    let app = mount_app();
    settle().await;
    assert_eq!(app.value("dimension-0-name-en"), "Quality of service");
    assert_eq!(app.value("profile-select"), profile);
    drop(app);

    // A scheme that cannot be read is moved aside and reported, not
    // silently replaced.
    let broken = "{\"format\": \"kpi-scheme\", \"version\": 1, \"id\": ";
    storage().set_item(SCHEME_KEY, broken).unwrap();
    let app = mount_app();
    settle().await;
    assert_kept_aside(&app, SCHEME_KEY, broken);
}

#[wasm_bindgen_test]
async fn a_minimum_coverage_out_of_range_is_named_in_both_languages_and_undone() {
    let app = open_scheme_area().await;
    assert!(app.try_find("min-coverage").is_none());
    app.find("min-coverage-on").click();
    settle().await;
    assert_eq!(stored_scheme().min_coverage, Some(80.0));
    app.set_value("min-coverage", "150");
    settle().await;
    assert_eq!(
        app.text("errors-min-coverage"),
        "The minimum coverage must be a percentage from 0 to 100 (found 150)."
    );
    assert_eq!(
        app.find("min-coverage")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(
        app.text("scheme-status").contains("1 to fix"),
        "{}",
        app.text("scheme-status")
    );
    app.find("lang-zh").click();
    settle().await;
    assert_eq!(
        app.text("errors-min-coverage"),
        "最低覆盖率必须是 0 到 100 之间的百分比（现为 150）。"
    );
    app.find("lang-en").click();
    settle().await;

    // The typing was one step, turning it on another.
    app.find("undo").click();
    settle().await;
    assert_eq!(app.value("min-coverage"), "80");
    assert!(app.try_find("errors-min-coverage").is_none());
    app.find("undo").click();
    settle().await;
    assert!(app.try_find("min-coverage").is_none());
    assert_eq!(stored_scheme().min_coverage, None);
}

#[wasm_bindgen_test]
async fn the_raters_are_listed_in_the_reader_s_language() {
    let app = open_scheme_area().await;
    app.find("indicator-2-0-edit").click();
    settle().await;
    assert_eq!(
        app.text("indicator-raters"),
        "Customers (r_customer) 40% · Supervisor (r_supervisor) 30% · Peers (r_peer) 20% · Self (r_self) 10%"
    );
    app.find("lang-zh").click();
    settle().await;
    assert_eq!(
        app.text("indicator-raters"),
        "客户（r_customer）40% · 主管（r_supervisor）30% · 同事（r_peer）20% · 自评（r_self）10%"
    );
}
