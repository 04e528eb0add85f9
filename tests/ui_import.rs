//! The window's import and auto-layout, driven headless with egui_kittest: View → Auto-layout
//! (one undo step, selection only when there is one), dropping a draw.io file (a new unsaved
//! design and the report), and a malformed file (error, design kept).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Event, Key, Modifiers, PointerButton, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use infraboard::io::templates::TEMPLATES;
use infraboard::layout::{auto_layout, overlapping_boxes};
use infraboard::model::{ComponentId, Design, Point};
use infraboard::ui::{Command, InfraboardApp, Settings};

fn harness(design: Design) -> Harness<'static, InfraboardApp> {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(design, None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    h.run_steps(3);
    h
}

/// The reference design with its boxes piled on top of each other.
fn messy() -> Design {
    let mut d = TEMPLATES[2].design().unwrap();
    for (i, c) in d.components.iter_mut().enumerate() {
        c.position = Point::new((i % 3) as f32 * 60.0, (i % 4) as f32 * 40.0);
    }
    assert!(!overlapping_boxes(&d).is_empty());
    d
}

/// Clicks (with the pointer) the first widget whose label starts with `label`: menu entries
/// carry their shortcut in their label.
fn click_menu(h: &mut Harness<'static, InfraboardApp>, label: &str) {
    let at = h
        .query_all(By::new().predicate(|n| n.label().is_some_and(|l| l.starts_with(label))))
        .next()
        .unwrap_or_else(|| panic!("no menu entry {label:?}"))
        .rect()
        .center();
    h.event(Event::PointerMoved(at));
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
}

fn positions(d: &Design) -> Vec<Point> {
    d.components.iter().map(|c| c.position).collect()
}

#[test]
fn auto_layout_from_the_view_menu_is_one_undo_step() {
    let before = messy();
    let mut h = harness(before.clone());
    click_menu(&mut h, "View");
    click_menu(&mut h, "Auto-layout");
    let after = h.state().design().clone();
    assert!(overlapping_boxes(&after).is_empty());
    let expected = auto_layout(&before, None);
    for c in &after.components {
        assert_eq!(Some(&c.position), expected.get(&c.id), "{}", c.id);
    }
    assert!(h.state().document().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        positions(h.state().design()),
        positions(&before),
        "one undo restores all"
    );
}

#[test]
fn the_shortcut_lays_out_only_the_selection() {
    let before = TEMPLATES[2].design().unwrap();
    let mut h = harness(before.clone());
    let chosen: Vec<ComponentId> = ["server-1", "server-2", "mon-1", "mon-2"]
        .map(ComponentId::from)
        .to_vec();
    h.state_mut().queued.push(Command::Select(chosen.clone()));
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    h.run_steps(2);
    let after = h.state().design();
    for (old, new) in before.components.iter().zip(&after.components) {
        if !chosen.contains(&old.id) {
            assert_eq!(old.position, new.position, "{} moved", old.id);
        }
    }
    assert_ne!(positions(after), positions(&before));
    assert!(overlapping_boxes(after).is_empty());
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import")
        .join(name)
}

#[test]
fn dropping_a_drawio_file_imports_it_with_a_report() {
    let mut h = harness(Design::empty("empty"));
    let path = corpus("drawio/network-basic.drawio");
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.clone())));
    h.run_steps(4);
    let d = h.state().design();
    let expected = infraboard::import::import_file(&path, None).unwrap().design;
    assert_eq!(d, &expected);
    assert!(h.state().document().is_dirty(), "an import is unsaved");
    assert!(h.query_by_label("Import report").is_some());
}

#[test]
fn a_malformed_import_keeps_the_design() {
    let design = TEMPLATES[0].design().unwrap();
    let mut h = harness(design.clone());
    h.state_mut()
        .queued
        .push(Command::OpenPath(corpus("bad/broken-xml.drawio")));
    h.run_steps(4);
    assert_eq!(h.state().design(), &design);
    assert!(h.query_by_label("Problem").is_some());
}

/// File → Open through the in-app path field: types `path` and presses Enter.
fn open_through_the_path_field(h: &mut Harness<'static, InfraboardApp>, path: &Path) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(3);
    h.event(Event::Text(path.display().to_string()));
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(4);
}

#[test]
fn open_routes_xml_and_yaml_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let design = TEMPLATES[0].design().unwrap();

    // A design saved under a .yml name opens as a design.
    let as_yml = dir.path().join("design.yml");
    std::fs::write(&as_yml, TEMPLATES[1].text).unwrap();
    let mut h = harness(design.clone());
    h.state_mut().use_in_app_path_field();
    open_through_the_path_field(&mut h, &as_yml);
    assert_eq!(h.state().design(), &TEMPLATES[1].design().unwrap());
    assert!(!h.state().document().is_dirty(), "opened, not imported");
    assert!(h.query_by_label("Import report").is_none());

    // A draw.io diagram under a .yaml name is imported.
    let drawio = dir.path().join("diagram.yaml");
    std::fs::copy(corpus("drawio/network-basic.drawio"), &drawio).unwrap();
    let mut h = harness(design.clone());
    h.state_mut().use_in_app_path_field();
    open_through_the_path_field(&mut h, &drawio);
    let expected = infraboard::import::import_file(&drawio, None)
        .unwrap()
        .design;
    assert_eq!(h.state().design(), &expected);
    assert!(h.query_by_label("Import report").is_some());

    // XML and YAML that are neither: one clear message each, the design untouched.
    for (name, text, says) in [
        (
            "pom.xml",
            "<?xml version=\"1.0\"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n",
            "this XML file is not a draw.io diagram",
        ),
        (
            "ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
            "this YAML file is not a Docker Compose file",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut h = harness(design.clone());
        h.state_mut().use_in_app_path_field();
        open_through_the_path_field(&mut h, &path);
        assert_eq!(h.state().design(), &design, "{name}: the design is kept");
        assert!(
            h.query_by_label_contains(says).is_some(),
            "{name}: the message says {says:?}"
        );
        assert!(
            h.query_by_label_contains("not an Infraboard design")
                .is_some(),
            "{name}: and that it is not a design"
        );
    }
}
