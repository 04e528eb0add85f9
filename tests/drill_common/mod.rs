//! Helpers shared by the drill tests (included with `mod drill_common;`).
#![allow(dead_code, clippy::unwrap_used)] // shared test helpers

use infraboard::io::templates::{reference_design, template};
use infraboard::model::Design;
use infraboard::sim::RequestClass;
use infraboard::sim::drill::{
    Action, Drill, DrillEvent, DrillOptions, DrillResult, NodeFlow, SecondSample, run_drill,
    start_drill,
};

pub fn reference() -> Design {
    reference_design().unwrap()
}

pub fn scale_up() -> Design {
    template("scale-up").unwrap().design().unwrap()
}

/// The scale-up template grown with a CDN, object storage, a cache and a queue.
pub fn grown() -> Design {
    template("scale-up-with-cache-cdn-queue")
        .unwrap()
        .design()
        .unwrap()
}

pub fn run(design: &Design, drill: &Drill) -> DrillResult {
    run_drill(design, drill, DrillOptions::default()).unwrap()
}

pub fn quick(design: &Design, target: &str, at_s: f64, for_s: f64, duration_s: f64) -> DrillResult {
    run(design, &Drill::fail_for(target, at_s, for_s, duration_s))
}

pub fn drill(duration_s: f64, events: Vec<(f64, Action)>) -> Drill {
    Drill {
        name: "test".into(),
        duration_s,
        events: events
            .into_iter()
            .map(|(at_s, action)| DrillEvent { at_s, action })
            .collect(),
        ..Drill::default()
    }
}

pub fn second(r: &DrillResult, t: usize) -> &SecondSample {
    &r.series[t]
}

pub fn served(r: &DrillResult, t: usize, class: RequestClass) -> f64 {
    r.series[t].classes[&class].served_qps
}

pub fn node(r: &DrillResult, id: &str, t: usize) -> NodeFlow {
    r.nodes[id][t]
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// Requests per second served per class (reads, writes) at the end of a drill that fails
/// `failed` at once and runs long enough (90 s) for health checks and promotions to settle.
pub fn drill_served(design: &Design, failed: &str) -> [f64; 2] {
    let drill = Drill {
        duration_s: 90.0,
        events: vec![DrillEvent {
            at_s: 0.0,
            action: Action::Fail(failed.to_owned()),
        }],
        ..Drill::default()
    };
    let options = DrillOptions {
        record_nodes: false,
    };
    let mut run = start_drill(design, &drill, options).expect("the target exists");
    run.run_to_end();
    run.output().class_served_qps
}
