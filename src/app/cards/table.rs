//! The team table: every scorecard in a row, sortable by any column and
//! filtered by group, period, grade and name. A large team is drawn as a
//! window of rows around the scroll position, so an edit re-renders tens of
//! rows, not thousands.

use leptos::html::Div;
use leptos::prelude::*;

use super::super::messages::{
    I18n, incomplete_text, indicator_name, name_in, partial_coverage, score_text, total_text,
};
use super::{CardKey, CardsView, use_board};
use crate::i18n::*;
use kpi_engine::explain::{money, number};
use kpi_engine::report::{Column, Filter, FilterChoices, ScoreBand};

/// A row's height in CSS pixels; `.team-table tbody tr` has this height, so
/// the window can be placed from the scroll position alone.
const ROW_PX: f64 = 34.0;
/// Teams up to this size are drawn whole (and found by the browser's
/// search); larger ones as a window.
const WHOLE_UP_TO: usize = 200;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 20;
/// Rows visible in the scroll box at most (its height is capped in CSS).
const VISIBLE: usize = 30;

/// The rows to draw: `start..end` of `count`.
fn window(count: usize, scroll_top: f64) -> (usize, usize) {
    if count <= WHOLE_UP_TO {
        return (0, count);
    }
    let first = (scroll_top / ROW_PX).floor().max(0.0) as usize;
    let start = first.saturating_sub(OVERSCAN).min(count);
    let end = (first + VISIBLE + OVERSCAN).min(count);
    (start, end)
}

/// The CSS class of a score's band.
pub fn band_class(score: Option<f64>) -> String {
    score.map_or_else(
        || "band-none".to_owned(),
        |score| format!("band-{}", ScoreBand::of(score).id()),
    )
}

#[component]
pub fn TeamTable() -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let scoring = board.scoring;
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    // A new filter or order starts at the top.
    Effect::new(move |_| {
        board.filter.track();
        board.view.sort.track();
        scroll_top.set(0.0);
        if let Some(scroller) = scroller.get_untracked() {
            scroller.set_scroll_top(0);
        }
    });
    let shape = Memo::new(move |_| {
        let has_groups = board.choices.with(|choices| !choices.groups.is_empty());
        let has_periods = board.choices.with(|choices| !choices.periods.is_empty());
        let (dimensions, has_bonus, has_minimum) = scoring.weighted.with(|scheme| {
            (
                scheme
                    .dimensions
                    .iter()
                    .map(|dimension| dimension.name.clone())
                    .collect::<Vec<_>>(),
                scheme.bonus.is_some(),
                scheme.min_coverage.is_some(),
            )
        });
        // The coverage column shows when it has something to say: someone
        // lacks data, or the scheme asks for a minimum.
        let has_coverage = has_minimum
            || scoring.scored.with(|scored| {
                scored.ready().is_some_and(|result| {
                    result
                        .cards
                        .iter()
                        .any(|card| partial_coverage(card).is_some())
                })
            });
        (has_groups, has_periods, dimensions, has_bonus, has_coverage)
    });
    let count = move || board.rows.with(Vec::len);
    let all = move || {
        scoring
            .scored
            .with(|scored| scored.ready().map_or(0, |result| result.cards.len()))
    };

    let header = move |column: Column, id: String, label: Signal<String>, numeric: bool| {
        let sorted = move || {
            board
                .view
                .sort
                .with(|sort| (sort.column == column).then_some(sort.descending))
        };
        view! {
            <th
                scope="col"
                class:number=numeric
                class:rank=column == Column::Rank
                class:agent=column == Column::Agent
                aria-sort=move || match sorted() {
                    Some(true) => "descending",
                    Some(false) => "ascending",
                    None => "none",
                }
            >
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{id}")
                    on:click=move |_| board.view.sort.update(|sort| *sort = sort.toggled(column))
                >
                    {label}
                    <span aria-hidden="true" class="sort-arrow">
                        {move || match sorted() {
                            Some(true) => "▼",
                            Some(false) => "▲",
                            None => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    let label = move |text: fn(I18n) -> String| Signal::derive(move || text(i18n));

    // The rows drawn: a team drawn whole does not redraw as it scrolls.
    let drawn_range = Memo::new(move |_| window(count(), scroll_top.get()));
    let rows = move || {
        let (start, end) = drawn_range.get();
        let (has_groups, has_periods, dimensions, has_bonus, has_coverage) = shape.get();
        let columns = 5
            + usize::from(has_groups)
            + usize::from(has_periods)
            + dimensions.len()
            + usize::from(has_bonus)
            + usize::from(has_coverage);
        // The height through the style property, not a style attribute,
        // which the Content-Security-Policy refuses.
        let spacer = move |rows: usize| {
            (rows > 0).then(|| {
                view! {
                    <tr class="spacer" aria-hidden="true" style:height=format!("{}px", rows as f64 * ROW_PX)>
                        <td colspan=columns></td>
                    </tr>
                }
            })
        };
        let total_rows = count();
        let drawn = scoring.scored.with(|scored| {
            let Some(result) = scored.ready() else {
                return Vec::new();
            };
            scoring.weighted.with(|scheme| {
                board.rows.with(|rows| {
                    rows[start..end]
                        .iter()
                        .enumerate()
                        .map(|(k, &index)| {
                            // The header is row 1 of the whole table.
                            let row_index = start + k + 2;
                            let card = &result.cards[index];
                            let key = CardKey {
                                agent: card.agent.clone(),
                                period: card.period.clone(),
                            };
                            let incomplete = incomplete_text(i18n, scheme, card);
                            let weakest = card.weakest.map(|i| indicator_name(i18n, scheme, i));
                            let dimension_cells = card
                                .dimensions
                                .iter()
                                .map(|dimension| {
                                    view! {
                                        <td class=format!("number {}", band_class(dimension.score))>
                                            {score_text(dimension.score)}
                                        </td>
                                    }
                                })
                                .collect_view();
                            let open_key = key.clone();
                            let is_open = Memo::new(move |_| board.view.open.with(|open| open.as_ref() == Some(&key)));
                            let is_incomplete = incomplete.is_some();
                            view! {
                                <tr
                                    aria-rowindex=row_index
                                    data-testid="team-row"
                                    data-agent=card.agent.clone()
                                    data-period=card.period.clone()
                                    class:open=is_open
                                    class:incomplete=is_incomplete
                                >
                                    <td class="number rank" data-testid="team-rank">
                                        {card.rank.map(|rank| rank.to_string()).unwrap_or_else(|| "—".to_owned())}
                                    </td>
                                    <th scope="row" class="agent">
                                        <button
                                            type="button"
                                            class="link"
                                            data-testid="open-card"
                                            aria-current=move || is_open.get().then_some("true")
                                            on:click=move |_| board.view.open.set(Some(open_key.clone()))
                                        >
                                            {card.agent.clone()}
                                        </button>
                                    </th>
                                    {has_groups.then(|| view! { <td>{card.group.clone().unwrap_or_default()}</td> })}
                                    {has_periods.then(|| view! { <td>{card.period.clone().unwrap_or_default()}</td> })}
                                    <td class=format!("number total {}", band_class(card.total)) data-testid="team-total">
                                        {total_text(card.total)}
                                    </td>
                                    {has_coverage
                                        .then(|| {
                                            let partial = partial_coverage(card);
                                            let is_partial = partial.is_some();
                                            let title = partial.as_ref().map(|_| {
                                                t_string!(i18n, cards.coverage_title, coverage = number(card.coverage_percent()))
                                                    .to_string()
                                            });
                                            view! {
                                                <td class="number coverage" class:partial=is_partial data-testid="team-coverage" title=title>
                                                    {partial}
                                                </td>
                                            }
                                        })}
                                    <td data-testid="team-grade">{card.grade.clone().unwrap_or_default()}</td>
                                    // Why there is no total, where the weakest
                                    // indicator would be: in view, and read in
                                    // full.
                                    <td class="note" data-testid="team-weakest">
                                        {match incomplete {
                                            Some(reason) => {
                                                let title = reason.clone();
                                                view! {
                                                    <span class="flag" data-testid="team-incomplete" title=title>
                                                        {reason}
                                                    </span>
                                                }
                                                    .into_any()
                                            }
                                            None => weakest.unwrap_or_default().into_any(),
                                        }}
                                    </td>
                                    {has_bonus
                                        .then(|| {
                                            view! {
                                                <td class="number" data-testid="team-bonus">
                                                    {card.bonus.map(money).unwrap_or_default()}
                                                </td>
                                            }
                                        })}
                                    {dimension_cells}
                                </tr>
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
        });
        view! {
            {spacer(start)}
            {drawn}
            {spacer(total_rows - end)}
        }
    };

    view! {
        <section class="team" aria-labelledby="team-title" data-testid="team">
            <h3 id="team-title">{tr!(i18n, cards.team)}</h3>
            <Filters />
            <p class="hint" role="status" data-testid="team-count">
                {move || t_string!(i18n, cards.showing, shown = count(), all = all()).to_string()}
            </p>
            // Focusable, so the keyboard can scroll it.
            <div
                class="table-scroll"
                tabindex="0"
                role="region"
                aria-label=tr_fn!(i18n, cards.team_table)
                node_ref=scroller
                on:scroll=move |ev| {
                    let top = event_target::<web_sys::HtmlElement>(&ev).scroll_top();
                    scroll_top.set(f64::from(top));
                }
            >
                // Screen readers hear the whole team's size, not the rows
                // drawn.
                <table class="team-table" data-testid="team-table" aria-rowcount=move || count() + 1>
                    <thead>
                        <tr aria-rowindex="1">
                            {header(Column::Rank, "rank".into(), label(|i18n| t_string!(i18n, scheme.rank).to_string()), true)}
                            {header(Column::Agent, "agent".into(), label(|i18n| t_string!(i18n, scheme.agent).to_string()), false)}
                            {move || shape.get().0.then(|| header(Column::Group, "group".into(), label(|i18n| t_string!(i18n, cards.group).to_string()), false))}
                            {move || shape.get().1.then(|| header(Column::Period, "period".into(), label(|i18n| t_string!(i18n, scheme.period).to_string()), false))}
                            {header(Column::Total, "total".into(), label(|i18n| t_string!(i18n, scheme.total).to_string()), true)}
                            {move || shape.get().4.then(|| header(Column::Coverage, "coverage".into(), label(|i18n| t_string!(i18n, cards.coverage_short).to_string()), true))}
                            {header(Column::Grade, "grade".into(), label(|i18n| t_string!(i18n, scheme.grade).to_string()), false)}
                            {header(Column::Weakest, "weakest".into(), label(|i18n| t_string!(i18n, cards.weakest).to_string()), false)}
                            {move || shape.get().3.then(|| header(Column::Bonus, "bonus".into(), label(|i18n| t_string!(i18n, cards.bonus).to_string()), true))}
                            {move || {
                                shape
                                    .get()
                                    .2
                                    .into_iter()
                                    .enumerate()
                                    .map(|(d, names)| {
                                        let name = Signal::derive(move || name_in(i18n, &names));
                                        header(Column::Dimension(d), format!("dim-{d}"), name, true)
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Legend />
        </section>
    }
}

/// What the colours mean.
#[component]
fn Legend() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="legend" data-testid="band-legend">
            <span class="legend-title">{tr!(i18n, cards.bands)}</span>
            {ScoreBand::ALL
                .into_iter()
                .map(|band| {
                    let text = move || match band {
                        ScoreBand::Top => t_string!(i18n, cards.band_top).to_string(),
                        ScoreBand::High => t_string!(i18n, cards.band_high).to_string(),
                        ScoreBand::Middle => t_string!(i18n, cards.band_middle).to_string(),
                        ScoreBand::Low => t_string!(i18n, cards.band_low).to_string(),
                        ScoreBand::Bottom => t_string!(i18n, cards.band_bottom).to_string(),
                    };
                    view! { <span class=format!("swatch band-{}", band.id())>{text}</span> }
                })
                .collect_view()}
        </p>
    }
}

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
fn Filters() -> impl IntoView {
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
