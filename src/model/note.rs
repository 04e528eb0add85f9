//! Text notes: free text on the canvas (a remark, a question, a TODO). They are drawn and
//! exported with the design and saved in its file, but take no part in the analysis: nothing in
//! `sim` reads them.

use serde::{Deserialize, Serialize};

use super::component::Point;

/// Most text notes in a design.
pub const MAX_NOTES: usize = 10_000;

/// The longest note text accepted from a file, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// A text note on the canvas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// What it says; may span several lines.
    pub text: String,
    /// Centre on the canvas.
    #[serde(default)]
    pub position: Point,
}

impl Note {
    /// A note saying `text` centred at `position`.
    pub fn new(text: &str, position: Point) -> Self {
        Self {
            text: text.to_owned(),
            position,
        }
    }
}
