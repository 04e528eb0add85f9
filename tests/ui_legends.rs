//! The canvas legends (issue 18), driving the real app with egui_kittest: the drill's heat-map
//! legend and the overlay legend never cover a component or a note (geometry from the shared
//! scene, through the app's own view), nor each other; the overlay legend lists only the marks
//! that appear (no "BLOCKS" row while no firewall blocks anything).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod ui_common;

use egui::{Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use infraboard::io::templates::reference_design;
use infraboard::model::{KindTag, Link, LinkPurpose, Note, Point, Protocol};
use infraboard::scene::{SceneItemOwner, SceneOptions, build_scene};
use infraboard::sim::Rule;
use infraboard::ui::InfraboardApp;
use ui_common::{design_of, harness};

/// The app as eframe runs it: `App::logic` (the drill clock, the blast-radius job), then the
/// panels.
fn drill_harness(design: infraboard::model::Design) -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, infraboard::ui::Settings::default());
    app.set_document(design, None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .build_ui_state(
            |ui, app: &mut InfraboardApp| {
                app.logic_frame(ui.ctx());
                app.ui_frame(ui);
            },
            app,
        );
    h.run_steps(3);
    h
}

/// Screen rectangles of everything each component and note draws (box, title, badges), from
/// the scene the canvas paints, through the app's view.
fn drawn_rects(h: &Harness<'_, InfraboardApp>) -> Vec<(String, Rect)> {
    let app = h.state();
    let scene = build_scene(
        app.design(),
        Some(app.analysis()),
        &SceneOptions {
            title: false,
            legend: false,
            ..SceneOptions::default()
        },
    );
    scene
        .groups()
        .into_iter()
        .filter_map(|(owner, items)| {
            let name = match owner {
                SceneItemOwner::Component(id) => id.to_string(),
                SceneItemOwner::Note(i) => format!("note {i}"),
                _ => return None,
            };
            let b = items
                .iter()
                .map(|i| i.primitive.bounds())
                .reduce(|a, b| a.union(&b))
                .expect("a group has items");
            let r = Rect::from_min_max(app.canvas_to_screen(b.min), app.canvas_to_screen(b.max));
            Some((name, r))
        })
        .collect()
}

fn assert_clear(h: &Harness<'_, InfraboardApp>, legend: Rect, what: &str) {
    for (name, r) in drawn_rects(h) {
        assert!(
            !legend.intersects(r),
            "the {what} legend {legend:?} covers {name} {r:?}"
        );
    }
}

fn heat_on(h: &mut Harness<'static, InfraboardApp>) {
    h.get_by_label("🔥 Drill mode").click();
    h.run_steps(5);
    h.get_by_label("Heat map").click();
    for _ in 0..500 {
        h.run_steps(1);
        if h.state().drill.heat().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(h.state().drill.heat().is_some(), "the heat map came");
    h.run_steps(4);
}

#[test]
fn legends_never_cover_components_in_drill_mode() {
    let mut design = reference_design().unwrap();
    // A note beside the diagram is content too.
    let top_left = design
        .components
        .iter()
        .map(|c| c.position)
        .fold(Point::new(f32::MAX, f32::MAX), |a, p| {
            Point::new(a.x.min(p.x), a.y.min(p.y))
        });
    design
        .notes
        .push(Note::new("Ask ops about the LB", top_left));
    // And one in the bottom-left corner, where a legend goes first when that is free.
    let bottom = design
        .components
        .iter()
        .map(|c| c.position.y)
        .fold(f32::MIN, f32::max);
    design.notes.push(Note::new(
        "Budget: two more servers",
        Point::new(top_left.x, bottom + 80.0),
    ));
    let mut h = drill_harness(design);
    heat_on(&mut h);
    for size in [Vec2::new(1400.0, 900.0), Vec2::new(1100.0, 760.0)] {
        h.set_size(size);
        h.run_steps(6);
        let legends = h.state().canvas_legends();
        let heat = legends.heat.expect("the heat legend is shown");
        let overlays = legends.overlays.expect("the overlay legend is shown");
        assert_clear(&h, heat, "heat");
        assert_clear(&h, overlays, "overlay");
        assert!(!heat.intersects(overlays), "{heat:?} {overlays:?}");
    }
    // Zoomed in so the diagram fills the canvas: still clear where a clear place exists,
    // and the two legends apart.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Equals);
    h.run_steps(6);
    let legends = h.state().canvas_legends();
    assert!(!legends.heat.unwrap().intersects(legends.overlays.unwrap()));
}

#[test]
fn the_legend_lists_only_the_marks_that_appear() {
    // The reference design: SPOFs but no firewall that blocks.
    let h = harness(reference_design().unwrap());
    assert!(
        !h.state()
            .analysis()
            .findings
            .iter()
            .any(|f| f.rule == Rule::FirewallBlocksTraffic)
    );
    assert!(h.query_by_label_contains("SPOF (R = reads").is_some());
    assert!(
        h.query_by_label_contains("firewall drops needed traffic")
            .is_none(),
        "no BLOCKS row without a blocking firewall"
    );
    assert!(
        h.query_by_label_contains("plaintext request link")
            .is_some(),
        "the reference has plaintext hops after the LB"
    );

    // A firewall with no rule drops the flow: the BLOCKS row appears.
    let mut d = design_of(&[
        ("users", "Users", KindTag::Users, 0.0, 0.0),
        ("fw", "Firewall", KindTag::Firewall, 300.0, 0.0),
        ("lb", "LB", KindTag::LoadBalancer, 600.0, 0.0),
    ]);
    for (a, b) in [("users", "fw"), ("fw", "lb")] {
        d.links
            .push(Link::new(a, b, LinkPurpose::Request, Protocol::Https));
    }
    let h = harness(d);
    assert!(
        h.query_by_label_contains("firewall drops needed traffic")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("plaintext request link")
            .is_none(),
        "every request link is HTTPS"
    );
}
