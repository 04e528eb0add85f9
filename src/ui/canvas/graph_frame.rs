//! Runs `egui_graphs::GraphView` for the canvas without keeping the window awake.
//!
//! `GraphView::show` requests a repaint on every call, so calling it on every frame would
//! repaint forever. The picture it paints depends only on the scene, the view (pan, zoom), the
//! canvas rectangle and egui's font atlas, so [`GraphFrame::show`] runs it only when one of
//! those changed and otherwise replays its last picture into the same layer. The extra frames
//! its repaint request causes are then replays, and the window goes idle.
//!
//! Replays use the picture tessellated: the first replay turns the shapes `GraphView` painted
//! into meshes (one per clip rectangle and texture), and every replay adds those, so egui
//! copies meshes instead of tessellating thousands of paths and rectangles again. While the
//! view changes every frame (panning) nothing is tessellated twice.
//!
//! Pan and zoom are ours (`ViewTransform`): before each run the view is written into
//! `GraphView`'s persisted metadata, undoing its own compensation for a moved widget; its
//! fit-to-screen on a widget's first frame is discarded and the frame is drawn again.

use std::sync::Arc;

use egui::epaint::{ClippedShape, Primitive};
use egui::layers::ShapeIdx;
use egui::{Id, Pos2, Rect, Response, Sense, Shape, Ui, Vec2};
use egui_graphs::{GraphView, MetadataFrame, SettingsInteraction, SettingsNavigation};

use super::geometry::ViewTransform;
use super::graph_view::{CanvasGraph, FixedLayout, FixedLayoutState, ScenePaint};

/// The id `GraphView` keeps its metadata under.
const VIEW_ID: &str = "infraboard-canvas";

/// What the graph's picture depends on.
#[derive(Debug, Clone, PartialEq)]
struct FrameKey {
    scene: u64,
    origin: Pos2,
    zoom: f32,
    rect: Rect,
    pixels_per_point: f32,
    /// egui rebuilds the font atlas when these change (light and dark differ), which moves
    /// every glyph the picture's text refers to.
    text_options: egui::epaint::text::TextOptions,
    font_atlas_size: [usize; 2],
}

/// The last picture `GraphView` painted and what it was painted from.
#[derive(Debug, Default)]
pub struct GraphFrame {
    key: Option<FrameKey>,
    /// The picture as `GraphView` painted it.
    shapes: Vec<ClippedShape>,
    /// The picture, tessellated (at the first replay).
    meshes: Option<Vec<ClippedShape>>,
    /// How full the font atlas was when `GraphView` last ran; it only drops when egui rebuilds
    /// the atlas, which moves every glyph.
    font_atlas_fill: f32,
    /// The widget `GraphView` last ran as, and its top-left corner then.
    last_widget: Option<(Id, Pos2)>,
    /// Frames in which `GraphView` ran.
    pub shows: u64,
    /// Frames that replayed the last picture.
    pub replays: u64,
}

impl GraphFrame {
    /// The canvas widget `GraphView` last ran as.
    pub fn widget(&self) -> Option<Id> {
        self.last_widget.map(|(id, _)| id)
    }

    /// Shows `graph` in the rest of `ui` through `view`; `scene` identifies the scene the graph
    /// was built from. Returns the canvas widget's response.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        graph: &mut CanvasGraph,
        paint: Option<&ScenePaint>,
        scene: u64,
        view: ViewTransform,
    ) -> Response {
        let rect = ui.available_rect_before_wrap();
        let key = FrameKey {
            scene,
            origin: view.origin,
            zoom: view.zoom,
            rect,
            pixels_per_point: ui.ctx().pixels_per_point(),
            text_options: ui.ctx().fonts(|f| *f.options()),
            font_atlas_size: ui.ctx().fonts(|f| f.font_image_size()),
        };
        let layer = ui.layer_id();
        let font_atlas_fill = ui.ctx().fonts(|f| f.font_atlas_fill_ratio());
        if font_atlas_fill < self.font_atlas_fill {
            self.key = None;
        }
        if self.key.as_ref() == Some(&key) {
            let (response, _) = ui.allocate_painter(rect.size(), Sense::click_and_drag());
            if self.widget() == Some(response.id) {
                let meshes = self
                    .meshes
                    .get_or_insert_with(|| tessellate(ui, std::mem::take(&mut self.shapes)));
                ui.ctx().graphics_mut(|g| {
                    let list = g.entry(layer);
                    for m in meshes.iter() {
                        list.add(m.clip_rect, m.shape.clone());
                    }
                });
                self.replays += 1;
                return response;
            }
            // The canvas widget changed identity: run `GraphView` for it next frame.
            self.key = None;
            ui.ctx().request_repaint();
            return response;
        }

        // Write our view into the metadata `GraphView` draws with. It shifts the pan by how
        // far the widget moved since its last run; undo that.
        let mut meta = MetadataFrame::new(Some(VIEW_ID.to_owned())).load(ui);
        let moved = self
            .last_widget
            .map_or(Vec2::ZERO, |(_, top_left)| rect.min - top_left);
        meta.zoom = view.zoom;
        meta.pan = view.origin - rect.min - moved;
        meta.save(ui);

        let start = ui
            .ctx()
            .graphics(|g| g.get(layer).map_or(0, |l| l.next_idx().0));
        let response = GraphView::<FixedLayoutState, FixedLayout>::new()
            .with_id(Some(VIEW_ID.to_owned()))
            .with_interactions(
                &SettingsInteraction::new()
                    .with_dragging_enabled(false)
                    .with_hover_enabled(false),
            )
            .with_navigations(
                &SettingsNavigation::new()
                    .with_fit_to_screen_enabled(false)
                    .with_zoom_and_pan_enabled(false),
            )
            .show(ui, graph)
            .response;
        self.shows += 1;
        // On a widget's first run `GraphView` fits the graph to the screen, ignoring our view.
        let first_run = self.widget() != Some(response.id);
        self.last_widget = Some((response.id, response.rect.min));
        let complete = paint.is_none_or(ScenePaint::take_complete);
        self.meshes = None;
        self.shapes = if first_run {
            clear_shapes(ui, layer, start);
            Vec::new()
        } else {
            copy_shapes(ui, layer, start)
        };
        self.font_atlas_fill = font_atlas_fill;
        // `GraphView` already asked for another frame; it redraws what is stale.
        self.key = (!first_run && complete).then_some(key);
        response
    }
}

/// The shapes painted into `layer` from index `start` on.
fn copy_shapes(ui: &Ui, layer: egui::LayerId, start: usize) -> Vec<ClippedShape> {
    ui.ctx().graphics(|g| {
        g.get(layer)
            .map(|list| list.all_entries().skip(start).cloned().collect())
            .unwrap_or_default()
    })
}

/// Replaces the shapes painted into `layer` from index `start` on with no-ops.
fn clear_shapes(ui: &Ui, layer: egui::LayerId, start: usize) {
    ui.ctx().graphics_mut(|g| {
        let list = g.entry(layer);
        for i in start..list.next_idx().0 {
            list.reset_shape(ShapeIdx(i));
        }
    });
}

/// `shapes` as meshes, one per clip rectangle and texture, exactly as egui would tessellate them.
fn tessellate(ui: &Ui, shapes: Vec<ClippedShape>) -> Vec<ClippedShape> {
    let pixels_per_point = ui.ctx().pixels_per_point();
    ui.ctx()
        .tessellate(shapes, pixels_per_point)
        .into_iter()
        .filter_map(|p| match p.primitive {
            Primitive::Mesh(mesh) if !mesh.is_empty() => Some(ClippedShape {
                clip_rect: p.clip_rect,
                shape: Shape::Mesh(Arc::new(mesh)),
            }),
            _ => None,
        })
        .collect()
}
