//! Inspector page of a link: purpose, protocol (with its usual port), port, classes, weight.

use egui::Ui;

use super::widgets::{combo_row, number_row};
use crate::model::{Carries, Design, Link, LinkPurpose, Protocol};
use crate::ui::command::{Command, Commands};

/// Shows a link's properties.
pub fn link_ui(ui: &mut Ui, design: &Design, index: usize, link: &Link, commands: &mut Commands) {
    let name = |e: &crate::model::Endpoint| {
        design
            .component(e.component.as_str())
            .map_or_else(|| e.to_string(), |c| c.name.clone())
    };
    ui.heading("Link");
    ui.label(format!("{} → {}", name(&link.from), name(&link.to)));
    ui.add_space(4.0);
    let mut l = link.clone();
    egui::Grid::new("link-grid")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            end_row(ui, design, "From service", &mut l.from);
            end_row(ui, design, "To service", &mut l.to);
            combo_row(ui, "Purpose", &mut l.purpose, &LinkPurpose::ALL, |p| {
                p.label().to_owned()
            });
            let before = l.protocol;
            combo_row(ui, "Protocol", &mut l.protocol, &Protocol::ALL, |p| {
                p.label().to_owned()
            });
            if l.protocol != before && l.port == before.default_port() {
                l.port = l.protocol.default_port();
            }
            number_row(ui, "Port", &mut l.port, 1..=65535, "", 1.0);
            if l.purpose == LinkPurpose::Request {
                combo_row(ui, "Carries", &mut l.carries, &Carries::ALL, |c| {
                    c.label().to_owned()
                });
                number_row(ui, "Weight", &mut l.weight, 0.0..=1000.0, "", 0.05);
            }
            ui.label("Encryption");
            ui.label(if l.encrypted() {
                "encrypted (TLS)"
            } else {
                "none: plaintext on the wire"
            });
            ui.end_row();
        });
    if &l != link {
        commands.push(Command::EditLink {
            index,
            link: Box::new(l),
        });
    }
}

/// For an end on a server: which service on it (or the whole server).
fn end_row(ui: &mut Ui, design: &Design, label: &str, end: &mut crate::model::Endpoint) {
    let Some(c) = design.component(end.component.as_str()) else {
        return;
    };
    let services = c.kind.services();
    if services.is_empty() {
        return;
    }
    let row = ui.label(label);
    let current = end
        .service
        .clone()
        .unwrap_or_else(|| "(whole server)".to_owned());
    egui::ComboBox::from_id_salt(label)
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut end.service, None, "(whole server)");
            for s in services {
                ui.selectable_value(
                    &mut end.service,
                    Some(s.id.clone()),
                    format!("{} ({})", s.id, s.kind.label()),
                );
            }
        })
        .response
        .labelled_by(row.id);
    ui.end_row();
}
