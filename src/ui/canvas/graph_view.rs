//! The design as an `egui_graphs` graph: one node per component and one edge per link, each
//! carrying its group of the shared scene, with our own node and edge shapes
//! ([`ComponentShape`], [`LinkShape`]) that paint that group in `GraphView`'s frame. Positions
//! come from the design ([`FixedLayout`] never moves anything); selection, gestures and
//! navigation stay ours (see `canvas::graph_frame`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::{Pos2, Rect, Shape, Vec2};
use egui_graphs::{
    DisplayEdge, DisplayNode, DrawContext, EdgeProps, Graph, Layout, LayoutState, Node, NodeProps,
};
use petgraph::Directed;
use petgraph::stable_graph::{IndexType, NodeIndex};
use serde::{Deserialize, Serialize};

use super::geometry::{ViewTransform, distance_to_segment};
use super::shapes::{push_shapes, rect};
use crate::model::{Design, Point};
use crate::scene::{Primitive, Scene, SceneItemOwner};

/// One owner's primitives: their range in the scene and their bounds (canvas units).
#[derive(Debug, Clone)]
pub struct Group {
    /// Range in `Scene::items`.
    pub range: std::ops::Range<usize>,
    /// Bounds of every primitive in the range.
    pub bounds: Rect,
}

/// A built scene shared by every node and edge of the graph.
#[derive(Debug)]
pub struct ScenePaint {
    /// The primitives, grouped by owner.
    pub scene: Scene,
    /// The runs of one owner, in paint order.
    pub groups: Vec<Group>,
    /// Set when a shape could not be drawn completely (an icon texture still loading).
    incomplete: AtomicBool,
}

impl ScenePaint {
    /// Splits `scene` into its owners' groups.
    pub fn new(scene: Scene) -> Self {
        let mut groups = Vec::new();
        let mut start = 0;
        for (_, slice) in scene.groups() {
            let bounds = slice
                .iter()
                .map(|i| rect(i.primitive.bounds()))
                .reduce(|a, b| a.union(b))
                .unwrap_or(Rect::NOTHING);
            groups.push(Group {
                range: start..start + slice.len(),
                bounds,
            });
            start += slice.len();
        }
        Self {
            scene,
            groups,
            incomplete: AtomicBool::new(false),
        }
    }

    /// The primitives of the zones and text notes (painted under the graph).
    pub fn background_primitives(&self) -> impl Iterator<Item = &Primitive> {
        self.scene
            .items
            .iter()
            .take_while(|i| matches!(i.owner, SceneItemOwner::Zone(_) | SceneItemOwner::Note(_)))
            .map(|i| &i.primitive)
    }

    /// Whether everything painted since the last call was complete; resets the flag.
    pub fn take_complete(&self) -> bool {
        !self.incomplete.swap(false, Ordering::Relaxed)
    }

    fn primitives(&self, group: usize) -> impl Iterator<Item = &Primitive> {
        let range = self.groups.get(group).map_or(0..0, |g| g.range.clone());
        self.scene
            .items
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|i| &i.primitive)
    }
}

/// A node's or edge's payload: its group in the shared scene.
#[derive(Debug, Clone)]
pub struct GroupRef {
    paint: Arc<ScenePaint>,
    group: usize,
}

impl GroupRef {
    fn bounds(&self) -> Rect {
        self.paint
            .groups
            .get(self.group)
            .map_or(Rect::NOTHING, |g| g.bounds)
    }

    fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.paint, &other.paint) && self.group == other.group
    }

    /// The group's shapes in the frame of `ctx`, or none when it is off screen.
    fn shapes(&self, ctx: &DrawContext) -> Vec<Shape> {
        let view = ViewTransform {
            origin: ctx.meta.pan.to_pos2(),
            zoom: ctx.meta.zoom,
        };
        if !ctx
            .painter
            .clip_rect()
            .intersects(view.rect_to_screen(self.bounds()))
        {
            return Vec::new();
        }
        let mut out = Vec::new();
        let complete = push_shapes(
            ctx.ctx,
            ctx.painter,
            view,
            self.paint.primitives(self.group),
            &mut out,
        );
        if !complete {
            self.paint.incomplete.store(true, Ordering::Relaxed);
        }
        out
    }
}

/// The graph `GraphView` shows.
pub type CanvasGraph = Graph<GroupRef, GroupRef, Directed, u32, ComponentShape, LinkShape>;

/// How a component is drawn: its box, texts, icons and overlay badges from the scene.
#[derive(Debug, Clone)]
pub struct ComponentShape {
    group: GroupRef,
}

impl From<NodeProps<GroupRef>> for ComponentShape {
    fn from(props: NodeProps<GroupRef>) -> Self {
        Self {
            group: props.payload,
        }
    }
}

impl DisplayNode<GroupRef, GroupRef, Directed, u32> for ComponentShape {
    fn closest_boundary_point(&self, dir: Vec2) -> Pos2 {
        let b = self.group.bounds();
        let c = b.center();
        if dir == Vec2::ZERO || !b.is_positive() {
            return c;
        }
        let d = dir.normalized();
        let tx = if d.x.abs() > f32::EPSILON {
            b.width() / 2.0 / d.x.abs()
        } else {
            f32::INFINITY
        };
        let ty = if d.y.abs() > f32::EPSILON {
            b.height() / 2.0 / d.y.abs()
        } else {
            f32::INFINITY
        };
        c + d * tx.min(ty)
    }

    fn shapes(&mut self, ctx: &DrawContext) -> Vec<Shape> {
        self.group.shapes(ctx)
    }

    fn update(&mut self, state: &NodeProps<GroupRef>) {
        if !self.group.same(&state.payload) {
            self.group = state.payload.clone();
        }
    }

    fn is_inside(&self, pos: Pos2) -> bool {
        self.group.bounds().contains(pos)
    }
}

/// How a link is drawn: its line, arrow, lock and label from the scene.
#[derive(Debug, Clone)]
pub struct LinkShape {
    group: GroupRef,
}

impl From<EdgeProps<GroupRef>> for LinkShape {
    fn from(props: EdgeProps<GroupRef>) -> Self {
        Self {
            group: props.payload,
        }
    }
}

impl DisplayEdge<GroupRef, GroupRef, Directed, u32, ComponentShape> for LinkShape {
    fn shapes(
        &mut self,
        _start: &Node<GroupRef, GroupRef, Directed, u32, ComponentShape>,
        _end: &Node<GroupRef, GroupRef, Directed, u32, ComponentShape>,
        ctx: &DrawContext,
    ) -> Vec<Shape> {
        self.group.shapes(ctx)
    }

    fn update(&mut self, state: &EdgeProps<GroupRef>) {
        if !self.group.same(&state.payload) {
            self.group = state.payload.clone();
        }
    }

    fn is_inside(
        &self,
        _start: &Node<GroupRef, GroupRef, Directed, u32, ComponentShape>,
        _end: &Node<GroupRef, GroupRef, Directed, u32, ComponentShape>,
        pos: Pos2,
    ) -> bool {
        self.group
            .paint
            .primitives(self.group.group)
            .any(|p| match p {
                Primitive::Polyline { points, .. } => points.windows(2).any(|w| {
                    let [a, b] = [w[0], w[1]].map(|p: Point| Pos2::new(p.x, p.y));
                    distance_to_segment(pos, a, b) <= 4.0
                }),
                _ => false,
            })
    }

    fn extra_bounds(
        &self,
        _start: &Node<GroupRef, GroupRef, Directed, u32, ComponentShape>,
        _end: &Node<GroupRef, GroupRef, Directed, u32, ComponentShape>,
    ) -> Option<(Pos2, Pos2)> {
        let b = self.group.bounds();
        b.is_positive().then_some((b.min, b.max))
    }
}

/// A layout that keeps the design's positions.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FixedLayoutState;

impl LayoutState for FixedLayoutState {}

/// Never moves a node: positions are the design's.
#[derive(Debug, Default)]
pub struct FixedLayout;

impl Layout<FixedLayoutState> for FixedLayout {
    fn from_state(_state: FixedLayoutState) -> impl Layout<FixedLayoutState> {
        FixedLayout
    }

    fn next<N, E, Ty, Ix, Dn, De>(&mut self, _g: &mut Graph<N, E, Ty, Ix, Dn, De>, _ui: &egui::Ui)
    where
        N: Clone,
        E: Clone,
        Ty: petgraph::EdgeType,
        Ix: IndexType,
        Dn: DisplayNode<N, E, Ty, Ix>,
        De: DisplayEdge<N, E, Ty, Ix, Dn>,
    {
    }

    fn state(&self) -> FixedLayoutState {
        FixedLayoutState
    }
}

/// Builds the graph of `paint` (the scene of `design`): nodes and edges in the scene's paint
/// order, so `GraphView` draws links under boxes exactly as image export does.
pub fn build_graph(design: &Design, paint: &Arc<ScenePaint>) -> CanvasGraph {
    let mut graph = CanvasGraph::new();
    let mut nodes: std::collections::HashMap<&str, NodeIndex<u32>> =
        std::collections::HashMap::with_capacity(design.components.len());
    let mut links = Vec::new();
    for (group, (owner, _)) in paint.scene.groups().into_iter().enumerate() {
        let payload = GroupRef {
            paint: Arc::clone(paint),
            group,
        };
        match owner {
            SceneItemOwner::Component(id) => {
                let at = payload.bounds().center();
                let idx = graph.add_node_with_location(payload, at);
                nodes.insert(id.as_str(), idx);
            }
            SceneItemOwner::Link(index) => links.push((*index, payload)),
            // Notes are painted by the canvas under the graph (they are not nodes).
            SceneItemOwner::Note(_)
            | SceneItemOwner::Zone(_)
            | SceneItemOwner::Legend
            | SceneItemOwner::Title
            | SceneItemOwner::Compare => {}
        }
    }
    for (index, payload) in links {
        let Some(link) = design.links.get(index) else {
            continue;
        };
        if let (Some(from), Some(to)) = (
            nodes.get(link.from.component.as_str()),
            nodes.get(link.to.component.as_str()),
        ) {
            graph.add_edge(*from, *to, payload);
        }
    }
    graph
}
