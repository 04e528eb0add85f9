//! File → Export… in the real window (egui_kittest): the dialog offers every format the
//! command line's `export` writes; choosing one sets the file's extension, and the file the
//! dialog writes is byte for byte the one `infraboard export` writes, and it reads back
//! (draw.io through our importer to the same components and links, Mermaid through our
//! reader, DOT through a DOT parser, PDF and PNG by their signatures, PNG and SVG reopening
//! as the design).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod import_common;
mod ui_common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use import_common::infraboard;
use infraboard::export::ExportFormat;
use infraboard::import::{ImportFormat, import_bytes};
use infraboard::io::templates::TEMPLATES;
use infraboard::model::{Design, KindTag};
use infraboard::ui::InfraboardApp;
use ui_common::harness;

/// Every format the command line writes, by the label the dialog gives it.
const FORMATS: [(&str, ExportFormat); 6] = [
    ("PNG", ExportFormat::Png),
    ("SVG", ExportFormat::Svg),
    ("PDF", ExportFormat::Pdf),
    ("draw.io", ExportFormat::Drawio),
    ("Mermaid", ExportFormat::Mermaid),
    ("DOT", ExportFormat::Dot),
];

fn reference() -> (Design, &'static str) {
    let t = TEMPLATES
        .iter()
        .find(|t| t.name == "secured-monitored-web-infrastructure")
        .unwrap();
    (t.design().unwrap(), t.text)
}

/// The dialog's File field (the menu bar has a "File" button too).
fn path_node<'a>(h: &'a Harness<'static, InfraboardApp>) -> egui_kittest::Node<'a> {
    h.get(By::new().label("File").role(Role::TextInput))
}

/// The text of the dialog's File field.
fn path_field(h: &Harness<'static, InfraboardApp>) -> String {
    path_node(h).value().expect("the path field has a value")
}

/// Waits until `path` exists and the export job reports it written.
fn wait_written(h: &mut Harness<'static, InfraboardApp>, path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let wrote = format!("Wrote {}", path.display());
    while h.query_by_label(&wrote).is_none() {
        assert!(
            Instant::now() < deadline,
            "{} was never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
}

/// `(kind, name)` of every component, sorted, and the linked name pairs.
type Graph = (Vec<(KindTag, String)>, BTreeSet<(String, String)>);

/// The [`Graph`] of `d`.
fn graph_of(d: &Design) -> Graph {
    let name = |id: &str| d.component(id).unwrap().name.clone();
    let mut kinds: Vec<_> = d
        .components
        .iter()
        .map(|c| (c.tag(), c.name.clone()))
        .collect();
    kinds.sort();
    let links = d
        .links
        .iter()
        .filter(|l| l.from.component != l.to.component)
        .map(|l| {
            (
                name(l.from.component.as_str()),
                name(l.to.component.as_str()),
            )
        })
        .collect();
    (kinds, links)
}

#[test]
fn the_export_dialog_writes_every_cli_format() {
    let dir = tempfile::tempdir().unwrap();
    let (design, text) = reference();
    let design_file = dir.path().join("reference.ron");
    std::fs::write(&design_file, text).unwrap();

    let mut h = harness(design.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(3);
    // Type a path into the dialog's field (the format follows a known extension).
    path_node(&h).focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    let start: PathBuf = dir.path().join("dialog.png");
    h.event(Event::Text(start.display().to_string()));
    h.run_steps(2);
    assert_eq!(path_field(&h), start.display().to_string());

    for (label, format) in FORMATS {
        h.get_by_label(label).click();
        h.run_steps(2);
        let path = dir.path().join(format!("dialog.{}", format.extension()));
        assert_eq!(
            path_field(&h),
            path.display().to_string(),
            "choosing {label} sets the extension"
        );
        h.get(By::new().label("Export").role(Role::Button)).click();
        h.run_steps(2);
        wait_written(&mut h, &path);
        let written = std::fs::read(&path).unwrap();

        // The same file as the command line's, at the dialog's scale (2×).
        let cli_path = dir.path().join(format!("cli.{}", format.extension()));
        let (code, _, err) = infraboard(&[
            "export",
            design_file.to_str().unwrap(),
            "-o",
            cli_path.to_str().unwrap(),
            "--scale",
            "2",
        ]);
        assert_eq!(code, 0, "{err}");
        let cli = std::fs::read(&cli_path).unwrap();
        if format == ExportFormat::Pdf {
            // svg2pdf 0.13 numbers a page's resources in hash-map order, which differs from
            // one process to the next: same objects, same length, another order.
            assert_eq!(written.len(), cli.len(), "PDF: the command line's file");
        } else {
            assert!(
                written == cli,
                "{label}: the dialog wrote the command line's file"
            );
        }

        match format {
            ExportFormat::Png => {
                assert!(written.starts_with(b"\x89PNG\r\n\x1a\n"));
                assert_eq!(infraboard::io::load_design(&path).unwrap(), design);
            }
            ExportFormat::Svg => {
                assert!(String::from_utf8_lossy(&written).contains("<svg"));
                assert_eq!(infraboard::io::load_design(&path).unwrap(), design);
            }
            ExportFormat::Pdf => assert!(written.starts_with(b"%PDF-")),
            ExportFormat::Drawio => {
                let back = import_bytes(&written, &path, None).unwrap();
                assert_eq!(
                    graph_of(&back.design),
                    graph_of(&design),
                    "draw.io round trip"
                );
            }
            ExportFormat::Mermaid => {
                let back = import_bytes(&written, &path, Some(ImportFormat::Mermaid)).unwrap();
                assert_eq!(
                    back.design.components.len(),
                    design.components.len(),
                    "Mermaid reads back"
                );
            }
            ExportFormat::Dot => {
                let text = String::from_utf8(written).unwrap();
                graphviz_rust::parse(&text).expect("DOT parses");
            }
        }
    }
    assert_eq!(h.state().design(), &design, "exporting changed nothing");
    assert!(!h.state().document().is_dirty());
}
