//! `infraboard export` through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

use std::path::Path;
use std::process::Command;

use infraboard::io::templates::TEMPLATES;

fn infraboard(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn reference(dir: &Path) -> String {
    let t = TEMPLATES
        .iter()
        .find(|t| t.name == "secured-monitored-web-infrastructure")
        .unwrap();
    let path = dir.join("reference.ron");
    std::fs::write(&path, t.text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn exports_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let design = reference(dir.path());
    for (name, extra) in [
        ("out.png", vec!["--scale", "2", "--background", "dark"]),
        ("out.svg", vec!["--overlays", "spof,tls", "--no-legend"]),
        (
            "plain.png",
            vec!["--overlays", "none", "--background", "transparent"],
        ),
    ] {
        let out = dir.path().join(name);
        let out_s = out.to_string_lossy().into_owned();
        let mut args = vec!["export", design.as_str(), "-o", out_s.as_str()];
        args.extend(extra);
        let (code, stdout, stderr) = infraboard(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains(name));
        assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    }
}

#[test]
fn unknown_extension_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let design = reference(dir.path());
    let out = dir.path().join("out.jpg");
    let (code, _, stderr) = infraboard(&["export", &design, "-o", &out.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("out.jpg"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn bad_options_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let design = reference(dir.path());
    let out = dir.path().join("out.png");
    let out = out.to_string_lossy();
    for extra in [
        ["--scale", "3"],
        ["--overlays", "colour"],
        ["--background", "pink"],
    ] {
        let mut args = vec!["export", design.as_str(), "-o", &out];
        args.extend(extra);
        assert_eq!(infraboard(&args).0, 2, "{extra:?}");
    }
}

#[test]
fn bad_design_file_is_bad_input_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.ron");
    std::fs::write(&bad, "(format_version: 1, design: (name: 3))").unwrap();
    let out = dir.path().join("out.png");
    let (code, _, stderr) = infraboard(&[
        "export",
        &bad.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("broken.ron"), "{stderr}");
    let missing = dir.path().join("missing.ron");
    let (code, _, stderr) = infraboard(&[
        "export",
        &missing.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.ron"), "{stderr}");
}

#[test]
fn validate_and_export_accept_an_exported_png() {
    let dir = tempfile::tempdir().unwrap();
    let design = reference(dir.path());
    let png = dir.path().join("diagram.png");
    let png_s = png.to_string_lossy().into_owned();
    assert_eq!(infraboard(&["export", &design, "-o", &png_s]).0, 0);
    let (code, stdout, stderr) = infraboard(&["validate", &png_s]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("diagram.png"), "{stdout}");
    let svg = dir.path().join("again.svg");
    let (code, _, stderr) = infraboard(&["export", &png_s, "-o", &svg.to_string_lossy()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = infraboard(&["validate", &svg.to_string_lossy()]);
    assert_eq!(code, 0, "{stderr}");
    // A PNG with no design in it is refused with a clear message.
    let photo = dir.path().join("photo.png");
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, 1, 1);
        enc.set_color(png::ColorType::Rgba);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0, 0, 0, 0]).unwrap();
    }
    std::fs::write(&photo, bytes).unwrap();
    let (code, _, stderr) = infraboard(&["validate", &photo.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("PNG without an Infraboard design"),
        "{stderr}"
    );
}
