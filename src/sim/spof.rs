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
//! Dominators are computed with the Cooper–Harvey–Kennedy algorithm (the one behind
//! `petgraph::algo::dominators::simple_fast`) on flat arrays, for speed on large designs.
//!
//! Components with `replicas > 1` and the entry itself are never reported.

use std::collections::BTreeSet;
use std::collections::VecDeque;

use super::finding::{Finding, FindingSeverity, RequestClass, Rule};
use super::flow::{READ, WRITE};
use super::graph::{FlowGraph, FlowNode, NodeIx, ServerGroup};
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

/// A directed graph in compressed sparse rows: successors of `v` are
/// `adj[start[v]..start[v + 1]]`. Node numbers and offsets are `u32` (half the memory of
/// `usize` on large designs; [`class_spofs`] checks that they fit).
struct Csr {
    start: Vec<u32>,
    adj: Vec<u32>,
}

impl Csr {
    fn new(n: usize, edges: &[(u32, u32)], reverse: bool) -> Self {
        let mut start = vec![0u32; n + 1];
        for &(a, b) in edges {
            let from = if reverse { b } else { a };
            if let Some(c) = start.get_mut(from as usize + 1) {
                *c += 1;
            }
        }
        for i in 0..n {
            let prev = start.get(i).copied().unwrap_or(0);
            if let Some(c) = start.get_mut(i + 1) {
                *c += prev;
            }
        }
        let mut fill = start.clone();
        let mut adj = vec![0u32; edges.len()];
        for &(a, b) in edges {
            let (from, to) = if reverse { (b, a) } else { (a, b) };
            if let Some(pos) = fill.get_mut(from as usize) {
                if let Some(slot) = adj.get_mut(*pos as usize) {
                    *slot = to;
                }
                *pos += 1;
            }
        }
        Self { start, adj }
    }

    fn next(&self, v: usize) -> &[u32] {
        let lo = self.start.get(v).copied().unwrap_or(0) as usize;
        let hi = self.start.get(v + 1).map_or(lo, |&h| h as usize);
        self.adj.get(lo..hi).unwrap_or(&[])
    }
}

/// The edges of the class graphs (index [`READ`] and [`WRITE`]; a class not in `wanted` gets
/// none): flow nodes `0..n`, then `S = n`, `D = n + 1`, `T = n + 2`. Both classes are read from
/// one pass over the links. Node numbers must fit `u32` (`n + 3 <= u32::MAX`).
fn class_edges(graph: &FlowGraph, alive: &[bool], wanted: [bool; 2]) -> [Vec<(u32, u32)>; 2] {
    let n = graph.nodes.len();
    let up = |v: NodeIx| alive.get(v).copied().unwrap_or(true);
    let (s, d, t) = (n as u32, n as u32 + 1, n as u32 + 2);
    let mut common = Vec::new();
    if graph.dns.is_empty() {
        common.push((s, d));
    }
    for &dns in &graph.dns {
        if up(dns) {
            common.push((s, dns as u32));
            common.push((dns as u32, d));
        }
    }
    if let Some(entry) = graph.entry
        && up(entry)
    {
        common.push((d, entry as u32));
    }
    let capacity = |k: usize| {
        if wanted.get(k).copied().unwrap_or(false) {
            graph.links.len() + n / 4 + 4
        } else {
            0
        }
    };
    let mut edges = [
        Vec::with_capacity(capacity(READ)),
        Vec::with_capacity(capacity(WRITE)),
    ];
    for (k, class_edges) in edges.iter_mut().enumerate() {
        if wanted.get(k).copied().unwrap_or(false) {
            class_edges.extend_from_slice(&common);
        }
    }
    let [read_edges, write_edges] = &mut edges;
    let [want_read, want_write] = wanted;
    for l in &graph.links {
        if l.blocked || !up(l.from()) || !up(l.to()) {
            continue;
        }
        let edge = (l.from() as u32, l.to() as u32);
        if want_read && l.carries(false) {
            read_edges.push(edge);
        }
        if want_write && l.carries(true) {
            write_edges.push(edge);
        }
    }
    // Only databases and leaves can end a request.
    for v in graph.request_ends() {
        if !up(v) {
            continue;
        }
        if want_read && ends(graph, v, false) {
            read_edges.push((v as u32, t));
        }
        if want_write && ends(graph, v, true) {
            write_edges.push((v as u32, t));
        }
    }
    edges
}

/// The dominators of `target` from `root`, `target` first and `root` last, and one path
/// `root → target` (the depth-first search's), or `None` if `target` is unreachable. Cooper, Harvey and Kennedy's "simple, fast" iterative algorithm
/// (as `petgraph::algo::dominators::simple_fast`) on flat arrays: petgraph's version keeps a
/// hash set of predecessors per node, which dominated the check on large designs.
///
/// # Complexity
/// O((V + E)·d) for d passes until stable (2–3 on request graphs, which are nearly acyclic).
fn dominator_chain(
    succ: &Csr,
    pred: &Csr,
    n: usize,
    root: usize,
    target: usize,
) -> Option<(Vec<usize>, Vec<usize>)> {
    // Node numbers fit `u32` (see `class_spofs`): the arrays below are read at random on
    // large designs, so they are kept half the size of `usize` ones.
    const UNDEF: u32 = u32::MAX;
    let narrow = |v: usize| u32::try_from(v).unwrap_or(UNDEF);
    // Iterative DFS post-order from the root.
    let mut post_number = vec![UNDEF; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
    let mut path = Vec::new();
    if let Some(v) = visited.get_mut(root) {
        *v = true;
    }
    if root == target {
        path.push(root);
    }
    while let Some(&mut (v, ref mut i)) = stack.last_mut() {
        if let Some(w) = succ.next(v).get(*i).map(|&w| w as usize) {
            *i += 1;
            if !visited.get(w).copied().unwrap_or(true) {
                if let Some(x) = visited.get_mut(w) {
                    *x = true;
                }
                stack.push((w, 0));
                if w == target {
                    // The search stack is a path from the root.
                    path = stack.iter().map(|&(u, _)| u).collect();
                }
            }
        } else {
            if let Some(p) = post_number.get_mut(v) {
                *p = narrow(order.len());
            }
            order.push(narrow(v));
            stack.pop();
        }
    }
    if !visited.get(target).copied().unwrap_or(false) {
        return None;
    }
    let po = |v: u32| post_number.get(v as usize).copied().unwrap_or(UNDEF);
    let root32 = narrow(root);
    let mut idom = vec![UNDEF; n];
    if let Some(r) = idom.get_mut(root) {
        *r = root32;
    }
    let mut changed = true;
    while changed {
        changed = false;
        for &v in order.iter().rev() {
            if v == root32 {
                continue;
            }
            let mut new = UNDEF;
            for &p in pred.next(v as usize) {
                if idom.get(p as usize).copied().unwrap_or(UNDEF) == UNDEF {
                    continue;
                }
                new = if new == UNDEF {
                    p
                } else {
                    // Intersect: walk both fingers up the tree until they meet.
                    let (mut a, mut b) = (p, new);
                    while a != b {
                        while po(a) < po(b) {
                            a = idom.get(a as usize).copied().unwrap_or(root32);
                        }
                        while po(b) < po(a) {
                            b = idom.get(b as usize).copied().unwrap_or(root32);
                        }
                    }
                    a
                };
            }
            if let Some(slot) = idom.get_mut(v as usize)
                && *slot != new
            {
                *slot = new;
                changed = true;
            }
        }
    }
    let mut chain = vec![target];
    let mut v = target;
    while v != root {
        v = idom.get(v).copied().filter(|&d| d != UNDEF)? as usize;
        chain.push(v);
    }
    Some((chain, path))
}

/// A path `from → to` avoiding `avoid`, as nodes, or `None`.
fn bfs_path(succ: &Csr, n: usize, from: usize, to: usize, avoid: &[bool]) -> Option<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let mut parent = vec![NONE; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    if let Some(s) = seen.get_mut(from) {
        *s = true;
    }
    queue.push_back(from);
    while let Some(v) = queue.pop_front() {
        if v == to {
            let mut path = vec![v];
            let mut cur = v;
            while let Some(&p) = parent.get(cur).filter(|&&p| p != NONE) {
                path.push(p);
                cur = p;
            }
            path.reverse();
            return Some(path);
        }
        for w in succ.next(v).iter().map(|&w| w as usize) {
            if avoid.get(w).copied().unwrap_or(false) || seen.get(w).copied().unwrap_or(true) {
                continue;
            }
            if let Some(s) = seen.get_mut(w) {
                *s = true;
            }
            if let Some(p) = parent.get_mut(w) {
                *p = v;
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
/// One dominator computation (near-linear on request graphs) plus one BFS, O(V + E), per
/// server on one found path.
pub fn class_spofs(graph: &FlowGraph, alive: &[bool], write: bool) -> ClassSpofs {
    let [read, write_edges] = class_edges_checked(graph, alive, [!write, write]);
    spofs_of(graph, if write { write_edges } else { read })
}

/// [`class_edges`], or none beyond 2³² nodes (far more than fits in memory: not analysed).
fn class_edges_checked(
    graph: &FlowGraph,
    alive: &[bool],
    wanted: [bool; 2],
) -> [Vec<(u32, u32)>; 2] {
    if u32::try_from(graph.nodes.len() + 3).is_err() {
        return [Vec::new(), Vec::new()];
    }
    class_edges(graph, alive, wanted)
}

/// [`class_spofs`] from the class graph's edges (`class_edges`).
fn spofs_of(graph: &FlowGraph, edges: Vec<(u32, u32)>) -> ClassSpofs {
    let n = graph.nodes.len();
    let total = n + 3;
    if edges.is_empty() || u32::try_from(total).is_err() {
        return ClassSpofs::default();
    }
    let succ = Csr::new(total, &edges, false);
    let pred = Csr::new(total, &edges, true);
    drop(edges);
    let (s, t) = (n, n + 2);
    let Some((chain, path)) = dominator_chain(&succ, &pred, total, s, t) else {
        return ClassSpofs::default();
    };
    let mut dominators: Vec<NodeIx> = chain.into_iter().filter(|&v| v < n).collect();
    dominators.reverse();
    let single = |v: NodeIx| graph.nodes.get(v).is_some_and(|node| !node.redundant);
    let mut nodes: Vec<NodeIx> = dominators
        .iter()
        .copied()
        .filter(|&v| Some(v) != graph.entry && single(v))
        .collect();
    nodes.sort_unstable();

    let mut servers = Vec::new();
    {
        let on_path: BTreeSet<usize> = path
            .iter()
            .filter_map(|&v| graph.nodes.get(v))
            .filter(|node| node.tag == KindTag::Server && !node.redundant)
            .map(FlowNode::component)
            .collect();
        let entry_component = graph
            .entry
            .and_then(|e| graph.nodes.get(e))
            .map(FlowNode::component);
        // Sized on first use: most servers on the path run one service.
        let mut avoid = Vec::new();
        // Servers are in component order, so those on the path are found by binary search
        // instead of a pass over every server (75,000 of them in a 100k design, per class).
        let groups_on_path = on_path
            .iter()
            .filter(|&&component| Some(component) != entry_component)
            .filter_map(|&component| {
                let at = graph
                    .servers
                    .binary_search_by_key(&component, ServerGroup::component)
                    .ok()?;
                graph.servers.get(at)
            });
        for group in groups_on_path {
            let group_nodes = group.nodes();
            if group_nodes.len() == 1 {
                // A one-service server separates `S` from `T` exactly when its node
                // dominates `T`.
                if dominators.contains(&group_nodes.start) {
                    servers.push(group.component());
                }
                continue;
            }
            avoid.resize(total, false);
            for v in group_nodes.clone() {
                if let Some(a) = avoid.get_mut(v) {
                    *a = true;
                }
            }
            if bfs_path(&succ, total, s, t, &avoid).is_none() {
                servers.push(group.component());
            }
            for v in group_nodes.clone() {
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
/// One pass over the links for both classes' graphs, then the rest of [`class_spofs`] per
/// class.
pub fn spof_findings(design: &Design, graph: &FlowGraph, alive: &[bool]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(entry) = graph.entry.filter(|&e| e < graph.nodes.len()) else {
        return findings;
    };
    let mut edges = class_edges_checked(graph, alive, [true, true]);
    for class in RequestClass::ALL {
        let write = class == RequestClass::Write;
        let plural = if write { "writes" } else { "reads" };
        let class_edges = edges
            .get_mut(if write { WRITE } else { READ })
            .map(std::mem::take)
            .unwrap_or_default();
        let result = spofs_of(graph, class_edges);
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
