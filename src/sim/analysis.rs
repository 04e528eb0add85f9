//! The entry point of the analysis: every rule and the traffic model over one design, for one
//! "what if" (failed components, offered load). Pure and deterministic.

use std::collections::BTreeSet;

use super::finding::Finding;
use super::flow::{FlowInput, FlowOutput, WRITE, propagate};
use super::graph::FlowGraph;
use super::report::TrafficReport;
use super::{capacity, cycles, exposure, https, monitoring, shared_fate, spof, tls, traffic};
use crate::model::{Design, Endpoint, IsoDate};

/// What to analyse beyond the design itself.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// Components (ids) or services (`server/service`) to treat as down.
    pub failed: BTreeSet<String>,
    /// Offered load at the entry, overriding the design's traffic profile.
    pub offered_qps: Option<f64>,
    /// The date certificates are checked against.
    pub today: IsoDate,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            failed: BTreeSet::new(),
            offered_qps: None,
            today: IsoDate::today_utc(),
        }
    }
}

/// Everything the analysis found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// Findings, sorted (severity, rule, class, components, ...).
    pub findings: Vec<Finding>,
    /// The traffic picture.
    pub traffic: TrafficReport,
}

/// An id given as failed that names nothing in the design.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no component or service `{0}` in the design")]
pub struct UnknownId(pub String);

/// Checks that every id in `ids` names a component or a service on a server (`server/service`)
/// of `design`.
///
/// # Errors
/// The first id (in the iteration order of `ids`) that names nothing.
pub fn check_failed_ids<'a>(
    design: &Design,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<(), UnknownId> {
    for id in ids {
        if design.component(id).is_none() && !design.resolves(&Endpoint::parse(id)) {
            return Err(UnknownId(id.clone()));
        }
    }
    Ok(())
}

/// The liveness mask of `graph`'s nodes with the ids in `failed` down (a server takes all its
/// services; unknown ids are ignored).
pub fn alive_mask(graph: &FlowGraph, failed: &BTreeSet<String>) -> Vec<bool> {
    let mut alive = vec![true; graph.nodes.len()];
    for id in failed {
        for v in graph.nodes_named(id).unwrap_or(0..0) {
            if let Some(a) = alive.get_mut(v) {
                *a = false;
            }
        }
    }
    alive
}

/// Runs the traffic engine for `design` under `options` with beliefs equal to reality and
/// automatic failover applied (replicas with `promote_after_s` take writes when no writer is
/// reachable).
///
/// Returns the graph-sized input and output of the final propagation.
pub fn simulate(
    design: &Design,
    graph: &FlowGraph,
    options: &AnalysisOptions,
) -> (FlowInput, FlowOutput) {
    let offered = options.offered_qps.unwrap_or(design.traffic.offered_qps);
    let mut input = FlowInput::new(
        graph,
        offered,
        design.traffic.read_fraction,
        design.traffic.dns_lookups_per_request,
    );
    input.node_alive = alive_mask(graph, &options.failed);
    input.believe_reality(graph);
    // `propagate` sizes and zeroes the output itself: an empty one saves zeroing it twice.
    let mut output = FlowOutput::default();
    propagate(graph, &input, &mut output);
    let writer_reachable = graph
        .entry
        .and_then(|e| output.reach.get(WRITE).and_then(|r| r.get(e)).copied())
        .unwrap_or(false);
    if !writer_reachable {
        let mut any = false;
        for (v, node) in graph.nodes.iter().enumerate() {
            if node.promotable
                && input.node_alive.get(v).copied().unwrap_or(true)
                && let Some(p) = input.promoted.get_mut(v)
            {
                *p = true;
                any = true;
            }
        }
        if any {
            propagate(graph, &input, &mut output);
        }
    }
    (input, output)
}

/// Analyses `design` under `options`: every rule, then the traffic model.
///
/// Ids in `options.failed` that name nothing are ignored (see [`check_failed_ids`]).
///
/// # Complexity
/// Near-linear in the size of the design; see each rule's module.
pub fn analyze(design: &Design, options: &AnalysisOptions) -> Analysis {
    let graph = FlowGraph::build(design);
    let (input, output) = simulate(design, &graph, options);
    let mut findings = Vec::new();
    findings.extend(spof::spof_findings(design, &graph, &input.node_alive));
    findings.extend(tls::plaintext_findings(design, &graph));
    findings.extend(https::https_findings(design, &graph, options.today));
    findings.extend(exposure::exposure_findings(design, &graph));
    findings.extend(exposure::blocking_findings(design, &graph));
    findings.extend(monitoring::monitoring_findings(
        design,
        &graph,
        &options.failed,
    ));
    findings.extend(shared_fate::shared_fate_findings(design, &graph));
    findings.extend(capacity::capacity_findings(&graph, &output));
    findings.extend(cycles::cycle_findings(design, &graph));
    // Equal findings are identical in every field, so an unstable sort is deterministic.
    findings.sort_unstable();
    findings.dedup();
    Analysis {
        findings,
        traffic: traffic::traffic_report(design, &graph, &input, &output),
    }
}
