//! Mermaid `architecture-beta` export, for READMEs: one service per component (icon by kind:
//! `internet` for users, `database` for databases, `disk` for generic services, `cloud` for
//! DNS and monitoring services, `server` for the rest), one edge per pair of linked
//! components, drawn from left to right. Mermaid ids allow letters, digits and `_` only, so
//! `server-1` becomes `server_1` ([`mermaid_ids`] gives the mapping). A comment before each
//! service ([`KIND_COMMENT`]) keeps its exact kind for Infraboard's own reader. Zones become
//! groups (`group az_a(cloud)[AZ a]`, nested with `in`), and a component in a zone is declared
//! `in` its group.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::model::{ComponentId, Design, KindTag};

/// The Mermaid id of every component: its id with every character Mermaid does not accept
/// turned into `_`, made unique with a numeric suffix where two ids meet.
pub fn mermaid_ids(design: &Design) -> BTreeMap<ComponentId, String> {
    mermaid_ids_of(
        design.components.iter().map(|c| &c.id),
        &mut BTreeSet::new(),
    )
}

/// Mermaid ids for `ids`, unique among themselves and the ids in `taken` (which grows).
fn mermaid_ids_of<'a>(
    ids_in: impl Iterator<Item = &'a ComponentId>,
    taken: &mut BTreeSet<String>,
) -> BTreeMap<ComponentId, String> {
    let mut ids = BTreeMap::new();
    for id_in in ids_in {
        let base: String = id_in
            .as_str()
            .chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || ch == '_' {
                    ch
                } else {
                    '_'
                }
            })
            .collect();
        let mut id = base.clone();
        let mut n = 1;
        while taken.contains(&id) {
            n += 1;
            id = format!("{base}_{n}");
        }
        taken.insert(id.clone());
        ids.insert(id_in.clone(), id);
    }
    ids
}

/// The built-in Mermaid icon for a zone: a rack is a machine, larger zones a cloud.
fn zone_icon(kind: crate::model::ZoneKind) -> &'static str {
    match kind {
        crate::model::ZoneKind::Rack => "server",
        crate::model::ZoneKind::AvailabilityZone | crate::model::ZoneKind::Region => "cloud",
    }
}

/// The comment that tells Infraboard's reader the exact kind of the next service
/// (`%% infraboard-kind lb load_balancer`); Mermaid ignores it.
pub const KIND_COMMENT: &str = "%% infraboard-kind";

/// The built-in Mermaid icon for a kind.
pub fn icon(tag: KindTag) -> &'static str {
    match tag {
        KindTag::Users => "internet",
        KindTag::Database | KindTag::Cache => "database",
        KindTag::Service | KindTag::Queue | KindTag::ObjectStorage => "disk",
        KindTag::Dns | KindTag::MonitoringService | KindTag::Cdn => "cloud",
        KindTag::Firewall | KindTag::LoadBalancer | KindTag::Server | KindTag::MonitoringClient => {
            "server"
        }
    }
}

/// A label Mermaid reads inside `[...]`: brackets, parentheses, quotes and colons dropped.
fn label(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | '(' | ')' | '"' | ':' | '{' | '}' | '`') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let joined = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.is_empty() {
        "unnamed".to_owned()
    } else {
        joined
    }
}

/// Writes `design` as Mermaid `architecture-beta`.
pub fn design_to_mermaid(design: &Design) -> String {
    let ids = mermaid_ids(design);
    let mut taken: BTreeSet<String> = ids.values().cloned().collect();
    let group_ids = mermaid_ids_of(design.zones.iter().map(|z| &z.id), &mut taken);
    // `in GROUP` for a component or zone inside a zone the design has.
    let inside = |zone: Option<&ComponentId>| {
        zone.and_then(|z| group_ids.get(z))
            .map(|g| format!(" in {g}"))
            .unwrap_or_default()
    };
    let mut out = String::from("architecture-beta\n");
    let _ = writeln!(
        out,
        "    %% {} (exported by Infraboard)",
        label(&design.name)
    );
    // Groups before what is in them: outer zones first.
    for z in crate::scene::zone_paint_order(design) {
        let zone = &design.zones[z];
        let _ = writeln!(
            out,
            "    group {}({})[{}]{}",
            group_ids[&zone.id],
            zone_icon(zone.kind),
            label(&zone.name),
            inside(zone.parent.as_ref())
        );
    }
    for c in &design.components {
        let _ = writeln!(out, "    {KIND_COMMENT} {} {}", ids[&c.id], c.tag().key());
        let _ = writeln!(
            out,
            "    service {}({})[{}]{}",
            ids[&c.id],
            icon(c.tag()),
            label(&c.name),
            inside(c.zone.as_ref())
        );
    }
    let mut pairs = BTreeSet::new();
    for l in &design.links {
        let (Some(a), Some(b)) = (ids.get(&l.from.component), ids.get(&l.to.component)) else {
            continue;
        };
        if a != b && pairs.insert((a.clone(), b.clone())) {
            let _ = writeln!(out, "    {a}:R --> L:{b}");
        }
    }
    out
}
