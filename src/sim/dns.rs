//! `no-dns`: the entry looks the domain up with no DNS component.
//!
//! Rule: when the entry has `dns-lookup` links, at least one of those DNS components must be up
//! for any request to be served (the traffic engine and the SPOF analysis both apply it).
//! When it has none, requests are served without DNS — the design says nothing about how the
//! domain is resolved — and this warning says so.
//!
//! # Complexity
//! O(1): the graph lists the entry's DNS components.

use super::finding::{Finding, FindingSeverity, Rule};
use super::graph::FlowGraph;

/// The `no-dns` finding, when the entry looks the domain up with no DNS component.
pub fn no_dns_findings(graph: &FlowGraph) -> Vec<Finding> {
    let Some(entry) = graph.entry.filter(|_| graph.dns.is_empty()) else {
        return Vec::new();
    };
    let id = graph.node_id(entry);
    vec![
        Finding::new(
            FindingSeverity::Warning,
            Rule::NoDns,
            format!("`{id}` resolves the domain with no DNS: it is never looked up"),
        )
        .with_components([id.to_owned()])
        .explained(
            "Users reach the site by name; with no DNS in the design, its availability and \
             capacity are not part of the analysis, and a DNS outage would go unnoticed here.",
            format!("Add a DNS component and draw a DNS lookup link from `{id}` to it."),
        ),
    ]
}
