//! Drives the real window headless with egui_kittest: palette drop, connect by drag, inspector
//! edits, box selection, delete, undo/redo, moves, files with unsaved changes. Assertions are
//! on the model.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use infraboard::model::{Component, Design, KindTag, LinkPurpose, Point, Protocol};
use infraboard::ui::{Command, InfraboardApp, Settings};

fn harness(design: Design) -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(design, None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    h.run_steps(3);
    h
}

fn two_boxes() -> Design {
    let mut d = Design::empty("test");
    d.components.push(Component::new(
        "users",
        "Users",
        KindTag::Users,
        Point::new(0.0, 0.0),
    ));
    d.components.push(Component::new(
        "lb",
        "LB",
        KindTag::LoadBalancer,
        Point::new(300.0, 0.0),
    ));
    d.components.push(Component::new(
        "db",
        "DB",
        KindTag::Database,
        Point::new(300.0, 250.0),
    ));
    d
}

fn screen(h: &Harness<'_, InfraboardApp>, id: &str) -> Pos2 {
    let c = h.state().design().component(id).expect("component");
    h.state().canvas_to_screen(c.position)
}

fn button(h: &Harness<'_, InfraboardApp>, pos: Pos2, pressed: bool, modifiers: Modifiers) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    });
}

/// Presses at `from`, moves in steps to `to`, releases there.
fn drag(h: &mut Harness<'_, InfraboardApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(from));
    h.step();
    h.event(Event::ModifiersChanged(modifiers));
    button(h, from, true, modifiers);
    h.step();
    for i in 1..=8 {
        let t = i as f32 / 8.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    button(h, to, false, modifiers);
    h.step();
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.step();
}

fn click(h: &mut Harness<'_, InfraboardApp>, at: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(at));
    h.step();
    h.event(Event::ModifiersChanged(modifiers));
    button(h, at, true, modifiers);
    button(h, at, false, modifiers);
    h.step();
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.step();
}

#[test]
fn palette_drop_creates_a_component_where_dropped() {
    let mut h = harness(Design::empty("empty"));
    let item = h.get_by_label("Add Server").rect().center();
    let target = h.state().canvas_to_screen(Point::new(0.0, 0.0)) + Vec2::new(60.0, 40.0);
    drag(&mut h, item, target, Modifiers::NONE);
    let d = h.state().design();
    assert_eq!(d.components.len(), 1, "a server was created");
    let c = &d.components[0];
    assert_eq!(c.tag(), KindTag::Server);
    let at = h.state().canvas_to_screen(c.position);
    assert!(
        (at - target).length() < 2.0,
        "dropped at {target:?}, placed at {at:?}"
    );
    assert!(h.state().document().selection.contains(c.id.as_str()));
}

#[test]
fn dragging_the_handle_connects_with_default_protocol_and_refuses_nonsense() {
    let mut h = harness(two_boxes());
    let from = h.state().handle_screen_pos("users").expect("handle");
    let to = screen(&h, "lb");
    drag(&mut h, from, to, Modifiers::NONE);
    let links = &h.state().design().links;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].from.component.as_str(), "users");
    assert_eq!(links[0].to.component.as_str(), "lb");
    assert_eq!(
        (links[0].purpose, links[0].protocol, links[0].port),
        (LinkPurpose::Request, Protocol::Https, 443)
    );

    // Alt-drag from the LB to the database: MySQL 3306.
    let (lb, db) = (screen(&h, "lb"), screen(&h, "db"));
    drag(&mut h, lb, db, Modifiers::ALT);
    let l = &h.state().design().links[1];
    assert_eq!((l.protocol, l.port), (Protocol::MySql, 3306));

    // The database cannot send requests to the users: refused with a reason.
    let from = h.state().handle_screen_pos("db").expect("handle");
    let to = screen(&h, "users");
    drag(&mut h, from, to, Modifiers::NONE);
    assert_eq!(h.state().design().links.len(), 2);
    assert!(
        h.state()
            .last_refusal()
            .is_some_and(|w| w.contains("users")),
        "{:?}",
        h.state().last_refusal()
    );
}

#[test]
fn box_select_delete_undo_redo() {
    let mut h = harness(two_boxes());
    // A band around the LB and the database, starting on empty canvas.
    let a = screen(&h, "lb") + Vec2::new(-150.0, -60.0);
    let b = screen(&h, "db") + Vec2::new(120.0, 60.0);
    drag(&mut h, a, b, Modifiers::NONE);
    let sel: Vec<String> = h
        .state()
        .document()
        .selection
        .components
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(sel, ["db", "lb"]);
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(h.state().design().components.len(), 1);
    assert!(h.state().document().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().design().components.len(), 3);
    assert!(
        !h.state().document().is_dirty(),
        "undo back to the saved state is clean"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().design().components.len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().design().components.len(), 1);
}

#[test]
fn one_drag_is_one_undo_step_and_click_selection_adds_with_shift() {
    let mut h = harness(two_boxes());
    let start = h.state().design().component("lb").expect("lb").position;
    let from = screen(&h, "lb");
    drag(&mut h, from, from + Vec2::new(80.0, 40.0), Modifiers::NONE);
    let moved = h.state().design().component("lb").expect("lb").position;
    assert!(
        moved.x > start.x + 10.0 && moved.y > start.y + 10.0,
        "{moved:?}"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        h.state().design().component("lb").expect("lb").position,
        start
    );

    let (u, d) = (screen(&h, "users"), screen(&h, "db"));
    click(&mut h, u, Modifiers::NONE);
    click(&mut h, d, Modifiers::SHIFT);
    assert_eq!(h.state().document().selection.components.len(), 2);
    // Duplicate gives fresh ids; Select all takes everything.
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run_steps(2);
    let d = h.state().design();
    assert_eq!(d.components.len(), 5);
    assert!(d.component("users-1").is_some() && d.component("db-1").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);
    assert_eq!(h.state().document().selection.components.len(), 5);
}

#[test]
fn inspector_edit_changes_the_model_and_reruns_the_analysis_once() {
    let mut h = harness(infraboard::io::templates::reference_design().expect("reference"));
    h.run_steps(5);
    let runs = h.state().analysis_runs();
    h.run_steps(10);
    assert_eq!(
        h.state().analysis_runs(),
        runs,
        "idle frames do not rerun the analysis"
    );
    let before = h.state().analysis().findings.clone();

    let lb = screen(&h, "lb");
    click(&mut h, lb, Modifiers::NONE);
    assert!(h.state().document().selection.contains("lb"));
    // Two load balancer replicas: the LB is no longer a single point of failure.
    h.get_all_by_label("Replicas")
        .last()
        .expect("field")
        .focus();
    h.step();
    h.get_all_by_label("Replicas")
        .last()
        .expect("field")
        .type_text("2");
    h.step();
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(h.state().design().component("lb").expect("lb").replicas, 2);
    assert!(h.state().analysis_runs() > runs);
    // Delete does not delete while a text field has focus.
    h.get_all_by_label("Name").last().expect("field").focus();
    h.step();
    h.key_press(Key::Delete);
    h.key_press(Key::Backspace);
    h.run_steps(2);
    assert!(h.state().design().component("lb").is_some());
    let spof_lb = |f: &[infraboard::sim::Finding]| {
        f.iter()
            .any(|f| f.rule == infraboard::sim::Rule::Spof && f.involves("lb"))
    };
    if spof_lb(&before) {
        assert!(
            !spof_lb(&h.state().analysis().findings),
            "the LB SPOF finding went away"
        );
    }
}

#[test]
fn open_with_unsaved_changes_asks_first_and_errors_keep_the_design() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("simple.ron");
    let simple = infraboard::io::templates::template("simple-web-stack")
        .expect("t")
        .design()
        .expect("d");
    infraboard::io::save_design(&simple, &path).expect("save");

    let mut h = harness(two_boxes());
    h.state_mut().queued.push(Command::AddComponent {
        tag: KindTag::Dns,
        at: Point::new(0.0, 200.0),
    });
    h.run_steps(2);
    assert!(h.state().document().is_dirty());
    h.state_mut().queued.push(Command::OpenPath(path.clone()));
    h.run_steps(2);
    assert!(h.state().prompt_showing());
    h.run_steps(4);
    h.get_by_label("Cancel").click();
    h.run_steps(2);

    assert!(!h.state().prompt_showing());
    assert_eq!(
        h.state().design().components.len(),
        4,
        "cancel keeps the design"
    );

    h.state_mut().queued.push(Command::OpenPath(path.clone()));
    h.run_steps(6);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert_eq!(h.state().design(), &simple);
    assert!(!h.state().document().is_dirty());
    assert_eq!(h.state().settings().recent.first(), Some(&path));

    // A broken file: error dialog, design kept.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "not a design").expect("write");
    h.state_mut().queued.push(Command::OpenPath(bad));
    h.run_steps(2);
    assert_eq!(h.state().design(), &simple);
    assert!(h.query_by_label("Problem").is_some());

    // Save and reopen gives the same design.
    h.run_steps(4);
    h.get_by_label("OK").click();
    h.run_steps(2);
    let out = dir.path().join("out.ron");
    h.state_mut().queued.push(Command::AddComponent {
        tag: KindTag::Users,
        at: Point::new(-200.0, 0.0),
    });
    h.state_mut().queued.push(Command::SaveTo(out.clone()));
    h.run_steps(2);
    assert!(!h.state().document().is_dirty());
    let again = infraboard::io::load_design(&out).expect("reload");
    assert_eq!(&again, h.state().design());
}

#[test]
fn dropping_a_link_on_a_service_row_targets_that_service() {
    let mut d = Design::empty("services");
    d.components.push(Component::new(
        "app",
        "App",
        KindTag::Server,
        Point::new(0.0, 0.0),
    ));
    d.components.push(Component::new(
        "s1",
        "S1",
        KindTag::Server,
        Point::new(400.0, 0.0),
    ));
    let mut h = harness(d);
    // The whiteboard stack's last row is MySQL; aim at the middle of that row.
    let s1 = h.state().design().component("s1").expect("s1").clone();
    let rows = s1.kind.services().len() as f32;
    let bottom = s1.position.y + (30.0 + 17.0 * rows + 6.0) / 2.0;
    let row_centre = Point::new(s1.position.x, bottom - 3.0 - 17.0 / 2.0);
    let to = h.state().canvas_to_screen(row_centre);
    let from = h.state().handle_screen_pos("app").expect("handle");
    drag(&mut h, from, to, Modifiers::NONE);
    let l = h.state().design().links.first().expect("a link");
    assert_eq!(l.to.to_string(), "s1/mysql");
    assert_eq!((l.protocol, l.port), (Protocol::MySql, 3306));
}

#[test]
fn the_canvas_is_a_graph_view_that_runs_only_when_its_picture_changes() {
    let design = infraboard::io::templates::reference_design().unwrap();
    let (components, links) = (design.components.len(), design.links.len());
    let mut h = harness(design);
    h.run_steps(3);
    assert_eq!(
        h.state().canvas_graph_size(),
        (components, links),
        "one node per component, one edge per link"
    );
    let (shows, replays) = h.state().canvas_graph_frames();
    assert!(shows >= 1, "GraphView drew the canvas");

    // Hovering empty canvas changes nothing GraphView draws: its picture is replayed.
    for x in 0..5 {
        h.event(Event::PointerMoved(Pos2::new(700.0 + x as f32, 80.0)));
        h.step();
    }
    let (shows_after_hover, replays_after_hover) = h.state().canvas_graph_frames();
    assert_eq!(shows_after_hover, shows, "hover does not rerun GraphView");
    assert!(replays_after_hover >= replays + 5);

    // Scrolling pans the view: GraphView runs again, then the window goes idle.
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: Vec2::new(0.0, -40.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
    });
    h.run_steps(4);
    let (shows_after_pan, _) = h.state().canvas_graph_frames();
    assert!(shows_after_pan > shows, "a new view reruns GraphView");
    h.run_steps(3);
    assert!(!h.ctx.has_requested_repaint(), "idle after the pan");
    assert_eq!(h.state().canvas_graph_frames().0, shows_after_pan);
}
