//! Automatic layered layout: the entry on the left, databases on the right, monitoring next to
//! what it watches, and no two boxes overlapping. A Sugiyama-style pipeline in three steps,
//! one file each: [`rank`] (columns from the request flow), [`order`] (crossing reduction by
//! barycentres) and [`place`] (coordinates from the real box sizes).
//!
//! Pure and deterministic: the same design always gets the same positions. Depends on
//! [`crate::model`] and the box sizes of [`crate::scene`]; no egui.

mod graph;
mod order;
mod place;
mod rank;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ComponentId, Design, Point};
use crate::scene::{Rect, node_rect};

/// Horizontal room between two columns, canvas units (leaves space for link labels).
pub const COLUMN_GAP: f32 = 140.0;
/// Vertical room between two boxes of one column, canvas units.
pub const ROW_GAP: f32 = 48.0;
/// Where the top-left corner of a whole laid-out design goes.
pub const ORIGIN: Point = Point::new(40.0, 40.0);

/// New centres for the components of `design` (all of them, or those in `only`), keyed by id.
/// Components outside `only` keep their place; the laid-out group then keeps its top-left
/// corner where it was, or moves right of everything else if it would overlap another box.
///
/// # Complexity
/// `O(n log n + e · s)` for `n` components, `e` links and `s` (a dozen) ordering sweeps.
pub fn auto_layout(
    design: &Design,
    only: Option<&BTreeSet<ComponentId>>,
) -> BTreeMap<ComponentId, Point> {
    let graph = graph::LayoutGraph::new(design, only);
    if graph.len() == 0 {
        return BTreeMap::new();
    }
    let ranks = rank::ranks(&graph);
    let layers = order::order(&graph, &ranks);
    let centres = place::place(&graph, &layers);
    let rects: Vec<Rect> = centres
        .iter()
        .zip(&graph.sizes)
        .map(|(c, s)| Rect::from_centre(*c, *s))
        .collect();
    let Some(first) = rects.first() else {
        return BTreeMap::new();
    };
    let bounds = rects.iter().fold(*first, |a, b| a.union(b));
    let target = match only {
        None => ORIGIN,
        Some(_) => group_corner(design, &graph, &bounds),
    };
    let (dx, dy) = (target.x - bounds.min.x, target.y - bounds.min.y);
    graph
        .ids
        .iter()
        .zip(centres)
        .map(|(id, c)| (id.clone(), Point::new(c.x + dx, c.y + dy)))
        .collect()
}

/// Where the top-left corner of a laid-out selection goes: where the selection's was, unless
/// the group would then overlap a component outside it; then right of everything.
fn group_corner(design: &Design, graph: &graph::LayoutGraph, bounds: &Rect) -> Point {
    let inside: BTreeSet<&ComponentId> = graph.ids.iter().collect();
    let Some(old) = design
        .components
        .iter()
        .filter(|c| inside.contains(&c.id))
        .map(node_rect)
        .reduce(|a, b| a.union(&b))
    else {
        return ORIGIN;
    };
    let others: Vec<Rect> = design
        .components
        .iter()
        .filter(|c| !inside.contains(&c.id))
        .map(node_rect)
        .collect();
    let moved = Rect::from_min_size(old.min, bounds.width(), bounds.height());
    if others
        .iter()
        .all(|r| !r.expand(ROW_GAP / 2.0).intersects(&moved))
    {
        return old.min;
    }
    let right = others
        .iter()
        .map(|r| r.max.x)
        .fold(f32::NEG_INFINITY, f32::max);
    Point::new(right + COLUMN_GAP, old.min.y)
}

/// Lays out `design` in place (all of it, or the components in `only`); returns how many
/// components moved.
pub fn apply_auto_layout(design: &mut Design, only: Option<&BTreeSet<ComponentId>>) -> usize {
    let positions = auto_layout(design, only);
    let mut moved = 0;
    for c in &mut design.components {
        if let Some(p) = positions.get(&c.id)
            && *p != c.position
        {
            c.position = *p;
            moved += 1;
        }
    }
    moved
}

/// Pairs of components whose boxes overlap, as `(i, j)` indices into `design.components`
/// with `i < j`, sorted. Sweeps over the boxes sorted by left edge.
pub fn overlapping_boxes(design: &Design) -> Vec<(usize, usize)> {
    let rects: Vec<Rect> = design.components.iter().map(node_rect).collect();
    let mut by_left: Vec<usize> = (0..rects.len()).collect();
    by_left.sort_by(|&a, &b| rects[a].min.x.total_cmp(&rects[b].min.x).then(a.cmp(&b)));
    let mut pairs = Vec::new();
    for (k, &i) in by_left.iter().enumerate() {
        for &j in &by_left[k + 1..] {
            if rects[j].min.x >= rects[i].max.x {
                break;
            }
            if rects[i].intersects(&rects[j]) {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}
