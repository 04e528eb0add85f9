//! Property test: the dominator-based SPOF analysis equals a brute-force sweep (remove each
//! component, each service and each server in turn, check whether the class is still servable
//! by BFS) on thousands of random small designs with servers running multi-service stacks,
//! replicas, `carries` restrictions, firewalls, DNS and failed components.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::{BTreeSet, VecDeque};

use infraboard::model::{
    Carries, Component, DatabaseRole, DatabaseSettings, DefaultDeny, Design, FirewallAction,
    FirewallRule, FirewallSettings, Kind, KindTag, LbAlgorithm, Link, LinkPurpose, Point, Protocol,
    ServerSettings, Service, ServiceKind, TrafficSource,
};
use infraboard::sim::graph::FlowGraph;
use infraboard::sim::spof::class_spofs;
use infraboard::sim::{AnalysisOptions, alive_mask, analyze};
use proptest::prelude::*;

/// Whether class `write` is servable with `alive` nodes, straight from the definition: DNS
/// resolves, some terminal is reachable from the entry over live, unblocked links carrying the
/// class; for writes, writers first, replicas with automatic promotion only if no writer is
/// reachable.
fn servable(g: &FlowGraph, alive: &[bool], write: bool) -> bool {
    let up = |v: usize| alive[v];
    if !g.dns.is_empty() && !g.dns.iter().any(|&d| up(d)) {
        return false;
    }
    let Some(entry) = g.entry else { return false };
    if !up(entry) {
        return false;
    }
    let mut seen = vec![false; g.nodes.len()];
    seen[entry] = true;
    let mut queue = VecDeque::from([entry]);
    while let Some(v) = queue.pop_front() {
        for l in &g.links {
            if l.from() == v && !l.blocked && l.carries(write) && up(l.to()) && !seen[l.to()] {
                seen[l.to()] = true;
                queue.push_back(l.to());
            }
        }
    }
    let reached = |pred: &dyn Fn(usize) -> bool| (0..g.nodes.len()).any(|v| seen[v] && pred(v));
    if write {
        reached(&|v| g.nodes[v].accepts_writes || g.nodes[v].leaf)
            || reached(&|v| g.nodes[v].promotable)
    } else {
        reached(&|v| g.nodes[v].is_database || g.nodes[v].leaf)
    }
}

fn brute_force(g: &FlowGraph, alive: &[bool], write: bool) -> (bool, Vec<usize>, Vec<usize>) {
    if !servable(g, alive, write) {
        return (false, Vec::new(), Vec::new());
    }
    let mut nodes = Vec::new();
    for v in 0..g.nodes.len() {
        if Some(v) == g.entry || g.nodes[v].redundant || !alive[v] {
            continue;
        }
        let mut a = alive.to_vec();
        a[v] = false;
        if !servable(g, &a, write) {
            nodes.push(v);
        }
    }
    let entry_component = g.entry.map(|e| g.nodes[e].component());
    let mut servers = Vec::new();
    for group in &g.servers {
        if Some(group.component()) == entry_component
            || group.nodes().any(|v| g.nodes[v].redundant)
            || group.nodes().is_empty()
        {
            continue;
        }
        let mut a = alive.to_vec();
        for v in group.nodes() {
            a[v] = false;
        }
        if !servable(g, &a, write) {
            servers.push(group.component());
        }
    }
    (true, nodes, servers)
}

#[derive(Debug, Clone)]
struct Spec {
    components: Vec<(u8, u8, u8)>,
    links: Vec<(u8, u8, u8, u8, u8, u8)>,
    dns: Vec<u8>,
    failed: u16,
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
    )
        .prop_map(|(components, links, dns, failed)| Spec {
            components,
            links,
            dns,
            failed,
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn dominators_equal_brute_force(spec in spec()) {
        let (design, failed) = build(&spec);
        let g = FlowGraph::build(&design);
        let alive = alive_mask(&g, &failed);
        for write in [false, true] {
            let fast = class_spofs(&g, &alive, write);
            let (ok, nodes, servers) = brute_force(&g, &alive, write);
            prop_assert_eq!(fast.servable, ok, "servable, write={}", write);
            prop_assert_eq!(&fast.nodes, &nodes, "nodes, write={}", write);
            prop_assert_eq!(&fast.servers, &servers, "servers, write={}", write);
            if ok {
                // The witness is a chain of nodes every request passes through, entry first.
                prop_assert_eq!(fast.witness.first().copied(), g.entry);
            }
        }
        // The whole analysis never panics and conserves traffic at every node.
        let analysis = analyze(&design, &AnalysisOptions { failed, ..AnalysisOptions::default() });
        for (id, n) in &analysis.traffic.nodes {
            let rest = n.served_qps + n.dropped_qps + n.failed_qps;
            prop_assert!((n.offered_qps - rest).abs() <= 1e-6 * n.offered_qps.max(1.0), "{}: {:?}", id, n);
        }
    }
}
