//! The analysis rules on real designs: the reference design's "done when" facts, the scale-up
//! design being clean, one design that triggers and one that does not per rule, the M/M/c
//! latency against closed forms, conservation of traffic everywhere, and determinism.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeSet;

use infraboard::io::templates::template;
use infraboard::model::{
    Capacity, Component, DatabaseSettings, Design, FirewallAction, FirewallRule, IsoDate, Kind,
    KindTag, LbAlgorithm, Link, LinkPurpose, Point, Protocol, TlsMode, TrafficSource,
};
use infraboard::sim::generate::layered_design;
use infraboard::sim::queue::mmc;
use infraboard::sim::{
    Analysis, AnalysisOptions, Finding, FindingSeverity, RequestClass, Rule, analyze,
    check_failed_ids,
};

fn load(name: &str) -> Design {
    template(name)
        .expect("template exists")
        .design()
        .expect("template parses")
}

fn options() -> AnalysisOptions {
    AnalysisOptions {
        today: IsoDate::parse("2026-11-21").expect("date"),
        ..AnalysisOptions::default()
    }
}

fn run(design: &Design) -> Analysis {
    analyze(design, &options())
}

fn run_with(design: &Design, failed: &[&str], qps: Option<f64>) -> Analysis {
    let mut o = options();
    o.failed = failed.iter().map(|s| (*s).to_owned()).collect();
    o.offered_qps = qps;
    analyze(design, &o)
}

fn of_rule(a: &Analysis, rule: Rule) -> Vec<&Finding> {
    a.findings.iter().filter(|f| f.rule == rule).collect()
}

fn is_spof(a: &Analysis, id: &str, class: RequestClass) -> bool {
    a.findings
        .iter()
        .any(|f| f.rule == Rule::Spof && f.class == Some(class) && f.components == [id])
}

fn offered(a: &Analysis, id: &str) -> f64 {
    a.traffic.nodes.get(id).map_or(f64::NAN, |n| n.offered_qps)
}

fn component_mut<'a>(d: &'a mut Design, id: &str) -> &'a mut Component {
    d.component_mut(id).expect("component exists")
}

const REFERENCE: &str = "secured-monitored-web-infrastructure";

// ---- The reference design -------------------------------------------------------------------

#[test]
fn reference_lb_and_edge_firewall_are_spofs_for_both_classes() {
    let a = run(&load(REFERENCE));
    for class in RequestClass::ALL {
        assert!(is_spof(&a, "lb", class), "lb {class:?}");
        assert!(is_spof(&a, "fw-lb", class), "fw-lb {class:?}");
        // DNS has four name servers: not a SPOF by itself; the entry never is.
        assert!(!is_spof(&a, "dns", class));
        assert!(!is_spof(&a, "users", class));
    }
    let lb = a
        .findings
        .iter()
        .find(|f| f.rule == Rule::Spof && f.components == ["lb"])
        .expect("lb finding");
    assert_eq!(lb.witness.first().map(String::as_str), Some("users"));
    assert!(lb.witness.contains(&"fw-lb".to_owned()) && lb.witness.contains(&"lb".to_owned()));
    assert!(!lb.why.is_empty() && !lb.fix.is_empty());
}

#[test]
fn reference_mysql_primary_is_a_spof_for_writes_only() {
    let a = run(&load(REFERENCE));
    assert!(is_spof(&a, "server-1/mysql", RequestClass::Write));
    assert!(!is_spof(&a, "server-1/mysql", RequestClass::Read));
    assert!(is_spof(&a, "server-1", RequestClass::Write));
    assert!(!is_spof(&a, "server-1", RequestClass::Read));
    assert!(!is_spof(&a, "server-2", RequestClass::Read));
    assert!(!is_spof(&a, "server-2/mysql", RequestClass::Write));
}

#[test]
fn reference_links_after_lb_are_plaintext() {
    let a = run(&load(REFERENCE));
    let found: BTreeSet<(String, String)> = of_rule(&a, Rule::PlaintextAfterTlsTermination)
        .iter()
        .inspect(|f| assert!(f.components.contains(&"lb".to_owned()), "{f:?}"))
        .flat_map(|f| {
            f.links
                .iter()
                .map(|l| (l.from.to_string(), l.to.to_string()))
        })
        .collect();
    for (from, to) in [
        ("lb", "fw-1"),
        ("fw-1", "server-1"),
        ("lb", "fw-2"),
        ("fw-2", "server-2"),
        ("server-2/app", "server-1/mysql"),
    ] {
        assert!(
            found.contains(&(from.to_owned(), to.to_owned())),
            "{from} -> {to}: {found:?}"
        );
    }
    assert_eq!(found.len(), 5);
    assert!(
        of_rule(&a, Rule::PlaintextAfterTlsTermination)
            .iter()
            .all(|f| f.severity == FindingSeverity::Error)
    );
}

#[test]
fn reference_servers_share_fate() {
    let a = run(&load(REFERENCE));
    let shared = of_rule(&a, Rule::SharedFate);
    assert!(shared.iter().any(|f| f.severity == FindingSeverity::Warning
        && f.components.contains(&"server-1".to_owned())
        && f.components.contains(&"server-2".to_owned())));
}

#[test]
fn reference_web_servers_split_the_load() {
    let a = run_with(&load(REFERENCE), &[], Some(1000.0));
    for server in ["server-1/nginx", "server-2/nginx"] {
        assert!(
            (offered(&a, server) - 500.0).abs() < 1.0,
            "{server}: {}",
            offered(&a, server)
        );
        assert!(
            (a.traffic
                .nodes
                .get(server)
                .expect("a traffic row")
                .served_qps
                - 500.0)
                .abs()
                < 1.0
        );
    }
    assert_eq!(
        a.traffic
            .nodes
            .get("server-1/nginx")
            .expect("a traffic row")
            .kind,
        "web_server"
    );
    // Reads stay on each server's database; writes all go to the primary.
    assert!((offered(&a, "server-2/mysql") - 450.0).abs() < 1e-6);
    assert!((offered(&a, "server-1/mysql") - 550.0).abs() < 1e-6);
    let reads = &a.traffic.classes[&RequestClass::Read];
    assert!((reads.served_qps - 900.0).abs() < 1e-6);
    assert!(reads.latency_ms > 0.0);
}

#[test]
fn reference_with_server_2_down_serves_reads_through_server_1() {
    let a = run_with(&load(REFERENCE), &["server-2"], Some(1000.0));
    assert!((a.traffic.classes[&RequestClass::Read].served_qps - 900.0).abs() < 1e-6);
    assert!((a.traffic.classes[&RequestClass::Write].served_qps - 100.0).abs() < 1e-6);
    assert!((offered(&a, "server-1/nginx") - 1000.0).abs() < 1e-6);
    assert!(offered(&a, "server-2/nginx").abs() < 1e-9);
    assert!(a.traffic.nodes.get("server-2").expect("a traffic row").down);
    // With server-2 gone, server-1 now carries reads alone: it becomes a read SPOF.
    assert!(is_spof(&a, "server-1", RequestClass::Read));
}

// ---- The scale-up design --------------------------------------------------------------------

#[test]
fn scale_up_has_none_of_the_three_issues() {
    let a = run(&load("scale-up"));
    assert!(
        of_rule(&a, Rule::PlaintextAfterTlsTermination).is_empty(),
        "{:?}",
        a.findings
    );
    let d = load("scale-up");
    let db_ids: Vec<String> = d
        .components
        .iter()
        .filter(|c| c.tag() == KindTag::Database)
        .map(|c| c.id.to_string())
        .collect();
    assert!(!a.findings.iter().any(|f| f.rule == Rule::Spof
        && f.class == Some(RequestClass::Write)
        && f.components.iter().any(|c| db_ids.contains(c))));
    assert!(
        of_rule(&a, Rule::Spof).is_empty(),
        "{:?}",
        of_rule(&a, Rule::Spof)
    );
    assert!(
        of_rule(&a, Rule::SharedFate)
            .iter()
            .all(|f| f.severity == FindingSeverity::Info),
        "{:?}",
        of_rule(&a, Rule::SharedFate)
    );
    assert!(
        !a.findings
            .iter()
            .any(|f| f.severity == FindingSeverity::Error),
        "{:?}",
        a.findings
    );
}

// ---- spof -----------------------------------------------------------------------------------

#[test]
fn spof_replica_with_automatic_promotion_removes_the_write_spof() {
    let mut d = load(REFERENCE);
    if let Kind::Server(s) = &mut component_mut(&mut d, "server-2").kind
        && let Some(db) = s.services.iter_mut().find(|s| s.id == "mysql")
    {
        db.database = Some(DatabaseSettings {
            promote_after_s: Some(30.0),
            ..DatabaseSettings::with_role(infraboard::model::DatabaseRole::Replica)
        });
    }
    let a = run(&d);
    assert!(!is_spof(&a, "server-1/mysql", RequestClass::Write));
    // Failing the primary promotes the replica: writes still served.
    let failed = run_with(&d, &["server-1/mysql"], None);
    assert!((failed.traffic.classes[&RequestClass::Write].served_qps - 100.0).abs() < 1e-6);
}

#[test]
fn spof_replicas_above_one_are_not_spofs() {
    let mut d = load(REFERENCE);
    component_mut(&mut d, "lb").replicas = 2;
    component_mut(&mut d, "fw-lb").replicas = 2;
    let a = run(&d);
    for class in RequestClass::ALL {
        assert!(!is_spof(&a, "lb", class));
        assert!(!is_spof(&a, "fw-lb", class));
    }
}

#[test]
fn spof_unservable_when_the_only_path_is_down() {
    let a = run_with(&load(REFERENCE), &["lb"], None);
    let unservable = of_rule(&a, Rule::Unservable);
    assert_eq!(unservable.len(), 2);
    assert!(a.traffic.served_qps.abs() < 1e-9);
    assert!((a.traffic.failed_qps - 1000.0).abs() < 1e-6);
    assert!(of_rule(&run(&load(REFERENCE)), Rule::Unservable).is_empty());
}

#[test]
fn spof_lone_dns_is_a_spof() {
    let mut d = load(REFERENCE);
    component_mut(&mut d, "dns").replicas = 1;
    let a = run(&d);
    assert!(is_spof(&a, "dns", RequestClass::Read));
    let down = run_with(&d, &["dns"], None);
    assert!(down.traffic.served_qps.abs() < 1e-9);
}

// ---- plaintext-after-tls-termination --------------------------------------------------------

#[test]
fn plaintext_not_reported_with_passthrough() {
    let mut d = load("distributed-web-infrastructure");
    component_mut(&mut d, "lb").tls.mode = TlsMode::Passthrough;
    let a = run(&d);
    assert!(of_rule(&a, Rule::PlaintextAfterTlsTermination).is_empty());
    // Terminating at the same LB triggers it.
    component_mut(&mut d, "lb").tls.mode = TlsMode::Terminate;
    let a = run(&d);
    assert!(!of_rule(&a, Rule::PlaintextAfterTlsTermination).is_empty());
}

// ---- no-https -------------------------------------------------------------------------------

#[test]
fn no_https_for_plain_http_entry() {
    let a = run(&load("simple-web-stack"));
    assert_eq!(of_rule(&a, Rule::NoHttps).len(), 1);
    assert!(of_rule(&run(&load(REFERENCE)), Rule::NoHttps).is_empty());
}

#[test]
fn no_https_for_expired_or_expiring_certificates() {
    let d = load(REFERENCE);
    let mut o = options();
    o.today = IsoDate::parse("2027-10-01").expect("date");
    let expired = analyze(&d, &o);
    let f = of_rule(&expired, Rule::NoHttps);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, FindingSeverity::Error);
    o.today = IsoDate::parse("2027-09-10").expect("date");
    let soon = analyze(&d, &o);
    assert_eq!(
        of_rule(&soon, Rule::NoHttps)[0].severity,
        FindingSeverity::Warning
    );
    let mut wrong = d.clone();
    wrong.domain = "www.example.org".to_owned();
    assert_eq!(of_rule(&run(&wrong), Rule::NoHttps).len(), 1);
}

// ---- exposed-to-internet / firewall-blocks-traffic ------------------------------------------

#[test]
fn exposed_without_firewall() {
    let a = run(&load("simple-web-stack"));
    let exposed = of_rule(&a, Rule::ExposedToInternet);
    assert_eq!(exposed.len(), 1);
    assert_eq!(exposed[0].severity, FindingSeverity::Warning);
    assert!(exposed[0].involves("server-1"));
    assert!(of_rule(&run(&load(REFERENCE)), Rule::ExposedToInternet).is_empty());
}

#[test]
fn exposed_database_port_is_an_error() {
    let mut d = load(REFERENCE);
    let mut db = Component::new("db", "db", KindTag::Database, Point::default());
    db.capacity = Capacity::MaxQps { max_qps: 1e4 };
    d.components.push(db);
    d.links.push(Link::new(
        "fw-lb",
        "db",
        LinkPurpose::Request,
        Protocol::MySql,
    ));
    if let Kind::Firewall(fw) = &mut component_mut(&mut d, "fw-lb").kind {
        fw.rules.push(FirewallRule {
            action: FirewallAction::Allow,
            port: Some(3306),
            source: TrafficSource::Any,
        });
    }
    let a = run(&d);
    let exposed = of_rule(&a, Rule::ExposedToInternet);
    assert!(
        exposed
            .iter()
            .any(|f| f.severity == FindingSeverity::Error && f.involves("db")),
        "{exposed:?}"
    );
}

#[test]
fn firewall_blocking_a_needed_flow() {
    let mut d = load(REFERENCE);
    if let Kind::Firewall(fw) = &mut component_mut(&mut d, "fw-1").kind {
        fw.rules[0].port = Some(8080);
    }
    let a = run(&d);
    let blocked = of_rule(&a, Rule::FirewallBlocksTraffic);
    assert_eq!(blocked.len(), 1, "{blocked:?}");
    assert!(blocked[0].involves("fw-1") && blocked[0].involves("lb"));
    // Nothing gets through fw-1: server-2 carries everything.
    assert!(offered(&a, "server-1/nginx").abs() < 1e-9);
    assert!((offered(&a, "server-2/nginx") - 1000.0).abs() < 1e-6);
    assert!(of_rule(&run(&load(REFERENCE)), Rule::FirewallBlocksTraffic).is_empty());
}

// ---- unmonitored ----------------------------------------------------------------------------

#[test]
fn unmonitored_machines_and_plaintext_monitoring() {
    let a = run(&load("distributed-web-infrastructure"));
    let ids: BTreeSet<&str> = of_rule(&a, Rule::Unmonitored)
        .iter()
        .flat_map(|f| f.components.iter().map(String::as_str))
        .collect();
    assert_eq!(ids, BTreeSet::from(["lb", "server-1", "server-2"]));
    assert!(of_rule(&run(&load(REFERENCE)), Rule::Unmonitored).is_empty());

    let mut d = load(REFERENCE);
    for l in &mut d.links {
        if l.from.to_string() == "mon-1" && l.purpose == LinkPurpose::MonitoringData {
            l.protocol = Protocol::Syslog;
        }
    }
    let a = run(&d);
    assert_eq!(of_rule(&a, Rule::Unmonitored).len(), 1);
    // A failed collector leaves every client with nowhere to report.
    let a = run_with(&load(REFERENCE), &["sumologic"], None);
    assert_eq!(of_rule(&a, Rule::Unmonitored).len(), 3);
}

// ---- shared-fate ----------------------------------------------------------------------------

#[test]
fn shared_fate_not_reported_for_single_tier_servers() {
    let a = run(&load("scale-up"));
    assert!(
        of_rule(&a, Rule::SharedFate)
            .iter()
            .all(|f| f.severity == FindingSeverity::Info)
    );
    let a = run(&load(REFERENCE));
    assert_eq!(
        of_rule(&a, Rule::SharedFate)
            .iter()
            .filter(|f| f.severity == FindingSeverity::Warning)
            .count(),
        3
    );
}

// ---- over-capacity --------------------------------------------------------------------------

#[test]
fn over_capacity_error_and_warning() {
    let d = load(REFERENCE);
    // Each application server serves 16 × 1000/12 ≈ 1333 QPS.
    let a = run_with(&d, &[], Some(5000.0));
    let errors: Vec<_> = of_rule(&a, Rule::OverCapacity)
        .into_iter()
        .filter(|f| f.severity == FindingSeverity::Error)
        .collect();
    assert!(
        errors.iter().any(|f| f.involves("server-1/app")),
        "{errors:?}"
    );
    let app = a.traffic.nodes.get("server-1/app").expect("a traffic row");
    assert!((app.served_qps - 16.0 * 1000.0 / 12.0).abs() < 1e-6);
    assert!((app.dropped_qps - (2500.0 - 16.0 * 1000.0 / 12.0)).abs() < 1e-6);
    assert!(a.traffic.dropped_qps > 0.0);

    let a = run_with(&d, &[], Some(2300.0));
    let f = of_rule(&a, Rule::OverCapacity);
    assert!(
        !f.is_empty() && f.iter().all(|f| f.severity == FindingSeverity::Warning),
        "{f:?}"
    );
    assert!(of_rule(&run(&d), Rule::OverCapacity).is_empty());
}

// ---- request-cycle --------------------------------------------------------------------------

#[test]
fn request_cycles_are_reported_and_do_not_hang() {
    let mut d = load(REFERENCE);
    d.links.push(Link::new(
        "server-1",
        "lb",
        LinkPurpose::Request,
        Protocol::Http,
    ));
    let a = run(&d);
    let cycles = of_rule(&a, Rule::RequestCycle);
    assert_eq!(cycles.len(), 1);
    assert!(cycles[0].involves("lb") && cycles[0].involves("server-1"));
    assert!((a.traffic.served_qps - 1000.0).abs() < 1e-6);
    assert!(of_rule(&run(&load(REFERENCE)), Rule::RequestCycle).is_empty());
}

// ---- traffic model --------------------------------------------------------------------------

fn single_queue(capacity: Capacity, qps: f64) -> Analysis {
    let mut d = Design::empty("one queue");
    d.components.push(Component::new(
        "users",
        "users",
        KindTag::Users,
        Point::default(),
    ));
    let mut svc = Component::new("svc", "svc", KindTag::Service, Point::default());
    svc.capacity = capacity;
    // It answers by itself: the queue under test is the whole path.
    if let Kind::Service(s) = &mut svc.kind {
        s.answers = infraboard::model::Answers::ReadsAndWrites;
    }
    d.components.push(svc);
    d.links.push(Link::new(
        "users",
        "svc",
        LinkPurpose::Request,
        Protocol::Https,
    ));
    run_with(&d, &[], Some(qps))
}

#[test]
fn erlang_c_matches_closed_forms() {
    // M/M/1: W = 1 / (μ − λ).
    let a = single_queue(Capacity::MaxQps { max_qps: 100.0 }, 60.0);
    let svc = a.traffic.nodes.get("svc").expect("a traffic row");
    assert!(
        (svc.latency_ms - 1000.0 / (100.0 - 60.0)).abs() < 1e-9,
        "{svc:?}"
    );
    assert!((svc.utilization - 0.6).abs() < 1e-12);
    assert!((a.traffic.classes[&RequestClass::Read].latency_ms - svc.latency_ms).abs() < 1e-9);
    // M/M/2: W = 1 / (μ (1 − ρ²)), ρ = λ / 2μ.
    for lambda in [10.0, 100.0, 150.0, 190.0] {
        let a = single_queue(
            Capacity::Workers {
                workers: 2,
                service_time_ms: 10.0,
            },
            lambda,
        );
        let (mu, rho) = (100.0, lambda / 200.0);
        let w = 1000.0 / (mu * (1.0 - rho * rho));
        assert!(
            (a.traffic
                .nodes
                .get("svc")
                .expect("a traffic row")
                .latency_ms
                - w)
                .abs()
                < 1e-9,
            "λ={lambda}"
        );
    }
    // Saturated: serves c·μ, drops the rest, latency unbounded.
    let s = mmc(500.0, 2, 100.0);
    assert!((s.served_qps - 200.0).abs() < 1e-9 && (s.dropped_qps - 300.0).abs() < 1e-9);
    assert!(s.latency_ms.is_infinite());
}

#[test]
fn load_balancer_algorithms_split_as_documented() {
    let mut d = load("distributed-web-infrastructure");
    // Least connections: ∝ capacity; make server-1's web tier twice as big.
    if let Kind::Server(s) = &mut component_mut(&mut d, "server-1").kind {
        s.services[0].capacity = Capacity::Workers {
            workers: 16,
            service_time_ms: 2.0,
        };
    }
    if let Kind::LoadBalancer(lb) = &mut component_mut(&mut d, "lb").kind {
        lb.algorithm = LbAlgorithm::LeastConnections;
    }
    let a = run_with(&d, &[], Some(900.0));
    assert!((offered(&a, "server-1/nginx") - 600.0).abs() < 1e-6);
    if let Kind::LoadBalancer(lb) = &mut component_mut(&mut d, "lb").kind {
        lb.algorithm = LbAlgorithm::ActivePassive;
    }
    let a = run_with(&d, &[], Some(900.0));
    assert!((offered(&a, "server-1/nginx") - 900.0).abs() < 1e-6);
    let a = run_with(&d, &["server-1/nginx"], Some(900.0));
    assert!((offered(&a, "server-2/nginx") - 900.0).abs() < 1e-6);
    if let Kind::LoadBalancer(lb) = &mut component_mut(&mut d, "lb").kind {
        lb.algorithm = LbAlgorithm::RoundRobin;
    }
    for l in &mut d.links {
        if l.from.to_string() == "lb" && l.to.to_string() == "server-2" {
            l.weight = 2.0;
        }
    }
    let a = run_with(&d, &[], Some(900.0));
    assert!((offered(&a, "server-2/nginx") - 600.0).abs() < 1e-6);
}

fn assert_conserves(a: &Analysis, what: &str) {
    for (id, n) in &a.traffic.nodes {
        let rest = n.served_qps + n.dropped_qps + n.failed_qps;
        assert!(
            (n.offered_qps - rest).abs() <= 1e-9 * n.offered_qps.max(1.0),
            "{what}: {id}: {n:?}"
        );
        assert!(n.served_qps >= -1e-9 && n.dropped_qps >= 0.0 && n.failed_qps >= 0.0);
    }
    let t = &a.traffic;
    assert!(
        (t.offered_qps - t.served_qps - t.dropped_qps - t.failed_qps).abs()
            <= 1e-9 * t.offered_qps.max(1.0),
        "{what}: totals {} {} {} {}",
        t.offered_qps,
        t.served_qps,
        t.dropped_qps,
        t.failed_qps
    );
}

#[test]
fn traffic_is_conserved_everywhere() {
    for t in infraboard::io::templates::TEMPLATES {
        let d = t.design().expect("template");
        for qps in [0.0, 1000.0, 5000.0, 50_000.0] {
            assert_conserves(&run_with(&d, &[], Some(qps)), t.name);
        }
        for c in &d.components {
            assert_conserves(&run_with(&d, &[c.id.as_str()], None), t.name);
        }
    }
    for seed in 0..3 {
        let d = layered_design(1000, seed);
        assert_conserves(&run(&d), "layered");
        assert_conserves(
            &run_with(&d, &["c0-db-0", "c1-lb"], Some(1e5)),
            "layered failed",
        );
    }
}

#[test]
fn every_component_and_service_has_a_traffic_row() {
    let d = load(REFERENCE);
    let a = run(&d);
    for c in &d.components {
        assert!(a.traffic.nodes.contains_key(c.id.as_str()), "{}", c.id);
        for s in c.kind.services().iter().filter(|s| s.kind.tier().is_some()) {
            assert!(a.traffic.nodes.contains_key(&format!("{}/{}", c.id, s.id)));
        }
    }
    assert_eq!(
        a.traffic.links.len(),
        d.links
            .iter()
            .filter(|l| l.purpose == LinkPurpose::Request)
            .count()
    );
}

#[test]
fn analysis_is_deterministic_and_sorted() {
    for t in infraboard::io::templates::TEMPLATES {
        let d = t.design().expect("template");
        let (a, b) = (run(&d), run(&d));
        assert_eq!(a, b);
        let mut sorted = a.findings.clone();
        sorted.sort();
        assert_eq!(a.findings, sorted);
    }
    let d = layered_design(2000, 3);
    assert_eq!(run(&d), run(&d));
}

#[test]
fn unknown_failed_ids_are_reported() {
    let d = load(REFERENCE);
    assert!(check_failed_ids(&d, &["server-1".to_owned(), "server-1/mysql".to_owned()]).is_ok());
    let err = check_failed_ids(&d, &["lb".to_owned(), "nope".to_owned()]).expect_err("unknown");
    assert_eq!(err.0, "nope");
    assert!(check_failed_ids(&d, &["server-1/nope".to_owned()]).is_err());
}
