//! Align and Distribute: line up the selected components' and text notes' edges or centres,
//! or spread them out with equal gaps. Works on box sizes as drawn (canvas units); positions
//! are centres.

use std::collections::BTreeSet;

use super::canvas::geometry::{metrics, node_rect, scene_rect};
use super::command::Arrange;
use crate::model::{ComponentId, Design};

/// A box Arrange moves: a component or a text note, by index in the design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Component(usize),
    Note(usize),
}

/// Moves the components `ids` and the notes `notes` of `design` as `how` says. Fewer than
/// [`Arrange::needs`] boxes: nothing moves.
pub(crate) fn arrange(
    design: &mut Design,
    ids: &BTreeSet<ComponentId>,
    notes: &BTreeSet<usize>,
    how: Arrange,
) {
    // Each selected box, components in design order, then notes.
    let m = metrics();
    let boxes: Vec<(Item, egui::Rect)> = design
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| ids.contains(&c.id))
        .map(|(i, c)| (Item::Component(i), node_rect(c)))
        .chain(notes.iter().filter_map(|&i| {
            let n = design.notes.get(i)?;
            Some((Item::Note(i), scene_rect(crate::scene::note_rect(n, &m))))
        }))
        .collect();
    if boxes.len() < how.needs() {
        return;
    }
    let Some(all) = boxes.iter().map(|(_, r)| *r).reduce(|a, b| a.union(b)) else {
        return;
    };
    let shifts: Vec<(Item, egui::Vec2)> = match how {
        Arrange::Left => each(&boxes, |r| egui::vec2(all.left() - r.left(), 0.0)),
        Arrange::CentreX => each(&boxes, |r| egui::vec2(all.center().x - r.center().x, 0.0)),
        Arrange::Right => each(&boxes, |r| egui::vec2(all.right() - r.right(), 0.0)),
        Arrange::Top => each(&boxes, |r| egui::vec2(0.0, all.top() - r.top())),
        Arrange::CentreY => each(&boxes, |r| egui::vec2(0.0, all.center().y - r.center().y)),
        Arrange::Bottom => each(&boxes, |r| egui::vec2(0.0, all.bottom() - r.bottom())),
        Arrange::DistributeX => {
            distribute(&boxes, |r| (r.left(), r.width()), |d| egui::vec2(d, 0.0))
        }
        Arrange::DistributeY => {
            distribute(&boxes, |r| (r.top(), r.height()), |d| egui::vec2(0.0, d))
        }
    };
    for (item, shift) in shifts {
        let p = match item {
            Item::Component(i) => &mut design.components[i].position,
            Item::Note(i) => &mut design.notes[i].position,
        };
        p.x += shift.x;
        p.y += shift.y;
    }
}

fn each(
    boxes: &[(Item, egui::Rect)],
    shift: impl Fn(egui::Rect) -> egui::Vec2,
) -> Vec<(Item, egui::Vec2)> {
    boxes.iter().map(|&(i, r)| (i, shift(r))).collect()
}

/// Equal gaps between consecutive boxes along one axis (`span` gives start and length), the
/// first and the last staying where they are.
fn distribute(
    boxes: &[(Item, egui::Rect)],
    span: impl Fn(egui::Rect) -> (f32, f32),
    along: impl Fn(f32) -> egui::Vec2,
) -> Vec<(Item, egui::Vec2)> {
    let mut order: Vec<(Item, f32, f32)> = boxes
        .iter()
        .map(|&(i, r)| {
            let (start, len) = span(r);
            (i, start, len)
        })
        .collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let (first, last) = (order[0], order[order.len() - 1]);
    let total: f32 = order.iter().map(|o| o.2).sum();
    let gap = (last.1 + last.2 - first.1 - total) / (order.len() - 1) as f32;
    let mut at = first.1;
    order
        .iter()
        .map(|&(i, start, len)| {
            let shift = along(at - start);
            at += len + gap;
            (i, shift)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, KindTag, Point};

    #[test]
    fn distribute_leaves_equal_gaps_and_keeps_the_ends() {
        let mut d = Design::empty("t");
        for (id, x) in [("a", 0.0), ("b", 90.0), ("c", 600.0)] {
            d.components
                .push(Component::new(id, id, KindTag::Dns, Point::new(x, 0.0)));
        }
        let ids: BTreeSet<ComponentId> =
            ["a", "b", "c"].into_iter().map(ComponentId::new).collect();
        arrange(&mut d, &ids, &BTreeSet::new(), Arrange::DistributeX);
        let xs: Vec<f32> = d.components.iter().map(|c| c.position.x).collect();
        assert_eq!(xs[0], 0.0);
        assert_eq!(xs[2], 600.0);
        assert!((xs[1] - 300.0).abs() < 0.01, "{xs:?}");
    }
}
