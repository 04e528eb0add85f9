//! The bundled SVG icons. The files draw black strokes; they are recoloured white once at
//! first use so that egui's tint (a multiplication) gives any colour, light or dark.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use egui::ImageSource;
use egui::load::Bytes;

use crate::export::icons::ICONS;
use crate::model::{KindTag, ServiceKind};
use crate::sim::FindingSeverity;

static WHITE: LazyLock<BTreeMap<&'static str, Arc<[u8]>>> = LazyLock::new(|| {
    ICONS
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

/// The icon called `name` as the canvas draws it: its own uri, so the canvas' one raster size
/// never shares a texture cache bucket with the panels' sizes (egui frees the unused sizes of a
/// bucket every frame, which would free textures a replayed canvas picture still shows).
pub fn canvas(name: &'static str) -> ImageSource<'static> {
    let bytes = WHITE
        .get(name)
        .cloned()
        .unwrap_or_else(|| Arc::from(Vec::new().into_boxed_slice()));
    ImageSource::Bytes {
        uri: format!("bytes://icons/canvas/{name}.svg").into(),
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
