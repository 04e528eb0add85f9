//! Availability in the window: the status bar shows each class's exact availability for the
//! design as drawn, and the inspector edits a component's own figure (or returns it to its
//! kind's default), which the status bar follows.

mod ui_common;

use egui_kittest::kittest::{By, Queryable};

use infraboard::io::templates::reference_design;
use infraboard::model::{ComponentId, Design};
use infraboard::sim::availability::availability;
use infraboard::ui::command::Command;
use ui_common::{click_label, harness};

/// The status bar's availability text for `design`, as the library computes it.
fn expected_text(design: &Design) -> String {
    let classes = availability(design).expect("a small design");
    let parts: Vec<String> = classes
        .iter()
        .map(|c| format!("{} {:.3} %", c.class.key(), c.availability * 100.0))
        .collect();
    format!("available: {}", parts.join(" · "))
}

fn shows(h: &egui_kittest::Harness<'_, infraboard::ui::InfraboardApp>, text: &str) -> bool {
    h.query_by_label(text).is_some()
}

#[test]
fn the_status_bar_follows_a_components_availability_set_and_reset_in_the_inspector() {
    let mut design = reference_design().expect("the reference design");
    let lb = design
        .components
        .iter_mut()
        .find(|c| c.id.as_str() == "lb")
        .expect("the reference has a load balancer");
    lb.availability = Some(0.95);
    let own = design.clone();
    let mut h = harness(design);
    let labels = h
        .query_by_label_contains("available")
        .map(|n| format!("{n:?}"));
    assert!(
        shows(&h, &expected_text(&own)),
        "{} vs {labels:?}",
        expected_text(&own)
    );

    h.state_mut()
        .queued
        .push(Command::Select(vec![ComponentId::new("lb")]));
    h.run_steps(2);
    assert!(
        h.query_all(By::new().label("Availability"))
            .next()
            .is_some(),
        "the inspector has an availability field"
    );
    // Back to the kind's default: the model forgets the figure and the status bar follows.
    click_label(&mut h, "default");
    h.run_steps(2);
    let lb = h.state().design().component("lb").expect("lb");
    assert_eq!(lb.availability, None);
    let defaulted = h.state().design().clone();
    assert!(shows(&h, &expected_text(&defaulted)));
    assert_ne!(expected_text(&defaulted), expected_text(&own));
}

#[test]
fn the_availability_overlay_tints_what_to_fix_first() {
    use infraboard::ui::command::Overlay;
    let mut h = harness(reference_design().expect("the reference design"));
    assert!(h.state().canvas_legends().heat.is_none(), "off by default");
    h.state_mut()
        .queued
        .push(Command::ToggleOverlay(Overlay::Importance));
    h.run_steps(3);
    assert!(
        h.state().canvas_legends().heat.is_some(),
        "the overlay's colour ramp is shown"
    );
    // The hottest is what the library says to fix first: the one MySQL primary's server.
    let design = h.state().design().clone();
    let first = availability(&design)
        .expect("a small design")
        .iter()
        .flat_map(|c| c.importance.iter())
        .max_by(|a, b| a.gain.total_cmp(&b.gain))
        .expect("something matters")
        .component
        .clone();
    assert_eq!(first, "server-1");
    let heat = h.state().availability_importance().expect("computed");
    assert_eq!(heat.get("server-1"), Some(&1.0));
    assert!(heat.get("fw-lb").is_some_and(|&x| x > 0.0 && x < 1.0));
    // Off again.
    h.state_mut()
        .queued
        .push(Command::ToggleOverlay(Overlay::Importance));
    h.run_steps(3);
    assert!(h.state().canvas_legends().heat.is_none());
}
