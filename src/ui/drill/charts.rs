//! Charts over time with egui_plot: offered / served / failed QPS and latency, overall and for
//! the focused component, with a marker for each event, detection and failover.

use egui::{Color32, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints, VLine};

use super::DrillMode;
use crate::sim::drill::{MomentKind, NodeFlow, SecondSample};

fn line<'a>(name: &str, points: Vec<[f64; 2]>, color: Color32) -> Line<'a> {
    Line::new(name.to_owned(), PlotPoints::from(points)).color(color)
}

/// What the charts show: the per-second series, the timeline's markers, and the focused
/// node's per-second series.
type Shown<'a> = (
    &'a [SecondSample],
    Vec<(f64, MomentKind)>,
    Option<&'a [NodeFlow]>,
);

/// Shows the charts (overall QPS, latency, and the focused component's QPS).
pub fn charts_ui(ui: &mut Ui, mode: &DrillMode) {
    let (series, moments, node): Shown<'_> = match (mode.run(), mode.result.as_ref()) {
        (Some(run), _) => {
            // A server is charted at its entry service (where its requests arrive).
            let topo = run.topology();
            let focus = mode
                .focus
                .as_deref()
                .and_then(|id| topo.node(id))
                .map(|i| topo.arrival_node(i));
            let node = focus
                .and_then(|i| run.recorder().node_series.get(i))
                .map(Vec::as_slice);
            (
                &run.recorder().series,
                run.timeline().iter().map(|m| (m.t_s, m.kind)).collect(),
                node,
            )
        }
        (None, Some(r)) => {
            let node = mode
                .focus
                .as_ref()
                .and_then(|id| {
                    r.nodes
                        .get(id)
                        .filter(|s| s.iter().any(|n| n.offered_qps > 0.0))
                        .or_else(|| {
                            r.nodes
                                .iter()
                                .find(|(k, _)| {
                                    k.strip_prefix(id.as_str())
                                        .is_some_and(|x| x.starts_with('/'))
                                })
                                .map(|(_, v)| v)
                        })
                })
                .map(Vec::as_slice);
            (
                &r.series,
                r.timeline.iter().map(|m| (m.t_s, m.kind)).collect(),
                node,
            )
        }
        (None, None) => {
            ui.weak("Reset to start a drill.");
            return;
        }
    };
    let pick = |f: fn(&SecondSample) -> f64| -> Vec<[f64; 2]> {
        series.iter().map(|s| [s.t_s, f(s)]).collect()
    };
    let markers = |plot_ui: &mut egui_plot::PlotUi<'_>| {
        for (t, kind) in &moments {
            let (name, color) = match kind {
                MomentKind::Event => ("event", Color32::GRAY),
                MomentKind::BackendDown | MomentKind::BackendUp => {
                    ("health check", Color32::from_rgb(200, 140, 0))
                }
                MomentKind::Promoted => ("failover", Color32::from_rgb(0, 150, 200)),
                MomentKind::Alert => ("alert", Color32::from_rgb(160, 60, 200)),
                MomentKind::Silent => continue,
            };
            plot_ui.vline(VLine::new(name, *t).color(color));
        }
    };
    let height = 180.0;
    ui.columns(3, |cols| {
        let [a, b, c] = cols else { return };
        a.label("Overall QPS");
        Plot::new("drill-qps")
            .height(height)
            .legend(Legend::default())
            .include_y(0.0)
            .show(a, |p| {
                p.line(line("offered", pick(|s| s.offered_qps), Color32::GRAY));
                p.line(line(
                    "served",
                    pick(|s| s.served_qps),
                    Color32::from_rgb(40, 160, 70),
                ));
                p.line(line(
                    "failed",
                    pick(|s| s.failed_qps),
                    Color32::from_rgb(220, 50, 50),
                ));
                p.line(line(
                    "dropped",
                    pick(|s| s.dropped_qps),
                    Color32::from_rgb(230, 140, 30),
                ));
                markers(p);
            });
        b.label("Latency (ms)");
        Plot::new("drill-latency")
            .height(height)
            .include_y(0.0)
            .show(b, |p| {
                p.line(line(
                    "latency",
                    pick(|s| s.latency_ms),
                    Color32::from_rgb(60, 110, 220),
                ));
                markers(p);
            });
        match (mode.focus.as_deref(), node) {
            (Some(id), Some(node)) => {
                c.label(format!("{id} QPS"));
                let pts = |f: fn(&NodeFlow) -> f64| -> Vec<[f64; 2]> {
                    node.iter()
                        .enumerate()
                        .map(|(t, n)| [t as f64, f(n)])
                        .collect()
                };
                Plot::new("drill-node")
                    .height(height)
                    .legend(Legend::default())
                    .include_y(0.0)
                    .show(c, |p| {
                        p.line(line("offered", pts(|n| n.offered_qps), Color32::GRAY));
                        p.line(line(
                            "served",
                            pts(|n| n.served_qps),
                            Color32::from_rgb(40, 160, 70),
                        ));
                        p.line(line(
                            "failed",
                            pts(|n| n.failed_qps),
                            Color32::from_rgb(220, 50, 50),
                        ));
                        p.line(line(
                            "dropped",
                            pts(|n| n.dropped_qps),
                            Color32::from_rgb(230, 140, 30),
                        ));
                        markers(p);
                    });
            }
            (Some(id), None) => {
                c.weak(format!("{id}: no traffic recorded."));
            }
            (None, _) => {
                c.weak("Click a component to chart it here.");
            }
        }
    });
}
