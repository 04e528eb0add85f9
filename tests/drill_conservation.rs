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
        let offered = out.offered_total_qps();
        let sum = out.served_total_qps() + out.dropped_total_qps + out.failed_total_qps;
        assert!(
            (offered - sum).abs() <= tol(offered),
            "overall at {t}: offered {offered}, accounted {sum}"
        );
        for i in 0..out.offered_qps.len() {
            let (o, s, d, f) = (
                out.offered_qps[i],
                out.served_qps[i],
                out.dropped_qps[i],
                out.failed_qps[i],
            );
            assert!(
                (o - (s + d + f)).abs() <= tol(o),
                "node {} at {t}: offered {o}, served {s}, dropped {d}, failed {f}",
                run.graph().node_id(i)
            );
            assert!(o >= 0.0 && s >= 0.0 && d >= 0.0);
        }
        for k in 0..2 {
            let (o, s) = (out.class_entry_qps[k], out.class_served_qps[k]);
            assert!(s <= o + tol(o), "class {k} at {t}: served {s} of {o}");
        }
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
        // `reference-*.ron` run on the reference design, `grown-*.ron` on the grown scale-up.
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let design = if name.starts_with("grown-") {
            grown()
        } else {
            reference()
        };
        let ticks = check_every_tick(&design, &drill);
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
