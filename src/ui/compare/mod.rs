//! Compare mode (File → Compare with…): the open design against a file or its last saved
//! version. The difference is drawn over the canvas (added green, changed amber, removed red
//! ghosts, from [`crate::scene::compare`], the picture the comparison export writes too), and
//! a panel lists the changes and the findings fixed and introduced ([`crate::diff`], the same
//! rows `infraboard diff` prints). Esc leaves. The diff follows edits: it is recomputed when
//! the design's revision changes, never every frame.

mod dialog;
mod panel;

use std::path::{Path, PathBuf};

use crate::diff::render::{Document, document};
use crate::diff::{DesignDiff, diff_analysed};
use crate::model::Design;
use crate::scene::compare::{CompareMarks, compare_marks};
use crate::sim::{Analysis, AnalysisOptions, analyze};
use crate::theme::{Theme, ThemeMode};

pub use dialog::CompareDialog;

/// What to compare the open design with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareSource {
    /// A design file (or an image exported by Infraboard).
    File(PathBuf),
    /// The open design's file as last saved.
    Saved,
}

/// An active comparison: the other design, and the diff from it to the open design.
#[derive(Debug)]
pub struct Comparison {
    /// The design compared with (the "old" side).
    pub old: Design,
    /// What the old side is called in the panel and the export ("saved version", a file name).
    pub old_label: String,
    old_analysis: Analysis,
    /// The revision of the open design the diff is of, and whether the marks are dark.
    key: Option<(u64, bool)>,
    /// The diff from the old design to the open one.
    pub diff: DesignDiff,
    /// The diff as rows for the panel.
    pub rows: Document,
    /// What to draw on the canvas.
    pub marks: CompareMarks,
    /// How many times the diff was computed (tests: once per revision).
    pub runs: u64,
}

impl Comparison {
    /// A comparison of `old`, called `old_label`, with the open `design` at `revision`
    /// (analysed as `analysis`).
    pub fn new(
        old: Design,
        old_label: String,
        (design, analysis, revision): (&Design, &Analysis, u64),
        dark: bool,
    ) -> Self {
        let old_analysis = analyze(&old, &AnalysisOptions::default());
        let diff = diff_analysed(&old, &old_analysis, design, analysis);
        let rows = document(&diff, &old_label, "open design");
        let mut comparison = Self {
            old,
            old_label,
            old_analysis,
            key: Some((revision, !dark)),
            diff,
            rows,
            marks: CompareMarks::default(),
            runs: 1,
        };
        comparison.refresh(design, analysis, revision, dark);
        comparison
    }

    /// Recomputes the diff if the open design's `revision` (analysed as `analysis`) or the
    /// theme changed.
    pub fn refresh(&mut self, design: &Design, analysis: &Analysis, revision: u64, dark: bool) {
        if self.key == Some((revision, dark)) {
            return;
        }
        if self.key.map(|(r, _)| r) != Some(revision) {
            self.diff = diff_analysed(&self.old, &self.old_analysis, design, analysis);
            self.rows = document(&self.diff, &self.old_label, "open design");
            self.runs += 1;
        }
        let theme = Theme::for_mode(if dark {
            ThemeMode::Dark
        } else {
            ThemeMode::Light
        });
        self.marks = compare_marks(&self.old, design, &self.diff, &theme);
        self.key = Some((revision, dark));
    }
}

/// Compare mode's state: the dialog, the comparison, the export path field.
#[derive(Debug, Default)]
pub struct CompareUi {
    /// File → Compare with… is open.
    pub dialog: Option<CompareDialog>,
    /// The active comparison, if any.
    pub active: Option<Comparison>,
    /// The comparison export's path field, if shown.
    pub export_path: Option<String>,
    /// The last message (an export written, a file refused).
    pub message: Option<String>,
}

/// A short name for `path`: its file name.
fn short_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl crate::ui::InfraboardApp {
    /// Whether compare mode is on.
    pub fn comparing(&self) -> bool {
        self.compare.active.is_some()
    }

    /// The active comparison.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.compare.active.as_ref()
    }

    /// What compare mode last said (a refused file, an export written).
    pub fn compare_message(&self) -> Option<&str> {
        self.compare.message.as_deref()
    }

    /// Starts comparing with `source`; a file that does not load leaves things as they were
    /// and says why.
    pub(crate) fn compare_with(&mut self, source: CompareSource) {
        let (path, label) = match source {
            CompareSource::File(path) => {
                let label = short_name(&path);
                (path, label)
            }
            CompareSource::Saved => match self.doc.path.clone() {
                Some(path) => {
                    let label = format!("{} (saved)", short_name(&path));
                    (path, label)
                }
                None => {
                    self.compare.message = Some(
                        "This design has not been saved yet: there is no saved version to compare with."
                            .to_owned(),
                    );
                    return;
                }
            },
        };
        match crate::io::load_design(&path) {
            Ok(old) => {
                // A large design's analysis may still be on its worker: this revision's is
                // needed.
                self.analysis.wait();
                self.compare.active = Some(Comparison::new(
                    old,
                    label,
                    (&self.doc.design, &self.analysis.analysis, self.doc.revision),
                    self.settings.dark,
                ));
                self.compare.dialog = None;
                self.compare.message = None;
                // The panel takes room from the canvas: fit the design again.
                self.canvas.fit_on_resize = 5;
            }
            Err(e) => {
                let text = crate::model::limits::shorten_words(&e.to_string()).into_owned();
                if let Some(d) = &mut self.compare.dialog {
                    d.error = Some(text.clone());
                }
                self.compare.message = Some(text);
            }
        }
    }

    /// Leaves compare mode.
    pub(crate) fn leave_compare(&mut self) {
        if self.compare.active.take().is_some() {
            self.canvas.fit_on_resize = 5;
        }
        self.compare.export_path = None;
    }

    /// Refreshes the comparison for this frame, handles Esc, shows the panel and dialogs.
    /// Called before the central panel, so the panel takes its side of the window.
    pub(crate) fn compare_ui(
        &mut self,
        ui: &mut egui::Ui,
        commands: &mut super::command::Commands,
    ) {
        let ctx = ui.ctx().clone();
        // While a large design's analysis catches up, the diff stays that of the last
        // analysed revision.
        if let Some(c) = &mut self.compare.active
            && !self.analysis.updating()
        {
            c.refresh(
                &self.doc.design,
                &self.analysis.analysis,
                self.doc.revision,
                self.settings.dark,
            );
        }
        dialog::dialog_ui(&ctx, &mut self.compare, self.doc.path.as_deref(), commands);
        if self.compare.active.is_some() {
            panel::panel_ui(ui, &mut self.compare, &self.doc.design, commands);
        }
    }

    /// Takes Esc to leave compare mode (before the shortcuts, where Esc clears the selection),
    /// unless a text field or a dialog has it.
    pub(crate) fn compare_keys(
        &mut self,
        ctx: &egui::Context,
        commands: &mut super::command::Commands,
    ) {
        if self.compare.active.is_some()
            && self.compare.dialog.is_none()
            && self.compare.export_path.is_none()
            && !ctx.text_edit_focused()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            commands.push(super::Command::LeaveCompare);
        }
    }

    /// Writes the comparison as an image to `path` (`.svg`, `.png` or `.pdf`).
    pub(crate) fn export_comparison(&mut self, path: &Path) {
        let Some(c) = &self.compare.active else {
            return;
        };
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(crate::export::ExportFormat::from_extension);
        let Some(format) = format else {
            self.compare.message = Some(format!(
                "{}: name the comparison image .svg, .png or .pdf",
                path.display()
            ));
            return;
        };
        let options = crate::export::ExportOptions {
            format,
            scale: crate::export::Scale::from_factor(2).expect("2 is a scale"),
            background: if self.settings.dark {
                crate::export::Background::Dark
            } else {
                crate::export::Background::White
            },
            overlays: crate::scene::Overlays {
                spof: self.settings.show_spof,
                tls: self.settings.show_tls,
                qps: self.settings.show_qps,
                monitoring: self.settings.show_exposure,
            },
            selection_only: None,
            no_legend: false,
        };
        let title = format!("{} → {}", c.old_label, self.doc.file_name());
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let written = crate::export::compare::export_comparison(
            &c.old,
            &self.doc.design,
            Some(&self.analysis.analysis),
            &c.diff,
            &options,
            &title,
            &cancel,
        )
        .map_err(|e| e.to_string())
        .and_then(|bytes| crate::io::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        self.compare.message = Some(match written {
            Ok(()) => format!("Comparison exported to {}", path.display()),
            Err(e) => format!("Could not export the comparison to {}: {e}", path.display()),
        });
    }
}
