//! Why an import failed. Each error names the file; the open design is never touched.

use std::path::PathBuf;

use crate::model::Problem;

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than any real diagram.
    #[error("{path}: the file is {bytes} bytes, over the limit of {limit} bytes for an import")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Neither the name nor the content says which format the file is in.
    #[error(
        "{path}: not a format Infraboard imports; use a draw.io diagram (.drawio, .xml, .drawio.svg, .drawio.png), a Docker Compose file (.yml, .yaml) or Mermaid architecture-beta (.mmd)"
    )]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The file is in the format but broken, or holds nothing to import.
    #[error("{path}: not a valid {format} file: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The format it was read as ("draw.io", "Docker Compose", "Mermaid").
        format: &'static str,
        /// What is wrong, with the line where known.
        message: String,
    },
    /// The imported design breaks a rule of the model.
    #[error("{path}: the imported design is invalid: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The errors.
        problems: Vec<Problem>,
    },
}
