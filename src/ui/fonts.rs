//! Bundles DejaVu Sans (regular and bold) so text looks the same everywhere.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// Installs the bundled fonts into `ctx`.
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".to_owned(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    fonts.font_data.insert(
        "dejavu-bold".to_owned(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans-Bold.ttf"
        ))),
    );
    if let Some(list) = fonts.families.get_mut(&FontFamily::Proportional) {
        list.insert(0, "dejavu".to_owned());
    }
    let mut bold = vec!["dejavu-bold".to_owned()];
    if let Some(list) = fonts.families.get(&FontFamily::Proportional) {
        bold.extend(list.iter().skip(1).cloned());
    }
    fonts.families.insert(FontFamily::Name("bold".into()), bold);
    ctx.set_fonts(fonts);
}
