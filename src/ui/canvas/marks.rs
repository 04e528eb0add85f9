//! What the overlays show, derived once per design revision from the analysis: SPOFs per
//! class, plaintext hops, served QPS and utilisation, unmonitored and exposed components.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Design;
use crate::sim::{Analysis, RequestClass, Rule};

/// Overlay marks of one component.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeMarks {
    /// Request classes for which it is a single point of failure.
    pub spof: BTreeSet<RequestClass>,
    /// Served QPS, if the traffic model reached it.
    pub served_qps: Option<f64>,
    /// Utilisation (0..).
    pub utilization: f64,
    /// Requests dropped or failed here.
    pub lost_qps: f64,
    /// No monitoring watches it.
    pub unmonitored: bool,
    /// Reachable from the Internet where it should not be.
    pub exposed: bool,
    /// A firewall dropping traffic the design needs.
    pub blocks: bool,
    /// Down in a running drill (drawn greyed with a cross).
    pub failed: bool,
}

/// Overlay marks of the whole design.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// Per component id.
    pub nodes: BTreeMap<String, NodeMarks>,
    /// Per link index: QPS carried.
    pub link_qps: Vec<f64>,
    /// Per link index: a plaintext hop after TLS termination.
    pub link_plaintext_after_tls: Vec<bool>,
    /// Highest link QPS (for scaling widths).
    pub max_link_qps: f64,
}

fn component_of(name: &str) -> &str {
    name.split_once('/').map_or(name, |(c, _)| c)
}

impl Marks {
    /// Derives the marks.
    pub fn new(design: &Design, analysis: &Analysis) -> Self {
        let mut nodes: BTreeMap<String, NodeMarks> = BTreeMap::new();
        let mut plaintext = vec![false; design.links.len()];
        // Design links by their end components, to mark the links a finding names.
        let mut by_ends: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (i, l) in design.links.iter().enumerate() {
            by_ends
                .entry((l.from.component.as_str(), l.to.component.as_str()))
                .or_default()
                .push(i);
        }
        for f in &analysis.findings {
            for c in &f.components {
                let m = nodes.entry(component_of(c).to_owned()).or_default();
                match f.rule {
                    Rule::Spof => {
                        match f.class {
                            Some(class) => m.spof.insert(class),
                            None => {
                                m.spof.insert(RequestClass::Read)
                                    | m.spof.insert(RequestClass::Write)
                            }
                        };
                    }
                    Rule::Unmonitored => m.unmonitored = true,
                    Rule::ExposedToInternet => m.exposed = true,
                    _ => {}
                }
            }
            // The finding names the firewall first, then the source and the destination.
            if f.rule == Rule::FirewallBlocksTraffic
                && let Some(fw) = f.components.first()
            {
                nodes.entry(component_of(fw).to_owned()).or_default().blocks = true;
            }
            if f.rule == Rule::PlaintextAfterTlsTermination {
                for lr in &f.links {
                    let ends = (lr.from.component.as_str(), lr.to.component.as_str());
                    for &i in by_ends.get(&ends).map_or(&[][..], Vec::as_slice) {
                        if let Some(p) = plaintext.get_mut(i) {
                            *p = true;
                        }
                    }
                }
            }
        }
        for (id, t) in &analysis.traffic.nodes {
            if id.contains('/') {
                continue;
            }
            let m = nodes.entry(id.to_owned()).or_default();
            m.served_qps = Some(t.served_qps);
            m.utilization = t.utilization;
            m.lost_qps = t.dropped_qps + t.failed_qps;
        }
        let mut link_qps = vec![0.0; design.links.len()];
        for lt in &analysis.traffic.links {
            if let Some(q) = link_qps.get_mut(lt.link) {
                *q += lt.qps;
            }
        }
        let max_link_qps = link_qps.iter().copied().fold(0.0, f64::max);
        Self {
            nodes,
            link_qps,
            link_plaintext_after_tls: plaintext,
            max_link_qps,
        }
    }

    /// The marks of component `id`.
    pub fn node(&self, id: &str) -> Option<&NodeMarks> {
        self.nodes.get(id)
    }
}

/// Formats a rate compactly: `950`, `1.2k`, `34k`.
pub fn format_qps(qps: f64) -> String {
    if !qps.is_finite() {
        "∞".to_owned()
    } else if qps >= 9_999.5 {
        format!("{:.0}k", qps / 1000.0)
    } else if qps >= 999.5 {
        format!("{:.1}k", qps / 1000.0)
    } else {
        format!("{qps:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qps_is_compact() {
        assert_eq!(format_qps(950.0), "950");
        assert_eq!(format_qps(1234.0), "1.2k");
        assert_eq!(format_qps(34_000.0), "34k");
    }
}
