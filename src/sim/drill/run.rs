//! The tick loop, on the design's flow graph ([`FlowGraph`]) and the analysis' propagation
//! ([`propagate`]): the drill keeps the state that changes with time (instances down, links
//! down, load balancers' beliefs, promotions) in a [`FlowInput`] and propagates it whenever it
//! changes. Each tick, in order: load-balancer health checks and monitoring look at the state
//! as it was (so an event at exactly a check's time is seen by the next check), then the
//! tick's events apply, ramps advance, replicas are promoted, and the traffic is propagated
//! again only if any of that changed the state; otherwise the previous tick's traffic stands.
//! Finally the tick is recorded.
//!
//! Who learns of a failure when is the one rule of [`crate::sim::health`]: a load balancer
//! from its timed health checks, a source with several ways onwards at once, a source with one
//! way onwards never. Once every check has settled, the drill's state is the analysis'
//! ([`crate::sim::failed_state`]), so their answers agree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::events::{DrillError, Resolved, Target, TimedEvent, resolve, resolve_action};
use super::file::{Action, Drill};
use super::record::{NodeFlow, Recorder, SecondSample};
use super::state::{Detection, HealthChecks, Moment, MomentKind, Promotions};
use super::verdict::{Verdict, VerdictInputs, verdict};
use crate::model::{Design, Kind};
use crate::sim::flow::{FlowInput, FlowOutput, propagate};
use crate::sim::graph::{FlowGraph, Role};
use crate::sim::health::{self, Learns};
use crate::sim::traffic::traffic_report;
use crate::sim::{AnalysisOptions, Finding, TrafficReport, analyze};

/// The most work a drill may take, in node-ticks ([`drill_work`]): a few seconds of CPU.
pub const MAX_DRILL_WORK: u64 = 500_000_000;

/// An estimate of a drill's work: every tick costs one step (plus one per node when every
/// node's series is recorded), and every tick of a ramp recomputes the whole design's traffic
/// (nodes + links). Quiet ticks reuse the previous tick's traffic and cost next to nothing.
fn drill_work(
    drill: &Drill,
    events: &[TimedEvent],
    nodes: usize,
    links: usize,
    options: DrillOptions,
) -> u64 {
    let tick_ms = u64::from(drill.tick_ms.max(1));
    let ticks = drill.tick_count();
    let per_tick = if options.record_nodes {
        1 + nodes as u64
    } else {
        1
    };
    let end_ms = ticks.saturating_mul(tick_ms);
    let ramp_ticks: u64 = events
        .iter()
        .filter_map(|e| match e.action {
            Resolved::Ramp { over_ms, .. } => {
                Some(over_ms.min(end_ms.saturating_sub(e.at_ms)) / tick_ms)
            }
            _ => None,
        })
        .sum();
    ticks
        .saturating_mul(per_tick)
        .saturating_add(ramp_ticks.saturating_mul((nodes + links) as u64))
}

/// How a drill runs besides its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrillOptions {
    /// Keep a per-second series for every node (the GUI's charts need it; a long drill of a
    /// large design costs memory).
    pub record_nodes: bool,
}

impl Default for DrillOptions {
    fn default() -> Self {
        Self { record_nodes: true }
    }
}

/// Everything a finished drill produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillResult {
    /// The drill's name.
    pub name: String,
    /// Simulated length, seconds.
    pub duration_s: f64,
    /// Tick, milliseconds.
    pub tick_ms: u32,
    /// The verdict.
    pub verdict: Verdict,
    /// One entry per simulated second.
    pub series: Vec<SecondSample>,
    /// Events, health-check transitions, promotions and alerts, in time order.
    pub timeline: Vec<Moment>,
    /// Per flow node id (`lb`, `server-1/nginx`), one entry per simulated second (empty
    /// unless [`DrillOptions::record_nodes`]).
    #[serde(skip)]
    pub nodes: BTreeMap<String, Vec<NodeFlow>>,
    /// How many times the traffic engine ran (the rest of the ticks reused its answer).
    #[serde(skip)]
    pub propagations: u64,
}

/// A ramp of the offered load in progress.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ramp {
    start_ms: u64,
    from_qps: f64,
    to_qps: f64,
    over_ms: u64,
}

/// A drill in progress: step it tick by tick (the GUI), or run it to the end (the command
/// line).
#[derive(Debug)]
pub struct DrillRun {
    design: Design,
    graph: FlowGraph,
    input: FlowInput,
    out: FlowOutput,
    /// Per flow link: how its source learns that its target is down.
    learns: Vec<Learns>,
    name: String,
    duration_s: f64,
    tick_ms: u64,
    ticks: u64,
    tick: u64,
    events: Vec<TimedEvent>,
    next_event: usize,
    /// Per component, instances failed by events (for a server: the whole machine).
    failed_component: Vec<u32>,
    /// Per (server, service in its stack), instances of that service failed by events.
    failed_service: BTreeMap<(usize, usize), u32>,
    /// Per design link, failed by an event.
    failed_link: Vec<bool>,
    /// Per zone, failed by an event.
    failed_zone: Vec<bool>,
    /// Per flow link, whether a load balancer's health check over it passes now.
    checks_pass: Vec<bool>,
    checks_dirty: bool,
    ramp: Option<Ramp>,
    health: HealthChecks,
    promotions: Promotions,
    detection: Detection,
    timeline: Vec<Moment>,
    recorder: Recorder,
    dirty: bool,
    propagations: u64,
    first_failure_ms: Option<u64>,
    failed_targets: BTreeSet<String>,
    drill: Drill,
    /// Per node, messages waiting in a queue (0 for every other node).
    backlog_msgs: Vec<f64>,
}

/// Whether design component `component` is up: some instance of some node of it is, or it
/// has no request node and events left an instance of it and its zones up.
fn component_up(
    graph: &FlowGraph,
    input: &FlowInput,
    failed_component: &[u32],
    failed_zone: &[bool],
    component: usize,
) -> bool {
    let nodes = graph.component_nodes(component);
    if nodes.is_empty() {
        failed_component[component] < graph.components[component].instances
            && !graph.zones.zones_of(component).any(|z| failed_zone[z])
    } else {
        nodes.into_iter().any(|n| input.alive(n))
    }
}

/// Prepares `drill` on `design`.
///
/// # Errors
/// A [`DrillError`] naming the field: a number out of range or an unknown target.
pub fn start_drill(
    design: &Design,
    drill: &Drill,
    options: DrillOptions,
) -> Result<DrillRun, DrillError> {
    DrillRun::new(design, drill, options)
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

impl DrillRun {
    /// Prepares `drill` on `design`.
    ///
    /// # Errors
    /// A [`DrillError`] naming the field: a number out of range or an unknown target.
    ///
    /// # Complexity
    /// O(V + E + E log E) for the flow graph and the events.
    pub fn new(design: &Design, drill: &Drill, options: DrillOptions) -> Result<Self, DrillError> {
        let graph = FlowGraph::build(design);
        let events = resolve(drill, design, &graph)?;
        let tick_ms = u64::from(drill.tick_ms.max(1));
        let (n, l) = (graph.nodes.len(), graph.links.len());
        let work = drill_work(drill, &events, n, l, options);
        if work > MAX_DRILL_WORK {
            return Err(DrillError::TooMuchWork {
                work,
                limit: MAX_DRILL_WORK,
            });
        }
        let input = FlowInput::new(
            &graph,
            design.traffic.offered_qps,
            design.traffic.read_fraction,
            design.traffic.dns_lookups_per_request,
        );
        Ok(Self {
            health: HealthChecks::new(design, &graph),
            promotions: Promotions::new(&graph),
            detection: Detection::new(design, &graph),
            recorder: Recorder::new(
                tick_ms,
                drill.hypothesis.min_served_ratio,
                n,
                options.record_nodes,
            ),
            out: FlowOutput::new(&graph),
            learns: (0..l).map(|li| health::learns(&graph, li)).collect(),
            input,
            design: design.clone(),
            name: drill.name.clone(),
            duration_s: drill.duration_s,
            tick_ms,
            ticks: drill.tick_count(),
            tick: 0,
            events,
            next_event: 0,
            failed_component: vec![0; design.components.len()],
            failed_service: BTreeMap::new(),
            failed_link: vec![false; design.links.len()],
            failed_zone: vec![false; design.zones.len()],
            checks_pass: vec![true; l],
            checks_dirty: true,
            ramp: None,
            timeline: Vec::new(),
            dirty: true,
            propagations: 0,
            first_failure_ms: None,
            failed_targets: BTreeSet::new(),
            drill: drill.clone(),
            backlog_msgs: vec![0.0; n],
            graph,
        })
    }

    /// The drill as given (for a reset).
    pub fn drill(&self) -> &Drill {
        &self.drill
    }

    /// The flow graph the drill runs on.
    pub fn graph(&self) -> &FlowGraph {
        &self.graph
    }

    /// Start of the next tick, seconds.
    pub fn t_s(&self) -> f64 {
        (self.tick * self.tick_ms) as f64 / 1000.0
    }

    /// Whether every tick has run.
    pub fn finished(&self) -> bool {
        self.tick >= self.ticks
    }

    /// Traffic of the latest tick, by flow node and flow link.
    pub fn output(&self) -> &FlowOutput {
        &self.out
    }

    /// The state of the latest tick: instances down, links up, beliefs, promotions.
    pub fn input(&self) -> &FlowInput {
        &self.input
    }

    /// The latest tick's traffic as the analysis reports it (per component, service, link
    /// and class), from the same report builder as `check`.
    pub fn traffic_report(&self) -> TrafficReport {
        traffic_report(&self.design, &self.graph, &self.input, &self.out)
    }

    /// Whether design component `component` is up: some instance of some node of it is, or
    /// it has no request node and no event failed it.
    pub fn component_up(&self, component: usize) -> bool {
        component_up(
            &self.graph,
            &self.input,
            &self.failed_component,
            &self.failed_zone,
            component,
        )
    }

    /// Events, transitions, promotions and alerts so far.
    pub fn timeline(&self) -> &[Moment] {
        &self.timeline
    }

    /// What has been recorded so far (per-second series, totals).
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// How many times the traffic engine ran.
    pub fn propagations(&self) -> u64 {
        self.propagations
    }

    /// Whether `target` (as in a drill file) is currently failed by an event.
    pub fn is_failed(&self, target: &str) -> bool {
        match Target::resolve(target, &self.design, &self.graph) {
            Some(Target::Component { component, .. }) => self.failed_component[component] > 0,
            Some(Target::Service {
                server, service, ..
            }) => self
                .failed_service
                .get(&(server, service))
                .is_some_and(|&x| x > 0),
            Some(Target::Links(v)) => v.iter().any(|&i| self.failed_link[i]),
            Some(Target::Zone(z)) => self.failed_zone[z],
            None => false,
        }
    }

    /// Applies `action` now, before the next tick (the GUI's click to fail or restore).
    ///
    /// # Errors
    /// [`DrillError::UnknownTarget`] or [`DrillError::NotAFirewall`].
    pub fn apply_now(&mut self, action: &Action) -> Result<(), DrillError> {
        let (resolved, label) = resolve_action(action, "action", &self.design, &self.graph)?;
        let t_ms = self.tick * self.tick_ms;
        self.apply(t_ms, &resolved, &label);
        Ok(())
    }

    /// Propagates again on the next tick even if nothing changed (benchmarks).
    pub fn force_propagate(&mut self) {
        self.dirty = true;
    }

    /// Runs one tick; returns its traffic, or `None` once the drill is over.
    ///
    /// # Complexity
    /// O(1) amortised when nothing changes (plus O(V) with per-node recording); one
    /// propagation, O(V + E), when something does.
    pub fn step(&mut self) -> Option<&FlowOutput> {
        if self.finished() {
            return None;
        }
        let t_ms = self.tick * self.tick_ms;
        if self.checks_dirty {
            self.checks_dirty = false;
            let real = health::really_completes(&self.graph, &self.input);
            for b in &self.health.backends {
                self.checks_pass[b.link] =
                    health::check_passes(&self.graph, &self.input, &real, b.link);
            }
        }
        let checks = &self.checks_pass;
        if self
            .health
            .run(t_ms, |b| checks[b.link], &mut self.timeline)
        {
            self.dirty = true;
        }
        if self.detection.waiting() {
            let (graph, input, failed_link) = (&self.graph, &self.input, &self.failed_link);
            let (failed_component, failed_zone) = (&self.failed_component, &self.failed_zone);
            self.detection.run(
                t_ms,
                |c| component_up(graph, input, failed_component, failed_zone, c),
                |li| !failed_link[li],
                graph,
                &mut self.timeline,
            );
        }
        while let Some(e) = self.events.get(self.next_event) {
            if e.at_ms > t_ms {
                break;
            }
            let e = e.clone();
            self.next_event += 1;
            self.apply(t_ms, &e.action, &e.label);
        }
        if let Some(r) = self.ramp {
            let done = t_ms.saturating_sub(r.start_ms);
            let qps = if r.over_ms == 0 || done >= r.over_ms {
                self.ramp = None;
                r.to_qps
            } else {
                r.from_qps + (r.to_qps - r.from_qps) * (done as f64 / r.over_ms as f64)
            };
            if qps != self.input.offered_qps {
                self.input.offered_qps = qps;
                self.dirty = true;
            }
        }
        let input = &self.input;
        if self
            .promotions
            .run(t_ms, |n| input.alive(n), &self.graph, &mut self.timeline)
        {
            self.dirty = true;
        }
        if self.warm_caches() | self.drain_queues() {
            self.dirty = true;
        }
        if self.dirty {
            self.update_beliefs();
            self.promotions.promoted(&mut self.input.promoted);
            propagate(&self.graph, &self.input, &mut self.out);
            self.propagations += 1;
            self.dirty = false;
        }
        self.fill_queues();
        let backlog: f64 = self.backlog_msgs.iter().sum();
        self.recorder.record(t_ms, self.tick_ms, &self.out, backlog);
        self.tick += 1;
        Some(&self.out)
    }

    /// Messages waiting in the queue `id`, or in every queue with `None` (after the latest
    /// tick).
    pub fn backlog_msgs(&self, id: Option<&str>) -> f64 {
        match id {
            None => self.backlog_msgs.iter().sum(),
            Some(id) => self
                .graph
                .nodes_named(id)
                .map_or(0.0, |nodes| nodes.map(|n| self.backlog_msgs[n]).sum()),
        }
    }

    /// Warms every cache that is up and not yet warm by one tick of its warm-up time
    /// ([`crate::sim::request_end`]); whether any warmth changed.
    fn warm_caches(&mut self) -> bool {
        let tick_s = self.tick_ms as f64 / 1000.0;
        let mut changed = false;
        for (v, node) in self.graph.nodes.iter().enumerate() {
            let Role::Cache { warm_up_s, .. } = node.role else {
                continue;
            };
            let w = self.input.warmth[v];
            if w < 1.0 && self.input.alive(v) {
                self.input.warmth[v] = if warm_up_s > 0.0 {
                    (w + tick_s / warm_up_s).min(1.0)
                } else {
                    1.0
                };
                changed = true;
            }
        }
        changed
    }

    /// Offers each queue's whole backlog to its consumers this tick (what they cannot take
    /// is dropped there and stays queued); whether any offer changed.
    fn drain_queues(&mut self) -> bool {
        let tick_s = self.tick_ms as f64 / 1000.0;
        let mut changed = false;
        for (v, &backlog) in self.backlog_msgs.iter().enumerate() {
            let drain = backlog / tick_s;
            if drain != self.input.backlog_drain_qps[v] {
                self.input.backlog_drain_qps[v] = drain;
                changed = true;
            }
        }
        changed
    }

    /// Adds what each queue accepted this tick and takes away what its consumers applied.
    /// With several queues, what was applied behind them is shared out in proportion to what
    /// each delivered.
    fn fill_queues(&mut self) {
        let tick_s = self.tick_ms as f64 / 1000.0;
        let out = &self.out;
        let sent: f64 = out.queue_sent_qps.iter().sum();
        for (v, node) in self.graph.nodes.iter().enumerate() {
            if node.role != Role::Queue {
                continue;
            }
            let applied = if sent > 0.0 {
                out.applied_async_qps * out.queue_sent_qps[v] / sent
            } else {
                0.0
            };
            let next = self.backlog_msgs[v] + (out.queue_accepted_qps[v] - applied) * tick_s;
            // Rounding must not leave a sliver that keeps the engine running forever.
            self.backlog_msgs[v] = if next > 1e-6 { next } else { 0.0 };
        }
    }

    /// Sets every flow link's belief by how its source learns ([`health::learns`]).
    fn update_beliefs(&mut self) {
        self.health.believed_down(&mut self.input.believed_down);
        for (li, learns) in self.learns.iter().enumerate() {
            match learns {
                Learns::HealthCheck => {}
                Learns::Never => self.input.believed_down[li] = false,
                Learns::AtOnce => {
                    let to = self.graph.links[li].to;
                    self.input.believed_down[li] =
                        !(self.input.forwards(to) && self.input.link_alive[li]);
                }
            }
        }
    }

    fn apply(&mut self, t_ms: u64, action: &Resolved, label: &str) {
        let subject = match action {
            Resolved::Fail(_, name) | Resolved::Restore(_, name) => name.clone(),
            Resolved::OfferedQps(_) | Resolved::Ramp { .. } => "traffic".to_owned(),
            Resolved::FirewallRules(c, _) => self.design.components[*c].id.to_string(),
        };
        self.timeline.push(Moment {
            t_s: t_ms as f64 / 1000.0,
            kind: MomentKind::Event,
            subject,
            detail: label.to_owned(),
        });
        self.dirty = true;
        if matches!(
            action,
            Resolved::Fail(..) | Resolved::Restore(..) | Resolved::FirewallRules(..)
        ) {
            self.checks_dirty = true;
        }
        match action {
            Resolved::Fail(target, name) => {
                self.set_failed(target, true);
                self.first_failure_ms.get_or_insert(t_ms);
                self.failed_targets.insert(name.clone());
                let components = match target {
                    Target::Component { component, .. } => vec![*component],
                    Target::Service { server, .. } => vec![*server],
                    Target::Zone(z) => self.graph.zones.members(*z).to_vec(),
                    Target::Links(_) => Vec::new(),
                };
                self.detection.open(name, components, t_ms);
            }
            Resolved::Restore(target, name) => {
                self.set_failed(target, false);
                self.detection.close(name, t_ms, &mut self.timeline);
            }
            Resolved::OfferedQps(qps) => {
                self.ramp = None;
                self.input.offered_qps = *qps;
            }
            Resolved::Ramp { to_qps, over_ms } => {
                self.ramp = Some(Ramp {
                    start_ms: t_ms,
                    from_qps: self.input.offered_qps,
                    to_qps: *to_qps,
                    over_ms: *over_ms,
                });
            }
            Resolved::FirewallRules(c, rules) => {
                if let Kind::Firewall(fw) = &mut self.design.components[*c].kind {
                    fw.rules.clone_from(rules);
                }
                // Rules only decide which links are blocked: nodes and links keep their
                // indices, so the drill's state stays valid.
                let graph = FlowGraph::build(&self.design);
                assert_eq!(
                    (graph.nodes.len(), graph.links.len()),
                    (self.graph.nodes.len(), self.graph.links.len()),
                    "firewall rules change no node or link of the flow graph"
                );
                self.graph = graph;
            }
        }
    }

    fn set_failed(&mut self, target: &Target, failed: bool) {
        let count = |x: &mut u32, all: bool, instances: u32| {
            *x = match (failed, all) {
                (true, true) => instances,
                (true, false) => (*x + 1).min(instances),
                (false, true) => 0,
                (false, false) => x.saturating_sub(1),
            };
        };
        let component = match *target {
            Target::Component { component, all } => {
                let instances = self.graph.components[component].instances;
                count(&mut self.failed_component[component], all, instances);
                component
            }
            Target::Service {
                server,
                service,
                all,
                ..
            } => {
                let instances = self.graph.components[server].instances;
                count(
                    self.failed_service.entry((server, service)).or_default(),
                    all,
                    instances,
                );
                server
            }
            Target::Links(ref links) => {
                for &d in links {
                    self.failed_link[d] = failed;
                    if let Some(li) = self.graph.design_links[d].flow {
                        self.input.link_alive[li] = !failed;
                    }
                }
                return;
            }
            Target::Zone(z) => {
                self.failed_zone[z] = failed;
                for i in 0..self.graph.zones.members(z).len() {
                    self.refresh_component(self.graph.zones.members(z)[i]);
                }
                return;
            }
        };
        self.refresh_component(component);
    }

    /// Sets the instances down of `component`'s nodes from the events so far: every instance
    /// while a zone around it is failed, else its own and its services' failed instances.
    fn refresh_component(&mut self, component: usize) {
        let zone_down = self
            .graph
            .zones
            .zones_of(component)
            .any(|z| self.failed_zone[z]);
        for n in self.graph.component_nodes(component) {
            let node = &self.graph.nodes[n];
            let service = node
                .service
                .and_then(|s| self.failed_service.get(&(component, s)))
                .copied()
                .unwrap_or(0);
            self.input.instances_down[n] = if zone_down {
                node.instances
            } else {
                (self.failed_component[component] + service).min(node.instances)
            };
            // A cache that went down whole comes back empty (cold).
            if !self.input.alive(n) && matches!(node.role, Role::Cache { .. }) {
                self.input.warmth[n] = 0.0;
            }
        }
    }

    /// Runs the remaining ticks.
    ///
    /// # Complexity
    /// O(T) ticks plus one engine propagation per state change.
    pub fn run_to_end(&mut self) {
        while self.step().is_some() {}
    }

    /// Ends the drill and judges it; `findings` are the static analysis' findings on the
    /// design as drawn (those naming a failed target are reported as predictions).
    pub fn finish(mut self, findings: &[Finding]) -> DrillResult {
        self.recorder.flush();
        let end_ms = self.tick * self.tick_ms;
        self.detection.finish(end_ms, &mut self.timeline);
        self.timeline.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
        let targets: Vec<String> = self.failed_targets.iter().cloned().collect();
        let relevant: Vec<Finding> = findings
            .iter()
            .filter(|f| {
                use crate::sim::Rule;
                matches!(
                    f.rule,
                    Rule::Spof
                        | Rule::Unmonitored
                        | Rule::SharedFate
                        | Rule::OverCapacity
                        | Rule::Unservable
                        | Rule::FirewallBlocksTraffic
                        | Rule::CacheDependency
                )
            })
            .cloned()
            .collect();
        let verdict = verdict(
            &self.recorder,
            VerdictInputs {
                hypothesis: &self.drill.hypothesis,
                first_failure_ms: self.first_failure_ms,
                alerts: &self.detection.alerts,
                silent: &self.detection.silent,
                failed_targets: &targets,
                findings: &relevant,
            },
        );
        let graph = &self.graph;
        let nodes = std::mem::take(&mut self.recorder.node_series)
            .into_iter()
            .enumerate()
            .map(|(n, s)| (graph.node_id(n).to_owned(), s))
            .filter(|(_, s)| !s.is_empty())
            .collect();
        DrillResult {
            name: self.name,
            duration_s: self.duration_s,
            tick_ms: u32::try_from(self.tick_ms).unwrap_or(u32::MAX),
            verdict,
            series: std::mem::take(&mut self.recorder.series),
            timeline: self.timeline,
            nodes,
            propagations: self.propagations,
        }
    }
}
