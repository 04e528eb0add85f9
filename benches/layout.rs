//! Auto-layout benchmark: a generated 200-component design (budget: 200 ms), and the
//! reference design.

use criterion::{Criterion, criterion_group, criterion_main};
use infraboard::io::templates::reference_design;
use infraboard::layout::auto_layout;
use infraboard::sim::generate::layered_design;

/// The allocator the `infraboard` binary uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn layout_benches(c: &mut Criterion) {
    let design = layered_design(200, 1);
    assert!(
        design.components.len() >= 190,
        "{} components",
        design.components.len()
    );
    c.bench_function("auto_layout_200", |b| b.iter(|| auto_layout(&design, None)));
    let large = layered_design(1000, 1);
    c.bench_function("auto_layout_1000", |b| b.iter(|| auto_layout(&large, None)));
    let reference = reference_design().unwrap_or_default();
    c.bench_function("auto_layout_reference", |b| {
        b.iter(|| auto_layout(&reference, None))
    });
}

criterion_group!(benches, layout_benches);
criterion_main!(benches);
