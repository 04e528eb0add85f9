//! Text from files and the command line (names, ids, paths, messages) made safe to print on a
//! terminal: control characters (escape sequences that clear the screen or set the title, new
//! lines that fake a report line, bidirectional overrides that reorder what is shown) are
//! written as visible escapes such as `\u{1b}` or `\n`, and overlong words are cut
//! ([`crate::model::limits::shorten_words`]). JSON output needs none of this: it is escaped
//! by the JSON writer.

use std::fmt::Write as _;

use crate::model::limits::shorten_words;

/// Whether `c` changes how a terminal shows what follows instead of showing itself.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` safe to print on a terminal (see the module docs).
pub fn clean(text: &str) -> String {
    let text = shorten_words(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// A path, cleaned for the terminal.
pub fn path(path: &std::path::Path) -> String {
    clean(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            clean("a\u{1b}[2Jb\u{7}\n0 errors\u{9b}\u{202e}"),
            "a\\u{1b}[2Jb\\u{7}\\n0 errors\\u{9b}\\u{202e}"
        );
        assert_eq!(clean("Plain name, ünïcode"), "Plain name, ünïcode");
    }
}
