//! The design: everything on one whiteboard (components, links, traffic profile, name and
//! domain), with lookups by id.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::component::{Component, KindTag};
use super::id::{ComponentId, Endpoint};
use super::link::{Link, LinkPurpose};
use super::note::Note;
use super::settings::Service;
use super::zone::Zone;

fn default_dns_ratio() -> f64 {
    0.05
}

/// The load offered at the design's entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrafficProfile {
    /// Requests per second arriving from the users.
    pub offered_qps: f64,
    /// Share of requests that only read (0..=1); the rest write.
    pub read_fraction: f64,
    /// DNS lookups per request (most are answered from resolver caches).
    #[serde(default = "default_dns_ratio")]
    pub dns_lookups_per_request: f64,
    /// The component requests come from; `None` means the first `Users` component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<ComponentId>,
}

impl Default for TrafficProfile {
    fn default() -> Self {
        Self {
            offered_qps: 1000.0,
            read_fraction: 0.9,
            dns_lookups_per_request: default_dns_ratio(),
            entry: None,
        }
    }
}

/// A whole design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Title, e.g. "Secured and monitored web infrastructure".
    pub name: String,
    /// The domain it serves, e.g. `www.foobar.com`.
    #[serde(default)]
    pub domain: String,
    /// Offered load.
    #[serde(default)]
    pub traffic: TrafficProfile,
    /// Components, in the order they were drawn.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Links, in the order they were drawn.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Text notes on the canvas, in the order they were added (drawn and exported, ignored by
    /// the analysis).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Racks, availability zones and regions: places whose failure takes everything in them
    /// ([`super::zone`]), in the order they were drawn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<Zone>,
}

impl Default for Design {
    fn default() -> Self {
        Self::empty("Untitled design")
    }
}

impl Design {
    /// An empty design.
    pub fn empty(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            domain: "www.foobar.com".to_owned(),
            traffic: TrafficProfile::default(),
            components: Vec::new(),
            links: Vec::new(),
            notes: Vec::new(),
            zones: Vec::new(),
        }
    }

    /// The component with `id`.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id.as_str() == id)
    }

    /// The component with `id`, mutably.
    pub fn component_mut(&mut self, id: &str) -> Option<&mut Component> {
        self.components.iter_mut().find(|c| c.id.as_str() == id)
    }

    /// Whether `endpoint` names an existing component (and service, if it names one).
    pub fn resolves(&self, endpoint: &Endpoint) -> bool {
        self.endpoint_service(endpoint).is_some()
    }

    /// The component an endpoint names and the service on it, if it names one. `None` if the
    /// component or the service does not exist.
    pub fn endpoint_service(&self, endpoint: &Endpoint) -> Option<(&Component, Option<&Service>)> {
        let component = self.component(endpoint.component.as_str())?;
        match &endpoint.service {
            None => Some((component, None)),
            Some(s) => component.service(s).map(|svc| (component, Some(svc))),
        }
    }

    /// The entry component: the traffic profile's, or the first `Users` component.
    pub fn entry(&self) -> Option<&Component> {
        match &self.traffic.entry {
            Some(id) => self.component(id.as_str()),
            None => self.components.iter().find(|c| c.tag() == KindTag::Users),
        }
    }

    /// Links touching component `id` (either end).
    pub fn links_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Link> + 'a {
        self.links
            .iter()
            .filter(move |l| l.from.component.as_str() == id || l.to.component.as_str() == id)
    }

    /// A fresh id `prefix-N` not used yet, with the smallest N ≥ 1. O(n); to make many ids,
    /// use [`Design::fresh_ids`] once.
    pub fn fresh_id(&self, prefix: &str) -> ComponentId {
        self.fresh_ids().next(prefix)
    }

    /// An id maker that hands out fresh ids as [`Design::fresh_id`] would if each id were
    /// added to the design before the next call. Indexes the ids once, in O(n).
    pub fn fresh_ids(&self) -> FreshIds<'_> {
        FreshIds {
            design: self,
            taken: self.components.iter().map(|c| c.id.as_str()).collect(),
            issued: HashSet::new(),
            next_n: HashMap::new(),
            names: None,
            issued_names: HashSet::new(),
            next_name_n: HashMap::new(),
        }
    }

    /// A fresh name `base N` no component has yet, with the smallest N ≥ 1; a trailing
    /// number on `base` is dropped first (a copy of "Server 2" becomes "Server 3").
    pub fn fresh_name(&self, base: &str) -> String {
        self.fresh_ids().next_name(base)
    }

    /// Removes component `id` and every link touching it; returns whether it existed.
    pub fn remove_component(&mut self, id: &str) -> bool {
        let before = self.components.len();
        self.components.retain(|c| c.id.as_str() != id);
        self.links
            .retain(|l| l.from.component.as_str() != id && l.to.component.as_str() != id);
        self.components.len() != before
    }

    /// Removes every component in `ids` and every link touching one, in one pass over the
    /// components and one over the links; returns how many components were removed.
    pub fn remove_components(&mut self, ids: &BTreeSet<ComponentId>) -> usize {
        let before = self.components.len();
        self.components.retain(|c| !ids.contains(&c.id));
        self.links
            .retain(|l| !ids.contains(&l.from.component) && !ids.contains(&l.to.component));
        before - self.components.len()
    }

    /// Renames component `old` to `new`, rewriting every link and reference; fails if `new`
    /// is taken.
    pub fn rename_component(&mut self, old: &str, new: &ComponentId) -> bool {
        if self.component(new.as_str()).is_some() || self.component(old).is_none() {
            return false;
        }
        for c in &mut self.components {
            if c.id.as_str() == old {
                c.id = new.clone();
            }
            if let super::component::Kind::Firewall(fw) = &mut c.kind {
                for rule in &mut fw.rules {
                    if let super::settings::TrafficSource::Component(id) = &mut rule.source
                        && id.as_str() == old
                    {
                        *id = new.clone();
                    }
                }
            }
        }
        for l in &mut self.links {
            for end in [&mut l.from, &mut l.to] {
                if end.component.as_str() == old {
                    end.component = new.clone();
                }
            }
        }
        if let Some(entry) = &mut self.traffic.entry
            && entry.as_str() == old
        {
            *entry = new.clone();
        }
        true
    }

    /// The index of the link from `from` to `to` with `purpose`, if any.
    pub fn find_link(&self, from: &Endpoint, to: &Endpoint, purpose: LinkPurpose) -> Option<usize> {
        self.links
            .iter()
            .position(|l| &l.from == from && &l.to == to && l.purpose == purpose)
    }
}

/// Hands out fresh component ids and names for one design (see [`Design::fresh_ids`]):
/// `prefix-N` (or `stem N`) with the smallest N ≥ 1 neither in the design nor handed out
/// before. Amortised O(1) per id or name of one prefix, however many that prefix already has.
#[derive(Debug, Clone)]
pub struct FreshIds<'a> {
    design: &'a Design,
    taken: HashSet<&'a str>,
    issued: HashSet<String>,
    /// Per prefix, the smallest N not yet known to be taken.
    next_n: HashMap<String, u64>,
    /// Component names, indexed at the first [`FreshIds::next_name`].
    names: Option<HashSet<&'a str>>,
    issued_names: HashSet<String>,
    next_name_n: HashMap<String, u64>,
}

impl FreshIds<'_> {
    /// The next fresh id with `prefix`.
    pub fn next(&mut self, prefix: &str) -> ComponentId {
        let n = self.next_n.entry(prefix.to_owned()).or_insert(1);
        loop {
            let candidate = format!("{prefix}-{n}");
            *n += 1;
            if !self.taken.contains(candidate.as_str()) && !self.issued.contains(&candidate) {
                self.issued.insert(candidate.clone());
                return ComponentId(candidate);
            }
        }
    }

    /// The next fresh name `base N` no component has, as [`Design::fresh_name`] gives it; a
    /// trailing number on `base` is dropped first (a copy of "Server 2" becomes "Server 3").
    pub fn next_name(&mut self, base: &str) -> String {
        let base = base.trim();
        let stem = match base.rsplit_once(' ') {
            Some((stem, n)) if !stem.trim().is_empty() && n.parse::<u32>().is_ok() => stem.trim(),
            _ => base,
        };
        let design = self.design;
        let taken = self
            .names
            .get_or_insert_with(|| design.components.iter().map(|c| c.name.as_str()).collect());
        let n = self.next_name_n.entry(stem.to_owned()).or_insert(1);
        loop {
            let candidate = format!("{stem} {n}");
            *n += 1;
            if !taken.contains(candidate.as_str()) && !self.issued_names.contains(&candidate) {
                self.issued_names.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KindTag, LinkPurpose, Point, Protocol};

    fn design(ids: &[&str]) -> Design {
        let mut d = Design::empty("t");
        for id in ids {
            d.components.push(Component::new(
                id,
                id,
                KindTag::Service,
                Point::new(0.0, 0.0),
            ));
        }
        d
    }

    #[test]
    fn fresh_ids_match_fresh_id_one_at_a_time() {
        let mut d = design(&["svc-1", "svc-3", "svc-4", "lb-2"]);
        let mut many = d.clone();
        let batch: Vec<ComponentId> = {
            let mut fresh = many.fresh_ids();
            ["svc", "lb", "svc", "svc", "lb"]
                .iter()
                .map(|p| fresh.next(p))
                .collect()
        };
        for (prefix, expected) in ["svc", "lb", "svc", "svc", "lb"].iter().zip(&batch) {
            let id = d.fresh_id(prefix);
            assert_eq!(&id, expected);
            d.components.push(Component::new(
                id.as_str(),
                "x",
                KindTag::Service,
                Point::new(0.0, 0.0),
            ));
        }
        let names: Vec<&str> = batch.iter().map(ComponentId::as_str).collect();
        assert_eq!(names, ["svc-2", "lb-1", "svc-5", "svc-6", "lb-3"]);
        many.components.clear();
        assert_eq!(many.fresh_id("svc").as_str(), "svc-1");
    }

    #[test]
    fn fresh_names_match_fresh_name_one_at_a_time() {
        let mut d = design(&["a", "b", "c"]);
        for (c, name) in d
            .components
            .iter_mut()
            .zip(["Server 1", "Server 3", "Users"])
        {
            c.name = name.to_owned();
        }
        let batch: Vec<String> = {
            let mut fresh = d.fresh_ids();
            ["Server 1", "Users", "Server", "Server 9"]
                .iter()
                .map(|b| fresh.next_name(b))
                .collect()
        };
        assert_eq!(batch, ["Server 2", "Users 1", "Server 4", "Server 5"]);
        for (base, expected) in ["Server 1", "Users", "Server", "Server 9"]
            .iter()
            .zip(&batch)
        {
            let name = d.fresh_name(base);
            assert_eq!(&name, expected);
            let mut c = d.components[0].clone();
            c.name = name;
            d.components.push(c);
        }
    }

    #[test]
    fn remove_components_drops_them_and_their_links() {
        let mut d = design(&["a", "b", "c", "d"]);
        for (from, to) in [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")] {
            d.links
                .push(Link::new(from, to, LinkPurpose::Request, Protocol::Https));
        }
        let mut one_by_one = d.clone();
        let gone: BTreeSet<ComponentId> = ["b", "d", "zz"]
            .into_iter()
            .map(ComponentId::from)
            .collect();
        assert_eq!(d.remove_components(&gone), 2);
        for id in &gone {
            one_by_one.remove_component(id.as_str());
        }
        assert_eq!(d, one_by_one);
        let left: Vec<&str> = d.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(left, ["a", "c"]);
        assert!(d.links.is_empty());
    }
}
