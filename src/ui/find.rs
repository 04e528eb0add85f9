//! Find (Ctrl+F): type part of a component's id or name, see the matches, jump to one
//! (Enter takes the first). Reads the design, emits `Reveal`; holds only what is typed.

use egui::{Align2, Key, Ui};

use super::command::{Command, Commands};
use crate::model::{Component, ComponentId, Design};

/// At most this many matches are listed.
const SHOWN: usize = 8;

/// The find box's state.
#[derive(Debug, Default)]
pub struct FindBox {
    /// Whether it is showing.
    pub open: bool,
    /// What is typed.
    pub text: String,
    /// Focus the field on the next frame.
    focus: bool,
}

impl FindBox {
    /// Shows the box with its field focused (the text is kept and selected for retyping).
    pub fn show(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Esc closes the open box, whether its field has the focus or not (called before the
    /// shortcuts, which would take Esc as "select none").
    pub fn close_on_escape(&mut self, ctx: &egui::Context) {
        if self.open && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
            self.open = false;
        }
    }
}

/// The components whose id or name contains `text` (case-insensitive), best first: exact id
/// or name, then those starting with it, then the rest, each in design order.
pub fn matches<'d>(design: &'d Design, text: &str) -> Vec<&'d Component> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(u8, usize, &Component)> = design
        .components
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (id, name) = (c.id.as_str().to_lowercase(), c.name.to_lowercase());
            let rank = if id == needle || name == needle {
                0
            } else if id.starts_with(&needle) || name.starts_with(&needle) {
                1
            } else if id.contains(&needle) || name.contains(&needle) {
                2
            } else {
                return None;
            };
            Some((rank, i, c))
        })
        .collect();
    found.sort_by_key(|&(rank, i, _)| (rank, i));
    found.into_iter().map(|(_, _, c)| c).collect()
}

/// Shows the find box over the top right of the window when open.
pub fn find_ui(ctx: &egui::Context, find: &mut FindBox, design: &Design, commands: &mut Commands) {
    if !find.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Find")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::RIGHT_TOP, [-300.0, 40.0])
        .show(ctx, |ui| find_contents_ui(ui, find, design, commands));
    if !open {
        find.open = false;
    }
}

fn find_contents_ui(ui: &mut Ui, find: &mut FindBox, design: &Design, commands: &mut Commands) {
    let edit = ui.add(
        egui::TextEdit::singleline(&mut find.text)
            .hint_text("part of an id or a name")
            .desired_width(240.0),
    );
    if std::mem::take(&mut find.focus) {
        edit.request_focus();
    }
    let found = matches(design, &find.text);
    let reveal = |c: &Component, commands: &mut Commands| {
        commands.push(Command::Reveal(vec![ComponentId::new(c.id.as_str())]));
    };
    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        if let Some(first) = found.first() {
            reveal(first, commands);
        }
        edit.request_focus();
    }
    if find.text.trim().is_empty() {
        ui.weak("Enter jumps to the first match.");
        return;
    }
    if found.is_empty() {
        ui.weak("No component matches.");
    }
    for c in found.iter().take(SHOWN) {
        if ui
            .button(format!("{} · {}", c.name, c.id))
            .on_hover_text("Select it and centre the view on it")
            .clicked()
        {
            reveal(c, commands);
        }
    }
    if found.len() > SHOWN {
        ui.weak(format!("and {} more", found.len() - SHOWN));
    }
}
