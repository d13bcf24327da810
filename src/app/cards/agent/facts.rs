//! The head of a scorecard: the agent, the group and period, the facts
//! (total, coverage, rank, grade, bonus), and notices when the total is
//! missing or rests on part of the weight.

use leptos::prelude::*;

use super::super::super::messages::{I18n, list_separator, sentence_gap};
use super::super::super::messages::{
    incomplete_text, indicator_name, partial_coverage, total_text,
};
use crate::i18n::*;
use kpi_engine::explain::{money, number};
use kpi_engine::report::{period_of, uncovered};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{NoTotal, Scorecard, TeamResult};

/// The card's header; `title_id` marks the agent's name as the heading
/// focus moves to when the card opens.
pub fn card_header(
    i18n: I18n,
    scheme: &Scheme,
    result: &TeamResult,
    card: &Scorecard,
    title_id: Option<&'static str>,
) -> AnyView {
    let summary = period_of(result, card);
    let ranked = summary.map_or(0, |summary| summary.total.count);
    // Coverage beside the total, marked when under 100%: the total
    // rests on that much of the weight.
    let partial = partial_coverage(card).is_some();
    let facts = [
        (
            t_string!(i18n, scheme.total).to_string(),
            total_text(card.total),
            "card-total",
            false,
        ),
        (
            t_string!(i18n, cards.coverage).to_string(),
            format!("{}%", number(card.coverage_percent())),
            "card-coverage",
            partial,
        ),
        (
            t_string!(i18n, scheme.rank).to_string(),
            card.rank
                .map(|rank| t_string!(i18n, cards.rank_of, rank, of = ranked).to_string())
                .unwrap_or_else(|| "—".to_owned()),
            "card-rank",
            false,
        ),
        (
            t_string!(i18n, scheme.grade).to_string(),
            match (&card.grade, &card.uncapped_grade) {
                (Some(grade), Some(uncapped)) if uncapped != grade => {
                    t_string!(i18n, cards.grade_capped, grade, from = uncapped).to_string()
                }
                (Some(grade), _) => grade.clone(),
                (None, _) => "—".to_owned(),
            },
            "card-grade",
            false,
        ),
    ];
    let bonus = card.bonus.map(|cents| {
        view! {
            <div>
                <dt>{tr!(i18n, cards.bonus)}</dt>
                <dd data-testid="card-bonus">{money(cents)}</dd>
            </div>
        }
    });
    let subtitle = [card.group.clone(), card.period.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let incomplete = incomplete_text(i18n, scheme, card);
    let note = coverage_note(i18n, scheme, card);
    view! {
        <header class="card-header">
            <div>
                <h3 id=title_id tabindex="-1" data-testid="card-agent">{card.agent.clone()}</h3>
                <p class="hint">{subtitle}</p>
            </div>
            <dl class="card-facts">
                {facts
                    .into_iter()
                    .map(|(term, value, id, partial)| {
                        view! {
                            <div>
                                <dt>{term}</dt>
                                <dd data-testid=id class:partial=partial>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
                {bonus}
            </dl>
        </header>
        {incomplete.map(|reason| view! { <p class="notice" data-testid="card-incomplete">{reason}</p> })}
        {note.map(|note| view! { <p class="notice" data-testid="card-coverage-note">{note}</p> })}
    }
    .into_any()
}

/// What a coverage under 100% means for this card: how much of the weight
/// its figures back, which indicators had no value, and the scheme's
/// minimum (unless the card's notice already gives it). `None` at 100%.
fn coverage_note(i18n: I18n, scheme: &Scheme, card: &Scorecard) -> Option<String> {
    partial_coverage(card)?;
    let indicators = uncovered(card)
        .into_iter()
        .map(|i| indicator_name(i18n, scheme, i))
        .collect::<Vec<_>>()
        .join(list_separator(i18n));
    let mut note = t_string!(
        i18n,
        cards.coverage_partial,
        coverage = number(card.coverage_percent()),
        indicators
    )
    .to_string();
    if let Some(min) = scheme.min_coverage
        && !matches!(card.no_total, Some(NoTotal::Coverage { .. }))
    {
        note.push_str(sentence_gap(i18n));
        note.push_str(&t_string!(i18n, cards.coverage_min, min = number(min)).to_string());
    }
    Some(note)
}
