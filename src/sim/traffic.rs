//! Turns one propagation ([`super::flow`]) into the [`TrafficReport`]: per component, per
//! service on a server (`server-1/nginx`), per request link and per class.
//!
//! A server's own row aggregates its services: offered = requests arriving at it over
//! explicit links, dropped and failed = the sums over its services, served = the rest,
//! utilisation = its busiest service's, latency = mean time a request arriving at the server
//! spends in its services (Little's law: Σ λ·W / arrivals).

use super::finding::RequestClass;
use super::flow::{FlowInput, FlowOutput, READ, WRITE};
use super::graph::{FlowGraph, FlowNode, ServerGroup};
use super::report::{ClassTraffic, LinkTraffic, NodeTraffic, TrafficReport};
use crate::model::{Design, KindTag};
use std::collections::BTreeMap;

/// The traffic report of one propagation.
///
/// # Complexity
/// O(V + E): rows are added in design order, no sorting and no string per row.
pub fn traffic_report(
    design: &Design,
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
) -> TrafficReport {
    let mut report = TrafficReport {
        offered_qps: output.class_entry_qps.iter().sum(),
        served_qps: output.class_served_qps.iter().sum(),
        dropped_qps: output.dropped_total_qps,
        failed_qps: output.failed_total_qps,
        ..TrafficReport::default()
    };
    for (class, k) in [(RequestClass::Read, READ), (RequestClass::Write, WRITE)] {
        let served_qps = output.class_served_qps.get(k).copied().unwrap_or(0.0);
        let (accepted_async_qps, applied_qps) = if k == WRITE {
            (output.accepted_async_qps, output.applied_write_qps())
        } else {
            (0.0, served_qps)
        };
        report.classes.insert(
            class,
            ClassTraffic {
                offered_qps: output.class_entry_qps.get(k).copied().unwrap_or(0.0),
                served_qps,
                latency_ms: output.class_latency_ms.get(k).copied().unwrap_or(0.0),
                accepted_async_qps,
                applied_qps,
            },
        );
    }
    let arrivals = link_rows(design, graph, output, &mut report.links);
    report.nodes = node_rows(graph, input, output, &arrivals);
    report
}

fn at(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(0.0)
}

/// One row per component (a server's aggregate row) and one per request service
/// (`server/service`), by id; of duplicate ids the first component's.
fn node_rows(
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    arrivals: &[f64],
) -> BTreeMap<String, NodeTraffic> {
    let mut table = BTreeMap::new();
    let mut servers = graph.servers.iter().peekable();
    for ci in 0..graph.components.len() {
        let id = graph.component_id(ci);
        if let Some(group) = servers.next_if(|g| g.component() == ci) {
            table
                .entry(id.to_owned())
                .or_insert_with(|| server_row(group, input, output, arrivals));
        }
        for v in graph.component_nodes(ci) {
            table
                .entry(graph.node_id(v).to_owned())
                .or_insert_with(|| node_row(graph, input, output, v));
        }
    }
    table
}

/// The row of graph node `v`.
fn node_row(graph: &FlowGraph, input: &FlowInput, output: &FlowOutput, v: usize) -> NodeTraffic {
    NodeTraffic {
        kind: graph.nodes.get(v).map_or("", FlowNode::kind_key),
        offered_qps: at(&output.offered_qps, v),
        served_qps: at(&output.served_qps, v),
        dropped_qps: at(&output.dropped_qps, v),
        failed_qps: at(&output.failed_qps, v),
        utilization: at(&output.utilization, v),
        latency_ms: at(&output.latency_ms, v),
        down: !input.alive(v),
    }
}

/// Fills `links` with one row per design request link in the graph; returns the requests per
/// second arriving at each node over design links.
fn link_rows(
    design: &Design,
    graph: &FlowGraph,
    output: &FlowOutput,
    links: &mut Vec<LinkTraffic>,
) -> Vec<f64> {
    links.reserve(graph.links.len());
    let mut arrivals = vec![0.0; graph.nodes.len()];
    for (li, l) in graph.links.iter().enumerate() {
        let Some(di) = l.design_link() else {
            continue;
        };
        if let Some(a) = arrivals.get_mut(l.to()) {
            *a += at(&output.link_qps, li);
        }
        if di < design.links.len() {
            links.push(LinkTraffic {
                link: di,
                qps: at(&output.link_qps, li),
                failed_qps: at(&output.link_failed_qps, li),
            });
        }
    }
    arrivals
}

/// The aggregate row of a server (see the module docs), with `arrivals` the requests per
/// second arriving at each node over design links.
fn server_row(
    group: &ServerGroup,
    input: &FlowInput,
    output: &FlowOutput,
    arrivals: &[f64],
) -> NodeTraffic {
    let alive = |i: usize| input.alive(i);
    let nodes = group.nodes();
    let mut row = NodeTraffic {
        kind: KindTag::Server.key(),
        down: !nodes.is_empty() && nodes.clone().all(|v| !alive(v)),
        ..NodeTraffic::default()
    };
    let mut in_system = 0.0;
    for v in nodes {
        row.offered_qps += at(arrivals, v);
        row.dropped_qps += at(&output.dropped_qps, v);
        row.failed_qps += at(&output.failed_qps, v);
        row.utilization = row.utilization.max(at(&output.utilization, v));
        in_system += at(&output.offered_qps, v) * at(&output.latency_ms, v);
    }
    row.served_qps = (row.offered_qps - row.dropped_qps - row.failed_qps).max(0.0);
    row.latency_ms = if row.offered_qps > 0.0 {
        in_system / row.offered_qps
    } else {
        0.0
    };
    row
}
