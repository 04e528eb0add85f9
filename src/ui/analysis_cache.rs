//! The analysis of the open design, kept up to date per design revision. A small design is
//! analysed in the frame that changed it; a large one on a worker thread, so that an edit or
//! the first frame never waits for it: until the worker answers, the window keeps showing the
//! previous revision's analysis and the status bar says it is being updated. Each class's exact
//! availability comes with it when the design is small enough for the exact method.

use std::sync::mpsc::{self, Receiver};

use super::canvas::importance::importance_heat;
use super::canvas::marks::Marks;
use super::drill::heat::{HeatLegend, HeatMap};
use crate::model::Design;
use crate::sim::availability::{ClassAvailability, availability_within};
use crate::sim::{Analysis, AnalysisOptions, analyze};

/// The most work the window spends on a revision's exact availability (tens of milliseconds
/// at most, since a small design's is computed in the frame); a larger design shows none, and
/// importance is left out first.
const AVAILABILITY_WORK: u64 = 500_000;

/// Everything computed per revision.
type Answer = (Analysis, Marks, Option<Vec<ClassAvailability>>);

/// The analysis, marks and availability of `design`.
fn compute(design: &Design) -> Answer {
    let analysis = analyze(design, &AnalysisOptions::default());
    let marks = Marks::new(design, &analysis);
    let availability = availability_within(design, AVAILABILITY_WORK).ok();
    (analysis, marks, availability)
}

/// Designs with at most this many components and links are analysed in the frame (a few
/// milliseconds); larger ones on a worker thread.
pub const INLINE_ANALYSIS_ITEMS: usize = 2_000;

/// An analysis in flight on a worker thread.
#[derive(Debug)]
struct Job {
    revision: u64,
    result: Receiver<Answer>,
}

/// The analysis of one design revision, with its overlay marks.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    revision: Option<u64>,
    job: Option<Job>,
    /// The analysis (of the previous revision while a worker computes the current one).
    pub analysis: Analysis,
    /// Derived overlay marks.
    pub marks: Marks,
    /// Each class's exact availability, when the design is small enough.
    pub availability: Option<Vec<ClassAvailability>>,
    /// What the availability overlay tints: each component's importance, with its legend.
    pub importance: Option<(HeatMap, HeatLegend)>,
    /// How many times the analysis ran (for tests: never every frame).
    pub runs: u64,
}

impl AnalysisCache {
    /// Brings the analysis to `revision` of `design`: at once for a small design, else by
    /// starting (or picking up) a worker's result; `repaint` wakes the window when a worker
    /// is done.
    pub fn refresh(
        &mut self,
        design: &Design,
        revision: u64,
        repaint: impl FnOnce() + Send + 'static,
    ) {
        if let Some(job) = &self.job
            && let Ok(answer) = job.result.try_recv()
        {
            self.revision = Some(job.revision);
            self.take(answer);
            self.job = None;
        }
        if self.revision == Some(revision) {
            self.job = None;
            return;
        }
        if self.job.as_ref().is_some_and(|j| j.revision == revision) {
            return;
        }
        if design.components.len() + design.links.len() <= INLINE_ANALYSIS_ITEMS {
            self.job = None;
            self.take(compute(design));
            self.revision = Some(revision);
            return;
        }
        // A job for an older revision is dropped: its answer would be stale.
        let (send, result) = mpsc::channel();
        let design = design.clone();
        std::thread::Builder::new()
            .name("analysis".to_owned())
            .spawn(move || {
                // The receiver is gone when a newer revision replaced the job.
                if send.send(compute(&design)).is_ok() {
                    repaint();
                }
            })
            .expect("the OS can start a thread");
        self.job = Some(Job { revision, result });
    }

    /// Whether the shown analysis is of an older revision while a worker computes the current
    /// one.
    pub fn updating(&self) -> bool {
        self.job.is_some()
    }

    /// Waits for the worker, if one runs, and takes its answer (tests and benchmarks).
    pub fn wait(&mut self) {
        if let Some(job) = self.job.take()
            && let Ok(answer) = job.result.recv()
        {
            self.revision = Some(job.revision);
            self.take(answer);
        }
    }

    fn take(&mut self, (analysis, marks, availability): Answer) {
        self.analysis = analysis;
        self.marks = marks;
        self.importance = availability.as_deref().and_then(importance_heat);
        self.availability = availability;
        self.runs += 1;
    }
}
