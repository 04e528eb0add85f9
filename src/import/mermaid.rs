//! Mermaid `architecture-beta` import: `service` lines become components (kind from the
//! label's words, else the icon: `internet` → users, `database` → database, `disk` →
//! generic service, `server` → server), edges become links (`-->` and `<--` give the
//! direction; a plain `--` is read left to right). A group becomes a text note above its
//! services (Infraboard has no zones yet), reported as guessed; junctions and edges to groups
//! are reported as skipped. Mermaid has no positions, so the design is laid out.

use std::collections::{BTreeMap, BTreeSet};

use super::build::{DesignBuilder, LinkHints};
use super::guess::{kind_for, kind_from_words};
use crate::model::{ComponentId, Endpoint, KindTag};

/// Whether `head` (the start of a file, trimmed) is Mermaid `architecture-beta`.
pub(crate) fn looks_like_mermaid(head: &str) -> bool {
    head.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("%%") && *l != "---")
        .is_some_and(|l| l.starts_with("architecture-beta"))
}

/// `name(icon)[label] in group` after `service`/`group`, split up.
#[derive(Debug, Default, PartialEq, Eq)]
struct Declaration<'a> {
    id: &'a str,
    icon: Option<&'a str>,
    label: Option<&'a str>,
    parent: Option<&'a str>,
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn declaration(rest: &str) -> Option<Declaration<'_>> {
    let body = rest.trim();
    let id_end = body.find(['(', '[', ' ']).unwrap_or(body.len());
    let id = &body[..id_end];
    let mut tail = &body[id_end..];
    let mut icon = None;
    if let Some(after) = tail.strip_prefix('(') {
        let close = after.find(')')?;
        icon = Some(&after[..close]);
        tail = &after[close + 1..];
    }
    let mut label = None;
    if let Some(after) = tail.strip_prefix('[') {
        let close = after.find(']')?;
        label = Some(after[..close].trim());
        tail = &after[close + 1..];
    }
    let parent = match tail.trim() {
        "" => None,
        t => {
            let p = t.strip_prefix("in ")?.trim();
            if !is_id(p) {
                return None;
            }
            Some(p)
        }
    };
    is_id(id).then_some(Declaration {
        id,
        icon,
        label,
        parent,
    })
}

/// One end of an edge: `id`, `id{group}`, with a side `L|R|T|B`.
fn edge_end(text: &str, side_first: bool) -> Option<(&str, bool)> {
    let text = text.trim();
    let (a, b) = text.split_once(':')?;
    let (side, node) = if side_first { (a, b) } else { (b, a) };
    if !matches!(side.trim(), "L" | "R" | "T" | "B") {
        return None;
    }
    let node = node.trim();
    let (node, group) = match node.strip_suffix("{group}") {
        Some(n) => (n, true),
        None => (node, false),
    };
    is_id(node).then_some((node, group))
}

/// How an edge line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrow {
    /// `-->` (or `<--` read the other way).
    Forward,
    /// `--`: no direction.
    Plain,
    /// `<-->`: both ways.
    Both,
}

/// An edge line: `(from, to, an end is a group, arrow)`.
fn edge(line: &str) -> Option<(&str, &str, bool, Arrow)> {
    for (text, arrow, backward) in [
        ("<-->", Arrow::Both, false),
        ("-->", Arrow::Forward, false),
        ("<--", Arrow::Forward, true),
        ("--", Arrow::Plain, false),
    ] {
        if let Some((lhs, rhs)) = line.split_once(text) {
            let (l, lg) = edge_end(lhs, false)?;
            let (r, rg) = edge_end(rhs, true)?;
            let (from, to) = if backward { (r, l) } else { (l, r) };
            return Some((from, to, lg || rg, arrow));
        }
    }
    None
}

/// Reads Mermaid text into a design under construction.
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<DesignBuilder, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| format!("the file is not UTF-8 text ({e})"))?;
    let mut b = DesignBuilder::new(name, "Mermaid");
    let mut header = false;
    let mut in_front_matter = false;
    let mut services: BTreeMap<String, ComponentId> = BTreeMap::new();
    let mut groups = BTreeSet::new();
    // Group id → (label, parent group); service id → its group.
    let mut group_decls: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let mut service_group: BTreeMap<String, String> = BTreeMap::new();
    let mut junctions = BTreeSet::new();
    let mut edges = Vec::new();
    let mut exact: BTreeMap<String, KindTag> = BTreeMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        if let Some(rest) = raw
            .trim()
            .strip_prefix(crate::export::mermaid::KIND_COMMENT)
            && let Some((id, key)) = rest.trim().split_once(' ')
            && let Some(tag) = super::keys::tag_from_key(key.trim())
        {
            exact.insert(id.to_owned(), tag);
            continue;
        }
        let line = raw.split("%%").next().unwrap_or_default().trim();
        if line == "---" {
            in_front_matter = !in_front_matter && !header;
            continue;
        }
        if line.is_empty() || in_front_matter {
            continue;
        }
        if !header {
            if line != "architecture-beta" {
                return Err(format!(
                    "line {line_no}: expected `architecture-beta`, found `{line}`"
                ));
            }
            header = true;
            continue;
        }
        let at = |what: &str| format!("line {line_no}: {what}: `{line}`");
        if let Some(rest) = line.strip_prefix("title ") {
            b.design_mut().name = rest.trim().to_owned();
        } else if line.starts_with("accTitle") || line.starts_with("accDescr") {
            continue;
        } else if let Some(rest) = line.strip_prefix("service ") {
            let d = declaration(rest)
                .ok_or_else(|| at("a service must read `service id(icon)[Label]`"))?;
            if services.contains_key(d.id) || groups.contains(d.id) || junctions.contains(d.id) {
                return Err(at(&format!("`{}` is declared twice", d.id)));
            }
            let label = d.label.unwrap_or(d.id);
            let (tag, why) = match (
                exact.get(d.id),
                kind_from_words(label),
                d.icon.map(icon_kind),
            ) {
                (Some(t), _, _) => (*t, None),
                (None, Some(t), _) => (t, Some("its label")),
                (None, None, Some(Some(t))) => (t, Some("its icon")),
                _ => (KindTag::Service, Some("nothing: a generic service")),
            };
            let id = b.add_component(Some(d.id), label, kind_for(tag, label), None);
            if let Some(why) = why {
                b.guessed(
                    &format!("service `{}`", d.id),
                    format!("`{id}`: {} from {why}", tag.label().to_lowercase()),
                );
            }
            if let Some(g) = d.parent {
                service_group.insert(d.id.to_owned(), g.to_owned());
            }
            services.insert(d.id.to_owned(), id);
        } else if let Some(rest) = line.strip_prefix("group ") {
            let d =
                declaration(rest).ok_or_else(|| at("a group must read `group id(icon)[Label]`"))?;
            if services.contains_key(d.id) || groups.contains(d.id) || junctions.contains(d.id) {
                return Err(at(&format!("`{}` is declared twice", d.id)));
            }
            groups.insert(d.id.to_owned());
            group_decls.insert(
                d.id.to_owned(),
                (
                    d.label.unwrap_or(d.id).to_owned(),
                    d.parent.map(str::to_owned),
                ),
            );
        } else if let Some(rest) = line.strip_prefix("junction ") {
            let d = declaration(rest).ok_or_else(|| at("a junction must read `junction id`"))?;
            junctions.insert(d.id.to_owned());
            b.skipped(
                &format!("junction `{}`", d.id),
                "junctions are not imported; edges through it are skipped",
            );
        } else if let Some(e) = edge(line) {
            edges.push((
                line_no,
                line.to_owned(),
                e.0.to_owned(),
                e.1.to_owned(),
                e.2,
                e.3,
            ));
        } else {
            return Err(at("not a service, group, junction or edge"));
        }
    }
    if !header {
        return Err("the file is empty; expected `architecture-beta`".to_owned());
    }
    if services.is_empty() {
        return Err("no `service` to import".to_owned());
    }
    group_notes(&mut b, &group_decls, &service_group, &services);
    for (line_no, line, from, to, group_end, arrow) in edges {
        let subject = format!("line {line_no} `{line}`");
        let known =
            |id: &str| services.contains_key(id) || groups.contains(id) || junctions.contains(id);
        if let Some(missing) = [&from, &to].into_iter().find(|id| !known(id)) {
            return Err(format!(
                "line {line_no}: the edge names `{missing}`, which is not declared"
            ));
        }
        if group_end || groups.contains(&from) || groups.contains(&to) {
            b.skipped(&subject, "an edge to a group (groups are not imported)");
            continue;
        }
        let (Some(a), Some(c)) = (services.get(&from), services.get(&to)) else {
            b.skipped(&subject, "an edge through a junction");
            continue;
        };
        if arrow == Arrow::Plain {
            b.guessed(&subject, "no arrow: read from left to right");
        }
        let (a, c) = (
            Endpoint::component(a.as_str()),
            Endpoint::component(c.as_str()),
        );
        b.add_link(&subject, a.clone(), c.clone(), &LinkHints::default());
        if arrow == Arrow::Both {
            b.add_link(&subject, c, a, &LinkHints::default());
        }
    }
    Ok(b)
}

/// Shows each group as a text note over the services in it and in its nested groups: its
/// label, then "group of" their names (Infraboard has no zones yet).
fn group_notes(
    b: &mut DesignBuilder,
    groups: &BTreeMap<String, (String, Option<String>)>,
    service_group: &BTreeMap<String, String>,
    services: &BTreeMap<String, ComponentId>,
) {
    // Whether `inner` is `outer` or nested in it (a cycle of parents ends the walk).
    let within = |inner: &str, outer: &str| {
        let mut at = inner.to_owned();
        for _ in 0..=groups.len() {
            if at == outer {
                return true;
            }
            match groups.get(&at).and_then(|(_, p)| p.clone()) {
                Some(parent) => at = parent,
                None => return false,
            }
        }
        false
    };
    for (gid, (label, _)) in groups {
        let inside: BTreeSet<&ComponentId> = service_group
            .iter()
            .filter(|(_, g)| within(g, gid))
            .filter_map(|(sid, _)| services.get(sid))
            .collect();
        // In the file's order.
        let members: Vec<ComponentId> = b
            .design()
            .components
            .iter()
            .filter(|c| inside.contains(&c.id))
            .map(|c| c.id.clone())
            .collect();
        let subject = format!("group `{gid}`");
        if members.is_empty() {
            b.skipped(&subject, "no service in it (Infraboard has no zones yet)");
            continue;
        }
        let names: Vec<String> = members
            .iter()
            .filter_map(|id| b.design().component(id.as_str()))
            .map(|c| c.name.clone())
            .collect();
        b.guessed(
            &subject,
            format!(
                "a text note “{label}” above its {} services (Infraboard has no zones yet)",
                members.len()
            ),
        );
        b.add_group_note(&format!("{label}\ngroup of {}", names.join(", ")), members);
    }
}

/// The kind a built-in (or iconify) icon stands for.
fn icon_kind(icon: &str) -> Option<KindTag> {
    match icon {
        "internet" => Some(KindTag::Users),
        "database" => Some(KindTag::Database),
        "disk" => Some(KindTag::Service),
        "server" => Some(KindTag::Server),
        "cloud" => None,
        other => kind_from_words(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_parse() {
        assert_eq!(
            declaration("db(database)[Main DB] in api"),
            Some(Declaration {
                id: "db",
                icon: Some("database"),
                label: Some("Main DB"),
                parent: Some("api")
            })
        );
        assert_eq!(declaration("x").map(|d| d.id), Some("x"));
        assert_eq!(declaration("bad id(server)[X]"), None);
    }

    #[test]
    fn edges_parse() {
        assert_eq!(edge("a:R --> L:b"), Some(("a", "b", false, Arrow::Forward)));
        assert_eq!(edge("a:R <-- L:b"), Some(("b", "a", false, Arrow::Forward)));
        assert_eq!(edge("a:R -- L:b"), Some(("a", "b", false, Arrow::Plain)));
        assert_eq!(edge("a:B <--> T:b"), Some(("a", "b", false, Arrow::Both)));
        assert_eq!(
            edge("g{group}:B --> T:b"),
            Some(("g", "b", true, Arrow::Forward))
        );
        assert_eq!(edge("a --> b"), None);
    }
}
