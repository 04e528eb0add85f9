//! What drill mode changes on the canvas: the current tick as an [`Analysis`] for the scene
//! (live QPS labels and link widths, red where requests are lost), and failed components
//! greyed and crossed out on top of the scene; a failed zone gets a red dashed border.

use egui::{Color32, CornerRadius, Painter, Stroke, vec2};

use super::super::canvas::geometry::{ViewTransform, node_rect, scene_rect};
use super::super::canvas::marks::Marks;
use super::super::look::Look;
use crate::model::Design;
use crate::sim::drill::DrillRun;
use crate::sim::{Analysis, Finding};

/// What the canvas shows of the run's current tick: the static `findings` with the tick's
/// traffic (the same report `check` builds), and the overlay marks of that traffic with the
/// failed components.
pub fn view_of(design: &Design, run: &DrillRun, findings: &[Finding]) -> (Analysis, Marks) {
    let analysis = Analysis {
        findings: findings.to_vec(),
        traffic: run.traffic_report(),
    };
    // From the same analysis the scene draws, so the legend lists what the canvas shows.
    let mut marks = Marks::new(design, &analysis);
    for (ci, c) in design.components.iter().enumerate() {
        let failed = !run.component_up(ci) || run.is_failed(c.id.as_str());
        if failed {
            marks.nodes.entry(c.id.to_string()).or_default().failed = true;
        }
    }
    // A failed zone is marked too (its border and label), besides its greyed members.
    for z in &design.zones {
        if run.is_failed(z.id.as_str()) {
            marks.nodes.entry(z.id.to_string()).or_default().failed = true;
        }
    }
    (analysis, marks)
}

/// Greys every component `marks` says is failed and crosses it out.
pub fn paint_failed(
    painter: &Painter,
    view: ViewTransform,
    design: &Design,
    marks: &Marks,
    look: &Look,
) {
    let z = view.zoom;
    let veil = if look.dark {
        Color32::from_black_alpha(150)
    } else {
        Color32::from_white_alpha(170)
    };
    let stroke = Stroke::new(3.0 * z.max(0.5), look.bad);
    for c in &design.components {
        if !marks.node(c.id.as_str()).is_some_and(|m| m.failed) {
            continue;
        }
        let r = view.rect_to_screen(node_rect(c));
        painter.rect_filled(r, CornerRadius::same(4), veil);
        let centre = r.center();
        let d = 0.25 * r.height().min(r.width());
        painter.line_segment([centre + vec2(-d, -d), centre + vec2(d, d)], stroke);
        painter.line_segment([centre + vec2(-d, d), centre + vec2(d, -d)], stroke);
    }
    for zone in &design.zones {
        if !marks.node(zone.id.as_str()).is_some_and(|m| m.failed) {
            continue;
        }
        let r = view.rect_to_screen(scene_rect(crate::scene::zone_rect(zone)));
        let label = view.rect_to_screen(scene_rect(crate::scene::zone_label_rect(
            zone,
            &super::super::canvas::geometry::metrics(),
        )));
        let outline = [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
            r.left_top(),
        ];
        painter.extend(egui::Shape::dashed_line(
            &outline,
            Stroke::new(2.5 * z.max(0.5), look.bad),
            10.0,
            6.0,
        ));
        // A cross just after the label, which stays readable.
        let d = 0.3 * label.height();
        let centre = label.right_center() + vec2(d + 4.0, 0.0);
        painter.line_segment([centre + vec2(-d, -d), centre + vec2(d, d)], stroke);
        painter.line_segment([centre + vec2(-d, d), centre + vec2(d, -d)], stroke);
    }
}
