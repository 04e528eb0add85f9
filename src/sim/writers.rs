//! `unreplicated-writers`: several databases accept writes but do not replicate with each
//! other, so each holds different data (two primaries with nothing between them).
//!
//! Rule: writers (databases that accept writes) are grouped by the replication links between
//! them, in either direction; more than one group is reported, naming the groups. A
//! multi-primary cluster whose members replicate with each other is one group.
//!
//! # Complexity
//! O(W + L·α) over W writers and the design's links (union–find).

use super::finding::{Finding, FindingSeverity, Rule};
use super::graph::{FlowGraph, NodeIx};
use crate::model::LinkPurpose;

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The groups of writers that replicate with each other, each sorted, in order of their first
/// node.
pub fn writer_groups(graph: &FlowGraph) -> Vec<Vec<NodeIx>> {
    let writers: Vec<NodeIx> = (0..graph.nodes.len())
        .filter(|&v| graph.nodes[v].is_database && graph.nodes[v].accepts_writes)
        .collect();
    let mut slot = vec![usize::MAX; graph.nodes.len()];
    for (i, &w) in writers.iter().enumerate() {
        slot[w] = i;
    }
    let mut parent: Vec<usize> = (0..writers.len()).collect();
    for l in &graph.design_links {
        if l.purpose != LinkPurpose::Replication {
            continue;
        }
        let (Some(a), Some(b)) = (l.from_node, l.to_node) else {
            continue;
        };
        if slot[a] != usize::MAX && slot[b] != usize::MAX {
            let (ra, rb) = (root(&mut parent, slot[a]), root(&mut parent, slot[b]));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: Vec<Vec<NodeIx>> = Vec::new();
    let mut group_of = vec![usize::MAX; writers.len()];
    for (i, &w) in writers.iter().enumerate() {
        let r = root(&mut parent, i);
        if group_of[r] == usize::MAX {
            group_of[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of[r]].push(w);
    }
    groups
}

/// The `unreplicated-writers` finding, when writers form more than one group.
pub fn unreplicated_writer_findings(graph: &FlowGraph) -> Vec<Finding> {
    let groups = writer_groups(graph);
    if groups.len() < 2 {
        return Vec::new();
    }
    let names: Vec<String> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|&v| format!("`{}`", graph.node_id(v)))
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    vec![
        Finding::new(
            FindingSeverity::Warning,
            Rule::UnreplicatedWriters,
            format!(
                "{} databases accept writes but do not replicate with each other: {}",
                groups.iter().map(Vec::len).sum::<usize>(),
                names.join(", ")
            ),
        )
        .with_components(
            groups
                .iter()
                .flatten()
                .map(|&v| graph.node_id(v).to_owned()),
        )
        .explained(
            "Each writer keeps the writes it receives: users see different data depending on \
             which one answers, and losing one loses what only it had.",
            "Keep one primary and make the others replicas (with a replication link from the \
             primary), or make them a multi-primary cluster with replication links between the \
             members.",
        ),
    ]
}
