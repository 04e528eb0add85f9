//! Mermaid `architecture-beta` import on the hand-made corpus in `tests/import/mermaid/`:
//! services, groups, junctions, arrows; malformed files exit 2 with the line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

mod import_common;

use import_common::{assert_bad_inputs, expect, import};
use infraboard::import::NoteKind;
use infraboard::layout::overlapping_boxes;
use infraboard::model::{KindTag, LinkPurpose};

use KindTag::{
    Database, Dns, Firewall, LoadBalancer, MonitoringClient, MonitoringService, Server, Service,
    Users,
};

#[test]
fn the_mermaid_docs_example() {
    let got = import("mermaid/docs-example.mmd");
    expect(
        &got.design,
        &[
            ("db", Database),
            ("disk1", Service),
            ("disk2", Service),
            ("server", Server),
        ],
        &["server -> db", "disk1 -> server", "disk2 -> db"],
    );
    // The group is a text note above its services, reported as guessed.
    assert!(
        got.report
            .of(NoteKind::Guessed)
            .any(|n| n.subject == "group `api`" && n.message.contains("text note"))
    );
    assert_eq!(got.design.notes.len(), 1);
    let note = &got.design.notes[0];
    assert!(note.text.starts_with("API\ngroup of "), "{:?}", note.text);
    let metrics = infraboard::theme::Theme::light().metrics;
    let note_box = infraboard::scene::note_rect(note, &metrics);
    let members: Vec<_> = ["db", "disk1", "disk2", "server"]
        .iter()
        .map(|id| infraboard::scene::node_rect(got.design.component(id).unwrap()))
        .collect();
    for m in &members {
        assert!(!m.intersects(&note_box), "the note covers {m:?}");
    }
    let top = members.iter().map(|m| m.min.y).fold(f32::MAX, f32::min);
    let bottom = members.iter().map(|m| m.max.y).fold(f32::MIN, f32::max);
    assert!(
        note_box.max.y <= top || note_box.min.y >= bottom,
        "the note sits above or below its group"
    );
    assert!(
        got.report
            .notes
            .iter()
            .any(|n| n.message.contains("turned round"))
    );
    assert!(got.report.laid_out);
    assert!(overlapping_boxes(&got.design).is_empty());
}

#[test]
fn a_web_stack() {
    expect(
        &import("mermaid/web-stack.mmd").design,
        &[
            ("users", Users),
            ("lb", LoadBalancer),
            ("web1", Server),
            ("web2", Server),
            ("db", Database),
        ],
        &[
            "users -> lb",
            "lb -> web1",
            "lb -> web2",
            "web1 -> db",
            "web2 -> db",
        ],
    );
}

#[test]
fn backward_arrows() {
    expect(
        &import("mermaid/arrows.mmd").design,
        &[("app", Server), ("users", Users), ("cache", Service)],
        &["users -> app", "app -> cache"],
    );
}

#[test]
fn edges_to_groups_are_skipped() {
    let got = import("mermaid/groups-and-edges.mmd");
    expect(
        &got.design,
        &[
            ("fw", Firewall),
            ("gw", Server),
            ("svc", Service),
            ("pg", Database),
            ("users", Users),
        ],
        &["users -> fw", "fw -> gw", "gw -> svc", "svc -> pg"],
    );
    assert!(
        got.report
            .of(NoteKind::Skipped)
            .any(|n| n.message.contains("group"))
    );
    // Each group is a note naming its services.
    let mut texts: Vec<&str> = got.design.notes.iter().map(|n| n.text.as_str()).collect();
    texts.sort_unstable();
    assert_eq!(
        texts,
        [
            "Core\ngroup of Orders API, Postgres",
            "Edge\ngroup of Firewall, Gateway"
        ]
    );
}

#[test]
fn junctions_are_skipped() {
    let got = import("mermaid/junction.mmd");
    assert_eq!(got.design.components.len(), 5);
    assert!(got.design.links.is_empty());
    assert_eq!(
        got.report
            .of(NoteKind::Skipped)
            .filter(|n| n.message.contains("junction"))
            .count(),
        8
    );
}

#[test]
fn front_matter_and_title() {
    let got = import("mermaid/front-matter.mmd");
    assert_eq!(got.design.name, "Checkout service");
    expect(
        &got.design,
        &[
            ("shoppers", Users),
            ("dns", Dns),
            ("checkout", Server),
            ("payments", Service),
        ],
        &[
            "shoppers -> dns",
            "shoppers -> checkout",
            "checkout -> payments",
        ],
    );
}

#[test]
fn iconify_icons_name_the_kind() {
    expect(
        &import("mermaid/iconify.mmd").design,
        &[
            ("users", Users),
            ("proxy", Server),
            ("queue", Service),
            ("store", Database),
        ],
        &["users -> proxy", "proxy -> queue", "proxy -> store"],
    );
}

#[test]
fn monitoring_links_get_their_purposes() {
    let d = import("mermaid/monitoring.mmd").design;
    expect(
        &d,
        &[
            ("users", Users),
            ("app", Server),
            ("agent", MonitoringClient),
            ("sumo", MonitoringService),
        ],
        &["users -> app", "agent -> app", "agent -> sumo"],
    );
    let purposes: Vec<_> = d.links.iter().map(|l| l.purpose).collect();
    assert!(
        purposes.contains(&LinkPurpose::Monitors)
            && purposes.contains(&LinkPurpose::MonitoringData)
    );
}

#[test]
fn services_without_labels() {
    expect(
        &import("mermaid/no-labels.mmd").design,
        &[("users", Users), ("server", Server), ("database", Database)],
        &["users -> server", "server -> database"],
    );
}

#[test]
fn two_way_arrows_replicate_both_ways() {
    let d = import("mermaid/two-way.mmd").design;
    expect(
        &d,
        &[("db1", Database), ("db2", Database), ("app", Server)],
        &["app -> db1", "app -> db2", "db1 -> db2", "db2 -> db1"],
    );
    assert!(
        d.links
            .iter()
            .filter(|l| l.purpose == LinkPurpose::Replication)
            .count()
            == 2
    );
}

#[test]
fn malformed_mermaid_files_exit_2_with_the_line() {
    assert_bad_inputs(&[
        ("bad/flowchart.mmd", "line 1: expected `architecture-beta`"),
        ("bad/unknown-node.mmd", "line 3: the edge names `b`"),
        ("bad/unclosed.mmd", "line 2"),
        ("bad/no-services.mmd", "no `service`"),
        ("bad/duplicate.mmd", "declared twice"),
        ("bad/gibberish.mmd", "line 3"),
    ]);
}
