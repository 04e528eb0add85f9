//! The request-flow graph of a design: the one index space that every analysis, the traffic
//! engine, the drills, the blast radius and the heat map read.
//!
//! Nodes are every component that is not a server, plus every request service on a server
//! (services whose [`ServiceKind::tier`] is `Some`; application files are not a request hop).
//! Inside a server an implicit chain links consecutive tiers present (web → app/other →
//! database, every service of one tier to every service of the next). Request links become
//! flow links; a bare server id as a link target means its lowest-tier request service, as a
//! source its highest non-database request service (or its only one), and as an end of a
//! replication link its database service.
//!
//! Every design link, whatever its purpose, is also kept by its index in the design
//! ([`FlowGraph::design_links`]) with its ends resolved, so that drills can fail it and the
//! failover and monitoring rules can read replication and monitoring links.
//!
//! A flow link out of a firewall is *blocked* when the firewall's rules deny it for every
//! upstream that sends it traffic (first match wins, [`FirewallSettings::decide`]). A flow
//! that is denied for some upstreams but allowed for others stays open; the denied pairs are
//! still reported by the `firewall-blocks-traffic` rule.
//!
//! # Complexity
//! Building is O(V + E + S²) where S is the largest number of request services on one server,
//! with one hash-map lookup per link end.
//!
//! Depends on [`crate::model`] only; no egui, no files.
//!
//! [`FirewallSettings::decide`]: crate::model::FirewallSettings::decide

use std::collections::HashMap;
use std::ops::Range;

use crate::model::{
    Answers, Carries, Design, Endpoint, FirewallAction, Kind, KindTag, LbAlgorithm, LinkPurpose,
    ServiceKind, TlsMode, ZoneTree,
};

/// Index of a node in [`FlowGraph::nodes`].
pub type NodeIx = usize;
/// Index of a flow link in [`FlowGraph::links`].
pub type LinkIx = usize;

/// One node of the request-flow graph: a component, or one request service on a server.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowNode {
    /// Index of the component (the server, for a service) in `Design::components`.
    pub component: usize,
    /// Index of the service in the server's stack, for a service node.
    pub service: Option<usize>,
    /// The component's kind (`Server` for a service node).
    pub tag: KindTag,
    /// The service's kind, for a service node.
    pub service_kind: Option<ServiceKind>,
    /// M/M/c queue of the whole component (all its instances together): `(c, μ per second)`;
    /// `None` when its capacity is unlimited.
    pub queue: Option<(u32, f64)>,
    /// Load-balancing algorithm, for a load balancer.
    pub lb_algorithm: Option<LbAlgorithm>,
    /// Whether it is a database (a database component or a database service).
    pub is_database: bool,
    /// Whether it is a database that accepts writes (before any failover).
    pub accepts_writes: bool,
    /// For a database that does not accept writes: seconds after its writers fail until it
    /// is promoted to writer (automatic failover, see [`super::failover`]).
    pub promote_after_s: Option<f64>,
    /// Which classes a web, application or generic service answers by itself.
    pub answers: Answers,
    /// Instances of the component behind this node (its `replicas`, ≥ 1).
    pub instances: u32,
    /// TLS handling of the component.
    pub tls: TlsMode,
    /// What the node does to traffic besides ending and forwarding it (a cache, a CDN, a
    /// queue; [`super::request_end`]).
    pub role: Role,
}

/// What a node of the data tier does to the traffic it forwards: the numbers
/// [`super::request_end`] reads, taken from the component's settings (ratios clamped to 0..=1,
/// NaN as 0, so that an unvalidated design cannot break the engine).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Role {
    /// Forwards (or ends) whole classes, as the node's kind says.
    #[default]
    Plain,
    /// A look-aside cache: a share of reads ends here when warm; while it is down the
    /// application goes straight to what is behind it.
    Cache {
        /// Share of reads answered when warm.
        hit_ratio: f64,
        /// Seconds from cold to warm.
        warm_up_s: f64,
    },
    /// A CDN: a share of reads ends at the edge.
    Cdn {
        /// Share of all reads answered at the edge (static share × hit ratio).
        edge_share: f64,
        /// Whether the edge answers its share while the origin is down.
        serve_stale: bool,
    },
    /// A message queue: accepts writes and delivers them to its consumers asynchronously.
    Queue,
}

/// `x` clamped to 0..=1, NaN as 0.
fn fraction(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

impl Role {
    /// The role of a component of `kind`.
    fn of(kind: &Kind) -> Self {
        match kind {
            Kind::Cache(c) => Self::Cache {
                hit_ratio: fraction(c.hit_ratio),
                warm_up_s: if c.warm_up_s.is_finite() {
                    c.warm_up_s.max(0.0)
                } else {
                    0.0
                },
            },
            Kind::Cdn(c) => Self::Cdn {
                edge_share: fraction(c.static_share) * fraction(c.hit_ratio),
                serve_stale: c.serve_stale,
            },
            Kind::Queue(_) => Self::Queue,
            _ => Self::Plain,
        }
    }
}

impl FlowNode {
    /// Index of the component (the server, for a service node) in `Design::components`.
    pub fn component(&self) -> usize {
        self.component
    }

    /// Index of the service in the server's stack, for a service node.
    pub fn service(&self) -> Option<usize> {
        self.service
    }

    /// Highest rate it can serve with every instance up, QPS (`f64::INFINITY` if unlimited).
    pub fn max_qps(&self) -> f64 {
        self.queue
            .map_or(f64::INFINITY, |(c, mu)| f64::from(c) * mu)
    }

    /// M/M/c queue with every instance up: `(c, mu_per_s)`; `None` when unlimited.
    pub fn queue(&self) -> Option<(u32, f64)> {
        self.queue
    }

    /// Whether more than one instance stands behind this node: losing one instance does not
    /// lose the node.
    pub fn redundant(&self) -> bool {
        self.instances > 1
    }

    /// Machine-readable kind (`load_balancer`, `web_server`, ...): the service's kind for a
    /// service node, else the component's.
    pub fn kind_key(&self) -> &'static str {
        self.service_kind
            .map_or_else(|| self.tag.key(), ServiceKind::key)
    }
}

/// One directed flow link.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLink {
    /// Source node.
    pub from: NodeIx,
    /// Target node.
    pub to: NodeIx,
    /// Index in `Design::links`, or `None` for an implicit link inside a server.
    pub design: Option<usize>,
    /// Whether it carries reads.
    pub reads: bool,
    /// Whether it carries writes.
    pub writes: bool,
    /// Relative share for weighted splitting (finite, ≥ 0).
    pub weight: f64,
    /// Destination port (80 for implicit links).
    pub port: u16,
    /// Whether what it carries is encrypted (implicit links: plaintext on loopback).
    pub encrypted: bool,
    /// Whether a firewall at its source denies it for every upstream.
    pub blocked: bool,
    /// Whether it closes a cycle (a DFS back edge); ignored by traffic propagation.
    pub back_edge: bool,
}

impl FlowLink {
    /// Source node.
    pub fn from(&self) -> NodeIx {
        self.from
    }

    /// Target node.
    pub fn to(&self) -> NodeIx {
        self.to
    }

    /// Relative share for weighted splitting (≥ 0).
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// Index in `Design::links`, or `None` for an implicit link inside a server.
    pub fn design_link(&self) -> Option<usize> {
        self.design
    }

    /// Whether the link carries class `write` (`false`: reads).
    pub fn carries(&self, write: bool) -> bool {
        if write { self.writes } else { self.reads }
    }
}

/// A server and the service nodes that fail with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerGroup {
    /// Index of the server in `Design::components`.
    pub component: usize,
    /// Its request service nodes (contiguous).
    pub nodes: Range<NodeIx>,
}

impl ServerGroup {
    /// Index of the server in `Design::components`.
    pub fn component(&self) -> usize {
        self.component
    }

    /// Its request service nodes (contiguous).
    pub fn nodes(&self) -> Range<NodeIx> {
        self.nodes.clone()
    }
}

/// One component of the design as the graph sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphComponent {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub tag: KindTag,
    /// Its request nodes (all request services of a server; empty for a server running none).
    pub nodes: Range<NodeIx>,
    /// Its instances (`replicas`, ≥ 1).
    pub instances: u32,
}

/// One link of the design, whatever its purpose, with its ends resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphLink {
    /// Component index of its source (`None`: the id names no component).
    pub from: Option<usize>,
    /// Component index of its target.
    pub to: Option<usize>,
    /// The node its source names, if it names a request node.
    pub from_node: Option<NodeIx>,
    /// The node its target names, if it names a request node.
    pub to_node: Option<NodeIx>,
    /// What it is for.
    pub purpose: LinkPurpose,
    /// The flow link it became, for a request link that carries traffic.
    pub flow: Option<LinkIx>,
}

/// The request-flow graph of one design. Build it once per design edit with
/// [`FlowGraph::build`]; everything in it is index-based.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowGraph {
    /// Nodes, in design order (a server's services in stack order).
    pub nodes: Vec<FlowNode>,
    /// Node ids (`lb`, `server-1/nginx`), by node index.
    node_ids: Vec<String>,
    /// Flow links: implicit links of each server, then request links in design order.
    pub links: Vec<FlowLink>,
    /// Outgoing links of node `n` are `out_links[out_start[n]..out_start[n + 1]]`, in link
    /// order.
    out_start: Vec<usize>,
    out_links: Vec<LinkIx>,
    /// Nodes in a topological order of the graph without back edges.
    topo: Vec<NodeIx>,
    /// The entry node (where users' requests come from).
    pub entry: Option<NodeIx>,
    /// DNS nodes the entry looks the domain up with (`DnsLookup` links from the entry), sorted.
    pub dns: Vec<NodeIx>,
    /// Servers with their service nodes, in design order.
    pub servers: Vec<ServerGroup>,
    /// The design's components, by component index.
    pub components: Vec<GraphComponent>,
    /// The design's links, by link index.
    pub design_links: Vec<GraphLink>,
    /// Component index by id (the first component with that id).
    component_index: HashMap<String, usize>,
    /// Whether a link closes a cycle.
    cyclic: bool,
    /// Design components that hold a TLS certificate, in design order.
    certificate_holders: Vec<usize>,
    /// Links into firewall nodes, grouped by firewall in node order, in link order within a
    /// group.
    into_firewalls: Vec<LinkIx>,
    /// Servers (indices into `servers`) running more than one request service.
    multi_service: Vec<usize>,
    /// The design's zones: what fails together ([`crate::model::zone`]).
    pub zones: ZoneTree,
}

impl FlowGraph {
    /// Projects `design` onto its request-flow graph.
    ///
    /// Arguments: the design (it need not be valid: dangling or nonsensical links are skipped).
    ///
    /// Returns the graph with its topological order, back edges and blocked links computed.
    ///
    /// # Complexity
    /// O(V + E + S²) where S is the largest number of request services on one server.
    pub fn build(design: &Design) -> Self {
        let mut g = Self::default();
        let count = design.components.len();
        g.components.reserve(count);
        g.component_index.reserve(count);
        g.nodes.reserve(count);
        for (ci, c) in design.components.iter().enumerate() {
            g.component_index
                .entry(c.id.as_str().to_owned())
                .or_insert(ci);
            if c.tls.certificate.is_some() {
                g.certificate_holders.push(ci);
            }
            let first = g.nodes.len();
            let instances = c.replicas.max(1);
            if let Kind::Server(server) = &c.kind {
                for (si, s) in server.services.iter().enumerate() {
                    if s.kind.tier().is_none() {
                        continue;
                    }
                    let db = s
                        .database
                        .as_ref()
                        .filter(|_| s.kind == ServiceKind::Database);
                    g.node_ids.push(format!("{}/{}", c.id.as_str(), s.id));
                    g.nodes.push(FlowNode {
                        component: ci,
                        service: Some(si),
                        tag: KindTag::Server,
                        service_kind: Some(s.kind),
                        queue: s.capacity.queue(),
                        lb_algorithm: None,
                        is_database: s.kind == ServiceKind::Database,
                        accepts_writes: db.is_some_and(|d| d.accepts_writes),
                        promote_after_s: db
                            .filter(|d| !d.accepts_writes)
                            .and_then(|d| d.promote_after_s),
                        answers: s.answers,
                        instances,
                        tls: c.tls.mode,
                        role: Role::Plain,
                    });
                }
                let nodes = first..g.nodes.len();
                if nodes.len() > 1 {
                    g.multi_service.push(g.servers.len());
                }
                g.servers.push(ServerGroup {
                    component: ci,
                    nodes,
                });
            } else {
                let (is_database, accepts_writes, promote_after_s) = match &c.kind {
                    Kind::Database(d) => (
                        true,
                        d.accepts_writes,
                        d.promote_after_s.filter(|_| !d.accepts_writes),
                    ),
                    _ => (false, false, None),
                };
                g.node_ids.push(c.id.as_str().to_owned());
                g.nodes.push(FlowNode {
                    component: ci,
                    service: None,
                    tag: c.tag(),
                    service_kind: None,
                    queue: c.capacity.queue(),
                    lb_algorithm: match &c.kind {
                        Kind::LoadBalancer(lb) => Some(lb.algorithm),
                        _ => None,
                    },
                    is_database,
                    accepts_writes,
                    promote_after_s,
                    answers: match &c.kind {
                        Kind::Service(s) => s.answers,
                        Kind::ObjectStorage(_) => Answers::ReadsAndWrites,
                        _ => Answers::Nothing,
                    },
                    instances,
                    tls: c.tls.mode,
                    role: Role::of(&c.kind),
                });
            }
            g.components.push(GraphComponent {
                id: c.id.as_str().to_owned(),
                tag: c.tag(),
                nodes: first..g.nodes.len(),
                instances,
            });
        }
        g.add_implicit_links();
        g.add_design_links(design);
        g.entry = design
            .entry()
            .and_then(|c| g.component(c.id.as_str()))
            .and_then(|ci| g.component_nodes(ci).next());
        if let Some(entry) = g.entry {
            let entry_component = g.nodes[entry].component;
            let mut dns: Vec<NodeIx> = g
                .design_links
                .iter()
                .filter(|l| l.purpose == LinkPurpose::DnsLookup && l.from == Some(entry_component))
                .filter_map(|l| l.to)
                .filter_map(|ci| g.component_nodes(ci).next())
                .filter(|&n| g.nodes[n].tag == KindTag::Dns)
                .collect();
            dns.sort_unstable();
            dns.dedup();
            g.dns = dns;
        }
        g.build_adjacency();
        g.mark_blocked(design);
        g.order();
        g.zones = ZoneTree::new(design);
        g
    }

    /// Adds the links inside each server running several request services: from every
    /// service of one tier to every service of the next tier up the stack.
    fn add_implicit_links(&mut self) {
        for &server in &self.multi_service {
            let nodes = self.servers[server].nodes();
            let tier_of = |n: NodeIx| self.nodes[n].service_kind.and_then(ServiceKind::tier);
            let mut tiers: Vec<u8> = nodes.clone().filter_map(tier_of).collect();
            tiers.sort_unstable();
            tiers.dedup();
            for pair in tiers.windows(2) {
                let (lo, hi) = (pair[0], pair[1]);
                for a in nodes.clone().filter(|&n| tier_of(n) == Some(lo)) {
                    for b in nodes.clone().filter(|&n| tier_of(n) == Some(hi)) {
                        self.links.push(FlowLink {
                            from: a,
                            to: b,
                            design: None,
                            reads: true,
                            writes: true,
                            weight: 1.0,
                            port: 80,
                            encrypted: false,
                            blocked: false,
                            back_edge: false,
                        });
                    }
                }
            }
        }
    }

    /// The node an endpoint of component `ci` names when traffic leaves (`source`) or arrives,
    /// or, for a replication link, the database it names.
    fn resolve(
        &self,
        design: &Design,
        end: &Endpoint,
        ci: usize,
        source: bool,
        purpose: LinkPurpose,
    ) -> Option<NodeIx> {
        let nodes = self.component_nodes(ci);
        if let Some(service) = &end.service {
            let services = design.components[ci].kind.services();
            return nodes.clone().find(|&n| {
                self.nodes[n]
                    .service
                    .is_some_and(|si| services[si].id == *service)
            });
        }
        let tier = |n: NodeIx| self.nodes[n].service_kind.and_then(ServiceKind::tier);
        match nodes.len() {
            0 => None,
            1 => Some(nodes.start),
            _ if purpose == LinkPurpose::Replication => {
                nodes.clone().find(|&n| self.nodes[n].is_database)
            }
            _ if source => nodes
                .clone()
                .filter(|&n| tier(n).is_some_and(|t| t < 2))
                .max_by_key(|&n| (tier(n), std::cmp::Reverse(n))),
            _ => nodes.min_by_key(|&n| (tier(n), n)),
        }
    }

    /// Resolves every design link and adds the flow links of the request links.
    fn add_design_links(&mut self, design: &Design) {
        self.design_links.reserve(design.links.len());
        for (li, link) in design.links.iter().enumerate() {
            let from = self.component(link.from.component.as_str());
            let to = self.component(link.to.component.as_str());
            let from_node =
                from.and_then(|ci| self.resolve(design, &link.from, ci, true, link.purpose));
            let to_node = to.and_then(|ci| self.resolve(design, &link.to, ci, false, link.purpose));
            let mut flow = None;
            if link.purpose == LinkPurpose::Request
                && from != to
                && let (Some(a), Some(b)) = (from_node, to_node)
                && request_source(&self.nodes[a])
                && request_target(&self.nodes[b])
            {
                let weight = if link.weight.is_finite() && link.weight >= 0.0 {
                    link.weight
                } else {
                    1.0
                };
                // A queue takes and delivers messages (writes) only.
                let queue = self.nodes[a].role == Role::Queue || self.nodes[b].role == Role::Queue;
                flow = Some(self.links.len());
                self.links.push(FlowLink {
                    from: a,
                    to: b,
                    design: Some(li),
                    reads: link.carries != Carries::Writes && !queue,
                    writes: link.carries != Carries::Reads,
                    weight,
                    port: link.port,
                    encrypted: link.encrypted(),
                    blocked: false,
                    back_edge: false,
                });
            }
            self.design_links.push(GraphLink {
                from,
                to,
                from_node,
                to_node,
                purpose: link.purpose,
                flow,
            });
        }
    }

    /// The adjacency lists (a counting sort of the links by source) and the links into
    /// firewalls, grouped by firewall.
    fn build_adjacency(&mut self) {
        let n = self.nodes.len();
        let mut start = vec![0usize; n + 1];
        for l in &self.links {
            start[l.from + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut out = vec![0; self.links.len()];
        for (li, l) in self.links.iter().enumerate() {
            out[fill[l.from]] = li;
            fill[l.from] += 1;
        }
        self.out_start = start;
        self.out_links = out;
        self.into_firewalls = (0..self.links.len())
            .filter(|&li| self.nodes[self.links[li].to].tag == KindTag::Firewall)
            .collect();
        // Stable: link order within a firewall's group.
        self.into_firewalls.sort_by_key(|&li| self.links[li].to);
    }

    /// Marks the flow links out of each firewall that its rules deny for every upstream.
    fn mark_blocked(&mut self, design: &Design) {
        let groups: Vec<Vec<LinkIx>> = self
            .into_firewalls
            .chunk_by(|&a, &b| self.links[a].to == self.links[b].to)
            .map(<[LinkIx]>::to_vec)
            .collect();
        for ups in groups {
            let firewall = self.links[ups[0]].to;
            let Kind::Firewall(fw) = &design.components[self.nodes[firewall].component].kind else {
                unreachable!("links into firewalls end at firewall nodes");
            };
            let outs: Vec<LinkIx> = self.out_links(firewall).collect();
            for li in outs {
                let port = self.links[li].port;
                let blocked = ups.iter().all(|&up| {
                    let src = &self.nodes[self.links[up].from];
                    let id = &design.components[src.component].id;
                    fw.decide(port, id, src.tag == KindTag::Users) == FirewallAction::Deny
                });
                self.links[li].blocked = blocked;
            }
        }
    }

    /// DFS from the entry, then from every other node in index order: marks back edges and
    /// records a topological order of the rest (reverse post-order).
    fn order(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Seen {
            No,
            OnStack,
            Done,
        }
        let n = self.nodes.len();
        let mut state = vec![Seen::No; n];
        let mut post = Vec::with_capacity(n);
        let mut stack: Vec<(NodeIx, usize)> = Vec::new();
        for start in self.entry.into_iter().chain(0..n) {
            if state[start] != Seen::No {
                continue;
            }
            state[start] = Seen::OnStack;
            stack.push((start, self.out_start[start]));
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                if *next < self.out_start[v + 1] {
                    let li = self.out_links[*next];
                    *next += 1;
                    let w = self.links[li].to;
                    match state[w] {
                        Seen::No => {
                            state[w] = Seen::OnStack;
                            stack.push((w, self.out_start[w]));
                        }
                        Seen::OnStack => {
                            self.links[li].back_edge = true;
                            self.cyclic = true;
                        }
                        Seen::Done => {}
                    }
                } else {
                    state[v] = Seen::Done;
                    post.push(v);
                    stack.pop();
                }
            }
        }
        post.reverse();
        self.topo = post;
    }

    /// The nodes in a topological order of the graph without its back edges (every link that
    /// is not a back edge goes from an earlier node to a later one).
    pub fn topo(&self) -> impl DoubleEndedIterator<Item = NodeIx> + ExactSizeIterator + '_ {
        self.topo.iter().copied()
    }

    /// Outgoing flow links of `node`, in link order.
    pub fn out_links(
        &self,
        node: NodeIx,
    ) -> impl ExactSizeIterator<Item = LinkIx> + Clone + use<'_> {
        self.out_links[self.out_start[node]..self.out_start[node + 1]]
            .iter()
            .copied()
    }

    /// The nodes of design component `component` (all request services of a server).
    pub fn component_nodes(&self, component: usize) -> Range<NodeIx> {
        self.components[component].nodes.clone()
    }

    /// The node with id `id` (`lb`, `server-1/nginx`).
    pub fn node(&self, id: &str) -> Option<NodeIx> {
        let component = id.split_once('/').map_or(id, |(c, _)| c);
        let ci = self.component(component)?;
        self.component_nodes(ci).find(|&n| self.node_ids[n] == id)
    }

    /// The id of node `node`: `lb`, or `server-1/nginx` for a service.
    pub fn node_id(&self, node: NodeIx) -> &str {
        &self.node_ids[node]
    }

    /// The id of design component `component`.
    pub fn component_id(&self, component: usize) -> &str {
        &self.components[component].id
    }

    /// The design component index with id `id`.
    pub fn component(&self, id: &str) -> Option<usize> {
        self.component_index.get(id).copied()
    }

    /// The nodes an id names: a component's nodes (all request services of a server), or the
    /// one service node for `server/service`. `None` if the id names no component or request
    /// service of the design.
    pub fn nodes_named(&self, id: &str) -> Option<Range<NodeIx>> {
        if let Some(ci) = self.component(id) {
            return Some(self.component_nodes(ci));
        }
        self.node(id).map(|n| n..n + 1)
    }

    /// The node a request sent to `id` lands on: the node itself (`lb`, `server-1/nginx`), or
    /// for a server its lowest-tier request service (as a request link to the bare server).
    pub fn arrival(&self, id: &str) -> Option<NodeIx> {
        if let Some(n) = self.node(id) {
            return Some(n);
        }
        let tier = |n: NodeIx| self.nodes[n].service_kind.and_then(ServiceKind::tier);
        self.component_nodes(self.component(id)?)
            .min_by_key(|&n| (tier(n), n))
    }

    /// The component indices of the two ends of design link `link`, each `None` when its id
    /// names no component; `None` if there is no such link.
    pub fn link_components(&self, link: usize) -> Option<(Option<usize>, Option<usize>)> {
        self.design_links.get(link).map(|l| (l.from, l.to))
    }

    /// The design components (indices) that hold a TLS certificate, in design order.
    pub fn certificate_holders(&self) -> &[usize] {
        &self.certificate_holders
    }

    /// Servers running more than one request service (the only ones that can run several
    /// tiers or have links inside), in design order.
    pub fn multi_service_servers(&self) -> impl Iterator<Item = &ServerGroup> + '_ {
        self.multi_service.iter().map(|&i| &self.servers[i])
    }

    /// Nodes whose component decrypts TLS (terminates it, or re-encrypts after decrypting),
    /// in index order.
    pub fn decrypting_nodes(&self) -> impl Iterator<Item = NodeIx> + '_ {
        (0..self.nodes.len()).filter(|&n| self.nodes[n].tls.decrypts())
    }

    /// The links into firewall nodes, grouped by firewall in node order, in link order within
    /// a group.
    pub fn links_into_firewalls(&self) -> impl ExactSizeIterator<Item = LinkIx> + '_ {
        self.into_firewalls.iter().copied()
    }

    /// Whether any link closes a cycle.
    pub fn has_cycle(&self) -> bool {
        self.cyclic
    }
}

/// Whether requests may leave `node` along a request link: not DNS, not monitoring, not a
/// database or object storage (they end requests; they do not forward them).
fn request_source(node: &FlowNode) -> bool {
    !matches!(
        node.tag,
        KindTag::Dns
            | KindTag::MonitoringClient
            | KindTag::MonitoringService
            | KindTag::ObjectStorage
    ) && !node.is_database
}

/// Whether requests may arrive at `node` along a request link: not users, DNS or monitoring.
fn request_target(node: &FlowNode) -> bool {
    !matches!(
        node.tag,
        KindTag::Users | KindTag::Dns | KindTag::MonitoringClient | KindTag::MonitoringService
    )
}
