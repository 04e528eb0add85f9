//! The canvas: paints the design with its overlays and turns pointer gestures into commands
//! (create by drop, connect by dragging the handle or Alt-dragging, click and box selection,
//! move, pan, zoom). Our component ids are the identity; nothing here mutates the design.
//!
//! Components and links are drawn by `egui_graphs::GraphView` with our own node and edge
//! shapes (`graph_view`), which paint the shared scene image export also writes. `GraphView`
//! runs only when its picture changes (`graph_frame`), so the window can idle. Gestures
//! (drop, connect, box select, move), selection, pan and zoom are ours and work on the same
//! widget; the selection, handles and previews are painted on top.

mod context_menu;
pub mod geometry;
pub mod graph_frame;
pub mod graph_view;
mod guides;
pub(crate) mod importance;
mod legend;
mod legend_place;
pub mod marks;
pub mod paint;
pub mod rename;
pub mod scene_cache;
mod shapes;
pub mod zones;

use egui::{CursorIcon, Key, PointerButton, Pos2, Rect, Ui, Vec2};

use self::geometry::{ViewTransform, component_at, endpoint_at, handle_pos, link_at, node_rect};
use self::marks::Marks;
use self::paint::{OverlayFlags, PaintCtx};
use super::command::{Command, Commands, DrillTarget};
use std::collections::BTreeSet;

use super::look::Look;
use super::settings::Settings;
use super::state::Selection;
use crate::model::{ComponentId, Design, Endpoint, KindTag, Point};

/// A gesture in progress.
#[derive(Debug, Clone, PartialEq, Default)]
enum Gesture {
    #[default]
    Idle,
    /// Moving the selection (components and text notes).
    Move,
    /// Rubber-band selection from this screen point.
    Box { start: Pos2, additive: bool },
    /// Drawing a link from this component.
    Connect { from: Endpoint },
    /// Panning.
    Pan,
    /// Resizing a zone by its corner grip.
    Resize {
        /// The zone.
        id: ComponentId,
    },
}

/// Canvas state that lives across frames (not part of the design).
#[derive(Debug)]
pub struct CanvasState {
    /// Pan and zoom.
    pub view: ViewTransform,
    /// Fit the design on the next frame (set when a design opens).
    pub fit_pending: bool,
    /// For this many more frames, fit the design when the canvas changes size (a panel
    /// opening or closing resizes it a frame after it is asked for).
    pub fit_on_resize: u8,
    /// The canvas rectangle of the last frame.
    pub rect: Rect,
    gesture: Gesture,
    /// A refused link: why, where, until when (seconds of egui time).
    refusal: Option<(String, Pos2, f64)>,
    /// The shared scene of the current design state and its graph.
    pub scene: scene_cache::SceneCache,
    /// `GraphView`'s last picture.
    pub graph_frame: graph_frame::GraphFrame,
    /// Link paths for the drill's traffic dots (per layout, not per tick).
    pub link_paths: crate::ui::drill::traffic_dots::LinkPathCache,
    /// A component being renamed in place.
    renaming: Option<rename::Renaming>,
    /// What the open context menu is about, and where it was opened (canvas units).
    context: Option<(context_menu::ContextTarget, Point)>,
    /// Alignment snapping of the move in progress.
    snap: guides::MoveSnap,
    /// Where the legends go, cached.
    legends: legend_place::LegendPlaces,
    /// Where the legends were drawn in the last frame.
    pub legend_rects: LegendRects,
}

impl Default for CanvasState {
    fn default() -> Self {
        Self {
            view: ViewTransform::default(),
            fit_pending: true,
            fit_on_resize: 0,
            rect: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            gesture: Gesture::Idle,
            refusal: None,
            scene: scene_cache::SceneCache::default(),
            graph_frame: graph_frame::GraphFrame::default(),
            link_paths: crate::ui::drill::traffic_dots::LinkPathCache::default(),
            renaming: None,
            context: None,
            legends: legend_place::LegendPlaces::default(),
            legend_rects: LegendRects::default(),
            snap: guides::MoveSnap::default(),
        }
    }
}

impl CanvasState {
    /// Centre of the visible canvas, in canvas units.
    pub fn visible_centre(&self) -> Point {
        let c = self.view.to_canvas(self.rect.center());
        Point::new(c.x, c.y)
    }

    /// Shows a refusal message at `at` (screen) for a few seconds.
    pub fn refuse(&mut self, why: String, at: Pos2, now: f64) {
        self.refusal = Some((why, at, now + 3.0));
    }

    /// Zooms by `factor` around the centre of the canvas.
    pub fn zoom_centre(&mut self, factor: f32) {
        let c = self.rect.center();
        self.view.zoom_around(factor, c);
    }

    /// Whether a gesture is in progress (something is moving).
    pub fn busy(&self) -> bool {
        self.gesture != Gesture::Idle
    }

    /// Opens the in-place name field on `c`.
    pub fn start_rename(&mut self, c: &crate::model::Component) {
        self.renaming = Some(rename::Renaming {
            target: rename::EditTarget::Component(c.id.clone()),
            text: c.name.clone(),
            focus: true,
        });
    }

    /// Opens the in-place text field on note `index`, which says `text`.
    pub fn start_note_edit(&mut self, index: usize, text: &str) {
        self.renaming = Some(rename::Renaming {
            target: rename::EditTarget::Note(index),
            text: text.to_owned(),
            focus: true,
        });
    }

    /// Opens the in-place name field on zone `zone`'s label.
    pub fn start_zone_rename(&mut self, zone: &crate::model::Zone) {
        self.renaming = Some(rename::Renaming {
            target: rename::EditTarget::Zone(zone.id.clone()),
            text: zone.name.clone(),
            focus: true,
        });
    }

    /// Whether a component is being renamed (keys go to its name field).
    pub fn renaming(&self) -> bool {
        self.renaming.is_some()
    }
}

/// What the canvas reads in one frame.
pub struct CanvasCtx<'a> {
    /// The design.
    pub design: &'a Design,
    /// The selection.
    pub selection: &'a Selection,
    /// Overlay marks for the design's revision.
    pub marks: &'a Marks,
    /// Colours.
    pub look: &'a Look,
    /// Overlay switches, grid.
    pub settings: &'a Settings,
    /// The analysis of this revision.
    pub analysis: &'a crate::sim::Analysis,
    /// The design's revision.
    pub revision: u64,
    /// Bumped whenever positions change inside a gesture (the revision does not).
    pub geometry: u64,
    /// Bumped only when boxes move (what link paths depend on).
    pub layout: u64,
    /// While a drill runs: per-link flows and the dots' animation time.
    pub traffic: Option<(&'a [crate::ui::drill::traffic_dots::LinkFlow], f64)>,
    /// The blast-radius heat map, when shown.
    pub heat: Option<crate::ui::drill::heat::HeatView<'a>>,
    /// The availability of each class, when the importance overlay shows its pairs on hover.
    pub importance: Option<&'a [crate::sim::availability::ClassAvailability]>,
    /// Whether Paste has something to paste (for the context menu).
    pub can_paste: bool,
    /// Whether drill mode is on (a click then also fails or restores what it hits).
    pub drill: bool,
}

/// Paints scene primitives (compare mode's marks) over the canvas drawn this frame.
pub fn paint_scene_items<'a>(
    ui: &Ui,
    state: &CanvasState,
    items: impl Iterator<Item = &'a crate::scene::SceneItem>,
) {
    let painter = ui.painter_at(state.rect);
    let mut out = Vec::new();
    shapes::push_shapes(
        ui.ctx(),
        &painter,
        state.view,
        items.map(|i| &i.primitive),
        &mut out,
    );
    painter.extend(out);
}

/// Shows the canvas in the remaining space of `ui`.
pub fn canvas_ui(
    ui: &mut Ui,
    state: &mut CanvasState,
    cx: &CanvasCtx<'_>,
    commands: &mut Commands,
) {
    let rect = ui.available_rect_before_wrap();
    if state.fit_on_resize > 0 {
        state.fit_on_resize -= 1;
        if rect.size() != state.rect.size() {
            state.fit_pending = true;
            state.fit_on_resize = 0;
        }
    }
    state.rect = rect;
    if state.fit_pending && rect.width() > 10.0 {
        fit(state, cx.design);
    }
    state.scene.refresh(
        cx.design,
        cx.analysis,
        cx.revision,
        cx.geometry,
        crate::scene::Overlays {
            spof: cx.settings.show_spof,
            tls: cx.settings.show_tls,
            qps: cx.settings.show_qps,
            monitoring: cx.settings.show_exposure,
        },
        cx.look.dark,
    );
    let (modifiers, space, now) = ui.input(|i| (i.modifiers, i.key_down(Key::Space), i.time));

    // Navigation first, from the widget's interaction this frame, so the graph is drawn with
    // the view the overlays use.
    if let Some(previous) = state
        .graph_frame
        .widget()
        .and_then(|id| ui.ctx().read_response(id))
    {
        navigate(ui, state, &previous);
    }

    // Background and grid under the graph.
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, cx.look.canvas_bg);
    if cx.settings.grid {
        paint::grid(&painter, state.view, cx.look, rect);
    }
    // Zones and text notes under the graph (they are not graph nodes), from the same scene.
    if let Some(paint) = state.scene.paint.as_deref() {
        let mut shapes = Vec::new();
        shapes::push_shapes(
            ui.ctx(),
            &painter,
            state.view,
            paint.background_primitives(),
            &mut shapes,
        );
        painter.extend(shapes);
    }
    let response = state.graph_frame.show(
        ui,
        &mut state.scene.graph,
        state.scene.paint.as_deref(),
        state.scene.builds,
        state.view,
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Other, true, "Canvas"));

    let pointer = response
        .hover_pos()
        .or_else(|| ui.input(|i| i.pointer.interact_pos()));
    let pointer_canvas = pointer.map(|p| state.view.to_canvas(p));
    let hovered = pointer_canvas.and_then(|p| hit(cx.design, &state.scene.rects, p));

    // Drop from the palette.
    if let Some(tag) = dropped::<KindTag>(&response)
        && let Some(p) = pointer_canvas
    {
        commands.push(Command::AddComponent {
            tag: *tag,
            at: Point::new(p.x, p.y),
        });
    }
    if dropped::<crate::ui::palette::NewNote>(&response).is_some()
        && let Some(p) = pointer_canvas
    {
        commands.push(Command::AddNote(Some(Point::new(p.x, p.y))));
    }
    if let Some(new) = dropped::<crate::ui::palette::NewZone>(&response)
        && let Some(p) = pointer_canvas
    {
        commands.push(Command::AddZone {
            kind: new.0,
            at: Some(Point::new(p.x, p.y)),
        });
    }
    // The zone a press here would take (by its label or border), when no box is there.
    let zone_reach = zones::BORDER_REACH_PX / state.view.zoom;
    let hovered_zone = pointer_canvas
        .filter(|_| hovered.is_none())
        .and_then(|p| zones::zone_at(cx.design, p, zone_reach));
    let selected_zone = selected_zone(cx);
    let on_grip = selected_zone
        .zip(pointer)
        .is_some_and(|(z, p)| zones::grip_rect(state.view, z).contains(p));

    gestures(ui, &response, state, cx, commands, modifiers, space, now);

    // Cursor.
    if response.hovered() {
        let on_handle = pointer.is_some_and(|p| handle_under(state, cx.design, p).is_some());
        let icon = match state.gesture {
            Gesture::Resize { .. } => CursorIcon::ResizeNwSe,
            _ if on_grip && state.gesture == Gesture::Idle => CursorIcon::ResizeNwSe,
            Gesture::Move | Gesture::Pan => CursorIcon::Grabbing,
            Gesture::Connect { .. } => CursorIcon::Crosshair,
            _ if on_handle || (modifiers.alt && hovered.is_some()) => CursorIcon::Crosshair,
            _ if space => CursorIcon::Grab,
            _ if hovered.is_some() || hovered_zone.is_some() => CursorIcon::Grab,
            _ => CursorIcon::Default,
        };
        ui.ctx().set_cursor_icon(icon);
    }

    // Overlays on top of the graph.
    let flags = OverlayFlags {
        spof: cx.settings.show_spof,
        tls: cx.settings.show_tls,
        qps: cx.settings.show_qps,
        exposure: cx.settings.show_exposure,
    };
    let p = PaintCtx {
        ui,
        painter: &painter,
        view: state.view,
        look: cx.look,
        marks: cx.marks,
        flags,
        selection: cx.selection,
        hovered: hovered.map(|c| c.id.as_str()),
    };
    if let Some(heat) = cx.heat {
        crate::ui::drill::heat::paint_heat(&painter, state.view, cx.design, heat.map, cx.look);
    }
    if let (Some(classes), Some(c)) = (cx.importance, hovered) {
        importance::paint_pairs(&painter, state.view, cx.design, classes, c, cx.look);
    }
    if let Some((flows, t_s)) = cx.traffic {
        let paths = state.link_paths.get(cx.design, cx.revision, cx.layout);
        let dots = crate::ui::drill::traffic_dots::traffic_dots(paths, flows, t_s);
        crate::ui::drill::traffic_dots::paint_traffic(
            &painter,
            state.view,
            rect,
            &dots,
            &state.scene.labels,
            cx.look,
        );
    }
    crate::ui::drill::canvas_overlay::paint_failed(
        &painter, state.view, cx.design, cx.marks, cx.look,
    );
    paint::highlights(&p, cx.design, rect);
    if let Some(z) = selected_zone {
        zones::paint_selected(&p, z);
    } else if let Some(z) = hovered_zone.filter(|_| state.gesture == Gesture::Idle) {
        zones::paint_hovered(&p, &cx.design.zones[z]);
    }
    for n in cx
        .selection
        .notes
        .iter()
        .filter_map(|&i| cx.design.notes.get(i))
    {
        let r = state
            .view
            .rect_to_screen(geometry::scene_rect(crate::scene::note_rect(
                n,
                &geometry::metrics(),
            )));
        paint::note_highlight(&p, r);
    }
    if let Some(c) = hovered.filter(|_| state.gesture == Gesture::Idle) {
        paint::handle(&p, state.view.to_screen(handle_pos(c)), false);
    }
    match &state.gesture {
        Gesture::Box { start, .. } => {
            if let Some(end) = pointer {
                paint::selection_box(&p, Rect::from_two_pos(*start, end));
            }
        }
        Gesture::Connect { from } => {
            if let (Some(src), Some(end)) = (cx.design.component(from.component.as_str()), pointer)
            {
                let target = pointer_canvas.and_then(|p| endpoint_at(cx.design, p));
                let refusal = target
                    .filter(|t| t.component != from.component)
                    .and_then(|t| crate::ui::apply::new_link(cx.design, from, &t).err());
                paint::handle(&p, state.view.to_screen(handle_pos(src)), true);
                paint::connect_preview(
                    &p,
                    state.view.to_screen(node_rect(src).center()),
                    end,
                    refusal.is_some(),
                );
                if let Some(why) = refusal {
                    paint::bubble(&p, end, &format!("Cannot link: {why}"));
                }
            }
        }
        _ => {}
    }
    if state.gesture == Gesture::Move {
        for (a, b) in &state.snap.guides {
            paint::guide(&p, state.view.to_screen(*a), state.view.to_screen(*b));
        }
    }
    if let Some((why, at, until)) = &state.refusal {
        if now < *until {
            paint::bubble(&p, *at, why);
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64((until - now).max(0.05)));
        } else {
            state.refusal = None;
        }
    }
    legends_ui(ui, &painter, state, cx, rect, flags);
    if let Some(renaming) = &mut state.renaming
        && !rename::rename_ui(ui, renaming, cx.design, state.view, commands)
    {
        state.renaming = None;
    }
    if let Some((target, at)) = state.context {
        // Opened by our own state (not egui's secondary-click toggle), so the menu stays up
        // while the right-click's new selection redraws the canvas.
        let mut open = true;
        egui::Popup::context_menu(&response)
            .open_bool(&mut open)
            .at_position(state.view.to_screen(egui::pos2(at.x, at.y)))
            .show(|ui| {
                context_menu::context_menu_ui(
                    ui,
                    target,
                    cx.selection,
                    cx.can_paste,
                    Some(at),
                    commands,
                );
            });
        if !open {
            state.context = None;
        }
    }

    // Hover details (not while a refused link's reason shows at the pointer: it would hide
    // it).
    let quiet = state.gesture != Gesture::Idle || state.refusal.is_some();
    if !quiet && let Some(c) = hovered {
        let marks = cx.marks.node(c.id.as_str()).cloned();
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(&c.name);
            ui.label(format!("{} · {}", c.tag().label(), c.id));
            if let Some(m) = marks {
                if !m.spof.is_empty() {
                    let classes: Vec<&str> = m.spof.iter().map(|k| k.key()).collect();
                    ui.label(format!(
                        "Single point of failure for {} requests",
                        classes.join(" and ")
                    ));
                }
                if let Some(q) = m.served_qps {
                    ui.label(format!(
                        "Serves {} qps, {:.0} % utilised",
                        marks::format_qps(q),
                        m.utilization * 100.0
                    ));
                }
                if m.blocks {
                    ui.label("Drops traffic the design needs (see the findings)");
                }
                if m.unmonitored {
                    ui.label("Not monitored");
                }
                if m.exposed {
                    ui.label("Exposed to the Internet");
                }
            }
            ui.weak("Drag to move · double-click to rename · drag the handle or Alt-drag to link");
        });
    } else if !quiet && let Some(z) = hovered_zone {
        let zone = &cx.design.zones[z];
        let members = crate::model::ZoneTree::new(cx.design).members(z).len();
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(&zone.name);
            ui.label(format!("{} · {}", zone.kind.label(), zone.id));
            ui.label(match members {
                1 => "1 component in it".to_owned(),
                n => format!("{n} components in it"),
            });
            ui.weak(if cx.drill {
                "Click the label to fail or restore the whole zone"
            } else {
                "Drag the label or border to move it with what is in it · drag its corner to \
                 resize · double-click the label to rename"
            });
        });
    } else if !quiet
        && let Some(p) = pointer_canvas
        && let Some(&(_, i)) = state.scene.link_labels.iter().find(|(r, _)| r.contains(p))
        && let Some(link) = cx.design.links.get(i)
    {
        let qps = cx.marks.link_qps.get(i).copied();
        let after_tls = cx
            .marks
            .link_plaintext_after_tls
            .get(i)
            .copied()
            .unwrap_or(false);
        response.clone().on_hover_ui_at_pointer(|ui| {
            link_details_ui(ui, link, qps, after_tls);
        });
    }
}

/// The heat legend (drill mode) and the overlay legend, placed on the canvas's edge where they
/// cover no component, no note and each other (see [`legend_place`]).
fn legends_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    state: &mut CanvasState,
    cx: &CanvasCtx<'_>,
    canvas: Rect,
    flags: OverlayFlags,
) {
    let rows = if cx.settings.show_legend {
        legend::rows(cx.look, flags, cx.design, cx.marks)
    } else {
        Vec::new()
    };
    let mut sizes = Vec::new();
    if cx.heat.is_some() {
        sizes.push(crate::ui::drill::heat::HEAT_LEGEND_SIZE);
    }
    if !rows.is_empty() {
        sizes.push(legend::size(ui, &rows));
    }
    let view = state.view;
    let generation = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            view.origin.x.to_bits(),
            view.origin.y.to_bits(),
            view.zoom.to_bits(),
        )
            .hash(&mut h);
        (cx.revision, cx.geometry, cx.settings.dark).hash(&mut h);
        (flags.spof, flags.tls, flags.qps, flags.exposure).hash(&mut h);
        h.finish()
    };
    // Everything a component or a note draws (box, badges, QPS pills), from the scene.
    let obstacles = ContentObstacles {
        scene: &state.scene,
        view,
    };
    let placed = state.legends.place(canvas, &sizes, generation, &obstacles);
    let mut placed = placed.iter().copied();
    state.legend_rects = LegendRects::default();
    if let Some(heat) = cx.heat {
        let r = placed.next().expect("a place for each size");
        crate::ui::drill::heat::paint_heat_legend(painter, r, cx.look, heat.legend);
        state.legend_rects.heat = Some(r);
    }
    if !rows.is_empty() {
        let r = placed.next().expect("a place for each size");
        legend::legend_ui(ui, r, cx.look, &rows);
        state.legend_rects.overlays = Some(r);
    }
}

/// The scene's components and notes as seen through `view`, for placing legends.
struct ContentObstacles<'a> {
    scene: &'a scene_cache::SceneCache,
    view: ViewTransform,
}

impl legend_place::Obstacles for ContentObstacles<'_> {
    fn is_free(&self, r: Rect) -> bool {
        let (a, b) = (self.view.to_canvas(r.min), self.view.to_canvas(r.max));
        let r = crate::scene::Rect {
            min: Point::new(a.x.min(b.x), a.y.min(b.y)),
            max: Point::new(a.x.max(b.x), a.y.max(b.y)),
        };
        !self.scene.content.any(&r, |_| true)
    }

    fn rects(&self) -> Vec<Rect> {
        self.scene
            .content_rects
            .iter()
            .map(|r| self.view.rect_to_screen(*r))
            .collect()
    }
}

/// Where the canvas legends were drawn in the last frame (screen points).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LegendRects {
    /// The drill's heat-map legend.
    pub heat: Option<Rect>,
    /// The overlay legend.
    pub overlays: Option<Rect>,
}

/// A link's purpose, protocol, traffic and encryption (the tooltip of its label).
fn link_details_ui(ui: &mut Ui, link: &crate::model::Link, qps: Option<f64>, after_tls: bool) {
    ui.strong(format!("{} → {}", link.from, link.to));
    ui.label(format!("Purpose: {}", link.purpose.label()));
    ui.label(format!(
        "Protocol: {} on port {}",
        link.protocol.label(),
        link.port
    ));
    if link.purpose == crate::model::LinkPurpose::Request {
        ui.label(format!("Carries: {}", link.carries.label()));
    }
    if let Some(q) = qps {
        ui.label(format!("Traffic: {} qps", marks::format_qps(q)));
    }
    ui.label(if link.encrypted() {
        "Encrypted (TLS)"
    } else if after_tls {
        "Plaintext after TLS was terminated upstream"
    } else {
        "Not encrypted"
    });
    ui.weak("Click the link to edit it in the inspector");
}

/// How much gentler than egui's default a Ctrl+wheel notch zooms: egui's ×1.5 per notch
/// becomes about ×1.15, so three notches go from 100 % to about 150 %, not 330 % (pinch zoom
/// is not affected). Set once in [`wheel_zoom_speed`].
const WHEEL_ZOOM_DAMPING: f32 = 0.35;

/// Sets the Ctrl+wheel zoom speed (an absolute value, so a persisted setting never compounds).
pub fn wheel_zoom_speed(ctx: &egui::Context) {
    let speed = egui::InputOptions::default().scroll_zoom_speed * WHEEL_ZOOM_DAMPING;
    ctx.options_mut(|o| o.input_options.scroll_zoom_speed = speed);
}

/// Scroll pans, pinch / Ctrl+scroll zooms around the pointer, and a pan gesture follows the
/// pointer. `canvas` is the canvas widget's interaction this frame.
fn navigate(ui: &Ui, state: &mut CanvasState, canvas: &egui::Response) {
    if canvas.hovered() || canvas.contains_pointer() {
        let (scroll, zoom, pointer) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        if scroll != Vec2::ZERO {
            state.view.origin += scroll;
        }
        if (zoom - 1.0).abs() > f32::EPSILON {
            state
                .view
                .zoom_around(zoom, pointer.unwrap_or(canvas.rect.center()));
        }
    }
    if state.gesture == Gesture::Pan && canvas.dragged() {
        state.view.origin += canvas.drag_delta();
    }
}

#[allow(clippy::too_many_arguments)]
fn gestures(
    ui: &Ui,
    response: &egui::Response,
    state: &mut CanvasState,
    cx: &CanvasCtx<'_>,
    commands: &mut Commands,
    modifiers: egui::Modifiers,
    space: bool,
    now: f64,
) {
    let add = modifiers.shift || modifiers.command;
    if response.drag_started() {
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .unwrap_or(response.rect.center());
        let canvas = state.view.to_canvas(origin);
        state.gesture = if response.drag_started_by(PointerButton::Middle)
            || response.drag_started_by(PointerButton::Secondary)
            || space
        {
            Gesture::Pan
        } else if let Some(from) = handle_under(state, cx.design, origin) {
            Gesture::Connect {
                from: Endpoint::component(from.as_str()),
            }
        } else if let Some(z) =
            selected_zone(cx).filter(|z| zones::grip_rect(state.view, z).contains(origin))
        {
            commands.push(Command::BeginMove);
            Gesture::Resize { id: z.id.clone() }
        } else if let Some(c) = hit(cx.design, &state.scene.rects, canvas) {
            if modifiers.alt {
                Gesture::Connect {
                    from: endpoint_at(cx.design, canvas)
                        .unwrap_or_else(|| Endpoint::component(c.id.as_str())),
                }
            } else {
                let was_selected = cx.selection.contains(c.id.as_str());
                if !was_selected {
                    commands.push(if add {
                        Command::ToggleSelected(c.id.clone())
                    } else {
                        Command::Select(vec![c.id.clone()])
                    });
                }
                // What moves: the selection it belongs to, or it (with the selection on
                // Shift/Ctrl).
                let keep = was_selected || add;
                let moving = |id: &ComponentId| {
                    *id == c.id || (keep && cx.selection.components.contains(id))
                };
                let notes = if keep {
                    cx.selection.notes.clone()
                } else {
                    BTreeSet::new()
                };
                state.snap = snap_for_move(state, cx.design, moving, &notes);
                commands.push(Command::BeginMove);
                Gesture::Move
            }
        } else if let Some(i) = note_at(cx.design, canvas) {
            // A note moves like a component: with the selection it belongs to.
            let was_selected = cx.selection.notes.contains(&i);
            if !was_selected {
                commands.push(if add {
                    Command::ToggleNote(i)
                } else {
                    Command::SelectNote(i)
                });
            }
            let keep = was_selected || add;
            let mut notes = if keep {
                cx.selection.notes.clone()
            } else {
                BTreeSet::new()
            };
            notes.insert(i);
            let moving = |id: &ComponentId| keep && cx.selection.components.contains(id);
            state.snap = snap_for_move(state, cx.design, moving, &notes);
            commands.push(Command::BeginMove);
            Gesture::Move
        } else if let Some(z) =
            zones::zone_at(cx.design, canvas, zones::BORDER_REACH_PX / state.view.zoom).or_else(
                || {
                    // The selected zone also moves by its empty inside.
                    selected_zone(cx)
                        .filter(|z| zones::zone_rect(z).contains(canvas))
                        .and_then(|z| cx.design.zones.iter().position(|o| o.id == z.id))
                },
            )
        {
            // A zone moves with the zones and components in it (one undo step).
            let id = cx.design.zones[z].id.clone();
            if cx.selection.zone.as_ref() != Some(&id) {
                commands.push(Command::SelectZone(id));
            }
            state.snap = guides::MoveSnap::begin(None, Vec::new());
            commands.push(Command::BeginMove);
            Gesture::Move
        } else {
            Gesture::Box {
                start: origin,
                additive: add,
            }
        };
    }
    if response.dragged() {
        let delta = response.drag_delta();
        match &state.gesture {
            Gesture::Move if delta != Vec2::ZERO => {
                let reach = SNAP_REACH_PX / state.view.zoom;
                let step = state.snap.step(delta / state.view.zoom, reach);
                if step != Vec2::ZERO {
                    commands.push(Command::MoveSelectionBy(step));
                }
            }
            Gesture::Resize { id } if delta != Vec2::ZERO => {
                commands.push(Command::ResizeZoneBy {
                    id: id.clone(),
                    delta: delta / state.view.zoom,
                });
            }
            _ => {}
        }
    }
    if response.drag_stopped() {
        let end = ui.input(|i| i.pointer.interact_pos().or(i.pointer.latest_pos()));
        match std::mem::take(&mut state.gesture) {
            Gesture::Move | Gesture::Resize { .. } => commands.push(Command::EndMove),
            Gesture::Box { start, additive } => {
                if let Some(end) = end {
                    let band =
                        Rect::from_two_pos(state.view.to_canvas(start), state.view.to_canvas(end));
                    // What the band encloses (as in draw.io); with Alt, what it touches.
                    let taken = |r: Rect| {
                        if modifiers.alt {
                            band.intersects(r)
                        } else {
                            band.contains_rect(r)
                        }
                    };
                    let mut ids: Vec<ComponentId> = cx
                        .design
                        .components
                        .iter()
                        .filter(|c| taken(node_rect(c)))
                        .map(|c| c.id.clone())
                        .collect();
                    let m = geometry::metrics();
                    let mut notes: Vec<usize> = (0..cx.design.notes.len())
                        .filter(|&i| {
                            taken(geometry::scene_rect(crate::scene::note_rect(
                                &cx.design.notes[i],
                                &m,
                            )))
                        })
                        .collect();
                    if additive {
                        ids.extend(cx.selection.components.iter().cloned());
                        notes.extend(cx.selection.notes.iter().copied());
                    }
                    commands.push(Command::SelectBoxes {
                        components: ids,
                        notes,
                    });
                }
            }
            Gesture::Connect { from } => {
                if let Some(end) = end {
                    match endpoint_at(cx.design, state.view.to_canvas(end)) {
                        Some(to) if to.component != from.component => {
                            commands.push(Command::Connect { from, to });
                        }
                        Some(_) => {
                            state.refuse("A component cannot link to itself".to_owned(), end, now)
                        }
                        None => {}
                    }
                }
            }
            Gesture::Pan | Gesture::Idle => {}
        }
    }
    if response.double_clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let canvas = state.view.to_canvas(pos);
        if let Some(c) = component_at(cx.design, canvas) {
            state.start_rename(c);
        } else if let Some(i) = note_at(cx.design, canvas) {
            let text = cx.design.notes[i].text.clone();
            state.start_note_edit(i, &text);
        } else if let Some(z) = zones::label_at(cx.design, canvas) {
            let zone = cx.design.zones[z].clone();
            state.start_zone_rename(&zone);
        }
    }
    if response.secondary_clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let canvas = state.view.to_canvas(pos);
        let target = if let Some(c) = component_at(cx.design, canvas) {
            if !cx.selection.contains(c.id.as_str()) {
                commands.push(Command::Select(vec![c.id.clone()]));
            }
            context_menu::ContextTarget::Component
        } else if let Some(i) = note_at(cx.design, canvas) {
            if !cx.selection.notes.contains(&i) {
                commands.push(Command::SelectNote(i));
            }
            context_menu::ContextTarget::Note
        } else if let Some(i) = link_at(cx.design, canvas, 6.0 / state.view.zoom) {
            commands.push(Command::SelectLink(i));
            context_menu::ContextTarget::Link
        } else if let Some(z) =
            zones::zone_at(cx.design, canvas, zones::BORDER_REACH_PX / state.view.zoom)
        {
            commands.push(Command::SelectZone(cx.design.zones[z].id.clone()));
            context_menu::ContextTarget::Zone
        } else {
            context_menu::ContextTarget::Canvas
        };
        state.context = Some((target, Point::new(canvas.x, canvas.y)));
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let canvas = state.view.to_canvas(pos);
        if let Some(c) = component_at(cx.design, canvas) {
            commands.push(if add {
                Command::ToggleSelected(c.id.clone())
            } else {
                Command::Select(vec![c.id.clone()])
            });
            if cx.drill {
                commands.push(Command::DrillToggle(DrillTarget::Component(c.id.clone())));
            }
        } else if let Some(i) = note_at(cx.design, canvas) {
            commands.push(if add {
                Command::ToggleNote(i)
            } else {
                Command::SelectNote(i)
            });
        } else if let Some(z) = zones::label_at(cx.design, canvas) {
            let id = cx.design.zones[z].id.clone();
            commands.push(Command::SelectZone(id.clone()));
            if cx.drill {
                commands.push(Command::DrillToggle(DrillTarget::Zone(id)));
            }
        } else if let Some(i) = link_at(cx.design, canvas, 6.0 / state.view.zoom) {
            commands.push(Command::SelectLink(i));
            if cx.drill {
                commands.push(Command::DrillToggle(DrillTarget::Link(i)));
            }
        } else if let Some(z) =
            zones::border_at(cx.design, canvas, zones::BORDER_REACH_PX / state.view.zoom)
        {
            commands.push(Command::SelectZone(cx.design.zones[z].id.clone()));
        } else if !add {
            commands.push(Command::SelectNone);
        }
    }
}

/// What the palette drag released on the canvas carries, if it is a `P`. Looks at the type
/// first: taking a payload of another type would throw the drop away.
fn dropped<P: std::any::Any + Send + Sync>(response: &egui::Response) -> Option<std::sync::Arc<P>> {
    if egui::DragAndDrop::has_payload_of_type::<P>(&response.ctx) {
        response.dnd_release_payload::<P>()
    } else {
        None
    }
}

/// The selected zone, if one is.
fn selected_zone<'d>(cx: &CanvasCtx<'d>) -> Option<&'d crate::model::Zone> {
    let id = cx.selection.zone.as_ref()?;
    cx.design.zones.iter().find(|z| &z.id == id)
}

/// How near (screen points) an edge or centre must come to another's to snap to it.
const SNAP_REACH_PX: f32 = 6.0;

/// The snapping state for moving the components `moving` picks: their bounds, and the boxes
/// of the other components in view to align with.
fn snap_for_move(
    state: &CanvasState,
    design: &Design,
    moving: impl Fn(&ComponentId) -> bool,
    moving_notes: &BTreeSet<usize>,
) -> guides::MoveSnap {
    let visible = Rect::from_two_pos(
        state.view.to_canvas(state.rect.min),
        state.view.to_canvas(state.rect.max),
    );
    let boxes = |c: &crate::model::Component, i: usize| {
        state
            .scene
            .rects
            .get(i)
            .copied()
            .unwrap_or_else(|| node_rect(c))
    };
    let mut bounds: Option<Rect> = None;
    let mut others = Vec::new();
    for (i, c) in design.components.iter().enumerate() {
        let r = boxes(c, i);
        if moving(&c.id) {
            bounds = Some(bounds.map_or(r, |b| b.union(r)));
        } else if visible.intersects(r) {
            others.push(r);
        }
    }
    let m = geometry::metrics();
    for n in moving_notes.iter().filter_map(|&i| design.notes.get(i)) {
        let r = geometry::scene_rect(crate::scene::note_rect(n, &m));
        bounds = Some(bounds.map_or(r, |b| b.union(r)));
    }
    guides::MoveSnap::begin(bounds, others)
}

/// The component whose connect handle is under screen point `p`.
fn handle_under(state: &CanvasState, design: &Design, p: Pos2) -> Option<ComponentId> {
    let reach = (super::look::size::HANDLE_R * state.view.zoom.clamp(0.6, 1.5) + 3.0).max(6.0);
    let rects = &state.scene.rects;
    if rects.len() != design.components.len() {
        return design
            .components
            .iter()
            .rev()
            .find(|c| state.view.to_screen(handle_pos(c)).distance(p) <= reach)
            .map(|c| c.id.clone());
    }
    design
        .components
        .iter()
        .zip(rects)
        .rev()
        .find(|(_, r)| {
            state
                .view
                .to_screen(egui::pos2(r.right(), r.center().y))
                .distance(p)
                <= reach
        })
        .map(|(c, _)| c.id.clone())
}

/// The topmost text note under canvas point `p`.
fn note_at(design: &Design, p: Pos2) -> Option<usize> {
    let m = geometry::metrics();
    let q = Point::new(p.x, p.y);
    design
        .notes
        .iter()
        .rposition(|n| crate::scene::note_rect(n, &m).contains(q))
}

/// The topmost component under canvas point `p`, using the cached boxes when they match.
fn hit<'d>(design: &'d Design, rects: &[Rect], p: Pos2) -> Option<&'d crate::model::Component> {
    if rects.len() != design.components.len() {
        return component_at(design, p);
    }
    design
        .components
        .iter()
        .zip(rects)
        .rev()
        .find(|(_, r)| r.contains(p))
        .map(|(c, _)| c)
}

/// Fits the design in the canvas.
pub fn fit(state: &mut CanvasState, design: &Design) {
    state.fit_pending = false;
    if let Some(b) = geometry::bounds(design) {
        state.view.fit(b.expand2(egui::vec2(0.0, 24.0)), state.rect);
    } else {
        state.view = ViewTransform {
            origin: state.rect.min + egui::vec2(40.0, 40.0),
            zoom: 1.0,
        };
    }
}
