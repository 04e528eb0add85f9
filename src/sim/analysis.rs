//! The entry point of the analysis: every rule and the traffic model over one design, for one
//! "what if" (failed components, offered load). Pure and deterministic.

use std::collections::BTreeSet;

use super::finding::Finding;
use super::report::TrafficReport;
use crate::model::{Design, IsoDate};

/// What to analyse beyond the design itself.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// Components (ids) or services (`server/service`) to treat as down.
    pub failed: BTreeSet<String>,
    /// Offered load at the entry, overriding the design's traffic profile.
    pub offered_qps: Option<f64>,
    /// The date certificates are checked against.
    pub today: IsoDate,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            failed: BTreeSet::new(),
            offered_qps: None,
            today: IsoDate::today_utc(),
        }
    }
}

/// Everything the analysis found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// Findings, sorted (severity, rule, class, components, ...).
    pub findings: Vec<Finding>,
    /// The traffic picture.
    pub traffic: TrafficReport,
}

/// Analyses `design` under `options`.
pub fn analyze(_design: &Design, _options: &AnalysisOptions) -> Analysis {
    Analysis::default()
}
