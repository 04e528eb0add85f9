//! Drill benchmarks: one tick with a forced propagation on a generated 1,000-component design,
//! and a one-hour drill of the reference design at 100 ms ticks (3,600 simulated seconds,
//! 36,000 ticks), headless, from start to verdict.
//!
//! Run with `cargo bench --bench drill`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use infraboard::io::templates::reference_design;
use infraboard::sim::drill::{Drill, DrillOptions, run_drill, start_drill};
use infraboard::sim::generate::layered_design;

/// The allocator the `infraboard` binary uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn tick_at_1000_components(c: &mut Criterion) {
    let design = layered_design(1000, 1);
    let drill = Drill {
        duration_s: 7.0 * 24.0 * 3600.0,
        ..Drill::default()
    };
    let mut run = start_drill(
        &design,
        &drill,
        DrillOptions {
            record_nodes: false,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    c.bench_function(
        &format!(
            "drill tick, {} components, forced propagation",
            design.components.len()
        ),
        |b| {
            b.iter(|| {
                run.force_propagate();
                black_box(run.step().map(|o| o.served_qps))
            });
        },
    );
}

fn one_hour_reference_drill(c: &mut Criterion) {
    let design = reference_design().unwrap_or_else(|e| panic!("{e}"));
    let drill = Drill::fail_for("server-2", 600.0, 900.0, 3600.0);
    let mut group = c.benchmark_group("drill");
    group.sample_size(10);
    group.bench_function("one-hour reference drill, 100 ms ticks", |b| {
        b.iter(|| {
            let r = run_drill(&design, &drill, DrillOptions::default());
            black_box(r.map(|r| r.verdict.passed))
        });
    });
    group.finish();
}

criterion_group!(benches, tick_at_1000_components, one_hour_reference_drill);
criterion_main!(benches);
