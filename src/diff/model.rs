//! What changed in the design itself: components, services on servers, links and the
//! design's settings, matched by stable id. A component keeps its id when it is renamed, so a
//! rename is a change of its `name`, never a removal and an addition. Moving or resizing a box
//! changes no behaviour: such components are only listed as moved.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::fields::{FieldChange, field_changes, to_value};
use crate::model::{Component, Design, Link, Service, Zone};

/// Whether an item was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the new design.
    Added,
    /// Only in the old design.
    Removed,
    /// In both, with different settings.
    Changed,
}

impl ChangeKind {
    /// The same change seen from the other side.
    #[must_use]
    pub fn mirrored(self) -> Self {
        match self {
            Self::Added => Self::Removed,
            Self::Removed => Self::Added,
            Self::Changed => Self::Changed,
        }
    }

    /// `"added"`, `"removed"` or `"changed"`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }
}

/// One component, service or link that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// Stable id: a component id, `server/service`, or a link's `from -> to (purpose)`.
    pub id: String,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// What the item is, as the newest side has it (`load balancer "HAProxy"`,
    /// `HTTPS 443`).
    pub what: String,
    /// For a changed item, the fields that differ (sorted by path); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// What the item is as the older side has it (equal to `what` unless it changed).
    #[serde(skip)]
    pub what_before: String,
}

impl ItemChange {
    /// The same change seen from the other side.
    #[must_use]
    pub fn mirrored(&self) -> Self {
        Self {
            id: self.id.clone(),
            change: self.change.mirrored(),
            what: self.what_before.clone(),
            fields: self.fields.iter().map(FieldChange::mirrored).collect(),
            what_before: self.what.clone(),
        }
    }
}

/// Everything that changed in the design, each list sorted by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ModelDiff {
    /// The design's own settings: name, domain, traffic profile.
    pub settings: Vec<FieldChange>,
    /// Components added, removed or changed (their own settings; services are listed apart).
    pub components: Vec<ItemChange>,
    /// Services added, removed or changed on servers present in both designs.
    pub services: Vec<ItemChange>,
    /// Links added, removed or changed, matched by their ends and purpose.
    pub links: Vec<ItemChange>,
    /// Zones (racks, availability zones, regions) added, removed or changed.
    pub zones: Vec<ItemChange>,
    /// Components and zones in both designs that moved or were resized on the canvas.
    pub moved: Vec<String>,
    /// Text notes only in the new design (their text), sorted.
    pub notes_added: Vec<String>,
    /// Text notes only in the old design (their text), sorted.
    pub notes_removed: Vec<String>,
}

impl ModelDiff {
    /// Whether nothing changed, not even a box moved or a note.
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
            && self.components.is_empty()
            && self.services.is_empty()
            && self.links.is_empty()
            && self.zones.is_empty()
            && self.moved.is_empty()
            && self.notes_added.is_empty()
            && self.notes_removed.is_empty()
    }

    /// Whether anything that changes behaviour changed (moves and notes do not).
    pub fn changes_behaviour(&self) -> bool {
        !(self.settings.is_empty()
            && self.components.is_empty()
            && self.services.is_empty()
            && self.links.is_empty()
            && self.zones.is_empty())
    }

    /// The diff from the new design to the old one: added and removed swap, every field's
    /// before and after swap.
    #[must_use]
    pub fn mirrored(&self) -> Self {
        let flip = |list: &[ItemChange]| list.iter().map(ItemChange::mirrored).collect();
        Self {
            settings: self.settings.iter().map(FieldChange::mirrored).collect(),
            components: flip(&self.components),
            services: flip(&self.services),
            links: flip(&self.links),
            zones: flip(&self.zones),
            moved: self.moved.clone(),
            notes_added: self.notes_removed.clone(),
            notes_removed: self.notes_added.clone(),
        }
    }
}

/// A component for people: `load balancer "HAProxy"`.
fn component_what(c: &Component) -> String {
    let kind = c.tag().label().to_lowercase();
    format!("{kind} \"{}\"", c.name)
}

/// A service for people: `database "MySQL"`.
fn service_what(s: &Service) -> String {
    if s.product.is_empty() {
        s.kind.label().to_owned()
    } else {
        format!("{} \"{}\"", s.kind.label(), s.product)
    }
}

/// A link for people: `HTTPS 443`.
fn link_what(l: &Link) -> String {
    format!("{} {}", l.protocol.label(), l.port)
}

/// A component's behaviour-relevant fields: everything but its id, place, size and services.
fn component_value(c: &Component) -> Value {
    let mut v = to_value(c);
    let map = v.as_object_mut().expect("a component serialises as a map");
    for key in ["id", "position", "size"] {
        map.remove(key);
    }
    // `kind` is `"Users"` or `{"Server": {..}}`: name the settings after the kind's key.
    if let Some(Value::Object(kind)) = map.remove("kind") {
        let (_, settings) = kind
            .into_iter()
            .next()
            .expect("a kind with settings has one key");
        let mut settings = settings;
        if let Some(s) = settings.as_object_mut() {
            s.remove("services");
        }
        map.insert(c.tag().key().to_owned(), settings);
    }
    map.insert("kind".to_owned(), Value::String(c.tag().key().to_owned()));
    v
}

fn service_value(s: &Service) -> Value {
    let mut v = to_value(s);
    v.as_object_mut()
        .expect("a service serialises as a map")
        .remove("id");
    v
}

fn link_value(l: &Link) -> Value {
    let mut v = to_value(l);
    let map = v.as_object_mut().expect("a link serialises as a map");
    for key in ["from", "to", "purpose"] {
        map.remove(key);
    }
    v
}

/// Matches `old` and `new` items by id and lists what differs, sorted by id. `what` describes
/// an item; `value` gives the fields compared.
fn match_items<T>(
    old: &BTreeMap<String, &T>,
    new: &BTreeMap<String, &T>,
    what: impl Fn(&T) -> String,
    value: impl Fn(&T) -> Value,
) -> Vec<ItemChange> {
    let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
    ids.sort_unstable();
    ids.dedup();
    let item = |id: &String, change, before: &T, after: &T, fields| ItemChange {
        id: id.clone(),
        change,
        what: what(after),
        fields,
        what_before: what(before),
    };
    let mut out = Vec::new();
    for id in ids {
        out.push(match (old.get(id), new.get(id)) {
            (Some(a), None) => item(id, ChangeKind::Removed, a, a, Vec::new()),
            (None, Some(b)) => item(id, ChangeKind::Added, b, b, Vec::new()),
            (Some(a), Some(b)) => {
                let fields = field_changes(&value(a), &value(b));
                if fields.is_empty() {
                    continue;
                }
                item(id, ChangeKind::Changed, a, b, fields)
            }
            (None, None) => unreachable!("every id comes from one of the two maps"),
        });
    }
    out
}

/// Each link's stable id, in the design's link order: its ends and purpose
/// (`lb -> fw-1 (request)`), with `#2`, `#3`, ... on any further link with the same ends and
/// purpose (validation warns about those).
pub fn link_ids(design: &Design) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    design
        .links
        .iter()
        .map(|link| {
            let base = format!("{} -> {} ({})", link.from, link.to, link.purpose.label());
            let mut id = base.clone();
            let mut n = 1;
            while seen.contains(&id) {
                n += 1;
                id = format!("{base} #{n}");
            }
            seen.insert(id.clone());
            id
        })
        .collect()
}

fn links_by_id(design: &Design) -> BTreeMap<String, &Link> {
    link_ids(design).into_iter().zip(&design.links).collect()
}

/// The services of every server in `design` that is also a component of `other`, by
/// `server/service`.
fn services_in_both<'a>(design: &'a Design, other: &Design) -> BTreeMap<String, &'a Service> {
    design
        .components
        .iter()
        .filter(|c| other.component(c.id.as_str()).is_some())
        .flat_map(|c| {
            c.kind
                .services()
                .iter()
                .map(move |s| (format!("{}/{}", c.id, s.id), s))
        })
        .collect()
}

fn components_by_id(d: &Design) -> BTreeMap<String, &Component> {
    d.components.iter().map(|c| (c.id.0.clone(), c)).collect()
}

/// A zone for people: `rack "Rack 1"`.
fn zone_what(z: &Zone) -> String {
    format!("{} \"{}\"", z.kind.label().to_lowercase(), z.name)
}

/// What a zone is, without its place on the canvas.
fn zone_value(z: &Zone) -> Value {
    let mut v = to_value(z);
    let map = v.as_object_mut().expect("a zone serialises as a map");
    for key in ["position", "size"] {
        map.remove(key);
    }
    v
}

fn zones_by_id(d: &Design) -> BTreeMap<String, &Zone> {
    d.zones.iter().map(|z| (z.id.0.clone(), z)).collect()
}

/// The design's own settings: everything but its components, links, notes and zones.
fn settings_value(design: &Design) -> Value {
    let mut v = to_value(design);
    let map = v.as_object_mut().expect("a design serialises as a map");
    for key in ["components", "links", "notes", "zones"] {
        map.remove(key);
    }
    v
}

/// Notes whose text is in `a` more often than in `b`, sorted.
fn notes_only_in(a: &Design, b: &Design) -> Vec<String> {
    let mut left: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &b.notes {
        *left.entry(n.text.as_str()).or_default() += 1;
    }
    let mut out: Vec<String> = Vec::new();
    for n in &a.notes {
        match left.get_mut(n.text.as_str()) {
            Some(k) if *k > 0 => *k -= 1,
            _ => out.push(n.text.clone()),
        }
    }
    out.sort_unstable();
    out
}

/// What changed from `old` to `new` in the design itself.
///
/// # Complexity
/// O(n log n) in the number of components, services and links.
pub fn model_diff(old: &Design, new: &Design) -> ModelDiff {
    let (old_c, new_c) = (components_by_id(old), components_by_id(new));
    let components = match_items(&old_c, &new_c, component_what, component_value);
    let services = match_items(
        &services_in_both(old, new),
        &services_in_both(new, old),
        service_what,
        service_value,
    );
    let links = match_items(&links_by_id(old), &links_by_id(new), link_what, link_value);
    let (old_z, new_z) = (zones_by_id(old), zones_by_id(new));
    let zones = match_items(&old_z, &new_z, zone_what, zone_value);
    let mut moved: Vec<String> = old_c
        .iter()
        .filter_map(|(id, a)| {
            let b = new_c.get(id)?;
            (a.position != b.position || a.size != b.size).then(|| id.clone())
        })
        .chain(old_z.iter().filter_map(|(id, a)| {
            let b = new_z.get(id)?;
            (a.position != b.position || a.size != b.size).then(|| id.clone())
        }))
        .collect();
    moved.sort();
    ModelDiff {
        settings: field_changes(&settings_value(old), &settings_value(new)),
        components,
        services,
        links,
        zones,
        moved,
        notes_added: notes_only_in(new, old),
        notes_removed: notes_only_in(old, new),
    }
}
