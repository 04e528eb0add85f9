//! Who knows that something failed, and when: the beliefs the traffic engine routes by.
//!
//! Rule: a component with **one way onwards** just forwards: what it sends to a dead target
//! fails there. A component other than a load balancer with **several ways onwards** learns at
//! once that one of its direct targets is down (a dead target refuses connections; a firewall
//! pair's VRRP, a driver with several hosts, Nginx with several upstreams fail over
//! immediately), so its beliefs are reality. A **load balancer** learns only from its health
//! checks: a backend passes when it is up, the link to it is up, and it can complete a request
//! of some class — an HTTP check on an application health endpoint — with everything below it
//! settled the same way. A **CDN** learns at once, even with one origin: its requests to a dead
//! origin fail, and that is when it serves stale content ([`super::request_end`]). Drills apply the checks with their timing (`interval`, `fall`,
//! `rise`); the analysis and the drills' steady state use the settled result
//! ([`settle_beliefs`]), so they agree.
//!
//! # Complexity
//! O(V + E): one pass in reverse topological order, one over the links.

use super::flow::{FlowInput, READ, WRITE};
use super::graph::FlowGraph;
use super::request_end::ends_some;
use crate::model::KindTag;

/// Per class, whether each node can really get a request of the class completed now: it is
/// up and it ends the class, or a live, open link carrying the class leads to a node that can.
///
/// # Complexity
/// O(V + E).
pub fn really_completes(graph: &FlowGraph, input: &FlowInput) -> [Vec<bool>; 2] {
    let n = graph.nodes.len();
    let mut real = [vec![false; n], vec![false; n]];
    for v in graph.topo().rev() {
        let now = completes_at(graph, input, &real, v);
        for k in [READ, WRITE] {
            real[k][v] = now[k];
        }
    }
    real
}

/// Per class, whether node `v` really completes a request now, given its targets' `real`
/// ([`really_completes`]'s step, also taken by the blast radius's incremental update).
pub(crate) fn completes_at(
    graph: &FlowGraph,
    input: &FlowInput,
    real: &[Vec<bool>; 2],
    v: usize,
) -> [bool; 2] {
    let mut now = [false; 2];
    if !input.forwards(v) {
        return now;
    }
    for (k, write) in [(READ, false), (WRITE, true)] {
        now[k] = ends_some(
            &graph.nodes[v],
            write,
            input.promoted[v],
            input.warmth_now(v),
        ) || graph.out_links(v).any(|li| {
            let l = &graph.links[li];
            !l.back_edge && !l.blocked && l.carries(write) && input.link_alive[li] && real[k][l.to]
        });
    }
    now
}

/// Whether the health check of a load balancer over flow link `li` passes now (`real` from
/// [`really_completes`]): the link and the backend are up and the backend can complete a
/// request of some class.
pub fn check_passes(
    graph: &FlowGraph,
    input: &FlowInput,
    real: &[Vec<bool>; 2],
    li: usize,
) -> bool {
    let to = graph.links[li].to;
    input.link_alive[li] && input.forwards(to) && (real[READ][to] || real[WRITE][to])
}

/// Sets `input.believed_down` to the settled beliefs of the current state (see the module
/// docs): the health checks' settled result for load balancers, nothing for a source with one
/// way onwards, reality for every other source.
pub fn settle_beliefs(graph: &FlowGraph, input: &mut FlowInput) {
    let real = really_completes(graph, input);
    for li in 0..graph.links.len() {
        input.believed_down[li] = !settled_up(graph, input, &real, li);
    }
}

/// How the source of a flow link learns that its target is down (the rule of the module
/// docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learns {
    /// A load balancer: from its health checks over the link.
    HealthCheck,
    /// A source with several ways onwards, or a CDN: at once (a dead target refuses
    /// connections).
    AtOnce,
    /// A source with one way onwards: never; it just forwards.
    Never,
}

/// How the source of flow link `li` learns that its target is down.
pub fn learns(graph: &FlowGraph, li: usize) -> Learns {
    let from = graph.links[li].from;
    if graph.nodes[from].tag == KindTag::LoadBalancer {
        Learns::HealthCheck
    } else if graph.out_links(from).len() < 2 && graph.nodes[from].tag != KindTag::Cdn {
        Learns::Never
    } else {
        Learns::AtOnce
    }
}

/// Whether the source of flow link `li` believes its target up once beliefs have settled
/// (the rule of the module docs; `real` from [`really_completes`]).
pub(crate) fn settled_up(
    graph: &FlowGraph,
    input: &FlowInput,
    real: &[Vec<bool>; 2],
    li: usize,
) -> bool {
    match learns(graph, li) {
        Learns::HealthCheck => check_passes(graph, input, real, li),
        Learns::Never => true,
        Learns::AtOnce => input.forwards(graph.links[li].to) && input.link_alive[li],
    }
}
