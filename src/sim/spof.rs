//! `spof`: single points of failure per request class, by dominators over the directed
//! request flow, and `unservable` when a class cannot be served at all.
//!
//! Rule: a component, a service or a whole server is a single point of failure for a class
//! when failing it (one instance, [`super::failure`]) leaves no request of the class served
//! — exactly when `check --fail X` and a drill failing `X` serve none of the class once
//! failover has settled. A component with more than one instance up is never one by itself.
//!
//! For each class the flow graph is extended with a virtual start `S`, a virtual "domain
//! resolved" node `D` and a virtual sink `T`: `S → dns_i → D` for each live DNS the entry looks
//! up (or `S → D` if it looks none up), `D → entry`, then exactly the links the traffic engine
//! sends the class along now (with a positive share: an active/passive balancer uses only its
//! first healthy backend), and every live node where the
//! class ends ([`super::request_end`]) `→ T`. A node lies on every request's path exactly when
//! it dominates `T` from `S` (`petgraph::algo::dominators::simple_fast`): only those, and the
//! servers with a node on one found `S → T` path (a server off that path cannot separate `S`
//! from `T`), can be single points of failure. Each candidate is then confirmed by the traffic
//! engine itself ([`served_after`]: failover and health checks settled with it failed), so
//! that failing a reported component serves none of the class, as `check --fail` and drills
//! show.
//!
//! The entry itself is never reported.
//!
//! # Complexity
//! Per class: building the class graph O(V + E), dominators near-linear on request graphs,
//! then one propagation O(V + E) per candidate (the dominators and the servers on one path:
//! a handful, however large the design).

use std::collections::VecDeque;

use petgraph::algo::dominators::simple_fast;
use petgraph::graph::{DiGraph, NodeIndex};

use super::failover::Failover;
use super::finding::{Finding, FindingSeverity, RequestClass, Rule};
use super::flow::{FlowInput, FlowOutput, READ, WRITE, onward_shares, propagate};
use super::graph::{FlowGraph, NodeIx};
use super::request_end::ends_some;
use crate::model::{Design, KindTag};

/// The single points of failure of one class.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassSpofs {
    /// Whether the class can be served at all in the current state.
    pub servable: bool,
    /// Nodes whose loss alone makes the class unservable (entry and nodes with more than
    /// one instance up excluded), sorted.
    pub nodes: Vec<NodeIx>,
    /// Servers (component indices) whose loss alone makes the class unservable, sorted.
    pub servers: Vec<usize>,
    /// The nodes every request of the class passes through, entry first.
    pub witness: Vec<NodeIx>,
}

/// The request graph of one class with the virtual nodes `S = n`, `D = n + 1`, `T = n + 2`:
/// exactly the links the traffic engine would send the class along in the current state.
struct ClassGraph {
    graph: DiGraph<(), ()>,
    start: NodeIndex,
    sink: NodeIndex,
}

impl ClassGraph {
    fn new(graph: &FlowGraph, input: &FlowInput, output: &FlowOutput, k: usize) -> Self {
        let n = graph.nodes.len();
        let write = k == WRITE;
        let mut g = DiGraph::with_capacity(n + 3, graph.links.len() + n + 3);
        for _ in 0..n + 3 {
            g.add_node(());
        }
        let (start, resolved, sink) = (
            NodeIndex::new(n),
            NodeIndex::new(n + 1),
            NodeIndex::new(n + 2),
        );
        if graph.dns.is_empty() {
            g.add_edge(start, resolved, ());
        }
        for &d in &graph.dns {
            if input.alive(d) {
                g.add_edge(start, NodeIndex::new(d), ());
                g.add_edge(NodeIndex::new(d), resolved, ());
            }
        }
        if let Some(entry) = graph.entry.filter(|&e| input.alive(e)) {
            g.add_edge(resolved, NodeIndex::new(entry), ());
        }
        let mut onward = Vec::new();
        for v in (0..n).filter(|&v| input.forwards(v)) {
            onward_shares(graph, input, output, v, k, &mut onward);
            for &(li, _) in &onward {
                g.add_edge(NodeIndex::new(v), NodeIndex::new(graph.links[li].to), ());
            }
        }
        for (v, node) in graph.nodes.iter().enumerate() {
            if input.forwards(v) && ends_some(node, write, input.promoted[v], input.warmth_now(v)) {
                g.add_edge(NodeIndex::new(v), sink, ());
            }
        }
        Self {
            graph: g,
            start,
            sink,
        }
    }

    /// A path `S → T`, or `None` if there is none.
    fn path(&self) -> Option<Vec<NodeIndex>> {
        let total = self.graph.node_count();
        let mut parent = vec![None; total];
        let mut seen = vec![false; total];
        let mut queue = VecDeque::from([self.start]);
        seen[self.start.index()] = true;
        while let Some(v) = queue.pop_front() {
            if v == self.sink {
                let mut path = vec![v];
                let mut at = v;
                while let Some(p) = parent[at.index()] {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return Some(path);
            }
            for w in self.graph.neighbors(v) {
                if !seen[w.index()] {
                    seen[w.index()] = true;
                    parent[w.index()] = Some(v);
                    queue.push_back(w);
                }
            }
        }
        None
    }
}

/// In the state `input` (propagated as `output`), the flow nodes of one path a request of
/// class `k` can take, entry side first, and the nodes every such path passes (the
/// dominators of the sink), sorted; `None` when the class cannot be served.
pub(crate) fn class_path_and_dominators(
    graph: &FlowGraph,
    input: &FlowInput,
    output: &FlowOutput,
    k: usize,
) -> Option<(Vec<NodeIx>, Vec<NodeIx>)> {
    let n = graph.nodes.len();
    let class = ClassGraph::new(graph, input, output, k);
    let path = class.path()?;
    let mut dominators: Vec<NodeIx> = simple_fast(&class.graph, class.start)
        .dominators(class.sink)
        .map(|it| it.map(NodeIndex::index).filter(|&v| v < n).collect())
        .unwrap_or_default();
    dominators.sort_unstable();
    let path = path
        .into_iter()
        .map(NodeIndex::index)
        .filter(|&v| v < n)
        .collect();
    Some((path, dominators))
}

/// Requests per second served per class once one more instance of each node in `dying` has
/// failed and failover and health checks have settled: the traffic engine's own answer.
pub fn served_after(
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    dying: &[NodeIx],
) -> [f64; 2] {
    let mut after = input.clone();
    for &v in dying {
        after.instances_down[v] = (after.instances_down[v] + 1).min(graph.nodes[v].instances);
    }
    super::analysis::settle(graph, failover, &mut after);
    let mut output = FlowOutput::default();
    propagate(graph, &after, &mut output);
    output.class_served_qps
}

/// The single points of failure of class `write` (`false`: reads) in the state `input`
/// (instances down, promotions made, beliefs settled) whose propagation is `output`.
///
/// # Complexity
/// See the module documentation.
pub fn class_spofs(
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    output: &FlowOutput,
    write: bool,
) -> ClassSpofs {
    let n = graph.nodes.len();
    let k = if write { WRITE } else { READ };
    let class = ClassGraph::new(graph, input, output, k);
    let Some(path) = class.path() else {
        return ClassSpofs::default();
    };
    let dominators = simple_fast(&class.graph, class.start);
    let mut chain: Vec<NodeIx> = dominators
        .dominators(class.sink)
        .map(|it| it.map(NodeIndex::index).filter(|&v| v < n).collect())
        .unwrap_or_default();
    chain.reverse();
    // Losing one instance of a node with several up loses nothing; the engine decides the rest.
    let single = |v: NodeIx| input.instances_up(v) == 1;
    let lost = |dying: &[NodeIx]| served_after(graph, failover, input, dying)[k] <= 0.0;
    let mut nodes: Vec<NodeIx> = chain
        .iter()
        .copied()
        .filter(|&v| Some(v) != graph.entry && single(v) && lost(&[v]))
        .collect();
    nodes.sort_unstable();

    let mut servers: Vec<usize> = path
        .iter()
        .map(|v| v.index())
        .filter(|&v| v < n && Some(v) != graph.entry)
        .filter(|&v| graph.nodes[v].service.is_some())
        .map(|v| graph.nodes[v].component)
        .collect();
    servers.sort_unstable();
    servers.dedup();
    servers.retain(|&server| {
        let members: Vec<NodeIx> = graph
            .component_nodes(server)
            .filter(|&v| single(v))
            .collect();
        !members.is_empty() && lost(&members)
    });
    // The witness starts at the entry; a lone DNS (dominating before the entry) is reported
    // as a SPOF but is not on the request path itself.
    let from_entry = graph
        .entry
        .and_then(|e| chain.iter().position(|&v| v == e))
        .unwrap_or(0);
    ClassSpofs {
        servable: true,
        nodes,
        servers,
        witness: chain[from_entry..].to_vec(),
    }
}

fn fix_for(design: &Design, graph: &FlowGraph, node: Option<NodeIx>, component: usize) -> String {
    let c = design.components.get(component);
    let tag = c.map(crate::model::Component::tag);
    let svc_is_db = node
        .and_then(|v| graph.nodes.get(v))
        .is_some_and(|n| n.is_database);
    match tag {
        Some(KindTag::LoadBalancer) => "Add a second load balancer and run the pair active/passive \
            with a floating IP (keepalived/VRRP) or active/active behind DNS, then set `replicas: 2` \
            or draw both on the path."
            .to_owned(),
        Some(KindTag::Firewall) => "Run the firewall as a high-availability pair (`replicas: 2`) or \
            put a second firewall on a parallel path."
            .to_owned(),
        Some(KindTag::Dns) => "Use a DNS provider with several name servers (`replicas` above 1) \
            or a second provider."
            .to_owned(),
        Some(KindTag::Database) => "Add a second writer (multi-primary cluster) or a replica with \
            automatic promotion (`promote_after_s`), and route requests to both."
            .to_owned(),
        Some(KindTag::Server) if svc_is_db => "Add a second database that can take writes: a \
            multi-primary member, or a replica with automatic promotion (`promote_after_s`), \
            reachable from every application server."
            .to_owned(),
        Some(KindTag::Server) => "Add another server with the same role and spread requests over \
            both from the load balancer."
            .to_owned(),
        _ => "Add a redundant instance on a parallel path, or set `replicas` above 1 if it is \
            already a cluster."
            .to_owned(),
    }
}

/// The `spof` and `unservable` findings of `design` with the nodes in `alive` up.
///
/// # Complexity
/// That of [`class_spofs`], per class.
pub fn spof_findings(
    design: &Design,
    graph: &FlowGraph,
    failover: &Failover,
    input: &FlowInput,
    output: &FlowOutput,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(entry) = graph.entry.filter(|&e| e < graph.nodes.len()) else {
        return findings;
    };
    for class in RequestClass::ALL {
        let write = class == RequestClass::Write;
        let plural = class.plural();
        let result = class_spofs(graph, failover, input, output, write);
        if !result.servable {
            findings.push(Finding {
                severity: FindingSeverity::Error,
                rule: Rule::Unservable,
                class: Some(class),
                components: vec![graph.node_id(entry).to_owned()],
                links: Vec::new(),
                message: format!(
                    "no {} can be served from `{}`",
                    class.key(),
                    graph.node_id(entry)
                ),
                why: format!(
                    "No path from `{}` reaches a component able to complete {plural} (a \
                     database{}), through live components and open firewalls{}.",
                    graph.node_id(entry),
                    if write { " that accepts writes" } else { "" },
                    if graph.dns.is_empty() {
                        ""
                    } else {
                        ", after a DNS lookup"
                    }
                ),
                fix: format!(
                    "Draw request links from `{}` to a database that can serve {plural}, and check \
                     the firewall rules and the failed components on the way.",
                    graph.node_id(entry)
                ),
                witness: Vec::new(),
            });
            continue;
        }
        let witness: Vec<String> = result
            .witness
            .iter()
            .map(|&v| graph.node_id(v).to_owned())
            .collect();
        let path = witness.join(" → ");
        let mut push = |id: String, node: Option<NodeIx>, component: usize, what: &str| {
            findings.push(Finding {
                severity: FindingSeverity::Error,
                rule: Rule::Spof,
                class: Some(class),
                components: vec![id.clone()],
                links: Vec::new(),
                message: format!("{what} `{id}` is a single point of failure for {plural}"),
                why: format!(
                    "Every {} passes through `{id}`; if it fails, no {} can be served. The path \
                     every {} is forced through: {path}.",
                    class.key(),
                    class.key(),
                    class.key()
                ),
                fix: fix_for(design, graph, node, component),
                witness: witness.clone(),
            });
        };
        for &v in &result.nodes {
            if let Some(node) = graph.nodes.get(v) {
                let what = if node.service().is_some() {
                    "service"
                } else {
                    "component"
                };
                push(graph.node_id(v).to_owned(), Some(v), node.component(), what);
            }
        }
        for &ci in &result.servers {
            if let Some(c) = design.components.get(ci) {
                let db_node = graph.component_nodes(ci).find(|v| result.nodes.contains(v));
                push(c.id.0.clone(), db_node, ci, "server");
            }
        }
    }
    findings
}
