//! Charts over time with egui_plot: offered / served / failed QPS and latency, overall and for
//! the focused component (or, with none focused, the queues' backlog when a queue accepts
//! writes), with a marker for each event, detection and failover.
//!
//! The x axis is simulated time in seconds. While a drill runs the charts follow the last
//! [`LIVE_WINDOW_S`] seconds; once it finished they frame what happened (the events, health
//! checks, failovers and alerts, with some time around them), so a short outage fills the
//! chart instead of being a sliver. The legend sits above each chart, never over the data.

use egui::{Color32, Ui};
use egui_plot::{Line, Plot, PlotPoints, VLine};

use super::DrillMode;
use crate::sim::drill::{MomentKind, NodeFlow, SecondSample};
use crate::ui::look::Look;

fn line<'a>(name: &str, points: Vec<[f64; 2]>, color: Color32) -> Line<'a> {
    Line::new(name.to_owned(), PlotPoints::from(points)).color(color)
}

/// How much of the past the charts show while a drill runs, seconds.
pub const LIVE_WINDOW_S: f64 = 120.0;

/// The narrowest time window a chart shows, seconds.
const MIN_SPAN_S: f64 = 20.0;

/// Time shown before the first and after the last moment of a finished drill, seconds (at
/// least; a quarter of the moments' span when that is longer).
const MOMENT_MARGIN_S: f64 = 10.0;

/// The time window the charts show, seconds: while running (`finished` false) the last
/// [`LIVE_WINDOW_S`] up to `now_s`; once finished, the moments `moment_s` with a margin
/// around them, within `[0, now_s]` (the whole run when nothing happened).
pub fn x_range_s(moment_s: &[f64], now_s: f64, finished: bool) -> (f64, f64) {
    let end_s = now_s.max(MIN_SPAN_S);
    if !finished {
        return ((end_s - LIVE_WINDOW_S).max(0.0), end_s);
    }
    let first = moment_s.iter().copied().fold(f64::INFINITY, f64::min);
    let last = moment_s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !first.is_finite() || !last.is_finite() {
        return (0.0, end_s);
    }
    let margin_s = MOMENT_MARGIN_S.max((last - first) / 4.0);
    let lo = (first - margin_s).max(0.0);
    let hi = (last + margin_s).max(lo + MIN_SPAN_S).min(end_s);
    ((hi - MIN_SPAN_S).max(0.0).min(lo), hi)
}

/// The end of the last second in which requests were dropped or failed or a queue held a
/// backlog: when the design had settled again (`None` if it never was disturbed).
pub fn settled_s(series: &[SecondSample]) -> Option<f64> {
    series
        .iter()
        .rev()
        .find(|s| s.dropped_qps > 0.0 || s.failed_qps > 0.0 || s.queue_backlog > 0.0)
        .map(|s| s.t_s + 1.0)
}

/// Runs of consecutive points `[t_s, latency_ms]` over the seconds that served something
/// with a finite latency: a second that served nothing, or whose latency is unbounded, is a
/// gap between runs, not a point at 0.
pub fn latency_runs(series: &[SecondSample]) -> Vec<Vec<[f64; 2]>> {
    let mut runs: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut open = false;
    for s in series {
        if s.served_qps > 0.0 && s.latency_ms.is_finite() {
            if !open {
                runs.push(Vec::new());
                open = true;
            }
            if let Some(run) = runs.last_mut() {
                run.push([s.t_s, s.latency_ms]);
            }
        } else {
            open = false;
        }
    }
    runs
}

/// A row of coloured names above a chart (the plot's own legend would cover the newest
/// data in its corner).
fn legend_row(ui: &mut Ui, entries: &[(&str, Color32)]) {
    ui.horizontal(|ui| {
        for (name, color) in entries {
            ui.label(
                egui::RichText::new(format!("━ {name}"))
                    .color(*color)
                    .small(),
            );
        }
    });
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
            let focus = mode.focus.as_deref().and_then(|id| run.graph().arrival(id));
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
    let (x_min, x_max) = mode
        .chart_x_range_s()
        .expect("a run or a result is there (checked above)");
    let height = 160.0;
    let plot = |id: &str| {
        Plot::new(id.to_owned())
            .height(height)
            // Rates and latencies are never negative: with no data yet the axis reads 0…1,
            // not an empty −10…10.
            .include_y(0.0)
            .include_y(1.0)
            .x_axis_label("time (s)")
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
    };
    let qps_legend = [
        ("offered", look.muted),
        ("served", look.ok),
        ("failed", look.bad),
        ("dropped", look.warn),
    ];
    ui.columns(3, |cols| {
        let [a, b, c] = cols else { return };
        a.label("Overall QPS over time (s)");
        legend_row(a, &qps_legend);
        plot("drill-qps").show(a, |p| {
            p.set_plot_bounds_x(x_min..=x_max);
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
        b.label("Latency (ms) over time (s)");
        legend_row(
            b,
            &[
                ("latency of served requests", look.encrypted),
                ("event", look.muted),
                ("health check", look.warn),
                ("failover", look.info),
                ("alert", look.spof),
            ],
        );
        plot("drill-latency").show(b, |p| {
            p.set_plot_bounds_x(x_min..=x_max);
            // Seconds with nothing served have no latency, and a saturated second's is
            // unbounded: both are gaps between lines, not points at 0.
            for run in latency_runs(series) {
                p.line(line("latency", run, look.encrypted));
            }
            markers(p);
        });
        match (mode.focus.as_deref(), node) {
            (Some(id), Some(node)) => {
                c.label(format!("{id} QPS over time (s)"));
                legend_row(c, &qps_legend);
                let pts = |f: fn(&NodeFlow) -> f64| -> Vec<[f64; 2]> {
                    node.iter()
                        .enumerate()
                        .map(|(t, n)| [t as f64, f(n)])
                        .collect()
                };
                plot("drill-node").show(c, |p| {
                    p.set_plot_bounds_x(x_min..=x_max);
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
            // With a queue accepting writes, its backlog: messages accepted, not yet applied.
            (None, _) if series.iter().any(|s| s.accepted_async_qps > 0.0) => {
                c.label("Queue backlog (messages) over time (s)");
                legend_row(c, &[("backlog", look.warn)]);
                plot("drill-backlog").show(c, |p| {
                    p.set_plot_bounds_x(x_min..=x_max);
                    p.line(line("backlog", pick(|s| s.queue_backlog), look.warn));
                    markers(p);
                });
                c.weak("Click a component to chart it instead.");
            }
            (None, _) => {
                c.weak("Click a component to chart it here.");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn second(t_s: f64, dropped_qps: f64, queue_backlog: f64) -> SecondSample {
        SecondSample {
            t_s,
            dropped_qps,
            queue_backlog,
            ..SecondSample::default()
        }
    }

    #[test]
    fn the_design_has_settled_after_its_last_drop_or_backlog() {
        let calm = [second(0.0, 0.0, 0.0), second(1.0, 0.0, 0.0)];
        assert_eq!(settled_s(&calm), None);
        let draining = [
            second(0.0, 5.0, 0.0),
            second(1.0, 0.0, 300.0),
            second(2.0, 0.0, 0.0),
        ];
        assert_eq!(settled_s(&draining), Some(2.0));
        // A finished drill's charts reach past the moments to that second.
        let (_, hi) = x_range_s(&[10.0, 20.0, 160.0], 300.0, true);
        assert!(hi >= 160.0);
    }
}
