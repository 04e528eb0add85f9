//! PDF export: the same SVG the image export writes, converted to vector PDF by `svg2pdf`
//! with the bundled DejaVu fonts embedded (subset), so text stays text and the page looks
//! the same on every machine. One canvas unit is one PDF point.

use resvg::usvg;

use super::ExportError;
use crate::scene::text::FONT_FAMILY;

/// Converts an SVG written by [`super::svg::scene_to_svg`] into PDF bytes.
///
/// # Errors
/// [`ExportError::Render`] if the SVG does not parse or the conversion fails.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, ExportError> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: super::png::fontdb(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Render(e.to_string()))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions::default(),
    )
    .map_err(|e| ExportError::Render(format!("PDF conversion failed: {e}")))
}
