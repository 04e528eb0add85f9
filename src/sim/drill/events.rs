//! Drill events resolved against a design: targets turned into node and link indices, times
//! into whole milliseconds, sorted by time (then file order) for the tick loop.

use super::file::{Action, Drill};
use super::state::ms;
use super::topology::{Target, Topology};
use crate::model::{Design, FirewallRule, KindTag};

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
    topo: &Topology,
) -> Result<(Resolved, String), DrillError> {
    let target = |name: &str| {
        topo.resolve(name).ok_or_else(|| DrillError::UnknownTarget {
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
            let index = design
                .components
                .iter()
                .position(|c| c.id.as_str() == firewall.trim() && c.tag() == KindTag::Firewall)
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
/// O(E log E + E·L) for E events and L links.
pub fn resolve(
    drill: &Drill,
    design: &Design,
    topo: &Topology,
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
            resolve_action(&e.action, &format!("events[{i}].action"), design, topo)?;
        out.push(TimedEvent {
            at_ms: ms(e.at_s),
            action,
            label,
        });
    }
    out.sort_by_key(|e| e.at_ms);
    Ok(out)
}
