//! A refused link's reason stays readable (issue 18, seen under Xvfb): released over the
//! target, the hover tooltip of that component used to cover the reason's bubble; while the
//! bubble shows, no hover tooltip does.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod ui_common;

use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use infraboard::io::templates::reference_design;
use ui_common::{drag, harness, screen};

#[test]
fn no_tooltip_covers_a_refused_links_reason() {
    let mut h = harness(reference_design().unwrap());
    // mon-1 already sends monitoring data to sumologic: a second link is refused.
    let from = h.state().handle_screen_pos("mon-1").expect("handle");
    let to = screen(&h, "sumologic");
    drag(&mut h, from, to, Modifiers::NONE);
    let why = h
        .state()
        .last_refusal()
        .expect("the link is refused")
        .to_owned();
    assert!(why.contains("already sends"), "{why}");
    // The pointer rests on Sumo Logic: normally its tooltip would show.
    h.run_steps(8);
    assert!(
        h.query_by_label_contains("Drag to move").is_none(),
        "the hover tooltip would hide the reason"
    );
    assert_eq!(h.state().design(), &reference_design().unwrap());
}
