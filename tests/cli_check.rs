//! `infraboard check` end to end: the built binary on the shipped templates.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("saves/secured-monitored-web-infrastructure.ron")
}

fn scale_up() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("saves/scale-up.ron")
}

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .arg("check")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let out = check(args);
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn human_output_groups_findings_and_prints_the_qps_table() {
    let path = reference();
    let out = check(&[path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1), "errors found: exit 1");
    let s = text(&out.stdout);
    let errors = s.find("Errors").expect("errors section");
    let warnings = s.find("Warnings").expect("warnings section");
    assert!(errors < warnings);
    assert!(s.contains("spof (write): service `server-1/mysql` is a single point of failure"));
    assert!(s.contains("why: ") && s.contains("fix: "));
    assert!(s.contains("COMPONENT") && s.contains("server-1/nginx"));
    assert!(!s.contains('\x1b'), "no colour when not on a terminal");
    let coloured = check(&[path.to_str().expect("utf-8 path"), "--color", "always"]);
    assert!(text(&coloured.stdout).contains('\x1b'));
}

#[test]
fn json_has_the_documented_shape() {
    let path = reference();
    let v = json(&[path.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!(v["design"], "Secured and monitored web infrastructure");
    let summary = &v["summary"];
    assert!(summary["errors"].as_u64().expect("errors") > 0);
    assert!(summary["warnings"].is_u64() && summary["infos"].is_u64());
    let findings = v["findings"].as_array().expect("findings");
    for f in findings {
        for key in [
            "rule",
            "severity",
            "class",
            "components",
            "links",
            "message",
            "why",
            "fix",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().expect("severity")));
        assert!(
            f["class"].is_null()
                || ["read", "write"].contains(&f["class"].as_str().expect("class"))
        );
        for l in f["links"].as_array().expect("links") {
            assert!(l["from"].is_string() && l["to"].is_string());
        }
    }
    assert!(findings.iter().any(|f| f["rule"] == "spof"
        && f["class"] == "write"
        && f["components"][0] == "server-1/mysql"));
    assert!(findings.iter().any(|f| {
        f["rule"] == "plaintext-after-tls-termination"
            && f["links"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l["from"] == "lb" && l["to"] == "fw-1"))
    }));
    let t = &v["traffic"];
    for key in ["offered_qps", "served_qps", "dropped_qps"] {
        assert!(t[key].is_f64(), "{key}");
    }
    for class in ["read", "write"] {
        assert!(t["classes"][class]["served_qps"].is_f64());
        assert!(t["classes"][class]["latency_ms"].is_f64());
    }
    let nginx = &t["components"]["server-1/nginx"];
    assert_eq!(nginx["kind"], "web_server");
    assert!((nginx["served_qps"].as_f64().expect("served") - 500.0).abs() < 1.0);
    for key in [
        "offered_qps",
        "served_qps",
        "dropped_qps",
        "utilization",
        "latency_ms",
    ] {
        assert!(nginx[key].is_f64(), "{key}");
    }
    for (id, kind) in [
        ("lb", "load_balancer"),
        ("fw-1", "firewall"),
        ("server-1/mysql", "database"),
        ("server-1/app", "app_server"),
        ("server-1", "server"),
    ] {
        assert_eq!(t["components"][id]["kind"], kind, "{id}");
    }
}

#[test]
fn fail_and_qps_change_the_traffic() {
    let path = reference();
    let p = path.to_str().expect("utf-8 path");
    let v = json(&[p, "--json", "--fail", "server-2"]);
    let t = &v["traffic"];
    assert!((t["classes"]["read"]["served_qps"].as_f64().expect("reads") - 900.0).abs() < 1e-6);
    assert!(
        (t["components"]["server-1/nginx"]["served_qps"]
            .as_f64()
            .expect("nginx")
            - 1000.0)
            .abs()
            < 1e-6
    );
    let v = json(&[p, "--json", "--qps", "2000"]);
    assert!((v["traffic"]["offered_qps"].as_f64().expect("offered") - 2000.0).abs() < 1e-9);
    let v = json(&[p, "--json", "--fail", "fw-1,fw-2"]);
    let t = &v["traffic"];
    let (offered, served, dropped, failed) = (
        t["offered_qps"].as_f64().expect("o"),
        t["served_qps"].as_f64().expect("s"),
        t["dropped_qps"].as_f64().expect("d"),
        t["failed_qps"].as_f64().expect("f"),
    );
    // Both firewalls down: nothing is refused for capacity, everything fails.
    assert!(served.abs() < 1e-9 && dropped.abs() < 1e-9);
    assert!((offered - served - dropped - failed).abs() < 1e-9);
}

#[test]
fn bad_input_exits_2() {
    let path = reference();
    let p = path.to_str().expect("utf-8 path");
    let out = check(&[p, "--fail", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope"));
    assert_eq!(check(&["/no/such/file.ron"]).status.code(), Some(2));
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(not a design").expect("write");
    assert_eq!(
        check(&[broken.to_str().expect("utf-8")]).status.code(),
        Some(2)
    );
    assert_eq!(check(&[p, "--qps", "-5"]).status.code(), Some(2));
    assert_eq!(check(&[p, "--fail-on", "sometimes"]).status.code(), Some(2));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let reference = reference();
    let scale_up = scale_up();
    let (r, s) = (
        reference.to_str().expect("utf-8"),
        scale_up.to_str().expect("utf-8"),
    );
    assert_eq!(check(&[r]).status.code(), Some(1));
    assert_eq!(check(&[r, "--fail-on", "never"]).status.code(), Some(0));
    // scale-up: no error, no warning, one info.
    assert_eq!(check(&[s]).status.code(), Some(0));
    assert_eq!(check(&[s, "--fail-on", "warning"]).status.code(), Some(0));
    // At 5,000 QPS scale-up drops requests: errors.
    assert_eq!(check(&[s, "--qps", "5000"]).status.code(), Some(1));
    assert_eq!(
        check(&[s, "--qps", "2300", "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        check(&[s, "--qps", "2300", "--fail-on", "error"])
            .status
            .code(),
        Some(0)
    );
}
