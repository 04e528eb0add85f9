//! A diff as a document for people — titled sections of marked rows and one table — and its
//! renderings: [`text`] for a terminal, [`markdown`] for a pull-request comment, [`json`] for
//! tools. The window lists the same rows, so every view says the same thing.

pub mod json;
pub mod markdown;
pub mod text;

use super::fields::{FieldChange, show, show_side};
use super::{ChangeKind, DesignDiff, ItemChange, Metric, MetricChange};
use crate::sim::{Finding, RequestClass};

/// How a row reads: what happened to the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// Only in the new design.
    Added,
    /// Only in the old design.
    Removed,
    /// Changed settings.
    Changed,
    /// A finding gone, a SPOF fixed, a figure better.
    Better,
    /// A finding new, a SPOF new, a figure worse.
    Worse,
    /// Shown for reference, unchanged.
    Same,
}

impl Mark {
    /// A one-character sign for text output.
    pub fn sign(self) -> &'static str {
        match self {
            Self::Added => "+",
            Self::Removed => "-",
            Self::Changed => "~",
            Self::Better => "✓",
            Self::Worse => "✗",
            Self::Same => "=",
        }
    }

    /// A word for Markdown and screen readers.
    pub fn word(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
            Self::Better => "fixed",
            Self::Worse => "new",
            Self::Same => "same",
        }
    }
}

impl From<ChangeKind> for Mark {
    fn from(k: ChangeKind) -> Self {
        match k {
            ChangeKind::Added => Self::Added,
            ChangeKind::Removed => Self::Removed,
            ChangeKind::Changed => Self::Changed,
        }
    }
}

/// One line of a section, with details below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What happened.
    pub mark: Mark,
    /// The item's id (component, `server/service`, link, setting path, rule).
    pub id: String,
    /// What it is or what changed.
    pub what: String,
    /// Field changes or explanations, one per line.
    pub details: Vec<String>,
    /// The components the row is about (ids, sorted), for the window to reveal them.
    pub components: Vec<String>,
}

/// A titled group of rows, or a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Title, e.g. "Components".
    pub title: String,
    /// Its rows.
    pub rows: Vec<Row>,
    /// A table instead of rows: header, then one line per entry.
    pub table: Vec<Vec<String>>,
}

/// A diff for people: headline, summary, sections. Sections with nothing to say are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// "old → new".
    pub title: String,
    /// One line counting the changes.
    pub summary: String,
    /// The sections, model first, then analysis.
    pub sections: Vec<Section>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A field change for people: `port: 80 → 443`; a change of a component's name reads as
/// `renamed "A" → "B"`.
pub fn field_line(f: &FieldChange) -> String {
    let (a, b) = (show_side(f.old.as_ref()), show_side(f.new.as_ref()));
    if f.field == "name" {
        format!("renamed {a} → {b}")
    } else {
        format!("{}: {a} → {b}", f.field)
    }
}

/// The components named by `ids`: component ids, `server/service`, or a link's
/// `from -> to (purpose)` (ids hold no spaces or `/`, so the forms cannot be confused). Sorted.
fn components_named<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = ids
        .into_iter()
        .flat_map(|id| {
            let ends: Vec<&str> = match id.split_once(" -> ") {
                Some((from, rest)) => vec![from, rest.split(' ').next().unwrap_or(rest)],
                None => vec![id],
            };
            ends.into_iter()
                .map(|e| e.split('/').next().unwrap_or(e).to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn item_rows(items: &[ItemChange]) -> Vec<Row> {
    items
        .iter()
        .map(|i| Row {
            mark: i.change.into(),
            id: i.id.clone(),
            what: i.what.clone(),
            details: i.fields.iter().map(field_line).collect(),
            components: components_named([i.id.as_str()]),
        })
        .collect()
}

/// A finding's id in a list: `spof (read)`.
fn finding_id(f: &Finding) -> String {
    match f.class {
        Some(c) => format!("{} ({})", f.rule.id(), c.key()),
        None => f.rule.id().to_owned(),
    }
}

fn finding_rows(findings: &[Finding], mark: Mark) -> Vec<Row> {
    findings
        .iter()
        .map(|f| Row {
            mark,
            id: finding_id(f),
            what: format!("{}: {}", f.severity.key(), f.message),
            details: Vec::new(),
            components: components_named(f.components.iter().map(String::as_str)),
        })
        .collect()
}

/// A figure for people; unbounded latency is "saturated".
fn figure(metric: Metric, x: f64) -> String {
    match metric {
        Metric::LatencyMs if !x.is_finite() => "saturated".to_owned(),
        Metric::LatencyMs => format!("{x:.2} ms"),
        Metric::OfferedQps | Metric::ServedQps => format!("{x:.1}"),
        Metric::Availability => format!("{:.4} %", x * 100.0),
    }
}

fn before_after(m: &MetricChange) -> String {
    let (a, b) = (figure(m.metric, m.old), figure(m.metric, m.new));
    if a == b { b } else { format!("{a} → {b}") }
}

fn class_name(c: RequestClass) -> String {
    format!("{}s", c.key())
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

/// The document for `diff` between the designs labelled `old` and `new`.
pub fn document(diff: &DesignDiff, old: &str, new: &str) -> Document {
    let m = &diff.model;
    let a = &diff.analysis;
    let mut sections = Vec::new();
    let mut push = |title: String, rows: Vec<Row>| {
        if !rows.is_empty() {
            sections.push(Section {
                title,
                rows,
                table: Vec::new(),
            });
        }
    };
    push("Components".to_owned(), item_rows(&m.components));
    push("Services".to_owned(), item_rows(&m.services));
    push("Links".to_owned(), item_rows(&m.links));
    push("Zones".to_owned(), item_rows(&m.zones));
    push(
        "Settings".to_owned(),
        m.settings
            .iter()
            .map(|f| Row {
                mark: Mark::Changed,
                id: f.field.clone(),
                what: format!(
                    "{} → {}",
                    show_side(f.old.as_ref()),
                    show_side(f.new.as_ref())
                ),
                details: Vec::new(),
                components: Vec::new(),
            })
            .collect(),
    );
    let mut layout: Vec<Row> = Vec::new();
    if !m.moved.is_empty() {
        layout.push(Row {
            mark: Mark::Changed,
            id: "moved".to_owned(),
            what: m.moved.join(", "),
            details: Vec::new(),
            components: m.moved.clone(),
        });
    }
    for (texts, mark) in [
        (&m.notes_added, Mark::Added),
        (&m.notes_removed, Mark::Removed),
    ] {
        layout.extend(texts.iter().map(|t| Row {
            mark,
            id: "note".to_owned(),
            what: show(&serde_json::Value::String(t.clone())),
            details: Vec::new(),
            components: Vec::new(),
        }));
    }
    push(
        "Layout and notes (no effect on the analysis)".to_owned(),
        layout,
    );
    push(
        format!("Findings fixed ({})", a.fixed.len()),
        finding_rows(&a.fixed, Mark::Better),
    );
    push(
        format!("Findings introduced ({})", a.introduced.len()),
        finding_rows(&a.introduced, Mark::Worse),
    );
    push(
        "Findings with another severity".to_owned(),
        a.severity_changed
            .iter()
            .map(|c| Row {
                mark: if c.is_worse() {
                    Mark::Worse
                } else {
                    Mark::Better
                },
                id: finding_id(&c.finding),
                what: format!(
                    "{} → {}: {}",
                    c.old.key(),
                    c.finding.severity.key(),
                    c.finding.message
                ),
                details: Vec::new(),
                components: components_named(c.finding.components.iter().map(String::as_str)),
            })
            .collect(),
    );
    if m.changes_behaviour() || !a.is_empty() {
        push(
            "Single points of failure".to_owned(),
            a.spofs
                .iter()
                .map(|s| {
                    let (fixed, new) = (s.fixed(), s.introduced());
                    let mark = match (fixed.is_empty(), new.is_empty()) {
                        (true, true) => Mark::Same,
                        (_, false) => Mark::Worse,
                        (false, true) => Mark::Better,
                    };
                    let mut details = Vec::new();
                    if !fixed.is_empty() {
                        details.push(format!("fixed: {}", fixed.join(", ")));
                    }
                    if !new.is_empty() {
                        details.push(format!("new: {}", new.join(", ")));
                    }
                    Row {
                        mark,
                        id: class_name(s.class),
                        what: if mark == Mark::Same {
                            list_or_none(&s.new)
                        } else {
                            format!("{} → {}", list_or_none(&s.old), list_or_none(&s.new))
                        },
                        details,
                        components: components_named(
                            s.old.iter().chain(&s.new).map(String::as_str),
                        ),
                    }
                })
                .collect(),
        );
        let mut table = vec![vec!["class".to_owned()]];
        let metrics = a.classes.first().map_or(&[][..], |c| c.metrics.as_slice());
        table[0].extend(metrics.iter().map(|m| match m.metric {
            Metric::LatencyMs => "mean latency".to_owned(),
            Metric::Availability => "availability".to_owned(),
            other => format!("{} QPS", other.label()),
        }));
        for c in &a.classes {
            let mut line = vec![class_name(c.class)];
            line.extend(c.metrics.iter().map(before_after));
            table.push(line);
        }
        sections.push(Section {
            title: "Traffic per class (before → after)".to_owned(),
            rows: Vec::new(),
            table,
        });
    }
    let changed = |n: usize, one: &str, many: &str| (n > 0).then(|| plural(n, one, many));
    let parts: Vec<String> = [
        changed(m.components.len(), "component", "components"),
        changed(m.services.len(), "service", "services"),
        changed(m.links.len(), "link", "links"),
        changed(m.zones.len(), "zone", "zones"),
        changed(m.settings.len(), "setting", "settings"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let summary = if diff.is_empty() {
        "No differences.".to_owned()
    } else {
        let model = if parts.is_empty() {
            "no component, service, link or setting changed".to_owned()
        } else {
            format!("{} changed", parts.join(", "))
        };
        format!(
            "{model}; {} fixed, {} introduced",
            plural(a.fixed.len(), "finding", "findings"),
            a.introduced.len()
        )
    };
    Document {
        title: format!("{old} → {new}"),
        summary,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_the_components_they_are_about() {
        assert_eq!(components_named(["lb"]), ["lb"]);
        assert_eq!(components_named(["server-1/mysql"]), ["server-1"]);
        assert_eq!(
            components_named(["server-2/app -> server-1/mysql (request)", "lb"]),
            ["lb", "server-1", "server-2"]
        );
    }
}
