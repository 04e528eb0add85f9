//! The window. Placeholder until the canvas lands: shows the loaded design's components.

pub mod export_dialog;

use std::path::PathBuf;

use crate::io::{load_design, templates::reference_design};
use crate::model::Design;

/// Opens the window on `file`, or on the reference design.
///
/// # Errors
/// If the window cannot be created (no display).
pub fn run_app(file: Option<PathBuf>) -> eframe::Result {
    let (design, error) = match &file {
        Some(path) => match load_design(path) {
            Ok(d) => (d, None),
            Err(e) => (reference_design().unwrap_or_default(), Some(e.to_string())),
        },
        None => (reference_design().unwrap_or_default(), None),
    };
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Infraboard",
        options,
        Box::new(move |_cc| Ok(Box::new(Placeholder { design, error }))),
    )
}

struct Placeholder {
    design: Design,
    error: Option<String>,
}

impl eframe::App for Placeholder {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(&self.design.name);
            if let Some(e) = &self.error {
                ui.colored_label(egui::Color32::RED, e);
            }
            for c in &self.design.components {
                ui.label(format!("{} — {} ({})", c.id, c.name, c.tag().label()));
            }
        });
    }
}
