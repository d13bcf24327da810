//! The team table: every scorecard in a row, sortable by any column and
//! filtered by group, period, grade and name. A large team is drawn as a
//! window of rows around the scroll position, so an edit re-renders tens of
//! rows, not thousands.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::super::messages::{
    I18n, incomplete_text, indicator_name, name_in, partial_coverage, score_text, total_text,
};
use super::super::slots::{field, slots};
use super::filters::Filters;
use super::{CardKey, use_board};
use crate::i18n::*;
use kpi_engine::explain::{money, number};
use kpi_engine::report::{Column, ScoreBand};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::Scorecard;

/// A row's height in CSS pixels; `.team-table tbody tr` has this height, so
/// the window can be placed from the scroll position alone.
const ROW_PX: f64 = 34.0;
/// Teams up to this size are drawn whole (and found by the browser's
/// search); larger ones as a window.
const WHOLE_UP_TO: usize = 200;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 10;
/// Rows visible in the scroll box at most (its height is capped in CSS),
/// when the window's height is unknown.
const VISIBLE: usize = 31;

/// The rows to draw: `start..end` of `count`, `visible` rows fitting the
/// box.
fn drawn(count: usize, scroll_top: f64, visible: usize) -> (usize, usize) {
    if count <= WHOLE_UP_TO {
        return (0, count);
    }
    let first = (scroll_top / ROW_PX).floor().max(0.0) as usize;
    let start = first.saturating_sub(OVERSCAN).min(count);
    let end = (first + visible + OVERSCAN).min(count);
    (start, end)
}

/// The CSS class of a score's band.
pub fn band_class(score: Option<f64>) -> String {
    score.map_or_else(
        || "band-none".to_owned(),
        |score| format!("band-{}", ScoreBand::of(score).id()),
    )
}

/// The columns a team row has besides those every row has.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RowLayout {
    has_groups: bool,
    has_periods: bool,
    dimensions: usize,
    has_bonus: bool,
    has_coverage: bool,
}

impl RowLayout {
    fn columns(self) -> usize {
        5 + usize::from(self.has_groups)
            + usize::from(self.has_periods)
            + self.dimensions
            + usize::from(self.has_bonus)
            + usize::from(self.has_coverage)
    }
}

/// Everything one row of the team table shows, as text.
#[derive(Clone, Debug, Default, PartialEq)]
struct RowText {
    agent: String,
    period: Option<String>,
    /// The row's place among all rows, the header's included.
    row_index: usize,
    rank: String,
    group: String,
    total: String,
    total_class: String,
    /// The share of the weight the agent's data covers, when not all.
    coverage: Option<String>,
    coverage_title: Option<String>,
    grade: String,
    /// Why there is no total, where the weakest indicator would be.
    incomplete: Option<String>,
    weakest: String,
    bonus: String,
    /// Each dimension's cell: its class and its text.
    dimensions: Vec<(String, String)>,
}

impl RowText {
    fn of(
        i18n: I18n,
        scheme: &Scheme,
        card: &Scorecard,
        row_index: usize,
        has_coverage: bool,
    ) -> RowText {
        let incomplete = incomplete_text(i18n, scheme, card);
        let weakest = match (&incomplete, card.weakest) {
            (None, Some(i)) => indicator_name(i18n, scheme, i),
            _ => String::new(),
        };
        let coverage = has_coverage.then(|| partial_coverage(card)).flatten();
        let coverage_title = coverage.as_ref().map(|_| {
            t_string!(
                i18n,
                cards.coverage_title,
                coverage = number(card.coverage_percent())
            )
            .to_string()
        });
        RowText {
            agent: card.agent.clone(),
            period: card.period.clone(),
            row_index,
            rank: card
                .rank
                .map_or_else(|| "—".to_owned(), |rank| rank.to_string()),
            group: card.group.clone().unwrap_or_default(),
            total: total_text(card.total),
            total_class: format!("number total {}", band_class(card.total)),
            coverage,
            coverage_title,
            grade: card.grade.clone().unwrap_or_default(),
            incomplete,
            weakest,
            bonus: card.bonus.map(money).unwrap_or_default(),
            dimensions: card
                .dimensions
                .iter()
                .map(|dimension| {
                    (
                        format!("number {}", band_class(dimension.score)),
                        score_text(dimension.score),
                    )
                })
                .collect(),
        }
    }

    fn is(&self, key: &CardKey) -> bool {
        self.agent == key.agent && self.period == key.period
    }
}

/// One row of the team table, made once for its place in the drawn rows and
/// showing whichever scorecard `row` holds.
fn team_row(board: super::Board, layout: RowLayout, row: Memo<Arc<RowText>>) -> impl IntoView {
    let is_open = Memo::new(move |_| {
        board
            .view
            .open
            .with(|open| open.as_ref().is_some_and(|key| row.with(|row| row.is(key))))
    });
    let incomplete = Memo::new(move |_| row.with(|row| row.incomplete.clone()));
    // The card of the row as shown when clicked: the slot's item may be
    // newer than the screen for a moment after a change.
    let open = move |ev: leptos::ev::MouseEvent| {
        let shown = ev
            .current_target()
            .and_then(|button| button.dyn_into::<web_sys::Element>().ok())
            .and_then(|button| button.closest("tr").ok().flatten());
        if let Some(shown) = shown {
            board.view.open.set(Some(CardKey {
                agent: shown.get_attribute("data-agent").unwrap_or_default(),
                period: shown.get_attribute("data-period"),
            }));
        }
    };
    let cell = |get: fn(&RowText) -> String| field(row, get);
    view! {
        <tr
            aria-rowindex=move || row.with(|row| row.row_index)
            data-testid="team-row"
            data-agent=cell(|row| row.agent.clone())
            data-period=move || row.with(|row| row.period.clone())
            class:open=is_open
            class:incomplete=move || incomplete.with(Option::is_some)
        >
            <td class="number rank" data-testid="team-rank">{cell(|row| row.rank.clone())}</td>
            <th scope="row" class="agent">
                <button
                    type="button"
                    class="link"
                    data-testid="open-card"
                    aria-current=move || is_open.get().then_some("true")
                    on:click=open
                >
                    {cell(|row| row.agent.clone())}
                </button>
            </th>
            {layout.has_groups.then(|| view! { <td>{cell(|row| row.group.clone())}</td> })}
            {layout.has_periods.then(|| view! { <td>{cell(|row| row.period.clone().unwrap_or_default())}</td> })}
            <td class=cell(|row| row.total_class.clone()) data-testid="team-total">
                {cell(|row| row.total.clone())}
            </td>
            {layout
                .has_coverage
                .then(|| {
                    view! {
                        <td
                            class="number coverage"
                            class:partial=move || row.with(|row| row.coverage.is_some())
                            data-testid="team-coverage"
                            title=move || row.with(|row| row.coverage_title.clone())
                        >
                            {cell(|row| row.coverage.clone().unwrap_or_default())}
                        </td>
                    }
                })}
            <td data-testid="team-grade">{cell(|row| row.grade.clone())}</td>
            // Why there is no total, where the weakest indicator would be:
            // in view, and read in full.
            <td class="note" data-testid="team-weakest">
                {move || {
                    incomplete
                        .get()
                        .map(|reason| {
                            let title = reason.clone();
                            view! {
                                <span class="flag" data-testid="team-incomplete" title=title>
                                    {reason}
                                </span>
                            }
                        })
                }}
                {cell(|row| row.weakest.clone())}
            </td>
            {layout.has_bonus.then(|| view! { <td class="number" data-testid="team-bonus">{cell(|row| row.bonus.clone())}</td> })}
            {(0..layout.dimensions)
                .map(|d| {
                    let part = move |class: bool| {
                        row.with(|row| {
                            row.dimensions
                                .get(d)
                                .map(|(style, text)| if class { style.clone() } else { text.clone() })
                                .unwrap_or_default()
                        })
                    };
                    view! { <td class=move || part(true)>{move || part(false)}</td> }
                })
                .collect_view()}
        </tr>
    }
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
    // How many rows the box shows: its height is capped at 70% of the
    // window's, 1,040 px at most (`.table-scroll`).
    let visible_rows = || {
        let window_height = window()
            .inner_height()
            .ok()
            .and_then(|height| height.as_f64())
            .unwrap_or(0.0);
        let rows = ((window_height * 0.7).min(1040.0) / ROW_PX).ceil() as usize + 1;
        if window_height > 0.0 { rows } else { VISIBLE }
    };
    let visible = RwSignal::new(visible_rows());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let rows = visible_rows();
        if rows != visible.get_untracked() {
            visible.set(rows);
        }
    });
    on_cleanup(move || resize.remove());
    let drawn_range = Memo::new(move |_| drawn(count(), scroll_top.get(), visible.get()));
    // The columns a row has; its cells are made for these once.
    let layout = Memo::new(move |_| {
        let (has_groups, has_periods, dimensions, has_bonus, has_coverage) = shape.get();
        RowLayout {
            has_groups,
            has_periods,
            dimensions: dimensions.len(),
            has_bonus,
            has_coverage,
        }
    });
    let texts = Memo::new(move |_| {
        let (start, end) = drawn_range.get();
        let has_coverage = layout.with(|layout| layout.has_coverage);
        scoring.scored.with(|scored| {
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
                            Arc::new(RowText::of(
                                i18n,
                                scheme,
                                &result.cards[index],
                                row_index,
                                has_coverage,
                            ))
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let rows = move || {
        let layout = layout.get();
        let columns = layout.columns();
        // Rows above and below the drawn ones, as one tall row each; the
        // height through the style property, not a style attribute, which
        // the Content-Security-Policy refuses.
        let above = Memo::new(move |_| drawn_range.get().0);
        let below = Memo::new(move |_| count() - drawn_range.get().1);
        let spacer = move |rows: Memo<usize>| {
            let shown = Memo::new(move |_| rows.get() > 0);
            move || {
                shown.get().then(|| {
                    view! {
                        <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", rows.get() as f64 * ROW_PX)>
                            <td colspan=columns></td>
                        </tr>
                    }
                })
            }
        };
        view! {
            {spacer(above)}
            {slots(texts, move |_, row| team_row(board, layout, row))}
            {spacer(below)}
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
