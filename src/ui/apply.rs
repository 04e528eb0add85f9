//! The one place commands change the document, the view or the settings. Edits go through
//! [`Document::edit`] so each is one undo step (a drag is bracketed by a transaction).

use std::collections::BTreeMap;

use super::app::InfraboardApp;
use super::canvas;
use super::command::Command;
use super::files::Pending;
use crate::model::{
    Component, ComponentId, Design, Endpoint, Kind, KindTag, Link, LinkPurpose, NeededRule, Note,
    Point, Protocol, carried_protocol, check_id, default_link, needed_firewall_rules,
    new_server_stack,
};

/// What Copy keeps: components, the links among them, and text notes.
#[derive(Debug, Clone, Default)]
pub struct Clipboard {
    components: Vec<Component>,
    links: Vec<Link>,
    notes: Vec<Note>,
}

impl Clipboard {
    /// The copied components and links as design file text.
    fn to_text(&self) -> Option<String> {
        let mut design = Design::empty(CLIPBOARD_NAME);
        design.components.clone_from(&self.components);
        // The zones stay behind (a copy is not in them), so the text is a valid design.
        for c in &mut design.components {
            c.zone = None;
        }
        design.links.clone_from(&self.links);
        design.notes.clone_from(&self.notes);
        crate::io::design_to_string(&design).ok()
    }

    /// Reads text copied by [`Clipboard::to_text`] (here or in another window); `None` for
    /// any other text.
    fn from_text(text: &str) -> Option<Self> {
        let design =
            crate::io::design_from_str(text, std::path::Path::new("the clipboard")).ok()?;
        (design.name == CLIPBOARD_NAME
            && !(design.components.is_empty() && design.notes.is_empty()))
        .then_some(Self {
            components: design.components,
            links: design.links,
            notes: design.notes,
        })
    }
}

/// The name a copied selection carries as design text (tells it from other designs' text).
const CLIPBOARD_NAME: &str = "Infraboard clipboard";

impl InfraboardApp {
    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if !matches!(
            command,
            Command::EditComponent { .. }
                | Command::EditLink { .. }
                | Command::EditDesignInfo(_)
                | Command::EditNote { .. }
                | Command::EditZone { .. }
        ) {
            self.doc.history.break_merge();
        }
        match command {
            Command::NewDialog => self.files.new_dialog = true,
            Command::NewFrom(template) => self.guard(Pending::New(template)),
            Command::Open => self.guard(Pending::Open(None)),
            Command::OpenPath(path) => self.guard(Pending::Open(Some(path))),
            Command::OpenAnswered(path) => self.open_path(&path),
            Command::Save => {
                self.save(None);
            }
            Command::SaveAs => {
                self.save_as_dialog();
            }
            Command::SaveTo(path) => {
                self.save(Some(path));
            }
            Command::Export => self.export.open = true,
            Command::Import => self.import_dialog(),
            Command::CompareDialog => {
                self.compare.dialog = Some(super::compare::CompareDialog::default());
            }
            Command::CompareWith(source) => self.compare_with(source),
            Command::LeaveCompare => self.leave_compare(),
            Command::ExportComparison(path) => self.export_comparison(&path),
            Command::AutoLayout => self.auto_layout(),
            Command::Quit => self.guard(Pending::Quit),
            Command::Undo => self.doc.undo(),
            Command::Redo => self.doc.redo(),
            Command::Copy => self.copy_to_clipboards(ctx),
            Command::Cut => {
                self.copy_to_clipboards(ctx);
                self.delete_selection();
            }
            Command::Paste => {
                if let Some(clip) = self.clipboard.clone() {
                    self.paste(&clip);
                }
            }
            Command::PasteText(text) => {
                if let Some(clip) = Clipboard::from_text(&text).or_else(|| self.clipboard.clone()) {
                    self.paste(&clip);
                }
            }
            Command::Duplicate => {
                let clip = self.copy_selection();
                self.paste(&clip);
            }
            Command::Delete => self.delete_selection(),
            Command::SelectAll => {
                self.doc.selection.components = self
                    .doc
                    .design
                    .components
                    .iter()
                    .map(|c| c.id.clone())
                    .collect();
                self.doc.selection.link = None;
                self.doc.selection.notes = (0..self.doc.design.notes.len()).collect();
                self.doc.selection.zone = None;
            }
            Command::SelectNone => self.doc.selection = Default::default(),
            Command::Fit => canvas::fit(&mut self.canvas, &self.doc.design),
            Command::ZoomIn => self.canvas.zoom_centre(1.25),
            Command::ZoomOut => self.canvas.zoom_centre(0.8),
            Command::ToggleGrid => self.settings.grid = !self.settings.grid,
            Command::ToggleSnap => self.settings.snap = !self.settings.snap,
            Command::ToggleOverlay(o) => self.settings.toggle_overlay(o),
            Command::ToggleDark => self.settings.dark = !self.settings.dark,
            Command::ToggleLegend => self.settings.show_legend = !self.settings.show_legend,
            Command::ShowShortcuts => self.windows.shortcuts = true,
            Command::ShowAbout => self.windows.about = true,
            Command::AddComponent { tag, at } => self.add_component(tag, at),
            Command::AddComponentInView(tag) => self.add_component_in_view(tag),
            Command::Connect { from, to } => self.connect(ctx, &from, &to),
            Command::Select(ids) => {
                self.doc.selection.components = ids.into_iter().collect();
                self.doc.selection.link = None;
                self.doc.selection.notes.clear();
                self.doc.selection.zone = None;
            }
            Command::SelectBoxes { components, notes } => {
                self.doc.selection = super::state::Selection {
                    components: components.into_iter().collect(),
                    link: None,
                    notes: notes.into_iter().collect(),
                    zone: None,
                };
            }
            Command::ToggleNote(index) => {
                if !self.doc.selection.notes.remove(&index) {
                    self.doc.selection.notes.insert(index);
                }
                self.doc.selection.link = None;
                self.doc.selection.zone = None;
            }
            Command::ToggleSelected(id) => {
                if !self.doc.selection.components.remove(&id) {
                    self.doc.selection.components.insert(id);
                }
                self.doc.selection.link = None;
                self.doc.selection.zone = None;
            }
            Command::DrillToggle(target) => self.drill.toggle_target(&self.doc.design, &target),
            Command::SelectLink(i) => {
                self.doc.selection = super::state::Selection {
                    link: Some(i),
                    ..Default::default()
                };
            }
            Command::Reveal(ids) => self.reveal(ids),
            Command::BeginMove => self.doc.history.begin(&self.doc.design, self.doc.revision),
            Command::ResizeZoneBy { id, delta } => {
                if self.doc.history.in_transaction() {
                    super::zone_edit::resize_zone(&mut self.doc.design, id.as_str(), delta);
                } else {
                    self.doc.edit(None, |d| {
                        super::zone_edit::resize_zone(d, id.as_str(), delta);
                    });
                }
                self.geometry += 1;
            }
            Command::MoveSelectionBy(delta) => {
                let sel = self.doc.selection.clone();
                self.move_by(&sel, delta);
                self.geometry += 1;
            }
            Command::EndMove => {
                if self.settings.snap {
                    let sel = self.doc.selection.clone();
                    for c in &mut self.doc.design.components {
                        if sel.components.contains(&c.id) {
                            c.position = snap_point(c.position);
                        }
                    }
                    for &i in &sel.notes {
                        if let Some(n) = self.doc.design.notes.get_mut(i) {
                            n.position = snap_point(n.position);
                        }
                    }
                }
                // Where the drag left things decides their zones (one undo step with it).
                if let Some(before) = self.doc.history.transaction_start() {
                    let before = before.clone();
                    super::zone_edit::settle_after_drag(&before, &mut self.doc.design);
                }
                self.geometry += 1;
                if self.doc.history.commit(&self.doc.design) {
                    self.doc.revision = self.doc.history.fresh_revision();
                }
            }
            Command::EditComponent { id, component } => self.edit_component(&id, *component),
            Command::Rename => {
                if let Some(z) = self
                    .doc
                    .selection
                    .zone
                    .as_ref()
                    .and_then(|id| self.doc.design.zones.iter().find(|z| &z.id == id))
                {
                    let zone = z.clone();
                    self.canvas.start_zone_rename(&zone);
                } else if let Some(i) = self.doc.selection.single_note()
                    && let Some(n) = self.doc.design.notes.get(i)
                {
                    let text = n.text.clone();
                    self.canvas.start_note_edit(i, &text);
                } else if let [id] = Vec::from_iter(&self.doc.selection.components)[..]
                    && let Some(c) = self.doc.design.component(id.as_str())
                {
                    self.canvas.start_rename(c);
                }
            }
            Command::RenameComponent { id, name } => {
                let name = name.trim().to_owned();
                if name.is_empty() {
                    self.status = Some("A name cannot be empty; kept the old one".to_owned());
                } else {
                    self.doc.edit(None, |d| {
                        if let Some(c) = d.component_mut(id.as_str()) {
                            c.name = name;
                        }
                    });
                }
            }
            Command::Nudge(delta) => {
                let sel = self.doc.selection.clone();
                self.move_by(&sel, delta);
            }
            Command::Arrange(how) => {
                let sel = self.doc.selection.clone();
                self.doc.edit(None, |d| {
                    super::arrange::arrange(d, &sel.components, &sel.notes, how);
                });
            }
            Command::Find => self.find.show(),
            Command::AddNote(at) => {
                // A palette click: beside what is in view, never hidden under a component.
                let at = at.unwrap_or_else(|| {
                    let probe = Note::new("Note", Point::default());
                    let size = crate::scene::note_rect(&probe, &canvas::geometry::metrics());
                    self.free_spot_in_view(egui::vec2(size.width(), size.height()))
                });
                let note = crate::model::Note::new("Note", at);
                self.doc.edit(None, |d| d.notes.push(note));
                let index = self.doc.design.notes.len() - 1;
                self.doc.selection = super::state::Selection {
                    notes: [index].into_iter().collect(),
                    ..Default::default()
                };
                self.canvas.start_note_edit(index, "Note");
            }
            Command::SelectNote(index) => {
                self.doc.selection = super::state::Selection {
                    notes: [index].into_iter().collect(),
                    ..Default::default()
                };
            }
            Command::EditNote { index, text } => {
                self.doc.edit(Some(format!("note:{index}")), |d| {
                    if let Some(n) = d.notes.get_mut(index) {
                        n.text = text;
                    }
                });
            }
            Command::EditLink { index, link } => {
                self.doc.edit(Some(format!("link:{index}")), |d| {
                    if let Some(l) = d.links.get_mut(index) {
                        *l = *link;
                    }
                });
            }
            Command::EditDesignInfo(info) => {
                self.doc.edit(Some("design".to_owned()), |d| {
                    d.name = info.name;
                    d.domain = info.domain;
                    d.traffic = info.traffic;
                });
            }
            Command::AddZone { kind, at } => self.add_zone(kind, at),
            Command::SelectZone(id) => self.doc.selection = super::state::Selection::zone(id),
            Command::EditZone { id, zone } => {
                self.doc.edit(Some(format!("zone:{id}")), |d| {
                    if let Some(z) = d.zones.iter_mut().find(|z| z.id == id) {
                        *z = *zone;
                    }
                });
            }
            Command::RenameZone { id, name } => {
                let name = name.trim().to_owned();
                if name.is_empty() {
                    self.status = Some("A name cannot be empty; kept the old one".to_owned());
                } else {
                    self.doc.edit(None, |d| {
                        if let Some(z) = d.zones.iter_mut().find(|z| z.id == id) {
                            z.name = name;
                        }
                    });
                }
            }
        }
        self.doc.selection.revalidate(&self.doc.design);
    }

    /// Moves the selected components and notes by `delta` (inside a drag: no undo step of
    /// its own).
    fn move_by(&mut self, sel: &super::state::Selection, delta: egui::Vec2) {
        let max = crate::model::MAX_COORDINATE;
        let in_gesture = self.doc.history.in_transaction();
        let shift = |p: &mut Point| {
            p.x = (p.x + delta.x).clamp(-max, max);
            p.y = (p.y + delta.y).clamp(-max, max);
        };
        let mv = |d: &mut Design| {
            if let Some(zone) = &sel.zone {
                super::zone_edit::move_zone(d, zone.as_str(), delta);
            }
            for c in &mut d.components {
                if sel.components.contains(&c.id) {
                    shift(&mut c.position);
                }
            }
            for &i in &sel.notes {
                if let Some(n) = d.notes.get_mut(i) {
                    shift(&mut n.position);
                }
            }
        };
        if in_gesture {
            mv(&mut self.doc.design);
        } else {
            self.doc.edit(None, mv);
        }
    }

    fn add_component(&mut self, tag: KindTag, at: Point) {
        let id = self.doc.design.fresh_id(tag.id_prefix());
        let name = self.doc.design.fresh_name(tag.label());
        let mut at = at;
        if self.settings.snap {
            at = snap_point(at);
        }
        let mut c = Component::new(id.as_str(), &name, tag, at);
        match &mut c.kind {
            Kind::Database(db) => db.engine = "MySQL".to_owned(),
            // A web and an application tier: the user adds a database where one belongs.
            Kind::Server(server) => server.services = new_server_stack(),
            _ => {}
        }
        self.doc.edit(None, |d| d.components.push(c));
        self.doc.selection = super::state::Selection {
            components: [id].into_iter().collect(),
            ..Default::default()
        };
    }

    /// Adds a component of `tag` in the middle of the visible canvas, or the nearest free
    /// spot around it (never on top of another component or a note).
    fn add_component_in_view(&mut self, tag: KindTag) {
        let probe = Component::new("probe", tag.label(), tag, Point::default());
        let spot = self.free_spot_in_view(canvas::geometry::node_rect(&probe).size());
        self.add_component(tag, spot);
    }

    /// The centre of a free spot for a box of `size` (canvas units): the middle of the visible
    /// canvas, or the nearest spot around it where the box covers no component and no note.
    fn free_spot_in_view(&self, size: egui::Vec2) -> Point {
        let centre = self.canvas.visible_centre();
        let metrics = canvas::geometry::metrics();
        let taken: Vec<egui::Rect> =
            self.doc
                .design
                .components
                .iter()
                .map(canvas::geometry::node_rect)
                .chain(
                    self.doc.design.notes.iter().map(|n| {
                        canvas::geometry::scene_rect(crate::scene::note_rect(n, &metrics))
                    }),
                )
                .map(|r| r.expand(20.0))
                .collect();
        let free = |p: Point| {
            let r = egui::Rect::from_center_size(egui::pos2(p.x, p.y), size);
            !taken.iter().any(|t| t.intersects(r))
        };
        let step = size + egui::vec2(40.0, 40.0);
        // Spots around the centre, nearest first; at equal distance to the right, then below,
        // then left, then above (where a person puts the next box).
        let mut spots: Vec<(i32, i32)> = (-11_i32..=11)
            .flat_map(|dx| (-11_i32..=11).map(move |dy| (dx, dy)))
            .collect();
        spots.sort_by_key(|&(dx, dy)| {
            // Clockwise from the right in screen coordinates (y grows downwards).
            let turn = (dy as f32)
                .atan2(dx as f32)
                .rem_euclid(std::f32::consts::TAU);
            (
                dx.abs().max(dy.abs()),
                dx.abs() + dy.abs(),
                (turn * 1000.0) as i32,
            )
        });
        spots
            .into_iter()
            .map(|(dx, dy)| {
                Point::new(centre.x + dx as f32 * step.x, centre.y + dy as f32 * step.y)
            })
            .find(|p| free(*p))
            .unwrap_or(centre)
    }

    fn connect(&mut self, ctx: &egui::Context, from: &Endpoint, to: &Endpoint) {
        match new_link(&self.doc.design, from, to) {
            Ok(link) => {
                // The rules the firewalls at its ends need come with the link (one undo step).
                let rules = needed_firewall_rules(&self.doc.design, &link);
                self.doc.edit(None, |d| {
                    d.links.push(link);
                    for needed in &rules {
                        if let Some(Kind::Firewall(fw)) = d
                            .component_mut(needed.firewall.as_str())
                            .map(|c| &mut c.kind)
                        {
                            fw.rules.push(needed.rule.clone());
                        }
                    }
                });
                self.status = (!rules.is_empty()).then(|| {
                    let added: Vec<String> = rules.iter().map(NeededRule::describe).collect();
                    format!(
                        "Added the firewall rule this link needs: {} (Ctrl+Z to undo)",
                        added.join("; ")
                    )
                });
                self.doc.selection = super::state::Selection {
                    link: Some(self.doc.design.links.len().saturating_sub(1)),
                    ..Default::default()
                };
            }
            Err(why) => {
                let at = ctx
                    .input(|i| i.pointer.latest_pos())
                    .unwrap_or(self.canvas.rect.center());
                let now = ctx.input(|i| i.time);
                self.canvas.refuse(format!("Cannot link: {why}"), at, now);
                self.last_refusal = Some(why);
            }
        }
    }

    /// Copies the selection to the app's clipboard and, as design text, to the system
    /// clipboard (so Ctrl+V, which the window delivers as pasted text, finds it).
    fn copy_to_clipboards(&mut self, ctx: &egui::Context) {
        let clip = self.copy_selection();
        if clip.components.is_empty() && clip.notes.is_empty() {
            return;
        }
        if let Some(text) = clip.to_text() {
            ctx.copy_text(text);
        }
        self.clipboard = Some(clip);
    }

    fn copy_selection(&self) -> Clipboard {
        let sel = &self.doc.selection.components;
        Clipboard {
            components: self
                .doc
                .design
                .components
                .iter()
                .filter(|c| sel.contains(&c.id))
                .cloned()
                .collect(),
            links: self
                .doc
                .design
                .links
                .iter()
                .filter(|l| sel.contains(&l.from.component) && sel.contains(&l.to.component))
                .cloned()
                .collect(),
            notes: self
                .doc
                .selection
                .notes
                .iter()
                .filter_map(|&i| self.doc.design.notes.get(i))
                .cloned()
                .collect(),
        }
    }

    /// Adds a copy of `clip` beside the original (fresh ids and numbered names) as one undo
    /// step, and selects the copy.
    fn paste(&mut self, clip: &Clipboard) {
        if clip.components.is_empty() && clip.notes.is_empty() {
            return;
        }
        let mut fresh = self.doc.design.fresh_ids();
        let mut renamed: BTreeMap<ComponentId, ComponentId> = BTreeMap::new();
        let mut components = Vec::with_capacity(clip.components.len());
        for c in &clip.components {
            let mut c = c.clone();
            let id = fresh.next(c.tag().id_prefix());
            renamed.insert(c.id.clone(), id.clone());
            c.id = id;
            // A copy gets the next free number: "Server 2" → "Server 3", never two "Server 2".
            c.name = fresh.next_name(&c.name);
            c.position.x += 40.0;
            c.position.y += 40.0;
            components.push(c);
        }
        drop(fresh);
        let mut links = Vec::new();
        for l in &clip.links {
            let mut l = l.clone();
            if let (Some(a), Some(b)) =
                (renamed.get(&l.from.component), renamed.get(&l.to.component))
            {
                l.from.component = a.clone();
                l.to.component = b.clone();
                links.push(l);
            }
        }
        let notes: Vec<Note> = clip
            .notes
            .iter()
            .map(|n| {
                Note::new(
                    &n.text,
                    Point::new(n.position.x + 40.0, n.position.y + 40.0),
                )
            })
            .collect();
        let first_note = self.doc.design.notes.len();
        let note_count = notes.len();
        self.doc.edit(None, |d| {
            d.components.extend(components);
            d.links.extend(links);
            d.notes.extend(notes);
        });
        self.doc.selection = super::state::Selection {
            components: renamed.into_values().collect(),
            notes: (first_note..first_note + note_count).collect(),
            ..Default::default()
        };
    }

    fn delete_selection(&mut self) {
        let sel = self.doc.selection.clone();
        self.doc.edit(None, |d| {
            if let Some(zone) = &sel.zone {
                super::zone_edit::delete_zone(d, zone.as_str());
            }
            d.remove_components(&sel.components);
            if let Some(i) = sel.link
                && i < d.links.len()
                && sel.components.is_empty()
            {
                d.links.remove(i);
            }
            // From the last, so the indices still to remove stay valid.
            for &i in sel.notes.iter().rev() {
                if i < d.notes.len() {
                    d.notes.remove(i);
                }
            }
        });
        self.doc.selection = Default::default();
    }

    /// Adds a zone of `kind` centred at `at` (or in the middle of the view) and selects it.
    fn add_zone(&mut self, kind: crate::model::ZoneKind, at: Option<Point>) {
        let at = at.unwrap_or_else(|| self.canvas.visible_centre());
        let zone = super::zone_edit::new_zone(&self.doc.design, kind, at);
        let id = zone.id.clone();
        self.doc.edit(None, |d| d.zones.push(zone));
        self.doc.selection = super::state::Selection::zone(id);
    }

    /// Selects what `ids` name and centres the view on it: components, or a zone when a
    /// finding names one (a zone whose loss stops a class).
    fn reveal(&mut self, ids: Vec<ComponentId>) {
        let design = &self.doc.design;
        let zone = ids
            .iter()
            .find_map(|id| design.zones.iter().find(|z| &z.id == id));
        let rects: Vec<egui::Rect> = ids
            .iter()
            .filter_map(|id| design.component(id.as_str()))
            .map(canvas::geometry::node_rect)
            .chain(zone.map(|z| canvas::geometry::scene_rect(crate::scene::zone_rect(z))))
            .collect();
        if let Some(b) = rects.into_iter().reduce(|a, b| a.union(b)) {
            self.canvas.view.centre_on(b.center(), self.canvas.rect);
        }
        self.doc.selection = match zone {
            Some(z) if ids.iter().all(|id| design.component(id.as_str()).is_none()) => {
                super::state::Selection::zone(z.id.clone())
            }
            _ => super::state::Selection {
                components: ids.into_iter().collect(),
                ..Default::default()
            },
        };
    }

    fn edit_component(&mut self, id: &ComponentId, component: Component) {
        let new_id = component.id.clone();
        if new_id != *id {
            if let Err(e) = check_id(new_id.as_str()) {
                self.status = Some(e.to_string());
                return;
            }
            if self.doc.design.component(new_id.as_str()).is_some()
                || self.doc.design.zones.iter().any(|z| z.id == new_id)
            {
                self.status = Some(format!("id `{new_id}` is taken"));
                return;
            }
        }
        // Before the edit: the edit revalidates the selection, which drops the old id.
        let was_selected = self.doc.selection.components.contains(id);
        self.doc.edit(Some(format!("component:{id}")), |d| {
            if new_id != *id {
                d.rename_component(id.as_str(), &new_id);
            }
            if let Some(c) = d.component_mut(new_id.as_str()) {
                *c = component;
            }
        });
        if new_id != *id && was_selected {
            self.doc.selection.components.remove(id);
            self.doc.selection.components.insert(new_id);
        }
    }
}

/// `p` on the nearest grid point.
fn snap_point(p: Point) -> Point {
    let g = super::look::size::GRID;
    Point::new((p.x / g).round() * g, (p.y / g).round() * g)
}

/// The link a drag from `from` to `to` creates, or why it is refused. An end on a database
/// service counts as a database (so app → MySQL is MySQL 3306, MySQL → MySQL is replication).
pub fn new_link(design: &Design, from: &Endpoint, to: &Endpoint) -> Result<Link, String> {
    if from.component == to.component {
        return Err("a component cannot link to itself".to_owned());
    }
    let (Some((a, a_svc)), Some((b, b_svc))) =
        (design.endpoint_service(from), design.endpoint_service(to))
    else {
        return Err("one of the ends no longer exists".to_owned());
    };
    let tag = |c: &Component, svc: Option<&crate::model::Service>| match svc {
        Some(s) if s.kind == crate::model::ServiceKind::Database => KindTag::Database,
        _ => c.tag(),
    };
    let (purpose, protocol) = default_link(tag(a, a_svc), tag(b, b_svc)).map_err(|e| e.0)?;
    // A request forwarded over HTTP by default carries on what arrives (HTTPS 443 in through
    // a firewall or a non-decrypting proxy → HTTPS 443 out).
    let carried = (purpose == LinkPurpose::Request && protocol == Protocol::Http)
        .then(|| carried_protocol(design, from))
        .flatten();
    if design
        .links
        .iter()
        .any(|l| l.from == *from && l.to == *to && l.purpose == purpose)
    {
        return Err(format!("{from} already sends {} to {to}", purpose.label()));
    }
    let mut link = Link::new(&from.to_string(), &to.to_string(), purpose, protocol);
    if let Some((protocol, port)) = carried {
        link.protocol = protocol;
        link.port = port;
    }
    if purpose == LinkPurpose::Request {
        if let Some(protocol) = crate::model::data_tier_protocol(design, from, to) {
            link.protocol = protocol;
            link.port = protocol.default_port();
        }
        link.carries = crate::model::default_carries(tag(a, a_svc), tag(b, b_svc));
    }
    Ok(link)
}
