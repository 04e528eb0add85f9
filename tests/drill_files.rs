//! Drill files: the shipped examples load and round-trip; bad files give one clear error naming
//! the file, the position or field, and never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

mod drill_common;

use std::path::Path;

use drill_common::*;
use infraboard::io::{load_drill, save_drill};
use infraboard::sim::drill::{
    Action, Drill, DrillError, DrillFileError, DrillOptions, drill_from_bytes, drill_from_str,
    start_drill,
};
use proptest::prelude::*;

const EXAMPLES: [&str; 4] = [
    "reference-fail-server-2.ron",
    "reference-fail-lb.ron",
    "reference-fail-primary.ron",
    "reference-traffic-spike.ron",
];

fn example(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("saves/drills")
        .join(name)
}

#[test]
fn shipped_drills_load_run_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let drill = load_drill(&example(name)).unwrap();
        assert!(!drill.events.is_empty(), "{name}");
        start_drill(&reference(), &drill, DrillOptions::default()).unwrap();
        let copy = dir.path().join(name);
        save_drill(&drill, &copy).unwrap();
        assert_eq!(load_drill(&copy).unwrap(), drill, "{name}");
    }
}

#[test]
fn the_server_2_example_passes_and_the_lb_example_fails() {
    let r = run(
        &reference(),
        &load_drill(&example("reference-fail-server-2.ron")).unwrap(),
    );
    assert!(r.verdict.passed, "{:?}", r.verdict.broken);
    let r = run(
        &reference(),
        &load_drill(&example("reference-fail-lb.ron")).unwrap(),
    );
    assert!(!r.verdict.passed);
}

#[test]
fn unknown_targets_are_named() {
    let drill = drill(60.0, vec![(1.0, Action::Fail("server-9".into()))]);
    let e = start_drill(&reference(), &drill, DrillOptions::default()).unwrap_err();
    assert!(matches!(&e, DrillError::UnknownTarget { target, .. } if target == "server-9"));
    assert!(e.to_string().contains("events[0].action") && e.to_string().contains("server-9"));
    let drill = drill_with(Action::FirewallRules {
        firewall: "lb".into(),
        rules: vec![],
    });
    let e = start_drill(&reference(), &drill, DrillOptions::default()).unwrap_err();
    assert!(matches!(e, DrillError::NotAFirewall { .. }));
}

fn drill_with(action: Action) -> Drill {
    drill(60.0, vec![(1.0, action)])
}

#[test]
fn syntax_errors_carry_file_line_and_column() {
    let text = "(\n    format_version: 1,\n    drill: (\n        duration_s: \"long\",\n    ),\n)";
    let e = drill_from_str(text, Path::new("game.ron")).unwrap_err();
    assert!(matches!(e, DrillFileError::Parse { line: 4, .. }), "{e}");
    assert!(e.to_string().starts_with("game.ron:4:"), "{e}");
}

#[test]
fn bad_numbers_name_the_field() {
    let text = "(format_version: 1, drill: (duration_s: 60.0, events: [(at_s: -1.0, action: Fail(\"lb\"))]))";
    let e = drill_from_str(text, Path::new("g.ron"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("g.ron") && e.contains("events[0].at_s"), "{e}");
    let text = "(format_version: 1, drill: (hypothesis: (min_served_ratio: 1.5)))";
    let e = drill_from_str(text, Path::new("g.ron"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("hypothesis.min_served_ratio"), "{e}");
}

#[test]
fn huge_deep_and_binary_files_are_refused() {
    let huge = vec![b' '; 9 * 1024 * 1024];
    assert!(matches!(
        drill_from_bytes(&huge, Path::new("h.ron")),
        Err(DrillFileError::TooLarge { .. })
    ));
    let deep = format!(
        "(format_version: 1, drill: {}{})",
        "[".repeat(500),
        "]".repeat(500)
    );
    assert!(drill_from_str(&deep, Path::new("d.ron")).is_err());
    assert!(matches!(
        drill_from_bytes(&[0xff, 0xfe, 0x00], Path::new("b.ron")),
        Err(DrillFileError::NotADrill { .. })
    ));
    assert!(matches!(
        drill_from_str("(design: ())", Path::new("x.ron")),
        Err(DrillFileError::NotADrill { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn loading_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = drill_from_bytes(&bytes, Path::new("fuzz.ron"));
    }

    #[test]
    fn mutated_examples_never_panic(pos in 0usize..600, byte in any::<u8>()) {
        let mut text = std::fs::read(example("reference-traffic-spike.ron")).unwrap();
        let len = text.len();
        text[pos % len] = byte;
        if let Ok(drill) = drill_from_bytes(&text, Path::new("m.ron")) {
            let _ = start_drill(&reference(), &drill, DrillOptions::default());
        }
    }
}
