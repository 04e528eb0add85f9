//! Building a design from what a reader found: fresh valid ids, links with the default
//! purpose and protocol for their kinds (turned round or skipped when they make no sense),
//! firewall rules that let the drawn links through, and positions kept or laid out.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{ImportReport, NoteKind, ReportNote};
use crate::model::{
    Component, ComponentId, Design, Endpoint, FirewallAction, FirewallRule, Kind, KindTag, Link,
    LinkPurpose, MAX_ID_LEN, MAX_NOTE_CHARS, Note, Point, Protocol, Size, TrafficSource, Zone,
    ZoneKind, check_id, default_link,
};
use crate::scene::node_size;

/// Longest id made from a label.
const MAX_SLUG_LEN: usize = 40;
/// Largest factor imported positions are spread by to keep boxes apart.
const MAX_SPREAD: f32 = 6.0;

/// What the reader says about a link beyond its ends.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkHints {
    /// Purpose, when the file says it.
    pub purpose: Option<LinkPurpose>,
    /// Protocol, when the file says it.
    pub protocol: Option<Protocol>,
    /// Port, when the file says it.
    pub port: Option<u16>,
    /// The rest of the link as the file describes it (carries, weight), when it does.
    pub exact: Option<Link>,
}

/// A design under construction and the notes about it.
#[derive(Debug)]
pub(crate) struct DesignBuilder {
    design: Design,
    notes: BTreeSet<ReportNote>,
    format: &'static str,
    positioned: bool,
    /// Groups shown as a text note over their members once positions are known: the note's
    /// text and the members.
    groups: Vec<(String, Vec<ComponentId>)>,
}

impl DesignBuilder {
    /// An empty design named `name`, read from `format`.
    pub fn new(name: &str, format: &'static str) -> Self {
        let mut design = Design::empty(name);
        design.domain = String::new();
        Self {
            design,
            notes: BTreeSet::new(),
            format,
            positioned: false,
            groups: Vec::new(),
        }
    }

    /// The design so far.
    pub fn design(&self) -> &Design {
        &self.design
    }

    /// The design so far, mutably.
    pub fn design_mut(&mut self) -> &mut Design {
        &mut self.design
    }

    /// Notes that something was guessed.
    pub fn guessed(&mut self, subject: &str, message: impl Into<String>) {
        self.note(NoteKind::Guessed, subject, message);
    }

    /// Notes that something was left out.
    pub fn skipped(&mut self, subject: &str, message: impl Into<String>) {
        self.note(NoteKind::Skipped, subject, message);
    }

    fn note(&mut self, kind: NoteKind, subject: &str, message: impl Into<String>) {
        self.notes.insert(ReportNote {
            kind,
            subject: subject.to_owned(),
            message: message.into(),
        });
    }

    /// Adds a component; its id is `wanted` if that is a valid unused id, else made from
    /// `name` (or the kind) and made unique. `position` is its centre, if the file has one.
    pub fn add_component(
        &mut self,
        wanted: Option<&str>,
        name: &str,
        kind: Kind,
        position: Option<Point>,
    ) -> ComponentId {
        let tag = kind.tag();
        let name = if name.trim().is_empty() {
            tag.label()
        } else {
            name.trim()
        };
        let id = self.fresh_id(wanted, name, tag);
        let mut c = Component::new(id.as_str(), name, tag, position.unwrap_or_default());
        c.kind = kind;
        if position.is_some() {
            self.positioned = true;
        }
        self.design.components.push(c);
        id
    }

    /// Adds a zone with its top-left corner at `position`; its id is `wanted` if that is a
    /// valid id no component or zone has, else made from `name` (or the kind) and made unique.
    pub fn add_zone(
        &mut self,
        wanted: Option<&str>,
        name: &str,
        kind: ZoneKind,
        position: Point,
        size: Size,
    ) -> ComponentId {
        let name = if name.trim().is_empty() {
            kind.label()
        } else {
            name.trim()
        };
        let id = self.fresh_id_with_prefix(wanted, name, kind.id_prefix());
        self.design
            .zones
            .push(Zone::new(id.as_str(), name, kind, position, size));
        id
    }

    /// Puts every positioned component in the smallest zone whose rectangle holds its
    /// centre (none if no zone does), as the canvas does when a box is dropped.
    pub fn place_in_zones(&mut self) {
        let zones = &self.design.zones;
        for c in &mut self.design.components {
            c.zone = zones
                .iter()
                .filter(|z| z.contains_point(c.position))
                .min_by(|a, b| (a.size.w * a.size.h).total_cmp(&(b.size.w * b.size.h)))
                .map(|z| z.id.clone());
        }
    }

    fn fresh_id(&self, wanted: Option<&str>, name: &str, tag: KindTag) -> ComponentId {
        self.fresh_id_with_prefix(wanted, name, tag.id_prefix())
    }

    /// An id no component or zone has: `wanted` if valid, else a slug of `wanted` or
    /// `name` (or `prefix`), numbered when taken.
    fn fresh_id_with_prefix(&self, wanted: Option<&str>, name: &str, prefix: &str) -> ComponentId {
        let taken = |id: &str| {
            self.design.component(id).is_some()
                || self.design.zones.iter().any(|z| z.id.as_str() == id)
        };
        if let Some(w) = wanted
            && check_id(w).is_ok()
            && !taken(w)
        {
            return ComponentId::new(w);
        }
        let base = [wanted.unwrap_or(""), name]
            .into_iter()
            .map(slug)
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| prefix.to_owned());
        if !taken(&base) {
            return ComponentId::new(base);
        }
        let mut n = 2;
        while taken(&format!("{base}-{n}")) {
            n += 1;
        }
        ComponentId(format!("{base}-{n}"))
    }

    /// Adds a text note centred at `position` (cut to the longest note a file may hold).
    pub fn add_note(&mut self, text: &str, position: Point) {
        let text: String = text.chars().take(MAX_NOTE_CHARS).collect();
        self.design.notes.push(Note::new(&text, position));
    }

    /// Shows a group of components (Infraboard has no zones yet) as a text note saying
    /// `text`, placed just above its `members` once the design is laid out (beside them when
    /// something is in the way).
    pub fn add_group_note(&mut self, text: &str, members: Vec<ComponentId>) {
        self.groups.push((text.to_owned(), members));
    }

    /// Puts each group's note above its members' boxes, else below them, else above anyway.
    fn place_group_notes(&mut self) {
        let metrics = crate::theme::Theme::light().metrics;
        // Clear of the SPOF badge and the QPS pill drawn on a box's top edge.
        let gap = 30.0;
        for (text, members) in std::mem::take(&mut self.groups) {
            let boxes: Vec<crate::scene::Rect> = members
                .iter()
                .filter_map(|id| self.design.component(id.as_str()))
                .map(crate::scene::node_rect)
                .collect();
            let Some(bounds) = boxes.iter().copied().reduce(|a, b| a.union(&b)) else {
                continue;
            };
            let mut note = Note::new(
                &text.chars().take(MAX_NOTE_CHARS).collect::<String>(),
                Point::default(),
            );
            let size = crate::scene::note_rect(&note, &metrics);
            let half_h = size.height() / 2.0;
            let cx = (bounds.min.x + bounds.max.x) / 2.0;
            let above = Point::new(cx, bounds.min.y - gap - half_h);
            let below = Point::new(cx, bounds.max.y + gap + half_h);
            let free = |at: Point| {
                let mut probe = note.clone();
                probe.position = at;
                let r = crate::scene::note_rect(&probe, &metrics);
                !self
                    .design
                    .components
                    .iter()
                    .any(|c| crate::scene::node_rect(c).intersects(&r))
                    && !self
                        .design
                        .notes
                        .iter()
                        .any(|n| crate::scene::note_rect(n, &metrics).intersects(&r))
            };
            note.position = [above, below]
                .into_iter()
                .find(|p| free(*p))
                .unwrap_or(above);
            self.design.notes.push(note);
        }
    }

    /// Adds a link between two endpoints. The purpose and protocol are the file's where it
    /// says them, else the defaults for the two kinds; a link the model refuses is turned
    /// round when the other direction makes sense, else skipped. Returns whether it was added.
    pub fn add_link(
        &mut self,
        subject: &str,
        from: Endpoint,
        to: Endpoint,
        hints: &LinkHints,
    ) -> bool {
        let tag_of =
            |d: &Design, e: &Endpoint| d.component(e.component.as_str()).map(Component::tag);
        let (Some(from_tag), Some(to_tag)) =
            (tag_of(&self.design, &from), tag_of(&self.design, &to))
        else {
            self.skipped(subject, "one of its ends is not an imported component");
            return false;
        };
        if from.component == to.component {
            self.skipped(subject, "it joins a component to itself");
            return false;
        }
        if let Some(link) = &hints.exact {
            let mut link = link.clone();
            link.from = from;
            link.to = to;
            return self.push_link(subject, link);
        }
        let (from, to, purpose, default_protocol) = match default_link(from_tag, to_tag) {
            Ok((p, proto)) => (from, to, p, proto),
            Err(why) => match default_link(to_tag, from_tag) {
                Ok((p, proto)) => {
                    self.guessed(
                        subject,
                        format!("drawn from {} to {}; turned round ({why})", from, to),
                    );
                    (to, from, p, proto)
                }
                Err(_) => {
                    self.skipped(
                        subject,
                        format!("a link from {from} to {to} makes no sense: {why}"),
                    );
                    return false;
                }
            },
        };
        let purpose = hints.purpose.unwrap_or(purpose);
        let protocol = hints.protocol.unwrap_or(default_protocol);
        if hints.protocol.is_none() || hints.purpose.is_none() {
            self.guessed(
                subject,
                format!(
                    "{} link over {} from the kinds at its ends",
                    purpose.label(),
                    protocol.label()
                ),
            );
        }
        let mut link = Link::new("", "", purpose, protocol);
        link.from = from;
        link.to = to;
        link.port = hints.port.unwrap_or(protocol.default_port());
        self.push_link(subject, link)
    }

    fn push_link(&mut self, subject: &str, link: Link) -> bool {
        if self
            .design
            .find_link(&link.from, &link.to, link.purpose)
            .is_some()
        {
            self.skipped(
                subject,
                format!(
                    "a second {} link from {} to {}",
                    link.purpose.label(),
                    link.from,
                    link.to
                ),
            );
            return false;
        }
        self.design.links.push(link);
        true
    }

    /// Finishes the design: opens each firewall for the ports of the links drawn through it,
    /// then keeps the file's positions (spread apart if the boxes would overlap) or lays the
    /// design out.
    pub fn finish(mut self) -> (Design, ImportReport) {
        self.open_firewalls();
        let laid_out = !self.positioned;
        if laid_out {
            crate::layout::apply_auto_layout(&mut self.design, None);
        } else {
            self.spread();
        }
        self.place_group_notes();
        let report = ImportReport {
            format: self.format.to_owned(),
            components: self.design.components.len(),
            links: self.design.links.len(),
            laid_out,
            notes: self.notes.into_iter().collect(),
        };
        (self.design, report)
    }

    /// Adds an allow rule for every port a request link leaving a rule-less firewall uses.
    fn open_firewalls(&mut self) {
        let mut ports: BTreeMap<ComponentId, BTreeSet<u16>> = BTreeMap::new();
        for l in &self.design.links {
            if l.purpose == LinkPurpose::Request {
                ports
                    .entry(l.from.component.clone())
                    .or_default()
                    .insert(l.port);
            }
        }
        let mut notes = Vec::new();
        for c in &mut self.design.components {
            if let Kind::Firewall(fw) = &mut c.kind
                && fw.rules.is_empty()
                && let Some(open) = ports.get(&c.id)
            {
                fw.rules = open
                    .iter()
                    .map(|&port| FirewallRule {
                        action: FirewallAction::Allow,
                        port: Some(port),
                        source: TrafficSource::Any,
                    })
                    .collect();
                let list: Vec<String> = open.iter().map(u16::to_string).collect();
                notes.push((
                    c.id.to_string(),
                    format!(
                        "firewall allows port {} from anywhere (the links drawn through it)",
                        list.join(", ")
                    ),
                ));
            }
        }
        for (subject, message) in notes {
            self.guessed(&subject, message);
        }
    }

    /// Scales the file's positions up just enough that no two boxes overlap (boxes are drawn
    /// at Infraboard's sizes, often larger than the source's), at most [`MAX_SPREAD`]×.
    fn spread(&mut self) {
        let rects: Vec<(Point, crate::model::Size)> = self
            .design
            .components
            .iter()
            .map(|c| (c.position, node_size(c)))
            .collect();
        let mut factor = 1.0f32;
        for (i, (a, sa)) in rects.iter().enumerate() {
            for (b, sb) in &rects[i + 1..] {
                let (dx, dy) = ((a.x - b.x).abs(), (a.y - b.y).abs());
                let (need_x, need_y) = ((sa.w + sb.w) / 2.0 + 20.0, (sa.h + sb.h) / 2.0 + 20.0);
                if dx >= need_x || dy >= need_y {
                    continue;
                }
                let fx = if dx > 0.0 { need_x / dx } else { f32::INFINITY };
                let fy = if dy > 0.0 { need_y / dy } else { f32::INFINITY };
                factor = factor.max(fx.min(fy));
            }
        }
        if factor > 1.0 {
            let factor = factor.min(MAX_SPREAD);
            let scaled = |p: Point| Point::new((p.x * factor).round(), (p.y * factor).round());
            for c in &mut self.design.components {
                c.position = scaled(c.position);
            }
            for n in &mut self.design.notes {
                n.position = scaled(n.position);
            }
            for z in &mut self.design.zones {
                z.position = scaled(z.position);
                z.size.w *= factor;
                z.size.h *= factor;
            }
            let overlaps = crate::layout::overlapping_boxes(&self.design).len();
            self.guessed(
                "positions",
                format!("spread {factor:.2}× so that the boxes, drawn at Infraboard's sizes, keep apart{}",
                    if overlaps > 0 { format!("; {overlaps} pairs still overlap: run View → Auto-layout") } else { String::new() }),
            );
        }
    }
}

/// `text` as an id: lowercase letters, digits, `-`, `_` and `.`, other runs turned into
/// one `-`, at most [`MAX_SLUG_LEN`] characters.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.') {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= MAX_SLUG_LEN.min(MAX_ID_LEN) {
            break;
        }
    }
    out.trim_matches(|c| c == '-' || c == '.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("Server 8.8.8.8"), "server-8.8.8.8");
        assert_eq!(slug("  HAProxy (main) "), "haproxy-main");
        assert_eq!(slug("日本"), "");
        assert!(check_id(&slug(&"x y".repeat(50))).is_ok());
    }
}
