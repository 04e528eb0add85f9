//! File → Import… (draw.io, Docker Compose, Mermaid), dropping such a file on the window,
//! the window listing what the import guessed or skipped, and View → Auto-layout.
//!
//! An imported design opens as a new, unsaved document (the usual unsaved-changes prompt
//! comes first); a file that fails to import shows the error and leaves the open design
//! untouched.

use std::path::{Path, PathBuf};

use super::app::InfraboardApp;
use super::command::Command;
use super::files::Pending;
use crate::import::{ImportFormat, ImportReport, NoteKind, import_file};

/// Whether `path` is a file to import rather than a design: a draw.io, Compose or Mermaid
/// name (`.drawio`, `.drawio.svg`, `.drawio.png`, `.xml`, `.yml`, `.yaml`, `.mmd`).
pub fn is_importable(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    [
        ".drawio",
        ".drawio.svg",
        ".drawio.png",
        ".xml",
        ".yml",
        ".yaml",
        ".mmd",
        ".mermaid",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

impl InfraboardApp {
    /// File → Import…: asks which file, then opens it (after the unsaved-changes prompt).
    pub(crate) fn import_dialog(&mut self) {
        let mut dialog = rfd::FileDialog::new().set_title("Import a diagram");
        let all: Vec<&str> = ImportFormat::ALL
            .iter()
            .flat_map(|f| f.extensions().iter().copied())
            .collect();
        dialog = dialog.add_filter("Diagrams", &all);
        for f in ImportFormat::ALL {
            dialog = dialog.add_filter(f.label(), f.extensions());
        }
        let started = std::time::Instant::now();
        match dialog.pick_file() {
            Some(path) => self.guard(Pending::Open(Some(path))),
            // No dialog could be shown: the Open path field takes imports too.
            None if started.elapsed() < std::time::Duration::from_millis(100) => {
                self.queued.push(Command::Open);
            }
            None => {}
        }
    }

    /// Imports `path` as a new, unsaved design and shows the report; on failure shows the
    /// error and keeps the open design.
    pub(crate) fn import_path(&mut self, path: &Path) {
        match import_file(path, None) {
            Ok(imported) => {
                self.set_document(imported.design, None);
                self.doc.saved_revision = None;
                self.windows.import_report = Some(ImportReportView {
                    file: path.to_path_buf(),
                    report: imported.report,
                });
            }
            Err(e) => self.files.error = Some(format!("Could not import the file.\n\n{e}")),
        }
    }

    /// View → Auto-layout: lays out the selection, or the whole design when nothing is
    /// selected; one undo step.
    pub(crate) fn auto_layout(&mut self) {
        let selection = self.doc.selection.components.clone();
        let only = (!selection.is_empty()).then_some(selection);
        self.doc.edit(None, |d| {
            crate::layout::apply_auto_layout(d, only.as_ref());
            // The zones follow their components (one undo step with the layout).
            super::zone_edit::fit_zones_to_members(d, only.as_ref());
        });
        if only.is_none() {
            self.canvas.fit_pending = true;
        }
    }
}

/// The report of the last import, shown until closed.
#[derive(Debug, Clone)]
pub struct ImportReportView {
    /// The file imported.
    pub file: PathBuf,
    /// What was guessed and skipped.
    pub report: ImportReport,
}

/// The import report window.
pub fn import_report_ui(ctx: &egui::Context, view: &mut Option<ImportReportView>) {
    let Some(v) = view else { return };
    let mut open = true;
    egui::Window::new("Import report")
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            let r = &v.report;
            ui.label(format!(
                "{}: {} components and {} links from {}{}.",
                v.file.display(),
                r.components,
                r.links,
                r.format,
                if r.laid_out {
                    ", laid out automatically"
                } else {
                    ""
                }
            ));
            ui.label("Check what was guessed; save the design to keep it.");
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for kind in [NoteKind::Guessed, NoteKind::Skipped] {
                        let notes: Vec<_> = r.of(kind).collect();
                        if notes.is_empty() {
                            continue;
                        }
                        ui.strong(format!("{} ({})", kind.key(), notes.len()));
                        for n in notes {
                            ui.label(format!("{}: {}", n.subject, n.message));
                        }
                    }
                });
        });
    if !open {
        *view = None;
    }
}
