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
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use kpi_engine::report::ScoreBand;

pub use frame::{ChartCanvas, ChartRow, ChartTable};
pub use lines::draw_lines;
pub use team::TeamCharts;

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

/// The width in pixels of `text` in the chart font at `size` px, or `None`
/// where no canvas can be had. Measured on a canvas of its own, which
/// measures text without laying out the page: plotters' own estimate
/// measures a styled element in the page, a forced layout per label, which
/// with a big team's table on the page took a quarter of a weight edit.
pub fn text_width(text: &str, size: u32) -> Option<i32> {
    thread_local! {
        static CONTEXT: Option<CanvasRenderingContext2d> = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.create_element("canvas").ok())
            .and_then(|canvas| canvas.dyn_into::<web_sys::HtmlCanvasElement>().ok())
            .and_then(|canvas| canvas.get_context("2d").ok().flatten())
            .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok());
        /// The size the context's font is set to: setting a font parses it.
        static SIZE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    CONTEXT.with(|context| {
        let context = context.as_ref()?;
        if SIZE.get() != size {
            context.set_font(&format!("{size}px {FONT}"));
            SIZE.set(size);
        }
        let metrics = context.measure_text(text).ok()?;
        Some(metrics.width().ceil() as i32)
    })
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
