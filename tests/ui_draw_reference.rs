//! Acceptance: a person draws the reference design (secured and monitored web infrastructure)
//! from an empty canvas by mouse — palette drops, handle drags, inspector widgets found by their
//! AccessKit labels — sees the seeds' three issues appear while drawing, saves it through
//! File → Save As…, reopens it through File → Open… and gets the same design back.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use infraboard::model::{Component, Design, KindTag, Point};
use infraboard::sim::{RequestClass, Rule};
use infraboard::ui::{InfraboardApp, Settings};

type H = Harness<'static, InfraboardApp>;

fn harness() -> H {
    let app = InfraboardApp::new(None, Settings::default());
    let mut h = Harness::builder()
        .with_size(Vec2::new(2000.0, 1400.0))
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    h.run_steps(3);
    h
}

fn button(h: &H, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Presses at `from`, moves in steps to `to`, releases there.
fn drag(h: &mut H, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    button(h, from, true);
    h.step();
    for i in 1..=8 {
        let t = i as f32 / 8.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    button(h, to, false);
    h.run_steps(2);
}

fn click_at(h: &mut H, at: Pos2) {
    h.event(Event::PointerMoved(at));
    h.step();
    button(h, at, true);
    h.step();
    button(h, at, false);
    h.run_steps(2);
}

/// Clicks the widget labelled `label` (the last one if several), scrolling it into view first.
fn click(h: &mut H, label: &str) {
    h.get_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no widget labelled {label:?}"))
        .scroll_to_me();
    // Scrolling into view is animated: let it settle before taking the widget's place.
    h.run_steps(20);
    let at = h
        .get_all_by_label(label)
        .last()
        .expect("widget")
        .rect()
        .center();
    click_at(h, at);
}

/// Clicks the menu entry whose label starts with `label` (entries show their shortcut too).
fn click_menu(h: &mut H, label: &str) {
    let at = h
        .query_all(By::new().predicate(|n| n.label().is_some_and(|l| l.starts_with(label))))
        .next()
        .unwrap_or_else(|| panic!("no menu entry {label:?}"))
        .rect()
        .center();
    click_at(h, at);
}

fn component(h: &H, id: &str) -> Component {
    h.state()
        .design()
        .component(id)
        .unwrap_or_else(|| panic!("no component {id}"))
        .clone()
}

/// Drags the palette item of `tag` onto the canvas at `at` (canvas units): a new component.
fn drop_from_palette(h: &mut H, tag: KindTag, at: Point) {
    let n = h.state().design().components.len();
    let item = h
        .get_by_label(&format!("Add {}", tag.label()))
        .rect()
        .center();
    let target = h.state().canvas_to_screen(at);
    drag(h, item, target);
    assert_eq!(
        h.state().design().components.len(),
        n + 1,
        "dropped {tag:?}"
    );
}

/// Replaces the text of the field labelled `label` and commits it with Enter.
fn set_text(h: &mut H, label: &str, value: &str) {
    let field = h.get_all_by_label(label).last().expect("field");
    field.scroll_to_me();
    field.focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    h.get_all_by_label(label)
        .last()
        .expect("field")
        .type_text(value);
    h.step();
    h.key_press(Key::Enter);
    h.run_steps(3);
}

/// Picks `option` in the dropdown labelled `label` (the `nth` one with that label).
fn choose_nth(h: &mut H, label: &str, nth: usize, option: &str) {
    let combo = By::new().label(label).role(Role::ComboBox);
    h.query_all(combo.clone())
        .nth(nth)
        .unwrap_or_else(|| panic!("no dropdown {label:?} #{nth}"))
        .scroll_to_me();
    // Scrolling into view is animated: let it settle before taking the widget's place.
    h.run_steps(20);
    let at = h
        .query_all(combo)
        .nth(nth)
        .expect("dropdown")
        .rect()
        .center();
    click_at(h, at);
    // The option labelled `option`, or else the one whose label starts with it.
    let at = h
        .query_by_label(option)
        .or_else(|| {
            h.query_all(By::new().predicate(|n| n.label().is_some_and(|l| l.starts_with(option))))
                .next()
        })
        .unwrap_or_else(|| panic!("no option {option:?} in {label:?}"))
        .rect()
        .center();
    click_at(h, at);
}

fn choose(h: &mut H, label: &str, option: &str) {
    choose_nth(h, label, 0, option);
}

/// Screen point in a component's header (above any service rows).
fn header(h: &H, id: &str) -> Pos2 {
    let c = component(h, id);
    let r = infraboard::scene::node_rect(&c);
    h.state()
        .canvas_to_screen(Point::new(c.position.x, r.min.y + 8.0))
}

/// Screen point in the middle of the row of service `svc` on server `id`.
fn service_row(h: &H, id: &str, svc: &str) -> Pos2 {
    let c = component(h, id);
    let i = c
        .kind
        .services()
        .iter()
        .position(|s| s.id == svc)
        .expect("service");
    let m = infraboard::theme::Theme::light().metrics;
    let r = infraboard::scene::geometry::service_row_rect_at(&c, i, &m);
    h.state().canvas_to_screen(r.centre())
}

/// Drags from `from`'s connect handle and drops at `to` (screen); the new link is selected.
fn connect_to(h: &mut H, from: &str, to: Pos2) {
    let n = h.state().design().links.len();
    let start = h.state().handle_screen_pos(from).expect("handle");
    drag(h, start, to);
    assert_eq!(
        h.state().design().links.len(),
        n + 1,
        "link from {from}: {:?}",
        h.state().last_refusal()
    );
    assert_eq!(h.state().document().selection.link, Some(n));
}

fn connect(h: &mut H, from: &str, to: &str) {
    let at = header(h, to);
    connect_to(h, from, at);
}

/// Creates a component at its reference position and gives it its reference id and name.
fn place(h: &mut H, reference: &Design, id: &str) {
    let r = reference.component(id).expect("reference component");
    drop_from_palette(h, r.tag(), r.position);
    set_text(h, "Id", id);
    set_text(h, "Name", &r.name);
    assert!(
        h.state().design().component(id).is_some(),
        "renamed to {id}"
    );
    assert!(
        h.state().document().selection.contains(id),
        "{:?} {:?}",
        h.state().document().selection,
        h.state().design().components
    );
}

/// Adds a service of the kind labelled `kind` to the selected server (inspector, "+ service").
fn add_service(h: &mut H, kind: &str) {
    click(h, "+ service");
    let at = h
        .query_all(By::new().label(kind).role(Role::Button))
        .last()
        .unwrap_or_else(|| panic!("no {kind:?} entry"))
        .rect()
        .center();
    click_at(h, at);
}

/// A firewall rule allowing port 80 from the load balancer, through the rule table.
fn allow_80_from_lb(h: &mut H) {
    click(h, "+ rule");
    set_text(h, "port", "80");
    choose(h, "from", "lb");
}

/// Whether a finding of `rule` (for `class`, if given) names exactly `components`.
fn finds(h: &H, rule: Rule, class: Option<RequestClass>, components: &[&str]) -> bool {
    h.state().analysis().findings.iter().any(|f| {
        f.rule == rule && class.is_none_or(|c| f.class == Some(c)) && f.components == components
    })
}

fn plaintext_after_lb(h: &H, link: &str) -> bool {
    h.state().analysis().findings.iter().any(|f| {
        f.rule == Rule::PlaintextAfterTlsTermination
            && f.involves("lb")
            && f.message.starts_with(&format!("`{link}`"))
    })
}

/// Types `path` into the in-app path field (shown where no native file dialog can be) and
/// presses its `action` button.
fn path_field(h: &mut H, path: &std::path::Path, action: &str) {
    let field = By::new().predicate(|n| {
        n.role() == Role::TextInput && n.data().placeholder() == Some("/path/to/design.ron")
    });
    h.query(field.clone())
        .expect("the path field (is a native file dialog available here?)")
        .focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    h.query(field)
        .expect("path field")
        .type_text(&path.display().to_string());
    h.step();
    click(h, action);
    h.run_steps(2);
}

/// Positions do not matter for equality with the template.
fn without_positions(d: &Design) -> Design {
    let mut d = d.clone();
    for c in &mut d.components {
        c.position = Point::new(0.0, 0.0);
    }
    d
}

#[test]
fn draw_the_reference_design_by_mouse_save_and_reopen() {
    let reference = infraboard::io::templates::reference_design().expect("reference");
    let h = &mut harness();
    let identical_stacks = |h: &H| finds(h, Rule::SharedFate, None, &["server-1", "server-2"]);
    let writes_spof = |h: &H| {
        finds(
            h,
            Rule::Spof,
            Some(RequestClass::Write),
            &["server-1/mysql"],
        )
    };
    let reads_spof = |h: &H| finds(h, Rule::Spof, Some(RequestClass::Read), &["server-1/mysql"]);

    // File → New from template… → Empty canvas.
    click(h, "File");
    click_menu(h, "New from template…");
    click(h, "Empty canvas");
    assert!(h.state().design().components.is_empty(), "empty canvas");
    assert!(!h.state().analysis().findings.iter().any(|f| matches!(
        f.rule,
        Rule::Spof | Rule::PlaintextAfterTlsTermination | Rule::SharedFate
    )));
    // Nothing selected: the inspector edits the design itself.
    set_text(h, "Name", &reference.name);
    assert_eq!(h.state().design().name, reference.name);

    // Components, in the reference's order, each set up in the inspector.
    place(h, &reference, "users");
    place(h, &reference, "dns");
    set_text(h, "Replicas", "4");
    place(h, &reference, "fw-lb");
    click(h, "+ rule"); // a new rule allows 443 from anyone
    place(h, &reference, "lb");
    choose(h, "TLS", "terminate");
    click(h, "present"); // a certificate for the design's domain
    set_text(h, "Expires", "2027-09-30");
    choose(h, "Capacity", "max QPS");
    set_text(h, "Max", "20000");
    place(h, &reference, "fw-1");
    allow_80_from_lb(h);
    place(h, &reference, "fw-2");
    allow_80_from_lb(h);
    // A new server has a web and an application tier; the database is added in the inspector.
    place(h, &reference, "server-1");
    add_service(h, "database");
    assert!(!identical_stacks(h));
    place(h, &reference, "server-2");
    add_service(h, "database");
    // Issue 1: two servers with the same full stack fail together.
    assert!(identical_stacks(h), "shared-fate once both servers exist");
    choose(h, "Role", "replica"); // server-2's MySQL replicates server-1's
    place(h, &reference, "mon-lb");
    place(h, &reference, "mon-1");
    place(h, &reference, "mon-2");
    place(h, &reference, "sumologic");
    for (got, want) in h
        .state()
        .design()
        .components
        .iter()
        .zip(&reference.components)
    {
        assert_eq!(got, want, "component {} as in the reference", want.id);
    }

    // Links, in the reference's order; defaults adjusted in the link inspector.
    connect(h, "users", "dns");
    connect(h, "users", "fw-lb");
    connect(h, "fw-lb", "lb");
    choose(h, "Protocol", "HTTPS"); // firewall → LB defaults to HTTP; the reference passes TLS on
    assert!(!plaintext_after_lb(h, "lb -> fw-1"));
    connect(h, "lb", "fw-1");
    // Issue 2: HTTP behind the LB that terminates TLS.
    assert!(plaintext_after_lb(h, "lb -> fw-1"), "plaintext after lb");
    connect(h, "fw-1", "server-1");
    assert!(plaintext_after_lb(h, "fw-1 -> server-1"));
    connect(h, "lb", "fw-2");
    connect(h, "fw-2", "server-2");
    assert!(plaintext_after_lb(h, "fw-2 -> server-2"));
    // Issue 3: reads now have two servers, writes still only the one MySQL primary.
    assert!(!reads_spof(h), "reads are served by both servers");
    assert!(writes_spof(h), "spof for writes at server-1/mysql");
    let at = service_row(h, "server-1", "mysql");
    connect_to(h, "server-2", at);
    choose(h, "From service", "app (");
    choose(h, "Carries", "writes only");
    let at = service_row(h, "server-2", "mysql");
    connect_to(h, "server-1", at);
    choose(h, "Purpose", "replication");
    choose(h, "From service", "mysql (");
    assert!(
        writes_spof(h),
        "replication to a replica does not take writes"
    );
    connect(h, "mon-lb", "lb");
    connect(h, "mon-1", "server-1");
    connect(h, "mon-2", "server-2");
    connect(h, "mon-lb", "sumologic");
    connect(h, "mon-1", "sumologic");
    connect(h, "mon-2", "sumologic");
    assert!(identical_stacks(h) && writes_spof(h) && plaintext_after_lb(h, "lb -> fw-1"));

    // Drawn at the reference's positions, so equal even with positions.
    assert_eq!(
        without_positions(h.state().design()),
        without_positions(&reference)
    );
    assert_eq!(h.state().design(), &reference);
    let drawn = h.state().design().clone();
    let findings = h.state().analysis().findings.clone();

    // File → Save As… into a temp dir.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("drawn.ron");
    click(h, "File");
    click_menu(h, "Save As…");
    path_field(h, &path, "Save");
    assert!(path.exists(), "saved to {}", path.display());
    assert!(!h.state().document().is_dirty());
    assert_eq!(
        infraboard::io::load_design(&path).expect("load"),
        drawn,
        "the file holds the drawn design"
    );

    // An empty canvas, then File → Open… the saved file.
    click(h, "File");
    click_menu(h, "New from template…");
    click(h, "Empty canvas");
    assert!(h.state().design().components.is_empty());
    click(h, "File");
    click_menu(h, "Open…");
    path_field(h, &path, "Open");
    h.run_steps(3);
    assert_eq!(h.state().design(), &drawn, "reopened as saved");
    assert_eq!(h.state().document().path.as_deref(), Some(path.as_path()));
    assert_eq!(
        without_positions(h.state().design()),
        without_positions(&reference)
    );
    assert_eq!(h.state().analysis().findings, findings);
}
