//! Inspector page of a component: id, name, TLS and certificate, capacity, replicas, then the
//! settings of its kind.

use egui::Ui;

use super::kinds;
use super::widgets::{self, AvailabilityEdit, capacity_rows, combo_row, number_row, text_row};
use crate::model::availability::instance_availability;
use crate::model::{Certificate, Component, ComponentId, Design, IsoDate, Kind, TlsMode};
use crate::ui::command::{Command, Commands};

/// Shows one component's properties.
pub fn component_ui(ui: &mut Ui, design: &Design, original: &Component, commands: &mut Commands) {
    let mut c = original.clone();
    ui.horizontal(|ui| {
        ui.add(
            egui::Image::new(crate::ui::icons::kind(c.tag()))
                .tint(ui.visuals().text_color())
                .fit_to_exact_size(egui::vec2(20.0, 20.0)),
        );
        ui.heading(c.tag().label());
    });
    ui.add_space(4.0);
    egui::Grid::new("component-grid")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            id_row(ui, &mut c);
            text_row(ui, "Name", &mut c.name);
            if c.tag().is_machine()
                || matches!(c.kind, Kind::Firewall(_))
                || c.tls.mode != TlsMode::None
            {
                combo_row(ui, "TLS", &mut c.tls.mode, &TlsMode::ALL, |m| {
                    m.label().to_owned()
                });
                if c.tls.mode.decrypts() {
                    certificate_rows(ui, &mut c.tls.certificate, &design.domain);
                }
            }
            if !matches!(c.kind, Kind::Server(_) | Kind::Users) {
                capacity_rows(ui, "component", &mut c.capacity);
            }
            let replicas = if matches!(c.kind, Kind::ObjectStorage(_)) {
                "Regions"
            } else {
                "Replicas"
            };
            number_row(ui, replicas, &mut c.replicas, 1..=1000, "", 0.1);
            if c.tag().can_stop_requests() {
                availability_row(ui, &mut c);
                mtbf_mttr_rows(ui, &mut c);
            }
            super::zone::component_zone_row(ui, design, &mut c);
        });
    ui.separator();
    kinds::kind_ui(ui, &mut c, design);
    if c != *original {
        commands.push(Command::EditComponent {
            id: original.id.clone(),
            component: Box::new(c),
        });
    }
}

/// One instance's availability in percent: the kind's default (marked so) until the user
/// drags it; a button returns to the default.
fn availability_row(ui: &mut Ui, c: &mut Component) {
    let edit = widgets::availability_row(
        ui,
        instance_availability(c),
        4,
        "Share of time one instance is up; `infraboard availability` combines them",
        "this kind",
    );
    // One figure or the other: a share of time replaces MTBF / MTTR.
    match edit {
        Some(AvailabilityEdit::Set(a)) => c.availability = Some(a),
        Some(AvailabilityEdit::Default) => c.availability = None,
        None => return,
    }
    c.mtbf_h = None;
    c.mttr_h = None;
}

/// The repair time MTBF is shown with before the user gives one, hours.
const SHOWN_MTTR_H: f64 = 4.0;

/// Mean time between failures and to repair, hours. Until given they show what the
/// availability above implies with a repair time of [`SHOWN_MTTR_H`]; editing either sets
/// both and replaces the availability figure (a component gives one or the other).
fn mtbf_mttr_rows(ui: &mut Ui, c: &mut Component) {
    let given = c.mtbf_h.zip(c.mttr_h);
    let (mut mtbf_h, mut mttr_h) = given.unwrap_or_else(|| {
        let (a, _) = instance_availability(c);
        let mtbf_h = if a < 1.0 {
            SHOWN_MTTR_H * a / (1.0 - a)
        } else {
            1e7
        };
        (mtbf_h.min(1e7), SHOWN_MTTR_H)
    });
    let mut changed = false;
    for (label, value, hint) in [
        (
            "MTBF",
            &mut mtbf_h,
            "Mean time between failures of one instance",
        ),
        ("MTTR", &mut mttr_h, "Mean time to repair one instance"),
    ] {
        ui.label(format!("{label} (h)"));
        ui.horizontal(|ui| {
            let r = ui
                .add(
                    egui::DragValue::new(value)
                        .range(0.01..=1e7)
                        .suffix(" h")
                        .speed(1.0)
                        .max_decimals(2),
                )
                .on_hover_text(hint);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::DragValue, true, label));
            changed |= r.changed();
            if given.is_none() {
                ui.weak("from availability");
            }
        });
        ui.end_row();
    }
    if changed {
        c.mtbf_h = Some(mtbf_h);
        c.mttr_h = Some(mttr_h);
        c.availability = None;
    }
}

/// The id, renamed when the field loses focus.
fn id_row(ui: &mut Ui, c: &mut Component) {
    ui.label("Id");
    let key = egui::Id::new(("id-edit", c.id.as_str()));
    let mut text: String = ui
        .data(|d| d.get_temp(key))
        .unwrap_or_else(|| c.id.to_string());
    let r = ui.add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Id"));
    if r.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(key));
        if text != c.id.as_str() {
            c.id = ComponentId::new(text);
        }
    } else if r.has_focus() {
        ui.data_mut(|d| d.insert_temp(key, text));
    }
    ui.end_row();
}

fn certificate_rows(ui: &mut Ui, cert: &mut Option<Certificate>, domain: &str) {
    ui.label("Certificate");
    let mut has = cert.is_some();
    if ui.checkbox(&mut has, "present").changed() {
        *cert = has.then(|| Certificate {
            domains: vec![domain.to_owned()],
            expires: IsoDate::new(2027, 12, 31).unwrap_or_else(IsoDate::today_utc),
        });
    }
    ui.end_row();
    if let Some(cert) = cert {
        let mut domains = cert.domains.join(", ");
        if text_row(ui, "Covers", &mut domains).changed() {
            cert.domains = domains
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
        }
        let key = egui::Id::new("cert-expiry");
        let mut text: String = ui
            .data(|d| d.get_temp(key))
            .unwrap_or_else(|| cert.expires.to_string());
        ui.label("Expires");
        let r = ui.add(egui::TextEdit::singleline(&mut text).hint_text("YYYY-MM-DD"));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Expires"));
        match IsoDate::parse(text.trim()) {
            Ok(date) => cert.expires = date,
            Err(_) => {
                ui.end_row();
                ui.label("");
                ui.colored_label(ui.visuals().error_fg_color, "use YYYY-MM-DD");
            }
        }
        if r.has_focus() {
            ui.data_mut(|d| d.insert_temp(key, text));
        } else {
            ui.data_mut(|d| d.remove::<String>(key));
        }
        ui.end_row();
    }
}
