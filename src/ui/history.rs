//! Undo and redo as transactions over design snapshots: an edit pushes the design as it was;
//! a gesture (a drag) opens a transaction and records one step when it ends. Each state carries
//! a revision number, so returning to the saved revision reads as clean.

use std::sync::atomic::{AtomicU64, Ordering};

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
    merge_key: Option<String>,
}

/// Most undo steps kept.
const MAX_STEPS: usize = 200;

/// Most components and links kept over all undo snapshots (each snapshot is a whole design):
/// 200 steps of a 2,500-component design, about 20 of a 10,000-component one, so that the
/// history of a large design stays within a few hundred megabytes.
const MAX_SNAPSHOT_ITEMS: usize = 500_000;

/// What a snapshot of `design` weighs against [`MAX_SNAPSHOT_ITEMS`].
fn weight(design: &Design) -> usize {
    1 + design.components.len() + design.links.len()
}

impl History {
    /// A fresh revision number, unique in the process: a newly opened document must not reuse
    /// the previous one's numbers, or the caches keyed on the revision (analysis, scene, drill)
    /// would keep showing the previous design.
    pub fn fresh_revision(&mut self) -> u64 {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        NEXT.fetch_add(1, Ordering::Relaxed)
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
        self.redo.clear();
        self.trim();
    }

    /// Forgets the oldest undo steps beyond [`MAX_STEPS`] or [`MAX_SNAPSHOT_ITEMS`], keeping
    /// at least the latest step.
    fn trim(&mut self) {
        let mut items: usize = self.undo.iter().map(|s| weight(&s.design)).sum();
        let mut drop = 0;
        while self.undo.len() - drop > 1
            && (self.undo.len() - drop > MAX_STEPS || items > MAX_SNAPSHOT_ITEMS)
        {
            items -= weight(&self.undo[drop].design);
            drop += 1;
        }
        self.undo.drain(..drop);
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

    /// The design as it was when the open transaction began (what a drag started from).
    pub fn transaction_start(&self) -> Option<&Design> {
        self.open.as_ref().map(|s| &s.design)
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
                self.trim();
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

    #[test]
    fn large_designs_keep_fewer_steps_and_the_latest_ones() {
        use crate::model::{Component, KindTag, Point};
        let mut d = Design {
            components: (0..30_000)
                .map(|i| Component::new(&format!("c{i}"), "c", KindTag::Service, Point::default()))
                .collect(),
            ..Design::default()
        };
        let per_step = weight(&d);
        let mut h = History::default();
        for step in 0..40 {
            d.name = format!("step {step}");
            h.record(&d, step, None);
        }
        assert_eq!(h.undo.len(), MAX_SNAPSHOT_ITEMS / per_step);
        let (latest, revision) = h.undo(&d, 99).unwrap();
        assert_eq!((latest.name.as_str(), revision), ("step 39", 39));
    }
}
