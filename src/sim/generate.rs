//! Generated layered designs for benchmarks and property tests: clusters of a load balancer,
//! web servers, application servers and databases behind one entry, laid out on a grid.

use crate::model::{
    Capacity, Carries, Component, DatabaseRole, DatabaseSettings, Design, Kind, KindTag, Link,
    LinkPurpose, Point, Protocol, ServerSettings, Service, ServiceKind,
};

/// Components in one generated cluster (LB, 8 web, 4 app, 2 databases, 1 monitoring client).
pub const CLUSTER_SIZE: usize = 16;

/// A valid layered design with about `components` components (at least one cluster): users,
/// DNS, an edge firewall, then clusters of LB → web → app → database, each monitored.
/// Deterministic in `seed` (which varies capacities slightly).
pub fn layered_design(components: usize, seed: u64) -> Design {
    let clusters = (components.saturating_sub(5) / CLUSTER_SIZE).max(1);
    let mut rng = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move || {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (rng >> 33) as f64 / f64::from(u32::MAX >> 1)
    };
    let mut d = Design::empty(&format!("Generated layered design ({clusters} clusters)"));
    d.traffic.offered_qps = 200.0 * clusters as f64;
    let comp = |d: &mut Design, id: &str, tag: KindTag, x: f32, y: f32| {
        d.components
            .push(Component::new(id, id, tag, Point::new(x, y)));
    };
    comp(&mut d, "users", KindTag::Users, 0.0, 0.0);
    comp(&mut d, "dns", KindTag::Dns, 0.0, -200.0);
    comp(&mut d, "fw", KindTag::Firewall, 200.0, 0.0);
    comp(
        &mut d,
        "collector",
        KindTag::MonitoringService,
        200.0,
        -200.0,
    );
    let link = |d: &mut Design, from: &str, to: &str, purpose, protocol| {
        d.links.push(Link::new(from, to, purpose, protocol));
    };
    link(
        &mut d,
        "users",
        "dns",
        LinkPurpose::DnsLookup,
        Protocol::Dns,
    );
    link(&mut d, "users", "fw", LinkPurpose::Request, Protocol::Https);
    if let Some(Kind::Firewall(fw)) = d.components.get_mut(2).map(|c| &mut c.kind) {
        fw.rules.push(crate::model::FirewallRule {
            action: crate::model::FirewallAction::Allow,
            port: Some(443),
            source: crate::model::TrafficSource::Any,
        });
    }
    for k in 0..clusters {
        let y0 = (k as f32) * 900.0;
        let lb = format!("c{k}-lb");
        comp(&mut d, &lb, KindTag::LoadBalancer, 450.0, y0 + 400.0);
        link(&mut d, "fw", &lb, LinkPurpose::Request, Protocol::Https);
        let dbs: Vec<String> = (0..2).map(|i| format!("c{k}-db-{i}")).collect();
        for (i, db) in dbs.iter().enumerate() {
            comp(
                &mut d,
                db,
                KindTag::Database,
                1350.0,
                y0 + 200.0 + 400.0 * i as f32,
            );
            if let Some(c) = d.components.last_mut() {
                let role = if i == 0 {
                    DatabaseRole::Primary
                } else {
                    DatabaseRole::Replica
                };
                c.kind = Kind::Database(DatabaseSettings::with_role(role));
                c.capacity = Capacity::Workers {
                    workers: 32,
                    service_time_ms: 3.0 + next(),
                };
            }
        }
        link(
            &mut d,
            &dbs[0],
            &dbs[1],
            LinkPurpose::Replication,
            Protocol::MySql,
        );
        let apps: Vec<String> = (0..4).map(|i| format!("c{k}-app-{i}")).collect();
        for (i, app) in apps.iter().enumerate() {
            comp(&mut d, app, KindTag::Server, 1050.0, y0 + 200.0 * i as f32);
            if let Some(c) = d.components.last_mut() {
                c.kind = Kind::Server(ServerSettings {
                    services: vec![
                        Service::new("app", ServiceKind::AppServer, "Gunicorn").with_capacity(
                            Capacity::Workers {
                                workers: 16,
                                service_time_ms: 10.0 + 4.0 * next(),
                            },
                        ),
                    ],
                });
            }
            link(&mut d, app, &dbs[1], LinkPurpose::Request, Protocol::MySql);
            if let Some(l) = d.links.last_mut() {
                *l = l.clone().carrying(Carries::Reads);
            }
            link(&mut d, app, &dbs[0], LinkPurpose::Request, Protocol::MySql);
        }
        for i in 0..8 {
            let web = format!("c{k}-web-{i}");
            comp(&mut d, &web, KindTag::Server, 750.0, y0 + 100.0 * i as f32);
            if let Some(c) = d.components.last_mut() {
                c.kind = Kind::Server(ServerSettings {
                    services: vec![
                        Service::new("nginx", ServiceKind::WebServer, "Nginx").with_capacity(
                            Capacity::Workers {
                                workers: 8,
                                service_time_ms: 2.0,
                            },
                        ),
                    ],
                });
            }
            link(&mut d, &lb, &web, LinkPurpose::Request, Protocol::Http);
            link(
                &mut d,
                &web,
                &apps[i % 4],
                LinkPurpose::Request,
                Protocol::Http,
            );
            link(
                &mut d,
                &web,
                &apps[(i + 1) % 4],
                LinkPurpose::Request,
                Protocol::Http,
            );
        }
        let mon = format!("c{k}-mon");
        comp(&mut d, &mon, KindTag::MonitoringClient, 1650.0, y0 + 400.0);
        link(
            &mut d,
            &mon,
            "collector",
            LinkPurpose::MonitoringData,
            Protocol::Https,
        );
        for target in [&lb].into_iter().chain(dbs.iter()) {
            link(&mut d, &mon, target, LinkPurpose::Monitors, Protocol::Https);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;

    #[test]
    fn generated_designs_are_valid_and_sized() {
        for n in [10, 100, 1000] {
            let d = layered_design(n, 7);
            assert!(validate(&d).is_empty(), "{:?}", validate(&d));
            let size = d.components.len() as i64;
            assert!((size - n.max(CLUSTER_SIZE + 4) as i64).abs() <= CLUSTER_SIZE as i64 + 4);
        }
        assert_eq!(layered_design(500, 1), layered_design(500, 1));
    }
}
