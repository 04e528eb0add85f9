//! `unmonitored`: machines and load balancers no monitoring client watches, monitoring clients
//! with no collector to report to, and monitoring traffic sent in plaintext.

use super::finding::{Finding, FindingSeverity, LinkRef, Rule};
use super::graph::FlowGraph;
use crate::model::{Design, KindTag, LinkPurpose};

/// Per design component, whether it is up given which nodes are (`alive`, by node): a
/// component is up while any of its request nodes is, or always if it has none.
pub fn components_up(graph: &FlowGraph, alive: &[bool]) -> Vec<bool> {
    graph
        .components
        .iter()
        .map(|c| c.nodes.is_empty() || c.nodes.clone().any(|n| alive[n]))
        .collect()
}

/// Who watches and who reports: the one rule for "a failure is noticed", read by the
/// `unmonitored` findings and by the drills' detection.
///
/// A monitoring client **watches** the components its `monitors` links reach; it **can
/// report** while it is up and at least one of its `monitoring-data` links is up and leads to
/// a monitoring service that is up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Watch {
    /// Per component, the monitoring clients (component indices) watching it, sorted.
    pub watchers: Vec<Vec<usize>>,
    /// Per component (a client), its data links: (design link index, collector component).
    pub data_links: Vec<Vec<(usize, usize)>>,
}

impl Watch {
    /// Reads the monitoring links of `graph`.
    ///
    /// # Complexity
    /// O(C + L) plus sorting each component's watchers.
    pub fn new(graph: &FlowGraph) -> Self {
        let count = graph.components.len();
        let mut watch = Self {
            watchers: vec![Vec::new(); count],
            data_links: vec![Vec::new(); count],
        };
        let tag = |ci: usize| graph.components[ci].tag;
        for (li, l) in graph.design_links.iter().enumerate() {
            let (Some(from), Some(to)) = (l.from, l.to) else {
                continue;
            };
            match l.purpose {
                LinkPurpose::Monitors if tag(from) == KindTag::MonitoringClient => {
                    watch.watchers[to].push(from);
                }
                LinkPurpose::MonitoringData if tag(to) == KindTag::MonitoringService => {
                    watch.data_links[from].push((li, to));
                }
                _ => {}
            }
        }
        for w in &mut watch.watchers {
            w.sort_unstable();
            w.dedup();
        }
        watch
    }

    /// Whether monitoring client `client` can report now.
    pub fn can_report(
        &self,
        client: usize,
        component_up: impl Fn(usize) -> bool,
        link_up: impl Fn(usize) -> bool,
    ) -> bool {
        component_up(client)
            && self.data_links[client]
                .iter()
                .any(|&(li, collector)| link_up(li) && component_up(collector))
    }
}

/// The `unmonitored` findings of `design` with the components `up` (by component index).
///
/// # Complexity
/// O(V + E) plus sorting.
pub fn monitoring_findings(design: &Design, graph: &FlowGraph, up: &[bool]) -> Vec<Finding> {
    let watch = Watch::new(graph);
    let tags: Vec<KindTag> = graph.components.iter().map(|c| c.tag).collect();
    let ids: Vec<&str> = graph.components.iter().map(|c| c.id.as_str()).collect();
    let watched: Vec<bool> = watch
        .watchers
        .iter()
        .map(|clients| clients.iter().any(|&c| up[c]))
        .collect();
    // Monitoring links sent in plaintext by a monitoring client, in link order.
    let mut plaintext = Vec::new();
    for (li, gl) in graph.design_links.iter().enumerate() {
        if matches!(
            gl.purpose,
            LinkPurpose::Monitors | LinkPurpose::MonitoringData
        ) && gl
            .from
            .is_some_and(|ci| tags[ci] == KindTag::MonitoringClient)
            && !design.links[li].encrypted()
        {
            plaintext.push(&design.links[li]);
        }
    }
    let mut findings = Vec::new();
    // Unmonitored machines (component indices, in design order).
    let mut unwatched: Vec<usize> = Vec::new();
    // Monitoring clients with no collector, in design order.
    let mut silent = Vec::new();
    for (ci, &tag) in tags.iter().enumerate() {
        if tag == KindTag::MonitoringClient && up[ci] && !watch.can_report(ci, |c| up[c], |_| true)
        {
            silent.push(ids[ci]);
        }
        if tag.is_machine() && up[ci] && !watched[ci] {
            unwatched.push(ci);
        }
    }
    // Grouped by kind, in kind order: one finding per kind lists them all (a large design
    // can have thousands), and `Finding::involves` still finds each one.
    let mut kinds = KindTag::ALL;
    kinds.sort_unstable();
    let groups = kinds.into_iter().filter_map(|tag| {
        let mut group: Vec<String> = unwatched
            .iter()
            .filter(|&&ci| tags[ci] == tag)
            .map(|&ci| ids[ci].to_owned())
            .collect();
        group.sort_unstable();
        group.dedup();
        (!group.is_empty()).then_some((tag, group))
    });
    for (tag, ids) in groups {
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
                .with_components(ids)
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
