//! `unmonitored`: machines and load balancers no monitoring client watches, monitoring clients
//! with no collector to report to, and monitoring traffic sent in plaintext.

use std::collections::BTreeSet;

use super::finding::{Finding, FindingSeverity, LinkRef, Rule};
use super::graph::FlowGraph;
use super::id_sort::sorted_unique_owned;
use crate::model::{Design, KindTag, LinkPurpose};

/// The `unmonitored` findings of `design` with the components in `failed` down.
///
/// # Complexity
/// O(V + E) plus sorting.
pub fn monitoring_findings(
    design: &Design,
    graph: &FlowGraph,
    failed: &BTreeSet<String>,
) -> Vec<Finding> {
    let up = |id: &str| failed.is_empty() || !failed.contains(id);
    // Link ends, link purposes and component kinds were read once, with the graph: scanning
    // them is much cheaper than scanning the design's links and components again.
    let ids = graph.component_ids();
    let tags = graph.component_tags();
    let tag_of = |ci: Option<usize>| ci.and_then(|ci| tags.get(ci)).copied();
    let id_of = |ci: Option<usize>| ci.map_or("", |ci| ids.get(ci));
    let mut watched = vec![false; tags.len()];
    let mut reporting = vec![false; tags.len()];
    // Monitoring links sent in plaintext by a monitoring client, in link order.
    let mut plaintext = Vec::new();
    for (li, &purpose) in graph.link_purposes().iter().enumerate() {
        if !matches!(purpose, LinkPurpose::Monitors | LinkPurpose::MonitoringData) {
            continue;
        }
        let (from, to) = graph.link_components(li).unwrap_or((None, None));
        if tag_of(from) == Some(KindTag::MonitoringClient)
            && let Some(l) = design.links.get(li)
            && !l.encrypted()
        {
            plaintext.push(l);
        }
        match purpose {
            LinkPurpose::Monitors
                if tag_of(from) == Some(KindTag::MonitoringClient) && up(id_of(from)) =>
            {
                if let Some(w) = to.and_then(|ci| watched.get_mut(ci)) {
                    *w = true;
                }
            }
            LinkPurpose::MonitoringData
                if tag_of(to) == Some(KindTag::MonitoringService) && up(id_of(to)) =>
            {
                if let Some(r) = from.and_then(|ci| reporting.get_mut(ci)) {
                    *r = true;
                }
            }
            _ => {}
        }
    }
    let mut findings = Vec::new();
    // Unmonitored machines (component indices, in design order) and how many of each kind.
    let mut unwatched: Vec<usize> = Vec::new();
    let mut per_kind = [0usize; KindTag::ALL.len()];
    // Monitoring clients with no collector, in design order.
    let mut silent = Vec::new();
    for ((ci, &tag), id) in tags.iter().enumerate().zip(ids.iter()) {
        if tag == KindTag::MonitoringClient
            && up(id)
            && !reporting.get(ci).copied().unwrap_or(false)
        {
            silent.push(id);
        }
        if tag.is_machine() && up(id) && !watched.get(ci).copied().unwrap_or(false) {
            unwatched.push(ci);
            if let Some(n) = per_kind.get_mut(tag as usize) {
                *n += 1;
            }
        }
    }
    // Grouped by kind, in kind order: one finding per kind lists them all (a large design
    // can have thousands), and `Finding::involves` still finds each one. Each group is
    // allocated at its final size (on a large design, growing them copied megabytes).
    let mut kinds = KindTag::ALL;
    kinds.sort_unstable();
    let groups = kinds.into_iter().filter_map(|tag| {
        let n = per_kind.get(tag as usize).copied().unwrap_or(0);
        (n > 0).then(|| {
            let mut group = Vec::with_capacity(n);
            group.extend(
                unwatched
                    .iter()
                    .filter(|&&ci| tags.get(ci) == Some(&tag))
                    .map(|&ci| ids.get(ci)),
            );
            (tag, group)
        })
    });
    for (tag, ids) in groups {
        // Sorted while still borrowed (cheap to move), then copied in order.
        let ids = sorted_unique_owned(&ids);
        let label = tag.label().to_lowercase();
        let (message, subject) = match ids.as_slice() {
            [one] => (
                format!("{label} `{one}` is not monitored"),
                format!("`{one}`"),
            ),
            _ => {
                let shown: Vec<String> = ids.iter().take(5).map(|i| format!("`{i}`")).collect();
                let more = ids.len().saturating_sub(5);
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                (
                    format!(
                        "{} {label}s are not monitored: {}{tail}",
                        ids.len(),
                        shown.join(", ")
                    ),
                    "these machines".to_owned(),
                )
            }
        };
        findings.push(
            Finding::new(FindingSeverity::Warning, Rule::Unmonitored, message)
                .with_sorted_components(ids)
                .explained(
                    format!(
                        "Nobody is told when {subject} slows down, fills its disk or dies: users \
                         notice first, and there are no metrics (QPS, latency, errors) to find the \
                         cause."
                    ),
                    format!(
                        "Install a monitoring client (e.g. the Sumo Logic collector) on {subject} \
                         and draw a monitors link to it, with a data link to the collector."
                    ),
                ),
        );
    }
    for id in silent {
        findings.push(
            Finding::new(
                FindingSeverity::Warning,
                Rule::Unmonitored,
                format!("monitoring client `{id}` has no collector to send its data to"),
            )
            .with_components([id.to_owned()])
            .explained(
                "What the client collects goes nowhere: no dashboard, no alert.",
                format!("Draw a monitoring-data link from `{id}` to a monitoring service (HTTPS)."),
            ),
        );
    }
    for l in plaintext {
        findings.push(
            Finding::new(
                FindingSeverity::Warning,
                Rule::Unmonitored,
                format!(
                    "monitoring traffic `{} -> {}` is sent in plaintext ({})",
                    l.from,
                    l.to,
                    l.protocol.label()
                ),
            )
            .with_components([l.from.to_string(), l.to.to_string()])
            .with_links([LinkRef::of(l)])
            .explained(
                "Metrics and logs reveal hostnames, URLs, users and sometimes secrets; in plaintext \
                 anyone on the path can read or forge them.",
                "Use an encrypted transport: HTTPS for agents, SNMPv3 with privacy, syslog over TLS.",
            ),
        );
    }
    findings
}
