//! The palette: one entry per component kind with its icon. Drag an entry onto the canvas to
//! create that component where it is dropped; click it to create one in the middle of the view
//! (beside what is already there). Text notes and zones (rack, availability zone, region) are
//! added the same way.

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
        if clickable_entry(ui, &response, tag.label(), look) {
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
    zone_entries_ui(ui, look, commands);
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
    if clickable_entry(ui, &response, "Text note", look) {
        commands.push(Command::AddNote(None));
    }
    response.on_hover_text(
        "Drag to place a text note — or click to add one in the middle (notes are not analysed)",
    );
}

/// What a palette drag of a zone entry carries: the kind of zone to add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewZone(pub crate::model::ZoneKind);

/// The zone entries (rack, availability zone, region): drag one onto the canvas, or click
/// to add one in the middle of the view. A new zone holds nothing until components are
/// dropped into it.
fn zone_entries_ui(ui: &mut Ui, look: &Look, commands: &mut Commands) {
    ui.add_space(8.0);
    ui.strong("Zones");
    let theme = crate::theme::Theme::for_mode(if look.dark {
        crate::theme::ThemeMode::Dark
    } else {
        crate::theme::ThemeMode::Light
    });
    let colour =
        |c: crate::theme::Rgba| egui::Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), c.a());
    for kind in crate::model::ZoneKind::ALL {
        let response = ui
            .dnd_drag_source(
                egui::Id::new(("palette", kind.key())),
                NewZone(kind),
                |ui| {
                    ui.set_min_width(ui.available_width());
                    ui.horizontal(|ui| {
                        let (r, _) = ui.allocate_exact_size(vec2(22.0, 22.0), Sense::hover());
                        let r = r.shrink(3.0);
                        ui.painter()
                            .rect_filled(r, 4.0, colour(theme.zone_fill(kind)));
                        ui.painter().rect_stroke(
                            r,
                            4.0,
                            egui::Stroke::new(1.5, colour(theme.zone_stroke(kind))),
                            egui::StrokeKind::Inside,
                        );
                        ui.label(kind.label());
                    });
                },
            )
            .response
            .interact(Sense::click());
        if clickable_entry(ui, &response, kind.label(), look) {
            commands.push(Command::AddZone { kind, at: None });
        }
        response.on_hover_text(format!(
            "Drag to place a {} — or click to add one in the middle; drop components into it \
             to put them there (it fails as a unit)",
            kind.label().to_lowercase()
        ));
        ui.add_space(2.0);
    }
}

/// Makes a palette entry's `response` an "Add {label}" button for assistive technology,
/// outlines it while hovered, and returns whether it was clicked.
fn clickable_entry(ui: &Ui, response: &egui::Response, label: &str, look: &Look) -> bool {
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::Button, true, format!("Add {label}"))
    });
    if response.hovered() {
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            4.0,
            egui::Stroke::new(1.0, look.hover),
            egui::StrokeKind::Inside,
        );
    }
    response.clicked()
}
