//! `infraboard validate`, `templates` and `new` through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::process::Command;

fn infraboard(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_accepts_every_template() {
    let files: Vec<String> = std::fs::read_dir("saves")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(files.len() >= 4);
    let args: Vec<&str> = std::iter::once("validate")
        .chain(files.iter().map(String::as_str))
        .collect();
    let (code, out, err) = infraboard(&args);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.lines().filter(|l| l.ends_with(": ok")).count(),
        files.len(),
        "{out}"
    );
}

#[test]
fn validate_reports_each_file_and_fails_if_any_is_bad() {
    let (code, out, err) = infraboard(&[
        "validate",
        "saves/scale-up.ron",
        "tests/bad_files/dangling-link.ron",
    ]);
    assert_eq!(code, Some(2));
    assert!(out.contains("saves/scale-up.ron: ok"));
    assert!(
        err.contains("dangling-link.ron: error: link users -> server-9"),
        "{err}"
    );
}

#[test]
fn templates_lists_all_four() {
    let (code, out, _) = infraboard(&["templates"]);
    assert_eq!(code, Some(0));
    for name in [
        "simple-web-stack",
        "distributed-web-infrastructure",
        "secured-monitored-web-infrastructure",
        "scale-up",
    ] {
        assert!(out.contains(name), "{out}");
    }
}

#[test]
fn new_writes_a_template_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let p = path.to_str().unwrap();
    let (code, _, err) = infraboard(&["new", "scale-up", "-o", p]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        std::fs::read_to_string("saves/scale-up.ron").unwrap()
    );
    let (code, _, err) = infraboard(&["new", "scale-up", "-o", p]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--force"), "{err}");
    let (code, _, _) = infraboard(&["new", "simple-web-stack", "-o", p, "--force"]);
    assert_eq!(code, Some(0));
    let (code, _, err) = infraboard(&["new", "nope", "-o", p, "--force"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no template called `nope`"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, _) = infraboard(&["validate"]);
    assert_eq!(code, Some(2));
    let (code, _, _) = infraboard(&["frobnicate", "--wat"]);
    assert_eq!(code, Some(2));
}
