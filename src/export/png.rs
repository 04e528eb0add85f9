//! Rasterises the SVG with resvg, using only the bundled fonts, and writes the PNG with the
//! design in an `iTXt` chunk (`infraboard-design`). Deterministic bytes on every machine.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg;

use super::ExportError;
use crate::scene::text::{BOLD_TTF, FONT_FAMILY, REGULAR_TTF};

pub use crate::io::embedded::PNG_DESIGN_KEYWORD;
/// Largest edge of an exported PNG, in pixels; larger diagrams are scaled down to fit.
pub const MAX_PNG_SIDE_PX: u32 = 16_384;
/// Largest exported PNG, in pixels; larger diagrams are scaled down to fit.
pub const MAX_PNG_PIXELS: u64 = 64 * 1024 * 1024;

/// The font database with the bundled DejaVu fonts only (never system fonts).
pub(crate) fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR_TTF.to_vec());
        db.load_font_data(BOLD_TTF.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// The scale that keeps a `w`×`h` (canvas units) picture within the PNG limits, at most
/// `wanted`.
pub fn fitted_scale(w: f32, h: f32, wanted: f32) -> f32 {
    let side = MAX_PNG_SIDE_PX as f32;
    let mut s = wanted.min(side / w.max(1.0)).min(side / h.max(1.0));
    let pixels = f64::from(w * s) * f64::from(h * s);
    if pixels > MAX_PNG_PIXELS as f64 {
        s *= (MAX_PNG_PIXELS as f64 / pixels).sqrt() as f32;
    }
    s
}

/// Rasterises `svg` (whose `width`/`height` are already in output pixels).
///
/// # Errors
/// [`ExportError::Render`] if the SVG does not parse, [`ExportError::EmptyImage`] for a
/// zero-sized image.
pub fn rasterise(svg: &str) -> Result<tiny_skia::Pixmap, ExportError> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Render(e.to_string()))?;
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(ExportError::EmptyImage { width, height })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The pixels of `pixmap` as straight (not premultiplied) RGBA bytes.
pub fn straight_rgba(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    let mut rgba = Vec::with_capacity(pixmap.data().len());
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    rgba
}

/// Encodes `pixmap` as PNG with `design_ron` in a compressed `iTXt` chunk.
///
/// # Errors
/// [`ExportError::Encode`] if encoding fails.
pub fn encode_png(
    pixmap: &tiny_skia::Pixmap,
    design_ron: Option<&str>,
) -> Result<Vec<u8>, ExportError> {
    let rgba = straight_rgba(pixmap);
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::FilterType::Paeth);
        let mut writer = encoder.write_header()?;
        if let Some(ron) = design_ron {
            let mut chunk = png::text_metadata::ITXtChunk::new(PNG_DESIGN_KEYWORD, ron);
            chunk.compressed = true;
            chunk.compress_text()?;
            writer.write_text_chunk(&chunk)?;
        }
        writer.write_image_data(&rgba)?;
        writer.finish()?;
    }
    Ok(bytes)
}
