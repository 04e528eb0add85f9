//! The regression gate: whether a change makes a design worse, and why. Worse means a new
//! single point of failure, a class serving a smaller share of what it is offered, a class
//! less available (when both designs' availability is known), or a finding
//! at or above the chosen severity that is new or got more serious. Findings the baseline
//! already had do not count: the gate judges the change, not the design.

use serde::Serialize;

use super::DesignDiff;
use crate::sim::{Finding, FindingSeverity, RequestClass, Rule};

/// Share of the offered load a class may lose before the gate calls it a loss (float rounding
/// only: a real loss of capacity is far larger).
const SHARE_TOLERANCE: f64 = 1e-6;

/// Relative loss of availability taken as float rounding, not a loss.
const AVAILABILITY_TOLERANCE: f64 = 1e-12;

/// Minutes in a (365-day) year.
const MINUTES_PER_YEAR: f64 = 365.0 * 24.0 * 60.0;

/// One reason the change is worse.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Regression {
    /// A component or service whose loss now stops a class.
    NewSpof {
        /// The class it stops.
        class: RequestClass,
        /// The component or `server/service`.
        component: String,
    },
    /// A class serves a smaller share of what it is offered.
    LostServedShare {
        /// The class.
        class: RequestClass,
        /// Served QPS before.
        old_served_qps: f64,
        /// Offered QPS before.
        old_offered_qps: f64,
        /// Served QPS after.
        new_served_qps: f64,
        /// Offered QPS after.
        new_offered_qps: f64,
    },
    /// A class is less available.
    LostAvailability {
        /// The class.
        class: RequestClass,
        /// Probability it is servable, before.
        old: f64,
        /// After.
        new: f64,
    },
    /// A finding the baseline did not have (other than a SPOF, reported as [`Self::NewSpof`]).
    NewFinding {
        /// The finding.
        finding: Finding,
    },
    /// A finding the baseline had, now more serious.
    Worsened {
        /// Its severity before.
        old: FindingSeverity,
        /// The finding now.
        finding: Finding,
    },
}

impl Regression {
    /// One line for people.
    pub fn describe(&self) -> String {
        let pct = |served: f64, offered: f64| {
            if offered > 0.0 {
                format!("{:.1} %", 100.0 * served / offered)
            } else {
                "all".to_owned()
            }
        };
        match self {
            Self::NewSpof { class, component } => {
                format!(
                    "new single point of failure for {}s: `{component}`",
                    class.key()
                )
            }
            Self::LostServedShare {
                class,
                old_served_qps,
                old_offered_qps,
                new_served_qps,
                new_offered_qps,
            } => format!(
                "{}s lose capacity: served {old_served_qps:.1} of {old_offered_qps:.1} QPS ({}) → {new_served_qps:.1} of {new_offered_qps:.1} QPS ({})",
                class.key(),
                pct(*old_served_qps, *old_offered_qps),
                pct(*new_served_qps, *new_offered_qps),
            ),
            Self::LostAvailability { class, old, new } => format!(
                "{}s are less available: {:.5} % → {:.5} % ({:.1} → {:.1} min down per year)",
                class.key(),
                old * 100.0,
                new * 100.0,
                (1.0 - old) * MINUTES_PER_YEAR,
                (1.0 - new) * MINUTES_PER_YEAR,
            ),
            Self::NewFinding { finding } => format!(
                "new {} {}: {}",
                finding.severity.key(),
                finding.rule.id(),
                finding.message
            ),
            Self::Worsened { old, finding } => format!(
                "{} → {} {}: {}",
                old.key(),
                finding.severity.key(),
                finding.rule.id(),
                finding.message
            ),
        }
    }
}

/// Why the change in `diff` is worse, counting new or more serious findings of severity
/// `at_least` or more serious. Sorted: SPOFs, then capacity and availability per class, then
/// findings.
pub fn regressions(diff: &DesignDiff, at_least: FindingSeverity) -> Vec<Regression> {
    let a = &diff.analysis;
    let mut out = Vec::new();
    for spofs in &a.spofs {
        for component in spofs.introduced() {
            out.push(Regression::NewSpof {
                class: spofs.class,
                component: component.to_owned(),
            });
        }
    }
    for class in &a.classes {
        let (before, after) = class.served_share();
        if after < before - SHARE_TOLERANCE {
            let served = class.metric(super::Metric::ServedQps);
            let offered = class.metric(super::Metric::OfferedQps);
            out.push(Regression::LostServedShare {
                class: class.class,
                old_served_qps: served.old,
                old_offered_qps: offered.old,
                new_served_qps: served.new,
                new_offered_qps: offered.new,
            });
        }
        if let Some(a) = class.try_metric(super::Metric::Availability)
            && a.new < a.old * (1.0 - AVAILABILITY_TOLERANCE)
        {
            out.push(Regression::LostAvailability {
                class: class.class,
                old: a.old,
                new: a.new,
            });
        }
    }
    for f in &a.introduced {
        if f.rule != Rule::Spof && f.severity <= at_least {
            out.push(Regression::NewFinding { finding: f.clone() });
        }
    }
    for c in &a.severity_changed {
        if c.is_worse() && c.finding.severity <= at_least {
            out.push(Regression::Worsened {
                old: c.old,
                finding: c.finding.clone(),
            });
        }
    }
    out
}
