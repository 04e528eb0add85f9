//! Text notes in the picture: a sticky-note box with the note's lines, sized to its text.
//! Drawn under links and components; the canvas hit-tests with the same [`note_rect`].

use super::geometry::Rect;
use super::text::{text_width, truncate};
use super::{Primitive, Stroke, TextAnchor};
use crate::model::{Note, Size};
use crate::theme::{Metrics, Theme};

/// Widest a note's text runs before it is cut, canvas units.
const MAX_TEXT_W: f32 = 320.0;
/// Inner margin.
const PAD: f32 = 8.0;
/// Lines shown at most (the rest is summed up as "…").
const MAX_LINES: usize = 12;

/// The lines a note shows (cut to [`MAX_TEXT_W`], at most [`MAX_LINES`]).
pub fn note_lines(note: &Note, m: &Metrics) -> Vec<String> {
    let text = if note.text.trim().is_empty() {
        "(empty note)"
    } else {
        note.text.as_str()
    };
    let mut lines: Vec<String> = text
        .lines()
        .take(MAX_LINES)
        .map(|l| truncate(l, m.name_font_px, false, MAX_TEXT_W))
        .collect();
    if text.lines().count() > MAX_LINES {
        lines.push("…".to_owned());
    }
    lines
}

/// The box of a note (canvas units), centred on its position.
pub fn note_rect(note: &Note, m: &Metrics) -> Rect {
    let lines = note_lines(note, m);
    let w = lines
        .iter()
        .map(|l| text_width(l, m.name_font_px, false))
        .fold(60.0_f32, f32::max)
        + 2.0 * PAD;
    let h = lines.len() as f32 * m.name_line_px + 2.0 * PAD;
    Rect::from_centre(note.position, Size { w, h })
}

/// The primitives of one note.
pub fn note_primitives(note: &Note, theme: &Theme) -> Vec<Primitive> {
    let (m, p) = (&theme.metrics, &theme.palette);
    let rect = note_rect(note, m);
    let mut out = vec![Primitive::Rect {
        rect,
        radius: 2.0,
        fill: p.note_fill,
        stroke: Some(Stroke::solid(p.note_stroke, 1.0)),
    }];
    for (i, line) in note_lines(note, m).into_iter().enumerate() {
        out.push(Primitive::Text {
            pos: super::Point::new(
                rect.min.x + PAD,
                rect.min.y + PAD + m.name_font_px * 0.85 + i as f32 * m.name_line_px,
            ),
            text: line,
            size: m.name_font_px,
            color: p.text,
            anchor: TextAnchor::Start,
            bold: false,
        });
    }
    out
}
