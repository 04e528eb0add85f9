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
//! `shared-fate` (redundancy defeated by a zone): inside a zone that stops a class, the
//! redundant sets it holds — a replicated component whose every instance sits in the zone,
//! and each pair of members on the request path that back each other up (neither stops the
//! class alone, both together do: both load balancers in one rack). Found by the same engine
//! question, failing members whole.
//!
//! # Complexity
//! One propagation O(V + E) per zone holding a node that carries traffic now (zones whose
//! members carry none cannot stop a class); for a zone that stops a class, m + m²/2 more for
//! its m members on the request path, and none when m is above [`MAX_PAIR_MEMBERS`] (the
//! zone's `spof` finding is still reported).

use super::failover::Failover;
use super::failure::set_zone;
use super::finding::{Finding, FindingSeverity, RequestClass, Rule};
use super::flow::{FlowInput, FlowOutput, READ, WRITE, propagate};
use super::graph::FlowGraph;
use crate::model::Design;

/// Most member names a message lists.
const NAMED_MEMBERS: usize = 4;

/// Most members on the request path of one zone searched for redundant pairs.
pub const MAX_PAIR_MEMBERS: usize = 30;

/// Requests per second served per class with the components in `dead` failed whole (every
/// instance), failover and health checks settled.
fn served_without(
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    dead: &[usize],
    output: &mut FlowOutput,
) -> [f64; 2] {
    let mut after = input.clone();
    for &ci in dead {
        for n in graph.component_nodes(ci) {
            after.instances_down[n] = graph.nodes[n].instances;
        }
    }
    super::analysis::settle(graph, failover, &mut after);
    propagate(graph, &after, output);
    output.class_served_qps
}

/// The redundant sets zone `z` defeats for class `k`: its replicated members that stop the
/// class when every instance fails, and its pairs of members that stop it only together.
/// Components are indices in `Design::components`; each set sorted, the list sorted.
fn defeated_sets(
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    output: &FlowOutput,
    z: usize,
    k: usize,
) -> Vec<Vec<usize>> {
    let members: Vec<usize> = graph
        .zones
        .members(z)
        .iter()
        .copied()
        .filter(|&ci| on_path(graph, output, ci))
        .collect();
    if members.len() > MAX_PAIR_MEMBERS {
        return Vec::new();
    }
    let mut scratch = FlowOutput::default();
    let stops = |dead: &[usize], scratch: &mut FlowOutput| {
        served_without(graph, failover, input, dead, scratch)[k] <= 0.0
    };
    let mut sets = Vec::new();
    let alone: Vec<bool> = members
        .iter()
        .map(|&ci| stops(&[ci], &mut scratch))
        .collect();
    for (i, &ci) in members.iter().enumerate() {
        if alone[i] && graph.components[ci].instances > 1 {
            sets.push(vec![ci]);
        }
    }
    for i in (0..members.len()).filter(|&i| !alone[i]) {
        for j in (i + 1..members.len()).filter(|&j| !alone[j]) {
            if stops(&[members[i], members[j]], &mut scratch) {
                sets.push(vec![members[i], members[j]]);
            }
        }
    }
    sets.sort();
    sets
}

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
        for &class in &classes {
            let plural = class.plural();
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
        // One `shared-fate` finding per zone, with every redundant set it defeats for any
        // class: a region holding a whole design defeats every pair, which is one fact.
        let mut sets: Vec<Vec<usize>> = Vec::new();
        let mut classes_hit = Vec::new();
        for &class in &classes {
            let found = defeated_sets(graph, failover, input, output, z, class.index());
            if !found.is_empty() {
                classes_hit.push(class);
            }
            sets.extend(found);
        }
        sets.sort();
        sets.dedup();
        if !sets.is_empty() {
            let class = match classes_hit.as_slice() {
                [one] => Some(*one),
                _ => None,
            };
            findings.push(defeated_finding(design, graph, z, class, &sets));
        }
    }
    findings
}

/// The `shared-fate` finding for the redundant sets `sets` that zone `z` defeats (for
/// `class`, or for both classes when `None`).
fn defeated_finding(
    design: &Design,
    graph: &FlowGraph,
    z: usize,
    class: Option<RequestClass>,
    sets: &[Vec<usize>],
) -> Finding {
    let zone = &design.zones[z];
    let kind = zone.kind.label().to_lowercase();
    let what = match class {
        Some(class) => class.plural(),
        None => "requests",
    };
    let name = |set: &[usize]| -> String {
        match set {
            [one] => format!(
                "the {} instances of `{}`",
                graph.components[*one].instances,
                graph.component_id(*one)
            ),
            _ => set
                .iter()
                .map(|&ci| format!("`{}`", graph.component_id(ci)))
                .collect::<Vec<_>>()
                .join(" and "),
        }
    };
    let mut listed: Vec<String> = sets.iter().take(NAMED_MEMBERS).map(|s| name(s)).collect();
    if sets.len() > NAMED_MEMBERS {
        listed.push(format!("{} more", sets.len() - NAMED_MEMBERS));
    }
    let message = match sets {
        [one] => format!(
            "{} back each other up but share {kind} `{}`",
            name(one),
            zone.id
        ),
        _ => format!(
            "{kind} `{}` holds both sides of {} redundant sets",
            zone.id,
            sets.len()
        ),
    };
    let mut components: Vec<String> = sets
        .iter()
        .flatten()
        .map(|&ci| graph.component_id(ci).to_owned())
        .collect();
    components.push(zone.id.to_string());
    components.sort();
    components.dedup();
    Finding {
        severity: FindingSeverity::Warning,
        rule: Rule::SharedFate,
        class,
        components,
        links: Vec::new(),
        message,
        why: format!(
            "Each of these can lose one side and go on serving {what}, which is why none is a \
             single point of failure: {}. But both sides sit in {kind} `{}`, so one {kind} \
             failure takes both and stops the {what}.",
            listed.join("; "),
            zone.id
        ),
        fix: format!(
            "Put one side of each set in another {kind} (a replicated component: draw its \
             instances as separate components in different {kind}s), so that one {kind} \
             failure leaves the other side serving; for a {kind} that holds the whole design, \
             that means a second {kind}."
        ),
        witness: Vec::new(),
    }
}
