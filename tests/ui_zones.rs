//! Zones on the canvas (issue 19), driving the real app with egui_kittest and checking the
//! model: a component dropped into a zone joins it (out of every zone: none), a zone dragged
//! by its label carries the zones and components in it by the same delta, its corner resizes
//! it, Delete removes it (what was in it moves up), each as one undo step; the palette adds a
//! zone with a fresh id; the inspector's Zone combo sets membership; a finding naming a zone
//! selects it; in drill mode a click on its label fails it; exports draw it. Geometry comes
//! from the shared scene (`zone_rect`, `zone_label_rect`, `node_rect`) through the app's view.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod ui_common;

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use infraboard::model::{ComponentId, Design, KindTag, Point, Size, Zone, ZoneKind};
use infraboard::scene::{Rect as SceneRect, node_rect, zone_label_rect, zone_rect};
use infraboard::ui::InfraboardApp;
use ui_common::{click, click_label, design_of, drag, harness, screen};

/// A zone of `kind` around the boxes of `ids` in `d`, grown by `pad` canvas units (and room
/// for its label above them).
fn zone_around(d: &Design, id: &str, kind: ZoneKind, ids: &[&str], pad: f32) -> Zone {
    let r = ids
        .iter()
        .map(|c| node_rect(d.component(c).unwrap()))
        .reduce(|a, b| a.union(&b))
        .unwrap();
    let m = infraboard::theme::Theme::light().metrics;
    let label_h = m.name_font_px * 3.0;
    Zone::new(
        id,
        &format!("Zone {id}"),
        kind,
        Point::new(r.min.x - pad, r.min.y - pad - label_h),
        Size {
            w: r.width() + 2.0 * pad,
            h: r.height() + 2.0 * pad + label_h,
        },
    )
}

/// Two servers side by side in `az-a` (inside `region-1`), one outside both to the right.
fn design() -> Design {
    let mut d = design_of(&[
        ("a", "A", KindTag::Server, 0.0, 0.0),
        ("b", "B", KindTag::Server, 260.0, 0.0),
        ("c", "C", KindTag::Database, 900.0, 0.0),
    ]);
    let mut az = zone_around(&d, "az-a", ZoneKind::AvailabilityZone, &["a", "b"], 30.0);
    let mut region = zone_around(&d, "region-1", ZoneKind::Region, &["a", "b"], 80.0);
    az.parent = Some("region-1".into());
    region.name = "EU".to_owned();
    d.zones = vec![region, az];
    for id in ["a", "b"] {
        d.component_mut(id).unwrap().zone = Some("az-a".into());
    }
    d
}

fn to_screen(h: &Harness<'_, InfraboardApp>, r: SceneRect) -> Rect {
    Rect::from_min_max(
        h.state().canvas_to_screen(r.min),
        h.state().canvas_to_screen(r.max),
    )
}

fn zone<'a>(h: &'a Harness<'_, InfraboardApp>, id: &str) -> &'a Zone {
    h.state()
        .design()
        .zones
        .iter()
        .find(|z| z.id.as_str() == id)
        .unwrap_or_else(|| panic!("no zone {id}"))
}

/// The middle of a zone's label on the screen.
fn label_point(h: &Harness<'_, InfraboardApp>, id: &str) -> Pos2 {
    let m = infraboard::theme::Theme::light().metrics;
    to_screen(h, zone_label_rect(zone(h, id), &m)).center()
}

fn zone_of(h: &Harness<'_, InfraboardApp>, id: &str) -> Option<String> {
    h.state()
        .design()
        .component(id)
        .unwrap()
        .zone
        .as_ref()
        .map(ToString::to_string)
}

fn undo(h: &mut Harness<'_, InfraboardApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
}

#[test]
fn a_component_dropped_into_a_zone_joins_the_innermost_one_and_undo_takes_it_back() {
    let mut h = harness(design());
    let before = h.state().design().clone();
    // C's centre onto the middle of az-a, between A and B: az-a, not the region around it.
    let az = to_screen(&h, zone_rect(zone(&h, "az-a")));
    let target = Pos2::new(az.center().x, az.bottom() - 10.0);
    let from = screen(&h, "c");
    drag(&mut h, from, target, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(zone_of(&h, "c").as_deref(), Some("az-a"));
    assert_ne!(
        h.state().design().component("c").unwrap().position,
        before.component("c").unwrap().position
    );
    undo(&mut h);
    assert_eq!(
        h.state().design(),
        &before,
        "the move and the zone: one undo step"
    );

    // A dropped in the region but outside az-a belongs to the region; far outside, to none.
    let region = to_screen(&h, zone_rect(zone(&h, "region-1")));
    let in_region_only = Pos2::new(region.left() + 12.0, region.center().y);
    let a = node_rect(h.state().design().component("a").unwrap());
    let grab = screen(&h, "a");
    // Move A so that its centre lands on `in_region_only` (grab its centre).
    drag(&mut h, grab, in_region_only, Modifiers::NONE);
    h.run_steps(2);
    assert!(
        !zone_rect(zone(&h, "az-a"))
            .contains(node_rect(h.state().design().component("a").unwrap()).centre())
    );
    assert_eq!(zone_of(&h, "a").as_deref(), Some("region-1"), "{a:?}");
    let far = Pos2::new(region.right() + 60.0, region.bottom() + 60.0);
    let from = screen(&h, "a");
    drag(&mut h, from, far, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(zone_of(&h, "a"), None);
}

#[test]
fn dragging_a_zone_moves_the_zones_and_components_in_it_by_the_same_delta() {
    let mut h = harness(design());
    // A rack inside az-a holding nothing yet: it must come along.
    let before = h.state().design().clone();
    let from = label_point(&h, "az-a");
    drag(
        &mut h,
        from,
        from + egui::vec2(120.0, 70.0),
        Modifiers::NONE,
    );
    h.run_steps(2);
    let after = h.state().design().clone();
    assert_eq!(
        h.state()
            .document()
            .selection
            .zone
            .as_ref()
            .map(ComponentId::as_str),
        Some("az-a")
    );
    let old = before
        .zones
        .iter()
        .find(|z| z.id.as_str() == "az-a")
        .unwrap()
        .position;
    let new = zone(&h, "az-a").position;
    let delta = (new.x - old.x, new.y - old.y);
    assert!(
        delta.0 > 10.0 && delta.1 > 10.0,
        "the zone moved: {delta:?}"
    );
    for id in ["a", "b"] {
        let (p, q) = (
            before.component(id).unwrap().position,
            after.component(id).unwrap().position,
        );
        assert!(
            (q.x - p.x - delta.0).abs() < 1e-3 && (q.y - p.y - delta.1).abs() < 1e-3,
            "{id}"
        );
        assert_eq!(
            after.component(id).unwrap().zone,
            before.component(id).unwrap().zone
        );
    }
    assert_eq!(
        after.component("c").unwrap().position,
        before.component("c").unwrap().position
    );
    let region = |d: &Design| {
        d.zones
            .iter()
            .find(|z| z.id.as_str() == "region-1")
            .unwrap()
            .clone()
    };
    assert_eq!(
        region(&after),
        region(&before),
        "the region around it stays"
    );
    undo(&mut h);
    assert_eq!(h.state().design(), &before, "one drag, one undo step");

    // Dragging the region carries az-a and both servers.
    let from = label_point(&h, "region-1");
    drag(
        &mut h,
        from,
        from + egui::vec2(-90.0, 40.0),
        Modifiers::NONE,
    );
    h.run_steps(2);
    let after = h.state().design().clone();
    let r0 = region(&before).position;
    let r1 = region(&after).position;
    let (dx, dy) = (r1.x - r0.x, r1.y - r0.y);
    assert!(dx < -10.0 && dy > 10.0);
    let az0 = before.zones[1].position;
    let az1 = after.zones[1].position;
    assert!((az1.x - az0.x - dx).abs() < 1e-3 && (az1.y - az0.y - dy).abs() < 1e-3);
    let a0 = before.component("a").unwrap().position;
    let a1 = after.component("a").unwrap().position;
    assert!((a1.x - a0.x - dx).abs() < 1e-3 && (a1.y - a0.y - dy).abs() < 1e-3);
    undo(&mut h);
    assert_eq!(h.state().design(), &before);
}

#[test]
fn the_corner_grip_resizes_a_selected_zone_and_delete_moves_its_contents_up() {
    let mut h = harness(design());
    let before = h.state().design().clone();
    let at = label_point(&h, "az-a");
    click(&mut h, at, Modifiers::NONE);
    assert_eq!(
        h.state()
            .document()
            .selection
            .zone
            .as_ref()
            .map(ComponentId::as_str),
        Some("az-a")
    );
    let grip = h.state().zone_grip_screen_rect("az-a").unwrap().center();
    let size0 = zone(&h, "az-a").size;
    drag(
        &mut h,
        grip,
        grip + egui::vec2(100.0, 50.0),
        Modifiers::NONE,
    );
    h.run_steps(2);
    let size1 = zone(&h, "az-a").size;
    assert!(
        size1.w > size0.w + 20.0 && size1.h > size0.h + 10.0,
        "{size0:?} → {size1:?}"
    );
    assert_eq!(
        zone(&h, "az-a").position,
        before.zones[1].position,
        "the corner, not the zone, moved"
    );
    assert_eq!(zone_of(&h, "c"), None, "a resize changes no membership");
    undo(&mut h);
    assert_eq!(h.state().design(), &before, "one resize, one undo step");

    let at = label_point(&h, "az-a");
    click(&mut h, at, Modifiers::NONE);
    h.key_press(Key::Delete);
    h.run_steps(2);
    let d = h.state().design();
    assert_eq!(d.zones.len(), 1);
    assert_eq!(d.components.len(), 3, "its components stay");
    assert_eq!(zone_of(&h, "a").as_deref(), Some("region-1"));
    assert_eq!(zone_of(&h, "b").as_deref(), Some("region-1"));
    undo(&mut h);
    assert_eq!(h.state().design(), &before);
}

#[test]
fn the_palette_adds_a_zone_with_a_fresh_id_and_takes_no_members() {
    let mut d = design();
    // A component already has the first rack id: the zone takes the next.
    d.components[2].id = "rack-1".into();
    let mut h = harness(d);
    let before = h.state().design().clone();
    click_label(&mut h, "Add Rack");
    let d = h.state().design();
    assert_eq!(d.zones.len(), 3);
    let rack = d.zones.last().unwrap();
    assert_eq!(rack.id.as_str(), "rack-2");
    assert_eq!(rack.name, "Rack 1");
    assert_eq!(rack.kind, ZoneKind::Rack);
    assert_eq!(h.state().document().selection.zone.as_ref(), Some(&rack.id));
    for (c, b) in d.components.iter().zip(&before.components) {
        assert_eq!(c.zone, b.zone, "adding a zone moves nobody into it");
    }
    let problems = infraboard::model::validate(d);
    assert!(
        problems
            .iter()
            .all(|p| p.severity() != infraboard::model::Severity::Error),
        "{problems:?}"
    );
}

#[test]
fn the_inspector_zone_combo_sets_membership() {
    let mut h = harness(design());
    let at = screen(&h, "c");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    let combo = By::new().label("Zone").role(Role::ComboBox);
    h.query(combo.clone())
        .expect("a Zone dropdown")
        .scroll_to_me();
    // Scrolling into view is animated: let it settle before taking the widget's place.
    h.run_steps(20);
    let at = h.query(combo).expect("a Zone dropdown").rect().center();
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    click_label(&mut h, "Zone az-a (availability zone)");
    assert_eq!(zone_of(&h, "c").as_deref(), Some("az-a"));
    undo(&mut h);
    assert_eq!(zone_of(&h, "c"), None);
}

#[test]
fn a_finding_naming_a_zone_selects_it_and_a_drill_click_on_its_label_fails_it() {
    let mut d = infraboard::io::templates::reference_design().unwrap();
    let az = zone_around(
        &d,
        "az-a",
        ZoneKind::AvailabilityZone,
        &["server-1", "server-2"],
        30.0,
    );
    d.zones.push(az);
    for id in ["server-1", "server-2"] {
        d.component_mut(id).unwrap().zone = Some("az-a".into());
    }
    let mut h = harness(d);
    h.state_mut().wait_for_analysis();
    h.run_steps(3);
    let finding = h
        .state()
        .analysis()
        .findings
        .iter()
        .find(|f| f.components == ["az-a"])
        .expect("az-a is a single point of failure")
        .message
        .clone();
    h.get_by_label(&finding).click();
    h.run_steps(3);
    assert_eq!(
        h.state()
            .document()
            .selection
            .zone
            .as_ref()
            .map(ComponentId::as_str),
        Some("az-a")
    );

    h.get_by_label("🔥 Drill mode").click();
    h.run_steps(3);
    assert!(h.state().drill.active);
    let at = label_point(&h, "az-a");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    assert!(
        h.state().drill.is_failed("az-a"),
        "a click on the label fails the zone"
    );
    let run = h.state().drill.run().unwrap();
    let ci = h
        .state()
        .design()
        .components
        .iter()
        .position(|c| c.id.as_str() == "server-1")
        .unwrap();
    assert!(!run.component_up(ci), "its members are down with it");
    let at = label_point(&h, "az-a");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    assert!(
        !h.state().drill.is_failed("az-a"),
        "a second click restores it"
    );
}

#[test]
fn exports_draw_the_zones_with_their_labels() {
    let d = design();
    let options = infraboard::export::ExportOptions {
        format: infraboard::export::ExportFormat::Svg,
        ..Default::default()
    };
    let svg =
        String::from_utf8(infraboard::export::export_design(&d, None, &options).unwrap()).unwrap();
    assert!(svg.contains("<g id=\"zone-az-a\" class=\"zone\">"), "{svg}");
    assert!(svg.contains(">Zone az-a<") && svg.contains(">EU<"));
    // The zones come before (under) every component.
    let first_component = svg.find("class=\"component\"").unwrap();
    assert!(svg.find("class=\"zone\"").unwrap() < first_component);
    // Mermaid: groups, nested, with the services declared in them.
    let mmd = infraboard::export::mermaid::design_to_mermaid(&d);
    assert!(mmd.contains("group region_1(cloud)[EU]\n"), "{mmd}");
    assert!(
        mmd.contains("group az_a(cloud)[Zone az-a] in region_1\n"),
        "{mmd}"
    );
    assert!(mmd.contains("service a(server)[A] in az_a\n"), "{mmd}");
    assert!(mmd.find("group az_a").unwrap() < mmd.find("service a(").unwrap());
    // draw.io: a labelled container per zone, under the components.
    let drawio = infraboard::export::drawio::design_to_drawio(&d, None);
    assert!(drawio.contains("ib_zone=\"az-a\""), "{drawio}");
    assert!(drawio.find("ib_zone=\"az-a\"").unwrap() < drawio.find("ib_id=\"a\"").unwrap());
}

#[test]
fn dragging_a_zone_or_a_note_from_the_palette_places_it_where_dropped() {
    let mut h = harness(design());
    let before = h.state().design().clone();
    // Into the region, away from az-a: the new availability zone sits in the region.
    let region = zone_rect(zone(&h, "region-1"));
    let az = zone_rect(zone(&h, "az-a"));
    let at = Point::new((region.min.x + az.min.x) / 2.0, region.max.y - 20.0);
    let item = h.get_by_label("Add Availability zone").rect().center();
    let target = h.state().canvas_to_screen(at);
    drag(&mut h, item, target, Modifiers::NONE);
    h.run_steps(2);
    let d = h.state().design();
    assert_eq!(d.zones.len(), 3, "a zone was added");
    let new = d.zones.last().unwrap();
    assert_eq!(
        (new.id.as_str(), new.kind),
        ("az-1", ZoneKind::AvailabilityZone)
    );
    let centre = zone_rect(new).centre();
    assert!(
        (centre.x - at.x).abs() < 2.0 && (centre.y - at.y).abs() < 2.0,
        "dropped at {at:?}, centred at {centre:?}"
    );
    assert_eq!(
        new.parent.as_ref().map(ComponentId::as_str),
        Some("region-1")
    );
    for (c, b) in d.components.iter().zip(&before.components) {
        assert_eq!(
            c.zone, b.zone,
            "dropping a zone around boxes moves nobody into it"
        );
    }
    // The note entry drops too (the zone and note payloads are told apart by type).
    let item = h.get_by_label("Add Text note").rect().center();
    let target = h
        .state()
        .canvas_to_screen(Point::new(region.max.x + 200.0, region.min.y));
    drag(&mut h, item, target, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(h.state().design().notes.len(), 1, "a note was dropped");
}

#[test]
fn mtbf_and_mttr_replace_the_availability_figure_and_back() {
    let mut h = harness(design());
    let at = screen(&h, "a");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    let mtbf = h.get_by_label("MTBF").rect().center();
    drag(&mut h, mtbf, mtbf + egui::vec2(40.0, 0.0), Modifiers::NONE);
    h.run_steps(2);
    let a = h.state().design().component("a").unwrap().clone();
    assert!(a.mtbf_h.is_some() && a.mttr_h.is_some(), "{a:?}");
    assert_eq!(a.availability, None);
    assert!(
        infraboard::model::validate(h.state().design())
            .iter()
            .all(|p| p.severity() != infraboard::model::Severity::Error)
    );
    let availability = h
        .query_all(By::new().label("Availability").role(Role::SpinButton))
        .next()
        .map(|n| n.rect().center())
        .unwrap_or_else(|| h.get_by_label("Availability").rect().center());
    drag(
        &mut h,
        availability,
        availability + egui::vec2(-30.0, 0.0),
        Modifiers::NONE,
    );
    h.run_steps(2);
    let a = h.state().design().component("a").unwrap().clone();
    assert!(a.availability.is_some(), "{a:?}");
    assert_eq!((a.mtbf_h, a.mttr_h), (None, None));
}

#[test]
fn double_clicking_a_zone_label_renames_it_and_arrow_keys_nudge_it_with_its_contents() {
    let mut h = harness(design());
    let at = label_point(&h, "az-a");
    click(&mut h, at, Modifiers::NONE);
    ui_common::double_click(&mut h, at);
    h.run_steps(2);
    assert!(
        h.state().editing_in_place(),
        "double-click opens the name field"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Frankfurt a".to_owned()));
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(zone(&h, "az-a").name, "Frankfurt a");
    undo(&mut h);
    assert_eq!(zone(&h, "az-a").name, "Zone az-a");

    // The selected zone nudges with what is in it, and its members keep their zone.
    let before = h.state().design().clone();
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    let after = h.state().design();
    let dz = after.zones[1].position.x - before.zones[1].position.x;
    let da = after.component("a").unwrap().position.x - before.component("a").unwrap().position.x;
    assert!(dz > 0.0 && (dz - da).abs() < 1e-3, "{dz} vs {da}");
    assert_eq!(
        after.component("c").unwrap().position,
        before.component("c").unwrap().position
    );
    assert_eq!(zone_of(&h, "a").as_deref(), Some("az-a"));
}
