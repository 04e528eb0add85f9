//! Files: the versioned RON design format with atomic saves, and the built-in templates.
//! Depends on [`crate::model`] and, for drill files, the format in [`crate::sim::drill::file`].

mod atomic;
mod design_file;
pub mod drill_file;
pub mod embedded;
mod error;
mod read;
pub mod recovery;
pub mod ron_text;
pub mod templates;

pub use atomic::{write_atomic, write_atomic_with};
pub use design_file::{
    FORMAT_VERSION, MAX_FILE_BYTES, MAX_NESTING, design_from_bytes, design_from_str,
    design_from_str_with_warnings, design_to_string, load_design, load_design_with_warnings,
    save_design,
};
pub use drill_file::{
    DRILL_FORMAT_VERSION, DrillFileError, drill_from_bytes, drill_from_str, drill_to_string,
    load_drill, save_drill,
};
pub use error::{LoadError, SaveError};
pub use read::IDLE_TIMEOUT;
