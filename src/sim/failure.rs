//! What "fail X" means: the unit of failure is one instance.
//!
//! - `ID` fails **one instance** of component `ID` (for a server, one instance of the whole
//!   machine with all its services): a component with `replicas: 4` keeps three instances and
//!   three quarters of its capacity; a component with one instance goes down.
//! - `SERVER/SERVICE` fails that service on one instance of its server.
//! - `ID:all` (or `SERVER/SERVICE:all`) fails every instance: the component or service is down.
//! - `ZONE` (a rack, availability zone or region, [`crate::model::zone`]) fails every instance
//!   of every component in the zone and in the zones inside it, with or without `:all`.
//!
//! The same syntax is accepted by `check --fail`, drills (`fail` actions and `--fail`), chaos
//! and the blast radius, which fails each component's one instance.
//!
//! # Complexity
//! O(N) per spec for the N nodes of the component it names (one hash-map lookup).

use super::flow::FlowInput;
use super::graph::{FlowGraph, NodeIx};
use crate::model::zone::ZoneIx;

/// The suffix that fails every instance.
pub const ALL_INSTANCES_SUFFIX: &str = ":all";

/// One parsed failure: an id and whether it fails every instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureSpec<'a> {
    /// The component id, or `server/service`.
    pub id: &'a str,
    /// Whether every instance fails (`ID:all`), not just one.
    pub all_instances: bool,
}

impl<'a> FailureSpec<'a> {
    /// Parses `ID` or `ID:all`.
    pub fn parse(text: &'a str) -> Self {
        match text.strip_suffix(ALL_INSTANCES_SUFFIX) {
            Some(id) => Self {
                id,
                all_instances: true,
            },
            None => Self {
                id: text,
                all_instances: false,
            },
        }
    }

    /// The nodes it fails, or `None` if its id names no component or request service of the
    /// design. A component with no request node (a server running only files) fails no node.
    pub fn nodes(&self, graph: &FlowGraph) -> Option<std::ops::Range<NodeIx>> {
        graph.nodes_named(self.id)
    }
}

/// Sets every instance of every node of the components in zone `z` (and the zones inside it)
/// down (`down`) or up.
pub fn set_zone(graph: &FlowGraph, input: &mut FlowInput, z: ZoneIx, down: bool) {
    for &ci in graph.zones.members(z) {
        for n in graph.component_nodes(ci) {
            input.instances_down[n] = if down { graph.nodes[n].instances } else { 0 };
        }
    }
}

/// Fails what `spec` names in `input` (one instance, all, or a zone). Returns `false`,
/// changing nothing, when the id names nothing.
pub fn apply(graph: &FlowGraph, input: &mut FlowInput, spec: FailureSpec<'_>) -> bool {
    if let Some(z) = graph.zones.index_of(spec.id) {
        set_zone(graph, input, z, true);
        return true;
    }
    let Some(nodes) = spec.nodes(graph) else {
        return false;
    };
    for n in nodes {
        let instances = graph.nodes[n].instances.max(1);
        let down = &mut input.instances_down[n];
        *down = if spec.all_instances {
            instances
        } else {
            (*down + 1).min(instances)
        };
    }
    true
}

/// Restores what `spec` names in `input` (one instance, all, or a zone).
pub fn restore(graph: &FlowGraph, input: &mut FlowInput, spec: FailureSpec<'_>) -> bool {
    if let Some(z) = graph.zones.index_of(spec.id) {
        set_zone(graph, input, z, false);
        return true;
    }
    let Some(nodes) = spec.nodes(graph) else {
        return false;
    };
    for n in nodes {
        let down = &mut input.instances_down[n];
        *down = if spec.all_instances {
            0
        } else {
            down.saturating_sub(1)
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_one_instance_and_all() {
        assert_eq!(
            FailureSpec::parse("dns"),
            FailureSpec {
                id: "dns",
                all_instances: false
            }
        );
        assert_eq!(
            FailureSpec::parse("server-1/mysql:all"),
            FailureSpec {
                id: "server-1/mysql",
                all_instances: true
            }
        );
    }
}
