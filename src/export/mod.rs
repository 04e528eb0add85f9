//! Export of a design as an image: SVG (text stays text, one group per component and link) or
//! PNG (rasterised with the bundled fonts only). The design travels inside both, so an
//! exported image opens again as a design. Depends on [`crate::scene`], never on egui.

pub mod compare;
pub mod dot;
pub mod drawio;
mod error;
pub mod icons;
pub mod mermaid;
pub mod pdf;
pub mod png;
pub mod svg;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

pub use error::ExportError;

use crate::io::design_to_string;
use crate::model::Point;
use crate::model::{ComponentId, Design};
use crate::scene::{Overlays, Rect, SceneOptions, build_scene};
use crate::sim::Analysis;
use crate::theme::Theme;

/// The image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ExportFormat {
    /// Raster image, with the design in an `iTXt` chunk.
    #[default]
    Png,
    /// Vector image, with the design in `<metadata>`.
    Svg,
    /// draw.io diagram (uncompressed XML), see [`drawio`].
    Drawio,
    /// Mermaid `architecture-beta` text, see [`mermaid`].
    Mermaid,
    /// Graphviz DOT text, see [`dot`].
    Dot,
    /// Vector PDF with the fonts embedded, see [`pdf`].
    Pdf,
}

impl ExportFormat {
    /// The format for a file name's extension (`png`, `svg`, any case).
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "png" => Some(Self::Png),
            "svg" => Some(Self::Svg),
            "drawio" => Some(Self::Drawio),
            "mmd" | "mermaid" => Some(Self::Mermaid),
            "dot" | "gv" => Some(Self::Dot),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The usual extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Drawio => "drawio",
            Self::Mermaid => "mmd",
            Self::Dot => "dot",
            Self::Pdf => "pdf",
        }
    }
}

/// The image background; also picks the light or dark palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Background {
    /// White, light palette.
    #[default]
    White,
    /// Dark grey, dark palette.
    Dark,
    /// None (light palette), for pasting onto slides.
    Transparent,
}

impl Background {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::White, Self::Dark, Self::Transparent];

    /// Command-line name (`white`, `dark`, `transparent`).
    pub fn key(self) -> &'static str {
        match self {
            Self::White => "white",
            Self::Dark => "dark",
            Self::Transparent => "transparent",
        }
    }

    /// The theme drawn on this background.
    pub fn theme(self) -> Theme {
        match self {
            Self::Dark => Theme::dark(),
            Self::White | Self::Transparent => Theme::light(),
        }
    }
}

/// Pixels per canvas unit of a PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scale {
    /// 1×.
    #[default]
    X1,
    /// 2× (sharp on high-density screens).
    X2,
    /// 4× (print).
    X4,
}

impl Scale {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::X1, Self::X2, Self::X4];

    /// The factor.
    pub fn factor(self) -> f32 {
        match self {
            Self::X1 => 1.0,
            Self::X2 => 2.0,
            Self::X4 => 4.0,
        }
    }

    /// From 1, 2 or 4.
    pub fn from_factor(factor: u32) -> Option<Self> {
        match factor {
            1 => Some(Self::X1),
            2 => Some(Self::X2),
            4 => Some(Self::X4),
            _ => None,
        }
    }
}

/// What to export and how.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportOptions {
    /// The format (image or diagram text).
    pub format: ExportFormat,
    /// PNG pixels per canvas unit (SVG ignores it for drawing but sets its size).
    pub scale: Scale,
    /// Background and palette.
    pub background: Background,
    /// Analysis overlays to draw.
    pub overlays: Overlays,
    /// Export only these components (and the links between them); `None` for everything.
    /// The whole design is embedded either way.
    pub selection_only: Option<BTreeSet<ComponentId>>,
    /// Leave out the legend.
    pub no_legend: bool,
}

/// Stages of an export, reported to a progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportStage {
    /// Laying out the scene.
    Scene,
    /// Writing SVG.
    Svg,
    /// Rasterising.
    Raster,
    /// Encoding the PNG.
    Encode,
    /// Finished.
    Done,
}

impl ExportStage {
    /// Rough fraction of the work done when this stage starts.
    pub fn fraction(self) -> f32 {
        match self {
            Self::Scene => 0.0,
            Self::Svg => 0.1,
            Self::Raster => 0.25,
            Self::Encode => 0.8,
            Self::Done => 1.0,
        }
    }
}

/// Progress reporting and cancellation for long exports (the GUI runs them on a thread).
pub struct ExportControl<'a> {
    /// Called at the start of each stage.
    pub progress: &'a (dyn Fn(ExportStage) + Sync),
    /// Set to cancel; checked between stages.
    pub cancel: &'a AtomicBool,
}

/// `rect` grown to whole canvas units.
/// The picture an export draws (with title and legend as the options say) and the
/// pixel-aligned view box around it, margin included. Export and preview share it.
fn scene_and_view(
    design: &Design,
    analysis: Option<&Analysis>,
    options: &ExportOptions,
) -> (crate::scene::Scene, Rect) {
    let theme = options.background.theme();
    let margin = theme.metrics.margin_px;
    let scene_options = SceneOptions {
        overlays: options.overlays,
        theme,
        selection: options.selection_only.clone(),
        title: true,
        legend: !options.no_legend,
    };
    let scene = build_scene(design, analysis, &scene_options);
    let view = pixel_aligned(&scene.bounds().expand(margin));
    (scene, view)
}

fn pixel_aligned(rect: &Rect) -> Rect {
    Rect {
        min: Point::new(rect.min.x.floor(), rect.min.y.floor()),
        max: Point::new(rect.max.x.ceil(), rect.max.y.ceil()),
    }
}

/// Exports `design` as the bytes of `options.format` (PNG, SVG, PDF, draw.io, Mermaid or
/// DOT). Overlays come from `analysis` when given.
///
/// # Errors
/// See [`ExportError`].
pub fn export_design(
    design: &Design,
    analysis: Option<&Analysis>,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let cancel = AtomicBool::new(false);
    export_design_with(
        design,
        analysis,
        options,
        &ExportControl {
            progress: &|_| {},
            cancel: &cancel,
        },
    )
}

/// [`export_design`] with progress reports and a cancel flag.
///
/// # Errors
/// See [`ExportError`]; [`ExportError::Cancelled`] when `control.cancel` was set.
pub fn export_design_with(
    design: &Design,
    analysis: Option<&Analysis>,
    options: &ExportOptions,
    control: &ExportControl<'_>,
) -> Result<Vec<u8>, ExportError> {
    let step = |stage: ExportStage| {
        if control.cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        (control.progress)(stage);
        Ok(())
    };
    step(ExportStage::Scene)?;
    if let Some(text) = diagram_text(design, analysis, options.format) {
        step(ExportStage::Done)?;
        return Ok(text.into_bytes());
    }
    let (scene, view) = scene_and_view(design, analysis, options);
    encode_scene(&scene, &view, design, options, &step)
}

/// Writes `scene` (covering `view`) as the SVG, PDF or PNG `options` ask for, with `design`
/// embedded; `step` reports each stage and stops on cancel.
fn encode_scene(
    scene: &crate::scene::Scene,
    view: &Rect,
    design: &Design,
    options: &ExportOptions,
    step: &dyn Fn(ExportStage) -> Result<(), ExportError>,
) -> Result<Vec<u8>, ExportError> {
    let view = *view;
    let ron = design_to_string(design).map_err(|e| ExportError::Serialize(e.to_string()))?;
    let background = options.background != Background::Transparent;
    step(ExportStage::Svg)?;
    match options.format {
        ExportFormat::Svg => {
            let svg = svg::scene_to_svg(
                scene,
                &view,
                options.scale.factor(),
                &svg::SvgOptions {
                    background,
                    design_ron: Some(&ron),
                    design: Some(design),
                    min_detail_px: 0.0,
                },
            );
            step(ExportStage::Done)?;
            Ok(svg.into_bytes())
        }
        ExportFormat::Pdf => {
            let svg = svg::scene_to_svg(
                scene,
                &view,
                1.0,
                &svg::SvgOptions {
                    background,
                    design_ron: None,
                    design: Some(design),
                    min_detail_px: 0.0,
                },
            );
            step(ExportStage::Encode)?;
            let bytes = pdf::svg_to_pdf(&svg)?;
            step(ExportStage::Done)?;
            Ok(bytes)
        }
        // PNG: the diagram formats returned above.
        _ => {
            let scale = png::fitted_scale(view.width(), view.height(), options.scale.factor());
            // Whole pixels, so the background covers the image edge to edge.
            let view = Rect::from_min_size(
                view.min,
                (view.width() * scale).ceil() / scale,
                (view.height() * scale).ceil() / scale,
            );
            let svg = svg::scene_to_svg(
                scene,
                &view,
                scale,
                &svg::SvgOptions {
                    background,
                    design_ron: None,
                    design: Some(design),
                    min_detail_px: svg::MIN_DETAIL_PX,
                },
            );
            step(ExportStage::Raster)?;
            let pixmap = png::rasterise(&svg)?;
            step(ExportStage::Encode)?;
            let bytes = png::encode_png(&pixmap, Some(&ron))?;
            step(ExportStage::Done)?;
            Ok(bytes)
        }
    }
}

/// The text of the diagram formats (draw.io, ...), `None` for images.
fn diagram_text(
    design: &Design,
    analysis: Option<&Analysis>,
    format: ExportFormat,
) -> Option<String> {
    match format {
        ExportFormat::Drawio => Some(drawio::design_to_drawio(design, analysis)),
        ExportFormat::Mermaid => Some(mermaid::design_to_mermaid(design)),
        ExportFormat::Dot => Some(dot::design_to_dot(design, analysis)),
        ExportFormat::Png | ExportFormat::Svg | ExportFormat::Pdf => None,
    }
}

/// A rendered image with straight (not premultiplied) RGBA pixels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RgbaImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 4` bytes.
    pub pixels: Vec<u8>,
}

/// Renders the image `options` describe at a size that fits `max_side_px` (never above
/// the chosen scale), for previews. The format is ignored.
///
/// # Errors
/// See [`ExportError`].
pub fn render_rgba(
    design: &Design,
    analysis: Option<&Analysis>,
    options: &ExportOptions,
    max_side_px: f32,
) -> Result<RgbaImage, ExportError> {
    let (scene, view) = scene_and_view(design, analysis, options);
    let side = view.width().max(view.height()).max(1.0);
    let scale = png::fitted_scale(
        view.width(),
        view.height(),
        options.scale.factor().min(max_side_px.max(1.0) / side),
    );
    let svg = svg::scene_to_svg(
        &scene,
        &view,
        scale,
        &svg::SvgOptions {
            background: options.background != Background::Transparent,
            design_ron: None,
            design: None,
            min_detail_px: svg::MIN_DETAIL_PX,
        },
    );
    let pixmap = png::rasterise(&svg)?;
    Ok(RgbaImage {
        width: pixmap.width(),
        height: pixmap.height(),
        pixels: png::straight_rgba(&pixmap),
    })
}

/// Whether exported image `bytes` will open again as a design, or why not (the design in it
/// is over the loader's limit, say). Reads the image exactly as the loader does.
///
/// # Errors
/// Why the loader would refuse the design in the image.
pub fn check_reopens(bytes: &[u8]) -> Result<(), String> {
    match crate::io::embedded::embedded_design_text(bytes) {
        Some(Ok(_)) => Ok(()),
        Some(Err(why)) => Err(why),
        None => Err("it is not a PNG or SVG image".to_owned()),
    }
}
