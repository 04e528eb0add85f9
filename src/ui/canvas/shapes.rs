//! Converts the shared scene's primitives (`crate::scene`, the same ones image export writes)
//! into egui shapes in a view's frame. Text and icons are dropped when they would be unreadably
//! small, and dashes when zoomed far out, so a 5,000-component design stays cheap to draw.

use egui::epaint::RectShape;
use egui::{
    Color32, Context, CornerRadius, FontFamily, FontId, Painter, Pos2, Rect, Shape, Stroke,
    StrokeKind, pos2,
};

use egui::emath::GuiRounding as _;

use super::geometry::ViewTransform;
use crate::model::Point;
use crate::scene::{self, Primitive, TextAnchor};
use crate::ui::icons;

/// Below this zoom only boxes and lines carry information.
pub const FAR_ZOOM: f32 = 0.3;

pub use super::geometry::scene_rect as rect;
use crate::ui::look::color32 as color;

fn p2(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

fn stroke_of(s: &scene::Stroke, zoom: f32) -> Stroke {
    Stroke::new((s.width * zoom).max(0.6), color(s.color))
}

/// Appends the shapes of `items` seen through `view` to `out`. Returns `false` when something
/// could not be drawn yet (an icon whose texture is still loading).
pub fn push_shapes<'a>(
    ctx: &Context,
    painter: &Painter,
    view: ViewTransform,
    items: impl Iterator<Item = &'a Primitive>,
    out: &mut Vec<Shape>,
) -> bool {
    let far = view.zoom < FAR_ZOOM;
    let mut complete = true;
    for p in items {
        if far && !matches!(p, Primitive::Rect { .. } | Primitive::Polyline { .. }) {
            continue;
        }
        complete &= push_primitive(ctx, painter, view, p, far, out);
    }
    complete
}

fn push_primitive(
    ctx: &Context,
    painter: &Painter,
    view: ViewTransform,
    p: &Primitive,
    far: bool,
    out: &mut Vec<Shape>,
) -> bool {
    let z = view.zoom;
    match p {
        Primitive::Rect {
            rect: r,
            radius,
            fill,
            stroke,
        } => {
            let r = view.rect_to_screen(rect(*r));
            // Zoomed far out, bars and slivers thinner than a pixel and a half carry nothing,
            // and corners are too small to see.
            if far && (r.width() < 1.5 || r.height() < 1.5) {
                return true;
            }
            let corner = if far {
                CornerRadius::ZERO
            } else {
                CornerRadius::same((radius * z).round().clamp(0.0, 255.0) as u8)
            };
            let fill = if fill.a() > 0 {
                color(*fill)
            } else {
                Color32::TRANSPARENT
            };
            let stroke = stroke.as_ref().map_or(Stroke::NONE, |s| stroke_of(s, z));
            out.push(Shape::Rect(RectShape::new(
                r,
                corner,
                fill,
                stroke,
                StrokeKind::Middle,
            )));
        }
        Primitive::Polyline { points, stroke } => {
            let pts: Vec<Pos2> = points.iter().map(|p| view.to_screen(p2(*p))).collect();
            let s = stroke_of(stroke, z);
            match stroke.dash.filter(|_| !far) {
                Some([dash, gap]) => out.extend(Shape::dashed_line(
                    &pts,
                    s,
                    (dash * z).max(1.0),
                    (gap * z).max(1.0),
                )),
                None => out.push(Shape::line(pts, s)),
            }
        }
        Primitive::Polygon { points, fill } => {
            let pts: Vec<Pos2> = points.iter().map(|p| view.to_screen(p2(*p))).collect();
            out.push(Shape::convex_polygon(pts, color(*fill), Stroke::NONE));
        }
        Primitive::Circle {
            centre,
            radius,
            fill,
            stroke,
        } => {
            let c = view.to_screen(p2(*centre));
            if fill.a() > 0 {
                out.push(Shape::circle_filled(c, radius * z, color(*fill)));
            }
            if let Some(s) = stroke {
                out.push(Shape::circle_stroke(c, radius * z, stroke_of(s, z)));
            }
        }
        Primitive::Text {
            pos,
            text,
            size,
            color: c,
            anchor,
            bold,
        } => {
            let px = size * z;
            if px < 4.0 {
                return true;
            }
            let family = if *bold {
                FontFamily::Name("bold".into())
            } else {
                FontFamily::Proportional
            };
            let galley = painter.layout_no_wrap(text.clone(), FontId::new(px, family), color(*c));
            // The scene's position is on the baseline; egui places galleys by their top.
            let baseline = view.to_screen(p2(*pos));
            let ascent = galley
                .rows
                .first()
                .and_then(|r| r.row.glyphs.first().map(|g| r.pos.y + g.pos.y))
                .unwrap_or(px * 0.8);
            let x = match anchor {
                TextAnchor::Start => baseline.x,
                TextAnchor::Middle => baseline.x - galley.size().x / 2.0,
                TextAnchor::End => baseline.x - galley.size().x,
            };
            out.push(Shape::galley(
                pos2(x, baseline.y - ascent),
                galley,
                color(*c),
            ));
        }
        Primitive::Icon {
            name,
            rect: r,
            tint,
        } => {
            let r = view.rect_to_screen(rect(*r));
            if r.width() < 5.0 {
                return true;
            }
            match icon_shape(ctx, name, r, color(*tint)) {
                IconShape::Ready(shape) => out.push(shape),
                IconShape::Loading => return false,
                IconShape::Broken => {}
            }
        }
    }
    true
}

/// An icon's shape, or why there is none.
enum IconShape {
    Ready(Shape),
    /// The texture is still loading: draw again once it is there.
    Loading,
    /// The icon cannot be loaded: nothing will ever be drawn.
    Broken,
}

/// Texels of an icon's raster on the canvas, whatever the zoom: one texture per icon that
/// mipmapping scales down cleanly, and no new rasterisation while zooming.
const ICON_TEXELS: u32 = 96;

/// The bundled icon `name` drawn in `r` (screen), tinted.
fn icon_shape(ctx: &Context, name: &'static str, r: Rect, tint: Color32) -> IconShape {
    let r = r.round_to_pixels(ctx.pixels_per_point());
    let options = egui::TextureOptions::LINEAR.with_mipmap_mode(Some(egui::TextureFilter::Linear));
    let size = egui::load::SizeHint::Size {
        width: ICON_TEXELS,
        height: ICON_TEXELS,
        maintain_aspect_ratio: true,
    };
    match icons::canvas(name).load(ctx, options, size) {
        Ok(poll) => match poll.texture_id() {
            Some(texture) => {
                let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
                IconShape::Ready(Shape::image(texture, r, uv, tint))
            }
            None => IconShape::Loading,
        },
        Err(_) => IconShape::Broken,
    }
}
