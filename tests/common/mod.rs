//! A plausible hand-built analysis for any design, to test overlays while `analyze` is a stub.

#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use infraboard::model::{Capacity, Design, KindTag, LinkPurpose};
use infraboard::sim::{
    Analysis, Finding, FindingSeverity, LinkTraffic, NodeTraffic, RequestClass, Rule, TrafficReport,
};

fn finding(rule: Rule, class: Option<RequestClass>, component: String) -> Finding {
    Finding {
        severity: FindingSeverity::Error,
        rule,
        class,
        components: vec![component],
        links: Vec::new(),
        message: String::new(),
        why: String::new(),
        fix: String::new(),
        witness: Vec::new(),
    }
}

/// SPOFs: load balancers and entry firewalls that are alone of their kind, and MySQL primaries
/// (writes); unmonitored: machines nothing monitors; exposed: machines users reach directly;
/// traffic: the offered load split evenly, utilisation cycling green/amber/red.
pub fn sample_analysis(design: &Design) -> Analysis {
    let mut findings = Vec::new();
    let offered = design.traffic.offered_qps;
    let count = |tag: KindTag| design.components.iter().filter(|c| c.tag() == tag).count();
    let utils = [0.25, 0.45, 0.7, 0.92];
    let mut report = TrafficReport {
        offered_qps: offered,
        served_qps: offered,
        ..TrafficReport::default()
    };
    for (i, c) in design.components.iter().enumerate() {
        let id = c.id.to_string();
        let tag = c.tag();
        if matches!(tag, KindTag::LoadBalancer) && count(tag) == 1 {
            findings.push(finding(Rule::Spof, None, id.clone()));
        }
        if tag.is_machine()
            && !design
                .links
                .iter()
                .any(|l| l.purpose == LinkPurpose::Monitors && l.to.component == c.id)
        {
            findings.push(finding(Rule::Unmonitored, None, id.clone()));
        }
        if tag.is_machine()
            && design.links.iter().any(|l| {
                l.to.component == c.id
                    && design
                        .component(l.from.component.as_str())
                        .is_some_and(|f| f.tag() == KindTag::Users)
            })
        {
            findings.push(finding(Rule::ExposedToInternet, None, id.clone()));
        }
        let share = offered / count(tag).max(1) as f64;
        let util = if c.capacity == Capacity::Unlimited {
            0.0
        } else {
            utils[i % 4]
        };
        if !matches!(tag, KindTag::MonitoringClient | KindTag::MonitoringService) {
            report.nodes.insert(
                id.clone(),
                NodeTraffic {
                    kind: tag.key(),
                    offered_qps: share,
                    served_qps: share,
                    utilization: util,
                    ..NodeTraffic::default()
                },
            );
        }
        for (j, s) in c.kind.services().iter().enumerate() {
            let key = format!("{id}/{}", s.id);
            if let Some(db) = &s.database
                && db.accepts_writes
            {
                findings.push(finding(Rule::Spof, Some(RequestClass::Write), key.clone()));
            }
            let util = if s.capacity == Capacity::Unlimited {
                0.0
            } else {
                utils[(i + j) % 4]
            };
            report.nodes.insert(
                key.clone(),
                NodeTraffic {
                    kind: s.kind.key(),
                    offered_qps: share,
                    served_qps: share,
                    utilization: util,
                    ..NodeTraffic::default()
                },
            );
        }
    }
    for (li, l) in design.links.iter().enumerate() {
        if l.purpose == LinkPurpose::Request {
            let fan = design
                .links
                .iter()
                .filter(|o| {
                    o.purpose == LinkPurpose::Request && o.from.component == l.from.component
                })
                .count()
                .max(1);
            report.links.push(LinkTraffic {
                link: li,
                qps: offered / fan as f64,
                failed_qps: 0.0,
            });
        }
    }
    findings.sort();
    Analysis {
        findings,
        traffic: report,
    }
}
