//! Editing text in place: a component's or zone's name (double-click or F2) or a text note's text
//! (double-click, or when it is added). Clicking away keeps the text, Esc cancels (for a
//! name, Enter keeps it too). Emits `RenameComponent` / `EditNote` / `RenameZone`.

use egui::{Key, Ui};

use super::geometry::{ViewTransform, metrics, node_rect, scene_rect};
use crate::model::{ComponentId, Design};
use crate::ui::command::{Command, Commands};

/// What is being edited.
#[derive(Debug, Clone, PartialEq)]
pub enum EditTarget {
    /// A component's name.
    Component(ComponentId),
    /// A text note's text, by index.
    Note(usize),
    /// A zone's name (double-click its label).
    Zone(ComponentId),
}

/// An in-place edit in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Renaming {
    /// What is edited.
    pub target: EditTarget,
    /// The text being typed.
    pub text: String,
    /// Focus the field on the next frame (it just opened).
    pub focus: bool,
}

/// Shows the field over what is edited; returns `false` once the edit is over.
pub fn rename_ui(
    ui: &mut Ui,
    renaming: &mut Renaming,
    design: &Design,
    view: ViewTransform,
    commands: &mut Commands,
) -> bool {
    let (rect, old, multiline) = match &renaming.target {
        EditTarget::Component(id) => {
            let Some(c) = design.component(id.as_str()) else {
                return false;
            };
            let node = view.rect_to_screen(node_rect(c));
            let rect = egui::Rect::from_min_size(
                node.left_top() + egui::vec2(4.0, 6.0),
                egui::vec2(node.width().max(160.0) - 8.0, 24.0),
            );
            (rect, c.name.as_str(), false)
        }
        EditTarget::Note(i) => {
            let Some(n) = design.notes.get(*i) else {
                return false;
            };
            let r = view.rect_to_screen(scene_rect(crate::scene::note_rect(n, &metrics())));
            let rect = egui::Rect::from_min_size(
                r.left_top(),
                egui::vec2(r.width().max(220.0), r.height().max(60.0)),
            );
            (rect, n.text.as_str(), true)
        }
        EditTarget::Zone(id) => {
            let Some(z) = design.zones.iter().find(|z| &z.id == id) else {
                return false;
            };
            let label = view.rect_to_screen(super::zones::label_rect(z));
            let rect = egui::Rect::from_min_size(
                label.left_top() + egui::vec2(2.0, 2.0),
                egui::vec2(label.width().max(180.0), 24.0),
            );
            (rect, z.name.as_str(), false)
        }
    };
    let id = egui::Id::new(("in-place-edit", format!("{:?}", renaming.target)));
    let field = if multiline {
        egui::TextEdit::multiline(&mut renaming.text)
    } else {
        egui::TextEdit::singleline(&mut renaming.text)
    };
    let edit = ui.put(rect, field.id(id).hint_text("type here"));
    if std::mem::take(&mut renaming.focus) {
        edit.request_focus();
        return true;
    }
    if ui.input(|i| i.key_pressed(Key::Escape)) {
        return false;
    }
    if edit.lost_focus() {
        if renaming.text.trim() != old.trim() {
            commands.push(match &renaming.target {
                EditTarget::Component(id) => Command::RenameComponent {
                    id: id.clone(),
                    name: renaming.text.clone(),
                },
                EditTarget::Note(index) => Command::EditNote {
                    index: *index,
                    text: renaming.text.clone(),
                },
                EditTarget::Zone(id) => Command::RenameZone {
                    id: id.clone(),
                    name: renaming.text.clone(),
                },
            });
        }
        return false;
    }
    true
}
