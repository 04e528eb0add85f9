//! What a user meets, timed whole, on generated layered designs (`sim::generate`) saved as
//! design files:
//!
//! - `cli/check/N`, `cli/validate/N`: the release `infraboard` binary run as a process on a
//!   file of N components (1,000 / 10,000 / 100,000), from start to exit: RON text on disk →
//!   answer. Budgets: check ≤ 30 ms / 150 ms / 1.5 s; validate no slower than check.
//! - `window/open/10000`: the window (the real `InfraboardApp` in an egui_kittest harness,
//!   headless, no GPU) opening a 10,000-component file until its first frame shows the
//!   design (`GraphView` has painted it). Budget ≤ 1 s.
//! - `window/hover/10000`, `window/pan/10000`: one frame of that window while the pointer
//!   moves over the canvas, and while the view scrolls (egui pass plus tessellation).
//!   Budget ≤ 16 ms.
//! - `window/edit/10000`: one frame that applies one edit (the selected component moved by one
//!   unit, one undo step): the undo snapshot, the analysis and the scene of the new revision.
//!
//! Run: `cargo bench --bench user_paths` (a filter such as `cli/check` picks some).

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, Vec2};
use egui_kittest::Harness;
use infraboard::io::save_design;
use infraboard::sim::generate::layered_design;
use infraboard::ui::{Command, InfraboardApp, Settings};

/// The allocator the `infraboard` binary uses (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The window size the frames are measured at.
const WINDOW: Vec2 = Vec2::new(1600.0, 1000.0);

/// Writes the generated design of `n` components into `dir`.
fn design_file(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("layered-{n}.ron"));
    save_design(&layered_design(n, 42), &path).expect("the temporary directory is writable");
    path
}

/// Runs the release binary with `args` to its end; returns its exit code.
fn run_binary(args: &[&str]) -> Option<i32> {
    Process::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the infraboard binary runs")
        .code()
}

fn cli(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut group = c.benchmark_group("cli");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let path = design_file(dir.path(), n);
        let file = path.to_str().expect("a UTF-8 temporary path");
        // A valid design: validate exits 0; check exits 0 or 1 (findings), never 2.
        assert_eq!(run_binary(&["validate", file]), Some(0), "{file}");
        assert_ne!(run_binary(&["check", file]), Some(2), "{file}");
        for command in ["check", "validate"] {
            group.bench_with_input(BenchmarkId::new(command, n), &file, |b, file| {
                b.iter(|| run_binary(&[command, file]));
            });
        }
    }
    group.finish();
}

/// The window on `file`, run until its first frame shows the design; returns the harness.
fn open_window(file: &Path) -> Harness<'static, InfraboardApp> {
    let app = InfraboardApp::new(Some(file.to_path_buf()), Settings::default());
    let mut h = Harness::builder()
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    // The first frame installs fonts; `GraphView` discards its first run on a new widget.
    for _ in 0..8 {
        h.step();
        if h.state().canvas_graph_frames().0 >= 2 {
            break;
        }
    }
    assert!(
        h.state().canvas_graph_frames().0 >= 2,
        "the canvas painted the design"
    );
    assert!(
        h.state().design().components.len() > 9_000,
        "the file opened"
    );
    h
}

/// One frame after `event`, tessellated as the window would.
fn frame(h: &mut Harness<'_, InfraboardApp>, event: Event) {
    h.event(event);
    h.step();
    let shapes = h.output().shapes.clone();
    std::hint::black_box(h.ctx.tessellate(shapes, 1.0));
}

fn window(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let n = 10_000;
    let path = design_file(dir.path(), n);
    let mut group = c.benchmark_group("window");
    group.sample_size(10);
    group.bench_with_input(BenchmarkId::new("open", n), &path, |b, path| {
        b.iter(|| open_window(path));
    });
    let mut h = open_window(&path);
    // Over the canvas: right of the palette, above the bottom panels.
    let mut i = 0_u32;
    group.bench_function(BenchmarkId::new("hover", n), |b| {
        b.iter(|| {
            i += 1;
            let x = 500.0 + (i % 400) as f32;
            frame(&mut h, Event::PointerMoved(Pos2::new(x, 300.0)));
        });
    });
    let mut k = 0_u32;
    group.bench_function(BenchmarkId::new("pan", n), |b| {
        b.iter(|| {
            k += 1;
            let dy = if k.is_multiple_of(2) { 40.0 } else { -40.0 };
            frame(
                &mut h,
                Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: Vec2::new(0.0, dy),
                    modifiers: egui::Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                },
            );
        });
    });
    let first = h.state().design().components[0].id.clone();
    h.state_mut().queued.push(Command::Select(vec![first]));
    h.step();
    let mut e = 0_u32;
    group.bench_function(BenchmarkId::new("edit", n), |b| {
        b.iter(|| {
            e += 1;
            let dx = if e.is_multiple_of(2) { 1.0 } else { -1.0 };
            h.state_mut()
                .queued
                .push(Command::MoveSelectionBy(Vec2::new(dx, 0.0)));
            frame(&mut h, Event::PointerMoved(Pos2::new(900.0, 300.0)));
        });
    });
    let (shows, replays) = h.state().canvas_graph_frames();
    eprintln!(
        "window/{n}: scene built {} times, analysis ran {} times, GraphView ran {shows} times, \
         replayed {replays} times",
        h.state().scene_builds(),
        h.state().analysis_runs()
    );
    group.finish();
}

criterion_group!(benches, cli, window);
criterion_main!(benches);
