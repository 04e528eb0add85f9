//! Zones: places that fail as a unit — a rack (one power feed, one top-of-rack switch), an
//! availability zone (one building), a region. A component belongs to at most one zone
//! ([`super::Component::zone`]); a zone may sit inside another (a rack inside an availability
//! zone inside a region). When a zone fails, everything in it fails, whole (every instance),
//! and so does everything in the zones inside it.
//!
//! Zone ids share the namespace of component ids (`check --fail ID` accepts either), so a zone
//! may not take a component's id. On the canvas a zone is a labelled rectangle drawn behind
//! its components; membership is what the file says, not where the boxes are drawn.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::component::{Point, Size};
use super::design::Design;
use super::id::ComponentId;

/// Most zones in a design.
pub const MAX_ZONES: usize = 10_000;

/// What a zone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ZoneKind {
    /// Machines sharing one power feed and one top-of-rack switch.
    Rack,
    /// One data centre (a cloud provider's availability zone).
    AvailabilityZone,
    /// A geographic region: several availability zones.
    Region,
}

impl ZoneKind {
    /// Every kind, smallest first.
    pub const ALL: [Self; 3] = [Self::Rack, Self::AvailabilityZone, Self::Region];

    /// Machine-readable key (JSON output, ids).
    pub fn key(self) -> &'static str {
        match self {
            Self::Rack => "rack",
            Self::AvailabilityZone => "availability_zone",
            Self::Region => "region",
        }
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Rack => "Rack",
            Self::AvailabilityZone => "Availability zone",
            Self::Region => "Region",
        }
    }

    /// Prefix of fresh ids of this kind.
    pub fn id_prefix(self) -> &'static str {
        match self {
            Self::Rack => "rack",
            Self::AvailabilityZone => "az",
            Self::Region => "region",
        }
    }
}

/// One zone of a design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Stable id, unique among zones and components.
    pub id: ComponentId,
    /// Display name.
    pub name: String,
    /// Rack, availability zone or region.
    pub kind: ZoneKind,
    /// The zone it sits inside, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ComponentId>,
    /// Share of time the zone itself is up (its power, network, building); `None`: the
    /// documented default of its kind ([`super::availability::default_zone_availability`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Top-left corner on the canvas.
    #[serde(default)]
    pub position: Point,
    /// Size on the canvas.
    pub size: Size,
}

impl Zone {
    /// A zone of `kind` with its top-left corner at `position`.
    pub fn new(id: &str, name: &str, kind: ZoneKind, position: Point, size: Size) -> Self {
        Self {
            id: ComponentId::new(id),
            name: name.to_owned(),
            kind,
            parent: None,
            availability: None,
            position,
            size,
        }
    }

    /// Whether the canvas point `p` lies inside the zone's rectangle.
    pub fn contains_point(&self, p: Point) -> bool {
        p.x >= self.position.x
            && p.y >= self.position.y
            && p.x <= self.position.x + self.size.w
            && p.y <= self.position.y + self.size.h
    }
}

/// Index of a zone in [`Design::zones`].
pub type ZoneIx = usize;

/// The zones of one design as a tree, built once: zones by id, each zone's parent, and the
/// components in each zone (directly or through the zones inside it).
///
/// Built on any design, valid or not: an unknown parent or zone counts as none, and a parent
/// cycle (which validation refuses) is cut where it closes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ZoneTree {
    ids: Vec<ComponentId>,
    by_id: HashMap<String, ZoneIx>,
    parent: Vec<Option<ZoneIx>>,
    /// Per zone, the component indices in it or in a zone inside it, ascending.
    members: Vec<Vec<usize>>,
    /// Per component, its zone.
    zone_of: Vec<Option<ZoneIx>>,
}

impl ZoneTree {
    /// The zones of `design`.
    ///
    /// # Complexity
    /// O(Z·D + N·D) for Z zones nested at most D deep and N components.
    pub fn new(design: &Design) -> Self {
        let mut by_id = HashMap::with_capacity(design.zones.len());
        for (i, z) in design.zones.iter().enumerate() {
            by_id.entry(z.id.as_str().to_owned()).or_insert(i);
        }
        let mut parent: Vec<Option<ZoneIx>> = design
            .zones
            .iter()
            .map(|z| {
                z.parent
                    .as_ref()
                    .and_then(|p| by_id.get(p.as_str()).copied())
            })
            .collect();
        // Cut cycles: a zone whose chain of parents comes back to it gets no parent. The
        // first zone of each cycle to be visited is cut, which breaks the cycle for the
        // others; a chain that runs into a cycle it is not part of stops after `len` steps.
        for start in 0..parent.len() {
            let mut at = parent[start];
            let mut steps = 0;
            while let Some(z) = at {
                if z == start {
                    parent[start] = None;
                    break;
                }
                if steps > parent.len() {
                    break;
                }
                at = parent[z];
                steps += 1;
            }
        }
        let zone_of: Vec<Option<ZoneIx>> = design
            .components
            .iter()
            .map(|c| c.zone.as_ref().and_then(|z| by_id.get(z.as_str()).copied()))
            .collect();
        let mut members = vec![Vec::new(); design.zones.len()];
        for (ci, zone) in zone_of.iter().enumerate() {
            let mut at = *zone;
            while let Some(z) = at {
                members[z].push(ci);
                at = parent[z];
            }
        }
        Self {
            ids: design.zones.iter().map(|z| z.id.clone()).collect(),
            by_id,
            parent,
            members,
            zone_of,
        }
    }

    /// How many zones there are.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the design has no zones.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The zone with `id`.
    pub fn index_of(&self, id: &str) -> Option<ZoneIx> {
        self.by_id.get(id).copied()
    }

    /// The id of zone `z`.
    pub fn id(&self, z: ZoneIx) -> &str {
        self.ids[z].as_str()
    }

    /// The zone `z` sits in.
    pub fn parent(&self, z: ZoneIx) -> Option<ZoneIx> {
        self.parent[z]
    }

    /// The components (indices in `Design::components`) in `z` or in a zone inside it,
    /// ascending.
    pub fn members(&self, z: ZoneIx) -> &[usize] {
        &self.members[z]
    }

    /// The zone component `ci` belongs to directly.
    pub fn zone_of(&self, ci: usize) -> Option<ZoneIx> {
        self.zone_of[ci]
    }

    /// The zones component `ci` is in, innermost first.
    pub fn zones_of(&self, ci: usize) -> impl Iterator<Item = ZoneIx> + '_ {
        std::iter::successors(self.zone_of[ci], |&z| self.parent[z])
    }

    /// The innermost zone holding both components, if any.
    pub fn common_zone(&self, a: usize, b: usize) -> Option<ZoneIx> {
        let outer: Vec<ZoneIx> = self.zones_of(b).collect();
        self.zones_of(a).find(|z| outer.contains(z))
    }

    /// Zone `z` and the zones around it, innermost first.
    pub fn chain(&self, z: ZoneIx) -> impl Iterator<Item = ZoneIx> + '_ {
        std::iter::successors(Some(z), |&z| self.parent[z])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, KindTag};

    fn design() -> Design {
        let mut d = Design::empty("zones");
        let size = Size { w: 100.0, h: 100.0 };
        let mut region = Zone::new("eu", "EU", ZoneKind::Region, Point::default(), size);
        region.availability = Some(0.99999);
        let mut az = Zone::new(
            "az-a",
            "AZ a",
            ZoneKind::AvailabilityZone,
            Point::default(),
            size,
        );
        az.parent = Some("eu".into());
        let mut rack = Zone::new("rack-1", "Rack 1", ZoneKind::Rack, Point::default(), size);
        rack.parent = Some("az-a".into());
        d.zones = vec![region, az, rack];
        for (id, zone) in [("a", Some("rack-1")), ("b", Some("az-a")), ("c", None)] {
            let mut c = Component::new(id, id, KindTag::Server, Point::default());
            c.zone = zone.map(ComponentId::from);
            d.components.push(c);
        }
        d
    }

    #[test]
    fn members_include_the_zones_inside() {
        let d = design();
        let t = ZoneTree::new(&d);
        let ix = |id| t.index_of(id).unwrap();
        assert_eq!(t.members(ix("eu")), [0, 1]);
        assert_eq!(t.members(ix("az-a")), [0, 1]);
        assert_eq!(t.members(ix("rack-1")), [0]);
        assert_eq!(t.zones_of(0).collect::<Vec<_>>(), [2, 1, 0]);
        assert_eq!(t.common_zone(0, 1), Some(ix("az-a")));
        assert_eq!(t.common_zone(0, 2), None);
    }

    #[test]
    fn a_parent_cycle_is_cut() {
        let mut d = design();
        d.zones[0].parent = Some("rack-1".into());
        let t = ZoneTree::new(&d);
        // Every chain ends.
        for z in 0..t.len() {
            assert!(t.chain(z).count() <= t.len());
        }
    }
}
