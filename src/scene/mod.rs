//! The picture of a design as a flat list of drawing primitives: what the canvas paints and
//! what SVG and PNG export write. Built from a design, an optional analysis (for overlays) and
//! [`SceneOptions`]; pure and deterministic. Nothing here knows about egui or files.
//!
//! For the canvas:
//! - build once per change of design, analysis or options with [`build_scene`] (use
//!   `title: false, legend: false`), then paint [`Scene::groups`] in order, or one owner at a
//!   time with [`Scene::items_of`] (`SceneItemOwner::Component(id)` / `Link(index)`);
//! - text positions are baselines (top = `pos.y - text::ASCENT_EM * size`), sizes are in
//!   canvas units (multiply by zoom); icons come from `export::icons::tinted_icon_svg`;
//! - hit-test with [`node_rect`] / [`service_row_rect`] and [`LinkPath::distance_to`] on
//!   [`link_paths`].

mod build;
pub mod compare;
pub mod geometry;
mod index;
mod legend;
mod marks;
mod note;
pub mod text;
mod zone;

use std::collections::BTreeSet;

pub use build::build_scene;
pub use geometry::{LinkPath, Rect, link_paths, node_rect, node_size, service_row_rect};
pub use index::RectIndex;
pub use marks::{Marks, marks_from_analysis};
pub use note::{note_lines, note_rect};
pub use zone::{innermost_zone_at, zone_depths, zone_label_rect, zone_paint_order, zone_rect};

use crate::model::{ComponentId, Point};
use crate::theme::{Rgba, Theme};

/// Which analysis overlays to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Overlays {
    /// Single points of failure: red ring and "SPOF" badge.
    pub spof: bool,
    /// Where TLS terminates; plaintext request links red and dashed.
    pub tls: bool,
    /// Served QPS and utilisation per component; link width by traffic.
    pub qps: bool,
    /// Unmonitored machines and Internet exposure.
    pub monitoring: bool,
}

impl Overlays {
    /// Every overlay on.
    pub const ALL: Self = Self {
        spof: true,
        tls: true,
        qps: true,
        monitoring: true,
    };
    /// No overlay.
    pub const NONE: Self = Self {
        spof: false,
        tls: false,
        qps: false,
        monitoring: false,
    };

    /// Whether any overlay is on.
    pub fn any(self) -> bool {
        self.spof || self.tls || self.qps || self.monitoring
    }
}

impl Default for Overlays {
    fn default() -> Self {
        Self::ALL
    }
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneOptions {
    /// Analysis overlays.
    pub overlays: Overlays,
    /// Colours and sizes.
    pub theme: Theme,
    /// Draw only these components (and links between them); `None` draws everything.
    pub selection: Option<BTreeSet<ComponentId>>,
    /// Draw the design's name and domain above the diagram.
    pub title: bool,
    /// Draw a legend of the marks that are on.
    pub legend: bool,
}

impl Default for SceneOptions {
    fn default() -> Self {
        Self {
            overlays: Overlays::ALL,
            theme: Theme::light(),
            selection: None,
            title: true,
            legend: true,
        }
    }
}

/// How text is placed horizontally relative to its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextAnchor {
    /// The position is the left end.
    Start,
    /// The position is the centre.
    Middle,
    /// The position is the right end.
    End,
}

/// A stroke: colour, width and optional dash pattern (dash, gap).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub color: Rgba,
    /// Width in canvas units.
    pub width: f32,
    /// Dash and gap lengths, or `None` for a solid line.
    pub dash: Option<[f32; 2]>,
}

impl Stroke {
    /// A solid stroke.
    pub fn solid(color: Rgba, width: f32) -> Self {
        Self {
            color,
            width,
            dash: None,
        }
    }
}

/// One drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Primitive {
    /// A rounded rectangle.
    Rect {
        /// Where.
        rect: Rect,
        /// Corner radius.
        radius: f32,
        /// Fill (transparent for none).
        fill: Rgba,
        /// Border, if any.
        stroke: Option<Stroke>,
    },
    /// An open polyline.
    Polyline {
        /// At least two points.
        points: Vec<Point>,
        /// Line style.
        stroke: Stroke,
    },
    /// A filled polygon (arrow heads).
    Polygon {
        /// Corners.
        points: Vec<Point>,
        /// Fill.
        fill: Rgba,
    },
    /// A circle.
    Circle {
        /// Centre.
        centre: Point,
        /// Radius.
        radius: f32,
        /// Fill (transparent for none).
        fill: Rgba,
        /// Border, if any.
        stroke: Option<Stroke>,
    },
    /// One line of text; `pos` is on the baseline.
    Text {
        /// Baseline point (left end, centre or right end by `anchor`).
        pos: Point,
        /// The text.
        text: String,
        /// Font size in canvas units.
        size: f32,
        /// Colour.
        color: Rgba,
        /// Horizontal placement.
        anchor: TextAnchor,
        /// Bold face.
        bold: bool,
    },
    /// One of the bundled 24×24 stroke icons, tinted.
    Icon {
        /// Icon name: a `KindTag::key()`, a `ServiceKind::key()`, or `lock_closed`,
        /// `lock_open`, `warning`, `error`, `info`.
        name: &'static str,
        /// Where it is drawn (square).
        rect: Rect,
        /// Stroke colour.
        tint: Rgba,
    },
}

impl Primitive {
    /// The area the primitive covers (text measured with the bundled font).
    pub fn bounds(&self) -> Rect {
        match self {
            Self::Rect { rect, stroke, .. } => rect.expand(stroke.map_or(0.0, |s| s.width / 2.0)),
            Self::Polyline { points, stroke } => points_bounds(points).expand(stroke.width / 2.0),
            Self::Polygon { points, .. } => points_bounds(points),
            Self::Circle {
                centre,
                radius,
                stroke,
                ..
            } => Rect::from_centre(
                *centre,
                crate::model::Size {
                    w: 2.0 * radius,
                    h: 2.0 * radius,
                },
            )
            .expand(stroke.map_or(0.0, |s| s.width / 2.0)),
            Self::Text {
                pos,
                text,
                size,
                anchor,
                bold,
                ..
            } => {
                let w = text::text_width(text, *size, *bold);
                let x = match anchor {
                    TextAnchor::Start => pos.x,
                    TextAnchor::Middle => pos.x - w / 2.0,
                    TextAnchor::End => pos.x - w,
                };
                Rect {
                    min: Point::new(x, pos.y - size * 0.95),
                    max: Point::new(x + w, pos.y + size * 0.25),
                }
            }
            Self::Icon { rect, .. } => *rect,
        }
    }
}

fn points_bounds(points: &[Point]) -> Rect {
    let mut it = points.iter();
    let Some(first) = it.next() else {
        return Rect::default();
    };
    it.fold(
        Rect {
            min: *first,
            max: *first,
        },
        |r, p| Rect {
            min: Point::new(r.min.x.min(p.x), r.min.y.min(p.y)),
            max: Point::new(r.max.x.max(p.x), r.max.y.max(p.y)),
        },
    )
}

/// What a primitive belongs to, so SVG can group it and the canvas can paint and hit-test
/// per component or link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SceneItemOwner {
    /// A component (its box, texts, icons and overlay badges).
    Component(ComponentId),
    /// The link at this index in `Design::links` (line, arrow, label).
    Link(usize),
    /// The text note at this index in `Design::notes`.
    Note(usize),
    /// A zone (rack, availability zone, region), by id: its container and label.
    Zone(ComponentId),
    /// The legend.
    Legend,
    /// The title.
    Title,
    /// Compare mode's marks: what a newer version added, changed or removed.
    Compare,
}

/// One primitive and what it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneItem {
    /// Owner.
    pub owner: SceneItemOwner,
    /// What to draw.
    pub primitive: Primitive,
}

/// The whole picture: primitives in paint order, grouped by owner (all primitives of one owner
/// are contiguous). Zones come first (outer ones before the zones inside them), then text
/// notes, links, components, title and legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Primitives in paint order.
    pub items: Vec<SceneItem>,
    /// Background colour of the theme.
    pub background: Rgba,
}

impl Scene {
    /// The area every primitive covers (a 1×1 rectangle at the origin when empty).
    pub fn bounds(&self) -> Rect {
        let mut it = self.items.iter().map(|i| i.primitive.bounds());
        let Some(first) = it.next() else {
            return Rect::from_min_size(Point::new(0.0, 0.0), 1.0, 1.0);
        };
        it.fold(first, |a, b| a.union(&b))
    }

    /// The primitives of one owner, in paint order.
    pub fn items_of<'a>(
        &'a self,
        owner: &'a SceneItemOwner,
    ) -> impl Iterator<Item = &'a Primitive> + 'a {
        self.items
            .iter()
            .filter(move |i| &i.owner == owner)
            .map(|i| &i.primitive)
    }

    /// Runs of consecutive items with the same owner, in paint order (for grouping).
    pub fn groups(&self) -> Vec<(&SceneItemOwner, &[SceneItem])> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.items.len() {
            let boundary = match (self.items.get(i), self.items.get(start)) {
                (Some(a), Some(b)) => a.owner != b.owner,
                _ => true,
            };
            if boundary {
                if let (Some(slice), Some(first)) =
                    (self.items.get(start..i), self.items.get(start))
                    && !slice.is_empty()
                {
                    out.push((&first.owner, slice));
                }
                start = i;
            }
        }
        out
    }
}
