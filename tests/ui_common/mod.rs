//! Helpers the canvas tests share: a harness on the real app, screen points of components
//! (from the app's own view transform), and pointer gestures made of raw events.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)] // each test file uses a subset

use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use infraboard::model::{Component, Design, KindTag, Point};
use infraboard::ui::{InfraboardApp, Settings};

/// The app on `design`, laid out and fitted.
pub fn harness(design: Design) -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(design, None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    h.run_steps(3);
    h
}

/// A design with `(id, name, kind, x, y)` components and no links.
pub fn design_of(parts: &[(&str, &str, KindTag, f32, f32)]) -> Design {
    let mut d = Design::empty("test");
    for &(id, name, tag, x, y) in parts {
        d.components
            .push(Component::new(id, name, tag, Point::new(x, y)));
    }
    d
}

/// Screen point of a component's centre.
pub fn screen(h: &Harness<'_, InfraboardApp>, id: &str) -> Pos2 {
    let c = h.state().design().component(id).expect("component");
    h.state().canvas_to_screen(c.position)
}

fn button(
    h: &Harness<'_, InfraboardApp>,
    pos: Pos2,
    which: PointerButton,
    pressed: bool,
    modifiers: Modifiers,
) {
    h.event(Event::PointerButton {
        pos,
        button: which,
        pressed,
        modifiers,
    });
}

/// Presses at `from`, moves in steps to `to`, releases there.
pub fn drag(h: &mut Harness<'_, InfraboardApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    drag_steps(h, from, to, modifiers, 8, true);
}

/// Like [`drag`] in `steps` moves; `release: false` leaves the button down (to look at the
/// frame in the middle of a drag), release later with [`release`].
pub fn drag_steps(
    h: &mut Harness<'_, InfraboardApp>,
    from: Pos2,
    to: Pos2,
    modifiers: Modifiers,
    steps: u32,
    release_at_end: bool,
) {
    h.event(Event::PointerMoved(from));
    h.step();
    h.event(Event::ModifiersChanged(modifiers));
    button(h, from, PointerButton::Primary, true, modifiers);
    h.step();
    for i in 1..=steps {
        let t = i as f32 / steps as f32;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    if release_at_end {
        release(h, to, modifiers);
    }
}

/// Releases the primary button at `at`.
pub fn release(h: &mut Harness<'_, InfraboardApp>, at: Pos2, modifiers: Modifiers) {
    button(h, at, PointerButton::Primary, false, modifiers);
    h.step();
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.step();
}

/// A click of `which` button at `at`.
pub fn click_with(
    h: &mut Harness<'_, InfraboardApp>,
    at: Pos2,
    which: PointerButton,
    modifiers: Modifiers,
) {
    h.event(Event::PointerMoved(at));
    h.step();
    h.event(Event::ModifiersChanged(modifiers));
    button(h, at, which, true, modifiers);
    button(h, at, which, false, modifiers);
    h.step();
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.step();
}

/// A primary click at `at`.
pub fn click(h: &mut Harness<'_, InfraboardApp>, at: Pos2, modifiers: Modifiers) {
    click_with(h, at, PointerButton::Primary, modifiers);
}

/// Two primary clicks at `at`, close enough in time to be a double click.
pub fn double_click(h: &mut Harness<'_, InfraboardApp>, at: Pos2) {
    // Well after any earlier click (a step is 0.25 s), so this is not taken as a triple click.
    h.event(Event::PointerMoved(at));
    h.run_steps(4);
    // One frame for all four (the harness gives each queued event its own 0.25 s frame, too
    // slow for a double click).
    for pressed in [true, false, true, false] {
        h.input_mut().events.push(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.step();
    h.step();
}

/// Ids of the selected components, sorted.
pub fn selected(h: &Harness<'_, InfraboardApp>) -> Vec<String> {
    h.state()
        .document()
        .selection
        .components
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Names of the components, in design order.
pub fn names(h: &Harness<'_, InfraboardApp>) -> Vec<String> {
    h.state()
        .design()
        .components
        .iter()
        .map(|c| c.name.clone())
        .collect()
}

/// Clicks the last widget whose label starts with `label` (a menu entry shows its shortcut
/// after the text).
pub fn click_label(h: &mut Harness<'_, InfraboardApp>, label: &str) {
    use egui_kittest::kittest::{By, Queryable};
    let at = h
        .query_all(By::new().predicate(|n| n.label().is_some_and(|l| l.starts_with(label))))
        .last()
        .unwrap_or_else(|| panic!("no widget labelled {label:?}"))
        .rect()
        .center();
    click(h, at, Modifiers::NONE);
    h.run_steps(2);
}
