//! The bundled SVG icons. The files draw black strokes; they are recoloured white once at
//! first use so that egui's tint (a multiplication) gives any colour, light or dark.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use egui::ImageSource;
use egui::load::Bytes;

use crate::model::{KindTag, ServiceKind};
use crate::sim::FindingSeverity;

const FILES: [(&str, &str); 17] = [
    ("users", include_str!("../../assets/icons/users.svg")),
    ("dns", include_str!("../../assets/icons/dns.svg")),
    ("firewall", include_str!("../../assets/icons/firewall.svg")),
    (
        "load_balancer",
        include_str!("../../assets/icons/load_balancer.svg"),
    ),
    ("server", include_str!("../../assets/icons/server.svg")),
    (
        "monitoring_client",
        include_str!("../../assets/icons/monitoring_client.svg"),
    ),
    (
        "monitoring_service",
        include_str!("../../assets/icons/monitoring_service.svg"),
    ),
    ("database", include_str!("../../assets/icons/database.svg")),
    ("service", include_str!("../../assets/icons/service.svg")),
    (
        "web_server",
        include_str!("../../assets/icons/web_server.svg"),
    ),
    (
        "app_server",
        include_str!("../../assets/icons/app_server.svg"),
    ),
    (
        "app_files",
        include_str!("../../assets/icons/app_files.svg"),
    ),
    (
        "lock_closed",
        include_str!("../../assets/icons/lock_closed.svg"),
    ),
    (
        "lock_open",
        include_str!("../../assets/icons/lock_open.svg"),
    ),
    ("warning", include_str!("../../assets/icons/warning.svg")),
    ("error", include_str!("../../assets/icons/error.svg")),
    ("info", include_str!("../../assets/icons/info.svg")),
];

static WHITE: LazyLock<BTreeMap<&'static str, Arc<[u8]>>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, svg)| {
            let white = svg
                .replace("#000000", "#ffffff")
                .replace("#000\"", "#fff\"");
            (*name, Arc::from(white.into_bytes().into_boxed_slice()))
        })
        .collect()
});

/// The icon called `name` (a file stem in `assets/icons/`), white, ready to tint.
pub fn named(name: &'static str) -> ImageSource<'static> {
    let bytes = WHITE
        .get(name)
        .cloned()
        .unwrap_or_else(|| Arc::from(Vec::new().into_boxed_slice()));
    ImageSource::Bytes {
        uri: format!("bytes://icons/{name}.svg").into(),
        bytes: Bytes::Shared(bytes),
    }
}

/// The icon of a component kind.
pub fn kind(tag: KindTag) -> ImageSource<'static> {
    named(tag.key())
}

/// The icon of a service on a server.
pub fn service(kind: ServiceKind) -> ImageSource<'static> {
    match kind.key() {
        "web_server" => named("web_server"),
        "app_server" => named("app_server"),
        "app_files" => named("app_files"),
        "database" => named("database"),
        _ => named("service"),
    }
}

/// A closed lock.
pub fn lock_closed() -> ImageSource<'static> {
    named("lock_closed")
}

/// An open lock.
pub fn lock_open() -> ImageSource<'static> {
    named("lock_open")
}

/// The icon of a finding's severity.
pub fn severity(sev: FindingSeverity) -> ImageSource<'static> {
    match sev {
        FindingSeverity::Error => named("error"),
        FindingSeverity::Warning => named("warning"),
        FindingSeverity::Info => named("info"),
    }
}
