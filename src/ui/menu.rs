//! The menu bar, the keyboard shortcuts (both from the one command table) and the Help
//! windows.

use egui::{Button, KeyboardShortcut, Ui};

use super::app::{InfraboardApp, Windows};
use super::command::{Arrange, Command, Commands, MENU_COMMANDS, Overlay};
use crate::io::templates::TEMPLATES;

/// Turns pressed shortcuts into commands (not while a text field has focus: the caller checks).
pub fn shortcuts(ctx: &egui::Context, commands: &mut Commands) {
    let mut table: Vec<(KeyboardShortcut, Command)> = MENU_COMMANDS
        .iter()
        .filter_map(|c| c.menu_entry().and_then(|(_, s)| s).map(|s| (s, c.clone())))
        .chain(Command::alternative_shortcuts())
        .collect();
    // Most specific first, so Ctrl+Shift+Z is not taken by Ctrl+Z.
    table.sort_by_key(|(s, _)| {
        std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt))
    });
    ctx.input_mut(|i| {
        for (shortcut, command) in table {
            if i.consume_shortcut(&shortcut) {
                commands.push(command);
            }
        }
        // The window delivers Ctrl+C / Ctrl+X / Ctrl+V as clipboard events, not key presses
        // (and Ctrl+V only when the system clipboard holds text: Copy puts the copied design
        // there).
        i.events.retain(|e| match e {
            egui::Event::Copy => {
                commands.push(Command::Copy);
                false
            }
            egui::Event::Cut => {
                commands.push(Command::Cut);
                false
            }
            egui::Event::Paste(text) => {
                commands.push(Command::PasteText(text.clone()));
                false
            }
            _ => true,
        });
    });
}

/// One menu entry for `command` from the command table (text and shortcut); `checked` adds a
/// tick column. Used by the menu bar and the canvas' context menu.
pub(crate) fn item(
    ui: &mut Ui,
    command: Command,
    checked: Option<bool>,
    enabled: bool,
    commands: &mut Commands,
) {
    let Some((label, shortcut)) = command.menu_entry() else {
        return;
    };
    let text = match checked {
        Some(true) => format!("✔ {label}"),
        Some(false) => format!("    {label}"),
        None => label.to_owned(),
    };
    let mut button = Button::new(text);
    if let Some(s) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui.add_enabled(enabled, button).clicked() {
        commands.push(command);
        ui.close();
    }
}

/// The menu bar.
pub fn menu_bar_ui(ui: &mut Ui, app: &InfraboardApp, commands: &mut Commands) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Command::NewDialog, None, true, commands);
            ui.menu_button("New from template", |ui| {
                if ui.button("Empty canvas").clicked() {
                    commands.push(Command::NewFrom(None));
                    ui.close();
                }
                for t in &TEMPLATES {
                    if ui.button(t.name).on_hover_text(t.description).clicked() {
                        commands.push(Command::NewFrom(Some(t.name)));
                        ui.close();
                    }
                }
            });
            item(ui, Command::Open, None, true, commands);
            ui.menu_button("Open recent", |ui| {
                if app.settings.recent.is_empty() {
                    ui.weak("No recent files");
                }
                for path in &app.settings.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        commands.push(Command::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
            ui.separator();
            item(ui, Command::Save, None, true, commands);
            item(ui, Command::SaveAs, None, true, commands);
            item(ui, Command::Export, None, true, commands);
            item(ui, Command::Import, None, true, commands);
            item(ui, Command::CompareDialog, None, true, commands);
            ui.separator();
            item(ui, Command::Quit, None, true, commands);
        });
        ui.menu_button("Edit", |ui| {
            let sel = app.doc.selection.boxes() > 0;
            item(
                ui,
                Command::Undo,
                None,
                app.doc.history.can_undo(),
                commands,
            );
            item(
                ui,
                Command::Redo,
                None,
                app.doc.history.can_redo(),
                commands,
            );
            ui.separator();
            item(ui, Command::Cut, None, sel, commands);
            item(ui, Command::Copy, None, sel, commands);
            item(ui, Command::Paste, None, app.clipboard.is_some(), commands);
            item(ui, Command::Duplicate, None, sel, commands);
            item(
                ui,
                Command::Delete,
                None,
                !app.doc.selection.is_empty(),
                commands,
            );
            ui.separator();
            item(ui, Command::SelectAll, None, true, commands);
            item(ui, Command::SelectNone, None, true, commands);
            ui.separator();
            item(
                ui,
                Command::Rename,
                None,
                (app.doc.selection.components.len() == 1 && app.doc.selection.notes.is_empty())
                    || app.doc.selection.single_note().is_some()
                    || app.doc.selection.zone.is_some(),
                commands,
            );
            item(ui, Command::Find, None, true, commands);
            ui.separator();
            ui.menu_button("Add a zone", |ui| {
                for kind in crate::model::ZoneKind::ALL {
                    if ui.button(kind.label()).clicked() {
                        commands.push(Command::AddZone { kind, at: None });
                        ui.close();
                    }
                }
            });
        });
        ui.menu_button("Arrange", |ui| {
            arrange_items(ui, app.doc.selection.boxes(), commands);
        });
        ui.menu_button("View", |ui| {
            let s = &app.settings;
            item(ui, Command::Fit, None, true, commands);
            item(ui, Command::ZoomIn, None, true, commands);
            item(ui, Command::ZoomOut, None, true, commands);
            ui.separator();
            item(ui, Command::ToggleGrid, Some(s.grid), true, commands);
            item(ui, Command::ToggleSnap, Some(s.snap), true, commands);
            ui.separator();
            for o in Overlay::ALL {
                item(
                    ui,
                    Command::ToggleOverlay(o),
                    Some(s.overlay(o)),
                    true,
                    commands,
                );
            }
            item(
                ui,
                Command::ToggleLegend,
                Some(s.show_legend),
                true,
                commands,
            );
            ui.separator();
            item(
                ui,
                Command::AutoLayout,
                None,
                !app.doc.design.components.is_empty(),
                commands,
            );
            ui.separator();
            item(ui, Command::ToggleDark, Some(s.dark), true, commands);
        });
        ui.menu_button("Help", |ui| {
            item(ui, Command::ShowShortcuts, None, true, commands);
            item(ui, Command::ShowAbout, None, true, commands);
        });
    });
}

/// The Align / Distribute entries, enabled for a selection of `selected` boxes (components
/// and notes).
pub(crate) fn arrange_items(ui: &mut Ui, selected: usize, commands: &mut Commands) {
    if selected < 3 {
        // Say why entries are greyed out.
        ui.weak("Select 2 or more components or notes (3 to distribute)");
    }
    for (i, a) in Arrange::ALL.into_iter().enumerate() {
        if i == 6 {
            ui.separator();
        }
        item(
            ui,
            Command::Arrange(a),
            None,
            selected >= a.needs(),
            commands,
        );
    }
}

/// The Help windows and the import report.
pub fn windows_ui(ctx: &egui::Context, windows: &mut Windows) {
    super::import_ui::import_report_ui(ctx, &mut windows.import_report);
    egui::Window::new("Keyboard and mouse")
        .open(&mut windows.shortcuts)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for c in MENU_COMMANDS {
                    if let Some((label, Some(s))) = c.menu_entry() {
                        ui.label(label.trim_end_matches('…'));
                        ui.monospace(ctx.format_shortcut(&s));
                        ui.end_row();
                    }
                }
                for (what, how) in MOUSE {
                    ui.label(*what);
                    ui.monospace(*how);
                    ui.end_row();
                }
            });
        });
    egui::Window::new("About Infraboard")
        .open(&mut windows.about)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.heading(format!("Infraboard {}", env!("CARGO_PKG_VERSION")));
            ui.label(env!("CARGO_PKG_DESCRIPTION"));
        });
}

/// Mouse gestures, for the shortcuts window.
pub const MOUSE: &[(&str, &str)] = &[
    ("Create a component", "drag from the palette (or click it)"),
    ("Link two components", "drag from the ● handle, or Alt+drag"),
    ("Select / add to selection", "click / Shift or Ctrl+click"),
    ("Box select (what it encloses)", "drag on empty canvas"),
    ("Box select (what it touches)", "Alt+drag on empty canvas"),
    ("Move", "drag a component (guides show alignment)"),
    ("Nudge", "arrow keys (Shift: 10 grid steps)"),
    ("Rename in place", "double-click a component, or F2"),
    (
        "Context menu",
        "right-click a component, a link or the canvas",
    ),
    ("Link details", "hover a link's label"),
    ("Pan", "scroll, middle or right drag, Space+drag"),
    ("Zoom around the pointer", "Ctrl+scroll or pinch"),
];
