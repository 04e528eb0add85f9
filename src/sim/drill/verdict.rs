//! The verdict at the end of a drill: availability per class, requests lost, latency, time to
//! detect and to recover, silent failures, which analysis findings predicted the outage, and
//! whether the steady-state hypothesis held.

use std::collections::BTreeMap;

use serde::Serialize;

use super::file::Hypothesis;
use super::record::Recorder;
use crate::sim::{Finding, RequestClass};

/// One request class over the whole drill.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassVerdict {
    /// Served / offered over the drill (1 when nothing was offered).
    pub availability: f64,
    /// Requests offered.
    pub offered_requests: f64,
    /// Requests served.
    pub served_requests: f64,
    /// Requests not served, whether they failed or were dropped.
    pub failed_requests: f64,
}

/// A finding of the static analysis that named a component the drill failed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Prediction {
    /// The rule id, e.g. `spof`.
    pub rule: String,
    /// The finding's message.
    pub message: String,
    /// The drill targets it named.
    pub targets: Vec<String>,
}

/// An alert raised during the drill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// When, seconds from the start.
    pub t_s: f64,
    /// What was reported down.
    pub subject: String,
}

/// The outcome of a drill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Whether the hypothesis held.
    pub passed: bool,
    /// What broke the hypothesis, one line each (empty when passed).
    pub broken: Vec<String>,
    /// Per request class.
    pub classes: BTreeMap<RequestClass, ClassVerdict>,
    /// Requests that failed or were dropped.
    pub requests_lost: f64,
    /// Of those, requests lost to failures.
    pub failed_requests: f64,
    /// Of those, requests dropped for lack of capacity.
    pub dropped_requests: f64,
    /// 95th percentile over ticks of the mean end-to-end latency, weighted by served requests.
    pub p95_latency_ms: f64,
    /// From the first failure to the first alert; `None` without failure or alert.
    pub time_to_detect_s: Option<f64>,
    /// From the first failure until every class is back above the hypothesis' share for good;
    /// 0 if it never dipped, `None` if still below at the end or without failure.
    pub time_to_recover_s: Option<f64>,
    /// Failures that raised no alert (unmonitored, monitoring down, or over before the
    /// monitoring interval). Sorted.
    pub silent: Vec<String>,
    /// Alerts in time order.
    pub alerts: Vec<Alert>,
    /// Analysis findings naming a failed target. Sorted.
    pub predicted_by: Vec<Prediction>,
}

/// What the verdict needs besides the recorder.
#[derive(Debug, Clone, Copy)]
pub struct VerdictInputs<'a> {
    /// The hypothesis.
    pub hypothesis: &'a Hypothesis,
    /// Time of the first failure event, milliseconds.
    pub first_failure_ms: Option<u64>,
    /// Alerts (seconds, subject) in time order.
    pub alerts: &'a [(f64, String)],
    /// Silent failures, sorted.
    pub silent: &'a [String],
    /// Targets failed during the drill, sorted.
    pub failed_targets: &'a [String],
    /// Findings of the static analysis of the design as drawn.
    pub findings: &'a [Finding],
}

/// Judges a finished drill.
///
/// # Complexity
/// O(R log R + F·T) for R latency runs, F findings and T failed targets.
pub fn verdict(rec: &Recorder, inputs: VerdictInputs<'_>) -> Verdict {
    let h = inputs.hypothesis;
    let mut broken = Vec::new();
    let mut classes = BTreeMap::new();
    for (class, t) in RequestClass::ALL.into_iter().zip(rec.classes) {
        let availability = if t.offered > 0.0 {
            (t.served / t.offered).min(1.0)
        } else {
            1.0
        };
        if availability < h.min_served_ratio {
            broken.push(format!(
                "{} availability {:.3} % is below {:.3} %",
                class.key(),
                availability * 100.0,
                h.min_served_ratio * 100.0
            ));
        }
        classes.insert(
            class,
            ClassVerdict {
                availability,
                offered_requests: t.offered,
                served_requests: t.served,
                failed_requests: (t.offered - t.served).max(0.0),
            },
        );
    }
    let p95_latency_ms = rec.latency_quantile_ms(0.95);
    if let Some(max) = h.max_p95_latency_ms
        && p95_latency_ms > max
    {
        broken.push(format!(
            "p95 latency {p95_latency_ms:.1} ms is above {max} ms"
        ));
    }
    let first = inputs.first_failure_ms.map(|t| t as f64 / 1000.0);
    let time_to_detect_s = first.and_then(|f| {
        inputs
            .alerts
            .iter()
            .map(|a| a.0)
            .find(|&t| t >= f)
            .map(|t| t - f)
    });
    let time_to_recover_s = match (inputs.first_failure_ms, rec.last_bad_end_ms) {
        (None, _) => None,
        (Some(_), _) if rec.last_tick_bad => None,
        (Some(f), Some(end)) if end > f => Some((end - f) as f64 / 1000.0),
        (Some(_), _) => Some(0.0),
    };
    let mut predicted_by: Vec<Prediction> = inputs
        .findings
        .iter()
        .filter_map(|f| {
            let targets: Vec<String> = inputs
                .failed_targets
                .iter()
                .filter(|t| f.involves(t))
                .cloned()
                .collect();
            (!targets.is_empty()).then(|| Prediction {
                rule: f.rule.id().to_owned(),
                message: f.message.clone(),
                targets,
            })
        })
        .collect();
    predicted_by.sort();
    predicted_by.dedup();
    Verdict {
        passed: broken.is_empty(),
        broken,
        classes,
        requests_lost: rec.failed + rec.dropped,
        failed_requests: rec.failed,
        dropped_requests: rec.dropped,
        p95_latency_ms,
        time_to_detect_s,
        time_to_recover_s,
        silent: inputs.silent.to_vec(),
        alerts: inputs
            .alerts
            .iter()
            .map(|(t_s, subject)| Alert {
                t_s: *t_s,
                subject: subject.clone(),
            })
            .collect(),
        predicted_by,
    }
}
