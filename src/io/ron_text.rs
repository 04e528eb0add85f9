//! What the versioned RON formats (designs, drills) share: the pretty-printer settings, the
//! version probe, and RON errors turned into a position and a message a person can read.
//! Text only: nothing here touches the file system.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A RON error at a position, worded for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RonError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, e.g. "Unexpected variant named `Router` in enum `Kind`".
    pub message: String,
}

/// Private envelope struct names as RON reports them, and how a person should read them.
const ENVELOPE_NAMES: [(&str, &str); 4] = [
    ("struct `VersionProbe`", "the file"),
    ("struct `FileIn`", "the file"),
    ("in `VersionProbe`", "at the top of the file"),
    ("in `FileIn`", "at the top of the file"),
];

impl RonError {
    fn from_spanned(e: &ron::error::SpannedError, max_nesting: usize) -> Self {
        let message = match &e.code {
            ron::Error::ExceededRecursionLimit => {
                format!("nested deeper than {max_nesting} levels; no real file is that deep")
            }
            ron::Error::Eof => "the file ends too early (truncated?)".to_owned(),
            other => ENVELOPE_NAMES
                .iter()
                .fold(other.to_string(), |m, (from, to)| m.replace(from, to)),
        };
        Self {
            line: e.span.start.line,
            column: e.span.start.col,
            message,
        }
    }
}

fn options(max_nesting: usize) -> ron::Options {
    ron::Options::default().with_recursion_limit(max_nesting)
}

#[derive(serde::Deserialize)]
struct VersionProbe {
    /// 0 when missing. Every other field is skipped (unknown fields are ignored here).
    #[serde(default)]
    format_version: u32,
}

/// The `format_version` at the top of a versioned file, or 0 if it has none.
///
/// # Errors
/// If the text is not RON at all, or nests deeper than `max_nesting`.
pub fn format_version(text: &str, max_nesting: usize) -> Result<u32, RonError> {
    options(max_nesting)
        .from_str::<VersionProbe>(text)
        .map(|p| p.format_version)
        .map_err(|e| RonError::from_spanned(&e, max_nesting))
}

/// Parses `text` as a `T`, nesting at most `max_nesting` deep.
///
/// # Errors
/// The first syntax or shape error, with its position.
pub fn parse<T: DeserializeOwned>(text: &str, max_nesting: usize) -> Result<T, RonError> {
    options(max_nesting)
        .from_str(text)
        .map_err(|e| RonError::from_spanned(&e, max_nesting))
}

/// Writes `value` the way every Infraboard file is written: stable field order, four-space
/// indents, `\n` line ends, a final newline. The same value always gives the same bytes.
///
/// # Errors
/// Only if RON cannot represent a value.
pub fn to_text<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron::ser::to_string_pretty(value, config)?;
    text.push('\n');
    Ok(text)
}
