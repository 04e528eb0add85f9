//! The inspector: every property of the selection, editable with the right widget. Widgets edit
//! a copy; a changed copy becomes one command (typing in one field merges into one undo step).

mod component;
mod data_tier;
mod kinds;
mod link;
mod widgets;
mod zone;

use egui::Ui;

use super::command::{Command, Commands};
use super::state::Document;

/// Shows the inspector for the document's selection.
pub fn inspector_ui(ui: &mut Ui, doc: &Document, commands: &mut Commands) {
    // Both directions: a wide row scrolls instead of widening the panel (its width stays what
    // the user set, whatever is selected).
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(6.0);
            let sel = &doc.selection;
            let zone = sel
                .zone
                .as_ref()
                .and_then(|id| doc.design.zones.iter().find(|z| &z.id == id));
            if let Some(z) = zone {
                zone::zone_ui(ui, &doc.design, z, commands);
            } else if let Some(i) = sel.single_note() {
                if let Some(n) = doc.design.notes.get(i) {
                    note_ui(ui, i, n, commands);
                }
            } else if let Some(i) = sel.link {
                if let Some(l) = doc.design.links.get(i) {
                    link::link_ui(ui, &doc.design, i, l, commands);
                }
            } else if sel.components.len() == 1 && sel.notes.is_empty() {
                let id = sel.components.iter().next();
                if let Some(c) = id.and_then(|id| doc.design.component(id.as_str())) {
                    component::component_ui(ui, &doc.design, c, commands);
                }
            } else if sel.boxes() > 1 {
                let count = |n: usize, one: &str, many: &str| match n {
                    0 => None,
                    1 => Some(format!("1 {one}")),
                    n => Some(format!("{n} {many}")),
                };
                let parts: Vec<String> = [
                    count(sel.components.len(), "component", "components"),
                    count(sel.notes.len(), "note", "notes"),
                ]
                .into_iter()
                .flatten()
                .collect();
                ui.heading(parts.join(", "));
                ui.label(
                    "Drag to move them together; Delete removes them; Ctrl+D duplicates; \
                     the Arrange menu lines them up.",
                );
            } else {
                design_ui(ui, doc, commands);
            }
        });
}

/// A text note: its text (typing merges into one undo step).
fn note_ui(ui: &mut Ui, index: usize, note: &crate::model::Note, commands: &mut Commands) {
    ui.heading("Text note");
    ui.weak("Drawn and exported with the design; the analysis ignores it.");
    let mut text = note.text.clone();
    ui.add(
        egui::TextEdit::multiline(&mut text)
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    );
    if text != note.text {
        commands.push(Command::EditNote { index, text });
    }
    ui.weak("Double-click the note on the canvas to edit it there.");
}

fn design_ui(ui: &mut Ui, doc: &Document, commands: &mut Commands) {
    ui.heading("Design");
    // Only the design-wide fields: never clone thousands of components per frame.
    let mut d = crate::model::Design {
        name: doc.design.name.clone(),
        domain: doc.design.domain.clone(),
        traffic: doc.design.traffic.clone(),
        components: Vec::new(),
        links: Vec::new(),
        notes: Vec::new(),
        zones: Vec::new(),
    };
    egui::Grid::new("design-grid")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            widgets::text_row(ui, "Name", &mut d.name);
            widgets::text_row(ui, "Domain", &mut d.domain);
            ui.label("Offered load");
            ui.add(
                egui::DragValue::new(&mut d.traffic.offered_qps)
                    .range(0.0..=1e7)
                    .speed(10.0)
                    .suffix(" qps"),
            )
            .widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::DragValue, true, "Offered load")
            });
            ui.end_row();
            ui.label("Reads");
            let mut pct = d.traffic.read_fraction * 100.0;
            if ui
                .add(
                    egui::DragValue::new(&mut pct)
                        .range(0.0..=100.0)
                        .suffix(" %"),
                )
                .changed()
            {
                d.traffic.read_fraction = pct / 100.0;
            }
            ui.end_row();
        });
    ui.add_space(8.0);
    ui.weak("Select a component or a link to edit it. Drag kinds from the palette to add components; drag from a component's ● handle to another to link them.");
    if d.name != doc.design.name || d.domain != doc.design.domain || d.traffic != doc.design.traffic
    {
        commands.push(Command::EditDesignInfo(Box::new(d)));
    }
}
