//! Charts, drawn with plotters on canvases that fit their container and
//! redraw when it resizes or the language changes; each comes with a table
//! holding the same numbers (its text alternative) and a PNG download.
//!
//! The team charts: the totals' histogram split by grade, the ranking, a
//! heat map of agents by dimension, and the trend across periods.

use leptos::html::Div;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::super::messages::{I18n, name_in};
use super::super::scroll::ScrollBox;
use super::table::{band_class, score_text, total_text};
use super::{Board, use_board};
use crate::i18n::*;
use kpi_engine::explain::number;
use kpi_engine::report::{Bin, ScoreBand, histogram};
use kpi_engine::score::Scorecard;

/// The canvas backend's drawing area.
pub type Area = DrawingArea<CanvasBackend, Shift>;

/// A chart's font.
pub const FONT: &str = "sans-serif";

/// Colours for grades, best first; grades past the fifth reuse the last.
pub fn grade_colour(index: usize, grades: usize) -> RGBColor {
    // Spread the grades over the five score-band colours.
    let band = if grades <= 1 {
        0
    } else {
        (index * (ScoreBand::ALL.len() - 1) + (grades - 1) / 2) / (grades - 1)
    };
    let (r, g, b) = ScoreBand::ALL[band.min(ScoreBand::ALL.len() - 1)].rgb();
    RGBColor(r, g, b)
}

pub fn band_colour(score: f64) -> RGBColor {
    let (r, g, b) = ScoreBand::of(score).rgb();
    RGBColor(r, g, b)
}

/// The width a chart is drawn at when its container has none.
const UNMEASURED_WIDTH: u32 = 480;

/// A canvas as wide as its container, drawn by `draw` (which reads the
/// signals it depends on, so it redraws when they change), with a PNG
/// download and, below it, the table `children` as its text alternative.
#[component]
pub fn ChartCanvas(
    #[prop(into)] draw: Callback<Area>,
    #[prop(into)] height: Signal<u32>,
    #[prop(into)] label: Signal<String>,
    test_id: String,
    #[prop(into)] file_name: Signal<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let wrapper = NodeRef::<Div>::new();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let width = RwSignal::new(0u32);
    // A container not laid out (the printed report, hidden on screen) has
    // no width: draw at a default one, and let CSS fit it to the page.
    let measure = move || {
        if let Some(wrapper) = wrapper.get_untracked() {
            let measured = u32::try_from(wrapper.client_width()).unwrap_or(0);
            let measured = if measured == 0 {
                UNMEASURED_WIDTH
            } else {
                measured
            };
            if measured != width.get_untracked() {
                width.set(measured);
            }
        }
    };
    Effect::new(move |_| {
        if wrapper.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        let (Some(element), width, height) = (canvas.get(), width.get(), height.get()) else {
            return;
        };
        if width == 0 {
            return;
        }
        let element: HtmlCanvasElement = element.unchecked_into();
        element.set_width(width);
        element.set_height(height);
        if let Some(backend) = CanvasBackend::with_canvas_object(element) {
            let area = backend.into_drawing_area();
            let _ = area.fill(&WHITE);
            draw.run(area.clone());
            let _ = area.present();
        }
    });
    let download = move |_| {
        let Some(element) = canvas.get_untracked() else {
            return;
        };
        let element: HtmlCanvasElement = element.unchecked_into();
        if let Ok(url) = element.to_data_url_with_type("image/png") {
            let name = format!("{}.png", file_name.get_untracked());
            let _ = super::super::download::download_url(&name, &url);
        }
    };
    let png_id = format!("{test_id}-png");
    let table_id = format!("{test_id}-table");
    view! {
        <figure class="chart" data-testid=test_id.clone()>
            <div class="chart-box" node_ref=wrapper>
                <canvas node_ref=canvas height=move || height.get() role="img" aria-label=label data-testid=format!("{test_id}-canvas")></canvas>
            </div>
            <figcaption>
                <span>{label}</span>
                <button
                    type="button"
                    class="small no-print"
                    data-testid=png_id
                    aria-label=move || t_string!(i18n, cards.download_png_named, chart = label.get()).to_string()
                    on:click=download
                >
                    {t!(i18n, cards.download_png)}
                </button>
            </figcaption>
            <details class="chart-data" data-testid=table_id>
                <summary>{t!(i18n, cards.chart_table)}</summary>
                <ScrollBox label=move || t_string!(i18n, cards.chart_table).to_string() class="chart-data-scroll">
                    {children()}
                </ScrollBox>
            </details>
        </figure>
    }
}

/// Draws `text` centred in the area: for charts with nothing to show.
pub fn draw_message<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str) {
    let (w, h) = area.dim_in_pixel();
    let style = TextStyle::from((FONT, 14).into_font())
        .color(&RGBColor(90, 90, 90))
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
    let _ = area.draw_text(text, &style, ((w / 2) as i32, (h / 2) as i32));
}

/// How many agents the ranking and the heat map draw at most (the table
/// beside each lists the same ones).
const CHART_AGENTS: usize = 40;

/// Reads the cards the charts show: the table's, in its order, through the
/// result (never copied wholesale: with 1,000 agents a copy of every card
/// on every edit costs more than a tenth of the scoring).
fn shown_cards<T>(board: Board, read: impl FnOnce(&[&Scorecard]) -> T) -> T {
    board.rows.with(|rows| {
        board.scoring.scored.with(|scored| {
            let cards: Vec<&Scorecard> = scored
                .ready()
                .map(|result| rows.iter().map(|&i| &result.cards[i]).collect())
                .unwrap_or_default();
            read(&cards)
        })
    })
}

#[component]
pub fn TeamCharts() -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let scoring = board.scoring;
    let shown_count = move || board.rows.with(Vec::len);
    let grades = Memo::new(move |_| {
        scoring.weighted.with(|scheme| {
            scheme
                .grading
                .grades()
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
    });
    let bins = Memo::new(move |_| {
        shown_cards(board, |cards| {
            scoring
                .weighted
                .with(|scheme| histogram(scheme, cards, 5.0))
        })
    });
    let ranked = Memo::new(move |_| {
        shown_cards(board, |cards| {
            let mut by_total: Vec<&Scorecard> = cards
                .iter()
                .copied()
                .filter(|card| card.total.is_some())
                .collect();
            by_total.sort_by(|a, b| {
                b.total
                    .unwrap_or_default()
                    .total_cmp(&a.total.unwrap_or_default())
                    .then(a.agent.cmp(&b.agent))
            });
            by_total
                .into_iter()
                .take(CHART_AGENTS)
                .map(|card| {
                    (
                        card.agent.clone(),
                        card.period.clone(),
                        card.total.unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let dimensions = Memo::new(move |_| {
        scoring.weighted.with(|scheme| {
            scheme
                .dimensions
                .iter()
                .map(|dimension| name_in(i18n, &dimension.name))
                .collect::<Vec<_>>()
        })
    });
    let periods = Memo::new(move |_| {
        scoring.scored.with(|scored| {
            scored
                .ready()
                .map(|result| {
                    result
                        .periods
                        .iter()
                        .filter_map(|summary| {
                            Some((
                                summary.period.clone()?,
                                summary.total.mean,
                                summary.total.min,
                                summary.total.max,
                                summary
                                    .dimensions
                                    .iter()
                                    .map(|stats| stats.mean)
                                    .collect::<Vec<_>>(),
                            ))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let heat_rows = move || {
        shown_cards(board, |cards| {
            cards
                .iter()
                .take(CHART_AGENTS)
                .map(|card| (*card).clone())
                .collect::<Vec<_>>()
        })
    };
    let agent_label = |card: &Scorecard| match &card.period {
        Some(period) => format!("{} · {period}", card.agent),
        None => card.agent.clone(),
    };

    let draw_histogram = move |area: Area| {
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        let x_label = t_string!(i18n, scheme.total).to_string();
        let y_label = t_string!(i18n, cards.agents).to_string();
        let grades = grades.get();
        bins.with(|bins| draw_histogram(&area, bins, &grades, &x_label, &y_label, &empty));
    };
    let draw_ranking = move |area: Area| {
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        ranked.with(|ranked| {
            let bars: Vec<(String, f64)> = ranked
                .iter()
                .map(|(agent, period, total)| {
                    let label = match period {
                        Some(period) => format!("{agent} · {period}"),
                        None => agent.clone(),
                    };
                    (label, *total)
                })
                .collect();
            draw_ranking(&area, &bars, &empty);
        });
    };
    let draw_heat = move |area: Area| {
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        let names = dimensions.get();
        let rows: Vec<(String, Vec<Option<f64>>)> = heat_rows()
            .iter()
            .map(|card| {
                (
                    agent_label(card),
                    card.dimensions.iter().map(|d| d.score).collect(),
                )
            })
            .collect();
        draw_heat_map(&area, &names, &rows, &empty);
    };
    let draw_periods = move |area: Area| {
        let empty = t_string!(i18n, cards.chart_one_period).to_string();
        let mean = t_string!(i18n, cards.team_mean).to_string();
        let names = dimensions.get();
        periods.with(|periods| {
            let labels: Vec<String> = periods.iter().map(|p| p.0.clone()).collect();
            let mut lines = vec![(mean, periods.iter().map(|p| p.1).collect::<Vec<_>>())];
            for (d, name) in names.iter().enumerate() {
                lines.push((
                    name.clone(),
                    periods
                        .iter()
                        .map(|p| p.4.get(d).copied().flatten())
                        .collect(),
                ));
            }
            draw_lines(&area, &labels, &lines, &empty);
        });
    };
    let label =
        move |text: fn(I18n, usize) -> String| Signal::derive(move || text(i18n, shown_count()));

    view! {
        <section class="team-charts" aria-labelledby="charts-title" data-testid="team-charts">
            <h3 id="charts-title">{t!(i18n, cards.charts)}</h3>
            <p class="hint">{t!(i18n, cards.charts_hint)}</p>
            <div class="chart-grid">
                <ChartCanvas
                    draw=draw_histogram
                    height=260
                    label=label(|i18n, agents| t_string!(i18n, cards.histogram_label, agents).to_string())
                    test_id="chart-histogram".to_owned()
                    file_name=Signal::derive(move || t_string!(i18n, cards.histogram_file).to_string())
                >
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, cards.bin)}</th>
                                {move || grades.get().into_iter().map(|grade| view! { <th scope="col" class="number">{grade}</th> }).collect_view()}
                                <th scope="col" class="number">{t!(i18n, cards.ungraded)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                bins.get()
                                    .into_iter()
                                    .filter(|bin| bin.count() > 0)
                                    .map(|bin| {
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    {if bin.to >= 100.0 {
                                                        format!("≥ {}", number(bin.from))
                                                    } else {
                                                        format!("{}–{}", number(bin.from), number(bin.to))
                                                    }}
                                                </th>
                                                {bin.per_grade.into_iter().map(|count| view! { <td class="number">{count}</td> }).collect_view()}
                                                <td class="number">{bin.ungraded}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </ChartCanvas>
                <ChartCanvas
                    draw=draw_ranking
                    height=Signal::derive(move || (40 + 18 * ranked.with(Vec::len) as u32).max(260))
                    label=label(|i18n, agents| t_string!(i18n, cards.ranking_label, shown = agents.min(CHART_AGENTS), agents).to_string())
                    test_id="chart-ranking".to_owned()
                    file_name=Signal::derive(move || t_string!(i18n, cards.ranking_file).to_string())
                >
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, scheme.agent)}</th>
                                <th scope="col" class="number">{t!(i18n, scheme.total)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                ranked
                                    .get()
                                    .into_iter()
                                    .map(|(agent, period, total)| {
                                        let agent = match period {
                                            Some(period) => format!("{agent} · {period}"),
                                            None => agent,
                                        };
                                        view! {
                                            <tr>
                                                <th scope="row">{agent}</th>
                                                <td class="number">{total_text(Some(total))}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </ChartCanvas>
                <ChartCanvas
                    draw=draw_heat
                    height=Signal::derive(move || (60 + 18 * shown_count().min(CHART_AGENTS) as u32).max(260))
                    label=label(|i18n, agents| t_string!(i18n, cards.heat_label, shown = agents.min(CHART_AGENTS), agents).to_string())
                    test_id="chart-heat".to_owned()
                    file_name=Signal::derive(move || t_string!(i18n, cards.heat_file).to_string())
                >
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, scheme.agent)}</th>
                                {move || dimensions.get().into_iter().map(|name| view! { <th scope="col" class="number">{name}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                heat_rows()
                                    .into_iter()
                                    .map(|card| {
                                        view! {
                                            <tr>
                                                <th scope="row">{agent_label(&card)}</th>
                                                {card
                                                    .dimensions
                                                    .iter()
                                                    .map(|d| view! { <td class=format!("number {}", band_class(d.score))>{score_text(d.score)}</td> })
                                                    .collect_view()}
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </ChartCanvas>
                <Show when=move || periods.with(|periods| periods.len() > 1)>
                <ChartCanvas
                    draw=draw_periods
                    height=260
                    label=Signal::derive(move || t_string!(i18n, cards.periods_label, periods = periods.with(Vec::len)).to_string())
                    test_id="chart-periods".to_owned()
                    file_name=Signal::derive(move || t_string!(i18n, cards.periods_file).to_string())
                >
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, scheme.period)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.team_mean)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.lowest)}</th>
                                <th scope="col" class="number">{t!(i18n, cards.highest)}</th>
                                {move || dimensions.get().into_iter().map(|name| view! { <th scope="col" class="number">{name}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                periods
                                    .get()
                                    .into_iter()
                                    .map(|(period, mean, min, max, dimensions)| {
                                        view! {
                                            <tr>
                                                <th scope="row">{period}</th>
                                                <td class="number">{total_text(mean)}</td>
                                                <td class="number">{total_text(min)}</td>
                                                <td class="number">{total_text(max)}</td>
                                                {dimensions.into_iter().map(|mean| view! { <td class="number">{score_text(mean)}</td> }).collect_view()}
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
        </section>
    }
}

/// Totals in bins, each bar stacked by grade, best grade at the bottom.
fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bins: &[Bin],
    grades: &[String],
    x_label: &str,
    y_label: &str,
    empty: &str,
) {
    let top = bins.iter().map(Bin::count).max().unwrap_or(0);
    if top == 0 {
        draw_message(area, empty);
        return;
    }
    let Ok(mut chart) = ChartBuilder::on(area)
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(0.0..100.0, 0.0..(top as f64 * 1.1).max(1.0))
    else {
        return;
    };
    let _ = chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .x_labels(11)
        .y_labels(6)
        .disable_x_mesh()
        .label_style((FONT, 12))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| {
            if y.fract() == 0.0 {
                format!("{y:.0}")
            } else {
                String::new()
            }
        })
        .light_line_style(RGBColor(246, 246, 246))
        .draw();
    for bin in bins {
        let mut base = 0.0;
        for (g, count) in bin.per_grade.iter().enumerate().rev() {
            if *count == 0 {
                continue;
            }
            let height = *count as f64;
            let colour = grade_colour(g, grades.len());
            let _ = chart.draw_series(std::iter::once(Rectangle::new(
                [(bin.from + 0.3, base), (bin.to - 0.3, base + height)],
                colour.filled(),
            )));
            base += height;
        }
        if bin.ungraded > 0 {
            let _ = chart.draw_series(std::iter::once(Rectangle::new(
                [
                    (bin.from + 0.3, base),
                    (bin.to - 0.3, base + bin.ungraded as f64),
                ],
                RGBColor(170, 170, 170).filled(),
            )));
        }
    }
    // The legend: one swatch per grade.
    let mut x = 60;
    for (g, grade) in grades.iter().enumerate() {
        let colour = grade_colour(g, grades.len());
        let _ = area.draw(&Rectangle::new([(x, 8), (x + 12, 20)], colour.filled()));
        let _ = area.draw_text(grade, &(FONT, 12).into_font().color(&BLACK), (x + 16, 8));
        x += 24 + 8 * grade.chars().count() as i32;
    }
}

/// Horizontal bars, best first, coloured by band.
fn draw_ranking<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[(String, f64)],
    empty: &str,
) {
    if bars.is_empty() {
        draw_message(area, empty);
        return;
    }
    let top = bars
        .iter()
        .map(|(_, total)| *total)
        .fold(100.0_f64, f64::max);
    let n = bars.len();
    let Ok(mut chart) = ChartBuilder::on(area)
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0..top, -0.5..n as f64 - 0.5)
    else {
        return;
    };
    let labels: Vec<String> = bars.iter().map(|(label, _)| label.clone()).collect();
    let _ = chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .label_style((FONT, 12))
        .y_label_formatter(&|y| {
            // Bar i (best first) is centred on row n - 1 - i.
            let row = y.round();
            if (y - row).abs() < 1e-6 && (0.0..n as f64).contains(&row) {
                labels
                    .get(n - 1 - row as usize)
                    .cloned()
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| format!("{x:.0}"))
        .light_line_style(RGBColor(246, 246, 246))
        .draw();
    for (i, (_, total)) in bars.iter().enumerate() {
        let row = n - 1 - i;
        let _ = chart.draw_series(std::iter::once(Rectangle::new(
            [
                (0.0, row as f64 - 0.35),
                (total.max(0.0), row as f64 + 0.35),
            ],
            band_colour(*total).filled(),
        )));
    }
}

/// Agents by dimension, each cell coloured by its score's band.
fn draw_heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    dimensions: &[String],
    rows: &[(String, Vec<Option<f64>>)],
    empty: &str,
) {
    if rows.is_empty() || dimensions.is_empty() {
        draw_message(area, empty);
        return;
    }
    let (w, h) = area.dim_in_pixel();
    let small = (FONT, 12).into_font().color(&BLACK);
    let width_of = |text: &str| {
        area.estimate_text_size(text, &small)
            .map_or(0, |(w, _)| w as i32)
    };
    // The names' column is as wide as the longest name drawn (at most 18
    // characters, 130 px), so the dimensions get the rest.
    let fitted = |label: &str| label.chars().take(18).collect::<String>();
    let left = rows
        .iter()
        .map(|(label, _)| width_of(&fitted(label)))
        .max()
        .unwrap_or(0)
        .clamp(40, 126)
        + 4;
    let cell_w = ((w as i32 - left - 10) / dimensions.len() as i32).max(12);
    // Each header wraps onto up to three lines of its column's width.
    let headers: Vec<Vec<String>> = dimensions
        .iter()
        .map(|name| wrap_to_width(name, cell_w - 6, &width_of, 3))
        .collect();
    let lines = headers.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let top = 12 + 14 * lines;
    let cell_h = ((h as i32 - top - 10) / rows.len() as i32).clamp(8, 24);
    for (d, header) in headers.iter().enumerate() {
        let x = left + d as i32 * cell_w + 3;
        for (l, line) in header.iter().enumerate() {
            let _ = area.draw_text(line, &small, (x, 6 + 14 * l as i32));
        }
    }
    for (r, (label, scores)) in rows.iter().enumerate() {
        let y = top + r as i32 * cell_h;
        let _ = area.draw_text(&fitted(label), &small, (4, y + (cell_h - 12) / 2));
        for (d, score) in scores.iter().enumerate() {
            let x = left + d as i32 * cell_w;
            let colour = score.map_or(RGBColor(220, 220, 220), band_colour);
            let _ = area.draw(&Rectangle::new(
                [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                colour.filled(),
            ));
            if cell_h >= 14
                && let Some(score) = score
            {
                let text = format!("{score:.0}");
                let _ = area.draw_text(
                    &text,
                    &(FONT, 11).into_font().color(&WHITE),
                    (x + 4, y + (cell_h - 11) / 2),
                );
            }
        }
    }
}

/// `text` broken into at most `max_lines` lines no wider than `max_px`
/// (as `width_of` measures): at spaces where there are any, between any two
/// characters of Chinese; the last line ends in "…" when text is left over.
fn wrap_to_width(
    text: &str,
    max_px: i32,
    width_of: &dyn Fn(&str) -> i32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Words keep their trailing space so a line can be re-joined as written.
    let words: Vec<String> = if text.contains(' ') {
        text.split_inclusive(' ').map(str::to_owned).collect()
    } else {
        text.chars().map(String::from).collect()
    };
    for word in words {
        if width_of(format!("{line}{word}").trim_end()) <= max_px {
            line.push_str(&word);
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end().to_owned());
            line.clear();
        }
        // A word wider than the column on its own is cut between characters.
        for c in word.chars() {
            if !line.is_empty() && width_of(format!("{line}{c}").trim_end()) > max_px {
                lines.push(line.trim_end().to_owned());
                line.clear();
            }
            line.push(c);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines is at least one");
        while !last.is_empty() && width_of(&format!("{last}…")) > max_px {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// Lines over periods: the first is drawn thick (the team's mean, or an
/// agent's total), the others thin.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    lines: &[(String, Vec<Option<f64>>)],
    empty: &str,
) {
    if labels.len() < 2 {
        draw_message(area, empty);
        return;
    }
    let top = lines
        .iter()
        .flat_map(|(_, values)| values.iter().flatten())
        .fold(100.0_f64, |a, b| a.max(*b));
    let n = labels.len();
    let Ok(mut chart) = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(-0.3..(n as f64 - 0.7), 0.0..top * 1.05)
    else {
        return;
    };
    let _ = chart
        .configure_mesh()
        .x_labels(n)
        .label_style((FONT, 12))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .light_line_style(RGBColor(246, 246, 246))
        .draw();
    let palette = [
        RGBColor(31, 94, 168),
        RGBColor(200, 80, 20),
        RGBColor(60, 140, 60),
        RGBColor(140, 70, 160),
        RGBColor(160, 120, 20),
        RGBColor(20, 140, 150),
        RGBColor(120, 120, 120),
    ];
    for (l, (name, values)) in lines.iter().enumerate() {
        let colour = palette[l % palette.len()];
        let width = if l == 0 { 3 } else { 1 };
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i as f64, (*v)?)))
            .collect();
        if let Ok(series) =
            chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(width)))
        {
            series.label(name.clone()).legend(move |(x, y)| {
                PathElement::new([(x, y), (x + 14, y)], colour.stroke_width(width))
            });
        }
        let _ = chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 3, colour.filled())),
        );
    }
    let _ = chart
        .configure_series_labels()
        .label_font((FONT, 11))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .position(SeriesLabelPosition::LowerRight)
        .draw();
}
