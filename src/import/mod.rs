//! Imports of diagrams made elsewhere: draw.io (`.drawio`, `.xml`, plain or compressed pages,
//! `.drawio.svg`, `.drawio.png`), Docker Compose files and Mermaid `architecture-beta`.
//! Each reader maps what it finds to components and links, keeps positions where the file
//! has them (else lays the design out) and reports what it guessed or skipped.
//!
//! Depends on [`crate::model`], [`crate::layout`] and the box sizes of [`crate::scene`];
//! never on egui. Never panics on any input.

mod build;
mod compose;
mod db_roles;
pub mod drawio;
mod error;
mod guess;
pub mod keys;
mod mermaid;
mod report;
pub mod route;

use std::path::Path;

pub use error::ImportError;
pub use report::{ImportReport, NoteKind, ReportNote};

use crate::io::embedded::{ImageKind, image_kind};
use crate::model::{Design, has_errors, validate};

/// Largest file an import reads.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A format Infraboard imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// draw.io / diagrams.net: XML, compressed pages, or embedded in SVG or PNG.
    Drawio,
    /// A Docker Compose file.
    Compose,
    /// Mermaid `architecture-beta`.
    Mermaid,
}

impl ImportFormat {
    /// Every format, in menu order.
    pub const ALL: [Self; 3] = [Self::Drawio, Self::Compose, Self::Mermaid];

    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Drawio => "draw.io",
            Self::Compose => "Docker Compose",
            Self::Mermaid => "Mermaid",
        }
    }

    /// File name extensions a file dialog should offer.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Drawio => &["drawio", "xml", "svg", "png"],
            Self::Compose => &["yml", "yaml"],
            Self::Mermaid => &["mmd", "mermaid"],
        }
    }

    /// The format of a file, from its content first (an image or XML is draw.io, text
    /// starting with `architecture-beta` is Mermaid, YAML with `services:` is Compose) and
    /// its name second.
    pub fn detect(path: &Path, bytes: &[u8]) -> Option<Self> {
        if image_kind(bytes) == Some(ImageKind::Png) {
            return Some(Self::Drawio);
        }
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let head = text.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('<') {
            return Some(Self::Drawio);
        }
        if mermaid::looks_like_mermaid(head) {
            return Some(Self::Mermaid);
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let ext = |e: &str| name.ends_with(e);
        if ext(".yml") || ext(".yaml") || text.lines().any(|l| l.trim_end() == "services:") {
            return Some(Self::Compose);
        }
        if ext(".mmd") || ext(".mermaid") {
            return Some(Self::Mermaid);
        }
        if ext(".drawio") || ext(".xml") || ext(".svg") || ext(".png") {
            return Some(Self::Drawio);
        }
        None
    }
}

/// A design read from another tool's file, and what was guessed or skipped on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The design, valid and positioned.
    pub design: Design,
    /// What was guessed or skipped.
    pub report: ImportReport,
}

/// Reads and imports `path` as `format`, or as the detected format when `None`.
///
/// # Errors
/// See [`ImportError`]; every error names the file.
pub fn import_file(path: &Path, format: Option<ImportFormat>) -> Result<Imported, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
            limit: MAX_IMPORT_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    import_bytes(&bytes, path, format)
}

/// Imports `bytes` read from `path` (used in messages and to name the design) as `format`,
/// or as the detected format when `None`.
///
/// # Errors
/// See [`ImportError`].
pub fn import_bytes(
    bytes: &[u8],
    path: &Path,
    format: Option<ImportFormat>,
) -> Result<Imported, ImportError> {
    let format = format
        .or_else(|| ImportFormat::detect(path, bytes))
        .ok_or_else(|| ImportError::UnknownFormat {
            path: path.to_path_buf(),
        })?;
    let name = design_name(path);
    let built = match format {
        ImportFormat::Drawio => drawio::read(bytes, &name),
        ImportFormat::Compose => compose::read(bytes, &name),
        ImportFormat::Mermaid => mermaid::read(bytes, &name),
    }
    .map_err(|message| ImportError::Malformed {
        path: path.to_path_buf(),
        format: format.label(),
        message,
    })?;
    let (design, report) = built.finish();
    let problems = validate(&design);
    if has_errors(&problems) {
        return Err(ImportError::Invalid {
            path: path.to_path_buf(),
            problems: problems
                .into_iter()
                .filter(|p| p.severity() == crate::model::Severity::Error)
                .collect(),
        });
    }
    Ok(Imported { design, report })
}

/// A design name from a file name: `shop.drawio.png` → `shop`.
fn design_name(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("imported");
    let stem = name.split('.').next().unwrap_or(name);
    if stem.is_empty() {
        "Imported design".to_owned()
    } else {
        stem.to_owned()
    }
}
