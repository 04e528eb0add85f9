//! Diagram exports: every template → Mermaid → our reader, and → DOT → a DOT parser crate
//! (graphviz-rust), gives back the same graph; the command line writes each format.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on failure

mod import_common;

use std::collections::BTreeSet;
use std::path::Path;

use graphviz_rust::dot_structures::{Attribute, EdgeTy, Graph, Id, Stmt, Vertex};
use import_common::infraboard;
use infraboard::export::dot::design_to_dot;
use infraboard::export::mermaid::{design_to_mermaid, icon, mermaid_ids};
use infraboard::import::{ImportFormat, import_bytes};
use infraboard::io::templates::TEMPLATES;
use infraboard::model::{Design, KindTag};
use infraboard::sim::{AnalysisOptions, analyze};

/// Linked component pairs, without self-links, as `(from, to)`.
fn component_edges(d: &Design) -> BTreeSet<(String, String)> {
    d.links
        .iter()
        .filter(|l| l.from.component != l.to.component)
        .map(|l| (l.from.component.to_string(), l.to.component.to_string()))
        .collect()
}

#[test]
fn every_template_round_trips_through_mermaid() {
    for t in TEMPLATES {
        let design = t.design().unwrap();
        let text = design_to_mermaid(&design);
        let ids = mermaid_ids(&design);
        let back = import_bytes(
            text.as_bytes(),
            Path::new("x.mmd"),
            Some(ImportFormat::Mermaid),
        )
        .unwrap_or_else(|e| panic!("{}: {e}\n{text}", t.name));
        let d = &back.design;
        let want_nodes: BTreeSet<String> = ids.values().cloned().collect();
        let got_nodes: BTreeSet<String> = d.components.iter().map(|c| c.id.to_string()).collect();
        assert_eq!(got_nodes, want_nodes, "{}", t.name);
        let want_edges: BTreeSet<(String, String)> = component_edges(&design)
            .into_iter()
            .map(|(a, b)| (ids[a.as_str()].clone(), ids[b.as_str()].clone()))
            .collect();
        assert_eq!(component_edges(d), want_edges, "{}\n{text}", t.name);
        // Kinds survive wherever Mermaid's icon or the component's name says them.
        for c in &design.components {
            let got = d.component(&ids[&c.id]).unwrap();
            assert_eq!(
                got.name,
                c.name
                    .replace(['(', ')'], "")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            if matches!(c.tag(), KindTag::Users | KindTag::Database) {
                assert_eq!(got.tag(), c.tag(), "{} ({})", c.id, icon(c.tag()));
            }
        }
    }
}

/// A DOT id as text: quotes removed and escapes undone.
fn id_text(id: &Id) -> String {
    match id {
        Id::Escaped(s) => s
            .trim_matches('"')
            .replace("\\\"", "\"")
            .replace("\\\\", "\\"),
        Id::Html(s) | Id::Plain(s) | Id::Anonymous(s) => s.clone(),
    }
}

fn attr(attrs: &[Attribute], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|a| id_text(&a.0) == name)
        .map(|a| id_text(&a.1))
}

#[test]
fn every_template_round_trips_through_dot() {
    for t in TEMPLATES {
        let design = t.design().unwrap();
        let analysis = analyze(&design, &AnalysisOptions::default());
        let text = design_to_dot(&design, Some(&analysis));
        let graph =
            graphviz_rust::parse(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", t.name));
        let Graph::DiGraph { stmts, .. } = graph else {
            panic!("{}: not a digraph", t.name)
        };
        let mut nodes = BTreeSet::new();
        let mut edges = Vec::new();
        for stmt in &stmts {
            match stmt {
                Stmt::Node(n) => {
                    let kind = attr(&n.attributes, "class").unwrap();
                    nodes.insert((id_text(&n.id.0), kind));
                }
                Stmt::Edge(e) => {
                    let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = &e.ty else {
                        panic!("edge {e:?}")
                    };
                    let end = |n: &graphviz_rust::dot_structures::NodeId| match &n.1 {
                        Some(port) => {
                            format!("{}/{}", id_text(&n.0), id_text(port.0.as_ref().unwrap()))
                        }
                        None => id_text(&n.0),
                    };
                    edges.push((end(a), end(b), attr(&e.attributes, "class").unwrap()));
                }
                _ => {}
            }
        }
        let want_nodes: BTreeSet<(String, String)> = design
            .components
            .iter()
            .map(|c| (c.id.to_string(), c.tag().key().to_owned()))
            .collect();
        assert_eq!(nodes, want_nodes, "{}", t.name);
        let want_edges: Vec<(String, String, String)> = design
            .links
            .iter()
            .map(|l| {
                (
                    l.from.to_string(),
                    l.to.to_string(),
                    infraboard::import::keys::purpose_key(l.purpose),
                )
            })
            .collect();
        assert_eq!(edges, want_edges, "{}", t.name);
    }
}

#[test]
fn the_command_line_writes_every_diagram_format() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("reference.ron");
    std::fs::write(&design, TEMPLATES[2].text).unwrap();
    for (name, starts) in [
        ("out.drawio", "<?xml"),
        ("out.mmd", "architecture-beta"),
        ("out.dot", "digraph"),
    ] {
        let out = dir.path().join(name);
        let (code, stdout, stderr) = infraboard(&[
            "export",
            design.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains(name));
        assert!(
            std::fs::read_to_string(&out).unwrap().starts_with(starts),
            "{name}"
        );
        // What was written imports again (DOT is an export only).
        if name != "out.dot" {
            let back = dir.path().join(format!("{name}.ron"));
            let (code, _, stderr) = infraboard(&[
                "import",
                out.to_str().unwrap(),
                "-o",
                back.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{name}: {stderr}");
        }
    }
}
