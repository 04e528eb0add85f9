//! Columns: the longest request path from the entry sets each component's column, after the
//! links that close a cycle are set aside (depth-first, in design order). Dedicated databases
//! then move to the last request column, monitoring clients to the column of what they watch
//! and monitoring services one column right of their clients.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use super::graph::LayoutGraph;
use crate::model::KindTag;

/// The column of every node, `0` on the left.
pub(crate) fn ranks(g: &LayoutGraph) -> Vec<usize> {
    let n = g.len();
    let (dag, order) = acyclic(n, &g.flow);
    let mut rank: Vec<Option<usize>> = vec![None; n];
    let mut in_flow = vec![false; n];
    for &(a, b) in &g.flow {
        in_flow[a] = true;
        in_flow[b] = true;
    }
    for v in order {
        let i = v.index();
        if !in_flow[i] {
            continue;
        }
        let r = dag
            .edges_directed(v, petgraph::Direction::Incoming)
            .filter_map(|e| rank[e.source().index()].map(|r| r + 1))
            .max()
            .unwrap_or(0);
        rank[i] = Some(r);
    }
    let last_flow = rank.iter().flatten().copied().max().unwrap_or(0);
    for i in 0..n {
        if g.tags[i] == KindTag::Database && in_flow[i] {
            rank[i] = Some(last_flow);
        }
    }
    // Nodes outside the request flow: first what watches a ranked machine, then what those
    // report to, then whatever is left, each after what it hangs on.
    let mut targets: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut sources: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &g.attach {
        targets[a].push(b);
        sources[b].push(a);
    }
    for pass in 0..3 {
        for i in 0..n {
            if rank[i].is_some() {
                continue;
            }
            let found = if g.tags[i] == KindTag::MonitoringService {
                sources[i]
                    .iter()
                    .filter_map(|&s| rank[s])
                    .max()
                    .map(|r| r + 1)
            } else {
                targets[i]
                    .iter()
                    .chain(&sources[i])
                    .filter_map(|&t| rank[t])
                    .min()
            };
            rank[i] = found.or((pass == 2).then_some(0));
        }
    }
    // The last pass gives every node left a column.
    rank.into_iter().map(|r| r.unwrap_or(0)).collect()
}

/// The flow graph without the edges that close a cycle (found depth-first from each node in
/// index order), and a topological order of it (the reversed depth-first finishing order).
fn acyclic(n: usize, edges: &[(usize, usize)]) -> (DiGraph<(), ()>, Vec<NodeIndex>) {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        out[a].push(b);
    }
    // 0 unseen, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut keep = Vec::with_capacity(edges.len());
    let mut finished = Vec::with_capacity(n);
    let mut has_pred = vec![false; n];
    for &(_, b) in edges {
        has_pred[b] = true;
    }
    let starts = (0..n).filter(|&i| !has_pred[i]).chain(0..n);
    for start in starts {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&w) = out[v].get(next) {
                top.1 += 1;
                match state[w] {
                    0 => {
                        keep.push((v, w));
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    2 => keep.push((v, w)),
                    _ => {} // a back edge: it closes a cycle
                }
            } else {
                state[v] = 2;
                finished.push(NodeIndex::new(v));
                stack.pop();
            }
        }
    }
    let mut dag = DiGraph::with_capacity(n, keep.len());
    for _ in 0..n {
        dag.add_node(());
    }
    keep.sort_unstable();
    for (a, b) in keep {
        dag.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    finished.reverse();
    (dag, finished)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_broken() {
        let (dag, order) = acyclic(3, &[(0, 1), (1, 2), (2, 0)]);
        assert!(petgraph::algo::toposort(&dag, None).is_ok());
        assert_eq!(dag.edge_count(), 2);
        assert_eq!(order, [0, 1, 2].map(NodeIndex::new));
    }
}
