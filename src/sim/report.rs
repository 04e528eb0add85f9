//! The traffic report: offered, served, dropped and failed QPS with utilisation and latency, per
//! component, per service on a server, per link and per request class.

use std::collections::BTreeMap;

use serde::Serialize;

use super::finding::RequestClass;

/// Traffic at one node: a component, or a service on a server (`server-1/nginx`).
///
/// Conservation: `offered_qps = served_qps + dropped_qps + failed_qps` (up to float rounding).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct NodeTraffic {
    /// Machine-readable kind: `load_balancer`, `firewall`, `web_server`, `app_server`,
    /// `database`, ...
    pub kind: &'static str,
    /// Requests per second arriving.
    pub offered_qps: f64,
    /// Requests per second processed.
    pub served_qps: f64,
    /// Requests per second refused because the node is over capacity.
    pub dropped_qps: f64,
    /// Requests per second lost because the node is down or has nowhere healthy to send them.
    pub failed_qps: f64,
    /// Offered load over capacity, ρ = λ / (c·μ); 0 when capacity is unlimited.
    pub utilization: f64,
    /// Mean time a request spends here (queueing + service), from M/M/c; 0 when unlimited.
    pub latency_ms: f64,
    /// Whether the node is down in this analysis.
    pub down: bool,
}

/// Traffic of one request class, end to end.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ClassTraffic {
    /// Requests per second of this class offered at the entry.
    pub offered_qps: f64,
    /// Requests per second of this class that reached a node able to complete them.
    pub served_qps: f64,
    /// Mean end-to-end latency of served requests, milliseconds.
    pub latency_ms: f64,
    /// Of the served requests, those a message queue accepted: the users' writes succeeded
    /// and are applied asynchronously behind the queue (0 for reads).
    #[serde(skip_serializing_if = "is_zero")]
    pub accepted_async_qps: f64,
    /// Requests per second applied where they end: the served requests that ended
    /// synchronously plus the queued writes applied behind queues (equal to `served_qps`
    /// without queues).
    pub applied_qps: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// Traffic on one link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkTraffic {
    /// Index of the request link in `Design::links` of the design analysed (its endpoints are
    /// `design.links[link].from` and `.to`; an index rather than copies of both endpoints keeps
    /// the report cheap on large designs).
    pub link: usize,
    /// Requests per second sent along the link.
    pub qps: f64,
    /// Of those, requests per second that fail (sent to a node that is down).
    pub failed_qps: f64,
}

/// The whole traffic picture for one analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TrafficReport {
    /// Requests per second offered at the entry.
    pub offered_qps: f64,
    /// Requests per second served end to end (both classes).
    pub served_qps: f64,
    /// Requests per second dropped for lack of capacity somewhere on the path.
    pub dropped_qps: f64,
    /// Requests per second lost to failures (no healthy path, dead node).
    pub failed_qps: f64,
    /// Per class.
    pub classes: BTreeMap<RequestClass, ClassTraffic>,
    /// Per component id and per `server/service`, sorted by id (a design with duplicate ids
    /// keeps the first component's row).
    pub nodes: BTreeMap<String, NodeTraffic>,
    /// Per request link, in the design's link order.
    pub links: Vec<LinkTraffic>,
}
