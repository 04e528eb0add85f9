//! The legend on the canvas: what each overlay mark means, listing only the marks that appear
//! on the design (no "BLOCKS" row when no firewall blocks anything). Where it goes is
//! [`super::legend_place`]'s job: never over a component.

use egui::{Color32, Id, Rect, Stroke, Ui, UiBuilder, Vec2, vec2};

use super::marks::Marks;
use super::paint::OverlayFlags;
use crate::model::{Design, KindTag, LinkPurpose};
use crate::theme::Theme;
use crate::ui::look::Look;

/// One row of the legend: a mark and what it means.
#[derive(Clone)]
pub struct Row {
    mark: Mark,
    /// What the mark means.
    pub text: String,
}

/// The legend's rows for the overlays that are on, each only when its mark appears on the
/// canvas (from the same marks the canvas draws).
pub fn rows(look: &Look, flags: OverlayFlags, design: &Design, marks: &Marks) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut row = |mark: Mark, text: &str| {
        rows.push(Row {
            mark,
            text: text.to_owned(),
        });
    };
    let nodes = || marks.nodes.values();
    if flags.spof {
        if nodes().any(|m| !m.spof.is_empty()) {
            row(Mark::Ring(look.spof), "SPOF (R = reads, W = writes)");
        }
        if nodes().any(|m| m.blocks) {
            row(
                Mark::Pill(look.spof),
                "BLOCKS: firewall drops needed traffic",
            );
        }
    }
    if flags.tls {
        let requests = |encrypted: bool| {
            design
                .links
                .iter()
                .any(|l| l.purpose == LinkPurpose::Request && l.encrypted() == encrypted)
        };
        if requests(true) {
            row(Mark::Line(look.encrypted, false), "encrypted link");
        }
        if requests(false) {
            row(Mark::Line(look.plaintext, true), "plaintext request link");
        }
    }
    if flags.qps {
        // Same thresholds as the scene and the `over-capacity` rule (one table, in the theme).
        let pct = |f: f64| (f * 100.0).round();
        let (amber, red) = (pct(Theme::UTILISATION_AMBER), pct(Theme::UTILISATION_RED));
        let level = |m: &super::marks::NodeMarks| {
            if m.lost_qps > 0.0 || m.utilization >= Theme::UTILISATION_RED {
                2
            } else if m.utilization >= Theme::UTILISATION_AMBER {
                1
            } else {
                0
            }
        };
        let served: Vec<usize> = nodes()
            .filter(|m| m.served_qps.is_some())
            .map(level)
            .collect();
        if served.contains(&0) {
            row(Mark::Dot(look.ok), &format!("utilisation < {amber} %"));
        }
        if served.contains(&1) {
            row(
                Mark::Dot(look.warn),
                &format!("utilisation {amber}–{red} %"),
            );
        }
        if served.contains(&2) {
            row(
                Mark::Dot(look.bad),
                &format!("≥ {red} % or losing requests"),
            );
        }
    }
    // The data-tier kinds present, with what each does to requests (`sim::request_end`).
    let theme = Theme::for_mode(if look.dark {
        crate::theme::ThemeMode::Dark
    } else {
        crate::theme::ThemeMode::Light
    });
    for (tag, meaning) in [
        (KindTag::Cdn, "CDN: static reads answered at the edge"),
        (
            KindTag::Cache,
            "cache: hits answered; down, reads go behind",
        ),
        (KindTag::Queue, "queue: writes accepted, applied later"),
        (
            KindTag::ObjectStorage,
            "object storage: static reads, uploads",
        ),
    ] {
        if design.components.iter().any(|c| c.tag() == tag) {
            let accent = crate::ui::look::color32(theme.node_accent(tag));
            row(Mark::Kind(tag, accent), meaning);
        }
    }
    if flags.exposure {
        if nodes().any(|m| m.unmonitored) {
            row(Mark::Pill(look.warn), "unmonitored machine");
        }
        if nodes().any(|m| m.exposed) {
            row(Mark::Pill(look.bad), "exposed to the Internet");
        }
    }
    rows
}

/// The size the legend of `rows` takes: as measured last frame (it depends on the font), a
/// first guess before.
pub fn size(ui: &Ui, rows: &[Row]) -> Vec2 {
    let guess = vec2(210.0, 16.0 + 20.0 * rows.len() as f32);
    ui.ctx()
        .data(|d| d.get_temp(size_id(rows)))
        .unwrap_or(guess)
}

fn size_id(rows: &[Row]) -> Id {
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    Id::new(("canvas-legend-size", texts))
}

/// Shows the legend of `rows` in `rect` (from [`size`], placed by the caller).
pub fn legend_ui(ui: &mut Ui, rect: Rect, look: &Look, rows: &[Row]) {
    if rows.is_empty() {
        return;
    }
    let size = rect.size();
    let id = size_id(rows);
    let mut child = ui.new_child(UiBuilder::new().max_rect(rect));
    let shown = egui::Frame::popup(child.style()).show(&mut child, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        for row in rows {
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(vec2(22.0, 14.0), egui::Sense::hover());
                row.mark.paint(ui, r);
                ui.label(egui::RichText::new(&row.text).small().color(look.text));
            });
        }
    });
    let measured = shown.response.rect.size();
    if (measured - size).length() > 0.5 {
        ui.ctx().data_mut(|d| d.insert_temp(id, measured));
        ui.ctx().request_repaint();
    }
}

#[derive(Clone, Copy)]
enum Mark {
    Ring(Color32),
    Line(Color32, bool),
    Dot(Color32),
    Pill(Color32),
    Kind(KindTag, Color32),
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
            Self::Kind(tag, c) => {
                let square = Rect::from_center_size(r.center(), vec2(14.0, 14.0));
                egui::Image::new(crate::ui::icons::kind(tag))
                    .tint(c)
                    .paint_at(ui, square);
            }
        }
    }
}
