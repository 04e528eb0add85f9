//! Text measurement without a GUI: advance widths from the bundled DejaVu Sans fonts, so
//! layout is the same on the canvas, in SVG and in PNG, on every machine.

use std::sync::OnceLock;

/// The bundled regular font.
pub const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bundled bold font.
pub const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The font family name both files declare.
pub const FONT_FAMILY: &str = "DejaVu Sans";
/// Height of the font's ascender over its size (DejaVu Sans: 1901/2048). Text positions in
/// a scene are baselines; the top of the text is `baseline - ASCENT_EM * size`.
pub const ASCENT_EM: f32 = 0.928;
/// The ellipsis appended to truncated text.
pub const ELLIPSIS: char = '…';

/// Characters with a precomputed advance: Latin, punctuation, arrows and dingbats.
const TABLE_LEN: usize = 0x2800;
/// Advance of a character the font lacks, in em.
const FALLBACK_EM: f32 = 0.6;

struct FaceTable {
    /// Advance per char code below [`TABLE_LEN`], in em; negative when the glyph is missing.
    advance_em: Vec<f32>,
}

impl FaceTable {
    fn build(data: &[u8]) -> Self {
        let mut advance_em = vec![-1.0; TABLE_LEN];
        if let Ok(face) = ttf_parser::Face::parse(data, 0) {
            let upem = f32::from(face.units_per_em().max(1));
            for (code, slot) in advance_em.iter_mut().enumerate() {
                let Some(ch) = u32::try_from(code).ok().and_then(char::from_u32) else {
                    continue;
                };
                if let Some(glyph) = face.glyph_index(ch)
                    && let Some(adv) = face.glyph_hor_advance(glyph)
                {
                    *slot = f32::from(adv) / upem;
                }
            }
        }
        Self { advance_em }
    }

    fn advance(&self, ch: char) -> Option<f32> {
        let code = usize::try_from(u32::from(ch)).ok()?;
        self.advance_em.get(code).copied().filter(|a| *a >= 0.0)
    }
}

fn table(bold: bool) -> &'static FaceTable {
    static REGULAR: OnceLock<FaceTable> = OnceLock::new();
    static BOLD: OnceLock<FaceTable> = OnceLock::new();
    if bold {
        BOLD.get_or_init(|| FaceTable::build(BOLD_TTF))
    } else {
        REGULAR.get_or_init(|| FaceTable::build(REGULAR_TTF))
    }
}

/// Whether the bundled font has a glyph for `ch`.
pub fn has_glyph(ch: char, bold: bool) -> bool {
    table(bold).advance(ch).is_some()
}

/// Width of `text` set at `size_px` in the bundled font (no kerning), in pixels.
pub fn text_width(text: &str, size_px: f32, bold: bool) -> f32 {
    let t = table(bold);
    text.chars()
        .map(|ch| t.advance(ch).unwrap_or(FALLBACK_EM))
        .sum::<f32>()
        * size_px
}

/// `text`, shortened with "…" so that it is at most `max_width_px` wide.
pub fn truncate(text: &str, size_px: f32, bold: bool, max_width_px: f32) -> String {
    if text_width(text, size_px, bold) <= max_width_px {
        return text.to_owned();
    }
    let t = table(bold);
    let ellipsis = t.advance(ELLIPSIS).unwrap_or(FALLBACK_EM) * size_px;
    let mut width = ellipsis;
    let mut out = String::new();
    for ch in text.chars() {
        let w = t.advance(ch).unwrap_or(FALLBACK_EM) * size_px;
        if width + w > max_width_px {
            break;
        }
        width += w;
        out.push(ch);
    }
    let trimmed = out.trim_end();
    format!("{trimmed}{ELLIPSIS}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_plausible_and_bold_is_wider() {
        let w = text_width("HAProxy", 13.0, false);
        assert!(w > 40.0 && w < 70.0, "{w}");
        assert!(text_width("HAProxy", 13.0, true) > w);
        assert!(has_glyph('…', false) && has_glyph('✂', true) && has_glyph('↻', true));
        assert!(has_glyph('≥', false) && has_glyph('×', false) && has_glyph('·', false));
    }

    #[test]
    fn truncation_fits() {
        let s = truncate("A very long component name indeed", 13.0, false, 80.0);
        assert!(s.ends_with('…'));
        assert!(text_width(&s, 13.0, false) <= 80.0);
        assert_eq!(truncate("short", 13.0, false, 80.0), "short");
    }
}
