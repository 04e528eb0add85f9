//! Drill files: the versioned envelope around [`crate::sim::drill::Drill`] (parsing with
//! positions in errors, size and nesting limits), bounded reads and atomic saves.
//!
//! ```ron
//! (format_version: 1, drill: (name: "...", duration_s: 120.0, events: [...], hypothesis: (...)))
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::read::{Source, read_bounded};
use super::ron_text::{RonError, format_version, parse, to_text};
use crate::sim::drill::Drill;

/// The drill format version this build writes and the newest it reads.
pub const DRILL_FORMAT_VERSION: u32 = 1;
/// Largest drill file accepted, in bytes.
pub const MAX_DRILL_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting accepted in a drill file.
pub const MAX_DRILL_NESTING: usize = 32;

/// Why a drill file could not be read. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum DrillFileError {
    /// The file could not be read.
    #[error("{path}: cannot read the drill: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than any real drill.
    #[error("{path}: the file is larger than {limit} bytes, the limit for a drill")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// Not text, or not a drill at all.
    #[error("{path}: not a drill file: {why}")]
    NotADrill {
        /// The file.
        path: PathBuf,
        /// What it looked like instead.
        why: String,
    },
    /// RON syntax or shape error.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What RON said.
        message: String,
    },
    /// Written by a newer Infraboard.
    #[error(
        "{path}: made by a newer Infraboard (drill format version {found}; this one reads up to {supported})"
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A field holds a value outside its range.
    #[error("{path}: drill.{field} {why}")]
    BadField {
        /// The file.
        path: PathBuf,
        /// The field, e.g. `events[2].at_s`.
        field: String,
        /// What is wrong.
        why: String,
    },
    /// Writing failed.
    #[error("{path}: cannot save the drill: {message}")]
    Save {
        /// The file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
}

#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    drill: &'a Drill,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[allow(dead_code)] // checked by the probe; version 1 needs no migration yet
    format_version: u32,
    drill: Drill,
}

fn parse_error(path: &Path, e: RonError) -> DrillFileError {
    DrillFileError::Parse {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    }
}

/// Parses and checks a drill from file text; `path` is only used in messages.
///
/// # Errors
/// A [`DrillFileError`] naming `path`: bad syntax (with line and column), a newer format, or a
/// field out of range. Targets are checked against a design later, when the drill runs.
pub fn drill_from_str(text: &str, path: &Path) -> Result<Drill, DrillFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 > MAX_DRILL_FILE_BYTES {
        return Err(DrillFileError::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_DRILL_FILE_BYTES,
        });
    }
    match format_version(text, MAX_DRILL_NESTING).map_err(|e| parse_error(path, e))? {
        0 => {
            return Err(DrillFileError::NotADrill {
                path: path.to_path_buf(),
                why: "it has no `format_version`; a drill starts with `(format_version: 1, drill: (...))`".to_owned(),
            });
        }
        found if found > DRILL_FORMAT_VERSION => {
            return Err(DrillFileError::NewerVersion {
                path: path.to_path_buf(),
                found,
                supported: DRILL_FORMAT_VERSION,
            });
        }
        _ => {}
    }
    let file: FileIn = parse(text, MAX_DRILL_NESTING).map_err(|e| parse_error(path, e))?;
    if let Some((field, why)) = file.drill.check().into_iter().next() {
        return Err(DrillFileError::BadField {
            path: path.to_path_buf(),
            field,
            why,
        });
    }
    Ok(file.drill)
}

/// Parses file bytes, refusing anything too large or not UTF-8 before parsing.
///
/// # Errors
/// See [`drill_from_str`].
pub fn drill_from_bytes(bytes: &[u8], path: &Path) -> Result<Drill, DrillFileError> {
    if bytes.len() as u64 > MAX_DRILL_FILE_BYTES {
        return Err(DrillFileError::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_DRILL_FILE_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DrillFileError::NotADrill {
        path: path.to_path_buf(),
        why: format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })?;
    drill_from_str(text, path)
}

/// Serialises a drill to the file format's text (stable order, four-space indents).
///
/// # Errors
/// Only if RON cannot represent a value (not expected for a checked drill).
pub fn drill_to_string(drill: &Drill) -> Result<String, ron::Error> {
    to_text(&FileOut {
        format_version: DRILL_FORMAT_VERSION,
        drill,
    })
}

/// Reads and checks the drill in `path` (its targets are checked against a design when it
/// runs).
///
/// # Errors
/// A [`DrillFileError`] naming `path`; never panics, whatever the file holds.
pub fn load_drill(path: &Path) -> Result<Drill, DrillFileError> {
    let io = |source| DrillFileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let read = Source::open(path)
        .and_then(|source| read_bounded(source, MAX_DRILL_FILE_BYTES))
        .map_err(io)?;
    if read.over_limit {
        return Err(DrillFileError::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_DRILL_FILE_BYTES,
        });
    }
    let bytes = read.bytes;
    drill_from_bytes(&bytes, path)
}

/// Saves `drill` to `path` atomically.
///
/// # Errors
/// [`DrillFileError::Save`] naming `path`; the previous file is then intact.
pub fn save_drill(drill: &Drill, path: &Path) -> Result<(), DrillFileError> {
    let save = |message: String| DrillFileError::Save {
        path: path.to_path_buf(),
        message,
    };
    let text = drill_to_string(drill).map_err(|e| save(e.to_string()))?;
    write_atomic(path, text.as_bytes()).map_err(|e| save(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults_fill_in() {
        let text = "(format_version: 1, drill: (events: [(at_s: 5.0, action: Fail(\"lb\"))]))";
        let d = drill_from_str(text, Path::new("x.ron")).unwrap();
        assert_eq!(d.tick_ms, 100);
        assert_eq!(d.duration_s, 120.0);
        assert_eq!(d.hypothesis.min_served_ratio, 0.99);
        let again = drill_from_str(&drill_to_string(&d).unwrap(), Path::new("y.ron")).unwrap();
        assert_eq!(again, d);
    }

    #[test]
    fn errors_name_file_position_and_field() {
        let e = drill_from_str("(format_version: 1, drill: (bogus: 1))", Path::new("d.ron"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("d.ron:1:"), "{e}");
        let e = drill_from_str(
            "(format_version: 1, drill: (tick_ms: 0))",
            Path::new("d.ron"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("drill.tick_ms"), "{e}");
        let e = drill_from_str("(format_version: 9, drill: ())", Path::new("d.ron")).unwrap_err();
        assert!(matches!(e, DrillFileError::NewerVersion { found: 9, .. }));
        let deep = format!("{}{}", "(".repeat(200), ")".repeat(200));
        assert!(drill_from_str(&deep, Path::new("d.ron")).is_err());
    }
}
