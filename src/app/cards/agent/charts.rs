//! A scorecard's charts: the radar of its dimensions against the team's
//! means, and the agent's trend across periods (when there are several).

use leptos::prelude::*;

use super::super::super::messages::{I18n, name_in};
use super::super::charts::{Area, ChartCanvas, ChartRow, ChartTable, draw_lines, draw_message};
use super::super::table::{score_text, total_text};
use super::super::use_board;
use super::radar::draw_radar;
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
            label=Signal::derive(move || t_string!(i18n, cards.radar_label).to_string())
            test_id="chart-radar".to_owned()
            file_name=agent_file(|i18n| t_string!(i18n, cards.radar_file).to_string())
        >
            <ChartTable columns=radar_columns rows=radar_rows />
        </ChartCanvas>
        <Show when=several_periods>
            <ChartCanvas
                draw=draw_trend
                height=220
                label=Signal::derive(move || t_string!(i18n, cards.trend_label).to_string())
                test_id="chart-trend".to_owned()
                file_name=agent_file(|i18n| t_string!(i18n, cards.trend_file).to_string())
            >
                <ChartTable columns=trend_columns rows=trend_rows />
            </ChartCanvas>
        </Show>
    }
}
