//! Blast radius: for each component, what failing it alone costs once the design has settled
//! (load balancers have noticed, replicas with automatic failover are promoted), as the share
//! of each request class still served. Used by the GUI's table and heat colouring.

use serde::Serialize;

use std::sync::atomic::{AtomicBool, Ordering};

use super::blast_incremental::Incremental;
use crate::model::Design;
use crate::sim::failover::Failover;
use crate::sim::flow::{READ, WRITE};
use crate::sim::graph::{FlowGraph, Role};
use crate::sim::{AnalysisOptions, failed_state};

/// What failing one component alone costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlastRadius {
    /// The component.
    pub id: String,
    /// Share of reads still served (1 when none are offered).
    pub served_fraction_read: f64,
    /// Share of writes still served (1 when none are offered).
    pub served_fraction_write: f64,
}

impl BlastRadius {
    /// The worse of the two shares.
    pub fn worst(&self) -> f64 {
        self.served_fraction_read.min(self.served_fraction_write)
    }
}

/// The blast radius of every component users depend on (not users or monitoring), worst
/// first, then by id: the analysis' steady state ([`crate::sim::failed_state`]) with one
/// instance of the component failed — so the table, the heat map, `check --fail` and a
/// drill's steady state agree.
///
/// # Complexity
/// One settling and one propagation of the whole design, then per component only what its
/// failure changes ([`super::blast_incremental`]): O(C·(V + E)) at worst, near O(V + E) on
/// designs of independent clusters.
pub fn blast_radius(design: &Design) -> Vec<BlastRadius> {
    blast_radius_until(design, &AtomicBool::new(false)).unwrap_or_default()
}

/// [`blast_radius`], giving up (`None`) as soon as `cancel` is set: the window computes it on
/// a worker thread and cancels it when the design changes.
///
/// Failures are independent, so a large design's are shared out over the machine's cores,
/// each with its own copy of the settled state; the rows do not depend on how.
pub fn blast_radius_until(design: &Design, cancel: &AtomicBool) -> Option<Vec<BlastRadius>> {
    let graph = FlowGraph::build(design);
    let failover = Failover::new(&graph);
    let base = failed_state(design, &graph, &failover, &AnalysisOptions::default());
    let candidates: Vec<usize> = (0..graph.components.len())
        .filter(|&ci| graph.components[ci].tag.can_stop_requests())
        .collect();
    let workers = if candidates.len() < MIN_FAILURES_PER_WORKER * 2 {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(candidates.len() / MIN_FAILURES_PER_WORKER)
    };
    let data_tier = graph.nodes.iter().any(|n| n.role != Role::Plain);
    let share_out = |worker: usize| {
        let mut engine = Incremental::new(&graph, &failover, base.clone());
        let offered = engine.offered();
        let mut rows = Vec::new();
        // Every `workers`-th failure: the costly ones (a balancer high up) are spread evenly.
        for &ci in candidates.iter().skip(worker).step_by(workers) {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let nodes = graph.component_nodes(ci);
            // The incremental engine knows plain forwarding only: with caches, CDNs or
            // queues in the design, the full propagation answers (same rules, more work).
            let served = if data_tier {
                let dying: Vec<usize> = nodes.collect();
                crate::sim::spof::served_after(&graph, &failover, &base, &dying)
            } else {
                engine.served_without(nodes)
            };
            let share = |k: usize| {
                if offered[k] > 0.0 {
                    (served[k] / offered[k]).clamp(0.0, 1.0)
                } else {
                    1.0
                }
            };
            rows.push(BlastRadius {
                id: graph.components[ci].id.clone(),
                served_fraction_read: share(READ),
                served_fraction_write: share(WRITE),
            });
        }
        Some(rows)
    };
    let mut rows = if workers == 1 {
        share_out(0)?
    } else {
        let parts: Vec<Option<Vec<BlastRadius>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| scope.spawn(move || share_out(w)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a blast-radius worker does not panic"))
                .collect()
        });
        let mut rows = Vec::with_capacity(candidates.len());
        for part in parts {
            rows.extend(part?);
        }
        rows
    };
    rows.sort_by(|a, b| {
        a.worst()
            .total_cmp(&b.worst())
            .then_with(|| a.id.cmp(&b.id))
    });
    Some(rows)
}

/// Fewest failures worth a worker thread of their own (below, one thread does them all).
const MIN_FAILURES_PER_WORKER: usize = 256;
