//! The blast radius's engine: the steady state with one instance of one component failed,
//! computed from the settled state of the whole design by re-evaluating only what the failure
//! changes, with the same rules and the same per-node step as a full propagation.
//!
//! For a failure, in order: the failed nodes' instances; promotions ([`Failover::settled`]);
//! what really completes ([`health::really_completes`]), upwards from the failed and promoted
//! nodes while it changes; the beliefs of the links into nodes that changed
//! ([`health::settle_beliefs`]'s rule); the routing's reach, upwards from the sources of
//! changed beliefs and the promoted nodes while it changes; then the traffic, in topological
//! order from every node whose own step may differ, following only the links whose flow
//! changed. Everything touched is put back afterwards, ready for the next failure.
//!
//! # Complexity
//! Per failure, O((A + D)·(d + log V)) for the A nodes upstream whose state changes, the D
//! nodes downstream whose traffic changes and degree d, instead of O(V + E): on a design of
//! independent clusters behind one balancer, the failure's own cluster.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::model::KindTag;
use crate::sim::failover::Failover;
use crate::sim::flow::{FlowInput, FlowOutput, NodeStep, READ, WRITE, reach_at, step_node};
use crate::sim::graph::{FlowGraph, LinkIx, NodeIx};
use crate::sim::health::{completes_at, really_completes, settled_up};

/// The settled state of a design and the scratch space to evaluate single failures from it.
pub(crate) struct Incremental<'a> {
    graph: &'a FlowGraph,
    failover: &'a Failover,
    input: FlowInput,
    output: FlowOutput,
    real: [Vec<bool>; 2],
    /// Position of each node in the topological order.
    position: Vec<usize>,
    /// Incoming flow links of each node.
    in_links: Vec<Vec<LinkIx>>,
    /// Served per class in the settled state.
    base_served: [f64; 2],
    undo: Undo,
    queued: Vec<bool>,
    step: NodeStep,
}

/// What a failure changed, to put back.
#[derive(Default)]
struct Undo {
    instances: Vec<(NodeIx, u32)>,
    promoted: Vec<(NodeIx, bool)>,
    real: Vec<(usize, NodeIx, bool)>,
    beliefs: Vec<(LinkIx, bool)>,
    reach: Vec<(usize, NodeIx, bool, bool)>,
    inflow: Vec<(usize, NodeIx, f64)>,
    links: Vec<(usize, LinkIx, f64)>,
    ended: Vec<(usize, NodeIx, f64)>,
    dns_ok: Option<bool>,
}

impl<'a> Incremental<'a> {
    /// Prepares from the settled state `input` (failover and beliefs settled) of `graph`.
    pub(crate) fn new(graph: &'a FlowGraph, failover: &'a Failover, input: FlowInput) -> Self {
        let mut output = FlowOutput::new(graph);
        crate::sim::flow::propagate(graph, &input, &mut output);
        let real = really_completes(graph, &input);
        let mut position = vec![0; graph.nodes.len()];
        for (i, v) in graph.topo().enumerate() {
            position[v] = i;
        }
        let mut in_links = vec![Vec::new(); graph.nodes.len()];
        for (li, l) in graph.links.iter().enumerate() {
            in_links[l.to].push(li);
        }
        Self {
            base_served: output.class_served_qps,
            queued: vec![false; graph.nodes.len()],
            graph,
            failover,
            input,
            output,
            real,
            position,
            in_links,
            undo: Undo::default(),
            step: NodeStep::default(),
        }
    }

    /// Requests per second offered per class at the entry.
    pub(crate) fn offered(&self) -> [f64; 2] {
        self.output.class_entry_qps
    }

    /// Requests per second served per class with one more instance of each node in `nodes`
    /// failed, once failover and health checks have settled.
    pub(crate) fn served_without(&mut self, nodes: std::ops::Range<NodeIx>) -> [f64; 2] {
        let g = self.graph;
        let mut changed_alive = Vec::new();
        for v in nodes.clone() {
            let before = self.input.instances_down[v];
            self.undo.instances.push((v, before));
            let was_alive = self.input.alive(v);
            self.input.instances_down[v] = (before + 1).min(g.nodes[v].instances);
            if was_alive != self.input.alive(v) {
                changed_alive.push(v);
            }
        }
        // Promotions.
        let mut changed_ends = Vec::new();
        for c in &self.failover.candidates {
            let v = c.replica;
            let promoted = c.promoted_when_settled(|n| self.input.alive(n));
            if promoted != self.input.promoted[v] {
                self.undo.promoted.push((v, self.input.promoted[v]));
                self.input.promoted[v] = promoted;
                changed_ends.push(v);
            }
        }
        // What really completes, upwards.
        let mut real_changed = Vec::new();
        let mut heap: BinaryHeap<(usize, NodeIx)> = BinaryHeap::new();
        for &v in nodes
            .clone()
            .collect::<Vec<_>>()
            .iter()
            .chain(&changed_ends)
        {
            self.push_up(&mut heap, v);
        }
        while let Some((_, v)) = heap.pop() {
            self.queued[v] = false;
            let mut any = false;
            let now = completes_at(g, &self.input, &self.real, v);
            for k in [READ, WRITE] {
                if now[k] != self.real[k][v] {
                    self.undo.real.push((k, v, self.real[k][v]));
                    self.real[k][v] = now[k];
                    any = true;
                }
            }
            if any {
                real_changed.push(v);
                for i in 0..self.in_links[v].len() {
                    let from = g.links[self.in_links[v][i]].from;
                    self.push_up(&mut heap, from);
                }
            }
        }
        // Beliefs of the links into nodes whose life or completion changed.
        let mut belief_sources = Vec::new();
        let mut targets = changed_alive.clone();
        targets.extend(&real_changed);
        targets.sort_unstable();
        targets.dedup();
        for &t in &targets {
            for &li in &self.in_links[t] {
                let l = &g.links[li];
                let healthy = settled_up(g, &self.input, &self.real, li);
                if self.input.believed_down[li] == healthy {
                    self.undo.beliefs.push((li, self.input.believed_down[li]));
                    self.input.believed_down[li] = !healthy;
                    belief_sources.push(l.from);
                }
            }
        }
        // The routing's reach, upwards.
        let mut dirty: Vec<NodeIx> = nodes.clone().collect();
        // Their senders split by capacity (least connections) or may see them die.
        for v in nodes {
            dirty.extend(self.in_links[v].iter().map(|&li| g.links[li].from));
        }
        dirty.extend(&changed_ends);
        dirty.extend(&belief_sources);
        for &v in belief_sources.iter().chain(&changed_ends) {
            self.push_up(&mut heap, v);
        }
        while let Some((_, v)) = heap.pop() {
            self.queued[v] = false;
            let (configured, believed) = reach_at(g, &self.input, &self.output, v);
            let mut any = false;
            for k in [READ, WRITE] {
                let (c0, b0) = (self.output.configured_reach[k][v], self.output.reach[k][v]);
                if (c0, b0) != (configured[k], believed[k]) {
                    self.undo.reach.push((k, v, c0, b0));
                    self.output.configured_reach[k][v] = configured[k];
                    self.output.reach[k][v] = believed[k];
                    any = true;
                }
            }
            if any {
                for i in 0..self.in_links[v].len() {
                    let from = g.links[self.in_links[v][i]].from;
                    dirty.push(from);
                    self.push_up(&mut heap, from);
                }
            }
        }
        // DNS.
        let dns_ok = g.dns.is_empty() || g.dns.iter().any(|&d| self.input.alive(d));
        if dns_ok != self.output.dns_ok {
            self.undo.dns_ok = Some(self.output.dns_ok);
            self.output.dns_ok = dns_ok;
            dirty.extend(g.entry);
        }
        // Traffic, downwards from every node whose step may differ.
        let mut served = self.base_served;
        let mut down: BinaryHeap<Reverse<(usize, NodeIx)>> = BinaryHeap::new();
        for v in dirty {
            self.push_down(&mut down, v);
        }
        let mut step = std::mem::take(&mut self.step);
        while let Some(Reverse((_, v))) = down.pop() {
            self.queued[v] = false;
            if g.nodes[v].tag == KindTag::Dns {
                continue;
            }
            let inflow = [
                self.output.class_offered_qps[READ][v],
                self.output.class_offered_qps[WRITE][v],
            ];
            step_node(g, &self.input, &self.output, v, inflow, &mut step);
            for k in [READ, WRITE] {
                let before = self.output.ended_qps[k][v];
                if step.ended[k] != before {
                    self.undo.ended.push((k, v, before));
                    self.output.ended_qps[k][v] = step.ended[k];
                    served[k] += step.ended[k] - before;
                }
            }
            // New flows of every out link and class: those sent, zero for the rest. A step
            // sends reads, then writes, each in out-link order: one cursor per class.
            let mut cursor = [0, step.sends.partition_point(|s| s.0 == READ)];
            let end = [cursor[1], step.sends.len()];
            for li in g.out_links(v) {
                for k in [READ, WRITE] {
                    let now = match step.sends.get(cursor[k]) {
                        Some(&(_, l, q)) if cursor[k] < end[k] && l == li => {
                            cursor[k] += 1;
                            q
                        }
                        _ => 0.0,
                    };
                    let before = self.output.link_class_qps[k][li];
                    if now != before {
                        let to = g.links[li].to;
                        self.undo.links.push((k, li, before));
                        self.output.link_class_qps[k][li] = now;
                        self.undo
                            .inflow
                            .push((k, to, self.output.class_offered_qps[k][to]));
                        self.output.class_offered_qps[k][to] += now - before;
                        self.push_down(&mut down, to);
                    }
                }
            }
        }
        self.step = step;
        self.restore();
        served
    }

    fn push_up(&mut self, heap: &mut BinaryHeap<(usize, NodeIx)>, v: NodeIx) {
        if !self.queued[v] {
            self.queued[v] = true;
            heap.push((self.position[v], v));
        }
    }

    fn push_down(&mut self, heap: &mut BinaryHeap<Reverse<(usize, NodeIx)>>, v: NodeIx) {
        if !self.queued[v] {
            self.queued[v] = true;
            heap.push(Reverse((self.position[v], v)));
        }
    }

    /// Puts back everything the last failure changed, latest change first.
    fn restore(&mut self) {
        let u = &mut self.undo;
        for (k, v, x) in u.ended.drain(..).rev() {
            self.output.ended_qps[k][v] = x;
        }
        for (k, li, x) in u.links.drain(..).rev() {
            self.output.link_class_qps[k][li] = x;
        }
        for (k, v, x) in u.inflow.drain(..).rev() {
            self.output.class_offered_qps[k][v] = x;
        }
        for (k, v, c, b) in u.reach.drain(..).rev() {
            self.output.configured_reach[k][v] = c;
            self.output.reach[k][v] = b;
        }
        for (li, x) in u.beliefs.drain(..).rev() {
            self.input.believed_down[li] = x;
        }
        for (k, v, x) in u.real.drain(..).rev() {
            self.real[k][v] = x;
        }
        for (v, x) in u.promoted.drain(..).rev() {
            self.input.promoted[v] = x;
        }
        for (v, x) in u.instances.drain(..).rev() {
            self.input.instances_down[v] = x;
        }
        if let Some(x) = u.dns_ok.take() {
            self.output.dns_ok = x;
        }
    }
}
