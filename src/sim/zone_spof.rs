//! `spof` with a zone as culprit: a rack, availability zone or region whose loss stops a
//! request class.
//!
//! Rule: a zone is a single point of failure for a class when failing it (every instance of
//! everything in it and in the zones inside it, [`super::failure::set_zone`]) leaves no
//! request of the class served once failover and health checks have settled — exactly what
//! `check --fail ZONE` and a drill failing the zone show. This holds both when the zone holds
//! a component that is a single point of failure by itself and when it holds every side of a
//! redundant set (both load balancers in one rack); the message says which.
//!
//! # Complexity
//! One propagation O(V + E) per zone holding a node that carries traffic now (zones whose
//! members carry none cannot stop a class).

use super::failover::Failover;
use super::failure::set_zone;
use super::finding::{Finding, FindingSeverity, RequestClass, Rule};
use super::flow::{FlowInput, FlowOutput, READ, WRITE, propagate};
use super::graph::FlowGraph;
use crate::model::Design;

/// Most member names a message lists.
const NAMED_MEMBERS: usize = 4;

/// Whether component `ci` carries requests now or answers the entry's DNS lookups.
fn on_path(graph: &FlowGraph, output: &FlowOutput, ci: usize) -> bool {
    graph
        .component_nodes(ci)
        .any(|n| output.offered_qps[n] > 0.0 || graph.dns.contains(&n))
}

/// The zones whose loss stops a class, in zone order, each with the classes it stops.
///
/// # Complexity
/// See the module documentation.
pub fn zone_spofs(
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    output: &FlowOutput,
) -> Vec<(usize, Vec<RequestClass>)> {
    let mut out = Vec::new();
    let mut after_output = FlowOutput::default();
    for z in 0..graph.zones.len() {
        let carries = graph
            .zones
            .members(z)
            .iter()
            .any(|&ci| on_path(graph, output, ci));
        if !carries {
            continue;
        }
        let mut after = input.clone();
        set_zone(graph, &mut after, z, true);
        super::analysis::settle(graph, failover, &mut after);
        propagate(graph, &after, &mut after_output);
        let stopped: Vec<RequestClass> = [(RequestClass::Read, READ), (RequestClass::Write, WRITE)]
            .into_iter()
            .filter(|&(_, k)| {
                output.class_served_qps[k] > 0.0 && after_output.class_served_qps[k] <= 0.0
            })
            .map(|(class, _)| class)
            .collect();
        if !stopped.is_empty() {
            out.push((z, stopped));
        }
    }
    out
}

/// The `spof` findings whose culprit is a zone.
///
/// # Complexity
/// See the module documentation.
pub fn zone_spof_findings(
    design: &Design,
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    output: &FlowOutput,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (z, classes) in zone_spofs(graph, failover, input, output) {
        let zone = &design.zones[z];
        let kind = zone.kind.label().to_lowercase();
        let members: Vec<&str> = graph
            .zones
            .members(z)
            .iter()
            .filter(|&&ci| on_path(graph, output, ci))
            .map(|&ci| graph.component_id(ci))
            .collect();
        let mut named = members
            .iter()
            .take(NAMED_MEMBERS)
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if members.len() > NAMED_MEMBERS {
            named.push_str(&format!(" and {} more", members.len() - NAMED_MEMBERS));
        }
        for class in classes {
            let plural = if class == RequestClass::Write {
                "writes"
            } else {
                "reads"
            };
            findings.push(Finding {
                severity: FindingSeverity::Error,
                rule: Rule::Spof,
                class: Some(class),
                components: vec![zone.id.to_string()],
                links: Vec::new(),
                message: format!(
                    "{kind} `{}` is a single point of failure for {plural}",
                    zone.id
                ),
                why: format!(
                    "Everything in {kind} `{}` fails together (its power, network or site): \
                     {named} on the request path. With all of them down, no {} can be \
                     served: redundancy inside one {kind} does not survive the {kind}.",
                    zone.id,
                    class.key()
                ),
                fix: format!(
                    "Spread each redundant set over several zones: keep one load balancer, \
                     server and database of each pair outside `{}` (another {kind}), and \
                     check that what is outside can serve {plural} alone.",
                    zone.id
                ),
                witness: Vec::new(),
            });
        }
    }
    findings
}
