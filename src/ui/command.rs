//! Everything the user can ask for, as data. Panels emit commands; `apply` carries them out at
//! the end of the frame. [`Command::menu_entry`] is the one table of menu text and shortcuts.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{
    Component, ComponentId, Design, Endpoint, KindTag, Link, Point, Zone, ZoneKind,
};

/// An overlay on the canvas that can be switched on and off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Overlay {
    /// Single points of failure.
    Spof,
    /// Encryption of links and TLS termination.
    Tls,
    /// Served QPS, utilisation and link thickness.
    Qps,
    /// Unmonitored machines and firewall exposure.
    Exposure,
    /// Availability importance: each component tinted by what its failures cost, and the
    /// pairs that stop a class together shown on hover.
    Importance,
}

impl Overlay {
    /// Every overlay, in menu order.
    pub const ALL: [Self; 5] = [
        Self::Spof,
        Self::Tls,
        Self::Qps,
        Self::Exposure,
        Self::Importance,
    ];

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Spof => "SPOFs",
            Self::Tls => "TLS and plaintext hops",
            Self::Qps => "QPS and utilisation",
            Self::Exposure => "Monitoring and exposure",
            Self::Importance => "Availability: what to fix first",
        }
    }
}

/// What a click in drill mode fails or restores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillTarget {
    /// A component (every service on it).
    Component(ComponentId),
    /// A link, by index in the design.
    Link(usize),
    /// A zone (everything in it fails as a unit).
    Zone(ComponentId),
}

/// How to line up or spread out the selected components.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arrange {
    /// Left edges on the leftmost.
    Left,
    /// Centres on the middle of the selection, horizontally.
    CentreX,
    /// Right edges on the rightmost.
    Right,
    /// Top edges on the topmost.
    Top,
    /// Centres on the middle of the selection, vertically.
    CentreY,
    /// Bottom edges on the lowest.
    Bottom,
    /// Equal gaps left to right (the outermost stay).
    DistributeX,
    /// Equal gaps top to bottom (the outermost stay).
    DistributeY,
}

impl Arrange {
    /// Every arrangement, in menu order.
    pub const ALL: [Self; 8] = [
        Self::Left,
        Self::CentreX,
        Self::Right,
        Self::Top,
        Self::CentreY,
        Self::Bottom,
        Self::DistributeX,
        Self::DistributeY,
    ];

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Left => "Align left edges",
            Self::CentreX => "Align centres (vertical line)",
            Self::Right => "Align right edges",
            Self::Top => "Align top edges",
            Self::CentreY => "Align middles (horizontal line)",
            Self::Bottom => "Align bottom edges",
            Self::DistributeX => "Distribute horizontally",
            Self::DistributeY => "Distribute vertically",
        }
    }

    /// How many selected boxes (components and notes) it needs.
    pub fn needs(self) -> usize {
        match self {
            Self::DistributeX | Self::DistributeY => 3,
            _ => 2,
        }
    }
}

/// A user request.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    // File
    /// Ask which template to start from.
    NewDialog,
    /// Start from this template (`None`: empty), after asking about unsaved changes.
    NewFrom(Option<&'static str>),
    /// Show the open dialog (after asking about unsaved changes).
    Open,
    /// Open this file (after asking about unsaved changes).
    OpenPath(PathBuf),
    /// Open this file now: the unsaved changes were already saved or discarded (the in-app
    /// path field, shown after that question).
    OpenAnswered(PathBuf),
    /// Save to the current file (or ask where).
    Save,
    /// Ask where to save.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Open the export window (PNG / SVG).
    Export,
    /// Import a draw.io, Docker Compose or Mermaid file as a new design.
    Import,
    /// Ask what to compare the open design with (File → Compare with…).
    CompareDialog,
    /// Compare the open design with this version (compare mode).
    CompareWith(super::compare::CompareSource),
    /// Leave compare mode.
    LeaveCompare,
    /// Write the comparison as an image (`.svg`, `.png`, `.pdf`).
    ExportComparison(PathBuf),
    /// Leave (after asking about unsaved changes).
    Quit,
    // Edit
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Copy and delete the selection.
    Cut,
    /// Copy the selection.
    Copy,
    /// Paste what was copied.
    Paste,
    /// Paste this text from the system clipboard: a copied selection (from this window or
    /// another); any other text pastes what was copied here.
    PasteText(String),
    /// Copy and paste in one go.
    Duplicate,
    /// Delete the selection.
    Delete,
    /// Select every component and note.
    SelectAll,
    /// Clear the selection.
    SelectNone,
    /// Rename the selected component in place (F2; double-click does the same).
    Rename,
    /// Set a component's name (the in-place editor's result).
    RenameComponent {
        /// The component.
        id: ComponentId,
        /// Its new name.
        name: String,
    },
    /// Move the selection by this many canvas units as one undo step (arrow keys).
    Nudge(egui::Vec2),
    /// Line up or spread out the selected components and notes.
    Arrange(Arrange),
    /// Show the find box (jump to a component by part of its id or name).
    Find,
    /// Add a text note at this point (canvas units), or in the middle of the view, and edit it.
    AddNote(Option<Point>),
    /// Select one text note (by index).
    SelectNote(usize),
    /// Set a note's text (the inspector or the in-place editor).
    EditNote {
        /// Index in the design's notes.
        index: usize,
        /// Its new text.
        text: String,
    },
    /// Add a text note to or remove it from the selection (Shift/Ctrl+click).
    ToggleNote(usize),
    // View
    /// Fit the design in the canvas.
    Fit,
    /// Zoom in around the canvas centre.
    ZoomIn,
    /// Zoom out around the canvas centre.
    ZoomOut,
    /// Show the grid.
    ToggleGrid,
    /// Snap moved components to the grid.
    ToggleSnap,
    /// Switch one overlay.
    ToggleOverlay(Overlay),
    /// Switch between light and dark.
    ToggleDark,
    /// Show the legend.
    ToggleLegend,
    /// Lay out the selection (or everything) automatically; one undo step.
    AutoLayout,
    // Help
    /// Show the shortcuts.
    ShowShortcuts,
    /// Show what Infraboard is.
    ShowAbout,
    // Canvas and inspector edits
    /// Add a component of `tag` centred at `at` (canvas units) and select it.
    AddComponent {
        /// Kind.
        tag: KindTag,
        /// Centre.
        at: Point,
    },
    /// Add a component of `tag` in the middle of the view, beside what is already there, and
    /// select it (a click on the palette).
    AddComponentInView(KindTag),
    /// Link two components (or services on servers) with the default purpose and protocol
    /// for their kinds.
    Connect {
        /// Source.
        from: Endpoint,
        /// Target.
        to: Endpoint,
    },
    /// Replace the selection.
    Select(Vec<ComponentId>),
    /// Replace the selection with these components and text notes (a box selection).
    SelectBoxes {
        /// Components.
        components: Vec<ComponentId>,
        /// Text notes, by index.
        notes: Vec<usize>,
    },
    /// Add to or remove from the selection.
    ToggleSelected(ComponentId),
    /// Select one link (by index).
    SelectLink(usize),
    /// Select components and centre the view on them.
    Reveal(Vec<ComponentId>),
    /// Drill mode: fail the target if it is up, restore it if it is failed (a click on the
    /// canvas, never a drag).
    DrillToggle(DrillTarget),
    /// A drag of the selection starts: opens an undo transaction.
    BeginMove,
    /// Move the selected components and notes by this many canvas units.
    MoveSelectionBy(egui::Vec2),
    /// The drag ends: one undo step.
    EndMove,
    /// Replace a component (inspector edits); `merge` groups edits of one field.
    EditComponent {
        /// The id it had.
        id: ComponentId,
        /// Its new state (may carry a new id).
        component: Box<Component>,
    },
    /// Replace a link (inspector edits).
    EditLink {
        /// Index in the design.
        index: usize,
        /// New state.
        link: Box<Link>,
    },
    /// Replace the design-wide fields (name, domain, traffic), keeping components and links.
    EditDesignInfo(Box<Design>),
    // Zones
    /// Add a zone of `kind` centred at `at` (canvas units), or in the middle of the view,
    /// and select it. It holds nothing until components are dropped into it.
    AddZone {
        /// Rack, availability zone or region.
        kind: ZoneKind,
        /// Centre, or `None` for the middle of the view.
        at: Option<Point>,
    },
    /// Select one zone.
    SelectZone(ComponentId),
    /// Replace a zone (inspector edits; typing in one field merges into one undo step).
    EditZone {
        /// The zone's id.
        id: ComponentId,
        /// Its new state (same id).
        zone: Box<Zone>,
    },
    /// Set a zone's name (the in-place editor's result).
    RenameZone {
        /// The zone.
        id: ComponentId,
        /// Its new name.
        name: String,
    },
    /// Grow or shrink a zone by dragging its corner (inside a `BeginMove` … `EndMove`
    /// transaction: one undo step per drag).
    ResizeZoneBy {
        /// The zone.
        id: ComponentId,
        /// Change of width and height, canvas units.
        delta: egui::Vec2,
    },
}

/// Ctrl (Cmd on Mac).
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

/// Commands that appear in menus and have fixed meaning, in table order (used by the
/// shortcut dispatcher and the shortcuts window).
pub const MENU_COMMANDS: &[Command] = &[
    Command::NewDialog,
    Command::Open,
    Command::Save,
    Command::SaveAs,
    Command::Export,
    Command::Import,
    Command::Quit,
    Command::Undo,
    Command::Redo,
    Command::Cut,
    Command::Copy,
    Command::Paste,
    Command::Duplicate,
    Command::Delete,
    Command::SelectAll,
    Command::SelectNone,
    Command::Rename,
    Command::Find,
    Command::Arrange(Arrange::Left),
    Command::Arrange(Arrange::CentreX),
    Command::Arrange(Arrange::Right),
    Command::Arrange(Arrange::Top),
    Command::Arrange(Arrange::CentreY),
    Command::Arrange(Arrange::Bottom),
    Command::Arrange(Arrange::DistributeX),
    Command::Arrange(Arrange::DistributeY),
    Command::Fit,
    Command::ZoomIn,
    Command::ZoomOut,
    Command::ToggleGrid,
    Command::ToggleSnap,
    Command::ToggleOverlay(Overlay::Spof),
    Command::ToggleOverlay(Overlay::Tls),
    Command::ToggleOverlay(Overlay::Qps),
    Command::ToggleOverlay(Overlay::Exposure),
    Command::ToggleLegend,
    Command::AutoLayout,
    Command::ToggleDark,
    Command::ShowShortcuts,
    Command::ShowAbout,
];

impl Command {
    /// The menu text and the shortcut: the one table. `None` for commands that are not menu
    /// entries.
    pub fn menu_entry(&self) -> Option<(&'static str, Option<KeyboardShortcut>)> {
        let k = |m: Modifiers, key: Key| Some(KeyboardShortcut::new(m, key));
        let none = Modifiers::NONE;
        Some(match self {
            Self::NewDialog => ("New from template…", k(CMD, Key::N)),
            Self::Open => ("Open…", k(CMD, Key::O)),
            Self::Save => ("Save", k(CMD, Key::S)),
            Self::SaveAs => ("Save As…", k(CMD_SHIFT, Key::S)),
            Self::Export => ("Export…", k(CMD, Key::E)),
            Self::Import => ("Import…", k(CMD, Key::I)),
            Self::CompareDialog => ("Compare with…", None),
            Self::AutoLayout => ("Auto-layout", k(CMD_SHIFT, Key::L)),
            Self::Quit => ("Quit", k(CMD, Key::Q)),
            Self::Undo => ("Undo", k(CMD, Key::Z)),
            Self::Redo => ("Redo", k(CMD_SHIFT, Key::Z)),
            Self::Cut => ("Cut", k(CMD, Key::X)),
            Self::Copy => ("Copy", k(CMD, Key::C)),
            Self::Paste => ("Paste", k(CMD, Key::V)),
            Self::Duplicate => ("Duplicate", k(CMD, Key::D)),
            Self::Delete => ("Delete", k(none, Key::Delete)),
            Self::SelectAll => ("Select all", k(CMD, Key::A)),
            Self::SelectNone => ("Select none", k(none, Key::Escape)),
            Self::Rename => ("Rename", k(none, Key::F2)),
            Self::Find => ("Find…", k(CMD, Key::F)),
            Self::Arrange(a) => (a.label(), None),
            Self::Fit => ("Fit to view", k(none, Key::F)),
            Self::ZoomIn => ("Zoom in", k(CMD, Key::Plus)),
            Self::ZoomOut => ("Zoom out", k(CMD, Key::Minus)),
            Self::ToggleGrid => ("Grid", k(none, Key::G)),
            Self::ToggleSnap => ("Snap to grid", k(CMD_SHIFT, Key::G)),
            Self::ToggleOverlay(o) => (
                o.label(),
                match o {
                    Overlay::Spof => k(none, Key::Num1),
                    Overlay::Tls => k(none, Key::Num2),
                    Overlay::Qps => k(none, Key::Num3),
                    Overlay::Exposure => k(none, Key::Num4),
                    Overlay::Importance => k(none, Key::Num5),
                },
            ),
            Self::ToggleLegend => ("Legend", k(none, Key::L)),
            Self::ToggleDark => ("Dark theme", k(CMD_SHIFT, Key::D)),
            Self::ShowShortcuts => ("Keyboard shortcuts", k(none, Key::F1)),
            Self::ShowAbout => ("About Infraboard", None),
            _ => return None,
        })
    }

    /// Extra shortcuts that also trigger a command (Backspace deletes, Ctrl+Y redoes, the
    /// arrow keys nudge the selection one grid step, ten with Shift).
    pub fn alternative_shortcuts() -> Vec<(KeyboardShortcut, Command)> {
        let grid = super::look::size::GRID;
        let shift = Modifiers::SHIFT;
        let nudges = [
            (Key::ArrowLeft, egui::vec2(-1.0, 0.0)),
            (Key::ArrowRight, egui::vec2(1.0, 0.0)),
            (Key::ArrowUp, egui::vec2(0.0, -1.0)),
            (Key::ArrowDown, egui::vec2(0.0, 1.0)),
        ]
        .into_iter()
        .flat_map(|(key, dir)| {
            [
                (
                    KeyboardShortcut::new(Modifiers::NONE, key),
                    Command::Nudge(dir * grid),
                ),
                (
                    KeyboardShortcut::new(shift, key),
                    Command::Nudge(dir * grid * 10.0),
                ),
            ]
        });
        [
            (
                KeyboardShortcut::new(Modifiers::NONE, Key::Backspace),
                Command::Delete,
            ),
            (KeyboardShortcut::new(CMD, Key::Y), Command::Redo),
            (KeyboardShortcut::new(CMD, Key::Equals), Command::ZoomIn),
        ]
        .into_iter()
        .chain(nudges)
        .collect()
    }

    /// Whether the command changes the design (used to refuse edits while a dialog is up).
    pub fn edits_design(&self) -> bool {
        matches!(
            self,
            Self::Cut
                | Self::Paste
                | Self::PasteText(_)
                | Self::Duplicate
                | Self::Delete
                | Self::AddComponent { .. }
                | Self::AddComponentInView(_)
                | Self::Connect { .. }
                | Self::MoveSelectionBy(_)
                | Self::EditComponent { .. }
                | Self::EditLink { .. }
                | Self::EditDesignInfo(_)
                | Self::RenameComponent { .. }
                | Self::Nudge(_)
                | Self::Arrange(_)
                | Self::AddNote(_)
                | Self::EditNote { .. }
                | Self::AutoLayout
                | Self::AddZone { .. }
                | Self::EditZone { .. }
                | Self::RenameZone { .. }
                | Self::ResizeZoneBy { .. }
        )
    }
}

/// Commands collected during a frame, applied at its end.
#[derive(Debug, Default)]
#[must_use = "commands do nothing until applied"]
pub struct Commands(pub Vec<Command>);

impl Commands {
    /// Queues a command.
    pub fn push(&mut self, command: Command) {
        self.0.push(command);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for c in MENU_COMMANDS {
            let (_, shortcut) = c.menu_entry().unwrap();
            if let Some(s) = shortcut {
                assert!(seen.insert(format!("{s:?}")), "{c:?} reuses {s:?}");
            }
        }
    }
}
