//! The team's totals under the scheme as it stands, beside the editor, so
//! each edit's effect shows at once. An invalid scheme shows no numbers.

use leptos::prelude::*;

use super::super::messages::total_text;
use super::use_editor;
use crate::app::scoring::Scored;
use crate::i18n::*;
use kpi_engine::score::Scorecard;

/// How many agents the side table lists; the Scorecards area has them all.
const SHOWN: usize = 30;

/// The first `SHOWN` cards in reading order (period, then rank with
/// unranked last, then agent), and how many there are in all.
fn first_in_rank_order(cards: &[Scorecard]) -> (Vec<Scorecard>, usize) {
    let mut order: Vec<&Scorecard> = cards.iter().collect();
    kpi_engine::order::sort_by(&mut order, |a, b| {
        a.period
            .cmp(&b.period)
            .then(a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)))
            .then(a.agent.cmp(&b.agent))
    });
    let first = order.into_iter().take(SHOWN).cloned().collect();
    (first, cards.len())
}

#[component]
pub fn Totals() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let cards = move || {
        editor
            .scoring
            .scored
            .with(|scored| {
                scored
                    .ready()
                    .map(|result| first_in_rank_order(&result.cards))
            })
            .unwrap_or_default()
    };
    view! {
        <section class="totals" aria-labelledby="totals-title" data-testid="totals">
            <h3 id="totals-title">{tr!(i18n, scheme.totals)}</h3>
            {move || match editor.scoring.scored.get() {
                Scored::NoFigures => view! { <p class="hint" data-testid="totals-none">{tr!(i18n, scheme.totals_no_figures)}</p> }.into_any(),
                Scored::Invalid(_) => {
                    view! {
                        <p class="notice" data-testid="totals-invalid">
                            {move || t_string!(i18n, scheme.totals_invalid, problems = editor.scoring.errors.with(Vec::len)).to_string()}
                        </p>
                    }
                        .into_any()
                }
                Scored::Ready(_) => {
                    let (cards, all) = cards();
                    let more = all.saturating_sub(SHOWN);
                    view! {
                        <table data-testid="totals-table">
                            <thead>
                                <tr>
                                    <th scope="col">{tr!(i18n, scheme.rank)}</th>
                                    <th scope="col">{tr!(i18n, scheme.agent)}</th>
                                    <th scope="col">{tr!(i18n, scheme.period)}</th>
                                    <th scope="col" class="number">{tr!(i18n, scheme.total)}</th>
                                    <th scope="col">{tr!(i18n, scheme.grade)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {cards
                                    .into_iter()
                                    .map(|card| {
                                        let total = total_text(card.total);
                                        let agent = card.agent.clone();
                                        view! {
                                            <tr data-testid="totals-row" data-agent=agent>
                                                <td>{card.rank.map(|rank| rank.to_string()).unwrap_or_default()}</td>
                                                <th scope="row">{card.agent}</th>
                                                <td>{card.period.unwrap_or_default()}</td>
                                                <td class="number" data-testid="totals-total">{total}</td>
                                                <td>{card.grade.unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                        <Show when=move || { more > 0 }>
                            <p class="hint">{move || t_string!(i18n, scheme.totals_more, count = more).to_string()}</p>
                        </Show>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
