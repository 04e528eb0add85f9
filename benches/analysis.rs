//! Benchmarks of the full check on generated layered designs (1,000 / 10,000 / 100,000
//! components) and of one traffic propagation at 1,000 components (the per-tick cost of a
//! live drill).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use infraboard::sim::generate::layered_design;
use infraboard::sim::graph::FlowGraph;
use infraboard::sim::{AnalysisOptions, FlowInput, FlowOutput, analyze, propagate};

/// The allocator the `infraboard` binary uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn full_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    let options = AnalysisOptions::default();
    for n in [1_000, 10_000, 100_000] {
        let design = layered_design(n, 42);
        group.bench_with_input(BenchmarkId::from_parameter(n), &design, |b, d| {
            b.iter(|| analyze(black_box(d), &options));
        });
    }
    group.finish();
}

fn one_tick(c: &mut Criterion) {
    let design = layered_design(1_000, 42);
    let graph = FlowGraph::build(&design);
    let mut input = FlowInput::new(&graph, design.traffic.offered_qps, 0.9, 0.05);
    infraboard::sim::health::settle_beliefs(&graph, &mut input);
    let mut output = FlowOutput::new(&graph);
    c.bench_function("propagate/1000", |b| {
        b.iter(|| propagate(black_box(&graph), &input, &mut output));
    });
}

criterion_group!(benches, full_check, one_tick);
criterion_main!(benches);
