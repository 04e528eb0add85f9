//! Animated traffic while a drill plays: dots moving along each request link in its direction,
//! as many as the log of the link's QPS (capped per link and in total, so thousands of links
//! stay cheap), red for the share of requests that fail on the link.
//!
//! [`traffic_dots`] is pure (paths, flows, animation time in, dots out) and knows nothing of
//! egui; [`paint_traffic`] draws its answer. The animation clock is the drill's, so paused
//! dots stand still and nothing here asks for a repaint.

use egui::{Painter, Rect, pos2};

use super::super::canvas::geometry::ViewTransform;
use super::super::look::Look;
use crate::model::Point;
use crate::scene::LinkPath;
use crate::sim::TrafficReport;
use crate::theme::{Theme, ThemeMode};

/// Traffic on one design link for one tick.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LinkFlow {
    /// Requests per second sent along it.
    pub qps: f64,
    /// Of those, requests per second that fail.
    pub failed_qps: f64,
}

/// The flow on every design link of a traffic report, indexed by design link (zero for links
/// that carry no requests).
pub fn link_flows(link_count: usize, traffic: &TrafficReport) -> Vec<LinkFlow> {
    let mut flows = vec![LinkFlow::default(); link_count];
    for l in &traffic.links {
        let slot = &mut flows[l.link];
        slot.qps += l.qps;
        slot.failed_qps += l.failed_qps;
    }
    flows
}

/// Most dots on one link (reached at 10,000 qps).
pub const MAX_DOTS_PER_LINK: usize = 12;
/// Most dots on the whole canvas; above this every link gets proportionally fewer.
pub const MAX_DOTS_TOTAL: usize = 4_000;
/// Dots per decade of QPS (1 qps → 1 dot, 10 → 4, 100 → 7, 1,000 → 10).
const DOTS_PER_DECADE: f64 = 3.0;
/// How fast a dot travels, canvas units per second of animation time.
pub const DOT_SPEED_PX_S: f64 = 80.0;
/// Dot radius at zoom 1, canvas units.
const DOT_RADIUS_PX: f32 = 3.0;
/// How far dots stay from the ends of a link, canvas units.
const END_GAP_PX: f64 = 6.0;
/// Closest spacing of dots on one link, canvas units (short links get fewer dots).
pub const MIN_DOT_GAP_PX: f64 = 14.0;

/// One dot to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    /// The design link it runs along.
    pub link: usize,
    /// Where it is, canvas units.
    pub at: Point,
    /// Whether it stands for failing requests (drawn red).
    pub failed: bool,
}

/// How many dots a link carrying `qps` shows before the total cap: 0 for no traffic, else
/// grows with log10(1 + qps), at least 1, at most [`MAX_DOTS_PER_LINK`].
pub fn dots_for_qps(qps: f64) -> usize {
    if !qps.is_finite() || qps <= 0.0 {
        return 0;
    }
    let n = ((1.0 + qps).log10() * DOTS_PER_DECADE).ceil();
    (n.max(1.0) as usize).min(MAX_DOTS_PER_LINK)
}

/// The dots of every link at animation time `t_s`.
///
/// `paths` and `flows` are indexed by design link (`flows` holds zero for links that carry no
/// requests). A link with `n` dots spaces them evenly along its path and moves them from its
/// source to its target at [`DOT_SPEED_PX_S`]; a share of them, spread evenly, is red:
/// `failed_qps / qps` rounded, at least one when anything fails.
///
/// # Complexity
/// O(L + D·S) for L links, D dots (at most about [`MAX_DOTS_TOTAL`] plus one per busy link)
/// and S segments per path.
pub fn traffic_dots(paths: &[Option<LinkPath>], flows: &[LinkFlow], t_s: f64) -> Vec<Dot> {
    let wanted: Vec<usize> = flows.iter().map(|f| dots_for_qps(f.qps)).collect();
    let total: usize = wanted.iter().sum();
    let scale = if total > MAX_DOTS_TOTAL {
        MAX_DOTS_TOTAL as f64 / total as f64
    } else {
        1.0
    };
    let t_s = if t_s.is_finite() { t_s } else { 0.0 };
    let mut dots = Vec::with_capacity(total.min(MAX_DOTS_TOTAL + flows.len()));
    for (link, ((path, flow), &n)) in paths.iter().zip(flows).zip(&wanted).enumerate() {
        let Some(path) = path else { continue };
        if n == 0 {
            continue;
        }
        let length = f64::from(path.length());
        if length <= 0.0 {
            continue;
        }
        let room = (length / MIN_DOT_GAP_PX).floor() as usize;
        let n = ((n as f64 * scale).floor() as usize).min(room).max(1);
        let share = (flow.failed_qps / flow.qps).clamp(0.0, 1.0);
        let mut red = (share * n as f64).round() as usize;
        if flow.failed_qps > 0.0 {
            red = red.max(1);
        }
        let red = red.min(n);
        // Dots run between the ends, clear of the boxes' borders.
        let pad = (length / 4.0).min(END_GAP_PX);
        let start = (t_s * DOT_SPEED_PX_S / length).rem_euclid(1.0);
        for k in 0..n {
            let phase = (start + k as f64 / n as f64).rem_euclid(1.0);
            let along = (pad + phase * (length - 2.0 * pad)) / length;
            let Some((at, _)) = path.point_at(along as f32) else {
                continue;
            };
            // Spread the red dots evenly among the n.
            let failed = (k + 1) * red / n > k * red / n;
            dots.push(Dot { link, at, failed });
        }
    }
    dots
}

use crate::ui::look::color32 as colour;

/// Paints `dots` inside `clip` (screen), in the theme's dot colours for `look`, each with a
/// thin rim of the canvas colour so it reads on any link colour. Healthy dots under a label
/// in `labels` (canvas units) are left out so the label stays readable; red ones are always
/// drawn, since on a short link the label may cover nearly all of it.
pub fn paint_traffic(
    painter: &Painter,
    view: ViewTransform,
    clip: Rect,
    dots: &[Dot],
    labels: &crate::scene::RectIndex,
    look: &Look,
) {
    let theme = Theme::for_mode(if look.dark {
        ThemeMode::Dark
    } else {
        ThemeMode::Light
    });
    let ok = colour(theme.palette.traffic_dot);
    let bad = colour(theme.palette.traffic_dot_failed);
    let radius = (DOT_RADIUS_PX * view.zoom).clamp(1.5, 6.0);
    let rim = egui::Stroke::new(1.0, look.canvas_bg);
    let clip = clip.expand(radius);
    let r = radius / view.zoom.max(0.01);
    for d in dots {
        let p = view.to_screen(pos2(d.at.x, d.at.y));
        if !clip.contains(p) {
            continue;
        }
        let around =
            crate::scene::Rect::from_min_size(Point::new(d.at.x - r, d.at.y - r), 2.0 * r, 2.0 * r);
        if !d.failed && labels.any(&around, |_| true) {
            continue;
        }
        painter.circle(p, radius, if d.failed { bad } else { ok }, rim);
    }
}

/// The link paths of the last design layout, rebuilt only when the revision or the layout
/// changes (not on every drill tick).
#[derive(Debug, Default)]
pub struct LinkPathCache {
    key: Option<(u64, u64)>,
    paths: Vec<Option<LinkPath>>,
}

impl LinkPathCache {
    /// The paths of `design` at `revision` and `layout` (bumped when boxes move).
    pub fn get(
        &mut self,
        design: &crate::model::Design,
        revision: u64,
        layout: u64,
    ) -> &[Option<LinkPath>] {
        if self.key != Some((revision, layout)) {
            let m = super::super::canvas::geometry::metrics();
            self.paths = crate::scene::link_paths(design, &m);
            self.key = Some((revision, layout));
        }
        &self.paths
    }
}
