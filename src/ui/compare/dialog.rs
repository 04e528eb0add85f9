//! File → Compare with…: the last saved version of the open design, or a design file typed
//! (or picked with the native dialog where there is one). A file that does not load keeps the
//! dialog open and says why.

use std::path::{Path, PathBuf};

use super::{CompareSource, CompareUi};
use crate::ui::command::{Command, Commands};

/// The dialog's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareDialog {
    /// The path typed.
    pub text: String,
    /// Why the last file could not be compared with.
    pub error: Option<String>,
    /// Whether the path field was given the keyboard focus when the dialog opened.
    pub focused: bool,
}

/// Shows the dialog while it is open.
pub(super) fn dialog_ui(
    ctx: &egui::Context,
    state: &mut CompareUi,
    saved: Option<&Path>,
    commands: &mut Commands,
) {
    let Some(dialog) = &mut state.dialog else {
        return;
    };
    let mut close = false;
    egui::Modal::new(egui::Id::new("compare-dialog")).show(ctx, |ui| {
        ui.heading("Compare with…");
        ui.label("Show what changed from another version to the open design.");
        ui.add_space(6.0);
        let saved_label = match saved {
            Some(p) => format!(
                "The last saved version ({})",
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
            None => "The last saved version".to_owned(),
        };
        let saved_button = ui
            .add_enabled(saved.is_some(), egui::Button::new(saved_label))
            .on_disabled_hover_text("The open design has not been saved to a file yet.");
        if saved_button.clicked() {
            commands.push(Command::CompareWith(CompareSource::Saved));
        }
        ui.add_space(6.0);
        ui.label("Or a design file (.ron, or an image exported by Infraboard):");
        let edit = ui
            .horizontal(|ui| {
                let label = ui.label("Compare path");
                ui.add(
                    egui::TextEdit::singleline(&mut dialog.text)
                        .hint_text("/path/to/older-design.ron")
                        .desired_width(380.0),
                )
                .labelled_by(label.id)
            })
            .inner;
        // Typing goes to the field at once: focus it on the frame the dialog opens.
        if !dialog.focused {
            edit.request_focus();
            dialog.focused = true;
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(error) = &dialog.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.horizontal(|ui| {
            let typed = dialog.text.trim();
            if (ui
                .add_enabled(!typed.is_empty(), egui::Button::new("Compare"))
                .clicked()
                || enter)
                && !typed.is_empty()
            {
                commands.push(Command::CompareWith(CompareSource::File(PathBuf::from(
                    typed,
                ))));
            }
            if ui.button("Browse…").clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .set_title("Compare with design")
                    .add_filter("Infraboard design", &["ron", "png", "svg"])
                    .pick_file()
            {
                commands.push(Command::CompareWith(CompareSource::File(path)));
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
    });
    if close {
        state.dialog = None;
    }
}
