//! Saving is atomic: a save that fails part-way, or a process killed mid-save, leaves the
//! previous file intact.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use infraboard::io::templates::reference_design;
use infraboard::io::{design_to_string, load_design, save_design, write_atomic_with};
use infraboard::sim::generate::layered_design;

#[test]
fn a_write_that_fails_part_way_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.ron");
    let design = reference_design().unwrap();
    save_design(&design, &path).unwrap();
    let before = std::fs::read(&path).unwrap();

    let result = write_atomic_with(&path, |file| {
        use std::io::Write;
        file.write_all(b"(format_version: 1, design: (name: \"half")?;
        Err(std::io::Error::other("disk full (simulated)"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(load_design(&path).unwrap(), design);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("design.ron")]);
}

#[test]
fn a_save_into_a_missing_directory_fails_cleanly() {
    let err = save_design(
        &reference_design().unwrap(),
        Path::new("/nonexistent/dir/x.ron"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("/nonexistent/dir/x.ron"), "{err}");
}

/// Child side of the kill test: saves two alternating large designs forever.
#[test]
#[ignore = "helper process for a_process_killed_mid_save_leaves_a_whole_file"]
fn child_saves_forever() {
    let Ok(path) = std::env::var("INFRABOARD_SAVE_LOOP_PATH") else {
        return;
    };
    let designs = [layered_design(4000, 1), layered_design(4000, 2)];
    for i in 0.. {
        save_design(&designs[i % 2], Path::new(&path)).unwrap();
    }
}

#[test]
fn a_process_killed_mid_save_leaves_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.ron");
    let versions = [
        design_to_string(&layered_design(4000, 1)).unwrap(),
        design_to_string(&layered_design(4000, 2)).unwrap(),
    ];
    std::fs::write(&path, &versions[0]).unwrap();
    for round in 0..6 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "child_saves_forever", "--nocapture"])
            .env("INFRABOARD_SAVE_LOOP_PATH", &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(150 + 70 * round));
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            versions.contains(&text),
            "round {round}: the file is neither the old nor the new design ({} bytes)",
            text.len()
        );
        assert!(load_design(&path).is_ok());
    }
}
