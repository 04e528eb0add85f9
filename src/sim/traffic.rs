//! Turns one propagation ([`super::flow`]) into the [`TrafficReport`]: per component, per
//! service on a server (`server-1/nginx`), per request link and per class.
//!
//! A server's own row aggregates its services: offered = requests arriving at it over
//! explicit links, dropped and failed = the sums over its services, served = the rest,
//! utilisation = its busiest service's, latency = mean time a request arriving at the server
//! spends in its services (Little's law: Σ λ·W / arrivals).

use super::finding::RequestClass;
use super::flow::{FlowInput, FlowOutput, READ, WRITE};
use super::graph::FlowGraph;
use super::id_sort::sort_by_id;
use super::report::{ClassTraffic, LinkTraffic, NodeTraffic, TrafficReport};
use crate::model::{Design, KindTag};

/// The traffic report of one propagation.
///
/// # Complexity
/// O((V + E) log V) (the map of rows is sorted by id).
pub fn traffic_report(
    design: &Design,
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
) -> TrafficReport {
    let ids = graph.nodes.iter().map(|n| n.id.clone()).collect();
    Rows::new(design, graph, input, output, ids).into_report()
}

/// [`traffic_report`] for a graph and a propagation no longer needed: moves the node ids out
/// of `graph` instead of copying them, and frees the graph and the propagation before the
/// map of rows is built, so that the map reuses their memory.
pub(crate) fn traffic_report_owned(
    design: &Design,
    mut graph: FlowGraph,
    input: FlowInput,
    output: FlowOutput,
) -> TrafficReport {
    let ids = graph
        .nodes
        .iter_mut()
        .map(|n| std::mem::take(&mut n.id))
        .collect();
    let rows = Rows::new(design, &graph, &input, &output, ids);
    drop(graph);
    drop(input);
    drop(output);
    rows.into_report()
}

/// The report without its map of rows, and the rows with their ids.
struct Rows {
    report: TrafficReport,
    /// The rows of the graph's nodes, then of the servers.
    rows: Vec<(String, NodeTraffic)>,
}

impl Rows {
    /// Everything but the map, with `ids` the ids of `graph`'s nodes (in node order).
    fn new(
        design: &Design,
        graph: &FlowGraph,
        input: &FlowInput,
        output: &FlowOutput,
        ids: Vec<String>,
    ) -> Self {
        let mut report = TrafficReport {
            offered_qps: output.class_entry_qps.iter().sum(),
            served_qps: output.class_served_qps.iter().sum(),
            dropped_qps: output.dropped_total_qps,
            failed_qps: output.failed_total_qps,
            ..TrafficReport::default()
        };
        for (class, k) in [(RequestClass::Read, READ), (RequestClass::Write, WRITE)] {
            report.classes.insert(
                class,
                ClassTraffic {
                    offered_qps: output.class_entry_qps.get(k).copied().unwrap_or(0.0),
                    served_qps: output.class_served_qps.get(k).copied().unwrap_or(0.0),
                    latency_ms: output.class_latency_ms.get(k).copied().unwrap_or(0.0),
                },
            );
        }
        let mut rows = node_rows(graph, input, output, ids);
        let arrivals = link_rows(design, graph, output, &mut report.links);
        server_rows(design, graph, input, output, &arrivals, &mut rows);
        Self { report, rows }
    }

    /// The report with its map of rows.
    fn into_report(self) -> TrafficReport {
        let Self {
            mut report,
            mut rows,
        } = self;
        // Sorted in place (stable, so of equal ids the last row stays last): `BTreeMap` builds
        // from sorted input in linear time, keeping the last of equal keys, and collecting the
        // vector reuses its memory.
        sort_by_id(&mut rows, |(id, _)| id.as_str());
        report.nodes = rows.into_iter().collect();
        report
    }
}

fn at(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(0.0)
}

/// One row per graph node, in node order, with `ids` the ids of the nodes.
fn node_rows(
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    ids: Vec<String>,
) -> Vec<(String, NodeTraffic)> {
    let mut rows = Vec::with_capacity(graph.nodes.len() + graph.servers.len());
    for ((v, node), id) in graph.nodes.iter().enumerate().zip(ids) {
        let row = NodeTraffic {
            kind: node.kind_key,
            offered_qps: at(&output.offered_qps, v),
            served_qps: at(&output.served_qps, v),
            dropped_qps: at(&output.dropped_qps, v),
            failed_qps: at(&output.failed_qps, v),
            utilization: at(&output.utilization, v),
            latency_ms: at(&output.latency_ms, v),
            down: !input.node_alive.get(v).copied().unwrap_or(true),
        };
        rows.push((id, row));
    }
    rows
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
        let Some(di) = l.design_link else {
            continue;
        };
        if let Some(a) = arrivals.get_mut(l.to) {
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

/// Appends one aggregate row per server (in design order) to `rows`.
fn server_rows(
    design: &Design,
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    arrivals: &[f64],
    rows: &mut Vec<(String, NodeTraffic)>,
) {
    let alive = |i: usize| input.node_alive.get(i).copied().unwrap_or(true);
    for group in &graph.servers {
        let Some(c) = design.components.get(group.component) else {
            continue;
        };
        let nodes = group.nodes.clone();
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
        rows.push((c.id.0.clone(), row));
    }
}
