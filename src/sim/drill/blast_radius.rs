//! Blast radius: for each component, what failing it alone costs once the design has settled
//! (load balancers have noticed, replicas with automatic failover are promoted), as the share
//! of each request class still served. Used by the GUI's table and heat colouring.

use serde::Serialize;

use std::sync::atomic::{AtomicBool, Ordering};

use super::blast_incremental::Incremental;
use crate::model::{Design, KindTag};
use crate::sim::failover::Failover;
use crate::sim::flow::{READ, WRITE};
use crate::sim::graph::FlowGraph;
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
pub fn blast_radius_until(design: &Design, cancel: &AtomicBool) -> Option<Vec<BlastRadius>> {
    let graph = FlowGraph::build(design);
    let failover = Failover::new(&graph);
    let base = failed_state(design, &graph, &failover, &AnalysisOptions::default());
    let mut engine = Incremental::new(&graph, &failover, base);
    let offered = engine.offered();
    let mut rows = Vec::new();
    for (ci, c) in graph.components.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        if matches!(
            c.tag,
            KindTag::Users | KindTag::MonitoringClient | KindTag::MonitoringService
        ) {
            continue;
        }
        let served = engine.served_without(graph.component_nodes(ci));
        let share = |k: usize| {
            if offered[k] > 0.0 {
                (served[k] / offered[k]).clamp(0.0, 1.0)
            } else {
                1.0
            }
        };
        rows.push(BlastRadius {
            id: c.id.clone(),
            served_fraction_read: share(READ),
            served_fraction_write: share(WRITE),
        });
    }
    rows.sort_by(|a, b| {
        a.worst()
            .total_cmp(&b.worst())
            .then_with(|| a.id.cmp(&b.id))
    });
    Some(rows)
}
