//! The request-flow projection of a design: an index-based directed graph built once per design
//! and shared by every analysis and by the per-tick traffic engine ([`super::flow`]).
//!
//! Nodes are every component that is not a server, plus every request service on a server
//! (services whose [`ServiceKind::tier`] is `Some`; application files are not a request hop).
//! Inside a server an implicit chain links consecutive tiers present (web → app/other →
//! database, every service of one tier to every service of the next). Request links become
//! flow links; a bare server id as a link target means its lowest-tier request service, as a
//! source its highest non-database request service (or its only one).
//!
//! A flow link out of a firewall is *blocked* when the firewall's rules deny it for every
//! upstream that sends it traffic (first match wins, [`FirewallSettings::decide`]). A flow that
//! is denied for some upstreams but allowed for others stays open; the denied pairs are still
//! reported by the `firewall-blocks-traffic` rule.
//!
//! Depends on [`crate::model`] only; no egui, no files.

use std::ops::Range;

use super::id_index::{IdIndex, IdList};

use crate::model::{
    Carries, Design, Endpoint, FirewallAction, Kind, KindTag, LbAlgorithm, LinkPurpose,
    ServiceKind, TlsMode,
};

/// Index of a node in [`FlowGraph::nodes`].
pub type NodeIx = usize;
/// Index of a link in [`FlowGraph::links`].
pub type LinkIx = usize;

/// One node of the request-flow graph: a component, or one request service on a server.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowNode {
    /// Index of the component (the server, for a service) in `Design::components`; see
    /// [`FlowNode::component`].
    component: u32,
    /// Index of the service in the server's stack (`NONE` for a component node); see
    /// [`FlowNode::service`].
    service_index: u32,
    /// The component's kind (`Server` for a service node).
    pub tag: KindTag,
    /// The service's kind, for a service node.
    pub service_kind: Option<ServiceKind>,
    /// Whether it has an M/M/c queue (else its capacity is unlimited); see
    /// [`FlowNode::queue`].
    queued: bool,
    /// M/M/c servers `c`.
    workers: u32,
    /// M/M/c service rate per server, per second.
    mu_per_s: f64,
    /// Load-balancing algorithm, for a load balancer.
    pub lb_algorithm: Option<LbAlgorithm>,
    /// Whether it is a database (a database component or a database service).
    pub is_database: bool,
    /// Whether it is a database that accepts writes now.
    pub accepts_writes: bool,
    /// Whether it is a replica with automatic promotion (`promote_after_s` set).
    pub promotable: bool,
    /// Whether it is a non-database request node with no outgoing request link in the design:
    /// it completes both classes itself.
    pub leaf: bool,
    /// Whether more than one instance of the component stands behind this node (its
    /// `replicas` is above one): losing one instance does not lose the node.
    pub redundant: bool,
    /// TLS handling of the component.
    pub tls: TlsMode,
}

impl FlowNode {
    /// Index of the component (the server, for a service node) in `Design::components`.
    pub fn component(&self) -> usize {
        self.component as usize
    }

    /// Index of the service in the server's stack, for a service node.
    pub fn service(&self) -> Option<usize> {
        opt(self.service_index)
    }

    /// Highest rate it can serve, QPS (`f64::INFINITY` if unlimited): `c·μ`, as
    /// `Capacity::max_qps`.
    pub fn max_qps(&self) -> f64 {
        self.queue()
            .map_or(f64::INFINITY, |(c, mu)| f64::from(c) * mu)
    }

    /// M/M/c queue: `(c, mu_per_s)`; `None` when unlimited.
    pub fn queue(&self) -> Option<(u32, f64)> {
        self.queued.then_some((self.workers, self.mu_per_s))
    }

    /// Machine-readable kind (`load_balancer`, `web_server`, ...): the service's kind for a
    /// service node, else the component's.
    pub fn kind_key(&self) -> &'static str {
        self.service_kind
            .map_or_else(|| self.tag.key(), ServiceKind::key)
    }

    /// Whether requests of class `write` (`false`: reads) can end here, given whether the
    /// node has been promoted to writer.
    pub fn terminates(&self, write: bool, promoted: bool) -> bool {
        if write {
            self.accepts_writes || promoted || self.leaf
        } else {
            self.is_database || self.leaf
        }
    }

    /// Whether the node could end writes once failover completes (SPOF analysis).
    pub fn can_end_writes(&self) -> bool {
        self.accepts_writes || self.promotable || self.leaf
    }
}

/// One directed flow link.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLink {
    /// Source node.
    source: u32,
    /// Target node.
    target: u32,
    /// Index in `Design::links`, or `NONE` for an implicit link inside a server; see
    /// [`FlowLink::design_link`].
    design: u32,
    /// Whether it carries reads.
    pub reads: bool,
    /// Whether it carries writes.
    pub writes: bool,
    /// Relative share for weighted splitting (≥ 0); see [`FlowLink::weight`]. Single
    /// precision keeps a link at 24 bytes: the analysis reads every link a dozen times, and
    /// on large designs those passes are memory-bound.
    share: f32,
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
        self.source as usize
    }

    /// Target node.
    pub fn to(&self) -> NodeIx {
        self.target as usize
    }

    /// Relative share for weighted splitting (≥ 0).
    pub fn weight(&self) -> f64 {
        f64::from(self.share)
    }

    /// Index in `Design::links`, or `None` for an implicit link inside a server.
    pub fn design_link(&self) -> Option<usize> {
        opt(self.design)
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
    component: u32,
    /// Its request service nodes are `first..end`.
    first: u32,
    end: u32,
}

impl ServerGroup {
    /// Index of the server in `Design::components`.
    pub fn component(&self) -> usize {
        self.component as usize
    }

    /// Its request service nodes (contiguous).
    pub fn nodes(&self) -> Range<NodeIx> {
        self.first as usize..self.end as usize
    }
}

/// No node, or no component, in the compact `u32` tables below.
const NONE: u32 = u32::MAX;

fn opt(v: u32) -> Option<usize> {
    (v != NONE).then_some(v as usize)
}

fn compact(v: Option<usize>) -> u32 {
    v.and_then(|v| u32::try_from(v).ok()).unwrap_or(NONE)
}

/// What building a graph collects besides the graph itself, while it pushes nodes and links,
/// so that no later step of [`FlowGraph::build`] passes over every node or link again (on a
/// large design each such pass reads megabytes that no longer sit in the core's cache).
#[derive(Debug, Default)]
struct Scratch {
    /// (kind, is a database) per node.
    kinds: Vec<(KindTag, bool)>,
    /// Source node per link.
    sources: Vec<u32>,
    /// `out_counts[n + 1]`: the out-degree of node `n` (prefix sums become `out_start`).
    out_counts: Vec<u32>,
    /// Links into firewall nodes, in link order.
    into_firewalls: Vec<u32>,
    /// Servers (indices into `FlowGraph::servers`) running more than one request service.
    multi_service: Vec<u32>,
    /// Nodes whose component decrypts TLS, in index order.
    decrypting: Vec<u32>,
}

impl Scratch {
    /// Appends `node` to `nodes`, noting its kind.
    fn push_node(&mut self, nodes: &mut Vec<FlowNode>, node: FlowNode) {
        self.kinds.push((node.tag, node.is_database));
        if node.tls.decrypts() {
            self.decrypting.push(compact(Some(nodes.len())));
        }
        nodes.push(node);
    }

    /// Appends `link` to `links` (after every node is pushed and `out_counts` sized), noting
    /// its source, its source's out-degree and whether it enters a firewall.
    fn push_link(&mut self, links: &mut Vec<FlowLink>, link: FlowLink) {
        if let Some(c) = self.out_counts.get_mut(link.from() + 1) {
            *c += 1;
        }
        if self
            .kinds
            .get(link.to())
            .is_some_and(|&(tag, _)| tag == KindTag::Firewall)
        {
            self.into_firewalls.push(compact(Some(links.len())));
        }
        self.sources.push(link.source);
        links.push(link);
    }
}

/// The request-flow graph of one design. Build it once per design edit with
/// [`FlowGraph::build`]; everything in it is index-based.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowGraph {
    /// Nodes, in design order (a server's services in stack order).
    pub nodes: Vec<FlowNode>,
    /// Node ids (`lb`, `server-1/nginx`), by node index.
    node_ids: IdList,
    /// Links: implicit links of each server, then request links in design order.
    pub links: Vec<FlowLink>,
    /// Outgoing links of node `n` are `out_links[out_start[n]..out_start[n + 1]]`, in link
    /// order.
    out_start: Vec<u32>,
    out_links: Vec<u32>,
    /// Nodes in a topological order of the graph without back edges; see
    /// [`FlowGraph::topo`].
    topo: Vec<u32>,
    /// The entry node (where users' requests come from).
    pub entry: Option<NodeIx>,
    /// DNS nodes the entry looks the domain up with (`DnsLookup` links from the entry).
    pub dns: Vec<NodeIx>,
    /// Nodes of component `c` are `component_start[c]..component_start[c + 1]`.
    component_start: Vec<u32>,
    /// Servers with their service nodes, in design order (so by component index).
    pub servers: Vec<ServerGroup>,
    /// Component index by id.
    component_index: IdIndex,
    /// Per design link, the component indices of its two ends (`NONE`: unknown id).
    link_ends: Vec<(u32, u32)>,
    /// Per design link, its purpose.
    link_purposes: Vec<LinkPurpose>,
    /// Per design component, its kind.
    component_tags: Vec<KindTag>,
    /// Whether a link closes a cycle (a back edge was found).
    cyclic: bool,
    /// Design components that hold a TLS certificate, in design order.
    certificate_holders: Vec<usize>,
    /// Links into firewall nodes, grouped by firewall in node order, in link order within a
    /// group.
    into_firewalls: Vec<u32>,
    /// Nodes that can end a request of some class (databases and leaves), in index order.
    request_ends: Vec<u32>,
    /// Servers (indices into `servers`) running more than one request service, in order.
    multi_service: Vec<u32>,
    /// Nodes whose component decrypts TLS, in index order.
    decrypting: Vec<u32>,
}

impl FlowGraph {
    /// Projects `design` onto its request-flow graph.
    ///
    /// Arguments: the design (it need not be valid: dangling or nonsensical links are skipped).
    ///
    /// Returns the graph with its topological order, back edges and blocked links computed.
    ///
    /// # Complexity
    /// O(V + E + S²) where S is the largest number of services on one server.
    pub fn build(design: &Design) -> Self {
        let mut g = Self::default();
        // Everything is read from the design in one pass over its components and one over
        // its links: on large designs, reading the design dominates.
        let count = design.components.len();
        let mut component_ids = IdList::with_capacity(count, count * 16);
        // Most components are one node (a server usually runs one request service).
        g.nodes.reserve(count);
        g.links.reserve(design.links.len());
        g.component_start.reserve(count + 1);
        g.component_tags.reserve(count);
        g.servers.reserve(count);
        g.node_ids = IdList::with_capacity(count, count * 24);
        let mut scratch = Scratch {
            kinds: Vec::with_capacity(count),
            sources: Vec::with_capacity(design.links.len()),
            ..Scratch::default()
        };
        for (ci, c) in design.components.iter().enumerate() {
            component_ids.push(&[c.id.as_str()]);
            g.component_tags.push(c.tag());
            if c.tls.certificate.is_some() {
                g.certificate_holders.push(ci);
            }
            g.component_start.push(compact(Some(g.nodes.len())));
            if let Kind::Server(server) = &c.kind {
                let first = g.nodes.len();
                for (si, s) in server.services.iter().enumerate() {
                    if s.kind.tier().is_none() {
                        continue;
                    }
                    let db = s.database.as_ref();
                    g.node_ids.push(&[c.id.as_str(), "/", &s.id]);
                    scratch.push_node(
                        &mut g.nodes,
                        FlowNode {
                            component: compact(Some(ci)),
                            service_index: compact(Some(si)),
                            tag: KindTag::Server,
                            service_kind: Some(s.kind),
                            queued: s.capacity.queue().is_some(),
                            workers: s.capacity.queue().map_or(0, |(c, _)| c),
                            mu_per_s: s.capacity.queue().map_or(0.0, |(_, mu)| mu),
                            lb_algorithm: None,
                            is_database: s.kind == ServiceKind::Database,
                            accepts_writes: s.kind == ServiceKind::Database
                                && db.is_some_and(|d| d.accepts_writes),
                            promotable: s.kind == ServiceKind::Database
                                && db.is_some_and(|d| {
                                    !d.accepts_writes && d.promote_after_s.is_some()
                                }),
                            leaf: false,
                            redundant: c.replicas > 1,
                            tls: c.tls.mode,
                        },
                    );
                }
                let nodes = first..g.nodes.len();
                if nodes.len() > 1 {
                    scratch.multi_service.push(compact(Some(g.servers.len())));
                }
                g.servers.push(ServerGroup {
                    component: compact(Some(ci)),
                    first: compact(Some(nodes.start)),
                    end: compact(Some(nodes.end)),
                });
            } else {
                let (is_db, writes, promotable) = match &c.kind {
                    Kind::Database(d) => (
                        true,
                        d.accepts_writes,
                        !d.accepts_writes && d.promote_after_s.is_some(),
                    ),
                    _ => (false, false, false),
                };
                g.node_ids.push(&[c.id.as_str()]);
                scratch.push_node(
                    &mut g.nodes,
                    FlowNode {
                        component: compact(Some(ci)),
                        service_index: NONE,
                        tag: c.tag(),
                        service_kind: None,
                        queued: c.capacity.queue().is_some(),
                        workers: c.capacity.queue().map_or(0, |(c, _)| c),
                        mu_per_s: c.capacity.queue().map_or(0.0, |(_, mu)| mu),
                        lb_algorithm: match &c.kind {
                            Kind::LoadBalancer(lb) => Some(lb.algorithm),
                            _ => None,
                        },
                        is_database: is_db,
                        accepts_writes: writes,
                        promotable,
                        leaf: false,
                        redundant: c.replicas > 1,
                        tls: c.tls.mode,
                    },
                );
            }
        }
        g.component_start.push(compact(Some(g.nodes.len())));
        g.component_index = IdIndex::from_list(component_ids);
        scratch.out_counts = vec![0; g.nodes.len() + 1];
        g.multi_service = std::mem::take(&mut scratch.multi_service);
        g.add_implicit_links(&mut scratch);
        let lookups = g.add_design_links(design, &mut scratch);
        g.entry = design
            .entry()
            .and_then(|c| g.component_index.get(c.id.as_str()))
            .and_then(|ci| g.component_nodes(ci).next());
        if let Some(entry) = g.entry {
            let entry_component = g.nodes.get(entry).map(FlowNode::component);
            let mut dns: Vec<NodeIx> = lookups
                .iter()
                .filter_map(|&li| g.link_components(li))
                .filter(|&(from, _)| from == entry_component)
                .filter_map(|(_, to)| to)
                .filter_map(|ci| g.component_nodes(ci).next())
                .filter(|&n| g.nodes.get(n).is_some_and(|n| n.tag == KindTag::Dns))
                .collect();
            dns.sort_unstable();
            dns.dedup();
            g.dns = dns;
        }
        g.build_adjacency(&mut scratch);
        g.into_firewalls = scratch.into_firewalls;
        // Grouped by firewall once here (stable: link order within a group) for both the
        // blocked marks and the `firewall-blocks-traffic` rule.
        g.into_firewalls
            .sort_by_key(|&li| g.links.get(li as usize).map_or(usize::MAX, FlowLink::to));
        g.decrypting = scratch.decrypting;
        g.mark_blocked(design);
        g.order();
        g
    }

    /// Adds the links inside each server running several request services: from every
    /// service of one tier to every service of the next tier up the stack.
    fn add_implicit_links(&mut self, scratch: &mut Scratch) {
        for group in self
            .multi_service
            .iter()
            .filter_map(|&i| self.servers.get(i as usize))
        {
            let tier_of = |n: NodeIx| {
                self.nodes
                    .get(n)
                    .and_then(|n| n.service_kind)
                    .and_then(ServiceKind::tier)
            };
            let mut tiers: Vec<u8> = group.nodes().filter_map(tier_of).collect();
            tiers.sort_unstable();
            tiers.dedup();
            for pair in tiers.windows(2) {
                let (Some(&lo), Some(&hi)) = (pair.first(), pair.get(1)) else {
                    continue;
                };
                for a in group.nodes().filter(|&n| tier_of(n) == Some(lo)) {
                    for b in group.nodes().filter(|&n| tier_of(n) == Some(hi)) {
                        scratch.push_link(
                            &mut self.links,
                            FlowLink {
                                source: compact(Some(a)),
                                target: compact(Some(b)),
                                design: NONE,
                                reads: true,
                                writes: true,
                                share: 1.0,
                                port: 80,
                                encrypted: false,
                                blocked: false,
                                back_edge: false,
                            },
                        );
                    }
                }
            }
        }
    }

    /// The node a bare server id names among the server's service `nodes` when traffic
    /// leaves (`source`: its highest non-database tier, or its only service) or arrives (its
    /// lowest tier); of equal tiers, the first in stack order.
    fn bare_server_end(&self, nodes: Range<NodeIx>, source: bool) -> Option<NodeIx> {
        let tier = |n: NodeIx| {
            self.nodes
                .get(n)
                .and_then(|n| n.service_kind)
                .and_then(ServiceKind::tier)
        };
        if source {
            let best = nodes
                .clone()
                .filter(|&n| tier(n).is_some_and(|t| t < 2))
                .max_by_key(|&n| (tier(n), std::cmp::Reverse(n)));
            best.or_else(|| (nodes.len() == 1).then_some(nodes.start))
        } else {
            nodes.min_by_key(|&n| (tier(n), n))
        }
    }

    /// The node an endpoint of component `ci` names when traffic leaves (`source`) or arrives.
    fn resolve(&self, design: &Design, end: &Endpoint, ci: usize, source: bool) -> Option<NodeIx> {
        if let Some(service) = &end.service {
            let services = design.components.get(ci)?.kind.services();
            return self.component_nodes(ci).find(|&n| {
                self.nodes
                    .get(n)
                    .and_then(FlowNode::service)
                    .and_then(|si| services.get(si))
                    .is_some_and(|s| &s.id == service)
            });
        }
        // A component other than a server is one node; so is a server running one service.
        let nodes = self.component_nodes(ci);
        match nodes.len() {
            0 => None,
            1 => Some(nodes.start),
            _ => self.bare_server_end(nodes, source),
        }
    }

    /// Reads the design's links: resolves the component indices of their ends (in chunks, so
    /// that each link is read from memory once), records their purposes and adds the flow
    /// links of the request links. Returns the indices of the DNS lookup links.
    fn add_design_links(&mut self, design: &Design, scratch: &mut Scratch) -> Vec<usize> {
        const CHUNK: usize = 256;
        let mut lookups = Vec::new();
        self.link_ends.reserve(design.links.len());
        self.link_purposes.reserve(design.links.len());
        let mut ends = Vec::with_capacity(CHUNK * 2);
        for (chunk_index, chunk) in design.links.chunks(CHUNK).enumerate() {
            ends.clear();
            self.component_index.get_many(
                chunk
                    .iter()
                    .flat_map(|l| [l.from.component.as_str(), l.to.component.as_str()]),
                2,
                &mut ends,
            );
            self.link_ends
                .extend(ends.chunks_exact(2).map(|pair| match *pair {
                    [from, to] => (from, to),
                    _ => (NONE, NONE),
                }));
            self.link_purposes.extend(chunk.iter().map(|l| l.purpose));
            let first = chunk_index * CHUNK;
            self.add_request_links(design, scratch, first..first + chunk.len(), &mut lookups);
        }
        lookups
    }

    /// Adds the flow links of the request links among design links `links` (their ends
    /// resolved already); appends the indices of its DNS lookup links to `lookups`.
    fn add_request_links(
        &mut self,
        design: &Design,
        scratch: &mut Scratch,
        links: Range<usize>,
        lookups: &mut Vec<usize>,
    ) {
        let chunk = design.links.get(links.clone()).unwrap_or(&[]);
        for (li, link) in links.zip(chunk) {
            if link.purpose == LinkPurpose::DnsLookup {
                lookups.push(li);
            }
            if link.purpose != LinkPurpose::Request {
                continue;
            }
            // Equal component indices are equal ids (an id resolves to one index).
            let Some((Some(from_c), Some(to_c))) = self.link_components(li) else {
                continue;
            };
            if from_c == to_c {
                continue;
            }
            let (Some(from), Some(to)) = (
                self.resolve(design, &link.from, from_c, true),
                self.resolve(design, &link.to, to_c, false),
            ) else {
                continue;
            };
            let target_ok = scratch.kinds.get(to).is_some_and(|&(tag, _)| {
                !matches!(
                    tag,
                    KindTag::Users
                        | KindTag::Dns
                        | KindTag::MonitoringClient
                        | KindTag::MonitoringService
                )
            });
            let source_ok = scratch.kinds.get(from).is_some_and(|&(tag, is_database)| {
                !matches!(
                    tag,
                    KindTag::Dns | KindTag::MonitoringClient | KindTag::MonitoringService
                ) && !is_database
            });
            if !target_ok || !source_ok {
                continue;
            }
            let weight = if link.weight.is_finite() && link.weight >= 0.0 {
                link.weight
            } else {
                1.0
            };
            scratch.push_link(
                &mut self.links,
                FlowLink {
                    source: compact(Some(from)),
                    target: compact(Some(to)),
                    design: compact(Some(li)),
                    reads: link.carries != Carries::Writes,
                    writes: link.carries != Carries::Reads,
                    share: weight.min(f64::from(f32::MAX)) as f32,
                    port: link.port,
                    encrypted: link.encrypted(),
                    blocked: false,
                    back_edge: false,
                },
            );
        }
    }

    /// The adjacency offsets and lists, from the out-degrees and sources noted while links
    /// were pushed (a counting sort: no pass over the links themselves), and the leaves: the
    /// request nodes other than databases with no outgoing link. Nodes are pushed as no leaf,
    /// and only leaves are written, from the noted kinds (no pass over the nodes either).
    fn build_adjacency(&mut self, scratch: &mut Scratch) {
        let n = self.nodes.len();
        let mut counts = std::mem::take(&mut scratch.out_counts);
        for i in 0..n {
            let prev = counts.get(i).copied().unwrap_or(0);
            if let Some(c) = counts.get_mut(i + 1) {
                let out_degree = *c;
                *c += prev;
                let (tag, is_database) = scratch
                    .kinds
                    .get(i)
                    .copied()
                    .unwrap_or((KindTag::Users, false));
                let leaf = out_degree == 0
                    && matches!(tag, KindTag::Server | KindTag::Service)
                    && !is_database;
                if leaf && let Some(node) = self.nodes.get_mut(i) {
                    node.leaf = true;
                }
                if leaf || is_database {
                    self.request_ends.push(compact(Some(i)));
                }
            }
        }
        let mut fill = counts.clone();
        let mut out = vec![0u32; scratch.sources.len()];
        for (li, &from) in scratch.sources.iter().enumerate() {
            if let Some(pos) = fill.get_mut(from as usize) {
                if let Some(slot) = out.get_mut(*pos as usize) {
                    *slot = compact(Some(li));
                }
                *pos += 1;
            }
        }
        self.out_start = counts;
        self.out_links = out;
    }

    fn mark_blocked(&mut self, design: &Design) {
        // Upstreams of the firewall nodes: (firewall node, component id index, is Internet
        // client), grouped by firewall node as the links into firewalls are.
        let mut upstream: Vec<(NodeIx, usize, bool)> = Vec::new();
        for &li in &self.into_firewalls {
            let Some(l) = self.links.get(li as usize) else {
                continue;
            };
            let Some(src) = self.nodes.get(l.from()) else {
                continue;
            };
            upstream.push((l.to(), src.component(), src.tag == KindTag::Users));
        }
        // The links out of each firewall, through the adjacency (after
        // [`FlowGraph::build_adjacency`]) rather than another pass over every link.
        for ups in upstream.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(f, _, _)) = ups.first() else {
                continue;
            };
            let Some(component) = self.nodes.get(f).map(FlowNode::component) else {
                continue;
            };
            let Some(Kind::Firewall(fw)) = design.components.get(component).map(|c| &c.kind) else {
                continue;
            };
            let outs: Vec<LinkIx> = self.out_links(f).collect();
            for li in outs {
                let Some(l) = self.links.get_mut(li) else {
                    continue;
                };
                l.blocked = ups.iter().all(|&(_, ci, internet)| {
                    design
                        .components
                        .get(ci)
                        .is_some_and(|u| fw.decide(l.port, &u.id, internet) == FirewallAction::Deny)
                });
            }
        }
    }

    /// DFS from the entry, then from every other node in index order: marks back edges and
    /// records a topological order of the rest (reverse post-order).
    fn order(&mut self) {
        let n = self.nodes.len();
        // 0 unseen, 1 on stack, 2 done.
        let mut state = vec![0u8; n];
        let mut post = Vec::with_capacity(n);
        let mut stack: Vec<(NodeIx, usize)> = Vec::new();
        let starts = self.entry.into_iter().chain(0..n);
        for start in starts {
            if state.get(start).copied() != Some(0) {
                continue;
            }
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            stack.push((start, 0));
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                let lo = self.out_start.get(v).map_or(0, |&s| s as usize);
                let hi = self.out_start.get(v + 1).map_or(lo, |&s| s as usize);
                if lo + *next < hi {
                    let li = self.out_links.get(lo + *next).map_or(0, |&li| li as usize);
                    *next += 1;
                    let w = self.links.get(li).map_or(v, |l| l.to());
                    match state.get(w).copied() {
                        Some(0) => {
                            if let Some(s) = state.get_mut(w) {
                                *s = 1;
                            }
                            stack.push((w, 0));
                        }
                        Some(1) => {
                            if let Some(l) = self.links.get_mut(li) {
                                l.back_edge = true;
                                self.cyclic = true;
                            }
                        }
                        _ => {}
                    }
                } else {
                    if let Some(s) = state.get_mut(v) {
                        *s = 2;
                    }
                    post.push(compact(Some(v)));
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
        self.topo.iter().map(|&v| v as usize)
    }

    /// Outgoing links of `node`, in link order.
    pub fn out_links(
        &self,
        node: NodeIx,
    ) -> impl ExactSizeIterator<Item = LinkIx> + Clone + use<'_> {
        let lo = self.out_start.get(node).map_or(0, |&s| s as usize);
        let hi = self.out_start.get(node + 1).map_or(lo, |&s| s as usize);
        self.out_links
            .get(lo..hi)
            .unwrap_or(&[])
            .iter()
            .map(|&li| li as usize)
    }

    /// The nodes of design component `component` (all request services of a server).
    pub fn component_nodes(&self, component: usize) -> Range<NodeIx> {
        let lo = self
            .component_start
            .get(component)
            .map_or(0, |&s| s as usize);
        let hi = self
            .component_start
            .get(component + 1)
            .map_or(lo, |&s| s as usize);
        lo..hi
    }

    /// The node with id `id` (`lb`, `server-1/nginx`).
    pub fn node(&self, id: &str) -> Option<NodeIx> {
        let component = id.split_once('/').map_or(id, |(c, _)| c);
        let ci = self.component(component)?;
        self.component_nodes(ci).find(|&n| self.node_id(n) == id)
    }

    /// The id of node `node`: `lb`, or `server-1/nginx` for a service (empty if there is no
    /// such node).
    pub fn node_id(&self, node: NodeIx) -> &str {
        self.node_ids.get(node)
    }

    /// The ids of the nodes, by node index.
    pub(crate) fn node_ids(&self) -> &IdList {
        &self.node_ids
    }

    /// The ids of the design's components, by component index.
    pub(crate) fn component_ids(&self) -> &IdList {
        self.component_index.ids()
    }

    /// The design component index with id `id`.
    pub fn component(&self, id: &str) -> Option<usize> {
        self.component_index.get(id)
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

    /// The component indices (in `Design::components`) of the two ends of design link `link`,
    /// each `None` when its id names no component; `None` if there is no such link.
    pub fn link_components(&self, link: usize) -> Option<(Option<usize>, Option<usize>)> {
        self.link_ends
            .get(link)
            .map(|&(from, to)| (opt(from), opt(to)))
    }

    /// The purposes of the design's links, by link index (read once, with the graph: cheaper
    /// to scan than the design's links).
    pub fn link_purposes(&self) -> &[LinkPurpose] {
        &self.link_purposes
    }

    /// The design components (indices) that hold a TLS certificate, in design order.
    pub fn certificate_holders(&self) -> &[usize] {
        &self.certificate_holders
    }

    /// The kinds of the design's components, by component index.
    pub fn component_tags(&self) -> &[KindTag] {
        &self.component_tags
    }

    /// Servers running more than one request service (the only ones that can run several
    /// tiers or have links inside), in design order.
    pub fn multi_service_servers(&self) -> impl Iterator<Item = &ServerGroup> + '_ {
        self.multi_service
            .iter()
            .filter_map(|&i| self.servers.get(i as usize))
    }

    /// Nodes whose component decrypts TLS (terminates it, or re-encrypts after decrypting),
    /// in index order.
    pub fn decrypting_nodes(&self) -> impl ExactSizeIterator<Item = NodeIx> + '_ {
        self.decrypting.iter().map(|&v| v as usize)
    }

    /// Nodes that can end a request of some class: databases and leaves, in index order
    /// (a short list: the SPOF analysis reads it instead of every node).
    pub fn request_ends(&self) -> impl ExactSizeIterator<Item = NodeIx> + '_ {
        self.request_ends.iter().map(|&v| v as usize)
    }

    /// The links into firewall nodes, grouped by firewall in node order, in link order within
    /// a group.
    pub fn links_into_firewalls(&self) -> impl ExactSizeIterator<Item = LinkIx> + '_ {
        self.into_firewalls.iter().map(|&li| li as usize)
    }

    /// Whether any link closes a cycle.
    pub fn has_cycle(&self) -> bool {
        self.cyclic
    }
}
