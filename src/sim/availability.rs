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
//! they are. After them, the next component decided is the first undecided one on a cheapest
//! path of the class's potential graph ([`super::availability_paths`]: a path through what is
//! already up costs nothing), so a branch follows one way through the design instead of
//! trying every member of a redundant tier; and answers are remembered by what still matters
//! of the decisions (the nodes still on a potential path, the state of the components over
//! them, the failover components): once a cluster has failed, however it failed, the rest of
//! the design is factored once.
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
//! components on the request path, far fewer on designs whose redundancy is in tiers and
//! clusters (the memo); cut sets take O(k·L) evaluations for request paths of L components
//! (the pairs of a component are sought on one path left when it has failed). The whole
//! computation gives up past a work limit (evaluations × (V + E), [`MAX_WORK`] by default),
//! and refuses at once when the cut sets alone would pass it: the exact method is for designs
//! of up to a few hundred components.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::RequestClass;
use super::analysis::settle;
use super::availability_paths::PotentialGraph;
use super::failover::Failover;
use super::failover_downtime::{FailoverCost, failures_per_year, seconds_lost, settle_horizon_s};
use super::failure::{self, FailureSpec};
use super::flow::{FlowInput, FlowOutput, READ, WRITE, propagate};
use super::graph::FlowGraph;
use super::spof::class_path_and_dominators;
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
    // The cut sets alone take at least 3 evaluations per var and class (alone, with a
    // path, with a partner), the failover downtime one drill per var.
    let k = engine.vars.len() as u64;
    if 2 * 3 * k * engine.size > max_work {
        return Err(too_large);
    }
    let costs = engine.failover_costs(design).ok_or(too_large.clone())?;
    let raw_cuts = engine.raw_cuts().ok_or(too_large.clone())?;
    let mut out = Vec::new();
    let mut factoring_work = 0;
    for (class, k) in [(RequestClass::Read, READ), (RequestClass::Write, WRITE)] {
        let before = engine.work;
        let Some((steady, evaluations)) = engine.factor(k) else {
            return Err(too_large);
        };
        factoring_work += engine.work - before;
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
        let cuts = engine.cut_sets(&raw_cuts[k], unavailability);
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
    // It factors each class twice per var (a little less: one var is decided): not even
    // tried when that cannot fit.
    let needed = factoring_work.saturating_mul(engine.vars.len() as u64);
    if engine.work.saturating_add(needed) > max_work {
        return Ok(out);
    }
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

/// A cut set as the engine finds it: var indices (sorted) and the probability that all of
/// them are down.
type RawCut = (Vec<usize>, f64);

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
    /// Per flow node, the vars whose failure takes it down (its component's, its zones').
    node_vars: Vec<Vec<usize>>,
    /// Per class, the potential request graph ([`super::availability_paths`]).
    potential: [PotentialGraph; 2],
    /// Answers of the factoring so far, by what still matters of the decisions.
    memo: HashMap<Vec<u32>, f64>,
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
        let mut node_vars = vec![Vec::new(); graph.nodes.len()];
        for (i, var) in vars.iter().enumerate() {
            for &ci in &var.components {
                for n in graph.component_nodes(ci) {
                    node_vars[n].push(i);
                }
            }
        }
        let potential = [
            PotentialGraph::new(graph, &failover, false),
            PotentialGraph::new(graph, &failover, true),
        ];
        Self {
            node_vars,
            potential,
            memo: HashMap::new(),
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
    /// at all ([`super::failover_downtime`]), shared out over the machine's cores; `None`
    /// past the work limit.
    fn failover_costs(&mut self, design: &Design) -> Option<Vec<FailoverCost>> {
        let horizon_s = settle_horizon_s(design);
        let failing: Vec<&Var> = self
            .vars
            .iter()
            .filter(|v| v.failures_per_year > 0.0)
            .collect();
        // A drill ticks every 100 ms and propagates on each change: charge both.
        let ticks = (horizon_s * 10.0).ceil() as u64;
        self.work += failing.len() as u64 * (ticks + 8 * self.size);
        if self.work > self.max_work {
            self.over = true;
            return None;
        }
        let workers = std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .clamp(1, failing.len().max(1));
        let chunk = failing.len().div_ceil(workers).max(1);
        // No drill runs on a design without an entry, whose classes are never served:
        // nothing to lose there.
        let lost: Vec<[f64; 2]> = std::thread::scope(|scope| {
            let handles: Vec<_> = failing
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|v| seconds_lost(design, &v.id, horizon_s).unwrap_or([0.0; 2]))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a failover drill does not panic"))
                .collect()
        });
        Some(
            failing
                .iter()
                .zip(lost)
                .map(|(v, seconds_lost)| FailoverCost {
                    id: v.id.clone(),
                    failures_per_year: v.failures_per_year,
                    seconds_lost,
                })
                .collect(),
        )
    }

    /// Whether class `k` is servable with the vars for which `down(i)` holds failed whole.
    fn servable(&mut self, k: usize, down: impl Fn(usize) -> bool) -> bool {
        self.served(down)[k]
    }

    /// Per class, whether it is servable with the vars for which `down(i)` holds failed
    /// whole (both `false` past the work limit).
    fn served(&mut self, down: impl Fn(usize) -> bool) -> [bool; 2] {
        if self.evaluate(down).is_none() {
            return [false; 2];
        }
        self.output.class_served_qps.map(|qps| qps > 0.0)
    }

    /// Settles and propagates the state with the vars for which `down(i)` holds failed
    /// whole: its input, with the output in `self.output`; `None` past the work limit.
    fn evaluate(&mut self, down: impl Fn(usize) -> bool) -> Option<FlowInput> {
        self.evaluations += 1;
        self.work += self.size;
        if self.work > self.max_work {
            self.over = true;
            return None;
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
        Some(input)
    }

    /// The probability that class `k` is servable, and the evaluations it took; `None` past
    /// the work limit.
    fn factor(&mut self, k: usize) -> Option<(f64, u64)> {
        self.evaluations = 0;
        self.memo.clear();
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

    /// Decides the failover vars (a prefix) one by one, then [`Self::rest`].
    fn branch(&mut self, k: usize, depth: usize) -> Option<f64> {
        if self.over {
            return None;
        }
        if depth >= self.failover_vars {
            return self.rest(k);
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

    /// The probability that class `k` is servable given the decisions so far (failover
    /// vars all decided). A remembered answer when what still matters of the decisions was
    /// seen before; 0 when no potential path is left (the engine's paths are potential
    /// paths); 1 when the engine serves the class with every undecided var down; else the
    /// next undecided var on a cheapest potential path, decided both ways.
    fn rest(&mut self, k: usize) -> Option<f64> {
        if self.over {
            return None;
        }
        let fixed = self.fixed.clone();
        let n = self.graph.nodes.len();
        let mut dead = vec![false; n];
        let mut undecided = vec![false; n];
        for v in 0..n {
            for &i in &self.node_vars[v] {
                match fixed[i] {
                    Some(false) => dead[v] = true,
                    None => undecided[v] = true,
                    Some(true) => {}
                }
            }
        }
        // Relevance and a cheapest path cost about one propagation together.
        self.work += self.size;
        let relevant_nodes = self.potential[k].relevant(&dead);
        let mut relevant = vec![false; self.vars.len()];
        for v in (0..n).filter(|&v| relevant_nodes[v]) {
            for &i in &self.node_vars[v] {
                relevant[i] = true;
            }
        }
        // What still matters: the nodes still on a potential path (a zone var can be
        // relevant through different members), the state of every var over them, and the
        // failover vars (promotion reads them wherever they are).
        let mut key: Vec<u32> = vec![0; n.div_ceil(32)];
        for v in (0..n).filter(|&v| relevant_nodes[v]) {
            key[v / 32] |= 1 << (v % 32);
        }
        for (i, f) in fixed.iter().enumerate() {
            let code = match f {
                Some(true) => 1,
                Some(false) => 2,
                None => 0,
            };
            if i < self.failover_vars || (relevant[i] && code != 2) {
                key.push(u32::try_from(i).expect("vars fit in u32") << 2 | code);
            }
        }
        if let Some(&known) = self.memo.get(&key) {
            return Some(known);
        }
        let Some(path) = self.potential[k].cheapest_path(&dead, &undecided) else {
            self.memo.insert(key, 0.0);
            return Some(0.0);
        };
        let pivot = path
            .iter()
            .flat_map(|&v| self.node_vars[v].iter().copied())
            .find(|&i| fixed[i].is_none());
        let pivot = match pivot {
            Some(i) => i,
            None => {
                // A potential path of things decided up: the engine has the last word.
                if self.servable(k, |i| fixed[i] != Some(true)) {
                    self.memo.insert(key, 1.0);
                    return (!self.over).then_some(1.0);
                }
                match (0..self.vars.len()).find(|&i| relevant[i] && fixed[i].is_none()) {
                    Some(i) => i,
                    None => {
                        // Nothing left that matters: what is undecided cannot change it.
                        let a = if self.servable(k, |i| fixed[i] == Some(false)) {
                            1.0
                        } else {
                            0.0
                        };
                        self.memo.insert(key, a);
                        return (!self.over).then_some(a);
                    }
                }
            }
        };
        let p = self.up_probability[pivot];
        self.fixed[pivot] = Some(true);
        let up = self.rest(k)?;
        self.fixed[pivot] = Some(false);
        let down = self.rest(k)?;
        self.fixed[pivot] = None;
        let a = p * up + (1.0 - p) * down;
        self.memo.insert(key, a);
        Some(a)
    }

    /// Per class, the minimal cut sets of order 1 and 2: var indices (sorted) with the
    /// probability that all of them are down; `None` past the work limit. Both classes come
    /// from the same failed states, each evaluated once.
    fn raw_cuts(&mut self) -> Option<[Vec<RawCut>; 2]> {
        let n = self.vars.len();
        let q: Vec<f64> = self.up_probability.iter().map(|a| 1.0 - a).collect();
        let mut single = [vec![false; n], vec![false; n]];
        // A pair {i, j} stops a class only if j meets every path left with i down: j is
        // over a node every path passes (a dominator), or j spans several nodes (a server, a
        // zone) of which one path meets one. Only those are tried with i.
        let mut partners: [Vec<Vec<usize>>; 2] = [vec![Vec::new(); n], vec![Vec::new(); n]];
        for i in 0..n {
            let input = self.evaluate(|x| x == i)?;
            for k in [READ, WRITE] {
                if self.output.class_served_qps[k] <= 0.0 {
                    single[k][i] = true;
                    continue;
                }
                let Some((path, dominators)) =
                    class_path_and_dominators(self.graph, &input, &self.output, k)
                else {
                    continue;
                };
                let spans = |j: &usize| {
                    let var = &self.vars[*j];
                    var.components.len() > 1
                        || self.graph.component_nodes(var.components[0]).len() > 1
                };
                let mut with: Vec<usize> = dominators
                    .iter()
                    .flat_map(|&v| self.node_vars[v].iter().copied())
                    .chain(
                        path.iter()
                            .flat_map(|&v| self.node_vars[v].iter().copied())
                            .filter(spans),
                    )
                    .filter(|&j| j != i)
                    .collect();
                with.sort_unstable();
                with.dedup();
                partners[k][i] = with;
            }
        }
        let mut stopped: HashMap<(usize, usize), [bool; 2]> = HashMap::new();
        let mut cuts: [Vec<RawCut>; 2] = [Vec::new(), Vec::new()];
        for k in [READ, WRITE] {
            for i in (0..n).filter(|&i| single[k][i]) {
                cuts[k].push((vec![i], q[i]));
            }
            for i in (0..n).filter(|&i| !single[k][i]) {
                for j in partners[k][i].clone() {
                    if single[k][j] {
                        continue;
                    }
                    let pair = (i.min(j), i.max(j));
                    let served = match stopped.get(&pair) {
                        Some(&s) => s,
                        None => {
                            let s = self.served(|x| x == i || x == j);
                            if self.over {
                                return None;
                            }
                            stopped.insert(pair, s);
                            s
                        }
                    };
                    if !served[k] {
                        cuts[k].push((vec![pair.0, pair.1], q[i] * q[j]));
                    }
                }
            }
            cuts[k].sort_by(|a, b| a.0.cmp(&b.0));
            cuts[k].dedup_by(|a, b| a.0 == b.0);
        }
        Some(cuts)
    }

    /// The cut sets `raw` ([`Self::raw_cuts`]) of a class whose unavailability is
    /// `unavailability`, most probable first (then by ids).
    fn cut_sets(&self, raw: &[RawCut], unavailability: f64) -> Vec<CutSet> {
        let cuts = raw.iter().cloned();
        let mut out: Vec<CutSet> = cuts
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
