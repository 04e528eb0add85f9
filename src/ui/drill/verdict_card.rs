//! The verdict card at the end of a drill: availability per class, requests lost, time to
//! detect and to recover, silent failures, and the analysis findings that predicted it.

use egui::{RichText, Ui};

use crate::sim::drill::DrillResult;

/// Shows the verdict of `result`, or a hint while the drill runs.
pub fn verdict_ui(ui: &mut Ui, result: Option<&DrillResult>) {
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
                ui.label(if v.p95_latency_ms.is_infinite() {
                    "saturated".to_owned()
                } else if v.p95_latency_ms.is_nan() {
                    "—".to_owned()
                } else {
                    format!("{:.1} ms", v.p95_latency_ms)
                });
                ui.end_row();
                ui.label("silent failures");
                ui.label(if v.silent.is_empty() {
                    "none".to_owned()
                } else {
                    v.silent.join(", ")
                });
                ui.end_row();
            });
        for p in &v.predicted_by {
            ui.label(format!("predicted by {}: {}", p.rule, p.message));
        }
        for b in &v.broken {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("hypothesis broken: {b}"),
            );
        }
    });
}
