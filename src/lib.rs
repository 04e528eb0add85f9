//! Infraboard: draw a web infrastructure and watch it live.
//!
//! Layers, each depending only on those above it:
//! - [`model`]: the design as data, ids and validation;
//! - [`sim`]: analyses and the traffic model, pure functions of a design;
//! - [`io`]: design files (RON, versioned, atomic saves) and the built-in templates;
//! - [`ui`]: the window;
//! - [`cli`]: the command line, sharing everything with the GUI.

pub mod cli;
pub mod diff;
pub mod export;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod scene;
pub mod sim;
pub mod theme;
pub mod ui;
