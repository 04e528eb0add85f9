//! Availability: per request class, the exact probability that the class is servable, with
//! the failure combinations behind its unavailability.
//!
//! Rule: each component is up with its availability ([`crate::model::availability`]: one
//! instance's, combined over its replicas), and each zone with its own, independently of each
//! other; a component is down whenever it or a zone around it is down (zones are common
//! causes: one variable per zone, not a factor on each member). A class is
//! **servable** in a state when the traffic engine, with every down component failed whole
//! (`ID:all`) and failover and health checks settled ([`super::failed_state`]), serves some of
//! it: the same code and the same question as the SPOF analysis ("serves none"), asked of
//! every combination instead of single failures.
//!
//! Method: exact factoring (pivotal decomposition). `A = a·A(c up) + (1 − a)·A(c down)` over
//! the components on the request path, stopping a branch as soon as its answer no longer
//! depends on the undecided components: servable with all of them down (then 1), or not
//! servable with all of them up (then 0). That shortcut needs more failures never to help,
//! which holds except for failover (a replica is promoted only when its writers have failed),
//! so writers and promotable replicas are decided first and the shortcut is taken only once
//! they are.
//!
//! Importance: for each component, how much the class's availability would gain if it never
//! failed, `A(c up) − A` = `(1 − a)·I_B` with Birnbaum's `I_B = A(c up) − A(c down)`, each
//! computed exactly by the same factoring with `c` decided; largest first: what to fix first.
//! It is left out when the work limit does not allow it.
//!
//! A Monte Carlo estimate ([`monte_carlo`]) samples states with the same probabilities and
//! the same question, seeded and replayable, for designs too large for the exact method.
//!
//! Minimal cut sets of order 1 and 2: single components, then pairs of components neither of
//! which is a cut alone, whose failure (everything else up) stops the class; each with its
//! probability (the product of the unavailabilities) and its share of the class's
//! unavailability, largest first.
//!
//! # Complexity
//! Each engine evaluation is O(V + E). Factoring takes at most 2·2^k evaluations for k
//! components on the request path, far fewer on designs whose redundancy is in few places;
//! cut sets take O(k²). The whole computation gives up past a work limit (evaluations ×
//! (V + E), [`MAX_WORK`] by default), and refuses at once when the cut sets alone would pass
//! it: the exact method is for designs of up to a few hundred components.

use std::collections::BTreeSet;

use serde::Serialize;

use super::RequestClass;
use super::analysis::settle;
use super::failover::Failover;
use super::failover_downtime::{FailoverCost, failures_per_year, seconds_lost, settle_horizon_s};
use super::failure::{self, FailureSpec};
use super::flow::{FlowInput, FlowOutput, READ, WRITE, propagate};
use super::graph::FlowGraph;
use crate::model::Design;
use crate::model::availability::{instance_availability, replicated, zone_availability};

/// The most work [`availability`] does: engine evaluations × (nodes + links), a few seconds.
pub const MAX_WORK: u64 = 20_000_000;

/// Minutes in a (365-day) year.
const MINUTES_PER_YEAR: f64 = 365.0 * 24.0 * 60.0;

/// Why availability cannot be computed exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AvailabilityError {
    /// Too many combinations matter.
    #[error(
        "exact availability needs more than {limit} steps of work here ({components} \
         components whose failure matters); the exact method is for designs of up to a few \
         hundred components"
    )]
    TooLarge {
        /// Components whose failure matters.
        components: usize,
        /// The work limit.
        limit: u64,
    },
}

/// One minimal cut set: components (or zones) whose joint failure stops a class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CutSet {
    /// Component and zone ids, sorted.
    pub components: Vec<String>,
    /// Probability that all of them are down at once.
    pub probability: f64,
    /// That probability over the class's unavailability (0 when the class never stops).
    pub share: f64,
}

/// What one component's (or zone's) failures cost one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Importance {
    /// The component or zone id.
    pub component: String,
    /// Birnbaum importance: availability with it always up minus with it always down.
    pub birnbaum: f64,
    /// Availability the class would gain if it never failed.
    pub gain: f64,
}

/// What one component's (or zone's) failures cost one class while failover settles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailoverShare {
    /// The component or zone id.
    pub component: String,
    /// Minutes per year of requests lost while its failures are being noticed.
    pub downtime_min_per_year: f64,
}

/// Availability of one request class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassAvailability {
    /// The class.
    pub class: RequestClass,
    /// Share of time the class is served: the steady-state availability less the failover
    /// downtime ([`super::failover_downtime`]).
    pub availability: f64,
    /// Probability that the class is servable once failures have settled (exact).
    pub steady_availability: f64,
    /// −log10 of the unavailability (infinite when it never stops).
    pub nines: f64,
    /// Expected minutes per year when it is not served (steady state and failover).
    pub downtime_min_per_year: f64,
    /// The part of that downtime lost while failures are being noticed (health checks,
    /// promotions), minutes per year.
    pub failover_downtime_min_per_year: f64,
    /// What costs that failover downtime, largest first (then by id); only what costs some.
    pub failover: Vec<FailoverShare>,
    /// Minimal cut sets of order 1 and 2, most probable first (then by ids).
    pub cuts: Vec<CutSet>,
    /// Per component whose failure can matter, what never failing would gain, largest first
    /// (then by id); empty when the work limit did not allow it.
    pub importance: Vec<Importance>,
    /// Engine evaluations the factoring took.
    pub evaluations: u64,
}

/// The availability of every class of `design`, reads first, within [`MAX_WORK`].
///
/// # Errors
/// [`AvailabilityError::TooLarge`] when the exact method would take too long.
pub fn availability(design: &Design) -> Result<Vec<ClassAvailability>, AvailabilityError> {
    availability_within(design, MAX_WORK)
}

/// [`availability`] with at most `max_work` engine evaluations × (nodes + links).
///
/// # Errors
/// [`AvailabilityError::TooLarge`] as soon as the work would pass `max_work`.
pub fn availability_within(
    design: &Design,
    max_work: u64,
) -> Result<Vec<ClassAvailability>, AvailabilityError> {
    availability_under(design, &BTreeSet::new(), max_work)
}

/// [`availability_within`] with what `failed` names (as `check --fail`: `ID`, `ID:all`,
/// `SERVER/SERVICE`, a zone; [`super::failure`]) down for good: the availability the design
/// keeps while those are being repaired. Unknown ids are ignored (see
/// [`super::analysis::check_failed_ids`]).
///
/// # Errors
/// [`AvailabilityError::TooLarge`] as soon as the work would pass `max_work`.
pub fn availability_under(
    design: &Design,
    failed: &BTreeSet<String>,
    max_work: u64,
) -> Result<Vec<ClassAvailability>, AvailabilityError> {
    let graph = FlowGraph::build(design);
    let mut engine = Engine::new(design, &graph, failed, max_work);
    let too_large = AvailabilityError::TooLarge {
        components: engine.vars.len(),
        limit: max_work,
    };
    // The cut sets alone take about k + k²/2 evaluations per class.
    let k = engine.vars.len() as u64;
    if 2 * (k + k * k / 2) * engine.size > max_work {
        return Err(too_large);
    }
    let costs = engine.failover_costs(design).ok_or(too_large.clone())?;
    let mut out = Vec::new();
    for (class, k) in [(RequestClass::Read, READ), (RequestClass::Write, WRITE)] {
        let Some((steady, evaluations)) = engine.factor(k) else {
            return Err(too_large);
        };
        let mut failover: Vec<FailoverShare> = costs
            .iter()
            .map(|c| FailoverShare {
                component: c.id.clone(),
                downtime_min_per_year: c.unavailability(class) * MINUTES_PER_YEAR,
            })
            .filter(|s| s.downtime_min_per_year > 0.0)
            .collect();
        failover.sort_by(|a, b| {
            b.downtime_min_per_year
                .total_cmp(&a.downtime_min_per_year)
                .then_with(|| a.component.cmp(&b.component))
        });
        let failover_unavailability: f64 = costs.iter().map(|c| c.unavailability(class)).sum();
        let availability = (steady - failover_unavailability).max(0.0);
        let unavailability = (1.0 - availability).max(0.0);
        let cuts = engine.cuts(k, unavailability);
        if engine.over {
            return Err(too_large);
        }
        out.push(ClassAvailability {
            class,
            availability,
            steady_availability: steady,
            nines: -unavailability.log10(),
            downtime_min_per_year: unavailability * MINUTES_PER_YEAR,
            failover_downtime_min_per_year: failover_unavailability * MINUTES_PER_YEAR,
            failover,
            cuts,
            importance: Vec::new(),
            evaluations,
        });
    }
    // Importance last, with what the limit leaves: the figures above never depend on it.
    let mut importance = Vec::new();
    for (c, k) in out.iter().zip([READ, WRITE]) {
        match engine.importance(k, c.steady_availability) {
            Some(rows) => importance.push(rows),
            None => break,
        }
    }
    if importance.len() == out.len() {
        for (c, rows) in out.iter_mut().zip(importance) {
            c.importance = rows;
        }
    }
    Ok(out)
}

/// A sampled estimate of one class's availability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The class.
    pub class: RequestClass,
    /// Share of sampled states in which the class was servable.
    pub availability: f64,
    /// Standard error of that share, `√(p(1 − p)/n)`.
    pub std_error: f64,
    /// States sampled.
    pub samples: u64,
}

/// Estimates each class's availability (reads first) from `samples` random states, each
/// component up with its availability, drawn from `seed`: same inputs, same answer.
///
/// # Complexity
/// `samples` evaluations of the engine, O(samples · (V + E)).
pub fn monte_carlo(design: &Design, samples: u64, seed: u64) -> Vec<Estimate> {
    let graph = FlowGraph::build(design);
    let mut engine = Engine::new(design, &graph, &BTreeSet::new(), u64::MAX);
    let mut rng = super::drill::SplitMix64::new(seed);
    let mut servable = [0u64; 2];
    let mut down = vec![false; engine.vars.len()];
    for _ in 0..samples {
        for (d, p) in down.iter_mut().zip(&engine.up_probability) {
            *d = rng.next_f64() >= *p;
        }
        let served = engine.served(|i| down[i]);
        for k in [READ, WRITE] {
            servable[k] += u64::from(served[k]);
        }
    }
    [(RequestClass::Read, READ), (RequestClass::Write, WRITE)]
        .into_iter()
        .map(|(class, k)| {
            let n = samples.max(1) as f64;
            let p = servable[k] as f64 / n;
            Estimate {
                class,
                availability: p,
                std_error: (p * (1.0 - p) / n).sqrt(),
                samples,
            }
        })
        .collect()
}

/// One thing that fails as a unit: a component, or a zone with everything in it.
struct Var {
    /// Component or zone id.
    id: String,
    /// The components (indices in `Design::components`) it takes down whole.
    components: Vec<usize>,
    /// How often it fails ([`failover_downtime::failures_per_year`]).
    failures_per_year: f64,
}

/// The engine asked "is class k servable with these components down?".
struct Engine<'a> {
    graph: &'a FlowGraph,
    failover: Failover,
    base: FlowInput,
    output: FlowOutput,
    /// What may fail: components, then zones; those taking part in failover (writers and
    /// promotable replicas, zones holding one) first.
    vars: Vec<Var>,
    /// How many of `vars` (a prefix) take part in failover.
    failover_vars: usize,
    /// Per var: probability it is up.
    up_probability: Vec<f64>,
    /// Per var: decided up (`Some(true)`), down, or undecided.
    fixed: Vec<Option<bool>>,
    /// Per var: decided before factoring starts (importance), else `None`.
    pinned: Vec<Option<bool>>,
    evaluations: u64,
    /// Work of one evaluation: nodes + links.
    size: u64,
    /// Work done so far, and the most allowed.
    work: u64,
    max_work: u64,
    /// Whether the work passed `max_work` (answers since are meaningless).
    over: bool,
}

impl<'a> Engine<'a> {
    fn new(
        design: &Design,
        graph: &'a FlowGraph,
        failed: &BTreeSet<String>,
        max_work: u64,
    ) -> Self {
        let failover = Failover::new(graph);
        let mut base = FlowInput::new(
            graph,
            design.traffic.offered_qps,
            design.traffic.read_fraction,
            design.traffic.dns_lookups_per_request,
        );
        for id in failed {
            failure::apply(graph, &mut base, FailureSpec::parse(id));
        }
        let mut in_failover = vec![false; graph.components.len()];
        for c in &failover.candidates {
            for &n in std::iter::once(&c.replica).chain(&c.writers) {
                in_failover[graph.nodes[n].component] = true;
            }
        }
        // A component already down for good (`failed`) cannot fail again.
        let matters = |ci: usize| {
            let c = &graph.components[ci];
            c.tag.can_stop_requests()
                && graph
                    .component_nodes(ci)
                    .any(|n| base.instances_down[n] < graph.nodes[n].instances)
        };
        let mut vars: Vec<(Var, f64)> = (0..graph.components.len())
            .filter(|&ci| matters(ci))
            .map(|ci| {
                // Instances still up: all of them, unless `failed` took some.
                let left = graph
                    .component_nodes(ci)
                    .map(|n| graph.nodes[n].instances - base.instances_down[n])
                    .min()
                    .expect("a component that matters has a node");
                let c = &design.components[ci];
                let (a, _) = instance_availability(c);
                (
                    ci,
                    replicated(a, left),
                    failures_per_year(a, c.mtbf_h, left),
                )
            })
            .filter(|&(_, a, _)| a < 1.0)
            .map(|(ci, a, failures_per_year)| {
                let id = graph.component_id(ci).to_owned();
                let components = vec![ci];
                (
                    Var {
                        id,
                        components,
                        failures_per_year,
                    },
                    a,
                )
            })
            .collect();
        for (z, zone) in design.zones.iter().enumerate() {
            let components: Vec<usize> = graph
                .zones
                .members(z)
                .iter()
                .copied()
                .filter(|&ci| matters(ci))
                .collect();
            let (a, _) = zone_availability(zone);
            if !components.is_empty() && a < 1.0 {
                vars.push((
                    Var {
                        id: zone.id.to_string(),
                        components,
                        failures_per_year: failures_per_year(a, None, 1),
                    },
                    a,
                ));
            }
        }
        let fails_over = |v: &Var| v.components.iter().any(|&ci| in_failover[ci]);
        // Stable: components then zones, each in design order, within each group.
        vars.sort_by_key(|(v, _)| !fails_over(v));
        let failover_vars = vars.iter().filter(|(v, _)| fails_over(v)).count();
        let (vars, up_probability): (Vec<Var>, Vec<f64>) = vars.into_iter().unzip();
        Self {
            output: FlowOutput::new(graph),
            fixed: vec![None; vars.len()],
            pinned: vec![None; vars.len()],
            graph,
            failover,
            base,
            vars,
            failover_vars,
            up_probability,
            evaluations: 0,
            size: (graph.nodes.len() + graph.links.len()).max(1) as u64,
            work: 0,
            max_work,
            over: false,
        }
    }

    /// What each var's failures cost while failover settles: one drill per var that fails
    /// at all ([`super::failover_downtime`]); `None` past the work limit.
    fn failover_costs(&mut self, design: &Design) -> Option<Vec<FailoverCost>> {
        let horizon_s = settle_horizon_s(design);
        // A drill ticks every 100 ms and propagates on each change: charge both.
        let ticks = (horizon_s * 10.0).ceil() as u64;
        let mut costs = Vec::new();
        for var in &self.vars {
            if var.failures_per_year <= 0.0 {
                continue;
            }
            self.work += ticks + 8 * self.size;
            if self.work > self.max_work {
                self.over = true;
                return None;
            }
            // No drill runs on a design without an entry, whose classes are never served:
            // nothing to lose there.
            let seconds_lost = seconds_lost(design, &var.id, horizon_s).unwrap_or([0.0; 2]);
            costs.push(FailoverCost {
                id: var.id.clone(),
                failures_per_year: var.failures_per_year,
                seconds_lost,
            });
        }
        Some(costs)
    }

    /// Whether class `k` is servable with the vars for which `down(i)` holds failed whole.
    fn servable(&mut self, k: usize, down: impl Fn(usize) -> bool) -> bool {
        self.served(down)[k]
    }

    /// Per class, whether it is servable with the vars for which `down(i)` holds failed
    /// whole (both `false` past the work limit).
    fn served(&mut self, down: impl Fn(usize) -> bool) -> [bool; 2] {
        self.evaluations += 1;
        self.work += self.size;
        if self.work > self.max_work {
            self.over = true;
            return [false; 2];
        }
        let g = self.graph;
        let mut input = self.base.clone();
        for (i, var) in self.vars.iter().enumerate() {
            if down(i) {
                for &ci in &var.components {
                    for n in g.component_nodes(ci) {
                        input.instances_down[n] = g.nodes[n].instances;
                    }
                }
            }
        }
        settle(g, &self.failover, &mut input);
        propagate(g, &input, &mut self.output);
        self.output.class_served_qps.map(|qps| qps > 0.0)
    }

    /// The probability that class `k` is servable, and the evaluations it took; `None` past
    /// the work limit.
    fn factor(&mut self, k: usize) -> Option<(f64, u64)> {
        self.evaluations = 0;
        self.fixed.clone_from(&self.pinned);
        let a = self.branch(k, 0)?;
        Some((a, self.evaluations))
    }

    /// Per var, what never failing would gain class `k` (availability `a`), largest first;
    /// `None` past the work limit.
    fn importance(&mut self, k: usize, a: f64) -> Option<Vec<Importance>> {
        let mut rows = Vec::with_capacity(self.vars.len());
        for i in 0..self.vars.len() {
            self.pinned[i] = Some(true);
            let up = self.factor(k).map(|(x, _)| x);
            self.pinned[i] = Some(false);
            let down = self.factor(k).map(|(x, _)| x);
            self.pinned[i] = None;
            let (up, down) = (up?, down?);
            rows.push(Importance {
                component: self.vars[i].id.clone(),
                birnbaum: up - down,
                gain: (up - a).max(0.0),
            });
        }
        rows.sort_by(|x, y| {
            y.gain
                .total_cmp(&x.gain)
                .then_with(|| x.component.cmp(&y.component))
        });
        Some(rows)
    }

    fn branch(&mut self, k: usize, depth: usize) -> Option<f64> {
        if self.over {
            return None;
        }
        if depth == self.vars.len() {
            let fixed = self.fixed.clone();
            let ok = self.servable(k, |i| fixed[i] == Some(false));
            return (!self.over).then_some(if ok { 1.0 } else { 0.0 });
        }
        if depth >= self.failover_vars {
            let fixed = self.fixed.clone();
            if !self.servable(k, |i| fixed[i] == Some(false)) {
                return Some(0.0);
            }
            if self.servable(k, |i| fixed[i] != Some(true)) {
                return Some(1.0);
            }
        }
        if self.pinned[depth].is_some() {
            return self.branch(k, depth + 1);
        }
        let p = self.up_probability[depth];
        self.fixed[depth] = Some(true);
        let up = self.branch(k, depth + 1)?;
        self.fixed[depth] = Some(false);
        let down = self.branch(k, depth + 1)?;
        self.fixed[depth] = None;
        Some(p * up + (1.0 - p) * down)
    }

    /// Minimal cut sets of order 1 and 2 of class `k`, most probable first.
    fn cuts(&mut self, k: usize, unavailability: f64) -> Vec<CutSet> {
        let n = self.vars.len();
        let single: Vec<bool> = (0..n).map(|i| !self.servable(k, |j| j == i)).collect();
        let q: Vec<f64> = self.up_probability.iter().map(|a| 1.0 - a).collect();
        let mut cuts = Vec::new();
        for i in (0..n).filter(|&i| single[i]) {
            cuts.push((vec![i], q[i]));
        }
        for i in (0..n).filter(|&i| !single[i]) {
            for j in (i + 1..n).filter(|&j| !single[j]) {
                if !self.servable(k, |x| x == i || x == j) {
                    cuts.push((vec![i, j], q[i] * q[j]));
                }
            }
        }
        let mut out: Vec<CutSet> = cuts
            .into_iter()
            .map(|(members, probability)| {
                let mut components: Vec<String> =
                    members.iter().map(|&i| self.vars[i].id.clone()).collect();
                components.sort();
                CutSet {
                    components,
                    probability,
                    share: if unavailability > 0.0 {
                        probability / unavailability
                    } else {
                        0.0
                    },
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.probability
                .total_cmp(&a.probability)
                .then_with(|| a.components.cmp(&b.components))
        });
        out
    }
}
