//! The status bar: counts, offered and served QPS, file name and the unsaved marker.

use egui::Ui;

use super::app::InfraboardApp;
use super::canvas::marks::format_qps;
use super::command::Commands;

/// Shows the status bar.
pub fn status_bar_ui(ui: &mut Ui, app: &InfraboardApp, _commands: &mut Commands) {
    let d = &app.doc.design;
    let t = &app.analysis.analysis.traffic;
    ui.horizontal(|ui| {
        ui.label(format!("{} components", d.components.len()));
        ui.separator();
        ui.label(format!("{} links", d.links.len()));
        ui.separator();
        let offered = if t.offered_qps > 0.0 {
            t.offered_qps
        } else {
            d.traffic.offered_qps
        };
        ui.label(format!(
            "offered {} qps · served {} qps",
            format_qps(offered),
            format_qps(t.served_qps)
        ));
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
