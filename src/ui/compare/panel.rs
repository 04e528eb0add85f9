//! Compare mode's panel: what is compared, the summary, each section of changes (marked
//! rows, details below), the traffic table, export buttons and the way out (Esc).

use egui::{Color32, RichText, Ui};

use super::CompareUi;
use crate::diff::render::Mark;
use crate::model::{ComponentId, Design};
use crate::theme::{Theme, ThemeMode};
use crate::ui::command::{Command, Commands};
use crate::ui::look::color32;

/// The colour of a row's mark, from the theme the canvas marks use.
fn mark_colour(mark: Mark, theme: &Theme) -> Color32 {
    let p = &theme.palette;
    match mark {
        Mark::Added | Mark::Better => color32(p.diff_added),
        Mark::Removed | Mark::Worse => color32(p.diff_removed),
        Mark::Changed => color32(p.diff_changed),
        Mark::Same => color32(p.muted_text),
    }
}

/// Shows the panel on the right of the window.
pub(super) fn panel_ui(
    ui: &mut Ui,
    state: &mut CompareUi,
    design: &Design,
    commands: &mut Commands,
) {
    let dark = ui.visuals().dark_mode;
    let theme = Theme::for_mode(if dark {
        ThemeMode::Dark
    } else {
        ThemeMode::Light
    });
    egui::Panel::right("compare")
        .resizable(true)
        .default_size(340.0)
        .min_size(280.0)
        .show(ui, |ui| {
            let Some(c) = &state.active else { return };
            ui.heading("Compare");
            ui.label(format!("From {} to the open design", c.old_label));
            ui.label(RichText::new(&c.rows.summary).strong());
            ui.horizontal_wrapped(|ui| {
                for (key, colour) in [
                    ("+ added", theme.palette.diff_added),
                    ("~ changed", theme.palette.diff_changed),
                    ("− removed", theme.palette.diff_removed),
                ] {
                    ui.colored_label(color32(colour), key);
                }
            });
            ui.horizontal(|ui| {
                if ui.button("Export SVG…").clicked() {
                    state.export_path = Some("comparison.svg".to_owned());
                }
                if ui.button("Export PNG…").clicked() {
                    state.export_path = Some("comparison.png".to_owned());
                }
                if ui.button("Leave (Esc)").clicked() {
                    commands.push(Command::LeaveCompare);
                }
            });
            if let Some(message) = &state.message {
                ui.weak(message);
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for section in &c.rows.sections {
                        ui.add_space(4.0);
                        ui.label(RichText::new(&section.title).strong());
                        for row in &section.rows {
                            ui.horizontal_wrapped(|ui| {
                                let colour = mark_colour(row.mark, &theme);
                                // The sign in the text font: the monospace one lacks ✓ and ✗.
                                ui.colored_label(colour, row.mark.sign())
                                    .on_hover_text(row.mark.word());
                                // A click on the id selects and centres what the row is
                                // about, where the open design still has it.
                                let present: Vec<ComponentId> = row
                                    .components
                                    .iter()
                                    .filter(|id| design.component(id).is_some())
                                    .map(|id| ComponentId::new(id.as_str()))
                                    .collect();
                                let id = RichText::new(&row.id).monospace().color(colour);
                                if present.is_empty() {
                                    ui.label(id);
                                } else if ui
                                    .add(egui::Label::new(id).sense(egui::Sense::click()))
                                    .on_hover_text("Show on the canvas")
                                    .clicked()
                                {
                                    commands.push(Command::Reveal(present));
                                }
                                ui.label(&row.what);
                            });
                            for d in &row.details {
                                ui.weak(format!("      {d}"));
                            }
                        }
                        if !section.table.is_empty() {
                            egui::Grid::new(("compare-table", &section.title))
                                .striped(true)
                                .show(ui, |ui| {
                                    for line in &section.table {
                                        for cell in line {
                                            ui.label(cell);
                                        }
                                        ui.end_row();
                                    }
                                });
                        }
                    }
                });
        });
    export_field_ui(ui.ctx(), state, commands);
}

/// The path field of the comparison export.
fn export_field_ui(ctx: &egui::Context, state: &mut CompareUi, commands: &mut Commands) {
    let Some(text) = &mut state.export_path else {
        return;
    };
    let mut close = false;
    egui::Modal::new(egui::Id::new("compare-export")).show(ctx, |ui| {
        ui.heading("Export the comparison");
        ui.label("An SVG, PNG or PDF of the open design with the changes marked on it.");
        let edit = ui
            .horizontal(|ui| {
                let label = ui.label("Export path");
                ui.add(egui::TextEdit::singleline(text).desired_width(380.0))
                    .labelled_by(label.id)
            })
            .inner;
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if (ui.button("Export").clicked() || enter) && !text.trim().is_empty() {
                commands.push(Command::ExportComparison(text.trim().into()));
                close = true;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
    });
    if close {
        state.export_path = None;
    }
}
