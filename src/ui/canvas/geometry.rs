//! Where things are on the canvas, in canvas units: node boxes, link ends, the connect handle,
//! hit tests, and the view transform (pan and zoom) between canvas and screen.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use crate::model::{Component, Design, Endpoint, Link};
use crate::ui::look::size;

/// Pan and zoom of the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewTransform {
    /// Screen position of the canvas origin.
    pub origin: Pos2,
    /// Screen pixels per canvas unit.
    pub zoom: f32,
}

impl Default for ViewTransform {
    fn default() -> Self {
        Self {
            origin: pos2(0.0, 0.0),
            zoom: 1.0,
        }
    }
}

/// Zoom limits.
pub const MIN_ZOOM: f32 = 0.05;
/// Zoom limits.
pub const MAX_ZOOM: f32 = 4.0;

impl ViewTransform {
    /// Canvas → screen.
    pub fn to_screen(&self, p: Pos2) -> Pos2 {
        self.origin + p.to_vec2() * self.zoom
    }

    /// Screen → canvas.
    pub fn to_canvas(&self, p: Pos2) -> Pos2 {
        ((p - self.origin) / self.zoom).to_pos2()
    }

    /// A canvas rectangle on screen.
    pub fn rect_to_screen(&self, r: Rect) -> Rect {
        Rect::from_min_max(self.to_screen(r.min), self.to_screen(r.max))
    }

    /// Zooms by `factor` keeping the screen point `around` fixed.
    pub fn zoom_around(&mut self, factor: f32, around: Pos2) {
        let new_zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let canvas = self.to_canvas(around);
        self.zoom = new_zoom;
        self.origin = around - canvas.to_vec2() * new_zoom;
    }

    /// Shows `bounds` (canvas units) centred in `screen`, not zooming in past 1.
    pub fn fit(&mut self, bounds: Rect, screen: Rect) {
        let bounds = bounds.expand(40.0);
        let zoom = (screen.width() / bounds.width().max(1.0))
            .min(screen.height() / bounds.height().max(1.0))
            .clamp(MIN_ZOOM, 1.0);
        self.zoom = zoom;
        self.origin = screen.center() - bounds.center().to_vec2() * zoom;
    }

    /// Centres the view on canvas point `p` without zooming.
    pub fn centre_on(&mut self, p: Pos2, screen: Rect) {
        self.origin = screen.center() - p.to_vec2() * self.zoom;
    }
}

/// The centre of a component.
pub fn centre(c: &Component) -> Pos2 {
    pos2(c.position.x, c.position.y)
}

/// The size of a component's box.
pub fn node_size(c: &Component) -> Vec2 {
    if let Some(s) = c.size {
        return vec2(s.w.max(40.0), s.h.max(30.0));
    }
    let services = c.kind.services().len();
    if matches!(c.kind, crate::model::Kind::Server(_)) {
        vec2(
            size::NODE_W,
            size::HEADER_H + size::ROW_H * services.max(1) as f32 + 6.0,
        )
    } else {
        vec2(size::NODE_W, size::NODE_H)
    }
}

/// A component's box in canvas units.
pub fn node_rect(c: &Component) -> Rect {
    Rect::from_center_size(centre(c), node_size(c))
}

/// Where the connect handle of a component is, in canvas units (the middle of its right edge).
pub fn handle_pos(c: &Component) -> Pos2 {
    let r = node_rect(c);
    pos2(r.right(), r.center().y)
}

/// The point where the segment from the box's centre towards `towards` leaves the box.
pub fn boundary_point(r: Rect, towards: Pos2) -> Pos2 {
    let c = r.center();
    let d = towards - c;
    if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
        return c;
    }
    let half = r.size() / 2.0;
    let tx = if d.x.abs() > f32::EPSILON {
        half.x / d.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if d.y.abs() > f32::EPSILON {
        half.y / d.y.abs()
    } else {
        f32::INFINITY
    };
    c + d * tx.min(ty).min(1.0)
}

/// Where the ray from `from` (inside `r`) towards `towards` leaves `r`.
pub fn exit_point(r: Rect, from: Pos2, towards: Pos2) -> Pos2 {
    let d = towards - from;
    let tx = if d.x > f32::EPSILON {
        (r.right() - from.x) / d.x
    } else if d.x < -f32::EPSILON {
        (r.left() - from.x) / d.x
    } else {
        f32::INFINITY
    };
    let ty = if d.y > f32::EPSILON {
        (r.bottom() - from.y) / d.y
    } else if d.y < -f32::EPSILON {
        (r.top() - from.y) / d.y
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty);
    if t.is_finite() {
        from + d * t.clamp(0.0, 1.0)
    } else {
        from
    }
}

/// The point a link end is drawn from: the service's row on a server box, else the centre.
pub fn anchor(c: &Component, service: Option<&str>) -> Pos2 {
    let r = node_rect(c);
    if c.size.is_none()
        && let Some(i) = service.and_then(|s| c.kind.services().iter().position(|x| x.id == s))
    {
        return pos2(
            r.center().x,
            r.top() + size::HEADER_H + 3.0 + size::ROW_H * (i as f32 + 0.5),
        );
    }
    r.center()
}

/// The two ends of a link in canvas units, on the boxes' edges; `None` if an end is missing.
pub fn link_ends(design: &Design, link: &Link) -> Option<(Pos2, Pos2)> {
    let a = design.component(link.from.component.as_str())?;
    let b = design.component(link.to.component.as_str())?;
    let pa = anchor(a, link.from.service.as_deref());
    let pb = anchor(b, link.to.service.as_deref());
    Some((
        exit_point(node_rect(a), pa, pb),
        exit_point(node_rect(b), pb, pa),
    ))
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// The topmost component under canvas point `p`.
pub fn component_at(design: &Design, p: Pos2) -> Option<&Component> {
    design
        .components
        .iter()
        .rev()
        .find(|c| node_rect(c).contains(p))
}

/// The link nearest to canvas point `p` within `tolerance` canvas units.
pub fn link_at(design: &Design, p: Pos2, tolerance: f32) -> Option<usize> {
    design
        .links
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let (a, b) = link_ends(design, l)?;
            let d = distance_to_segment(p, a, b);
            (d <= tolerance).then_some((i, d))
        })
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(i, _)| i)
}

/// The endpoint under canvas point `p`: a service row of a server box, or the component.
pub fn endpoint_at(design: &Design, p: Pos2) -> Option<Endpoint> {
    let c = component_at(design, p)?;
    let services = c.kind.services();
    if matches!(c.kind, crate::model::Kind::Server(_)) && c.size.is_none() {
        let top = node_rect(c).top() + size::HEADER_H + 3.0;
        let row = ((p.y - top) / size::ROW_H).floor();
        if row >= 0.0
            && let Some(svc) = services.get(row as usize)
        {
            return Some(Endpoint::service(c.id.as_str(), svc.id.as_str()));
        }
    }
    Some(Endpoint::component(c.id.as_str()))
}

/// The bounding box of every component, if any.
pub fn bounds(design: &Design) -> Option<Rect> {
    design
        .components
        .iter()
        .map(node_rect)
        .reduce(|a, b| a.union(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transform_round_trips_and_zoom_keeps_pointer() {
        let mut t = ViewTransform {
            origin: pos2(100.0, 50.0),
            zoom: 1.5,
        };
        let p = pos2(33.0, -7.0);
        assert!((t.to_canvas(t.to_screen(p)) - p).length() < 1e-4);
        let around = pos2(400.0, 300.0);
        let before = t.to_canvas(around);
        t.zoom_around(2.0, around);
        assert!((t.to_canvas(around) - before).length() < 1e-3);
    }

    #[test]
    fn boundary_point_is_on_the_edge() {
        let r = Rect::from_center_size(pos2(0.0, 0.0), vec2(100.0, 50.0));
        assert_eq!(boundary_point(r, pos2(500.0, 0.0)), pos2(50.0, 0.0));
        assert_eq!(boundary_point(r, pos2(0.0, -500.0)), pos2(0.0, -25.0));
    }
}
