//! The window: menu bar, palette, canvas with live overlays, inspector, findings and status
//! bar. UI code reads state and emits [`command::Command`]s; [`app::InfraboardApp::apply`]
//! is the one place they change anything.

mod analysis_cache;
pub mod app;
pub mod apply;
mod arrange;
pub mod canvas;
pub mod command;
pub mod compare;
pub mod drill;
pub mod files;
mod find;
mod findings_panel;
mod fonts;
pub mod history;
pub mod icons;
pub mod import_ui;
mod inspector;
pub mod look;
mod menu;
mod palette;
pub mod recovery;
pub mod settings;
pub mod state;
mod status_bar;
mod zone_edit;

pub mod export_dialog;

use std::path::PathBuf;

pub use app::InfraboardApp;
pub use command::{Command, Overlay};
pub use settings::Settings;

/// Opens the window on `file`, or on the reference design.
///
/// # Errors
/// If the window cannot be created (no display).
pub fn run_app(file: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1600.0, 1000.0])
            .with_min_inner_size([800.0, 500.0])
            .with_title("Infraboard")
            .with_app_id("infraboard")
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Infraboard",
        options,
        Box::new(move |cc| {
            let app = InfraboardApp::from_creation_context(cc, file);
            Ok(Box::new(
                match crate::io::recovery::RecoveryDir::from_env() {
                    Some(dir) => app.with_recovery(&dir),
                    None => app,
                },
            ))
        }),
    )
}
