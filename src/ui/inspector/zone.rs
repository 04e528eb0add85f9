//! Inspector page of a zone (rack, availability zone, region): name, kind, the zone it sits
//! in, its own availability (its kind's default until given), and what is in it; and the
//! "Zone" row of a component's page.

use egui::Ui;

use super::widgets::{self, AvailabilityEdit, combo_row, text_row};
use crate::model::availability::zone_availability;
use crate::model::{Component, ComponentId, Design, Zone, ZoneKind, ZoneTree};
use crate::ui::command::{Command, Commands};

/// Shows one zone's properties.
pub fn zone_ui(ui: &mut Ui, design: &Design, original: &Zone, commands: &mut Commands) {
    let mut z = original.clone();
    ui.heading(z.kind.label());
    ui.weak("Fails as a unit: everything in it, and in the zones inside it, fails with it.");
    ui.add_space(4.0);
    let tree = ZoneTree::new(design);
    let index = tree.index_of(z.id.as_str());
    egui::Grid::new("zone-grid")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            ui.label("Id");
            ui.monospace(z.id.as_str());
            ui.end_row();
            text_row(ui, "Name", &mut z.name);
            combo_row(ui, "Kind", &mut z.kind, &ZoneKind::ALL, |k| {
                k.label().to_owned()
            });
            // Any zone but itself and the zones inside it (no circle of parents).
            let inside_it =
                |other: usize| index.is_some_and(|me| tree.chain(other).any(|up| up == me));
            let parents: Vec<Option<&Zone>> = std::iter::once(None)
                .chain(
                    design
                        .zones
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| !inside_it(*i))
                        .map(|(_, zone)| Some(zone)),
                )
                .collect();
            zone_combo_row(ui, "Parent", "zone-parent", &mut z.parent, &parents);
            availability_row(ui, &mut z);
            ui.label("In it");
            let members = index.map_or(0, |i| tree.members(i).len());
            ui.label(match members {
                1 => "1 component".to_owned(),
                n => format!("{n} components"),
            });
            ui.end_row();
        });
    ui.add_space(8.0);
    ui.weak(
        "Drop a component into the zone on the canvas to put it there (or pick its zone in \
         its inspector). Drag the label or border to move the zone with what is in it; drag \
         its corner to resize. Delete removes the zone; what was in it moves to its parent.",
    );
    if z.name.trim().is_empty() {
        z.name.clone_from(&original.name);
    }
    if z != *original {
        commands.push(Command::EditZone {
            id: original.id.clone(),
            zone: Box::new(z),
        });
    }
}

/// A combo row choosing a zone (or none) among `options` for `value`.
fn zone_combo_row(
    ui: &mut Ui,
    label: &str,
    salt: &str,
    value: &mut Option<ComponentId>,
    options: &[Option<&Zone>],
) {
    let row = ui.label(label);
    let name = |z: Option<&Zone>| z.map_or_else(|| "none".to_owned(), |z| z.name.clone());
    let current = options
        .iter()
        .find(|o| o.map(|z| &z.id) == value.as_ref())
        .copied()
        .flatten();
    let shown = match (value.as_ref(), current) {
        (Some(id), None) => id.to_string(),
        _ => name(current),
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(ui.available_width().min(180.0))
        .show_ui(ui, |ui| {
            for o in options {
                let id = o.map(|z| z.id.clone());
                let text = match o {
                    Some(z) => format!("{} ({})", z.name, z.kind.label().to_lowercase()),
                    None => "none".to_owned(),
                };
                ui.selectable_value(value, id, text);
            }
        })
        .response
        .labelled_by(row.id);
    ui.end_row();
}

/// The "Zone" row of a component: none, or any zone of the design.
pub fn component_zone_row(ui: &mut Ui, design: &Design, c: &mut Component) {
    let options: Vec<Option<&Zone>> = std::iter::once(None)
        .chain(design.zones.iter().map(Some))
        .collect();
    zone_combo_row(ui, "Zone", "component-zone", &mut c.zone, &options);
}

/// The zone's own availability in percent: its kind's default (marked so) until dragged; a
/// button returns to the default.
fn availability_row(ui: &mut Ui, z: &mut Zone) {
    let edit = widgets::availability_row(
        ui,
        zone_availability(z),
        5,
        "Share of time the zone itself (power, network, building) is up",
        "this kind of zone",
    );
    match edit {
        Some(AvailabilityEdit::Set(a)) => z.availability = Some(a),
        Some(AvailabilityEdit::Default) => z.availability = None,
        None => {}
    }
}
