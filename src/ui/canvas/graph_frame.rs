//! Runs `egui_graphs::GraphView` for the canvas without keeping the window awake.
//!
//! `GraphView::show` requests a repaint on every call, so calling it on every frame would
//! repaint forever. The picture it paints depends only on the scene, the view (pan, zoom) and
//! the canvas rectangle, so [`GraphFrame::show`] runs it only when one of those changed and
//! otherwise replays the shapes it painted last time into the same layer. The one extra frame
//! its repaint request causes is then a replay, and the window goes idle.
//!
//! Pan and zoom are ours (`ViewTransform`): before each run the view is written into
//! `GraphView`'s persisted metadata, undoing its own compensation for a moved widget; its
//! fit-to-screen on a widget's first frame is discarded and the frame is drawn again.

use egui::epaint::ClippedShape;
use egui::layers::ShapeIdx;
use egui::{Id, Pos2, Rect, Response, Sense, Ui, Vec2};
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
}

/// The last picture `GraphView` painted and what it was painted from.
#[derive(Debug, Default)]
pub struct GraphFrame {
    key: Option<FrameKey>,
    shapes: Vec<ClippedShape>,
    /// The widget `GraphView` last ran as, and its top-left corner then.
    last_widget: Option<(Id, Pos2)>,
    /// Frames in which `GraphView` ran.
    pub shows: u64,
    /// Frames that replayed the last picture.
    pub replays: u64,
}

impl GraphFrame {
    /// Forgets the cached picture: the next frame runs `GraphView`.
    pub fn invalidate(&mut self) {
        self.key = None;
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
        };
        let layer = ui.layer_id();
        if self.key.as_ref() == Some(&key) {
            let (response, _) = ui.allocate_painter(rect.size(), Sense::click_and_drag());
            if self.last_widget.map(|(id, _)| id) == Some(response.id) {
                ui.ctx().graphics_mut(|g| {
                    let list = g.entry(layer);
                    for s in &self.shapes {
                        list.add(s.clip_rect, s.shape.clone());
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
        let first_run = self.last_widget.map(|(id, _)| id) != Some(response.id);
        self.last_widget = Some((response.id, response.rect.min));
        let complete = paint.is_none_or(ScenePaint::take_complete);
        ui.ctx().graphics_mut(|g| {
            let list = g.entry(layer);
            let end = list.next_idx().0;
            if first_run {
                for i in start..end {
                    list.reset_shape(ShapeIdx(i));
                }
                self.shapes.clear();
            } else {
                self.shapes = list.all_entries().skip(start).cloned().collect();
            }
        });
        // `GraphView` already asked for another frame; it redraws what is stale.
        self.key = (!first_run && complete).then_some(key);
        response
    }
}
