//! `dead-end`: requests of a class reach a component that cannot complete them and has
//! nowhere to send them.
//!
//! Rule ([`super::request_end`]): only a database ends a read, only a writer ends a write, and a
//! web, application or generic service ends a class only when it is set to answer it. A node
//! that requests of a class can reach from the entry (along request links that carry the
//! class and no firewall blocks, preferring — as the routing does — the ways on which the
//! configuration lets the class complete), where the class does not end, and with no request
//! link onwards that carries the class, is a dead end: requests of the class sent there fail.
//! One finding per class lists such nodes.
//!
//! # Complexity
//! O(V + E) per class (one search from the entry).

use super::finding::{Finding, FindingSeverity, RequestClass, Rule};
use super::graph::{FlowGraph, NodeIx};
use super::request_end::ends;

/// The nodes that are dead ends for class `write` (`false`: reads), in index order.
pub fn dead_ends(graph: &FlowGraph, write: bool) -> Vec<NodeIx> {
    let Some(entry) = graph.entry else {
        return Vec::new();
    };
    let open = |li: usize| {
        let l = &graph.links[li];
        !l.back_edge && !l.blocked && l.carries(write)
    };
    // Whether the configuration lets each node complete the class (everything up).
    let mut completes = vec![false; graph.nodes.len()];
    for v in graph.topo().rev() {
        completes[v] = ends(&graph.nodes[v], write, false)
            || graph
                .out_links(v)
                .any(|li| open(li) && completes[graph.links[li].to]);
    }
    let mut seen = vec![false; graph.nodes.len()];
    let mut stack = vec![entry];
    seen[entry] = true;
    let mut found = Vec::new();
    while let Some(v) = stack.pop() {
        if ends(&graph.nodes[v], write, false) {
            continue;
        }
        let outs: Vec<usize> = graph.out_links(v).filter(|&li| open(li)).collect();
        // Requests go where the class can complete when some way can (the routing looks
        // ahead); only when none can do they wander into dead ends.
        let good: Vec<usize> = outs
            .iter()
            .copied()
            .filter(|&li| completes[graph.links[li].to])
            .collect();
        let follow = if good.is_empty() { outs.clone() } else { good };
        // The entry with nothing drawn yet is reported as `unservable`, not here.
        if outs.is_empty() && v != entry {
            found.push(v);
        }
        for li in follow {
            let w = graph.links[li].to;
            if !seen[w] {
                seen[w] = true;
                stack.push(w);
            }
        }
    }
    found.sort_unstable();
    found
}

/// The `dead-end` findings, one per class that has dead ends.
pub fn dead_end_findings(graph: &FlowGraph) -> Vec<Finding> {
    let mut findings = Vec::new();
    for class in RequestClass::ALL {
        let write = class == RequestClass::Write;
        let nodes = dead_ends(graph, write);
        if nodes.is_empty() {
            continue;
        }
        let plural = class.plural();
        let ids: Vec<String> = nodes
            .iter()
            .map(|&v| format!("`{}`", graph.node_id(v)))
            .collect();
        let shown = ids.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        let more = ids.len().saturating_sub(5);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        findings.push(
            Finding::new(
                FindingSeverity::Warning,
                Rule::DeadEnd,
                format!("{plural} reach {shown}{tail} and end nowhere"),
            )
            .with_class(Some(class))
            .with_components(nodes.iter().map(|&v| graph.node_id(v).to_owned()))
            .explained(
                format!(
                    "Only a database completes {plural}{}; a web or application server with \
                     nothing behind it cannot, so every {} sent there fails.",
                    if write {
                        " (one that accepts writes)"
                    } else {
                        ""
                    },
                    class.key()
                ),
                format!(
                    "Draw a request link from it to a database (or to the tier that reaches one); \
                     or, if it really answers {plural} by itself (static content, its own state), \
                     set its `answers` to say so."
                ),
            ),
        );
    }
    findings
}
