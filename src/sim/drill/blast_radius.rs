//! Blast radius: for each component, what failing it alone costs once the design has settled
//! (load balancers have noticed, replicas with automatic failover are promoted), as the share
//! of each request class still served. Used by the GUI's table and heat colouring.

use serde::Serialize;

use super::run::backend_healthy;
use super::state::{HealthChecks, Promotions};
use super::topology::Topology;
use super::traffic::{TrafficInput, TrafficModel, TrafficOutput};
use crate::model::{Design, KindTag};
use crate::sim::RequestClass;

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
/// first, then by id. `model` must be built for `design`.
///
/// # Complexity
/// C engine propagations for C components, plus O(C·(N + B)) for the settled state.
pub fn blast_radius_with<M: TrafficModel>(design: &Design, model: &mut M) -> Vec<BlastRadius> {
    let topo = Topology::new(design);
    let health = HealthChecks::new(design, &topo);
    let promotions = Promotions::new(design, &topo);
    let (n, l) = (topo.nodes.len(), topo.links.len());
    let link_alive = vec![true; l];
    let mut alive = vec![true; n];
    let mut believed_down = vec![false; l];
    let mut promoted = vec![false; n];
    let mut serves = vec![true; n];
    let mut out = TrafficOutput::sized(&topo);
    let mut rows = Vec::new();
    for (i, node) in topo.nodes.iter().enumerate() {
        if node.parent.is_some()
            || matches!(
                node.tag,
                KindTag::Users | KindTag::MonitoringClient | KindTag::MonitoringService
            )
        {
            continue;
        }
        for (j, a) in alive.iter_mut().enumerate() {
            *a = j != i && topo.nodes.get(j).and_then(|x| x.parent) != Some(i);
        }
        believed_down.iter_mut().for_each(|x| *x = false);
        promotions.settled(&alive, &mut promoted);
        let input = TrafficInput {
            node_alive: &alive,
            link_alive: &link_alive,
            believed_down: &believed_down,
            promoted: &promoted,
            offered_qps: design.traffic.offered_qps,
            read_fraction: design.traffic.read_fraction,
        };
        model.serves_reads(&input, &mut serves);
        for b in &health.backends {
            if let Some(x) = believed_down.get_mut(b.link) {
                *x = !backend_healthy(design, &topo, &alive, &link_alive, &serves, b.link);
            }
        }
        model.propagate(
            &TrafficInput {
                node_alive: &alive,
                link_alive: &link_alive,
                believed_down: &believed_down,
                promoted: &promoted,
                offered_qps: design.traffic.offered_qps,
                read_fraction: design.traffic.read_fraction,
            },
            &mut out,
        );
        let share = |class: RequestClass| {
            let c = out.class(class);
            if c.offered_qps > 0.0 {
                (c.served_qps / c.offered_qps).clamp(0.0, 1.0)
            } else {
                1.0
            }
        };
        rows.push(BlastRadius {
            id: node.id.clone(),
            served_fraction_read: share(RequestClass::Read),
            served_fraction_write: share(RequestClass::Write),
        });
    }
    rows.sort_by(|a, b| {
        a.worst()
            .total_cmp(&b.worst())
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}
