//! One agent's scorecard: each indicator's value, target, score, weighted
//! points and points lost; the dimensions against the team's mean (a radar
//! chart); the coaching focus; the steps behind the total; and the trend
//! across periods.

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::JsCast;

use super::super::messages::{I18n, list_separator, name_in, sentence_gap, step_text, with_unit};
use super::super::scroll::ScrollBox;
use super::charts::{Area, ChartCanvas, FONT, draw_lines, draw_message};
use super::table::{
    band_class, incomplete_text, indicator_name, partial_coverage, score_text, total_text,
};
use super::{CardKey, use_board};
use crate::i18n::*;
use kpi_engine::explain::{explain, money, number};
use kpi_engine::report::{Target, coaching_focus, period_of, target, trend, uncovered};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{NoTotal, Scorecard, TeamResult, Treatment};

/// How many indicators the coaching focus names.
const FOCUS: usize = 3;

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
                        <h3 id="agent-title">{t!(i18n, cards.agent_card)}</h3>
                        <p class="hint" data-testid="agent-none">{t!(i18n, cards.agent_pick)}</p>
                    }
                        .into_any()
                }
                Some(_) => view! { <CardBody index=Signal::derive(move || index.get().unwrap_or(0)) printed=false /> }.into_any(),
            }}
        </section>
    }
}

/// A target as the scorecard shows it.
fn target_text(i18n: I18n, target: Option<Target>, unit: &str) -> String {
    match target {
        Some(Target::AtLeast(value)) => format!("≥ {}", with_unit(i18n, &number(value), unit)),
        Some(Target::AtMost(value)) => format!("≤ {}", with_unit(i18n, &number(value), unit)),
        Some(Target::Within(low, high)) => {
            with_unit(i18n, &format!("{}–{}", number(low), number(high)), unit)
        }
        None => String::new(),
    }
}

/// The note beside a value that was not measured as it is.
fn treatment_text(i18n: I18n, treatment: Treatment) -> Option<String> {
    Some(
        match treatment {
            Treatment::Measured => return None,
            Treatment::Shrunk => t_string!(i18n, cards.treatment_shrunk),
            Treatment::Imputed => t_string!(i18n, cards.treatment_imputed),
            Treatment::ZeroForMissing => t_string!(i18n, cards.treatment_zero),
            Treatment::Excluded => t_string!(i18n, cards.treatment_excluded),
            Treatment::Incomplete => t_string!(i18n, cards.treatment_incomplete),
        }
        .to_string(),
    )
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
        with_card(&|scheme, result, card| {
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
                        <dt>{t!(i18n, cards.bonus)}</dt>
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
        })
    };

    let indicators = move || {
        with_card(&|scheme, _, card| {
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
                        .value
                        .map(|value| with_unit(i18n, &number(value), &indicator.unit))
                        .unwrap_or_else(|| "—".to_owned());
                    let note = treatment_text(i18n, result.treatment);
                    view! {
                        {dimension}
                        <tr data-testid="card-indicator" data-indicator=indicator.id.clone()>
                            <th scope="row">{name_in(i18n, &indicator.name)}</th>
                            <td class="number" data-testid="card-value">
                                {value}
                                {note.map(|note| view! { <span class="flag">{note}</span> })}
                            </td>
                            <td class="number">{target_text(i18n, target(curve, indicator.direction), &indicator.unit)}</td>
                            <td class=format!("number {}", band_class(result.score)) data-testid="card-score">
                                {score_text(result.score)}
                            </td>
                            <td class="number">{format!("{}%", number(result.weight))}</td>
                            <td class="number" data-testid="card-points">{number(result.points)}</td>
                            <td class="number" data-testid="card-lost">{number(result.lost)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ScrollBox label=move || t_string!(i18n, cards.card_table_label).to_string() class="card-scroll">
                    <table class="card-table" data-testid="card-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, cards.indicator)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.value)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.target)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.score)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.weight)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.points)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.lost)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </ScrollBox>
            }
            .into_any()
        })
    };

    let focus = move || {
        with_card(&|scheme, _, card| {
            let flat: Vec<_> = scheme.indexed_indicators().collect();
            let focus = coaching_focus(card, FOCUS);
            if focus.is_empty() {
                return view! { <p data-testid="card-focus-none">{t!(i18n, cards.focus_none)}</p> }
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
                                lost = number(result.lost),
                                score = score_text(result.score),
                                target = wanted
                            )
                            .to_string();
                            view! { <li>{text}</li> }
                        })
                        .collect_view()}
                </ol>
            }
            .into_any()
        })
    };

    let steps = move || {
        with_card(&|scheme, result, card| {
            let ranked = period_of(result, card).map_or(0, |summary| summary.total.count);
            explain(scheme, card, ranked)
                .iter()
                .map(|step| view! { <li>{step_text(i18n, scheme, card, step)}</li> })
                .collect_view()
                .into_any()
        })
    };

    // The radar: the agent's dimension scores against the period's means.
    let radar = Memo::new(move |_| {
        card.with(|card| {
            let card = card.as_ref()?;
            scoring.scored.with(|scored| {
                let summary = period_of(scored.ready()?, card)?;
                Some(scoring.weighted.with(|scheme| {
                    scheme
                        .dimensions
                        .iter()
                        .enumerate()
                        .map(|(d, dimension)| {
                            (
                                name_in(i18n, &dimension.name),
                                card.dimensions[d].score,
                                summary.dimensions.get(d).and_then(|stats| stats.mean),
                            )
                        })
                        .collect::<Vec<_>>()
                }))
            })
        })
    });
    let draw_radar = move |area: Area| {
        let agent = card
            .with(|card| card.as_ref().map(|card| card.agent.clone()))
            .unwrap_or_default();
        let mean = t_string!(i18n, cards.team_mean).to_string();
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        radar.with(|radar| match radar {
            Some(axes) if axes.len() >= 3 => draw_radar(&area, axes, &agent, &mean),
            _ => draw_message(&area, &empty),
        });
    };

    // The trend: the agent's totals over the periods, with the team's mean.
    let points = Memo::new(move |_| {
        card.with(|card| {
            let card = card.as_ref()?;
            scoring
                .scored
                .with(|scored| Some(trend(scored.ready()?, &card.agent)))
        })
        .unwrap_or_default()
    });
    let draw_trend = move |area: Area| {
        let agent = card
            .with(|card| card.as_ref().map(|card| card.agent.clone()))
            .unwrap_or_default();
        let mean = t_string!(i18n, cards.team_mean).to_string();
        let empty = t_string!(i18n, cards.chart_one_period).to_string();
        points.with(|points| {
            let labels: Vec<String> = points.iter().map(|p| p.period.clone()).collect();
            let lines = vec![
                (agent, points.iter().map(|p| p.total).collect::<Vec<_>>()),
                (mean, points.iter().map(|p| p.team_mean).collect()),
            ];
            draw_lines(&area, &labels, &lines, &empty);
        });
    };
    let agent_file = move |chart: fn(I18n) -> String| {
        Signal::derive(move || {
            card.with(|card| {
                card.as_ref()
                    .map(|card| {
                        let chart = chart(i18n);
                        match &card.period {
                            Some(period) => format!("{}-{period}-{chart}", card.agent),
                            None => format!("{}-{chart}", card.agent),
                        }
                    })
                    .unwrap_or_default()
            })
        })
    };
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
                            <span class="field-label">{t!(i18n, scheme.period)}</span>
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
                        {t!(i18n, cards.close)}
                    </button>
                </div>
            </Show>
            <div class="card-grid">
                <div>{indicators}</div>
                <div class="card-side">
                    <section>
                        <h4>{t!(i18n, cards.focus)}</h4>
                        {focus}
                    </section>
                    <ChartCanvas
                        draw=draw_radar
                        height=320
                        label=Signal::derive(move || t_string!(i18n, cards.radar_label).to_string())
                        test_id="chart-radar".to_owned()
                        file_name=agent_file(|i18n| t_string!(i18n, cards.radar_file).to_string())
                    >
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, cards.dimension)}</th>
                                    <th scope="col" class="number">{t!(i18n, cards.score)}</th>
                                    <th scope="col" class="number">{t!(i18n, cards.team_mean)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || {
                                    radar
                                        .get()
                                        .unwrap_or_default()
                                        .into_iter()
                                        .map(|(name, score, mean)| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{name}</th>
                                                    <td class="number">{score_text(score)}</td>
                                                    <td class="number">{score_text(mean)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </tbody>
                        </table>
                    </ChartCanvas>
                    <Show when=several_periods>
                        <ChartCanvas
                            draw=draw_trend
                            height=220
                            label=Signal::derive(move || t_string!(i18n, cards.trend_label).to_string())
                            test_id="chart-trend".to_owned()
                            file_name=agent_file(|i18n| t_string!(i18n, cards.trend_file).to_string())
                        >
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, scheme.period)}</th>
                                        <th scope="col" class="number">{t!(i18n, scheme.total)}</th>
                                        <th scope="col" class="number">{t!(i18n, scheme.rank)}</th>
                                        <th scope="col" class="number">{t!(i18n, cards.team_mean)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {move || {
                                        points
                                            .get()
                                            .into_iter()
                                            .map(|point| {
                                                view! {
                                                    <tr data-testid="trend-row">
                                                        <th scope="row">{point.period}</th>
                                                        <td class="number">{total_text(point.total)}</td>
                                                        <td class="number">{point.rank.map(|r| r.to_string()).unwrap_or_default()}</td>
                                                        <td class="number">{total_text(point.team_mean)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </tbody>
                            </table>
                        </ChartCanvas>
                    </Show>
                </div>
            </div>
            <details class="explanation">
                <summary>{t!(i18n, cards.explanation)}</summary>
                <ol data-testid="card-steps">{steps}</ol>
            </details>
        </article>
    }
}

/// A radar: one axis per dimension, 0 at the centre and 100 at the rim;
/// the agent filled, the team's mean as a line.
fn draw_radar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axes: &[(String, Option<f64>, Option<f64>)],
    agent: &str,
    mean: &str,
) {
    let (w, h) = area.dim_in_pixel();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0 + 8.0);
    let radius = (w.min(h) as f64 / 2.0 - 36.0).max(20.0);
    let n = axes.len();
    // A point on axis i at `reach` (100 is the rim; labels sit beyond it).
    let point = |i: usize, reach: f64| {
        let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
        let r = radius * reach / 100.0;
        ((cx + r * angle.cos()) as i32, (cy + r * angle.sin()) as i32)
    };
    let at = |i: usize, score: f64| point(i, score.clamp(0.0, 100.0));
    let grid = RGBColor(215, 215, 215);
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let mut ring_points: Vec<(i32, i32)> = (0..n).map(|i| at(i, ring)).collect();
        ring_points.push(ring_points[0]);
        let _ = area.draw(&PathElement::new(ring_points, grid.stroke_width(1)));
    }
    let label_style = (FONT, 12).into_font().color(&BLACK);
    for (i, (name, _, _)) in axes.iter().enumerate() {
        let _ = area.draw(&PathElement::new(
            [at(i, 0.0), at(i, 100.0)],
            grid.stroke_width(1),
        ));
        let (x, y) = point(i, 116.0);
        let fitted: String = name.chars().take(20).collect();
        let (width, height) = area
            .estimate_text_size(&fitted, &label_style)
            .map_or((7 * fitted.chars().count() as u32, 12), |size| size);
        let _ = area.draw_text(
            &fitted,
            &label_style,
            (x - width as i32 / 2, y - height as i32 / 2),
        );
    }
    let agent_colour = RGBColor(31, 94, 168);
    let mean_colour = RGBColor(200, 80, 20);
    let agent_points: Vec<(i32, i32)> = axes
        .iter()
        .enumerate()
        .map(|(i, (_, score, _))| at(i, score.unwrap_or(0.0)))
        .collect();
    let _ = area.draw(&Polygon::new(
        agent_points.clone(),
        agent_colour.mix(0.25).filled(),
    ));
    let mut outline = agent_points;
    outline.push(outline[0]);
    let _ = area.draw(&PathElement::new(outline, agent_colour.stroke_width(2)));
    let mut mean_points: Vec<(i32, i32)> = axes
        .iter()
        .enumerate()
        .map(|(i, (_, _, mean))| at(i, mean.unwrap_or(0.0)))
        .collect();
    mean_points.push(mean_points[0]);
    let _ = area.draw(&PathElement::new(mean_points, mean_colour.stroke_width(2)));
    // The key.
    let _ = area.draw(&Rectangle::new(
        [(8, 8), (20, 20)],
        agent_colour.mix(0.6).filled(),
    ));
    let _ = area.draw_text(agent, &label_style, (26, 8));
    let _ = area.draw(&PathElement::new(
        [(8, 30), (20, 30)],
        mean_colour.stroke_width(2),
    ));
    let _ = area.draw_text(mean, &label_style, (26, 24));
}
