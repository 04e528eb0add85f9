//! `no-https`: the entry is served over plain HTTP, no certificate covers the design's
//! domain, or the certificate that does has expired or expires within
//! [`EXPIRY_WARNING_DAYS`] days.

use super::finding::{Finding, FindingSeverity, LinkRef, Rule};
use super::graph::FlowGraph;
use crate::model::{Design, IsoDate, LinkPurpose};

/// Days before expiry from which a certificate is reported.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// The `no-https` findings of `design` (projected on `graph`) on day `today`.
///
/// # Complexity
/// O(V + E).
pub fn https_findings(design: &Design, graph: &FlowGraph, today: IsoDate) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(entry) = design.entry() else {
        return findings;
    };
    // The request links drawn from the entry.
    let entry_index = graph.component(entry.id.as_str());
    let plain: Vec<_> = graph
        .design_links
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.purpose == LinkPurpose::Request && entry_index.is_some() && l.from == entry_index
        })
        .map(|(li, _)| &design.links[li])
        .filter(|l| !l.encrypted())
        .collect();
    let domain = if design.domain.is_empty() {
        "the site"
    } else {
        design.domain.as_str()
    };
    if !plain.is_empty() {
        let targets: Vec<String> = plain.iter().map(|l| format!("`{}`", l.to)).collect();
        findings.push(
            Finding::new(
                FindingSeverity::Error,
                Rule::NoHttps,
                format!("{domain} is served over plain HTTP ({})", targets.join(", ")),
            )
            .with_components(
                std::iter::once(entry.id.0.clone()).chain(plain.iter().map(|l| l.to.to_string())),
            )
            .with_links(plain.iter().map(|l| LinkRef::of(l)))
            .explained(
                "Without TLS, passwords, session cookies and pages travel readable and modifiable by \
                 anyone on the path (Wi-Fi, ISP, a man in the middle), and browsers mark the site as \
                 not secure.",
                format!(
                    "Serve {domain} over HTTPS: get a certificate for it (Let's Encrypt), terminate \
                     TLS at the first component (`TlsMode::Terminate` or `ReEncrypt`), switch the \
                     entry links to HTTPS on 443 and redirect port 80."
                ),
            ),
        );
        return findings;
    }
    if design.domain.is_empty() {
        return findings;
    }
    let covering: Vec<_> = graph
        .certificate_holders()
        .iter()
        .filter_map(|&ci| design.components.get(ci))
        .filter(|c| c.tls.mode.decrypts())
        .filter_map(|c| c.tls.certificate.as_ref().map(|cert| (c, cert)))
        .filter(|(_, cert)| cert.covers(&design.domain))
        .collect();
    if covering.is_empty() {
        findings.push(
            Finding::new(
                FindingSeverity::Error,
                Rule::NoHttps,
                format!("no certificate covers {domain}"),
            )
            .with_components([entry.id.0.clone()])
            .explained(
                format!(
                    "Browsers refuse an HTTPS connection whose certificate does not name {domain}; \
                     users see a security error instead of the site."
                ),
                format!(
                    "Install a certificate for {domain} (or a wildcard for its parent domain) on the \
                     component that terminates TLS, and set its TLS mode to Terminate or ReEncrypt."
                ),
            ),
        );
        return findings;
    }
    for (c, cert) in covering {
        let days = today.days_until(cert.expires);
        let (severity, state) = if days < 0 {
            (
                FindingSeverity::Error,
                format!("expired on {}", cert.expires),
            )
        } else if days <= EXPIRY_WARNING_DAYS {
            (
                FindingSeverity::Warning,
                format!("expires on {} ({days} days)", cert.expires),
            )
        } else {
            continue;
        };
        findings.push(
            Finding::new(
                severity,
                Rule::NoHttps,
                format!("the certificate for {domain} on `{}` {state}", c.id),
            )
            .with_components([c.id.0.clone()])
            .explained(
                "An expired certificate makes every browser refuse the connection: the site is down \
                 for users even though every server is up.",
                "Renew the certificate now and automate renewal (ACME / certbot with a timer), with an \
                 alert 30 days before expiry.",
            ),
        );
    }
    findings
}
