//! Coordinates from the real box sizes: each column is as wide as its widest box, columns
//! are [`super::COLUMN_GAP`] apart; inside a column boxes keep their order and at least
//! [`super::ROW_GAP`] between them, and are pulled towards the mean height of their
//! neighbours by an order-preserving least-squares fit (pool-adjacent-violators). Boxes can
//! therefore never overlap.

use super::graph::LayoutGraph;
use super::{COLUMN_GAP, ROW_GAP};
use crate::model::Point;

/// Alternating passes pulling boxes towards their neighbours.
const PASSES: usize = 8;

/// The centre of every node.
pub(crate) fn place(g: &LayoutGraph, layers: &[Vec<usize>]) -> Vec<Point> {
    let mut x = vec![0.0f32; g.len()];
    let mut left = 0.0f32;
    for layer in layers {
        let width = layer.iter().map(|&v| g.sizes[v].w).fold(0.0, f32::max);
        for &v in layer {
            x[v] = left + width / 2.0;
        }
        if !layer.is_empty() {
            left += width + COLUMN_GAP;
        }
    }
    let mut y = vec![0.0f32; g.len()];
    for layer in layers {
        let wanted = vec![0.0; layer.len()];
        fit_column(g, layer, &wanted, &mut y);
    }
    let mut column_of = vec![0usize; g.len()];
    for (r, layer) in layers.iter().enumerate() {
        for &v in layer {
            column_of[v] = r;
        }
    }
    for pass in 0..PASSES {
        let columns: Vec<usize> = if pass % 2 == 0 {
            (0..layers.len()).collect()
        } else {
            (0..layers.len()).rev().collect()
        };
        for r in columns {
            let layer = &layers[r];
            let wanted: Vec<f32> = layer
                .iter()
                .map(|&v| {
                    let others = g.neighbours[v].iter().filter(|&&w| column_of[w] != r);
                    let (sum, count) = others.fold((0.0f32, 0u32), |(s, c), &w| (s + y[w], c + 1));
                    if count == 0 { y[v] } else { sum / count as f32 }
                })
                .collect();
            fit_column(g, layer, &wanted, &mut y);
        }
    }
    x.into_iter()
        .zip(y)
        .map(|(x, y)| Point::new(x.round(), y.round()))
        .collect()
}

/// Sets `y` of the column's nodes as close as possible (least squares) to `wanted`, keeping
/// their order and the gap between neighbours.
fn fit_column(g: &LayoutGraph, layer: &[usize], wanted: &[f32], y: &mut [f32]) {
    // offset[k]: how far below the first box the k-th box's centre must at least be.
    let mut offset = Vec::with_capacity(layer.len());
    let mut acc = 0.0f32;
    for (k, &v) in layer.iter().enumerate() {
        if k > 0 {
            acc += g.sizes[layer[k - 1]].h / 2.0 + ROW_GAP + g.sizes[v].h / 2.0;
        }
        offset.push(acc);
    }
    // Pool adjacent violators on wanted - offset, which must be non-decreasing.
    let mut blocks: Vec<(f32, usize)> = Vec::new(); // (sum, count)
    for (k, &w) in wanted.iter().enumerate() {
        blocks.push((w - offset[k], 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / c1 as f32 <= s2 / c2 as f32 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, c1 + c2);
        }
    }
    let mut k = 0;
    for (sum, count) in blocks {
        let level = sum / count as f32;
        for _ in 0..count {
            y[layer[k]] = level + offset[k];
            k += 1;
        }
    }
}
