//! The palette: one entry per component kind with its icon. Drag an entry onto the canvas to
//! create that component where it is dropped; click it to create one in the middle of the view
//! (beside what is already there).

use egui::{Sense, Ui, vec2};

use super::command::{Command, Commands};
use super::icons;
use super::look::Look;
use crate::model::KindTag;

/// Shows the palette.
pub fn palette_ui(ui: &mut Ui, look: &Look, commands: &mut Commands) {
    ui.add_space(6.0);
    ui.strong("Components");
    ui.weak("drag onto the canvas");
    ui.add_space(4.0);
    for tag in KindTag::ALL {
        let id = egui::Id::new(("palette", tag.key()));
        let response = ui
            .dnd_drag_source(id, tag, |ui| {
                ui.set_min_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.add(
                        egui::Image::new(icons::kind(tag))
                            .tint(look.icon)
                            .fit_to_exact_size(vec2(22.0, 22.0)),
                    );
                    ui.label(tag.label());
                });
            })
            .response;
        let response = response.interact(Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::WidgetType::Button,
                true,
                format!("Add {}", tag.label()),
            )
        });
        if response.hovered() {
            ui.painter().rect_stroke(
                response.rect.expand(2.0),
                4.0,
                egui::Stroke::new(1.0, look.hover),
                egui::StrokeKind::Inside,
            );
        }
        if response.clicked() {
            commands.push(Command::AddComponentInView(tag));
        }
        let response = response.on_hover_text(format!(
            "Drag to place a {} — or click to add one in the middle",
            tag.label().to_lowercase()
        ));
        let _ = response;
        ui.add_space(2.0);
    }
    note_entry_ui(ui, look, commands);
}

/// What a palette drag of the note entry carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewNote;

/// The text note entry: drag it onto the canvas, or click to add one in the middle.
fn note_entry_ui(ui: &mut Ui, look: &Look, commands: &mut Commands) {
    ui.add_space(8.0);
    ui.strong("Annotations");
    let response = ui
        .dnd_drag_source(egui::Id::new(("palette", "note")), NewNote, |ui| {
            ui.set_min_width(ui.available_width());
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(vec2(22.0, 22.0), Sense::hover());
                ui.painter().rect_filled(r.shrink(3.0), 2.0, look.note_fill);
                ui.painter().rect_stroke(
                    r.shrink(3.0),
                    2.0,
                    egui::Stroke::new(1.0, look.note_stroke),
                    egui::StrokeKind::Inside,
                );
                ui.label("Text note");
            });
        })
        .response
        .interact(Sense::click());
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, "Add Text note"));
    if response.hovered() {
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            4.0,
            egui::Stroke::new(1.0, look.hover),
            egui::StrokeKind::Inside,
        );
    }
    if response.clicked() {
        commands.push(Command::AddNote(None));
    }
    response.on_hover_text(
        "Drag to place a text note — or click to add one in the middle (notes are not analysed)",
    );
}
