//! The team charts: the totals' histogram split by grade, the ranking, a
//! heat map of agents by dimension, and the trend across periods.

use leptos::prelude::*;

use super::super::super::messages::{I18n, card_label, grade_names, name_in};
use super::super::super::messages::{score_text, total_text};
use super::super::table::band_class;
use super::super::{Board, use_board};
use super::heat::draw_heat_map;
use super::histogram::draw_histogram;
use super::ranking::draw_ranking;
use super::{Area, ChartCanvas, ChartRow, ChartTable, draw_lines};
use crate::i18n::*;
use kpi_engine::explain::number;
use kpi_engine::report::histogram;
use kpi_engine::score::Scorecard;

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
    let grades = Memo::new(move |_| scoring.weighted.with(grade_names));
    let bins = Memo::new(move |_| {
        shown_cards(board, |cards| {
            scoring
                .weighted
                .with(|scheme| histogram(scheme, cards, 5.0))
        })
    });
    // The best totals, each with its card's label.
    let ranked = Memo::new(move |_| {
        shown_cards(board, |cards| {
            let mut by_total: Vec<&Scorecard> = cards
                .iter()
                .copied()
                .filter(|card| card.total.is_some())
                .collect();
            kpi_engine::order::sort_by(&mut by_total, |a, b| {
                b.total
                    .unwrap_or_default()
                    .total_cmp(&a.total.unwrap_or_default())
                    .then(a.agent.cmp(&b.agent))
            });
            by_total
                .into_iter()
                .take(CHART_AGENTS)
                .map(|card| (card_label(card), card.total.unwrap_or_default()))
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
    // Each drawn agent's label and dimension scores.
    let heat_rows = Memo::new(move |_| {
        shown_cards(board, |cards| {
            cards
                .iter()
                .take(CHART_AGENTS)
                .map(|card| {
                    (
                        card_label(card),
                        card.dimensions.iter().map(|d| d.score).collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });

    let draw_histogram = move |area: Area| {
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        let x_label = t_string!(i18n, scheme.total).to_string();
        let y_label = t_string!(i18n, cards.agents).to_string();
        let grades = grades.get();
        bins.with(|bins| draw_histogram(&area, bins, &grades, &x_label, &y_label, &empty));
    };
    let draw_ranking = move |area: Area| {
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        ranked.with(|bars| draw_ranking(&area, bars, &empty));
    };
    let draw_heat = move |area: Area| {
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        let names = dimensions.get();
        heat_rows.with(|rows| draw_heat_map(&area, &names, rows, &empty));
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
    let histogram_columns = Signal::derive(move || {
        let mut columns = vec![t_string!(i18n, cards.bin).to_string()];
        columns.extend(grades.get());
        columns.push(t_string!(i18n, cards.ungraded).to_string());
        columns
    });
    let histogram_rows = Signal::derive(move || {
        bins.get()
            .into_iter()
            .filter(|bin| bin.count() > 0)
            .map(|bin| {
                let head = if bin.to >= 100.0 {
                    format!("≥ {}", number(bin.from))
                } else {
                    format!("{}–{}", number(bin.from), number(bin.to))
                };
                let counts = bin.per_grade.iter().chain([&bin.ungraded]);
                ChartRow::new(head, counts.map(usize::to_string))
            })
            .collect::<Vec<_>>()
    });
    let ranking_columns = Signal::derive(move || {
        vec![
            t_string!(i18n, scheme.agent).to_string(),
            t_string!(i18n, scheme.total).to_string(),
        ]
    });
    let ranking_rows = Signal::derive(move || {
        ranked
            .get()
            .into_iter()
            .map(|(label, total)| ChartRow::new(label, [total_text(Some(total))]))
            .collect::<Vec<_>>()
    });
    let heat_columns = Signal::derive(move || {
        let mut columns = vec![t_string!(i18n, scheme.agent).to_string()];
        columns.extend(dimensions.get());
        columns
    });
    let heat_table = Signal::derive(move || {
        heat_rows
            .get()
            .into_iter()
            .map(|(label, scores)| {
                let cells = scores
                    .into_iter()
                    .map(|score| (format!("number {}", band_class(score)), score_text(score)));
                ChartRow::classed(label, cells)
            })
            .collect::<Vec<_>>()
    });
    let period_columns = Signal::derive(move || {
        let mut columns = vec![
            t_string!(i18n, scheme.period).to_string(),
            t_string!(i18n, cards.team_mean).to_string(),
            t_string!(i18n, cards.lowest).to_string(),
            t_string!(i18n, cards.highest).to_string(),
        ];
        columns.extend(dimensions.get());
        columns
    });
    let period_rows = Signal::derive(move || {
        periods
            .get()
            .into_iter()
            .map(|(period, mean, min, max, dimensions)| {
                let totals = [mean, min, max].map(total_text);
                ChartRow::new(
                    period,
                    totals
                        .into_iter()
                        .chain(dimensions.into_iter().map(score_text)),
                )
            })
            .collect::<Vec<_>>()
    });

    view! {
        <section class="team-charts" aria-labelledby="charts-title" data-testid="team-charts">
            <h3 id="charts-title">{tr!(i18n, cards.charts)}</h3>
            <p class="hint">{tr!(i18n, cards.charts_hint)}</p>
            <div class="chart-grid">
                <ChartCanvas
                    lazy=true
                    draw=draw_histogram
                    height=260
                    label=label(|i18n, agents| t_string!(i18n, cards.histogram_label, agents).to_string())
                    test_id="chart-histogram".to_owned()
                    file_name=Signal::derive(tr_string!(i18n, cards.histogram_file))
                >
                    <ChartTable columns=histogram_columns rows=histogram_rows />
                </ChartCanvas>
                <ChartCanvas
                    lazy=true
                    draw=draw_ranking
                    height=Signal::derive(move || (40 + 18 * ranked.with(Vec::len) as u32).max(260))
                    label=label(|i18n, agents| t_string!(i18n, cards.ranking_label, shown = agents.min(CHART_AGENTS), agents).to_string())
                    test_id="chart-ranking".to_owned()
                    file_name=Signal::derive(tr_string!(i18n, cards.ranking_file))
                >
                    <ChartTable columns=ranking_columns rows=ranking_rows />
                </ChartCanvas>
                <ChartCanvas
                    lazy=true
                    draw=draw_heat
                    height=Signal::derive(move || (60 + 18 * shown_count().min(CHART_AGENTS) as u32).max(260))
                    label=label(|i18n, agents| t_string!(i18n, cards.heat_label, shown = agents.min(CHART_AGENTS), agents).to_string())
                    test_id="chart-heat".to_owned()
                    file_name=Signal::derive(tr_string!(i18n, cards.heat_file))
                >
                    <ChartTable columns=heat_columns rows=heat_table />
                </ChartCanvas>
                <Show when=move || periods.with(|periods| periods.len() > 1)>
                <ChartCanvas
                    lazy=true
                    draw=draw_periods
                    height=260
                    label=Signal::derive(move || t_string!(i18n, cards.periods_label, periods = periods.with(Vec::len)).to_string())
                    test_id="chart-periods".to_owned()
                    file_name=Signal::derive(tr_string!(i18n, cards.periods_file))
                >
                    <ChartTable columns=period_columns rows=period_rows />
                </ChartCanvas>
                </Show>
            </div>
        </section>
    }
}
