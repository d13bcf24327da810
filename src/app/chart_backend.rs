//! The drawing backend every chart draws on: plotters' canvas backend for
//! shapes, with text measured and drawn on the canvas's own context.
//!
//! Plotters' canvas backend measures text through its web font, which puts a
//! styled element in the page and reads its size: a forced layout per label.
//! With a big team's table on the page, that took a quarter of a weight edit
//! (the heat map's labels), and the axis labels of every chart paid it too.
//! It also parses the font again for every label it draws. Here text is
//! measured with `measureText` on the chart's own canvas, which lays out
//! nothing, and a font is set only when it changes.

use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

type Error = DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

/// A chart's canvas: shapes through [`CanvasBackend`], text on `context`.
pub struct ChartBackend {
    shapes: CanvasBackend,
    context: CanvasRenderingContext2d,
    /// The font `context` is set to, as CSS: setting one parses it.
    font: String,
}

impl ChartBackend {
    pub fn new(canvas: HtmlCanvasElement) -> Option<ChartBackend> {
        // Both hold the canvas's one 2D context.
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let shapes = CanvasBackend::with_canvas_object(canvas)?;
        Some(ChartBackend {
            shapes,
            context,
            font: String::new(),
        })
    }

    fn set_font(&mut self, font: String) {
        if font != self.font {
            self.context.set_font(&font);
            self.font = font;
        }
    }

    /// Draws `text` as `draw_text` asks, apart from the style's type (so
    /// this is compiled once, not once per style type).
    fn text(
        &mut self,
        text: &str,
        font: String,
        degree: f64,
        anchor: Pos,
        color: BackendColor,
        at: BackendCoord,
    ) {
        let (mut x, mut y) = at;
        // Set before the state is saved, so the restore keeps it (and the
        // cache stays true).
        self.set_font(font);
        if degree != 0.0 {
            self.context.save();
            let _ = self.context.translate(f64::from(x), f64::from(y));
            let _ = self.context.rotate(degree.to_radians());
            (x, y) = (0, 0);
        }
        self.context.set_text_baseline(match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.context.set_text_align(match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        self.context.set_fill_style_str(&colour(color));
        let _ = self.context.fill_text(text, f64::from(x), f64::from(y));
        if degree != 0.0 {
            self.context.restore();
        }
    }
}

/// A style's font as CSS.
fn font_of<S: BackendTextStyle>(style: &S) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}

fn colour(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", color.alpha)
}

impl DrawingBackend for ChartBackend {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.shapes.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.shapes.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error> {
        self.shapes.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.shapes.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.shapes.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.shapes.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.shapes.draw_path(path, style)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.shapes.fill_polygon(vert, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.shapes.draw_circle(center, radius, style, fill)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error> {
        // `&self` here: measured on a context of its own, so the drawing
        // font stays cached.
        let size = style.size();
        let width =
            measure(text, font_of(style)).unwrap_or(size * 0.6 * text.chars().count() as f64);
        // The line's height, as plotters' own estimate (an inline box of
        // the font) gives it.
        let height = (size * 1.15).ceil();
        Ok((width.ceil() as u32, height as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let degree = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        };
        self.text(text, font_of(style), degree, style.anchor(), color, pos);
        Ok(())
    }
}

/// Text measured on a canvas of its own (never in the page, never drawn):
/// `estimate_text_size` has only `&self`, and measuring on the chart's
/// context would set its font behind the cache's back.
fn measure(text: &str, font: String) -> Option<f64> {
    thread_local! {
        static CONTEXT: Option<CanvasRenderingContext2d> = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.create_element("canvas").ok())
            .and_then(|canvas| canvas.dyn_into::<HtmlCanvasElement>().ok())
            .and_then(|canvas| canvas.get_context("2d").ok().flatten())
            .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok());
        static FONT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    CONTEXT.with(|context| {
        let context = context.as_ref()?;
        FONT.with_borrow_mut(|set| {
            if *set != font {
                context.set_font(&font);
                *set = font;
            }
        });
        context
            .measure_text(text)
            .ok()
            .map(|metrics| metrics.width())
    })
}
