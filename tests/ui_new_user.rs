//! What a new user trips on (issue 18, items 1, 2, 4, 6, 7, 8), driven through the real app
//! with pointer, key and clipboard events; assertions on the model and on AccessKit.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod ui_common;

use egui::{Event, Key, Modifiers, Vec2};
use egui_kittest::kittest::Queryable;
use infraboard::model::{
    FirewallAction, Kind, KindTag, LinkPurpose, Protocol, ServiceKind, TrafficSource,
};
use infraboard::sim::Rule;
use ui_common::{click, design_of, drag, harness, names, screen, selected};

/// The text the last frame put on the system clipboard.
fn copied_text(h: &egui_kittest::Harness<'_, infraboard::ui::InfraboardApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

#[test]
fn item_1_ctrl_c_x_v_as_the_window_delivers_them() {
    let mut h = harness(design_of(&[
        ("users", "Users", KindTag::Users, 0.0, 0.0),
        ("lb", "LB", KindTag::LoadBalancer, 300.0, 0.0),
    ]));
    let lb = screen(&h, "lb");
    click(&mut h, lb, Modifiers::NONE);
    assert_eq!(selected(&h), ["lb"]);

    // Ctrl+C reaches the app as `Event::Copy`; the copy goes to the system clipboard too, so
    // that Ctrl+V (delivered as `Event::Paste` with that text) has something to paste.
    h.event(Event::Copy);
    h.step();
    let text = copied_text(&h).expect("Copy puts the selection on the system clipboard");
    h.step();
    h.event(Event::Paste(text.clone()));
    h.run_steps(2);
    let d = h.state().design();
    assert_eq!(d.components.len(), 3, "Ctrl+V pasted the copy");
    assert_eq!(selected(&h), ["lb-1"], "the pasted copy is selected");
    assert_eq!(d.component("lb-1").unwrap().tag(), KindTag::LoadBalancer);

    // Ctrl+X (`Event::Cut`) removes the selection; Ctrl+V with other text on the system
    // clipboard pastes what was cut here.
    h.event(Event::Cut);
    h.run_steps(2);
    assert_eq!(h.state().design().components.len(), 2, "Ctrl+X cut it");
    assert!(h.state().design().component("lb-1").is_none());
    h.event(Event::Paste("some text from another program".to_owned()));
    h.run_steps(2);
    assert_eq!(
        h.state().design().components.len(),
        3,
        "pasted what was cut"
    );

    // One step each: undo takes back the paste, then the cut.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().design().components.len(), 2);
}

#[test]
fn item_2_the_whole_findings_row_selects_and_explains() {
    let design = infraboard::io::templates::reference_design().expect("reference");
    let mut h = harness(design);
    let finding = h
        .state()
        .analysis()
        .findings
        .iter()
        .find(|f| f.rule == Rule::Spof && f.components.iter().any(|c| c == "lb"))
        .cloned()
        .expect("the LB is a SPOF on the reference design");
    let row = h.get_by_label(&finding.message).rect();
    assert!(row.width() > 300.0, "the row spans the panel: {row:?}");

    // Click on the message text, far from the severity icon at the left end.
    let on_text = row.right_center() - Vec2::new(row.width() * 0.4, 0.0);
    click(&mut h, on_text, Modifiers::NONE);
    let mut expected: Vec<String> = finding
        .components
        .iter()
        .map(|c| c.split_once('/').map_or(c.as_str(), |(a, _)| a).to_owned())
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(selected(&h), expected, "a click on the text selects");

    // Hovering the rule tag shows why it matters and the fix.
    h.run_steps(2);
    let on_tag = row.left_center() + Vec2::new(40.0, 0.0);
    h.event(Event::PointerMoved(on_tag));
    h.run_steps(60);
    assert!(
        h.query_by_label(&finding.why).is_some(),
        "the tooltip shows why: {}",
        finding.why
    );
    assert!(h.query_by_label(&finding.fix).is_some(), "and the fix");
}

#[test]
fn item_4_links_through_a_firewall_bring_their_rule_and_protocol() {
    let mut h = harness(design_of(&[
        ("users", "Users", KindTag::Users, 0.0, 0.0),
        ("fw", "Firewall", KindTag::Firewall, 300.0, 0.0),
        ("lb", "LB", KindTag::LoadBalancer, 600.0, 0.0),
    ]));
    let from = h.state().handle_screen_pos("users").expect("handle");
    let fw = screen(&h, "fw");
    drag(&mut h, from, fw, Modifiers::NONE);
    let from = h.state().handle_screen_pos("fw").expect("handle");
    let lb = screen(&h, "lb");
    drag(&mut h, from, lb, Modifiers::NONE);

    let d = h.state().design();
    assert_eq!(d.links.len(), 2);
    let out = &d.links[1];
    assert_eq!(
        (out.purpose, out.protocol, out.port),
        (LinkPurpose::Request, Protocol::Https, 443),
        "HTTPS 443 in, HTTPS 443 out"
    );
    let Kind::Firewall(fw) = &d.component("fw").unwrap().kind else {
        panic!("fw is a firewall");
    };
    assert_eq!(fw.rules.len(), 1, "{:?}", fw.rules);
    assert_eq!(fw.rules[0].action, FirewallAction::Allow);
    assert_eq!(fw.rules[0].port, Some(443));
    assert_eq!(fw.rules[0].source, TrafficSource::Component("users".into()));
    h.run_steps(2);
    assert!(
        !h.state()
            .analysis()
            .findings
            .iter()
            .any(|f| f.rule == Rule::FirewallBlocksTraffic),
        "nothing is blocked"
    );
    assert!(
        h.query_by_label_contains("allow port 443 from `users`")
            .is_some(),
        "the status bar says which rule was added"
    );

    // Undo takes the link and its rule back in one step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let d = h.state().design();
    assert_eq!(d.links.len(), 1);
    let Kind::Firewall(fw) = &d.component("fw").unwrap().kind else {
        panic!("fw is a firewall");
    };
    assert!(fw.rules.is_empty());
}

#[test]
fn item_4_a_firewall_that_blocks_is_marked_on_the_canvas_and_in_export() {
    let mut d = design_of(&[
        ("users", "Users", KindTag::Users, 0.0, 0.0),
        ("fw", "Firewall", KindTag::Firewall, 300.0, 0.0),
        ("lb", "LB", KindTag::LoadBalancer, 600.0, 0.0),
    ]);
    for (a, b) in [("users", "fw"), ("fw", "lb")] {
        d.links.push(infraboard::model::Link::new(
            a,
            b,
            LinkPurpose::Request,
            Protocol::Https,
        ));
    }
    let mut h = harness(d.clone());
    assert!(
        h.state()
            .analysis()
            .findings
            .iter()
            .any(|f| f.rule == Rule::FirewallBlocksTraffic
                && f.components.first().is_some_and(|c| c == "fw")),
        "the firewall drops the flow"
    );
    // The legend names the mark; hovering the firewall says it.
    assert!(
        h.query_by_label_contains("firewall drops needed traffic")
            .is_some()
    );
    let fw = screen(&h, "fw");
    h.event(Event::PointerMoved(fw));
    h.run_steps(60);
    assert!(
        h.query_by_label_contains("Drops traffic the design needs")
            .is_some()
    );

    // The shared scene carries the ring and the badge, so the export has them too.
    let scene = infraboard::scene::build_scene(
        &d,
        Some(h.state().analysis()),
        &infraboard::scene::SceneOptions::default(),
    );
    let owner = infraboard::scene::SceneItemOwner::Component("fw".into());
    let texts: Vec<String> = scene
        .items_of(&owner)
        .filter_map(|p| match p {
            infraboard::scene::Primitive::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t == "BLOCKS"), "{texts:?}");
    let svg = infraboard::export::export_design(
        &d,
        Some(h.state().analysis()),
        &infraboard::export::ExportOptions {
            format: infraboard::export::ExportFormat::Svg,
            ..Default::default()
        },
    )
    .expect("export");
    assert!(String::from_utf8_lossy(&svg).contains(">BLOCKS<"));
}

#[test]
fn items_6_7_palette_servers_have_no_database_and_unique_names() {
    let mut h = harness(infraboard::model::Design::empty("empty"));
    for _ in 0..2 {
        let add = h.get_by_label("Add Server").rect().center();
        click(&mut h, add, Modifiers::NONE);
    }
    let d = h.state().design();
    assert_eq!(d.components.len(), 2);
    for c in &d.components {
        let kinds: Vec<ServiceKind> = c.kind.services().iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                ServiceKind::WebServer,
                ServiceKind::AppServer,
                ServiceKind::AppFiles
            ],
            "a web and an application tier only"
        );
    }
    assert_eq!(names(&h), ["Server 1", "Server 2"]);
    // Item 10: the second click did not drop the server on the first.
    let rects: Vec<egui::Rect> = d
        .components
        .iter()
        .map(infraboard::ui::canvas::geometry::node_rect)
        .collect();
    assert!(!rects[0].intersects(rects[1]), "{rects:?}");

    // Ctrl+D on "Server 2" gives "Server 3", never a second "Server 2".
    let second = screen(&h, "server-2");
    click(&mut h, second, Modifiers::NONE);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run_steps(2);
    assert_eq!(names(&h), ["Server 1", "Server 2", "Server 3"]);
}

#[test]
fn item_8_templates_start_clean_path_fields_take_typing_and_errors_are_plain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("list.ron");
    std::fs::write(&bad, "this is my shopping list\n").expect("write");

    let mut h = harness(infraboard::model::Design::empty("empty"));
    h.state_mut().use_in_app_path_field();
    // New from template (Ctrl+N): clean until the first edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    h.get_by_label("distributed-web-infrastructure").click();
    h.run_steps(3);
    assert!(
        h.state().design().components.len() > 3,
        "the template opened"
    );
    assert!(!h.state().document().is_dirty(), "no edit yet: clean");

    // Ctrl+O: the path field has the focus, so typing at once is not lost.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(3);
    h.event(Event::Text(bad.display().to_string()));
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("this is not an Infraboard design")
            .is_some(),
        "the error says in plain words what the file is not"
    );
    assert!(
        h.query_by_label_contains("(format_version: 1, design: (...))")
            .is_some(),
        "and what was expected"
    );
    assert!(!h.state().document().is_dirty(), "the design is kept");
}
