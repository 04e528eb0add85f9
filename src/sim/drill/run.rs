//! The tick loop. Each tick, in order: load-balancer health checks and monitoring look at the
//! state as it was (so an event at exactly a check's time is seen by the next check), then the
//! tick's events apply, ramps advance, replicas are promoted, and the traffic
//! engine is asked again only if any of that changed the state; otherwise the previous tick's
//! traffic stands. Finally the tick is recorded.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::events::{DrillError, Resolved, TimedEvent, resolve, resolve_action};
use super::file::{Action, Drill};
use super::record::{Recorder, SecondSample};
use super::state::{Detection, HealthChecks, Moment, MomentKind, Promotions};
use super::topology::{Target, Topology};
use super::traffic::{NodeFlow, TrafficInput, TrafficModel, TrafficOutput};
use super::verdict::{Verdict, VerdictInputs, verdict};
use crate::model::{Design, Kind};
use crate::sim::Finding;

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
    /// Per node id (`lb`, `server-1/nginx`), one entry per simulated second (empty unless
    /// [`DrillOptions::record_nodes`]).
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
pub struct DrillRun<M> {
    design: Design,
    topo: Topology,
    model: M,
    name: String,
    duration_s: f64,
    tick_ms: u64,
    ticks: u64,
    tick: u64,
    events: Vec<TimedEvent>,
    next_event: usize,
    /// Per node, its own instances failed by events (a service's server counts apart).
    failed_instances: Vec<u32>,
    /// Per node, instances down: its own and its server's.
    instances_down: Vec<u32>,
    failed_link: Vec<bool>,
    node_alive: Vec<bool>,
    link_alive: Vec<bool>,
    believed_down: Vec<bool>,
    promoted: Vec<bool>,
    /// Per link, whether a load balancer's health check over it passes now.
    checks_pass: Vec<bool>,
    checks_dirty: bool,
    offered_qps: f64,
    read_fraction: f64,
    ramp: Option<Ramp>,
    health: HealthChecks,
    promotions: Promotions,
    detection: Detection,
    timeline: Vec<Moment>,
    recorder: Recorder,
    out: TrafficOutput,
    dirty: bool,
    propagations: u64,
    first_failure_ms: Option<u64>,
    failed_targets: BTreeSet<String>,
    drill: Drill,
}

impl<M: TrafficModel> DrillRun<M> {
    /// Prepares `drill` on `design`, with `model` built for `design`.
    ///
    /// # Errors
    /// A [`DrillError`] naming the field: a number out of range or an unknown target.
    ///
    /// # Complexity
    /// O(N + L + E log E) for N nodes, L links and E events.
    pub fn new(
        design: &Design,
        drill: &Drill,
        model: M,
        options: DrillOptions,
    ) -> Result<Self, DrillError> {
        let topo = Topology::new(design);
        let events = resolve(drill, design, &topo)?;
        let tick_ms = u64::from(drill.tick_ms.max(1));
        let (n, l) = (topo.nodes.len(), topo.links.len());
        let work = drill_work(drill, &events, n, l, options);
        if work > MAX_DRILL_WORK {
            return Err(DrillError::TooMuchWork {
                work,
                limit: MAX_DRILL_WORK,
            });
        }
        Ok(Self {
            health: HealthChecks::new(design, &topo),
            promotions: Promotions::new(design, &topo),
            detection: Detection::new(design, &topo),
            recorder: Recorder::new(
                tick_ms,
                drill.hypothesis.min_served_ratio,
                n,
                options.record_nodes,
            ),
            out: TrafficOutput::sized(&topo),
            design: design.clone(),
            model,
            name: drill.name.clone(),
            duration_s: drill.duration_s,
            tick_ms,
            ticks: drill.tick_count(),
            tick: 0,
            events,
            next_event: 0,
            failed_instances: vec![0; n],
            instances_down: vec![0; n],
            failed_link: vec![false; l],
            node_alive: vec![true; n],
            link_alive: vec![true; l],
            believed_down: vec![false; l],
            promoted: vec![false; n],
            checks_pass: vec![true; l],
            checks_dirty: true,
            offered_qps: design.traffic.offered_qps,
            read_fraction: design.traffic.read_fraction,
            ramp: None,
            timeline: Vec::new(),
            dirty: true,
            propagations: 0,
            first_failure_ms: None,
            failed_targets: BTreeSet::new(),
            drill: drill.clone(),
            topo,
        })
    }

    /// The drill as given (for a reset).
    pub fn drill(&self) -> &Drill {
        &self.drill
    }

    /// The index of the design.
    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    /// Start of the next tick, seconds.
    pub fn t_s(&self) -> f64 {
        (self.tick * self.tick_ms) as f64 / 1000.0
    }

    /// Whether every tick has run.
    pub fn finished(&self) -> bool {
        self.tick >= self.ticks
    }

    /// Traffic of the latest tick.
    pub fn output(&self) -> &TrafficOutput {
        &self.out
    }

    /// Per node: up.
    pub fn node_alive(&self) -> &[bool] {
        &self.node_alive
    }

    /// Per link: up.
    pub fn link_alive(&self) -> &[bool] {
        &self.link_alive
    }

    /// Per link: its load balancer believes the backend is down.
    pub fn believed_down(&self) -> &[bool] {
        &self.believed_down
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
        match self.topo.resolve(target) {
            Some(Target::Node(n, _)) => self.failed_instances.get(n).is_some_and(|&x| x > 0),
            Some(Target::Links(v)) => v
                .iter()
                .any(|&i| self.failed_link.get(i).copied().unwrap_or(false)),
            None => false,
        }
    }

    /// Applies `action` now, before the next tick (the GUI's click to fail or restore).
    ///
    /// # Errors
    /// [`DrillError::UnknownTarget`] or [`DrillError::NotAFirewall`].
    pub fn apply_now(&mut self, action: &Action) -> Result<(), DrillError> {
        let (resolved, label) = resolve_action(action, "action", &self.design, &self.topo)?;
        let t_ms = self.tick * self.tick_ms;
        self.apply(t_ms, &resolved, &label);
        Ok(())
    }

    /// Asks the engine again on the next tick even if nothing changed (benchmarks).
    pub fn force_propagate(&mut self) {
        self.dirty = true;
    }

    /// Runs one tick; returns its traffic, or `None` once the drill is over.
    ///
    /// # Complexity
    /// O(1) amortised when nothing changes (plus O(N) with per-node recording); one engine
    /// propagation when something does.
    pub fn step(&mut self) -> Option<&TrafficOutput> {
        if self.finished() {
            return None;
        }
        let t_ms = self.tick * self.tick_ms;
        if self.checks_dirty {
            self.checks_dirty = false;
            let input = TrafficInput {
                node_alive: &self.node_alive,
                instances_down: &self.instances_down,
                link_alive: &self.link_alive,
                believed_down: &self.believed_down,
                promoted: &self.promoted,
                offered_qps: self.offered_qps,
                read_fraction: self.read_fraction,
            };
            self.model.checks_pass(&input, &mut self.checks_pass);
        }
        let checks = &self.checks_pass;
        if self.health.run(
            t_ms,
            &self.topo,
            |b| checks.get(b.link).copied().unwrap_or(false),
            &mut self.timeline,
        ) {
            self.dirty = true;
        }
        if self.detection.waiting() {
            self.detection.run(
                t_ms,
                &self.node_alive,
                &self.link_alive,
                &self.topo,
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
            if qps != self.offered_qps {
                self.offered_qps = qps;
                self.dirty = true;
            }
        }
        if self
            .promotions
            .run(t_ms, &self.node_alive, &self.topo, &mut self.timeline)
        {
            self.dirty = true;
        }
        if self.dirty {
            self.health.believed_down(&mut self.believed_down);
            self.promotions.promoted(&mut self.promoted);
            let input = TrafficInput {
                node_alive: &self.node_alive,
                instances_down: &self.instances_down,
                link_alive: &self.link_alive,
                believed_down: &self.believed_down,
                promoted: &self.promoted,
                offered_qps: self.offered_qps,
                read_fraction: self.read_fraction,
            };
            self.model.propagate(&input, &mut self.out);
            self.propagations += 1;
            self.dirty = false;
        }
        self.recorder.record(t_ms, self.tick_ms, &self.out);
        self.tick += 1;
        Some(&self.out)
    }

    fn apply(&mut self, t_ms: u64, action: &Resolved, label: &str) {
        let subject = match action {
            Resolved::Fail(_, name) | Resolved::Restore(_, name) => name.clone(),
            Resolved::OfferedQps(_) | Resolved::Ramp { .. } => "traffic".to_owned(),
            Resolved::FirewallRules(c, _) => self
                .design
                .components
                .get(*c)
                .map_or_else(String::new, |c| c.id.to_string()),
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
                let node = match target {
                    Target::Node(n, _) => Some(*n),
                    Target::Links(_) => None,
                };
                self.detection.open(name, node, t_ms);
            }
            Resolved::Restore(target, name) => {
                self.set_failed(target, false);
                self.detection.close(name, t_ms, &mut self.timeline);
            }
            Resolved::OfferedQps(qps) => {
                self.ramp = None;
                self.offered_qps = *qps;
            }
            Resolved::Ramp { to_qps, over_ms } => {
                self.ramp = Some(Ramp {
                    start_ms: t_ms,
                    from_qps: self.offered_qps,
                    to_qps: *to_qps,
                    over_ms: *over_ms,
                });
            }
            Resolved::FirewallRules(c, rules) => {
                if let Some(Kind::Firewall(fw)) =
                    self.design.components.get_mut(*c).map(|c| &mut c.kind)
                {
                    fw.rules.clone_from(rules);
                }
                self.model.rebuild(&self.design);
            }
        }
    }

    fn set_failed(&mut self, target: &Target, failed: bool) {
        match target {
            Target::Node(n, all) => {
                let instances = self.topo.nodes[*n].instances;
                let x = &mut self.failed_instances[*n];
                *x = match (failed, *all) {
                    (true, true) => instances,
                    (true, false) => (*x + 1).min(instances),
                    (false, true) => 0,
                    (false, false) => x.saturating_sub(1),
                };
            }
            Target::Links(v) => {
                for &i in v {
                    self.failed_link[i] = failed;
                }
            }
        }
        for (i, node) in self.topo.nodes.iter().enumerate() {
            let parent = node.parent.map_or(0, |p| self.failed_instances[p]);
            let down = (self.failed_instances[i] + parent).min(node.instances);
            self.instances_down[i] = down;
            self.node_alive[i] = down < node.instances;
        }
        for (a, f) in self.link_alive.iter_mut().zip(&self.failed_link) {
            *a = !f;
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
        let nodes = self
            .topo
            .nodes
            .iter()
            .zip(std::mem::take(&mut self.recorder.node_series))
            .map(|(n, s)| (n.id.clone(), s))
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
