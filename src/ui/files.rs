//! Opening and saving: rfd's native dialogs on the main thread, an in-app path field where no
//! dialog can be shown (which asks before replacing an existing file, as a native dialog
//! would), the unsaved-changes prompt (save / discard / cancel), load errors in a dialog (the
//! open design is kept), the template chooser and recent files.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::app::InfraboardApp;
use super::command::{Command, Commands};
use crate::import::route::Route;
use crate::io::{load_design, save_design, templates};
use crate::model::Design;

/// What waits for the user's answer about unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Start a new design from a template (`None`: empty).
    New(Option<&'static str>),
    /// Open a file (`None`: ask which).
    Open(Option<PathBuf>),
    /// Leave.
    Quit,
}

/// What the in-app path field is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open the typed path.
    Open,
    /// Save to the typed path.
    Save,
}

/// The in-app path field shown when no native dialog is available.
#[derive(Debug, Clone, PartialEq)]
pub struct PathField {
    /// Open or save.
    pub purpose: PathPurpose,
    /// The text typed.
    pub text: String,
    /// Why the native dialog is not used.
    pub reason: String,
}

/// File dialogs' state.
#[derive(Debug, Default)]
pub struct FilesUi {
    /// The unsaved-changes prompt, if shown.
    pub prompt: Option<Pending>,
    /// The in-app path field, if shown.
    pub path_field: Option<PathField>,
    /// A load or save error to show.
    pub error: Option<String>,
    /// The template chooser is open.
    pub new_dialog: bool,
    /// Native dialogs were found not to work.
    pub no_native_dialogs: Option<String>,
    /// Close was confirmed: let the window close.
    pub allow_close: bool,
    /// Save As chose an existing file: ask before replacing it.
    pub overwrite: Option<PathBuf>,
}

/// Why native dialogs are not available, if that is known without trying.
fn native_dialogs_unavailable() -> Option<String> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        return Some("no display for a file dialog".to_owned());
    }
    None
}

const NO_DIALOG: &str =
    "no native file dialog could be shown (no XDG desktop portal or zenity); type a path instead";

/// Most problems listed in the load-error dialog; the rest are counted.
const MAX_PROBLEMS_SHOWN: usize = 20;

/// A load error as the dialog shows it: long ids cut, at most [`MAX_PROBLEMS_SHOWN`] problems.
fn load_error_text(e: &crate::io::LoadError) -> String {
    use crate::model::limits::shorten_words;
    match e {
        crate::io::LoadError::Invalid { path, problems } if problems.len() > MAX_PROBLEMS_SHOWN => {
            let shown: Vec<String> = problems
                .iter()
                .take(MAX_PROBLEMS_SHOWN)
                .map(|p| shorten_words(&p.to_string()).into_owned())
                .collect();
            format!(
                "{}: invalid design: {}; and {} more problems",
                path.display(),
                shown.join("; "),
                problems.len() - MAX_PROBLEMS_SHOWN
            )
        }
        e => shorten_words(&e.to_string()).into_owned(),
    }
}

impl InfraboardApp {
    /// Makes Open and Save As use the in-app path field instead of native dialogs.
    pub fn use_in_app_file_dialogs(&mut self) {
        self.files.no_native_dialogs = Some("in-app file dialogs chosen".to_owned());
    }

    /// Whether the Save As "replace the existing file?" question is showing.
    pub fn overwrite_prompt_showing(&self) -> bool {
        self.files.overwrite.is_some()
    }

    /// Runs `pending` now, or asks first if there are unsaved changes.
    pub(crate) fn guard(&mut self, pending: Pending) {
        if self.doc.is_dirty() {
            self.files.prompt = Some(pending);
        } else {
            self.proceed(pending);
        }
    }

    /// Runs `pending` (changes were saved or discarded).
    pub(crate) fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::New(name) => {
                let design = match name.and_then(templates::template) {
                    Some(t) => t.design().unwrap_or_default(),
                    None => Design::empty("Untitled design"),
                };
                // Clean until the first edit: there is nothing to lose yet (the title says it
                // was never saved).
                self.set_document(design, None);
            }
            Pending::Open(Some(path)) => self.open_path(&path),
            Pending::Open(None) => self.open_dialog(),
            Pending::Quit => {
                self.files.allow_close = true;
                self.quit_requested = true;
            }
        }
    }

    /// Loads `path`; on failure shows the error and keeps the open design.
    pub fn open_path(&mut self, path: &Path) {
        // The content decides where the name does not (`.xml`, `.yml`: a design, a diagram
        // to import, or neither).
        match crate::import::route::route_file(path) {
            Route::Design => {}
            Route::Import(_) => {
                self.import_path(path);
                return;
            }
            Route::Neither(why) => {
                self.files.error = Some(format!("Could not open the file.\n\n{why}"));
                return;
            }
            Route::ByName if super::import_ui::is_importable(path) => {
                self.import_path(path);
                return;
            }
            Route::ByName => {}
        }
        match load_design(path) {
            Ok(design) => {
                self.set_document(design, Some(path.to_path_buf()));
                self.settings.remember(path.to_path_buf());
            }
            Err(e) => {
                self.files.error = Some(format!(
                    "Could not open the file.\n\n{}",
                    load_error_text(&e)
                ));
            }
        }
    }

    fn open_dialog(&mut self) {
        if let Some(reason) = self
            .files
            .no_native_dialogs
            .clone()
            .or_else(native_dialogs_unavailable)
        {
            self.files.path_field = Some(PathField {
                purpose: PathPurpose::Open,
                text: String::new(),
                reason,
            });
            return;
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Open design")
            .add_filter("Infraboard design", &["ron"])
            .pick_file();
        match picked {
            Some(path) => self.open_path(&path),
            None if started.elapsed() < Duration::from_millis(100) => {
                self.no_dialog(PathPurpose::Open)
            }
            None => {}
        }
    }

    fn no_dialog(&mut self, purpose: PathPurpose) {
        self.files.no_native_dialogs = Some(NO_DIALOG.to_owned());
        self.show_path_field(purpose, NO_DIALOG.to_owned());
    }

    /// Opens the in-app path field (prefilled with the current file) and says why.
    fn show_path_field(&mut self, purpose: PathPurpose, reason: String) {
        let text = self
            .doc
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.files.path_field = Some(PathField {
            purpose,
            text,
            reason,
        });
    }

    /// Saves to `path`, or the current file, or asks where. Returns whether it saved.
    pub(crate) fn save(&mut self, path: Option<PathBuf>) -> bool {
        let Some(path) = path.or_else(|| self.doc.path.clone()) else {
            return self.save_as_dialog();
        };
        match save_design(&self.doc.design, &path) {
            Ok(()) => {
                self.doc.path = Some(path.clone());
                self.doc.saved_revision = Some(self.doc.revision);
                self.settings.remember(path);
                self.drop_recovery_file();
                true
            }
            Err(e) => {
                self.files.error = Some(format!("Could not save.\n\n{e}"));
                false
            }
        }
    }

    /// Asks where to save, then saves. Returns whether it saved.
    pub(crate) fn save_as_dialog(&mut self) -> bool {
        if let Some(reason) = self
            .files
            .no_native_dialogs
            .clone()
            .or_else(native_dialogs_unavailable)
        {
            self.show_path_field(PathPurpose::Save, reason);
            return false;
        }
        let started = Instant::now();
        let name = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || "design.ron".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
        let picked = rfd::FileDialog::new()
            .set_title("Save design")
            .set_file_name(name)
            .add_filter("Infraboard design", &["ron"])
            .save_file();
        match picked {
            Some(path) => self.save(Some(path)),
            None if started.elapsed() < Duration::from_millis(100) => {
                self.no_dialog(PathPurpose::Save);
                false
            }
            None => false,
        }
    }

    /// Shows the file dialogs (prompt, path field, errors, templates).
    pub(crate) fn files_ui(&mut self, ctx: &egui::Context, commands: &mut Commands) {
        if let Some(pending) = self.files.prompt.clone() {
            let mut answer = None;
            egui::Modal::new(egui::Id::new("unsaved-prompt")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!(
                    "Save the changes to “{}” first?",
                    self.doc.file_name()
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        answer = Some(0);
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some(1);
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        answer = Some(2);
                    }
                });
            });
            match answer {
                Some(0) => {
                    self.files.prompt = None;
                    if self.save(None) {
                        self.proceed(pending);
                    }
                }
                Some(1) => {
                    self.files.prompt = None;
                    self.drop_recovery_file();
                    self.proceed(pending);
                }
                Some(_) => self.files.prompt = None,
                None => {}
            }
        }
        if let Some(mut field) = self.files.path_field.clone() {
            let mut close = false;
            egui::Modal::new(egui::Id::new("path-field")).show(ctx, |ui| {
                ui.heading(match field.purpose {
                    PathPurpose::Open => "Open design",
                    PathPurpose::Save => "Save design as",
                });
                ui.label(&field.reason);
                let edit = ui
                    .horizontal(|ui| {
                        let label = ui.label("Path");
                        ui.add(
                            egui::TextEdit::singleline(&mut field.text)
                                .hint_text("/path/to/design.ron")
                                .desired_width(420.0),
                        )
                        .labelled_by(label.id)
                    })
                    .inner;
                // Typing goes to the field from the start (no click needed first): focus it
                // on the first frame it shows.
                let shown_id = egui::Id::new("path-field-shown");
                if !ui.data(|d| d.get_temp::<bool>(shown_id).unwrap_or(false)) {
                    edit.request_focus();
                    ui.data_mut(|d| d.insert_temp(shown_id, true));
                }
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let label = match field.purpose {
                        PathPurpose::Open => "Open",
                        PathPurpose::Save => "Save",
                    };
                    if (ui.button(label).clicked() || enter) && !field.text.trim().is_empty() {
                        let path = PathBuf::from(field.text.trim());
                        match field.purpose {
                            // This field is shown after the unsaved-changes question.
                            PathPurpose::Open => commands.push(Command::OpenAnswered(path)),
                            PathPurpose::Save
                                if path.exists() && self.doc.path.as_ref() != Some(&path) =>
                            {
                                self.files.overwrite = Some(path);
                            }
                            PathPurpose::Save => commands.push(Command::SaveTo(path)),
                        }
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
            self.files.path_field = if close { None } else { Some(field) };
        } else {
            // Closed, however that happened: focus the field again when it next opens.
            ctx.data_mut(|d| d.remove::<bool>(egui::Id::new("path-field-shown")));
        }
        if let Some(path) = self.files.overwrite.clone() {
            overwrite_ui(ctx, &mut self.files, &path, commands);
        }
        if let Some(error) = self.files.error.clone() {
            egui::Modal::new(egui::Id::new("file-error")).show(ctx, |ui| {
                ui.heading("Problem");
                ui.label(error);
                if ui.button("OK").clicked() {
                    self.files.error = None;
                }
            });
        }
        if self.files.new_dialog {
            egui::Modal::new(egui::Id::new("new-dialog")).show(ctx, |ui| {
                ui.heading("New design");
                if ui.button("Empty canvas").clicked() {
                    commands.push(Command::NewFrom(None));
                    self.files.new_dialog = false;
                }
                for t in &templates::TEMPLATES {
                    if ui.button(t.name).on_hover_text(t.description).clicked() {
                        commands.push(Command::NewFrom(Some(t.name)));
                        self.files.new_dialog = false;
                    }
                }
                if ui.button("Cancel").clicked() {
                    self.files.new_dialog = false;
                }
            });
        }
    }
}

/// "Replace the existing file?" for Save As through the path field.
fn overwrite_ui(ctx: &egui::Context, files: &mut FilesUi, path: &Path, commands: &mut Commands) {
    egui::Modal::new(egui::Id::new("overwrite-prompt")).show(ctx, |ui| {
        ui.heading("Replace existing file?");
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let dir = path
            .parent()
            .map_or_else(String::new, |d| d.display().to_string());
        ui.label(format!(
            "“{name}” already exists in {dir}. Replacing it overwrites what it holds."
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                commands.push(Command::SaveTo(path.to_path_buf()));
                files.overwrite = None;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                files.overwrite = None;
            }
        });
    });
}
