//! The status bar: counts, offered and served QPS (in drill mode the drill's current figures),
//! file name and the unsaved marker.

use egui::Ui;

use super::app::InfraboardApp;
use super::canvas::marks::format_qps;
use super::command::Commands;

/// Shows the status bar.
pub fn status_bar_ui(ui: &mut Ui, app: &InfraboardApp, _commands: &mut Commands) {
    let d = &app.doc.design;
    ui.horizontal(|ui| {
        ui.label(format!("{} components", d.components.len()));
        ui.separator();
        ui.label(format!("{} links", d.links.len()));
        ui.separator();
        ui.label(traffic_text(app));
        if app.analysis.updating() {
            ui.separator();
            ui.spinner();
            ui.weak("analysing…")
                .on_hover_text("A large design is analysed in the background; the marks shown are of the previous edit until it is done");
        }
        if let Some(msg) = app.status.as_deref().or(app.last_refusal.as_deref()) {
            ui.separator();
            ui.weak(msg);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let zoom = format!("{:.0} %", app.canvas.view.zoom * 100.0);
            ui.weak(zoom);
            ui.separator();
            let name = app.doc.file_name();
            if app.doc.is_dirty() && app.doc.path.is_some() {
                ui.strong(format!("● {name} (unsaved)"));
            } else if app.doc.is_dirty() {
                ui.strong(format!("● {name}"));
            } else {
                ui.label(name);
            }
        });
    });
}

/// Offered and served QPS: the drill's current second in drill mode (its totals once it
/// finished), the design's steady state otherwise.
pub(crate) fn traffic_text(app: &InfraboardApp) -> String {
    let drill = &app.drill;
    if drill.active {
        if let Some(run) = drill.run() {
            let out = run.output();
            return format!(
                "drill t = {:.1} s: offered {} qps · served {} qps",
                drill.t_s(),
                format_qps(out.offered_total_qps()),
                format_qps(out.served_total_qps())
            );
        }
        if let Some(r) = &drill.result {
            let (served, offered) = r.verdict.classes.values().fold((0.0, 0.0), |(s, o), c| {
                (s + c.served_requests, o + c.offered_requests)
            });
            return format!(
                "drill finished: served {} of {} requests",
                format_qps(served),
                format_qps(offered)
            );
        }
    }
    let t = &app.analysis.analysis.traffic;
    let offered = if t.offered_qps > 0.0 {
        t.offered_qps
    } else {
        app.doc.design.traffic.offered_qps
    };
    format!(
        "offered {} qps · served {} qps",
        format_qps(offered),
        format_qps(t.served_qps)
    )
}
