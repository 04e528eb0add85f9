//! Text notes are first-class on the canvas (issue 18), driving the real app with egui_kittest:
//! a box selection takes the notes it encloses, Shift+click adds one; Copy/Paste and Duplicate
//! copy them (with the components) as one undo step; the Arrange menu aligns and distributes
//! them with the components; arrow keys nudge them; Delete removes them. Geometry comes from
//! the shared scene (`note_rect`, `node_rect`) through the app's view.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod ui_common;

use egui::{Event, Key, Modifiers, PointerButton, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use infraboard::model::{KindTag, Note, Point};
use infraboard::ui::InfraboardApp;
use ui_common::{click, design_of, drag, harness};

/// Two components and two notes, apart from each other.
fn design() -> infraboard::model::Design {
    let mut d = design_of(&[
        ("lb", "LB", KindTag::LoadBalancer, 0.0, 0.0),
        ("db", "DB", KindTag::Database, 400.0, 200.0),
    ]);
    d.notes
        .push(Note::new("Ask ops about the LB", Point::new(150.0, 300.0)));
    d.notes
        .push(Note::new("TODO: backups", Point::new(600.0, 60.0)));
    d
}

/// A note's box on the screen, from the scene's geometry through the app's view.
fn note_screen_rect(h: &Harness<'_, InfraboardApp>, i: usize) -> Rect {
    let m = infraboard::theme::Theme::light().metrics;
    let r = infraboard::scene::note_rect(&h.state().design().notes[i], &m);
    Rect::from_min_max(
        h.state().canvas_to_screen(r.min),
        h.state().canvas_to_screen(r.max),
    )
}

/// A note's box in canvas units.
fn note_rect(h: &Harness<'_, InfraboardApp>, i: usize) -> infraboard::scene::Rect {
    let m = infraboard::theme::Theme::light().metrics;
    infraboard::scene::note_rect(&h.state().design().notes[i], &m)
}

fn component_rect(h: &Harness<'_, InfraboardApp>, id: &str) -> infraboard::scene::Rect {
    infraboard::scene::node_rect(h.state().design().component(id).unwrap())
}

/// Screen rectangle around every component and note, grown by `pad` points.
fn around_everything(h: &Harness<'_, InfraboardApp>, pad: f32) -> Rect {
    let d = h.state().design();
    let mut r: Option<Rect> = None;
    let mut add = |b: infraboard::scene::Rect| {
        let s = Rect::from_min_max(
            h.state().canvas_to_screen(b.min),
            h.state().canvas_to_screen(b.max),
        );
        r = Some(r.map_or(s, |a| a.union(s)));
    };
    for c in &d.components {
        add(infraboard::scene::node_rect(c));
    }
    let m = infraboard::theme::Theme::light().metrics;
    for n in &d.notes {
        add(infraboard::scene::note_rect(n, &m));
    }
    r.unwrap().expand(pad)
}

/// Clicks (with the pointer) the first widget whose label starts with `label`.
fn click_menu(h: &mut Harness<'static, InfraboardApp>, label: &str) {
    let at = h
        .query_all(By::new().predicate(|n| n.label().is_some_and(|l| l.starts_with(label))))
        .next()
        .unwrap_or_else(|| panic!("no menu entry {label:?}"))
        .rect()
        .center();
    h.event(Event::PointerMoved(at));
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
}

/// The text the last frame put on the system clipboard.
fn copied_text(h: &Harness<'_, InfraboardApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

fn selected_notes(h: &Harness<'_, InfraboardApp>) -> Vec<usize> {
    h.state()
        .document()
        .selection
        .notes
        .iter()
        .copied()
        .collect()
}

#[test]
fn a_box_selection_takes_the_notes_it_encloses_and_shift_click_adds_one() {
    let mut h = harness(design());
    // A band from outside everything to past the last box's corner encloses all four boxes.
    let band = around_everything(&h, 30.0);
    drag(
        &mut h,
        band.left_top(),
        band.right_bottom(),
        Modifiers::NONE,
    );
    h.run_steps(2);
    assert_eq!(selected_notes(&h), vec![0, 1]);
    assert_eq!(h.state().document().selection.components.len(), 2);

    // A band around note 1 only.
    let n1 = note_screen_rect(&h, 1).expand(12.0);
    drag(&mut h, n1.left_top(), n1.right_bottom(), Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(selected_notes(&h), vec![1]);
    assert!(h.state().document().selection.components.is_empty());

    // Shift+click adds note 0, then the LB.
    let n0 = note_screen_rect(&h, 0).center();
    click(&mut h, n0, Modifiers::SHIFT);
    assert_eq!(selected_notes(&h), vec![0, 1]);
    let lb = h
        .state()
        .canvas_to_screen(h.state().design().component("lb").unwrap().position);
    click(&mut h, lb, Modifiers::SHIFT);
    assert_eq!(selected_notes(&h), vec![0, 1]);
    assert!(h.state().document().selection.contains("lb"));

    // Dragging one of them moves all three: one undo step.
    let before = h.state().design().clone();
    let from = note_screen_rect(&h, 0).center();
    drag(&mut h, from, from + egui::vec2(80.0, 40.0), Modifiers::NONE);
    let after = h.state().design().clone();
    for i in 0..2 {
        assert!(after.notes[i].position.x > before.notes[i].position.x + 30.0);
    }
    assert!(after.component("lb").unwrap().position.x > before.component("lb").unwrap().position.x);
    assert_eq!(
        after.component("db").unwrap().position,
        before.component("db").unwrap().position
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().design(), &before, "one drag, one undo step");
}

#[test]
fn notes_are_copied_pasted_duplicated_nudged_and_deleted_with_the_selection() {
    let mut h = harness(design());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);
    assert_eq!(selected_notes(&h), vec![0, 1], "Select all takes the notes");

    // Duplicate: two more notes with the same text, beside the originals, selected.
    let before = h.state().design().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run_steps(2);
    let d = h.state().design().clone();
    assert_eq!(d.notes.len(), 4);
    assert_eq!(d.components.len(), 4);
    assert_eq!(d.notes[2].text, d.notes[0].text);
    assert_eq!(d.notes[3].text, d.notes[1].text);
    assert_ne!(d.notes[2].position, d.notes[0].position);
    assert_eq!(selected_notes(&h), vec![2, 3]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().design(), &before, "Duplicate is one undo step");

    // Copy a note alone, paste it (Ctrl+C / Ctrl+V arrive as Copy and Paste events).
    let n1 = note_screen_rect(&h, 1).center();
    click(&mut h, n1, Modifiers::NONE);
    assert_eq!(selected_notes(&h), vec![1]);
    h.event(Event::Copy);
    h.step();
    let copied = copied_text(&h).expect("Copy puts the note on the system clipboard");
    h.step();
    h.event(Event::Paste(copied));
    h.run_steps(2);
    let d = h.state().design().clone();
    assert_eq!(d.notes.len(), 3, "the note was pasted");
    assert_eq!(d.notes[2].text, "TODO: backups");
    assert_eq!(d.components.len(), 2);
    assert_eq!(selected_notes(&h), vec![2]);

    // Arrow keys nudge the selected note one grid step; Shift ten.
    let at = d.notes[2].position;
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    let moved = h.state().design().notes[2].position;
    assert!(moved.x > at.x && moved.y == at.y, "{at:?} → {moved:?}");
    let step = moved.x - at.x;
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run_steps(2);
    let down = h.state().design().notes[2].position;
    assert!((down.y - moved.y - 10.0 * step).abs() < 0.01);

    // Cut takes it away (and it pastes back).
    h.event(Event::Cut);
    h.run_steps(2);
    assert_eq!(h.state().design().notes.len(), 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().design().notes.len(), 3, "Cut is one undo step");

    // Delete removes every selected note at once.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().design().notes.is_empty());
    assert!(h.state().design().components.is_empty());
}

#[test]
fn the_arrange_menu_aligns_and_distributes_notes_with_components() {
    let mut h = harness(design());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);

    // Align left: every box's left edge on the leftmost one's.
    let before = h.state().design().clone();
    let left = ["lb", "db"]
        .iter()
        .map(|id| component_rect(&h, id).min.x)
        .chain((0..2).map(|i| note_rect(&h, i).min.x))
        .fold(f32::MAX, f32::min);
    click_menu(&mut h, "Arrange");
    click_menu(&mut h, "Align left edges");
    for id in ["lb", "db"] {
        assert!((component_rect(&h, id).min.x - left).abs() < 0.01, "{id}");
    }
    for i in 0..2 {
        assert!((note_rect(&h, i).min.x - left).abs() < 0.01, "note {i}");
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().design(), &before, "Align is one undo step");

    // Distribute vertically: equal gaps between the four boxes, top to bottom.
    click_menu(&mut h, "Arrange");
    click_menu(&mut h, "Distribute vertically");
    let mut spans: Vec<(f32, f32)> = ["lb", "db"]
        .iter()
        .map(|id| component_rect(&h, id))
        .chain((0..2).map(|i| note_rect(&h, i)))
        .map(|r| (r.min.y, r.max.y))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let gaps: Vec<f32> = spans.windows(2).map(|w| w[1].0 - w[0].1).collect();
    for g in &gaps {
        assert!((g - gaps[0]).abs() < 0.01, "{gaps:?}");
    }
    assert_ne!(h.state().design(), &before);
}

#[test]
fn a_palette_note_lands_beside_the_components_in_view_not_under_them() {
    // One component: the fitted view is centred on it, where a palette click used to put the
    // note (drawn under the component, hidden).
    let mut h = harness(design_of(&[("gw", "Gateway", KindTag::Server, 0.0, 0.0)]));
    let add = h.get_by_label("Add Text note").rect().center();
    click(&mut h, add, Modifiers::NONE);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().design().notes.len(), 1);
    let note = note_rect(&h, 0);
    let gw = component_rect(&h, "gw");
    assert!(!note.intersects(&gw), "the note {note:?} is under {gw:?}");
}
