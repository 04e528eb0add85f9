//! Blast radius (what each single failure costs once settled) and the interactive API the GUI
//! uses (fail and restore now, step, reset).

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

mod drill_common;

use drill_common::*;
use infraboard::sim::RequestClass;
use infraboard::sim::drill::{Action, Drill, DrillOptions, blast_radius, start_drill};

#[test]
fn reference_blast_radius_puts_single_points_first() {
    let rows = blast_radius(&reference());
    let worst: Vec<&str> = rows
        .iter()
        .take_while(|r| r.worst() == 0.0)
        .map(|r| r.id.as_str())
        .collect();
    // Entry path and the only writer: nothing of some class is served without them. The DNS
    // has four name servers: losing one costs nothing.
    assert_eq!(worst, ["fw-lb", "lb", "server-1"]);
    let dns = rows.iter().find(|r| r.id == "dns").unwrap();
    assert_eq!(dns.worst(), 1.0);
    let s2 = rows.iter().find(|r| r.id == "server-2").unwrap();
    assert!(close(s2.served_fraction_read, 1.0) && close(s2.served_fraction_write, 1.0));
    // Sorted: worst first, then by id; no users or monitoring rows.
    assert!(
        rows.windows(2)
            .all(|w| (w[0].worst(), &w[0].id) <= (w[1].worst(), &w[1].id))
    );
    assert!(
        !rows
            .iter()
            .any(|r| r.id == "users" || r.id.starts_with("mon") || r.id == "sumologic")
    );
}

#[test]
fn scale_up_has_no_single_machine_that_stops_a_class() {
    let rows = blast_radius(&scale_up());
    for r in rows.iter().filter(|r| r.id != "dns" && r.id != "fw-edge") {
        assert!(r.worst() > 0.99, "{r:?}");
    }
}

#[test]
fn the_gui_can_fail_and_restore_now_and_step() {
    let d = reference();
    let drill = Drill {
        duration_s: 30.0,
        ..Drill::default()
    };
    let mut run = start_drill(&d, &drill, DrillOptions::default()).unwrap();
    for _ in 0..10 {
        run.step();
    }
    run.apply_now(&Action::Fail("lb".into())).unwrap();
    assert!(run.is_failed("lb"));
    run.step();
    assert_eq!(run.output().served_total_qps(), 0.0);
    run.apply_now(&Action::Restore("lb".into())).unwrap();
    run.step();
    assert!(close(run.output().class_served_qps[0], 900.0));
    assert!(run.apply_now(&Action::Fail("nope".into())).is_err());
    run.run_to_end();
    assert!(run.finished());
    assert!(run.step().is_none());
    let r = run.finish(&[]);
    assert_eq!(r.series.len(), 30);
    assert_eq!(r.nodes["lb"].len(), 30);
}

/// Checks every `stride`-th row of the blast radius of `design` against the analysis with that
/// component failed, and that every component users depend on has exactly one row.
fn blast_radius_agrees_with_the_analysis(design: &infraboard::model::Design, stride: usize) {
    use infraboard::sim::{AnalysisOptions, analyze};
    let rows = blast_radius(design);
    let mut ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let mut expected_ids: Vec<&str> = design
        .components
        .iter()
        .filter(|c| c.tag().can_stop_requests())
        .map(|c| c.id.as_str())
        .collect();
    expected_ids.sort_unstable();
    assert_eq!(ids, expected_ids);
    for row in rows.iter().step_by(stride) {
        let a = analyze(
            design,
            &AnalysisOptions {
                failed: [row.id.clone()].into(),
                ..AnalysisOptions::default()
            },
        );
        for (class, share) in [
            (RequestClass::Read, row.served_fraction_read),
            (RequestClass::Write, row.served_fraction_write),
        ] {
            let c = &a.traffic.classes[&class];
            let expected = c.served_qps / c.offered_qps;
            assert!(
                (share - expected).abs() < 1e-9,
                "{} {class:?}: {share} vs {expected}",
                row.id
            );
        }
    }
}

#[test]
fn incremental_blast_radius_equals_the_analysis_with_each_component_failed() {
    let design = infraboard::sim::generate::layered_design(120, 3);
    assert!(design.components.len() > 100);
    blast_radius_agrees_with_the_analysis(&design, 1);
}

#[test]
fn blast_radius_shared_out_over_workers_equals_the_analysis() {
    // Enough failures for several workers (256 each) on a machine with several cores.
    let design = infraboard::sim::generate::layered_design(800, 5);
    assert!(design.components.len() > 700);
    blast_radius_agrees_with_the_analysis(&design, 9);
}
