//! A uniform grid over rectangles and segments, so that layout checks ("does this label hit a
//! box, a label or a link?") stay fast on designs with thousands of components.
//!
//! Answers only yes/no questions, so the hash order never leaks into the scene.

use std::collections::HashMap;

use super::geometry::{Rect, segment_hits_rect};
use crate::model::Point;

/// Edge of one grid cell, in canvas units.
const CELL_PX: f32 = 128.0;

fn cell_range(r: &Rect) -> (i32, i32, i32, i32) {
    let f = |v: f32| (v / CELL_PX).floor().clamp(-1.0e6, 1.0e6) as i32;
    (f(r.min.x), f(r.min.y), f(r.max.x), f(r.max.y))
}

/// Calls `visit` with the cells a segment passes through until it returns `true`: the
/// cells of the bounding boxes of its pieces of at most half a cell (so a long diagonal
/// touches a thin band of cells, not its whole bounding box). Cells may repeat. Returns
/// whether `visit` stopped the walk.
fn walk_cells(a: Point, b: Point, mut visit: impl FnMut((i32, i32)) -> bool) -> bool {
    let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
    let pieces = ((len / (CELL_PX / 2.0)).ceil() as usize).clamp(1, 1_000_000);
    let at = |i: usize| {
        let t = i as f32 / pieces as f32;
        Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
    };
    let mut last = None;
    for i in 0..pieces {
        let (p, q) = (at(i), at(i + 1));
        let (x0, y0, x1, y1) = cell_range(&Rect {
            min: Point::new(p.x.min(q.x), p.y.min(q.y)),
            max: Point::new(p.x.max(q.x), p.y.max(q.y)),
        });
        for x in x0..=x1 {
            for y in y0..=y1 {
                if last != Some((x, y)) {
                    last = Some((x, y));
                    if visit((x, y)) {
                        return true;
                    }
                }
            }
        }
    }
    false
}

/// Rectangles, each with a tag the caller can exclude in queries.
#[derive(Debug, Default)]
pub(super) struct RectIndex {
    rects: Vec<(Rect, usize)>,
    cells: HashMap<(i32, i32), Vec<usize>>,
}

impl RectIndex {
    /// Adds `rect` with `tag`.
    pub fn insert(&mut self, rect: Rect, tag: usize) {
        let id = self.rects.len();
        self.rects.push((rect, tag));
        let (x0, y0, x1, y1) = cell_range(&rect);
        for x in x0..=x1 {
            for y in y0..=y1 {
                self.cells.entry((x, y)).or_default().push(id);
            }
        }
    }

    /// Whether any rectangle whose tag passes `keep` overlaps `r`.
    pub fn any(&self, r: &Rect, keep: impl Fn(usize) -> bool) -> bool {
        let (x0, y0, x1, y1) = cell_range(r);
        for x in x0..=x1 {
            for y in y0..=y1 {
                let Some(ids) = self.cells.get(&(x, y)) else {
                    continue;
                };
                for id in ids {
                    if let Some((rect, tag)) = self.rects.get(*id)
                        && keep(*tag)
                        && rect.intersects(r)
                    {
                        return true;
                    }
                }
            }
        }
        false
    }
}

impl RectIndex {
    /// Whether the segment `a`–`b` crosses any rectangle whose tag passes `keep`.
    pub fn hit_by_segment(&self, a: Point, b: Point, keep: impl Fn(usize) -> bool) -> bool {
        walk_cells(a, b, |cell| {
            self.cells.get(&cell).is_some_and(|ids| {
                ids.iter().any(|id| {
                    self.rects
                        .get(*id)
                        .is_some_and(|(rect, tag)| keep(*tag) && segment_hits_rect(a, b, rect))
                })
            })
        })
    }
}

/// Segments of link paths, plus their end points.
#[derive(Debug, Default)]
pub(super) struct SegmentIndex {
    segments: Vec<(Point, Point)>,
    ends: Vec<Point>,
    cells: HashMap<(i32, i32), Vec<usize>>,
    end_cells: HashMap<(i32, i32), Vec<usize>>,
}

impl SegmentIndex {
    /// Adds the polyline `points` (its first and last points count as ends).
    pub fn insert_path(&mut self, points: &[Point]) {
        for w in points.windows(2) {
            if let [a, b] = w {
                let id = self.segments.len();
                self.segments.push((*a, *b));
                let cells = &mut self.cells;
                walk_cells(*a, *b, |cell| {
                    let ids = cells.entry(cell).or_default();
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                    false
                });
            }
        }
        for end in [points.first(), points.last()].into_iter().flatten() {
            let id = self.ends.len();
            self.ends.push(*end);
            let (x, y, _, _) = cell_range(&Rect {
                min: *end,
                max: *end,
            });
            self.end_cells.entry((x, y)).or_default().push(id);
        }
    }

    /// Whether any segment crosses `r`.
    pub fn crosses(&self, r: &Rect) -> bool {
        let (x0, y0, x1, y1) = cell_range(r);
        (x0..=x1).any(|x| {
            (y0..=y1).any(|y| {
                self.cells.get(&(x, y)).is_some_and(|ids| {
                    ids.iter().any(|id| {
                        self.segments
                            .get(*id)
                            .is_some_and(|(a, b)| segment_hits_rect(*a, *b, r))
                    })
                })
            })
        })
    }

    /// Whether any path end lies in `r`.
    pub fn has_end_in(&self, r: &Rect) -> bool {
        let (x0, y0, x1, y1) = cell_range(r);
        (x0..=x1).any(|x| {
            (y0..=y1).any(|y| {
                self.end_cells.get(&(x, y)).is_some_and(|ids| {
                    ids.iter()
                        .any(|id| self.ends.get(*id).is_some_and(|p| r.contains(*p)))
                })
            })
        })
    }
}
