//! The heat map: agents by dimension, each cell coloured by its score.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{FONT, band_colour, draw_message};

/// Agents by dimension, each cell coloured by its score's band.
pub fn draw_heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    dimensions: &[String],
    rows: &[(String, Vec<Option<f64>>)],
    empty: &str,
) {
    if rows.is_empty() || dimensions.is_empty() {
        draw_message(area, empty);
        return;
    }
    let (w, h) = area.dim_in_pixel();
    let small = (FONT, 12).into_font().color(&BLACK);
    let width_of = |text: &str| {
        area.estimate_text_size(text, &small)
            .map_or(0, |(w, _)| w as i32)
    };
    // The names' column is as wide as the longest name drawn (at most 18
    // characters, 130 px), so the dimensions get the rest.
    let fitted = |label: &str| label.chars().take(18).collect::<String>();
    let left = rows
        .iter()
        .map(|(label, _)| width_of(&fitted(label)))
        .max()
        .unwrap_or(0)
        .clamp(40, 126)
        + 4;
    let cell_w = ((w as i32 - left - 10) / dimensions.len() as i32).max(12);
    // Each header wraps onto up to three lines of its column's width.
    let headers: Vec<Vec<String>> = dimensions
        .iter()
        .map(|name| wrap_to_width(name, cell_w - 6, &width_of, 3))
        .collect();
    let lines = headers.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let top = 12 + 14 * lines;
    let cell_h = ((h as i32 - top - 10) / rows.len() as i32).clamp(8, 24);
    for (d, header) in headers.iter().enumerate() {
        let x = left + d as i32 * cell_w + 3;
        for (l, line) in header.iter().enumerate() {
            let _ = area.draw_text(line, &small, (x, 6 + 14 * l as i32));
        }
    }
    // The names first, then the cells: each font is set once, not twice a
    // row (setting a canvas font parses it).
    for (r, (label, _)) in rows.iter().enumerate() {
        let y = top + r as i32 * cell_h;
        let _ = area.draw_text(&fitted(label), &small, (4, y + (cell_h - 12) / 2));
    }
    let number = (FONT, 11).into_font().color(&WHITE);
    for (r, (_, scores)) in rows.iter().enumerate() {
        let y = top + r as i32 * cell_h;
        for (d, score) in scores.iter().enumerate() {
            let x = left + d as i32 * cell_w;
            let colour = score.map_or(RGBColor(220, 220, 220), band_colour);
            let _ = area.draw(&Rectangle::new(
                [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                colour.filled(),
            ));
            if cell_h >= 14
                && let Some(score) = score
            {
                let text = format!("{score:.0}");
                let _ = area.draw_text(&text, &number, (x + 4, y + (cell_h - 11) / 2));
            }
        }
    }
}

/// `text` broken into at most `max_lines` lines no wider than `max_px`
/// (as `width_of` measures): at spaces where there are any, between any two
/// characters of Chinese; the last line ends in "…" when text is left over.
fn wrap_to_width(
    text: &str,
    max_px: i32,
    width_of: &dyn Fn(&str) -> i32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Words keep their trailing space so a line can be re-joined as written.
    let words: Vec<String> = if text.contains(' ') {
        text.split_inclusive(' ').map(str::to_owned).collect()
    } else {
        text.chars().map(String::from).collect()
    };
    for word in words {
        if width_of(format!("{line}{word}").trim_end()) <= max_px {
            line.push_str(&word);
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end().to_owned());
            line.clear();
        }
        // A word wider than the column on its own is cut between characters.
        for c in word.chars() {
            if !line.is_empty() && width_of(format!("{line}{c}").trim_end()) > max_px {
                lines.push(line.trim_end().to_owned());
                line.clear();
            }
            line.push(c);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines is at least one");
        while !last.is_empty() && width_of(&format!("{last}…")) > max_px {
            last.pop();
        }
        last.push('…');
    }
    lines
}
