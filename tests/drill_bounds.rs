//! Any accepted drill ends in seconds: a drill whose work (ticks × what each tick recomputes or
//! records) is over the bound is refused up front with a clear message, and quiet ticks cost
//! next to nothing, so long drills within the bound run fast.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::time::Instant;

use infraboard::io::templates::reference_design;
use infraboard::sim::drill::{
    Action, Drill, DrillError, DrillEvent, DrillOptions, run_drill, start_drill,
};

#[test]
fn a_ramp_over_fifty_thousand_seconds_of_one_millisecond_ticks_is_refused() {
    let design = reference_design().unwrap();
    let drill = Drill {
        tick_ms: 1,
        duration_s: 50_000.0,
        events: vec![DrillEvent {
            at_s: 0.0,
            action: Action::Ramp {
                to_qps: 5_000.0,
                over_s: 50_000.0,
            },
        }],
        ..Drill::default()
    };
    let started = Instant::now();
    let err = start_drill(&design, &drill, DrillOptions::default()).unwrap_err();
    assert!(matches!(err, DrillError::TooMuchWork { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("tick_ms"), "{message}");
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn a_long_quiet_drill_within_the_bound_runs_fast() {
    let design = reference_design().unwrap();
    // A day at 100 ms ticks, one failure: 864,000 ticks, a handful of propagations.
    let drill = Drill::fail_for("server-2", 600.0, 60.0, 24.0 * 3600.0);
    let result = run_drill(
        &design,
        &drill,
        DrillOptions {
            record_nodes: false,
        },
    )
    .unwrap();
    assert!(result.propagations < 100, "{}", result.propagations);
}
