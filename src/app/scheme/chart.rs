//! The curve preview: score against value for the indicator being edited,
//! with the team's values marked on it, drawn with plotters on a canvas.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;

use super::super::chart_backend::ChartBackend;

use super::super::messages::unit_text;
use super::fields::show_number;
use super::use_editor;
use crate::i18n::*;
use kpi_engine::curve::Curve;
use kpi_engine::curve::Direction;
use kpi_engine::edit::preview::{curve_points, indicator_values};
use kpi_engine::scheme::Indicator;

/// What the chart draws, worked out before touching the canvas.
#[derive(Clone, Debug, PartialEq)]
struct Plot {
    line: Vec<(f64, f64)>,
    team: Vec<(f64, f64)>,
    /// The curve's own points (targets, thresholds) and their scores, for
    /// the table beside the chart.
    marks: Vec<(f64, f64)>,
}

fn plot(indicator: &Indicator, values: &[f64]) -> Option<Plot> {
    let (curve, direction) = (&indicator.curve, indicator.direction);
    curve.check(direction).ok()?;
    let line = curve_points(curve, direction, values, 200);
    let team = values
        .iter()
        .filter_map(|value| Some((*value, curve.score(direction, *value).ok()?)))
        .collect();
    Some(Plot {
        line,
        team,
        marks: marks(curve, direction),
    })
}

fn marks(curve: &Curve, direction: Direction) -> Vec<(f64, f64)> {
    let mut xs: Vec<f64> = match curve {
        Curve::Bands { bands } => bands
            .iter()
            .flat_map(|band| [band.from, band.to])
            .flatten()
            .collect(),
        Curve::Ratio { target, .. } => vec![*target],
        _ => curve
            .fields()
            .into_iter()
            .filter(|(field, _)| !field.is_score())
            .map(|(_, value)| value)
            .collect(),
    };
    if let Curve::TargetBand {
        target,
        tolerance,
        limit,
    } = curve
    {
        xs = vec![
            target - limit,
            target - tolerance,
            *target,
            target + tolerance,
            target + limit,
        ];
    }
    kpi_engine::order::sort_by(&mut xs, f64::total_cmp);
    xs.dedup();
    xs.into_iter()
        .filter_map(|x| Some((x, curve.score(direction, x).ok()?)))
        .collect()
}

/// A tick value rounded to what its axis span can show: no float noise.
fn round_to_step(x: f64, span: f64) -> f64 {
    let step = 10f64.powf((span.abs().max(1e-9) / 100.0).log10().floor());
    (x / step).round() * step
}

fn draw(
    canvas: web_sys::HtmlCanvasElement,
    plot: &Plot,
    x_label: &str,
    y_label: &str,
) -> Option<()> {
    let backend = ChartBackend::new(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let xs = plot.line.iter().chain(&plot.team).map(|(x, _)| *x);
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    let top = plot.line.iter().map(|(_, y)| *y).fold(100.0_f64, f64::max);
    if !(x0.is_finite() && x1 > x0) {
        return None;
    }
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, 0.0..top * 1.05)
        .ok()?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .x_labels(6)
        .y_labels(5)
        .label_style(("sans-serif", 12))
        .x_label_formatter(&|x| show_number(round_to_step(*x, x1 - x0)))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .light_line_style(RGBColor(246, 246, 246))
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .ok()?;
    let line = RGBColor(31, 94, 168);
    chart
        .draw_series(LineSeries::new(
            plot.line.iter().copied(),
            line.stroke_width(2),
        ))
        .ok()?;
    let team = RGBColor(200, 80, 20);
    chart
        .draw_series(
            plot.team
                .iter()
                .map(|point| Circle::new(*point, 4, team.mix(0.75).filled())),
        )
        .ok()?;
    root.present().ok()
}

#[component]
pub fn CurvePreview(d: usize, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let canvas = NodeRef::<Canvas>::new();
    let indicator = Memo::new(move |_| {
        editor.workspace.scheme.with(|scheme| {
            scheme
                .dimensions
                .get(d)
                .and_then(|dimension| dimension.indicators.get(i))
                .cloned()
        })
    });
    let values = Memo::new(move |_| {
        indicator.with(|indicator| {
            indicator
                .as_ref()
                .map(|indicator| {
                    editor
                        .scoring
                        .figures
                        .with(|figures| indicator_values(indicator, figures))
                })
                .unwrap_or_default()
        })
    });
    let plotted = Memo::new(move |_| {
        indicator.with(|indicator| values.with(|values| plot(indicator.as_ref()?, values)))
    });
    let unit = move || {
        indicator.with(|indicator| {
            indicator
                .as_ref()
                .map(|i| i.unit.clone())
                .unwrap_or_default()
        })
    };
    Effect::new(move |_| {
        let Some(element) = canvas.get() else { return };
        let x_label = match unit() {
            unit if unit.is_empty() => t_string!(i18n, scheme.chart_value).to_string(),
            unit => format!(
                "{} ({})",
                t_string!(i18n, scheme.chart_value),
                unit_text(i18n, &unit)
            ),
        };
        let y_label = t_string!(i18n, scheme.chart_score).to_string();
        plotted.with(|plotted| {
            if let Some(plot) = plotted {
                draw(element, plot, &x_label, &y_label);
            }
        });
    });
    let description = move || {
        let agents = values.with(Vec::len);
        t_string!(i18n, scheme.chart_description, agents).to_string()
    };
    view! {
        <figure class="curve-preview" data-testid="curve-preview">
            <Show
                when=move || plotted.with(Option::is_some)
                fallback=move || {
                    view! { <p class="hint" data-testid="curve-preview-none">{tr!(i18n, scheme.chart_none)}</p> }
                }
            >
                <canvas
                    node_ref=canvas
                    width="420"
                    height="220"
                    role="img"
                    aria-label=description
                    data-testid="curve-canvas"
                ></canvas>
                <figcaption>{description}</figcaption>
                <details>
                    <summary>{tr!(i18n, scheme.chart_table)}</summary>
                    <table data-testid="curve-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr!(i18n, scheme.chart_value)}</th>
                                <th scope="col">{tr!(i18n, scheme.chart_score)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                plotted
                                    .get()
                                    .map(|plot| {
                                        plot.marks
                                            .into_iter()
                                            .map(|(x, y)| {
                                                view! {
                                                    <tr>
                                                        <td>{show_number(x)}</td>
                                                        <td>{show_number((y * 100.0).round() / 100.0)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </tbody>
                    </table>
                </details>
            </Show>
        </figure>
    }
}
