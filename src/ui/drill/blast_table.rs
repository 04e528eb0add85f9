//! The blast-radius table: for each component, the share of each class still served when it
//! alone fails (settled), sortable by column.

use egui::Ui;

use super::DrillMode;

/// Shows the table once the blast radius of the current revision has been computed (off the
/// UI thread; "computing…" until then).
pub fn blast_table_ui(ui: &mut Ui, mode: &mut DrillMode) {
    let Some(rows) = &mode.blast else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Computing what each failure costs…");
        });
        return;
    };
    let mut rows = rows.clone();
    let (col, desc) = mode.blast_sort;
    rows.sort_by(|a, b| {
        let o = match col {
            0 => a.id.cmp(&b.id),
            1 => a.served_fraction_read.total_cmp(&b.served_fraction_read),
            _ => a.served_fraction_write.total_cmp(&b.served_fraction_write),
        };
        let o = o.then_with(|| a.id.cmp(&b.id));
        if desc { o.reverse() } else { o }
    });
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("drill-blast").striped(true).show(ui, |ui| {
            for (i, title) in ["component", "reads served", "writes served"]
                .into_iter()
                .enumerate()
            {
                let arrow = if col == i {
                    if desc { " ⏷" } else { " ⏶" }
                } else {
                    ""
                };
                if ui.button(format!("{title}{arrow}")).clicked() {
                    mode.blast_sort = (i, if col == i { !desc } else { false });
                }
            }
            ui.end_row();
            for r in &rows {
                if ui.link(&r.id).clicked() {
                    mode.focus = Some(r.id.clone());
                }
                for share in [r.served_fraction_read, r.served_fraction_write] {
                    let text = format!("{:.1} %", share * 100.0);
                    if share < 0.99 {
                        ui.colored_label(ui.visuals().error_fg_color, text);
                    } else {
                        ui.label(text);
                    }
                }
                ui.end_row();
            }
        });
    });
}
