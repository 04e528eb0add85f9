//! Turns one propagation ([`super::flow`]) into the [`TrafficReport`]: per component, per
//! service on a server (`server-1/nginx`), per request link and per class.
//!
//! A server's own row aggregates its services: offered = requests arriving at it over
//! explicit links, dropped and failed = the sums over its services, served = the rest,
//! utilisation = its busiest service's, latency = mean time a request arriving at the server
//! spends in its services (Little's law: Σ λ·W / arrivals).

use std::collections::BTreeMap;

use super::finding::RequestClass;
use super::flow::{FlowInput, FlowOutput, READ, WRITE};
use super::graph::FlowGraph;
use super::report::{ClassTraffic, LinkTraffic, NodeTraffic, TrafficReport};
use crate::model::Design;

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
    let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
    let alive = |i: usize| input.node_alive.get(i).copied().unwrap_or(true);
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
    let mut rows: Vec<(String, NodeTraffic)> =
        Vec::with_capacity(design.components.len() + graph.nodes.len());
    for (v, node) in graph.nodes.iter().enumerate() {
        rows.push((
            node.id.clone(),
            NodeTraffic {
                kind: node.kind_key.to_owned(),
                offered_qps: at(&output.offered_qps, v),
                served_qps: at(&output.served_qps, v),
                dropped_qps: at(&output.dropped_qps, v),
                failed_qps: at(&output.failed_qps, v),
                utilization: at(&output.utilization, v),
                latency_ms: at(&output.latency_ms, v),
                down: !alive(v),
            },
        ));
    }
    report.links.reserve(graph.links.len());
    let mut arrivals = vec![0.0; graph.nodes.len()];
    for (li, l) in graph.links.iter().enumerate() {
        if l.design_link.is_some()
            && let Some(a) = arrivals.get_mut(l.to)
        {
            *a += at(&output.link_qps, li);
        }
        if let Some(di) = l.design_link
            && let Some(dl) = design.links.get(di)
        {
            report.links.push(LinkTraffic {
                from: dl.from.clone(),
                to: dl.to.clone(),
                qps: at(&output.link_qps, li),
                failed_qps: at(&output.link_failed_qps, li),
            });
        }
    }
    for (ci, c) in design.components.iter().enumerate() {
        if c.tag() != crate::model::KindTag::Server {
            continue;
        }
        let nodes = graph.component_nodes(ci);
        let mut row = NodeTraffic {
            kind: c.tag().key().to_owned(),
            down: !nodes.is_empty() && nodes.clone().all(|v| !alive(v)),
            ..NodeTraffic::default()
        };
        let mut in_system = 0.0;
        for v in nodes {
            row.offered_qps += at(&arrivals, v);
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
    // Sort indices rather than the rows themselves (large), then build the map from sorted
    // input, which `BTreeMap` recognises in linear time.
    // The first eight bytes of each id, big-endian, order most pairs without touching the
    // strings (which are scattered in memory on large designs).
    let prefix: Vec<u64> = rows
        .iter()
        .map(|(id, _)| {
            let mut bytes = [0u8; 8];
            for (b, s) in bytes.iter_mut().zip(id.bytes()) {
                *b = s;
            }
            u64::from_be_bytes(bytes)
        })
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let key = |i: usize| rows.get(i).map_or("", |r| r.0.as_str());
        let pre = |i: usize| prefix.get(i).copied().unwrap_or(0);
        pre(a).cmp(&pre(b)).then_with(|| key(a).cmp(key(b)))
    });
    let mut slots: Vec<Option<(String, NodeTraffic)>> = rows.into_iter().map(Some).collect();
    report.nodes = order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect::<BTreeMap<_, _>>();
    report
}
