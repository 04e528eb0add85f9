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
        if !app.drill.active
            && let Some(classes) = &app.analysis.availability
        {
            ui.separator();
            availability_ui(ui, classes);
        }
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

/// Minutes in a (365-day) year.
const MINUTES_PER_YEAR: f64 = 365.0 * 24.0 * 60.0;

/// Each class's availability, with the likeliest failures and what to fix first on hover.
fn availability_ui(ui: &mut Ui, classes: &[crate::sim::availability::ClassAvailability]) {
    let text = classes
        .iter()
        .map(|c| format!("{} {}", c.class.key(), percent_text(c.availability)))
        .collect::<Vec<_>>()
        .join(" · ");
    ui.label(format!("available: {text}")).on_hover_ui(|ui| {
        for c in classes {
            ui.strong(format!(
                "{}: {:.5} % ({:.1} min down per year)",
                c.class.key(),
                c.availability * 100.0,
                (1.0 - c.availability) * MINUTES_PER_YEAR
            ));
            for cut in c.cuts.iter().take(3) {
                ui.label(format!(
                    "  {:.0} % of it: {} down",
                    cut.share * 100.0,
                    cut.components.join(" + ")
                ));
            }
            if let Some(first) = c.importance.first().filter(|i| i.gain > 0.0) {
                ui.label(format!(
                    "  fix first: {} (+{:.1} min/year)",
                    first.component,
                    first.gain * MINUTES_PER_YEAR
                ));
            }
        }
        ui.weak("Each component's availability is set in the inspector (default by kind)");
    });
}

/// An availability as a percentage with at least three decimals and enough to show the first
/// digit of what is missing (99.9996 %, not 100.000 %); "100 %" only when it never stops.
fn percent_text(availability: f64) -> String {
    let missing_pct = (1.0 - availability) * 100.0;
    if missing_pct <= 0.0 {
        return "100 %".to_owned();
    }
    let decimals = (-missing_pct.log10()).ceil().clamp(3.0, 9.0) as usize;
    format!("{:.decimals$} %", availability * 100.0)
}

#[cfg(test)]
mod tests {
    use super::percent_text;

    #[test]
    fn percentages_show_the_first_missing_digit() {
        assert_eq!(percent_text(0.999), "99.900 %");
        assert_eq!(percent_text(0.999996), "99.9996 %");
        assert_eq!(percent_text(1.0), "100 %");
    }
}
