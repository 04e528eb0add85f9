//! Property test of the one engine: on thousands of random small designs (servers running
//! multi-service stacks, replicas, `carries` restrictions, firewalls, load-balancing
//! algorithms, DNS, replicas with and without automatic promotion, components in nested
//! zones), for every component, service, server and zone X and each class C:
//!
//! - X is reported as a SPOF for C ⇔ `check --fail X` serves none of C ⇔ a drill failing X
//!   serves none of C at steady state;
//! - the analysis' served QPS per class with X failed equals the drill's steady state within
//!   1e-9 relative;
//! - the blast radius of a component equals the analysis' share served with it failed;
//! - traffic is conserved at every node.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeSet;

use infraboard::model::{
    Carries, Component, ComponentId, DatabaseRole, DatabaseSettings, DefaultDeny, Design,
    FirewallAction, FirewallRule, FirewallSettings, Kind, KindTag, LbAlgorithm, Link, LinkPurpose,
    Point, Protocol, ServerSettings, Service, ServiceKind, Size, TrafficSource, Zone, ZoneKind,
};
mod drill_common;

use drill_common::drill_served;
use infraboard::sim::drill::blast_radius;
use infraboard::sim::{AnalysisOptions, RequestClass, Rule, analyze};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Spec {
    components: Vec<(u8, u8, u8)>,
    links: Vec<(u8, u8, u8, u8, u8, u8)>,
    dns: Vec<u8>,
    failed: u16,
    /// Per component (by index, cycled): no zone, `az-a`, `az-b` or `rack-1` (inside `az-a`).
    zones: Vec<u8>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((0u8..5, any::<u8>(), 0u8..6), 1..8),
        prop::collection::vec(
            (
                any::<u8>(),
                any::<u8>(),
                any::<u8>(),
                any::<u8>(),
                0u8..3,
                0u8..3,
            ),
            2..24,
        ),
        prop::collection::vec(0u8..3, 0..3),
        any::<u16>(),
        prop::collection::vec(0u8..4, 1..6),
    )
        .prop_map(|(components, links, dns, failed, zones)| Spec {
            components,
            links,
            dns,
            failed,
            zones,
        })
}

fn db_settings(variant: u8) -> DatabaseSettings {
    let role = match variant % 3 {
        0 => DatabaseRole::Primary,
        1 => DatabaseRole::Replica,
        _ => DatabaseRole::MultiPrimaryMember,
    };
    let mut d = DatabaseSettings::with_role(role);
    if role == DatabaseRole::Replica && variant & 8 != 0 {
        d.promote_after_s = Some(30.0);
    }
    d
}

fn build(spec: &Spec) -> (Design, BTreeSet<String>) {
    let mut d = Design::empty("random");
    d.components.push(Component::new(
        "users",
        "users",
        KindTag::Users,
        Point::default(),
    ));
    for (i, &r) in spec.dns.iter().enumerate() {
        let id = format!("dns-{i}");
        let mut c = Component::new(&id, &id, KindTag::Dns, Point::default());
        c.replicas = if r == 2 { 2 } else { 1 };
        d.components.push(c);
        d.links.push(Link::new(
            "users",
            &id,
            LinkPurpose::DnsLookup,
            Protocol::Dns,
        ));
    }
    let mut ids = vec!["users".to_owned()];
    for (i, &(kind, variant, replicas)) in spec.components.iter().enumerate() {
        let id = format!("c{i}");
        let tag = [
            KindTag::Firewall,
            KindTag::LoadBalancer,
            KindTag::Server,
            KindTag::Database,
            KindTag::Service,
        ][usize::from(kind)];
        let mut c = Component::new(&id, &id, tag, Point::default());
        c.replicas = if replicas == 0 { 2 } else { 1 };
        match &mut c.kind {
            Kind::Firewall(fw) => {
                *fw = FirewallSettings {
                    rules: vec![FirewallRule {
                        action: if variant & 1 == 0 {
                            FirewallAction::Allow
                        } else {
                            FirewallAction::Deny
                        },
                        port: Some([80, 443, 3306][usize::from(variant >> 1) % 3]),
                        source: if variant & 8 == 0 {
                            TrafficSource::Any
                        } else {
                            TrafficSource::Internal
                        },
                    }],
                    default_action: DefaultDeny(if variant & 16 == 0 {
                        FirewallAction::Allow
                    } else {
                        FirewallAction::Deny
                    }),
                };
            }
            Kind::LoadBalancer(lb) => lb.algorithm = LbAlgorithm::ALL[usize::from(variant) % 4],
            Kind::Server(server) => {
                let mut services = Vec::new();
                if variant & 1 != 0 {
                    services.push(Service::new("web", ServiceKind::WebServer, "Nginx"));
                }
                if variant & 2 != 0 {
                    services.push(Service::new("app", ServiceKind::AppServer, "Gunicorn"));
                    services.push(Service::new("code", ServiceKind::AppFiles, "code"));
                }
                if variant & 4 != 0 {
                    services.push(Service::new("cache", ServiceKind::Other, "Redis"));
                }
                if variant & 8 != 0 || services.is_empty() {
                    let mut db = Service::new("db", ServiceKind::Database, "MySQL");
                    db.database = Some(db_settings(variant >> 4));
                    services.push(db);
                }
                *server = ServerSettings { services };
            }
            Kind::Database(db) => *db = db_settings(variant),
            _ => {}
        }
        d.components.push(c);
        ids.push(id);
    }
    for (i, &(from, to, fs, ts, carries, port)) in spec.links.iter().enumerate() {
        // The first link always leaves the users, so that most designs carry traffic.
        let from = if i == 0 { 0 } else { from };
        let from_c = &d.components[usize::from(from) % d.components.len()];
        let to_c = &d.components[usize::from(to) % d.components.len()];
        if matches!(to_c.tag(), KindTag::Users | KindTag::Dns)
            || from_c.tag() == KindTag::Dns
            || from_c.id == to_c.id
        {
            continue;
        }
        let end = |c: &Component, pick: u8| {
            let services = c.kind.services();
            if services.is_empty() || !pick.is_multiple_of(3) {
                c.id.to_string()
            } else {
                format!(
                    "{}/{}",
                    c.id,
                    services[usize::from(pick / 3) % services.len()].id
                )
            }
        };
        let mut link = Link::new(
            &end(from_c, fs),
            &end(to_c, ts),
            LinkPurpose::Request,
            Protocol::Http,
        );
        link.port = [80, 443, 3306][usize::from(port)];
        link.carries = Carries::ALL[usize::from(carries)];
        d.links.push(link);
    }
    place_in_zones(&mut d, &spec.zones);
    let all: Vec<String> = d.components.iter().map(|c| c.id.to_string()).collect();
    let failed = all
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            *i > 0 && spec.failed & (1 << (i % 16)) != 0 && spec.failed & 0xC000 == 0xC000
        })
        .map(|(_, id)| id.clone())
        .collect();
    (d, failed)
}

/// Two availability zones, a rack inside the first, and every component but the users placed
/// as `zones` says (cycled).
fn place_in_zones(d: &mut Design, zones: &[u8]) {
    let size = Size { w: 100.0, h: 100.0 };
    let mut rack = Zone::new("rack-1", "rack 1", ZoneKind::Rack, Point::default(), size);
    rack.parent = Some("az-a".into());
    d.zones = vec![
        Zone::new(
            "az-a",
            "AZ a",
            ZoneKind::AvailabilityZone,
            Point::default(),
            size,
        ),
        Zone::new(
            "az-b",
            "AZ b",
            ZoneKind::AvailabilityZone,
            Point::default(),
            size,
        ),
        rack,
    ];
    for (i, c) in d.components.iter_mut().enumerate().skip(1) {
        c.zone = [None, Some("az-a"), Some("az-b"), Some("rack-1")]
            [usize::from(zones[i % zones.len()])]
        .map(ComponentId::from);
    }
}

/// Requests per second served per class (reads, writes) by the analysis with `failed` down.
fn analysis_served(design: &Design, failed: &str) -> [f64; 2] {
    let options = AnalysisOptions {
        failed: BTreeSet::from([failed.to_owned()]),
        ..AnalysisOptions::default()
    };
    let t = analyze(design, &options).traffic;
    [
        t.classes[&RequestClass::Read].served_qps,
        t.classes[&RequestClass::Write].served_qps,
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spof_check_fail_and_drill_agree(spec in spec()) {
        let (design, _) = build(&spec);
        let base = analyze(&design, &AnalysisOptions::default());
        for (id, n) in &base.traffic.nodes {
            let rest = n.served_qps + n.dropped_qps + n.failed_qps;
            prop_assert!((n.offered_qps - rest).abs() <= 1e-6 * n.offered_qps.max(1.0), "{}: {:?}", id, n);
        }
        let served_base = [
            base.traffic.classes[&RequestClass::Read].served_qps,
            base.traffic.classes[&RequestClass::Write].served_qps,
        ];
        let blast = blast_radius(&design);
        // Every component but the users, every request service on a server, every zone.
        let mut targets: Vec<String> = design.zones.iter().map(|z| z.id.to_string()).collect();
        for c in design.components.iter().skip(1) {
            targets.push(c.id.to_string());
            for s in c.kind.services() {
                if s.kind.tier().is_some() {
                    targets.push(format!("{}/{}", c.id, s.id));
                }
            }
        }
        for x in &targets {
            let analysis = analysis_served(&design, x);
            let drill = drill_served(&design, x);
            for (k, class) in RequestClass::ALL.into_iter().enumerate() {
                prop_assert!(
                    close(analysis[k], drill[k]),
                    "{} failed, {:?}: analysis {} vs drill {}", x, class, analysis[k], drill[k]
                );
                if served_base[k] > 0.0 {
                    let spof = base.findings.iter().any(|f| {
                        f.rule == Rule::Spof && f.class == Some(class) && f.components == [x.clone()]
                    });
                    prop_assert_eq!(
                        spof,
                        analysis[k] <= 0.0,
                        "{} failed, {:?}: reported SPOF {} but serves {}\n{}", x, class, spof, analysis[k],
                        ron::ser::to_string_pretty(&design, ron::ser::PrettyConfig::default()).unwrap_or_default()
                    );
                }
            }
            if let Some(row) = blast.iter().find(|r| &r.id == x) {
                let offered = [
                    base.traffic.classes[&RequestClass::Read].offered_qps,
                    base.traffic.classes[&RequestClass::Write].offered_qps,
                ];
                let share = |k: usize| if offered[k] > 0.0 { analysis[k] / offered[k] } else { 1.0 };
                prop_assert!((row.served_fraction_read - share(0)).abs() <= 1e-9, "{}: blast read", x);
                prop_assert!((row.served_fraction_write - share(1)).abs() <= 1e-9, "{}: blast write", x);
            }
        }
    }
}
