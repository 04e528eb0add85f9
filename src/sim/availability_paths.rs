//! The potential request graph of one class, for the exact availability
//! ([`super::availability`]): every flow link that could ever carry the class (open, not a
//! back edge), from a virtual start through the entry's DNS lookups and the entry, to a
//! virtual sink from every node where the class may end (for writes, also every replica
//! that failover may promote).
//!
//! Any state's class graph (the links the traffic engine really uses, [`super::spof`]) is a
//! subgraph of it with the failed nodes removed. So a node on no start → sink path that avoids
//! the failed nodes can no longer matter, whatever else fails or recovers: the factoring
//! leaves such nodes out of its memo keys, and picks what to decide next on a cheapest path.
//! A failed cache stays in every class graph (the application goes round it,
//! [`super::request_end`]): the walks pass it even when it is failed.
//!
//! # Complexity
//! Building O(V + E); each query O(V + E).

use std::collections::VecDeque;

use super::failover::Failover;
use super::graph::{FlowGraph, NodeIx, Role};
use super::request_end::ends;

/// The potential graph of one class over the flow nodes `0..n`, plus the virtual start
/// `n`, "domain resolved" `n + 1` and sink `n + 2`.
#[derive(Debug, Clone)]
pub(crate) struct PotentialGraph {
    n: usize,
    out: Vec<Vec<usize>>,
    inn: Vec<Vec<usize>>,
    /// Per flow node, whether requests still pass it when it has failed (a cache).
    passes_failed: Vec<bool>,
}

impl PotentialGraph {
    /// The potential graph of writes (`write`) or reads on `graph`.
    pub(crate) fn new(graph: &FlowGraph, failover: &Failover, write: bool) -> Self {
        let n = graph.nodes.len();
        let mut g = Self {
            n,
            out: vec![Vec::new(); n + 3],
            inn: vec![Vec::new(); n + 3],
            passes_failed: graph
                .nodes
                .iter()
                .map(|node| matches!(node.role, Role::Cache { .. }))
                .collect(),
        };
        let (start, resolved, sink) = (n, n + 1, n + 2);
        if graph.dns.is_empty() {
            g.edge(start, resolved);
        }
        for &d in &graph.dns {
            g.edge(start, d);
            g.edge(d, resolved);
        }
        if let Some(entry) = graph.entry {
            g.edge(resolved, entry);
        }
        for link in &graph.links {
            if link.carries(write) && !link.blocked && !link.back_edge {
                g.edge(link.from, link.to);
            }
        }
        let promotable: Vec<NodeIx> = failover.candidates.iter().map(|c| c.replica).collect();
        for (v, node) in graph.nodes.iter().enumerate() {
            if ends(node, write, false) || (write && promotable.contains(&v)) {
                g.edge(v, sink);
            }
        }
        g
    }

    fn edge(&mut self, from: usize, to: usize) {
        self.out[from].push(to);
        self.inn[to].push(from);
    }

    /// Per flow node, whether it lies on a start → sink path that avoids the `dead` nodes.
    pub(crate) fn relevant(&self, dead: &[bool]) -> Vec<bool> {
        let forward = self.reach(self.n, &self.out, dead);
        let backward = self.reach(self.n + 2, &self.inn, dead);
        (0..self.n).map(|v| forward[v] && backward[v]).collect()
    }

    /// Nodes reached from `from` along `edges` without entering a dead flow node.
    fn reach(&self, from: usize, edges: &[Vec<usize>], dead: &[bool]) -> Vec<bool> {
        let mut seen = vec![false; self.n + 3];
        let mut stack = vec![from];
        seen[from] = true;
        while let Some(v) = stack.pop() {
            for &w in &edges[v] {
                let blocked = w < self.n && dead[w] && !self.passes_failed[w];
                if !seen[w] && !blocked {
                    seen[w] = true;
                    stack.push(w);
                }
            }
        }
        seen
    }

    /// The flow nodes of a cheapest start → sink path avoiding the `dead` nodes, where
    /// passing a flow node with `undecided[v]` costs 1 and any other node nothing (0-1
    /// breadth-first search); `None` when there is none.
    pub(crate) fn cheapest_path(&self, dead: &[bool], undecided: &[bool]) -> Option<Vec<NodeIx>> {
        let total = self.n + 3;
        let mut best = vec![u32::MAX; total];
        let mut parent = vec![usize::MAX; total];
        let mut queue = VecDeque::new();
        best[self.n] = 0;
        queue.push_back(self.n);
        while let Some(v) = queue.pop_front() {
            if v == self.n + 2 {
                break;
            }
            for &w in &self.out[v] {
                if w < self.n && dead[w] && !self.passes_failed[w] {
                    continue;
                }
                let step = u32::from(w < self.n && undecided[w]);
                let next = best[v] + step;
                if next < best[w] {
                    best[w] = next;
                    parent[w] = v;
                    if step == 0 {
                        queue.push_front(w);
                    } else {
                        queue.push_back(w);
                    }
                }
            }
        }
        if best[self.n + 2] == u32::MAX {
            return None;
        }
        let mut path = Vec::new();
        let mut at = parent[self.n + 2];
        while at != self.n {
            if at < self.n {
                path.push(at);
            }
            at = parent[at];
        }
        path.reverse();
        Some(path)
    }
}
