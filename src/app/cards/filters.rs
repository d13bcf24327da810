//! The team table's filter bar: group, period and grade from the values the
//! figures have, a name search and "only agents without a total".

use leptos::prelude::*;

use super::super::messages::I18n;
use super::{CardsView, use_board};
use crate::i18n::*;
use kpi_engine::report::{Filter, FilterChoices};

/// A filter the user picks from the values the figures have.
#[derive(Clone, Copy)]
enum Facet {
    Group,
    Period,
    Grade,
}

impl Facet {
    const ALL: [Facet; 3] = [Facet::Group, Facet::Period, Facet::Grade];

    fn test_id(self) -> &'static str {
        match self {
            Facet::Group => "filter-group",
            Facet::Period => "filter-period",
            Facet::Grade => "filter-grade",
        }
    }

    fn label(self, i18n: I18n) -> String {
        match self {
            Facet::Group => t_string!(i18n, cards.group).to_string(),
            Facet::Period => t_string!(i18n, scheme.period).to_string(),
            Facet::Grade => t_string!(i18n, scheme.grade).to_string(),
        }
    }

    fn options(self, choices: &FilterChoices) -> &[String] {
        match self {
            Facet::Group => &choices.groups,
            Facet::Period => &choices.periods,
            Facet::Grade => &choices.grades,
        }
    }

    fn get(self, filter: &Filter) -> Option<&String> {
        match self {
            Facet::Group => filter.group.as_ref(),
            Facet::Period => filter.period.as_ref(),
            Facet::Grade => filter.grade.as_ref(),
        }
    }

    /// The user picks `value` (`None`: all): a period picked, even "all",
    /// ends the latest-period default.
    fn pick(self, view: CardsView, value: Option<String>) {
        view.filter.update(|filter| match self {
            Facet::Group => filter.group = value,
            Facet::Period => filter.period = value,
            Facet::Grade => filter.grade = value,
        });
        if let Facet::Period = self {
            view.period_chosen.set(true);
        }
    }
}

/// The filter bar.
#[component]
pub fn Filters() -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let choice = move |facet: Facet| {
        // Shown from the filter in effect: the page may apply another than
        // the user's (the latest period, not a period that is gone).
        let shown = move |value: Option<&str>| {
            board
                .filter
                .with(|filter| facet.get(filter).map(String::as_str) == value)
        };
        view! {
            <Show when=move || board.choices.with(|choices| !facet.options(choices).is_empty())>
                <label class="field">
                    <span class="field-label">{move || facet.label(i18n)}</span>
                    <select
                        data-testid=facet.test_id()
                        prop:value=move || board.filter.with(|f| facet.get(f).cloned().unwrap_or_default())
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            facet.pick(board.view, (!value.is_empty()).then_some(value));
                        }
                    >
                        <option value="" selected=move || shown(None)>
                            {tr!(i18n, cards.all)}
                        </option>
                        {move || {
                            board
                                .choices
                                .with(|choices| facet.options(choices).to_vec())
                                .into_iter()
                                .map(|value| {
                                    let option = value.clone();
                                    view! {
                                        <option value=option selected=move || shown(Some(&value))>
                                            {value.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </Show>
        }
    };
    view! {
        <div class="filters field-row" role="search" data-testid="filters">
            {Facet::ALL.map(choice).into_iter().collect_view()}
            <label class="field">
                <span class="field-label">{tr!(i18n, cards.search)}</span>
                <input
                    type="search"
                    data-testid="filter-search"
                    data-own-undo=""
                    prop:value=move || board.filter.with(|filter| filter.search.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        board.view.filter.update(|filter| filter.search = text);
                    }
                />
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="filter-incomplete"
                    prop:checked=move || board.filter.with(|filter| filter.incomplete_only)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        board.view.filter.update(|filter| filter.incomplete_only = on);
                    }
                />
                {tr!(i18n, cards.incomplete_only)}
            </label>
        </div>
    }
}
