//! The radar of a scorecard: the agent's dimension scores against the
//! team's means.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::charts::FONT;

/// A radar: one axis per dimension, 0 at the centre and 100 at the rim;
/// the agent filled, the team's mean as a line.
pub fn draw_radar<DB: DrawingBackend>(
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
            .map_or((7 * fitted.chars().count() as u32, 12), |size| size);
        let _ = area.draw_text(
            &fitted,
            &label_style,
            (x - width as i32 / 2, y - height as i32 / 2),
        );
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
