//! What the window remembers between runs through eframe storage: recent files, overlays,
//! theme, grid and panels. Never the design.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::command::Overlay;

/// Most recent files remembered.
const MAX_RECENT: usize = 8;

/// Persisted settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// SPOF overlay on.
    pub show_spof: bool,
    /// TLS overlay on.
    pub show_tls: bool,
    /// QPS overlay on.
    pub show_qps: bool,
    /// Monitoring and exposure overlay on.
    pub show_exposure: bool,
    /// Availability importance overlay on.
    pub show_importance: bool,
    /// Legend shown.
    pub show_legend: bool,
    /// Dark theme.
    pub dark: bool,
    /// Grid drawn.
    pub grid: bool,
    /// Moves snap to the grid.
    pub snap: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            show_spof: true,
            show_tls: true,
            show_qps: true,
            show_exposure: true,
            show_importance: false,
            show_legend: true,
            dark: false,
            grid: true,
            snap: false,
        }
    }
}

impl Settings {
    /// The storage key.
    pub const KEY: &'static str = "infraboard-settings";

    /// Whether `overlay` is on.
    pub fn overlay(&self, overlay: Overlay) -> bool {
        match overlay {
            Overlay::Spof => self.show_spof,
            Overlay::Tls => self.show_tls,
            Overlay::Qps => self.show_qps,
            Overlay::Exposure => self.show_exposure,
            Overlay::Importance => self.show_importance,
        }
    }

    /// Switches `overlay`.
    pub fn toggle_overlay(&mut self, overlay: Overlay) {
        let flag = match overlay {
            Overlay::Spof => &mut self.show_spof,
            Overlay::Tls => &mut self.show_tls,
            Overlay::Qps => &mut self.show_qps,
            Overlay::Exposure => &mut self.show_exposure,
            Overlay::Importance => &mut self.show_importance,
        };
        *flag = !*flag;
    }

    /// Puts `path` first in the recent files.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}
