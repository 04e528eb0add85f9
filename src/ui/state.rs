//! The open document: the design, where it lives, its revision (for the unsaved marker and the
//! analysis cache), undo history and the selection. Knows nothing of egui widgets.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::history::History;
use crate::model::{ComponentId, Design};

/// What is selected: components and text notes (moved, copied, aligned and deleted
/// together), or a single link, or a single zone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Selected components.
    pub components: BTreeSet<ComponentId>,
    /// The selected link, by index.
    pub link: Option<usize>,
    /// The selected text notes, by index.
    pub notes: BTreeSet<usize>,
    /// The selected zone (rack, availability zone, region), by id; nothing else is selected
    /// with it.
    pub zone: Option<ComponentId>,
}

impl Selection {
    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
            && self.link.is_none()
            && self.notes.is_empty()
            && self.zone.is_none()
    }

    /// Only the zone `id`.
    pub fn zone(id: ComponentId) -> Self {
        Self {
            zone: Some(id),
            ..Self::default()
        }
    }

    /// How many boxes (components and notes) are selected: what Arrange and Copy work on.
    pub fn boxes(&self) -> usize {
        self.components.len() + self.notes.len()
    }

    /// The one selected note, when a single note and nothing else is selected.
    pub fn single_note(&self) -> Option<usize> {
        match (self.components.is_empty(), self.notes.len()) {
            (true, 1) => self.notes.first().copied(),
            _ => None,
        }
    }

    /// Whether component `id` is selected.
    pub fn contains(&self, id: &str) -> bool {
        self.components.contains(id)
    }

    /// Drops what no longer exists in `design`. O(n log k) for n components and k selected.
    pub fn revalidate(&mut self, design: &Design) {
        if !self.components.is_empty() {
            let present: BTreeSet<&ComponentId> = design
                .components
                .iter()
                .filter(|c| self.components.contains(&c.id))
                .map(|c| &c.id)
                .collect();
            if present.len() != self.components.len() {
                self.components.retain(|id| present.contains(id));
            }
        }
        if self.link.is_some_and(|i| i >= design.links.len()) {
            self.link = None;
        }
        let notes = design.notes.len();
        if self.notes.last().is_some_and(|&i| i >= notes) {
            self.notes.retain(|&i| i < notes);
        }
        if self
            .zone
            .as_ref()
            .is_some_and(|id| !design.zones.iter().any(|z| &z.id == id))
        {
            self.zone = None;
        }
    }
}

/// The open document.
#[derive(Debug)]
pub struct Document {
    /// The design being edited.
    pub design: Design,
    /// The file it was loaded from or saved to.
    pub path: Option<PathBuf>,
    /// Revision of the current state.
    pub revision: u64,
    /// Revision that matches the file on disk (`None`: never saved).
    pub saved_revision: Option<u64>,
    /// Undo and redo.
    pub history: History,
    /// The selection.
    pub selection: Selection,
}

impl Document {
    /// A document for `design`, clean if it came from `path`.
    pub fn new(design: Design, path: Option<PathBuf>) -> Self {
        let mut history = History::default();
        let revision = history.fresh_revision();
        Self {
            design,
            saved_revision: Some(revision),
            path,
            revision,
            history,
            selection: Selection::default(),
        }
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.saved_revision != Some(self.revision)
    }

    /// Applies an edit as one undo step (or as part of the open transaction).
    pub fn edit(&mut self, merge_key: Option<String>, f: impl FnOnce(&mut Design)) {
        let before = self.design.clone();
        f(&mut self.design);
        if self.design == before {
            return;
        }
        self.history.record(&before, self.revision, merge_key);
        self.revision = self.history.fresh_revision();
        self.selection.revalidate(&self.design);
    }

    /// Steps back one edit.
    pub fn undo(&mut self) {
        if let Some((d, r)) = self.history.undo(&self.design, self.revision) {
            self.design = d;
            self.revision = r;
            self.selection.revalidate(&self.design);
        }
    }

    /// Steps forward one edit.
    pub fn redo(&mut self) {
        if let Some((d, r)) = self.history.redo(&self.design, self.revision) {
            self.design = d;
            self.revision = r;
            self.selection.revalidate(&self.design);
        }
    }

    /// File name for the title bar and the status bar; a design never saved (a template, a new
    /// drawing) goes by its name until it has a file.
    pub fn file_name(&self) -> String {
        match self.path.as_ref().and_then(|p| p.file_name()) {
            Some(n) => n.to_string_lossy().into_owned(),
            None if !self.design.name.trim().is_empty() => {
                format!("{} (not saved yet)", self.design.name.trim())
            }
            None => "untitled".to_owned(),
        }
    }
}
