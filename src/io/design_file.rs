//! The design file format: RON with a format version at the top.
//!
//! ```ron
//! (
//!     format_version: 1,
//!     design: (
//!         name: "Simple web stack",
//!         domain: "www.foobar.com",
//!         ...
//!     ),
//! )
//! ```
//!
//! Loading never panics: size and nesting are bounded, errors carry the file, line and
//! column, and a parsed design is validated before it is returned.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::error::{LoadError, SaveError};
use crate::model::{Design, Severity, validate};

/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// Largest design file accepted, in bytes (64 MiB: far above any drawn design).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest nesting accepted in a file.
pub const MAX_NESTING: usize = 64;

#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    design: &'a Design,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    format_version: u32,
    design: Design,
}

#[derive(Deserialize)]
struct VersionProbe {
    /// 0 when missing.
    #[serde(default)]
    format_version: u32,
    #[serde(default)]
    #[allow(dead_code)] // read only to skip over it
    design: serde::de::IgnoredAny,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_NESTING)
}

fn parse_error(path: &Path, e: &ron::error::SpannedError) -> LoadError {
    let message = match &e.code {
        ron::Error::ExceededRecursionLimit => {
            format!("nested deeper than {MAX_NESTING} levels; no design is that deep")
        }
        ron::Error::Eof => "the file ends too early (truncated?)".to_owned(),
        // Name our private wrapper structs the way a user sees them.
        other => other
            .to_string()
            .replace("struct `VersionProbe`", "the design file")
            .replace("struct `FileIn`", "the design file")
            .replace("in `VersionProbe`", "at the top of the file")
            .replace("in `FileIn`", "at the top of the file"),
    };
    LoadError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        message,
    }
}

/// Serialises a design to the file format's text (stable order, four-space indents, `\n`).
///
/// # Errors
/// Only if RON cannot represent a value (not expected for a valid design).
pub fn design_to_string(design: &Design) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron::ser::to_string_pretty(
        &FileOut {
            format_version: FORMAT_VERSION,
            design,
        },
        config,
    )?;
    text.push('\n');
    Ok(text)
}

/// Parses and validates a design from file text; `path` is only used in messages.
///
/// # Errors
/// A [`LoadError`] naming `path` for bad syntax, a newer format, or an invalid design.
pub fn design_from_str(text: &str, path: &Path) -> Result<Design, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::NotADesign {
            path: path.to_path_buf(),
            why: "the file is empty".to_owned(),
        });
    }
    let probe: VersionProbe = ron_options()
        .from_str(text)
        .map_err(|e| parse_error(path, &e))?;
    match probe.format_version {
        0 => {
            return Err(LoadError::NotADesign {
                path: path.to_path_buf(),
                why: "it has no `format_version` (or version 0); an Infraboard design starts with `(format_version: 1, design: (...))`".to_owned(),
            });
        }
        found if found > FORMAT_VERSION => {
            return Err(LoadError::NewerVersion {
                path: path.to_path_buf(),
                found,
                supported: FORMAT_VERSION,
            });
        }
        _ => {}
    }
    let file: FileIn = ron_options()
        .from_str(text)
        .map_err(|e| parse_error(path, &e))?;
    let design = migrate(file.format_version, file.design);
    let errors: Vec<_> = validate(&design)
        .into_iter()
        .filter(|p| p.severity() == Severity::Error)
        .collect();
    if errors.is_empty() {
        Ok(design)
    } else {
        Err(LoadError::Invalid {
            path: path.to_path_buf(),
            problems: errors,
        })
    }
}

/// Brings a design read from an older format version up to date. Version 1 is the first, so
/// there is nothing to do yet; missing fields already got their defaults while parsing.
fn migrate(_version: u32, design: Design) -> Design {
    design
}

/// Parses file bytes: refuses anything too large or not UTF-8 text before parsing. A PNG or
/// SVG exported by Infraboard yields the design embedded in it.
///
/// # Errors
/// See [`design_from_str`].
pub fn design_from_bytes(bytes: &[u8], path: &Path) -> Result<Design, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    if let Some(embedded) = super::embedded::embedded_design_text(bytes) {
        let text = embedded.map_err(|why| LoadError::NotADesign {
            path: path.to_path_buf(),
            why,
        })?;
        return design_from_str(&text, path);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::NotADesign {
        path: path.to_path_buf(),
        why: format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })?;
    design_from_str(text, path)
}

/// Reads and validates the design in `path`.
///
/// # Errors
/// A [`LoadError`] naming `path`; never panics, whatever the file holds.
pub fn load_design(path: &Path) -> Result<Design, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    design_from_bytes(&bytes, path)
}

/// Saves `design` to `path` atomically (temporary file, flush, rename).
///
/// # Errors
/// A [`SaveError`] naming `path`; the previous file is then intact.
pub fn save_design(design: &Design, path: &Path) -> Result<(), SaveError> {
    let text = design_to_string(design).map_err(|e| SaveError::Serialize {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    })
}
