//! What a drill shows on the canvas besides labels: the moving traffic dots (a pure function,
//! tested directly on the reference design's drill) and the blast-radius heat map; and that
//! the window repaints only while a drill plays.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] functions

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use infraboard::io::templates::reference_design;
use infraboard::model::{Design, LinkPurpose, Point};
use infraboard::scene::{LinkPath, link_paths};
use infraboard::sim::drill::{Action, Drill, DrillOptions, DrillRun, start_drill};
use infraboard::theme::Theme;
use infraboard::ui::drill::heat::heat_colour_of;
use infraboard::ui::drill::traffic_dots::{
    Dot, LinkFlow, MAX_DOTS_PER_LINK, MAX_DOTS_TOTAL, dots_for_qps, link_flows, traffic_dots,
};
use infraboard::ui::{InfraboardApp, Settings};

fn harness() -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(reference_design().unwrap(), None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut InfraboardApp| {
                // As eframe does: `App::logic` (the drill clock), then the panels.
                app.logic_frame(ui.ctx());
                app.ui_frame(ui);
            },
            app,
        );
    h.run_steps(3);
    h
}

fn drill_on(h: &mut Harness<'_, InfraboardApp>) {
    h.get_by_label("🔥 Drill mode").click();
    // The drill panel settles its height over two frames. The canvas' `GraphView` asks for a
    // repaint after each new picture, which egui turns into two more frames; both replay it.
    h.run_steps(5);
    assert!(h.state().drill.active);
}

/// The reference design's drill, one tick in.
fn running(design: &Design) -> DrillRun {
    let drill = Drill {
        duration_s: 60.0,
        ..Drill::default()
    };
    let mut run = start_drill(design, &drill, DrillOptions::default()).unwrap();
    run.step().unwrap();
    run
}

fn paths(design: &Design) -> Vec<Option<LinkPath>> {
    link_paths(design, &Theme::light().metrics)
}

fn link_index(design: &Design, from: &str, to: &str) -> usize {
    design
        .links
        .iter()
        .position(|l| l.from.component.as_str() == from && l.to.component.as_str() == to)
        .unwrap()
}

fn on_link(dots: &[Dot], link: usize) -> Vec<Dot> {
    dots.iter().copied().filter(|d| d.link == link).collect()
}

#[test]
fn dots_grow_with_the_log_of_qps_and_are_capped() {
    assert_eq!(dots_for_qps(0.0), 0);
    assert_eq!(dots_for_qps(f64::NAN), 0);
    assert_eq!(dots_for_qps(-5.0), 0);
    assert_eq!(dots_for_qps(0.01), 1);
    let counts: Vec<usize> = [1.0, 10.0, 100.0, 1_000.0, 10_000.0, 1e9]
        .into_iter()
        .map(dots_for_qps)
        .collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(counts[0] < counts[3], "{counts:?}");
    assert_eq!(counts[5], MAX_DOTS_PER_LINK);
}

#[test]
fn healthy_drill_has_blue_dots_on_request_links_in_proportion_to_qps() {
    let design = reference_design().unwrap();
    let run = running(&design);
    let flows = link_flows(design.links.len(), &run.traffic_report());
    let paths = paths(&design);
    let dots = traffic_dots(&paths, &flows, 0.0);
    assert!(!dots.is_empty());
    assert!(dots.iter().all(|d| !d.failed), "nothing fails yet");
    for (i, link) in design.links.iter().enumerate() {
        let n = on_link(&dots, i).len();
        if link.purpose == LinkPurpose::Request && flows[i].qps > 0.0 {
            assert!(n >= 1, "request link {i} carries traffic but has no dots");
        } else {
            assert_eq!(n, 0, "link {i} ({:?}) carries no requests", link.purpose);
        }
    }
    // The LB's inbound link carries all 1,000 qps; each branch half of it; the DB link less.
    let inbound = on_link(&dots, link_index(&design, "fw-lb", "lb")).len();
    let branch = on_link(&dots, link_index(&design, "lb", "fw-2")).len();
    let db = on_link(&dots, link_index(&design, "server-2", "server-1")).len();
    assert!(flows[link_index(&design, "fw-lb", "lb")].qps > 900.0);
    assert!(branch >= db, "branch {branch} vs db {db}");
    assert!(
        inbound >= 1 && branch >= 2,
        "inbound {inbound}, branch {branch}"
    );
    // Every dot lies on its link's path.
    for d in &dots {
        let path = paths[d.link].as_ref().unwrap();
        assert!(path.distance_to(d.at) < 0.5);
    }
}

#[test]
fn failing_server_2_turns_dots_red_on_the_failing_link_only() {
    let design = reference_design().unwrap();
    let mut run = running(&design);
    run.apply_now(&Action::Fail("server-2".to_owned())).unwrap();
    run.step().unwrap();
    let flows = link_flows(design.links.len(), &run.traffic_report());
    let paths = paths(&design);
    let dots = traffic_dots(&paths, &flows, 1.25);
    let into = link_index(&design, "fw-2", "server-2");
    assert!(
        flows[into].failed_qps > 0.0,
        "the LB has not noticed yet: {:?}",
        flows[into]
    );
    let red = on_link(&dots, into);
    assert!(!red.is_empty() && red.iter().all(|d| d.failed), "{red:?}");
    for d in &dots {
        if flows[d.link].failed_qps <= 0.0 {
            assert!(!d.failed, "link {} has no failures", d.link);
        }
    }
    let healthy = on_link(&dots, link_index(&design, "fw-1", "server-1"));
    assert!(!healthy.is_empty() && healthy.iter().all(|d| !d.failed));
}

fn straight(len: f32, y: f32) -> Option<LinkPath> {
    Some(LinkPath {
        points: vec![Point::new(0.0, y), Point::new(len, y)],
    })
}

#[test]
fn dots_move_towards_the_target_and_partly_red() {
    let paths = vec![straight(1_000.0, 0.0)];
    let one = vec![LinkFlow {
        qps: 1.0,
        failed_qps: 0.0,
    }];
    let a = traffic_dots(&paths, &one, 0.0);
    let b = traffic_dots(&paths, &one, 1.0);
    assert_eq!((a.len(), b.len()), (1, 1));
    let moved = b[0].at.x - a[0].at.x;
    assert!(
        moved > 40.0 && moved < 200.0,
        "moved {moved} px in a second"
    );
    assert_eq!(
        a,
        traffic_dots(&paths, &one, 0.0),
        "the same time, the same dots"
    );
    let half = vec![LinkFlow {
        qps: 1_000.0,
        failed_qps: 500.0,
    }];
    let dots = traffic_dots(&paths, &half, 3.0);
    let red = dots.iter().filter(|d| d.failed).count();
    assert!(
        red * 2 >= dots.len() - 1 && red * 2 <= dots.len() + 1,
        "{red} of {}",
        dots.len()
    );
}

#[test]
fn five_thousand_busy_links_stay_within_the_cap() {
    let paths: Vec<_> = (0..5_000)
        .map(|i| straight(400.0, i as f32 * 10.0))
        .collect();
    let flows = vec![
        LinkFlow {
            qps: 50_000.0,
            failed_qps: 0.0,
        };
        5_000
    ];
    let dots = traffic_dots(&paths, &flows, 2.0);
    assert!(dots.len() <= MAX_DOTS_TOTAL + 5_000, "{}", dots.len());
    assert!(dots.len() >= 5_000, "every busy link keeps a dot");
}

#[test]
fn the_window_repaints_while_playing_and_not_while_paused() {
    let mut h = harness();
    drill_on(&mut h);
    assert!(!h.state().is_animating());
    assert!(!h.ctx.has_requested_repaint(), "drill on, paused: idle");
    h.get_by_label("▶ Play").click();
    h.run_steps(3);
    assert!(h.state().is_animating());
    assert!(h.ctx.has_requested_repaint(), "playing: keeps repainting");
    let anim = h.state().drill.anim_s;
    h.run_steps(2);
    assert!(h.state().drill.anim_s > anim, "the dots move while playing");
    h.get_by_label("⏸ Pause").click();
    h.run_steps(3);
    assert!(!h.state().is_animating());
    assert!(!h.ctx.has_requested_repaint(), "paused: no repaint");
    let frozen = h.state().drill.anim_s;
    h.run_steps(3);
    assert_eq!(h.state().drill.anim_s, frozen, "paused dots stand still");
    // Dots are still there (static) while paused.
    assert!(
        h.state()
            .drill
            .traffic()
            .is_some_and(|(f, _)| !f.is_empty())
    );
    // Drill off: no dots, no repaint.
    h.get_by_label("🔥 Drill mode").click();
    // The drill panel settles its height over two frames. The canvas' `GraphView` asks for a
    // repaint after each new picture, which egui turns into two more frames; both replay it.
    h.run_steps(5);
    assert!(h.state().drill.traffic().is_none());
    assert!(!h.ctx.has_requested_repaint());
}

#[test]
fn the_heat_map_is_hot_on_the_lb_and_cold_on_mon_1_and_cached() {
    let mut h = harness();
    drill_on(&mut h);
    assert!(h.state().drill.heat().is_none());
    h.get_by_label("Heat map").click();
    // The blast radius is computed on a worker thread; frames never wait for it.
    for _ in 0..500 {
        h.run_steps(1);
        if h.state().drill.heat().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let heat = h.state().drill.heat().expect("heat map on").clone();
    assert_eq!(heat["lb"], 1.0, "the LB is a SPOF: everything is lost");
    let theme = Theme::light();
    assert_eq!(
        heat_colour_of(&heat, "lb", &theme),
        theme.palette.heat_ramp[2]
    );
    assert_eq!(
        heat_colour_of(&heat, "mon-1", &theme),
        theme.palette.heat_ramp[0]
    );
    let dark = Theme::dark();
    assert_eq!(
        heat_colour_of(&heat, "lb", &dark),
        dark.palette.heat_ramp[2]
    );
    assert!(
        heat["server-2"] < 0.5,
        "losing server-2 costs little: {}",
        heat["server-2"]
    );
    // Computed once per revision, not per frame or per tick.
    assert_eq!(h.state().drill.heat_builds, 1);
    h.get_by_label("▶ Play").click();
    h.run_steps(10);
    assert_eq!(h.state().drill.heat_builds, 1);
    // Off: no tint.
    h.get_by_label("Heat map").click();
    h.run_steps(2);
    assert!(h.state().drill.heat().is_none());
}
