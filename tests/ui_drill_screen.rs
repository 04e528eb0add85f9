//! The drill screen as a person meets it (issue 18, items 3 and 9), driven through eframe's
//! own `App::logic` + `App::ui` with egui_kittest: a drag in drill mode fails nothing, a click
//! fails or restores through a drill command, the clock runs in `logic`; after the end the
//! clock, the chart window, legend, units, latency gaps, verdict, predictions, the tab
//! buttons and the status bar read right. Assertions are on the app state and AccessKit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

use egui::{Event, Modifiers, PointerButton, Pos2, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use infraboard::io::templates::reference_design;
use infraboard::sim::drill::MomentKind;
use infraboard::ui::command::DrillTarget;
use infraboard::ui::drill::charts::latency_runs;
use infraboard::ui::{Command, InfraboardApp, Settings};

/// The real app through eframe's trait: kittest calls `App::logic`, then `App::ui`.
fn harness() -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(reference_design().unwrap(), None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .build_eframe(|_cc| app);
    h.run_steps(3);
    h
}

fn button(h: &mut Harness<'_, InfraboardApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

fn click_at(h: &mut Harness<'_, InfraboardApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    button(h, pos, true);
    button(h, pos, false);
    h.run_steps(2);
}

/// Presses at `from`, moves in steps to `to`, releases there.
fn drag(h: &mut Harness<'_, InfraboardApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    button(h, from, true);
    h.step();
    for i in 1..=8 {
        h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 8.0)));
        h.step();
    }
    button(h, to, false);
    h.run_steps(2);
}

fn drill_on(h: &mut Harness<'_, InfraboardApp>, duration_s: f64) {
    h.get_by_label("🔥 Drill mode").click();
    h.run_steps(3);
    assert!(h.state().drill.active);
    h.state_mut().drill.drill.duration_s = duration_s;
    h.get_by_label("⟲ Reset").click();
    h.run_steps(5);
}

fn screen(h: &Harness<'_, InfraboardApp>, id: &str) -> Pos2 {
    let c = h.state().design().component(id).unwrap();
    h.state().canvas_to_screen(c.position)
}

fn rect_of(h: &Harness<'_, InfraboardApp>, label: &str) -> Rect {
    h.get_by_label(label).rect()
}

/// Clicks "⏭ Step" `ticks` times (one tick each).
fn step(h: &mut Harness<'_, InfraboardApp>, ticks: usize) {
    for _ in 0..ticks {
        h.get_by_label("⏭ Step").click();
        h.run_steps(1);
    }
}

/// Plays at 60× until the drill finishes.
fn play_to_end(h: &mut Harness<'_, InfraboardApp>) {
    h.get_by_label("60×").click();
    h.run_steps(1);
    h.get_by_label("▶ Play").click();
    for _ in 0..2000 {
        h.run_steps(1);
        if h.state().drill.result.is_some() {
            break;
        }
    }
    assert!(h.state().drill.result.is_some(), "the drill finished");
    h.run_steps(3);
}

/// The AccessKit label of the one node whose label contains `part`.
fn label_of(h: &Harness<'_, InfraboardApp>, part: &str) -> String {
    text(&h.get_by_label_contains(part))
}

/// A node's text (a `Role::Label` keeps it in its value).
fn text(n: &egui_kittest::Node<'_>) -> String {
    n.value()
        .or_else(|| n.accesskit_node().label())
        .expect("a text")
}

/// The status bar's traffic text.
fn status_traffic(h: &Harness<'_, InfraboardApp>) -> String {
    h.query_all_by_label_contains("drill ")
        .map(|n| text(&n))
        .find(|l| l.starts_with("drill t =") || l.starts_with("drill finished"))
        .expect("the status bar's drill figures")
}

#[test]
fn a_drag_in_drill_mode_moves_but_fails_and_records_nothing() {
    let mut h = harness();
    drill_on(&mut h, 60.0);
    let before = h.state().design().component("lb").unwrap().position;
    let from = screen(&h, "lb");
    drag(&mut h, from, from + Vec2::new(80.0, 40.0));
    let after = h.state().design().component("lb").unwrap().position;
    assert!(after.x > before.x + 10.0, "the drag moved lb: {after:?}");
    assert!(!h.state().drill.is_failed("lb"), "a drag fails nothing");
    assert!(h.state().drill.drill.events.is_empty(), "nothing recorded");
    assert!(h.state().drill.run().unwrap().output().served_total_qps() > 0.0);
    assert!(h.query_by_label("Interactive drill · 0 events").is_some());
    // A click (no movement) fails it, once, and records it.
    let at = screen(&h, "lb");
    click_at(&mut h, at);
    assert!(h.state().drill.is_failed("lb"));
    assert_eq!(h.state().drill.drill.events.len(), 1);
    assert!(h.query_by_label("Interactive drill · 1 events").is_some());
    assert_eq!(
        h.state().drill.run().unwrap().output().served_total_qps(),
        0.0
    );
}

#[test]
fn drill_actions_are_commands_and_the_clock_runs_in_logic() {
    let mut h = harness();
    // Outside drill mode the drill command does nothing.
    let lb = DrillTarget::Component("lb".into());
    h.state_mut().queued.push(Command::DrillToggle(lb.clone()));
    h.run_steps(2);
    assert!(h.state().drill.drill.events.is_empty());
    drill_on(&mut h, 60.0);
    h.state_mut().queued.push(Command::DrillToggle(lb.clone()));
    h.run_steps(2);
    assert!(h.state().drill.is_failed("lb"));
    // A link click restores and fails links the same way.
    let link = h
        .state()
        .design()
        .links
        .iter()
        .position(|l| l.from.component.as_str() == "lb")
        .unwrap();
    h.state_mut()
        .queued
        .push(Command::DrillToggle(DrillTarget::Link(link)));
    h.run_steps(2);
    assert_eq!(h.state().drill.drill.events.len(), 2);

    // Only the panels (no `App::logic`): playing does not move the clock.
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(reference_design().unwrap(), None);
    let mut panels_only = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    panels_only.run_steps(3);
    drill_on(&mut panels_only, 60.0);
    panels_only.get_by_label("60×").click();
    panels_only.run_steps(1);
    panels_only.get_by_label("▶ Play").click();
    panels_only.run_steps(10);
    assert!(panels_only.state().drill.playing);
    assert!(
        panels_only.state().drill.t_s() <= 0.1,
        "no clock in the panel"
    );
    // With eframe's `logic` it runs.
    h.get_by_label("60×").click();
    h.run_steps(1);
    h.get_by_label("▶ Play").click();
    h.run_steps(10);
    assert!(h.state().drill.t_s() > 1.0, "t = {}", h.state().drill.t_s());
}

#[test]
fn the_drill_screen_reads_right_during_and_after_a_short_outage() {
    let mut h = harness();
    drill_on(&mut h, 120.0);
    let tabs = ["Charts", "Verdict", "Blast radius"].map(|l| rect_of(&h, l));
    let offered = h.state().design().traffic.offered_qps;
    assert!(offered > 0.0);
    // A 6 s outage of the load balancer, by clicks.
    let lb = screen(&h, "lb");
    click_at(&mut h, lb);
    assert!(h.state().drill.is_failed("lb"));
    let traffic = status_traffic(&h);
    assert!(
        traffic.contains("served 0 qps") && traffic.starts_with("drill t ="),
        "the status bar shows the drill's figures: {traffic}"
    );
    assert!(h.query_by_label_contains("served 1.0k qps").is_none());
    step(&mut h, 60);
    click_at(&mut h, lb);
    assert!(!h.state().drill.is_failed("lb"));
    assert_eq!(
        tabs,
        ["Charts", "Verdict", "Blast radius"].map(|l| rect_of(&h, l)),
        "the tab buttons stay put while the figures change"
    );
    play_to_end(&mut h);
    assert_eq!(
        tabs,
        ["Charts", "Verdict", "Blast radius"].map(|l| rect_of(&h, l)),
        "the tab buttons stay put when the drill ends"
    );
    let drill = &h.state().drill;
    let result = drill.result.as_ref().unwrap();

    // The clock reads the end, not 0.
    assert_eq!(drill.t_s(), 120.0);
    let clock = label_of(&h, "s / 120 s");
    assert!(clock.contains("120.0 s"), "{clock}");

    // The chart window frames the outage: it is no sliver.
    let events: Vec<f64> = result
        .timeline
        .iter()
        .filter(|m| m.kind == MomentKind::Event)
        .map(|m| m.t_s)
        .collect();
    let (from_s, to_s) = (events[0], events[events.len() - 1]);
    assert!(to_s - from_s >= 5.9, "{events:?}");
    let (lo, hi) = drill.chart_x_range_s().unwrap();
    assert!(lo <= from_s && hi >= to_s, "({lo}, {hi}) shows the outage");
    assert!(
        (to_s - from_s) / (hi - lo) >= 0.2,
        "the outage fills a fifth of the chart at least: ({lo}, {hi})"
    );

    // Latency: the outage's seconds are a gap, never 0 ms.
    let runs = latency_runs(&result.series);
    assert!(runs.len() >= 2, "a gap splits the latency line");
    for p in runs.iter().flatten() {
        assert!(p[1] > 0.0 && p[1].is_finite(), "{p:?}");
        let second = result.series.iter().find(|s| s.t_s == p[0]).unwrap();
        assert!(second.served_qps > 0.0);
    }
    let dark: Vec<f64> = result
        .series
        .iter()
        .filter(|s| s.served_qps == 0.0)
        .map(|s| s.t_s)
        .collect();
    assert!(
        !dark.is_empty(),
        "the outage served nothing for whole seconds"
    );
    assert!(runs.iter().flatten().all(|p| !dark.contains(&p[0])));

    // The verdict: latency of what was served; predictions most severe first, no infos.
    let latency = label_of(&h, "requests served");
    assert!(latency.contains(" ms (of the "), "{latency}");
    let predicted: Vec<String> = h
        .query_all_by_label_contains("predicted by ")
        .map(|n| text(&n))
        .collect();
    assert!(!predicted.is_empty(), "the SPOF finding predicted it");
    assert!(
        predicted[0].starts_with("predicted by error "),
        "{predicted:?}"
    );
    assert!(
        predicted
            .iter()
            .all(|p| !p.starts_with("predicted by info"))
    );

    // The status bar says the drill's totals.
    assert!(status_traffic(&h).starts_with("drill finished: served "));

    // Charts: x unit, legend above the chart, not on it.
    h.get_by_label("Charts").click();
    h.run_steps(3);
    let title = rect_of(&h, "Overall QPS over time (s)");
    assert!(h.query_by_label("Latency (ms) over time (s)").is_some());
    let legend = h
        .query_all_by_label("━ served")
        .map(|n| n.rect())
        .find(|r| (r.center().x - title.center().x).abs() < title.width() + 300.0)
        .expect("a legend entry beside the overall chart");
    assert!(
        legend.top() >= title.bottom() - 1.0 && legend.bottom() <= title.bottom() + 30.0,
        "the legend is a row under the title, above the plot: {legend:?} {title:?}"
    );
}

#[test]
fn a_drill_that_serves_almost_nothing_says_so() {
    let mut h = harness();
    drill_on(&mut h, 60.0);
    let lb = screen(&h, "lb");
    click_at(&mut h, lb);
    play_to_end(&mut h);
    let latency = label_of(&h, "requests served");
    assert!(
        latency.contains("almost nothing was served"),
        "no p95 as if the lost requests had one: {latency}"
    );
    assert!(label_of(&h, "s / 60 s").contains("60.0 s"));
}
