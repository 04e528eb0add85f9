//! `spof`: single points of failure per request class, by dominators over the directed
//! request flow, and `unservable` when a class cannot be served at all.
//!
//! For each class the flow graph is extended with a virtual start `S`, a virtual "domain
//! resolved" node `D` and a virtual sink `T`: `S → dns_i → D` for each DNS the entry looks up
//! (or `S → D` if it looks none up), `D → entry`, then the class's request links, and every
//! node able to end the class `→ T` (reads: databases; writes: writers and replicas with
//! automatic promotion, since the replica takes over when the writer is lost; a request leaf:
//! both). A node lies on every request's path exactly when it dominates `T` from `S`.
//! Servers (their services fail together) are checked with one BFS each, only for servers on
//! one found `S → T` path: a server off that path cannot separate `S` from `T`.
//!
//! Components with `replicas > 1` and the entry itself are never reported.

use std::collections::BTreeSet;
use std::collections::VecDeque;

use petgraph::algo::dominators::simple_fast;
use petgraph::graph::{DiGraph, NodeIndex};

use super::finding::{Finding, FindingSeverity, RequestClass, Rule};
use super::graph::{FlowGraph, NodeIx};
use crate::model::{Design, KindTag};

/// The single points of failure of one class.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassSpofs {
    /// Whether the class can be served at all with the nodes alive.
    pub servable: bool,
    /// Nodes whose loss alone makes the class unservable (entry and `replicas > 1` excluded),
    /// sorted.
    pub nodes: Vec<NodeIx>,
    /// Servers (component indices) whose loss alone makes the class unservable, sorted.
    pub servers: Vec<usize>,
    /// The nodes every request of the class passes through, entry first.
    pub witness: Vec<NodeIx>,
}

/// Whether `node` can end a request of class `write` for SPOF purposes.
fn ends(graph: &FlowGraph, node: NodeIx, write: bool) -> bool {
    graph.nodes.get(node).is_some_and(|n| {
        if write {
            n.can_end_writes()
        } else {
            n.terminates(false, false)
        }
    })
}

/// The class graph: flow nodes `0..n`, then `S = n`, `D = n + 1`, `T = n + 2`.
fn class_graph(graph: &FlowGraph, alive: &[bool], write: bool) -> DiGraph<(), ()> {
    let n = graph.nodes.len();
    let up = |v: NodeIx| alive.get(v).copied().unwrap_or(true);
    let mut g = DiGraph::with_capacity(n + 3, graph.links.len() + n);
    for _ in 0..n + 3 {
        g.add_node(());
    }
    let (s, d, t) = (
        NodeIndex::new(n),
        NodeIndex::new(n + 1),
        NodeIndex::new(n + 2),
    );
    if graph.dns.is_empty() {
        g.add_edge(s, d, ());
    }
    for &dns in &graph.dns {
        if up(dns) {
            g.add_edge(s, NodeIndex::new(dns), ());
            g.add_edge(NodeIndex::new(dns), d, ());
        }
    }
    if let Some(entry) = graph.entry
        && up(entry)
    {
        g.add_edge(d, NodeIndex::new(entry), ());
    }
    for l in &graph.links {
        if !l.blocked && l.carries(write) && up(l.from) && up(l.to) {
            g.add_edge(NodeIndex::new(l.from), NodeIndex::new(l.to), ());
        }
    }
    for v in 0..n {
        if up(v) && ends(graph, v, write) {
            g.add_edge(NodeIndex::new(v), t, ());
        }
    }
    g
}

/// A path `from → to` in `g` avoiding `avoid`, as nodes, or `None`.
fn bfs_path(
    g: &DiGraph<(), ()>,
    from: NodeIndex,
    to: NodeIndex,
    avoid: &[bool],
) -> Option<Vec<NodeIndex>> {
    let mut parent: Vec<Option<NodeIndex>> = vec![None; g.node_count()];
    let mut seen = vec![false; g.node_count()];
    let mut queue = VecDeque::new();
    if let Some(s) = seen.get_mut(from.index()) {
        *s = true;
    }
    queue.push_back(from);
    while let Some(v) = queue.pop_front() {
        if v == to {
            let mut path = vec![v];
            let mut cur = v;
            while let Some(p) = parent.get(cur.index()).copied().flatten() {
                path.push(p);
                cur = p;
            }
            path.reverse();
            return Some(path);
        }
        for w in g.neighbors(v) {
            let i = w.index();
            if avoid.get(i).copied().unwrap_or(false) || seen.get(i).copied().unwrap_or(true) {
                continue;
            }
            if let Some(s) = seen.get_mut(i) {
                *s = true;
            }
            if let Some(p) = parent.get_mut(i) {
                *p = Some(v);
            }
            queue.push_back(w);
        }
    }
    None
}

/// The single points of failure of class `write` (`false`: reads) with the nodes in `alive`
/// up.
///
/// Arguments: the flow graph, a liveness mask over its nodes (missing entries count as alive),
/// the class.
///
/// Returns whether the class is servable, its SPOF nodes and servers, and the witness path.
///
/// # Complexity
/// One dominator computation (Cooper–Harvey–Kennedy, near-linear on request graphs) plus one
/// BFS, O(V + E), per server on one found path.
pub fn class_spofs(graph: &FlowGraph, alive: &[bool], write: bool) -> ClassSpofs {
    let n = graph.nodes.len();
    let g = class_graph(graph, alive, write);
    let (s, t) = (NodeIndex::new(n), NodeIndex::new(n + 2));
    let doms = simple_fast(&g, s);
    let Some(chain) = doms.dominators(t) else {
        return ClassSpofs::default();
    };
    let mut dominators: Vec<NodeIx> = chain.map(NodeIndex::index).filter(|&v| v < n).collect();
    dominators.reverse();
    let single = |v: NodeIx| graph.nodes.get(v).is_some_and(|node| node.replicas <= 1);
    let mut nodes: Vec<NodeIx> = dominators
        .iter()
        .copied()
        .filter(|&v| Some(v) != graph.entry && single(v))
        .collect();
    nodes.sort_unstable();

    let mut servers = Vec::new();
    if let Some(path) = bfs_path(&g, s, t, &[]) {
        let on_path: BTreeSet<usize> = path
            .iter()
            .filter(|v| v.index() < n)
            .filter_map(|v| graph.nodes.get(v.index()))
            .filter(|node| node.tag == KindTag::Server && node.replicas <= 1)
            .map(|node| node.component)
            .collect();
        let entry_component = graph
            .entry
            .and_then(|e| graph.nodes.get(e))
            .map(|e| e.component);
        let mut avoid = vec![false; n + 3];
        for group in &graph.servers {
            if !on_path.contains(&group.component) || Some(group.component) == entry_component {
                continue;
            }
            for &v in &group.nodes {
                if let Some(a) = avoid.get_mut(v) {
                    *a = true;
                }
            }
            if bfs_path(&g, s, t, &avoid).is_none() {
                servers.push(group.component);
            }
            for &v in &group.nodes {
                if let Some(a) = avoid.get_mut(v) {
                    *a = false;
                }
            }
        }
    }
    servers.sort_unstable();
    // The witness starts at the entry; a lone DNS (dominating before the entry) is reported
    // as a SPOF but is not on the request path itself.
    let from_entry = graph
        .entry
        .and_then(|e| dominators.iter().position(|&v| v == e))
        .unwrap_or(0);
    let witness = dominators
        .get(from_entry..)
        .map(<[NodeIx]>::to_vec)
        .unwrap_or_default();
    ClassSpofs {
        servable: true,
        nodes,
        servers,
        witness,
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
/// Two runs of [`class_spofs`].
pub fn spof_findings(design: &Design, graph: &FlowGraph, alive: &[bool]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(entry) = graph.entry.and_then(|e| graph.nodes.get(e)) else {
        return findings;
    };
    for class in RequestClass::ALL {
        let write = class == RequestClass::Write;
        let plural = if write { "writes" } else { "reads" };
        let result = class_spofs(graph, alive, write);
        if !result.servable {
            findings.push(Finding {
                severity: FindingSeverity::Error,
                rule: Rule::Unservable,
                class: Some(class),
                components: vec![entry.id.clone()],
                links: Vec::new(),
                message: format!("no {} can be served from `{}`", class.key(), entry.id),
                why: format!(
                    "No path from `{}` reaches a component able to complete {plural} (a \
                     database{}), through live components and open firewalls{}.",
                    entry.id,
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
                    entry.id
                ),
                witness: Vec::new(),
            });
            continue;
        }
        let witness: Vec<String> = result
            .witness
            .iter()
            .filter_map(|&v| graph.nodes.get(v).map(|n| n.id.clone()))
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
                let what = if node.service.is_some() {
                    "service"
                } else {
                    "component"
                };
                push(node.id.clone(), Some(v), node.component, what);
            }
        }
        for &ci in &result.servers {
            if let Some(c) = design.components.get(ci) {
                let db_node = graph
                    .component_nodes
                    .get(ci)
                    .and_then(|ns| ns.iter().copied().find(|&v| result.nodes.contains(&v)));
                push(c.id.0.clone(), db_node, ci, "server");
            }
        }
    }
    findings
}
