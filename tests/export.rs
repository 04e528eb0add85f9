//! Export to SVG and PNG: every template, parsed back with usvg and the png crate.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

mod common;

use common::sample_analysis;
use infraboard::export::{Background, ExportFormat, ExportOptions, Scale, export_design};
use infraboard::io::templates::TEMPLATES;
use infraboard::io::{LoadError, design_from_bytes};
use infraboard::model::Design;
use infraboard::scene::{Overlays, SceneOptions, build_scene};
use resvg::usvg;
use std::path::Path;

fn templates() -> Vec<(&'static str, Design)> {
    TEMPLATES
        .iter()
        .map(|t| (t.name, t.design().unwrap()))
        .collect()
}

fn options(format: ExportFormat) -> ExportOptions {
    ExportOptions {
        format,
        ..ExportOptions::default()
    }
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn every_template_exports_svg_with_a_group_per_component_and_link() {
    for (name, design) in templates() {
        let analysis = sample_analysis(&design);
        let bytes = export_design(&design, Some(&analysis), &options(ExportFormat::Svg)).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(!text.contains("foreignObject"), "{name}");
        let tree = usvg::Tree::from_data(&bytes, &usvg::Options::default()).unwrap();
        for c in &design.components {
            let id = format!("component-{}", c.id);
            assert!(tree.node_by_id(&id).is_some(), "{name}: no {id}");
        }
        for i in 0..design.links.len() {
            let id = format!("link-{i}");
            assert!(tree.node_by_id(&id).is_some(), "{name}: no {id}");
            assert!(text.contains(&format!("<g id=\"{id}\" class=\"link\" data-from=")));
        }
        // Text stays text.
        assert!(text.contains(&format!(">{}</text>", design.name)), "{name}");
    }
}

#[test]
fn every_template_exports_png_with_components_painted() {
    for (name, design) in templates() {
        let analysis = sample_analysis(&design);
        let bytes = export_design(&design, Some(&analysis), &options(ExportFormat::Png)).unwrap();
        let (w, h, rgba) = decode(&bytes);
        // The same view the exporter computes: scene bounds plus the margin.
        let scene_options = SceneOptions::default();
        let scene = build_scene(&design, Some(&analysis), &scene_options);
        let view = scene.bounds().expand(scene_options.theme.metrics.margin_px);
        let view = infraboard::scene::Rect {
            min: infraboard::model::Point::new(view.min.x.floor(), view.min.y.floor()),
            max: infraboard::model::Point::new(view.max.x.ceil(), view.max.y.ceil()),
        };
        assert_eq!(w, view.width() as u32, "{name}");
        assert_eq!(h, view.height() as u32, "{name}");
        for c in &design.components {
            let x = (c.position.x - view.min.x) as u32;
            let y = (c.position.y - view.min.y) as u32;
            let i = ((y * w + x) * 4) as usize;
            let px = &rgba[i..i + 4];
            assert_ne!(
                px,
                [255, 255, 255, 255],
                "{name}: {} looks like background",
                c.id
            );
            assert_eq!(px[3], 255, "{name}: {}", c.id);
        }
        // Corners are background.
        assert_eq!(&rgba[0..4], [255, 255, 255, 255]);
    }
}

#[test]
fn exporting_twice_gives_identical_bytes() {
    for (_, design) in templates() {
        let analysis = sample_analysis(&design);
        for format in [ExportFormat::Svg, ExportFormat::Png] {
            let a = export_design(&design, Some(&analysis), &options(format)).unwrap();
            let b = export_design(&design, Some(&analysis), &options(format)).unwrap();
            assert!(a == b, "{format:?} differs between runs");
        }
    }
}

#[test]
fn png_and_svg_round_trip_to_the_original_design() {
    for (name, design) in templates() {
        for format in [ExportFormat::Png, ExportFormat::Svg] {
            let bytes = export_design(&design, None, &options(format)).unwrap();
            let back = design_from_bytes(&bytes, Path::new("exported")).unwrap();
            assert_eq!(back, design, "{name} via {format:?}");
        }
    }
}

#[test]
fn awkward_names_survive_the_round_trip() {
    let mut design = templates().remove(0).1;
    design.name = "Tricky ]]> <name> & \"quotes\" — ünïcødé".to_owned();
    for format in [ExportFormat::Png, ExportFormat::Svg] {
        let bytes = export_design(&design, None, &options(format)).unwrap();
        let back = design_from_bytes(&bytes, Path::new("tricky")).unwrap();
        assert_eq!(back, design);
    }
    let svg = export_design(&design, None, &options(ExportFormat::Svg)).unwrap();
    usvg::Tree::from_data(&svg, &usvg::Options::default()).unwrap();
}

#[test]
fn scale_and_background_are_honoured() {
    let design = templates().remove(2).1;
    let one = decode(&export_design(&design, None, &options(ExportFormat::Png)).unwrap());
    let two = decode(
        &export_design(
            &design,
            None,
            &ExportOptions {
                scale: Scale::X2,
                background: Background::Dark,
                ..options(ExportFormat::Png)
            },
        )
        .unwrap(),
    );
    assert_eq!((two.0, two.1), (one.0 * 2, one.1 * 2));
    let dark = infraboard::theme::Theme::dark().palette.background.0;
    assert_eq!(&two.2[0..4], dark);
    let clear = decode(
        &export_design(
            &design,
            None,
            &ExportOptions {
                background: Background::Transparent,
                ..options(ExportFormat::Png)
            },
        )
        .unwrap(),
    );
    assert_eq!(clear.2[3], 0);
}

#[test]
fn selection_exports_only_the_selected_components() {
    let design = templates().remove(2).1;
    let selection = ["lb", "fw-1", "server-1"]
        .iter()
        .map(|s| (*s).into())
        .collect();
    let bytes = export_design(
        &design,
        None,
        &ExportOptions {
            selection_only: Some(selection),
            overlays: Overlays::NONE,
            ..options(ExportFormat::Svg)
        },
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("id=\"component-lb\""));
    assert!(!text.contains("id=\"component-server-2\""));
    assert_eq!(text.matches("class=\"link\"").count(), 2);
}

#[test]
fn images_without_a_design_are_refused_clearly() {
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, 1, 1);
        enc.set_color(png::ColorType::Rgba);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0, 0, 0, 0]).unwrap();
    }
    match design_from_bytes(&bytes, Path::new("photo.png")) {
        Err(LoadError::NotADesign { why, .. }) => {
            assert!(
                why.starts_with("PNG without an Infraboard design in it"),
                "{why}"
            );
        }
        other => panic!("{other:?}"),
    }
    let err = design_from_bytes(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        Path::new("x.svg"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("x.svg"));
    assert!(err.to_string().contains("SVG without an Infraboard design"));
    // Truncated PNGs are errors, never panics.
    let good = export_design(&templates().remove(0).1, None, &options(ExportFormat::Png)).unwrap();
    for cut in [8, 20, 33, 60] {
        assert!(design_from_bytes(&good[..cut], Path::new("cut.png")).is_err());
    }
    // Cut inside the image data: the design chunk before it may still be read; no panic.
    let _ = design_from_bytes(&good[..good.len() / 2], Path::new("cut.png"));
}

#[test]
fn a_generated_design_of_100_components_exports() {
    let design = infraboard::sim::generate::layered_design(100, 1);
    let analysis = sample_analysis(&design);
    let bytes = export_design(&design, Some(&analysis), &options(ExportFormat::Png)).unwrap();
    let back = design_from_bytes(&bytes, Path::new("gen.png")).unwrap();
    assert_eq!(back, design);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Damaged or hostile images never make loading panic.
    #[test]
    fn loading_mutated_images_never_panics(
        flips in proptest::collection::vec((0usize..4096, proptest::prelude::any::<u8>()), 1..8),
        svg in proptest::prelude::any::<bool>(),
    ) {
        let design = TEMPLATES[0].design().unwrap();
        let format = if svg { ExportFormat::Svg } else { ExportFormat::Png };
        let mut bytes = export_design(&design, None, &options(format)).unwrap();
        let len = bytes.len();
        for (at, value) in flips {
            bytes[at % len] = value;
        }
        let _ = design_from_bytes(&bytes, Path::new("mutated"));
    }
}
