//! The palette: one entry per component kind with its icon. Drag an entry onto the canvas to
//! create that component where it is dropped; click it to create one in the middle of the view.

use egui::{Sense, Ui, vec2};

use super::command::{Command, Commands};
use super::icons;
use super::look::Look;
use crate::model::{KindTag, Point};

/// Shows the palette.
pub fn palette_ui(ui: &mut Ui, look: &Look, centre: Point, commands: &mut Commands) {
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
            commands.push(Command::AddComponent { tag, at: centre });
        }
        let response = response.on_hover_text(format!(
            "Drag to place a {} — or click to add one in the middle",
            tag.label().to_lowercase()
        ));
        let _ = response;
        ui.add_space(2.0);
    }
}
