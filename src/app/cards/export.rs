//! Exports of the results (CSV for Excel and WPS, JSON) and the printed
//! report: a team summary page, then one A4 page per agent.

use leptos::prelude::*;

use super::super::download::{CSV, download_text};
use super::super::messages::name_in;
use super::super::messages::{score_text, total_text};
use super::agent::CardBody;
use super::table::band_class;
use super::use_board;
use crate::i18n::*;
use kpi_engine::explain::money;
use kpi_engine::export::{results_csv, results_json};

/// Excel and WPS read a CSV as UTF-8 only when it starts with a byte-order
/// mark; without one, Chinese names come out garbled.
const BOM: &str = "\u{feff}";

/// How long the printed report is given to lay out (and draw its charts)
/// before the browser's print dialog opens, in milliseconds.
const PRINT_DELAY_MS: u64 = 300;

#[component]
pub fn Exports() -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let scoring = board.scoring;
    let export = move |json: bool| {
        move |_| {
            let file = scoring.scored.with_untracked(|scored| {
                let result = scored.ready()?;
                scoring.weighted.with_untracked(|scheme| {
                    Some(if json {
                        (
                            format!("{}-results.json", scheme.id),
                            results_json(scheme, result),
                        )
                    } else {
                        (
                            format!("{}-results.csv", scheme.id),
                            format!("{BOM}{}", results_csv(scheme, result)),
                        )
                    })
                })
            });
            if let Some((name, text)) = file {
                let mime = if json { "application/json" } else { CSV };
                let _ = download_text(&name, mime, &text);
            }
        }
    };
    let print = move |_| {
        board.printing.set(true);
        set_timeout(
            move || {
                let _ = window().print();
            },
            std::time::Duration::from_millis(PRINT_DELAY_MS),
        );
    };
    let after_print =
        window_event_listener(leptos::ev::afterprint, move |_| board.printing.set(false));
    on_cleanup(move || after_print.remove());
    view! {
        <div class="exports no-print" role="group" aria-label=tr_fn!(i18n, cards.exports)>
            <button type="button" data-testid="export-csv" on:click=export(false)>
                {tr!(i18n, cards.export_csv)}
            </button>
            <button type="button" data-testid="export-json" on:click=export(true)>
                {tr!(i18n, cards.export_json)}
            </button>
            <button type="button" data-testid="print" on:click=print>
                {tr!(i18n, cards.print)}
            </button>
            <span class="hint">{tr!(i18n, cards.print_hint)}</span>
        </div>
    }
}

/// The printed report, laid out only while printing: the team summary
/// page, then each agent the table shows (in its order), a page each.
#[component]
pub fn PrintReport() -> impl IntoView {
    let board = use_board();
    view! {
        <Show when=move || board.printing.get()>
            <div class="print-report" data-testid="print-report">
                <TeamSummary />
                {move || {
                    board
                        .rows
                        .get_untracked()
                        .into_iter()
                        .map(|index| view! { <div class="print-page"><CardBody index printed=true /></div> })
                        .collect_view()
                }}
            </div>
        </Show>
    }
}

#[component]
fn TeamSummary() -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let scoring = board.scoring;
    let body = move || {
        scoring.scored.with(|scored| {
            let result = scored.ready()?;
            Some(scoring.weighted.with(|scheme| {
                let dimensions: Vec<String> = scheme
                    .dimensions
                    .iter()
                    .map(|dimension| name_in(i18n, &dimension.name))
                    .collect();
                let has_bonus = scheme.bonus.is_some();
                let periods = result
                    .periods
                    .iter()
                    .map(|summary| {
                        let grades = summary
                            .grades
                            .iter()
                            .map(|(grade, count)| format!("{grade} {count}"))
                            .collect::<Vec<_>>()
                            .join(" · ");
                        view! {
                            <tr>
                                <th scope="row">{summary.period.clone().unwrap_or_default()}</th>
                                <td class="number">{summary.agents}</td>
                                <td class="number">{total_text(summary.total.mean)}</td>
                                <td class="number">{total_text(summary.total.median)}</td>
                                <td>{grades}</td>
                                <td class="number">{summary.bonus.as_ref().map(|bonus| money(bonus.paid)).unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let rows = board
                    .rows
                    .get_untracked()
                    .into_iter()
                    .map(|index| {
                        let card = &result.cards[index];
                        view! {
                            <tr>
                                <td class="number">{card.rank.map(|rank| rank.to_string()).unwrap_or_default()}</td>
                                <th scope="row">{card.agent.clone()}</th>
                                <td>{card.period.clone().unwrap_or_default()}</td>
                                <td class=format!("number {}", band_class(card.total))>{total_text(card.total)}</td>
                                <td>{card.grade.clone().unwrap_or_default()}</td>
                                {card
                                    .dimensions
                                    .iter()
                                    .map(|d| view! { <td class=format!("number {}", band_class(d.score))>{score_text(d.score)}</td> })
                                    .collect_view()}
                                {has_bonus.then(|| view! { <td class="number">{card.bonus.map(money).unwrap_or_default()}</td> })}
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <h2>{name_in(i18n, &scheme.name)}</h2>
                    <h3>{tr!(i18n, cards.summary_title)}</h3>
                    <table class="print-periods">
                        <thead>
                            <tr>
                                <th scope="col">{tr!(i18n, scheme.period)}</th>
                                <th scope="col" class="number">{tr!(i18n, cards.agents)}</th>
                                <th scope="col" class="number">{tr!(i18n, cards.team_mean)}</th>
                                <th scope="col" class="number">{tr!(i18n, cards.median)}</th>
                                <th scope="col">{tr!(i18n, cards.grades)}</th>
                                <th scope="col" class="number">{tr!(i18n, cards.bonus)}</th>
                            </tr>
                        </thead>
                        <tbody>{periods}</tbody>
                    </table>
                    <table class="print-team">
                        <thead>
                            <tr>
                                <th scope="col" class="number">{tr!(i18n, scheme.rank)}</th>
                                <th scope="col">{tr!(i18n, scheme.agent)}</th>
                                <th scope="col">{tr!(i18n, scheme.period)}</th>
                                <th scope="col" class="number">{tr!(i18n, scheme.total)}</th>
                                <th scope="col">{tr!(i18n, scheme.grade)}</th>
                                {dimensions.into_iter().map(|name| view! { <th scope="col" class="number">{name}</th> }).collect_view()}
                                {has_bonus.then(|| view! { <th scope="col" class="number">{tr!(i18n, cards.bonus)}</th> })}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            }))
        })
    };
    view! { <section class="print-page print-summary" data-testid="print-summary">{body}</section> }
}
