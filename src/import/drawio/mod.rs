//! draw.io / diagrams.net import. Shapes become components (kind from Infraboard's own
//! `ib_kind` data when the file came from Infraboard, else guessed from the style and the
//! label), connectors become links, servers exported by Infraboard come back with their
//! stack, and draw.io's positions are kept. Free text becomes text notes. A container (a
//! swimlane, a group, an Infraboard zone) becomes a zone: a rack, an availability zone or a
//! region as Infraboard's `ib_zone_kind` data or its label says (an availability zone
//! otherwise), inside the container that holds it; each component joins the smallest zone
//! whose rectangle holds its centre.

mod cells;
mod decode;

use std::collections::BTreeMap;

pub use decode::deflate_page;

use self::cells::Cell;
use super::build::{DesignBuilder, LinkHints};
use super::guess::{kind_for, kind_from_words, protocol_from_label};
use super::keys;
use crate::model::{
    DatabaseSettings, Endpoint, Kind, KindTag, Link, Point, ServerSettings, Service, ServiceKind,
    ZoneKind,
};

/// What a cell turned into.
#[derive(Debug, Clone)]
enum Mapped {
    /// A component with this id.
    Component(String),
    /// A service row: server id and service id.
    Service(String, String),
}

/// Reads a draw.io file into a design under construction.
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<DesignBuilder, String> {
    let pages = decode::pages(bytes)?;
    let first = &pages[0];
    let cells =
        cells::cells(&first.model_xml).map_err(|e| format!("page `{}`: {e}", first.name))?;
    let mut b = DesignBuilder::new(name, "draw.io");
    for page in &pages[1..] {
        b.skipped(
            &format!("page `{}`", page.name),
            "only the first page is imported",
        );
    }
    let by_id: BTreeMap<&str, &Cell> = cells.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut children: BTreeMap<&str, Vec<&Cell>> = BTreeMap::new();
    for c in &cells {
        if let Some(p) = &c.parent {
            children.entry(p.as_str()).or_default().push(c);
        }
    }
    let mut mapped: BTreeMap<&str, Mapped> = BTreeMap::new();
    let mut zone_cells: Vec<(&Cell, crate::model::ComponentId)> = Vec::new();
    for cell in cells.iter().filter(|c| c.vertex) {
        let parent = cell.parent.as_deref().and_then(|p| by_id.get(p));
        if parent.is_some_and(|p| p.edge) {
            continue; // an edge label, read with its edge
        }
        if parent.is_some_and(|p| p.data.get("ib_kind").map(String::as_str) == Some("server"))
            && cell.data.contains_key("ib_service")
        {
            continue; // a service row, read with its server
        }
        let subject = format!("cell `{}`", cell.id);
        let kids: Vec<&Cell> = children
            .get(cell.id.as_str())
            .map(|v| v.iter().copied().filter(|c| c.vertex).collect())
            .unwrap_or_default();
        let exact = cell.data.get("ib_kind").and_then(|k| keys::tag_from_key(k));
        if exact.is_none() && (cell.style_has("text") || cell.style_value("shape") == Some("text"))
        {
            if let Some(at) = absolute_centre(cell, &by_id).filter(|_| !cell.label.is_empty()) {
                b.add_note(&cell.label, at);
                b.guessed(
                    &subject,
                    format!("free text “{}” → a text note", first_line(&cell.label)),
                );
            }
            continue;
        }
        let container = cell.style_has("swimlane")
            || cell.style_has("group")
            || cell.style_value("container") == Some("1")
            || !kids.is_empty();
        if exact.is_none() && container {
            let what = format!(
                "container “{}” with {} shapes",
                first_line(&cell.label),
                kids.len()
            );
            if cell.label.trim().is_empty() {
                b.skipped(
                    &subject,
                    format!("{what}: an unnamed group, not a place; its shapes are imported on their own"),
                );
                continue;
            }
            let rect = absolute_centre(cell, &by_id)
                .zip(cell.geometry)
                .filter(|(_, [_, _, w, h])| *w > 0.0 && *h > 0.0);
            let Some((centre, [_, _, w, h])) = rect else {
                b.skipped(&subject, format!("{what}: it has no size on the page"));
                continue;
            };
            let (kind, guessed) = zone_kind(cell);
            let name = zone_name(cell);
            let top_left = Point::new(centre.x - w / 2.0, centre.y - h / 2.0);
            let id = b.add_zone(
                cell.data.get("ib_zone").map(String::as_str),
                &name,
                kind,
                top_left,
                crate::model::Size { w, h },
            );
            zone_cells.push((cell, id.clone()));
            if guessed {
                b.guessed(
                    &subject,
                    format!("{what} → {} `{id}`", kind.label().to_lowercase()),
                );
            }
            continue;
        }
        let position = absolute_centre(cell, &by_id);
        let (kind, note) = match exact {
            Some(tag) => (exact_kind(tag, cell, &kids), None),
            None => guessed_kind(cell),
        };
        let label_name = first_line(&cell.label);
        let id = b.add_component(
            cell.data.get("ib_id").map(String::as_str),
            label_name,
            kind,
            position,
        );
        if let Some(note) = note {
            b.guessed(&subject, format!("`{id}`: {note}"));
        }
        if let Some(r) = cell
            .data
            .get("ib_replicas")
            .and_then(|r| r.parse::<u32>().ok())
            && let Some(c) = b.design_mut().component_mut(id.as_str())
        {
            c.replicas = r.clamp(1, crate::model::MAX_WORKERS);
        }
        if exact == Some(KindTag::Server) {
            for row in &kids {
                if let Some(svc) = row.data.get("ib_service") {
                    mapped.insert(
                        row.id.as_str(),
                        Mapped::Service(id.to_string(), svc.clone()),
                    );
                }
            }
        }
        mapped.insert(cell.id.as_str(), Mapped::Component(id.to_string()));
    }
    if mapped.is_empty() {
        return Err(format!("page `{}` has no shapes to import", first.name));
    }
    for edge in cells.iter().filter(|c| c.edge) {
        read_edge(&mut b, edge, &mapped, &children);
    }
    nest_zones(&mut b);
    b.place_in_zones();
    Ok(b)
}

/// Gives each zone the smallest larger zone whose rectangle holds its own as its parent
/// (draw.io nests containers by geometry as often as by cell parent).
fn nest_zones(b: &mut DesignBuilder) {
    let zones = b.design().zones.clone();
    let holds = |outer: &crate::model::Zone, inner: &crate::model::Zone| {
        outer.size.w * outer.size.h > inner.size.w * inner.size.h
            && outer.contains_point(inner.position)
            && outer.contains_point(Point::new(
                inner.position.x + inner.size.w,
                inner.position.y + inner.size.h,
            ))
    };
    for (i, z) in b.design_mut().zones.iter_mut().enumerate() {
        z.parent = zones
            .iter()
            .enumerate()
            .filter(|&(j, outer)| j != i && holds(outer, &zones[i]))
            .min_by(|(_, a), (_, b)| (a.size.w * a.size.h).total_cmp(&(b.size.w * b.size.h)))
            .map(|(_, outer)| outer.id.clone());
    }
}

/// A container's zone kind: Infraboard's own `ib_zone_kind`, else from words in its label
/// (rack; region; availability zone, AZ, zone, data centre), else an availability zone; and
/// whether it was guessed.
fn zone_kind(cell: &Cell) -> (ZoneKind, bool) {
    if let Some(kind) = cell
        .data
        .get("ib_zone_kind")
        .and_then(|k| ZoneKind::ALL.into_iter().find(|z| z.key() == k))
    {
        return (kind, false);
    }
    let label = cell.label.to_lowercase();
    let has = |w: &str| label.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    let kind = if has("rack") {
        ZoneKind::Rack
    } else if has("region") {
        ZoneKind::Region
    } else {
        ZoneKind::AvailabilityZone
    };
    (kind, true)
}

/// A container's zone name: its label's first line, without the ` · Kind` suffix
/// Infraboard's export adds.
fn zone_name(cell: &Cell) -> String {
    let first = first_line(&cell.label);
    match first.rsplit_once(" · ") {
        Some((name, kind)) if ZoneKind::ALL.iter().any(|k| k.label() == kind) => name.to_owned(),
        _ => first.to_owned(),
    }
}

/// Adds the link an edge stands for, or notes why not.
fn read_edge(
    b: &mut DesignBuilder,
    edge: &Cell,
    mapped: &BTreeMap<&str, Mapped>,
    children: &BTreeMap<&str, Vec<&Cell>>,
) {
    let subject = format!("edge `{}`", edge.id);
    let end = |id: &Option<String>| -> Option<Endpoint> {
        match mapped.get(id.as_deref()?)? {
            Mapped::Component(c) => Some(Endpoint::component(c.clone())),
            Mapped::Service(server, svc) => Some(Endpoint::service(server.clone(), svc.clone())),
        }
    };
    let (Some(from), Some(to)) = (end(&edge.source), end(&edge.target)) else {
        let why = if edge.source.is_none() || edge.target.is_none() {
            "it is not connected at both ends"
        } else {
            "one of its ends is not an imported shape (text or a container)"
        };
        b.skipped(&subject, why);
        return;
    };
    let mut label = edge.label.clone();
    for child in children.get(edge.id.as_str()).into_iter().flatten() {
        label.push(' ');
        label.push_str(&child.label);
    }
    let hints = match exact_link(edge) {
        Some(link) => LinkHints {
            exact: Some(link),
            ..LinkHints::default()
        },
        None => {
            let (protocol, port) = protocol_from_label(&label);
            LinkHints {
                protocol,
                port,
                ..LinkHints::default()
            }
        }
    };
    b.add_link(&subject, from, to, &hints);
}

/// The link an edge written by Infraboard describes in its `ib_*` data.
fn exact_link(edge: &Cell) -> Option<Link> {
    let purpose = keys::purpose_from_key(edge.data.get("ib_purpose")?)?;
    let protocol = keys::protocol_from_key(edge.data.get("ib_protocol")?)?;
    let mut link = Link::new("", "", purpose, protocol);
    if let Some(port) = edge.data.get("ib_port").and_then(|p| p.parse().ok()) {
        link.port = port;
    }
    if let Some(c) = edge
        .data
        .get("ib_carries")
        .and_then(|c| keys::carries_from_key(c))
    {
        link.carries = c;
    }
    if let Some(w) = edge
        .data
        .get("ib_weight")
        .and_then(|w| w.parse::<f64>().ok())
        .filter(|w| w.is_finite() && *w > 0.0 && *w <= 1e6)
    {
        link.weight = w;
    }
    Some(link)
}

/// The kind of a shape Infraboard wrote, with its product, role and stack.
fn exact_kind(tag: KindTag, cell: &Cell, rows: &[&Cell]) -> Kind {
    let product = cell.data.get("ib_product").cloned().unwrap_or_default();
    let role = cell
        .data
        .get("ib_db_role")
        .and_then(|r| keys::role_from_key(r));
    match kind_for(tag, &product) {
        Kind::Server(_) => Kind::Server(ServerSettings {
            services: rows.iter().filter_map(|row| exact_service(row)).collect(),
        }),
        Kind::Database(_) => {
            let mut db = DatabaseSettings::with_role(role.unwrap_or_default());
            if !product.is_empty() {
                db.engine = product;
            }
            Kind::Database(db)
        }
        Kind::LoadBalancer(mut s) => {
            s.product = product;
            Kind::LoadBalancer(s)
        }
        Kind::Service(mut s) => {
            s.product = product;
            Kind::Service(s)
        }
        Kind::MonitoringClient(mut s) => {
            s.product = product;
            Kind::MonitoringClient(s)
        }
        Kind::MonitoringService(mut s) => {
            s.product = product;
            Kind::MonitoringService(s)
        }
        other => other,
    }
}

/// A service row Infraboard wrote.
fn exact_service(row: &Cell) -> Option<Service> {
    let id = row.data.get("ib_service")?;
    let kind = row
        .data
        .get("ib_service_kind")
        .and_then(|k| keys::service_kind_from_key(k))
        .unwrap_or(ServiceKind::Other);
    let product = row
        .data
        .get("ib_product")
        .map_or(row.label.as_str(), String::as_str);
    let mut service = Service::new(id, kind, product);
    if let (Some(db), Some(role)) = (
        service.database.as_mut(),
        row.data
            .get("ib_db_role")
            .and_then(|r| keys::role_from_key(r)),
    ) {
        *db = DatabaseSettings {
            engine: product.to_owned(),
            ..DatabaseSettings::with_role(role)
        };
    }
    Some(service)
}

/// The kind of a foreign shape: from its style, else its label, else a generic service;
/// with a note saying which.
fn guessed_kind(cell: &Cell) -> (Kind, Option<String>) {
    let shape_words = [
        cell.style_value("shape"),
        cell.style_value("resIcon"),
        cell.style_value("prIcon"),
    ]
    .into_iter()
    .flatten()
    .chain(cell.style.split(';').filter(|p| !p.contains('=')))
    .collect::<Vec<_>>()
    .join(" ");
    if let Some(tag) = kind_from_words(&shape_words) {
        let note = format!("{} from its shape", tag.label().to_lowercase());
        return (kind_for(tag, &cell.label), Some(note));
    }
    if let Some(tag) = kind_from_words(&cell.label) {
        let note = format!("{} from its label", tag.label().to_lowercase());
        return (kind_for(tag, &cell.label), Some(note));
    }
    (
        kind_for(KindTag::Service, &cell.label),
        Some("unknown shape: imported as a generic service".to_owned()),
    )
}

/// The first line of a label.
fn first_line(label: &str) -> &str {
    label.lines().next().unwrap_or_default()
}

/// A vertex's centre in page coordinates (its geometry is relative to its parent shapes).
fn absolute_centre(cell: &Cell, by_id: &BTreeMap<&str, &Cell>) -> Option<Point> {
    let [x, y, w, h] = cell.geometry?;
    let (mut ax, mut ay) = (x + w / 2.0, y + h / 2.0);
    let mut parent = cell.parent.as_deref();
    let mut depth = 0;
    while let Some(p) = parent.and_then(|p| by_id.get(p)) {
        if !p.vertex || depth > 64 {
            break;
        }
        if let Some([px, py, _, _]) = p.geometry {
            ax += px;
            ay += py;
        }
        parent = p.parent.as_deref();
        depth += 1;
    }
    Some(Point::new(ax, ay))
}
