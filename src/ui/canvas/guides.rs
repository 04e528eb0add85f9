//! Alignment guides while moving: when an edge or the centre of the moving selection comes
//! near the edge or centre of another component, the move snaps to it and a guide line shows
//! the alignment (as in draw.io).

use egui::{Pos2, Rect, Vec2, pos2};

/// A move in progress: where the selection started, the pointer's total offset and the
/// offset applied so far (they differ by the snap).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MoveSnap {
    /// Bounds of the selection when the drag started (canvas units).
    start: Option<Rect>,
    /// Boxes of the other components (canvas units).
    others: Vec<Rect>,
    /// The pointer's offset since the start (canvas units).
    raw: Vec2,
    /// The offset applied to the model so far.
    applied: Vec2,
    /// Guide lines to draw (canvas units).
    pub guides: Vec<(Pos2, Pos2)>,
}

impl MoveSnap {
    /// Starts a move of a selection with `bounds`, aligning against `others`.
    pub fn begin(bounds: Option<Rect>, others: Vec<Rect>) -> Self {
        Self {
            start: bounds,
            others,
            ..Self::default()
        }
    }

    /// The pointer moved by `delta` (canvas units): returns the offset to apply to the model,
    /// snapped to the nearest alignment within `reach` (canvas units), and updates the guides.
    pub fn step(&mut self, delta: Vec2, reach: f32) -> Vec2 {
        self.raw += delta;
        self.guides.clear();
        let Some(start) = self.start else {
            let step = self.raw - self.applied;
            self.applied = self.raw;
            return step;
        };
        let moved = start.translate(self.raw);
        let xs = |r: Rect| [r.left(), r.center().x, r.right()];
        let ys = |r: Rect| [r.top(), r.center().y, r.bottom()];
        let best = |mine: [f32; 3], theirs: &dyn Fn(Rect) -> [f32; 3]| {
            let mut best: Option<(f32, f32)> = None; // (shift, line coordinate)
            for other in &self.others {
                for a in mine {
                    for b in theirs(*other) {
                        let shift = b - a;
                        if shift.abs() <= reach && best.is_none_or(|(s, _)| shift.abs() < s.abs()) {
                            best = Some((shift, b));
                        }
                    }
                }
            }
            best
        };
        let snap_x = best(xs(moved), &xs);
        let snap_y = best(ys(moved), &ys);
        let snapped = moved.translate(Vec2::new(
            snap_x.map_or(0.0, |s| s.0),
            snap_y.map_or(0.0, |s| s.0),
        ));
        // Guides span the snapped selection and every box it lines up with.
        if let Some((_, x)) = snap_x {
            let along: Vec<&Rect> = self
                .others
                .iter()
                .filter(|o| xs(**o).iter().any(|v| (v - x).abs() < 0.01))
                .collect();
            let top = along.iter().map(|o| o.top()).fold(snapped.top(), f32::min);
            let bottom = along
                .iter()
                .map(|o| o.bottom())
                .fold(snapped.bottom(), f32::max);
            self.guides.push((pos2(x, top), pos2(x, bottom)));
        }
        if let Some((_, y)) = snap_y {
            let along: Vec<&Rect> = self
                .others
                .iter()
                .filter(|o| ys(**o).iter().any(|v| (v - y).abs() < 0.01))
                .collect();
            let left = along
                .iter()
                .map(|o| o.left())
                .fold(snapped.left(), f32::min);
            let right = along
                .iter()
                .map(|o| o.right())
                .fold(snapped.right(), f32::max);
            self.guides.push((pos2(left, y), pos2(right, y)));
        }
        let target = snapped.min - start.min;
        let step = target - self.applied;
        self.applied = target;
        step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_edge_snaps_and_shows_a_guide() {
        let me = Rect::from_min_size(pos2(0.0, 100.0), Vec2::new(100.0, 50.0));
        let other = Rect::from_min_size(pos2(203.0, 0.0), Vec2::new(100.0, 50.0));
        let mut snap = MoveSnap::begin(Some(me), vec![other]);
        // 200 to the right: the left edges are 3 apart, within reach 5.
        let step = snap.step(Vec2::new(200.0, 0.0), 5.0);
        assert_eq!(step, Vec2::new(203.0, 0.0));
        assert_eq!(snap.guides.len(), 1);
        // Far from any edge: no snap, and the snap is undone.
        let step = snap.step(Vec2::new(20.0, 0.0), 5.0);
        assert_eq!(step, Vec2::new(17.0, 0.0));
        assert!(snap.guides.is_empty());
    }
}
