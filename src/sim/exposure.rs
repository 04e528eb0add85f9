//! `exposed-to-internet` and `firewall-blocks-traffic`.
//!
//! Exposure: a walk from the entry (when it is an Internet client) along request links through
//! firewalls only, deciding each firewall hop with the entry as the source. The first
//! non-firewall components reached are Internet-facing: reached with no firewall on the way is
//! a warning (managed DNS, monitoring services and object storage are skipped; a CDN is walked
//! through like a firewall, since it only forwards HTTP(S) to its origin); reached through firewalls that
//! let a database port or a database through is an error; another port than 80/443 let through
//! is a warning; a load balancer or web server on 80/443 is intended.
//!
//! Blocking: every flow `U → F → D` through a firewall `F` whose rules deny the port of
//! `F → D` for source `U` is an error: the design needs that flow.

use std::collections::{BTreeSet, VecDeque};

use super::finding::{Finding, FindingSeverity, LinkRef, Rule};
use super::graph::{FlowGraph, NodeIx};
use crate::model::{Design, FirewallAction, Kind, KindTag};

/// Ports of database engines (MySQL, PostgreSQL, MongoDB, Redis, SQL Server, Oracle,
/// Cassandra, Elasticsearch, Memcached).
pub const DATABASE_PORTS: [u16; 9] = [3306, 5432, 27017, 6379, 1433, 1521, 9042, 9200, 11211];

fn firewall<'a>(
    design: &'a Design,
    graph: &FlowGraph,
    v: NodeIx,
) -> Option<&'a crate::model::FirewallSettings> {
    let node = graph.nodes.get(v)?;
    match &design.components.get(node.component())?.kind {
        Kind::Firewall(fw) => Some(fw),
        _ => None,
    }
}

fn link_ref(design: &Design, graph: &FlowGraph, li: usize) -> Option<LinkRef> {
    let di = graph.links.get(li)?.design_link()?;
    design.links.get(di).map(LinkRef::of)
}

/// The `exposed-to-internet` findings.
///
/// # Complexity
/// O(V + E).
pub fn exposure_findings(design: &Design, graph: &FlowGraph) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(entry) = graph.entry else {
        return findings;
    };
    let Some(entry_node) = graph.nodes.get(entry) else {
        return findings;
    };
    if entry_node.tag != KindTag::Users {
        return findings;
    }
    let Some(entry_component) = design.components.get(entry_node.component()) else {
        return findings;
    };
    let mut seen = vec![false; graph.nodes.len()];
    let mut reported = BTreeSet::new();
    // (node, reached through a firewall)
    let mut queue = VecDeque::from([(entry, false)]);
    if let Some(s) = seen.get_mut(entry) {
        *s = true;
    }
    while let Some((u, through)) = queue.pop_front() {
        let fw = firewall(design, graph, u);
        for li in graph.out_links(u) {
            let Some(l) = graph.links.get(li) else {
                continue;
            };
            if let Some(fw) = fw
                && fw.decide(l.port, &entry_component.id, true) == FirewallAction::Deny
            {
                continue;
            }
            let Some(target) = graph.nodes.get(l.to()) else {
                continue;
            };
            // A CDN only forwards HTTP(S) to its origin: what lies behind it is reached through
            // it, as through a firewall.
            if matches!(target.tag, KindTag::Firewall | KindTag::Cdn) {
                if !seen.get(l.to()).copied().unwrap_or(true) {
                    if let Some(s) = seen.get_mut(l.to()) {
                        *s = true;
                    }
                    queue.push_back((l.to(), true));
                }
                continue;
            }
            if !reported.insert((l.to(), l.port)) {
                continue;
            }
            let id = graph.node_id(l.to());
            let through = through || fw.is_some();
            let db = target.is_database || DATABASE_PORTS.contains(&l.port);
            let finding = if !through {
                if matches!(
                    target.tag,
                    KindTag::Dns | KindTag::MonitoringService | KindTag::ObjectStorage
                ) {
                    continue;
                }
                Finding::new(
                    FindingSeverity::Warning,
                    Rule::ExposedToInternet,
                    format!("`{id}` is reachable from the Internet with no firewall in front"),
                )
                .explained(
                    format!(
                        "Every port `{id}` listens on (SSH, admin pages, the database) can be probed \
                         and attacked directly from the Internet; nothing filters what reaches it."
                    ),
                    format!(
                        "Put a firewall between the users and `{id}` that allows only 443 (and 80 \
                         for the redirect) and denies everything else by default."
                    ),
                )
            } else if db {
                Finding::new(
                    FindingSeverity::Error,
                    Rule::ExposedToInternet,
                    format!(
                        "the firewall lets the Internet reach database `{id}` on port {}",
                        l.port
                    ),
                )
                .explained(
                    "A database open to the world is brute-forced and exploited within hours of \
                     going online; one leaked password exposes all the data.",
                    format!(
                        "Deny port {} from `Any` on the firewall; allow it only from the application \
                         servers (`TrafficSource::Component`) or the internal network.",
                        l.port
                    ),
                )
            } else if l.port != 80 && l.port != 443 {
                Finding::new(
                    FindingSeverity::Warning,
                    Rule::ExposedToInternet,
                    format!("the firewall lets the Internet reach `{id}` on port {}", l.port),
                )
                .explained(
                    format!(
                        "Port {} is not a web port: whatever listens there (an application server, an \
                         admin interface) is attackable from the Internet.",
                        l.port
                    ),
                    "Allow only 443 (and 80) from the Internet and send traffic through the load \
                     balancer or web server.",
                )
            } else {
                continue;
            };
            findings.push(
                finding
                    .with_components([id.to_owned(), entry_component.id.0.clone()])
                    .with_links(link_ref(design, graph, li)),
            );
        }
    }
    findings
}

/// The `firewall-blocks-traffic` findings: flows through a firewall that its rules drop.
///
/// # Complexity
/// O(Σ over firewalls of in-degree × out-degree).
pub fn blocking_findings(design: &Design, graph: &FlowGraph) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Links into firewalls as (firewall node, link), grouped by firewall in node order, links
    // in link order (a firewall nothing flows into blocks nothing).
    let incoming: Vec<(NodeIx, usize)> = graph
        .links_into_firewalls()
        .filter_map(|li| graph.links.get(li).map(|l| (l.to(), li)))
        .collect();
    for group in incoming.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(f, _)) = group.first() else {
            continue;
        };
        let ins = group.iter().map(|&(_, li)| li);
        let Some(fw) = firewall(design, graph, f) else {
            continue;
        };
        let f_id = graph.node_id(f);
        for out in graph.out_links(f) {
            let Some(ol) = graph.links.get(out) else {
                continue;
            };
            let mut denied_sources = BTreeSet::new();
            for inl in ins.clone() {
                let Some(u) = graph.links.get(inl).and_then(|l| graph.nodes.get(l.from())) else {
                    continue;
                };
                let Some(uc) = design.components.get(u.component()) else {
                    continue;
                };
                if fw.decide(ol.port, &uc.id, u.tag == KindTag::Users) == FirewallAction::Deny
                    && denied_sources.insert(uc.id.0.clone())
                {
                    let to = graph.node_id(ol.to()).to_owned();
                    findings.push(
                        Finding::new(
                            FindingSeverity::Error,
                            Rule::FirewallBlocksTraffic,
                            format!(
                                "`{}` drops traffic from `{}` to `{to}` on port {}",
                                f_id, uc.id, ol.port
                            ),
                        )
                        .with_components([f_id.to_owned(), uc.id.0.clone(), to.clone()])
                        .with_links(
                            [link_ref(design, graph, inl), link_ref(design, graph, out)]
                                .into_iter()
                                .flatten(),
                        )
                        .explained(
                            format!(
                                "The design sends requests from `{}` through `{}` to `{to}`, but no \
                                 rule allows port {} from that source (first match wins, then the \
                                 default action): those requests never arrive.",
                                uc.id, f_id, ol.port
                            ),
                            format!(
                                "Add a rule on `{}` allowing port {} from `{}` (before any deny that \
                                 matches), or remove the link if the flow is not wanted.",
                                f_id, ol.port, uc.id
                            ),
                        ),
                    );
                }
            }
        }
    }
    findings
}
