//! The corpus of bad design files in `tests/bad_files/`: each gets its own clear error naming
//! the file, exit code 2, no panic, in under a second — through the library and the binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use infraboard::io::{LoadError, MAX_FILE_BYTES, load_design};

/// Each bad file and a phrase its error must contain.
const CORPUS: &[(&str, &str)] = &[
    ("truncated.ron", "ends too early"),
    ("garbage.bin", "not UTF-8 text"),
    (
        "newer-version.ron",
        "made by a newer Infraboard (format version 99",
    ),
    ("no-version.ron", "no `format_version`"),
    ("unknown-kind.ron", "Unexpected variant named `Router`"),
    ("duplicate-id.ron", "duplicate component id `users`"),
    ("dangling-link.ron", "unknown component `server-9`"),
    ("nan.ron", "traffic.offered_qps: is NaN"),
    ("infinite.ron", "service_time_ms: is infinite"),
    ("negative-capacity.ron", "is -12; it must be above 0"),
    ("self-link.ron", "must join two different components"),
    ("empty-name.ron", "component `server-1` has an empty name"),
    ("unknown-field.ron", "Unexpected field named `colour`"),
    (
        "unknown-service.ron",
        "`server-1/redis` has no such service",
    ),
    ("huge-number.ron", "above the limit"),
    ("nonsense-link.ron", "DNS answers lookups"),
    ("deep-nesting.ron", "nested deeper than"),
    ("empty.ron", "the file is empty"),
    (
        "not-a-design.ron",
        "this is not an Infraboard design. A design is RON text that starts with `(format_version: 1",
    ),
];

fn corpus_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_files")
        .join(name)
}

#[test]
fn every_bad_file_gets_its_own_clear_error_from_the_library() {
    let mut messages = std::collections::BTreeSet::new();
    for (name, phrase) in CORPUS {
        let path = corpus_path(name);
        let started = Instant::now();
        let err = load_design(&path).expect_err(name);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{name} took too long"
        );
        let message = err.to_string();
        assert!(message.contains(phrase), "{name}: {message}");
        assert!(
            message.contains(name),
            "{name}: the message must name the file: {message}"
        );
        assert!(
            messages.insert(message),
            "{name}: same message as another file"
        );
    }
}

#[test]
fn parse_errors_carry_line_and_column() {
    match load_design(&corpus_path("unknown-kind.ron")) {
        Err(LoadError::Parse { line, column, .. }) => {
            assert_eq!((line, column), (24, 23));
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn the_binary_exits_2_with_the_reason_on_stderr_and_never_panics() {
    for (name, phrase) in CORPUS {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_infraboard"))
            .arg("validate")
            .arg(corpus_path(name))
            .output()
            .unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{name} took too long"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(phrase), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: no disk used
    let started = Instant::now();
    let err = load_design(&path).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("huge.ron"));
}

#[test]
fn a_missing_file_names_the_file() {
    let err = load_design(Path::new("/nonexistent/design.ron")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/nonexistent/design.ron: cannot read"),
        "{err}"
    );
}
