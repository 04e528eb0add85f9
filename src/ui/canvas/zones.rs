//! Zones on the canvas: where a pointer meets one (its label, its border, the resize grip of
//! the selected zone), and the selected zone's outline and grip, painted over the graph. The
//! rectangles come from the shared scene ([`crate::scene::zone_rect`],
//! [`crate::scene::zone_label_rect`]); nothing here edits the design.

use egui::{Pos2, Rect, Stroke, StrokeKind, vec2};

use super::geometry::{ViewTransform, metrics, scene_rect};
use super::paint::PaintCtx;
use crate::model::{Design, Zone};

/// Edge of the resize grip at a selected zone's bottom-right corner, screen points.
pub const GRIP_PX: f32 = 12.0;
/// How near the border (screen points) a press must come to take the zone.
pub const BORDER_REACH_PX: f32 = 6.0;

/// A zone's rectangle in canvas units.
pub fn zone_rect(zone: &Zone) -> Rect {
    scene_rect(crate::scene::zone_rect(zone))
}

/// A zone's label box in canvas units.
pub fn label_rect(zone: &Zone) -> Rect {
    scene_rect(crate::scene::zone_label_rect(zone, &metrics()))
}

/// Zones from the topmost drawn (innermost) to the bottom one.
fn topmost_first(design: &Design) -> impl Iterator<Item = usize> {
    crate::scene::zone_paint_order(design).into_iter().rev()
}

/// The zone whose label is under canvas point `p`.
pub fn label_at(design: &Design, p: Pos2) -> Option<usize> {
    topmost_first(design).find(|&z| label_rect(&design.zones[z]).contains(p))
}

/// The zone whose border runs within `reach` canvas units of `p`.
pub fn border_at(design: &Design, p: Pos2, reach: f32) -> Option<usize> {
    topmost_first(design).find(|&z| {
        let r = zone_rect(&design.zones[z]);
        r.expand(reach).contains(p) && !r.shrink(reach).contains(p)
    })
}

/// The zone a press at `p` takes: by its label, else by its border.
pub fn zone_at(design: &Design, p: Pos2, reach: f32) -> Option<usize> {
    label_at(design, p).or_else(|| border_at(design, p, reach))
}

/// The resize grip of `zone` on screen: a square at its bottom-right corner.
pub fn grip_rect(view: ViewTransform, zone: &Zone) -> Rect {
    let corner = view.to_screen(zone_rect(zone).right_bottom());
    Rect::from_center_size(
        corner - vec2(GRIP_PX, GRIP_PX) * 0.3,
        vec2(GRIP_PX, GRIP_PX),
    )
}

/// The outline and resize grip of the selected zone.
pub fn paint_selected(p: &PaintCtx<'_>, zone: &Zone) {
    let r = p.view.rect_to_screen(zone_rect(zone));
    p.painter.rect_stroke(
        r.expand(2.0),
        10.0 * p.view.zoom + 2.0,
        Stroke::new(2.5, p.look.selection),
        StrokeKind::Outside,
    );
    let grip = grip_rect(p.view, zone);
    p.painter.rect(
        grip,
        2.0,
        p.look.node_fill,
        Stroke::new(2.0, p.look.selection),
        StrokeKind::Inside,
    );
}

/// The zone under the pointer, outlined lightly (its label or border is what takes it).
pub fn paint_hovered(p: &PaintCtx<'_>, zone: &Zone) {
    let r = p.view.rect_to_screen(zone_rect(zone));
    p.painter.rect_stroke(
        r.expand(1.0),
        10.0 * p.view.zoom + 1.0,
        Stroke::new(1.5, p.look.hover),
        StrokeKind::Outside,
    );
}
