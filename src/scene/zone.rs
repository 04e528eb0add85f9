//! Zones in the picture: a rack, availability zone or region is a labelled container (a
//! rounded rectangle with a faint fill by kind, its name and kind at the top-left), drawn
//! behind everything else, outer zones before the zones inside them. The canvas hit-tests
//! with the same [`zone_rect`] and [`zone_label_rect`], and finds where a dropped box lands
//! with [`innermost_zone_at`].

use std::collections::BTreeSet;

use super::geometry::Rect;
use super::text::{text_width, truncate};
use super::{Primitive, Stroke, TextAnchor};
use crate::model::{Design, Point, Zone, ZoneTree};
use crate::sim::RequestClass;
use crate::theme::{Metrics, Theme};

/// Inner margin of the label, canvas units.
const PAD: f32 = 8.0;
/// Corner radius of a zone.
const RADIUS: f32 = 10.0;
/// Dash pattern of a region's border (dash, gap); racks and availability zones are solid.
const REGION_DASH: [f32; 2] = [9.0, 5.0];

/// A zone's rectangle (canvas units): its position is the top-left corner.
pub fn zone_rect(zone: &Zone) -> Rect {
    Rect::from_min_size(zone.position, zone.size.w, zone.size.h)
}

/// The label texts: the name (bold) and " · kind", cut to the zone's width.
fn label_texts(zone: &Zone, m: &Metrics) -> (String, String) {
    let room = (zone.size.w - 2.0 * PAD).max(20.0);
    let name = truncate(&zone.name, m.name_font_px, true, room);
    let rest = room - text_width(&name, m.name_font_px, true);
    let kind = format!(" · {}", zone.kind.label());
    let kind = if rest > 30.0 {
        truncate(&kind, m.small_font_px, false, rest)
    } else {
        String::new()
    };
    (name, kind)
}

/// The label's box at the zone's top-left corner (canvas units): what a click selects the
/// zone by, a drag moves it by and a double-click renames it by.
pub fn zone_label_rect(zone: &Zone, m: &Metrics) -> Rect {
    let (name, kind) = label_texts(zone, m);
    let w = text_width(&name, m.name_font_px, true) + text_width(&kind, m.small_font_px, false);
    let w = (w + 2.0 * PAD).min(zone.size.w.max(1.0));
    let h = (m.name_font_px + 2.0 * PAD).min(zone.size.h.max(1.0));
    Rect::from_min_size(zone.position, w, h)
}

/// How deep each zone sits (0: in no zone), in design order.
pub fn zone_depths(design: &Design) -> Vec<usize> {
    if design.zones.is_empty() {
        // The common case, asked on every pointer move: no walk over the components.
        return Vec::new();
    }
    let tree = ZoneTree::new(design);
    (0..tree.len()).map(|z| tree.chain(z).count() - 1).collect()
}

/// The order zones are painted in: outer zones first, then design order.
pub fn zone_paint_order(design: &Design) -> Vec<usize> {
    let depths = zone_depths(design);
    let mut order: Vec<usize> = (0..design.zones.len()).collect();
    order.sort_by_key(|&z| (depths[z], z));
    order
}

/// The innermost zone whose rectangle holds `p` (canvas units), leaving out the zones `skip`
/// returns true for: the deepest one, then the smallest, then the one drawn last. `depths`
/// is [`zone_depths`] of `design` (computed once for many points).
pub fn innermost_zone_at(
    design: &Design,
    depths: &[usize],
    p: Point,
    skip: impl Fn(usize) -> bool,
) -> Option<usize> {
    design
        .zones
        .iter()
        .enumerate()
        .filter(|(z, zone)| !skip(*z) && zone.contains_point(p))
        .max_by(|(a, za), (b, zb)| {
            let area = |z: &Zone| z.size.w * z.size.h;
            depths[*a]
                .cmp(&depths[*b])
                .then(area(zb).total_cmp(&area(za)))
                .then(a.cmp(b))
        })
        .map(|(z, _)| z)
}

/// The primitives of one zone; `spof` holds the classes its loss stops (drawn with a red
/// border and a badge, as on components) when the SPOF overlay is on.
pub fn zone_primitives(
    zone: &Zone,
    spof: &BTreeSet<RequestClass>,
    theme: &Theme,
) -> Vec<Primitive> {
    let (m, p) = (&theme.metrics, &theme.palette);
    let rect = zone_rect(zone);
    let accent = theme.zone_stroke(zone.kind);
    let mut stroke = Stroke::solid(accent, 1.5);
    if zone.kind == crate::model::ZoneKind::Region {
        stroke.dash = Some(REGION_DASH);
    }
    if !spof.is_empty() {
        stroke = Stroke::solid(p.spof, m.ring_px);
    }
    let mut out = vec![Primitive::Rect {
        rect,
        radius: RADIUS,
        fill: theme.zone_fill(zone.kind),
        stroke: Some(stroke),
    }];
    let (name, kind) = label_texts(zone, m);
    let baseline = rect.min.y + PAD + m.name_font_px * 0.85;
    let x = rect.min.x + PAD;
    out.push(Primitive::Text {
        pos: Point::new(x, baseline),
        text: name.clone(),
        size: m.name_font_px,
        color: accent,
        anchor: TextAnchor::Start,
        bold: true,
    });
    let name_w = text_width(&name, m.name_font_px, true);
    if !kind.is_empty() {
        out.push(Primitive::Text {
            pos: Point::new(x + name_w, baseline),
            text: kind.clone(),
            size: m.small_font_px,
            color: p.muted_text,
            anchor: TextAnchor::Start,
            bold: false,
        });
    }
    if !spof.is_empty() {
        let label = zone_label_rect(zone, m);
        let text = format!("SPOF {}", super::build::class_letters(spof));
        let (_, prims) = super::build::badge(
            label.max.x + 4.0,
            label.centre().y,
            false,
            &text,
            p.spof,
            p.badge_text,
            theme,
        );
        out.extend(prims);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ComponentId, Size, ZoneKind};

    fn zone(id: &str, kind: ZoneKind, x: f32, y: f32, w: f32, h: f32) -> Zone {
        Zone::new(id, id, kind, Point::new(x, y), Size { w, h })
    }

    #[test]
    fn the_innermost_zone_wins_and_outer_zones_paint_first() {
        let mut d = Design::empty("z");
        d.zones = vec![
            zone("rack", ZoneKind::Rack, 10.0, 10.0, 100.0, 100.0),
            zone("region", ZoneKind::Region, 0.0, 0.0, 500.0, 500.0),
            zone("az", ZoneKind::AvailabilityZone, 5.0, 5.0, 300.0, 300.0),
        ];
        d.zones[0].parent = Some(ComponentId::from("az"));
        d.zones[2].parent = Some(ComponentId::from("region"));
        assert_eq!(zone_paint_order(&d), vec![1, 2, 0]);
        let depths = zone_depths(&d);
        assert_eq!(
            innermost_zone_at(&d, &depths, Point::new(50.0, 50.0), |_| false),
            Some(0)
        );
        assert_eq!(
            innermost_zone_at(&d, &depths, Point::new(200.0, 200.0), |_| false),
            Some(2)
        );
        assert_eq!(
            innermost_zone_at(&d, &depths, Point::new(50.0, 50.0), |z| z == 0),
            Some(2)
        );
        assert_eq!(
            innermost_zone_at(&d, &depths, Point::new(600.0, 50.0), |_| false),
            None
        );
    }

    #[test]
    fn the_label_sits_in_the_top_left_corner_and_names_the_kind() {
        let z = zone("az-a", ZoneKind::AvailabilityZone, 40.0, 60.0, 400.0, 300.0);
        let theme = Theme::light();
        let label = zone_label_rect(&z, &theme.metrics);
        assert_eq!(label.min, z.position);
        assert!(label.width() < z.size.w);
        let texts: Vec<String> = zone_primitives(&z, &BTreeSet::new(), &theme)
            .into_iter()
            .filter_map(|p| match p {
                Primitive::Text { text, pos, .. } => {
                    assert!(label.contains(pos), "{text} at {pos:?} outside {label:?}");
                    Some(text)
                }
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["az-a", " · Availability zone"]);
    }

    #[test]
    fn a_zone_the_analysis_names_a_spof_is_marked_like_a_component() {
        use crate::sim::{Analysis, Finding, FindingSeverity, Rule};
        let mut d = Design::empty("z");
        d.zones.push(zone(
            "az-a",
            ZoneKind::AvailabilityZone,
            0.0,
            0.0,
            300.0,
            200.0,
        ));
        let analysis = Analysis {
            findings: vec![Finding {
                severity: FindingSeverity::Error,
                rule: Rule::Spof,
                class: None,
                components: vec!["az-a".to_owned()],
                links: Vec::new(),
                message: String::new(),
                why: String::new(),
                fix: String::new(),
                witness: Vec::new(),
            }],
            ..Analysis::default()
        };
        let options = super::super::SceneOptions::default();
        let scene = super::super::build_scene(&d, Some(&analysis), &options);
        let owner = super::super::SceneItemOwner::Zone("az-a".into());
        let prims: Vec<&Primitive> = scene.items_of(&owner).collect();
        let spof = options.theme.palette.spof;
        assert!(prims.iter().any(|p| matches!(p,
            Primitive::Rect { stroke: Some(s), .. } if s.color == spof)));
        assert!(prims.iter().any(|p| matches!(p,
            Primitive::Text { text, .. } if text == "SPOF R/W")));
        let plain = super::super::build_scene(&d, None, &options);
        assert!(!plain.items_of(&owner).any(|p| matches!(p,
            Primitive::Text { text, .. } if text.starts_with("SPOF"))));
    }
}
