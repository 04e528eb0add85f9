//! `over-capacity`: nodes offered more than they can serve (error, with the dropped QPS) or
//! running above [`UTILIZATION_WARNING`] (warning), from one traffic propagation.

use super::finding::{Finding, FindingSeverity, Rule};
use super::flow::FlowOutput;
use super::graph::FlowGraph;

/// Utilisation above which a node is reported (warning).
pub const UTILIZATION_WARNING: f64 = 0.8;

/// The `over-capacity` findings of one propagation.
///
/// # Complexity
/// O(V).
pub fn capacity_findings(graph: &FlowGraph, output: &FlowOutput) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Drops and utilisation first: the node itself is read only when it has a finding.
    let loads = output.dropped_qps.iter().zip(&output.utilization);
    for (v, (&dropped, &rho)) in loads.take(graph.nodes.len()).enumerate() {
        if !(dropped > 1e-6 || rho > UTILIZATION_WARNING) {
            continue;
        }
        let Some(node) = graph.nodes.get(v) else {
            continue;
        };
        let offered = output.offered_qps.get(v).copied().unwrap_or(0.0);
        let id = graph.node_id(v);
        let capacity = node.max_qps();
        let finding = if dropped > 1e-6 {
            Finding::new(
                FindingSeverity::Error,
                Rule::OverCapacity,
                format!(
                    "`{id}` is offered {offered:.0} QPS but can serve {capacity:.0}: {dropped:.0} QPS dropped"
                ),
            )
            .explained(
                format!(
                    "At {:.0} % utilisation the queue at `{id}` grows without bound; the excess \
                     requests time out or are refused, and latency for the rest climbs.",
                    rho * 100.0
                ),
                format!(
                    "Add capacity at `{id}` (more workers or another instance behind the load \
                     balancer) to serve at least {:.0} QPS with headroom, or shed load upstream.",
                    offered / UTILIZATION_WARNING
                ),
            )
        } else if rho > UTILIZATION_WARNING {
            Finding::new(
                FindingSeverity::Warning,
                Rule::OverCapacity,
                format!("`{id}` runs at {:.0} % of its capacity ({offered:.0} of {capacity:.0} QPS)", rho * 100.0),
            )
            .explained(
                "Above 80 % utilisation queueing delay rises steeply (M/M/c), and a spike or the \
                 loss of a sibling pushes the node over the edge.",
                format!(
                    "Add workers or another instance at `{id}` so that normal load stays under 80 %."
                ),
            )
        } else {
            continue;
        };
        findings.push(finding.with_components([id.to_owned()]));
    }
    findings
}
