//! Files: the versioned RON design format with atomic saves, and the built-in templates.
//! Depends on [`crate::model`] only.

mod atomic;
mod design_file;
pub mod embedded;
mod error;
pub mod templates;

pub use atomic::{write_atomic, write_atomic_with};
pub use design_file::{
    FORMAT_VERSION, MAX_FILE_BYTES, MAX_NESTING, design_from_bytes, design_from_str,
    design_to_string, load_design, save_design,
};
pub use error::{LoadError, SaveError};
