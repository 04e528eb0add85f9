//! Why an export failed.

/// Why an export failed. Nothing is written when export fails.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The design could not be serialised for embedding.
    #[error("cannot embed the design in the image: {0}")]
    Serialize(String),
    /// The SVG could not be read back for rasterising (a bug, reported as such).
    #[error("cannot rasterise the diagram: {0}")]
    Render(String),
    /// The image is empty or has no room to draw into.
    #[error("the image would be {width}×{height} pixels; nothing to draw")]
    EmptyImage {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// PNG encoding failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(#[from] png::EncodingError),
    /// The format cannot show what was asked (a comparison as draw.io, say).
    #[error("{0}")]
    Unsupported(String),
    /// The caller cancelled the export.
    #[error("export cancelled")]
    Cancelled,
}
