//! What an import guessed or left out, for the user to check: a sorted list, printable as
//! lines or as JSON.

use serde::Serialize;

/// What the importer did with one thing in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Imported, but a kind, purpose, protocol or setting was guessed.
    Guessed,
    /// Left out; the message says why.
    Skipped,
}

impl NoteKind {
    /// `guessed` or `skipped`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Guessed => "guessed",
            Self::Skipped => "skipped",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ReportNote {
    /// Guessed or skipped.
    pub kind: NoteKind,
    /// What in the source file it is about (a cell id, a service name, a line).
    pub subject: String,
    /// What was guessed, or why it was skipped.
    pub message: String,
}

/// Everything an import guessed or skipped, sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ImportReport {
    /// The format read ("draw.io", "Docker Compose", "Mermaid").
    pub format: String,
    /// Components imported.
    pub components: usize,
    /// Links imported.
    pub links: usize,
    /// Whether the positions were computed by auto-layout.
    pub laid_out: bool,
    /// The notes, sorted by kind, subject, message.
    pub notes: Vec<ReportNote>,
}

impl ImportReport {
    /// The notes of one kind.
    pub fn of(&self, kind: NoteKind) -> impl Iterator<Item = &ReportNote> {
        self.notes.iter().filter(move |n| n.kind == kind)
    }

    /// The report as lines of text: a summary, then one line per note.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "imported {} components and {} links from {}{}\n",
            self.components,
            self.links,
            self.format,
            if self.laid_out {
                " (auto-laid out)"
            } else {
                ""
            }
        );
        for n in &self.notes {
            text.push_str(&format!("{}: {}: {}\n", n.kind.key(), n.subject, n.message));
        }
        text
    }
}
