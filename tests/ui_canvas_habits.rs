//! Layout and the habits people bring from draw.io (issue 18, items 10–17), driven through the
//! real app with pointer and key events; assertions on the model and on AccessKit.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod ui_common;

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use infraboard::model::{Design, KindTag, LinkPurpose, Point, Protocol};
use infraboard::ui::InfraboardApp;
use ui_common::{
    click, click_with, design_of, double_click, drag, drag_steps, harness, release, screen,
    selected,
};

fn three() -> Design {
    let mut d = design_of(&[
        ("users", "Users", KindTag::Users, 0.0, 0.0),
        ("lb", "LB", KindTag::LoadBalancer, 300.0, 0.0),
        ("db", "DB", KindTag::Database, 300.0, 250.0),
    ]);
    d.links.push(infraboard::model::Link::new(
        "users",
        "lb",
        LinkPurpose::Request,
        Protocol::Https,
    ));
    d
}

fn position(h: &Harness<'_, InfraboardApp>, id: &str) -> Point {
    h.state()
        .design()
        .component(id)
        .expect("component")
        .position
}

/// Screen points per canvas unit, measured from the app's own transform.
fn zoom(h: &Harness<'_, InfraboardApp>) -> f32 {
    let a = h.state().canvas_to_screen(Point::new(0.0, 0.0));
    let b = h.state().canvas_to_screen(Point::new(100.0, 0.0));
    (b.x - a.x) / 100.0
}

fn node_rect(h: &Harness<'_, InfraboardApp>, id: &str) -> egui::Rect {
    infraboard::ui::canvas::geometry::node_rect(h.state().design().component(id).unwrap())
}

#[test]
fn item_10_box_select_takes_what_it_encloses_alt_what_it_touches() {
    let mut h = harness(three());
    // A band that encloses the database and cuts through the load balancer.
    let db = node_rect(&h, "db");
    let lb = node_rect(&h, "lb");
    let a = h
        .state()
        .canvas_to_screen(Point::new(db.left() - 30.0, lb.center().y));
    let b = h
        .state()
        .canvas_to_screen(Point::new(db.right() + 30.0, db.bottom() + 30.0));
    drag(&mut h, a, b, Modifiers::NONE);
    assert_eq!(selected(&h), ["db"], "only what the band encloses");
    drag(&mut h, a, b, Modifiers::ALT);
    assert_eq!(selected(&h), ["db", "lb"], "Alt: what it touches");
}

#[test]
fn item_10_three_ctrl_wheel_notches_zoom_gently() {
    let mut h = harness(three());
    let before = zoom(&h);
    let at = screen(&h, "lb");
    h.event(Event::PointerMoved(at));
    h.step();
    for _ in 0..3 {
        h.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: Vec2::new(0.0, 1.0),
            phase: egui::TouchPhase::Move,
            modifiers: Modifiers::COMMAND,
        });
        h.run_steps(2);
    }
    h.run_steps(20);
    let ratio = zoom(&h) / before;
    assert!(
        ratio > 1.2 && ratio < 1.8,
        "three notches zoom ×{ratio}, not ×3.3"
    );
}

#[test]
fn item_10_inspector_width_does_not_follow_its_content_and_findings_show_many_rows() {
    let design = infraboard::io::templates::reference_design().expect("reference");
    let mut h = harness(design);
    let canvas_width = |h: &Harness<'_, InfraboardApp>| h.get_by_label("Canvas").rect().width();
    let before = canvas_width(&h);
    for id in ["fw-lb", "server-1", "lb", "sumologic"] {
        let at = screen(&h, id);
        click(&mut h, at, Modifiers::NONE);
        h.run_steps(2);
        assert_eq!(
            canvas_width(&h),
            before,
            "selecting {id} does not resize the inspector"
        );
    }
    // The findings list shows at least seven rows at its default height.
    let visible = h
        .state()
        .analysis()
        .findings
        .iter()
        .filter(|f| {
            h.query_by_label(&f.message)
                .is_some_and(|n| n.rect().bottom() <= 900.0 && n.rect().height() > 0.0)
        })
        .count();
    assert!(visible >= 7, "{visible} finding rows visible");
}

#[test]
fn item_11_context_menus_on_component_link_and_canvas() {
    let mut h = harness(three());
    let lb = screen(&h, "lb");
    click_with(&mut h, lb, PointerButton::Secondary, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(selected(&h), ["lb"], "right-click selects");
    h.get_by_label_contains("Duplicate").click();
    h.run_steps(2);
    assert_eq!(h.state().design().components.len(), 4);

    // On the link: Delete removes it.
    let users = node_rect(&h, "users");
    let lb_r = node_rect(&h, "lb");
    let mid = h.state().canvas_to_screen(Point::new(
        (users.right() + lb_r.left()) / 2.0,
        users.center().y,
    ));
    click_with(&mut h, mid, PointerButton::Secondary, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(h.state().document().selection.link, Some(0));
    h.get_by_label_contains("Delete").click();
    h.run_steps(2);
    assert!(h.state().design().links.is_empty());

    // On the empty canvas: add a text note there.
    let empty = h.state().canvas_to_screen(Point::new(0.0, 400.0));
    click_with(&mut h, empty, PointerButton::Secondary, Modifiers::NONE);
    h.run_steps(2);
    h.get_by_label("Add a text note here").click();
    h.run_steps(2);
    assert_eq!(h.state().design().notes.len(), 1);
    let n = &h.state().design().notes[0];
    assert!((n.position.y - 400.0).abs() < 1.0, "{:?}", n.position);
}

#[test]
fn item_12_double_click_and_f2_rename_in_place() {
    let mut h = harness(three());
    let lb = screen(&h, "lb");
    click(&mut h, lb, Modifiers::NONE);
    double_click(&mut h, lb);
    h.run_steps(2);
    assert!(
        h.state().editing_in_place(),
        "double-click opens the name field"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("Edge LB".to_owned()));
    h.run_steps(2);
    assert!(
        h.query_all_by_value("Edge LB").next().is_some(),
        "the in-place field shows what is typed"
    );
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().design().component("lb").unwrap().name, "Edge LB");

    // F2 on the selection; Esc cancels.
    h.key_press(Key::F2);
    h.run_steps(2);
    h.event(Event::Text(" (old)".to_owned()));
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().design().component("lb").unwrap().name, "Edge LB");
    h.key_press(Key::F2);
    h.run_steps(2);
    h.event(Event::Text(" 2".to_owned()));
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(
        h.state().design().component("lb").unwrap().name,
        "Edge LB 2"
    );
}

#[test]
fn item_13_arrow_keys_nudge_one_grid_step_shift_ten() {
    let mut h = harness(three());
    let start = position(&h, "lb");
    let at = screen(&h, "lb");
    click(&mut h, at, Modifiers::NONE);
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    let grid = infraboard::ui::look::size::GRID;
    assert_eq!(position(&h, "lb"), Point::new(start.x + grid, start.y));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(
        position(&h, "lb"),
        Point::new(start.x + grid, start.y + 10.0 * grid)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(position(&h, "lb"), Point::new(start.x + grid, start.y));
}

#[test]
fn item_14_moves_snap_to_alignment_and_align_commands_line_up() {
    let mut h = harness(three());
    // Drag the database up-left so its centre passes 3 units below the LB's centre line
    // … and to the right of the users: it snaps onto the users' centre line.
    let users = position(&h, "users");
    let db = position(&h, "db");
    let target = Point::new(db.x + 200.0, users.y + 3.0);
    let from = screen(&h, "db");
    let to = h.state().canvas_to_screen(target);
    drag_steps(&mut h, from, to, Modifiers::NONE, 8, false);
    release(&mut h, to, Modifiers::NONE);
    let moved = position(&h, "db");
    let (db_r, users_r) = (node_rect(&h, "db"), node_rect(&h, "users"));
    let aligned = [
        (db_r.top() - users_r.top()).abs(),
        (db_r.center().y - users_r.center().y).abs(),
        (db_r.bottom() - users_r.bottom()).abs(),
    ];
    assert!(
        aligned.iter().any(|d| *d < 0.01),
        "snapped onto an edge or the centre line of the users: {moved:?} {aligned:?}"
    );

    // Arrange → Align left edges on a two-component selection.
    let (u, l) = (screen(&h, "users"), screen(&h, "lb"));
    click(&mut h, u, Modifiers::NONE);
    click(&mut h, l, Modifiers::SHIFT);
    h.get_by_label("Arrange").click();
    h.run_steps(2);
    h.get_by_label("Align left edges").click();
    h.run_steps(2);
    assert!((node_rect(&h, "users").left() - node_rect(&h, "lb").left()).abs() < 0.01);
}

#[test]
fn item_15_text_notes_are_drawn_saved_exported_and_not_analysed() {
    let mut h = harness(three());
    let findings_before = h.state().analysis().findings.clone();
    let add = h.get_by_label("Add Text note").rect().center();
    click(&mut h, add, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(h.state().design().notes.len(), 1);
    // The new note's text field has the focus: typing replaces its text.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("Ask ops about the LB".to_owned()));
    h.run_steps(2);
    // Clicking away keeps the text.
    let empty = h.state().canvas_to_screen(Point::new(-300.0, 400.0));
    click(&mut h, empty, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(h.state().design().notes[0].text, "Ask ops about the LB");
    assert_eq!(
        h.state().analysis().findings,
        findings_before,
        "the analysis ignores notes"
    );

    // Drag moves it (one undo step); it round-trips through the file and the export.
    let note = h.state().design().notes[0].position;
    let from = h.state().canvas_to_screen(note);
    drag(&mut h, from, from + Vec2::new(60.0, 30.0), Modifiers::NONE);
    let moved = h.state().design().notes[0].position;
    assert!(moved.x > note.x + 20.0, "{moved:?}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.ron");
    infraboard::io::save_design(h.state().design(), &path).expect("save");
    let again = infraboard::io::load_design(&path).expect("load");
    assert_eq!(again.notes, h.state().design().notes);
    let svg = infraboard::export::export_design(
        &again,
        None,
        &infraboard::export::ExportOptions {
            format: infraboard::export::ExportFormat::Svg,
            ..Default::default()
        },
    )
    .expect("export");
    let svg = String::from_utf8_lossy(&svg);
    assert!(svg.contains("id=\"note-0\"") && svg.contains("Ask ops about the LB"));

    // Selected, Delete removes it.
    let at = h.state().canvas_to_screen(moved);
    click(&mut h, at, Modifiers::NONE);
    assert_eq!(h.state().document().selection.single_note(), Some(0));
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().design().notes.is_empty());
}

#[test]
fn item_16_ctrl_f_finds_by_part_of_a_name_and_jumps() {
    let design = infraboard::io::templates::reference_design().expect("reference");
    let mut h = harness(design);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.event(Event::Text("sumo".to_owned()));
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(selected(&h), ["sumologic"]);
    assert!(
        h.query_by_label("Find").is_some(),
        "the box stays for the next search"
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("Find").is_none(), "Esc closes it");
    let canvas = h.get_by_label("Canvas").rect();
    let at = screen(&h, "sumologic");
    assert!(
        (at - canvas.center()).length() < 2.0,
        "centred: {at:?} vs {:?}",
        canvas.center()
    );
}

#[test]
fn item_17_hovering_a_link_label_shows_its_details() {
    let design = three();
    let mut h = harness(design.clone());
    let theme = infraboard::theme::Theme::light();
    let scene = infraboard::scene::build_scene(
        &design,
        Some(h.state().analysis()),
        &infraboard::scene::SceneOptions {
            title: false,
            legend: false,
            ..Default::default()
        },
    );
    let owner = infraboard::scene::SceneItemOwner::Link(0);
    let label = scene
        .items_of(&owner)
        .find_map(|p| match p {
            infraboard::scene::Primitive::Rect { rect, fill, .. }
                if *fill == theme.palette.label_background =>
            {
                Some(rect.centre())
            }
            _ => None,
        })
        .expect("the link has a label");
    let at: Pos2 = h.state().canvas_to_screen(label);
    h.event(Event::PointerMoved(at));
    h.run_steps(60);
    assert!(
        h.query_by_label("Protocol: HTTPS on port 443").is_some(),
        "the tooltip gives the protocol"
    );
    assert!(h.query_by_label("Purpose: request").is_some());
    assert!(h.query_by_label("Encrypted (TLS)").is_some());
    assert!(
        h.query_by_label_contains("Traffic: ").is_some(),
        "and the QPS"
    );
}

#[test]
fn item_10_opening_the_drill_panel_refits_the_design_into_the_smaller_canvas() {
    let design = infraboard::io::templates::reference_design().expect("reference");
    let mut h = harness(design);
    let before = h.get_by_label("Canvas").rect();
    h.get_by_label_contains("Drill mode").click();
    h.run_steps(4);
    let canvas = h.get_by_label("Canvas").rect();
    assert!(
        canvas.height() < before.height() - 100.0,
        "the drill panel takes room: {before:?} → {canvas:?}"
    );
    for c in &h.state().design().components {
        let r = infraboard::ui::canvas::geometry::node_rect(c);
        let (a, b) = (
            h.state().canvas_to_screen(Point::new(r.left(), r.top())),
            h.state()
                .canvas_to_screen(Point::new(r.right(), r.bottom())),
        );
        assert!(
            canvas.expand(1.0).contains(a) && canvas.expand(1.0).contains(b),
            "{} is in view after the refit: {a:?}–{b:?} in {canvas:?}",
            c.id
        );
    }
}

#[test]
fn item_10_a_new_head_of_the_findings_list_scrolls_it_back_up() {
    let design = infraboard::io::templates::reference_design().expect("reference");
    let mut h = harness(design);
    let first = h.state().analysis().findings[0].message.clone();
    let row = h.get_by_label(&first).rect();
    // Scroll the list down, away from its first row.
    h.event(Event::PointerMoved(row.center()));
    h.step();
    for _ in 0..6 {
        h.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: Vec2::new(0.0, -3.0),
            phase: egui::TouchPhase::Move,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(8);
    assert!(
        h.query_by_label(&first).is_none(),
        "scrolled past the first row"
    );
    // An edit that changes the head of the list: two instances of `fw-lb` (no longer a SPOF).
    let fw = screen(&h, "fw-lb");
    click(&mut h, fw, Modifiers::NONE);
    h.get_all_by_label("Replicas")
        .last()
        .expect("field")
        .focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_all_by_label("Replicas")
        .last()
        .expect("field")
        .type_text("2");
    h.key_press(Key::Enter);
    h.run_steps(4);
    assert_eq!(h.state().design().component("fw-lb").unwrap().replicas, 2);
    assert!(
        h.state().analysis().findings.len() > 12,
        "still a list longer than the panel"
    );
    let top = h.state().analysis().findings[0].message.clone();
    assert_ne!(top, first, "another finding leads the list");
    assert!(h.query_by_label(&top).is_some(), "and it is in view");
}
