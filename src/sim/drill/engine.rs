//! The analysis engine ([`crate::sim::flow`]) behind the drill's [`TrafficModel`] boundary,
//! and the ready-made entry points [`start_drill`] and [`run_drill`].
//!
//! Who knows what a failure is: a load balancer learns it only from its health checks (the
//! drill's beliefs). Any other node with several ways onwards (a firewall pair's VRRP, Nginx
//! `proxy_next_upstream`, a database driver with several hosts) fails over at once, since a
//! dead target refuses connections; a dead node tells nothing to anyone. A node with one way
//! onwards just forwards: its requests fail where the failure is.
//!
//! Known simplification: the engine's routing looks ahead ("can this way complete the
//! class?"), so when a live node downstream of a balancer has lost every way to complete a
//! class, the balancer avoids it for that class at once rather than after its checks.

use super::events::DrillError;
use super::file::Drill;
use super::run::{DrillOptions, DrillResult, DrillRun};
use super::topology::Topology;
use super::traffic::{NodeFlow, TrafficInput, TrafficModel, TrafficOutput};
use crate::model::{Design, KindTag};
use crate::sim::flow::{FlowInput, FlowOutput, READ, WRITE, propagate};
use crate::sim::graph::FlowGraph;
use crate::sim::health;
use crate::sim::{AnalysisOptions, analyze};

/// Where a flow link's "believed down" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Belief {
    /// A load balancer's health check on this drill link.
    HealthCheck(usize),
    /// The truth: the source fails over at once.
    Reality,
    /// Nothing: a source with one way onwards just forwards.
    Never,
}

/// The flow engine adapted to the drill's indices.
#[derive(Debug, Clone)]
pub struct FlowEngine {
    graph: FlowGraph,
    input: FlowInput,
    output: FlowOutput,
    /// Per flow node: the drill node.
    node_of: Vec<usize>,
    /// Per flow link: the drill link, for links drawn in the design.
    link_of: Vec<Option<usize>>,
    belief: Vec<Belief>,
}

impl FlowEngine {
    /// Builds the flow graph of `design` and maps it onto `topo` (which must index the same
    /// design).
    ///
    /// # Complexity
    /// That of [`FlowGraph::build`], plus O((V + E) log N).
    pub fn new(design: &Design, topo: &Topology) -> Self {
        let graph = FlowGraph::build(design);
        let input = FlowInput::new(
            &graph,
            design.traffic.offered_qps,
            design.traffic.read_fraction,
            design.traffic.dns_lookups_per_request,
        );
        let mut engine = Self {
            output: FlowOutput::new(&graph),
            input,
            graph,
            node_of: Vec::new(),
            link_of: Vec::new(),
            belief: Vec::new(),
        };
        engine.map(topo);
        engine
    }

    fn map(&mut self, topo: &Topology) {
        let g = &self.graph;
        self.node_of = (0..g.nodes.len())
            .map(|v| topo.node(g.node_id(v)).unwrap_or(usize::MAX))
            .collect();
        let mut by_design = vec![
            None;
            topo.links
                .iter()
                .map(|l| l.design_index + 1)
                .max()
                .unwrap_or(0)
        ];
        for (i, l) in topo.links.iter().enumerate() {
            if let Some(x) = by_design.get_mut(l.design_index) {
                *x = Some(i);
            }
        }
        self.link_of = g
            .links
            .iter()
            .map(|l| {
                l.design_link()
                    .and_then(|d| by_design.get(d).copied().flatten())
            })
            .collect();
        self.belief = g
            .links
            .iter()
            .zip(&self.link_of)
            .map(|(l, mine)| {
                let from_lb = g
                    .nodes
                    .get(l.from())
                    .is_some_and(|n| n.tag == KindTag::LoadBalancer);
                let one_way = g.out_links(l.from()).len() < 2;
                match (from_lb, mine) {
                    (true, Some(m)) => Belief::HealthCheck(*m),
                    _ if one_way => Belief::Never,
                    _ => Belief::Reality,
                }
            })
            .collect();
    }

    fn load(&mut self, input: &TrafficInput<'_>) {
        let get = |v: &[bool], i: usize, default: bool| v.get(i).copied().unwrap_or(default);
        for (flow, &mine) in self.node_of.iter().enumerate() {
            self.input.instances_down[flow] = input.instances_down.get(mine).copied().unwrap_or(0);
            if let Some(p) = self.input.promoted.get_mut(flow) {
                *p = get(input.promoted, mine, false);
            }
        }
        for (flow, mine) in self.link_of.iter().enumerate() {
            if let Some(a) = self.input.link_alive.get_mut(flow) {
                *a = mine.is_none_or(|m| get(input.link_alive, m, true));
            }
        }
        self.input.offered_qps = input.offered_qps;
        self.input.read_fraction = input.read_fraction;
    }
}

impl TrafficModel for FlowEngine {
    fn propagate(&mut self, input: &TrafficInput<'_>, out: &mut TrafficOutput) {
        self.load(input);
        for (flow, (b, l)) in self.belief.iter().zip(&self.graph.links).enumerate() {
            let down = match *b {
                Belief::HealthCheck(m) => input.believed_down.get(m).copied().unwrap_or(false),
                Belief::Reality => !(self.input.alive(l.to()) && self.input.link_alive[flow]),
                Belief::Never => false,
            };
            if let Some(x) = self.input.believed_down.get_mut(flow) {
                *x = down;
            }
        }
        propagate(&self.graph, &self.input, &mut self.output);
        let o = &self.output;
        out.nodes.iter_mut().for_each(|n| *n = NodeFlow::default());
        for (flow, &mine) in self.node_of.iter().enumerate() {
            let v = |x: &[f64]| x.get(flow).copied().unwrap_or(0.0);
            if let Some(n) = out.nodes.get_mut(mine) {
                *n = NodeFlow {
                    offered_qps: v(&o.offered_qps),
                    served_qps: v(&o.served_qps),
                    dropped_qps: v(&o.dropped_qps),
                    failed_qps: v(&o.failed_qps),
                    utilization: v(&o.utilization),
                    latency_ms: v(&o.latency_ms),
                };
            }
        }
        out.links.iter_mut().for_each(|l| *l = Default::default());
        for (flow, mine) in self.link_of.iter().enumerate() {
            if let Some(l) = mine.and_then(|m| out.links.get_mut(m)) {
                l.qps = o.link_qps.get(flow).copied().unwrap_or(0.0);
                l.failed_qps = o.link_failed_qps.get(flow).copied().unwrap_or(0.0);
            }
        }
        for (k, c) in out.classes.iter_mut().enumerate() {
            c.offered_qps = o.class_entry_qps.get(k).copied().unwrap_or(0.0);
            c.served_qps = o.class_served_qps.get(k).copied().unwrap_or(0.0);
            c.latency_ms = o.class_latency_ms.get(k).copied().unwrap_or(0.0);
        }
        let (r, w) = (out.classes[READ], out.classes[WRITE]);
        out.offered_qps = r.offered_qps + w.offered_qps;
        out.served_qps = r.served_qps + w.served_qps;
        out.dropped_qps = o.dropped_total_qps;
        out.failed_qps = o.failed_total_qps;
        out.latency_ms = if out.served_qps > 0.0 {
            (r.latency_ms * r.served_qps + w.latency_ms * w.served_qps) / out.served_qps
        } else {
            0.0
        };
    }

    fn checks_pass(&mut self, input: &TrafficInput<'_>, per_link: &mut [bool]) {
        self.load(input);
        let real = health::really_completes(&self.graph, &self.input);
        per_link.iter_mut().for_each(|x| *x = false);
        for (flow, belief) in self.belief.iter().enumerate() {
            if let Belief::HealthCheck(m) = *belief
                && let Some(x) = per_link.get_mut(m)
            {
                *x = health::check_passes(&self.graph, &self.input, &real, flow);
            }
        }
    }

    fn rebuild(&mut self, design: &Design) {
        let topo = Topology::new(design);
        self.graph = FlowGraph::build(design);
        self.output = FlowOutput::new(&self.graph);
        self.input = FlowInput::new(
            &self.graph,
            self.input.offered_qps,
            self.input.read_fraction,
            self.input.dns_lookups_per_request,
        );
        self.map(&topo);
    }
}

/// Prepares `drill` on `design` with the analysis engine.
///
/// # Errors
/// A [`DrillError`] naming the field: a number out of range or an unknown target.
pub fn start_drill(
    design: &Design,
    drill: &Drill,
    options: DrillOptions,
) -> Result<DrillRun<FlowEngine>, DrillError> {
    let topo = Topology::new(design);
    DrillRun::new(design, drill, FlowEngine::new(design, &topo), options)
}

/// Runs `drill` on `design` to the end and judges it; same inputs, same result.
///
/// # Errors
/// A [`DrillError`] naming the field: a number out of range or an unknown target.
///
/// # Complexity
/// O(T) ticks plus one propagation (O(V + E)) per change of state, plus one analysis.
pub fn run_drill(
    design: &Design,
    drill: &Drill,
    options: DrillOptions,
) -> Result<DrillResult, DrillError> {
    let mut run = start_drill(design, drill, options)?;
    run.run_to_end();
    let findings = analyze(design, &AnalysisOptions::default()).findings;
    Ok(run.finish(&findings))
}
