//! draw.io export: an uncompressed `.drawio` file (one `<mxfile>` page) that opens in draw.io
//! and imports back into Infraboard unchanged in components, kinds and links. One shape per
//! component with a fitting draw.io style (servers as containers listing their stack, one
//! row per service), links as labelled connectors, SPOFs and plaintext hops after TLS
//! termination marked by style. Infraboard's ids, kinds and link settings ride along as
//! draw.io custom data (`<object ib_kind="…">`, visible under Edit Data). Zones are drawn as
//! labelled container shapes under the components (outer zones first, `ib_zone` data); the
//! components are not made children of them, so moving a zone in draw.io leaves them.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::svg::escape;
use crate::import::keys;
use crate::model::{Component, Design, Kind, KindTag, Link, LinkPurpose, Service};
use crate::scene::geometry::{node_rect_with, service_role, service_row_rect_at};
use crate::sim::{Analysis, Rule};
use crate::theme::Theme;

/// Writes `design` as a draw.io file. With `analysis`, SPOFs get a thick red border and
/// plaintext hops after TLS termination a dashed red line.
pub fn design_to_drawio(design: &Design, analysis: Option<&Analysis>) -> String {
    let theme = Theme::light();
    let marks = AnalysisMarks::new(design, analysis);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<mxfile host=\"Infraboard\" type=\"device\">\n");
    let _ = writeln!(
        out,
        "  <diagram id=\"infraboard\" name=\"{}\">",
        escape(&design.name)
    );
    out.push_str("    <mxGraphModel grid=\"1\" gridSize=\"10\" guides=\"1\" tooltips=\"1\" connect=\"1\" arrows=\"1\" fold=\"1\" page=\"0\" pageScale=\"1\" math=\"0\" shadow=\"0\">\n      <root>\n");
    out.push_str("        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n");
    for z in crate::scene::zone_paint_order(design) {
        let zone = &design.zones[z];
        write_zone(
            &mut out,
            zone,
            &theme,
            marks.spof.contains(zone.id.as_str()),
        );
    }
    for c in &design.components {
        write_component(&mut out, c, &theme, marks.spof.contains(c.id.as_str()));
    }
    for (i, link) in design.links.iter().enumerate() {
        write_link(&mut out, i, link, &theme, marks.plaintext.contains(&i));
    }
    out.push_str("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
    out
}

/// The analysis marks the diagram formats show: SPOF component ids and the indices of
/// plaintext links after TLS termination.
pub(crate) struct AnalysisMarks {
    /// Component ids that are SPOFs (or hold one).
    pub spof: BTreeSet<String>,
    /// Indices of plaintext request links downstream of TLS termination.
    pub plaintext: BTreeSet<usize>,
}

impl AnalysisMarks {
    /// The marks of `analysis` on `design` (none without one).
    pub(crate) fn new(design: &Design, analysis: Option<&Analysis>) -> Self {
        let mut spof = BTreeSet::new();
        let mut plaintext = BTreeSet::new();
        for f in analysis.map(|a| a.findings.as_slice()).unwrap_or_default() {
            match f.rule {
                Rule::Spof => {
                    for c in &f.components {
                        spof.insert(c.split('/').next().unwrap_or(c).to_owned());
                    }
                }
                Rule::PlaintextAfterTlsTermination => {
                    for r in &f.links {
                        plaintext.extend(
                            design
                                .links
                                .iter()
                                .enumerate()
                                .filter(|(_, l)| l.from == r.from && l.to == r.to)
                                .map(|(i, _)| i),
                        );
                    }
                }
                _ => {}
            }
        }
        Self { spof, plaintext }
    }
}

/// The draw.io style of a component's shape, and whether it is an icon (label below).
fn shape_style(tag: KindTag) -> (String, bool) {
    const ICON: &str = "html=1;verticalLabelPosition=bottom;verticalAlign=top;align=center;aspect=fixed;outlineConnect=0;";
    let icon = |shape: &str| (format!("shape={shape};{ICON}"), true);
    let boxed = |style: &str| (style.to_owned(), false);
    match tag {
        KindTag::Users => icon("mxgraph.networks.users"),
        KindTag::Dns => icon("mxgraph.networks.cloud"),
        KindTag::Firewall => icon("mxgraph.networks.firewall"),
        KindTag::LoadBalancer => icon("mxgraph.networks.load_balancer"),
        KindTag::MonitoringClient => icon("mxgraph.networks.monitor"),
        KindTag::Database => boxed(
            "shape=cylinder3;boundedLbl=1;backgroundOutline=1;size=10;whiteSpace=wrap;html=1;",
        ),
        KindTag::Service => boxed("rounded=1;whiteSpace=wrap;html=1;"),
        KindTag::Cache => boxed("shape=cylinder3;boundedLbl=1;size=6;whiteSpace=wrap;html=1;"),
        KindTag::Queue => boxed("shape=process;whiteSpace=wrap;html=1;"),
        KindTag::Cdn => boxed("ellipse;shape=cloud;whiteSpace=wrap;html=1;"),
        KindTag::ObjectStorage => boxed(
            "shape=cylinder3;boundedLbl=1;backgroundOutline=1;size=14;whiteSpace=wrap;html=1;",
        ),
        KindTag::MonitoringService => boxed("ellipse;shape=cloud;whiteSpace=wrap;html=1;"),
        KindTag::Server => boxed(
            "swimlane;fontStyle=1;align=center;container=1;collapsible=0;html=1;whiteSpace=wrap;",
        ),
    }
}

/// A zone: a rounded container with its name and kind at the top-left.
fn write_zone(out: &mut String, zone: &crate::model::Zone, theme: &Theme, spof: bool) {
    let stroke = if spof {
        theme.palette.spof
    } else {
        theme.zone_stroke(zone.kind)
    };
    let mut style = format!(
        "rounded=1;arcSize=4;container=1;collapsible=0;whiteSpace=wrap;html=1;verticalAlign=top;\
         align=left;spacingLeft=8;fontStyle=1;fillColor={};fillOpacity=8;strokeColor={};\
         fontColor={};",
        theme.zone_stroke(zone.kind).hex(),
        stroke.hex(),
        theme.zone_stroke(zone.kind).hex(),
    );
    if spof {
        style.push_str("strokeWidth=3;");
    } else if zone.kind == crate::model::ZoneKind::Region {
        style.push_str("dashed=1;");
    }
    let _ = writeln!(
        out,
        "        <object id=\"z:{id}\" label=\"{label}\" ib_zone=\"{id}\" ib_zone_kind=\"{kind}\">\n          <mxCell style=\"{style}\" vertex=\"1\" parent=\"1\">\n            <mxGeometry x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" as=\"geometry\"/>\n          </mxCell>\n        </object>",
        id = escape(zone.id.as_str()),
        label = escape(&html(&format!("{} · {}", zone.name, zone.kind.label()))),
        kind = zone.kind.key(),
        x = zone.position.x,
        y = zone.position.y,
        w = zone.size.w,
        h = zone.size.h,
    );
}

fn write_component(out: &mut String, c: &Component, theme: &Theme, spof: bool) {
    let m = &theme.metrics;
    let tag = c.tag();
    let rect = node_rect_with(c, m);
    let (mut style, icon) = shape_style(tag);
    let (w, h) = if icon {
        let side = rect.height().min(rect.width());
        (side, side)
    } else {
        (rect.width(), rect.height())
    };
    let (x, y) = (c.position.x - w / 2.0, c.position.y - h / 2.0);
    let _ = write!(
        style,
        "fillColor={};strokeColor={};",
        theme.node_fill(tag).hex(),
        theme.node_accent(tag).hex()
    );
    if tag == KindTag::Server {
        let header = crate::scene::geometry::header_rect(c, m);
        let _ = write!(style, "startSize={};", header.height().round());
    }
    if spof {
        let _ = write!(
            style,
            "strokeColor={};strokeWidth=3;",
            theme.palette.spof.hex()
        );
    }
    let mut data = format!(
        "ib_id=\"{}\" ib_kind=\"{}\"",
        escape(c.id.as_str()),
        tag.key()
    );
    if let Some(product) = c.kind.product() {
        let _ = write!(data, " ib_product=\"{}\"", escape(product));
    }
    if let Kind::Database(db) = &c.kind {
        let _ = write!(data, " ib_db_role=\"{}\"", keys::role_key(db.role));
    }
    if c.replicas != 1 {
        let _ = write!(data, " ib_replicas=\"{}\"", c.replicas);
    }
    if spof {
        data.push_str(" ib_mark=\"spof\"");
    }
    let _ = writeln!(
        out,
        "        <object id=\"c:{id}\" label=\"{label}\" tooltip=\"{tip}\" {data}>\n          <mxCell style=\"{style}\" vertex=\"1\" parent=\"1\">\n            <mxGeometry x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" as=\"geometry\"/>\n          </mxCell>\n        </object>",
        id = escape(c.id.as_str()),
        label = escape(&html(&c.name)),
        tip = escape(&crate::scene::geometry::subtitle(c)),
    );
    for (i, s) in c.kind.services().iter().enumerate() {
        let row = service_row_rect_at(c, i, m);
        write_service(
            out,
            c,
            s,
            row.min.y - rect.min.y,
            rect.width(),
            row.height(),
        );
    }
}

fn write_service(out: &mut String, server: &Component, s: &Service, top: f32, w: f32, h: f32) {
    let role = service_role(s);
    let label = if role.is_empty() {
        s.product.clone()
    } else {
        format!("{} ({role})", s.product)
    };
    let mut data = format!(
        "ib_service=\"{}\" ib_service_kind=\"{}\" ib_product=\"{}\"",
        escape(&s.id),
        s.kind.key(),
        escape(&s.product)
    );
    if let Some(db) = &s.database {
        let _ = write!(data, " ib_db_role=\"{}\"", keys::role_key(db.role));
    }
    let _ = writeln!(
        out,
        "        <object id=\"s:{server}/{id}\" label=\"{label}\" {data}>\n          <mxCell style=\"text;html=1;align=left;verticalAlign=middle;spacingLeft=8;strokeColor=none;fillColor=none;\" vertex=\"1\" parent=\"c:{server}\">\n            <mxGeometry y=\"{top}\" width=\"{w}\" height=\"{h}\" as=\"geometry\"/>\n          </mxCell>\n        </object>",
        server = escape(server.id.as_str()),
        id = escape(&s.id),
        label = escape(&html(&label)),
    );
}

fn write_link(
    out: &mut String,
    index: usize,
    link: &Link,
    theme: &Theme,
    plaintext_after_tls: bool,
) {
    let end = |e: &crate::model::Endpoint| match &e.service {
        Some(s) => format!("s:{}/{}", e.component, s),
        None => format!("c:{}", e.component),
    };
    let label = if link.purpose == LinkPurpose::Request {
        format!("{} {}", link.protocol.label(), link.port)
    } else {
        format!(
            "{} ({} {})",
            link.purpose.label(),
            link.protocol.label(),
            link.port
        )
    };
    let colour = if link.encrypted() {
        theme.palette.encrypted
    } else {
        theme.palette.plaintext
    };
    let mut style = format!(
        "endArrow=block;endFill=1;html=1;rounded=0;fontSize=10;labelBackgroundColor={};strokeColor={};",
        theme.palette.background.hex(),
        colour.hex()
    );
    if link.purpose != LinkPurpose::Request {
        style.push_str("dashed=1;dashPattern=1 3;");
    }
    let mut data = format!(
        "ib_purpose=\"{}\" ib_protocol=\"{}\" ib_port=\"{}\"",
        keys::purpose_key(link.purpose),
        keys::protocol_key(link.protocol),
        link.port
    );
    if link.carries != crate::model::Carries::All {
        let _ = write!(data, " ib_carries=\"{}\"", keys::carries_key(link.carries));
    }
    if link.weight != 1.0 {
        let _ = write!(data, " ib_weight=\"{}\"", link.weight);
    }
    if plaintext_after_tls {
        let _ = write!(
            style,
            "dashed=1;strokeWidth=2;strokeColor={};",
            theme.palette.error.hex()
        );
        data.push_str(" ib_mark=\"plaintext-after-tls-termination\"");
    }
    let _ = writeln!(
        out,
        "        <object id=\"l:{index}\" label=\"{label}\" {data}>\n          <mxCell style=\"{style}\" edge=\"1\" parent=\"1\" source=\"{from}\" target=\"{to}\">\n            <mxGeometry relative=\"1\" as=\"geometry\"/>\n          </mxCell>\n        </object>",
        label = escape(&html(&label)),
        from = escape(&end(&link.from)),
        to = escape(&end(&link.to)),
    );
}

/// `text` escaped for a draw.io HTML label (`html=1`).
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
