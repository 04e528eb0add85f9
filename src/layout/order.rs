//! Order inside each column: barycentre sweeps (left to right, then right to left) that move
//! each box towards the mean position of its neighbours, keeping the order with the fewest
//! crossings between neighbouring columns. Ties keep the previous order, so the result is
//! deterministic.

use super::graph::LayoutGraph;

/// Sweeps tried; the best order seen is kept.
const SWEEPS: usize = 12;

/// The nodes of each column, top to bottom.
pub(crate) fn order(g: &LayoutGraph, ranks: &[usize]) -> Vec<Vec<usize>> {
    let columns = ranks.iter().copied().max().map_or(0, |r| r + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (i, &r) in ranks.iter().enumerate() {
        layers[r].push(i);
    }
    let mut pos = vec![0.0f32; g.len()];
    let mut best = layers.clone();
    let mut best_crossings = crossings(g, ranks, &layers, &mut pos);
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (0..columns).collect()
        } else {
            (0..columns).rev().collect()
        };
        for r in order {
            normalise(&layers, &mut pos);
            let keys: Vec<(f32, usize)> = layers[r]
                .iter()
                .enumerate()
                .map(|(k, &v)| {
                    let toward = g.neighbours[v].iter().filter(|&&w| {
                        ranks[w] == r || if down { ranks[w] < r } else { ranks[w] > r }
                    });
                    let (sum, count) =
                        toward.fold((0.0f32, 0u32), |(s, c), &w| (s + pos[w], c + 1));
                    let key = if count == 0 {
                        pos[v]
                    } else {
                        sum / count as f32
                    };
                    (key, k)
                })
                .collect();
            let mut sorted = keys;
            sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[r] = sorted.iter().map(|&(_, k)| layers[r][k]).collect();
        }
        let c = crossings(g, ranks, &layers, &mut pos);
        if c < best_crossings {
            best_crossings = c;
            best.clone_from(&layers);
        }
    }
    best
}

/// Each node's place in its column as a fraction in `(0, 1)`.
fn normalise(layers: &[Vec<usize>], pos: &mut [f32]) {
    for layer in layers {
        let n = layer.len() as f32;
        for (k, &v) in layer.iter().enumerate() {
            pos[v] = (k as f32 + 0.5) / n;
        }
    }
}

/// Crossings between edges joining neighbouring columns.
fn crossings(g: &LayoutGraph, ranks: &[usize], layers: &[Vec<usize>], pos: &mut [f32]) -> u64 {
    normalise(layers, pos);
    let mut per_gap: Vec<Vec<(f32, f32)>> = vec![Vec::new(); layers.len()];
    for &(a, b) in g.flow.iter().chain(&g.attach) {
        let (left, right) = if ranks[a] < ranks[b] { (a, b) } else { (b, a) };
        if ranks[right] == ranks[left] + 1 {
            per_gap[ranks[left]].push((pos[left], pos[right]));
        }
    }
    per_gap
        .into_iter()
        .map(|mut edges| {
            edges.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.total_cmp(&y.1)));
            let mut rights: Vec<f32> = edges.into_iter().map(|e| e.1).collect();
            inversions(&mut rights)
        })
        .sum()
}

/// Pairs `i < j` with `v[i] > v[j]`, counted by merge sort (sorts `v`).
fn inversions(v: &mut [f32]) -> u64 {
    if v.len() < 2 {
        return 0;
    }
    let mid = v.len() / 2;
    let mut count = inversions(&mut v[..mid]) + inversions(&mut v[mid..]);
    let mut merged = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if v[j] < v[i] {
            count += (mid - i) as u64;
            merged.push(v[j]);
            j += 1;
        } else {
            merged.push(v[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&v[i..mid]);
    merged.extend_from_slice(&v[j..]);
    v.copy_from_slice(&merged);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_are_counted() {
        assert_eq!(inversions(&mut [1.0, 2.0, 3.0]), 0);
        assert_eq!(inversions(&mut [3.0, 2.0, 1.0]), 3);
        assert_eq!(inversions(&mut [2.0, 1.0, 3.0, 0.5]), 4);
    }
}
