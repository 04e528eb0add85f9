//! The verdict card at the end of a drill: availability per class, requests lost, time to
//! detect and to recover, silent failures, and the analysis findings that predicted it.

use egui::{RichText, Ui};

use crate::sim::drill::DrillResult;
use crate::sim::drill::verdict::{Prediction, Verdict};
use crate::sim::{Finding, FindingSeverity};

/// Below this share of offered requests served, the latency line says that almost nothing
/// was served (a percentile of a handful of requests describes almost no user).
const ALMOST_NOTHING_SERVED: f64 = 0.01;

/// The latency line of the verdict: the p95 of what was served, and how much that was.
/// Requests that were not served have no latency.
pub fn latency_line(v: &Verdict) -> String {
    let (served, offered) = v.classes.values().fold((0.0, 0.0), |(s, o), c| {
        (s + c.served_requests, o + c.offered_requests)
    });
    if served <= 0.0 {
        return "none: no request was served".to_owned();
    }
    let p95 = if v.p95_latency_ms.is_infinite() {
        "unbounded (saturated)".to_owned()
    } else if v.p95_latency_ms.is_nan() {
        "—".to_owned()
    } else {
        format!("{:.1} ms", v.p95_latency_ms)
    };
    let share = if offered > 0.0 { served / offered } else { 1.0 };
    if share < ALMOST_NOTHING_SERVED {
        format!(
            "{p95} for the {served:.0} requests served — almost nothing was served ({:.3} % of {offered:.0})",
            share * 100.0
        )
    } else {
        format!("{p95} (of the {served:.0} requests served)")
    }
}

/// The predictions worth showing, most severe first: errors, then warnings; info-level
/// findings predict nothing. A prediction's severity is its finding's in `findings` (the
/// analysis of the design the drill ran on).
pub fn ranked_predictions<'a>(
    predictions: &'a [Prediction],
    findings: &[Finding],
) -> Vec<(FindingSeverity, &'a Prediction)> {
    let mut ranked: Vec<(FindingSeverity, &Prediction)> = predictions
        .iter()
        .filter_map(|p| {
            let severity = findings
                .iter()
                .filter(|f| f.rule.id() == p.rule && f.message == p.message)
                .map(|f| f.severity)
                .min()?;
            (severity != FindingSeverity::Info).then_some((severity, p))
        })
        .collect();
    ranked.sort();
    ranked
}

/// Shows the verdict of `result`, or a hint while the drill runs; `findings` are the
/// analysis findings of the design the drill ran on.
pub fn verdict_ui(ui: &mut Ui, result: Option<&DrillResult>, findings: &[Finding]) {
    let Some(r) = result else {
        ui.weak(
            "The verdict appears when the drill reaches its end (play at 60× to get there fast).",
        );
        return;
    };
    let v = &r.verdict;
    egui::ScrollArea::vertical().show(ui, |ui| {
        let (text, color) = if v.passed {
            ("PASSED", ui.visuals().hyperlink_color)
        } else {
            ("FAILED", ui.visuals().error_fg_color)
        };
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("Verdict: {text}"))
                    .strong()
                    .color(color),
            );
            ui.label(format!("— {} ({} s)", r.name, r.duration_s));
        });
        egui::Grid::new("drill-verdict")
            .striped(true)
            .show(ui, |ui| {
                for (class, c) in &v.classes {
                    ui.label(class.key());
                    ui.label(format!("availability {:.3} %", c.availability * 100.0));
                    ui.label(format!(
                        "{:.0} of {:.0} requests lost",
                        c.failed_requests, c.offered_requests
                    ));
                    ui.end_row();
                }
                let secs = |x: Option<f64>, none: &str| {
                    x.map_or_else(|| none.to_owned(), |s| format!("{s:.1} s"))
                };
                ui.label("time to detect");
                ui.label(secs(v.time_to_detect_s, "never (no alert)"));
                ui.end_row();
                ui.label("time to recover");
                ui.label(secs(v.time_to_recover_s, "not recovered"));
                ui.end_row();
                ui.label("p95 latency");
                ui.label(latency_line(v));
                ui.end_row();
                ui.label("silent failures");
                ui.label(if v.silent.is_empty() {
                    "none".to_owned()
                } else {
                    v.silent.join(", ")
                });
                ui.end_row();
            });
        for (severity, p) in ranked_predictions(&v.predicted_by, findings) {
            ui.label(format!(
                "predicted by {} {}: {}",
                severity.key(),
                p.rule,
                p.message
            ));
        }
        for b in &v.broken {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("hypothesis broken: {b}"),
            );
        }
    });
}
