//! A scorecard's charts: the radar of its dimensions against the team's
//! means, and the agent's trend across periods (when there are several).

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::super::messages::{I18n, name_in};
use super::super::super::messages::{score_text, total_text};
use super::super::charts::{
    Area, ChartCanvas, ChartRow, ChartTable, FONT, draw_lines, draw_message,
};
use super::super::use_board;
use crate::i18n::*;
use kpi_engine::report::{TrendPoint, period_of};
use kpi_engine::score::Scorecard;

/// The radar and, over several periods, the trend of the card `card`;
/// `points` are its periods.
#[component]
pub fn CardCharts(card: Memo<Option<Scorecard>>, points: Memo<Vec<TrendPoint>>) -> impl IntoView {
    let i18n = use_i18n();
    let scoring = use_board().scoring;
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
    let agent = move || {
        card.with(|card| card.as_ref().map(|card| card.agent.clone()))
            .unwrap_or_default()
    };
    let draw_radar = move |area: Area| {
        let agent = agent();
        let mean = t_string!(i18n, cards.team_mean).to_string();
        let empty = t_string!(i18n, cards.chart_empty).to_string();
        radar.with(|radar| match radar {
            Some(axes) if axes.len() >= 3 => draw_radar(&area, axes, &agent, &mean),
            _ => draw_message(&area, &empty),
        });
    };
    // The trend: the agent's totals over the periods, with the team's mean.
    let draw_trend = move |area: Area| {
        let agent = agent();
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
    // A PNG's name: the agent, the period, the chart.
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
    let radar_columns = Signal::derive(move || {
        vec![
            t_string!(i18n, cards.dimension).to_string(),
            t_string!(i18n, cards.score).to_string(),
            t_string!(i18n, cards.team_mean).to_string(),
        ]
    });
    let radar_rows = Signal::derive(move || {
        radar
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|(name, score, mean)| ChartRow::new(name, [score_text(score), score_text(mean)]))
            .collect::<Vec<_>>()
    });
    let trend_columns = Signal::derive(move || {
        vec![
            t_string!(i18n, scheme.period).to_string(),
            t_string!(i18n, scheme.total).to_string(),
            t_string!(i18n, scheme.rank).to_string(),
            t_string!(i18n, cards.team_mean).to_string(),
        ]
    });
    let trend_rows = Signal::derive(move || {
        points
            .get()
            .into_iter()
            .map(|point| {
                let rank = point.rank.map(|r| r.to_string()).unwrap_or_default();
                let numbers = [total_text(point.total), rank, total_text(point.team_mean)];
                ChartRow {
                    test_id: Some("trend-row"),
                    ..ChartRow::new(point.period, numbers)
                }
            })
            .collect::<Vec<_>>()
    });
    view! {
        <ChartCanvas
            draw=draw_radar
            height=320
            label=Signal::derive(tr_string!(i18n, cards.radar_label))
            test_id="chart-radar".to_owned()
            file_name=agent_file(|i18n| t_string!(i18n, cards.radar_file).to_string())
        >
            <ChartTable columns=radar_columns rows=radar_rows />
        </ChartCanvas>
        <Show when=several_periods>
            <ChartCanvas
                draw=draw_trend
                height=220
                label=Signal::derive(tr_string!(i18n, cards.trend_label))
                test_id="chart-trend".to_owned()
                file_name=agent_file(|i18n| t_string!(i18n, cards.trend_file).to_string())
            >
                <ChartTable columns=trend_columns rows=trend_rows />
            </ChartCanvas>
        </Show>
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
            .map_or((7 * fitted.chars().count() as i32, 14), |(w, h)| {
                (w as i32, h as i32)
            });
        // Centred on its axis, but kept inside the canvas: on a phone the
        // side labels would run off its edges.
        let left = (x - width / 2).min(w as i32 - width - 2).max(2);
        let _ = area.draw_text(&fitted, &label_style, (left, y - height / 2));
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
