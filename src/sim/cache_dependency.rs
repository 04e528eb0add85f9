//! `cache-dependency`: a cache whose loss (or cold restart) would overload what is behind it.
//!
//! Rule: for each cache that is up, fail it whole (every instance) and settle the state as
//! the analysis does; while it is down the application reads straight from what is behind it
//! ([`super::request_end`]). Every node with a capacity that is then offered more than it can
//! serve, and more than it is offered with the cache up, is reported: "losing the cache
//! `cache` overloads `db-1` at 4.2× its capacity". A cold restart sends the same load behind
//! the cache until it has warmed up. A cache whose backend keeps up without it is not
//! reported.
//!
//! # Complexity
//! One settling and one propagation, O(V + E), per cache.

use super::analysis::settle;
use super::failover::Failover;
use super::finding::{Finding, FindingSeverity, RequestClass, Rule};
use super::flow::{FlowInput, FlowOutput, propagate};
use super::graph::{FlowGraph, NodeIx, Role};

/// One node a cache's loss overloads.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheDependency {
    /// The cache.
    pub cache: NodeIx,
    /// The overloaded node.
    pub node: NodeIx,
    /// Requests per second offered to it with the cache lost.
    pub offered_qps: f64,
    /// What it can serve, requests per second.
    pub capacity_qps: f64,
}

impl CacheDependency {
    /// Offered load over capacity with the cache lost (4.2 means 4.2×).
    pub fn overload(&self) -> f64 {
        self.offered_qps / self.capacity_qps
    }
}

/// The nodes each cache's loss would overload in the state `input` (whose propagation is
/// `output`), sorted by cache then node.
///
/// # Complexity
/// O(C·(V + E)) for C caches.
pub fn cache_dependencies(
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    output: &FlowOutput,
) -> Vec<CacheDependency> {
    let mut found = Vec::new();
    let mut lost = FlowOutput::default();
    for cache in 0..graph.nodes.len() {
        if !matches!(graph.nodes[cache].role, Role::Cache { .. }) || !input.alive(cache) {
            continue;
        }
        let mut after = input.clone();
        after.instances_down[cache] = graph.nodes[cache].instances;
        settle(graph, failover, &mut after);
        propagate(graph, &after, &mut lost);
        for node in 0..graph.nodes.len() {
            let Some((c, mu)) = after.queue(graph, node) else {
                continue;
            };
            let capacity_qps = f64::from(c) * mu;
            let offered_qps = lost.offered_qps[node];
            let more = offered_qps > output.offered_qps[node] * (1.0 + 1e-9) + 1e-9;
            if node != cache && after.alive(node) && more && offered_qps > capacity_qps {
                found.push(CacheDependency {
                    cache,
                    node,
                    offered_qps,
                    capacity_qps,
                });
            }
        }
    }
    found
}

/// The `cache-dependency` findings of the state `input` (see the module docs).
///
/// # Complexity
/// O(C·(V + E)) for C caches.
pub fn cache_dependency_findings(
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    output: &FlowOutput,
) -> Vec<Finding> {
    cache_dependencies(graph, failover, input, output)
        .into_iter()
        .map(|d| {
            let (cache, node) = (graph.node_id(d.cache), graph.node_id(d.node));
            Finding::new(
                FindingSeverity::Warning,
                Rule::CacheDependency,
                format!(
                    "losing the cache `{cache}` overloads `{node}` at {:.1}× its capacity \
                     ({:.0} of {:.0} QPS)",
                    d.overload(),
                    d.offered_qps,
                    d.capacity_qps
                ),
            )
            .with_class(Some(RequestClass::Read))
            .with_components([cache.to_owned(), node.to_owned()])
            .explained(
                format!(
                    "The cache answers most reads, so `{node}` is sized for the misses only. \
                     When the cache fails or restarts cold, every read goes to `{node}` until \
                     the cache has warmed up again: requests are dropped and latency climbs."
                ),
                format!(
                    "Give `{node}` the capacity to carry the full read load for the warm-up \
                     time, or make the cache redundant (replicas) so that losing one instance \
                     does not empty it."
                ),
            )
        })
        .collect()
}
