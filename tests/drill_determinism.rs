//! Same design, same drill, same seed: same result, down to the JSON bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

mod drill_common;

use drill_common::*;
use infraboard::sim::drill::{DrillOptions, chaos, run_drill};

#[test]
fn two_runs_give_equal_results() {
    let d = reference();
    let drill = chaos(&d, 40.0, 7, 1200.0);
    let a = run(&d, &drill);
    let b = run(&d, &drill);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_vec(&a).unwrap(),
        serde_json::to_vec(&b).unwrap()
    );
}

#[test]
fn chaos_replays_from_its_seed_and_differs_across_seeds() {
    let d = scale_up();
    let a = run(&d, &chaos(&d, 40.0, 11, 1200.0));
    let b = run(&d, &chaos(&d, 40.0, 11, 1200.0));
    let c = run(&d, &chaos(&d, 40.0, 12, 1200.0));
    assert_eq!(a, b);
    assert_ne!(a.timeline, c.timeline);
}

#[test]
fn the_engine_runs_only_when_the_state_changes() {
    let d = reference();
    let r = run_drill(
        &d,
        &infraboard::sim::drill::Drill::fail_for("server-2", 10.0, 60.0, 3600.0),
        DrillOptions::default(),
    )
    .unwrap();
    // Start, failure, balancer down, restore, balancer up.
    assert_eq!(r.propagations, 5);
    assert_eq!(r.series.len(), 3600);
}
