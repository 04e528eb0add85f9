//! Files from strangers through the real binary: model limits, terminal escapes, SVG metadata
//! as XML, PNG chunk CRCs, special files, large images, links and permissions, overwrites,
//! byte-order marks and numbers on the command line (issue 17).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use infraboard::io::templates::template;
use infraboard::io::{design_to_string, load_design, save_design};
use infraboard::model::{Design, Size};

fn infraboard(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn simple() -> Design {
    template("simple-web-stack").unwrap().design().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_ten_million_unit_box_is_refused_and_the_largest_allowed_one_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mut design = simple();
    design.components[1].size = Some(Size { w: 1e7, h: 1e7 });
    let huge = dir.path().join("huge.ron");
    std::fs::write(&huge, design_to_string(&design).unwrap()).unwrap();
    let (code, _, err) = infraboard(&["validate", s(&huge)]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(".size.w") && err.contains("above the limit"),
        "{err}"
    );

    let limit = infraboard::model::limits::MAX_SIZE;
    design.components[1].size = Some(Size { w: limit, h: limit });
    let big = dir.path().join("big.ron");
    save_design(&design, &big).unwrap();
    for ext in ["svg", "png"] {
        let out = dir.path().join(format!("big.{ext}"));
        let started = Instant::now();
        let (code, _, err) = infraboard(&["export", s(&big), "-o", s(&out)]);
        assert_eq!(code, Some(0), "{err}");
        assert!(started.elapsed() < Duration::from_secs(60));
        assert_eq!(load_design(&out).unwrap(), design);
    }
}

#[test]
fn names_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut design = simple();
    design.name = "\u{1b}]0;pwned\u{7}\u{1b}[2J\n0 errors, 0 warnings\u{9b}".to_owned();
    design.components[1].name = "web\u{1b}[8m".to_owned();
    let path = dir.path().join("evil.ron");
    save_design(&design, &path).unwrap();
    let (_, out, err) = infraboard(&["check", s(&path), "--color", "never"]);
    for text in [&out, &err] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{9b}'),
            "{text}"
        );
    }
    assert!(out.contains("\\u{1b}]0;pwned"), "{out}");
    assert!(
        !out.lines().any(|l| l.starts_with("0 errors, 0 warnings")),
        "a name printed a fake summary line:\n{out}"
    );
    let id = design.components[1].id.to_string();
    let (_, out, err) = infraboard(&["drill", s(&path), "--fail", &id, "--duration", "30"]);
    for text in [&out, &err] {
        assert!(!text.contains('\u{1b}'), "{text}");
    }
    assert!(out.contains("\\u{1b}"), "{out}");
}

#[test]
fn validate_shortens_huge_ids_and_escapes_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut design = simple();
    design.components[0].id =
        infraboard::model::ComponentId::new(format!("\u{1b}[2J{}", "x".repeat(10 * 1024 * 1024)));
    let path = dir.path().join("long-id.ron");
    std::fs::write(&path, design_to_string(&design).unwrap()).unwrap();
    let (code, out, err) = infraboard(&["validate", s(&path)]);
    assert_eq!(code, Some(2), "{out}");
    assert!(!err.contains('\u{1b}'));
    assert!(err.lines().count() >= 1);
    for line in err.lines() {
        assert!(line.len() < 1000, "a line of {} bytes", line.len());
    }
    assert!(err.contains("characters]"), "{err}");
}

#[test]
fn svg_metadata_is_xml() {
    let dir = tempfile::tempdir().unwrap();
    let mut design = simple();
    design.name = "A </infraboard:design> ]]> <!-- & --> name".to_owned();
    let path = dir.path().join("tricky.ron");
    save_design(&design, &path).unwrap();
    let svg = dir.path().join("tricky.svg");
    let (code, _, err) = infraboard(&["export", s(&path), "-o", s(&svg)]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(load_design(&svg).unwrap(), design);

    // A design hidden in a comment before the real metadata does not win.
    let text = std::fs::read_to_string(&svg).unwrap();
    let mut fake = simple();
    fake.name = "Fake".to_owned();
    let at = text.find("<metadata>").unwrap();
    let hidden = format!(
        "<!-- <metadata><infraboard:design format=\"ron\">{}</infraboard:design></metadata> -->",
        design_to_string(&fake).unwrap()
    );
    let doctored = format!("{}{hidden}{}", &text[..at], &text[at..]);
    let doctored_path = dir.path().join("doctored.svg");
    std::fs::write(&doctored_path, doctored).unwrap();
    let (code, out, err) = infraboard(&["check", s(&doctored_path), "--json"]);
    assert!(code == Some(0) || code == Some(1), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["design"], design.name.as_str());
}

/// Offset of the data of the first chunk of `kind` in a PNG.
fn chunk_data_offset(png: &[u8], kind: &[u8; 4]) -> usize {
    let mut at = 8;
    loop {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        if &png[at + 4..at + 8] == kind {
            return at + 8;
        }
        at += 12 + len;
    }
}

#[test]
fn a_tampered_png_design_chunk_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("simple.ron");
    save_design(&simple(), &path).unwrap();
    let png = dir.path().join("simple.png");
    let (code, _, err) = infraboard(&["export", s(&path), "-o", s(&png)]);
    assert_eq!(code, Some(0), "{err}");
    let mut bytes = std::fs::read(&png).unwrap();
    let data = chunk_data_offset(&bytes, b"iTXt");
    let last = data + "infraboard-design".len() + 20;
    bytes[last] ^= 0x01;
    let tampered = dir.path().join("tampered.png");
    std::fs::write(&tampered, &bytes).unwrap();
    let (code, _, err) = infraboard(&["validate", s(&tampered)]);
    assert_eq!(code, Some(2));
    assert!(err.contains("tampered.png") && err.contains("CRC"), "{err}");
}

#[cfg(unix)]
#[test]
fn special_files_end_with_a_message() {
    let started = Instant::now();
    let (code, _, err) = infraboard(&["validate", "/dev/zero"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("/dev/zero") && err.contains("larger than"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let started = Instant::now();
    let (code, _, err) = infraboard(&["validate", s(&fifo)]);
    assert_eq!(code, Some(2));
    assert!(err.contains("fifo.ron"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));

    // A pipe with a writer is read like a file.
    let text = template("simple-web-stack").unwrap().text;
    let mut child = Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(["validate", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// Writes `head`, then `gap` bytes of zeros (a hole: no disk used), then `tail`.
fn write_sparse(path: &Path, head: &[u8], gap: u64, tail: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let mut file = std::fs::File::create(path).unwrap();
    file.write_all(head).unwrap();
    file.seek(SeekFrom::Current(i64::try_from(gap).unwrap()))
        .unwrap();
    file.write_all(tail).unwrap();
}

#[test]
fn images_over_the_design_limit_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("simple.ron");
    save_design(&simple(), &path).unwrap();
    let gap = infraboard::io::MAX_FILE_BYTES + 1000;
    // PNG: a private chunk larger than the limit after the design; the loader stops at the
    // design and never reads it.
    let png = dir.path().join("simple.png");
    assert_eq!(infraboard(&["export", s(&path), "-o", s(&png)]).0, Some(0));
    let bytes = std::fs::read(&png).unwrap();
    let idat = chunk_data_offset(&bytes, b"IDAT") - 8;
    let mut head = bytes[..idat].to_vec();
    head.extend_from_slice(&u32::try_from(gap).unwrap().to_be_bytes());
    head.extend_from_slice(b"prVt");
    let mut tail = vec![0, 0, 0, 0];
    tail.extend_from_slice(&bytes[idat..]);
    let big_png = dir.path().join("big.png");
    write_sparse(&big_png, &head, gap, &tail);
    assert!(std::fs::metadata(&big_png).unwrap().len() > gap);
    let (code, out, err) = infraboard(&["validate", s(&big_png)]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ok"));
    // SVG: more than the limit after the metadata.
    let svg = dir.path().join("simple.svg");
    assert_eq!(infraboard(&["export", s(&path), "-o", s(&svg)]).0, Some(0));
    let text = std::fs::read_to_string(&svg).unwrap();
    let end = text.find("</metadata>").unwrap() + "</metadata>".len();
    let big_svg = dir.path().join("big.svg");
    write_sparse(
        &big_svg,
        &text.as_bytes()[..end],
        gap,
        &text.as_bytes()[end..],
    );
    let (code, _, err) = infraboard(&["validate", s(&big_svg)]);
    assert_eq!(code, Some(0), "{err}");
}

#[cfg(unix)]
#[test]
fn saves_and_exports_write_through_links_and_keep_modes() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.svg");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.svg");
    std::os::unix::fs::symlink("real.svg", &link).unwrap();
    let hard = dir.path().join("hard.svg");
    std::fs::hard_link(&real, &hard).unwrap();
    let design = dir.path().join("d.ron");
    save_design(&simple(), &design).unwrap();

    let (code, _, err) = infraboard(&["export", s(&design), "-o", s(&link)]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load_design(&real).unwrap(), simple());
    assert_eq!(
        load_design(&hard).unwrap(),
        simple(),
        "the hard link still shares the file"
    );
    let meta = std::fs::metadata(&real).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert_eq!(meta.nlink(), 2);

    // A new file gets 0666 minus the umask.
    let fresh = dir.path().join("fresh.ron");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 077; exec '{}' new simple-web-stack -o '{}'",
            env!("CARGO_BIN_EXE_infraboard"),
            s(&fresh)
        ))
        .status()
        .unwrap();
    assert!(status.success());
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn export_help_says_it_overwrites() {
    let (code, out, _) = infraboard(&["export", "--help"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("replaced without asking"), "{out}");
}

#[test]
fn small_things() {
    let dir = tempfile::tempdir().unwrap();
    let bom = dir.path().join("bom.ron");
    let text = template("simple-web-stack").unwrap().text;
    std::fs::write(&bom, format!("\u{feff}{text}")).unwrap();
    let (code, out, err) = infraboard(&["validate", s(&bom)]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ok"));

    let (code, _, err) = infraboard(&["check", s(&bom), "--qps", "-5"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--qps -5: give a rate between 0 and"), "{err}");

    let (code, _, err) = infraboard(&["check", s(&bom), "--qps", "1e308"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--qps 1e308:") && err.len() < 200, "{err}");

    let mut design = simple();
    design.traffic.offered_qps = -1e300;
    let neg = dir.path().join("neg.ron");
    std::fs::write(&neg, design_to_string(&design).unwrap()).unwrap();
    let (code, _, err) = infraboard(&["validate", s(&neg)]);
    assert_eq!(code, Some(2));
    assert!(err.contains("is -1e300") && err.len() < 300, "{err}");
}

#[test]
fn a_drill_file_may_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("simple.ron");
    save_design(&simple(), &design).unwrap();
    let drill = dir.path().join("drill.ron");
    std::fs::write(
        &drill,
        "\u{feff}(format_version: 1, drill: (duration_s: 30.0, events: [(at_s: 5.0, action: Fail(\"server-1\"))]))",
    )
    .unwrap();
    let (code, out, err) = infraboard(&["drill", s(&design), "--drill", s(&drill)]);
    assert!(code == Some(0) || code == Some(1), "{err}");
    assert!(out.contains("Verdict"), "{out}");
}

#[test]
fn an_image_that_will_not_reopen_is_detected() {
    let design = simple();
    let png = infraboard::export::export_design(
        &design,
        None,
        &infraboard::export::ExportOptions::default(),
    )
    .unwrap();
    assert_eq!(infraboard::export::check_reopens(&png), Ok(()));
    // The same image cut inside its design chunk would not open again.
    let cut = chunk_data_offset(&png, b"iTXt") + 30;
    let why = infraboard::export::check_reopens(&png[..cut]).unwrap_err();
    assert!(why.contains("truncated"), "{why}");
}
