//! The one engine's rules, each with a design that triggers it and one that does not, and the
//! analysis, a drill's steady state and the blast radius agreeing on each: where a request
//! ends (dead ends and the `answers` setting), failover (promotion needs a replication link
//! and a failed writer), DNS (no lookup: `no-dns`), replicas (failing one instance of a
//! replicated DNS or load balancer), the queue (ρ = 0.995 exact, ρ = 1.2 saturated), and the
//! same words for dropped and failed requests.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeSet;

use infraboard::io::templates::template;
use infraboard::model::{
    Answers, Capacity, Component, DatabaseRole, DatabaseSettings, Design, Kind, KindTag, Link,
    LinkPurpose, Point, Protocol, ServerSettings, Service, ServiceKind,
};
mod drill_common;

use drill_common::drill_served;
use infraboard::sim::drill::blast_radius;
use infraboard::sim::{Analysis, AnalysisOptions, RequestClass, Rule, analyze};

fn analysis(design: &Design, failed: &[&str]) -> Analysis {
    analyze(
        design,
        &AnalysisOptions {
            failed: failed
                .iter()
                .map(|s| (*s).to_owned())
                .collect::<BTreeSet<_>>(),
            ..AnalysisOptions::default()
        },
    )
}

fn served(a: &Analysis, class: RequestClass) -> f64 {
    a.traffic.classes[&class].served_qps
}

fn has(a: &Analysis, rule: Rule) -> bool {
    a.findings.iter().any(|f| f.rule == rule)
}

fn is_spof(a: &Analysis, id: &str, class: RequestClass) -> bool {
    a.findings
        .iter()
        .any(|f| f.rule == Rule::Spof && f.class == Some(class) && f.components == [id])
}

fn component(id: &str, tag: KindTag) -> Component {
    Component::new(id, id, tag, Point::default())
}

fn server(id: &str, services: Vec<Service>) -> Component {
    let mut c = component(id, KindTag::Server);
    c.kind = Kind::Server(ServerSettings { services });
    c
}

fn request(from: &str, to: &str) -> Link {
    Link::new(from, to, LinkPurpose::Request, Protocol::Http)
}

/// users → (dns) → lb → web (a server running only a web server).
fn web_only(answers: Answers) -> Design {
    let mut d = Design::empty("web only");
    d.components.push(component("users", KindTag::Users));
    d.components.push(component("dns", KindTag::Dns));
    let mut web = Service::new("nginx", ServiceKind::WebServer, "Nginx");
    web.answers = answers;
    d.components.push(server("web", vec![web]));
    d.links.push(Link::new(
        "users",
        "dns",
        LinkPurpose::DnsLookup,
        Protocol::Dns,
    ));
    d.links.push(request("users", "web"));
    d
}

#[test]
fn a_web_server_with_nothing_behind_it_is_a_dead_end() {
    let d = web_only(Answers::Nothing);
    let a = analysis(&d, &[]);
    assert!(has(&a, Rule::DeadEnd));
    assert_eq!(served(&a, RequestClass::Read), 0.0);
    assert_eq!(served(&a, RequestClass::Write), 0.0);
    assert!(has(&a, Rule::Unservable));
}

#[test]
fn a_web_server_answering_reads_serves_reads_only() {
    let d = web_only(Answers::Reads);
    let a = analysis(&d, &[]);
    let offered = d.traffic.offered_qps;
    assert!((served(&a, RequestClass::Read) - offered * d.traffic.read_fraction).abs() < 1e-9);
    assert_eq!(served(&a, RequestClass::Write), 0.0);
    // Writes still end nowhere: named as a dead end for writes only.
    let dead: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.rule == Rule::DeadEnd)
        .collect();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].class, Some(RequestClass::Write));
    let d = web_only(Answers::ReadsAndWrites);
    let a = analysis(&d, &[]);
    assert!(!has(&a, Rule::DeadEnd));
    assert!(served(&a, RequestClass::Write) > 0.0);
}

/// The server holding the only database is a SPOF, and failing it serves nothing.
#[test]
fn the_only_database_is_a_spof_everywhere() {
    let mut d = web_only(Answers::Nothing);
    d.components.push(server(
        "db",
        vec![Service::new("mysql", ServiceKind::Database, "MySQL")],
    ));
    d.links.push(request("web", "db"));
    let a = analysis(&d, &[]);
    assert!(!has(&a, Rule::DeadEnd));
    assert!(is_spof(&a, "db", RequestClass::Read));
    let failed = analysis(&d, &["db"]);
    assert_eq!(served(&failed, RequestClass::Read), 0.0);
    assert_eq!(drill_served(&d, "db"), [0.0, 0.0]);
}

/// app → primary (writes) and app → replica (reads); the replica promotes after 10 s.
fn with_replica(replication_link: bool) -> Design {
    let mut d = web_only(Answers::Nothing);
    let mut primary = component("primary", KindTag::Database);
    primary.kind = Kind::Database(DatabaseSettings::with_role(DatabaseRole::Primary));
    let mut replica = component("replica", KindTag::Database);
    let mut settings = DatabaseSettings::with_role(DatabaseRole::Replica);
    settings.promote_after_s = Some(10.0);
    replica.kind = Kind::Database(settings);
    d.components.push(primary);
    d.components.push(replica);
    d.links.push(request("web", "primary"));
    d.links.push(request("web", "replica"));
    if replication_link {
        d.links.push(Link::new(
            "primary",
            "replica",
            LinkPurpose::Replication,
            Protocol::MySql,
        ));
    }
    d
}

#[test]
fn a_replica_is_promoted_only_with_a_replication_link_from_the_failed_writer() {
    let linked = with_replica(true);
    let a = analysis(&linked, &[]);
    assert!(!is_spof(&a, "primary", RequestClass::Write));
    assert!(!has(&a, Rule::UnpromotableReplica));
    let failed = analysis(&linked, &["primary"]);
    let writes = served(&a, RequestClass::Write);
    assert!((served(&failed, RequestClass::Write) - writes).abs() < 1e-9);
    let drill = drill_served(&linked, "primary");
    assert!((drill[1] - writes).abs() < 1e-9, "{drill:?}");

    let unlinked = with_replica(false);
    let a = analysis(&unlinked, &[]);
    assert!(is_spof(&a, "primary", RequestClass::Write));
    assert!(has(&a, Rule::UnpromotableReplica));
    let failed = analysis(&unlinked, &["primary"]);
    assert_eq!(served(&failed, RequestClass::Write), 0.0);
    assert_eq!(drill_served(&unlinked, "primary")[1], 0.0);
}

#[test]
fn an_entry_without_a_dns_lookup_is_served_and_warned() {
    let mut d = web_only(Answers::Reads);
    d.links.retain(|l| l.purpose != LinkPurpose::DnsLookup);
    let a = analysis(&d, &[]);
    assert!(has(&a, Rule::NoDns));
    assert!(served(&a, RequestClass::Read) > 0.0);
    // Failing the (unused) DNS changes nothing.
    let failed = analysis(&d, &["dns:all"]);
    assert_eq!(
        served(&failed, RequestClass::Read),
        served(&a, RequestClass::Read)
    );
    let with_lookup = web_only(Answers::Reads);
    assert!(!has(&analysis(&with_lookup, &[]), Rule::NoDns));
}

#[test]
fn failing_one_instance_of_a_replicated_dns_or_lb_keeps_serving() {
    let d = template("secured-monitored-web-infrastructure")
        .unwrap()
        .design()
        .unwrap();
    let dns = d.component("dns").unwrap();
    assert!(
        dns.replicas > 1,
        "the reference DNS has several name servers"
    );
    let base = analysis(&d, &[]);
    for class in RequestClass::ALL {
        assert!(!is_spof(&base, "dns", class));
    }
    // One instance down: everything is still served, in the analysis, the drill and the
    // blast radius; every instance down: nothing is.
    let one = analysis(&d, &["dns"]);
    assert_eq!(
        served(&one, RequestClass::Read),
        served(&base, RequestClass::Read)
    );
    let drill = drill_served(&d, "dns");
    assert!((drill[0] - served(&base, RequestClass::Read)).abs() < 1e-9);
    let row = blast_radius(&d)
        .into_iter()
        .find(|r| r.id == "dns")
        .unwrap();
    assert_eq!(row.worst(), 1.0);
    let all = analysis(&d, &["dns:all"]);
    assert_eq!(served(&all, RequestClass::Read), 0.0);
    assert_eq!(drill_served(&d, "dns:all"), [0.0, 0.0]);

    // A load balancer run as a pair (`replicas: 2`): one instance down keeps serving at half
    // its capacity.
    let mut d = template("secured-monitored-web-infrastructure")
        .unwrap()
        .design()
        .unwrap();
    let lb = d.component_mut("lb").unwrap();
    lb.replicas = 2;
    lb.capacity = Capacity::MaxQps { max_qps: 4000.0 };
    let id = lb.id.to_string();
    let base = analysis(&d, &[]);
    let one = analysis(&d, &[id.as_str()]);
    for class in RequestClass::ALL {
        assert!(!is_spof(&base, &id, class));
        assert!(
            (served(&one, class) - served(&base, class)).abs() < 1e-9,
            "{class:?}"
        );
    }
    let row = one.traffic.nodes.get(&id).expect("a row");
    assert!(
        (row.utilization - d.traffic.offered_qps / 2000.0).abs() < 1e-9,
        "{}",
        row.utilization
    );
}

/// users → app (one worker, `service_time_ms`) answering reads and writes.
fn single_queue(service_time_ms: f64, offered_qps: f64) -> Design {
    let mut d = Design::empty("queue");
    d.traffic.offered_qps = offered_qps;
    d.components.push(component("users", KindTag::Users));
    let mut app = Service::new("app", ServiceKind::AppServer, "App");
    app.answers = Answers::ReadsAndWrites;
    app.capacity = Capacity::Workers {
        workers: 1,
        service_time_ms,
    };
    d.components.push(server("app", vec![app]));
    d.links.push(request("users", "app"));
    d
}

#[test]
fn latency_is_erlang_c_up_to_saturation_and_unbounded_beyond() {
    // ρ = 0.995: 1 worker at 2 ms (500 QPS) offered 497.5 QPS: W = 1/(μ − λ) = 400 ms.
    let a = analysis(&single_queue(2.0, 497.5), &[]);
    let row = a.traffic.nodes.get("app/app").expect("a row");
    assert!((row.utilization - 0.995).abs() < 1e-12);
    assert!((row.latency_ms - 400.0).abs() < 1e-6, "{}", row.latency_ms);
    assert_eq!(row.dropped_qps, 0.0);
    // ρ = 1.2: serves its capacity, drops the rest, latency unbounded.
    let a = analysis(&single_queue(2.0, 600.0), &[]);
    let row = a.traffic.nodes.get("app/app").expect("a row");
    assert!((row.served_qps - 500.0).abs() < 1e-9);
    assert!((row.dropped_qps - 100.0).abs() < 1e-9);
    assert_eq!(row.failed_qps, 0.0);
    assert!(row.latency_ms.is_infinite());
    assert!(
        a.traffic.classes[&RequestClass::Read]
            .latency_ms
            .is_infinite()
    );
    assert!(has(&a, Rule::OverCapacity));
}

#[test]
fn several_writers_that_do_not_replicate_are_flagged() {
    let mut d = with_replica(true);
    let mut second = component("primary-2", KindTag::Database);
    second.kind = Kind::Database(DatabaseSettings::with_role(DatabaseRole::Primary));
    d.components.push(second);
    d.links.push(request("web", "primary-2"));
    assert!(has(&analysis(&d, &[]), Rule::UnreplicatedWriters));
    d.links.push(Link::new(
        "primary",
        "primary-2",
        LinkPurpose::Replication,
        Protocol::MySql,
    ));
    assert!(!has(&analysis(&d, &[]), Rule::UnreplicatedWriters));
    assert!(!has(
        &analysis(&with_replica(true), &[]),
        Rule::UnreplicatedWriters
    ));
}

#[test]
fn https_into_a_component_that_does_not_handle_tls_is_flagged() {
    let mut d = web_only(Answers::Reads);
    d.links[1].protocol = Protocol::Https;
    d.links[1].port = 443;
    assert!(has(&analysis(&d, &[]), Rule::TlsMisconfigured));
    d.components[2].tls.mode = infraboard::model::TlsMode::Terminate;
    assert!(!has(&analysis(&d, &[]), Rule::TlsMisconfigured));
}
