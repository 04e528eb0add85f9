//! The window's file prompts and autosave through egui_kittest: Save As asks before replacing
//! an existing file, opening with unsaved changes asks once, and autosave writes a recovery
//! file that a later start offers to restore, discard or keep — including after the process
//! was killed with SIGKILL (issue 17).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use egui::Vec2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};
use infraboard::io::recovery::RecoveryDir;
use infraboard::io::templates::template;
use infraboard::io::{load_design, save_design};
use infraboard::model::{Design, KindTag, Point};
use infraboard::ui::{Command, InfraboardApp, Settings};

fn harness(app: InfraboardApp) -> Harness<'static, InfraboardApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut InfraboardApp| app.ui_frame(ui), app);
    h.run_steps(3);
    h
}

fn simple() -> Design {
    template("simple-web-stack").unwrap().design().unwrap()
}

fn app_on(design: Design) -> InfraboardApp {
    let mut app = InfraboardApp::new(None, Settings::default());
    app.set_document(design, None);
    app.use_in_app_file_dialogs();
    app
}

fn edit(h: &mut Harness<'_, InfraboardApp>) {
    h.state_mut().queued.push(Command::AddComponent {
        tag: KindTag::Dns,
        at: Point::new(-300.0, 300.0),
    });
    h.run_steps(2);
    assert!(h.state().document().is_dirty());
}

fn type_path(h: &mut Harness<'_, InfraboardApp>, path: &Path) {
    h.get(by().role(Role::TextInput).label("Path")).focus();
    h.run_steps(2);
    h.get(by().role(Role::TextInput).label("Path"))
        .type_text(path.to_str().unwrap());
    h.run_steps(2);
}

#[test]
fn save_as_asks_before_replacing_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("taken.ron");
    std::fs::write(&taken, "keep me").unwrap();
    let mut h = harness(app_on(simple()));
    edit(&mut h);

    h.state_mut().queued.push(Command::SaveAs);
    h.run_steps(3);
    type_path(&mut h, &taken);
    h.get_by_label("Save").click();
    h.run_steps(3);
    assert!(h.state().overwrite_prompt_showing());
    assert!(h.query_by_label("Replace existing file?").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(!h.state().overwrite_prompt_showing());
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "keep me");
    assert!(h.state().document().is_dirty());

    h.state_mut().queued.push(Command::SaveAs);
    h.run_steps(3);
    type_path(&mut h, &taken);
    h.get_by_label("Save").click();
    h.run_steps(3);
    h.get_by_label("Replace").click();
    h.run_steps(3);
    assert_eq!(&load_design(&taken).unwrap(), h.state().design());
    assert!(!h.state().document().is_dirty());

    // A new file is written without a question.
    let fresh = dir.path().join("fresh.ron");
    edit(&mut h);
    h.state_mut().queued.push(Command::SaveAs);
    h.run_steps(3);
    h.get(by().role(Role::TextInput).label("Path")).focus();
    h.run_steps(1);
    // The field starts with the current file's path; select it all and type over it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    type_path(&mut h, &fresh);
    h.get_by_label("Save").click();
    h.run_steps(3);
    assert!(!h.state().overwrite_prompt_showing());
    assert_eq!(&load_design(&fresh).unwrap(), h.state().design());
}

#[test]
fn opening_with_unsaved_changes_asks_once() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.ron");
    let reference = infraboard::io::templates::reference_design().unwrap();
    save_design(&reference, &other).unwrap();
    let mut h = harness(app_on(simple()));
    edit(&mut h);

    h.state_mut().queued.push(Command::Open);
    h.run_steps(3);
    assert!(h.state().prompt_showing());
    h.get_by_label("Discard").click();
    h.run_steps(3);
    assert!(!h.state().prompt_showing());
    type_path(&mut h, &other);
    h.get_by_label("Open").click();
    h.run_steps(3);
    assert!(!h.state().prompt_showing(), "asked a second time");
    assert_eq!(h.state().design(), &reference);
    assert!(!h.state().document().is_dirty());
}

/// Steps the app (in real time) until `done` holds, at most `limit`.
fn step_until(
    h: &mut Harness<'_, InfraboardApp>,
    limit: Duration,
    done: impl Fn(&InfraboardApp) -> bool,
) -> Duration {
    let started = Instant::now();
    while !done(h.state()) {
        assert!(started.elapsed() < limit, "not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    started.elapsed()
}

fn recovery_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    files
}

#[test]
fn autosave_writes_within_seconds_and_a_save_or_discard_removes_it() {
    let state = tempfile::tempdir().unwrap();
    let recovery = RecoveryDir::at(state.path().join("recovery"));
    let mut h = harness(app_on(simple()).with_recovery(&recovery));
    let file = h.state().recovery_file().unwrap().to_path_buf();
    assert!(!file.exists(), "nothing to recover before an edit");

    edit(&mut h);
    let took = step_until(&mut h, Duration::from_secs(10), |_| file.exists());
    assert!(took < Duration::from_secs(10));
    let saved = RecoveryDir::at(recovery.path());
    assert!(
        saved.orphans().is_empty(),
        "this window's own file is not offered"
    );

    // A clean save removes it.
    let target = state.path().join("saved.ron");
    h.state_mut().queued.push(Command::SaveTo(target.clone()));
    h.run_steps(2);
    assert!(!file.exists());

    // Discarding the changes removes it too.
    edit(&mut h);
    step_until(&mut h, Duration::from_secs(10), |_| file.exists());
    h.state_mut().queued.push(Command::NewFrom(None));
    h.run_steps(3);
    h.get_by_label("Discard").click();
    h.run_steps(3);
    assert!(!file.exists());
    assert!(recovery_files(recovery.path()).is_empty());
}

/// Child side of the kill test: edits the design, waits for the autosave, then spins until
/// killed.
#[test]
#[ignore = "helper process for a_killed_window_is_offered_for_recovery"]
fn child_edits_and_is_killed() {
    let Ok(original) = std::env::var("INFRABOARD_TEST_ORIGINAL") else {
        return;
    };
    let dir = RecoveryDir::from_env().expect("XDG_STATE_HOME is set by the parent");
    let app = InfraboardApp::new(Some(PathBuf::from(&original)), Settings::default());
    let mut h = harness(app.with_recovery(&dir));
    let mut info = h.state().design().clone();
    info.name = "Edited before the crash".to_owned();
    h.state_mut()
        .queued
        .push(Command::EditDesignInfo(Box::new(info)));
    h.run_steps(2);
    std::fs::write(format!("{original}.edited"), "").unwrap();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
}

#[test]
fn a_killed_window_is_offered_for_recovery() {
    let state = tempfile::tempdir().unwrap();
    let original = state.path().join("site.ron");
    save_design(&simple(), &original).unwrap();
    let mut child = Process::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_edits_and_is_killed",
            "--nocapture",
        ])
        .env("XDG_STATE_HOME", state.path())
        .env("INFRABOARD_TEST_ORIGINAL", &original)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let recovery = RecoveryDir::at(state.path().join("infraboard").join("recovery"));
    let edited = PathBuf::from(format!("{}.edited", original.display()));
    let started = Instant::now();
    while !edited.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the child never edited"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let edited_at = Instant::now();
    while recovery_files(recovery.path()).is_empty() {
        assert!(
            edited_at.elapsed() < Duration::from_secs(10),
            "no autosave within 10 s of the edit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        recovery.orphans().is_empty(),
        "a running window's file is not offered"
    );
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert_eq!(
        load_design(&original).unwrap(),
        simple(),
        "the user's file is untouched"
    );

    // Keep for later: still there, offered again next time.
    let app = InfraboardApp::new(None, Settings::default()).with_recovery(&recovery);
    let mut h = harness(app);
    assert!(h.state().recovery_prompt_showing());
    assert!(h.query_by_label("Recover unsaved work?").is_some());
    h.get_by_label("Keep for later").click();
    h.run_steps(2);
    assert!(!h.state().recovery_prompt_showing());
    drop(h);
    assert_eq!(recovery.orphans().len(), 1);

    // Restore: the edited design opens unsaved, bound to its file.
    let app = InfraboardApp::new(None, Settings::default()).with_recovery(&recovery);
    let mut h = harness(app);
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().design().name, "Edited before the crash");
    assert!(h.state().document().is_dirty());
    assert_eq!(
        h.state().document().path.as_deref(),
        Some(original.as_path())
    );
    let own = h.state().recovery_file().unwrap().to_path_buf();
    assert!(own.exists(), "restored work is autosaved at once");
    assert_eq!(recovery_files(recovery.path()), vec![own.clone()]);
    drop(h);

    // Discard: gone for good.
    let app = InfraboardApp::new(None, Settings::default()).with_recovery(&recovery);
    let mut h = harness(app);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(recovery_files(recovery.path()).is_empty());
    assert!(recovery.orphans().is_empty());
}

#[test]
fn a_large_design_is_autosaved_on_a_worker_and_a_save_still_removes_the_file() {
    use infraboard::io::recovery::Recovered;
    use infraboard::sim::generate::layered_design;
    use infraboard::ui::app::INLINE_ANALYSIS_ITEMS;
    let design = layered_design(1_500, 9);
    assert!(design.components.len() + design.links.len() > INLINE_ANALYSIS_ITEMS);
    let state = tempfile::tempdir().unwrap();
    let recovery = RecoveryDir::at(state.path().join("recovery"));
    let mut h = harness(app_on(design).with_recovery(&recovery));
    let file = h.state().recovery_file().unwrap().to_path_buf();

    edit(&mut h);
    step_until(&mut h, Duration::from_secs(20), |_| file.exists());
    let written = Recovered::read(&file)
        .design
        .expect("the recovery file loads");
    assert_eq!(
        &written,
        h.state().design(),
        "the file holds the design as edited"
    );

    // A save waits for any write still in flight, then removes the file for good.
    edit(&mut h);
    let target = state.path().join("saved.ron");
    h.state_mut().queued.push(Command::SaveTo(target.clone()));
    h.run_steps(2);
    assert!(!h.state().document().is_dirty());
    std::thread::sleep(Duration::from_millis(300));
    h.run_steps(2);
    assert!(!file.exists());
    assert_eq!(&load_design(&target).unwrap(), h.state().design());
}
