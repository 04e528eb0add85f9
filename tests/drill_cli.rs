//! `infraboard drill` end to end: exit codes 0 / 1 / 2, the JSON shape, byte-identical reruns.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

use std::process::Command;

use serde_json::Value;

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/saves/secured-monitored-web-infrastructure.ron"
);
const SCALE_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/saves/scale-up.ron");

fn drill_example(name: &str) -> String {
    format!("{}/saves/drills/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn infraboard(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn exit_0_when_the_hypothesis_holds() {
    let (code, out, _) = infraboard(&[
        "drill",
        REFERENCE,
        "--drill",
        &drill_example("reference-fail-server-2.ron"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Verdict: PASSED") && out.contains("lb marks lb -> fw-2 down"),
        "{out}"
    );
    let (code, _, _) = infraboard(&[
        "drill", SCALE_UP, "--fail", "lb-1", "--at", "10", "--for", "60",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn exit_1_when_the_hypothesis_fails() {
    let (code, out, _) = infraboard(&[
        "drill",
        REFERENCE,
        "--fail",
        "lb",
        "--at",
        "10",
        "--for",
        "60",
        "--duration",
        "120",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Verdict: FAILED") && out.contains("spof"),
        "{out}"
    );
}

#[test]
fn exit_2_on_bad_input() {
    let (code, _, err) = infraboard(&["drill", REFERENCE, "--fail", "server-9"]);
    assert_eq!(code, 2);
    assert!(err.contains("server-9"), "{err}");
    let (code, _, err) = infraboard(&["drill", REFERENCE, "--drill", "/nonexistent/drill.ron"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/drill.ron"), "{err}");
    let (code, _, _) = infraboard(&["drill", "/nonexistent/design.ron", "--fail", "lb"]);
    assert_eq!(code, 2);
    let (code, _, _) = infraboard(&["drill", REFERENCE]);
    assert_eq!(code, 2);
    let (code, _, err) = infraboard(&["drill", REFERENCE, "--fail", "lb", "--at", "200"]);
    assert_eq!(code, 2);
    assert!(err.contains("at_s"), "{err}");
}

#[test]
fn json_has_the_documented_shape() {
    let (code, out, _) = infraboard(&[
        "drill",
        REFERENCE,
        "--fail",
        "server-1/mysql",
        "--at",
        "10",
        "--for",
        "60",
        "--duration",
        "120",
        "--json",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let verdict = &v["verdict"];
    assert_eq!(verdict["passed"], Value::Bool(false));
    for class in ["read", "write"] {
        assert!(
            verdict["classes"][class]["availability"].is_f64(),
            "{class}"
        );
        assert!(
            verdict["classes"][class]["failed_requests"].is_f64(),
            "{class}"
        );
    }
    assert_eq!(
        verdict["classes"]["write"]["availability"].as_f64(),
        Some(0.5)
    );
    assert_eq!(verdict["time_to_detect_s"].as_f64(), Some(60.0));
    assert_eq!(verdict["time_to_recover_s"].as_f64(), Some(60.0));
    assert!(verdict["silent"].as_array().unwrap().is_empty());
    let series = v["series"].as_array().unwrap();
    assert_eq!(series.len(), 120);
    for (i, s) in series.iter().enumerate() {
        assert_eq!(s["t_s"].as_f64(), Some(i as f64));
        for key in ["offered_qps", "served_qps", "failed_qps", "dropped_qps"] {
            assert!(s[key].is_f64(), "{key}");
        }
    }
    // Unmonitored: silent, and no time to detect.
    let (_, out, _) = infraboard(&["drill", REFERENCE, "--fail", "fw-1", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"]["time_to_detect_s"], Value::Null);
    assert_eq!(v["verdict"]["silent"], serde_json::json!(["fw-1"]));
}

#[test]
fn json_is_byte_identical_across_runs_and_chaos_replays() {
    let args = [
        "drill",
        SCALE_UP,
        "--chaos",
        "30",
        "--seed",
        "5",
        "--duration",
        "1800",
        "--json",
    ];
    let (_, a, _) = infraboard(&args);
    let (_, b, _) = infraboard(&args);
    assert!(!a.is_empty());
    assert_eq!(a, b);
}
