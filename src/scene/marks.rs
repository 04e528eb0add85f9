//! What the overlays mark, read once from an [`Analysis`]: SPOFs per class, firewalls that
//! block needed traffic, unmonitored and exposed machines, traffic per node and per link.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Design, Endpoint};
use crate::sim::{Analysis, NodeTraffic, RequestClass, Rule};

/// Overlay marks by component id (or `server/service` for services).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Marks {
    /// SPOF classes per component id or `server/service`.
    pub spof: BTreeMap<String, BTreeSet<RequestClass>>,
    /// Machines without working monitoring.
    pub unmonitored: BTreeSet<String>,
    /// Components reachable from the Internet without a firewall in between.
    pub exposed: BTreeSet<String>,
    /// Firewalls that drop a flow the design needs (`firewall-blocks-traffic`).
    pub blocking: BTreeSet<String>,
    /// Traffic per component id and per `server/service`.
    pub nodes: BTreeMap<String, NodeTraffic>,
    /// Requests per second per link, in the design's link order.
    pub link_qps: Vec<f64>,
}

impl Marks {
    /// SPOF classes of component `id`, including those of its services.
    pub fn spof_classes(&self, id: &str) -> BTreeSet<RequestClass> {
        self.spof
            .iter()
            .filter(|(k, _)| {
                k.as_str() == id || k.strip_prefix(id).is_some_and(|rest| rest.starts_with('/'))
            })
            .flat_map(|(_, classes)| classes.iter().copied())
            .collect()
    }

    /// The traffic at a node (`id` or `server/service`).
    pub fn traffic(&self, key: &str) -> Option<&NodeTraffic> {
        self.nodes.get(key)
    }
}

/// Reads the marks for `design` from `analysis`.
pub fn marks_from_analysis(design: &Design, analysis: &Analysis) -> Marks {
    let mut marks = Marks::default();
    for f in &analysis.findings {
        match f.rule {
            Rule::Spof => {
                for c in &f.components {
                    let classes = marks.spof.entry(c.clone()).or_default();
                    match f.class {
                        Some(class) => {
                            classes.insert(class);
                        }
                        None => classes.extend(RequestClass::ALL),
                    }
                }
            }
            Rule::Unmonitored => marks.unmonitored.extend(f.components.iter().cloned()),
            Rule::ExposedToInternet => marks.exposed.extend(f.components.iter().cloned()),
            // The finding names the firewall first, then the source and the destination.
            Rule::FirewallBlocksTraffic => marks.blocking.extend(f.components.first().cloned()),
            _ => {}
        }
    }
    marks.nodes = analysis.traffic.nodes.clone();
    let mut by_ends: BTreeMap<(&Endpoint, &Endpoint), f64> = BTreeMap::new();
    for lt in &analysis.traffic.links {
        if let Some(l) = design.links.get(lt.link)
            && lt.qps.is_finite()
        {
            *by_ends.entry((&l.from, &l.to)).or_default() += lt.qps.max(0.0);
        }
    }
    marks.link_qps = design
        .links
        .iter()
        .map(|l| by_ends.get(&(&l.from, &l.to)).copied().unwrap_or(0.0))
        .collect();
    marks
}
