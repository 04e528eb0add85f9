//! Autosave and recovery in the window: the open design is written to its recovery file (see
//! [`crate::io::recovery`]) [`AUTOSAVE_DELAY`] after an edit (longer for a design that takes
//! long to write, never more than [`MAX_AUTOSAVE_DELAY`]), the file is removed on a
//! clean save or a discard, and on start the prompt offers what an earlier run left:
//! Restore, Discard, or Keep for later (it stays on disk and is offered again next start).
//! Nothing is ever removed without one of those answers.

use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime};

use super::analysis_cache::INLINE_ANALYSIS_ITEMS;
use super::app::InfraboardApp;
use crate::io::SaveError;
use crate::io::recovery::{Recovered, RecoveryDir, Session, save_recovery};

/// Time between an edit and its autosave, for designs that write quickly.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(2);
/// Longest time between an edit and its autosave, however slow writing is.
pub const MAX_AUTOSAVE_DELAY: Duration = Duration::from_secs(8);
/// The delay is at least this many times the last autosave's duration, so that a huge design
/// (a second to write) never spends more than a small share of the editing time autosaving.
const DELAY_PER_WRITE_TIME: u32 = 20;

/// Autosave and recovery state; inert when the app runs without a recovery directory (tests,
/// or no home directory).
#[derive(Debug, Default)]
pub struct Recovery {
    session: Option<Session>,
    /// Recovery files of earlier runs still to ask about, oldest first.
    pub(crate) offers: Vec<Recovered>,
    /// The revision last written to the recovery file (`None`: no file).
    autosaved: Option<u64>,
    /// When the first edit not yet autosaved was seen.
    pending_since: Option<Instant>,
    /// Why autosave does not work, shown once in the status bar.
    pub(crate) problem: Option<String>,
    /// How long the last autosave took.
    last_write: Duration,
    /// A large design's autosave being written on a worker thread.
    writing: Option<Write>,
}

/// An autosave in flight on a worker thread.
#[derive(Debug)]
struct Write {
    /// The revision it writes.
    revision: u64,
    /// When it started.
    started: Instant,
    /// The worker's answer.
    answer: Receiver<Result<(), SaveError>>,
}

impl Recovery {
    /// Autosave into `dir`, and the orphans found there to offer.
    pub fn start(dir: &RecoveryDir) -> Self {
        let offers = dir.orphans();
        match dir.start_session() {
            Ok(session) => Self {
                session: Some(session),
                offers,
                ..Self::default()
            },
            Err(e) => Self {
                offers,
                problem: Some(format!(
                    "Autosave is off: cannot use {}: {e}",
                    dir.path().display()
                )),
                ..Self::default()
            },
        }
    }

    /// The recovery file of the open design, while autosave runs.
    pub fn file(&self) -> Option<&std::path::Path> {
        self.session.as_ref().map(Session::file)
    }
}

impl InfraboardApp {
    /// Turns on autosave into `dir` and offers the recovery files earlier runs left there.
    #[must_use]
    pub fn with_recovery(mut self, dir: &RecoveryDir) -> Self {
        self.recovery = Recovery::start(dir);
        if let Some(problem) = self.recovery.problem.clone() {
            self.status = Some(problem);
        }
        self
    }

    /// The recovery file autosave writes for the open design, if autosave is on.
    pub fn recovery_file(&self) -> Option<&std::path::Path> {
        self.recovery.file()
    }

    /// Whether the recovery prompt is showing.
    pub fn recovery_prompt_showing(&self) -> bool {
        !self.recovery.offers.is_empty()
    }

    /// Removes the recovery file: the changes were saved or discarded.
    pub(crate) fn drop_recovery_file(&mut self) {
        // A write in flight would bring the file back after its removal: let it finish.
        if let Some(write) = self.recovery.writing.take() {
            let _finished = write.answer.recv();
        }
        if let Some(session) = &self.recovery.session
            && let Err(e) = session.remove()
        {
            self.status = Some(format!("Could not remove the recovery file: {e}"));
        }
        self.recovery.autosaved = None;
        self.recovery.pending_since = None;
    }

    /// Writes the recovery file when an edit is [`AUTOSAVE_DELAY`] old, removes it when the
    /// design is clean, and asks for a repaint when the next autosave is due. A design larger
    /// than [`INLINE_ANALYSIS_ITEMS`] is written on a worker thread, one write at a time, so
    /// that no frame waits for it.
    pub(crate) fn autosave_tick(&mut self, ctx: &egui::Context) {
        if self.recovery.session.is_none() {
            return;
        }
        if let Some(write) = &self.recovery.writing {
            match write.answer.try_recv() {
                Ok(result) => {
                    match result {
                        Ok(()) => self.recovery.autosaved = Some(write.revision),
                        Err(e) => self.status = Some(format!("Autosave failed: {e}")),
                    }
                    self.recovery.last_write = write.started.elapsed();
                    self.recovery.writing = None;
                }
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => self.recovery.writing = None,
            }
        }
        if !self.doc.is_dirty() {
            if self.recovery.autosaved.is_some() {
                self.drop_recovery_file();
            }
            self.recovery.pending_since = None;
            return;
        }
        if self.recovery.autosaved == Some(self.doc.revision) {
            return;
        }
        let now = Instant::now();
        let delay = (self.recovery.last_write * DELAY_PER_WRITE_TIME)
            .clamp(AUTOSAVE_DELAY, MAX_AUTOSAVE_DELAY);
        let due = *self.recovery.pending_since.get_or_insert(now) + delay;
        if now < due {
            ctx.request_repaint_after(due - now);
            return;
        }
        let Some(session) = &self.recovery.session else {
            return;
        };
        let started = Instant::now();
        let design = &self.doc.design;
        if design.components.len() + design.links.len() > INLINE_ANALYSIS_ITEMS {
            let (send, answer) = mpsc::channel();
            let (file, design, original) = (
                session.file().to_path_buf(),
                design.clone(),
                self.doc.path.clone(),
            );
            let repaint = ctx.clone();
            std::thread::Builder::new()
                .name("autosave".to_owned())
                .spawn(move || {
                    // The receiver is gone only if the app is closing.
                    let _sent = send.send(save_recovery(&file, &design, original.as_deref()));
                    repaint.request_repaint();
                })
                .expect("the OS can start a thread");
            self.recovery.writing = Some(Write {
                revision: self.doc.revision,
                started,
                answer,
            });
            self.recovery.pending_since = None;
            return;
        }
        match session.save(&self.doc.design, self.doc.path.as_deref()) {
            Ok(()) => self.recovery.autosaved = Some(self.doc.revision),
            Err(e) => self.status = Some(format!("Autosave failed: {e}")),
        }
        self.recovery.last_write = started.elapsed();
        self.recovery.pending_since = None;
    }

    /// Restores an earlier run's design: it opens unsaved (its file, if any, untouched), is
    /// autosaved at once under this run, and only then is the old recovery file removed.
    fn restore(&mut self, recovered: &Recovered) {
        let Ok(design) = &recovered.design else {
            return;
        };
        self.set_document(design.clone(), recovered.original.clone());
        self.doc.saved_revision = None;
        let saved = self
            .recovery
            .session
            .as_ref()
            .map(|s| s.save(&self.doc.design, self.doc.path.as_deref()));
        match saved {
            Some(Ok(())) => {
                self.recovery.autosaved = Some(self.doc.revision);
                if let Err(e) = recovered.discard() {
                    self.status = Some(format!("Could not remove the old recovery file: {e}"));
                }
            }
            // Keep the old file: it is still the only copy on disk.
            Some(Err(e)) => self.status = Some(format!("Autosave failed: {e}")),
            None => {}
        }
    }

    /// The recovery prompt for the oldest offer.
    pub(crate) fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some(offer) = self.recovery.offers.first() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::new("recovery-prompt")).show(ctx, |ui| {
            ui.heading("Recover unsaved work?");
            let what = match &offer.design {
                Ok(d) => format!("“{}”", d.name.trim()),
                Err(_) => "A design".to_owned(),
            };
            let from = offer.original.as_ref().map_or_else(
                || "never saved to a file".to_owned(),
                |p| format!("from {}", p.display()),
            );
            ui.label(format!(
                "{what} ({from}) had unsaved changes when Infraboard stopped, {}.",
                age(offer.saved_at)
            ));
            if let Err(e) = &offer.design {
                ui.label(format!("It cannot be read: {e}"));
            }
            ui.label(format!("Kept in {}", offer.file.display()));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(offer.design.is_ok(), egui::Button::new("Restore"))
                    .clicked()
                {
                    answer = Some(0);
                }
                if ui.button("Discard").clicked() {
                    answer = Some(1);
                }
                if ui.button("Keep for later").clicked() {
                    answer = Some(2);
                }
            });
        });
        let Some(answer) = answer else {
            return;
        };
        let offer = self.recovery.offers.remove(0);
        match answer {
            0 => {
                self.restore(&offer);
                // One restored design at a time; the others stay for the next start.
                self.recovery.offers.clear();
            }
            1 => {
                if let Err(e) = offer.discard() {
                    self.status = Some(format!("Could not remove the recovery file: {e}"));
                }
            }
            _ => {}
        }
    }
}

/// "3 minutes ago", roughly.
fn age(at: SystemTime) -> String {
    let secs = SystemTime::now()
        .duration_since(at)
        .map_or(0, |d| d.as_secs());
    match secs {
        0..60 => "moments ago".to_owned(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}
