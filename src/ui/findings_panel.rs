//! The findings list: severity icon and message; click selects and centres the culprits; hover
//! shows why it matters and the fix.

use egui::{RichText, Sense, Ui, vec2};

use super::command::{Command, Commands};
use super::icons;
use super::look::Look;
use crate::model::ComponentId;
use crate::sim::{Analysis, FindingSeverity};

/// Shows the findings.
pub fn findings_ui(ui: &mut Ui, analysis: &Analysis, look: &Look, commands: &mut Commands) {
    let count = |s| analysis.findings.iter().filter(|f| f.severity == s).count();
    ui.horizontal(|ui| {
        ui.strong("Findings");
        ui.weak(format!(
            "{} errors · {} warnings · {} info",
            count(FindingSeverity::Error),
            count(FindingSeverity::Warning),
            count(FindingSeverity::Info)
        ));
    });
    if analysis.findings.is_empty() {
        ui.weak("Nothing to report.");
        return;
    }
    let row_h = ui.spacing().interact_size.y.max(18.0);
    // Only the visible rows are laid out: thousands of findings stay cheap.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_h, analysis.findings.len(), |ui, rows| {
            for i in rows {
                let Some(f) = analysis.findings.get(i) else {
                    continue;
                };
                finding_row_ui(ui, i, f, look, commands);
            }
        });
}

fn finding_row_ui(
    ui: &mut Ui,
    i: usize,
    f: &crate::sim::Finding,
    look: &Look,
    commands: &mut Commands,
) {
    let color = match f.severity {
        FindingSeverity::Error => look.bad,
        FindingSeverity::Warning => look.warn,
        FindingSeverity::Info => look.info,
    };
    let row = ui.push_id(i, |ui| {
        ui.horizontal(|ui| {
            ui.add(
                egui::Image::new(icons::severity(f.severity))
                    .tint(color)
                    .fit_to_exact_size(vec2(16.0, 16.0)),
            );
            ui.label(RichText::new(f.rule.id()).small().color(look.muted));
            ui.label(&f.message);
        })
        .response
    });
    let response = row.inner.interact(Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::Button, true, f.message.clone())
    });
    let response = response.on_hover_ui(|ui| {
        ui.set_max_width(420.0);
        ui.strong(&f.message);
        ui.label(RichText::new("Why").strong());
        ui.label(&f.why);
        ui.label(RichText::new("Fix").strong());
        ui.label(&f.fix);
        if !f.witness.is_empty() {
            ui.weak(format!("Path: {}", f.witness.join(" → ")));
        }
    });
    if response.hovered() {
        ui.painter()
            .rect_filled(response.rect, 2.0, look.selection_fill);
    }
    if response.clicked() {
        let ids: Vec<ComponentId> = f
            .components
            .iter()
            .map(|c| ComponentId::new(c.split_once('/').map_or(c.as_str(), |(a, _)| a)))
            .collect();
        commands.push(Command::Reveal(ids));
    }
}
