//! What driving the real window under Xvfb showed in drill mode (issue 18), checked with
//! egui_kittest through eframe's `App::logic` + `App::ui`: opening another design while drill
//! mode is on forgets the old design's drill events (they named components the new design does
//! not have, and the panel showed an error); the canvas legend lists the SPOF ring whenever
//! the drill's canvas draws SPOF rings (its marks and its scene come from one analysis).

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use infraboard::io::templates::reference_design;
use infraboard::ui::{InfraboardApp, Settings};
use ui_common::{click, screen};

mod ui_common;

fn harness() -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(reference_design().unwrap(), None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .build_eframe(|_cc| app);
    h.run_steps(3);
    h
}

#[test]
fn a_new_design_forgets_the_old_drill_events() {
    let mut h = harness();
    h.get_by_label("🔥 Drill mode").click();
    h.run_steps(5);
    let fw2 = screen(&h, "fw-2");
    click(&mut h, fw2, Modifiers::NONE);
    assert_eq!(
        h.state().drill.drill.events.len(),
        1,
        "the click failed fw-2"
    );

    // New from template (the reference design is clean: no prompt).
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    h.get_by_label("distributed-web-infrastructure").click();
    h.run_steps(5);
    assert!(h.state().design().component("fw-2").is_none());
    assert!(h.state().drill.active, "drill mode stays on");
    assert!(
        h.state().drill.drill.events.is_empty(),
        "the old design's events are gone"
    );
    assert_eq!(h.state().drill.error, None);
    assert!(
        h.query_by_label_contains("is not a component").is_none(),
        "no error about the old design's components"
    );
}

#[test]
fn the_drill_legend_lists_the_spof_ring_the_canvas_draws() {
    let mut h = harness();
    h.get_by_label("🔥 Drill mode").click();
    h.run_steps(5);
    // From the first frames of drill mode (before any tick), the drill canvas draws SPOF
    // rings from the analysis findings it shows…
    let spof_shown = |h: &Harness<'_, InfraboardApp>| {
        h.state().drill.analysis().is_some_and(|a| {
            a.findings
                .iter()
                .any(|f| f.rule == infraboard::sim::Rule::Spof)
        })
    };
    assert!(spof_shown(&h));
    // …and its legend explains them.
    assert!(h.query_by_label_contains("SPOF (R = reads").is_some());
    h.get_by_label("⏭ Step").click();
    h.run_steps(3);
    assert!(spof_shown(&h));
    assert!(h.query_by_label_contains("SPOF (R = reads").is_some());
}
