//! Benchmarks of the exact availability (issue 19): the reference design (budget 5 ms) and a
//! 300-component layered design (budget 200 ms), each the whole computation a user's
//! `check --availability` runs: factoring, cut sets, failover downtime and importance.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use infraboard::io::templates::reference_design;
use infraboard::sim::availability::availability;
use infraboard::sim::generate::layered_design;

/// The allocator the `infraboard` binary uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn exact(c: &mut Criterion) {
    let mut group = c.benchmark_group("availability");
    group.sample_size(10);
    let reference = reference_design().expect("the reference template loads");
    group.bench_function("reference", |b| {
        b.iter(|| availability(black_box(&reference)).expect("small enough"));
    });
    let layered = layered_design(300, 42);
    group.bench_function("layered/300", |b| {
        b.iter(|| availability(black_box(&layered)).expect("small enough"));
    });
    group.finish();
}

criterion_group!(benches, exact);
criterion_main!(benches);
