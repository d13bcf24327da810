//! One agent's scorecard: each indicator's value, target, score, weighted
//! points and points lost; the dimensions against the team's mean (a radar
//! chart); the coaching focus; the steps behind the total; and the trend
//! across periods.
//!
//! Here: the open card, its period switch and close button; its head in
//! `facts.rs`, its indicators, focus and steps in `indicators.rs`, its
//! charts (the radar and the trend) in `charts.rs`.

mod charts;
mod facts;
mod indicators;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{CardKey, use_board};
use crate::i18n::*;
use charts::CardCharts;
use facts::card_header;
use indicators::{card_focus, card_indicators, card_steps};
use kpi_engine::report::trend;
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{Scorecard, TeamResult};

/// The open scorecard, or a hint to open one.
#[component]
pub fn AgentCard() -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let index = Memo::new(move |_| board.open_index());
    // Opening a card moves focus to it (it appears below the table, out of
    // view); a screen reader then reads its heading. Focus alone would
    // scroll only the heading into view: the card's top goes to the top of
    // the window, so the card itself is seen.
    Effect::new(move |previous: Option<Option<usize>>| {
        let now = index.get();
        if now.is_some() && previous.is_some_and(|previous| previous != now) {
            request_animation_frame(|| {
                if let Some(heading) = document().get_element_by_id("agent-title")
                    && let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>()
                {
                    let _ = heading.focus();
                    if let Some(card) = heading.closest(".agent-card").ok().flatten() {
                        card.scroll_into_view_with_bool(true);
                    }
                }
            });
        }
        now
    });
    view! {
        <section class="agent-card" aria-labelledby="agent-title" data-testid="agent-card">
            {move || match index.get() {
                None => {
                    view! {
                        <h3 id="agent-title">{tr!(i18n, cards.agent_card)}</h3>
                        <p class="hint" data-testid="agent-none">{tr!(i18n, cards.agent_pick)}</p>
                    }
                        .into_any()
                }
                Some(_) => view! { <CardBody index=Signal::derive(move || index.get().unwrap_or(0)) printed=false /> }.into_any(),
            }}
        </section>
    }
}

/// One scorecard, on screen (`printed` false: with its close button and
/// period switch) or on a printed page.
#[component]
pub fn CardBody(#[prop(into)] index: Signal<usize>, printed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let scoring = board.scoring;
    // The card and what it is read against, taken together so the parts
    // below always agree.
    let card = Memo::new(move |_| {
        scoring.scored.with(|scored| {
            let result = scored.ready()?;
            let card = result.cards.get(index.get())?.clone();
            Some(card)
        })
    });
    let with_card = move |read: &dyn Fn(&Scheme, &TeamResult, &Scorecard) -> AnyView| {
        card.with(|card| {
            let card = card.as_ref()?;
            scoring.scored.with(|scored| {
                let result = scored.ready()?;
                Some(scoring.weighted.with(|scheme| read(scheme, result, card)))
            })
        })
    };
    let title_id = (!printed).then_some("agent-title");

    let header = move || {
        with_card(&|scheme, result, card| card_header(i18n, scheme, result, card, title_id))
    };

    let indicators = move || with_card(&|scheme, _, card| card_indicators(i18n, scheme, card));

    let focus = move || with_card(&|scheme, _, card| card_focus(i18n, scheme, card));

    let steps = move || with_card(&|scheme, result, card| card_steps(i18n, scheme, result, card));

    // The trend: the agent's totals over the periods (the period switch
    // lists them).
    let points = Memo::new(move |_| {
        card.with(|card| {
            let card = card.as_ref()?;
            scoring
                .scored
                .with(|scored| Some(trend(scored.ready()?, &card.agent)))
        })
        .unwrap_or_default()
    });
    let several_periods = move || points.with(|points| points.len() > 1);
    // Closing gives focus back to the agent's name in the table (or to the
    // table, when the row is scrolled out of the drawn window).
    let close = move || {
        let key = board.view.open.get_untracked();
        board.view.open.set(None);
        request_animation_frame(move || {
            let Some(key) = key else { return };
            let row = document()
                .query_selector_all("[data-testid=team-row]")
                .ok()
                .and_then(|rows| {
                    (0..rows.length()).filter_map(|i| rows.get(i)).find(|row| {
                        let Ok(row) = row.clone().dyn_into::<web_sys::Element>() else {
                            return false;
                        };
                        row.get_attribute("data-agent").as_deref() == Some(key.agent.as_str())
                            && row.get_attribute("data-period") == key.period
                    })
                });
            let target = row
                .and_then(|row| row.dyn_into::<web_sys::Element>().ok())
                .and_then(|row| row.query_selector("[data-testid=open-card]").ok().flatten())
                .or_else(|| document().query_selector(".table-scroll").ok().flatten());
            if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = target.focus();
            }
        });
    };
    let periods_of_agent = move || points.get();

    view! {
        <article class="card-body" class:printed=printed data-testid=if printed { "print-card" } else { "card-body" }>
            {header}
            <Show when=move || !printed>
                <div class="card-actions no-print">
                    <Show when=several_periods>
                        <label class="field">
                            <span class="field-label">{tr!(i18n, scheme.period)}</span>
                            <select
                                data-testid="card-period"
                                prop:value=move || card.with(|card| card.as_ref().and_then(|card| card.period.clone()).unwrap_or_default())
                                on:change=move |ev| {
                                    let period = event_target_value(&ev);
                                    board.view.open.update(|open| {
                                        if let Some(open) = open {
                                            *open = CardKey { agent: open.agent.clone(), period: Some(period) };
                                        }
                                    });
                                }
                            >
                                {move || {
                                    let current = card.with(|card| card.as_ref().and_then(|card| card.period.clone()));
                                    periods_of_agent()
                                        .into_iter()
                                        .map(|point| {
                                            let selected = current.as_ref() == Some(&point.period);
                                            view! { <option value=point.period.clone() selected=selected>{point.period.clone()}</option> }
                                        })
                                        .collect_view()
                                }}
                            </select>
                        </label>
                    </Show>
                    <button type="button" data-testid="card-close" on:click=move |_| close()>
                        {tr!(i18n, cards.close)}
                    </button>
                </div>
            </Show>
            <div class="card-grid">
                <div>{indicators}</div>
                <div class="card-side">
                    <section>
                        <h4>{tr!(i18n, cards.focus)}</h4>
                        {focus}
                    </section>
                    <CardCharts card points />
                </div>
            </div>
            <details class="explanation">
                <summary>{tr!(i18n, cards.explanation)}</summary>
                <ol data-testid="card-steps">{steps}</ol>
            </details>
        </article>
    }
}
