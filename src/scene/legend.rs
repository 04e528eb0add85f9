//! The title above the diagram and the legend below it, explaining only the marks that are on.

use super::build::badge;
use super::geometry::Rect;
use super::marks::Marks;
use super::text::text_width;
use super::{Primitive, SceneItem, SceneItemOwner, SceneOptions, Stroke, TextAnchor};
use crate::model::{Design, LinkPurpose, Point};
use crate::theme::{Rgba, Theme};

/// The design's name and domain, left-aligned above `diagram`.
pub(super) fn title_items(design: &Design, diagram: &Rect, theme: &Theme) -> Vec<SceneItem> {
    let (m, p) = (&theme.metrics, &theme.palette);
    let mut prims = vec![Primitive::Text {
        pos: Point::new(diagram.min.x, diagram.min.y - 20.0 - m.small_font_px - 6.0),
        text: design.name.clone(),
        size: m.title_font_px,
        color: p.text,
        anchor: TextAnchor::Start,
        bold: true,
    }];
    if !design.domain.is_empty() {
        prims.push(Primitive::Text {
            pos: Point::new(diagram.min.x, diagram.min.y - 20.0),
            text: design.domain.clone(),
            size: m.small_font_px + 1.0,
            color: p.muted_text,
            anchor: TextAnchor::Start,
            bold: false,
        });
    }
    prims
        .into_iter()
        .map(|primitive| SceneItem {
            owner: SceneItemOwner::Title,
            primitive,
        })
        .collect()
}

/// How a legend entry shows its mark.
enum Swatch {
    Line(Stroke),
    Ring(Rgba),
    Badge(&'static str, Rgba),
    Icon(&'static str, Rgba),
    Bar(Rgba),
}

const SWATCH_W: f32 = 30.0;
const ROW_H: f32 = 22.0;
const GAP_W: f32 = 20.0;

/// Legend entries for the marks that are on (and link kinds present in the design).
fn entries(design: &Design, options: &SceneOptions, marks: &Marks) -> Vec<(Swatch, String)> {
    let theme = &options.theme;
    let (m, p) = (&theme.metrics, &theme.palette);
    let ov = options.overlays;
    let has = |purpose: LinkPurpose| design.links.iter().any(|l| l.purpose == purpose);
    let mut out = Vec::new();
    let requests = |encrypted: bool| {
        design
            .links
            .iter()
            .any(|l| l.purpose == LinkPurpose::Request && l.encrypted() == encrypted)
    };
    if ov.tls {
        if requests(true) {
            out.push((
                Swatch::Line(Stroke::solid(p.encrypted, m.link_width_px)),
                "encrypted request".to_owned(),
            ));
        }
        if requests(false) {
            out.push((
                Swatch::Line(Stroke {
                    color: p.plaintext,
                    width: m.link_width_px,
                    dash: Some(m.dash_px),
                }),
                "plaintext request".to_owned(),
            ));
        }
    } else if has(LinkPurpose::Request) {
        out.push((
            Swatch::Line(Stroke::solid(
                theme.link_colour(LinkPurpose::Request),
                m.link_width_px,
            )),
            "request".to_owned(),
        ));
    }
    for purpose in [LinkPurpose::DnsLookup, LinkPurpose::Replication] {
        if has(purpose) {
            out.push((
                Swatch::Line(Stroke::solid(theme.link_colour(purpose), m.link_width_px)),
                purpose.label().to_owned(),
            ));
        }
    }
    if has(LinkPurpose::Monitors) || has(LinkPurpose::MonitoringData) {
        out.push((
            Swatch::Line(Stroke {
                color: theme.link_colour(LinkPurpose::Monitors),
                width: m.link_width_px,
                dash: Some(m.dot_px),
            }),
            "monitoring".to_owned(),
        ));
    }
    data_tier_entries(design, theme, &mut out);
    if design.links.iter().any(crate::model::Link::encrypted) {
        out.push((
            Swatch::Icon("lock_closed", p.encrypted),
            "encrypted".to_owned(),
        ));
    }
    if design.links.iter().any(|l| !l.encrypted()) {
        out.push((
            Swatch::Icon("lock_open", p.muted_text),
            "plaintext".to_owned(),
        ));
    }
    let decrypts =
        |mode: crate::model::TlsMode| design.components.iter().any(|c| c.tls.mode == mode);
    if ov.tls && decrypts(crate::model::TlsMode::Terminate) {
        out.push((
            Swatch::Badge("TLS ✂", p.encrypted),
            "TLS terminates here".to_owned(),
        ));
    }
    if ov.tls && decrypts(crate::model::TlsMode::ReEncrypt) {
        out.push((
            Swatch::Badge("TLS ↻", p.encrypted),
            "decrypts and re-encrypts".to_owned(),
        ));
    }
    if ov.spof && !marks.spof.is_empty() {
        out.push((
            Swatch::Ring(p.spof),
            "single point of failure (R reads, W writes)".to_owned(),
        ));
    }
    if ov.spof && !marks.blocking.is_empty() {
        out.push((
            Swatch::Badge(super::build::BLOCKS_BADGE, p.spof),
            "firewall drops needed traffic".to_owned(),
        ));
    }
    if ov.qps && marks.nodes.values().any(|t| t.utilization > 0.0) {
        out.push((Swatch::Bar(p.util_green), "utilisation < 60 %".to_owned()));
        out.push((Swatch::Bar(p.util_amber), "< 80 %".to_owned()));
        out.push((Swatch::Bar(p.util_red), "≥ 80 %".to_owned()));
    }
    if ov.qps && marks.link_qps.iter().any(|q| *q > 0.0) {
        out.push((
            Swatch::Line(Stroke::solid(
                theme.link_colour(LinkPurpose::Request),
                m.link_max_width_px * 0.7,
            )),
            "thicker: more requests".to_owned(),
        ));
    }
    if ov.monitoring && !marks.unmonitored.is_empty() {
        out.push((Swatch::Badge("unmonitored", p.warning), String::new()));
    }
    if ov.monitoring && !marks.exposed.is_empty() {
        out.push((
            Swatch::Badge("exposed", p.error),
            "reachable from the Internet".to_owned(),
        ));
    }
    out
}

/// One entry per data-tier kind present (cache, CDN, queue, object storage): what it does to
/// requests, the rule of `sim::request_end` in a few words.
fn data_tier_entries(design: &Design, theme: &Theme, out: &mut Vec<(Swatch, String)>) {
    use crate::model::KindTag;
    for (tag, meaning) in [
        (
            KindTag::Cdn,
            "CDN: answers static reads at the edge; TLS ends there",
        ),
        (
            KindTag::Cache,
            "cache: answers its hits; down, reads go behind it",
        ),
        (
            KindTag::Queue,
            "queue: accepts writes, applied later by consumers",
        ),
        (
            KindTag::ObjectStorage,
            "object storage: static reads and uploads",
        ),
    ] {
        if design.components.iter().any(|c| c.tag() == tag) {
            out.push((
                Swatch::Icon(tag.key(), theme.node_accent(tag)),
                meaning.to_owned(),
            ));
        }
    }
}

fn swatch_width(swatch: &Swatch, theme: &Theme) -> f32 {
    match swatch {
        Swatch::Badge(text, _) => text_width(text, theme.metrics.badge_font_px, true) + 10.0,
        _ => SWATCH_W,
    }
}

fn swatch_prims(swatch: &Swatch, x: f32, cy: f32, theme: &Theme) -> Vec<Primitive> {
    let p = &theme.palette;
    match swatch {
        Swatch::Line(stroke) => vec![Primitive::Polyline {
            points: vec![Point::new(x, cy), Point::new(x + SWATCH_W, cy)],
            stroke: *stroke,
        }],
        Swatch::Ring(colour) => vec![Primitive::Rect {
            rect: Rect::from_min_size(Point::new(x + 2.0, cy - 7.0), SWATCH_W - 4.0, 14.0),
            radius: 4.0,
            fill: Rgba::TRANSPARENT,
            stroke: Some(Stroke::solid(*colour, theme.metrics.ring_px)),
        }],
        Swatch::Badge(text, colour) => badge(x, cy, false, text, *colour, p.badge_text, theme).1,
        Swatch::Icon(name, tint) => vec![Primitive::Icon {
            name,
            rect: Rect::from_min_size(Point::new(x + 7.0, cy - 8.0), 16.0, 16.0),
            tint: *tint,
        }],
        Swatch::Bar(colour) => vec![Primitive::Rect {
            rect: Rect::from_min_size(Point::new(x + 1.0, cy - 3.0), SWATCH_W - 2.0, 6.0),
            radius: 3.0,
            fill: *colour,
            stroke: None,
        }],
    }
}

/// The legend, in a box under `diagram`, entries flowing left to right.
pub(super) fn legend_items(
    design: &Design,
    diagram: &Rect,
    options: &SceneOptions,
    marks: &Marks,
) -> Vec<SceneItem> {
    let theme = &options.theme;
    let (m, p) = (&theme.metrics, &theme.palette);
    let entries = entries(design, options, marks);
    if entries.is_empty() {
        return Vec::new();
    }
    let pad = 12.0;
    let max_w = diagram.width().max(560.0);
    let left = diagram.min.x;
    let top = diagram.max.y + 28.0;
    let mut prims = Vec::new();
    let (mut x, mut row) = (0.0_f32, 0_u32);
    let mut widest = 0.0_f32;
    let mut placed = Vec::new();
    for (swatch, label) in &entries {
        let sw = swatch_width(swatch, theme);
        let tw = if label.is_empty() {
            0.0
        } else {
            6.0 + text_width(label, m.small_font_px, false)
        };
        let w = sw + tw;
        if x > 0.0 && x + w > max_w - 2.0 * pad {
            x = 0.0;
            row += 1;
        }
        placed.push((swatch, label, x, row, sw));
        x += w + GAP_W;
        widest = widest.max(x - GAP_W);
    }
    let rows = row + 1;
    let box_rect = Rect::from_min_size(
        Point::new(left, top),
        widest + 2.0 * pad,
        rows as f32 * ROW_H + 2.0 * pad - 4.0,
    );
    prims.push(Primitive::Rect {
        rect: box_rect,
        radius: 6.0,
        fill: p.legend_fill,
        stroke: Some(Stroke::solid(p.node_separator, 1.0)),
    });
    for (swatch, label, x, row, sw) in placed {
        let x0 = left + pad + x;
        let cy = top + pad + row as f32 * ROW_H + ROW_H / 2.0 - 2.0;
        prims.extend(swatch_prims(swatch, x0, cy, theme));
        if !label.is_empty() {
            prims.push(Primitive::Text {
                pos: Point::new(x0 + sw + 6.0, cy + m.small_font_px * 0.36),
                text: label.clone(),
                size: m.small_font_px,
                color: p.muted_text,
                anchor: TextAnchor::Start,
                bold: false,
            });
        }
    }
    prims
        .into_iter()
        .map(|primitive| SceneItem {
            owner: SceneItemOwner::Legend,
            primitive,
        })
        .collect()
}
