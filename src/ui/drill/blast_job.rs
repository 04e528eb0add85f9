//! The blast radius computed off the UI thread: a worker thread per design revision, cancelled
//! when the design changes or drill mode closes, its result picked up by the next frame. A
//! frame never waits for it: the table says "computing…" and the heat map stays off until it
//! arrives.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use crate::model::Design;
use crate::sim::drill::{BlastRadius, blast_radius_until};

/// One computation in flight.
#[derive(Debug)]
pub struct BlastJob {
    /// The design revision it computes.
    pub revision: u64,
    cancel: Arc<AtomicBool>,
    result: Receiver<Vec<BlastRadius>>,
}

impl BlastJob {
    /// Starts computing the blast radius of `design` (a snapshot) at `revision`; `repaint` is
    /// called from the worker when the result is ready.
    pub fn start(design: Design, revision: u64, repaint: impl FnOnce() + Send + 'static) -> Self {
        let cancel = Arc::new(AtomicBool::new(false));
        let (send, result) = mpsc::channel();
        let flag = Arc::clone(&cancel);
        std::thread::Builder::new()
            .name("blast-radius".to_owned())
            .spawn(move || {
                if let Some(rows) = blast_radius_until(&design, &flag) {
                    // The receiver is gone when the job was dropped: nothing to report.
                    if send.send(rows).is_ok() {
                        repaint();
                    }
                }
            })
            .expect("the OS can start a thread");
        Self {
            revision,
            cancel,
            result,
        }
    }

    /// The result, once ready (`None` while it is still computing).
    pub fn poll(&self) -> Option<Vec<BlastRadius>> {
        self.result.try_recv().ok()
    }
}

impl Drop for BlastJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
