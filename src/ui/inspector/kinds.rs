//! Kind-specific inspector sections: load balancer, firewall rules table, server stack,
//! database, monitoring, generic service.

use egui::Ui;

use super::widgets::{capacity_rows, combo_row, number_row, text_row};
use crate::model::{
    Answers, CollectionMethod, Component, DatabaseRole, DatabaseSettings, Design, FirewallAction,
    FirewallRule, Kind, LbAlgorithm, Service, ServiceKind, Telemetry, TrafficSource,
};

/// Shows the settings of the component's kind.
pub fn kind_ui(ui: &mut Ui, c: &mut Component, design: &Design) {
    match &mut c.kind {
        Kind::Users | Kind::Dns => {
            ui.weak(if matches!(c.kind, Kind::Users) {
                "Where requests come from."
            } else {
                "Resolves the design's domain."
            });
        }
        Kind::LoadBalancer(lb) => {
            ui.strong("Load balancer");
            egui::Grid::new("lb-grid")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, |ui| {
                    text_row(ui, "Product", &mut lb.product);
                    combo_row(ui, "Algorithm", &mut lb.algorithm, &LbAlgorithm::ALL, |a| {
                        a.label().to_owned()
                    });
                    number_row(
                        ui,
                        "Check every",
                        &mut lb.health_check.interval_s,
                        0.1..=3600.0,
                        " s",
                        0.1,
                    );
                    number_row(
                        ui,
                        "Down after",
                        &mut lb.health_check.fall,
                        1..=100,
                        " fails",
                        0.1,
                    );
                    number_row(
                        ui,
                        "Up after",
                        &mut lb.health_check.rise,
                        1..=100,
                        " passes",
                        0.1,
                    );
                });
        }
        Kind::Firewall(fw) => {
            ui.strong("Rules (first match wins)");
            let ids: Vec<String> = design.components.iter().map(|c| c.id.to_string()).collect();
            let mut remove = None;
            egui::Grid::new("fw-rules")
                .num_columns(4)
                .striped(true)
                .spacing([6.0, 4.0])
                .show(ui, |ui| {
                    // The headers name each row's widgets for assistive tech.
                    let action_h = ui.weak("action").id;
                    let port_h = ui.weak("port").id;
                    let from_h = ui.weak("from").id;
                    ui.weak("");
                    ui.end_row();
                    for (i, rule) in fw.rules.iter_mut().enumerate() {
                        ui.push_id(i, |ui| {
                            egui::ComboBox::from_id_salt("action")
                                .width(64.0)
                                .selected_text(action_label(rule.action))
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(
                                        &mut rule.action,
                                        FirewallAction::Allow,
                                        "allow",
                                    );
                                    ui.selectable_value(
                                        &mut rule.action,
                                        FirewallAction::Deny,
                                        "deny",
                                    );
                                })
                                .response
                                .labelled_by(action_h);
                        });
                        let mut any = rule.port.is_none();
                        ui.horizontal(|ui| {
                            if ui.checkbox(&mut any, "any").changed() {
                                rule.port = if any { None } else { Some(443) };
                            }
                            if let Some(p) = &mut rule.port {
                                ui.add(egui::DragValue::new(p).range(1..=65535))
                                    .labelled_by(port_h);
                            }
                        });
                        ui.push_id(("src", i), |ui| {
                            egui::ComboBox::from_id_salt("source")
                                .width(90.0)
                                .selected_text(source_label(&rule.source))
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(
                                        &mut rule.source,
                                        TrafficSource::Any,
                                        "anyone",
                                    );
                                    ui.selectable_value(
                                        &mut rule.source,
                                        TrafficSource::Internal,
                                        "internal",
                                    );
                                    for id in &ids {
                                        ui.selectable_value(
                                            &mut rule.source,
                                            TrafficSource::Component(id.as_str().into()),
                                            id,
                                        );
                                    }
                                })
                                .response
                                .labelled_by(from_h);
                        });
                        if ui.small_button("✖").on_hover_text("Remove rule").clicked() {
                            remove = Some(i);
                        }
                        ui.end_row();
                    }
                });
            if let Some(i) = remove {
                fw.rules.remove(i);
            }
            if ui.button("+ rule").clicked() {
                fw.rules.push(FirewallRule {
                    action: FirewallAction::Allow,
                    port: Some(443),
                    source: TrafficSource::Any,
                });
            }
            let mut deny = fw.default_action.0 == FirewallAction::Deny;
            if ui
                .checkbox(&mut deny, "deny what no rule matches")
                .changed()
            {
                fw.default_action.0 = if deny {
                    FirewallAction::Deny
                } else {
                    FirewallAction::Allow
                };
            }
        }
        Kind::Server(server) => {
            ui.strong("Stack");
            let mut remove = None;
            let mut up = None;
            let n = server.services.len();
            for (i, svc) in server.services.iter_mut().enumerate() {
                ui.push_id(("svc", i), |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.strong(if svc.product.is_empty() {
                                svc.kind.label()
                            } else {
                                svc.product.as_str()
                            });
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    if ui.small_button("✖").on_hover_text("Remove").clicked() {
                                        remove = Some(i);
                                    }
                                    if i > 0
                                        && ui.small_button("⬆").on_hover_text("Move up").clicked()
                                    {
                                        up = Some(i);
                                    }
                                },
                            );
                        });
                        egui::Grid::new("svc-grid")
                            .num_columns(2)
                            .spacing([8.0, 4.0])
                            .show(ui, |ui| {
                                text_row(ui, "Service id", &mut svc.id);
                                let before = svc.kind;
                                combo_row(ui, "Kind", &mut svc.kind, &ServiceKind::ALL, |k| {
                                    k.label().to_owned()
                                });
                                if svc.kind != before {
                                    svc.database = (svc.kind == ServiceKind::Database)
                                        .then(DatabaseSettings::default);
                                }
                                text_row(ui, "Product", &mut svc.product);
                                capacity_rows(ui, &format!("svc{i}"), &mut svc.capacity);
                                if let Some(db) = &mut svc.database {
                                    database_rows(ui, db);
                                } else if svc.kind.tier().is_some() {
                                    combo_row(
                                        ui,
                                        "Answers",
                                        &mut svc.answers,
                                        &Answers::ALL,
                                        |a| a.label().to_owned(),
                                    );
                                }
                            });
                    });
                });
            }
            let _ = n;
            if let Some(i) = remove {
                server.services.remove(i);
            }
            if let Some(i) = up {
                server.services.swap(i - 1, i);
            }
            ui.menu_button("+ service", |ui| {
                for kind in ServiceKind::ALL {
                    if ui.button(kind.label()).clicked() {
                        server.services.push(new_service(&server.services, kind));
                        ui.close();
                    }
                }
            });
        }
        Kind::Database(db) => {
            ui.strong("Database");
            egui::Grid::new("db-grid")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, |ui| {
                    database_rows(ui, db);
                });
        }
        Kind::MonitoringClient(m) => {
            ui.strong("Monitoring client");
            egui::Grid::new("mon-grid")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, |ui| {
                    text_row(ui, "Product", &mut m.product);
                    combo_row(ui, "Method", &mut m.method, &CollectionMethod::ALL, |x| {
                        x.label().to_owned()
                    });
                    number_row(ui, "Interval", &mut m.interval_s, 0.1..=86_400.0, " s", 0.5);
                    ui.label("Collects");
                    ui.horizontal(|ui| {
                        for t in [Telemetry::Metrics, Telemetry::Logs, Telemetry::Traces] {
                            let mut on = m.collects.contains(&t);
                            if ui
                                .checkbox(&mut on, format!("{t:?}").to_lowercase())
                                .changed()
                            {
                                if on {
                                    m.collects.push(t);
                                    m.collects.sort();
                                } else {
                                    m.collects.retain(|x| *x != t);
                                }
                            }
                        }
                    });
                    ui.end_row();
                });
        }
        Kind::MonitoringService(m) => {
            egui::Grid::new("ms-grid").num_columns(2).show(ui, |ui| {
                text_row(ui, "Product", &mut m.product);
            });
        }
        Kind::Service(s) => {
            egui::Grid::new("gs-grid").num_columns(2).show(ui, |ui| {
                text_row(ui, "Product", &mut s.product);
                combo_row(ui, "Answers", &mut s.answers, &Answers::ALL, |a| {
                    a.label().to_owned()
                });
            });
        }
        Kind::Cache(s) => super::data_tier::cache_ui(ui, s),
        Kind::Cdn(s) => super::data_tier::cdn_ui(ui, s),
        Kind::Queue(s) => super::data_tier::queue_ui(ui, s),
        Kind::ObjectStorage(s) => super::data_tier::object_storage_ui(ui, s),
    }
}

/// A service of `kind` to add to a server running `existing`: the whiteboard stack's service of
/// that kind (Nginx, Gunicorn, code, a MySQL primary, with their capacities) where there is
/// one, under an id the server does not use yet.
fn new_service(existing: &[Service], kind: ServiceKind) -> Service {
    let mut s = crate::model::whiteboard_stack()
        .into_iter()
        .find(|s| s.kind == kind)
        .unwrap_or_else(|| Service::new(kind.key(), kind, ""));
    let base = s.id.clone();
    let mut k = 2;
    while existing.iter().any(|e| e.id == s.id) {
        s.id = format!("{base}-{k}");
        k += 1;
    }
    s
}

fn database_rows(ui: &mut Ui, db: &mut DatabaseSettings) {
    text_row(ui, "Engine", &mut db.engine);
    let before = db.role;
    combo_row(ui, "Role", &mut db.role, &DatabaseRole::ALL, |r| {
        r.label().to_owned()
    });
    if db.role != before {
        db.accepts_writes = db.role.writes_by_default();
    }
    ui.label("Writes");
    ui.checkbox(&mut db.accepts_writes, "accepts writes");
    ui.end_row();
    ui.label("Failover");
    let mut auto = db.promote_after_s.is_some();
    ui.horizontal(|ui| {
        if ui.checkbox(&mut auto, "promote after").changed() {
            db.promote_after_s = auto.then_some(30.0);
        }
        if let Some(s) = &mut db.promote_after_s {
            ui.add(egui::DragValue::new(s).range(0.0..=86_400.0).suffix(" s"));
        }
    });
    ui.end_row();
}

fn action_label(a: FirewallAction) -> &'static str {
    match a {
        FirewallAction::Allow => "allow",
        FirewallAction::Deny => "deny",
    }
}

fn source_label(s: &TrafficSource) -> String {
    match s {
        TrafficSource::Any => "anyone".to_owned(),
        TrafficSource::Internal => "internal".to_owned(),
        TrafficSource::Component(id) => id.to_string(),
    }
}
