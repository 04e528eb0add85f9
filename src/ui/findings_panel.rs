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
    let row_h = ui.spacing().interact_size.y.max(20.0);
    // A new finding at the top (a new error) scrolls the list back to it.
    let top = analysis
        .findings
        .first()
        .map(|f| egui::Id::new((f.rule.id(), &f.message)));
    let top_id = ui.id().with("findings-top");
    let scroll_to_top = ui.data_mut(|d| {
        let changed = d.get_temp::<Option<egui::Id>>(top_id) != Some(top);
        d.insert_temp(top_id, top);
        changed
    });
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if scroll_to_top {
        area = area.vertical_scroll_offset(0.0);
    }
    // Only the visible rows are laid out: thousands of findings stay cheap.
    area.show_rows(ui, row_h, analysis.findings.len(), |ui, rows| {
        for i in rows {
            let Some(f) = analysis.findings.get(i) else {
                continue;
            };
            finding_row_ui(ui, row_h, f, look, commands);
        }
    });
}

/// One finding as one clickable row: the whole row (icon, rule tag, message) selects and
/// centres the culprits, and hovering any of it shows why and the fix.
fn finding_row_ui(
    ui: &mut Ui,
    row_h: f32,
    f: &crate::sim::Finding,
    look: &Look,
    commands: &mut Commands,
) {
    let color = match f.severity {
        FindingSeverity::Error => look.bad,
        FindingSeverity::Warning => look.warn,
        FindingSeverity::Info => look.info,
    };
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), row_h), Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::Button, true, f.message.clone())
    });
    if ui.is_rect_visible(rect) {
        if response.hovered() {
            ui.painter().rect_filled(rect, 2.0, look.selection_fill);
        }
        let icon = egui::Rect::from_center_size(
            egui::pos2(rect.left() + 10.0, rect.center().y),
            vec2(16.0, 16.0),
        );
        egui::Image::new(icons::severity(f.severity))
            .tint(color)
            .paint_at(ui, icon);
        let mut x = icon.right() + 8.0;
        let small = egui::TextStyle::Small.resolve(ui.style());
        let tag = ui
            .painter()
            .layout_no_wrap(f.rule.id().to_owned(), small, look.muted);
        ui.painter().galley(
            egui::pos2(x, rect.center().y - tag.size().y / 2.0),
            tag.clone(),
            look.muted,
        );
        x += tag.size().x + 8.0;
        let text_color = ui.visuals().text_color();
        let message = egui::WidgetText::from(f.message.as_str()).into_galley(
            ui,
            Some(egui::TextWrapMode::Truncate),
            (rect.right() - x).max(0.0),
            egui::TextStyle::Body,
        );
        ui.painter().galley(
            egui::pos2(x, rect.center().y - message.size().y / 2.0),
            message,
            text_color,
        );
    }
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
    if response.clicked() {
        let ids: Vec<ComponentId> = f
            .components
            .iter()
            .map(|c| ComponentId::new(c.split_once('/').map_or(c.as_str(), |(a, _)| a)))
            .collect();
        commands.push(Command::Reveal(ids));
    }
}
