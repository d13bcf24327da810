//! The Scorecards area: sorting, filtering, the bonus split, the open
//! scorecard and live weights, on the example scheme's sample team.

use wasm_bindgen_test::*;

use super::support::{Mounted, settle, start_in_english};

/// The example scheme with its sample team imported, on the Scorecards area.
async fn open_scorecards() -> Mounted {
    let app = start_in_english().await;
    app.import_sample().await;
    app.go_to("nav-scorecards").await;
    app.wait_for("team-table").await;
    app
}

/// The texts of one cell kind, row by row, in table order.
fn column(app: &Mounted, test_id: &str) -> Vec<String> {
    let cells = app
        .root
        .query_selector_all(&format!("[data-testid=team-row] [data-testid={test_id}]"))
        .unwrap();
    (0..cells.length())
        .map(|i| cells.get(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn agents(app: &Mounted) -> Vec<String> {
    column(app, "open-card")
}

fn totals(app: &Mounted) -> Vec<f64> {
    column(app, "team-total")
        .iter()
        .map(|text| text.parse().unwrap_or_else(|_| panic!("total {text:?}")))
        .collect()
}

/// Every cell's text under `selector`, in document order.
fn texts(app: &Mounted, selector: &str) -> Vec<String> {
    let cells = app.root.query_selector_all(selector).unwrap();
    (0..cells.length())
        .map(|i| cells.get(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// Waits for the next animation frame (and the work it starts).
async fn wait_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::request_animation_frame(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    settle().await;
}

/// Money text "1234.56" in cents.
fn cents(text: &str) -> i64 {
    let (units, hundredths) = text
        .split_once('.')
        .unwrap_or_else(|| panic!("money {text:?}"));
    units.parse::<i64>().unwrap() * 100 + hundredths.parse::<i64>().unwrap()
}

#[wasm_bindgen_test]
async fn the_team_table_sorts_by_any_column_both_ways() {
    let app = open_scorecards().await;
    assert_eq!(app.text("team-count"), "Scorecards shown: 6 of 6.");
    // Rank order first: totals fall.
    let by_rank = totals(&app);
    assert_eq!(by_rank.len(), 6);
    assert!(
        by_rank.windows(2).all(|pair| pair[0] >= pair[1]),
        "{by_rank:?}"
    );

    app.find("sort-total").click();
    settle().await;
    let descending = totals(&app);
    assert!(
        descending.windows(2).all(|pair| pair[0] >= pair[1]),
        "{descending:?}"
    );
    let th = app.find("sort-total").parent_element().unwrap();
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("descending"));
    app.find("sort-total").click();
    settle().await;
    let ascending = totals(&app);
    assert!(
        ascending.windows(2).all(|pair| pair[0] <= pair[1]),
        "{ascending:?}"
    );
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("ascending"));

    app.find("sort-agent").click();
    settle().await;
    let names = agents(&app);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    // A dimension starts best first. Its cells are found by its header's
    // place, so another column before it (coverage) moves nothing here.
    app.find("sort-dim-1").click();
    settle().await;
    let header = app.find("sort-dim-1").parent_element().unwrap();
    let place = {
        let cells = header.parent_element().unwrap().children();
        (0..cells.length())
            .position(|i| cells.item(i).as_ref() == Some(&header))
            .unwrap()
            + 1
    };
    let efficiency: Vec<f64> = texts(
        &app,
        &format!("[data-testid=team-row] > :nth-child({place})"),
    )
    .iter()
    .map(|text| text.parse().unwrap())
    .collect();
    assert!(
        efficiency.windows(2).all(|pair| pair[0] >= pair[1]),
        "{efficiency:?}"
    );
}

#[wasm_bindgen_test]
async fn filters_by_group_grade_and_name_and_the_charts_follow() {
    let app = open_scorecards().await;
    app.set_value("filter-group", "VIP");
    settle().await;
    let vip = agents(&app);
    assert_eq!(vip.len(), 2, "{vip:?}");
    assert_eq!(app.text("team-count"), "Scorecards shown: 2 of 6.");
    assert!(app.text("chart-histogram").contains("(scorecards: 2)"));

    app.set_value("filter-group", "");
    app.set_value("filter-grade", "D");
    settle().await;
    let grades = column(&app, "team-grade");
    assert!(!grades.is_empty());
    assert!(grades.iter().all(|grade| grade == "D"), "{grades:?}");

    app.set_value("filter-grade", "");
    app.set_value("filter-search", "王");
    settle().await;
    let found = agents(&app);
    assert!(!found.is_empty());
    assert!(found.iter().all(|agent| agent.contains('王')), "{found:?}");
    app.set_value("filter-search", "nobody");
    settle().await;
    assert!(agents(&app).is_empty());
    assert_eq!(app.text("team-count"), "Scorecards shown: 0 of 6.");
}

#[wasm_bindgen_test]
async fn bonus_amounts_add_up_to_the_pool_to_the_cent_or_show_the_leftover() {
    let app = open_scorecards().await;
    app.set_value("bonus-kind", "proportional");
    settle().await;
    app.set_value("bonus-pool", "1000.01");
    app.set_value("bonus-exponent", "2");
    settle().await;
    let amounts: i64 = texts(&app, "[data-testid=bonus-amount]")
        .iter()
        .map(|text| cents(text))
        .sum();
    assert_eq!(amounts, 100_001);
    assert_eq!(app.text("bonus-sum"), "1000.01");
    assert!(
        app.text("bonus-summary").contains("nothing left over"),
        "{}",
        app.text("bonus-summary")
    );
    // The team table shows the same amounts.
    let in_table: i64 = column(&app, "team-bonus")
        .iter()
        .map(|text| cents(text))
        .sum();
    assert_eq!(in_table, 100_001);

    // A cap nobody can exceed leaves money over, shown and not lost.
    app.find("bonus-cap-on").click();
    settle().await;
    app.set_value("bonus-cap", "100");
    settle().await;
    assert_eq!(app.text("bonus-sum"), "600.00");
    let summary = app.text("bonus-summary");
    assert!(summary.contains("400.01 is left over"), "{summary}");

    // Top 20% share 50%: still the whole pool, and the cap (kept across the
    // switch) still holds; money it frees goes to the others.
    app.set_value("bonus-cap", "250");
    app.set_value("bonus-kind", "top_share");
    settle().await;
    assert_eq!(app.value("bonus-cap"), "250");
    assert_eq!(app.text("bonus-sum"), "1000.01");
    assert!(
        texts(&app, "[data-testid=bonus-row]")
            .iter()
            .any(|row| row.contains("top group"))
    );
    let amounts: Vec<i64> = texts(&app, "[data-testid=bonus-amount]")
        .iter()
        .map(|text| cents(text))
        .collect();
    assert!(
        amounts.iter().all(|&amount| amount <= 25_000),
        "{amounts:?}"
    );
    assert_eq!(amounts.iter().sum::<i64>(), 100_001);
    app.find("bonus-cap-on").click();
    settle().await;

    // A floor the pool cannot pay is explained.
    app.set_value("bonus-kind", "proportional");
    settle().await;
    app.find("bonus-floor-on").click();
    settle().await;
    app.set_value("bonus-floor", "500");
    settle().await;
    let error = app.text("bonus-error");
    assert!(
        error.contains("need 3000.00, more than the pool of 1000.01"),
        "{error}"
    );

    // Undo walks the rule back, and the selects show it.
    app.click_times("undo", 3).await;
    assert_eq!(app.value("bonus-kind"), "top_share");
}

#[wasm_bindgen_test]
async fn a_scorecard_opens_with_its_indicators_focus_and_steps() {
    let app = open_scorecards().await;
    assert!(app.try_find("agent-none").is_some());
    let first = agents(&app)[0].clone();
    app.find("open-card").click();
    settle().await;
    assert_eq!(app.text("card-agent"), first);
    assert_eq!(app.text("card-rank"), "1 of 6");
    let indicators = app
        .root
        .query_selector_all("[data-testid=card-indicator]")
        .unwrap();
    assert_eq!(indicators.length(), 8);
    // Points and points lost add up to the indicator's weight.
    let points: Vec<f64> = texts(&app, "[data-testid=card-points]")
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    let total: f64 = points.iter().sum();
    let shown: f64 = app.text("card-total").parse().unwrap();
    assert!((total - shown).abs() < 0.05, "{total} vs {shown}");
    assert!(app.try_find("card-focus").is_some());
    let steps = texts(&app, "[data-testid=card-steps] li");
    assert!(
        steps.iter().any(|step| step.starts_with("Total ")),
        "{steps:?}"
    );
    assert!(
        steps.iter().any(|step| step.starts_with("Rank 1 of 6")),
        "{steps:?}"
    );
    assert!(app.try_find("chart-radar-canvas").is_some());

    // The steps follow the language.
    app.find("lang-zh").click();
    settle().await;
    let steps = texts(&app, "[data-testid=card-steps] li");
    assert!(
        steps.iter().any(|step| step.starts_with("排名第 1")),
        "{steps:?}"
    );
    app.find("lang-en").click();
    app.find("card-close").click();
    settle().await;
    assert!(app.try_find("agent-none").is_some());
    // Focus goes back to the agent's name in the table.
    wait_frame().await;
    let focused = leptos::prelude::document().active_element().unwrap();
    assert_eq!(
        focused.get_attribute("data-testid").as_deref(),
        Some("open-card")
    );
    assert_eq!(focused.text_content().unwrap_or_default(), first);
}

#[wasm_bindgen_test]
async fn a_weight_edit_reorders_the_table_with_no_button_and_undo_takes_it_back() {
    let app = open_scorecards().await;
    let before = agents(&app);
    let totals_before = totals(&app);
    // All weight on collaboration.
    app.set_value("panel-dimension-0-weight", "0");
    app.set_value("panel-dimension-1-weight", "0");
    app.set_value("panel-dimension-2-weight", "100");
    settle().await;
    let after = totals(&app);
    assert_ne!(after, totals_before);
    assert_eq!(
        agents(&app)[..2],
        ["刘洋", "王芳"],
        "the order follows the new totals"
    );
    assert!(after.windows(2).all(|pair| pair[0] >= pair[1]));
    app.click_times("undo", 3).await;
    assert_eq!(agents(&app), before);
    assert_eq!(totals(&app), totals_before);
}

/// Every change made under `element` while `change` runs (and the page
/// settles after it): each as its kind, the changed attribute's name, and
/// the `data-testid` of the element changed or of its parent (for text).
async fn changes_under(
    element: &web_sys::Element,
    change: impl FnOnce(),
) -> Vec<(String, String, String)> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    // Records are handed to the callback at each microtask checkpoint.
    let seen = Rc::new(RefCell::new(Vec::new()));
    let keep = seen.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
        keep.borrow_mut().extend(records.iter());
    });
    let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_subtree(true);
    options.set_attributes(true);
    options.set_character_data(true);
    options.set_child_list(true);
    observer.observe_with_options(element, &options).unwrap();
    change();
    settle().await;
    seen.borrow_mut().extend(observer.take_records().iter());
    observer.disconnect();
    let records = seen.take();
    records
        .into_iter()
        .map(|record| {
            let record: web_sys::MutationRecord = record.unchecked_into();
            let target = record.target().unwrap();
            let element = target
                .dyn_ref::<web_sys::Element>()
                .cloned()
                .or_else(|| target.parent_element())
                .unwrap();
            (
                record.type_(),
                record.attribute_name().unwrap_or_default(),
                element.get_attribute("data-testid").unwrap_or_default(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_weight_edit_rewrites_only_the_cells_whose_text_changes() {
    let app = open_scorecards().await;
    // By name, so no row moves; a dimension weight moves totals, ranks,
    // grades, the bonus and how much of the weight each agent's data
    // covers, never a dimension's score.
    app.find("sort-agent").click();
    settle().await;
    let totals_before = column(&app, "team-total");
    let table = app.find("team-table");
    let changes = changes_under(&table, || app.set_value("panel-dimension-0-weight", "10")).await;
    assert_ne!(column(&app, "team-total"), totals_before);
    assert!(
        changes
            .iter()
            .any(|(kind, _, id)| kind == "characterData" && id == "team-total"),
        "the totals' text changed in place: {changes:?}"
    );
    let moved = [
        "team-total",
        "team-rank",
        "team-grade",
        "team-bonus",
        "team-weakest",
        "team-coverage",
    ];
    let elsewhere: Vec<_> = changes
        .iter()
        .filter(|(kind, attribute, id)| {
            let own_text = kind == "characterData" && moved.contains(&id.as_str());
            // A total's band can change with it, and the coverage's title.
            let band = kind == "attributes" && attribute == "class" && id == "team-total";
            let title = kind == "attributes" && attribute == "title" && id == "team-coverage";
            !(own_text || band || title)
        })
        .collect();
    assert!(
        elsewhere.is_empty(),
        "nothing else was rewritten: {elsewhere:?}"
    );
}

#[wasm_bindgen_test]
async fn a_team_chart_table_is_made_when_opened_and_follows_the_filter() {
    let app = open_scorecards().await;
    let ranked = "[data-testid=chart-ranking-table] tbody th";
    // Closed, it is neither seen nor kept up to date.
    assert!(texts(&app, ranked).is_empty());
    app.find("chart-ranking-table")
        .set_attribute("open", "")
        .unwrap();
    settle().await;
    settle().await;
    assert_eq!(texts(&app, ranked).len(), 6);
    app.set_value("filter-group", "VIP");
    settle().await;
    let mut vip = texts(&app, ranked);
    let mut in_table = agents(&app);
    vip.sort();
    in_table.sort();
    assert_eq!(vip, in_table);
}

/// The example's sample team, for two months: September as it is, October
/// with 王芳's QA result missing (a "mark incomplete" indicator).
async fn open_two_months() -> Mounted {
    const SAMPLE: &str = include_str!("../../docs/examples/call-centre.csv");
    let app = start_in_english().await;
    app.go_to("nav-data").await;
    let october: String = SAMPLE
        .lines()
        .map(|line| {
            if line.starts_with("王芳,") {
                let mut cells: Vec<&str> = line.split(',').collect();
                cells[8] = "";
                cells.join(",")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    for (text, period) in [(SAMPLE.to_owned(), "2026-09"), (october, "2026-10")] {
        app.paste_and_preview(&text).await;
        app.set_value("period-input", period);
        app.find("import-button").click();
        app.wait_for("dataset-summary").await;
        settle().await;
    }
    app.go_to("nav-scorecards").await;
    app.wait_for("team-table").await;
    app
}

/// Imports `text` again over the figures (replacing them) and comes back
/// to the Scorecards area.
async fn reimport(app: &Mounted, text: &str) {
    app.go_to("nav-data").await;
    app.paste_and_preview(text).await;
    app.find("merge-replace").click();
    app.find("import-button").click();
    // The preview closes once the figures are in.
    app.wait_gone("preview").await;
    app.go_to("nav-scorecards").await;
}

/// A group the user filters by that a re-import no longer has (the desks
/// were renamed) would hide every row: every row shows, and the select says
/// "All". The user's choice is kept, not overwritten: figures that bring
/// the group back (the right file imported after the wrong one) are
/// filtered by it again, as the select then shows.
#[wasm_bindgen_test]
async fn a_group_filter_whose_group_is_gone_after_a_re_import_shows_every_row() {
    const SAMPLE: &str = include_str!("../../docs/examples/call-centre.csv");
    let app = open_scorecards().await;
    app.set_value("filter-group", "VIP");
    settle().await;
    assert_eq!(app.text("team-count"), "Scorecards shown: 2 of 6.");

    reimport(&app, &SAMPLE.replace(",VIP,", ",gold,")).await;
    app.wait_for_text("team-count", "Scorecards shown: 6 of 6.")
        .await;
    assert_eq!(app.value("filter-group"), "");
    assert_eq!(agents(&app).len(), 6);

    reimport(&app, SAMPLE).await;
    app.wait_for_text("team-count", "Scorecards shown: 2 of 6.")
        .await;
    assert_eq!(app.value("filter-group"), "VIP");
}

#[wasm_bindgen_test]
async fn with_two_months_the_latest_shows_first_with_incomplete_agents_explained() {
    let app = open_two_months().await;
    assert_eq!(app.value("filter-period"), "2026-10");
    assert_eq!(app.text("team-count"), "Scorecards shown: 6 of 12.");
    // 王芳 has no total in October, and the table says why.
    let flags = column(&app, "team-incomplete");
    assert_eq!(flags, ["No total: missing QA pass"]);
    app.find("filter-incomplete").click();
    settle().await;
    assert_eq!(agents(&app), ["王芳"]);
    app.find("filter-incomplete").click();

    // Her card shows the reason, and her trend over both months.
    app.find("open-card").click();
    settle().await;
    assert_eq!(app.text("card-incomplete"), "No total: missing QA pass");
    assert_eq!(
        texts(&app, "[data-testid=trend-row] th"),
        ["2026-09", "2026-10"]
    );
    assert!(app.try_find("chart-trend-canvas").is_some());

    // "All" is the user's choice and stays.
    app.set_value("filter-period", "");
    settle().await;
    assert_eq!(app.text("team-count"), "Scorecards shown: 12 of 12.");
    app.go_to("nav-data").await;
    app.go_to("nav-scorecards").await;
    app.wait_for("team-table").await;
    assert_eq!(app.value("filter-period"), "");
    assert_eq!(app.text("team-count"), "Scorecards shown: 12 of 12.");
}

#[wasm_bindgen_test]
async fn moving_one_weight_to_100_and_back_gives_the_others_their_proportions_back() {
    let app = open_scorecards().await;
    assert_eq!(app.value("panel-dimension-1-weight"), "35");
    for typed in ["1", "10", "100", "10", "40"] {
        app.set_value("panel-dimension-0-weight", typed);
        settle().await;
    }
    assert_eq!(app.value("panel-dimension-1-weight"), "35");
    assert_eq!(app.value("panel-dimension-2-weight"), "25");
    assert_eq!(app.text("panel-dimension-weights"), "Weights add up to 100");
}

/// The cell `test_id` of an agent's row in the team table.
fn cell_of(app: &Mounted, agent: &str, test_id: &str) -> String {
    app.root
        .query_selector(&format!(
            "[data-testid=team-row][data-agent={agent:?}] [data-testid={test_id}]"
        ))
        .unwrap()
        .unwrap_or_else(|| panic!("no {test_id} in {agent}'s row"))
        .text_content()
        .unwrap_or_default()
}

fn open_card_of(app: &Mounted, agent: &str) {
    use wasm_bindgen::JsCast;
    app.root
        .query_selector(&format!(
            "[data-testid=team-row][data-agent={agent:?}] [data-testid=open-card]"
        ))
        .unwrap()
        .unwrap_or_else(|| panic!("no row for {agent}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn coverage_shows_in_the_table_and_on_the_card_and_a_minimum_withholds_the_total() {
    let app = open_scorecards().await;
    // 陈静 has no CSAT: the team median stands in, so her own figures back
    // 90% of the weight. Only her row is marked.
    let marked: Vec<(String, String)> = agents(&app)
        .into_iter()
        .zip(column(&app, "team-coverage"))
        .filter(|(_, coverage)| !coverage.is_empty())
        .collect();
    assert_eq!(marked, [("陈静".to_owned(), "90%".to_owned())]);
    open_card_of(&app, "陈静");
    settle().await;
    assert_eq!(app.text("card-coverage"), "90%");
    assert_eq!(
        app.text("card-coverage-note"),
        "Only 90% of the weight is backed by this agent's figures: no value for Customer \
         satisfaction. What the scheme does instead (leave out, team median, 0) is not data, \
         so the total rests on less."
    );
    assert!(app.try_find("card-incomplete").is_none());

    // In the Scheme area a minimum of 80% leaves her total; 95% takes it.
    app.go_to("nav-scheme").await;
    app.find("min-coverage-on").click();
    settle().await;
    assert_eq!(app.value("min-coverage"), "80");
    app.set_value("min-coverage", "95");
    settle().await;
    app.go_to("nav-scorecards").await;
    app.wait_for("team-table").await;
    assert_eq!(cell_of(&app, "陈静", "team-total"), "—");
    assert_eq!(cell_of(&app, "陈静", "team-rank"), "—");
    assert_eq!(
        column(&app, "team-incomplete"),
        ["No total: coverage 90% (minimum 95%)"]
    );
    assert_eq!(app.text("team-count"), "Scorecards shown: 6 of 6.");
    app.find("filter-incomplete").click();
    settle().await;
    assert_eq!(agents(&app), ["陈静"]);
    app.find("filter-incomplete").click();
    settle().await;

    // Her card says why, and so does the last of its steps, in both
    // languages.
    open_card_of(&app, "陈静");
    settle().await;
    assert_eq!(app.text("card-total"), "—");
    for (button, incomplete, last_step) in [
        (
            "lang-en",
            "No total: coverage 90% (minimum 95%)",
            "No total: data covers 90% of the weight, the scheme asks for at least 95%, so the \
             scorecard is incomplete",
        ),
        (
            "lang-zh",
            "无总分：覆盖率 90%（最低 95%）",
            "无总分：数据只覆盖 90% 的权重，方案要求至少 95%，计分卡不完整",
        ),
    ] {
        app.find(button).click();
        settle().await;
        assert_eq!(app.text("card-incomplete"), incomplete);
        let steps = texts(&app, "[data-testid=card-steps] li");
        assert_eq!(steps.last().map(String::as_str), Some(last_step));
    }
    app.find("lang-en").click();
    settle().await;

    // Undo takes 95 back to 80: she has her total again, and the card
    // gives the minimum beside her coverage.
    app.find("undo").click();
    settle().await;
    assert_ne!(cell_of(&app, "陈静", "team-total"), "—");
    assert!(column(&app, "team-incomplete").is_empty());
    assert!(
        app.text("card-coverage-note")
            .ends_with("The scheme asks for at least 80%."),
        "{}",
        app.text("card-coverage-note")
    );
}
