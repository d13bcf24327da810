//! Two weightings side by side on the current figures: each agent's rank
//! under both, a slope chart, and who moved most.
//!
//! Only figures give it anything to show, so its code (and the charts') is a
//! chunk (`app/chunk.rs`), fetched once there are figures.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;

use super::super::chart_backend::ChartBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::chunk::{Chunked, chunk};
use super::super::messages::profile_names;
use super::fields::show_number;
use super::use_editor;
use crate::i18n::*;
use kpi_engine::compare::{Move, compare_profiles};

/// How many of the biggest moves are named.
const MOVED_MOST: usize = 3;

/// The moves of one period, biggest first (then by rank under A).
fn biggest_first(moves: &[Move]) -> Vec<Move> {
    let mut moves: Vec<Move> = moves
        .iter()
        .filter(|m| m.places.is_some())
        .cloned()
        .collect();
    kpi_engine::order::sort_by(&mut moves, |a, b| {
        b.places
            .map(i64::abs)
            .cmp(&a.places.map(i64::abs))
            .then(a.rank_a.cmp(&b.rank_a))
    });
    moves
}

fn draw_slopes(canvas: web_sys::HtmlCanvasElement, moves: &[Move], a: &str, b: &str) -> Option<()> {
    let backend = ChartBackend::new(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let (width, height) = root.dim_in_pixel();
    let ranked: Vec<&Move> = moves
        .iter()
        .filter(|m| m.rank_a.is_some() && m.rank_b.is_some())
        .collect();
    let last = ranked
        .iter()
        .flat_map(|m| [m.rank_a, m.rank_b])
        .flatten()
        .max()
        .unwrap_or(1)
        .max(2);
    let (left, right) = (width as i32 * 3 / 10, width as i32 * 7 / 10);
    let (top, bottom) = (28, height as i32 - 12);
    let y = |rank: u32| top + (bottom - top) * (rank as i32 - 1) / (last as i32 - 1);
    let font = ("sans-serif", 12).into_font();
    let head = font
        .clone()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    root.draw(&Text::new(a.to_owned(), (left, 4), head.clone()))
        .ok()?;
    root.draw(&Text::new(b.to_owned(), (right, 4), head)).ok()?;
    for axis in [left, right] {
        root.draw(&PathElement::new(
            vec![(axis, top), (axis, bottom)],
            RGBColor(200, 200, 200),
        ))
        .ok()?;
    }
    let up = RGBColor(22, 128, 60);
    let down = RGBColor(190, 50, 40);
    let same = RGBColor(140, 140, 140);
    for m in ranked {
        let (ra, rb) = (m.rank_a?, m.rank_b?);
        let colour = match m.places.unwrap_or(0) {
            p if p > 0 => up,
            p if p < 0 => down,
            _ => same,
        };
        root.draw(&PathElement::new(
            vec![(left, y(ra)), (right, y(rb))],
            colour.stroke_width(2),
        ))
        .ok()?;
        for (x, rank, anchor) in [(left - 6, ra, HPos::Right), (right + 6, rb, HPos::Left)] {
            let style = font
                .clone()
                .color(&colour)
                .pos(Pos::new(anchor, VPos::Center));
            root.draw(&Text::new(
                format!("{rank}. {}", m.agent),
                (x, y(rank)),
                style,
            ))
            .ok()?;
        }
    }
    root.present().ok()
}

/// The comparison: the section's title and a hint until there are figures,
/// then the comparison itself.
#[component]
pub fn Compare() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let has_figures = move || editor.scoring.figures.with(|figures| !figures.is_empty());
    let waiting = move || {
        view! {
            <section class="compare" aria-labelledby="compare-title" data-testid="compare">
                <h3 id="compare-title">{tr!(i18n, scheme.compare)}</h3>
                <p class="hint">{tr!(i18n, scheme.compare_hint)}</p>
                <p class="hint">{tr!(i18n, scheme.totals_no_figures)}</p>
            </section>
        }
    };
    view! {
        <Show when=has_figures fallback=waiting>
            <Chunked fetch=fetch_compare view=compared />
        </Show>
    }
}

chunk!(compare, fn compared() -> AnyView { view! { <Compared /> }.into_any() }, fetch fetch_compare);

#[component]
fn Compared() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let profiles = move || workspace.scheme.with(|scheme| profile_names(i18n, scheme));
    // "" is the scheme's own weights.
    let a = RwSignal::new(String::new());
    let b = RwSignal::new(
        workspace
            .scheme
            .with_untracked(|scheme| scheme.profiles.first().map(|p| p.id.clone()))
            .unwrap_or_default(),
    );
    let period = RwSignal::new(None::<String>);
    let comparison = Memo::new(move |_| {
        if editor.scoring.figures.with(|figures| figures.is_empty()) {
            return None;
        }
        let (a, b) = (a.get(), b.get());
        workspace.scheme.with(|scheme| {
            let pick = |id: &str| scheme.profile(id);
            editor
                .scoring
                .figures
                .with(|figures| compare_profiles(scheme, figures, pick(&a), pick(&b)).ok())
        })
    });
    let periods = move || {
        comparison.with(|comparison| {
            let mut periods: Vec<Option<String>> = Vec::new();
            if let Some(comparison) = comparison {
                for m in &comparison.moves {
                    if !periods.contains(&m.period) {
                        periods.push(m.period.clone());
                    }
                }
            }
            periods
        })
    };
    // The chosen period, or the last one.
    let shown_period = move || {
        let periods = periods();
        period
            .get()
            .filter(|p| periods.contains(&Some(p.clone())))
            .map(Some)
            .or_else(|| periods.last().cloned())
            .flatten()
    };
    let moves = Memo::new(move |_| {
        let shown = shown_period();
        comparison.with(|comparison| {
            comparison
                .as_ref()
                .map(|comparison| {
                    comparison
                        .moves
                        .iter()
                        .filter(|m| m.period == shown)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let label_of = move |id: String| {
        if id.is_empty() {
            t_string!(i18n, scheme.own_weights).to_string()
        } else {
            profiles()
                .into_iter()
                .find(|(p, _)| *p == id)
                .map(|(_, name)| name)
                .unwrap_or(id)
        }
    };
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let Some(element) = canvas.get() else { return };
        let (la, lb) = (label_of(a.get()), label_of(b.get()));
        moves.with(|moves| draw_slopes(element, moves, &la, &lb));
    });
    let select = move |signal: RwSignal<String>, test_id: &'static str, label: Signal<String>| {
        view! {
            <label class="field">
                <span class="field-label">{label}</span>
                <select data-testid=test_id on:change=move |ev| signal.set(event_target_value(&ev))>
                    <option value="" selected=move || signal.get().is_empty()>
                        {tr!(i18n, scheme.own_weights)}
                    </option>
                    {move || {
                        profiles()
                            .into_iter()
                            .map(|(id, name)| {
                                let is = id.clone();
                                view! { <option value=id selected=move || signal.get() == is>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        }
    };
    view! {
        <section class="compare" aria-labelledby="compare-title" data-testid="compare">
            <h3 id="compare-title">{tr!(i18n, scheme.compare)}</h3>
            <p class="hint">{tr!(i18n, scheme.compare_hint)}</p>
            <div class="field-row">
                {select(a, "compare-a", Signal::derive(tr_string!(i18n, scheme.compare_a)))}
                {select(b, "compare-b", Signal::derive(tr_string!(i18n, scheme.compare_b)))}
                <Show when=move || { periods().len() > 1 }>
                    <label class="field">
                        <span class="field-label">{tr!(i18n, scheme.period)}</span>
                        <select
                            data-testid="compare-period"
                            on:change=move |ev| period.set(Some(event_target_value(&ev)))
                        >
                            {move || {
                                let shown = shown_period();
                                periods()
                                    .into_iter()
                                    .flatten()
                                    .map(|p| {
                                        let selected = shown.as_deref() == Some(p.as_str());
                                        view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                </Show>
            </div>
            {move || {
                if editor.scoring.figures.with(|figures| figures.is_empty()) {
                    return view! { <p class="hint">{tr!(i18n, scheme.totals_no_figures)}</p> }.into_any();
                }
                if comparison.with(Option::is_none) {
                    return view! {
                        <p class="notice" data-testid="compare-invalid">
                            {move || t_string!(i18n, scheme.totals_invalid, problems = editor.scoring.errors.with(Vec::len)).to_string()}
                        </p>
                    }
                        .into_any();
                }
                let moved = biggest_first(&moves.get());
                let most: Vec<String> = moved
                    .iter()
                    .filter(|m| m.places != Some(0))
                    .take(MOVED_MOST)
                    .map(|m| {
                        let places = m.places.unwrap_or(0);
                        if places > 0 {
                            t_string!(i18n, scheme.moved_up, agent = m.agent.clone(), places).to_string()
                        } else {
                            t_string!(i18n, scheme.moved_down, agent = m.agent.clone(), places = -places).to_string()
                        }
                    })
                    .collect();
                let rows = moves.get();
                let height = (rows.len() as u32 * 22 + 40).clamp(160, 900);
                view! {
                    <p data-testid="moved-most">
                        {if most.is_empty() {
                            t_string!(i18n, scheme.moved_none).to_string()
                        } else {
                            t_string!(i18n, scheme.moved_most, moves = most.join(super::super::messages::list_separator(i18n))).to_string()
                        }}
                    </p>
                    <canvas
                        node_ref=canvas
                        width="520"
                        height=height.to_string()
                        role="img"
                        aria-label=tr_string!(i18n, scheme.slope_description)
                        data-testid="slope-chart"
                    ></canvas>
                    <table data-testid="compare-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr!(i18n, scheme.agent)}</th>
                                <th scope="col" class="number">{move || label_of(a.get())}</th>
                                <th scope="col" class="number">{move || label_of(b.get())}</th>
                                <th scope="col" class="number">{tr!(i18n, scheme.rank_shift)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {biggest_first(&rows)
                                .into_iter()
                                .chain(rows.iter().filter(|m| m.places.is_none()).cloned())
                                .map(|m| {
                                    let cell = |total: Option<f64>, rank: Option<u32>| match (total, rank) {
                                        (Some(total), Some(rank)) => format!("{} (#{rank})", show_number((total * 100.0).round() / 100.0)),
                                        (Some(total), None) => show_number((total * 100.0).round() / 100.0),
                                        _ => "—".to_owned(),
                                    };
                                    let shift = match m.places {
                                        Some(p) if p > 0 => format!("↑{p}"),
                                        Some(p) if p < 0 => format!("↓{}", -p),
                                        Some(_) => "=".to_owned(),
                                        None => "—".to_owned(),
                                    };
                                    view! {
                                        <tr data-testid="compare-row" data-agent=m.agent.clone()>
                                            <th scope="row">{m.agent.clone()}</th>
                                            <td class="number">{cell(m.total_a, m.rank_a)}</td>
                                            <td class="number">{cell(m.total_b, m.rank_b)}</td>
                                            <td class="number" data-testid="compare-shift">{shift}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}
