//! The palette, inspector and link drawing know caches, CDNs, queues and object storage
//! (issue 20), driven through the real app with egui_kittest.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod ui_common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use infraboard::model::{Carries, Design, Kind, KindTag, Protocol};
use ui_common::{click, design_of, drag, harness, screen};

#[test]
fn the_palette_adds_every_new_kind_with_its_settings() {
    let mut h = harness(Design::empty("empty"));
    for tag in [
        KindTag::Cache,
        KindTag::Cdn,
        KindTag::Queue,
        KindTag::ObjectStorage,
    ] {
        let n = h.state().design().components.len();
        let entry = h
            .get_by_label(&format!("Add {}", tag.label()))
            .rect()
            .center();
        click(&mut h, entry, Modifiers::NONE);
        h.run_steps(2);
        let d = h.state().design();
        assert_eq!(d.components.len(), n + 1, "{tag:?} added");
        let c = d.components.last().unwrap();
        assert_eq!(c.tag(), tag);
        assert_eq!(c.kind, Kind::default_for(tag));
    }
    let cdn = h
        .state()
        .design()
        .components
        .iter()
        .find(|c| c.tag() == KindTag::Cdn)
        .unwrap()
        .clone();
    assert!(cdn.tls.mode.decrypts(), "a new CDN terminates TLS");
}

#[test]
fn the_inspector_edits_a_cache_hit_ratio_in_percent() {
    let mut h = harness(design_of(&[
        ("users", "Users", KindTag::Users, -300.0, 0.0),
        ("cache", "Redis cache", KindTag::Cache, 0.0, 0.0),
    ]));
    let at = screen(&h, "cache");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    assert!(h.state().document().selection.contains("cache"));
    let field = h
        .get_all_by_label("Hit ratio")
        .last()
        .expect("hit ratio row");
    field.focus();
    h.step();
    h.get_all_by_label("Hit ratio")
        .last()
        .expect("field")
        .type_text("50");
    h.step();
    h.key_press(Key::Enter);
    h.run_steps(3);
    let Kind::Cache(s) = &h.state().design().component("cache").unwrap().kind else {
        panic!("still a cache");
    };
    assert!((s.hit_ratio - 0.5).abs() < 1e-9, "{}", s.hit_ratio);
    // The other settings are on the page too.
    assert!(h.get_all_by_label("Warm-up").count() >= 1);
}

#[test]
fn links_to_caches_and_queues_get_their_protocols_and_nonsense_is_refused() {
    let mut h = harness(design_of(&[
        ("users", "Users", KindTag::Users, -300.0, 0.0),
        ("app", "App", KindTag::Service, 0.0, 0.0),
        ("cache", "Cache", KindTag::Cache, 300.0, -150.0),
        ("queue", "Queue", KindTag::Queue, 300.0, 150.0),
    ]));
    for target in ["cache", "queue"] {
        let from = h.state().handle_screen_pos("app").expect("handle");
        let to = screen(&h, target);
        drag(&mut h, from, to, Modifiers::NONE);
    }
    let links = &h.state().design().links;
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!((links[0].protocol, links[0].port), (Protocol::Redis, 6379));
    assert_eq!((links[1].protocol, links[1].port), (Protocol::Amqp, 5672));
    assert_eq!(links[1].carries, Carries::Writes);
    // Users never reach a cache directly.
    let from = h.state().handle_screen_pos("users").expect("handle");
    let to = screen(&h, "cache");
    drag(&mut h, from, to, Modifiers::NONE);
    assert_eq!(h.state().design().links.len(), 2, "refused");
}
