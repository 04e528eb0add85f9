//! Paints what the canvas adds around the graph `GraphView` draws: the dot grid under it, and
//! over it the selection and hover outlines, connect handles, the link being drawn, the
//! rubber band and refusal bubbles. Pure painting: reads, never edits.

use egui::{CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Ui, pos2, vec2};

use super::geometry::{ViewTransform, node_rect};
use super::marks::Marks;
use crate::model::Design;
use crate::ui::look::{Look, size};
use crate::ui::state::Selection;

/// Which overlays to paint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct OverlayFlags {
    /// SPOF rings and badges.
    pub spof: bool,
    /// Locks and plaintext hops.
    pub tls: bool,
    /// QPS labels and link widths.
    pub qps: bool,
    /// Unmonitored and exposed marks.
    pub exposure: bool,
}

/// Everything painting needs for one frame.
pub struct PaintCtx<'a> {
    /// The ui (icons paint through it).
    pub ui: &'a Ui,
    /// Clipped to the canvas.
    pub painter: &'a Painter,
    /// Pan and zoom.
    pub view: ViewTransform,
    /// Colours.
    pub look: &'a Look,
    /// Overlay marks.
    pub marks: &'a Marks,
    /// Which overlays are on.
    pub flags: OverlayFlags,
    /// The selection.
    pub selection: &'a Selection,
    /// The component under the pointer.
    pub hovered: Option<&'a str>,
}

/// Paints the dot grid.
pub fn grid(painter: &Painter, view: ViewTransform, look: &Look, clip: Rect) {
    let step = size::GRID * view.zoom;
    if step < 8.0 {
        return;
    }
    let start = view.to_canvas(clip.min);
    let x0 = (start.x / size::GRID).floor() * size::GRID;
    let y0 = (start.y / size::GRID).floor() * size::GRID;
    let nx = (clip.width() / step) as usize + 2;
    let ny = (clip.height() / step) as usize + 2;
    let r = (1.0 * view.zoom).clamp(0.6, 1.5);
    let mut shapes = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            let c = pos2(x0 + i as f32 * size::GRID, y0 + j as f32 * size::GRID);
            shapes.push(Shape::circle_filled(view.to_screen(c), r, look.grid));
        }
    }
    painter.extend(shapes);
}

/// Outlines the selected and hovered components and the selected link.
pub fn highlights(p: &PaintCtx<'_>, design: &Design, clip: Rect) {
    let z = p.view.zoom;
    for c in &design.components {
        let selected = p.selection.contains(c.id.as_str());
        let hovered = p.hovered == Some(c.id.as_str());
        if !selected && !hovered {
            continue;
        }
        let r = p.view.rect_to_screen(node_rect(c)).expand(2.0);
        if !clip.intersects(r) {
            continue;
        }
        let corner = CornerRadius::same((size::CORNER * z + 2.0).round().clamp(0.0, 255.0) as u8);
        let stroke = if selected {
            Stroke::new(2.5, p.look.selection)
        } else {
            Stroke::new(1.5, p.look.hover)
        };
        p.painter
            .rect_stroke(r, corner, stroke, StrokeKind::Outside);
    }
    if let Some(path) = p
        .selection
        .link
        .and_then(|i| design.links.get(i))
        .and_then(|l| {
            crate::scene::geometry::link_path(design, l, 0.0, &super::geometry::metrics())
        })
    {
        let pts: Vec<Pos2> = path
            .points
            .iter()
            .map(|q| p.view.to_screen(pos2(q.x, q.y)))
            .collect();
        p.painter.add(Shape::line(
            pts,
            Stroke::new(7.0, p.look.selection.gamma_multiply(0.35)),
        ));
    }
}

/// Paints the rubber band of a box selection.
pub fn selection_box(p: &PaintCtx<'_>, rect: Rect) {
    p.painter.rect(
        rect,
        2.0,
        p.look.selection_fill,
        Stroke::new(1.0, p.look.selection),
        StrokeKind::Inside,
    );
}

/// Paints the connect handle of a node.
pub fn handle(p: &PaintCtx<'_>, at: Pos2, active: bool) {
    let r = size::HANDLE_R * p.view.zoom.clamp(0.6, 1.5);
    p.painter.circle(
        at,
        r,
        if active {
            p.look.handle
        } else {
            p.look.node_fill
        },
        Stroke::new(2.0, p.look.handle),
    );
}

/// Paints the line of a link being drawn.
pub fn connect_preview(p: &PaintCtx<'_>, from: Pos2, to: Pos2, refused: bool) {
    let color = if refused {
        p.look.plaintext
    } else {
        p.look.handle
    };
    p.painter.extend(Shape::dashed_line(
        &[from, to],
        Stroke::new(2.0, color),
        6.0,
        4.0,
    ));
    p.painter.circle_filled(to, 4.0, color);
}

/// The outline of the selected text note (`r` in screen points).
pub fn note_highlight(p: &PaintCtx<'_>, r: Rect) {
    p.painter.rect_stroke(
        r.expand(3.0),
        3.0,
        Stroke::new(2.0, p.look.selection),
        StrokeKind::Outside,
    );
}

/// An alignment guide from `a` to `b` (screen points).
pub fn guide(p: &PaintCtx<'_>, a: Pos2, b: Pos2) {
    p.painter
        .line_segment([a, b], Stroke::new(1.0, p.look.selection));
}

/// A message bubble near `at`, inside the canvas.
pub fn bubble(p: &PaintCtx<'_>, at: Pos2, text: &str) {
    let font = FontId::proportional(12.5);
    let galley = p.painter.layout(text.to_owned(), font, p.look.text, 320.0);
    let rect = Rect::from_min_size(at + vec2(14.0, 14.0), galley.size()).expand(6.0);
    // Kept inside the canvas: near the right or bottom edge it opens to the other side.
    let clip = p.painter.clip_rect().shrink(4.0);
    let rect = rect.translate(vec2(
        (clip.right() - rect.right())
            .min(0.0)
            .max(clip.left() - rect.left()),
        (clip.bottom() - rect.bottom())
            .min(0.0)
            .max(clip.top() - rect.top()),
    ));
    p.painter.rect(
        rect,
        4.0,
        p.look.refusal_fill,
        Stroke::new(1.0, p.look.plaintext),
        StrokeKind::Inside,
    );
    p.painter
        .galley(rect.min + vec2(6.0, 6.0), galley, p.look.text);
}
