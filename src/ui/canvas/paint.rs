//! Paints the design on the canvas: grid, links with arrows and locks, node boxes (servers list
//! their stack), and the overlay marks. Pure painting: reads, never edits. Only what is visible
//! is painted, and detail drops when zoomed far out.

use egui::{
    Align2, Color32, CornerRadius, FontFamily, FontId, Painter, Pos2, Rect, Shape, Stroke,
    StrokeKind, Ui, Vec2, pos2, text::LayoutJob, vec2,
};

use super::geometry::{ViewTransform, link_ends, node_rect};
use super::marks::{Marks, format_qps};
use crate::model::{Component, Design, Kind, Link, LinkPurpose};
use crate::sim::RequestClass;
use crate::ui::icons;
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

impl PaintCtx<'_> {
    fn font(&self, canvas_size: f32) -> FontId {
        FontId::new(canvas_size * self.view.zoom, FontFamily::Proportional)
    }

    fn bold(&self, canvas_size: f32) -> FontId {
        FontId::new(
            canvas_size * self.view.zoom,
            FontFamily::Name("bold".into()),
        )
    }

    /// Text cut to `max_w` screen pixels with an ellipsis.
    fn text(
        &self,
        pos: Pos2,
        anchor: Align2,
        text: &str,
        font: FontId,
        color: Color32,
        max_w: f32,
    ) -> Rect {
        let mut job = LayoutJob::simple_singleline(text.to_owned(), font, color);
        job.wrap.max_width = max_w.max(1.0);
        job.wrap.max_rows = 1;
        job.wrap.break_anywhere = true;
        let galley = self.painter.layout_job(job);
        let rect = anchor.anchor_size(pos, galley.size());
        self.painter.galley(rect.min, galley, color);
        rect
    }

    fn icon(&self, source: egui::ImageSource<'static>, rect: Rect, tint: Color32) {
        egui::Image::new(source).tint(tint).paint_at(self.ui, rect);
    }

    /// A rounded pill with text, anchored at `pos`; returns its rect.
    fn pill(&self, pos: Pos2, anchor: Align2, text: &str, fill: Color32) -> Rect {
        let font = self.bold(size::SMALL);
        let galley = self
            .painter
            .layout_no_wrap(text.to_owned(), font, self.look.badge_text);
        let pad = vec2(5.0, 1.5) * self.view.zoom;
        let rect = anchor.anchor_size(pos, galley.size() + pad * 2.0);
        self.painter
            .rect_filled(rect, CornerRadius::same(255), fill);
        self.painter
            .galley(rect.min + pad, galley, self.look.badge_text);
        rect
    }
}

/// Paints the dot grid.
pub fn grid(p: &PaintCtx<'_>, clip: Rect) {
    let step = size::GRID * p.view.zoom;
    if step < 8.0 {
        return;
    }
    let start = p.view.to_canvas(clip.min);
    let x0 = (start.x / size::GRID).floor() * size::GRID;
    let y0 = (start.y / size::GRID).floor() * size::GRID;
    let nx = (clip.width() / step) as usize + 2;
    let ny = (clip.height() / step) as usize + 2;
    let r = (1.0 * p.view.zoom).clamp(0.6, 1.5);
    let mut shapes = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            let c = pos2(x0 + i as f32 * size::GRID, y0 + j as f32 * size::GRID);
            shapes.push(Shape::circle_filled(p.view.to_screen(c), r, p.look.grid));
        }
    }
    p.painter.extend(shapes);
}

/// Paints every visible link.
pub fn links(p: &PaintCtx<'_>, design: &Design, clip: Rect) {
    for (i, link) in design.links.iter().enumerate() {
        let Some((a, b)) = link_ends(design, link) else {
            continue;
        };
        let (sa, sb) = (p.view.to_screen(a), p.view.to_screen(b));
        if !clip.intersects(Rect::from_two_pos(sa, sb).expand(8.0)) {
            continue;
        }
        paint_link(p, link, i, sa, sb);
    }
}

fn paint_link(p: &PaintCtx<'_>, link: &Link, index: usize, a: Pos2, b: Pos2) {
    let z = p.view.zoom;
    let aux = matches!(
        link.purpose,
        LinkPurpose::Monitors | LinkPurpose::MonitoringData | LinkPurpose::DnsLookup
    );
    let qps = p.marks.link_qps.get(index).copied().unwrap_or(0.0);
    let flagged = p.flags.tls
        && p.marks
            .link_plaintext_after_tls
            .get(index)
            .copied()
            .unwrap_or(false);
    let mut width = if aux { 1.0 } else { 1.6 };
    if p.flags.qps && qps > 0.0 && p.marks.max_link_qps > 0.0 {
        width += 4.0 * ((1.0 + qps).ln() / (1.0 + p.marks.max_link_qps).ln()) as f32;
    }
    let width = (width * z.sqrt()).max(0.8);
    let mut color = if aux { p.look.aux_link } else { p.look.link };
    if p.flags.tls && !aux && link.encrypted() {
        color = p.look.encrypted;
    }
    if flagged {
        color = p.look.plaintext;
    }
    if p.selection.link == Some(index) {
        p.painter.line_segment(
            [a, b],
            Stroke::new(width + 5.0, p.look.selection.gamma_multiply(0.35)),
        );
    }
    let stroke = Stroke::new(width, color);
    let dir = (b - a).normalized();
    let head = (9.0 * z.sqrt()).max(5.0) + width;
    let tip_base = b - dir * head;
    if flagged
        || link.purpose == LinkPurpose::Monitors
        || link.purpose == LinkPurpose::MonitoringData
    {
        let (dash, gap) = if flagged { (8.0, 5.0) } else { (3.0, 4.0) };
        p.painter.extend(Shape::dashed_line(
            &[a, tip_base],
            stroke,
            dash * z.sqrt(),
            gap * z.sqrt(),
        ));
    } else {
        p.painter.line_segment([a, tip_base], stroke);
    }
    let normal = vec2(-dir.y, dir.x) * head * 0.45;
    p.painter.add(Shape::convex_polygon(
        vec![b, tip_base + normal, tip_base - normal],
        color,
        Stroke::NONE,
    ));
    if p.flags.tls && !aux && z >= 0.35 {
        let mid = a + (b - a) * 0.5;
        let r = 9.0 * z;
        p.painter.circle_filled(mid, r + 1.0, p.look.canvas_bg);
        let (icon, tint) = if link.encrypted() {
            (icons::lock_closed(), p.look.encrypted)
        } else if flagged {
            (icons::lock_open(), p.look.plaintext)
        } else {
            (icons::lock_open(), p.look.muted)
        };
        p.icon(
            icon,
            Rect::from_center_size(mid, Vec2::splat(2.0 * r)),
            tint,
        );
        if z >= 0.7 {
            let label_pos = mid + vec2(r + 3.0, 0.0);
            let mut text = format!("{} {}", link.protocol.label(), link.port);
            if p.flags.qps && qps > 0.0 {
                text = format!("{text} · {} qps", format_qps(qps));
            }
            let font = p.font(size::SMALL);
            let galley = p.painter.layout_no_wrap(text, font, p.look.muted);
            // Only where the label fits beside the link, clear of the boxes.
            if a.distance(b) > 2.0 * (galley.size().x + r + 6.0 * z) {
                let rect = Align2::LEFT_CENTER.anchor_size(label_pos, galley.size());
                p.painter
                    .rect_filled(rect.expand(1.0), 2.0, p.look.canvas_bg.gamma_multiply(0.85));
                p.painter.galley(rect.min, galley, p.look.muted);
            }
        }
    }
}

/// Paints every visible component.
pub fn nodes(p: &PaintCtx<'_>, design: &Design, clip: Rect) {
    for c in &design.components {
        let r = p.view.rect_to_screen(node_rect(c));
        if !clip.intersects(r.expand(24.0 * p.view.zoom)) {
            continue;
        }
        node(p, c, r);
    }
}

fn node(p: &PaintCtx<'_>, c: &Component, r: Rect) {
    let z = p.view.zoom;
    let look = p.look;
    let marks = p.marks.node(c.id.as_str());
    let selected = p.selection.contains(c.id.as_str());
    let hovered = p.hovered == Some(c.id.as_str());
    let spof = p.flags.spof && marks.is_some_and(|m| !m.spof.is_empty());
    let corner = CornerRadius::same((size::CORNER * z).round().clamp(0.0, 255.0) as u8);

    if spof {
        p.painter.rect_stroke(
            r.expand(4.0 * z),
            corner,
            Stroke::new(2.5 * z.max(0.5), look.spof),
            StrokeKind::Outside,
        );
    }
    p.painter.rect_filled(r, corner, look.node_fill);
    let server = matches!(c.kind, Kind::Server(_));
    if server && z >= 0.3 {
        let header = Rect::from_min_size(r.min, vec2(r.width(), size::HEADER_H * z));
        p.painter.rect_filled(
            header,
            CornerRadius {
                nw: corner.nw,
                ne: corner.ne,
                sw: 0,
                se: 0,
            },
            look.node_header,
        );
    }
    let outline = if selected {
        Stroke::new(2.5, look.selection)
    } else if hovered {
        Stroke::new(1.8, look.hover)
    } else {
        Stroke::new(1.2, look.node_stroke)
    };
    p.painter
        .rect_stroke(r, corner, outline, StrokeKind::Inside);
    if z < 0.3 {
        return;
    }

    // Icon and title.
    let pad = 8.0 * z;
    let icon_size = size::ICON * z;
    let head_h = if server {
        size::HEADER_H * z
    } else {
        r.height()
    };
    let icon_rect = Rect::from_center_size(
        pos2(r.left() + pad + icon_size / 2.0, r.top() + head_h / 2.0),
        Vec2::splat(icon_size),
    );
    p.icon(icons::kind(c.tag()), icon_rect, look.icon);
    let text_x = icon_rect.right() + 6.0 * z;
    let text_w = r.right() - pad - text_x;
    if server {
        p.text(
            pos2(text_x, r.top() + head_h / 2.0),
            Align2::LEFT_CENTER,
            &c.name,
            p.bold(size::TITLE),
            look.text,
            text_w,
        );
        for (i, svc) in c.kind.services().iter().enumerate() {
            let y = r.top() + head_h + (3.0 + size::ROW_H * (i as f32 + 0.5)) * z;
            let small = 14.0 * z;
            let ir = Rect::from_center_size(
                pos2(r.left() + pad + small / 2.0 + 2.0 * z, y),
                Vec2::splat(small),
            );
            p.icon(icons::service(svc.kind), ir, look.muted);
            let label = if svc.product.is_empty() {
                svc.kind.label().to_owned()
            } else {
                svc.product.clone()
            };
            let tx = ir.right() + 6.0 * z;
            let used = p.text(
                pos2(tx, y),
                Align2::LEFT_CENTER,
                &label,
                p.font(size::SMALL + 0.5),
                look.text,
                r.right() - pad - tx,
            );
            let role = svc.database.as_ref().map_or_else(
                || svc.kind.label().to_owned(),
                |db| db.role.label().to_owned(),
            );
            let rx = used.right() + 6.0 * z;
            if r.right() - pad - rx > 20.0 * z {
                p.text(
                    pos2(r.right() - pad, y),
                    Align2::RIGHT_CENTER,
                    &role,
                    p.font(size::SMALL),
                    look.muted,
                    r.right() - pad - rx,
                );
            }
        }
    } else {
        let subtitle = subtitle(c);
        let cy = r.center().y;
        p.text(
            pos2(text_x, cy - 1.0 * z),
            Align2::LEFT_BOTTOM,
            &c.name,
            p.bold(size::TITLE),
            look.text,
            text_w,
        );
        p.text(
            pos2(text_x, cy + 2.0 * z),
            Align2::LEFT_TOP,
            &subtitle,
            p.font(size::SMALL),
            look.muted,
            text_w,
        );
    }

    // Badges above the box, left to right.
    let mut x = r.left();
    let y = r.top() - 3.0 * z;
    let mut badge = |text: &str, fill: Color32| {
        let rect = p.pill(pos2(x, y), Align2::LEFT_BOTTOM, text, fill);
        x = rect.right() + 3.0 * z;
    };
    if spof && let Some(m) = marks {
        let classes: Vec<&str> = m
            .spof
            .iter()
            .map(|c| match c {
                RequestClass::Read => "R",
                RequestClass::Write => "W",
            })
            .collect();
        badge(&format!("SPOF {}", classes.join("/")), look.spof);
    }
    if p.flags.tls && c.tls.mode.decrypts() {
        badge("TLS ends", look.encrypted);
    }
    if p.flags.exposure
        && let Some(m) = marks
    {
        if m.exposed {
            badge("exposed", look.bad);
        }
        if m.unmonitored {
            badge("unmonitored", look.warn);
        }
    }

    if marks.is_some_and(|m| m.failed) {
        failed_mark(p, r, corner);
    }

    // QPS under the box.
    if p.flags.qps
        && let Some(m) = marks
        && let Some(served) = m.served_qps
    {
        let util = m.utilization;
        let color = if m.lost_qps > 0.5 {
            look.bad
        } else {
            look.utilization(util)
        };
        let text = if util > 0.0 {
            format!("{} qps · {:.0} %", format_qps(served), util * 100.0)
        } else {
            format!("{} qps", format_qps(served))
        };
        let pos = pos2(r.left(), r.bottom() + 3.0 * z);
        let dot = Rect::from_center_size(pos + vec2(4.0 * z, 7.0 * z), Vec2::splat(8.0 * z));
        p.painter.circle_filled(dot.center(), 4.0 * z, color);
        p.text(
            pos + vec2(11.0 * z, 0.0),
            Align2::LEFT_TOP,
            &text,
            p.font(size::SMALL),
            color,
            r.width(),
        );
    }
}

/// Greys a component that a drill failed and crosses it out.
fn failed_mark(p: &PaintCtx<'_>, r: Rect, corner: CornerRadius) {
    let z = p.view.zoom;
    let veil = if p.look.dark {
        Color32::from_black_alpha(150)
    } else {
        Color32::from_white_alpha(170)
    };
    p.painter.rect_filled(r, corner, veil);
    let stroke = Stroke::new(3.0 * z.max(0.5), p.look.bad);
    let c = r.center();
    let d = 0.25 * r.height().min(r.width());
    p.painter
        .line_segment([c + vec2(-d, -d), c + vec2(d, d)], stroke);
    p.painter
        .line_segment([c + vec2(-d, d), c + vec2(d, -d)], stroke);
}

/// The second line of a plain node: kind and product.
fn subtitle(c: &Component) -> String {
    let mut s = c.tag().label().to_owned();
    if let Some(product) = c.kind.product() {
        s = format!("{s} · {product}");
    }
    if let Kind::Database(db) = &c.kind {
        s = format!("{s} · {}", db.role.label());
    }
    if c.replicas > 1 {
        s = format!("{s} ×{}", c.replicas);
    }
    s
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

/// Paints a message bubble at the pointer (a refused link).
pub fn bubble(p: &PaintCtx<'_>, at: Pos2, text: &str) {
    let font = FontId::proportional(12.5);
    let galley = p.painter.layout(text.to_owned(), font, p.look.text, 320.0);
    let rect = Rect::from_min_size(at + vec2(14.0, 14.0), galley.size()).expand(6.0);
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
