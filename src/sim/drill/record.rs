//! What a drill records while it runs: one sample per simulated second (the mean of that
//! second's ticks), overall, per class and optionally per node; totals in requests; the
//! latency distribution over ticks; and when users last saw the hypothesis broken.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::sim::RequestClass;
use crate::sim::flow::FlowOutput;

/// One flow node over one second (means of its ticks).
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

/// One request class over one second.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ClassSample {
    /// Mean requests per second offered.
    pub offered_qps: f64,
    /// Mean requests per second served.
    pub served_qps: f64,
    /// Mean end-to-end latency of served requests, milliseconds.
    pub latency_ms: f64,
}

/// The whole design over one simulated second.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SecondSample {
    /// Start of the second.
    pub t_s: f64,
    /// Mean requests per second offered at the entry.
    pub offered_qps: f64,
    /// Mean requests per second served end to end.
    pub served_qps: f64,
    /// Mean requests per second lost to failures.
    pub failed_qps: f64,
    /// Mean requests per second dropped for lack of capacity.
    pub dropped_qps: f64,
    /// Mean end-to-end latency of served requests, milliseconds.
    pub latency_ms: f64,
    /// Per request class.
    pub classes: BTreeMap<RequestClass, ClassSample>,
    /// Mean writes per second applied where they end (synchronous writes plus queued writes
    /// applied behind a queue; see [`FlowOutput::applied_write_qps`]).
    pub applied_write_qps: f64,
    /// Mean writes per second a queue accepted from producers (applied later).
    pub accepted_async_qps: f64,
    /// Messages waiting in queues at the end of the second.
    pub queue_backlog: f64,
}

/// Totals of one class over the drill, in requests.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ClassTotals {
    /// Requests offered.
    pub offered: f64,
    /// Requests served.
    pub served: f64,
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// `latency × served` for a mean weighted by served requests: an unbounded latency (a
/// saturated queue) stays unbounded; nothing served weighs nothing.
fn weighted_latency(latency_ms: f64, served: f64) -> f64 {
    if served > 0.0 && !latency_ms.is_nan() {
        latency_ms * served
    } else {
        0.0
    }
}

#[derive(Debug, Clone, Default)]
struct Acc {
    ticks: u32,
    offered: f64,
    served: f64,
    failed: f64,
    dropped: f64,
    latency_x_served: f64,
    class: [(f64, f64, f64); 2],
    applied_write: f64,
    accepted_async: f64,
    backlog: f64,
}

/// Accumulates ticks into seconds and totals.
#[derive(Debug, Clone)]
pub struct Recorder {
    tick_s: f64,
    min_ratio: f64,
    second: u64,
    acc: Acc,
    node_acc: Vec<NodeFlow>,
    record_nodes: bool,
    /// One sample per simulated second.
    pub series: Vec<SecondSample>,
    /// Per node, one mean sample per simulated second (empty unless recording nodes).
    pub node_series: Vec<Vec<NodeFlow>>,
    /// Per class totals (reads, writes).
    pub classes: [ClassTotals; 2],
    /// Requests failed.
    pub failed: f64,
    /// Requests dropped.
    pub dropped: f64,
    /// Runs of equal ticks: (latency ms, served qps, ticks).
    pub latency_runs: Vec<(f64, f64, u64)>,
    /// End (ms) of the last tick in which some class got less than the hypothesis' share.
    pub last_bad_end_ms: Option<u64>,
    /// Whether the latest tick was such a tick.
    pub last_tick_bad: bool,
}

impl Recorder {
    /// A recorder for ticks of `tick_ms` judging ticks against `min_ratio`; per-node series
    /// for `nodes` nodes if `record_nodes`.
    pub fn new(tick_ms: u64, min_ratio: f64, nodes: usize, record_nodes: bool) -> Self {
        Self {
            tick_s: tick_ms as f64 / 1000.0,
            min_ratio,
            second: 0,
            acc: Acc::default(),
            node_acc: vec![NodeFlow::default(); if record_nodes { nodes } else { 0 }],
            record_nodes,
            series: Vec::new(),
            node_series: vec![Vec::new(); if record_nodes { nodes } else { 0 }],
            classes: [ClassTotals::default(); 2],
            failed: 0.0,
            dropped: 0.0,
            latency_runs: Vec::new(),
            last_bad_end_ms: None,
            last_tick_bad: false,
        }
    }

    /// Records the tick starting at `t_ms` with traffic `out` and `backlog` messages queued
    /// at its end.
    ///
    /// # Complexity
    /// O(1), plus O(N) with per-node recording.
    pub fn record(&mut self, t_ms: u64, tick_ms: u64, out: &FlowOutput, backlog: f64) {
        let second = t_ms / 1000;
        if second != self.second && self.acc.ticks > 0 {
            self.flush();
        }
        self.second = second;
        let a = &mut self.acc;
        a.ticks += 1;
        let served = finite(out.served_total_qps());
        let latency_ms = out.latency_total_ms();
        a.offered += finite(out.offered_total_qps());
        a.served += served;
        a.failed += finite(out.failed_total_qps);
        a.dropped += finite(out.dropped_total_qps);
        a.latency_x_served += weighted_latency(latency_ms, served);
        a.applied_write += finite(out.applied_write_qps());
        a.accepted_async += finite(out.accepted_async_qps);
        a.backlog = finite(backlog);
        let mut bad = false;
        for i in 0..2 {
            let offered = finite(out.class_entry_qps[i]);
            let served = finite(out.class_served_qps[i]);
            let x = &mut a.class[i];
            x.0 += offered;
            x.1 += served;
            x.2 += weighted_latency(out.class_latency_ms[i], served);
            let t = &mut self.classes[i];
            t.offered += offered * self.tick_s;
            t.served += served * self.tick_s;
            if offered > 0.0 && served < self.min_ratio * offered * (1.0 - 1e-9) {
                bad = true;
            }
        }
        self.failed += finite(out.failed_total_qps) * self.tick_s;
        self.dropped += finite(out.dropped_total_qps) * self.tick_s;
        if bad {
            self.last_bad_end_ms = Some(t_ms.saturating_add(tick_ms));
        }
        self.last_tick_bad = bad;
        let latency = if latency_ms.is_nan() { 0.0 } else { latency_ms };
        match self.latency_runs.last_mut() {
            Some(run) if run.0 == latency && run.1 == served => run.2 += 1,
            _ => self.latency_runs.push((latency, served, 1)),
        }
        if self.record_nodes {
            for (n, acc) in self.node_acc.iter_mut().enumerate() {
                acc.offered_qps += finite(out.offered_qps[n]);
                acc.served_qps += finite(out.served_qps[n]);
                acc.dropped_qps += finite(out.dropped_qps[n]);
                acc.failed_qps += finite(out.failed_qps[n]);
                acc.utilization += finite(out.utilization[n]);
                if !out.latency_ms[n].is_nan() {
                    acc.latency_ms += out.latency_ms[n];
                }
            }
        }
    }

    /// Closes the current second (call once after the last tick).
    pub fn flush(&mut self) {
        let a = std::mem::take(&mut self.acc);
        if a.ticks == 0 {
            return;
        }
        let n = f64::from(a.ticks);
        let mean_latency = |x_served: f64, served: f64| {
            if served > 0.0 { x_served / served } else { 0.0 }
        };
        let mut classes = BTreeMap::new();
        for (class, c) in RequestClass::ALL.into_iter().zip(a.class) {
            classes.insert(
                class,
                ClassSample {
                    offered_qps: c.0 / n,
                    served_qps: c.1 / n,
                    latency_ms: mean_latency(c.2, c.1),
                },
            );
        }
        self.series.push(SecondSample {
            t_s: self.second as f64,
            offered_qps: a.offered / n,
            served_qps: a.served / n,
            failed_qps: a.failed / n,
            dropped_qps: a.dropped / n,
            latency_ms: mean_latency(a.latency_x_served, a.served),
            classes,
            applied_write_qps: a.applied_write / n,
            accepted_async_qps: a.accepted_async / n,
            queue_backlog: a.backlog,
        });
        if self.record_nodes {
            for (acc, series) in self.node_acc.iter_mut().zip(self.node_series.iter_mut()) {
                let m = std::mem::take(acc);
                series.push(NodeFlow {
                    offered_qps: m.offered_qps / n,
                    served_qps: m.served_qps / n,
                    dropped_qps: m.dropped_qps / n,
                    failed_qps: m.failed_qps / n,
                    utilization: m.utilization / n,
                    latency_ms: m.latency_ms / n,
                });
            }
        }
    }

    /// The `q` quantile (0..=1) of per-tick mean latency, weighting each tick by the requests
    /// it served; 0 if nothing was served (unserved requests have no latency), infinite when
    /// the quantile falls on saturated ticks.
    ///
    /// # Complexity
    /// O(R log R) over runs of equal ticks.
    pub fn latency_quantile_ms(&self, q: f64) -> f64 {
        let mut runs: Vec<(f64, f64)> = self
            .latency_runs
            .iter()
            .map(|&(lat, served, ticks)| (lat, served * ticks as f64))
            .filter(|&(_, w)| w > 0.0)
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = runs.iter().map(|r| r.1).sum();
        let mut seen = 0.0;
        for (lat, w) in &runs {
            seen += w;
            if seen >= q * total * (1.0 - 1e-12) {
                return *lat;
            }
        }
        runs.last().map_or(0.0, |r| r.0)
    }
}
