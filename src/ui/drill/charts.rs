//! Charts over time with egui_plot: offered / served / failed QPS and latency, overall and for
//! the focused component, with a marker for each event, detection and failover.

use egui::{Color32, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints, VLine};

use super::DrillMode;
use crate::sim::drill::{MomentKind, NodeFlow, SecondSample};
use crate::ui::look::Look;

fn line<'a>(name: &str, points: Vec<[f64; 2]>, color: Color32) -> Line<'a> {
    Line::new(name.to_owned(), PlotPoints::from(points)).color(color)
}

/// The four QPS series of one chart (offered, served, failed, dropped), each a list of
/// `[t_s, qps]` points.
type QpsSeries = [Vec<[f64; 2]>; 4];

/// Draws offered / served / failed / dropped QPS in the theme's colours.
fn qps_lines(plot: &mut egui_plot::PlotUi<'_>, look: &Look, series: QpsSeries) {
    let [offered, served, failed, dropped] = series;
    plot.line(line("offered", offered, look.muted));
    plot.line(line("served", served, look.ok));
    plot.line(line("failed", failed, look.bad));
    plot.line(line("dropped", dropped, look.warn));
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
    let look = Look::new(ui.visuals().dark_mode);
    let pick = |f: fn(&SecondSample) -> f64| -> Vec<[f64; 2]> {
        series.iter().map(|s| [s.t_s, f(s)]).collect()
    };
    let markers = |plot_ui: &mut egui_plot::PlotUi<'_>| {
        for (t, kind) in &moments {
            let (name, color) = match kind {
                MomentKind::Event => ("event", look.muted),
                MomentKind::BackendDown | MomentKind::BackendUp => ("health check", look.warn),
                MomentKind::Promoted => ("failover", look.info),
                MomentKind::Alert => ("alert", look.spof),
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
                qps_lines(
                    p,
                    &look,
                    [
                        pick(|s| s.offered_qps),
                        pick(|s| s.served_qps),
                        pick(|s| s.failed_qps),
                        pick(|s| s.dropped_qps),
                    ],
                );
                markers(p);
            });
        b.label("Latency (ms)");
        Plot::new("drill-latency")
            .height(height)
            .include_y(0.0)
            .show(b, |p| {
                // Seconds with nothing served have no latency, and a saturated second's is
                // unbounded: both are gaps, not points at 0.
                let points: Vec<[f64; 2]> = series
                    .iter()
                    .filter(|s| s.served_qps > 0.0 && s.latency_ms.is_finite())
                    .map(|s| [s.t_s, s.latency_ms])
                    .collect();
                p.line(line("latency", points, look.encrypted));
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
                        qps_lines(
                            p,
                            &look,
                            [
                                pts(|n| n.offered_qps),
                                pts(|n| n.served_qps),
                                pts(|n| n.failed_qps),
                                pts(|n| n.dropped_qps),
                            ],
                        );
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
