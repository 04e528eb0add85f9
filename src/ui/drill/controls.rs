//! The drill controls: play / pause, step, speed, reset, the clock, the tabs; loading and
//! saving the drill (clicks are recorded as its events) and generating a chaos drill.

use egui::Ui;

use super::{DrillMode, DrillTab, SPEEDS};
use crate::io::{load_drill, save_drill};
use crate::model::Design;
use crate::sim::Finding;
use crate::sim::drill::chaos;

/// Width of the Play / Pause button, points (wider than either label).
const PLAY_BUTTON_WIDTH: f32 = 76.0;

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
        // As wide for "Pause" as for "Play": nothing after it moves when it flips.
        let play = egui::Button::new(label).min_size(egui::vec2(PLAY_BUTTON_WIDTH, 0.0));
        if ui.add_enabled(running, play).clicked() {
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
        // Fixed-width things first, so the tabs stay put while the figures change.
        ui.separator();
        ui.selectable_value(&mut mode.tab, DrillTab::Charts, "Charts");
        ui.selectable_value(&mut mode.tab, DrillTab::Verdict, "Verdict");
        ui.selectable_value(&mut mode.tab, DrillTab::BlastRadius, "Blast radius");
        ui.separator();
        ui.toggle_value(&mut mode.heat_map, "Heat map")
            .on_hover_text("Tint each component by what failing it alone costs");
        ui.separator();
        ui.monospace(format!(
            "t = {:>6.1} s / {} s",
            mode.t_s(),
            mode.drill.duration_s
        ));
        if let Some(run) = mode.run() {
            let out = run.output();
            ui.separator();
            ui.label(format!(
                "offered {:.0} · served {:.0} · failed {:.0} · dropped {:.0} qps",
                out.offered_total_qps(),
                out.served_total_qps(),
                out.failed_total_qps,
                out.dropped_total_qps
            ));
        } else if mode.result.is_some() {
            ui.separator();
            ui.label("finished: see the verdict; ⟲ Reset to run again");
        }
    });
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} · {} events",
            mode.drill.name,
            mode.drill.events.len()
        ));
        ui.add(egui::TextEdit::singleline(&mut mode.path).desired_width(240.0))
            .on_hover_text("Drill file (RON)");
        if ui.button("Load").clicked() {
            match load_drill(std::path::Path::new(&mode.path)) {
                Ok(d) => {
                    mode.drill = d;
                    mode.reset(design, revision);
                }
                Err(e) => mode.error = Some(e.to_string()),
            }
        }
        if ui
            .button("Save")
            .on_hover_text("Saves the drill with the clicks made so far")
            .clicked()
        {
            let path = std::path::Path::new(&mode.path);
            mode.error = save_drill(&mode.drill, path).err().map(|e| e.to_string());
        }
        if ui.button("Clear events").clicked() {
            mode.drill.events.clear();
            mode.reset(design, revision);
        }
        ui.separator();
        ui.label("Chaos");
        ui.add(
            egui::DragValue::new(&mut mode.chaos.0)
                .range(0.0..=3600.0)
                .suffix(" /h"),
        );
        ui.add(egui::DragValue::new(&mut mode.chaos.1).prefix("seed "));
        if ui
            .button("Generate")
            .on_hover_text("Random single failures, replayable from the seed")
            .clicked()
        {
            mode.drill = chaos(design, mode.chaos.0, mode.chaos.1, mode.drill.duration_s);
            mode.reset(design, revision);
        }
    });
}
