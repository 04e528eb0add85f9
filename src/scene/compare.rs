//! The comparison of two designs drawn over the new one, for the canvas's compare mode and the
//! comparison export alike: what the new design added outlined in green, what it changed in
//! amber, and what it removed as red ghosts where the old design had it (dashed boxes and
//! links). Each mark carries a small badge saying which, so the picture reads without colour.

use std::collections::BTreeSet;

use super::build::badge;
use super::geometry::{Rect, link_paths, node_rect_with};
use super::{Primitive, Scene, SceneItem, SceneItemOwner, SceneOptions, Stroke, TextAnchor};
use crate::diff::{ChangeKind, DesignDiff, link_ids};
use crate::model::{Design, Point};
use crate::sim::Analysis;
use crate::theme::{Rgba, Theme};

/// Gap between a box and its compare outline.
const OUTLINE_GAP: f32 = 5.0;

/// The compare marks: `under` goes below the new design's picture (ghosts of what was
/// removed), `over` on top of it (outlines and badges of what was added or changed).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareMarks {
    /// Ghosts of removed components and links.
    pub under: Vec<SceneItem>,
    /// Outlines of added and changed components and links, with their badges.
    pub over: Vec<SceneItem>,
}

fn item(primitive: Primitive) -> SceneItem {
    SceneItem {
        owner: SceneItemOwner::Compare,
        primitive,
    }
}

/// The ids of `items` with change `kind`.
fn ids_of(items: &[crate::diff::ItemChange], kind: ChangeKind) -> BTreeSet<&str> {
    items
        .iter()
        .filter(|i| i.change == kind)
        .map(|i| i.id.as_str())
        .collect()
}

/// A box outline `gap` outside `rect`, with a badge on its top-left corner.
fn outlined(rect: &Rect, colour: Rgba, dashed: bool, label: &str, theme: &Theme) -> Vec<Primitive> {
    let outline = rect.expand(OUTLINE_GAP);
    let mut prims = vec![Primitive::Rect {
        rect: outline,
        radius: theme.metrics.node_radius_px + OUTLINE_GAP,
        fill: if dashed {
            colour.with_alpha(28)
        } else {
            Rgba::TRANSPARENT
        },
        stroke: Some(Stroke {
            color: colour,
            width: 2.5,
            dash: dashed.then_some([7.0, 4.0]),
        }),
    }];
    let (_, b) = badge(
        outline.min.x,
        outline.min.y,
        false,
        label,
        colour,
        theme.palette.badge_text,
        theme,
    );
    prims.extend(b);
    prims
}

/// A link drawn again along `points` in `colour`.
fn link_line(points: &[Point], colour: Rgba, dashed: bool) -> Primitive {
    Primitive::Polyline {
        points: points.to_vec(),
        stroke: Stroke {
            color: colour.with_alpha(if dashed { 200 } else { 150 }),
            width: 4.0,
            dash: dashed.then_some([8.0, 5.0]),
        },
    }
}

/// The compare marks of `diff` (from `old` to `new`) in `theme`'s colours.
pub fn compare_marks(old: &Design, new: &Design, diff: &DesignDiff, theme: &Theme) -> CompareMarks {
    let (m, p) = (&theme.metrics, &theme.palette);
    let model = &diff.model;
    let mut out = CompareMarks::default();

    // Ghosts: removed links, then removed boxes with their names. A removed link between
    // components still there runs between where they are now.
    let mut placed = old.clone();
    for c in &mut placed.components {
        if let Some(now) = new.component(c.id.as_str()) {
            c.position = now.position;
            c.size = now.size;
        }
    }
    let removed_links = ids_of(&model.links, ChangeKind::Removed);
    let old_paths = link_paths(&placed, m);
    for (id, path) in link_ids(old).iter().zip(&old_paths) {
        if let Some(path) = path
            && removed_links.contains(id.as_str())
        {
            out.under
                .push(item(link_line(&path.points, p.diff_removed, true)));
        }
    }
    let removed = ids_of(&model.components, ChangeKind::Removed);
    for c in old
        .components
        .iter()
        .filter(|c| removed.contains(c.id.as_str()))
    {
        let rect = node_rect_with(c, m);
        out.under.push(item(Primitive::Rect {
            rect,
            radius: m.node_radius_px,
            fill: p.diff_removed.with_alpha(22),
            stroke: Some(Stroke {
                color: p.diff_removed.with_alpha(170),
                width: 1.5,
                dash: Some([5.0, 4.0]),
            }),
        }));
        out.under.push(item(Primitive::Text {
            pos: Point::new(rect.centre().x, rect.centre().y + m.name_font_px * 0.36),
            text: c.name.clone(),
            size: m.name_font_px,
            color: p.diff_removed,
            anchor: TextAnchor::Middle,
            bold: false,
        }));
        out.under.extend(
            outlined(&rect, p.diff_removed, true, "− removed", theme)
                .into_iter()
                .map(item),
        );
    }

    // Links added or changed, along the new design's paths.
    let added_links = ids_of(&model.links, ChangeKind::Added);
    let changed_links = ids_of(&model.links, ChangeKind::Changed);
    let new_paths = link_paths(new, m);
    for (id, path) in link_ids(new).iter().zip(&new_paths) {
        let Some(path) = path else { continue };
        let colour = if added_links.contains(id.as_str()) {
            p.diff_added
        } else if changed_links.contains(id.as_str()) {
            p.diff_changed
        } else {
            continue;
        };
        out.over.push(item(link_line(&path.points, colour, false)));
    }

    // Boxes added, or changed (their own settings or a service on them).
    let added = ids_of(&model.components, ChangeKind::Added);
    let mut changed = ids_of(&model.components, ChangeKind::Changed);
    changed.extend(
        model
            .services
            .iter()
            .filter_map(|s| s.id.split_once('/').map(|(server, _)| server)),
    );
    for c in &new.components {
        let id = c.id.as_str();
        let (colour, label) = if added.contains(id) {
            (p.diff_added, "+ added")
        } else if changed.contains(id) {
            (p.diff_changed, "~ changed")
        } else {
            continue;
        };
        let rect = node_rect_with(c, m);
        out.over.extend(
            outlined(&rect, colour, false, label, theme)
                .into_iter()
                .map(item),
        );
    }
    out
}

/// The picture of a comparison for export: the new design with its overlays, the compare
/// marks, a title saying what is compared (`title`) and a key to the three colours.
pub fn compare_scene(
    old: &Design,
    new: &Design,
    new_analysis: Option<&Analysis>,
    diff: &DesignDiff,
    options: &SceneOptions,
    title: &str,
) -> Scene {
    let theme = &options.theme;
    let (m, p) = (&theme.metrics, &theme.palette);
    let base = super::build_scene(
        new,
        new_analysis,
        &SceneOptions {
            title: false,
            legend: false,
            selection: None,
            ..options.clone()
        },
    );
    let marks = compare_marks(old, new, diff, theme);
    let mut scene = Scene {
        items: marks.under,
        background: base.background,
    };
    scene.items.extend(base.items);
    scene.items.extend(marks.over);
    let diagram = scene.bounds();
    let top = diagram.min.y - 24.0;
    scene.items.push(SceneItem {
        owner: SceneItemOwner::Title,
        primitive: Primitive::Text {
            pos: Point::new(diagram.min.x, top - m.small_font_px - 8.0),
            text: title.to_owned(),
            size: m.title_font_px,
            color: p.text,
            anchor: TextAnchor::Start,
            bold: true,
        },
    });
    let mut x = diagram.min.x;
    for (colour, label) in [
        (p.diff_added, "+ added"),
        (p.diff_changed, "~ changed"),
        (p.diff_removed, "− removed"),
    ] {
        let (rect, prims) = badge(x, top, false, label, colour, p.badge_text, theme);
        scene
            .items
            .extend(prims.into_iter().map(|primitive| SceneItem {
                owner: SceneItemOwner::Legend,
                primitive,
            }));
        x = rect.max.x + 8.0;
    }
    scene
}
