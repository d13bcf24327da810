//! Lines over periods: the team's trend, and an agent's.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{FONT, draw_message};

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
