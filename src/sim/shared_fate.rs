//! `shared-fate`: roles that fail together. Tiers co-located on one server (warning per
//! server); servers with identical multi-tier stacks (one warning listing them all: one
//! failure mode or one vulnerability takes all of them at once); one certificate used by
//! everything, or one DNS component (info).
//!
//! Single-tier servers with identical stacks are ordinary redundancy and are not reported.

use std::collections::BTreeMap;

use super::finding::{Finding, FindingSeverity, Rule};
use super::graph::FlowGraph;
use crate::model::{Certificate, Design, Kind, KindTag, ServiceKind};

/// The `shared-fate` findings of `design`.
///
/// # Complexity
/// O(V·S log S) for S services per server, plus sorting.
pub fn shared_fate_findings(design: &Design, graph: &FlowGraph) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut stacks: BTreeMap<Vec<(&'static str, String)>, Vec<String>> = BTreeMap::new();
    // Only a server running several request services can run several tiers.
    for group in graph.multi_service_servers() {
        // Distinct tiers as bits, from the graph's service nodes (one per request service):
        // a server whose services are all one tier need not be read from the design.
        let tiers = group
            .nodes()
            .filter_map(|v| graph.nodes.get(v).and_then(|n| n.service_kind))
            .filter_map(ServiceKind::tier)
            .fold(0u64, |bits, t| {
                bits | 1u64.checked_shl(u32::from(t)).unwrap_or(0)
            });
        if tiers.count_ones() < 2 {
            continue;
        }
        let Some((c, Kind::Server(server))) = design
            .components
            .get(group.component())
            .map(|c| (c, &c.kind))
        else {
            continue;
        };
        let request: Vec<_> = server
            .services
            .iter()
            .filter(|s| s.kind.tier().is_some())
            .collect();
        let mut roles: Vec<&str> = request.iter().map(|s| s.kind.label()).collect();
        roles.sort_unstable();
        roles.dedup();
        let id = c.id.as_str();
        findings.push(
            Finding::new(
                FindingSeverity::Warning,
                Rule::SharedFate,
                format!("`{id}` runs several tiers on one machine ({})", roles.join(", ")),
            )
            .with_components(
                std::iter::once(id.to_owned())
                    .chain(request.iter().map(|s| format!("{id}/{}", s.id))),
            )
            .explained(
                format!(
                    "If `{id}` fails, its web, application and database roles all go at once; a load \
                     spike on one tier starves the others of CPU and memory, and the tiers cannot be \
                     scaled apart."
                ),
                "Split the tiers onto separate machines (web servers, application servers, database \
                 servers), each tier redundant on its own.",
            ),
        );
        let mut stack: Vec<(&'static str, String)> = server
            .services
            .iter()
            .filter(|s| s.kind != ServiceKind::AppFiles)
            .map(|s| (s.kind.key(), s.product.to_ascii_lowercase()))
            .collect();
        stack.sort();
        stacks.entry(stack).or_default().push(id.to_owned());
    }
    for (stack, servers) in stacks {
        if servers.len() < 2 {
            continue;
        }
        let products: Vec<&str> = stack.iter().map(|(_, p)| p.as_str()).collect();
        let names: Vec<String> = servers.iter().map(|s| format!("`{s}`")).collect();
        findings.push(
            Finding::new(
                FindingSeverity::Warning,
                Rule::SharedFate,
                format!("{} run identical co-located stacks", names.join(", ")),
            )
            .with_components(servers.iter().cloned())
            .explained(
                format!(
                    "The same software ({}) on every server: one bad release, one configuration \
                     error or one vulnerability takes all of them at once, and each failure takes \
                     a web server, an application server and a database together.",
                    products.join(", ")
                ),
                "Give each tier its own machines and keep the roles apart; roll out changes to one \
                 server at a time (canary) so a bad change cannot hit every copy at once.",
            ),
        );
    }
    // Only whether there is exactly one distinct certificate matters: stop at two.
    let mut distinct: Vec<&Certificate> = Vec::new();
    let mut holders = Vec::new();
    for c in graph
        .certificate_holders()
        .iter()
        .filter_map(|&ci| design.components.get(ci))
    {
        if let Some(cert) = &c.tls.certificate {
            holders.push(c.id.0.clone());
            if distinct.len() < 2 && !distinct.contains(&cert) {
                distinct.push(cert);
            }
        }
    }
    if let [cert] = distinct.as_slice() {
        findings.push(
            Finding::new(
                FindingSeverity::Info,
                Rule::SharedFate,
                format!(
                    "one certificate ({}) secures the whole design",
                    cert.domains.join(", ")
                ),
            )
            .with_components(holders)
            .explained(
                format!(
                    "When it expires (on {}) or its key leaks, HTTPS fails everywhere at once.",
                    cert.expires
                ),
                "Automate its renewal with an alert well before expiry, and keep its private key only \
                 where TLS is terminated.",
            ),
        );
    }
    let dns: Vec<&str> = graph
        .components
        .iter()
        .filter(|c| c.tag == KindTag::Dns)
        .map(|c| c.id.as_str())
        .collect();
    if let [only] = dns.as_slice() {
        findings.push(
            Finding::new(
                FindingSeverity::Info,
                Rule::SharedFate,
                format!("one DNS provider (`{only}`) resolves the whole domain"),
            )
            .with_components([(*only).to_owned()])
            .explained(
                "A provider-wide DNS outage (it has happened to the largest ones) makes the site \
                 unreachable even with every server healthy.",
                "Consider a secondary DNS provider serving the same zone (both listed as name \
                 servers).",
            ),
        );
    }
    findings
}
