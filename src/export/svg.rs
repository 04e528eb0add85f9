//! Writes a [`Scene`] as SVG text: real `<text>`, one `<g>` per component and link, icons
//! inlined, the design embedded as RON in `<metadata>`. Deterministic bytes.

use std::fmt::Write as _;

use super::icons::inline_icon;
use crate::model::{Design, Point};
use crate::scene::text::FONT_FAMILY;
use crate::scene::{Primitive, Rect, Scene, SceneItem, SceneItemOwner, Stroke, TextAnchor};
use crate::theme::Rgba;

/// The XML namespace of the embedded design element.
pub const DESIGN_NAMESPACE: &str = crate::io::embedded::SVG_DESIGN_NAMESPACE;
/// The element holding the design: `<infraboard:design>` in `<metadata>`.
pub const DESIGN_ELEMENT: &str = crate::io::embedded::SVG_DESIGN_ELEMENT;

/// What to write besides the picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SvgOptions<'a> {
    /// Fill the whole image with the scene's background; `false` leaves it transparent.
    pub background: bool,
    /// Design RON text to embed in `<metadata>`, if any.
    pub design_ron: Option<&'a str>,
    /// Design, for `data-from`/`data-to` attributes of links.
    pub design: Option<&'a Design>,
    /// Leave out text, icons and shapes thinner than this many output pixels (unreadable
    /// anyway);
    /// 0 keeps everything.
    pub min_detail_px: f32,
}

/// Smallest text or icon drawn in a PNG, in output pixels: below that it is a smudge, and
/// shaping thousands of smudges is what makes huge exports slow.
pub const MIN_DETAIL_PX: f32 = 3.0;

/// Whether `p` is big enough to draw at `scale` pixels per unit.
fn legible(p: &Primitive, scale: f32, min_px: f32) -> bool {
    match p {
        Primitive::Text { size, .. } => size * scale >= min_px,
        Primitive::Icon { rect, .. } => rect.width() * scale >= min_px,
        Primitive::Rect { .. } | Primitive::Polygon { .. } | Primitive::Circle { .. } => {
            let b = p.bounds();
            b.width().min(b.height()) * scale >= min_px
        }
        Primitive::Polyline { .. } => true,
    }
}

/// Fixed float formatting: at most two decimals, no trailing zeros, no `-0`.
pub(crate) fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let rounded = (v * 100.0).round() / 100.0;
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if !crate::io::embedded::is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn paint(attr: &str, c: Rgba) -> String {
    if c.a() == 0 {
        format!(" {attr}=\"none\"")
    } else if c.a() == 255 {
        format!(" {attr}=\"{}\"", c.hex())
    } else {
        format!(
            " {attr}=\"{}\" {attr}-opacity=\"{}\"",
            c.hex(),
            num(c.opacity())
        )
    }
}

fn stroke_attrs(s: Option<&Stroke>) -> String {
    let Some(s) = s else {
        return String::new();
    };
    let mut out = paint("stroke", s.color);
    let _ = write!(out, " stroke-width=\"{}\"", num(s.width));
    if let Some([dash, gap]) = s.dash {
        let _ = write!(out, " stroke-dasharray=\"{} {}\"", num(dash), num(gap));
    }
    out
}

fn points_attr(points: &[Point]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_primitive(out: &mut String, p: &Primitive) {
    match p {
        Primitive::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"{}{}/>",
                num(rect.min.x),
                num(rect.min.y),
                num(rect.width()),
                num(rect.height()),
                num(*radius),
                paint("fill", *fill),
                stroke_attrs(stroke.as_ref())
            );
        }
        Primitive::Polyline { points, stroke } => {
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\"{} stroke-linejoin=\"round\"/>",
                points_attr(points),
                stroke_attrs(Some(stroke))
            );
        }
        Primitive::Polygon { points, fill } => {
            let _ = writeln!(
                out,
                "<polygon points=\"{}\"{}/>",
                points_attr(points),
                paint("fill", *fill)
            );
        }
        Primitive::Circle {
            centre,
            radius,
            fill,
            stroke,
        } => {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
                num(centre.x),
                num(centre.y),
                num(*radius),
                paint("fill", *fill),
                stroke_attrs(stroke.as_ref())
            );
        }
        Primitive::Text {
            pos,
            text,
            size,
            color,
            anchor,
            bold,
        } => {
            let anchor = match anchor {
                TextAnchor::Start => "",
                TextAnchor::Middle => " text-anchor=\"middle\"",
                TextAnchor::End => " text-anchor=\"end\"",
            };
            let weight = if *bold { " font-weight=\"bold\"" } else { "" };
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{}{}{}>{}</text>",
                num(pos.x),
                num(pos.y),
                num(*size),
                paint("fill", *color),
                anchor,
                weight,
                escape(text)
            );
        }
        Primitive::Icon { name, rect, tint } => write_icon(out, name, rect, *tint),
    }
}

fn write_icon(out: &mut String, name: &str, rect: &Rect, tint: Rgba) {
    let Some(icon) = inline_icon(name) else {
        return;
    };
    let scale = rect.width() / icon.view_px;
    let hex = tint.hex();
    let _ = writeln!(
        out,
        "<g class=\"icon icon-{}\" transform=\"translate({} {}) scale({})\" {}>{}</g>",
        escape(name),
        num(rect.min.x),
        num(rect.min.y),
        num(scale),
        icon.attributes.replace("#000000", &hex),
        icon.body.replace("#000000", &hex)
    );
}

fn group_open(owner: &SceneItemOwner, design: Option<&Design>) -> String {
    match owner {
        SceneItemOwner::Component(id) => {
            format!(
                "<g id=\"component-{}\" class=\"component\">",
                escape(id.as_str())
            )
        }
        SceneItemOwner::Link(index) => {
            let ends = design
                .and_then(|d| d.links.get(*index))
                .map(|l| {
                    format!(
                        " data-from=\"{}\" data-to=\"{}\"",
                        escape(&l.from.to_string()),
                        escape(&l.to.to_string())
                    )
                })
                .unwrap_or_default();
            format!("<g id=\"link-{index}\" class=\"link\"{ends}>")
        }
        SceneItemOwner::Note(index) => format!("<g id=\"note-{index}\" class=\"note\">"),
        SceneItemOwner::Zone(id) => {
            format!("<g id=\"zone-{}\" class=\"zone\">", escape(id.as_str()))
        }
        SceneItemOwner::Legend => "<g id=\"legend\">".to_owned(),
        SceneItemOwner::Title => "<g id=\"title\">".to_owned(),
        SceneItemOwner::Compare => "<g class=\"compare\">".to_owned(),
    }
}

/// The SVG document for `scene`, covering `view` (canvas units), `scale` pixels per unit.
pub fn scene_to_svg(scene: &Scene, view: &Rect, scale: f32, options: &SvgOptions<'_>) -> String {
    let mut out = String::with_capacity(256 * scene.items.len() + 4096);
    let (w, h) = (view.width(), view.height());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:infraboard=\"{DESIGN_NAMESPACE}\" \
         width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" font-family=\"{FONT_FAMILY}\">",
        num((w * scale).ceil()),
        num((h * scale).ceil()),
        num(view.min.x),
        num(view.min.y),
        num(w),
        num(h)
    );
    if let Some(ron) = options.design_ron {
        out.push_str(&crate::io::embedded::svg_metadata(ron));
        out.push('\n');
    }
    if options.background && scene.background.a() > 0 {
        let _ = writeln!(
            out,
            "<rect id=\"background\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            num(view.min.x),
            num(view.min.y),
            num(w),
            num(h),
            paint("fill", scene.background)
        );
    }
    for (owner, items) in scene.groups() {
        out.push_str(&group_open(owner, options.design));
        out.push('\n');
        for SceneItem { primitive, .. } in items {
            if !legible(primitive, scale, options.min_detail_px) {
                continue;
            }
            match primitive {
                // Dashes finer than a few pixels are grey noise and very slow to draw.
                Primitive::Polyline { points, stroke }
                    if stroke
                        .dash
                        .is_some_and(|[d, g]| (d + g) * scale < options.min_detail_px) =>
                {
                    let solid = Primitive::Polyline {
                        points: points.clone(),
                        stroke: Stroke {
                            dash: None,
                            ..*stroke
                        },
                    };
                    write_primitive(&mut out, &solid);
                }
                _ => write_primitive(&mut out, primitive),
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(12.5), "12.5");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("<a&\"'>"), "&lt;a&amp;&quot;&apos;&gt;");
    }
}
