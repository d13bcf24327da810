//! The totals' histogram: one bar a bin, stacked by grade.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{FONT, draw_message, grade_colour};
use kpi_engine::report::Bin;

/// Totals in bins, each bar stacked by grade, best grade at the bottom.
pub fn draw_histogram<DB: DrawingBackend>(
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
