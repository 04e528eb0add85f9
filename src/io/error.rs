//! Errors of reading and writing design files. Each names the file and what is wrong.

use std::path::PathBuf;

use crate::model::Problem;

/// Why a design could not be loaded. The open design is never touched by a failed load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than any real design.
    #[error("{path}: the file is larger than {limit} bytes, the limit for a design")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The file is not text (binary garbage, or an image without a design in it).
    #[error("{path}: not a design file: {why}")]
    NotADesign {
        /// The file.
        path: PathBuf,
        /// What it looked like instead.
        why: String,
    },
    /// RON syntax or shape error, with the position RON gives.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What RON said, e.g. "Unexpected variant named `Router`".
        message: String,
    },
    /// The file was written by a newer Infraboard.
    #[error(
        "{path}: made by a newer Infraboard (format version {found}; this one reads up to {supported}); update Infraboard to open it"
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The file parsed but the design is invalid.
    #[error("{path}: invalid design: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every error (warnings are not reasons to refuse).
        problems: Vec<Problem>,
    },
}

/// Why a design could not be saved. The previous file is intact.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Serialisation failed (a value RON cannot represent).
    #[error("{path}: cannot write the design: {message}")]
    Serialize {
        /// The target file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// Writing, flushing or renaming failed.
    #[error("{path}: cannot save: {source}")]
    Io {
        /// The target file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}
