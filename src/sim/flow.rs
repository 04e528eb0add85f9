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
//! writers, the offered QPS and the read fraction. [`FlowInput::believe_reality`] makes beliefs
//! match reality, as the static analysis does.
//!
//! Model: the entry offers `offered_qps`, split read/write by `read_fraction`. Nodes are
//! processed in topological order (links closing a cycle are ignored). A node's queue serves
//! `min(λ, c·μ)` and drops the rest; the served traffic of a class ends at the node if it
//! terminates that class (reads: any database; writes: a writer or a promoted replica; a
//! request leaf: both), else goes to its *candidates*: outgoing links that are alive, carry the
//! class, are not blocked by a firewall, whose target is not believed down and can reach a
//! terminal of the class as far as the routing knows (a dead target whose failure has not
//! been noticed still looks reachable: the requests sent to it fail there). Load balancers split by algorithm
//! (round robin and source hash ∝ link weight, least connections ∝ backend capacity, equal if
//! any is unlimited, active/passive all to the first candidate in link order); other nodes ∝
//! weight. Traffic with no candidate fails at the node. If the entry looks the domain up with
//! DNS and no DNS node is alive, everything fails at the entry. DNS nodes receive
//! `offered_qps × dns_lookups_per_request` lookups, split equally over the alive ones; lookups
//! are not part of the request totals.
//!
//! Conservation at every node: `offered = served + dropped + failed`.
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
//!     input.node_alive[n] = false;
//! }
//! propagate(&graph, &input, &mut output);
//! assert!(output.class_served_qps[0] < 900.0);
//! // Health checks notice: beliefs catch up with reality.
//! input.believe_reality(&graph);
//! propagate(&graph, &input, &mut output);
//! assert!((output.class_served_qps[0] - 900.0).abs() < 1e-6);
//! ```

use super::graph::{FlowGraph, FlowNode, LinkIx, NodeIx};
use super::queue::mmc;
use crate::model::LbAlgorithm;

/// Index of the read class in per-class arrays.
pub const READ: usize = 0;
/// Index of the write class in per-class arrays.
pub const WRITE: usize = 1;

/// The inputs of one propagation. Vectors are indexed like the graph's nodes and links.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowInput {
    /// Whether each node is up.
    pub node_alive: Vec<bool>,
    /// Whether each link is up.
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
            node_alive: vec![true; graph.nodes.len()],
            link_alive: vec![true; graph.links.len()],
            believed_down: vec![false; graph.links.len()],
            promoted: vec![false; graph.nodes.len()],
            offered_qps,
            read_fraction,
            dns_lookups_per_request,
        }
    }

    /// Makes every source believe exactly what is true: a link's target is believed down when
    /// the target or the link is down.
    ///
    /// # Complexity
    /// O(V + E); only the liveness flags are read when everything is up.
    pub fn believe_reality(&mut self, graph: &FlowGraph) {
        if self.node_alive.iter().all(|&up| up) && self.link_alive.iter().all(|&up| up) {
            // Nothing is down (the usual check): no need to read every link.
            self.believed_down.clear();
            self.believed_down.resize(graph.links.len(), false);
            return;
        }
        self.believed_down.resize(graph.links.len(), false);
        for (li, (l, b)) in graph
            .links
            .iter()
            .zip(self.believed_down.iter_mut())
            .enumerate()
        {
            let node_up = self.node_alive.get(l.to()).copied().unwrap_or(true);
            let link_up = self.link_alive.get(li).copied().unwrap_or(true);
            *b = !(node_up && link_up);
        }
    }

    fn alive(&self, n: NodeIx) -> bool {
        self.node_alive.get(n).copied().unwrap_or(true)
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
    /// Mean response time of each node, milliseconds (0 if unlimited or down).
    pub latency_ms: Vec<f64>,
    /// Requests per second sent along each link.
    pub link_qps: Vec<f64>,
    /// Of those, requests per second sent to a node that is down.
    pub link_failed_qps: Vec<f64>,
    /// Per class, whether each node can get a request of the class completed as far as the
    /// routing knows (equal to reality once [`FlowInput::believe_reality`] has run).
    pub reach: [Vec<bool>; 2],
    /// Per class, requests per second offered at the entry.
    pub class_entry_qps: [f64; 2],
    /// Per class, requests per second completed.
    pub class_served_qps: [f64; 2],
    /// Per class, mean end-to-end latency of completed requests, milliseconds.
    pub class_latency_ms: [f64; 2],
    /// Requests per second dropped over all nodes (DNS lookups excluded).
    pub dropped_total_qps: f64,
    /// Requests per second failed over all nodes (DNS lookups excluded).
    pub failed_total_qps: f64,
    /// Whether the domain resolves (no DNS needed, or some DNS node alive).
    pub dns_ok: bool,
    acc_ms: [Vec<f64>; 2],
}

impl FlowOutput {
    /// Zeroed output sized for `graph`.
    pub fn new(graph: &FlowGraph) -> Self {
        let mut out = Self::default();
        out.resize(graph);
        out
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
            if let Some(v) = self.reach.get_mut(k) {
                v.clear();
                v.resize(n, false);
            }
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
        self.dns_ok = true;
    }
}

fn add(v: &mut [f64], i: usize, x: f64) {
    if let Some(e) = v.get_mut(i) {
        *e += x;
    }
}

fn get(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(0.0)
}

fn set(v: &mut [f64], i: usize, x: f64) {
    if let Some(e) = v.get_mut(i) {
        *e = x;
    }
}

/// Whether link `li` can be used for a class as far as its source knows: up, not closing a
/// cycle, not blocked by a firewall, carrying the class, target not believed down.
fn usable(graph: &FlowGraph, input: &FlowInput, li: LinkIx, write: bool) -> bool {
    graph.links.get(li).is_some_and(|l| {
        !l.back_edge
            && !l.blocked
            && l.carries(write)
            && input.link_alive.get(li).copied().unwrap_or(true)
            && !input.believed_down.get(li).copied().unwrap_or(false)
    })
}

/// Whether link `li` is a way onwards for a class: usable, and its target can get the class
/// completed as far as the routing knows.
fn candidate(
    graph: &FlowGraph,
    input: &FlowInput,
    reach: &[bool],
    li: LinkIx,
    write: bool,
) -> bool {
    usable(graph, input, li, write)
        && graph
            .links
            .get(li)
            .is_some_and(|l| reach.get(l.to()).copied().unwrap_or(false))
}

/// Computes, per class, which nodes can get a request of the class completed as far as the
/// routing knows (reverse topological order, ignoring back edges). A node's own liveness is
/// not consulted: its upstream links' beliefs decide whether it is avoided.
fn compute_reach(graph: &FlowGraph, input: &FlowInput, reach: &mut [Vec<bool>; 2]) {
    // Both classes in one pass: each node and each of its links is read once.
    let [read_reach, write_reach] = reach;
    for v in graph.topo().rev() {
        let Some(node) = graph.nodes.get(v) else {
            continue;
        };
        let promoted = input.promoted.get(v).copied().unwrap_or(false);
        let mut read_ok = node.terminates(false, promoted);
        let mut write_ok = node.terminates(true, promoted);
        for li in graph.out_links(v) {
            if read_ok && write_ok {
                break;
            }
            let reaches = |class_reach: &[bool], write: bool| {
                usable(graph, input, li, write)
                    && graph
                        .links
                        .get(li)
                        .is_some_and(|l| class_reach.get(l.to()).copied().unwrap_or(false))
            };
            read_ok = read_ok || reaches(read_reach, false);
            write_ok = write_ok || reaches(write_reach, true);
        }
        if let Some(r) = read_reach.get_mut(v) {
            *r = read_ok;
        }
        if let Some(r) = write_reach.get_mut(v) {
            *r = write_ok;
        }
    }
}

/// Weight of candidate link `li` out of `v` under the node's splitting rule.
fn weight(graph: &FlowGraph, v: NodeIx, li: LinkIx, equal: bool, first: Option<LinkIx>) -> f64 {
    let Some(l) = graph.links.get(li) else {
        return 0.0;
    };
    match graph.nodes.get(v).and_then(|n| n.lb_algorithm) {
        Some(LbAlgorithm::ActivePassive) => f64::from(u8::from(Some(li) == first)),
        Some(LbAlgorithm::LeastConnections) => {
            if equal {
                1.0
            } else {
                graph.nodes.get(l.to()).map_or(0.0, FlowNode::max_qps)
            }
        }
        _ => {
            if equal {
                1.0
            } else {
                l.weight()
            }
        }
    }
}

/// Propagates the offered load of `input` through `graph` into `output`.
///
/// Arguments: the graph, this tick's inputs, and an output sized for the graph (it is
/// resized, without allocating when already the right size).
///
/// Returns nothing; every field of `output` is overwritten.
///
/// # Complexity
/// O(V + E + Σc) time (Σc: the M/M/c recurrences, bounded by the workers of loaded nodes),
/// no allocation once `output` is sized.
pub fn propagate(graph: &FlowGraph, input: &FlowInput, output: &mut FlowOutput) {
    output.resize(graph);
    compute_reach(graph, input, &mut output.reach);
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
        if input.alive(d) {
            add(&mut output.offered_qps, d, lookups / alive_dns as f64);
        } else {
            add(&mut output.offered_qps, d, lookups / graph.dns.len() as f64);
        }
    }

    let Some(entry) = graph.entry else {
        output.failed_total_qps = offered;
        finish_dns(graph, input, output);
        return;
    };
    for k in [READ, WRITE] {
        if let Some(v) = output.class_offered_qps.get_mut(k) {
            add(
                v,
                entry,
                output.class_entry_qps.get(k).copied().unwrap_or(0.0),
            );
        }
    }
    let mut lat_acc = [0.0_f64; 2];
    for v in graph.topo() {
        let Some(node) = graph.nodes.get(v) else {
            continue;
        };
        if node.tag == crate::model::KindTag::Dns {
            continue;
        }
        let in_r = get(&output.class_offered_qps[READ], v);
        let in_w = get(&output.class_offered_qps[WRITE], v);
        let lambda = in_r + in_w;
        set(&mut output.offered_qps, v, lambda);
        if !input.alive(v) || (v == entry && !output.dns_ok) {
            set(&mut output.failed_qps, v, lambda);
            output.failed_total_qps += lambda;
            continue;
        }
        let (served_q, dropped, rho, w_ms) = match node.queue() {
            None => (lambda, 0.0, 0.0, 0.0),
            Some((c, mu)) => {
                let s = mmc(lambda, c, mu);
                (s.served_qps, s.dropped_qps, s.utilization, s.latency_ms)
            }
        };
        set(&mut output.dropped_qps, v, dropped);
        set(&mut output.utilization, v, rho);
        set(&mut output.latency_ms, v, w_ms);
        output.dropped_total_qps += dropped;
        let pass = if lambda > 0.0 { served_q / lambda } else { 0.0 };
        let mut failed_here = 0.0;
        for (k, inflow) in [(READ, in_r), (WRITE, in_w)] {
            let s = inflow * pass;
            if s <= 0.0 {
                continue;
            }
            let write = k == WRITE;
            let acc = output.acc_ms.get(k).map_or(0.0, |a| get(a, v));
            let path_ms = acc / inflow + w_ms;
            if node.terminates(write, input.promoted.get(v).copied().unwrap_or(false)) {
                if let (Some(cs), Some(la)) =
                    (output.class_served_qps.get_mut(k), lat_acc.get_mut(k))
                {
                    *cs += s;
                    *la += s * path_ms;
                }
                continue;
            }
            let reach = output.reach.get(k).map_or(&[][..], Vec::as_slice);
            let outs = graph.out_links(v);
            let mut first = None;
            let mut any_unlimited = false;
            let mut count = 0usize;
            for li in outs.clone() {
                if candidate(graph, input, reach, li, write) {
                    first = first.or(Some(li));
                    count += 1;
                    if graph
                        .links
                        .get(li)
                        .and_then(|l| graph.nodes.get(l.to()))
                        .is_some_and(|n| !n.max_qps().is_finite())
                    {
                        any_unlimited = true;
                    }
                }
            }
            if count == 0 {
                failed_here += s;
                continue;
            }
            let lc = node.lb_algorithm == Some(LbAlgorithm::LeastConnections);
            let mut total = 0.0;
            for li in outs.clone() {
                if candidate(graph, input, reach, li, write) {
                    total += weight(graph, v, li, lc && any_unlimited, first);
                }
            }
            let equal = !(total > 0.0 && total.is_finite());
            if equal {
                total = count as f64;
            }
            for li in outs.clone() {
                if !candidate(graph, input, reach, li, write) {
                    continue;
                }
                let share = s * weight(graph, v, li, equal || (lc && any_unlimited), first) / total;
                if share <= 0.0 {
                    continue;
                }
                let Some(l) = graph.links.get(li) else {
                    continue;
                };
                add(&mut output.link_qps, li, share);
                if !input.alive(l.to()) {
                    add(&mut output.link_failed_qps, li, share);
                }
                if let Some(co) = output.class_offered_qps.get_mut(k) {
                    add(co, l.to(), share);
                }
                if let Some(a) = output.acc_ms.get_mut(k) {
                    add(a, l.to(), share * path_ms);
                }
            }
        }
        set(&mut output.failed_qps, v, failed_here);
        set(&mut output.served_qps, v, served_q - failed_here);
        output.failed_total_qps += failed_here;
    }
    for k in [READ, WRITE] {
        let served = output.class_served_qps.get(k).copied().unwrap_or(0.0);
        let lat = if served > 0.0 {
            lat_acc.get(k).copied().unwrap_or(0.0) / served
        } else {
            0.0
        };
        if let Some(l) = output.class_latency_ms.get_mut(k) {
            *l = lat;
        }
    }
    finish_dns(graph, input, output);
}

/// Queue statistics of the DNS nodes, which receive lookups rather than requests.
fn finish_dns(graph: &FlowGraph, input: &FlowInput, output: &mut FlowOutput) {
    for &d in &graph.dns {
        let lambda = get(&output.offered_qps, d);
        if !input.alive(d) {
            set(&mut output.failed_qps, d, lambda);
            continue;
        }
        let queue = graph.nodes.get(d).and_then(FlowNode::queue);
        let (served, dropped, rho, w) = match queue {
            None => (lambda, 0.0, 0.0, 0.0),
            Some((c, mu)) => {
                let s = mmc(lambda, c, mu);
                (s.served_qps, s.dropped_qps, s.utilization, s.latency_ms)
            }
        };
        set(&mut output.served_qps, d, served);
        set(&mut output.dropped_qps, d, dropped);
        set(&mut output.utilization, d, rho);
        set(&mut output.latency_ms, d, w);
    }
}
