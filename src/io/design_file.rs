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

use std::io::Read;

use super::atomic::write_atomic;
use super::embedded::{
    HEAD_BYTES, ImageKind, design_text_from_png_reader, design_text_from_svg_reader, image_kind,
};
use super::error::{LoadError, SaveError};
use super::read::{Source, read_bounded, read_head};
use super::ron_text::{RonError, format_version, parse, to_text};
use crate::model::{Design, Problem, Severity, validate};

/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// Largest design file accepted, in bytes (256 MiB: a design at the model's limit of
/// [`crate::model::limits::MAX_COMPONENTS`] components is about 110 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
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

fn parse_error(path: &Path, e: RonError) -> LoadError {
    LoadError::Parse {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    }
}

/// Serialises a design to the file format's text (stable order, four-space indents, `\n`).
///
/// # Errors
/// Only if RON cannot represent a value (not expected for a valid design).
pub fn design_to_string(design: &Design) -> Result<String, ron::Error> {
    to_text(&FileOut {
        format_version: FORMAT_VERSION,
        design,
    })
}

/// Parses and validates a design from file text; `path` is only used in messages.
///
/// # Errors
/// A [`LoadError`] naming `path` for bad syntax, a newer format, or an invalid design.
pub fn design_from_str(text: &str, path: &Path) -> Result<Design, LoadError> {
    design_from_str_with_warnings(text, path).map(|(design, _)| design)
}

/// [`design_from_str`], also returning the design's warnings (sorted as [`validate`] sorts
/// them). The text is parsed once and the design validated once.
///
/// # Errors
/// See [`design_from_str`].
pub fn design_from_str_with_warnings(
    text: &str,
    path: &Path,
) -> Result<(Design, Vec<Problem>), LoadError> {
    // A byte-order mark is how some editors start UTF-8 files; it means nothing here.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::NotADesign {
            path: path.to_path_buf(),
            why: "the file is empty".to_owned(),
        });
    }
    // Parse the whole file once. Only when that fails is the version probed on its own, so
    // that a file from a newer Infraboard, without a version, or not RON at all is named as
    // such rather than by the first field this build does not know.
    let file = match parse::<FileIn>(text, MAX_NESTING) {
        Ok(file) => {
            check_version(file.format_version, path)?;
            file
        }
        Err(e) => {
            check_version(probe_version(text, path)?, path)?;
            return Err(parse_error(path, e));
        }
    };
    let design = migrate(file.format_version, file.design);
    let (errors, warnings): (Vec<_>, Vec<_>) = validate(&design)
        .into_iter()
        .partition(|p| p.severity() == Severity::Error);
    if errors.is_empty() {
        Ok((design, warnings))
    } else {
        Err(LoadError::Invalid {
            path: path.to_path_buf(),
            problems: errors,
        })
    }
}

/// The `format_version` of a file that did not parse as a design, or why it is no design.
fn probe_version(text: &str, path: &Path) -> Result<u32, LoadError> {
    format_version(text, MAX_NESTING).map_err(|e| {
        if looks_like_ron_struct(text) {
            parse_error(path, e)
        } else {
            LoadError::NotADesign {
                path: path.to_path_buf(),
                why: format!(
                    "this is not an Infraboard design. A design is RON text that starts with \
                     `(format_version: 1, design: (...))`; this file starts with `{}`",
                    first_words(text)
                ),
            }
        }
    })
}

/// Refuses a file without a format version (or version 0) and one newer than this build reads.
fn check_version(found: u32, path: &Path) -> Result<(), LoadError> {
    match found {
        0 => Err(LoadError::NotADesign {
            path: path.to_path_buf(),
            why: "it has no `format_version` (or version 0); an Infraboard design starts with `(format_version: 1, design: (...))`".to_owned(),
        }),
        found if found > FORMAT_VERSION => Err(LoadError::NewerVersion {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        }),
        _ => Ok(()),
    }
}

/// Whether `text` starts like a RON struct (a `(`, a named struct, a comment or an
/// extension attribute): a syntax error in such a file is reported where it is, anything else
/// is not a design at all.
fn looks_like_ron_struct(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let name_len = start
        .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .unwrap_or(start.len());
    start.starts_with(['(', '/', '#']) || start[name_len..].trim_start().starts_with('(')
}

/// The first few words of `text`, for a message (at most 40 characters, one line).
fn first_words(text: &str) -> String {
    let line = text.trim_start().lines().next().unwrap_or_default().trim();
    let mut words: String = line.chars().take(40).collect();
    if words.len() < line.len() {
        words.push('…');
    }
    words
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
    design_from_reader(bytes, Some(bytes.len() as u64), path).map(|(design, _)| design)
}

/// Reads a design from `reader` (a file's bytes, from the start): a RON file is read up to
/// [`MAX_FILE_BYTES`] plus one byte; an image only up to the design embedded in it. A RON
/// file whose known size is over the limit is refused without reading further.
fn design_from_reader(
    mut reader: impl Read,
    known_len: Option<u64>,
    path: &Path,
) -> Result<(Design, Vec<Problem>), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let not_a_design = |why| LoadError::NotADesign {
        path: path.to_path_buf(),
        why,
    };
    let head = read_head(&mut reader, HEAD_BYTES).map_err(io)?;
    let whole = std::io::Cursor::new(head.as_slice()).chain(reader);
    let text = match image_kind(&head) {
        Some(ImageKind::Png) => design_text_from_png_reader(whole).map_err(not_a_design)?,
        Some(ImageKind::Svg) => {
            design_text_from_svg_reader(std::io::BufReader::new(whole)).map_err(not_a_design)?
        }
        None => {
            let too_large = known_len.is_some_and(|len| len > MAX_FILE_BYTES);
            let read = if too_large {
                None
            } else {
                Some(read_bounded(whole, MAX_FILE_BYTES).map_err(io)?)
            };
            let Some(read) = read.filter(|r| !r.over_limit) else {
                return Err(LoadError::TooLarge {
                    path: path.to_path_buf(),
                    limit: MAX_FILE_BYTES,
                });
            };
            String::from_utf8(read.bytes).map_err(|e| {
                not_a_design(format!(
                    "it is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ))
            })?
        }
    };
    design_from_str_with_warnings(&text, path)
}

/// Reads and validates the design in `path`. Whatever `path` names (a huge file,
/// `/dev/zero`, a FIFO), at most [`MAX_FILE_BYTES`] plus one byte of design text is read.
///
/// # Errors
/// A [`LoadError`] naming `path`; never panics, whatever the file holds.
pub fn load_design(path: &Path) -> Result<Design, LoadError> {
    load_design_with_warnings(path).map(|(design, _)| design)
}

/// [`load_design`], also returning the design's warnings: what `infraboard validate` prints,
/// without validating twice.
///
/// # Errors
/// See [`load_design`].
pub fn load_design_with_warnings(path: &Path) -> Result<(Design, Vec<Problem>), LoadError> {
    let source = Source::open(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let len = source.regular_len();
    design_from_reader(source, len, path)
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
