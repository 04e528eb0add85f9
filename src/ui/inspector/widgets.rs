//! Small labelled editors shared by the inspector pages (each adds a grid row).

use egui::{DragValue, Ui, WidgetInfo, WidgetType};

use crate::model::Capacity;

/// A text field row labelled for AccessKit.
pub fn text_row(ui: &mut Ui, label: &str, value: &mut String) -> egui::Response {
    ui.label(label);
    let r = ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY));
    r.widget_info(|| WidgetInfo::labeled(WidgetType::TextEdit, true, label));
    ui.end_row();
    r
}

/// A combo box row over `options`.
pub fn combo_row<T: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    options: &[T],
    name: impl Fn(T) -> String,
) {
    let row = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .width(ui.available_width().min(180.0))
        .show_ui(ui, |ui| {
            for o in options {
                ui.selectable_value(value, *o, name(*o));
            }
        })
        .response
        .labelled_by(row.id);
    ui.end_row();
}

/// A number row with units.
pub fn number_row<N: egui::emath::Numeric>(
    ui: &mut Ui,
    label: &str,
    value: &mut N,
    range: std::ops::RangeInclusive<N>,
    suffix: &str,
    speed: f64,
) {
    ui.label(label);
    ui.add(
        DragValue::new(value)
            .range(range)
            .suffix(suffix)
            .speed(speed),
    )
    .widget_info(|| WidgetInfo::labeled(WidgetType::DragValue, true, label));
    ui.end_row();
}

/// Editors for a capacity: unlimited, a QPS ceiling, or workers × service time.
pub fn capacity_rows(ui: &mut Ui, salt: &str, capacity: &mut Capacity) {
    let row = ui.label("Capacity");
    let label = match capacity {
        Capacity::Unlimited => "unlimited",
        Capacity::MaxQps { .. } => "max QPS",
        Capacity::Workers { .. } => "workers",
    };
    egui::ComboBox::from_id_salt(("capacity", salt))
        .selected_text(label)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(matches!(capacity, Capacity::Unlimited), "unlimited")
                .clicked()
            {
                *capacity = Capacity::Unlimited;
            }
            if ui
                .selectable_label(matches!(capacity, Capacity::MaxQps { .. }), "max QPS")
                .clicked()
            {
                *capacity = Capacity::MaxQps { max_qps: 1000.0 };
            }
            if ui
                .selectable_label(matches!(capacity, Capacity::Workers { .. }), "workers")
                .clicked()
            {
                *capacity = Capacity::Workers {
                    workers: 8,
                    service_time_ms: 10.0,
                };
            }
        })
        .response
        .labelled_by(row.id);
    ui.end_row();
    match capacity {
        Capacity::Unlimited => {}
        Capacity::MaxQps { max_qps } => number_row(ui, "Max", max_qps, 0.1..=1e7, " qps", 10.0),
        Capacity::Workers {
            workers,
            service_time_ms,
        } => {
            number_row(ui, "Workers", workers, 1..=100_000, "", 0.2);
            number_row(
                ui,
                "Service time",
                service_time_ms,
                0.01..=60_000.0,
                " ms",
                0.1,
            );
        }
    }
}

/// What the user did with an availability row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AvailabilityEdit {
    /// Gave a figure (a share of time, 0..=1).
    Set(f64),
    /// Went back to the default.
    Default,
}

/// An "Availability" row in percent: `a`, marked "default" while `is_default`, else with a
/// button back to the default; `what` names the default's owner ("this kind") in the hovers.
pub fn availability_row(
    ui: &mut Ui,
    (a, is_default): (f64, bool),
    max_decimals: usize,
    hover: &str,
    what: &str,
) -> Option<AvailabilityEdit> {
    let mut edit = None;
    ui.label("Availability");
    ui.horizontal(|ui| {
        let mut percent = a * 100.0;
        let r = ui
            .add(
                DragValue::new(&mut percent)
                    .range(0.001..=100.0)
                    .suffix(" %")
                    .speed(0.001)
                    .max_decimals(max_decimals),
            )
            .on_hover_text(hover);
        r.widget_info(|| WidgetInfo::labeled(WidgetType::DragValue, true, "Availability"));
        if r.changed() {
            edit = Some(AvailabilityEdit::Set(percent / 100.0));
        }
        if is_default {
            ui.weak("default").on_hover_text(format!(
                "The default for {what}; drag to give your own figure"
            ));
        } else if ui
            .small_button("default")
            .on_hover_text(format!("Back to the default for {what}"))
            .clicked()
        {
            edit = Some(AvailabilityEdit::Default);
        }
    });
    ui.end_row();
    edit
}
