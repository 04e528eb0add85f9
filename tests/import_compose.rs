//! Docker Compose import on the hand-made corpus in `tests/import/compose/`: kinds from
//! images, `depends_on` (short and long form), `links`, shared networks, `deploy.replicas`,
//! published ports and health checks; malformed files exit 2.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

mod import_common;

use import_common::{assert_bad_inputs, expect, import};
use infraboard::import::NoteKind;
use infraboard::layout::overlapping_boxes;
use infraboard::model::{Kind, KindTag, LinkPurpose, Protocol};
use infraboard::sim::{AnalysisOptions, Rule, analyze};

use KindTag::{
    Database, LoadBalancer, MonitoringClient, MonitoringService, Server, Service, Users,
};

fn replicas(d: &infraboard::model::Design, id: &str) -> u32 {
    d.component(id).unwrap().replicas
}

#[test]
fn classic_stack_with_replicas_and_long_form_depends_on() {
    let got = import("compose/classic-lamp.yml");
    let d = &got.design;
    expect(
        d,
        &[
            ("users", Users),
            ("web", Server),
            ("app", Server),
            ("db", Database),
        ],
        &["users -> web", "web -> app", "app -> db"],
    );
    assert_eq!(replicas(d, "app"), 3);
    let entry = d
        .links
        .iter()
        .find(|l| l.from.component.as_str() == "users")
        .unwrap();
    assert_eq!((entry.protocol, entry.port), (Protocol::Https, 443));
    assert!(got.report.laid_out);
    assert!(overlapping_boxes(d).is_empty());
    assert!(
        got.report
            .notes
            .iter()
            .any(|n| n.message.contains("role unknown"))
    );
}

#[test]
fn haproxy_takes_its_backends_health_checks() {
    let got = import("compose/haproxy-backends.yaml");
    let d = &got.design;
    assert_eq!(d.name, "shop");
    expect(
        d,
        &[
            ("users", Users),
            ("lb", LoadBalancer),
            ("web1", Server),
            ("web2", Server),
            ("postgres", Database),
        ],
        &[
            "users -> lb",
            "lb -> web1",
            "lb -> web2",
            "web1 -> postgres",
            "web2 -> postgres",
        ],
    );
    let Kind::LoadBalancer(lb) = &d.component("lb").unwrap().kind else {
        panic!("lb")
    };
    assert_eq!(
        (
            lb.product.as_str(),
            lb.health_check.interval_s,
            lb.health_check.fall
        ),
        ("HAProxy", 2.0, 3)
    );
    let entry = d
        .links
        .iter()
        .find(|l| l.from.component.as_str() == "users")
        .unwrap();
    assert_eq!((entry.protocol, entry.port), (Protocol::Http, 8080));
    let db = d
        .links
        .iter()
        .find(|l| l.to.component.as_str() == "postgres")
        .unwrap();
    assert_eq!(db.port, 5432);
}

#[test]
fn traefik_api_cache_and_database() {
    let d = import("compose/traefik-swarm.yml").design;
    expect(
        &d,
        &[
            ("users", Users),
            ("proxy", LoadBalancer),
            ("api", Service),
            ("cache", Service),
            ("db", Database),
        ],
        &[
            "users -> proxy",
            "proxy -> api",
            "api -> cache",
            "api -> db",
        ],
    );
    assert_eq!((replicas(&d, "api"), replicas(&d, "db")), (4, 1));
    let entry = d
        .links
        .iter()
        .find(|l| l.from.component.as_str() == "users")
        .unwrap();
    assert_eq!((entry.protocol, entry.port), (Protocol::Https, 443));
}

#[test]
fn shared_networks_link_the_next_tier() {
    let got = import("compose/networks-only.yml");
    expect(
        &got.design,
        &[
            ("users", Users),
            ("edge", LoadBalancer),
            ("web", Server),
            ("app", Server),
            ("db", Database),
        ],
        &["users -> edge", "edge -> web", "web -> app", "app -> db"],
    );
    assert!(
        got.report
            .notes
            .iter()
            .any(|n| n.subject.starts_with("network `back`"))
    );
}

#[test]
fn monitoring_exporters_and_loopback_ports() {
    let got = import("compose/monitoring.yml");
    let d = &got.design;
    expect(
        d,
        &[
            ("users", Users),
            ("app", Server),
            ("node-exporter", MonitoringClient),
            ("prometheus", MonitoringService),
            ("grafana", MonitoringService),
        ],
        &[
            "users -> app",
            "node-exporter -> app",
            "node-exporter -> prometheus",
        ],
    );
    let purposes: Vec<_> = d.links.iter().map(|l| l.purpose).collect();
    assert!(
        purposes.contains(&LinkPurpose::Monitors)
            && purposes.contains(&LinkPurpose::MonitoringData)
    );
    assert!(
        got.report
            .of(NoteKind::Skipped)
            .any(|n| n.subject == "service `grafana` ports")
    );
}

#[test]
fn yaml_anchors_and_merge_keys() {
    let d = import("compose/anchors.yml").design;
    expect(
        &d,
        &[
            ("users", Users),
            ("front", LoadBalancer),
            ("api-a", Service),
            ("api-b", Service),
            ("queue", Service),
        ],
        &[
            "users -> front",
            "front -> api-a",
            "front -> api-b",
            "api-a -> queue",
            "api-b -> queue",
        ],
    );
    assert_eq!((replicas(&d, "api-a"), replicas(&d, "api-b")), (2, 5));
}

#[test]
fn legacy_links_and_scale() {
    let d = import("compose/legacy-links.yml").design;
    expect(
        &d,
        &[
            ("users", Users),
            ("wordpress", Service),
            ("mysql", Database),
        ],
        &["users -> wordpress", "wordpress -> mysql"],
    );
    assert_eq!(replicas(&d, "wordpress"), 2);
}

#[test]
fn a_single_unknown_service() {
    let got = import("compose/single.yml");
    expect(&got.design, &[("hello", Service)], &[]);
    assert!(
        got.report
            .notes
            .iter()
            .any(|n| n.message.contains("generic service"))
    );
}

#[test]
fn dns_gateway_and_shared_database() {
    let d = import("compose/dns-and-ports.yml").design;
    expect(
        &d,
        &[
            ("users", Users),
            ("coredns", KindTag::Dns),
            ("gateway", LoadBalancer),
            ("billing", Service),
            ("accounts", Service),
            ("ledger", Database),
        ],
        &[
            "users -> coredns",
            "users -> gateway",
            "gateway -> billing",
            "gateway -> accounts",
            "billing -> ledger",
            "accounts -> ledger",
        ],
    );
    let dns = d
        .links
        .iter()
        .find(|l| l.to.component.as_str() == "coredns")
        .unwrap();
    assert_eq!(dns.purpose, LinkPurpose::DnsLookup);
    let gw = d
        .links
        .iter()
        .find(|l| l.to.component.as_str() == "gateway")
        .unwrap();
    assert_eq!((gw.protocol, gw.port), (Protocol::Https, 8443));
}

#[test]
fn long_form_depends_on_with_conditions() {
    let d = import("compose/long-form-depends.yml").design;
    expect(
        &d,
        &[
            ("users", Users),
            ("nginx", LoadBalancer),
            ("frontend", Server),
            ("backend", Server),
            ("mongo", Database),
            ("memcached", Service),
        ],
        &[
            "users -> nginx",
            "nginx -> frontend",
            "nginx -> backend",
            "backend -> mongo",
            "backend -> memcached",
        ],
    );
    assert_eq!((replicas(&d, "frontend"), replicas(&d, "backend")), (2, 2));
}

#[test]
fn malformed_compose_files_exit_2_with_a_message() {
    assert_bad_inputs(&[
        ("bad/bad-indent.yml", "bad YAML"),
        ("bad/no-services.yml", "no `services:`"),
        (
            "bad/unknown-dep.yml",
            "depends on `db`, which is not defined",
        ),
        ("bad/bad-replicas.yml", "not a whole number"),
        ("bad/bad-port.yml", "port"),
        ("bad/list.yaml", "not a YAML mapping"),
        ("bad/services-list.yml", "not a mapping"),
        ("bad/alias-bomb.yml", "bad YAML"),
    ]);
}

fn role(d: &infraboard::model::Design, id: &str) -> infraboard::model::DatabaseRole {
    match &d.component(id).unwrap().kind {
        Kind::Database(db) => db.role,
        other => panic!("{id} is {other:?}"),
    }
}

#[test]
fn a_replica_named_in_the_environment_replicates_from_its_primary() {
    use infraboard::model::DatabaseRole;
    let got = import("compose/primary-and-replica.yml");
    let d = &got.design;
    assert_eq!(role(d, "mysql-primary"), DatabaseRole::Primary);
    assert_eq!(role(d, "mysql-replica"), DatabaseRole::Replica);
    let repl: Vec<String> = d
        .links
        .iter()
        .filter(|l| l.purpose == LinkPurpose::Replication)
        .map(|l| format!("{} -> {}", l.from, l.to))
        .collect();
    assert_eq!(repl, ["mysql-primary -> mysql-replica"]);
    // Both roles are listed as guessed, with what they were read from.
    let guessed: Vec<&str> = got
        .report
        .of(NoteKind::Guessed)
        .map(|n| n.message.as_str())
        .collect();
    assert!(
        guessed
            .iter()
            .any(|m| m.contains("`mysql-replica`: replica from `MYSQL_MASTER_HOST`")),
        "{guessed:?}"
    );
    assert!(
        guessed
            .iter()
            .any(|m| m.contains("`mysql-primary`: primary from `MYSQL_REPLICATION_MODE=master`")),
        "{guessed:?}"
    );
    // One writer: no unreplicated-writers finding.
    let analysis = analyze(d, &AnalysisOptions::default());
    assert!(
        !analysis
            .findings
            .iter()
            .any(|f| f.rule == Rule::UnreplicatedWriters)
    );
}

#[test]
fn several_databases_of_unknown_role_are_separate_primaries_and_reported() {
    use infraboard::model::DatabaseRole;
    let got = import("compose/two-databases.yml");
    let d = &got.design;
    for id in ["orders-db", "accounts-db"] {
        assert_eq!(role(d, id), DatabaseRole::Primary, "{id}");
        assert!(
            got.report
                .of(NoteKind::Guessed)
                .any(|n| n.subject == format!("service `{id}` role")
                    && n.message.contains("role unknown")),
            "{id}'s role is listed as guessed"
        );
    }
    assert!(
        !d.links
            .iter()
            .any(|l| l.purpose == LinkPurpose::Replication),
        "no replication is invented"
    );
    // The report says what the analysis will say, and what to change if they are copies.
    let note = got
        .report
        .of(NoteKind::Guessed)
        .find(|n| n.subject == "databases")
        .expect("a note about the several primaries");
    assert!(
        note.message.contains("unreplicated writers"),
        "{}",
        note.message
    );
    let analysis = analyze(d, &AnalysisOptions::default());
    let writers: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.rule == Rule::UnreplicatedWriters)
        .collect();
    assert_eq!(writers.len(), 1, "the analysis flags the two writers once");
}
