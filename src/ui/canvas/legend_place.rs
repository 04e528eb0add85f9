//! Where the canvas legends go: on the canvas's edge, where they cover no component, no note
//! and no other legend. The corners come first (bottom left, bottom right, top right, top
//! left), then places sliding along the edges; only when every one of them covers something
//! does a legend take the place that covers the least. Screen coordinates; no painting.

use egui::{Align2, Rect, Vec2};

/// Gap between a legend and the canvas edges, points.
pub const MARGIN: f32 = 10.0;
/// Step between candidate places along an edge, points.
const STEP: f32 = 16.0;

/// What the legends must keep off: answers whether a screen rectangle is free of content
/// (fast, through a spatial index), and lists the content's screen rectangles for the rare
/// case where no place is free.
pub trait Obstacles {
    /// Whether `r` (screen) covers no content.
    fn is_free(&self, r: Rect) -> bool;
    /// The content's screen rectangles on the canvas.
    fn rects(&self) -> Vec<Rect>;
}

/// A cached placement: recomputed only when the canvas, the boxes on it or the legends'
/// sizes change.
#[derive(Debug, Default)]
pub struct LegendPlaces {
    key: Option<(Rect, Vec<Vec2>, u64)>,
    rects: Vec<Rect>,
}

impl LegendPlaces {
    /// Places legends of `sizes` (in order: the first is placed first) on `canvas` away from
    /// `obstacles`; `generation` changes whenever the obstacles do (view or layout).
    pub fn place(
        &mut self,
        canvas: Rect,
        sizes: &[Vec2],
        generation: u64,
        obstacles: &dyn Obstacles,
    ) -> &[Rect] {
        let key = (canvas, sizes.to_vec(), generation);
        if self.key.as_ref() != Some(&key) {
            self.rects = place_all(canvas, sizes, obstacles);
            self.key = Some(key);
        }
        &self.rects
    }
}

/// Places each legend of `sizes` in turn, avoiding `obstacles` and the legends placed before.
pub fn place_all(canvas: Rect, sizes: &[Vec2], obstacles: &dyn Obstacles) -> Vec<Rect> {
    let mut placed: Vec<Rect> = Vec::with_capacity(sizes.len());
    // Listed only when some legend finds no free place.
    let mut listed: Option<Vec<Rect>> = None;
    for &size in sizes {
        let candidates = candidates(canvas, size);
        let free = candidates
            .iter()
            .copied()
            .find(|r| !placed.iter().any(|p| p.intersects(*r)) && obstacles.is_free(*r));
        let r = free.unwrap_or_else(|| {
            let rects = listed.get_or_insert_with(|| {
                obstacles
                    .rects()
                    .into_iter()
                    .filter(|r| r.intersects(canvas))
                    .collect()
            });
            least_covered(canvas, size, &candidates, rects, &placed)
        });
        placed.push(r);
    }
    placed
}

/// The candidate places of a `size` legend on `canvas`, best first: the four corners, then
/// along the bottom, right, top and left edges.
fn candidates(canvas: Rect, size: Vec2) -> Vec<Rect> {
    let inner = canvas.shrink(MARGIN);
    let mut out: Vec<Rect> = [
        Align2::LEFT_BOTTOM,
        Align2::RIGHT_BOTTOM,
        Align2::RIGHT_TOP,
        Align2::LEFT_TOP,
    ]
    .into_iter()
    .map(|a| a.align_size_within_rect(size, inner))
    .collect();
    let free = (inner.size() - size).max(Vec2::ZERO);
    let steps = |len: f32| (len / STEP).floor() as usize;
    for i in 1..steps(free.x) {
        let x = inner.left() + i as f32 * STEP;
        out.push(Rect::from_min_size(
            egui::pos2(x, inner.bottom() - size.y),
            size,
        ));
    }
    for i in 1..steps(free.y) {
        let y = inner.bottom() - size.y - i as f32 * STEP;
        out.push(Rect::from_min_size(
            egui::pos2(inner.right() - size.x, y),
            size,
        ));
    }
    for i in 1..steps(free.x) {
        let x = inner.right() - size.x - i as f32 * STEP;
        out.push(Rect::from_min_size(egui::pos2(x, inner.top()), size));
    }
    for i in 1..steps(free.y) {
        let y = inner.top() + i as f32 * STEP;
        out.push(Rect::from_min_size(egui::pos2(inner.left(), y), size));
    }
    out
}

fn covered(r: Rect, rects: &[Rect]) -> f32 {
    rects
        .iter()
        .map(|n| {
            let i = n.intersect(r);
            if i.is_positive() { i.area() } else { 0.0 }
        })
        .sum()
}

/// The candidate that covers the least of `rects`, never (if it can help it) another legend.
fn least_covered(
    canvas: Rect,
    size: Vec2,
    candidates: &[Rect],
    rects: &[Rect],
    placed: &[Rect],
) -> Rect {
    let mut best: Option<(f32, Rect)> = None;
    for &r in candidates {
        // Covering another legend is worse than covering any amount of diagram.
        let cost = covered(r, rects) + covered(r, placed) * 1.0e6;
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, r));
        }
    }
    best.map_or_else(
        || Align2::LEFT_BOTTOM.align_size_within_rect(size, canvas.shrink(MARGIN)),
        |(_, r)| r,
    )
}

/// Obstacles given as a plain list of screen rectangles (tests, small designs).
impl Obstacles for Vec<Rect> {
    fn is_free(&self, r: Rect) -> bool {
        !self.iter().any(|o| o.intersects(r))
    }

    fn rects(&self) -> Vec<Rect> {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    const CANVAS: Rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 600.0));
    const SIZE: Vec2 = vec2(200.0, 150.0);

    #[test]
    fn an_empty_canvas_puts_the_legend_bottom_left() {
        let r = place_all(CANVAS, &[SIZE], &Vec::new());
        assert_eq!(r[0].left_bottom(), pos2(MARGIN, 600.0 - MARGIN));
        assert_eq!(r[0].size(), SIZE);
    }

    #[test]
    fn legends_avoid_boxes_and_each_other() {
        // A box in each corner: the legends slide along the edges to free places.
        let boxes = [
            Rect::from_min_size(pos2(20.0, 500.0), vec2(120.0, 60.0)),
            Rect::from_min_size(pos2(850.0, 480.0), vec2(120.0, 60.0)),
            Rect::from_min_size(pos2(900.0, 20.0), vec2(60.0, 20.0)),
            Rect::from_min_size(pos2(20.0, 20.0), vec2(100.0, 60.0)),
        ];
        let r = place_all(CANVAS, &[SIZE, vec2(180.0, 60.0)], &boxes.to_vec());
        for legend in &r {
            assert!(CANVAS.contains_rect(*legend));
            assert!(boxes.iter().all(|b| !b.intersects(*legend)), "{legend:?}");
        }
        assert!(!r[0].intersects(r[1]));
    }

    #[test]
    fn a_full_canvas_takes_the_least_covered_place() {
        let everything = [CANVAS];
        let r = place_all(CANVAS, &[SIZE], &everything.to_vec());
        assert!(CANVAS.contains_rect(r[0]));
    }
}
