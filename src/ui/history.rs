//! Undo and redo as transactions over design snapshots: an edit pushes the design as it was;
//! a gesture (a drag) opens a transaction and records one step when it ends. Each state carries
//! a revision number, so returning to the saved revision reads as clean.

use crate::model::Design;

/// A design as it was, with its revision.
#[derive(Debug, Clone)]
struct Snapshot {
    design: Design,
    revision: u64,
}

/// The undo and redo stacks and the open transaction.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    open: Option<Snapshot>,
    next_revision: u64,
    merge_key: Option<String>,
}

/// Most undo steps kept.
const MAX_STEPS: usize = 200;

impl History {
    /// A fresh revision number.
    pub fn fresh_revision(&mut self) -> u64 {
        self.next_revision += 1;
        self.next_revision
    }

    /// Records the state before an edit. Consecutive edits with the same `merge_key` (typing in
    /// one inspector field) make one step. Inside a transaction nothing is recorded.
    pub fn record(&mut self, before: &Design, revision: u64, merge_key: Option<String>) {
        if self.open.is_some() {
            return;
        }
        if merge_key.is_some() && merge_key == self.merge_key && !self.undo.is_empty() {
            return;
        }
        self.merge_key = merge_key;
        self.undo.push(Snapshot {
            design: before.clone(),
            revision,
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Opens a transaction (a drag starts). Does nothing if one is open.
    pub fn begin(&mut self, design: &Design, revision: u64) {
        if self.open.is_none() {
            self.open = Some(Snapshot {
                design: design.clone(),
                revision,
            });
        }
    }

    /// Whether a transaction is open.
    pub fn in_transaction(&self) -> bool {
        self.open.is_some()
    }

    /// Closes the transaction: records one step if the design changed. Returns whether it did.
    pub fn commit(&mut self, design: &Design) -> bool {
        match self.open.take() {
            Some(before) if before.design != *design => {
                self.merge_key = None;
                self.undo.push(before);
                self.redo.clear();
                true
            }
            _ => false,
        }
    }

    /// Drops the transaction and returns the design to restore, if one was open.
    pub fn abort(&mut self) -> Option<(Design, u64)> {
        self.open.take().map(|s| (s.design, s.revision))
    }

    /// Steps back: takes the current state and returns the one to restore.
    pub fn undo(&mut self, current: &Design, revision: u64) -> Option<(Design, u64)> {
        self.open = None;
        self.merge_key = None;
        let s = self.undo.pop()?;
        self.redo.push(Snapshot {
            design: current.clone(),
            revision,
        });
        Some((s.design, s.revision))
    }

    /// Steps forward again.
    pub fn redo(&mut self, current: &Design, revision: u64) -> Option<(Design, u64)> {
        self.open = None;
        self.merge_key = None;
        let s = self.redo.pop()?;
        self.undo.push(Snapshot {
            design: current.clone(),
            revision,
        });
        Some((s.design, s.revision))
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything (a new design was opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.open = None;
        self.merge_key = None;
    }

    /// Ends merging of field edits (the focus left a field).
    pub fn break_merge(&mut self) {
        self.merge_key = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_is_one_step_and_undo_restores_revision() {
        let mut h = History::default();
        let mut d = Design::default();
        let r0 = h.fresh_revision();
        h.begin(&d, r0);
        d.name = "a".into();
        d.name = "b".into();
        assert!(h.commit(&d));
        let r1 = h.fresh_revision();
        let (back, rev) = h.undo(&d, r1).unwrap();
        assert_eq!(rev, r0);
        assert_eq!(back.name, "Untitled design");
        assert!(!h.can_undo());
        let (fwd, rev) = h.redo(&back, rev).unwrap();
        assert_eq!((fwd.name.as_str(), rev), ("b", r1));
    }
}
