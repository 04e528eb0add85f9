//! `request-cycle`: request links that loop. Traffic propagation ignores the link closing each
//! loop (never hangs); this rule reports every strongly connected set of request nodes.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::finding::{Finding, FindingSeverity, LinkRef, Rule};
use super::graph::FlowGraph;
use crate::model::Design;

/// The `request-cycle` findings of `design`.
///
/// # Complexity
/// O(V + E) (Tarjan), skipped entirely when the graph has no back edge.
pub fn cycle_findings(design: &Design, graph: &FlowGraph) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !graph.has_cycle() {
        return findings;
    }
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(graph.nodes.len(), graph.links.len());
    for _ in &graph.nodes {
        g.add_node(());
    }
    for l in &graph.links {
        g.add_edge(NodeIndex::new(l.from()), NodeIndex::new(l.to()), ());
    }
    for scc in tarjan_scc(&g) {
        if scc.len() < 2 {
            continue;
        }
        let mut member = vec![false; graph.nodes.len()];
        for v in &scc {
            if let Some(m) = member.get_mut(v.index()) {
                *m = true;
            }
        }
        let mut ids: Vec<String> = scc
            .iter()
            .map(|v| graph.node_id(v.index()).to_owned())
            .collect();
        ids.sort();
        let links = graph
            .links
            .iter()
            .filter(|l| {
                member.get(l.from()).copied().unwrap_or(false)
                    && member.get(l.to()).copied().unwrap_or(false)
            })
            .filter_map(|l| l.design_link().and_then(|di| design.links.get(di)))
            .map(LinkRef::of);
        let list: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
        findings.push(
            Finding::new(
                FindingSeverity::Warning,
                Rule::RequestCycle,
                format!("request links loop through {}", list.join(", ")),
            )
            .with_components(ids)
            .with_links(links)
            .explained(
                "A request sent round a loop can bounce between these components until it times \
                 out, multiplying the load; the traffic model ignores the link that closes the loop.",
                "Remove the link that sends requests back upstream, or mark which classes each link \
                 carries so that no request can return to where it came from.",
            ),
        );
    }
    findings
}
