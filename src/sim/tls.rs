//! `plaintext-after-tls-termination`: request links that carry plaintext downstream of a
//! component that decrypts TLS (terminate or re-encrypt), each naming the terminator.
//!
//! From every decrypting node, one BFS follows request links that carry plaintext (and the
//! implicit hops inside a server, which stay on the machine's loopback and are not reported).
//! An encrypted link ends the walk (the next hop decrypts it and is walked from on its own), and
//! so does another decrypting node. Passthrough forwards TLS untouched and decrypts nothing.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::finding::{Finding, FindingSeverity, LinkRef, Rule};
use super::graph::{FlowGraph, NodeIx};
use crate::model::{Design, KindTag};

/// Whether node `v` is where its component decrypts: a decrypting component's only node, or
/// the service a decrypting server receives traffic on (its lowest-tier service).
fn decrypts_here(graph: &FlowGraph, v: NodeIx) -> bool {
    let Some(node) = graph.nodes.get(v) else {
        return false;
    };
    if !node.tls.decrypts() {
        return false;
    }
    if node.service().is_none() {
        return true;
    }
    let tier = |n: NodeIx| {
        graph
            .nodes
            .get(n)
            .and_then(|n| n.service_kind)
            .and_then(crate::model::ServiceKind::tier)
    };
    graph
        .component_nodes(node.component())
        .min_by_key(|&n| (tier(n), n))
        == Some(v)
}

/// The plaintext-after-termination findings of `design`.
///
/// # Complexity
/// O(T·(V + E)) for T decrypting components (one BFS each).
pub fn plaintext_findings(design: &Design, graph: &FlowGraph) -> Vec<Finding> {
    // Design link index → terminators (node ids).
    let mut hits: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut seen = vec![false; graph.nodes.len()];
    let mut touched = Vec::new();
    let mut queue = VecDeque::new();
    for start in graph.decrypting_nodes() {
        if !decrypts_here(graph, start) {
            continue;
        }
        let terminator = graph.node_id(start);
        for &t in &touched {
            if let Some(s) = seen.get_mut(t) {
                *s = false;
            }
        }
        touched.clear();
        queue.clear();
        queue.push_back(start);
        if let Some(s) = seen.get_mut(start) {
            *s = true;
        }
        touched.push(start);
        while let Some(v) = queue.pop_front() {
            for li in graph.out_links(v) {
                let Some(l) = graph.links.get(li) else {
                    continue;
                };
                if l.encrypted {
                    continue;
                }
                if let Some(di) = l.design_link() {
                    hits.entry(di).or_default().insert(terminator.to_owned());
                }
                if decrypts_here(graph, l.to()) || seen.get(l.to()).copied().unwrap_or(true) {
                    continue;
                }
                if let Some(s) = seen.get_mut(l.to()) {
                    *s = true;
                }
                touched.push(l.to());
                queue.push_back(l.to());
            }
        }
    }
    let mut findings = Vec::new();
    for (di, terminators) in hits {
        let Some(link) = design.links.get(di) else {
            continue;
        };
        let is_fw = |id: &str| {
            design
                .component(id)
                .is_some_and(|c| c.tag() == KindTag::Firewall)
        };
        let crosses_firewall =
            is_fw(link.from.component.as_str()) || is_fw(link.to.component.as_str());
        let leaves_machine = link.from.component != link.to.component;
        let severity = if crosses_firewall || leaves_machine {
            FindingSeverity::Error
        } else {
            FindingSeverity::Warning
        };
        let names: Vec<String> = terminators.iter().map(|t| format!("`{t}`")).collect();
        let names = names.join(", ");
        let (from, to) = (link.from.to_string(), link.to.to_string());
        let proto = link.protocol.label();
        findings.push(
            Finding::new(
                severity,
                Rule::PlaintextAfterTlsTermination,
                format!("`{from} -> {to}` carries {proto} in plaintext after {names} terminates TLS"),
            )
            .with_components(
                terminators
                    .iter()
                    .cloned()
                    .chain([from.clone(), to.clone()]),
            )
            .with_links([LinkRef::of(link)])
            .explained(
                format!(
                    "{names} decrypts the users' HTTPS and what it forwards crosses `{from} -> {to}` \
                     unencrypted{}: anyone who can listen on that network (a compromised host, a \
                     mirrored switch port) can read and alter requests, cookies and passwords.",
                    if crosses_firewall { " and through a firewall" } else { "" }
                ),
                format!(
                    "Encrypt this hop too: re-encrypt at {names} (TLS mode `ReEncrypt`) and speak \
                     {} on `{from} -> {to}` with a certificate on the receiving side, or use TLS \
                     passthrough so that the servers terminate.",
                    if link.protocol.default_port() == 3306 { "MySQL/TLS" } else { "HTTPS" }
                ),
            ),
        );
    }
    findings
}
