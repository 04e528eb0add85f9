//! Compare mode driven through the real app with egui_kittest: File → Compare with… (the last
//! saved version, or a typed file), the overlay marks on the canvas, the list of changes and
//! findings, the diff following edits, the comparison export, a refused file, and Esc.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod ui_common;

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use infraboard::diff::ChangeKind;
use infraboard::io::templates::reference_design;
use infraboard::scene::{Primitive, SceneItemOwner, node_rect};
use infraboard::sim::Rule;
use infraboard::ui::{InfraboardApp, Settings};

type H = Harness<'static, InfraboardApp>;

fn save(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("saves")
        .join(name)
}

/// The app on a copy of the reference design saved in `dir`.
fn app_on_saved_reference(dir: &Path) -> (H, PathBuf) {
    let path = dir.join("design.ron");
    infraboard::io::save_design(&reference_design().unwrap(), &path).unwrap();
    let mut app = InfraboardApp::new(Some(path.clone()), Settings::default());
    app.use_in_app_path_field();
    let mut h = Harness::builder()
        .with_size(egui::Vec2::new(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    h.run_steps(3);
    (h, path)
}

fn click_at(h: &mut H, at: Pos2) {
    ui_common::click(h, at, Modifiers::NONE);
}

/// Clicks the last widget whose label starts with `label`.
fn click(h: &mut H, label: &str) {
    ui_common::click_label(h, label);
}

fn open_compare_dialog(h: &mut H) {
    click(h, "File");
    click(h, "Compare with…");
    assert!(
        h.query_by_label("Compare path").is_some(),
        "the dialog is open"
    );
}

fn type_into(h: &mut H, label: &str, text: &str) {
    let field = By::new().role(Role::TextInput).label(label);
    h.get(field.clone()).focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    h.get(field).type_text(text);
    h.step();
}

/// Deletes component `id` the way a person does: click it, press Delete.
fn delete_component(h: &mut H, id: &str) {
    let at = h
        .state()
        .canvas_to_screen(h.state().design().component(id).unwrap().position);
    click_at(h, at);
    assert!(h.state().document().selection.contains(id), "{id} selected");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().design().component(id).is_none(), "{id} deleted");
}

#[test]
fn compare_with_the_saved_version_marks_the_canvas_and_lists_changes_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = app_on_saved_reference(dir.path());
    let saved = h.state().design().clone();
    delete_component(&mut h, "mon-2");

    open_compare_dialog(&mut h);
    click(&mut h, "The last saved version");
    assert!(h.state().comparing());
    let c = h.state().comparison().unwrap();
    let removed: Vec<_> = c
        .diff
        .model
        .components
        .iter()
        .map(|i| (i.id.as_str(), i.change))
        .collect();
    assert_eq!(removed, [("mon-2", ChangeKind::Removed)]);
    let unmonitored = c
        .diff
        .analysis
        .introduced
        .iter()
        .find(|f| f.rule == Rule::Unmonitored && f.components.iter().any(|x| x == "server-2"))
        .unwrap_or_else(|| panic!("server-2 unmonitored: {:?}", c.diff.analysis.introduced));
    let finding_row = format!("{}: {}", unmonitored.severity.key(), unmonitored.message);
    // The removed component is a ghost where it was: a box at its place in the saved design.
    let ghost = node_rect(saved.component("mon-2").unwrap());
    assert!(
        c.marks
            .under
            .iter()
            .any(|i| i.owner == SceneItemOwner::Compare
                && matches!(&i.primitive, Primitive::Rect { rect, .. } if *rect == ghost))
    );
    // The panel lists the change and the finding.
    assert!(h.query_by_label("mon-2").is_some(), "change listed");
    assert!(h.query_by_label_contains("Findings introduced").is_some());
    assert!(
        h.query_by_label(&finding_row).is_some(),
        "{finding_row} listed"
    );
    // The open design is untouched by comparing.
    assert!(h.state().design().component("mon-2").is_none());
    assert!(h.state().document().is_dirty());

    // Esc leaves compare mode.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().comparing());
    assert!(h.query_by_label("mon-2").is_none());
}

#[test]
fn compare_with_a_typed_file_follows_edits_and_exports_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = app_on_saved_reference(dir.path());
    open_compare_dialog(&mut h);
    type_into(
        &mut h,
        "Compare path",
        save("scale-up.ron").to_str().unwrap(),
    );
    click(&mut h, "Compare");
    h.run_steps(2);
    assert!(h.state().comparing(), "{:?}", h.state().compare_message());
    let c = h.state().comparison().unwrap();
    assert_eq!(c.old_label, "scale-up.ron");
    // From scale-up back to the reference: lb is added, and outlined where it is.
    assert!(
        c.diff
            .model
            .components
            .iter()
            .any(|i| i.id == "lb" && i.change == ChangeKind::Added)
    );
    let lb = node_rect(h.state().design().component("lb").unwrap());
    assert!(c.marks.over.iter().any(|i| matches!(&i.primitive,
        Primitive::Rect { rect, .. } if rect.min.x < lb.min.x && rect.max.x > lb.max.x
            && rect.min.y < lb.min.y && rect.max.y > lb.max.y)));
    assert!(
        c.diff
            .analysis
            .introduced
            .iter()
            .any(|f| f.rule == Rule::Spof)
    );
    let runs = c.runs;
    h.run_steps(5);
    assert_eq!(
        h.state().comparison().unwrap().runs,
        runs,
        "not recomputed every frame"
    );
    // A click on a row's id selects and centres what the row is about.
    let lb_row = h.get_by_label("lb").rect().center();
    click_at(&mut h, lb_row);
    assert_eq!(ui_common::selected(&h), ["lb"]);

    // An edit while comparing: the diff follows, once.
    delete_component(&mut h, "mon-lb");
    let c = h.state().comparison().unwrap();
    assert_eq!(c.runs, runs + 1);
    assert!(!c.diff.model.components.iter().any(|i| i.id == "mon-lb"));

    // Export the comparison as SVG through the panel.
    let out = dir.path().join("comparison.svg");
    click(&mut h, "Export SVG…");
    type_into(&mut h, "Export path", out.to_str().unwrap());
    click(&mut h, "Export");
    h.run_steps(2);
    let svg = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("{e}: {:?}", h.state().compare_message()));
    assert!(
        svg.contains("class=\"compare\""),
        "compare marks in the SVG"
    );
    assert!(
        svg.contains("scale-up.ron"),
        "the title says what is compared"
    );
    let reopened = infraboard::io::design_from_bytes(svg.as_bytes(), &out).unwrap();
    assert_eq!(
        &reopened,
        h.state().design(),
        "the open design travels inside"
    );
}

#[test]
fn a_file_that_is_not_a_design_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = app_on_saved_reference(dir.path());
    let before = h.state().design().clone();
    let junk = dir.path().join("junk.ron");
    std::fs::write(&junk, "(not a design").unwrap();
    open_compare_dialog(&mut h);
    type_into(&mut h, "Compare path", junk.to_str().unwrap());
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(!h.state().comparing());
    assert!(
        h.query_by_label_contains("junk.ron").is_some(),
        "the dialog says which file"
    );
    assert_eq!(h.state().design(), &before);
    click(&mut h, "Cancel");
    assert!(h.query_by_label("Compare path").is_none());
}
