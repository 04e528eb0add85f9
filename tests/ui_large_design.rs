//! A large design is analysed off the UI thread: an edit never waits for the analysis, the
//! window shows the previous revision's marks meanwhile, and the answer that arrives is the
//! analysis of the design as edited.

mod ui_common;

use infraboard::model::ComponentId;
use infraboard::sim::generate::layered_design;
use infraboard::sim::{AnalysisOptions, analyze};
use infraboard::ui::app::INLINE_ANALYSIS_ITEMS;
use infraboard::ui::command::Command;
use ui_common::harness;

#[test]
fn an_edit_of_a_large_design_is_analysed_in_the_background_to_the_right_answer() {
    let design = layered_design(1_500, 3);
    assert!(design.components.len() + design.links.len() > INLINE_ANALYSIS_ITEMS);
    let mut h = harness(design);
    h.state_mut().wait_for_analysis();
    let opened = h.state().design().clone();
    assert_eq!(
        h.state().analysis(),
        &analyze(&opened, &AnalysisOptions::default())
    );
    let runs = h.state().analysis_runs();

    // Delete the component at the entry side whose loss changes the answer: the first DNS.
    let victim: ComponentId = opened
        .components
        .iter()
        .find(|c| c.id.as_str().starts_with("dns"))
        .expect("a layered design has DNS")
        .id
        .clone();
    h.state_mut()
        .queued
        .push(Command::Select(vec![victim.clone()]));
    h.state_mut().queued.push(Command::Delete);
    h.step();
    h.step();
    assert!(h.state().design().component(victim.as_str()).is_none());
    assert!(
        h.state().analysis_updating(),
        "the frame after the edit did not wait for the analysis"
    );

    h.state_mut().wait_for_analysis();
    assert!(!h.state().analysis_updating());
    assert_eq!(h.state().analysis_runs(), runs + 1);
    let edited = h.state().design().clone();
    assert_eq!(
        h.state().analysis(),
        &analyze(&edited, &AnalysisOptions::default())
    );
    assert_ne!(
        h.state().analysis(),
        &analyze(&opened, &AnalysisOptions::default())
    );
}
