//! The narrow boundary between the drill and the traffic engine: what the drill tells the
//! engine each time its state changes ([`TrafficInput`]), what it reads back
//! ([`TrafficOutput`]), and the [`TrafficModel`] trait the tick loop calls. The drill never
//! models traffic itself; [`super::engine`] adapts the analysis engine to this trait.
//!
//! Everything is indexed by [`Topology`]: nodes (components and services) and links in design
//! order.

use serde::Serialize;

use super::topology::Topology;
use crate::model::Design;
use crate::sim::RequestClass;

/// The drill's state as the traffic engine needs it. Slices are indexed by topology node or
/// link.
#[derive(Debug, Clone, Copy)]
pub struct TrafficInput<'a> {
    /// Per node: up (a service is down when its server is).
    pub node_alive: &'a [bool],
    /// Per node: instances down (a service counts its server's too).
    pub instances_down: &'a [u32],
    /// Per link: up.
    pub link_alive: &'a [bool],
    /// Per link: the load balancer at its source believes the backend behind it is down, and
    /// sends it nothing. A dead backend not yet believed down still gets its share, which
    /// fails.
    pub believed_down: &'a [bool],
    /// Per node: a replica promoted to writer.
    pub promoted: &'a [bool],
    /// Requests per second offered at the entry.
    pub offered_qps: f64,
    /// Share of requests that only read.
    pub read_fraction: f64,
}

/// Traffic at one node for one tick.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct NodeFlow {
    /// Requests per second arriving.
    pub offered_qps: f64,
    /// Requests per second processed.
    pub served_qps: f64,
    /// Requests per second refused for lack of capacity.
    pub dropped_qps: f64,
    /// Requests per second lost because the node is down or has nowhere to send them.
    pub failed_qps: f64,
    /// ρ = λ / (c·μ); 0 when unlimited.
    pub utilization: f64,
    /// Mean time spent here (Erlang C), milliseconds.
    pub latency_ms: f64,
}

/// Traffic of one request class end to end for one tick.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ClassFlow {
    /// Requests per second of the class offered at the entry.
    pub offered_qps: f64,
    /// Requests per second of the class served end to end.
    pub served_qps: f64,
    /// Mean end-to-end latency of served requests, milliseconds.
    pub latency_ms: f64,
}

/// Traffic on one link for one tick.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct LinkFlow {
    /// Requests per second sent along it.
    pub qps: f64,
    /// Of those, requests per second that fail.
    pub failed_qps: f64,
}

/// The engine's answer for one state. Overall conservation:
/// `offered_qps = served_qps + dropped_qps + failed_qps`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrafficOutput {
    /// Per topology node.
    pub nodes: Vec<NodeFlow>,
    /// Per topology link.
    pub links: Vec<LinkFlow>,
    /// Reads, then writes.
    pub classes: [ClassFlow; 2],
    /// Requests per second offered at the entry.
    pub offered_qps: f64,
    /// Requests per second served end to end.
    pub served_qps: f64,
    /// Requests per second dropped for lack of capacity.
    pub dropped_qps: f64,
    /// Requests per second lost to failures.
    pub failed_qps: f64,
    /// Mean end-to-end latency of served requests, milliseconds.
    pub latency_ms: f64,
}

impl TrafficOutput {
    /// An all-zero output sized for `topo`.
    pub fn sized(topo: &Topology) -> Self {
        Self {
            nodes: vec![NodeFlow::default(); topo.nodes.len()],
            links: vec![LinkFlow::default(); topo.links.len()],
            ..Self::default()
        }
    }

    /// The flow of `class`.
    pub fn class(&self, class: RequestClass) -> ClassFlow {
        match class {
            RequestClass::Read => self.classes[0],
            RequestClass::Write => self.classes[1],
        }
    }
}

/// A traffic engine the tick loop can drive.
pub trait TrafficModel {
    /// Recomputes traffic for `input` into `out` (sized by [`TrafficOutput::sized`]).
    /// Called only when the drill's state changed; must not allocate per call.
    fn propagate(&mut self, input: &TrafficInput<'_>, out: &mut TrafficOutput);

    /// Writes, per link, whether a load balancer's health check over it passes now
    /// ([`crate::sim::health`]); `false` for links that are not checked.
    fn checks_pass(&mut self, input: &TrafficInput<'_>, per_link: &mut [bool]);

    /// Rebuilds whatever the engine precomputed, after the drill changed the design (a
    /// firewall's rules). Nodes and links keep their indices.
    fn rebuild(&mut self, design: &Design);
}
