//! A multi-level grid over rectangles and segments, so that layout checks ("does this label
//! hit a box, a label or a link?") stay fast on designs with thousands of components — and
//! cheap for any box the model accepts.
//!
//! Each item goes into the finest level whose cells it spans at most [`MAX_SPAN_CELLS`] per
//! axis (cells grow 4× per level), so an item is stored in at most a few cells however large
//! it is. A query visits each level in use, walking its cells in range or, when the range holds
//! more cells than the level has occupied, the occupied cells instead: work is bounded by what
//! is stored, not by the size of the box asked about.
//!
//! Answers only yes/no questions, so the hash order never leaks into the scene.

use std::collections::HashMap;

use super::geometry::{Rect, segment_hits_rect};
use crate::model::Point;

/// Edge of a cell of the finest level, in canvas units.
const CELL_PX: f32 = 128.0;
/// How many times larger a cell is at each next level.
const LEVEL_FACTOR: f32 = 4.0;
/// Levels: the coarsest cell (128 × 4¹³ ≈ 8.6 × 10⁹ units) holds any finite box.
const LEVELS: usize = 14;
/// Most cells an item spans per axis on the level it is stored in.
const MAX_SPAN_CELLS: f32 = 3.0;
/// Cell coordinates are clamped to this magnitude (far beyond any accepted coordinate).
const MAX_CELL: f32 = 1.0e9;

type Cell = (i32, i32);

fn cell_px(level: usize) -> f32 {
    CELL_PX * LEVEL_FACTOR.powi(i32::try_from(level).unwrap_or(i32::MAX))
}

fn cell_of(v: f32, level: usize) -> i32 {
    (v / cell_px(level)).floor().clamp(-MAX_CELL, MAX_CELL) as i32
}

fn cell_range(r: &Rect, level: usize) -> (i32, i32, i32, i32) {
    (
        cell_of(r.min.x, level),
        cell_of(r.min.y, level),
        cell_of(r.max.x, level),
        cell_of(r.max.y, level),
    )
}

fn cell_count((x0, y0, x1, y1): (i32, i32, i32, i32)) -> u64 {
    let span = |a: i32, b: i32| u64::try_from(i64::from(b) - i64::from(a) + 1).unwrap_or(0);
    span(x0, x1).saturating_mul(span(y0, y1))
}

fn cell_rect((x, y): Cell, level: usize) -> Rect {
    let s = cell_px(level);
    Rect {
        min: Point::new(x as f32 * s, y as f32 * s),
        max: Point::new((x + 1) as f32 * s, (y + 1) as f32 * s),
    }
}

/// The finest level on which a `w` × `h` box spans at most [`MAX_SPAN_CELLS`] cells per axis.
fn level_for(w: f32, h: f32) -> usize {
    let side = w.max(h);
    (0..LEVELS)
        .find(|&l| side.is_finite() && side <= MAX_SPAN_CELLS * cell_px(l))
        .unwrap_or(LEVELS - 1)
}

/// Calls `visit` with the cells of `level` that the segment passes through until it returns
/// `true`: the cells of the bounding boxes of its pieces of at most half a cell (a thin band,
/// not its whole bounding box). Cells may repeat. Returns whether `visit` stopped the walk.
fn walk_cells(a: Point, b: Point, level: usize, mut visit: impl FnMut(Cell) -> bool) -> bool {
    let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
    let pieces = (len / (cell_px(level) / 2.0)).ceil();
    let pieces = if pieces.is_finite() {
        (pieces as usize).clamp(1, 4096)
    } else {
        1
    };
    let at = |i: usize| {
        let t = i as f32 / pieces as f32;
        Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
    };
    let mut last = None;
    for i in 0..pieces {
        let (p, q) = (at(i), at(i + 1));
        let (x0, y0, x1, y1) = cell_range(
            &Rect {
                min: Point::new(p.x.min(q.x), p.y.min(q.y)),
                max: Point::new(p.x.max(q.x), p.y.max(q.y)),
            },
            level,
        );
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

/// Item ids by cell, one map per level.
#[derive(Debug)]
struct Grid {
    levels: Vec<HashMap<Cell, Vec<usize>>>,
}

impl Default for Grid {
    fn default() -> Self {
        Self {
            levels: (0..LEVELS).map(|_| HashMap::new()).collect(),
        }
    }
}

impl Grid {
    fn push(&mut self, level: usize, cell: Cell, id: usize) {
        let ids = self.levels[level].entry(cell).or_default();
        if ids.last() != Some(&id) {
            ids.push(id);
        }
    }

    fn insert_rect(&mut self, r: &Rect, id: usize) {
        let level = level_for(r.width(), r.height());
        let (x0, y0, x1, y1) = cell_range(r, level);
        for x in x0..=x1 {
            for y in y0..=y1 {
                self.push(level, (x, y), id);
            }
        }
    }

    fn insert_segment(&mut self, a: Point, b: Point, id: usize) {
        let level = level_for((b.x - a.x).abs(), (b.y - a.y).abs());
        let mut cells = Vec::new();
        walk_cells(a, b, level, |cell| {
            cells.push(cell);
            false
        });
        for cell in cells {
            self.push(level, cell, id);
        }
    }

    /// Whether `hit` is true for an id stored in a cell that `r` overlaps.
    fn any_in_rect(&self, r: &Rect, mut hit: impl FnMut(usize) -> bool) -> bool {
        self.levels.iter().enumerate().any(|(level, cells)| {
            if cells.is_empty() {
                return false;
            }
            let range = cell_range(r, level);
            if cell_count(range) <= cells.len() as u64 {
                let (x0, y0, x1, y1) = range;
                (x0..=x1).any(|x| {
                    (y0..=y1).any(|y| {
                        cells
                            .get(&(x, y))
                            .is_some_and(|ids| ids.iter().any(|&id| hit(id)))
                    })
                })
            } else {
                let (x0, y0, x1, y1) = range;
                cells.iter().any(|(&(x, y), ids)| {
                    (x0..=x1).contains(&x)
                        && (y0..=y1).contains(&y)
                        && ids.iter().any(|&id| hit(id))
                })
            }
        })
    }

    /// Whether `hit` is true for an id stored in a cell the segment `a`–`b` passes through.
    fn any_on_segment(&self, a: Point, b: Point, mut hit: impl FnMut(usize) -> bool) -> bool {
        self.levels.iter().enumerate().any(|(level, cells)| {
            if cells.is_empty() {
                return false;
            }
            let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
            let pieces = len / (cell_px(level) / 2.0);
            if pieces.is_finite() && pieces <= cells.len() as f32 {
                walk_cells(a, b, level, |cell| {
                    cells
                        .get(&cell)
                        .is_some_and(|ids| ids.iter().any(|&id| hit(id)))
                })
            } else {
                cells.iter().any(|(&cell, ids)| {
                    segment_hits_rect(a, b, &cell_rect(cell, level))
                        && ids.iter().any(|&id| hit(id))
                })
            }
        })
    }
}

/// Rectangles, each with a tag the caller can exclude in queries.
#[derive(Debug, Default)]
pub struct RectIndex {
    rects: Vec<(Rect, usize)>,
    grid: Grid,
}

impl RectIndex {
    /// Adds `rect` with `tag`.
    pub fn insert(&mut self, rect: Rect, tag: usize) {
        let id = self.rects.len();
        self.rects.push((rect, tag));
        self.grid.insert_rect(&rect, id);
    }

    /// Whether any rectangle whose tag passes `keep` overlaps `r`.
    pub fn any(&self, r: &Rect, keep: impl Fn(usize) -> bool) -> bool {
        self.grid.any_in_rect(r, |id| {
            let (rect, tag) = &self.rects[id];
            keep(*tag) && rect.intersects(r)
        })
    }

    /// Whether the segment `a`–`b` crosses any rectangle whose tag passes `keep`.
    pub fn hit_by_segment(&self, a: Point, b: Point, keep: impl Fn(usize) -> bool) -> bool {
        self.grid.any_on_segment(a, b, |id| {
            let (rect, tag) = &self.rects[id];
            keep(*tag) && segment_hits_rect(a, b, rect)
        })
    }
}

/// Segments of link paths, plus their end points.
#[derive(Debug, Default)]
pub(super) struct SegmentIndex {
    segments: Vec<(Point, Point)>,
    ends: Vec<Point>,
    grid: Grid,
    end_grid: Grid,
}

impl SegmentIndex {
    /// Adds the polyline `points` (its first and last points count as ends).
    pub fn insert_path(&mut self, points: &[Point]) {
        for w in points.windows(2) {
            if let [a, b] = w {
                let id = self.segments.len();
                self.segments.push((*a, *b));
                self.grid.insert_segment(*a, *b, id);
            }
        }
        for end in [points.first(), points.last()].into_iter().flatten() {
            let id = self.ends.len();
            self.ends.push(*end);
            self.end_grid.insert_rect(
                &Rect {
                    min: *end,
                    max: *end,
                },
                id,
            );
        }
    }

    /// Whether any segment crosses `r`.
    pub fn crosses(&self, r: &Rect) -> bool {
        self.grid.any_in_rect(r, |id| {
            let (a, b) = self.segments[id];
            segment_hits_rect(a, b, r)
        })
    }

    /// Whether any path end lies in `r`.
    pub fn has_end_in(&self, r: &Rect) -> bool {
        self.end_grid.any_in_rect(r, |id| r.contains(self.ends[id]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect {
            min: Point::new(x, y),
            max: Point::new(x + w, y + h),
        }
    }

    #[test]
    fn a_huge_box_takes_a_few_cells_and_is_found_everywhere_it_covers() {
        let mut index = RectIndex::default();
        index.insert(rect(-1e7, -1e7, 2e7, 2e7), 0);
        index.insert(rect(10.0, 10.0, 20.0, 20.0), 1);
        let stored: usize = index
            .grid
            .levels
            .iter()
            .flat_map(HashMap::values)
            .map(Vec::len)
            .sum();
        assert!(stored <= 32, "{stored} cells");
        assert!(index.any(&rect(9e6, -9e6, 1.0, 1.0), |t| t == 0));
        assert!(!index.any(&rect(9e6, -9e6, 1.0, 1.0), |t| t == 1));
        assert!(index.any(&rect(15.0, 15.0, 1.0, 1.0), |t| t == 1));
        assert!(!index.any(&rect(100.0, 100.0, 1.0, 1.0), |t| t == 1));
        assert!(index.any(&rect(-5e8, -5e8, 1e9, 1e9), |t| t == 1));
        assert!(index.hit_by_segment(Point::new(-3e7, 20.0), Point::new(3e7, 20.0), |t| t == 1));
        assert!(!index.hit_by_segment(Point::new(-3e7, 50.0), Point::new(3e7, 50.0), |t| t == 1));
    }

    #[test]
    fn long_segments_are_found_by_small_boxes() {
        let mut segments = SegmentIndex::default();
        segments.insert_path(&[Point::new(-1e7, -1e7), Point::new(1e7, 1e7)]);
        assert!(segments.crosses(&rect(4e6 - 1.0, 4e6 - 1.0, 2.0, 2.0)));
        assert!(!segments.crosses(&rect(4e6 + 10.0, 4e6 - 20.0, 2.0, 2.0)));
        assert!(segments.has_end_in(&rect(1e7 - 1.0, 1e7 - 1.0, 2.0, 2.0)));
        assert!(!segments.has_end_in(&rect(0.0, 0.0, 2.0, 2.0)));
    }
}
