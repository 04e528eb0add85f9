//! `tls-misconfigured`: HTTPS arrives at a load balancer, server or service whose TLS mode is
//! `none` — it neither terminates TLS nor passes it through, so it cannot route what it
//! receives (a load balancer in HTTP mode cannot read an encrypted request), or it forwards
//! the request with no certificate of its own.
//!
//! Rule: a request link whose protocol is HTTPS into a load balancer, a server or a generic
//! service with TLS mode `none` is reported, one finding per receiving component. Firewalls
//! filter packets and databases speak their own protocol: neither is checked.
//!
//! # Complexity
//! O(L) over the design's links, plus sorting.

use std::collections::BTreeMap;

use super::finding::{Finding, FindingSeverity, LinkRef, Rule};
use crate::model::{Design, KindTag, LinkPurpose, Protocol, TlsMode};

/// The `tls-misconfigured` findings of `design`.
pub fn tls_mode_findings(design: &Design) -> Vec<Finding> {
    let index: BTreeMap<&str, usize> = design
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .rev()
        .collect();
    let mut by_target: BTreeMap<usize, Vec<LinkRef>> = BTreeMap::new();
    for l in &design.links {
        if l.purpose != LinkPurpose::Request || l.protocol != Protocol::Https {
            continue;
        }
        let Some(&to) = index.get(l.to.component.as_str()) else {
            continue;
        };
        let c = &design.components[to];
        let checked = matches!(
            c.tag(),
            KindTag::LoadBalancer | KindTag::Server | KindTag::Service
        );
        if checked && c.tls.mode == TlsMode::None {
            by_target.entry(to).or_default().push(LinkRef::of(l));
        }
    }
    by_target
        .into_iter()
        .map(|(to, links)| {
            let id = design.components[to].id.to_string();
            Finding::new(
                FindingSeverity::Warning,
                Rule::TlsMisconfigured,
                format!("`{id}` receives HTTPS but neither terminates nor passes TLS through"),
            )
            .with_components([id.clone()])
            .with_links(links)
            .explained(
                "With TLS mode `none` it treats what arrives as plaintext: a load balancer in HTTP \
                 mode cannot read the encrypted request to route it, and a server cannot answer \
                 without a certificate. The design says HTTPS arrives, but nothing decrypts it.",
                format!(
                    "Set `{id}`'s TLS mode to terminate (with a certificate for the domain) or \
                     re-encrypt, or to passthrough if a backend terminates."
                ),
            )
        })
        .collect()
}
