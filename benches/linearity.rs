//! How the full check grows from 10,000 to 100,000 components, measured in alternation.
//!
//! `cargo bench --bench analysis` times each size in its own window of several seconds, so a
//! machine whose speed drifts between the two windows (a shared or virtual machine) moves the
//! ratio of the two by more than any change to the code. Here every round times one check of
//! the 100,000-component design and ten of the 10,000-component one back to back (each after
//! an untimed check of the same design, so that neither starts with the other's data in
//! cache), and the figures are medians over the rounds: drift moves both sizes alike.
//!
//! Prints the median time of each size, their ratio (budget: 12×) and the spread of the
//! per-round ratios. Pin it to one core to match the budget's terms:
//! `taskset -c 0 cargo bench --bench linearity`.

use std::hint::black_box;
use std::time::Instant;

use infraboard::sim::generate::layered_design;
use infraboard::sim::{AnalysisOptions, analyze};

/// The allocator the `infraboard` binary uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Rounds measured (after three untimed ones).
const ROUNDS: usize = 40;
/// Checks of the small design per round.
const SMALL_PER_ROUND: u32 = 10;

/// The value at quantile `q` (0 to 1) of `values`, sorted in place.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let last = values.len().saturating_sub(1);
    let at = ((last as f64) * q).round() as usize;
    values.get(at.min(last)).copied().unwrap_or(f64::NAN)
}

/// Milliseconds taken by `runs` checks of `design`, per check.
fn time_ms(design: &infraboard::model::Design, options: &AnalysisOptions, runs: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..runs {
        black_box(analyze(black_box(design), options));
    }
    start.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
}

fn main() {
    // `cargo bench` passes `--bench` (and any filter); a filter that names another bench
    // skips this one.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| "linearity".contains(f.as_str())) {
        return;
    }
    let options = AnalysisOptions::default();
    let small = layered_design(10_000, 42);
    let large = layered_design(100_000, 42);
    for _ in 0..3 {
        time_ms(&large, &options, 1);
        time_ms(&small, &options, SMALL_PER_ROUND);
    }
    let mut small_ms = Vec::with_capacity(ROUNDS);
    let mut large_ms = Vec::with_capacity(ROUNDS);
    let mut ratios = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        time_ms(&large, &options, 1);
        let large_round = time_ms(&large, &options, 1);
        time_ms(&small, &options, 1);
        let small_round = time_ms(&small, &options, SMALL_PER_ROUND);
        large_ms.push(large_round);
        small_ms.push(small_round);
        ratios.push(large_round / small_round);
    }
    let small_median = quantile(&mut small_ms, 0.5);
    let large_median = quantile(&mut large_ms, 0.5);
    let (q1, q3) = (quantile(&mut ratios, 0.25), quantile(&mut ratios, 0.75));
    println!(
        "linearity: 10,000 components {small_median:.2} ms, 100,000 components \
         {large_median:.2} ms (medians of {ROUNDS} alternating rounds)"
    );
    println!(
        "linearity: 100k / 10k = {:.2}x (budget 12x); per-round ratios, middle half: \
         {q1:.2}x to {q3:.2}x",
        large_median / small_median
    );
}
