//! What drill mode changes on the canvas: the current tick as an [`Analysis`] for the scene
//! (live QPS labels and link widths, red where requests are lost), and failed components
//! greyed and crossed out on top of the scene.

use egui::{Color32, CornerRadius, Painter, Stroke, vec2};

use super::super::canvas::geometry::{ViewTransform, node_rect};
use super::super::canvas::marks::Marks;
use super::super::look::Look;
use crate::model::{Design, LinkPurpose};
use crate::sim::drill::{DrillRun, FlowEngine};
use crate::sim::{
    Analysis, ClassTraffic, Finding, LinkTraffic, NodeTraffic, RequestClass, TrafficReport,
};

/// The static findings with the traffic of the run's current tick.
pub fn analysis_of(design: &Design, run: &DrillRun<FlowEngine>, findings: &[Finding]) -> Analysis {
    let topo = run.topology();
    let out = run.output();
    let alive = run.node_alive();
    let mut report = TrafficReport {
        offered_qps: out.offered_qps,
        served_qps: out.served_qps,
        dropped_qps: out.dropped_qps,
        failed_qps: out.failed_qps,
        ..TrafficReport::default()
    };
    for class in RequestClass::ALL {
        let c = out.class(class);
        report.classes.insert(
            class,
            ClassTraffic {
                offered_qps: c.offered_qps,
                served_qps: c.served_qps,
                latency_ms: c.latency_ms,
            },
        );
    }
    for (i, (n, f)) in topo.nodes.iter().zip(&out.nodes).enumerate() {
        let kind = n.service_kind.map_or_else(|| n.tag.key(), |k| k.key());
        report.nodes.push(
            &n.id,
            NodeTraffic {
                kind,
                offered_qps: f.offered_qps,
                served_qps: f.served_qps,
                dropped_qps: f.dropped_qps,
                failed_qps: f.failed_qps,
                utilization: f.utilization,
                latency_ms: f.latency_ms,
                down: !alive.get(i).copied().unwrap_or(true),
            },
        );
    }
    for (l, f) in topo.links.iter().zip(&out.links) {
        if l.purpose != LinkPurpose::Request {
            continue;
        }
        if l.design_index < design.links.len() {
            report.links.push(LinkTraffic {
                link: l.design_index,
                qps: f.qps,
                failed_qps: f.failed_qps,
            });
        }
    }
    Analysis {
        findings: findings.to_vec(),
        traffic: report,
    }
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
}
