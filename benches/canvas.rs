//! CPU time per frame of the whole window, headless (egui_kittest, no GPU), on generated
//! designs of 100, 1,000 and 5,000 components with every overlay on, against a bare
//! `egui_graphs::GraphView` showing the same graph. A frame is the egui pass plus
//! tessellation. `hover`: the pointer moves every frame so hover logic runs (the canvas replays
//! GraphView's last picture); `pan`: every frame scrolls the view, so GraphView runs each time.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, Vec2};
use egui_graphs::{
    DefaultEdgeShape, DefaultNodeShape, Graph, GraphView, LayoutRandom, LayoutStateRandom,
};
use egui_kittest::Harness;
use infraboard::sim::generate::layered_design;
use infraboard::ui::{InfraboardApp, Settings};
use petgraph::Directed;
use petgraph::stable_graph::StableGraph;

/// The allocator the `infraboard` binary uses (see `src/main.rs`), for both sides.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZE: Vec2 = Vec2::new(1600.0, 1000.0);

fn frame<S>(h: &mut Harness<'_, S>, i: u32) {
    let x = 500.0 + (i % 200) as f32;
    h.event(Event::PointerMoved(Pos2::new(x, 400.0)));
    step(h);
}

/// One frame that scrolls the view by a few points (back and forth, so it stays in place).
/// The pointer stays where the last frame left it: kittest runs one frame per queued event.
fn pan_frame<S>(h: &mut Harness<'_, S>, i: u32) {
    let dy = if i.is_multiple_of(2) { 3.0 } else { -3.0 };
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: Vec2::new(0.0, dy),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
    });
    step(h);
}

fn step<S>(h: &mut Harness<'_, S>) {
    h.step();
    let shapes = h.output().shapes.clone();
    let prims = h.ctx.tessellate(shapes, 1.0);
    std::hint::black_box(prims);
}

type BareGraph = Graph<(), (), Directed, u32, DefaultNodeShape, DefaultEdgeShape>;

fn bare_graph(n: usize) -> BareGraph {
    let design = layered_design(n, 1);
    let mut sg: StableGraph<(), (), Directed, u32> = StableGraph::default();
    let mut index = std::collections::BTreeMap::new();
    for c in &design.components {
        index.insert(c.id.clone(), sg.add_node(()));
    }
    for l in &design.links {
        if let (Some(a), Some(b)) = (index.get(&l.from.component), index.get(&l.to.component)) {
            sg.add_edge(*a, *b, ());
        }
    }
    let mut g: BareGraph = Graph::from(&sg);
    for c in &design.components {
        if let Some(idx) = index.get(&c.id)
            && let Some(node) = g.node_mut(*idx)
        {
            node.set_location(Pos2::new(c.position.x, c.position.y));
            node.set_label(c.name.clone());
        }
    }
    g
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group.sample_size(20);
    for n in [100usize, 1_000, 5_000] {
        let mut app = InfraboardApp::new(None, Settings::default());
        app.set_document(layered_design(n, 1), None);
        let mut h = Harness::builder()
            .with_size(SIZE)
            .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
        h.run_steps(4);
        let mut i = 0;
        group.bench_with_input(BenchmarkId::new("infraboard_hover", n), &n, |b, _| {
            b.iter(|| {
                i += 1;
                frame(&mut h, i);
            });
        });
        let (shows, replays) = h.state().canvas_graph_frames();
        eprintln!(
            "infraboard_hover/{n}: {i} frames, scene built {} times, analysis ran {} times, \
             GraphView ran {shows} times, replayed {replays} times",
            h.state().scene_builds(),
            h.state().analysis_runs()
        );
        let mut k = 0;
        group.bench_with_input(BenchmarkId::new("infraboard_pan", n), &n, |b, _| {
            b.iter(|| {
                k += 1;
                pan_frame(&mut h, k);
            });
        });
        let (pan_shows, pan_replays) = h.state().canvas_graph_frames();
        eprintln!(
            "infraboard_pan/{n}: {k} frames, GraphView ran {} times, replayed {} times",
            pan_shows - shows,
            pan_replays - replays
        );

        let mut bare = Harness::builder().with_size(SIZE).build_ui_state(
            |ui, g: &mut BareGraph| {
                egui::CentralPanel::default().show(ui, |ui| {
                    // Keep the positions: mark the random layout as already applied.
                    egui_graphs::set_layout_state::<LayoutStateRandom>(ui, serde_state(), None);
                    ui.add_space(0.0);
                    let _ = GraphView::<LayoutStateRandom, LayoutRandom>::new()
                        .with_styles(&egui_graphs::SettingsStyle::new().with_labels_always(true))
                        .show(ui, g);
                });
            },
            bare_graph(n),
        );
        bare.run_steps(4);
        let mut j = 0;
        group.bench_with_input(BenchmarkId::new("bare_graph_view", n), &n, |b, _| {
            b.iter(|| {
                j += 1;
                frame(&mut bare, j);
            });
        });
    }
    group.finish();
}

/// A random-layout state that says it already ran, so the model's positions stay.
fn serde_state() -> LayoutStateRandom {
    serde_json::from_str(r#"{"triggered":true}"#).unwrap_or_default()
}

criterion_group!(benches, bench);
criterion_main!(benches);
