//! The right-click menu on a component, a link or the empty canvas: the commands that apply
//! there, with the menu bar's text and shortcuts (the one command table).

use egui::Ui;

use crate::ui::command::{Command, Commands};
use crate::ui::menu::{arrange_items, item};
use crate::ui::state::Selection;

/// What was right-clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextTarget {
    /// A component (now selected, with the rest of the selection if it was in it).
    Component,
    /// A link (now selected).
    Link,
    /// A text note (now selected).
    Note,
    /// A zone, by its label or border (now selected).
    Zone,
    /// The empty canvas.
    Canvas,
}

/// The menu's entries for `target`, given the selection and whether there is something to
/// paste.
pub fn context_menu_ui(
    ui: &mut Ui,
    target: ContextTarget,
    selection: &Selection,
    can_paste: bool,
    at: Option<crate::model::Point>,
    commands: &mut Commands,
) {
    match target {
        ContextTarget::Component => {
            let one = selection.components.len() == 1;
            item(ui, Command::Rename, None, one, commands);
            ui.separator();
            item(ui, Command::Cut, None, true, commands);
            item(ui, Command::Copy, None, true, commands);
            item(ui, Command::Paste, None, can_paste, commands);
            item(ui, Command::Duplicate, None, true, commands);
            item(ui, Command::Delete, None, true, commands);
            arrange_menu(ui, selection, commands);
        }
        ContextTarget::Link => {
            item(ui, Command::Delete, None, true, commands);
        }
        ContextTarget::Note => {
            if selection.single_note().is_some() && ui.button("Edit text").clicked() {
                commands.push(Command::Rename);
                ui.close();
            }
            item(ui, Command::Cut, None, true, commands);
            item(ui, Command::Copy, None, true, commands);
            item(ui, Command::Duplicate, None, true, commands);
            item(ui, Command::Delete, None, true, commands);
            arrange_menu(ui, selection, commands);
        }
        ContextTarget::Zone => {
            item(ui, Command::Rename, None, true, commands);
            item(ui, Command::Delete, None, true, commands);
        }
        ContextTarget::Canvas => {
            if ui.button("Add a text note here").clicked() {
                commands.push(Command::AddNote(at));
                ui.close();
            }
            ui.menu_button("Add a zone here", |ui| {
                for kind in crate::model::ZoneKind::ALL {
                    if ui.button(kind.label()).clicked() {
                        commands.push(Command::AddZone { kind, at });
                        ui.close();
                    }
                }
            });
            item(ui, Command::Paste, None, can_paste, commands);
            item(ui, Command::SelectAll, None, true, commands);
            ui.separator();
            item(ui, Command::Fit, None, true, commands);
            item(ui, Command::Find, None, true, commands);
        }
    }
}

/// The Arrange submenu, when two or more boxes (components and notes) are selected.
fn arrange_menu(ui: &mut Ui, selection: &Selection, commands: &mut Commands) {
    if selection.boxes() >= 2 {
        ui.separator();
        ui.menu_button("Arrange", |ui| {
            arrange_items(ui, selection.boxes(), commands);
        });
    }
}
