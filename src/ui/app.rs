//! The application: owns the document, settings and view state; each frame shows the panels,
//! collects their commands and applies them at the end. Implements `eframe::App`; tests drive
//! [`InfraboardApp::ui_frame`] directly through egui_kittest.

use std::path::PathBuf;

use egui::{Panel, Ui, ViewportCommand};

pub use super::analysis_cache::{AnalysisCache, INLINE_ANALYSIS_ITEMS};
use super::apply::Clipboard;
use super::canvas::{self, CanvasCtx, CanvasState};
use super::command::{Command, Commands};
use super::drill::heat::{HeatLegend, HeatView};
use super::files::FilesUi;
use super::look::Look;
use super::settings::Settings;
use super::state::Document;
use super::{findings_panel, fonts, inspector, menu, palette, status_bar};
use crate::io::templates::reference_design;
use crate::model::Design;
use crate::sim::Analysis;

/// Small windows.
#[derive(Debug, Default)]
pub struct Windows {
    /// Shortcut list.
    pub shortcuts: bool,
    /// About box.
    pub about: bool,
    /// What the last import guessed or skipped.
    pub import_report: Option<super::import_ui::ImportReportView>,
}

/// The whole application.
pub struct InfraboardApp {
    pub(crate) doc: Document,
    pub(crate) settings: Settings,
    pub(crate) canvas: CanvasState,
    pub(crate) analysis: AnalysisCache,
    pub(crate) files: FilesUi,
    pub(crate) clipboard: Option<Clipboard>,
    pub(crate) windows: Windows,
    /// The export window (PNG / SVG).
    pub(crate) export: super::export_dialog::ExportDialog,
    /// A short message for the status bar (a refused edit).
    pub(crate) status: Option<String>,
    /// The last refused link's reason (for tests and the status bar).
    pub(crate) last_refusal: Option<String>,
    pub(crate) quit_requested: bool,
    setup_done: bool,
    title: String,
    /// Bumped when positions move inside a gesture, so the scene is rebuilt.
    pub(crate) geometry: u64,
    /// Commands queued from outside the frame (tests, other modules), applied next frame.
    pub queued: Vec<Command>,
    /// Drill mode (live failure drills).
    pub drill: super::drill::DrillMode,
    /// Autosave and the recovery prompt (inert unless [`InfraboardApp::with_recovery`]).
    pub(crate) recovery: super::recovery::Recovery,
    /// The find box (Ctrl+F).
    pub(crate) find: super::find::FindBox,
    /// Whether drill mode was on last frame (the canvas refits when its panel opens or closes).
    drill_was_active: bool,
    /// Compare mode (File → Compare with…).
    pub(crate) compare: super::compare::CompareUi,
}

impl InfraboardApp {
    /// The app on `file`, or on the reference design when `None`; `settings` as persisted.
    /// A file that fails to load leaves the reference design open and shows the error.
    pub fn new(file: Option<PathBuf>, settings: Settings) -> Self {
        let mut app = Self {
            doc: Document::new(reference_design().unwrap_or_default(), None),
            settings,
            canvas: CanvasState::default(),
            analysis: AnalysisCache::default(),
            files: FilesUi::default(),
            clipboard: None,
            windows: Windows::default(),
            export: super::export_dialog::ExportDialog::default(),
            status: None,
            last_refusal: None,
            quit_requested: false,
            setup_done: false,
            title: String::new(),
            geometry: 0,
            queued: Vec::new(),
            drill: super::drill::DrillMode::default(),
            recovery: super::recovery::Recovery::default(),
            find: super::find::FindBox::default(),
            drill_was_active: false,
            compare: super::compare::CompareUi::default(),
        };
        if let Some(path) = file {
            app.open_path(&path);
        }
        app
    }

    /// The app as eframe creates it: settings from storage.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, Settings::KEY))
            .unwrap_or_default();
        Self::new(file, settings)
    }

    /// Replaces the document (history and selection start afresh; the view fits it).
    pub fn set_document(&mut self, design: Design, path: Option<PathBuf>) {
        self.leave_compare();
        self.doc = Document::new(design, path);
        self.canvas.fit_pending = true;
        self.status = None;
        self.drill.forget_design();
    }

    /// The design being edited.
    pub fn design(&self) -> &Design {
        &self.doc.design
    }

    /// The document (design, path, revision, selection, history).
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The persisted settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The current analysis (of the last shown revision).
    pub fn analysis(&self) -> &Analysis {
        &self.analysis.analysis
    }

    /// Whether a large design's analysis is being brought up to date in the background
    /// ([`Self::analysis`] is then of an earlier revision).
    pub fn analysis_updating(&self) -> bool {
        self.analysis.updating()
    }

    /// Waits for the background analysis, if one runs, and shows its answer.
    pub fn wait_for_analysis(&mut self) {
        self.analysis.wait();
    }

    /// How many times the analysis has run.
    pub fn analysis_runs(&self) -> u64 {
        self.analysis.runs
    }

    /// The canvas view: converts model positions to screen points.
    pub fn canvas_to_screen(&self, p: crate::model::Point) -> egui::Pos2 {
        self.canvas.view.to_screen(egui::pos2(p.x, p.y))
    }

    /// What the availability overlay tints, per component or zone id (its importance scaled
    /// so the largest is 1), when the design is small enough for the exact availability.
    pub fn availability_importance(&self) -> Option<&crate::ui::drill::heat::HeatMap> {
        self.analysis.importance.as_ref().map(|(map, _)| map)
    }

    /// Where the canvas drew its legends in the last frame (screen points).
    pub fn canvas_legends(&self) -> canvas::LegendRects {
        self.canvas.legend_rects
    }

    /// Screen point of a component's connect handle.
    pub fn handle_screen_pos(&self, id: &str) -> Option<egui::Pos2> {
        let c = self.doc.design.component(id)?;
        Some(self.canvas.view.to_screen(canvas::geometry::handle_pos(c)))
    }

    /// Screen rectangle of the resize grip of zone `id` (shown while the zone is selected).
    pub fn zone_grip_screen_rect(&self, id: &str) -> Option<egui::Rect> {
        let z = self.doc.design.zones.iter().find(|z| z.id.as_str() == id)?;
        Some(canvas::zones::grip_rect(self.canvas.view, z))
    }

    /// The reason the last link was refused.
    pub fn last_refusal(&self) -> Option<&str> {
        self.last_refusal.as_deref()
    }

    /// Uses the in-app path field instead of native file dialogs (tests, machines without a
    /// file dialog).
    pub fn use_in_app_path_field(&mut self) {
        self.files.no_native_dialogs = Some("native file dialogs are switched off".to_owned());
    }

    /// Whether a name or a note is being edited in place on the canvas.
    pub fn editing_in_place(&self) -> bool {
        self.canvas.renaming()
    }

    /// Whether the unsaved-changes prompt is showing.
    pub fn prompt_showing(&self) -> bool {
        self.files.prompt.is_some()
    }

    /// How many times the canvas scene was built (for tests: not every frame).
    pub fn scene_builds(&self) -> u64 {
        self.canvas.scene.builds
    }

    /// Canvas frames drawn by running `egui_graphs::GraphView`, and frames that replayed its
    /// last picture because nothing it shows had changed.
    pub fn canvas_graph_frames(&self) -> (u64, u64) {
        (
            self.canvas.graph_frame.shows,
            self.canvas.graph_frame.replays,
        )
    }

    /// Nodes and edges of the graph `GraphView` shows.
    pub fn canvas_graph_size(&self) -> (usize, usize) {
        (
            self.canvas.scene.graph.node_count(),
            self.canvas.scene.graph.edge_count(),
        )
    }

    /// Whether something is animating or being dragged (the window keeps repainting).
    pub fn is_animating(&self) -> bool {
        self.canvas.busy()
            || self.drill.is_playing()
            || self.export.job.as_ref().is_some_and(|j| j.result.is_none())
    }

    /// Installs fonts and image loaders; returns `false` on the first frame, which only sets
    /// up (fonts take effect on the next frame).
    fn setup(&mut self, ctx: &egui::Context) -> bool {
        if self.setup_done {
            return true;
        }
        self.setup_done = true;
        egui_extras::install_image_loaders(ctx);
        fonts::install(ctx);
        canvas::wheel_zoom_speed(ctx);
        ctx.request_repaint();
        false
    }

    /// Brings the analysis to the current revision (on a worker for a large design).
    fn refresh_analysis(&mut self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        self.analysis
            .refresh(&self.doc.design, self.doc.revision, move || {
                ctx.request_repaint();
            });
    }

    /// The frame's work that draws nothing, run before [`Self::ui_frame`] (eframe calls it from
    /// `App::logic`; tests call it before each `ui_frame`): advances the drill clock.
    pub fn logic_frame(&mut self, ctx: &egui::Context) {
        self.refresh_analysis(ctx);
        let dt_s = f64::from(ctx.input(|i| i.stable_dt));
        if self.drill.logic(
            ctx,
            &self.doc.design,
            self.doc.revision,
            &self.analysis.analysis.findings,
            dt_s,
        ) {
            ctx.request_repaint();
        }
    }

    /// One frame of the whole window inside `ui`.
    pub fn ui_frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.setup(&ctx) {
            return;
        }
        let look = Look::new(self.settings.dark);
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.doc.selection.revalidate(&self.doc.design);
        self.refresh_analysis(&ctx);

        let mut commands = Commands(std::mem::take(&mut self.queued));
        self.find.close_on_escape(&ctx);
        self.compare_keys(&ctx, &mut commands);
        if !ctx.text_edit_focused()
            && !self.canvas.renaming()
            && self.files.prompt.is_none()
            && self.files.path_field.is_none()
            && self.files.overwrite.is_none()
            && !self.recovery_prompt_showing()
        {
            menu::shortcuts(&ctx, &mut commands);
        }
        self.dropped_files(&ctx, &mut commands);
        self.close_request(&ctx);

        Panel::top("menu").show(ui, |ui| menu::menu_bar_ui(ui, self, &mut commands));
        Panel::bottom("status").show(ui, |ui| status_bar::status_bar_ui(ui, self, &mut commands));
        // Two ids: the one-line strip and the tall panel keep their own sizes.
        Panel::bottom(if self.drill.active {
            "drill"
        } else {
            "drill-strip"
        })
        .resizable(self.drill.active)
        .default_size(if self.drill.active { 320.0 } else { 24.0 })
        .min_size(if self.drill.active { 280.0 } else { 0.0 })
        .show(ui, |ui| {
            super::drill::drill_panel_ui(
                ui,
                &mut self.drill,
                &self.doc.design,
                self.doc.revision,
                &self.analysis.analysis.findings,
            );
        });
        Panel::bottom("findings")
            .resizable(true)
            .default_size(200.0)
            .min_size(60.0)
            .show(ui, |ui| {
                findings_panel::findings_ui(ui, &self.analysis.analysis, &look, &mut commands)
            });
        Panel::left("palette")
            .resizable(false)
            .exact_size(172.0)
            .show(ui, |ui| palette::palette_ui(ui, &look, &mut commands));
        self.compare_ui(ui, &mut commands);
        Panel::right("inspector")
            .resizable(true)
            .default_size(280.0)
            .min_size(240.0)
            .show(ui, |ui| {
                inspector::inspector_ui(ui, &self.doc, &mut commands)
            });
        // The drill panel opening or closing resizes the canvas: fit the design again.
        if self.drill.active != self.drill_was_active {
            self.drill_was_active = self.drill.active;
            self.canvas.fit_on_resize = 5;
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let blast_legend = HeatLegend::blast_radius();
            // The availability overlay gives way to drill mode's own heat map.
            let importance_on = self.settings.show_importance && !self.drill.active;
            let cx = CanvasCtx {
                can_paste: self.clipboard.is_some(),
                design: &self.doc.design,
                selection: &self.doc.selection,
                marks: self.drill.marks().unwrap_or(&self.analysis.marks),
                look: &look,
                settings: &self.settings,
                analysis: self.drill.analysis().unwrap_or(&self.analysis.analysis),
                revision: self.doc.revision,
                // A drill tick changes what the scene shows without a new revision.
                geometry: self.geometry.wrapping_add(self.drill.view_version() << 32),
                layout: self.geometry,
                traffic: self.drill.traffic(),
                heat: self
                    .drill
                    .heat()
                    .map(|map| HeatView {
                        map,
                        legend: &blast_legend,
                    })
                    .or_else(|| {
                        let (map, legend) = self.analysis.importance.as_ref()?;
                        importance_on.then_some(HeatView { map, legend })
                    }),
                importance: self
                    .analysis
                    .availability
                    .as_deref()
                    .filter(|_| importance_on),
                drill: self.drill.active,
            };
            canvas::canvas_ui(ui, &mut self.canvas, &cx, &mut commands);
            if let Some(c) = &self.compare.active {
                canvas::paint_scene_items(
                    ui,
                    &self.canvas,
                    c.marks.under.iter().chain(&c.marks.over),
                );
            }
        });
        self.files_ui(&ctx, &mut commands);
        self.recovery_ui(&ctx);
        super::find::find_ui(&ctx, &mut self.find, &self.doc.design, &mut commands);
        menu::windows_ui(&ctx, &mut self.windows);
        if let Some(request) = self.export.show(
            &ctx,
            &self.doc.design,
            Some(&self.analysis.analysis),
            &self.doc.selection.components,
        ) {
            // The picture must show this revision's marks, not the previous edit's.
            self.analysis.wait();
            self.export.start(
                &ctx,
                self.doc.design.clone(),
                Some(self.analysis.analysis.clone()),
                request,
            );
        }

        for command in commands.0 {
            self.apply(&ctx, command);
        }
        self.doc.selection.revalidate(&self.doc.design);
        if self.quit_requested {
            self.quit_requested = false;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        self.update_title(&ctx);
        self.autosave_tick(&ctx);
    }

    fn dropped_files(&mut self, ctx: &egui::Context, commands: &mut Commands) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // Whatever the name: the content decides between opening and importing, and a file
        // that is neither gets a message (see `crate::import::route`).
        if let Some(path) = dropped.into_iter().next() {
            commands.push(Command::OpenPath(path));
        }
    }

    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.files.allow_close
            && self.doc.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.files.prompt = Some(super::files::Pending::Quit);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} — Infraboard",
            if self.doc.is_dirty() { "● " } else { "" },
            self.doc.file_name()
        );
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for InfraboardApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.logic_frame(ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::KEY, &self.settings);
    }

    fn persist_egui_memory(&self) -> bool {
        true
    }
}
