//! The drill controls: play / pause, step, speed, reset, the clock, and the tabs.

use egui::Ui;

use super::{DrillMode, DrillTab, SPEEDS};
use crate::model::Design;
use crate::sim::Finding;

/// Shows the controls row.
pub fn controls_ui(
    ui: &mut Ui,
    mode: &mut DrillMode,
    design: &Design,
    revision: u64,
    findings: &[Finding],
) {
    ui.horizontal(|ui| {
        let running = mode.run.is_some();
        let label = if mode.playing {
            "⏸ Pause"
        } else {
            "▶ Play"
        };
        if ui.add_enabled(running, egui::Button::new(label)).clicked() {
            mode.playing = !mode.playing;
        }
        if ui
            .add_enabled(running && !mode.playing, egui::Button::new("⏭ Step"))
            .on_hover_text("One tick")
            .clicked()
        {
            mode.step_ticks(design, findings, 1);
        }
        if ui.button("⟲ Reset").clicked() {
            mode.reset(design, revision);
        }
        ui.separator();
        ui.label("Speed");
        for s in SPEEDS {
            if ui
                .selectable_label(mode.speed == s, format!("{s}×"))
                .clicked()
            {
                mode.speed = s;
            }
        }
        ui.separator();
        ui.monospace(format!(
            "t = {:.1} s / {} s",
            mode.t_s(),
            mode.drill.duration_s
        ));
        if let Some(run) = mode.run() {
            let out = run.output();
            ui.separator();
            ui.label(format!(
                "offered {:.0} · served {:.0} · failed {:.0} · dropped {:.0} qps",
                out.offered_qps, out.served_qps, out.failed_qps, out.dropped_qps
            ));
        }
        ui.separator();
        ui.selectable_value(&mut mode.tab, DrillTab::Charts, "Charts");
        ui.selectable_value(&mut mode.tab, DrillTab::Verdict, "Verdict");
        ui.selectable_value(&mut mode.tab, DrillTab::BlastRadius, "Blast radius");
    });
}
