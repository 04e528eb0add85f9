//! The export window: format, scale, background, overlays, whole design or selection, file
//! path, and a small preview; plus [`ExportJob`], which runs the export on a thread and
//! reports progress through a channel so the window never freezes.
//!
//! Self-contained: the app keeps an [`ExportDialog`] and calls [`ExportDialog::show`] each
//! frame; when it returns an [`ExportRequest`], it calls [`ExportDialog::start`] (or runs an
//! [`ExportJob`] itself).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::export::{
    Background, ExportControl, ExportFormat, ExportOptions, ExportStage, RgbaImage, Scale,
    export_design_with, render_rgba,
};
use crate::io::write_atomic;
use crate::model::{ComponentId, Design};
use crate::scene::Overlays;
use crate::sim::Analysis;

/// Longest edge of the preview, in pixels.
const PREVIEW_SIDE_PX: f32 = 420.0;

/// The formats the window offers, in its order, with their labels: every format the command
/// line's `export` writes.
pub const FORMATS: [(ExportFormat, &str); 6] = [
    (ExportFormat::Png, "PNG"),
    (ExportFormat::Svg, "SVG"),
    (ExportFormat::Pdf, "PDF"),
    (ExportFormat::Drawio, "draw.io"),
    (ExportFormat::Mermaid, "Mermaid"),
    (ExportFormat::Dot, "DOT"),
];

/// Whether `format` is a diagram text (draw.io, Mermaid, DOT): the whole design as a graph,
/// without background, legend or selection.
fn is_diagram_text(format: ExportFormat) -> bool {
    matches!(
        format,
        ExportFormat::Drawio | ExportFormat::Mermaid | ExportFormat::Dot
    )
}

/// What the user asked to export, and where to.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// How to export.
    pub options: ExportOptions,
    /// The file to write.
    pub path: PathBuf,
}

/// A message from an export thread.
#[derive(Debug)]
enum JobMessage {
    Stage(ExportStage),
    Finished(Result<PathBuf, String>),
    /// The image was written but will not open again as a design: why.
    WontReopen(String),
}

/// An export running on a background thread.
#[derive(Debug)]
pub struct ExportJob {
    rx: Receiver<JobMessage>,
    cancel: Arc<AtomicBool>,
    /// Fraction done, 0..=1.
    pub progress: f32,
    /// The outcome once finished: the written file, or what went wrong.
    pub result: Option<Result<PathBuf, String>>,
    /// Why the written image will not open again as a design, if it will not.
    pub wont_reopen: Option<String>,
}

impl ExportJob {
    /// Starts exporting `design` as `request` says; `ctx` (if any) is asked to repaint on
    /// progress.
    pub fn start(
        design: Design,
        analysis: Option<Analysis>,
        request: ExportRequest,
        ctx: Option<egui::Context>,
    ) -> Self {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        std::thread::spawn(move || {
            let progress_tx = tx.clone();
            let repaint = ctx.clone();
            let progress = move |stage: ExportStage| {
                let _ = progress_tx.send(JobMessage::Stage(stage));
                if let Some(ctx) = &repaint {
                    ctx.request_repaint();
                }
            };
            let control = ExportControl {
                progress: &progress,
                cancel: &flag,
            };
            // Like the command line: the analysis marks only when some overlay is on.
            let analysis = analysis.filter(|_| request.options.overlays.any());
            let embeds_design = matches!(
                request.options.format,
                ExportFormat::Png | ExportFormat::Svg
            );
            let result = export_design_with(&design, analysis.as_ref(), &request.options, &control)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    if embeds_design && let Err(why) = crate::export::check_reopens(&bytes) {
                        let _ = tx.send(JobMessage::WontReopen(why));
                    }
                    write_atomic(&request.path, &bytes)
                        .map_err(|e| format!("{}: cannot write: {e}", request.path.display()))
                })
                .map(|()| request.path.clone());
            let _ = tx.send(JobMessage::Finished(result));
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        });
        Self {
            rx,
            cancel,
            progress: 0.0,
            result: None,
            wont_reopen: None,
        }
    }

    /// Takes the messages that arrived; returns whether the job has finished.
    pub fn poll(&mut self) -> bool {
        loop {
            match self.rx.try_recv() {
                Ok(JobMessage::Stage(stage)) => self.progress = stage.fraction(),
                Ok(JobMessage::WontReopen(why)) => self.wont_reopen = Some(why),
                Ok(JobMessage::Finished(result)) => {
                    self.progress = 1.0;
                    self.result = Some(result);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if self.result.is_none() {
                        self.result = Some(Err("the export stopped unexpectedly".to_owned()));
                    }
                    break;
                }
            }
        }
        self.result.is_some()
    }

    /// Asks the thread to stop at its next stage.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The inputs a preview was rendered from, to re-render only when they change.
#[derive(Debug, Clone, PartialEq)]
struct PreviewKey {
    design: Design,
    options: ExportOptions,
    has_analysis: bool,
}

struct Preview {
    key: PreviewKey,
    texture: Option<egui::TextureHandle>,
    pending: Option<Receiver<Result<RgbaImage, String>>>,
    error: Option<String>,
}

/// The export window's state.
pub struct ExportDialog {
    /// Whether the window is shown.
    pub open: bool,
    /// Any format the command line's `export` writes.
    pub format: ExportFormat,
    /// PNG scale.
    pub scale: Scale,
    /// Background and palette.
    pub background: Background,
    /// Overlays to draw.
    pub overlays: Overlays,
    /// Export only the selected components.
    pub selection_only: bool,
    /// Leave out the legend.
    pub no_legend: bool,
    /// The file to write.
    pub path: String,
    /// The running or last export.
    pub job: Option<ExportJob>,
    preview: Option<Preview>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: ExportFormat::Png,
            scale: Scale::X2,
            background: Background::White,
            overlays: Overlays::ALL,
            selection_only: false,
            no_legend: false,
            path: "diagram.png".to_owned(),
            job: None,
            preview: None,
        }
    }
}

impl std::fmt::Debug for ExportDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportDialog")
            .field("open", &self.open)
            .field("format", &self.format)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl ExportDialog {
    /// The options the window currently describes.
    pub fn options(&self, selection: &BTreeSet<ComponentId>) -> ExportOptions {
        ExportOptions {
            format: self.format,
            scale: self.scale,
            background: self.background,
            overlays: self.overlays,
            selection_only: (self.selection_only && !selection.is_empty())
                .then(|| selection.clone()),
            no_legend: self.no_legend,
        }
    }

    /// Starts the export `request` describes on a thread; progress shows in the window.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        design: Design,
        analysis: Option<Analysis>,
        request: ExportRequest,
    ) {
        if let Some(job) = &self.job {
            job.cancel();
        }
        self.job = Some(ExportJob::start(
            design,
            analysis,
            request,
            Some(ctx.clone()),
        ));
    }

    /// Shows the window (when open). Returns a request when the user presses "Export".
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        design: &Design,
        analysis: Option<&Analysis>,
        selection: &BTreeSet<ComponentId>,
    ) -> Option<ExportRequest> {
        if !self.open {
            return None;
        }
        if let Some(job) = &mut self.job {
            job.poll();
        }
        let mut open = self.open;
        let mut request = None;
        egui::Window::new("Export")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                request = self.contents_ui(ui, design, analysis, selection);
            });
        self.open = open;
        request
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        design: &Design,
        analysis: Option<&Analysis>,
        selection: &BTreeSet<ComponentId>,
    ) -> Option<ExportRequest> {
        egui::Grid::new("export_options")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label("Format");
                ui.horizontal(|ui| {
                    for (format, label) in FORMATS {
                        if ui.radio_value(&mut self.format, format, label).changed() {
                            self.fix_extension();
                        }
                    }
                });
                ui.end_row();
                let picture = !is_diagram_text(self.format);
                ui.label("Scale");
                ui.add_enabled_ui(self.format == ExportFormat::Png, |ui| {
                    ui.horizontal(|ui| {
                        for (scale, label) in
                            [(Scale::X1, "1×"), (Scale::X2, "2×"), (Scale::X4, "4×")]
                        {
                            ui.radio_value(&mut self.scale, scale, label);
                        }
                    });
                });
                ui.end_row();
                ui.label("Background");
                ui.add_enabled_ui(picture, |ui| {
                    ui.horizontal(|ui| {
                        for (bg, label) in [
                            (Background::White, "White"),
                            (Background::Dark, "Dark"),
                            (Background::Transparent, "Transparent"),
                        ] {
                            ui.radio_value(&mut self.background, bg, label);
                        }
                    });
                });
                ui.end_row();
                ui.label("Overlays");
                ui.horizontal(|ui| {
                    ui.checkbox(&mut self.overlays.spof, "SPOF");
                    ui.checkbox(&mut self.overlays.tls, "TLS");
                    ui.checkbox(&mut self.overlays.qps, "QPS");
                    ui.checkbox(&mut self.overlays.monitoring, "Monitoring");
                });
                ui.end_row();
                ui.label("Content");
                ui.add_enabled_ui(picture, |ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.selection_only, false, "Whole design");
                        ui.add_enabled_ui(!selection.is_empty(), |ui| {
                            ui.radio_value(&mut self.selection_only, true, "Selection only");
                        });
                        ui.checkbox(&mut self.no_legend, "No legend");
                    });
                });
                ui.end_row();
                let label = ui.label("File");
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut self.path).desired_width(260.0))
                    .labelled_by(label.id);
                if edit.changed() {
                    self.format_from_extension();
                }
                ui.end_row();
            });
        if is_diagram_text(self.format) {
            ui.label(
                "draw.io, Mermaid and DOT hold the whole design as a graph: no background, \
                 legend or selection; the overlays add the SPOF and plaintext marks.",
            );
        }
        self.preview_ui(ui, design, analysis, selection);
        ui.separator();
        let busy = self.job.as_ref().is_some_and(|j| j.result.is_none());
        let mut request = None;
        ui.horizontal(|ui| {
            let path_ok = !self.path.trim().is_empty();
            if ui
                .add_enabled(!busy && path_ok, egui::Button::new("Export"))
                .clicked()
            {
                request = Some(ExportRequest {
                    options: self.options(selection),
                    path: PathBuf::from(self.path.trim()),
                });
            }
            if busy
                && ui.button("Cancel export").clicked()
                && let Some(job) = &self.job
            {
                job.cancel();
            }
        });
        if let Some(job) = &self.job {
            match &job.result {
                None => {
                    ui.add(egui::ProgressBar::new(job.progress).show_percentage());
                }
                Some(Ok(path)) => {
                    ui.label(format!("Wrote {}", path.display()));
                    if let Some(why) = &job.wont_reopen {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("It will not open again as a design: {why}"),
                        );
                    }
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
            }
        }
        request
    }

    /// Picks the format the typed path's extension names, when it names one.
    fn format_from_extension(&mut self) {
        if let Some(format) = std::path::Path::new(self.path.trim())
            .extension()
            .and_then(|e| e.to_str())
            .and_then(ExportFormat::from_extension)
        {
            self.format = format;
        }
    }

    /// Makes the path's extension match the format.
    fn fix_extension(&mut self) {
        let ext = self.format.extension();
        let path = PathBuf::from(&self.path);
        self.path = path.with_extension(ext).to_string_lossy().into_owned();
    }

    fn preview_ui(
        &mut self,
        ui: &mut egui::Ui,
        design: &Design,
        analysis: Option<&Analysis>,
        selection: &BTreeSet<ComponentId>,
    ) {
        let key = PreviewKey {
            design: design.clone(),
            options: ExportOptions {
                format: ExportFormat::Png,
                scale: Scale::X1,
                ..self.options(selection)
            },
            has_analysis: analysis.is_some(),
        };
        let stale = self.preview.as_ref().is_none_or(|p| p.key != key);
        if stale {
            let (tx, rx) = channel();
            let (d, a, o) = (design.clone(), analysis.cloned(), key.options.clone());
            let ctx = ui.ctx().clone();
            std::thread::spawn(move || {
                let image =
                    render_rgba(&d, a.as_ref(), &o, PREVIEW_SIDE_PX).map_err(|e| e.to_string());
                let _ = tx.send(image);
                ctx.request_repaint();
            });
            let texture = self.preview.take().and_then(|p| p.texture);
            self.preview = Some(Preview {
                key,
                texture,
                pending: Some(rx),
                error: None,
            });
        }
        let Some(preview) = &mut self.preview else {
            return;
        };
        if let Some(rx) = &preview.pending {
            match rx.try_recv() {
                Ok(Ok(image)) => {
                    let size = [image.width as usize, image.height as usize];
                    let colour = egui::ColorImage::from_rgba_unmultiplied(size, &image.pixels);
                    preview.texture = Some(ui.ctx().load_texture(
                        "export-preview",
                        colour,
                        egui::TextureOptions::LINEAR,
                    ));
                    preview.pending = None;
                }
                Ok(Err(e)) => {
                    preview.error = Some(e);
                    preview.pending = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => preview.pending = None,
            }
        }
        // The preview keeps one size whether it shows the image, a spinner or an error, so
        // that the dialog's buttons do not move when the image arrives.
        let area = egui::vec2(PREVIEW_SIDE_PX, PREVIEW_SIDE_PX * 0.6);
        ui.allocate_ui_with_layout(
            area,
            egui::Layout::centered_and_justified(egui::Direction::TopDown),
            |ui| {
                ui.set_min_size(area);
                match (&preview.texture, &preview.error) {
                    (_, Some(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                    (Some(texture), None) => {
                        ui.add(egui::Image::from_texture(texture).max_size(area));
                    }
                    (None, None) => {
                        ui.add(egui::Spinner::new());
                    }
                }
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    struct State {
        dialog: ExportDialog,
        design: Design,
        request: Option<ExportRequest>,
    }

    fn harness(path: String) -> Harness<'static, State> {
        let design = crate::io::templates::reference_design().unwrap();
        let dialog = ExportDialog {
            open: true,
            path,
            ..ExportDialog::default()
        };
        Harness::builder()
            .with_size(egui::vec2(700.0, 700.0))
            .build_ui_state(
                |ui, state: &mut State| {
                    let selection = BTreeSet::new();
                    if let Some(r) = state.dialog.show(ui.ctx(), &state.design, None, &selection) {
                        state.request = Some(r);
                    }
                },
                State {
                    dialog,
                    design,
                    request: None,
                },
            )
    }

    #[test]
    fn export_button_returns_the_chosen_options() {
        let mut h = harness("out.png".to_owned());
        h.run_steps(2);
        h.get_by_label("SVG").click();
        h.run_steps(2);
        h.get_by_label("Dark").click();
        h.get_by_label("QPS").click();
        h.run_steps(2);
        h.get(
            egui_kittest::kittest::By::new()
                .label("Export")
                .role(egui::accesskit::Role::Button),
        )
        .click();
        h.run_steps(2);
        let request = h.state().request.clone().unwrap();
        assert_eq!(request.path, PathBuf::from("out.svg"));
        assert_eq!(request.options.format, ExportFormat::Svg);
        assert_eq!(request.options.background, Background::Dark);
        assert!(!request.options.overlays.qps && request.options.overlays.spof);
    }

    /// The dialog's Export button, where it is now.
    fn export_button_rect(h: &Harness<'static, State>) -> egui::Rect {
        h.get(
            egui_kittest::kittest::By::new()
                .label("Export")
                .role(egui::accesskit::Role::Button),
        )
        .rect()
    }

    #[test]
    fn the_buttons_stay_put_when_the_preview_arrives() {
        let mut h = harness("out.png".to_owned());
        h.run_steps(2);
        assert!(
            h.state().dialog.preview.as_ref().unwrap().texture.is_none(),
            "the preview is still rendering"
        );
        let before = export_button_rect(&h);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while h.state().dialog.preview.as_ref().unwrap().texture.is_none() {
            assert!(
                std::time::Instant::now() < deadline,
                "the preview never came"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
            h.run_steps(1);
        }
        h.run_steps(2);
        assert_eq!(export_button_rect(&h), before);
    }

    #[test]
    fn a_job_writes_the_file_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("job.png");
        let design = crate::io::templates::reference_design().unwrap();
        let request = ExportRequest {
            options: ExportOptions::default(),
            path: path.clone(),
        };
        let mut job = ExportJob::start(design.clone(), None, request, None);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !job.poll() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(job.result, Some(Ok(path.clone())));
        assert_eq!(crate::io::load_design(&path).unwrap(), design);
    }

    #[test]
    fn a_cancelled_job_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("never.png");
        let design = crate::sim::generate::layered_design(500, 1);
        let request = ExportRequest {
            options: ExportOptions::default(),
            path: path.clone(),
        };
        let mut job = ExportJob::start(design, None, request, None);
        job.cancel();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !job.poll() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(matches!(&job.result, Some(Err(e)) if e.contains("cancelled")));
        assert!(!path.exists());
    }
}
