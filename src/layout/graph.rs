//! The layout's view of a design: one node per component to lay out, with its box size, and
//! the links between them split into flow edges (requests, DNS lookups: they set the columns)
//! and attachments (monitoring, replication: they only pull boxes closer).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ComponentId, Design, KindTag, LinkPurpose, Size};
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
            match link.purpose {
                LinkPurpose::Request | LinkPurpose::DnsLookup => flow.insert((a, b)),
                LinkPurpose::Replication | LinkPurpose::Monitors | LinkPurpose::MonitoringData => {
                    attach.insert((a, b))
                }
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
