//! Random small designs for property tests (included with `mod random_design;`): servers
//! running multi-service stacks, replicas, `carries` restrictions, firewalls, load-balancing
//! algorithms, DNS, replicas with and without automatic promotion, components in nested zones,
//! caches (hit ratios 0 to 1), CDNs with and without serve-stale, queues and object storage.
#![allow(dead_code, clippy::unwrap_used)] // shared test helpers

use std::collections::BTreeSet;

use infraboard::model::{
    Carries, Component, ComponentId, DatabaseRole, DatabaseSettings, DefaultDeny, Design,
    FirewallAction, FirewallRule, FirewallSettings, Kind, KindTag, LbAlgorithm, Link, LinkPurpose,
    Point, Protocol, ServerSettings, Service, ServiceKind, Size, TrafficSource, Zone, ZoneKind,
};
use proptest::prelude::*;

/// The shape of one random design.
#[derive(Debug, Clone)]
pub struct Spec {
    pub components: Vec<(u8, u8, u8)>,
    pub links: Vec<(u8, u8, u8, u8, u8, u8)>,
    pub dns: Vec<u8>,
    pub failed: u16,
    /// Per component (by index, cycled): no zone, `az-a`, `az-b` or `rack-1` (inside `az-a`).
    pub zones: Vec<u8>,
}

pub fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((0u8..9, any::<u8>(), 0u8..6), 1..8),
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

pub fn build(spec: &Spec) -> (Design, BTreeSet<String>) {
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
            KindTag::Cache,
            KindTag::Cdn,
            KindTag::Queue,
            KindTag::ObjectStorage,
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
            Kind::Cache(cache) => cache.hit_ratio = [0.0, 0.5, 0.9, 1.0][usize::from(variant % 4)],
            Kind::Cdn(cdn) => {
                cdn.serve_stale = variant & 1 != 0;
                cdn.hit_ratio = [0.0, 0.9][usize::from(variant >> 1) % 2];
            }
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
