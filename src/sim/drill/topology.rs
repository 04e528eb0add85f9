//! The drill's index of a design: every component and every service on a server as a node,
//! every link by its index in the design, and target names (`lb`, `server-1/mysql`,
//! `lb -> fw-1`) resolved to those indices once, before the tick loop.

use std::collections::BTreeMap;

use crate::model::{Component, DatabaseSettings, Design, Kind, KindTag, LinkPurpose, ServiceKind};

/// One node: a component, or a service on a server.
#[derive(Debug, Clone, PartialEq)]
pub struct TopoNode {
    /// `lb`, or `server-1/mysql` for a service.
    pub id: String,
    /// Index of the component in `design.components`.
    pub component: usize,
    /// For a service: the node of its server.
    pub parent: Option<usize>,
    /// The component's kind.
    pub tag: KindTag,
    /// For a service: its tier.
    pub service_kind: Option<ServiceKind>,
    /// Instances of its component (`replicas`, ≥ 1).
    pub instances: u32,
}

/// One link of the design, by node.
#[derive(Debug, Clone, PartialEq)]
pub struct TopoLink {
    /// `from -> to` as written in the design.
    pub id: String,
    /// Source node (a service node if the link names one).
    pub from: usize,
    /// Target node (a service node if the link names one).
    pub to: usize,
    /// What the link is for.
    pub purpose: LinkPurpose,
    /// Destination port.
    pub port: u16,
    /// Index of the link in `design.links`.
    pub design_index: usize,
}

/// What a drill event acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One instance of a component or a service (by node index), or every instance
    /// (`ID:all`, [`crate::sim::failure`]).
    Node(usize, bool),
    /// Links (by index in the design): every link between the two named endpoints.
    Links(Vec<usize>),
}

/// The index of one design.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Topology {
    /// Components in design order, each followed by its services.
    pub nodes: Vec<TopoNode>,
    /// Links in design order.
    pub links: Vec<TopoLink>,
    index: BTreeMap<String, usize>,
}

impl Topology {
    /// Indexes `design`. Links whose ends do not resolve are skipped (a validated design has
    /// none).
    ///
    /// # Complexity
    /// O((C + S + L) log(C + S)) for C components, S services and L links.
    pub fn new(design: &Design) -> Self {
        let mut nodes = Vec::new();
        let mut index = BTreeMap::new();
        for (ci, c) in design.components.iter().enumerate() {
            let node = nodes.len();
            index.insert(c.id.to_string(), node);
            nodes.push(TopoNode {
                id: c.id.to_string(),
                component: ci,
                parent: None,
                tag: c.tag(),
                service_kind: None,
                instances: c.replicas.max(1),
            });
            for s in c.kind.services() {
                let id = format!("{}/{}", c.id, s.id);
                index.insert(id.clone(), nodes.len());
                nodes.push(TopoNode {
                    id,
                    component: ci,
                    parent: Some(node),
                    tag: c.tag(),
                    service_kind: Some(s.kind),
                    instances: c.replicas.max(1),
                });
            }
        }
        let mut topo = Self {
            nodes,
            links: Vec::new(),
            index,
        };
        for (design_index, l) in design.links.iter().enumerate() {
            let (Some(from), Some(to)) =
                (topo.node(&l.from.to_string()), topo.node(&l.to.to_string()))
            else {
                continue;
            };
            topo.links.push(TopoLink {
                id: format!("{} -> {}", l.from, l.to),
                from,
                to,
                purpose: l.purpose,
                port: l.port,
                design_index,
            });
        }
        topo
    }

    /// The node called `id` (`lb`, `server-1/mysql`).
    pub fn node(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The component node of `node` (itself, or its server).
    pub fn component_node(&self, node: usize) -> usize {
        self.nodes.get(node).and_then(|n| n.parent).unwrap_or(node)
    }

    /// Resolves a target name: `id`, `server/service`, or `from -> to` (endpoints as written
    /// in the design's links; `a -> b` also matches links between services of `a` and `b`).
    /// `None` if nothing matches.
    ///
    /// # Complexity
    /// O(log N) for a node, O(L) for a link.
    pub fn resolve(&self, target: &str) -> Option<Target> {
        let Some((from, to)) = target.split_once("->") else {
            let spec = crate::sim::failure::FailureSpec::parse(target.trim());
            return self
                .node(spec.id)
                .map(|n| Target::Node(n, spec.all_instances));
        };
        let (from, to) = (from.trim(), to.trim());
        let exact: Vec<usize> = (0..self.links.len())
            .filter(|&i| {
                self.links
                    .get(i)
                    .is_some_and(|l| self.id_of(l.from) == from && self.id_of(l.to) == to)
            })
            .collect();
        if !exact.is_empty() {
            return Some(Target::Links(exact));
        }
        let loose: Vec<usize> = (0..self.links.len())
            .filter(|&i| {
                self.links.get(i).is_some_and(|l| {
                    self.id_of(self.component_node(l.from)) == from
                        && self.id_of(self.component_node(l.to)) == to
                })
            })
            .collect();
        (!loose.is_empty()).then_some(Target::Links(loose))
    }

    /// The id of `node` (empty if out of range).
    pub fn id_of(&self, node: usize) -> &str {
        self.nodes.get(node).map_or("", |n| n.id.as_str())
    }

    /// The database settings of `node`, if it is a database (machine or service).
    pub fn database<'a>(&self, design: &'a Design, node: usize) -> Option<&'a DatabaseSettings> {
        let n = self.nodes.get(node)?;
        let c: &Component = design.components.get(n.component)?;
        match (&c.kind, n.parent) {
            (Kind::Database(db), None) => Some(db),
            (Kind::Server(s), Some(_)) => {
                let service_id = n.id.rsplit('/').next()?;
                s.services
                    .iter()
                    .find(|x| x.id == service_id)?
                    .database
                    .as_ref()
            }
            _ => None,
        }
    }

    /// The node a request arriving over a link to `node` lands on: the node itself, or for a
    /// bare server its entry service (lowest tier, first drawn).
    pub fn arrival_node(&self, node: usize) -> usize {
        let Some(n) = self.nodes.get(node) else {
            return node;
        };
        if n.tag != KindTag::Server || n.parent.is_some() {
            return node;
        }
        let mut best: Option<(u8, usize)> = None;
        for (i, s) in self.nodes.iter().enumerate().skip(node + 1) {
            if s.parent != Some(node) {
                break;
            }
            if let Some(tier) = s.service_kind.and_then(ServiceKind::tier)
                && best.is_none_or(|(t, _)| tier < t)
            {
                best = Some((tier, i));
            }
        }
        best.map_or(node, |(_, i)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::reference_design;

    #[test]
    fn resolves_components_services_and_links() {
        let d = reference_design().unwrap();
        let t = Topology::new(&d);
        let lb = t.node("lb").unwrap();
        assert_eq!(t.resolve("lb"), Some(Target::Node(lb, false)));
        assert_eq!(t.resolve("lb:all"), Some(Target::Node(lb, true)));
        let mysql = t.node("server-1/mysql").unwrap();
        assert_eq!(t.nodes[mysql].parent, t.node("server-1"));
        assert!(matches!(t.resolve("lb -> fw-1"), Some(Target::Links(v)) if v.len() == 1));
        assert!(
            matches!(t.resolve("server-2 -> server-1"), Some(Target::Links(v)) if v.len() == 1)
        );
        assert_eq!(t.resolve("nope"), None);
        assert_eq!(t.resolve("lb -> server-1"), None);
        let s1 = t.node("server-1").unwrap();
        assert_eq!(t.arrival_node(s1), t.node("server-1/nginx").unwrap());
        assert!(t.database(&d, mysql).is_some());
    }
}
