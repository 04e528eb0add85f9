//! Design diff: what changed between two versions of a design, and what that does to the
//! analysis. Pure and deterministic (every list sorted), no egui: the command line
//! (`infraboard diff`, `check --baseline`) and the window's compare mode share it.
//!
//! - [`model`]: components, services, links and settings added / removed / changed, by stable
//!   id (a renamed component is a changed `name`);
//! - [`analysis`]: findings fixed / introduced, SPOFs per class, traffic per class;
//! - [`gate`]: whether the change is worse, and why;
//! - [`render`]: text for a terminal, Markdown for a pull request, JSON.
//!
//! A diff is antisymmetric: the diff from NEW to OLD is [`DesignDiff::mirrored`] of the diff
//! from OLD to NEW.

pub mod analysis;
pub mod fields;
pub mod gate;
pub mod model;
pub mod render;

use serde::Serialize;

pub use analysis::{
    AnalysisDiff, ClassChange, ClassSpofs, Metric, MetricChange, SeverityChange, analysis_diff,
};
pub use fields::FieldChange;
pub use gate::{Regression, regressions};
pub use model::{ChangeKind, ItemChange, ModelDiff, link_ids, model_diff};

use crate::model::Design;
use crate::sim::availability::availability_within;
use crate::sim::{Analysis, AnalysisOptions, analyze};

/// Everything that differs between two versions of a design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignDiff {
    /// The design itself.
    pub model: ModelDiff,
    /// Its analysis.
    pub analysis: AnalysisDiff,
}

impl DesignDiff {
    /// Whether the two designs are the same in every way the diff looks at.
    pub fn is_empty(&self) -> bool {
        self.model.is_empty() && self.analysis.is_empty()
    }

    /// The diff from the new design to the old one.
    #[must_use]
    pub fn mirrored(&self) -> Self {
        Self {
            model: self.model.mirrored(),
            analysis: self.analysis.mirrored(),
        }
    }
}

/// The diff from `old` to `new` given both designs' analyses (as the window has them).
pub fn diff_analysed(
    old: &Design,
    old_analysis: &Analysis,
    new: &Design,
    new_analysis: &Analysis,
) -> DesignDiff {
    let mut analysis = analysis_diff(old_analysis, new_analysis);
    add_availability(&mut analysis, old, new);
    DesignDiff {
        model: model_diff(old, new),
        analysis,
    }
}

/// The most work the diff spends on each design's exact availability (tens of milliseconds:
/// compare mode recomputes the diff on every edit); a larger design's diff leaves
/// availability out.
const AVAILABILITY_WORK: u64 = 500_000;

/// Appends each class's availability before and after, when both designs are small enough
/// for the exact method.
fn add_availability(analysis: &mut AnalysisDiff, old: &Design, new: &Design) {
    let (Ok(before), Ok(after)) = (
        availability_within(old, AVAILABILITY_WORK),
        availability_within(new, AVAILABILITY_WORK),
    ) else {
        return;
    };
    for class in &mut analysis.classes {
        let of = |list: &[crate::sim::availability::ClassAvailability]| {
            list.iter()
                .find(|c| c.class == class.class)
                .map(|c| c.availability)
                .expect("availability covers every request class")
        };
        class.metrics.push(MetricChange {
            metric: Metric::Availability,
            old: of(&before),
            new: of(&after),
        });
    }
}

/// The diff from `old` to `new`, each analysed under `options`.
pub fn diff_designs(old: &Design, new: &Design, options: &AnalysisOptions) -> DesignDiff {
    diff_analysed(old, &analyze(old, options), new, &analyze(new, options))
}
