//! The shared scene (`crate::scene`, the same primitives image export writes) of the current
//! design state, and the `egui_graphs` graph built on it. Both are rebuilt only when the
//! design, its geometry, the overlays or the theme change.

use std::sync::Arc;

use egui::Rect;

use super::graph_view::{CanvasGraph, ScenePaint, build_graph};
use crate::model::Design;
use crate::scene::{self, Overlays, Primitive, SceneOptions};
use crate::sim::Analysis;
use crate::theme::{Theme, ThemeMode};

/// What a cached scene was built from.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    revision: u64,
    geometry: u64,
    overlays: Overlays,
    dark: bool,
}

/// The scene of the last design state and its graph.
#[derive(Default)]
pub struct SceneCache {
    key: Option<Key>,
    /// The scene, grouped by owner.
    pub paint: Option<Arc<ScenePaint>>,
    /// The graph `GraphView` shows: one node per component, one edge per link.
    pub graph: CanvasGraph,
    /// How many times the scene was built.
    pub builds: u64,
    /// Each component's box (canvas units), in design order: cached for hit-testing.
    pub rects: Vec<Rect>,
    /// Link labels and QPS pills (canvas units), which the drill's traffic dots keep out of.
    pub labels: scene::RectIndex,
    /// Each link label's box (canvas units) and its link's index: hovering one shows the
    /// link's details.
    pub link_labels: Vec<(Rect, usize)>,
    /// Everything each component and note draws (box, badges, pills) and each zone's label,
    /// canvas units: what the legends keep off.
    pub content: scene::RectIndex,
    /// The same rectangles as a list (for the rare legend that finds no free place).
    pub content_rects: Vec<Rect>,
}

impl std::fmt::Debug for SceneCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SceneCache")
            .field("builds", &self.builds)
            .field("nodes", &self.graph.node_count())
            .field("edges", &self.graph.edge_count())
            .finish_non_exhaustive()
    }
}

impl SceneCache {
    /// Rebuilds if the inputs changed.
    pub fn refresh(
        &mut self,
        design: &Design,
        analysis: &Analysis,
        revision: u64,
        geometry: u64,
        overlays: Overlays,
        dark: bool,
    ) {
        let key = Key {
            revision,
            geometry,
            overlays,
            dark,
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let options = SceneOptions {
            overlays,
            theme: Theme::for_mode(if dark {
                ThemeMode::Dark
            } else {
                ThemeMode::Light
            }),
            selection: None,
            title: false,
            legend: false,
        };
        let scene = scene::build_scene(design, Some(analysis), &options);
        let label_fill = options.theme.palette.label_background;
        self.labels = scene::RectIndex::default();
        self.link_labels.clear();
        for item in &scene.items {
            if let Primitive::Rect { rect, fill, .. } = &item.primitive
                && *fill == label_fill
            {
                self.labels.insert(*rect, 0);
                if let scene::SceneItemOwner::Link(i) = item.owner {
                    self.link_labels
                        .push((super::geometry::scene_rect(*rect), i));
                }
            }
        }
        self.rects = design
            .components
            .iter()
            .map(super::geometry::node_rect)
            .collect();
        let paint = Arc::new(ScenePaint::new(scene));
        self.content = scene::RectIndex::default();
        self.content_rects.clear();
        for g in &paint.groups {
            let owned = paint.scene.items.get(g.range.start).is_some_and(|i| {
                matches!(
                    i.owner,
                    scene::SceneItemOwner::Component(_) | scene::SceneItemOwner::Note(_)
                )
            });
            if owned && g.bounds.is_finite() {
                let b = g.bounds;
                self.content.insert(
                    scene::Rect {
                        min: crate::model::Point::new(b.min.x, b.min.y),
                        max: crate::model::Point::new(b.max.x, b.max.y),
                    },
                    0,
                );
                self.content_rects.push(b);
            }
        }
        // A zone's label too (not its whole area: a region may hold everything).
        let metrics = super::geometry::metrics();
        for z in &design.zones {
            let r = scene::zone_label_rect(z, &metrics);
            self.content.insert(r, 0);
            self.content_rects.push(super::geometry::scene_rect(r));
        }
        self.graph = build_graph(design, &paint);
        self.paint = Some(paint);
        self.key = Some(key);
        self.builds += 1;
    }
}
