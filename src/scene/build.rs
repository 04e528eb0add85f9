//! Builds a [`Scene`] from a design: zones, text notes, links (under the boxes), then components with
//! their overlay badges, then title and legend.

use std::collections::BTreeSet;

use super::geometry::{
    LinkPath, Rect, header_rect, header_text_room, header_text_x, link_paths, name_lines,
    node_rect_with, row_status_width, service_product, service_role, service_row_rect_at, subtitle,
};
use super::index::{RectIndex, SegmentIndex};
use super::legend::{legend_items, title_items};
use super::marks::{Marks, marks_from_analysis};
use super::text::{text_width, truncate};
use super::{Primitive, Scene, SceneItem, SceneItemOwner, SceneOptions, Stroke, TextAnchor};
use crate::model::{Component, Design, KindTag, Link, LinkPurpose, Point};
use crate::sim::{Analysis, RequestClass};
use crate::theme::{Rgba, Theme};

/// Builds the picture of `design`. Overlays need `analysis`; without one only the marks that
/// follow from the design itself are drawn (TLS termination, plaintext links).
pub fn build_scene(design: &Design, analysis: Option<&Analysis>, options: &SceneOptions) -> Scene {
    let marks = analysis
        .map(|a| marks_from_analysis(design, a))
        .unwrap_or_default();
    let visible = |id: &str| {
        options
            .selection
            .as_ref()
            .is_none_or(|sel| sel.contains(id))
    };
    let theme = &options.theme;
    let m = &theme.metrics;
    let mut items = Vec::new();
    // Zones first, under everything, outer before inner; then notes. An export of a
    // selection leaves both out.
    if options.selection.is_none() {
        for z in super::zone::zone_paint_order(design) {
            let zone = &design.zones[z];
            let spof = if options.overlays.spof {
                marks.spof_classes(zone.id.as_str())
            } else {
                BTreeSet::new()
            };
            items.extend(
                super::zone::zone_primitives(zone, &spof, theme)
                    .into_iter()
                    .map(|primitive| SceneItem {
                        owner: SceneItemOwner::Zone(zone.id.clone()),
                        primitive,
                    }),
            );
        }
        for (index, note) in design.notes.iter().enumerate() {
            items.extend(
                super::note::note_primitives(note, theme)
                    .into_iter()
                    .map(|primitive| SceneItem {
                        owner: SceneItemOwner::Note(index),
                        primitive,
                    }),
            );
        }
    }
    let mut nodes = RectIndex::default();
    for (i, c) in design.components.iter().enumerate() {
        if visible(c.id.as_str()) {
            nodes.insert(node_rect_with(c, m), i);
        }
    }
    let paths = link_paths(design, m);
    let max_qps = marks.link_qps.iter().copied().fold(0.0_f64, f64::max);
    let mut labels = RectIndex::default();
    let mut segments = SegmentIndex::default();
    for (index, (link, path)) in design.links.iter().zip(&paths).enumerate() {
        let Some(path) = path else { continue };
        if !visible(link.from.component.as_str()) || !visible(link.to.component.as_str()) {
            continue;
        }
        let qps = marks.link_qps.get(index).copied().unwrap_or(0.0);
        let ctx = LinkCtx {
            theme,
            overlays: options.overlays,
            qps,
            max_qps,
        };
        segments.insert_path(&path.points);
        let owner = SceneItemOwner::Link(index);
        for primitive in link_primitives(link, path, &ctx, &nodes, &mut labels) {
            items.push(SceneItem {
                owner: owner.clone(),
                primitive,
            });
        }
    }
    let obstacles = Obstacles {
        nodes,
        paths: segments,
        labels,
    };
    for (i, c) in design.components.iter().enumerate() {
        if !visible(c.id.as_str()) {
            continue;
        }
        let owner = SceneItemOwner::Component(c.id.clone());
        for primitive in component_primitives(c, i, &marks, options, &obstacles) {
            items.push(SceneItem {
                owner: owner.clone(),
                primitive,
            });
        }
    }
    let mut scene = Scene {
        items,
        background: theme.palette.background,
    };
    let diagram = scene.bounds();
    if options.title {
        scene.items.extend(title_items(design, &diagram, theme));
    }
    if options.legend {
        scene
            .items
            .extend(legend_items(design, &diagram, options, &marks));
    }
    scene
}

/// "R", "W" or "R/W".
pub(super) fn class_letters(classes: &BTreeSet<RequestClass>) -> String {
    classes
        .iter()
        .map(|c| match c {
            RequestClass::Read => "R",
            RequestClass::Write => "W",
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// "850 qps", "1.2k qps", "12k qps".
pub fn format_qps(qps: f64) -> String {
    if !qps.is_finite() || qps < 0.0 {
        "– qps".to_owned()
    } else if qps < 1000.0 {
        format!("{qps:.0} qps")
    } else if qps < 10_000.0 {
        format!("{:.1}k qps", qps / 1000.0)
    } else {
        format!("{:.0}k qps", qps / 1000.0)
    }
}

/// A pill-shaped badge with text, its left end at `x` (or right end when `from_right`), centred
/// vertically on `y`.
pub(super) fn badge(
    x: f32,
    y: f32,
    from_right: bool,
    text: &str,
    fill: Rgba,
    text_color: Rgba,
    theme: &Theme,
) -> (Rect, Vec<Primitive>) {
    let m = &theme.metrics;
    let w = text_width(text, m.badge_font_px, true) + 10.0;
    let h = m.badge_font_px + 6.0;
    let left = if from_right { x - w } else { x };
    let rect = Rect::from_min_size(Point::new(left, y - h / 2.0), w, h);
    let prims = vec![
        Primitive::Rect {
            rect,
            radius: h / 2.0,
            fill,
            stroke: Some(Stroke::solid(theme.palette.background, 1.0)),
        },
        Primitive::Text {
            pos: Point::new(left + w / 2.0, y + m.badge_font_px * 0.36),
            text: text.to_owned(),
            size: m.badge_font_px,
            color: text_color,
            anchor: TextAnchor::Middle,
            bold: true,
        },
    ];
    (rect, prims)
}

/// What a component's floating badges must not cover.
struct Obstacles {
    /// Boxes, tagged with their component index.
    nodes: RectIndex,
    paths: SegmentIndex,
    labels: RectIndex,
}

impl Obstacles {
    /// Whether `r` is clear of other boxes, labels, `badges` and link ends (and, when
    /// `strict`, of links altogether).
    fn free(&self, r: &Rect, own: usize, badges: &[Rect], strict: bool) -> bool {
        let grown = r.expand(2.0);
        let blocked = self.nodes.any(&grown, |tag| tag != own)
            || self.labels.any(&grown, |_| true)
            || badges.iter().any(|b| b.intersects(&grown))
            || (strict && self.paths.crosses(&grown))
            || self.paths.has_end_in(&grown.expand(4.0));
        !blocked
    }
}

fn component_primitives(
    c: &Component,
    index: usize,
    marks: &Marks,
    options: &SceneOptions,
    obstacles: &Obstacles,
) -> Vec<Primitive> {
    let theme = &options.theme;
    let (m, p) = (&theme.metrics, &theme.palette);
    let ov = options.overlays;
    let rect = node_rect_with(c, m);
    let tag = c.tag();
    let down = marks.traffic(c.id.as_str()).is_some_and(|t| t.down);
    let (fill, accent, text_color, muted) = if down {
        (p.background, p.failed, p.failed, p.failed)
    } else {
        (
            theme.node_fill(tag),
            theme.node_accent(tag),
            p.text,
            p.muted_text,
        )
    };
    let mut out = Vec::new();
    let spof = if ov.spof {
        marks.spof_classes(c.id.as_str())
    } else {
        BTreeSet::new()
    };
    // A firewall dropping needed traffic is marked as loudly as a SPOF (a broken design must
    // not look cleaner than a working one).
    let blocks = ov.spof && marks.blocking.contains(c.id.as_str());
    if !spof.is_empty() || blocks {
        let gap = m.ring_gap_px;
        out.push(Primitive::Rect {
            rect: rect.expand(gap),
            radius: m.node_radius_px + gap,
            fill: Rgba::TRANSPARENT,
            stroke: Some(Stroke::solid(p.spof, m.ring_px)),
        });
    }
    out.push(Primitive::Rect {
        rect,
        radius: m.node_radius_px,
        fill,
        stroke: Some(Stroke {
            color: accent,
            width: m.node_stroke_px,
            dash: down.then_some(m.dash_px),
        }),
    });
    // Header: icon, name, subtitle.
    let header = header_rect(c, m);
    let hc = header.centre().y;
    out.push(Primitive::Icon {
        name: tag.key(),
        rect: Rect::from_min_size(
            Point::new(rect.min.x + m.padding_px, hc - m.icon_px / 2.0),
            m.icon_px,
            m.icon_px,
        ),
        tint: accent,
    });
    let text_x = rect.min.x + header_text_x(m);
    let room = header_text_room(rect.width(), m);
    let lines = name_lines(c, m);
    let block = lines.len() as f32 * m.name_line_px + 13.0;
    let block_top = hc - block / 2.0;
    for (i, line) in lines.into_iter().enumerate() {
        out.push(Primitive::Text {
            pos: Point::new(text_x, block_top + 10.5 + i as f32 * m.name_line_px),
            text: line,
            size: m.name_font_px,
            color: text_color,
            anchor: TextAnchor::Start,
            bold: true,
        });
    }
    out.push(Primitive::Text {
        pos: Point::new(text_x, block_top + block - 2.5),
        text: truncate(&subtitle(c), m.small_font_px, false, room),
        size: m.small_font_px,
        color: muted,
        anchor: TextAnchor::Start,
        bold: false,
    });
    // Service rows.
    let services = c.kind.services();
    if tag == KindTag::Server && !services.is_empty() {
        out.push(Primitive::Polyline {
            points: vec![
                Point::new(rect.min.x + 1.0, header.max.y),
                Point::new(rect.max.x - 1.0, header.max.y),
            ],
            stroke: Stroke::solid(p.node_separator, 1.0),
        });
    }
    for (i, s) in services.iter().enumerate() {
        let row = service_row_rect_at(c, i, m);
        if row.max.y > rect.max.y + 0.5 {
            break;
        }
        let key = format!("{}/{}", c.id, s.id);
        let row_down = marks.traffic(&key).is_some_and(|t| t.down) || down;
        let (row_text, row_muted, row_accent) = if row_down {
            (p.failed, p.failed, p.failed)
        } else {
            (text_color, muted, theme.node_accent(KindTag::Server))
        };
        let cy = row.centre().y;
        if ov.spof && marks.spof.contains_key(&key) {
            out.push(Primitive::Rect {
                rect: Rect {
                    min: Point::new(row.min.x + 3.0, row.min.y + 1.0),
                    max: Point::new(row.max.x - 3.0, row.max.y - 1.0),
                },
                radius: 4.0,
                fill: p.spof.with_alpha(28),
                stroke: Some(Stroke::solid(p.spof, 1.5)),
            });
        }
        out.push(Primitive::Icon {
            name: s.kind.key(),
            rect: Rect::from_min_size(
                Point::new(row.min.x + m.padding_px, cy - m.small_icon_px / 2.0),
                m.small_icon_px,
                m.small_icon_px,
            ),
            tint: row_accent,
        });
        let x0 = row.min.x + m.padding_px + m.small_icon_px + 6.0;
        let room = row.max.x - row_status_width(m) - x0;
        let product = truncate(service_product(s), m.small_font_px, false, room);
        let pw = text_width(&product, m.small_font_px, false);
        let baseline = cy + m.small_font_px * 0.36;
        out.push(Primitive::Text {
            pos: Point::new(x0, baseline),
            text: product,
            size: m.small_font_px,
            color: row_text,
            anchor: TextAnchor::Start,
            bold: false,
        });
        let role_room = room - pw - 5.0;
        if role_room > 12.0 {
            out.push(Primitive::Text {
                pos: Point::new(x0 + pw + 5.0, baseline),
                text: truncate(&service_role(s), m.small_font_px, false, role_room),
                size: m.small_font_px,
                color: row_muted,
                anchor: TextAnchor::Start,
                bold: false,
            });
        }
        if ov.qps
            && let Some(t) = marks.traffic(&key)
            && t.utilization > 0.0
            && t.utilization.is_finite()
        {
            let bar = Rect::from_min_size(
                Point::new(row.max.x - m.padding_px - 24.0, cy - 2.5),
                24.0,
                5.0,
            );
            out.extend(util_bar(bar, t.utilization, theme));
        }
    }
    let mut badges: Vec<Rect> = Vec::new();
    // Badges on the top border: TLS left, SPOF right.
    if ov.tls && c.tls.mode.decrypts() {
        let text = match c.tls.mode {
            crate::model::TlsMode::ReEncrypt => "TLS ↻",
            _ => "TLS ✂",
        };
        let (r, prims) = badge(
            rect.min.x + 8.0,
            rect.min.y,
            false,
            text,
            p.encrypted,
            p.badge_text,
            theme,
        );
        badges.push(r);
        out.extend(prims);
    }
    let mut right = rect.max.x - 8.0;
    if !spof.is_empty() {
        let text = format!("SPOF {}", class_letters(&spof));
        let (r, prims) = badge(right, rect.min.y, true, &text, p.spof, p.badge_text, theme);
        right = r.min.x - 4.0;
        badges.push(r);
        out.extend(prims);
    }
    if blocks {
        let (r, prims) = badge(
            right,
            rect.min.y,
            true,
            BLOCKS_BADGE,
            p.spof,
            p.badge_text,
            theme,
        );
        badges.push(r);
        out.extend(prims);
    }
    // Badges on the bottom border: unmonitored, exposed.
    if ov.monitoring {
        let mut x = rect.min.x + 8.0;
        let id = c.id.as_str();
        for (on, text, colour) in [
            (marks.unmonitored.contains(id), "unmonitored", p.warning),
            (marks.exposed.contains(id), "exposed", p.error),
        ] {
            if on {
                let (r, prims) = badge(x, rect.max.y, false, text, colour, p.badge_text, theme);
                badges.push(r);
                out.extend(prims);
                x = r.max.x + 4.0;
            }
        }
    }
    // QPS pill under the box.
    if ov.qps
        && let Some(t) = marks.traffic(c.id.as_str())
        && (t.served_qps > 0.0 || t.offered_qps > 0.0)
    {
        let header = header_rect(c, m);
        let text_right = name_lines(c, m)
            .iter()
            .map(|l| text_width(l, m.name_font_px, true))
            .chain([text_width(&subtitle(c), m.small_font_px, false)])
            .fold(0.0_f32, f32::max)
            + rect.min.x
            + header_text_x(m);
        let place = PillPlace {
            rect,
            header: (!services.is_empty()).then_some((header, text_right)),
        };
        out.extend(qps_pill(&place, t, theme, |r, strict| {
            obstacles.free(r, index, &badges, strict)
        }));
    }
    out
}

/// The badge on a firewall that drops traffic the design needs.
pub(crate) const BLOCKS_BADGE: &str = "BLOCKS";

fn util_bar(bar: Rect, utilization: f64, theme: &Theme) -> Vec<Primitive> {
    let p = &theme.palette;
    let frac = utilization.clamp(0.0, 1.0) as f32;
    vec![
        Primitive::Rect {
            rect: bar,
            radius: bar.height() / 2.0,
            fill: p.util_track,
            stroke: None,
        },
        Primitive::Rect {
            rect: Rect::from_min_size(
                bar.min,
                (bar.width() * frac).max(bar.height()),
                bar.height(),
            ),
            radius: bar.height() / 2.0,
            fill: theme.utilisation_colour(utilization),
            stroke: None,
        },
    ]
}

/// The served QPS and utilisation in a pill on the bottom border, or near the box where that
/// is free of links, labels and other boxes.
/// Where a QPS pill may go: around the box, or in a server's header right of its text.
struct PillPlace {
    rect: Rect,
    /// A server's header and the right end of its text.
    header: Option<(Rect, f32)>,
}

fn qps_pill(
    place: &PillPlace,
    t: &crate::sim::NodeTraffic,
    theme: &Theme,
    free: impl Fn(&Rect, bool) -> bool,
) -> Vec<Primitive> {
    let rect = &place.rect;
    let server = place.header.is_some();
    let (m, p) = (&theme.metrics, &theme.palette);
    let has_util = t.utilization > 0.0 && t.utilization.is_finite();
    let text = if has_util {
        format!(
            "{} · {:.0}%",
            format_qps(t.served_qps),
            (t.utilization * 100.0).min(999.0)
        )
    } else {
        format_qps(t.served_qps)
    };
    let tw = text_width(&text, m.badge_font_px, false);
    let bar_w = if has_util { 28.0 } else { 0.0 };
    let w = tw + 12.0 + if has_util { bar_w + 6.0 } else { 0.0 };
    let h = m.badge_font_px + 7.0;
    let (cx, inset) = (rect.centre().x, 8.0);
    let below = rect.max.y + 8.0;
    let straddle = rect.max.y - h / 2.0;
    let mut candidates = Vec::new();
    if let Some((header, text_right)) = place.header
        && text_right + 8.0 + w <= header.max.x - 6.0
    {
        candidates.push(Point::new(
            header.max.x - 6.0 - w,
            header.centre().y - h / 2.0,
        ));
    }
    if !server {
        candidates.push(Point::new(rect.max.x - inset - w, straddle));
        candidates.push(Point::new(rect.min.x + inset, straddle));
    }
    candidates.extend([
        Point::new(cx - w / 2.0, below),
        Point::new(rect.max.x - w, below),
        Point::new(rect.min.x, below),
        Point::new(cx - w / 2.0, rect.min.y - 12.0 - h),
    ]);
    let pill = candidates
        .iter()
        .map(|p| Rect::from_min_size(*p, w, h))
        .find(|r| free(r, true))
        .or_else(|| {
            candidates
                .iter()
                .map(|p| Rect::from_min_size(*p, w, h))
                .find(|r| free(r, false))
        })
        .unwrap_or_else(|| Rect::from_min_size(Point::new(cx - w / 2.0, below), w, h));
    let top = pill.min.y;
    let border = if has_util {
        theme.utilisation_colour(t.utilization)
    } else {
        p.node_separator
    };
    let mut out = vec![
        Primitive::Rect {
            rect: pill,
            radius: h / 2.0,
            fill: p.label_background,
            stroke: Some(Stroke::solid(border, 1.0)),
        },
        Primitive::Text {
            pos: Point::new(pill.min.x + 6.0, top + h / 2.0 + m.badge_font_px * 0.36),
            text,
            size: m.badge_font_px,
            color: p.text,
            anchor: TextAnchor::Start,
            bold: false,
        },
    ];
    if has_util {
        let bar = Rect::from_min_size(
            Point::new(pill.max.x - 6.0 - bar_w, top + h / 2.0 - 2.5),
            bar_w,
            5.0,
        );
        out.extend(util_bar(bar, t.utilization, theme));
    }
    out
}

struct LinkCtx<'a> {
    theme: &'a Theme,
    overlays: super::Overlays,
    qps: f64,
    max_qps: f64,
}

/// Colour, width and dash of a link.
fn link_style(link: &Link, ctx: &LinkCtx<'_>) -> Stroke {
    let (theme, m) = (ctx.theme, &ctx.theme.metrics);
    let request = link.purpose == LinkPurpose::Request;
    let mut stroke = Stroke::solid(theme.link_colour(link.purpose), m.link_width_px);
    if matches!(
        link.purpose,
        LinkPurpose::Monitors | LinkPurpose::MonitoringData
    ) {
        stroke.dash = Some(m.dot_px);
    }
    if ctx.overlays.tls && request {
        if link.encrypted() {
            stroke.color = theme.palette.encrypted;
        } else {
            stroke.color = theme.palette.plaintext;
            stroke.dash = Some(m.dash_px);
        }
    }
    if ctx.overlays.qps && request && ctx.qps > 0.0 && ctx.max_qps > 0.0 {
        let frac = ((1.0 + ctx.qps).ln() / (1.0 + ctx.max_qps).ln()).clamp(0.0, 1.0) as f32;
        stroke.width = m.link_width_px + (m.link_max_width_px - m.link_width_px) * frac;
    }
    stroke
}

fn link_primitives(
    link: &Link,
    path: &LinkPath,
    ctx: &LinkCtx<'_>,
    nodes: &RectIndex,
    placed: &mut RectIndex,
) -> Vec<Primitive> {
    let theme = ctx.theme;
    let m = &theme.metrics;
    let stroke = link_style(link, ctx);
    let mut out = Vec::new();
    let mut points = path.points.clone();
    let (Some(&tip), Some(&before)) = (points.last(), points.get(points.len().wrapping_sub(2)))
    else {
        return out;
    };
    let (dx, dy) = (tip.x - before.x, tip.y - before.y);
    let len = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / len, dy / len);
    let arrow_len = (m.arrow_length_px + stroke.width).min(len * 0.6);
    let half = m.arrow_half_width_px + stroke.width / 2.0;
    let base = Point::new(tip.x - ux * arrow_len, tip.y - uy * arrow_len);
    if let Some(last) = points.last_mut() {
        *last = Point::new(tip.x - ux * arrow_len * 0.7, tip.y - uy * arrow_len * 0.7);
    }
    out.push(Primitive::Polyline { points, stroke });
    out.push(Primitive::Polygon {
        points: vec![
            tip,
            Point::new(base.x - uy * half, base.y + ux * half),
            Point::new(base.x + uy * half, base.y - ux * half),
        ],
        fill: stroke.color,
    });
    out.extend(link_label(link, path, ctx, stroke, nodes, placed));
    out
}

/// Label variants from the most to the least informative.
fn label_variants(link: &Link, ctx: &LinkCtx<'_>) -> Vec<String> {
    let base = format!("{} {}", link.protocol.label(), link.port);
    let carries = match link.carries {
        crate::model::Carries::All => None,
        crate::model::Carries::Reads => Some("reads"),
        crate::model::Carries::Writes => Some("writes"),
    };
    let with_carries = match carries {
        Some(c) => format!("{base} · {c}"),
        None => base.clone(),
    };
    let mut out = Vec::new();
    if ctx.overlays.qps && ctx.qps > 0.0 {
        out.push(format!("{with_carries} · {}", format_qps(ctx.qps)));
    }
    out.push(with_carries.clone());
    if with_carries != base {
        out.push(base);
    }
    out.push(link.protocol.label().to_owned());
    out.push(String::new());
    out
}

fn link_label(
    link: &Link,
    path: &LinkPath,
    ctx: &LinkCtx<'_>,
    stroke: Stroke,
    nodes: &RectIndex,
    placed: &mut RectIndex,
) -> Vec<Primitive> {
    let theme = ctx.theme;
    let (m, p) = (&theme.metrics, &theme.palette);
    let lock_px = m.label_font_px + 1.0;
    let h = m.label_font_px + 6.0;
    let fits = |r: &Rect| {
        let grown = r.expand(2.0);
        !nodes.any(&grown, |_| true) && !placed.any(&grown, |_| true)
    };
    let ts = [0.5_f32, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74];
    let variants = label_variants(link, ctx);
    // Centred on the line, or beside it when the line runs mostly vertically.
    let candidates = |w: f32| -> Vec<Rect> {
        let mut out = Vec::new();
        for t in ts {
            let Some((c, dir)) = path.point_at(t) else {
                continue;
            };
            out.push(Rect::from_min_size(
                Point::new(c.x - w / 2.0, c.y - h / 2.0),
                w,
                h,
            ));
            if dir.y.abs() > 0.8 {
                out.push(Rect::from_min_size(
                    Point::new(c.x + 5.0, c.y - h / 2.0),
                    w,
                    h,
                ));
                out.push(Rect::from_min_size(
                    Point::new(c.x - 5.0 - w, c.y - h / 2.0),
                    w,
                    h,
                ));
            }
        }
        out
    };
    let mut choice: Option<(String, Rect)> = None;
    'outer: for text in &variants {
        let tw = if text.is_empty() {
            0.0
        } else {
            text_width(text, m.label_font_px, false) + 4.0
        };
        let w = 8.0 + lock_px + tw;
        for r in candidates(w) {
            if fits(&r) {
                choice = Some((text.clone(), r));
                break 'outer;
            }
        }
    }
    let (text, rect) = match choice {
        Some(found) => found,
        None => {
            // Nowhere free: a bare lock at the middle.
            let Some((c, _)) = path.point_at(0.5) else {
                return Vec::new();
            };
            let w = 8.0 + lock_px;
            (
                String::new(),
                Rect::from_min_size(Point::new(c.x - w / 2.0, c.y - h / 2.0), w, h),
            )
        }
    };
    placed.insert(rect, 0);
    let encrypted = link.encrypted();
    let lock_tint = if ctx.overlays.tls && link.purpose == LinkPurpose::Request {
        stroke.color
    } else if encrypted {
        p.encrypted
    } else {
        p.muted_text
    };
    let mut out = vec![
        Primitive::Rect {
            rect,
            radius: h / 2.0,
            fill: p.label_background,
            stroke: Some(Stroke::solid(stroke.color.with_alpha(110), 1.0)),
        },
        Primitive::Icon {
            name: if encrypted {
                "lock_closed"
            } else {
                "lock_open"
            },
            rect: Rect::from_min_size(
                Point::new(rect.min.x + 4.0, rect.centre().y - lock_px / 2.0),
                lock_px,
                lock_px,
            ),
            tint: lock_tint,
        },
    ];
    if !text.is_empty() {
        out.push(Primitive::Text {
            pos: Point::new(
                rect.min.x + 4.0 + lock_px + 3.0,
                rect.centre().y + m.label_font_px * 0.36,
            ),
            text,
            size: m.label_font_px,
            color: p.text,
            anchor: TextAnchor::Start,
            bold: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::reference_design;
    use crate::sim::{Finding, FindingSeverity};

    fn spof(component: &str, class: Option<RequestClass>) -> Finding {
        Finding {
            severity: FindingSeverity::Error,
            rule: crate::sim::Rule::Spof,
            class,
            components: vec![component.to_owned()],
            links: Vec::new(),
            message: String::new(),
            why: String::new(),
            fix: String::new(),
            witness: Vec::new(),
        }
    }

    fn texts(scene: &Scene, owner: &SceneItemOwner) -> Vec<String> {
        scene
            .items_of(owner)
            .filter_map(|p| match p {
                Primitive::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_component_and_link_is_drawn_once_in_a_group() {
        let d = reference_design().unwrap();
        let scene = build_scene(&d, None, &SceneOptions::default());
        let groups = scene.groups();
        for c in &d.components {
            let owner = SceneItemOwner::Component(c.id.clone());
            assert_eq!(groups.iter().filter(|(o, _)| **o == owner).count(), 1);
        }
        for i in 0..d.links.len() {
            let owner = SceneItemOwner::Link(i);
            assert_eq!(groups.iter().filter(|(o, _)| **o == owner).count(), 1);
        }
        assert_eq!(scene, build_scene(&d, None, &SceneOptions::default()));
    }

    #[test]
    fn service_spof_marks_its_server_with_the_class() {
        let d = reference_design().unwrap();
        let analysis = Analysis {
            findings: vec![
                spof("server-1/mysql", Some(RequestClass::Write)),
                spof("lb", None),
            ],
            ..Analysis::default()
        };
        let scene = build_scene(&d, Some(&analysis), &SceneOptions::default());
        let server = texts(&scene, &SceneItemOwner::Component("server-1".into()));
        assert!(server.contains(&"SPOF W".to_owned()), "{server:?}");
        let lb = texts(&scene, &SceneItemOwner::Component("lb".into()));
        assert!(lb.contains(&"SPOF R/W".to_owned()) && lb.contains(&"TLS ✂".to_owned()));
        let off = SceneOptions {
            overlays: super::super::Overlays::NONE,
            ..SceneOptions::default()
        };
        let plain = build_scene(&d, Some(&analysis), &off);
        let lb = texts(&plain, &SceneItemOwner::Component("lb".into()));
        assert!(
            !lb.iter()
                .any(|t| t.starts_with("SPOF") || t.starts_with("TLS"))
        );
    }

    #[test]
    fn plaintext_request_links_are_dashed_with_tls_overlay() {
        let d = reference_design().unwrap();
        let scene = build_scene(&d, None, &SceneOptions::default());
        let http = d
            .links
            .iter()
            .position(|l| l.protocol == crate::model::Protocol::Http);
        let owner = SceneItemOwner::Link(http.unwrap());
        let dashed = scene
            .items_of(&owner)
            .any(|p| matches!(p, Primitive::Polyline { stroke, .. } if stroke.dash.is_some()));
        assert!(dashed);
    }

    #[test]
    fn selection_limits_the_scene() {
        let d = reference_design().unwrap();
        let selection = ["lb", "fw-1"].iter().map(|s| (*s).into()).collect();
        let options = SceneOptions {
            selection: Some(selection),
            ..SceneOptions::default()
        };
        let scene = build_scene(&d, None, &options);
        let owners: BTreeSet<_> = scene.items.iter().map(|i| i.owner.clone()).collect();
        assert!(owners.contains(&SceneItemOwner::Component("lb".into())));
        assert!(!owners.contains(&SceneItemOwner::Component("server-1".into())));
        let links = owners
            .iter()
            .filter(|o| matches!(o, SceneItemOwner::Link(_)))
            .count();
        assert_eq!(links, 1);
    }

    #[test]
    fn qps_is_formatted_briefly() {
        assert_eq!(format_qps(850.0), "850 qps");
        assert_eq!(format_qps(1234.0), "1.2k qps");
        assert_eq!(format_qps(25_000.0), "25k qps");
        assert_eq!(format_qps(f64::NAN), "– qps");
    }
}
