//! Editing zones (racks, availability zones, regions) on the canvas: adding one with a fresh
//! id and name, moving one with the zones and components in it, resizing, deleting (what was
//! in it moves up to its parent), and settling membership when a drag ends: a component
//! dropped with its centre in a zone joins the innermost zone there, a zone dropped in a
//! larger one sits inside it. Pure functions over the design, called from `apply`.

use std::collections::BTreeSet;

use crate::model::{ComponentId, Design, MAX_COORDINATE, Point, Size, Zone, ZoneKind, ZoneTree};
use crate::scene::{innermost_zone_at, zone_depths};

/// The smallest a zone is resized to, canvas units.
pub const MIN_ZONE_SIZE: Size = Size { w: 120.0, h: 80.0 };

/// The size a new zone of `kind` gets: room for a few boxes, larger for larger kinds.
pub fn default_zone_size(kind: ZoneKind) -> Size {
    match kind {
        ZoneKind::Rack => Size { w: 260.0, h: 320.0 },
        ZoneKind::AvailabilityZone => Size { w: 480.0, h: 420.0 },
        ZoneKind::Region => Size { w: 880.0, h: 560.0 },
    }
}

/// A fresh id for a zone of `kind` (`rack-1`, `az-2`, `region-1`): the smallest number no
/// zone and no component uses.
pub fn fresh_zone_id(design: &Design, kind: ZoneKind) -> ComponentId {
    let taken: BTreeSet<&str> = design
        .components
        .iter()
        .map(|c| c.id.as_str())
        .chain(design.zones.iter().map(|z| z.id.as_str()))
        .collect();
    (1_u64..)
        .map(|n| format!("{}-{n}", kind.id_prefix()))
        .find(|id| !taken.contains(id.as_str()))
        .map(ComponentId::new)
        .expect("an unbounded range holds an id not taken")
}

/// A fresh name for a zone of `kind` ("Rack 1", "Availability zone 2"): the smallest number
/// no zone's name uses.
pub fn fresh_zone_name(design: &Design, kind: ZoneKind) -> String {
    let taken: BTreeSet<&str> = design.zones.iter().map(|z| z.name.as_str()).collect();
    (1_u64..)
        .map(|n| format!("{} {n}", kind.label()))
        .find(|name| !taken.contains(name.as_str()))
        .expect("an unbounded range holds a name not taken")
}

/// A new zone of `kind` centred on `centre`, with a fresh id and name, inside the innermost
/// larger zone there. Components around it keep their zones.
pub fn new_zone(design: &Design, kind: ZoneKind, centre: Point) -> Zone {
    let size = default_zone_size(kind);
    let top_left = Point::new(
        (centre.x - size.w / 2.0).clamp(-MAX_COORDINATE, MAX_COORDINATE),
        (centre.y - size.h / 2.0).clamp(-MAX_COORDINATE, MAX_COORDINATE),
    );
    let mut zone = Zone::new(
        fresh_zone_id(design, kind).as_str(),
        &fresh_zone_name(design, kind),
        kind,
        top_left,
        size,
    );
    zone.parent = parent_at(design, kind, centre, &BTreeSet::new());
    zone
}

/// The innermost zone of a larger kind than `kind` whose rectangle holds `p`, leaving out the
/// zones in `skip`.
fn parent_at(
    design: &Design,
    kind: ZoneKind,
    p: Point,
    skip: &BTreeSet<usize>,
) -> Option<ComponentId> {
    innermost_zone_at(design, &zone_depths(design), p, |z| {
        skip.contains(&z) || design.zones[z].kind <= kind
    })
    .map(|z| design.zones[z].id.clone())
}

/// Zone `z` and every zone inside it (directly or deeper), ascending.
fn zone_and_inner(tree: &ZoneTree, z: usize) -> BTreeSet<usize> {
    (0..tree.len())
        .filter(|&other| tree.chain(other).any(|up| up == z))
        .collect()
}

/// Moves zone `id`, the zones inside it and the components in any of them by `delta`.
pub fn move_zone(design: &mut Design, id: &str, delta: egui::Vec2) {
    let tree = ZoneTree::new(design);
    let Some(z) = tree.index_of(id) else { return };
    let shift = |p: &mut Point| {
        p.x = (p.x + delta.x).clamp(-MAX_COORDINATE, MAX_COORDINATE);
        p.y = (p.y + delta.y).clamp(-MAX_COORDINATE, MAX_COORDINATE);
    };
    for inner in zone_and_inner(&tree, z) {
        shift(&mut design.zones[inner].position);
    }
    for &ci in tree.members(z) {
        shift(&mut design.components[ci].position);
    }
}

/// Grows zone `id` by `delta` (width, height), never below [`MIN_ZONE_SIZE`].
pub fn resize_zone(design: &mut Design, id: &str, delta: egui::Vec2) {
    if let Some(zone) = design.zones.iter_mut().find(|z| z.id.as_str() == id) {
        zone.size.w = (zone.size.w + delta.x).clamp(MIN_ZONE_SIZE.w, MAX_COORDINATE);
        zone.size.h = (zone.size.h + delta.y).clamp(MIN_ZONE_SIZE.h, MAX_COORDINATE);
    }
}

/// Removes zone `id`: its components and the zones directly inside it move up to its parent.
/// Returns whether it existed.
pub fn delete_zone(design: &mut Design, id: &str) -> bool {
    let Some(z) = design.zones.iter().position(|z| z.id.as_str() == id) else {
        return false;
    };
    let removed = design.zones.remove(z);
    for c in &mut design.components {
        if c.zone.as_ref().is_some_and(|zone| zone.as_str() == id) {
            c.zone.clone_from(&removed.parent);
        }
    }
    for inner in &mut design.zones {
        if inner.parent.as_ref().is_some_and(|p| p.as_str() == id) {
            inner.parent.clone_from(&removed.parent);
        }
    }
    true
}

/// Room around a zone's contents when it is fitted to them, canvas units.
const FIT_PAD: f32 = 24.0;

/// Fits every zone that holds something around what it holds directly (its components' boxes
/// and the zones inside it, with room for its label), innermost first; an empty zone stays.
/// For after an automatic layout, which moves components and not zones: with `only`, just
/// the zones holding one of those components (directly or deeper) are fitted.
pub fn fit_zones_to_members(design: &mut Design, only: Option<&BTreeSet<ComponentId>>) {
    let metrics = crate::theme::Theme::light().metrics;
    let label_h = crate::scene::zone_label_rect(
        &Zone::new("z", "Zone", ZoneKind::Rack, Point::default(), MIN_ZONE_SIZE),
        &metrics,
    )
    .height();
    let tree = ZoneTree::new(design);
    let mut order = crate::scene::zone_paint_order(design);
    order.reverse();
    for z in order {
        let moved = only.is_none_or(|ids| {
            tree.members(z)
                .iter()
                .any(|&ci| ids.contains(&design.components[ci].id))
        });
        if !moved {
            continue;
        }
        let boxes = design
            .components
            .iter()
            .enumerate()
            .filter(|(ci, _)| tree.zone_of(*ci) == Some(z))
            .map(|(_, c)| crate::scene::node_rect(c))
            .chain(
                (0..design.zones.len())
                    .filter(|&inner| inner != z && tree.parent(inner) == Some(z))
                    .map(|inner| crate::scene::zone_rect(&design.zones[inner])),
            )
            .reduce(|a, b| a.union(&b));
        let Some(b) = boxes else { continue };
        let zone = &mut design.zones[z];
        zone.position = Point::new(b.min.x - FIT_PAD, b.min.y - FIT_PAD - label_h);
        zone.size = Size {
            w: (b.width() + 2.0 * FIT_PAD).max(MIN_ZONE_SIZE.w),
            h: (b.height() + 2.0 * FIT_PAD + label_h).max(MIN_ZONE_SIZE.h),
        };
    }
}

/// After a drag from `before` to `design`: each component that moved belongs to the innermost
/// zone under its centre (none outside every zone); a zone that moved (not resized) sits in
/// the innermost larger zone under its centre, and the components it carried keep their
/// zones. What did not move keeps its membership; a resize changes none.
pub fn settle_after_drag(before: &Design, design: &mut Design) {
    let tree = ZoneTree::new(design);
    let moved_zones: Vec<usize> = design
        .zones
        .iter()
        .enumerate()
        .filter(|(_, z)| {
            before
                .zones
                .iter()
                .find(|b| b.id == z.id)
                .is_some_and(|b| b.position != z.position && b.size == z.size)
        })
        .map(|(i, _)| i)
        .collect();
    let resized = design.zones.iter().any(|z| {
        before
            .zones
            .iter()
            .find(|b| b.id == z.id)
            .is_some_and(|b| b.size != z.size)
    });
    if resized {
        return;
    }
    // The outermost moved zone is the one dragged; the rest came along inside it.
    if let Some(&dragged) = moved_zones.iter().min_by_key(|&&z| tree.chain(z).count()) {
        let skip = zone_and_inner(&tree, dragged);
        let zone = &design.zones[dragged];
        let centre = crate::scene::zone_rect(zone).centre();
        design.zones[dragged].parent = parent_at(design, zone.kind, centre, &skip);
        return;
    }
    let by_id: std::collections::HashMap<&str, Point> = before
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.position))
        .collect();
    let depths = zone_depths(design);
    let mut updates = Vec::new();
    for (ci, c) in design.components.iter().enumerate() {
        let moved = by_id.get(c.id.as_str()).is_some_and(|p| *p != c.position);
        if !moved {
            continue;
        }
        let centre = crate::scene::node_rect(c).centre();
        let zone = innermost_zone_at(design, &depths, centre, |_| false)
            .map(|z| design.zones[z].id.clone());
        updates.push((ci, zone));
    }
    for (ci, zone) in updates {
        design.components[ci].zone = zone;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, KindTag};

    fn design() -> Design {
        let mut d = Design::empty("z");
        let mut region = Zone::new(
            "region-1",
            "Region 1",
            ZoneKind::Region,
            Point::new(0.0, 0.0),
            Size {
                w: 1000.0,
                h: 800.0,
            },
        );
        region.parent = None;
        let mut az = Zone::new(
            "az-1",
            "AZ 1",
            ZoneKind::AvailabilityZone,
            Point::new(20.0, 40.0),
            Size { w: 400.0, h: 400.0 },
        );
        az.parent = Some("region-1".into());
        d.zones = vec![region, az];
        let mut a = Component::new("a", "A", KindTag::Server, Point::new(200.0, 200.0));
        a.zone = Some("az-1".into());
        d.components.push(a);
        d.components.push(Component::new(
            "b",
            "B",
            KindTag::Server,
            Point::new(700.0, 300.0),
        ));
        d
    }

    #[test]
    fn fitted_zones_hold_their_members_and_inner_zones() {
        let mut d = design();
        d.components[0].position = Point::new(3000.0, 3000.0);
        let before = d.clone();
        fit_zones_to_members(&mut d, Some(&BTreeSet::from([ComponentId::from("b")])));
        assert_eq!(d, before, "B is in no zone: nothing to fit");
        fit_zones_to_members(&mut d, None);
        let az = crate::scene::zone_rect(&d.zones[1]);
        let a = crate::scene::node_rect(&d.components[0]);
        assert!(az.contains(a.min) && az.contains(a.max));
        let region = crate::scene::zone_rect(&d.zones[0]);
        assert!(region.contains(az.min) && region.contains(az.max));
        // B is in no zone: the region is fitted to az-a alone, not stretched to B.
        assert!(!region.contains(crate::scene::node_rect(&d.components[1]).centre()));
    }

    #[test]
    fn fresh_zone_ids_skip_components_and_zones() {
        let mut d = design();
        d.components.push(Component::new(
            "rack-1",
            "x",
            KindTag::Server,
            Point::default(),
        ));
        assert_eq!(fresh_zone_id(&d, ZoneKind::Rack).as_str(), "rack-2");
        assert_eq!(
            fresh_zone_id(&d, ZoneKind::AvailabilityZone).as_str(),
            "az-2"
        );
        assert_eq!(fresh_zone_name(&d, ZoneKind::Region), "Region 2");
    }

    #[test]
    fn a_new_zone_sits_in_the_larger_zone_around_it_and_takes_no_members() {
        let d = design();
        let rack = new_zone(&d, ZoneKind::Rack, Point::new(200.0, 200.0));
        assert_eq!(rack.parent.as_ref().map(ComponentId::as_str), Some("az-1"));
        let region = new_zone(&d, ZoneKind::Region, Point::new(200.0, 200.0));
        assert_eq!(region.parent, None);
    }

    #[test]
    fn deleting_a_zone_moves_what_was_in_it_up() {
        let mut d = design();
        let mut rack = new_zone(&d, ZoneKind::Rack, Point::new(200.0, 200.0));
        rack.id = "rack-1".into();
        d.zones.push(rack);
        d.components[0].zone = Some("rack-1".into());
        assert!(delete_zone(&mut d, "az-1"));
        assert_eq!(
            d.zones[1].parent.as_ref().map(ComponentId::as_str),
            Some("region-1")
        );
        assert!(delete_zone(&mut d, "rack-1"));
        assert_eq!(
            d.components[0].zone.as_ref().map(ComponentId::as_str),
            Some("region-1")
        );
    }

    #[test]
    fn a_dropped_component_joins_the_innermost_zone_under_its_centre() {
        let before = design();
        let mut d = before.clone();
        d.components[1].position = Point::new(150.0, 150.0);
        d.components[0].position = Point::new(700.0, 600.0);
        settle_after_drag(&before, &mut d);
        assert_eq!(
            d.components[1].zone.as_ref().map(ComponentId::as_str),
            Some("az-1")
        );
        assert_eq!(
            d.components[0].zone.as_ref().map(ComponentId::as_str),
            Some("region-1")
        );
    }

    #[test]
    fn a_moved_zone_carries_its_members_and_keeps_them() {
        let before = design();
        let mut d = before.clone();
        move_zone(&mut d, "az-1", egui::vec2(2000.0, 0.0));
        assert_eq!(d.components[0].position, Point::new(2200.0, 200.0));
        assert_eq!(d.components[1].position, before.components[1].position);
        settle_after_drag(&before, &mut d);
        assert_eq!(d.zones[1].parent, None, "dragged out of the region");
        assert_eq!(
            d.components[0].zone.as_ref().map(ComponentId::as_str),
            Some("az-1")
        );
    }
}
