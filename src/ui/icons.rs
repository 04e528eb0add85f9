//! The bundled SVG icons (24×24 strokes in black; tint them when painting).

use egui::ImageSource;

use crate::model::{KindTag, ServiceKind};

/// The icon of a component kind.
pub fn kind(tag: KindTag) -> ImageSource<'static> {
    match tag {
        KindTag::Users => egui::include_image!("../../assets/icons/users.svg"),
        KindTag::Dns => egui::include_image!("../../assets/icons/dns.svg"),
        KindTag::Firewall => egui::include_image!("../../assets/icons/firewall.svg"),
        KindTag::LoadBalancer => egui::include_image!("../../assets/icons/load_balancer.svg"),
        KindTag::Server => egui::include_image!("../../assets/icons/server.svg"),
        KindTag::MonitoringClient => {
            egui::include_image!("../../assets/icons/monitoring_client.svg")
        }
        KindTag::MonitoringService => {
            egui::include_image!("../../assets/icons/monitoring_service.svg")
        }
        KindTag::Database => egui::include_image!("../../assets/icons/database.svg"),
        KindTag::Service => egui::include_image!("../../assets/icons/service.svg"),
    }
}

/// The icon of a service on a server.
pub fn service(kind: ServiceKind) -> ImageSource<'static> {
    match kind.key() {
        "web_server" => egui::include_image!("../../assets/icons/web_server.svg"),
        "app_server" => egui::include_image!("../../assets/icons/app_server.svg"),
        "app_files" => egui::include_image!("../../assets/icons/app_files.svg"),
        "database" => egui::include_image!("../../assets/icons/database.svg"),
        _ => egui::include_image!("../../assets/icons/service.svg"),
    }
}

/// A closed lock.
pub fn lock_closed() -> ImageSource<'static> {
    egui::include_image!("../../assets/icons/lock_closed.svg")
}

/// An open lock.
pub fn lock_open() -> ImageSource<'static> {
    egui::include_image!("../../assets/icons/lock_open.svg")
}

/// Severity icons.
pub fn severity(sev: crate::sim::FindingSeverity) -> ImageSource<'static> {
    match sev {
        crate::sim::FindingSeverity::Error => egui::include_image!("../../assets/icons/error.svg"),
        crate::sim::FindingSeverity::Warning => {
            egui::include_image!("../../assets/icons/warning.svg")
        }
        crate::sim::FindingSeverity::Info => egui::include_image!("../../assets/icons/info.svg"),
    }
}
