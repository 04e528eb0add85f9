//! Drill benchmarks, as users meet them: one tick with a forced propagation on a generated
//! 1,000-component design; a one-hour drill of the reference design at 100 ms ticks (3,600
//! simulated seconds, 36,000 ticks), headless, from start to verdict; a 60 s drill of a
//! generated 10,000-component design that fails a server at 10 s (budget 1 s); and the blast
//! radius (every single failure settled) at 1,000 and 10,000 components (budgets 50 ms, 1 s).
//!
//! Run with `cargo bench --bench drill`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use infraboard::io::templates::reference_design;
use infraboard::sim::drill::{Drill, DrillOptions, blast_radius, run_drill, start_drill};
use infraboard::sim::flow::FlowOutput;
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
                black_box(run.step().map(FlowOutput::served_total_qps))
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

fn sixty_second_drill_at_10k(c: &mut Criterion) {
    let design = layered_design(10_000, 1);
    let server = design
        .components
        .iter()
        .find(|c| c.tag() == infraboard::model::KindTag::Server)
        .map(|c| c.id.to_string())
        .unwrap_or_else(|| panic!("a layered design has servers"));
    let drill = Drill::fail_for(&server, 10.0, 30.0, 60.0);
    let mut group = c.benchmark_group("drill");
    group.sample_size(10);
    group.bench_function(
        format!("60 s drill, {} components", design.components.len()),
        |b| {
            b.iter(|| {
                let r = run_drill(&design, &drill, DrillOptions::default());
                black_box(r.map(|r| r.verdict.passed))
            });
        },
    );
    group.finish();
}

fn blast_radius_sizes(c: &mut Criterion) {
    let mut group = c.benchmark_group("blast radius");
    group.sample_size(10);
    for size in [1_000, 10_000] {
        let design = layered_design(size, 1);
        group.bench_function(format!("{} components", design.components.len()), |b| {
            b.iter(|| black_box(blast_radius(&design).len()));
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    tick_at_1000_components,
    one_hour_reference_drill,
    sixty_second_drill_at_10k,
    blast_radius_sizes
);
criterion_main!(benches);
