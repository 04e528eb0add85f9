//! Drill mode in the real window, headless with egui_kittest: switch it on, fail a component by
//! clicking it, play at 60×, pause, step, reach the verdict, sort the blast-radius table.
//! Assertions are on the drill state and AccessKit labels.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use infraboard::io::templates::reference_design;
use infraboard::ui::{InfraboardApp, Settings};

fn harness() -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(reference_design().unwrap(), None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut InfraboardApp| {
                // As eframe does: `App::logic` (the drill clock), then the panels.
                app.logic_frame(ui.ctx());
                app.ui_frame(ui);
            },
            app,
        );
    h.run_steps(3);
    h
}

fn click_at(h: &mut Harness<'_, InfraboardApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

fn on(h: &mut Harness<'_, InfraboardApp>) {
    h.get_by_label("🔥 Drill mode").click();
    h.run_steps(3);
    assert!(h.state().drill.active);
}

fn screen(h: &Harness<'_, InfraboardApp>, id: &str) -> Pos2 {
    let c = h.state().design().component(id).unwrap();
    h.state().canvas_to_screen(c.position)
}

#[test]
fn clicking_a_component_in_drill_mode_fails_and_restores_it() {
    let mut h = harness();
    on(&mut h);
    let lb = screen(&h, "lb");
    click_at(&mut h, lb);
    assert!(h.state().drill.is_failed("lb"));
    assert_eq!(
        h.state().drill.run().unwrap().output().served_total_qps(),
        0.0
    );
    assert!(h.state().drill.marks().unwrap().node("lb").unwrap().failed);
    // The canvas scene shows the drill's tick, not the static analysis.
    let live = h.state().drill.analysis().unwrap();
    assert_eq!(live.traffic.served_qps, 0.0);
    assert!(live.traffic.nodes.get("lb").expect("a traffic row").down);
    click_at(&mut h, lb);
    assert!(!h.state().drill.is_failed("lb"));
    // Outside drill mode a click only selects.
    h.get_by_label("🔥 Drill mode").click();
    h.run_steps(2);
    click_at(&mut h, lb);
    assert!(h.state().drill.marks().is_none());
}

#[test]
fn play_pause_step_and_speed() {
    let mut h = harness();
    on(&mut h);
    h.get_by_label("60×").click();
    h.run_steps(1);
    h.get_by_label("▶ Play").click();
    h.run_steps(10);
    let t = h.state().drill.t_s();
    assert!(t > 1.0, "t = {t}");
    h.get_by_label("⏸ Pause").click();
    h.run_steps(2);
    let paused = h.state().drill.t_s();
    h.run_steps(5);
    assert_eq!(h.state().drill.t_s(), paused, "the clock stops when paused");
    h.get_by_label("⏭ Step").click();
    h.run_steps(1);
    assert!((h.state().drill.t_s() - paused - 0.1).abs() < 1e-9);
    h.get_by_label("⟲ Reset").click();
    h.run_steps(1);
    assert!(h.state().drill.t_s() <= 0.1);
}

#[test]
fn the_verdict_card_shows_at_the_end() {
    let mut h = harness();
    on(&mut h);
    h.state_mut().drill.drill.duration_s = 3.0;
    h.get_by_label("⟲ Reset").click();
    h.run_steps(1);
    let lb = screen(&h, "lb");
    click_at(&mut h, lb);
    h.get_by_label("60×").click();
    h.run_steps(1);
    h.get_by_label("▶ Play").click();
    h.run_steps(20);
    let result = h.state().drill.result.as_ref().expect("finished");
    assert!(!result.verdict.passed);
    assert!(h.query_by_label_contains("Verdict: FAILED").is_some());
    assert!(!h.state().drill.playing);
}

#[test]
fn the_blast_radius_table_sorts() {
    let mut h = harness();
    on(&mut h);
    h.get_by_label("Blast radius").click();
    // Computed on a worker thread: frames go on meanwhile, the table fills when it arrives.
    for _ in 0..500 {
        h.run_steps(1);
        if h.state().drill.blast.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run_steps(2);
    assert!(h.query_by_label("server-2").is_some());
    assert_eq!(h.state().drill.blast.as_ref().unwrap().len(), 7);
    h.get_by_label("component").click();
    h.run_steps(2);
    assert_eq!(h.state().drill.blast_sort, (0, false));
}

#[test]
fn clicks_are_saved_as_a_drill_and_chaos_generates_one() {
    let mut h = harness();
    on(&mut h);
    let lb = screen(&h, "lb");
    click_at(&mut h, lb);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.ron");
    h.state_mut().drill.path = path.display().to_string();
    h.get_by_label("Save").click();
    h.run_steps(2);
    let saved = infraboard::io::load_drill(&path).unwrap();
    assert_eq!(saved.events.len(), 1);
    assert!(
        matches!(&saved.events[0].action, infraboard::sim::drill::Action::Fail(id) if id == "lb")
    );
    h.get_by_label("Clear events").click();
    h.run_steps(2);
    assert!(h.state().drill.drill.events.is_empty());
    h.get_by_label("Load").click();
    h.run_steps(2);
    assert_eq!(h.state().drill.drill, saved);
    h.get_by_label("Generate").click();
    h.run_steps(2);
    assert!(h.state().drill.drill.name.starts_with("chaos"));
    assert!(!h.state().drill.drill.events.is_empty());
}
