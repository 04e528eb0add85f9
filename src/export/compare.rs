//! Export of a comparison (compare mode, `infraboard diff -o`): the new design with what
//! changed marked on it ([`crate::scene::compare`]) as SVG, PNG or PDF, through the same
//! encoder as a design's export. The new design travels inside the image, so it opens again.

use std::sync::atomic::{AtomicBool, Ordering};

use super::{ExportError, ExportFormat, ExportOptions, encode_scene, pixel_aligned};
use crate::diff::DesignDiff;
use crate::model::Design;
use crate::scene::SceneOptions;
use crate::scene::compare::compare_scene;
use crate::sim::Analysis;

/// Exports the comparison from `old` to `new` (with `diff` between them) as `options` say;
/// `title` heads the picture ("lb.ron → scale-up.ron"). The selection and draw.io-style
/// formats do not apply: those are refused as [`ExportError::Unsupported`].
///
/// # Errors
/// See [`ExportError`]; cancelling through `cancel` gives [`ExportError::Cancelled`].
pub fn export_comparison(
    old: &Design,
    new: &Design,
    new_analysis: Option<&Analysis>,
    diff: &DesignDiff,
    options: &ExportOptions,
    title: &str,
    cancel: &AtomicBool,
) -> Result<Vec<u8>, ExportError> {
    if !matches!(
        options.format,
        ExportFormat::Png | ExportFormat::Svg | ExportFormat::Pdf
    ) {
        return Err(ExportError::Unsupported(format!(
            "a comparison exports as PNG, SVG or PDF, not {}",
            options.format.extension()
        )));
    }
    let theme = options.background.theme();
    let scene_options = SceneOptions {
        overlays: options.overlays,
        theme,
        selection: None,
        title: true,
        legend: false,
    };
    let scene = compare_scene(old, new, new_analysis, diff, &scene_options, title);
    let view = pixel_aligned(&scene.bounds().expand(scene_options.theme.metrics.margin_px));
    let step = |_| {
        if cancel.load(Ordering::Relaxed) {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    };
    encode_scene(&scene, &view, new, options, &step)
}
