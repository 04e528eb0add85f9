//! draw.io import on the hand-made corpus in `tests/import/drawio/` (plain, compressed,
//! `.drawio.svg`, `.drawio.png`), malformed files (exit 2, never a panic), and the round trip
//! of every template through draw.io export.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

mod import_common;

use std::collections::BTreeSet;
use std::path::Path;

use import_common::{assert_bad_inputs, corpus, expect, import, infraboard, kinds, links};

use infraboard::export::drawio::design_to_drawio;
use infraboard::import::{ImportFormat, NoteKind, import_bytes};
use infraboard::io::templates::TEMPLATES;
use infraboard::layout::overlapping_boxes;
use infraboard::model::{KindTag, LinkPurpose, Protocol};
use infraboard::sim::{AnalysisOptions, analyze};

const BASIC_KINDS: &[(&str, KindTag)] = &[
    ("users", KindTag::Users),
    ("edge-firewall", KindTag::Firewall),
    ("haproxy", KindTag::LoadBalancer),
    ("web-1", KindTag::Server),
    ("web-2", KindTag::Server),
    ("mysql", KindTag::Database),
];
const BASIC_LINKS: &[&str] = &[
    "users -> edge-firewall",
    "edge-firewall -> haproxy",
    "haproxy -> web-1",
    "haproxy -> web-2",
    "web-1 -> mysql",
    "web-2 -> mysql",
];

#[test]
fn network_shapes_keep_positions_and_open_firewalls() {
    let got = import("drawio/network-basic.drawio");
    expect(&got.design, BASIC_KINDS, BASIC_LINKS);
    assert!(!got.report.laid_out);
    let d = &got.design;
    let x = |id: &str| d.component(id).unwrap().position.x;
    // draw.io's left-to-right order survives.
    assert!(x("users") < x("edge-firewall") && x("edge-firewall") < x("haproxy"));
    assert!(x("haproxy") < x("web-1") && x("web-1") < x("mysql"));
    assert!(overlapping_boxes(d).is_empty());
    let https = d
        .links
        .iter()
        .find(|l| l.to.component.as_str() == "haproxy")
        .unwrap();
    assert_eq!(https.protocol, Protocol::Https);
    // The firewall lets the drawn traffic through, and the report says it guessed that.
    let analysis = analyze(d, &AnalysisOptions::default());
    assert!(
        analysis
            .findings
            .iter()
            .all(|f| f.rule.id() != "firewall-blocks-traffic"),
        "{:?}",
        analysis.findings
    );
    assert!(
        got.report
            .of(NoteKind::Guessed)
            .any(|n| n.subject == "edge-firewall")
    );
}

#[test]
fn the_png_and_the_plain_file_import_alike() {
    let png = import("drawio/network-basic.drawio.png");
    expect(&png.design, BASIC_KINDS, BASIC_LINKS);
    let plain = import("drawio/network-basic.drawio");
    assert_eq!(png.design.components, plain.design.components);
}

#[test]
fn aws_shapes_in_a_drawio_svg() {
    let got = import("drawio/aws.drawio.svg");
    expect(
        &got.design,
        &[
            ("visitors", KindTag::Users),
            ("route-53", KindTag::Dns),
            ("alb", KindTag::LoadBalancer),
            ("app-instance-a", KindTag::Server),
            ("app-instance-b", KindTag::Server),
            ("orders-db", KindTag::Database),
            ("cloudwatch", KindTag::MonitoringService),
        ],
        &[
            "visitors -> route-53",
            "visitors -> alb",
            "alb -> app-instance-a",
            "alb -> app-instance-b",
            "app-instance-a -> orders-db",
            "app-instance-b -> orders-db",
        ],
    );
    let plain = import("drawio/aws.drawio");
    assert_eq!(kinds(&plain.design), kinds(&got.design));
    let dns = got
        .design
        .links
        .iter()
        .find(|l| l.to.component.as_str() == "route-53")
        .unwrap();
    assert_eq!(dns.purpose, LinkPurpose::DnsLookup);
}

#[test]
fn compressed_pages_and_labels_only() {
    let got = import("drawio/compressed.drawio");
    let plain = import("drawio/generic-labels.drawio");
    assert_eq!(got.design.components, plain.design.components);
    assert_eq!(got.design.links, plain.design.links);
    expect(
        &got.design,
        &[
            ("browsers", KindTag::Users),
            ("dns", KindTag::Dns),
            ("load-balancer", KindTag::LoadBalancer),
            ("nginx-gunicorn", KindTag::Server),
            ("redis-cache", KindTag::Service),
            ("postgres", KindTag::Database),
            ("thing", KindTag::Service),
        ],
        &[
            "browsers -> dns",
            "browsers -> load-balancer",
            "load-balancer -> nginx-gunicorn",
            "nginx-gunicorn -> redis-cache",
            "nginx-gunicorn -> postgres",
            "nginx-gunicorn -> thing",
        ],
    );
    // "Nginx + Gunicorn" gets a web and an application server; "Thing" is reported.
    let stack: Vec<_> = got
        .design
        .component("nginx-gunicorn")
        .unwrap()
        .kind
        .services()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(stack, ["web", "app"]);
    assert!(
        got.report
            .notes
            .iter()
            .any(|n| n.message.contains("unknown shape"))
    );
}

#[test]
fn html_labels_and_user_objects() {
    let got = import("drawio/html-labels.drawio");
    expect(
        &got.design,
        &[
            ("clients", KindTag::Users),
            ("front-proxy", KindTag::LoadBalancer),
            ("api-server", KindTag::Service),
            ("mariadb", KindTag::Database),
        ],
        &[
            "clients -> front-proxy",
            "front-proxy -> api-server",
            "api-server -> mariadb",
        ],
    );
    let d = &got.design;
    assert_eq!(d.component("front-proxy").unwrap().name, "Front proxy");
    let api = d
        .links
        .iter()
        .find(|l| l.to.component.as_str() == "api-server")
        .unwrap();
    assert_eq!((api.protocol, api.port), (Protocol::Http, 8080));
    assert_eq!(
        d.component("mariadb").unwrap().kind.product(),
        Some("MariaDB")
    );
}

#[test]
fn containers_and_text_are_reported_and_children_placed_absolutely() {
    let got = import("drawio/containers.drawio");
    expect(
        &got.design,
        &[
            ("users", KindTag::Users),
            ("load-balancer", KindTag::LoadBalancer),
            ("app-1", KindTag::Server),
            ("app-2", KindTag::Server),
            ("primary-db", KindTag::Database),
        ],
        &[
            "users -> load-balancer",
            "load-balancer -> app-1",
            "load-balancer -> app-2",
            "app-1 -> primary-db",
            "app-2 -> primary-db",
        ],
    );
    let skipped: Vec<_> = got
        .report
        .of(NoteKind::Skipped)
        .map(|n| n.subject.as_str())
        .collect();
    for subject in ["cell `grp`", "edge `x6`"] {
        assert!(skipped.contains(&subject), "{subject} not in {skipped:?}");
    }
    // The named container becomes a zone holding the shapes drawn in it (the users stand
    // outside); the free text a text note where it was drawn, below the zone.
    let d = &got.design;
    assert_eq!(d.zones.len(), 1, "{:?}", d.zones);
    let vpc = &d.zones[0];
    assert_eq!(
        (vpc.id.as_str(), vpc.name.as_str()),
        ("production-vpc", "Production VPC")
    );
    assert_eq!(vpc.kind, infraboard::model::ZoneKind::AvailabilityZone);
    let members: Vec<&str> = d
        .components
        .iter()
        .filter(|c| c.zone.as_ref() == Some(&vpc.id))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(members, ["load-balancer", "app-1", "app-2", "primary-db"]);
    let notes: Vec<_> = d
        .notes
        .iter()
        .map(|n| (n.text.as_str(), n.position))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, "TODO: add a replica");
    assert!(notes[0].1.y > vpc.position.y + vpc.size.h, "{notes:?}");
    assert!(!infraboard::model::has_errors(
        &infraboard::model::validate(d)
    ));
    // app-1 sits inside the group inside the VPC: 200 + 300 + 0 + 30 = 530 before spreading.
    let d = &got.design;
    let (users, app1, lb) = (
        d.component("users").unwrap().position,
        d.component("app-1").unwrap().position,
        d.component("load-balancer").unwrap().position,
    );
    assert!(users.x < lb.x && lb.x < app1.x);
}

#[test]
fn only_the_first_page_is_read() {
    let got = import("drawio/multipage.drawio");
    expect(
        &got.design,
        &[("users", KindTag::Users), ("server", KindTag::Server)],
        &["users -> server"],
    );
    assert!(
        got.report
            .notes
            .iter()
            .any(|n| n.subject == "page `Tomorrow`")
    );
}

#[test]
fn a_bare_graph_model() {
    let got = import("drawio/model-only.xml");
    expect(
        &got.design,
        &[("internet", KindTag::Users), ("nginx", KindTag::Server)],
        &["internet -> nginx"],
    );
}

#[test]
fn odd_edges_are_turned_round_or_skipped() {
    let got = import("drawio/odd-edges.drawio");
    expect(
        &got.design,
        &[
            ("users", KindTag::Users),
            ("app-server", KindTag::Server),
            ("database", KindTag::Database),
        ],
        &["users -> app-server", "app-server -> database"],
    );
    let skipped: BTreeSet<_> = got
        .report
        .of(NoteKind::Skipped)
        .map(|n| n.subject.as_str())
        .collect();
    for subject in [
        "edge `dangling`",
        "edge `to-text`",
        "edge `to-users`",
        "edge `twice`",
    ] {
        assert!(skipped.contains(subject), "{subject} not in {skipped:?}");
    }
    assert!(
        got.report
            .notes
            .iter()
            .any(|n| n.subject == "edge `backwards`" && n.message.contains("turned round"))
    );
}

#[test]
fn firewalls_and_ports_from_labels() {
    let got = import("drawio/firewalls-ports.drawio");
    expect(
        &got.design,
        &[
            ("customers", KindTag::Users),
            ("waf", KindTag::Firewall),
            ("envoy", KindTag::LoadBalancer),
            ("internal-firewall", KindTag::Firewall),
            ("api", KindTag::Service),
        ],
        &[
            "customers -> waf",
            "waf -> envoy",
            "envoy -> internal-firewall",
            "internal-firewall -> api",
        ],
    );
    let to_api = got
        .design
        .links
        .iter()
        .find(|l| l.to.component.as_str() == "api")
        .unwrap();
    assert_eq!((to_api.protocol, to_api.port), (Protocol::Tcp, 8080));
}

#[test]
fn monitoring_agents_and_services() {
    let got = import("drawio/monitoring.drawio");
    expect(
        &got.design,
        &[
            ("users", KindTag::Users),
            ("web-server", KindTag::Server),
            ("datadog-agent", KindTag::MonitoringClient),
            ("datadog", KindTag::MonitoringService),
        ],
        &[
            "users -> web-server",
            "datadog-agent -> web-server",
            "datadog-agent -> datadog",
        ],
    );
    let purposes: BTreeSet<_> = got.design.links.iter().map(|l| l.purpose).collect();
    assert!(
        purposes.contains(&LinkPurpose::Monitors)
            && purposes.contains(&LinkPurpose::MonitoringData)
    );
}

#[test]
fn every_template_survives_a_drawio_round_trip() {
    for t in TEMPLATES {
        let design = t.design().unwrap();
        let analysis = analyze(&design, &AnalysisOptions::default());
        let xml = design_to_drawio(&design, Some(&analysis));
        check_drawio_structure(&xml);
        let back = import_bytes(
            xml.as_bytes(),
            Path::new("x.drawio"),
            Some(ImportFormat::Drawio),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", t.name));
        let d = &back.design;
        assert_eq!(kinds(d), kinds(&design), "{}", t.name);
        assert_eq!(links(d), links(&design), "{}", t.name);
        for (a, b) in design.components.iter().zip(&d.components) {
            assert_eq!(a.name, b.name);
            assert_eq!(a.position, b.position, "{} moved", a.id);
            assert_eq!(a.replicas, b.replicas);
            let ids = |c: &infraboard::model::Component| {
                c.kind
                    .services()
                    .iter()
                    .map(|s| (s.id.clone(), s.kind))
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids(a), ids(b), "{} stack", a.id);
        }
        for (a, b) in design.links.iter().zip(&d.links) {
            assert_eq!(
                (a.purpose, a.protocol, a.port, a.carries),
                (b.purpose, b.protocol, b.port, b.carries)
            );
        }
        assert!(
            back.report.of(NoteKind::Skipped).next().is_none(),
            "{:?}",
            back.report.notes
        );
    }
}

#[test]
fn the_reference_marks_spofs_and_plaintext_hops() {
    let t = TEMPLATES
        .iter()
        .find(|t| t.name == "secured-monitored-web-infrastructure")
        .unwrap();
    let design = t.design().unwrap();
    let analysis = analyze(&design, &AnalysisOptions::default());
    let xml = design_to_drawio(&design, Some(&analysis));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let marked = |mark: &str| -> BTreeSet<String> {
        doc.descendants()
            .filter(|n| n.attribute("ib_mark") == Some(mark))
            .filter_map(|n| {
                n.attribute("ib_id")
                    .or(n.attribute("id"))
                    .map(str::to_owned)
            })
            .collect()
    };
    let spofs = marked("spof");
    assert!(spofs.contains("lb") && spofs.contains("fw-lb"), "{spofs:?}");
    assert!(!marked("plaintext-after-tls-termination").is_empty());
}

/// The structure draw.io expects: `<mxfile>` → `<diagram id name>` → `<mxGraphModel>` →
/// `<root>` with cells `0` and `1` (parent `0`); unique ids; every other cell has a parent
/// that exists; shapes have a geometry; edges join existing cells.
fn check_drawio_structure(xml: &str) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "mxfile");
    let diagram = root.children().find(|n| n.has_tag_name("diagram")).unwrap();
    assert!(diagram.attribute("id").is_some() && diagram.attribute("name").is_some());
    let model = diagram
        .children()
        .find(|n| n.has_tag_name("mxGraphModel"))
        .unwrap();
    let cells_root = model.children().find(|n| n.has_tag_name("root")).unwrap();
    let mut ids = BTreeSet::new();
    let mut cells = Vec::new();
    for node in cells_root.children().filter(roxmltree::Node::is_element) {
        let (id, cell) = match node.tag_name().name() {
            "mxCell" => (node.attribute("id").unwrap(), node),
            "object" => (
                node.attribute("id").unwrap(),
                node.children().find(|n| n.has_tag_name("mxCell")).unwrap(),
            ),
            other => panic!("unexpected <{other}>"),
        };
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        cells.push((id.to_owned(), cell));
    }
    assert_eq!(cells[0].0, "0");
    assert_eq!(
        (cells[1].0.as_str(), cells[1].1.attribute("parent")),
        ("1", Some("0"))
    );
    for (id, cell) in &cells[2..] {
        assert!(
            ids.contains(cell.attribute("parent").unwrap()),
            "{id}: parent"
        );
        let geometry = cell
            .children()
            .find(|n| n.has_tag_name("mxGeometry"))
            .unwrap();
        assert_eq!(geometry.attribute("as"), Some("geometry"));
        if cell.attribute("edge") == Some("1") {
            assert!(
                ids.contains(cell.attribute("source").unwrap()),
                "{id}: source"
            );
            assert!(
                ids.contains(cell.attribute("target").unwrap()),
                "{id}: target"
            );
        } else {
            assert_eq!(cell.attribute("vertex"), Some("1"), "{id}");
            for a in ["width", "height"] {
                assert!(geometry.attribute(a).unwrap().parse::<f32>().unwrap() > 0.0);
            }
        }
    }
}

#[test]
fn malformed_drawio_files_exit_2_with_a_message() {
    assert_bad_inputs(&[
        ("bad/broken-xml.drawio", "bad XML"),
        ("bad/no-shapes.drawio", "no shapes"),
        ("bad/bad-base64.drawio", "Base64"),
        ("bad/not-deflate.drawio", "inflate"),
        ("bad/nan-geometry.drawio", "not a coordinate"),
        ("bad/page.xml", "<html>"),
        ("bad/plain.svg", "content"),
        ("bad/no-diagram.png", "mxfile"),
    ]);
}

#[test]
fn cli_import_writes_a_design_and_a_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shop.ron");
    let input = corpus("drawio/odd-edges.drawio");
    let (code, stdout, stderr) = infraboard(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["format"], "draw.io");
    assert_eq!(report["components"], 3);
    assert!(
        report["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "skipped")
    );
    let design = infraboard::io::load_design(&out).unwrap();
    assert_eq!(design.components.len(), 3);
    let (code, _, stderr) = infraboard(&["check", out.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "{stderr}");
}

#[test]
fn a_messy_drawing_keeps_its_places_until_laid_out() {
    let got = import("drawio/messy-whiteboard.drawio");
    let reference = TEMPLATES[2].design().unwrap();
    assert_eq!(kinds(&got.design), kinds(&reference));
    assert_eq!(links(&got.design), links(&reference));
    assert!(overlapping_boxes(&got.design).is_empty());
    let mut laid_out = got.design.clone();
    infraboard::layout::apply_auto_layout(&mut laid_out, None);
    assert!(overlapping_boxes(&laid_out).is_empty());
    let x = |d: &infraboard::model::Design, id: &str| d.component(id).unwrap().position.x;
    assert!(
        x(&got.design, "users") > x(&got.design, "lb"),
        "drawn with the users right"
    );
    assert!(
        x(&laid_out, "users") < x(&laid_out, "lb"),
        "laid out with the entry left"
    );
}

#[test]
fn a_command_given_a_diagram_says_to_import_it() {
    let path = corpus("drawio/network-basic.drawio");
    let (code, _, stderr) = infraboard(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a design file"), "{stderr}");
    assert!(
        stderr.contains("is a draw.io diagram: import it first with `infraboard import"),
        "{stderr}"
    );
}
