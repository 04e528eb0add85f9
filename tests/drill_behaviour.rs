//! What users see, second by second, in the drills the issue names: health-check windows,
//! total outages behind single points, database failover, overload, detection.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

mod drill_common;

use drill_common::*;
use infraboard::model::{FirewallAction, FirewallRule, Kind, TrafficSource};
use infraboard::sim::RequestClass::{Read, Write};
use infraboard::sim::drill::{Action, MomentKind};

fn moment_at(r: &infraboard::sim::drill::DrillResult, kind: MomentKind) -> Option<f64> {
    r.timeline.iter().find(|m| m.kind == kind).map(|m| m.t_s)
}

#[test]
fn server_2_failure_fails_requests_only_during_the_health_check_window() {
    let r = quick(&reference(), "server-2", 10.0, 60.0, 120.0);
    for t in 0..10 {
        assert!(close(second(&r, t).served_qps, 1000.0), "t={t}");
    }
    // interval 2 s × fall 3: half the requests fail from 10 s to 16 s.
    for t in 10..16 {
        let s = second(&r, t);
        assert!(close(s.failed_qps, 500.0), "t={t}: {s:?}");
        assert!(close(served(&r, t, Read), 450.0) && close(served(&r, t, Write), 50.0));
    }
    assert_eq!(moment_at(&r, MomentKind::BackendDown), Some(16.0));
    // Then server-1 serves all web traffic; reads and writes continue in full.
    for t in 16..70 {
        let s = second(&r, t);
        assert!(
            close(s.served_qps, 1000.0) && s.failed_qps == 0.0,
            "t={t}: {s:?}"
        );
        assert!(close(node(&r, "server-1/nginx", t).offered_qps, 1000.0));
        assert_eq!(node(&r, "server-2/nginx", t).offered_qps, 0.0);
    }
    // Back at 70 s, but the balancer waits for rise = 2 passed checks (74 s).
    for t in 70..74 {
        assert_eq!(node(&r, "server-2/nginx", t).offered_qps, 0.0, "t={t}");
    }
    assert_eq!(moment_at(&r, MomentKind::BackendUp), Some(74.0));
    assert!(close(node(&r, "server-2/nginx", 80).offered_qps, 500.0));
    let v = &r.verdict;
    assert!(close(v.classes[&Read].availability, 0.975));
    assert!(close(v.classes[&Write].availability, 0.975));
    assert!(close(v.requests_lost, 3000.0));
    assert_eq!(v.time_to_recover_s, Some(6.0));
    assert!(
        !v.passed,
        "2.5 % lost over two minutes breaks the 99 % hypothesis"
    );
}

#[test]
fn lb_failure_serves_nothing_until_it_recovers() {
    let r = quick(&reference(), "lb", 10.0, 60.0, 120.0);
    for t in 10..70 {
        let s = second(&r, t);
        assert_eq!(s.served_qps, 0.0, "t={t}");
        assert!(close(s.failed_qps, 1000.0));
    }
    for t in 70..120 {
        assert!(close(second(&r, t).served_qps, 1000.0), "t={t}");
    }
    assert!(close(r.verdict.classes[&Read].availability, 0.5));
    assert_eq!(r.verdict.time_to_recover_s, Some(60.0));
    assert!(
        r.verdict
            .predicted_by
            .iter()
            .any(|p| p.rule == "spof" && p.targets == ["lb"])
    );
}

#[test]
fn dns_or_edge_firewall_failure_takes_down_everything_behind_it() {
    // The reference DNS has four name servers: all of them must fail (`:all`); one alone
    // costs nothing (see `engine_rules.rs`).
    for target in ["dns:all", "fw-lb"] {
        let r = quick(&reference(), target, 10.0, 30.0, 60.0);
        for t in 10..40 {
            assert_eq!(second(&r, t).served_qps, 0.0, "{target} t={t}");
        }
        assert!(close(second(&r, 45).served_qps, 1000.0), "{target}");
    }
}

#[test]
fn primary_failure_fails_writes_while_reads_continue() {
    let r = quick(&reference(), "server-1/mysql", 10.0, 60.0, 120.0);
    for t in 10..70 {
        assert_eq!(served(&r, t, Write), 0.0, "t={t}");
    }
    // Server 1 can no longer read either; its health check (which reads) fails after 6 s,
    // then server 2's replica serves every read.
    for t in 10..16 {
        assert!(close(served(&r, t, Read), 450.0), "t={t}");
    }
    for t in 16..70 {
        assert!(close(served(&r, t, Read), 900.0), "t={t}");
    }
    assert!(close(served(&r, 100, Write), 100.0));
    assert!(r.verdict.predicted_by.iter().any(|p| p.rule == "spof"));
}

#[test]
fn without_automatic_failover_writes_never_come_back() {
    let r = quick(&reference(), "server-1/mysql", 10.0, 1000.0, 120.0);
    assert_eq!(served(&r, 119, Write), 0.0);
    assert_eq!(r.verdict.time_to_recover_s, None);
    assert!(!r.timeline.iter().any(|m| m.kind == MomentKind::Promoted));
}

#[test]
fn a_replica_is_promoted_after_the_failover_time() {
    let mut d = reference();
    if let Some(Kind::Server(s)) = d.component_mut("server-2").map(|c| &mut c.kind) {
        s.services[3].database.as_mut().unwrap().promote_after_s = Some(30.0);
    }
    let r = quick(&d, "server-1/mysql", 10.0, 1000.0, 120.0);
    assert_eq!(moment_at(&r, MomentKind::Promoted), Some(40.0));
    for t in 10..40 {
        assert_eq!(served(&r, t, Write), 0.0, "t={t}");
    }
    for t in 40..120 {
        assert!(close(served(&r, t, Write), 100.0), "t={t}");
    }
    assert!(close(served(&r, 100, Read), 900.0));
    assert_eq!(r.verdict.time_to_recover_s, Some(30.0));
}

#[test]
fn a_survivor_inheriting_twice_the_load_saturates() {
    let mut d = reference();
    d.traffic.offered_qps = 2000.0;
    let r = quick(&d, "server-2", 10.0, 60.0, 120.0);
    let before = second(&r, 5).clone();
    assert_eq!(before.dropped_qps, 0.0);
    let after = second(&r, 30);
    // Server 1's application server (16 workers × 12 ms ≈ 1333 QPS) gets 2000.
    assert!(
        close(after.dropped_qps, 2000.0 - 16.0 * 1000.0 / 12.0),
        "{after:?}"
    );
    assert!(
        after.latency_ms > 2.0 * before.latency_ms,
        "{after:?} vs {before:?}"
    );
    assert!(node(&r, "server-1/app", 30).utilization >= 1.0);
    assert!(r.verdict.dropped_requests > 0.0);
}

#[test]
fn monitored_failures_alert_after_their_interval_and_others_are_silent() {
    let r = quick(&reference(), "server-2", 10.0, 100.0, 150.0);
    assert_eq!(r.verdict.time_to_detect_s, Some(60.0));
    assert!(r.verdict.silent.is_empty());
    // Firewalls are not monitored.
    let r = quick(&reference(), "fw-1", 10.0, 100.0, 150.0);
    assert_eq!(r.verdict.time_to_detect_s, None);
    assert_eq!(r.verdict.silent, ["fw-1"]);
    // A failure shorter than the monitoring interval raises no alert either.
    let r = quick(&reference(), "server-2", 10.0, 30.0, 150.0);
    assert_eq!(r.verdict.silent, ["server-2"]);
    // Nor does one whose monitoring client is down.
    let r = run(
        &reference(),
        &drill(
            150.0,
            vec![
                (5.0, Action::Fail("mon-2".into())),
                (10.0, Action::Fail("server-2".into())),
            ],
        ),
    );
    assert!(r.verdict.silent.contains(&"server-2".to_owned()));
}

#[test]
fn a_firewall_rule_change_blocks_then_restores_traffic() {
    let deny = vec![FirewallRule {
        action: FirewallAction::Deny,
        port: Some(443),
        source: TrafficSource::Any,
    }];
    let allow = vec![FirewallRule {
        action: FirewallAction::Allow,
        port: Some(443),
        source: TrafficSource::Any,
    }];
    let r = run(
        &reference(),
        &drill(
            60.0,
            vec![
                (
                    10.0,
                    Action::FirewallRules {
                        firewall: "fw-lb".into(),
                        rules: deny,
                    },
                ),
                (
                    30.0,
                    Action::FirewallRules {
                        firewall: "fw-lb".into(),
                        rules: allow,
                    },
                ),
            ],
        ),
    );
    assert!(close(second(&r, 5).served_qps, 1000.0));
    assert_eq!(second(&r, 20).served_qps, 0.0);
    assert!(close(second(&r, 40).served_qps, 1000.0));
}

#[test]
fn spikes_and_ramps_change_the_offered_load() {
    let r = run(
        &reference(),
        &drill(
            60.0,
            vec![
                (10.0, Action::OfferedQps(1500.0)),
                (
                    20.0,
                    Action::Ramp {
                        to_qps: 500.0,
                        over_s: 10.0,
                    },
                ),
            ],
        ),
    );
    assert!(close(second(&r, 9).offered_qps, 1000.0));
    assert!(close(second(&r, 15).offered_qps, 1500.0));
    // Ticks 25.0 .. 25.9 s of a ramp from 1500 to 500 over 20..30 s: mean 1000 - 45.
    assert!(
        close(second(&r, 25).offered_qps, 955.0),
        "{}",
        second(&r, 25).offered_qps
    );
    assert!(close(second(&r, 40).offered_qps, 500.0));
}

#[test]
fn a_failed_link_is_routed_around() {
    let r = quick(&reference(), "lb -> fw-1", 10.0, 60.0, 120.0);
    assert!(r.series.iter().all(|s| close(s.served_qps, 1000.0)));
    assert!(close(node(&r, "server-2/nginx", 30).offered_qps, 1000.0));
    assert_eq!(r.verdict.silent, ["lb -> fw-1"]);
}

#[test]
fn scale_up_keeps_both_classes_above_99_percent() {
    let d = scale_up();
    // The same drills as on the reference design (a web server, a load balancer, the database
    // writer) plus an application server, over the quick form's default 120 s.
    for target in ["web-2", "lb-1", "db-1", "app-2"] {
        let r = quick(&d, target, 10.0, 60.0, 120.0);
        for class in [Read, Write] {
            let a = r.verdict.classes[&class].availability;
            assert!(a >= 0.99, "{target} {class:?}: {a}");
        }
        assert!(r.verdict.passed, "{target}: {:?}", r.verdict.broken);
    }
    // A web server costs only the balancers' fast health-check window (0.5 s x fall 2): about
    // one second of half the traffic.
    let r = quick(&d, "web-2", 10.0, 60.0, 120.0);
    let lost = 1.0 - r.verdict.classes[&Read].availability;
    assert!(lost > 0.0 && lost < 0.01, "{lost}");
}

#[test]
fn a_latency_bar_in_the_hypothesis_is_checked() {
    let mut d = drill(30.0, vec![]);
    d.hypothesis.max_p95_latency_ms = Some(5.0);
    let r = run(&reference(), &d);
    assert!(r.verdict.p95_latency_ms > 5.0);
    assert!(!r.verdict.passed);
    assert!(
        r.verdict.broken.iter().any(|b| b.contains("p95 latency")),
        "{:?}",
        r.verdict.broken
    );
    d.hypothesis.max_p95_latency_ms = Some(300.0);
    assert!(run(&reference(), &d).verdict.passed);
}
