//! The traffic engine: one propagation of the offered load through a [`FlowGraph`], reusable
//! per tick by live failure drills.
//!
//! Build the graph once per design ([`FlowGraph::build`]), a [`FlowInput`] and a
//! [`FlowOutput`] once per graph, then call [`propagate`] as often as needed: it allocates
//! nothing and runs in O(V + E).
//!
//! Per tick the inputs are: which nodes and links are alive, which links' targets the source
//! *believes* are down (a load balancer keeps sending to a dead backend until its health
//! checks notice: such requests fail at the dead node), which replicas have been promoted to
//! writers, the offered QPS and the read fraction. [`super::health::settle_beliefs`] settles the
//! beliefs, as the static analysis and a drill's steady state do.
//!
//! Model: the entry offers `offered_qps`, split read/write by `read_fraction`. Nodes are
//! processed in topological order (links closing a cycle are ignored). A node's queue serves
//! `min(λ, c·μ)` and drops the rest (with some of its instances down, the survivors' share
//! of it: [`FlowInput::queue`]); the served traffic of a class ends at the node if the class
//! ends there ([`super::request_end`]), else goes to its *candidates*: outgoing links that are alive, carry the
//! class, are not blocked by a firewall, whose target is not believed down ([`super::health`])
//! and can complete the class as far as the node knows (a load balancer knows only what its
//! health checks and the configuration tell: requests it sends to a backend whose failure it
//! has not noticed yet fail there). Load balancers split by algorithm
//! (round robin and source hash ∝ link weight, least connections ∝ backend capacity, equal if
//! any is unlimited, active/passive all to the first candidate in link order); other nodes ∝
//! weight. Traffic with no candidate fails at the node. If the entry looks the domain up with
//! DNS and no DNS node is alive, everything fails at the entry. DNS nodes receive
//! `offered_qps × dns_lookups_per_request` lookups, split equally over the alive ones; lookups
//! are not part of the request totals.
//!
//! Caches, CDNs and queues follow [`super::request_end`]: a node ends its share of a class
//! ([`end_share`]) and passes the rest on. A cache that is down is bypassed (the application
//! reads from what is behind it) and its warmth ([`FlowInput::warmth`]) scales its hits. A
//! queue ends (accepts) every write it takes, then delivers what it accepted plus the backlog
//! it is draining ([`FlowInput::backlog_drain_qps`]) to its consumers as *asynchronous* writes:
//! they are tracked apart ([`FlowOutput::async_offered_qps`]) and, where they end, counted as
//! applied ([`FlowOutput::applied_async_qps`]), not again as served; where they are dropped
//! or fail they stay in the queue ([`FlowOutput::async_lost_qps`]), so the request totals
//! count each user's request once.
//!
//! Conservation at every node: `offered = served + dropped + failed`; over the design, the
//! offered requests are served (accepted by a queue included), dropped or failed.
//!
//! # Example
//! ```
//! use infraboard::io::templates::reference_design;
//! use infraboard::sim::flow::{FlowInput, FlowOutput, propagate};
//! use infraboard::sim::graph::FlowGraph;
//!
//! let design = reference_design().unwrap();
//! let graph = FlowGraph::build(&design);
//! let mut input = FlowInput::new(&graph, 1000.0, 0.9, 0.05);
//! let mut output = FlowOutput::new(&graph);
//! propagate(&graph, &input, &mut output);
//! let nginx = graph.node("server-1/nginx").unwrap();
//! assert!((output.offered_qps[nginx] - 500.0).abs() < 1e-6);
//!
//! // server-2 dies; the load balancer has not noticed yet: its requests fail there.
//! for n in graph.nodes_named("server-2").unwrap() {
//!     input.instances_down[n] = 1;
//! }
//! propagate(&graph, &input, &mut output);
//! assert!(output.class_served_qps[0] < 900.0);
//! // Health checks notice: beliefs settle.
//! infraboard::sim::health::settle_beliefs(&graph, &mut input);
//! propagate(&graph, &input, &mut output);
//! assert!((output.class_served_qps[0] - 900.0).abs() < 1e-6);
//! ```

use super::graph::Role;
use super::graph::{FlowGraph, LinkIx, NodeIx};
use super::queue::{QueueStats, mmc};
use super::request_end::{EndState, end_share, ends_some};
use crate::model::{KindTag, LbAlgorithm};

/// Index of the read class in per-class arrays.
pub const READ: usize = 0;
/// Index of the write class in per-class arrays.
pub const WRITE: usize = 1;

/// The inputs of one propagation. Vectors are indexed like the graph's nodes and links.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowInput {
    /// Per node, how many of its component's instances are down (a node is down when all
    /// are; with some down it keeps the others' share of its capacity).
    pub instances_down: Vec<u32>,
    /// Per node, how many instances its component has (≥ 1), copied from the graph.
    instances: Vec<u32>,
    /// Whether each flow link is up.
    pub link_alive: Vec<bool>,
    /// Whether the source of each link believes its target is down (and so sends nothing).
    pub believed_down: Vec<bool>,
    /// Whether each node (a replica) has been promoted to accept writes.
    pub promoted: Vec<bool>,
    /// Requests per second offered at the entry.
    pub offered_qps: f64,
    /// Share of requests that only read, 0..=1.
    pub read_fraction: f64,
    /// DNS lookups per request.
    pub dns_lookups_per_request: f64,
    /// Per node, how warm a cache is, 0..=1 (1 for every other node): a cache restarted cold
    /// answers that share of its hit ratio.
    pub warmth: Vec<f64>,
    /// Per node, writes per second a queue delivers from its backlog on top of what it accepts
    /// now (0 for every other node; the drills set it).
    pub backlog_drain_qps: Vec<f64>,
    /// Per node, whether requests sent to it go on while it is down (a look-aside cache).
    bypass: Vec<bool>,
}

impl FlowInput {
    /// Everything up, no beliefs of failure, no promotion.
    pub fn new(
        graph: &FlowGraph,
        offered_qps: f64,
        read_fraction: f64,
        dns_lookups_per_request: f64,
    ) -> Self {
        Self {
            instances_down: vec![0; graph.nodes.len()],
            instances: graph.nodes.iter().map(|n| n.instances.max(1)).collect(),
            link_alive: vec![true; graph.links.len()],
            believed_down: vec![false; graph.links.len()],
            promoted: vec![false; graph.nodes.len()],
            offered_qps,
            read_fraction,
            dns_lookups_per_request,
            warmth: vec![1.0; graph.nodes.len()],
            backlog_drain_qps: vec![0.0; graph.nodes.len()],
            bypass: graph
                .nodes
                .iter()
                .map(|n| matches!(n.role, Role::Cache { .. }))
                .collect(),
        }
    }

    /// Whether requests sent to node `n` go anywhere: it is up, or it is a cache the
    /// application bypasses while it is down ([`super::request_end`]).
    pub fn forwards(&self, n: NodeIx) -> bool {
        self.alive(n) || self.bypass[n]
    }

    /// Whether node `n` is a cache that is down and bypassed.
    pub fn bypassed(&self, n: NodeIx) -> bool {
        self.bypass[n] && !self.alive(n)
    }

    /// How warm node `n` is now: its warmth while up, 0 while down.
    pub fn warmth_now(&self, n: NodeIx) -> f64 {
        if self.alive(n) { self.warmth[n] } else { 0.0 }
    }

    /// Whether node `n` is up: at least one of its instances is.
    pub fn alive(&self, n: NodeIx) -> bool {
        self.instances_down[n] < self.instances[n]
    }

    /// The share of node `n`'s instances that are up, 0..=1.
    pub fn share(&self, n: NodeIx) -> f64 {
        let up = self.instances[n].saturating_sub(self.instances_down[n]);
        f64::from(up) / f64::from(self.instances[n])
    }

    /// How many instances of node `n` are up.
    pub fn instances_up(&self, n: NodeIx) -> u32 {
        self.instances[n].saturating_sub(self.instances_down[n])
    }

    /// Per node, whether it is up.
    pub fn alive_mask(&self) -> Vec<bool> {
        (0..self.instances.len()).map(|n| self.alive(n)).collect()
    }

    /// The M/M/c queue of node `n` with its instances down taken away: the surviving share
    /// `s` of the capacity `c·μ`, as `max(1, ⌊c·s⌋)` workers each as fast as needed for that
    /// capacity; `None` when unlimited.
    pub fn queue(&self, graph: &FlowGraph, n: NodeIx) -> Option<(u32, f64)> {
        let (c, mu) = graph.nodes[n].queue?;
        let share = self.share(n);
        if share >= 1.0 {
            return Some((c, mu));
        }
        let capacity = f64::from(c) * mu * share;
        // ⌊c·s⌋ is at most c: the cast cannot truncate a value outside u32.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let workers = ((f64::from(c) * share).floor() as u32).max(1);
        Some((workers, capacity / f64::from(workers)))
    }
}

/// The results of one propagation, indexed like the graph's nodes and links. Allocate once with
/// [`FlowOutput::new`]; [`propagate`] overwrites everything.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowOutput {
    /// Requests per second arriving at each node (both classes; lookups for DNS nodes).
    pub offered_qps: Vec<f64>,
    /// Per class (`[READ]`, `[WRITE]`), requests per second arriving at each node.
    pub class_offered_qps: [Vec<f64>; 2],
    /// Requests per second each node handled (completed or passed on).
    pub served_qps: Vec<f64>,
    /// Requests per second each node refused for lack of capacity.
    pub dropped_qps: Vec<f64>,
    /// Requests per second lost at each node: it is down, or has no healthy way onwards.
    pub failed_qps: Vec<f64>,
    /// ρ = λ/(c·μ) of each node (0 if unlimited or down).
    pub utilization: Vec<f64>,
    /// Mean response time of each node, milliseconds (0 if unlimited or down; infinite when
    /// saturated).
    pub latency_ms: Vec<f64>,
    /// Requests per second sent along each link.
    pub link_qps: Vec<f64>,
    /// Per class, requests per second sent along each link.
    pub link_class_qps: [Vec<f64>; 2],
    /// Per class, requests per second completed at each node.
    pub ended_qps: [Vec<f64>; 2],
    /// Of those, requests per second sent to a node that is down.
    pub link_failed_qps: Vec<f64>,
    /// Per class, whether each node can get a request of the class completed as far as the
    /// routing knows.
    pub reach: [Vec<bool>; 2],
    /// Per class, whether each node could get a request of the class completed if everything
    /// were up (what the configuration says: a load balancer knows no more than that about
    /// what lies behind a backend its health checks pass).
    pub configured_reach: [Vec<bool>; 2],
    /// Per class, requests per second offered at the entry.
    pub class_entry_qps: [f64; 2],
    /// Per class, requests per second completed.
    pub class_served_qps: [f64; 2],
    /// Per class, mean end-to-end latency of completed requests, milliseconds (infinite when
    /// some of them pass a saturated node; 0 when none is completed).
    pub class_latency_ms: [f64; 2],
    /// Requests per second dropped over all nodes (DNS lookups excluded).
    pub dropped_total_qps: f64,
    /// Requests per second failed over all nodes (DNS lookups excluded).
    pub failed_total_qps: f64,
    /// Whether the domain resolves (no DNS needed, or some DNS node alive).
    pub dns_ok: bool,
    /// Per node, writes per second arriving that a queue delivers (asynchronous), part of
    /// `class_offered_qps[WRITE]`.
    pub async_offered_qps: Vec<f64>,
    /// Per node, writes per second a queue accepts (ends), sent by producers or by another
    /// queue.
    pub queue_accepted_qps: Vec<f64>,
    /// Per node, writes per second a queue delivers to its consumers (what it accepts plus
    /// what it drains from its backlog; 0 when it has no consumer up).
    pub queue_sent_qps: Vec<f64>,
    /// Writes per second accepted by a queue from producers (part of the served writes: the
    /// users' writes succeeded, and are applied asynchronously).
    pub accepted_async_qps: f64,
    /// Queued writes per second applied where they end (a database behind the consumers).
    pub applied_async_qps: f64,
    /// Queued writes per second dropped or failed behind a queue (they stay queued).
    pub async_lost_qps: f64,
    acc_ms: [Vec<f64>; 2],
}

impl FlowOutput {
    /// Zeroed output sized for `graph`.
    pub fn new(graph: &FlowGraph) -> Self {
        let mut out = Self::default();
        out.resize(graph);
        out
    }

    /// Requests per second offered at the entry, both classes.
    pub fn offered_total_qps(&self) -> f64 {
        self.class_entry_qps.iter().sum()
    }

    /// Requests per second completed end to end, both classes.
    pub fn served_total_qps(&self) -> f64 {
        self.class_served_qps.iter().sum()
    }

    /// Writes per second applied: served writes that ended synchronously (not accepted by a
    /// queue) plus the queued writes applied behind queues.
    pub fn applied_write_qps(&self) -> f64 {
        (self.class_served_qps[WRITE] - self.accepted_async_qps).max(0.0) + self.applied_async_qps
    }

    /// Mean end-to-end latency of completed requests of both classes, milliseconds (0 when
    /// none is completed; infinite when some pass a saturated node).
    pub fn latency_total_ms(&self) -> f64 {
        let served = self.served_total_qps();
        if served > 0.0 {
            [READ, WRITE]
                .iter()
                .filter(|&&k| self.class_served_qps[k] > 0.0)
                .map(|&k| self.class_latency_ms[k] * self.class_served_qps[k])
                .sum::<f64>()
                / served
        } else {
            0.0
        }
    }

    fn resize(&mut self, graph: &FlowGraph) {
        let (n, e) = (graph.nodes.len(), graph.links.len());
        for v in [
            &mut self.offered_qps,
            &mut self.served_qps,
            &mut self.dropped_qps,
            &mut self.failed_qps,
            &mut self.utilization,
            &mut self.latency_ms,
            &mut self.async_offered_qps,
            &mut self.queue_accepted_qps,
            &mut self.queue_sent_qps,
        ] {
            v.clear();
            v.resize(n, 0.0);
        }
        for k in [READ, WRITE] {
            for v in [&mut self.class_offered_qps, &mut self.acc_ms] {
                if let Some(v) = v.get_mut(k) {
                    v.clear();
                    v.resize(n, 0.0);
                }
            }
            for v in [&mut self.reach[k], &mut self.configured_reach[k]] {
                v.clear();
                v.resize(n, false);
            }
            self.ended_qps[k].clear();
            self.ended_qps[k].resize(n, 0.0);
            self.link_class_qps[k].clear();
            self.link_class_qps[k].resize(e, 0.0);
        }
        for v in [&mut self.link_qps, &mut self.link_failed_qps] {
            v.clear();
            v.resize(e, 0.0);
        }
        self.class_entry_qps = [0.0; 2];
        self.class_served_qps = [0.0; 2];
        self.class_latency_ms = [0.0; 2];
        self.dropped_total_qps = 0.0;
        self.failed_total_qps = 0.0;
        self.accepted_async_qps = 0.0;
        self.applied_async_qps = 0.0;
        self.async_lost_qps = 0.0;
        self.dns_ok = true;
    }
}

/// Whether link `li` can be used for a class as far as its source knows: up, not closing a
/// cycle, not blocked by a firewall, carrying the class, target not believed down.
pub(crate) fn usable(graph: &FlowGraph, input: &FlowInput, li: LinkIx, write: bool) -> bool {
    let l = &graph.links[li];
    !l.back_edge
        && !l.blocked
        && l.carries(write)
        && input.link_alive[li]
        && !input.believed_down[li]
}

/// Computes, per class, which nodes can get a request of the class completed as far as the
/// routing knows (reverse topological order, ignoring back edges), and what the configuration
/// alone says. A node's own liveness is not consulted: its upstream links' beliefs decide
/// whether it is avoided. A load balancer looks ahead only as far as its health checks: a
/// backend they pass is a way onwards for a class if the configuration lets it complete it.
fn compute_reach(graph: &FlowGraph, input: &FlowInput, output: &mut FlowOutput) {
    for v in graph.topo().rev() {
        let (configured, believed) = reach_at(graph, input, output, v);
        for k in [READ, WRITE] {
            output.configured_reach[k][v] = configured[k];
            output.reach[k][v] = believed[k];
        }
    }
}

/// Node `v`'s configured and believed reach per class ([`compute_reach`]), from its targets'.
pub(crate) fn reach_at(
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    v: NodeIx,
) -> ([bool; 2], [bool; 2]) {
    let node = &graph.nodes[v];
    let balancer = node.tag == KindTag::LoadBalancer;
    let mut configured = [false; 2];
    let mut believed = [false; 2];
    for (k, write) in [(READ, false), (WRITE, true)] {
        let end = ends_some(node, write, input.promoted[v], input.warmth_now(v));
        configured[k] = end;
        believed[k] = end;
        for li in graph.out_links(v) {
            let l = &graph.links[li];
            if l.back_edge || l.blocked || !l.carries(write) {
                continue;
            }
            configured[k] = configured[k] || output.configured_reach[k][l.to];
            let ahead = if balancer {
                output.configured_reach[k][l.to]
            } else {
                output.reach[k][l.to]
            };
            believed[k] = believed[k] || (usable(graph, input, li, write) && ahead);
        }
    }
    (configured, believed)
}

/// Whether flow link `li` out of `v` is a way onwards for class `k` (`write`): usable, and its
/// target can complete the class as far as `v` knows ([`compute_reach`]).
pub(crate) fn candidate(
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    v: NodeIx,
    li: LinkIx,
    k: usize,
) -> bool {
    let to = graph.links[li].to;
    let ahead = if graph.nodes[v].tag == KindTag::LoadBalancer {
        output.configured_reach[k][to]
    } else {
        output.reach[k][to]
    };
    ahead && usable(graph, input, li, k == WRITE)
}

/// How a node splits what it passes on over its candidate links.
struct Split {
    /// The first candidate, in link order (active/passive sends it everything).
    first: LinkIx,
    /// Whether every candidate gets an equal share.
    equal: bool,
    /// The sum of the candidates' weights (their count when equal).
    total: f64,
}

/// The weight of candidate `li` out of node `v` under the node's splitting rule: round robin
/// and source hash ∝ link weight, least connections ∝ the backend's current capacity,
/// active/passive all to the first candidate.
fn raw_weight(graph: &FlowGraph, input: &FlowInput, v: NodeIx, li: LinkIx, first: LinkIx) -> f64 {
    match graph.nodes[v].lb_algorithm {
        Some(LbAlgorithm::ActivePassive) => f64::from(u8::from(li == first)),
        Some(LbAlgorithm::LeastConnections) => {
            let to = graph.links[li].to;
            input
                .queue(graph, to)
                .map_or(f64::INFINITY, |(c, mu)| f64::from(c) * mu)
        }
        _ => graph.links[li].weight,
    }
}

/// The candidates' split out of `v` for one class, or `None` when there is no candidate.
fn split(graph: &FlowGraph, input: &FlowInput, v: NodeIx, candidates: &[LinkIx]) -> Option<Split> {
    let &first = candidates.first()?;
    let mut total = 0.0;
    for &li in candidates {
        total += raw_weight(graph, input, v, li, first);
    }
    // All weights zero, or an unlimited backend under least connections: equal shares.
    let equal = !(total > 0.0 && total.is_finite());
    Some(Split {
        first,
        equal,
        total: if equal {
            candidates.len() as f64
        } else {
            total
        },
    })
}

/// The links out of `v` that class `k` is sent along, each with its positive fraction of what
/// `v` passes on (the fractions sum to one); empty when the class has no way onwards. Reads
/// `output`'s reach, which [`propagate`] computes first.
pub(crate) fn onward_shares(
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    v: NodeIx,
    k: usize,
    onward: &mut Vec<(LinkIx, f64)>,
) {
    onward.clear();
    onward.extend(
        graph
            .out_links(v)
            .filter(|&li| candidate(graph, input, output, v, li, k))
            .map(|li| (li, 0.0)),
    );
    let links: Vec<LinkIx> = onward.iter().map(|&(li, _)| li).collect();
    let Some(split) = split(graph, input, v, &links) else {
        return;
    };
    for (li, fraction) in onward.iter_mut() {
        let weight = if split.equal {
            1.0
        } else {
            raw_weight(graph, input, v, *li, split.first)
        };
        *fraction = weight / split.total;
    }
    onward.retain(|&(_, fraction)| fraction > 0.0);
}

/// What one node does with the requests arriving at it ([`step_node`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeStep {
    /// Its queue's statistics (`None`: unlimited, bypassed, or the node fails everything).
    pub queue: Option<QueueStats>,
    /// Requests per second its queue takes (all that arrive at a down node, which all fail);
    /// served = handled − failed.
    pub handled: f64,
    /// Requests per second that fail here (down, or no way onwards).
    pub failed: f64,
    /// Per class, requests per second that fail here.
    pub failed_class: [f64; 2],
    /// Per class, requests per second completed here.
    pub ended: [f64; 2],
    /// What it sends on: (class, link, requests per second), reads first, each class in
    /// out-link order.
    pub sends: Vec<(usize, LinkIx, f64)>,
    /// What a queue delivers to its consumers: (link, writes per second), asynchronous.
    pub async_sends: Vec<(LinkIx, f64)>,
    onward: Vec<(LinkIx, f64)>,
}

/// Node `v` with `inflow` per class arriving: its queue, what ends here, what fails, what goes
/// where (reads `output`'s reach and `dns_ok`). The one step both [`propagate`] and the
/// blast radius's incremental re-propagation take.
pub(crate) fn step_node(
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    v: NodeIx,
    inflow: [f64; 2],
    step: &mut NodeStep,
) {
    step.queue = None;
    step.ended = [0.0; 2];
    step.failed_class = [0.0; 2];
    step.sends.clear();
    step.async_sends.clear();
    let lambda = inflow[READ] + inflow[WRITE];
    if !input.forwards(v) || (Some(v) == graph.entry && !output.dns_ok) {
        // Everything arriving fails here: nothing is served, nothing is dropped.
        step.handled = lambda;
        step.failed = lambda;
        step.failed_class = inflow;
        return;
    }
    // A bypassed cache has no capacity of its own: the application goes round it.
    if !input.bypassed(v) {
        step.queue = input.queue(graph, v).map(|(c, mu)| mmc(lambda, c, mu));
    }
    step.handled = step.queue.map_or(lambda, |s| s.served_qps);
    step.failed = 0.0;
    let pass = if lambda > 0.0 {
        step.handled / lambda
    } else {
        0.0
    };
    let node = &graph.nodes[v];
    for (k, write) in [(READ, false), (WRITE, true)] {
        let s = inflow[k] * pass;
        if s <= 0.0 {
            continue;
        }
        onward_shares(graph, input, output, v, k, &mut step.onward);
        let state = EndState {
            promoted: input.promoted[v],
            warmth: input.warmth_now(v),
            onward: !step.onward.is_empty(),
        };
        let ended = s * end_share(node, write, state);
        step.ended[k] = ended;
        if node.role == Role::Queue && write {
            // Accepted; delivered to the consumers with the backlog being drained.
            let deliver = ended + input.backlog_drain_qps[v].max(0.0);
            for &(li, fraction) in &step.onward {
                step.async_sends.push((li, deliver * fraction));
            }
            continue;
        }
        let rest = s - ended;
        if rest <= 0.0 {
            continue;
        }
        if step.onward.is_empty() {
            step.failed += rest;
            step.failed_class[k] += rest;
        }
        for &(li, fraction) in &step.onward {
            step.sends.push((k, li, rest * fraction));
        }
    }
}

/// Propagates the offered load of `input` through `graph` into `output`.
///
/// Arguments: the graph, this state's inputs, and an output (resized and overwritten).
///
/// # Complexity
/// O(V + E + Σc) time (Σc: the M/M/c recurrences, bounded by the workers of loaded nodes).
pub fn propagate(graph: &FlowGraph, input: &FlowInput, output: &mut FlowOutput) {
    output.resize(graph);
    compute_reach(graph, input, output);
    let offered = if input.offered_qps.is_finite() {
        input.offered_qps.max(0.0)
    } else {
        0.0
    };
    let rf = input.read_fraction.clamp(0.0, 1.0);
    output.class_entry_qps = [offered * rf, offered * (1.0 - rf)];

    let alive_dns = graph.dns.iter().filter(|&&d| input.alive(d)).count();
    output.dns_ok = graph.dns.is_empty() || alive_dns > 0;
    let lookups = offered * input.dns_lookups_per_request.max(0.0);
    for &d in &graph.dns {
        let over = if input.alive(d) {
            alive_dns
        } else {
            graph.dns.len()
        };
        output.offered_qps[d] += lookups / over as f64;
    }

    let Some(entry) = graph.entry else {
        output.failed_total_qps = offered;
        finish_dns(graph, input, output);
        return;
    };
    for k in [READ, WRITE] {
        output.class_offered_qps[k][entry] += output.class_entry_qps[k];
    }
    let mut latency_sum = [0.0_f64; 2];
    let mut step = NodeStep::default();
    for v in graph.topo() {
        if graph.nodes[v].tag == KindTag::Dns {
            continue;
        }
        let inflow = [
            output.class_offered_qps[READ][v],
            output.class_offered_qps[WRITE][v],
        ];
        let lambda = inflow[READ] + inflow[WRITE];
        output.offered_qps[v] = lambda;
        // The share of the writes arriving here that a queue delivered: every share of them
        // (ended, dropped, failed, sent on) is that share asynchronous.
        let queued = if inflow[WRITE] > 0.0 {
            (output.async_offered_qps[v] / inflow[WRITE]).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let queued_of_all = if lambda > 0.0 {
            queued * inflow[WRITE] / lambda
        } else {
            0.0
        };
        step_node(graph, input, output, v, inflow, &mut step);
        let mut lost = step.failed_class[WRITE] * queued;
        if let Some(s) = step.queue {
            output.dropped_qps[v] = s.dropped_qps;
            output.utilization[v] = s.utilization;
            output.latency_ms[v] = s.latency_ms;
            output.dropped_total_qps += s.dropped_qps * (1.0 - queued_of_all);
            lost += s.dropped_qps * queued_of_all;
        }
        output.async_lost_qps += lost;
        let w_ms = step.queue.map_or(0.0, |s| s.latency_ms);
        let path_ms = |k: usize| output.acc_ms[k][v] / inflow[k] + w_ms;
        let paths = [path_ms(READ), path_ms(WRITE)];
        for k in [READ, WRITE] {
            if step.ended[k] > 0.0 {
                let sync = if k == WRITE {
                    step.ended[k] * (1.0 - queued)
                } else {
                    step.ended[k]
                };
                output.class_served_qps[k] += sync;
                output.applied_async_qps += step.ended[k] - sync;
                output.ended_qps[k][v] = step.ended[k];
                if sync > 0.0 {
                    latency_sum[k] += sync * paths[k];
                }
                if graph.nodes[v].role == Role::Queue && k == WRITE {
                    output.queue_accepted_qps[v] = step.ended[k];
                    output.accepted_async_qps += sync;
                }
            }
        }
        for &(k, li, share) in &step.sends {
            let to = graph.links[li].to;
            output.link_qps[li] += share;
            output.link_class_qps[k][li] += share;
            if !input.forwards(to) {
                output.link_failed_qps[li] += share;
            }
            output.class_offered_qps[k][to] += share;
            output.acc_ms[k][to] += share * paths[k];
            if k == WRITE {
                output.async_offered_qps[to] += share * queued;
            }
        }
        for &(li, share) in &step.async_sends {
            let to = graph.links[li].to;
            output.link_qps[li] += share;
            output.link_class_qps[WRITE][li] += share;
            if !input.forwards(to) {
                output.link_failed_qps[li] += share;
            }
            output.class_offered_qps[WRITE][to] += share;
            output.async_offered_qps[to] += share;
            // Delivery starts a new path: its latency is no user's.
            output.acc_ms[WRITE][to] += share * w_ms;
            output.queue_sent_qps[v] += share;
        }
        output.failed_qps[v] = step.failed;
        output.served_qps[v] = step.handled - step.failed;
        output.failed_total_qps += step.failed - step.failed_class[WRITE] * queued;
    }
    for k in [READ, WRITE] {
        let served = output.class_served_qps[k];
        output.class_latency_ms[k] = if served > 0.0 {
            latency_sum[k] / served
        } else {
            0.0
        };
    }
    finish_dns(graph, input, output);
}

/// Queue statistics of the DNS nodes, which receive lookups rather than requests.
fn finish_dns(graph: &FlowGraph, input: &FlowInput, output: &mut FlowOutput) {
    for &d in &graph.dns {
        let lambda = output.offered_qps[d];
        if !input.alive(d) {
            output.failed_qps[d] = lambda;
            continue;
        }
        match input.queue(graph, d).map(|(c, mu)| mmc(lambda, c, mu)) {
            None => output.served_qps[d] = lambda,
            Some(s) => {
                output.served_qps[d] = s.served_qps;
                output.dropped_qps[d] = s.dropped_qps;
                output.utilization[d] = s.utilization;
                output.latency_ms[d] = s.latency_ms;
            }
        }
    }
}
