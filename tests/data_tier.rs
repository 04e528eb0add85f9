//! Caches, CDNs, queues and object storage (issue 20): each behaviour with a design that
//! triggers it and one that does not, through the public analysis and drill entry points.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeSet;

use infraboard::io::design_from_str;
use infraboard::io::design_to_string;
use infraboard::model::{
    Capacity, Carries, Component, Design, Kind, KindTag, Link, LinkPurpose, Point, Protocol,
    TlsMode, link_makes_sense, validate,
};
use infraboard::sim::{AnalysisOptions, RequestClass, Rule, TrafficReport, analyze};

const OFFERED_QPS: f64 = 1000.0;
const READ_FRACTION: f64 = 0.9;

/// `users → app → [middle →] db`, the app answering nothing, the database capped at
/// `db_qps`, 1000 QPS offered (90 % reads).
fn chain(middle: Option<KindTag>, db_qps: f64) -> Design {
    let mut d = Design::empty("data tier");
    d.traffic.offered_qps = OFFERED_QPS;
    d.traffic.read_fraction = READ_FRACTION;
    d.traffic.dns_lookups_per_request = 0.0;
    let mut add = |id: &str, tag: KindTag| {
        d.components
            .push(Component::new(id, id, tag, Point::default()));
    };
    add("users", KindTag::Users);
    add("app", KindTag::Service);
    add("db", KindTag::Database);
    if let Some(tag) = middle {
        add("mid", tag);
    }
    d.component_mut("db").unwrap().capacity = Capacity::MaxQps { max_qps: db_qps };
    let link = |from: &str, to: &str| Link::new(from, to, LinkPurpose::Request, Protocol::Https);
    d.links.push(link("users", "app"));
    match middle {
        Some(_) => {
            d.links.push(link("app", "mid"));
            d.links.push(link("mid", "db"));
        }
        None => d.links.push(link("app", "db")),
    }
    d
}

fn analysis(design: &Design, failed: &[&str]) -> infraboard::sim::Analysis {
    analyze(
        design,
        &AnalysisOptions {
            failed: failed.iter().map(|s| (*s).to_owned()).collect(),
            ..AnalysisOptions::default()
        },
    )
}

fn served(t: &TrafficReport, class: RequestClass) -> f64 {
    t.classes[&class].served_qps
}

fn offered_at(t: &TrafficReport, id: &str) -> f64 {
    t.nodes[id].offered_qps
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

fn has(a: &infraboard::sim::Analysis, rule: Rule, component: &str) -> bool {
    a.findings
        .iter()
        .any(|f| f.rule == rule && f.components.iter().any(|c| c == component))
}

const READS: f64 = OFFERED_QPS * READ_FRACTION;
const WRITES: f64 = OFFERED_QPS - READS;

#[test]
fn a_warm_cache_answers_its_hits_and_sends_the_misses_and_writes_behind_it() {
    let d = chain(Some(KindTag::Cache), 1e6);
    let t = analysis(&d, &[]).traffic;
    // Default hit ratio 0.8: the database sees a fifth of the reads, and every write.
    assert!(close(offered_at(&t, "db"), READS * 0.2 + WRITES), "{t:?}");
    assert!(close(served(&t, RequestClass::Read), READS));
    assert!(close(served(&t, RequestClass::Write), WRITES));
    // Without a cache the database takes every request.
    let t = analysis(&chain(None, 1e6), &[]).traffic;
    assert!(close(offered_at(&t, "db"), OFFERED_QPS));
}

#[test]
fn a_failed_cache_is_bypassed_never_a_spof_but_a_plain_hop_in_its_place_is() {
    let d = chain(Some(KindTag::Cache), 1e6);
    let a = analysis(&d, &["mid"]);
    assert!(close(served(&a.traffic, RequestClass::Read), READS));
    assert!(
        close(offered_at(&a.traffic, "db"), OFFERED_QPS),
        "full load behind it"
    );
    assert!(!has(&analysis(&d, &[]), Rule::Spof, "mid"));
    // A generic service in the same place stops everything when it fails.
    let plain = chain(Some(KindTag::Service), 1e6);
    let a = analysis(&plain, &["mid"]);
    assert_eq!(served(&a.traffic, RequestClass::Read), 0.0);
    assert!(has(&analysis(&plain, &[]), Rule::Spof, "mid"));
}

#[test]
fn cache_dependency_names_the_backend_its_loss_would_overload() {
    // Reads 900, misses 180 + writes 100 = 280 with the cache; 1000 without: a 400 QPS
    // database is fine with the cache and 2.5× over capacity without.
    let d = chain(Some(KindTag::Cache), 400.0);
    let a = analysis(&d, &[]);
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == Rule::CacheDependency)
        .expect("cache-dependency reported");
    assert_eq!(f.components, ["db", "mid"]);
    assert!(
        f.message.contains("overloads `db` at 2.5× its capacity"),
        "{}",
        f.message
    );
    assert!(
        !has(&a, Rule::OverCapacity, "db"),
        "fine while the cache is up"
    );
    // A database that carries the full load: no finding.
    let a = analysis(&chain(Some(KindTag::Cache), 1200.0), &[]);
    assert!(!a.findings.iter().any(|f| f.rule == Rule::CacheDependency));
}

#[test]
fn a_cache_is_never_where_writes_end() {
    // A cache with nothing behind it answers its hits; misses and writes fail there.
    let mut d = chain(Some(KindTag::Cache), 1e6);
    d.links.retain(|l| l.from.component.as_str() != "mid");
    let a = analysis(&d, &[]);
    assert!(close(served(&a.traffic, RequestClass::Read), READS * 0.8));
    assert_eq!(served(&a.traffic, RequestClass::Write), 0.0);
    assert!(has(&a, Rule::DeadEnd, "mid"), "writes have nowhere to go");
    // With its database behind it, nothing is a dead end.
    let a = analysis(&chain(Some(KindTag::Cache), 1e6), &[]);
    assert!(!a.findings.iter().any(|f| f.rule == Rule::DeadEnd));
}

/// `users → cdn → lb → app → db` (the CDN serving 60 % static × 90 % hits).
fn behind_cdn(serve_stale: bool, cdn_to_lb: Protocol) -> Design {
    let mut d = chain(None, 1e6);
    d.traffic.dns_lookups_per_request = 0.0;
    let mut cdn = Component::new("cdn", "cdn", KindTag::Cdn, Point::default());
    if let Kind::Cdn(s) = &mut cdn.kind {
        s.serve_stale = serve_stale;
    }
    cdn.replicas = 3;
    d.components.push(cdn);
    d.components.push(Component::new(
        "lb",
        "lb",
        KindTag::LoadBalancer,
        Point::default(),
    ));
    d.links.retain(|l| l.from.component.as_str() != "users");
    for (from, to, p) in [
        ("users", "cdn", Protocol::Https),
        ("cdn", "lb", cdn_to_lb),
        ("lb", "app", Protocol::Http),
    ] {
        d.links.push(Link::new(from, to, LinkPurpose::Request, p));
    }
    d
}

#[test]
fn a_cdn_answers_its_edge_share_and_serves_stale_only_if_told_to() {
    let edge = READS * 0.6 * 0.9;
    let d = behind_cdn(false, Protocol::Https);
    let t = analysis(&d, &[]).traffic;
    assert!(close(offered_at(&t, "lb"), OFFERED_QPS - edge));
    assert!(close(served(&t, RequestClass::Read), READS));
    // Origin down: nothing without serve-stale...
    let t = analysis(&d, &["lb"]).traffic;
    assert_eq!(served(&t, RequestClass::Read), 0.0);
    // ...the static hits with it, and never a write.
    let t = analysis(&behind_cdn(true, Protocol::Https), &["lb"]).traffic;
    assert!(close(served(&t, RequestClass::Read), edge));
    assert_eq!(served(&t, RequestClass::Write), 0.0);
    // So the origin is a read SPOF only without serve-stale; a write SPOF either way.
    let spof = |d: &Design, class| {
        analysis(d, &[]).findings.iter().any(|f| {
            f.rule == Rule::Spof && f.class == Some(class) && f.components == ["lb".to_owned()]
        })
    };
    assert!(spof(
        &behind_cdn(false, Protocol::Https),
        RequestClass::Read
    ));
    assert!(!spof(
        &behind_cdn(true, Protocol::Https),
        RequestClass::Read
    ));
    assert!(spof(
        &behind_cdn(true, Protocol::Https),
        RequestClass::Write
    ));
}

#[test]
fn tls_terminates_at_the_cdn_so_plaintext_after_it_is_reported() {
    let d = behind_cdn(false, Protocol::Http);
    assert_eq!(d.component("cdn").unwrap().tls.mode, TlsMode::Terminate);
    let plaintext = |d: &Design| {
        analysis(d, &[]).findings.iter().any(|f| {
            f.rule == Rule::PlaintextAfterTlsTermination
                && f.links.iter().any(|l| l.from.component.as_str() == "cdn")
        })
    };
    assert!(plaintext(&d));
    assert!(!plaintext(&behind_cdn(false, Protocol::Https)));
}

/// `users → app → queue → consumer → db` (writes only through the queue), or the app writing
/// through the consumer synchronously when `queue` is false.
fn writes_through(queue: bool, queue_replicas: u32) -> Design {
    let mut d = chain(None, 1e6);
    d.links.retain(|l| l.from.component.as_str() != "app");
    d.components.push(Component::new(
        "consumer",
        "consumer",
        KindTag::Service,
        Point::default(),
    ));
    let link = |from: &str, to: &str, carries| {
        Link::new(from, to, LinkPurpose::Request, Protocol::Http).carrying(carries)
    };
    d.links.push(link("app", "db", Carries::Reads));
    if queue {
        let mut q = Component::new("queue", "queue", KindTag::Queue, Point::default());
        q.replicas = queue_replicas;
        d.components.push(q);
        d.links.push(link("app", "queue", Carries::Writes));
        d.links.push(link("queue", "consumer", Carries::Writes));
    } else {
        d.links.push(link("app", "consumer", Carries::Writes));
    }
    d.links.push(link("consumer", "db", Carries::Writes));
    d
}

#[test]
fn a_queue_accepts_writes_while_its_consumer_is_down() {
    let d = writes_through(true, 1);
    let t = analysis(&d, &[]).traffic;
    let w = &t.classes[&RequestClass::Write];
    assert!(close(w.served_qps, WRITES) && close(w.accepted_async_qps, WRITES));
    assert!(close(w.applied_qps, WRITES), "applied behind the queue");
    let t = analysis(&d, &["consumer"]).traffic;
    let w = &t.classes[&RequestClass::Write];
    assert!(
        close(w.served_qps, WRITES),
        "accepted while the consumer is down"
    );
    assert_eq!(w.applied_qps, 0.0, "but not applied");
    assert_eq!(t.failed_qps, 0.0, "no user request failed");
    // Written synchronously through the consumer, its failure fails every write.
    let t = analysis(&writes_through(false, 1), &["consumer"]).traffic;
    assert_eq!(served(&t, RequestClass::Write), 0.0);
    assert_eq!(t.classes[&RequestClass::Write].accepted_async_qps, 0.0);
}

#[test]
fn a_single_queue_is_a_write_spof_and_a_replicated_one_is_not() {
    let spof = |d: &Design| {
        analysis(d, &[]).findings.iter().any(|f| {
            f.rule == Rule::Spof
                && f.class == Some(RequestClass::Write)
                && f.components == ["queue".to_owned()]
        })
    };
    assert!(spof(&writes_through(true, 1)));
    assert!(!spof(&writes_through(true, 2)));
    // The consumer behind it is no write SPOF: writes are accepted without it.
    assert!(
        !analysis(&writes_through(true, 1), &[])
            .findings
            .iter()
            .any(|f| f.rule == Rule::Spof && f.components == ["consumer".to_owned()])
    );
}

#[test]
fn object_storage_ends_reads_and_uploads_and_sends_nothing_on() {
    let mut d = chain(Some(KindTag::ObjectStorage), 1e6);
    d.links.retain(|l| l.from.component.as_str() != "mid");
    let t = analysis(&d, &[]).traffic;
    assert!(close(served(&t, RequestClass::Read), READS));
    assert!(close(served(&t, RequestClass::Write), WRITES));
    let onward = Link::new("mid", "db", LinkPurpose::Request, Protocol::Https);
    assert!(link_makes_sense(&d, &onward).is_err());
    // Copies in two regions: losing one region loses nothing.
    assert!(has(&analysis(&d, &[]), Rule::Spof, "mid"));
    d.component_mut("mid").unwrap().replicas = 2;
    assert!(!has(&analysis(&d, &[]), Rule::Spof, "mid"));
}

#[test]
fn bad_ratios_are_refused_with_the_field_and_the_file_named() {
    let mut d = chain(Some(KindTag::Cache), 1e6);
    let text_ok = design_to_string(&d).unwrap();
    assert!(design_from_str(&text_ok, std::path::Path::new("ok.ron")).is_ok());
    if let Kind::Cache(c) = &mut d.component_mut("mid").unwrap().kind {
        c.hit_ratio = 1.5;
    }
    let problems = validate(&d);
    assert!(
        problems
            .iter()
            .any(|p| p.to_string().contains("hit_ratio")
                && p.to_string().contains("between 0 and 1")),
        "{problems:?}"
    );
    let text = design_to_string(&d).unwrap();
    let e = design_from_str(&text, std::path::Path::new("grown.ron")).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("hit_ratio") && msg.contains("grown.ron"),
        "{msg}"
    );
    let nan = text.replace("hit_ratio: 1.5", "hit_ratio: NaN");
    let msg = design_from_str(&nan, std::path::Path::new("nan.ron"))
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("hit_ratio") && msg.contains("nan.ron"),
        "{msg}"
    );
}

#[test]
fn the_new_kinds_round_trip_through_the_file_format() {
    let t = infraboard::io::templates::template("scale-up-with-cache-cdn-queue").unwrap();
    let d = t.design().unwrap();
    let tags: BTreeSet<KindTag> = d.components.iter().map(Component::tag).collect();
    for tag in [
        KindTag::Cache,
        KindTag::Cdn,
        KindTag::Queue,
        KindTag::ObjectStorage,
    ] {
        assert!(tags.contains(&tag), "{tag:?} in the template");
    }
    let again = design_from_str(
        &design_to_string(&d).unwrap(),
        std::path::Path::new("copy.ron"),
    )
    .unwrap();
    assert_eq!(again, d);
}

mod drills {
    use infraboard::io::load_drill;
    use infraboard::model::{Capacity, Design};
    use infraboard::sim::drill::{DrillOptions, DrillResult, run_drill};

    fn grown() -> Design {
        infraboard::io::templates::template("scale-up-with-cache-cdn-queue")
            .unwrap()
            .design()
            .unwrap()
    }

    fn shipped(design: &Design, name: &str) -> DrillResult {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("saves/drills")
            .join(name);
        run_drill(design, &load_drill(&path).unwrap(), DrillOptions::default()).unwrap()
    }

    fn dropped(r: &DrillResult, t: usize) -> f64 {
        r.series[t].dropped_qps
    }

    #[test]
    fn failing_the_cache_overloads_the_databases_until_it_has_warmed_up() {
        let r = shipped(&grown(), "grown-cache-outage.ron");
        assert_eq!(dropped(&r, 5), 0.0, "warm cache, no drops");
        // Down from 10 s to 70 s: every read goes to MySQL, sized for the misses.
        let db = &r.nodes["db-1"];
        assert!(db[30].offered_qps > 2.0 * db[5].offered_qps, "{:?}", db[30]);
        assert!(db[30].dropped_qps > 0.0 && dropped(&r, 30) > 1000.0);
        assert!(!r.verdict.passed);
        // Back cold at 70 s, warming over 60 s: drops fall as the hit ratio climbs.
        assert!(dropped(&r, 75) < dropped(&r, 69));
        assert!(dropped(&r, 100) < dropped(&r, 75));
        assert!(dropped(&r, 110) < dropped(&r, 100));
        assert!(dropped(&r, 130) == 0.0 && r.series[190].served_qps == r.series[190].offered_qps);
        // The analysis predicted it.
        assert!(
            r.verdict
                .predicted_by
                .iter()
                .any(|p| p.rule == "cache-dependency" && p.targets == ["cache"]),
            "{:?}",
            r.verdict.predicted_by
        );
    }

    #[test]
    fn databases_sized_for_the_full_read_load_ride_out_the_cache_outage() {
        let mut d = grown();
        for id in ["db-1", "db-2"] {
            d.component_mut(id).unwrap().capacity = Capacity::Workers {
                workers: 32,
                service_time_ms: 4.0,
            };
        }
        let r = shipped(&d, "grown-cache-outage.ron");
        assert!(r.series.iter().all(|s| s.dropped_qps == 0.0));
        assert!(r.verdict.passed, "{:?}", r.verdict.broken);
    }

    #[test]
    fn stopped_consumers_grow_the_backlog_which_drains_at_their_spare_capacity() {
        let r = shipped(&grown(), "grown-consumer-outage.ron");
        let s = |t: usize| &r.series[t];
        assert_eq!(s(5).queue_backlog, 0.0);
        // 500 writes/s accepted, none applied, from 10 s to 70 s.
        assert!(
            (s(39).queue_backlog - 500.0 * 30.0).abs() < 1.0,
            "{}",
            s(39).queue_backlog
        );
        assert_eq!(s(40).applied_write_qps, 0.0);
        assert!(
            r.series
                .iter()
                .all(|x| x.failed_qps == 0.0 && x.dropped_qps == 0.0)
        );
        assert!(r.verdict.passed, "users never see an error");
        // Back at 70 s: the workers apply 800/s, 300/s more than arrives.
        assert!((s(100).applied_write_qps - 800.0).abs() < 1.0);
        let drained = s(100).queue_backlog - s(110).queue_backlog;
        assert!((drained - 300.0 * 10.0).abs() < 1.0, "{drained}");
        let empty = r
            .series
            .iter()
            .position(|x| x.t_s > 70.0 && x.queue_backlog == 0.0);
        assert!(
            matches!(empty, Some(t) if (165..=175).contains(&t)),
            "{empty:?}"
        );
        assert!((s(200).applied_write_qps - 500.0).abs() < 1e-6);
    }

    #[test]
    fn a_failure_away_from_the_consumers_leaves_the_queue_empty() {
        let d = grown();
        let drill = infraboard::sim::drill::Drill::fail_for("web-1", 10.0, 60.0, 120.0);
        let r = run_drill(&d, &drill, DrillOptions::default()).unwrap();
        assert!(r.series.iter().all(|s| s.queue_backlog == 0.0));
        // Whatever is accepted is applied in the same second.
        let write = infraboard::sim::RequestClass::Write;
        assert!(
            r.series
                .iter()
                .all(|s| (s.applied_write_qps - s.classes[&write].served_qps).abs() < 1e-6)
        );
    }
}

#[test]
fn exports_draw_the_new_kinds_with_their_icons_and_legend() {
    use infraboard::export::{ExportFormat, ExportOptions, export_design};
    let d = infraboard::io::templates::template("scale-up-with-cache-cdn-queue")
        .unwrap()
        .design()
        .unwrap();
    let a = analyze(&d, &AnalysisOptions::default());
    let export = |format| {
        let options = ExportOptions {
            format,
            ..ExportOptions::default()
        };
        String::from_utf8(export_design(&d, Some(&a), &options).unwrap()).unwrap()
    };
    let svg = export(ExportFormat::Svg);
    // Each new kind's icon is drawn (its own stroke data), and the legend says what it does.
    for (icon, legend) in [
        ("M13 7.5l-3 4.5h4l-3 4.5", "cache: answers its hits"),
        ("M3.5 12h17", "CDN: answers static reads"),
        ("M19.5 12h2M20 9.5l2 2.5-2 2.5", "queue: accepts writes"),
        ("M9 12.5h6", "object storage: static reads and uploads"),
    ] {
        assert!(svg.contains(icon), "icon {icon}");
        assert!(svg.contains(legend), "legend {legend}");
    }
    // Without a queue in the design, no queue entry in the legend.
    let plain = infraboard::io::templates::template("scale-up")
        .unwrap()
        .design()
        .unwrap();
    let options = ExportOptions {
        format: ExportFormat::Svg,
        ..ExportOptions::default()
    };
    let svg = String::from_utf8(export_design(&plain, None, &options).unwrap()).unwrap();
    assert!(!svg.contains("queue: accepts writes"));
    let drawio = export(ExportFormat::Drawio);
    assert!(drawio.contains("shape=process"), "the queue's shape");
    let mermaid = export(ExportFormat::Mermaid);
    assert!(mermaid.contains("queue") && mermaid.contains("cache"));
}

#[test]
fn a_cdn_in_front_is_not_itself_exposed_but_what_users_reach_directly_is() {
    let exposed = |d: &Design, id: &str| {
        analysis(d, &[])
            .findings
            .iter()
            .any(|f| f.rule == Rule::ExposedToInternet && f.components.iter().any(|c| c == id))
    };
    let d = behind_cdn(false, Protocol::Https);
    assert!(!exposed(&d, "cdn"));
    // The same design without the CDN: the load balancer faces the Internet unfiltered.
    let mut direct = d.clone();
    direct.components.retain(|c| c.id.as_str() != "cdn");
    direct
        .links
        .retain(|l| l.from.component.as_str() != "cdn" && l.to.component.as_str() != "cdn");
    direct.links.push(Link::new(
        "users",
        "lb",
        LinkPurpose::Request,
        Protocol::Https,
    ));
    assert!(exposed(&direct, "lb"));
}
