//! Drill files on disk: bounded reads and atomic saves around the format in
//! [`crate::sim::drill::file`].

use std::path::Path;

use super::atomic::write_atomic;
use crate::sim::drill::file::{
    Drill, DrillFileError, MAX_DRILL_FILE_BYTES, drill_from_bytes, drill_to_string,
};

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
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_DRILL_FILE_BYTES {
        return Err(DrillFileError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
            limit: MAX_DRILL_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
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
