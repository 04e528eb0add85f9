//! What changed in the analysis: findings fixed, introduced or changed in severity (a finding
//! is the same finding when its rule, class, components and links are; its wording may carry
//! numbers that move), the single points of failure per request class, and each class's
//! traffic before → after.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::sim::{Analysis, Finding, FindingSeverity, LinkRef, RequestClass, Rule};

/// A finding's identity across two versions of a design.
type FindingKey<'a> = (Rule, Option<RequestClass>, &'a [String], &'a [LinkRef]);

fn key(f: &Finding) -> FindingKey<'_> {
    (f.rule, f.class, &f.components, &f.links)
}

/// A finding present in both designs with another severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeverityChange {
    /// The severity before.
    pub old: FindingSeverity,
    /// The finding as the new design has it.
    pub finding: Finding,
    /// The finding as the old design had it (for the mirror image).
    #[serde(skip)]
    pub before: Finding,
}

impl SeverityChange {
    /// Whether the finding got more serious.
    pub fn is_worse(&self) -> bool {
        self.finding.severity < self.old
    }
}

/// The single points of failure of one request class on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSpofs {
    /// The class.
    pub class: RequestClass,
    /// Components and services whose loss stops the class in the old design, sorted.
    pub old: Vec<String>,
    /// The same in the new design, sorted.
    pub new: Vec<String>,
}

impl ClassSpofs {
    /// SPOFs only in the new design, sorted.
    pub fn introduced(&self) -> Vec<&str> {
        only_in(&self.new, &self.old)
    }

    /// SPOFs only in the old design, sorted.
    pub fn fixed(&self) -> Vec<&str> {
        only_in(&self.old, &self.new)
    }
}

fn only_in<'a>(a: &'a [String], b: &[String]) -> Vec<&'a str> {
    a.iter()
        .filter(|x| b.binary_search(x).is_err())
        .map(String::as_str)
        .collect()
}

/// A per-class figure compared. Availability per class joins this list when the availability
/// analysis exists; until then it is not shown rather than guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Requests per second of the class offered at the entry.
    OfferedQps,
    /// Requests per second of the class served end to end.
    ServedQps,
    /// Mean end-to-end latency of served requests, milliseconds (unbounded when saturated).
    LatencyMs,
}

impl Metric {
    /// Every metric, in display order.
    pub const ALL: [Self; 3] = [Self::ServedQps, Self::OfferedQps, Self::LatencyMs];

    /// The metric's name in output (`served_qps`).
    pub fn key(self) -> &'static str {
        match self {
            Self::OfferedQps => "offered_qps",
            Self::ServedQps => "served_qps",
            Self::LatencyMs => "latency_ms",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::OfferedQps => "offered",
            Self::ServedQps => "served",
            Self::LatencyMs => "latency",
        }
    }
}

/// One figure of one class, before and after. Unbounded latency is `f64::INFINITY` (`null` in
/// JSON).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricChange {
    /// Which figure.
    pub metric: Metric,
    /// Before.
    pub old: f64,
    /// After.
    pub new: f64,
}

impl MetricChange {
    /// Whether the figure moved (beyond float rounding).
    pub fn changed(&self) -> bool {
        if self.old.is_finite() != self.new.is_finite() {
            return true;
        }
        if !self.old.is_finite() {
            return false;
        }
        (self.old - self.new).abs() > 1e-9 * self.old.abs().max(self.new.abs()).max(1.0)
    }
}

/// A request class's traffic before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassChange {
    /// The class.
    pub class: RequestClass,
    /// Its figures, in [`Metric::ALL`] order.
    pub metrics: Vec<MetricChange>,
}

impl ClassChange {
    /// The figure `metric`.
    pub fn metric(&self, metric: Metric) -> MetricChange {
        *self
            .metrics
            .iter()
            .find(|m| m.metric == metric)
            .expect("every class change lists every metric")
    }

    /// Share of the offered requests served, before and after (1 when nothing is offered).
    pub fn served_share(&self) -> (f64, f64) {
        let share = |served: f64, offered: f64| {
            if offered > 0.0 { served / offered } else { 1.0 }
        };
        let (s, o) = (
            self.metric(Metric::ServedQps),
            self.metric(Metric::OfferedQps),
        );
        (share(s.old, o.old), share(s.new, o.new))
    }
}

/// Everything that changed in the analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysisDiff {
    /// Findings of the old design gone from the new one, sorted (severity first).
    pub fixed: Vec<Finding>,
    /// Findings of the new design the old one did not have, sorted (severity first).
    pub introduced: Vec<Finding>,
    /// Findings in both with another severity, sorted by the finding's identity.
    pub severity_changed: Vec<SeverityChange>,
    /// SPOFs per class, reads first.
    pub spofs: Vec<ClassSpofs>,
    /// Traffic per class, reads first.
    pub classes: Vec<ClassChange>,
}

impl AnalysisDiff {
    /// Whether no finding changed and no class figure moved.
    pub fn is_empty(&self) -> bool {
        self.fixed.is_empty()
            && self.introduced.is_empty()
            && self.severity_changed.is_empty()
            && self
                .classes
                .iter()
                .all(|c| c.metrics.iter().all(|m| !m.changed()))
    }

    /// The diff from the new design to the old one.
    #[must_use]
    pub fn mirrored(&self) -> Self {
        Self {
            fixed: self.introduced.clone(),
            introduced: self.fixed.clone(),
            severity_changed: self
                .severity_changed
                .iter()
                .map(|c| SeverityChange {
                    old: c.finding.severity,
                    finding: c.before.clone(),
                    before: c.finding.clone(),
                })
                .collect(),
            spofs: self
                .spofs
                .iter()
                .map(|s| ClassSpofs {
                    class: s.class,
                    old: s.new.clone(),
                    new: s.old.clone(),
                })
                .collect(),
            classes: self
                .classes
                .iter()
                .map(|c| ClassChange {
                    class: c.class,
                    metrics: c
                        .metrics
                        .iter()
                        .map(|m| MetricChange {
                            metric: m.metric,
                            old: m.new,
                            new: m.old,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The SPOFs of `class` in `findings`, sorted.
fn spofs_of(findings: &[Finding], class: RequestClass) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .filter(|f| f.rule == Rule::Spof && f.class == Some(class))
        .flat_map(|f| f.components.iter().cloned())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What changed from the analysis `old` to the analysis `new`.
///
/// # Complexity
/// O(f log f) in the number of findings.
pub fn analysis_diff(old: &Analysis, new: &Analysis) -> AnalysisDiff {
    let old_by_key: BTreeMap<FindingKey<'_>, &Finding> =
        old.findings.iter().map(|f| (key(f), f)).collect();
    let new_by_key: BTreeMap<FindingKey<'_>, &Finding> =
        new.findings.iter().map(|f| (key(f), f)).collect();
    let mut fixed: Vec<Finding> = old_by_key
        .iter()
        .filter(|(k, _)| !new_by_key.contains_key(*k))
        .map(|(_, f)| (*f).clone())
        .collect();
    let mut introduced: Vec<Finding> = new_by_key
        .iter()
        .filter(|(k, _)| !old_by_key.contains_key(*k))
        .map(|(_, f)| (*f).clone())
        .collect();
    fixed.sort();
    introduced.sort();
    let severity_changed = new_by_key
        .iter()
        .filter_map(|(k, f)| {
            let before = old_by_key.get(k)?;
            (before.severity != f.severity).then(|| SeverityChange {
                old: before.severity,
                finding: (*f).clone(),
                before: (*before).clone(),
            })
        })
        .collect();
    let spofs = RequestClass::ALL
        .iter()
        .map(|&class| ClassSpofs {
            class,
            old: spofs_of(&old.findings, class),
            new: spofs_of(&new.findings, class),
        })
        .collect();
    let classes = RequestClass::ALL
        .iter()
        .map(|&class| {
            let of = |analysis: &Analysis| {
                analysis
                    .traffic
                    .classes
                    .get(&class)
                    .cloned()
                    .expect("an analysis reports every request class")
            };
            let (a, b) = (of(old), of(new));
            let pick = |m: Metric, c: &crate::sim::ClassTraffic| match m {
                Metric::OfferedQps => c.offered_qps,
                Metric::ServedQps => c.served_qps,
                Metric::LatencyMs => c.latency_ms,
            };
            ClassChange {
                class,
                metrics: Metric::ALL
                    .iter()
                    .map(|&metric| MetricChange {
                        metric,
                        old: pick(metric, &a),
                        new: pick(metric, &b),
                    })
                    .collect(),
            }
        })
        .collect();
    AnalysisDiff {
        fixed,
        introduced,
        severity_changed,
        spofs,
        classes,
    }
}
