//! Loader and exporter property (issue 17): any design that `validate` accepts — names with
//! XML and terminal metacharacters, boxes at the size and coordinate limits — exports to SVG
//! and PNG and reopens from the image as an equal design.
//!
//! Bounds stated and checked: each export and each reopen finishes within
//! [`MAX_STEP`] (a hang guard for this unoptimised test build, not a performance figure: those
//! are in `benches/`), and the whole test process's peak resident memory stays under
//! [`MAX_PEAK_RSS_BYTES`] (the largest PNG is capped at 64 M pixels, 256 MiB of RGBA).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::Path;
use std::time::{Duration, Instant};

use infraboard::export::{ExportFormat, ExportOptions, export_design};
use infraboard::io::design_from_bytes;
use infraboard::model::limits::{MAX_SIZE, MAX_TEXT_CHARS};
use infraboard::model::{
    Component, Design, KindTag, Link, MAX_COORDINATE, Point, Severity, Size, default_link, validate,
};
use infraboard::scene::Overlays;
use infraboard::sim::{AnalysisOptions, analyze};
use proptest::prelude::*;

/// Longest one export or one reopen may take.
const MAX_STEP: Duration = Duration::from_secs(60);
/// Most resident memory the test process may reach.
const MAX_PEAK_RSS_BYTES: u64 = 1536 * 1024 * 1024;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{1,20}",
        // XML, CDATA and comment delimiters, entities, control and bidi characters.
        proptest::collection::vec(
            prop_oneof![
                Just("</infraboard:design>".to_owned()),
                Just("]]>".to_owned()),
                Just("<!--".to_owned()),
                Just("&amp;".to_owned()),
                Just("\u{1b}[2J".to_owned()),
                Just("\n\r\t\u{0}\u{7f}\u{9b}\u{202e}\u{fffe}".to_owned()),
                "[^\u{0}]{0,8}",
                any::<char>().prop_map(String::from),
            ],
            1..8
        )
        .prop_map(|parts| parts.concat()),
        Just("é".repeat(MAX_TEXT_CHARS)),
    ]
}

fn coordinate() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => -2000.0f32..2000.0,
        1 => -MAX_COORDINATE..=MAX_COORDINATE,
        1 => Just(MAX_COORDINATE),
        1 => Just(-MAX_COORDINATE),
    ]
}

fn size() -> impl Strategy<Value = Option<Size>> {
    prop_oneof![
        3 => Just(None),
        1 => (1.0f32..=MAX_SIZE, 1.0f32..=MAX_SIZE).prop_map(|(w, h)| Some(Size { w, h })),
        1 => Just(Some(Size { w: MAX_SIZE, h: MAX_SIZE })),
    ]
}

fn component() -> impl Strategy<Value = (usize, String, Point, Option<Size>)> {
    (
        0..KindTag::ALL.len(),
        text(),
        (coordinate(), coordinate()),
        size(),
    )
        .prop_map(|(kind, name, (x, y), size)| (kind, name, Point::new(x, y), size))
}

fn design() -> impl Strategy<Value = Design> {
    (
        text(),
        proptest::collection::vec(component(), 0..10),
        proptest::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
            0..16,
        ),
    )
        .prop_map(|(name, parts, pairs)| {
            let mut d = Design::empty(&name);
            for (i, (kind, name, at, size)) in parts.into_iter().enumerate() {
                let mut c = Component::new(&format!("c{i}"), &name, KindTag::ALL[kind], at);
                c.size = size;
                d.components.push(c);
            }
            for (a, b) in pairs {
                if d.components.is_empty() {
                    break;
                }
                let (from, to) = (
                    &d.components[a.index(d.components.len())],
                    &d.components[b.index(d.components.len())],
                );
                if let Ok((purpose, protocol)) = default_link(from.tag(), to.tag()) {
                    let link = Link::new(from.id.as_str(), to.id.as_str(), purpose, protocol);
                    if from.id != to.id
                        && !d.links.iter().any(|l| {
                            l.from == link.from && l.to == link.to && l.purpose == link.purpose
                        })
                    {
                        d.links.push(link);
                    }
                }
            }
            d
        })
}

#[cfg(target_os = "linux")]
fn peak_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

fn export_and_reopen(design: &Design, format: ExportFormat) {
    let analysis = analyze(design, &AnalysisOptions::default());
    let options = ExportOptions {
        format,
        overlays: Overlays::ALL,
        ..ExportOptions::default()
    };
    let started = Instant::now();
    let bytes = export_design(design, Some(&analysis), &options).unwrap();
    assert!(
        started.elapsed() < MAX_STEP,
        "export took {:?}",
        started.elapsed()
    );
    let started = Instant::now();
    let again = design_from_bytes(&bytes, Path::new("exported")).unwrap();
    assert!(
        started.elapsed() < MAX_STEP,
        "reopen took {:?}",
        started.elapsed()
    );
    assert_eq!(&again, design);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn accepted_designs_export_and_reopen_equal(design in design()) {
        let accepted = validate(&design).iter().all(|p| p.severity() != Severity::Error);
        if accepted {
            export_and_reopen(&design, ExportFormat::Svg);
            export_and_reopen(&design, ExportFormat::Png);
        }
        #[cfg(target_os = "linux")]
        prop_assert!(peak_rss_bytes() < MAX_PEAK_RSS_BYTES, "peak RSS {} bytes", peak_rss_bytes());
    }
}
