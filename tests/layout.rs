//! Auto-layout: no overlapping boxes, deterministic, entry left and databases right, and a
//! selection laid out without touching the rest.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

use std::collections::BTreeSet;

use infraboard::io::templates::TEMPLATES;
use infraboard::layout::{apply_auto_layout, auto_layout, overlapping_boxes};
use infraboard::model::{ComponentId, Design, KindTag, LinkPurpose};
use infraboard::scene::node_rect;
use infraboard::sim::generate::layered_design;

fn templates() -> Vec<Design> {
    TEMPLATES.iter().map(|t| t.design().unwrap()).collect()
}

/// 50 generated designs: sizes from 21 to 405 components, two seeds each.
fn generated() -> Vec<Design> {
    (0..25)
        .flat_map(|k| [1, 2].map(|seed| layered_design(21 + 16 * k, seed)))
        .collect()
}

#[test]
fn templates_and_generated_designs_get_no_overlaps() {
    for mut design in templates().into_iter().chain(generated()) {
        apply_auto_layout(&mut design, None);
        let overlaps = overlapping_boxes(&design);
        assert!(overlaps.is_empty(), "{}: {overlaps:?}", design.name);
        for c in &design.components {
            assert!(c.position.x.is_finite() && c.position.y.is_finite());
        }
    }
}

#[test]
fn layout_is_deterministic() {
    for design in templates()
        .into_iter()
        .chain(generated().into_iter().step_by(7))
    {
        let first = auto_layout(&design, None);
        let mut shuffled = design.clone();
        // Where the boxes were does not matter.
        for (i, c) in shuffled.components.iter_mut().enumerate() {
            c.position.x = (i * 37 % 11) as f32 * 90.0;
        }
        assert_eq!(first, auto_layout(&design, None), "{}", design.name);
        assert_eq!(first, auto_layout(&shuffled, None), "{}", design.name);
    }
}

#[test]
fn entry_is_left_and_databases_right() {
    for mut design in templates()
        .into_iter()
        .chain(generated().into_iter().take(5))
    {
        apply_auto_layout(&mut design, None);
        let entry = design.entry().unwrap().clone();
        let in_flow: BTreeSet<&str> = design
            .links
            .iter()
            .filter(|l| l.purpose == LinkPurpose::Request)
            .flat_map(|l| [l.from.component.as_str(), l.to.component.as_str()])
            .collect();
        let flow: Vec<_> = design
            .components
            .iter()
            .filter(|c| in_flow.contains(c.id.as_str()))
            .collect();
        for c in &flow {
            assert!(
                c.position.x >= entry.position.x,
                "{} left of the entry",
                c.id
            );
            if c.tag() == KindTag::Database {
                let right = node_rect(c).max.x;
                for other in &flow {
                    assert!(
                        node_rect(other).max.x <= right + 1.0 || other.tag() == KindTag::Database,
                        "{}: {} right of database {}",
                        design.name,
                        other.id,
                        c.id
                    );
                }
            }
        }
    }
}

#[test]
fn a_selection_is_laid_out_alone() {
    let mut design = templates().pop().unwrap();
    let chosen: BTreeSet<ComponentId> = design
        .components
        .iter()
        .filter(|c| {
            matches!(
                c.tag(),
                KindTag::Server | KindTag::Database | KindTag::Service
            )
        })
        .map(|c| c.id.clone())
        .collect();
    assert!(chosen.len() >= 3);
    let before = design.clone();
    apply_auto_layout(&mut design, Some(&chosen));
    for (old, new) in before.components.iter().zip(&design.components) {
        if !chosen.contains(&old.id) {
            assert_eq!(old.position, new.position, "{} moved", old.id);
        }
    }
    assert!(overlapping_boxes(&design).is_empty());
}
