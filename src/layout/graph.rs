//! The layout's view of a design: one node per component to lay out, with its box size, and
//! the links between them split into flow edges (requests, DNS lookups: they set the columns)
//! and attachments (monitoring, replication: they only pull boxes closer).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ComponentId, Design, KindTag, LinkPurpose, ServiceKind, Size};
use crate::scene::node_size;

/// Nodes indexed `0..len()` in design order.
#[derive(Debug, Clone)]
pub(crate) struct LayoutGraph {
    /// Component ids.
    pub ids: Vec<ComponentId>,
    /// Kinds.
    pub tags: Vec<KindTag>,
    /// Box sizes.
    pub sizes: Vec<Size>,
    /// Directed request and DNS edges, deduplicated, without self-loops, sorted.
    pub flow: Vec<(usize, usize)>,
    /// Directed monitoring and replication edges, deduplicated, without self-loops, sorted.
    pub attach: Vec<(usize, usize)>,
    /// Every neighbour of each node over both edge sets, sorted.
    pub neighbours: Vec<Vec<usize>>,
}

impl LayoutGraph {
    /// The graph of `design`'s components (those in `only`, if given).
    pub fn new(design: &Design, only: Option<&BTreeSet<ComponentId>>) -> Self {
        let chosen: Vec<_> = design
            .components
            .iter()
            .filter(|c| only.is_none_or(|set| set.contains(&c.id)))
            .collect();
        let index: BTreeMap<&str, usize> = chosen
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut flow = BTreeSet::new();
        let mut attach = BTreeSet::new();
        for link in &design.links {
            let (Some(&a), Some(&b)) = (
                index.get(link.from.component.as_str()),
                index.get(link.to.component.as_str()),
            ) else {
                continue;
            };
            if a == b {
                continue;
            }
            // A request to a database on another server (`server-2/app → server-1/mysql`)
            // stays in the tier: it does not push that server a column further right.
            let to_database_service = design
                .endpoint_service(&link.to)
                .and_then(|(_, s)| s)
                .is_some_and(|s| s.kind == ServiceKind::Database);
            match link.purpose {
                LinkPurpose::Request | LinkPurpose::DnsLookup if !to_database_service => {
                    flow.insert((a, b))
                }
                _ => attach.insert((a, b)),
            };
        }
        let mut neighbours = vec![BTreeSet::new(); chosen.len()];
        for &(a, b) in flow.iter().chain(&attach) {
            neighbours[a].insert(b);
            neighbours[b].insert(a);
        }
        Self {
            ids: chosen.iter().map(|c| c.id.clone()).collect(),
            tags: chosen.iter().map(|c| c.tag()).collect(),
            sizes: chosen.iter().map(|c| node_size(c)).collect(),
            flow: flow.into_iter().collect(),
            attach: attach.into_iter().collect(),
            neighbours: neighbours
                .into_iter()
                .map(|s| s.into_iter().collect())
                .collect(),
        }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.ids.len()
    }
}
