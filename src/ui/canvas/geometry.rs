//! Where things are on the canvas, in canvas units: node boxes, link ends, the connect handle,
//! hit tests, and the view transform (pan and zoom) between canvas and screen.

use egui::{Pos2, Rect, pos2};

use crate::model::{Component, Design, Endpoint};

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

/// The metrics the scene lays boxes out with (the same in light and dark).
pub fn metrics() -> crate::theme::Metrics {
    crate::theme::Theme::light().metrics
}

/// A component's box in canvas units: the shared scene's layout.
pub fn node_rect(c: &Component) -> Rect {
    scene_rect(crate::scene::node_rect(c))
}

/// A scene rectangle (canvas units) as an egui one.
pub fn scene_rect(r: crate::scene::Rect) -> Rect {
    Rect::from_min_max(pos2(r.min.x, r.min.y), pos2(r.max.x, r.max.y))
}

/// Where the connect handle of a component is, in canvas units (the middle of its right edge).
pub fn handle_pos(c: &Component) -> Pos2 {
    let r = node_rect(c);
    pos2(r.right(), r.center().y)
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
    let q = crate::model::Point::new(p.x, p.y);
    crate::scene::link_paths(design, &metrics())
        .iter()
        .enumerate()
        .filter_map(|(i, path)| {
            let d = path.as_ref()?.distance_to(q);
            (d <= tolerance).then_some((i, d))
        })
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(i, _)| i)
}

/// The endpoint under canvas point `p`: a service row of a server box, or the component.
pub fn endpoint_at(design: &Design, p: Pos2) -> Option<Endpoint> {
    let c = component_at(design, p)?;
    let m = metrics();
    let hit = c.kind.services().iter().enumerate().find(|(i, _)| {
        let r = crate::scene::geometry::service_row_rect_at(c, *i, &m);
        r.contains(crate::model::Point::new(p.x, p.y))
    });
    Some(match hit {
        Some((_, svc)) => Endpoint::service(c.id.as_str(), svc.id.as_str()),
        None => Endpoint::component(c.id.as_str()),
    })
}

/// The bounding box of every component and zone, if any.
pub fn bounds(design: &Design) -> Option<Rect> {
    design
        .components
        .iter()
        .map(node_rect)
        .chain(
            design
                .zones
                .iter()
                .map(|z| scene_rect(crate::scene::zone_rect(z))),
        )
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
}
