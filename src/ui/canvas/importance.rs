//! The availability overlay ("what to fix first"): each component tinted by what its failures
//! cost (the availability its worse class would gain if it never failed, from
//! [`crate::sim::availability`]), hot for the most, with the drill heat map's colour ramp; and
//! on hover, the pairs it stops a class with (order-2 cut sets), drawn as dashed lines to the
//! partner with the chance of that double failure.

use egui::{Align2, FontId, Painter, Stroke, pos2};

use super::geometry::{ViewTransform, metrics, node_rect, scene_rect};
use crate::model::{Component, Design};
use crate::sim::availability::ClassAvailability;
use crate::ui::drill::heat::{HeatLegend, HeatMap};
use crate::ui::look::Look;

/// Minutes in a (365-day) year.
const MINUTES_PER_YEAR: f64 = 365.0 * 24.0 * 60.0;

/// Per component or zone id, its largest gain over the classes, scaled so the largest is 1;
/// with the legend saying so. `None` when nothing would gain anything.
pub fn importance_heat(classes: &[ClassAvailability]) -> Option<(HeatMap, HeatLegend)> {
    let mut gain = HeatMap::new();
    for class in classes {
        for i in &class.importance {
            let g = gain.entry(i.component.clone()).or_insert(0.0);
            *g = g.max(i.gain);
        }
    }
    let max = gain.values().copied().fold(0.0, f64::max);
    if max <= 0.0 || !max.is_finite() {
        return None;
    }
    for g in gain.values_mut() {
        *g /= max;
    }
    let legend = HeatLegend {
        caption: "Availability gained if it never failed".to_owned(),
        low: "none".to_owned(),
        high: format!("+{:.1} min/year", max * MINUTES_PER_YEAR),
    };
    Some((gain, legend))
}

/// The pairs `hovered` stops a class with, as dashed lines from it to each partner (a
/// component, or a zone's label) labelled with the class and the pair's probability.
pub fn paint_pairs(
    painter: &Painter,
    view: ViewTransform,
    design: &Design,
    classes: &[ClassAvailability],
    hovered: &Component,
    look: &Look,
) {
    let from = view.rect_to_screen(node_rect(hovered)).center();
    let id = hovered.id.as_str();
    // Per partner: the classes the pair stops and the pair's probability (the same for
    // every class: both down at once).
    let mut partners: std::collections::BTreeMap<&str, (Vec<&str>, f64)> = Default::default();
    for class in classes {
        for cut in class.cuts.iter().filter(|c| c.components.len() == 2) {
            if !cut.components.iter().any(|c| c == id) {
                continue;
            }
            let Some(partner) = cut.components.iter().find(|c| c.as_str() != id) else {
                continue;
            };
            let entry = partners
                .entry(partner.as_str())
                .or_insert((Vec::new(), cut.probability));
            entry.0.push(match class.class {
                crate::sim::RequestClass::Read => "reads",
                crate::sim::RequestClass::Write => "writes",
            });
        }
    }
    let font = FontId::proportional(11.0);
    let stroke = Stroke::new(2.0, look.bad);
    let mut placed: Vec<egui::Rect> = Vec::new();
    for (partner, (stopped, probability)) in partners {
        let to = if let Some(c) = design.component(partner) {
            view.rect_to_screen(node_rect(c)).center()
        } else if let Some(z) = design.zones.iter().find(|z| z.id.as_str() == partner) {
            let r = crate::scene::zone_label_rect(z, &metrics());
            view.rect_to_screen(scene_rect(r)).center()
        } else {
            continue;
        };
        painter.extend(egui::Shape::dashed_line(&[from, to], stroke, 6.0, 4.0));
        // Near the partner's end, and below any label already placed there.
        let at = pos2(
            from.x + (to.x - from.x) * 0.75,
            from.y + (to.y - from.y) * 0.75,
        );
        let text = format!(
            "with `{partner}` stops {} (p = {probability:.1e})",
            stopped.join(" and ")
        );
        let galley = painter.layout_no_wrap(text, font.clone(), look.bad);
        let mut rect = Align2::CENTER_CENTER
            .anchor_size(at, galley.size())
            .expand(2.0);
        while placed.iter().any(|r| r.intersects(rect)) {
            rect = rect.translate(egui::vec2(0.0, rect.height() + 2.0));
        }
        placed.push(rect);
        painter.rect_filled(rect, 3.0, look.canvas_bg);
        painter.galley(rect.min + egui::vec2(2.0, 2.0), galley, look.bad);
    }
}
