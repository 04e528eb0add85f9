//! Geometry shared by the canvas and the exported images: how big a component is, where its
//! service rows are, and where a link runs (border to border, arrow at the target).
//!
//! Pure functions of the design and the bundled font metrics; no egui, no analysis.

use std::collections::BTreeMap;

use super::index::RectIndex;
use super::text::{text_width, truncate};
use crate::model::{Component, Design, Kind, KindTag, Link, Point, Service, ServiceKind, Size};
use crate::theme::Metrics;

/// An axis-aligned rectangle in canvas units.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Top-left corner.
    pub min: Point,
    /// Bottom-right corner.
    pub max: Point,
}

impl Rect {
    /// The rectangle of size `size` centred on `centre`.
    pub fn from_centre(centre: Point, size: Size) -> Self {
        Self {
            min: Point::new(centre.x - size.w / 2.0, centre.y - size.h / 2.0),
            max: Point::new(centre.x + size.w / 2.0, centre.y + size.h / 2.0),
        }
    }

    /// The rectangle with top-left `min`, width `w` and height `h`.
    pub fn from_min_size(min: Point, w: f32, h: f32) -> Self {
        Self {
            min,
            max: Point::new(min.x + w, min.y + h),
        }
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// Centre.
    pub fn centre(&self) -> Point {
        Point::new(
            (self.min.x + self.max.x) / 2.0,
            (self.min.y + self.max.y) / 2.0,
        )
    }

    /// Grown by `by` on every side (shrunk when negative).
    pub fn expand(&self, by: f32) -> Self {
        Self {
            min: Point::new(self.min.x - by, self.min.y - by),
            max: Point::new(self.max.x + by, self.max.y + by),
        }
    }

    /// Whether `p` lies inside (borders included).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// Whether the two rectangles overlap (touching does not count).
    pub fn intersects(&self, other: &Self) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Self) -> Self {
        Self {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }
}

/// The kind's product, or the kind's label when it has none.
fn product_or_kind(kind: &Kind) -> &str {
    kind.product().unwrap_or(kind.tag().label())
}

/// The small line under a component's name: kind or product, and replicas.
pub fn subtitle(component: &Component) -> String {
    let name = component.name.to_lowercase();
    let named = |product: &str| name.contains(&product.to_lowercase());
    let kind = match &component.kind {
        Kind::Users => "Internet clients".to_owned(),
        Kind::Firewall(fw) => match fw.rules.len() {
            1 => "Firewall · 1 rule".to_owned(),
            n => format!("Firewall · {n} rules"),
        },
        Kind::Database(db) => {
            let role = match db.role {
                crate::model::DatabaseRole::MultiPrimaryMember => "multi-primary",
                other => other.label(),
            };
            format!("{} {role}", db.engine)
        }
        Kind::MonitoringClient(_) => match component.kind.product() {
            Some(p) => format!("{p} agent"),
            None => "Monitoring agent".to_owned(),
        },
        // The number that decides what the kind does to traffic, in percent.
        Kind::Cache(c) => format!(
            "{} · {:.0} % hits",
            product_or_kind(&component.kind),
            c.hit_ratio * 100.0
        ),
        Kind::Cdn(c) => format!(
            "{} · {:.0} % at edge{}",
            product_or_kind(&component.kind),
            c.edge_share() * 100.0,
            if c.serve_stale { " · stale" } else { "" }
        ),
        Kind::Queue(q) => format!(
            "{} · {}",
            product_or_kind(&component.kind),
            q.protocol.label()
        ),
        other => match other.product() {
            Some(p) if !named(p) => p.to_owned(),
            _ => other.tag().label().to_owned(),
        },
    };
    if component.replicas > 1 {
        format!("{kind} · ×{}", component.replicas)
    } else {
        kind
    }
}

/// The role shown after a service's product on a server row ("primary", "web server");
/// empty when the product already says it.
pub fn service_role(service: &Service) -> String {
    let role = match (service.kind, &service.database) {
        (ServiceKind::Database, Some(db)) => match db.role {
            crate::model::DatabaseRole::MultiPrimaryMember => "multi-primary",
            other => other.label(),
        },
        (ServiceKind::WebServer, _) => "web server",
        (ServiceKind::AppServer, _) => "app server",
        (ServiceKind::AppFiles, _) => "code",
        (ServiceKind::Database, None) => "database",
        (ServiceKind::Other, _) => "service",
    };
    if service.product.to_lowercase().contains(role) {
        String::new()
    } else {
        role.to_owned()
    }
}

/// The product shown on a server row (the kind's label when the product is empty).
pub fn service_product(service: &Service) -> &str {
    if service.product.is_empty() {
        service.kind.label()
    } else {
        &service.product
    }
}

/// Width reserved at the right of a service row for its utilisation bar.
pub fn row_status_width(m: &Metrics) -> f32 {
    m.padding_px + 26.0
}

/// Width a service row's content needs.
fn row_content_width(service: &Service, m: &Metrics) -> f32 {
    let role = service_role(service);
    let role_w = if role.is_empty() {
        0.0
    } else {
        5.0 + text_width(&role, m.small_font_px, false)
    };
    m.padding_px
        + m.small_icon_px
        + 6.0
        + text_width(service_product(service), m.small_font_px, false)
        + role_w
        + row_status_width(m)
}

/// Room for the name and subtitle in a header of width `w`.
pub fn header_text_room(w: f32, m: &Metrics) -> f32 {
    w - header_text_x(m) - m.padding_px + 2.0
}

/// Where header text starts, from the left edge of the box.
pub fn header_text_x(m: &Metrics) -> f32 {
    m.padding_px + m.icon_px + 7.0
}

/// The name broken into at most two lines that fit `room` (the last truncated with "…").
pub fn wrap_name(name: &str, room: f32, m: &Metrics) -> Vec<String> {
    let size = m.name_font_px;
    if text_width(name, size, true) <= room {
        return vec![name.to_owned()];
    }
    let mut first = String::new();
    let mut rest = name;
    for (i, _) in name.match_indices(' ') {
        let candidate = name.get(..i).unwrap_or_default();
        if text_width(candidate, size, true) <= room {
            first = candidate.to_owned();
            rest = name.get(i + 1..).unwrap_or_default();
        } else {
            break;
        }
    }
    if first.is_empty() {
        return vec![truncate(name, size, true, room)];
    }
    vec![first, truncate(rest.trim(), size, true, room)]
}

fn name_truncated(name: &str, room: f32, m: &Metrics) -> bool {
    wrap_name(name, room, m).last().is_some_and(|l| {
        l.ends_with(super::text::ELLIPSIS) && !name.ends_with(super::text::ELLIPSIS)
    })
}

/// Height of the header: one or two name lines plus the subtitle.
fn header_height(lines: usize, m: &Metrics) -> f32 {
    if lines > 1 {
        m.header_height_px + m.name_line_px
    } else {
        m.header_height_px
    }
}

/// The size a component is drawn at: its `size` when the user set one, else sized to its
/// content (a server is a box listing its stack, one row per service).
pub fn node_size_with(component: &Component, m: &Metrics) -> Size {
    if let Some(size) = component.size
        && size.w.is_finite()
        && size.h.is_finite()
        && size.w > 1.0
        && size.h > 1.0
    {
        return size;
    }
    let services = component.kind.services();
    let mut w = m.node_width_px;
    if component.tag() == KindTag::Server {
        for s in services {
            w = w.max(row_content_width(s, m));
        }
        w = w.min(m.node_max_width_px);
    }
    // Widen a little when the name does not fit on two lines.
    while w < m.node_max_width_px && name_truncated(&component.name, header_text_room(w, m), m) {
        w += 10.0;
    }
    let lines = wrap_name(&component.name, header_text_room(w, m), m).len();
    let header = header_height(lines, m);
    let h = if component.tag() == KindTag::Server && !services.is_empty() {
        header + m.service_row_px * services.len() as f32 + m.padding_px + 2.0
    } else {
        header + (m.node_height_px - m.header_height_px)
    };
    Size { w: w.ceil(), h }
}

/// [`node_size_with`] for the default theme metrics.
pub fn node_size(component: &Component) -> Size {
    node_size_with(component, &crate::theme::Theme::light().metrics)
}

/// The rectangle a component occupies, centred on its position.
pub fn node_rect_with(component: &Component, m: &Metrics) -> Rect {
    Rect::from_centre(component.position, node_size_with(component, m))
}

/// [`node_rect_with`] for the default theme metrics.
pub fn node_rect(component: &Component) -> Rect {
    node_rect_with(component, &crate::theme::Theme::light().metrics)
}

/// The header of a node: the whole box for plain components, the top band for servers.
pub fn header_rect(component: &Component, m: &Metrics) -> Rect {
    let r = node_rect_with(component, m);
    if component.kind.services().is_empty() {
        r
    } else {
        Rect {
            min: r.min,
            max: Point::new(
                r.max.x,
                (r.min.y + header_height(name_lines(component, m).len(), m)).min(r.max.y),
            ),
        }
    }
}

/// The name as drawn: one or two lines fitted to the box.
pub fn name_lines(component: &Component, m: &Metrics) -> Vec<String> {
    let r = node_rect_with(component, m);
    wrap_name(&component.name, header_text_room(r.width(), m), m)
}

/// The row of service `index` on a server.
pub fn service_row_rect_at(component: &Component, index: usize, m: &Metrics) -> Rect {
    let r = node_rect_with(component, m);
    let top = header_rect(component, m).max.y + m.service_row_px * index as f32;
    Rect {
        min: Point::new(r.min.x, top),
        max: Point::new(r.max.x, top + m.service_row_px),
    }
}

/// The row of the service `service_id` on a server, if it has that service.
pub fn service_row_rect(component: &Component, service_id: &str, m: &Metrics) -> Option<Rect> {
    let index = component
        .kind
        .services()
        .iter()
        .position(|s| s.id == service_id)?;
    Some(service_row_rect_at(component, index, m))
}

/// Where a link runs.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkPath {
    /// The polyline from the source border to the target border (at least two points); the
    /// arrow head sits at the last point.
    pub points: Vec<Point>,
}

impl LinkPath {
    /// Total length of the polyline.
    pub fn length(&self) -> f32 {
        self.segments().map(|(a, b)| dist(a, b)).sum()
    }

    fn segments(&self) -> impl Iterator<Item = (Point, Point)> + '_ {
        self.points.windows(2).filter_map(|w| match w {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
    }

    /// The point at fraction `t` (0..=1) of the length, and the unit direction there.
    pub fn point_at(&self, t: f32) -> Option<(Point, Point)> {
        let mut left = self.length() * t.clamp(0.0, 1.0);
        let mut last = None;
        for (a, b) in self.segments() {
            let len = dist(a, b);
            if len <= 0.0 {
                continue;
            }
            let dir = Point::new((b.x - a.x) / len, (b.y - a.y) / len);
            if left <= len {
                return Some((Point::new(a.x + dir.x * left, a.y + dir.y * left), dir));
            }
            left -= len;
            last = Some((b, dir));
        }
        last
    }

    /// Distance from `p` to the polyline (for hit-testing on the canvas).
    pub fn distance_to(&self, p: Point) -> f32 {
        self.segments()
            .map(|(a, b)| segment_distance(p, a, b))
            .fold(f32::INFINITY, f32::min)
    }

    /// Whether any segment crosses `rect`.
    pub fn crosses(&self, rect: &Rect) -> bool {
        self.segments().any(|(a, b)| segment_hits_rect(a, b, rect))
    }
}

fn dist(a: Point, b: Point) -> f32 {
    ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt()
}

fn segment_distance(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    dist(p, Point::new(a.x + dx * t, a.y + dy * t))
}

/// Whether the segment `a`–`b` passes through `rect` (Liang–Barsky clipping).
pub fn segment_hits_rect(a: Point, b: Point, rect: &Rect) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let mut t0 = 0.0_f32;
    let mut t1 = 1.0_f32;
    for (p, q) in [
        (-dx, a.x - rect.min.x),
        (dx, rect.max.x - a.x),
        (-dy, a.y - rect.min.y),
        (dy, rect.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Where the ray from `from` (inside `rect`) towards `towards` leaves the rectangle.
pub fn clip_to_border(rect: &Rect, from: Point, towards: Point) -> Point {
    let (dx, dy) = (towards.x - from.x, towards.y - from.y);
    let tx = if dx > 0.0 {
        (rect.max.x - from.x) / dx
    } else if dx < 0.0 {
        (rect.min.x - from.x) / dx
    } else {
        f32::INFINITY
    };
    let ty = if dy > 0.0 {
        (rect.max.y - from.y) / dy
    } else if dy < 0.0 {
        (rect.min.y - from.y) / dy
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty);
    if t.is_finite() && (0.0..=1.0).contains(&t) {
        Point::new(from.x + dx * t, from.y + dy * t)
    } else {
        from
    }
}

/// Distance between parallel links of the same pair of components.
const PARALLEL_GAP_PX: f32 = 12.0;
/// How far a bracket between two stacked services reaches out from the boxes.
const BRACKET_REACH_PX: f32 = 26.0;
/// Sideways distances tried when a straight link would cross another box.
const DETOURS_PX: [f32; 10] = [
    40.0, -40.0, 70.0, -70.0, 100.0, -100.0, 140.0, -140.0, 190.0, -190.0,
];

/// Links longer than this run straight even when they cross boxes.
const MAX_DETOURED_LENGTH_PX: f32 = 2500.0;

struct End<'a> {
    component: &'a Component,
    rect: Rect,
    row: Option<Rect>,
}

fn end<'a>(
    component: Option<&'a Component>,
    endpoint: &crate::model::Endpoint,
    m: &Metrics,
) -> Option<End<'a>> {
    let component = component?;
    let rect = node_rect_with(component, m);
    let row = endpoint
        .service
        .as_deref()
        .and_then(|s| service_row_rect(component, s, m));
    Some(End {
        component,
        rect,
        row,
    })
}

/// The path of every link, in link order (`None` for a link whose ends do not resolve or
/// coincide). Parallel links between the same two components are spread apart, and links
/// that would run under another box bend around it.
pub fn link_paths(design: &Design, m: &Metrics) -> Vec<Option<LinkPath>> {
    // Group links by unordered component pair to spread parallel ones.
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, l) in design.links.iter().enumerate() {
        let (a, b) = (l.from.component.as_str(), l.to.component.as_str());
        let key = if a <= b { (a, b) } else { (b, a) };
        groups.entry(key).or_default().push(i);
    }
    let mut offsets = vec![0.0_f32; design.links.len()];
    for members in groups.values() {
        let n = members.len() as f32;
        for (k, &i) in members.iter().enumerate() {
            if let Some(slot) = offsets.get_mut(i) {
                *slot = (k as f32 - (n - 1.0) / 2.0) * PARALLEL_GAP_PX;
            }
        }
    }
    let mut by_id: BTreeMap<&str, (usize, &Component)> = BTreeMap::new();
    let mut boxes = RectIndex::default();
    for (i, c) in design.components.iter().enumerate() {
        by_id.insert(c.id.as_str(), (i, c));
        boxes.insert(node_rect_with(c, m).expand(-2.0), i);
    }
    design
        .links
        .iter()
        .zip(offsets)
        .map(|(l, offset)| {
            let from = by_id.get(l.from.component.as_str()).copied();
            let to = by_id.get(l.to.component.as_str()).copied();
            let ends = [from.map(|f| f.0), to.map(|t| t.0)];
            let blocked = |path: &LinkPath| {
                path.points.windows(2).any(|w| match w {
                    [a, b] => boxes.hit_by_segment(*a, *b, |tag| !ends.contains(&Some(tag))),
                    _ => false,
                })
            };
            route(from.map(|f| f.1), to.map(|t| t.1), l, offset, &blocked, m)
        })
        .collect()
}

/// The path of one link, shifted sideways by `offset_px` (for parallel links).
pub fn link_path(design: &Design, link: &Link, offset_px: f32, m: &Metrics) -> Option<LinkPath> {
    link_path_avoiding(design, link, offset_px, &[], m)
}

/// [`link_path`], bending around `obstacles` when the straight line would cross one.
pub fn link_path_avoiding(
    design: &Design,
    link: &Link,
    offset_px: f32,
    obstacles: &[Rect],
    m: &Metrics,
) -> Option<LinkPath> {
    let blocked = |path: &LinkPath| obstacles.iter().any(|r| path.crosses(r));
    route(
        design.component(link.from.component.as_str()),
        design.component(link.to.component.as_str()),
        link,
        offset_px,
        &blocked,
        m,
    )
}

fn route(
    from: Option<&Component>,
    to: Option<&Component>,
    link: &Link,
    offset_px: f32,
    blocked: &dyn Fn(&LinkPath) -> bool,
    m: &Metrics,
) -> Option<LinkPath> {
    let from = end(from, &link.from, m)?;
    let to = end(to, &link.to, m)?;
    if from.component.id == to.component.id && from.row.is_none() && to.row.is_none() {
        return None;
    }
    let (cf, ct) = (from.rect.centre(), to.rect.centre());
    let stacked = (cf.x - ct.x).abs() < (from.rect.width() + to.rect.width()) / 4.0;
    // Two services on boxes above one another: a bracket out to the right.
    if stacked && let (Some(rf), Some(rt)) = (from.row, to.row) {
        let x0 = from.rect.max.x;
        let x1 = to.rect.max.x;
        let reach = x0.max(x1) + BRACKET_REACH_PX + 1.5 * offset_px;
        let (yf, yt) = (rf.centre().y, rt.centre().y);
        return Some(LinkPath {
            points: vec![
                Point::new(x0, yf),
                Point::new(reach, yf),
                Point::new(reach, yt),
                Point::new(x1, yt),
            ],
        });
    }
    let anchor = |e: &End<'_>, other: Point| -> Point {
        match e.row {
            Some(row) => {
                let y = row.centre().y;
                let x = if other.x >= e.rect.centre().x {
                    e.rect.max.x
                } else {
                    e.rect.min.x
                };
                Point::new(x, y)
            }
            None => e.rect.centre(),
        }
    };
    let a = anchor(&from, ct);
    let b = anchor(&to, cf);
    // Perpendicular shift for parallel links.
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return None;
    }
    let (nx, ny) = (-dy / len, dx / len);
    let a = Point::new(a.x + nx * offset_px, a.y + ny * offset_px);
    let b = Point::new(b.x + nx * offset_px, b.y + ny * offset_px);
    // The ends on the borders, leaving towards `next` and arriving from `prev`.
    let ends_via = |next: Point, prev: Point| -> (Point, Point) {
        let start = if from.row.is_some() {
            a
        } else {
            clip_to_border(&from.rect, a, next)
        };
        let stop = if to.row.is_some() {
            b
        } else {
            clip_to_border(&to.rect, b, prev)
        };
        (start, stop)
    };
    let (start, stop) = ends_via(b, a);
    let straight = LinkPath {
        points: vec![start, stop],
    };
    // A detour of a few box widths cannot help a line across the whole diagram.
    if len > MAX_DETOURED_LENGTH_PX || !blocked(&straight) {
        return Some(straight);
    }
    let mid = Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
    for d in DETOURS_PX {
        let via = Point::new(mid.x + nx * d, mid.y + ny * d);
        let (s, e) = ends_via(via, via);
        let bent = LinkPath {
            points: vec![s, via, e],
        };
        if !blocked(&bent) && !from.rect.contains(via) && !to.rect.contains(via) {
            return Some(bent);
        }
    }
    Some(straight)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::reference_design;

    #[test]
    fn servers_are_taller_than_plain_boxes() {
        let d = reference_design().unwrap();
        let m = crate::theme::Theme::light().metrics;
        let server = d.component("server-1").unwrap();
        let lb = d.component("lb").unwrap();
        assert!(node_size_with(server, &m).h > node_size_with(lb, &m).h + 60.0);
        let row = service_row_rect(server, "mysql", &m).unwrap();
        assert!(node_rect_with(server, &m).contains(row.centre()));
    }

    #[test]
    fn links_run_border_to_border() {
        let d = reference_design().unwrap();
        let m = crate::theme::Theme::light().metrics;
        let paths = link_paths(&d, &m);
        assert_eq!(paths.len(), d.links.len());
        for (l, p) in d.links.iter().zip(&paths) {
            let p = p.as_ref().unwrap();
            let from = node_rect_with(d.component(l.from.component.as_str()).unwrap(), &m);
            let to = node_rect_with(d.component(l.to.component.as_str()).unwrap(), &m);
            let first = p.points.first().unwrap();
            let last = p.points.last().unwrap();
            assert!(from.expand(0.5).contains(*first) && !from.expand(-0.5).contains(*first));
            assert!(to.expand(0.5).contains(*last) && !to.expand(-0.5).contains(*last));
        }
    }

    #[test]
    fn user_size_wins() {
        let mut c = Component::new("x", "X", KindTag::Dns, Point::new(0.0, 0.0));
        c.size = Some(Size { w: 300.0, h: 90.0 });
        assert_eq!(node_size(&c), Size { w: 300.0, h: 90.0 });
    }
}
