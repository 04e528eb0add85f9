//! Graphviz DOT export, for pipelines: a left-to-right digraph with one node per component
//! (servers as records with one port per service, so links to a service end on its row), one
//! edge per link labelled with protocol and port, the kind in each node's `class` and the
//! purpose in each edge's, colours from the theme, SPOFs and plaintext hops after TLS
//! termination marked as in the picture.

use std::fmt::Write as _;

use super::drawio::AnalysisMarks;
use crate::model::{Design, Endpoint, KindTag, LinkPurpose};
use crate::sim::Analysis;
use crate::theme::Theme;

/// `text` as a DOT double-quoted string (quotes and backslashes escaped).
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` inside a record label (record syntax characters escaped).
fn record_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '{' | '}' | '|' | '<' | '>' | '"' | '\\') {
            out.push('\\');
        }
        if !c.is_control() {
            out.push(c);
        }
    }
    out
}

fn endpoint(e: &Endpoint) -> String {
    match &e.service {
        Some(s) => format!("{}:{}", quoted(e.component.as_str()), quoted(s)),
        None => quoted(e.component.as_str()),
    }
}

/// Writes `design` as a DOT digraph; with `analysis`, SPOFs and plaintext hops are marked.
pub fn design_to_dot(design: &Design, analysis: Option<&Analysis>) -> String {
    let theme = Theme::light();
    let p = &theme.palette;
    let marks = AnalysisMarks::new(design, analysis);
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quoted(&design.name));
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, label={}, labelloc=t, fontname=\"DejaVu Sans\", bgcolor={}];",
        quoted(&design.name),
        quoted(&p.background.hex())
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", fontcolor={}];",
        quoted(&p.text.hex())
    );
    out.push_str("  edge [fontname=\"DejaVu Sans\", fontsize=10];\n");
    for c in &design.components {
        let tag = c.tag();
        let mut attrs = vec![
            format!("class={}", quoted(tag.key())),
            format!("fillcolor={}", quoted(&theme.node_fill(tag).hex())),
        ];
        if tag == KindTag::Server {
            let mut fields = vec![record_text(&c.name)];
            for s in c.kind.services() {
                fields.push(format!(
                    "<{}> {}",
                    record_text(&s.id),
                    record_text(&s.product)
                ));
            }
            attrs.push("shape=record".to_owned());
            attrs.push(format!("label={}", quoted(&fields.join("|"))));
        } else {
            attrs.push(format!("label={}", quoted(&c.name)));
        }
        if tag == KindTag::Database {
            attrs.push("shape=cylinder".to_owned());
        }
        if marks.spof.contains(c.id.as_str()) {
            attrs.push(format!("color={}, penwidth=3", quoted(&p.spof.hex())));
        } else {
            attrs.push(format!("color={}", quoted(&theme.node_accent(tag).hex())));
        }
        if c.replicas != 1 {
            attrs.push(format!("xlabel={}", quoted(&format!("×{}", c.replicas))));
        }
        let _ = writeln!(out, "  {} [{}];", quoted(c.id.as_str()), attrs.join(", "));
    }
    for (i, l) in design.links.iter().enumerate() {
        let colour = if marks.plaintext.contains(&i) {
            p.error
        } else if l.encrypted() {
            p.encrypted
        } else {
            p.plaintext
        };
        let mut attrs = vec![
            format!(
                "class={}",
                quoted(&crate::import::keys::purpose_key(l.purpose))
            ),
            format!(
                "label={}",
                quoted(&format!("{} {}", l.protocol.label(), l.port))
            ),
            format!("color={}", quoted(&colour.hex())),
        ];
        if marks.plaintext.contains(&i) {
            attrs.push("style=dashed, penwidth=2".to_owned());
        } else if l.purpose != LinkPurpose::Request {
            attrs.push("style=dotted".to_owned());
        }
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            endpoint(&l.from),
            endpoint(&l.to),
            attrs.join(", ")
        );
    }
    out.push_str("}\n");
    out
}
