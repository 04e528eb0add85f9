//! Export benchmarks: the reference design to PNG at 2×, and a 5,000-component generated
//! design to PNG at 1× (budgets: 200 ms and 3 s).

use criterion::{Criterion, criterion_group, criterion_main};
use infraboard::export::{ExportFormat, ExportOptions, Scale, export_design};
use infraboard::io::templates::reference_design;
use infraboard::sim::{AnalysisOptions, analyze, generate::layered_design};

/// The allocator the `infraboard` binary uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn export_benches(c: &mut Criterion) {
    let reference = reference_design().unwrap_or_default();
    let analysis = analyze(&reference, &AnalysisOptions::default());
    let png_2x = ExportOptions {
        format: ExportFormat::Png,
        scale: Scale::X2,
        ..ExportOptions::default()
    };
    c.bench_function("reference_png_2x", |b| {
        b.iter(|| export_design(&reference, Some(&analysis), &png_2x))
    });

    let large = layered_design(5000, 1);
    let large_analysis = analyze(&large, &AnalysisOptions::default());
    let png_1x = ExportOptions {
        format: ExportFormat::Png,
        ..ExportOptions::default()
    };
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("layered_5000_png_1x", |b| {
        b.iter(|| export_design(&large, Some(&large_analysis), &png_1x))
    });
    group.bench_function("layered_5000_svg", |b| {
        let svg = ExportOptions {
            format: ExportFormat::Svg,
            ..ExportOptions::default()
        };
        b.iter(|| export_design(&large, Some(&large_analysis), &svg))
    });
    group.finish();
}

criterion_group!(benches, export_benches);
criterion_main!(benches);
