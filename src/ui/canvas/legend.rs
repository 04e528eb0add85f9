//! The legend in the canvas corner: what each overlay mark means.

use egui::{Align2, Color32, Rect, Stroke, Ui, UiBuilder, vec2};

use super::paint::OverlayFlags;
use crate::ui::look::Look;

/// Shows the legend in the bottom-left corner of `canvas`.
pub fn legend_ui(ui: &mut Ui, canvas: Rect, look: &Look, flags: OverlayFlags) {
    let mut rows: Vec<(Mark, &str)> = Vec::new();
    if flags.spof {
        rows.push((Mark::Ring(look.spof), "SPOF (R = reads, W = writes)"));
    }
    if flags.tls {
        rows.push((Mark::Line(look.encrypted, false), "encrypted link"));
        rows.push((Mark::Line(look.plaintext, true), "plaintext after TLS ends"));
    }
    if flags.qps {
        rows.push((Mark::Dot(look.ok), "utilisation < 60 %"));
        rows.push((Mark::Dot(look.warn), "60–85 %"));
        rows.push((Mark::Dot(look.bad), "> 85 % or losing requests"));
    }
    if flags.exposure {
        rows.push((Mark::Pill(look.warn), "unmonitored machine"));
        rows.push((Mark::Pill(look.bad), "exposed to the Internet"));
    }
    if rows.is_empty() {
        return;
    }
    let size = vec2(210.0, 12.0 + 18.0 * rows.len() as f32);
    let rect = Align2::LEFT_BOTTOM.anchor_size(canvas.left_bottom() + vec2(10.0, -10.0), size);
    let mut child = ui.new_child(UiBuilder::new().max_rect(rect));
    egui::Frame::popup(child.style()).show(&mut child, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        for (mark, text) in rows {
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(vec2(22.0, 14.0), egui::Sense::hover());
                mark.paint(ui, r);
                ui.label(egui::RichText::new(text).small().color(look.text));
            });
        }
    });
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
