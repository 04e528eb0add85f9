//! Paints the shared scene (`crate::scene`, the same primitives image export writes) on the
//! canvas: primitives are converted to egui shapes in the view's frame. The scene is rebuilt
//! only when the design, its geometry, the overlays or the theme change; each frame culls
//! per owner and drops text and icons when they would be unreadably small.

use egui::{
    Color32, CornerRadius, FontFamily, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Ui,
    pos2,
};

use super::geometry::ViewTransform;
use crate::model::{Design, Point};
use crate::scene::{self, Overlays, Primitive, Scene, SceneOptions, TextAnchor};
use crate::sim::Analysis;
use crate::theme::{Rgba, Theme, ThemeMode};
use crate::ui::icons;

/// What a cached scene was built from.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    revision: u64,
    geometry: u64,
    overlays: Overlays,
    dark: bool,
}

/// One group of primitives with one owner and its bounds (canvas units).
#[derive(Debug, Clone)]
struct Group {
    range: std::ops::Range<usize>,
    bounds: Rect,
}

/// The scene of the last design state, with per-owner bounds for culling.
#[derive(Debug, Default)]
pub struct SceneCache {
    key: Option<Key>,
    scene: Option<Scene>,
    groups: Vec<Group>,
    /// How many times the scene was built.
    pub builds: u64,
    /// Each component's box (canvas units), in design order: cached for hit-testing.
    pub rects: Vec<Rect>,
}

fn rect(r: scene::Rect) -> Rect {
    Rect::from_min_max(pos2(r.min.x, r.min.y), pos2(r.max.x, r.max.y))
}

fn color(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), c.a())
}

fn p2(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

impl SceneCache {
    /// Rebuilds if the inputs changed.
    pub fn refresh(
        &mut self,
        design: &Design,
        analysis: &Analysis,
        revision: u64,
        geometry: u64,
        overlays: Overlays,
        dark: bool,
    ) {
        let key = Key {
            revision,
            geometry,
            overlays,
            dark,
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let options = SceneOptions {
            overlays,
            theme: Theme::for_mode(if dark {
                ThemeMode::Dark
            } else {
                ThemeMode::Light
            }),
            selection: None,
            title: false,
            legend: false,
        };
        let scene = scene::build_scene(design, Some(analysis), &options);
        self.groups.clear();
        for (owner, slice) in scene.groups() {
            let _ = owner;
            let start = slice.as_ptr() as usize;
            let base = scene.items.as_ptr() as usize;
            let size = std::mem::size_of::<scene::SceneItem>().max(1);
            let from = (start - base) / size;
            let bounds = slice
                .iter()
                .map(|i| rect(i.primitive.bounds()))
                .reduce(|a, b| a.union(b))
                .unwrap_or(Rect::NOTHING);
            self.groups.push(Group {
                range: from..from + slice.len(),
                bounds,
            });
        }
        self.rects = design
            .components
            .iter()
            .map(super::geometry::node_rect)
            .collect();
        self.scene = Some(scene);
        self.key = Some(key);
        self.builds += 1;
    }

    /// Paints the visible part of the scene.
    pub fn paint(&self, ui: &Ui, painter: &Painter, view: ViewTransform, clip: Rect) {
        let Some(scene) = &self.scene else {
            return;
        };
        let visible = Rect::from_min_max(view.to_canvas(clip.min), view.to_canvas(clip.max));
        let mut shapes = Vec::new();
        for g in &self.groups {
            if !visible.intersects(g.bounds) {
                continue;
            }
            let far = view.zoom < 0.3;
            for item in scene.items.get(g.range.clone()).unwrap_or_default() {
                // Zoomed far out, only boxes and lines carry information.
                if far
                    && !matches!(
                        item.primitive,
                        Primitive::Rect { .. } | Primitive::Polyline { .. }
                    )
                {
                    continue;
                }
                primitive(ui, painter, view, &item.primitive, far, &mut shapes);
            }
        }
        painter.extend(shapes);
    }
}

fn stroke_of(s: &scene::Stroke, zoom: f32) -> Stroke {
    Stroke::new((s.width * zoom).max(0.6), color(s.color))
}

fn primitive(
    ui: &Ui,
    painter: &Painter,
    view: ViewTransform,
    p: &Primitive,
    far: bool,
    shapes: &mut Vec<Shape>,
) {
    let z = view.zoom;
    match p {
        Primitive::Rect {
            rect: r,
            radius,
            fill,
            stroke,
        } => {
            let r = view.rect_to_screen(rect(*r));
            let corner = CornerRadius::same((radius * z).round().clamp(0.0, 255.0) as u8);
            if fill.a() > 0 {
                shapes.push(Shape::rect_filled(r, corner, color(*fill)));
            }
            if let Some(s) = stroke {
                shapes.push(Shape::rect_stroke(
                    r,
                    corner,
                    stroke_of(s, z),
                    StrokeKind::Middle,
                ));
            }
        }
        Primitive::Polyline { points, stroke } => {
            let pts: Vec<Pos2> = points.iter().map(|p| view.to_screen(p2(*p))).collect();
            let s = stroke_of(stroke, z);
            match stroke.dash.filter(|_| !far) {
                Some([dash, gap]) => shapes.extend(Shape::dashed_line(
                    &pts,
                    s,
                    (dash * z).max(1.0),
                    (gap * z).max(1.0),
                )),
                None => shapes.push(Shape::line(pts, s)),
            }
        }
        Primitive::Polygon { points, fill } => {
            let pts: Vec<Pos2> = points.iter().map(|p| view.to_screen(p2(*p))).collect();
            shapes.push(Shape::convex_polygon(pts, color(*fill), Stroke::NONE));
        }
        Primitive::Circle {
            centre,
            radius,
            fill,
            stroke,
        } => {
            let c = view.to_screen(p2(*centre));
            if fill.a() > 0 {
                shapes.push(Shape::circle_filled(c, radius * z, color(*fill)));
            }
            if let Some(s) = stroke {
                shapes.push(Shape::circle_stroke(c, radius * z, stroke_of(s, z)));
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
                return;
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
            let top_left_y = baseline.y - ascent;
            let x = match anchor {
                TextAnchor::Start => baseline.x,
                TextAnchor::Middle => baseline.x - galley.size().x / 2.0,
                TextAnchor::End => baseline.x - galley.size().x,
            };
            shapes.push(Shape::galley(pos2(x, top_left_y), galley, color(*c)));
        }
        Primitive::Icon {
            name,
            rect: r,
            tint,
        } => {
            let r = view.rect_to_screen(rect(*r));
            if r.width() < 5.0 {
                return;
            }
            // Images paint through the ui (texture loading); flush what is queued first to keep
            // paint order.
            painter.extend(std::mem::take(shapes));
            egui::Image::new(icons::named(name))
                .tint(color(*tint))
                .paint_at(ui, r);
        }
    }
}
