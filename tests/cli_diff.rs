//! `infraboard diff` and the regression gate `check --baseline` through the built binary:
//! output formats, exit codes, and a baseline read from a git revision.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn save(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("saves")
        .join(name)
}

fn reference() -> PathBuf {
    save("secured-monitored-web-infrastructure.ron")
}

fn scale_up() -> PathBuf {
    save("scale-up.ron")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn diff_prints_grouped_text_markdown_and_json() {
    let (old, new) = (reference(), scale_up());
    let out = run(&["diff", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out.stdout);
    for heading in [
        "Components",
        "Links",
        "Findings fixed (",
        "Single points of failure",
        "Traffic per class",
    ] {
        assert!(t.contains(heading), "{heading} in {t}");
    }
    assert!(t.contains("+ lb-1") && t.contains("- lb "), "{t}");
    assert!(!t.contains('\x1b'), "no colour off a terminal");

    let md = text(&run(&["diff", s(&old), s(&new), "--format", "markdown"]).stdout);
    assert!(md.starts_with("### Design diff:"), "{md}");
    assert!(
        md.contains("| change | id | what |") && md.contains("| fixed | `spof (read)` |"),
        "{md}"
    );

    let out = run(&["diff", s(&old), s(&new), "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["empty"], false);
    let fixed = v["analysis"]["fixed"].as_array().unwrap();
    assert!(
        fixed
            .iter()
            .any(|f| f["rule"] == "spof" && f["components"][0] == "lb")
    );
    let classes = v["analysis"]["classes"].as_array().unwrap();
    assert_eq!(classes[0]["class"], "read");
    assert_eq!(classes[0]["metrics"][0]["metric"], "served_qps");

    // Deterministic, and empty against itself.
    assert_eq!(
        run(&["diff", s(&old), s(&new)]).stdout,
        run(&["diff", s(&old), s(&new)]).stdout
    );
    let same = text(&run(&["diff", s(&old), s(&old)]).stdout);
    assert!(same.contains("No differences."), "{same}");
}

#[test]
fn the_gate_fails_a_change_that_makes_things_worse_and_passes_one_that_does_not() {
    let (old, new) = (reference(), scale_up());
    let better = run(&["check", s(&new), "--baseline", s(&old)]);
    assert_eq!(better.status.code(), Some(0), "{}", text(&better.stdout));
    assert!(text(&better.stdout).contains("is no worse than"));

    let worse = run(&["check", s(&old), "--baseline", s(&new)]);
    assert_eq!(worse.status.code(), Some(1));
    let t = text(&worse.stdout);
    assert!(
        t.contains("new single point of failure for writes: `server-1/mysql`"),
        "{t}"
    );
    assert!(
        t.contains("new error plaintext-after-tls-termination"),
        "{t}"
    );

    // --fail-on never reports without failing; JSON carries the verdict.
    let never = run(&[
        "check",
        s(&old),
        "--baseline",
        s(&new),
        "--fail-on",
        "never",
    ]);
    assert_eq!(never.status.code(), Some(0));
    assert!(text(&never.stdout).contains("not failing"));
    let json = run(&["check", s(&old), "--baseline", s(&new), "--json"]);
    assert_eq!(json.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["worse"], true);
    assert!(
        v["regressions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["reason"] == "new_spof")
    );

    // A design against itself never fails, although it has errors of its own.
    assert_eq!(
        run(&["check", s(&old), "--baseline", s(&old)])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", s(&old)]).status.code(),
        Some(1),
        "plain check still fails"
    );
}

#[test]
fn the_gate_counts_warnings_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let old = reference();
    // Drop the monitoring of server-2: a new warning, no new error or SPOF.
    let text_old = std::fs::read_to_string(&old).unwrap();
    let design = infraboard::io::design_from_str(&text_old, &old).unwrap();
    let mut new = design.clone();
    new.remove_component("mon-2");
    let path = dir.path().join("new.ron");
    infraboard::io::save_design(&new, &path).unwrap();
    let by_default = run(&["check", s(&path), "--baseline", s(&old)]);
    assert_eq!(
        by_default.status.code(),
        Some(0),
        "{}",
        text(&by_default.stdout)
    );
    let strict = run(&[
        "check",
        s(&path),
        "--baseline",
        s(&old),
        "--fail-on",
        "warning",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        text(&strict.stdout).contains("new warning unmonitored"),
        "{}",
        text(&strict.stdout)
    );
}

#[test]
fn a_git_revision_is_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(repo)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    std::fs::copy(scale_up(), repo.join("design.ron")).unwrap();
    git(&["add", "design.ron"]);
    git(&["commit", "-q", "-m", "scale-up"]);
    std::fs::copy(reference(), repo.join("design.ron")).unwrap();

    let worse = run_in(
        repo,
        &["check", "design.ron", "--baseline", "HEAD:design.ron"],
    );
    assert_eq!(worse.status.code(), Some(1), "{}", text(&worse.stderr));
    assert!(text(&worse.stdout).contains("new single point of failure"));
    let relative = run_in(repo, &["diff", "HEAD:./design.ron", "design.ron", "--json"]);
    assert_eq!(
        relative.status.code(),
        Some(0),
        "{}",
        text(&relative.stderr)
    );

    git(&["commit", "-q", "-am", "back to the reference"]);
    let previous = run_in(
        repo,
        &["check", "design.ron", "--baseline", "HEAD~1:design.ron"],
    );
    assert_eq!(previous.status.code(), Some(1));
    let same = run_in(
        repo,
        &["check", "design.ron", "--baseline", "HEAD:design.ron"],
    );
    assert_eq!(same.status.code(), Some(0));

    // A revision or path git does not know: a clear message and exit 2.
    let bad = run_in(
        repo,
        &["check", "design.ron", "--baseline", "HEAD~9:design.ron"],
    );
    assert_eq!(bad.status.code(), Some(2));
    let e = text(&bad.stderr);
    assert!(
        e.contains("HEAD~9:design.ron") && e.contains("git cannot show"),
        "{e}"
    );
    let missing = run_in(
        repo,
        &["check", "design.ron", "--baseline", "HEAD:nope.ron"],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nope.ron"));
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(this is not a design").unwrap();
    let old = reference();
    for args in [
        vec!["diff", s(&old), s(&broken)],
        vec!["check", s(&old), "--baseline", s(&broken)],
        vec!["diff", s(&old), "/no/such/file.ron"],
        vec!["diff", s(&old), s(&old), "--qps", "-5"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let e = text(&out.stderr);
        assert!(
            e.contains("broken.ron") || e.contains("file.ron") || e.contains("--qps"),
            "{e}"
        );
    }
    let usage = run(&["check", s(&old), "--baseline", s(&old), "--fail", "lb"]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "--fail and --baseline do not mix"
    );
}

#[test]
fn diff_draws_the_comparison_into_an_image() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (reference(), scale_up());
    let svg = dir.path().join("cmp.svg");
    let out = run(&["diff", s(&old), s(&new), "-o", s(&svg)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bytes = std::fs::read(&svg).unwrap();
    let body = text(&bytes);
    assert!(
        body.contains("class=\"compare\"") && body.contains("removed"),
        "marks drawn"
    );
    let reopened = infraboard::io::design_from_bytes(&bytes, &svg).unwrap();
    assert_eq!(
        reopened,
        infraboard::io::load_design(&new).unwrap(),
        "NEW travels inside"
    );
    let png = dir.path().join("cmp.png");
    assert_eq!(
        run(&["diff", s(&old), s(&new), "-o", s(&png)])
            .status
            .code(),
        Some(0)
    );
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let bad = run(&[
        "diff",
        s(&old),
        s(&new),
        "-o",
        s(&dir.path().join("cmp.drawio")),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains(".svg, .png or .pdf"));
}
