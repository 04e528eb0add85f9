//! The legend in a canvas corner: what each overlay mark means. It sits in the corner where it
//! hides the least of the diagram (bottom left when that is free), so shrinking the canvas
//! (the drill panel opening) does not leave it over a component.

use egui::{Align2, Color32, Id, Rect, Stroke, Ui, UiBuilder, Vec2, vec2};

use super::paint::OverlayFlags;
use crate::ui::look::Look;

/// Gap between the legend and the canvas edges, points.
const MARGIN: f32 = 10.0;

/// Shows the legend in the corner of `canvas` that overlaps the fewest of `nodes` (screen
/// rectangles of the components), bottom left first on ties; the top-left corner is skipped
/// when `top_left_taken` (the drill's heat legend is there).
pub fn legend_ui(
    ui: &mut Ui,
    canvas: Rect,
    look: &Look,
    flags: OverlayFlags,
    nodes: impl Iterator<Item = Rect> + Clone,
    top_left_taken: bool,
) {
    let mut rows: Vec<(Mark, &str)> = Vec::new();
    if flags.spof {
        rows.push((Mark::Ring(look.spof), "SPOF (R = reads, W = writes)"));
        rows.push((
            Mark::Pill(look.spof),
            "BLOCKS: firewall drops needed traffic",
        ));
    }
    if flags.tls {
        rows.push((Mark::Line(look.encrypted, false), "encrypted link"));
        rows.push((Mark::Line(look.plaintext, true), "plaintext request link"));
    }
    // Same thresholds as the scene and the `over-capacity` rule (one table, in the theme).
    let pct = |f: f64| (f * 100.0).round();
    let (amber, red) = (
        pct(crate::theme::Theme::UTILISATION_AMBER),
        pct(crate::theme::Theme::UTILISATION_RED),
    );
    let util_rows = [
        format!("utilisation < {amber} %"),
        format!("{amber}–{red} %"),
        format!("≥ {red} % or losing requests"),
    ];
    if flags.qps {
        rows.push((Mark::Dot(look.ok), &util_rows[0]));
        rows.push((Mark::Dot(look.warn), &util_rows[1]));
        rows.push((Mark::Dot(look.bad), &util_rows[2]));
    }
    if flags.exposure {
        rows.push((Mark::Pill(look.warn), "unmonitored machine"));
        rows.push((Mark::Pill(look.bad), "exposed to the Internet"));
    }
    if rows.is_empty() {
        return;
    }
    // The size the legend took last frame (rows depend on the font): a first guess before.
    let size_id = Id::new("canvas-legend-size");
    let guess = vec2(210.0, 16.0 + 20.0 * rows.len() as f32);
    let size: Vec2 = ui.ctx().data(|d| d.get_temp(size_id)).unwrap_or(guess);
    let rect = best_corner(canvas, size, nodes, top_left_taken);
    let mut child = ui.new_child(UiBuilder::new().max_rect(rect));
    let shown = egui::Frame::popup(child.style()).show(&mut child, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        for (mark, text) in rows {
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(vec2(22.0, 14.0), egui::Sense::hover());
                mark.paint(ui, r);
                ui.label(egui::RichText::new(text).small().color(look.text));
            });
        }
    });
    let measured = shown.response.rect.size();
    if (measured - size).length() > 0.5 {
        ui.ctx().data_mut(|d| d.insert_temp(size_id, measured));
        ui.ctx().request_repaint();
    }
}

/// The rectangle of a `size` legend in the corner of `canvas` that covers the least area of
/// `nodes`: bottom left, bottom right, top right, top left (unless `top_left_taken`), the
/// first of equal ones.
fn best_corner(
    canvas: Rect,
    size: Vec2,
    nodes: impl Iterator<Item = Rect> + Clone,
    top_left_taken: bool,
) -> Rect {
    let corners = [
        (
            Align2::LEFT_BOTTOM,
            canvas.left_bottom() + vec2(MARGIN, -MARGIN),
        ),
        (
            Align2::RIGHT_BOTTOM,
            canvas.right_bottom() + vec2(-MARGIN, -MARGIN),
        ),
        (
            Align2::RIGHT_TOP,
            canvas.right_top() + vec2(-MARGIN, MARGIN),
        ),
        (Align2::LEFT_TOP, canvas.left_top() + vec2(MARGIN, MARGIN)),
    ];
    let covered = |r: Rect| -> f32 {
        nodes
            .clone()
            .map(|n| {
                let i = n.intersect(r);
                if i.is_positive() { i.area() } else { 0.0 }
            })
            .sum()
    };
    let mut best: Option<(f32, Rect)> = None;
    for (align, at) in corners {
        if top_left_taken && align == Align2::LEFT_TOP {
            continue;
        }
        let r = align.anchor_size(at, size);
        let area = covered(r);
        if best.is_none_or(|(a, _)| area < a) {
            best = Some((area, r));
        }
    }
    best.map_or_else(
        || Align2::LEFT_BOTTOM.anchor_size(canvas.left_bottom() + vec2(MARGIN, -MARGIN), size),
        |(_, r)| r,
    )
}

#[derive(Clone, Copy)]
enum Mark {
    Ring(Color32),
    Line(Color32, bool),
    Dot(Color32),
    Pill(Color32),
}

impl Mark {
    fn paint(self, ui: &Ui, r: Rect) {
        let p = ui.painter();
        match self {
            Self::Ring(c) => {
                p.rect_stroke(
                    r.shrink(1.0),
                    3.0,
                    Stroke::new(2.0, c),
                    egui::StrokeKind::Inside,
                );
            }
            Self::Line(c, dashed) => {
                let a = r.left_center();
                let b = r.right_center();
                if dashed {
                    p.extend(egui::Shape::dashed_line(
                        &[a, b],
                        Stroke::new(2.0, c),
                        5.0,
                        3.0,
                    ));
                } else {
                    p.line_segment([a, b], Stroke::new(2.0, c));
                }
            }
            Self::Dot(c) => {
                p.circle_filled(r.center(), 4.5, c);
            }
            Self::Pill(c) => {
                p.rect_filled(r.shrink2(vec2(1.0, 3.0)), 5.0, c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    const CANVAS: Rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 600.0));
    const SIZE: Vec2 = vec2(200.0, 150.0);

    #[test]
    fn an_empty_corner_is_preferred_bottom_left_first() {
        let none: [Rect; 0] = [];
        let r = best_corner(CANVAS, SIZE, none.iter().copied(), false);
        assert_eq!(r.left_bottom(), pos2(MARGIN, 600.0 - MARGIN));
        assert_eq!(r.size(), SIZE);
    }

    #[test]
    fn the_legend_moves_off_the_components_it_would_hide() {
        // A component in the bottom-left corner (as "Users" once the drill panel opens).
        let users = Rect::from_min_size(pos2(20.0, 500.0), vec2(120.0, 60.0));
        let r = best_corner(CANVAS, SIZE, [users].into_iter(), false);
        assert_eq!(r.right_bottom(), pos2(1000.0 - MARGIN, 600.0 - MARGIN));
        // Both bottom corners taken: the top right.
        let right = Rect::from_min_size(pos2(850.0, 480.0), vec2(120.0, 60.0));
        let r = best_corner(CANVAS, SIZE, [users, right].into_iter(), false);
        assert_eq!(r.right_top(), pos2(1000.0 - MARGIN, MARGIN));
        // Three corners taken and the top left reserved for the heat legend: the least
        // covered of the other three.
        let top_right = Rect::from_min_size(pos2(900.0, 20.0), vec2(60.0, 20.0));
        let r = best_corner(CANVAS, SIZE, [users, right, top_right].into_iter(), true);
        assert_eq!(r.right_top(), pos2(1000.0 - MARGIN, MARGIN));
        let r = best_corner(CANVAS, SIZE, [users, right, top_right].into_iter(), false);
        assert_eq!(r.left_top(), pos2(MARGIN, MARGIN));
    }
}
