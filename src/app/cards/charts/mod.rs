//! Charts, drawn with plotters on canvases that fit their container and
//! redraw when it resizes or the language changes; each comes with a table
//! holding the same numbers (its text alternative) and a PNG download.
//!
//! Here: what every chart shares (the drawing area, the font, the colours,
//! the message for a chart with nothing to show). The frame around a
//! chart is in `frame.rs`, the team's charts in `team.rs`, and each
//! drawing in a file of its own.

mod frame;
mod heat;
mod histogram;
mod lines;
mod ranking;
mod team;

use plotters::coord::Shift;
use plotters::prelude::*;

use kpi_engine::report::ScoreBand;

pub use super::super::chart_backend::ChartBackend;

pub use frame::{ChartCanvas, ChartRow, ChartTable};
pub use lines::draw_lines;
pub use team::TeamCharts;

/// A chart canvas's drawing area.
pub type Area = DrawingArea<ChartBackend, Shift>;

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
