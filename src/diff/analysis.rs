//! What changed in the analysis: findings fixed, introduced or changed in severity, the single
//! points of failure per request class, and each class's traffic before → after.
//!
//! Two findings are the same finding when their rule, class, components and links are (their
//! wording may carry numbers that move). Of those left over, a finding about the same links,
//! or failing that with the same message, is the same finding with more or fewer components
//! involved — a plaintext hop that is now after two load balancers instead of one, one
//! certificate that now also secures a new box — rather than one fixed and one introduced.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::sim::{Analysis, Finding, FindingSeverity, LinkRef, RequestClass, Rule};

/// What a finding is matched on, from the strictest pass to the loosest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum MatchKey<'a> {
    /// Rule, class, components and links.
    Exact(Rule, Option<RequestClass>, &'a [String], &'a [LinkRef]),
    /// Rule, class and links (findings about links).
    Links(Rule, Option<RequestClass>, &'a [LinkRef]),
    /// Rule, class and message.
    Message(Rule, Option<RequestClass>, &'a str),
}

/// The key of `f` in pass `pass` (0 exact, 1 links, 2 message); `None` when the pass does not
/// apply to it.
fn match_key(f: &Finding, pass: u8) -> Option<MatchKey<'_>> {
    match pass {
        0 => Some(MatchKey::Exact(f.rule, f.class, &f.components, &f.links)),
        1 => (!f.links.is_empty()).then_some(MatchKey::Links(f.rule, f.class, &f.links)),
        _ => Some(MatchKey::Message(f.rule, f.class, &f.message)),
    }
}

/// The findings of `findings` at `left`, grouped by their key in `pass`.
fn group<'a>(
    findings: &'a [Finding],
    left: &[usize],
    pass: u8,
) -> BTreeMap<MatchKey<'a>, Vec<usize>> {
    let mut by_key: BTreeMap<MatchKey<'a>, Vec<usize>> = BTreeMap::new();
    for &i in left {
        if let Some(k) = match_key(&findings[i], pass) {
            by_key.entry(k).or_default().push(i);
        }
    }
    by_key
}

/// The order of severity changes: by what the finding says now, then before.
fn by_findings(x: &SeverityChange, y: &SeverityChange) -> std::cmp::Ordering {
    (&x.finding, &x.before).cmp(&(&y.finding, &y.before))
}

/// Pairs the findings of `old` with those of `new` that are the same finding (see the module
/// docs). Returns the pairs, and the indices left unpaired on each side. Symmetric: swapping
/// `old` and `new` swaps the pairs.
fn pair_findings(
    old: &[Finding],
    new: &[Finding],
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut old_left: Vec<usize> = (0..old.len()).collect();
    let mut new_left: Vec<usize> = (0..new.len()).collect();
    let mut pairs = Vec::new();
    for pass in 0..3 {
        let (a, b) = (group(old, &old_left, pass), group(new, &new_left, pass));
        let mut paired_old = std::collections::BTreeSet::new();
        let mut paired_new = std::collections::BTreeSet::new();
        for (k, olds) in &a {
            if let Some(news) = b.get(k) {
                for (&i, &j) in olds.iter().zip(news) {
                    pairs.push((i, j));
                    paired_old.insert(i);
                    paired_new.insert(j);
                }
            }
        }
        old_left.retain(|i| !paired_old.contains(i));
        new_left.retain(|j| !paired_new.contains(j));
    }
    pairs.sort_unstable();
    (pairs, old_left, new_left)
}

/// A finding present in both designs with another severity (sorted by the finding now, then
/// before).
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

/// A per-class figure compared. The traffic figures ([`Metric::ALL`]) are always there;
/// availability follows them when both designs are small enough for the exact method
/// ([`crate::sim::availability`]), and is left out rather than guessed otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Requests per second of the class offered at the entry.
    OfferedQps,
    /// Requests per second of the class served end to end.
    ServedQps,
    /// Mean end-to-end latency of served requests, milliseconds (unbounded when saturated).
    LatencyMs,
    /// Probability that the class is servable.
    Availability,
}

impl Metric {
    /// The traffic metrics every class change lists, in display order.
    pub const ALL: [Self; 3] = [Self::ServedQps, Self::OfferedQps, Self::LatencyMs];

    /// The metric's name in output (`served_qps`).
    pub fn key(self) -> &'static str {
        match self {
            Self::OfferedQps => "offered_qps",
            Self::ServedQps => "served_qps",
            Self::LatencyMs => "latency_ms",
            Self::Availability => "availability",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::OfferedQps => "offered",
            Self::ServedQps => "served",
            Self::LatencyMs => "latency",
            Self::Availability => "availability",
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
    /// Its figures: [`Metric::ALL`] in order, then availability when known.
    pub metrics: Vec<MetricChange>,
}

impl ClassChange {
    /// The figure `metric` (every class change lists the traffic metrics).
    pub fn metric(&self, metric: Metric) -> MetricChange {
        self.try_metric(metric)
            .expect("every class change lists the traffic metrics")
    }

    /// The figure `metric`, if listed (availability only when it could be computed).
    pub fn try_metric(&self, metric: Metric) -> Option<MetricChange> {
        self.metrics.iter().find(|m| m.metric == metric).copied()
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
    /// Findings in both with another severity, sorted by the finding now, then before.
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
        let mut severity_changed: Vec<SeverityChange> = self
            .severity_changed
            .iter()
            .map(|c| SeverityChange {
                old: c.finding.severity,
                finding: c.before.clone(),
                before: c.finding.clone(),
            })
            .collect();
        severity_changed.sort_by(by_findings);
        Self {
            fixed: self.introduced.clone(),
            introduced: self.fixed.clone(),
            severity_changed,
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
    let (pairs, old_left, new_left) = pair_findings(&old.findings, &new.findings);
    let mut fixed: Vec<Finding> = old_left.iter().map(|&i| old.findings[i].clone()).collect();
    let mut introduced: Vec<Finding> = new_left.iter().map(|&j| new.findings[j].clone()).collect();
    fixed.sort();
    introduced.sort();
    let mut severity_changed: Vec<SeverityChange> = pairs
        .iter()
        .filter_map(|&(i, j)| {
            let (before, after) = (&old.findings[i], &new.findings[j]);
            (before.severity != after.severity).then(|| SeverityChange {
                old: before.severity,
                finding: after.clone(),
                before: before.clone(),
            })
        })
        .collect();
    severity_changed.sort_by(by_findings);
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
                Metric::Availability => {
                    unreachable!("the traffic metrics do not include availability")
                }
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
