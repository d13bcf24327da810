//! The body of a scorecard: each indicator's value, target, score,
//! weighted points and points lost, by dimension; the coaching focus; and
//! the steps behind the total.

use leptos::prelude::*;

use super::super::super::messages::score_text;
use super::super::super::messages::{
    I18n, name_in, step_text, target_text, treatment_text, with_unit,
};
use super::super::super::scroll::ScrollBox;
use super::super::table::band_class;
use crate::i18n::*;
use kpi_engine::explain::{explain, number};
use kpi_engine::report::{coaching_focus, period_of, target};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{Scorecard, TeamResult};

/// How many indicators the coaching focus names.
const FOCUS: usize = 3;

/// The indicators' table, a dimension's row above its indicators.
pub fn card_indicators(i18n: I18n, scheme: &Scheme, card: &Scorecard) -> AnyView {
    let flat: Vec<_> = scheme.indexed_indicators().collect();
    let mut last_dimension = None;
    let rows = flat
        .iter()
        .enumerate()
        .map(|(i, (d, indicator))| {
            let result = &card.indicators[i];
            let dimension = (last_dimension != Some(*d)).then(|| {
                last_dimension = Some(*d);
                let name = name_in(i18n, &scheme.dimensions[*d].name);
                let dimension = &card.dimensions[*d];
                view! {
                    <tr class="dimension-row" data-testid="card-dimension">
                        <th scope="rowgroup" colspan="3">{name}</th>
                        <td class=format!("number {}", band_class(dimension.score))>{score_text(dimension.score)}</td>
                        <td class="number">{format!("{}%", number(dimension.weight))}</td>
                        <td colspan="2"></td>
                    </tr>
                }
            });
            let curve = indicator.curve_for(card.group.as_deref());
            let value = result
                .value()
                .map(|value| with_unit(i18n, &number(value), &indicator.unit))
                .unwrap_or_else(|| "—".to_owned());
            let note = treatment_text(i18n, result.treatment());
            view! {
                {dimension}
                <tr data-testid="card-indicator" data-indicator=indicator.id.clone()>
                    <th scope="row">{name_in(i18n, &indicator.name)}</th>
                    <td class="number" data-testid="card-value">
                        {value}
                        {note.map(|note| view! { <span class="flag">{note}</span> })}
                    </td>
                    <td class="number">{target_text(i18n, target(curve, indicator.direction), &indicator.unit)}</td>
                    <td class=format!("number {}", band_class(result.score())) data-testid="card-score">
                        {score_text(result.score())}
                    </td>
                    <td class="number">{format!("{}%", number(result.weight()))}</td>
                    <td class="number" data-testid="card-points">{number(result.points())}</td>
                    <td class="number" data-testid="card-lost">{number(result.lost())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollBox label=tr_string!(i18n, cards.card_table_label) class="card-scroll">
            <table class="card-table" data-testid="card-table">
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, cards.indicator)}</th>
                        <th scope="col" class="number">{tr!(i18n, cards.value)}</th>
                        <th scope="col" class="number">{tr!(i18n, cards.target)}</th>
                        <th scope="col" class="number">{tr!(i18n, cards.score)}</th>
                        <th scope="col" class="number">{tr!(i18n, cards.weight)}</th>
                        <th scope="col" class="number">{tr!(i18n, cards.points)}</th>
                        <th scope="col" class="number">{tr!(i18n, cards.lost)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
    }
    .into_any()
}

/// The indicators that lost the most points, with what would win them back.
pub fn card_focus(i18n: I18n, scheme: &Scheme, card: &Scorecard) -> AnyView {
    let flat: Vec<_> = scheme.indexed_indicators().collect();
    let focus = coaching_focus(card, FOCUS);
    if focus.is_empty() {
        return view! { <p data-testid="card-focus-none">{tr!(i18n, cards.focus_none)}</p> }
            .into_any();
    }
    view! {
        <ol data-testid="card-focus">
            {focus
                .into_iter()
                .map(|i| {
                    let (_, indicator) = flat[i];
                    let result = &card.indicators[i];
                    let curve = indicator.curve_for(card.group.as_deref());
                    let wanted = target_text(i18n, target(curve, indicator.direction), &indicator.unit);
                    let text = t_string!(
                        i18n,
                        cards.focus_item,
                        indicator = name_in(i18n, &indicator.name),
                        lost = number(result.lost()),
                        score = score_text(result.score()),
                        target = wanted
                    )
                    .to_string();
                    view! { <li>{text}</li> }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The steps behind the total, one item each.
pub fn card_steps(i18n: I18n, scheme: &Scheme, result: &TeamResult, card: &Scorecard) -> AnyView {
    let ranked = period_of(result, card).map_or(0, |summary| summary.total.count);
    explain(scheme, card, ranked)
        .iter()
        .map(|step| view! { <li>{step_text(i18n, scheme, card, step)}</li> })
        .collect_view()
        .into_any()
}
