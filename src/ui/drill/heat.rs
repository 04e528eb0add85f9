//! The blast-radius heat map on the canvas: each component tinted by what failing it alone
//! costs (the share of its worse request class no longer served), cold for nothing, hot for
//! everything, with a small colour-ramp legend.
//!
//! The losses come from [`crate::sim::drill::blast_radius`] once per design revision (the
//! drill mode caches them); painting only looks them up.

use std::collections::BTreeMap;

use egui::{Align2, CornerRadius, FontId, Painter, Rect, Stroke, StrokeKind, pos2, vec2};

use super::super::canvas::geometry::{ViewTransform, node_rect};
use super::super::look::Look;
use crate::model::Design;
use crate::sim::drill::BlastRadius;
use crate::theme::{Rgba, Theme, ThemeMode};

/// Share of requests lost per component id, 0..=1 (the worse class).
pub type HeatMap = BTreeMap<String, f64>;

/// The words of a heat map's legend: what the colour means, and its two ends.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatLegend {
    /// What the colour measures.
    pub caption: String,
    /// The cold end.
    pub low: String,
    /// The hot end.
    pub high: String,
}

impl HeatLegend {
    /// The drill's blast-radius heat map.
    pub fn blast_radius() -> Self {
        Self {
            caption: "Heat: served lost if it fails alone".to_owned(),
            low: "0 %".to_owned(),
            high: "100 %".to_owned(),
        }
    }
}

/// A heat map to paint, with its legend.
#[derive(Debug, Clone, Copy)]
pub struct HeatView<'a> {
    /// Heat per component id, 0..=1.
    pub map: &'a HeatMap,
    /// Its legend's words.
    pub legend: &'a HeatLegend,
}

/// Alpha of the tint laid over a component's box.
const TINT_ALPHA: u8 = 70;

/// The loss of each component in `rows`: 1 − its worse served share.
pub fn heat_of(rows: &[BlastRadius]) -> HeatMap {
    rows.iter()
        .map(|r| {
            let loss = 1.0 - r.worst();
            let loss = if loss.is_finite() {
                loss.clamp(0.0, 1.0)
            } else {
                0.0
            };
            (r.id.clone(), loss)
        })
        .collect()
}

/// The heat colour of component `id`: components the blast radius leaves out (users,
/// monitoring) lose nothing and sit at the cold end.
pub fn heat_colour_of(heat: &HeatMap, id: &str, theme: &Theme) -> Rgba {
    theme.heat_colour(heat.get(id).copied().unwrap_or(0.0))
}

use crate::ui::look::color32 as colour;

fn theme_of(look: &Look) -> Theme {
    Theme::for_mode(if look.dark {
        ThemeMode::Dark
    } else {
        ThemeMode::Light
    })
}

/// Tints every component of `design` by its heat, with an outline in the full colour.
pub fn paint_heat(
    painter: &Painter,
    view: ViewTransform,
    design: &Design,
    heat: &HeatMap,
    look: &Look,
) {
    let theme = theme_of(look);
    let width = (3.0 * view.zoom).clamp(1.5, 5.0);
    for c in &design.components {
        let rgba = heat_colour_of(heat, c.id.as_str(), &theme);
        let r = view.rect_to_screen(node_rect(c)).expand(width);
        let radius =
            CornerRadius::same((theme.metrics.node_radius_px * view.zoom).clamp(2.0, 12.0) as u8);
        painter.rect_filled(r, radius, colour(rgba.with_alpha(TINT_ALPHA)));
        painter.rect_stroke(
            r,
            radius,
            Stroke::new(width, colour(rgba)),
            StrokeKind::Outside,
        );
    }
}

/// Width of the heat legend's colour ramp, points.
const RAMP_W: f32 = 160.0;
/// Inner margin of the heat legend, points.
const PAD: f32 = 8.0;

/// The size of the heat legend's box, points (the canvas places it).
pub const HEAT_LEGEND_SIZE: egui::Vec2 = vec2(RAMP_W + 2.0 * PAD, 54.0);

/// The heat legend in `box_rect` (of [`HEAT_LEGEND_SIZE`], placed by the canvas away from the
/// components): the colour ramp from `legend.low` to `legend.high`.
pub fn paint_heat_legend(painter: &Painter, box_rect: Rect, look: &Look, legend: &HeatLegend) {
    let theme = theme_of(look);
    let p = &theme.palette;
    let (w, h, pad) = (RAMP_W, 12.0, PAD);
    painter.rect(
        box_rect,
        CornerRadius::same(4),
        colour(p.legend_fill),
        Stroke::new(1.0, colour(p.node_separator)),
        StrokeKind::Inside,
    );
    let font = FontId::proportional(11.0);
    let top = box_rect.min + vec2(pad, pad);
    painter.text(
        top,
        Align2::LEFT_TOP,
        &legend.caption,
        font.clone(),
        colour(p.text),
    );
    let ramp = Rect::from_min_size(top + vec2(0.0, 16.0), vec2(w, h));
    let steps = 32;
    for i in 0..steps {
        let x0 = ramp.left() + w * i as f32 / steps as f32;
        let x1 = ramp.left() + w * (i + 1) as f32 / steps as f32;
        let loss = (f64::from(i) + 0.5) / f64::from(steps);
        painter.rect_filled(
            Rect::from_min_max(pos2(x0, ramp.top()), pos2(x1, ramp.bottom())),
            0.0,
            colour(theme.heat_colour(loss)),
        );
    }
    let below = ramp.bottom() + 2.0;
    painter.text(
        pos2(ramp.left(), below),
        Align2::LEFT_TOP,
        &legend.low,
        font.clone(),
        colour(p.muted_text),
    );
    painter.text(
        pos2(ramp.right(), below),
        Align2::RIGHT_TOP,
        &legend.high,
        font,
        colour(p.muted_text),
    );
}
