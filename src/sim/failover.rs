//! Failover: when a replica becomes the writer. The one rule the analysis (`check --fail`),
//! the SPOF analysis, the drills, the blast radius and the heat map all apply.
//!
//! A replica with automatic promotion (`promote_after_s` set, not accepting writes) takes
//! writes `promote_after_s` seconds after **every writer that replicates to it** (the source
//! of a replication link into it that accepts writes) has **failed** — failed, not merely
//! become unreachable: a network split must not make a second primary. A replica with
//! automatic promotion but no replication link from a writer is never promoted; the
//! `unpromotable-replica` finding says so ([`unpromotable_findings`]).
//!
//! The analysis and the SPOF analysis look at the state after failover has settled
//! ([`Failover::settled`]); the drills apply the same candidates with their delay
//! ([`Failover::candidates`]).
//!
//! # Complexity
//! Building is O(L) over the design's links; [`Failover::settled`] is O(R·W) for R
//! promotable replicas with W writers each.

use super::finding::{Finding, FindingSeverity, Rule};
use super::graph::{FlowGraph, NodeIx};
use crate::model::LinkPurpose;

/// A replica that automatic failover may promote.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The replica.
    pub replica: NodeIx,
    /// The writers that replicate to it, sorted: it is promoted once all have failed.
    pub writers: Vec<NodeIx>,
    /// Seconds from the last writer's failure to the promotion.
    pub after_s: f64,
}

impl Candidate {
    /// Whether every writer that replicates to it has failed (`alive` says which nodes are
    /// up): the condition that starts its promotion clock.
    pub fn writers_failed(&self, alive: impl Fn(NodeIx) -> bool) -> bool {
        self.writers.iter().all(|&w| !alive(w))
    }

    /// Whether it is a promoted writer once failover has settled: it is up and every writer
    /// that replicates to it has failed.
    pub fn promoted_when_settled(&self, alive: impl Fn(NodeIx) -> bool) -> bool {
        alive(self.replica) && self.writers_failed(alive)
    }
}

/// The failover rule of one design.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Failover {
    /// Replicas that can be promoted, in node order.
    pub candidates: Vec<Candidate>,
    /// Replicas with automatic promotion that no writer replicates to, in node order.
    pub unlinked: Vec<NodeIx>,
}

impl Failover {
    /// Reads the promotable replicas and their writers from `graph`'s replication links.
    pub fn new(graph: &FlowGraph) -> Self {
        let mut writers_of: Vec<(NodeIx, NodeIx)> = graph
            .design_links
            .iter()
            .filter(|l| l.purpose == LinkPurpose::Replication)
            .filter_map(|l| Some((l.to_node?, l.from_node?)))
            .filter(|&(replica, writer)| {
                replica != writer
                    && graph.nodes[writer].is_database
                    && graph.nodes[writer].accepts_writes
            })
            .collect();
        writers_of.sort_unstable();
        writers_of.dedup();
        let mut failover = Self::default();
        for (replica, node) in graph.nodes.iter().enumerate() {
            let Some(after_s) = node.promote_after_s.filter(|_| node.is_database) else {
                continue;
            };
            let from = writers_of.partition_point(|&(r, _)| r < replica);
            let writers: Vec<NodeIx> = writers_of[from..]
                .iter()
                .take_while(|&&(r, _)| r == replica)
                .map(|&(_, w)| w)
                .collect();
            if writers.is_empty() {
                failover.unlinked.push(replica);
            } else {
                failover.candidates.push(Candidate {
                    replica,
                    writers,
                    after_s,
                });
            }
        }
        failover
    }

    /// Per node, whether it is a promoted writer once failover has settled with the nodes for
    /// which `alive` is true up: every live candidate all of whose writers have failed.
    pub fn settled(&self, node_count: usize, alive: impl Fn(NodeIx) -> bool) -> Vec<bool> {
        let mut promoted = vec![false; node_count];
        for c in &self.candidates {
            promoted[c.replica] = c.promoted_when_settled(&alive);
        }
        promoted
    }
}

/// The `unpromotable-replica` findings: replicas with automatic promotion that no writer
/// replicates to, so that they would never be promoted.
pub fn unpromotable_findings(graph: &FlowGraph, failover: &Failover) -> Vec<Finding> {
    failover
        .unlinked
        .iter()
        .map(|&replica| {
            let id = graph.node_id(replica);
            Finding {
                severity: FindingSeverity::Warning,
                rule: Rule::UnpromotableReplica,
                class: None,
                components: vec![id.to_owned()],
                links: Vec::new(),
                message: format!(
                    "replica `{id}` has automatic promotion but no writer replicates to it"
                ),
                why: "A replica is promoted only when every writer that replicates to it has \
                      failed. With no replication link from a writer it holds no current data \
                      and is never promoted: writes stop when the writer fails."
                    .to_owned(),
                fix: format!(
                    "Draw a replication link from the writer (the MySQL primary) to `{id}`, or \
                     clear its `promote_after_s`."
                ),
                witness: Vec::new(),
            }
        })
        .collect()
}
