//! The ranking: one horizontal bar an agent, best first.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{FONT, band_colour, draw_message};

/// Horizontal bars, best first, coloured by band.
pub fn draw_ranking<DB: DrawingBackend>(
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
