//! Drill events resolved against a design's flow graph: targets turned into component, node
//! and link indices, times into whole milliseconds, sorted by time (then file order) for the
//! tick loop.

use super::file::{Action, Drill};
use super::state::ms;
use crate::model::zone::ZoneIx;
use crate::model::{Design, FirewallRule, KindTag};
use crate::sim::failure::FailureSpec;
use crate::sim::graph::{FlowGraph, NodeIx};

/// What a drill event acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A component (a server with all its services), by index in the design: one instance,
    /// or every instance (`ID:all`, [`crate::sim::failure`]).
    Component {
        /// Index in `Design::components`.
        component: usize,
        /// Every instance, not one.
        all: bool,
    },
    /// A service on a server (`server-1/mysql`): one instance of it, or every instance.
    Service {
        /// The server's index in `Design::components`.
        server: usize,
        /// The service's index in the server's stack.
        service: usize,
        /// Its request node; `None` for a service that is no request hop (application
        /// files), whose failure changes no traffic.
        node: Option<NodeIx>,
        /// Every instance, not one.
        all: bool,
    },
    /// Design links (by index): every link between the two named endpoints.
    Links(Vec<usize>),
    /// A zone (by index in `Design::zones`): every instance of everything in it and in the
    /// zones inside it.
    Zone(ZoneIx),
}

impl Target {
    /// Resolves a target name: `id`, `server/service` (each optionally `:all`), a zone id, or
    /// `from -> to` (endpoints as written in the design's links; `a -> b` also matches links
    /// between services of `a` and `b`). `None` if nothing matches.
    ///
    /// # Complexity
    /// O(1) hash-map lookups for a component or service, O(L) for a link.
    pub fn resolve(name: &str, design: &Design, graph: &FlowGraph) -> Option<Self> {
        let Some((from, to)) = name.split_once("->") else {
            let spec = FailureSpec::parse(name.trim());
            if let Some(z) = graph.zones.index_of(spec.id) {
                return Some(Self::Zone(z));
            }
            if let Some(component) = graph.component(spec.id) {
                return Some(Self::Component {
                    component,
                    all: spec.all_instances,
                });
            }
            let (server, service_id) = spec.id.split_once('/')?;
            let server = graph.component(server)?;
            let service = design.components[server]
                .kind
                .services()
                .iter()
                .position(|s| s.id == service_id)?;
            return Some(Self::Service {
                server,
                service,
                node: graph.node(spec.id),
                all: spec.all_instances,
            });
        };
        let (from, to) = (from.trim(), to.trim());
        let matching = |exact: bool| -> Vec<usize> {
            design
                .links
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    if exact {
                        l.from.to_string() == from && l.to.to_string() == to
                    } else {
                        l.from.component.as_str() == from && l.to.component.as_str() == to
                    }
                })
                .map(|(i, _)| i)
                .collect()
        };
        let exact = matching(true);
        let links = if exact.is_empty() {
            matching(false)
        } else {
            exact
        };
        (!links.is_empty()).then_some(Self::Links(links))
    }
}

/// Why a drill cannot run on a design. Each names the field and the offending id.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DrillError {
    /// A number is out of range.
    #[error("drill.{field} {why}")]
    BadField {
        /// The field, e.g. `events[2].at_s`.
        field: String,
        /// What is wrong.
        why: String,
    },
    /// A target names nothing in the design.
    #[error(
        "drill.{field}: `{target}` is not a component, a `server/service` or a link `from -> to` of the design"
    )]
    UnknownTarget {
        /// The field, e.g. `events[0].action`.
        field: String,
        /// The name as written.
        target: String,
    },
    /// A firewall event names something that is not a firewall.
    #[error("drill.{field}: `{target}` is not a firewall of the design")]
    NotAFirewall {
        /// The field.
        field: String,
        /// The name as written.
        target: String,
    },
    /// The drill would take too long on this design: too many ticks, or too many ticks on
    /// which the whole design must be recomputed (a ramp) or recorded.
    #[error(
        "drill too long for this design: about {work} steps of work (ticks × what each tick \
         recomputes or records), more than the {limit} allowed; use a larger tick_ms, a shorter \
         duration_s or a shorter ramp"
    )]
    TooMuchWork {
        /// The estimated work.
        work: u64,
        /// The most accepted.
        limit: u64,
    },
    /// The design has no entry, so no traffic can be offered.
    #[error("the design has no Users component, so a drill has no traffic to watch")]
    NoEntry,
}

/// An action with its target resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// Fail the target (`name` as written).
    Fail(Target, String),
    /// Restore the target.
    Restore(Target, String),
    /// Set the offered load.
    OfferedQps(f64),
    /// Ramp the offered load.
    Ramp {
        /// Target load, requests per second.
        to_qps: f64,
        /// Length, milliseconds.
        over_ms: u64,
    },
    /// Replace a firewall's rules (component index in the design).
    FirewallRules(usize, Vec<FirewallRule>),
}

/// An event ready for the tick loop.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedEvent {
    /// When, milliseconds from the start.
    pub at_ms: u64,
    /// What.
    pub action: Resolved,
    /// One human line for the timeline.
    pub label: String,
}

/// Resolves one action; `field` names it in errors.
///
/// # Errors
/// [`DrillError::UnknownTarget`] or [`DrillError::NotAFirewall`].
pub fn resolve_action(
    action: &Action,
    field: &str,
    design: &Design,
    graph: &FlowGraph,
) -> Result<(Resolved, String), DrillError> {
    let target = |name: &str| {
        Target::resolve(name, design, graph).ok_or_else(|| DrillError::UnknownTarget {
            field: field.to_owned(),
            target: name.to_owned(),
        })
    };
    Ok(match action {
        Action::Fail(name) => (
            Resolved::Fail(target(name)?, name.trim().to_owned()),
            format!("{} fails", name.trim()),
        ),
        Action::Restore(name) => (
            Resolved::Restore(target(name)?, name.trim().to_owned()),
            format!("{} is restored", name.trim()),
        ),
        Action::OfferedQps(qps) => (
            Resolved::OfferedQps(*qps),
            format!("offered load set to {qps} qps"),
        ),
        Action::Ramp { to_qps, over_s } => (
            Resolved::Ramp {
                to_qps: *to_qps,
                over_ms: ms(*over_s),
            },
            format!("offered load ramps to {to_qps} qps over {over_s} s"),
        ),
        Action::FirewallRules { firewall, rules } => {
            let index = graph
                .component(firewall.trim())
                .filter(|&c| graph.components[c].tag == KindTag::Firewall)
                .ok_or_else(|| DrillError::NotAFirewall {
                    field: field.to_owned(),
                    target: firewall.clone(),
                })?;
            (
                Resolved::FirewallRules(index, rules.clone()),
                format!("{} rules replaced ({} rules)", firewall.trim(), rules.len()),
            )
        }
    })
}

/// Resolves and sorts every event of `drill` (stable: same time keeps file order).
///
/// # Errors
/// The first [`DrillError`] in file order: a number out of range or an unknown target.
///
/// # Complexity
/// O(E log E + E·L) for E events and L links (links are matched by name).
pub fn resolve(
    drill: &Drill,
    design: &Design,
    graph: &FlowGraph,
) -> Result<Vec<TimedEvent>, DrillError> {
    if let Some((field, why)) = drill.check().into_iter().next() {
        return Err(DrillError::BadField { field, why });
    }
    if design.entry().is_none() {
        return Err(DrillError::NoEntry);
    }
    let mut out = Vec::with_capacity(drill.events.len());
    for (i, e) in drill.events.iter().enumerate() {
        let (action, label) =
            resolve_action(&e.action, &format!("events[{i}].action"), design, graph)?;
        out.push(TimedEvent {
            at_ms: ms(e.at_s),
            action,
            label,
        });
    }
    out.sort_by_key(|e| e.at_ms);
    Ok(out)
}
