//! The entry point of the analysis: every rule and the traffic model over one design, for one
//! "what if" (failed components, offered load). Pure and deterministic.

use std::collections::BTreeSet;

use super::failover::{self, Failover};
use super::failure::{self, FailureSpec};
use super::finding::Finding;
use super::flow::{FlowInput, FlowOutput, propagate};
use super::graph::FlowGraph;
use super::report::TrafficReport;
use super::{
    cache_dependency, capacity, cycles, dead_end, dns, exposure, health, https, monitoring,
    shared_fate, spof, tls, tls_mode, traffic, writers, zone_spof,
};
use crate::model::{Design, Endpoint, IsoDate};

/// What to analyse beyond the design itself.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// What fails: component ids or services (`server/service`), one instance each, or with
    /// `:all` every instance ([`super::failure`]).
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
#[error("no component, service or zone `{0}` in the design")]
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
    for text in ids {
        let id = FailureSpec::parse(text).id;
        let zone = design.zones.iter().any(|z| z.id.as_str() == id);
        if !zone && design.component(id).is_none() && !design.resolves(&Endpoint::parse(id)) {
            return Err(UnknownId(text.clone()));
        }
    }
    Ok(())
}

/// The state of `graph` after the failures in `options.failed` (each `ID` one instance, `ID:all`
/// every instance; unknown ids are ignored), with failover and health checks settled: the input the analysis propagates and the drills reach at steady state.
pub fn failed_state(
    design: &Design,
    graph: &FlowGraph,
    failover: &Failover,
    options: &AnalysisOptions,
) -> FlowInput {
    let offered = options.offered_qps.unwrap_or(design.traffic.offered_qps);
    let mut input = FlowInput::new(
        graph,
        offered,
        design.traffic.read_fraction,
        design.traffic.dns_lookups_per_request,
    );
    for id in &options.failed {
        failure::apply(graph, &mut input, FailureSpec::parse(id));
    }
    settle(graph, failover, &mut input);
    input
}

/// Settles `input` after its failures: replicas promoted where failover allows
/// ([`Failover::settled`]), then every source's beliefs ([`health::settle_beliefs`]). The
/// steady state every "what if" reads: the analysis, the SPOF confirmation, availability.
pub(crate) fn settle(graph: &FlowGraph, failover: &Failover, input: &mut FlowInput) {
    input.promoted = failover.settled(graph.nodes.len(), |v| input.alive(v));
    health::settle_beliefs(graph, input);
}

/// Runs the traffic engine for `design` under `options` at steady state ([`failed_state`]).
///
/// Returns the graph-sized input and output of the propagation.
pub fn simulate(
    design: &Design,
    graph: &FlowGraph,
    options: &AnalysisOptions,
) -> (FlowInput, FlowOutput) {
    let failover = Failover::new(graph);
    let input = failed_state(design, graph, &failover, options);
    let mut output = FlowOutput::default();
    propagate(graph, &input, &mut output);
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
    let failover = Failover::new(&graph);
    let input = failed_state(design, &graph, &failover, options);
    let mut output = FlowOutput::default();
    propagate(&graph, &input, &mut output);
    let alive = input.alive_mask();
    let mut findings = Vec::new();
    findings.extend(spof::spof_findings(
        design, &graph, &failover, &input, &output,
    ));
    findings.extend(zone_spof::zone_spof_findings(
        design, &graph, &failover, &input, &output,
    ));
    findings.extend(dead_end::dead_end_findings(&graph));
    findings.extend(dns::no_dns_findings(&graph));
    findings.extend(failover::unpromotable_findings(&graph, &failover));
    findings.extend(tls::plaintext_findings(design, &graph));
    findings.extend(tls_mode::tls_mode_findings(design));
    findings.extend(writers::unreplicated_writer_findings(&graph));
    findings.extend(https::https_findings(design, &graph, options.today));
    findings.extend(exposure::exposure_findings(design, &graph));
    findings.extend(exposure::blocking_findings(design, &graph));
    findings.extend(monitoring::monitoring_findings(
        design,
        &graph,
        &monitoring::components_up(&graph, &alive),
    ));
    findings.extend(shared_fate::shared_fate_findings(design, &graph));
    findings.extend(capacity::capacity_findings(&graph, &output));
    findings.extend(cache_dependency::cache_dependency_findings(
        &graph, &failover, &input, &output,
    ));
    findings.extend(cycles::cycle_findings(design, &graph));
    findings.sort_unstable();
    findings.dedup();
    Analysis {
        findings,
        traffic: traffic::traffic_report(design, &graph, &input, &output),
    }
}
