//! Where a request ends: the one rule every analysis, the traffic engine and the drills use.
//!
//! - A **read** ends at a database (every database holds the data: a primary, a replica, a
//!   multi-primary member).
//! - A **write** ends only at a database that accepts writes now: a writer, or a replica that
//!   automatic failover has promoted (see [`super::failover`]).
//! - A web server, application server, generic service or other service ends a class only
//!   when the user says it answers it by itself ([`Answers`]: static content, its own state).
//!   Otherwise a request that reaches it and has nowhere to go fails there, and the `dead-end`
//!   rule ([`super::dead_end`]) names it.
//! - **Object storage** ends the reads and the uploads (writes) sent to it: it is a terminal
//!   for the static share of reads the application (or a CDN) sends it.
//! - A **cache** (look-aside) ends its hit ratio of the reads, scaled by how warm it is (a
//!   cache just restarted starts cold and warms linearly over its warm-up time); misses go on
//!   to what is behind it. It never ends a write: writes go on to the database. While it is
//!   down the application goes straight to what is behind it: a down cache ends nothing and
//!   passes everything on, without a capacity of its own ([`FlowInput::forwards`]). It is
//!   therefore never a single point of failure, but losing it sends the full read load behind
//!   it (the `cache-dependency` rule, [`super::cache_dependency`]).
//! - A **CDN** ends its edge share of reads (static share × hit ratio) while its origin is
//!   reachable; the rest goes on. With its origin unreachable it ends that share only if it
//!   serves stale content (`serve_stale`); otherwise everything fails there. It never ends a
//!   write.
//! - A **queue** ends every write it takes (*accepted*): a producer's write succeeds once the
//!   queue has it, whether its consumers are up or not. It then delivers the write
//!   asynchronously to its consumers, where it is *applied* (ends again, counted apart: see
//!   [`super::flow`]). Links into and out of a queue carry writes only.
//!
//! # Complexity
//! O(1) per node.
//!
//! [`FlowInput::forwards`]: super::flow::FlowInput::forwards

use super::graph::{FlowNode, Role};
#[cfg(doc)]
use crate::model::Answers;

/// What a node's current state adds to the rule: whether it has been promoted to writer (a
/// replica), how warm it is (a cache: 0 cold or down, 1 warm), and whether it has a way onwards
/// for the class now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EndState {
    /// Promoted to writer (a replica after failover).
    pub promoted: bool,
    /// Warmth of a cache, 0..=1 (0 while down).
    pub warmth: f64,
    /// Whether the class has a way onwards from the node now.
    pub onward: bool,
}

/// The share (0..=1) of the requests of class `write` (`false`: reads) arriving at `node` that
/// end there in `state`; the rest goes on (or fails there when it has no way onwards).
pub fn end_share(node: &FlowNode, write: bool, state: EndState) -> f64 {
    match node.role {
        Role::Cache { hit_ratio, .. } => {
            if write {
                0.0
            } else {
                hit_ratio * state.warmth.clamp(0.0, 1.0)
            }
        }
        Role::Cdn {
            edge_share,
            serve_stale,
        } => {
            if !write && (state.onward || serve_stale) {
                edge_share
            } else {
                0.0
            }
        }
        Role::Queue => f64::from(u8::from(write)),
        Role::Plain => {
            let ends = if node.is_database {
                !write || node.accepts_writes || state.promoted
            } else {
                node.answers.answers(write)
            };
            f64::from(u8::from(ends))
        }
    }
}

/// Whether some requests of class `write` end at `node` whatever lies behind it, with warmth
/// `warmth` (a cache) and promotion `promoted` (a replica): the routing's notion of "this node
/// can complete the class by itself".
pub fn ends_some(node: &FlowNode, write: bool, promoted: bool, warmth: f64) -> bool {
    let state = EndState {
        promoted,
        warmth,
        onward: false,
    };
    end_share(node, write, state) > 0.0
}

/// Whether some requests of class `write` end at `node` as configured (a cache warm), given
/// whether the node (a replica) has been promoted to writer.
pub fn ends(node: &FlowNode, write: bool, promoted: bool) -> bool {
    ends_some(node, write, promoted, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answers, KindTag, ServiceKind, TlsMode};

    fn with_role(role: Role) -> FlowNode {
        FlowNode {
            service: None,
            service_kind: None,
            tag: KindTag::Service,
            role,
            ..node(ServiceKind::Other, false, Answers::Nothing)
        }
    }

    fn state(warmth: f64, onward: bool) -> EndState {
        EndState {
            promoted: false,
            warmth,
            onward,
        }
    }

    #[test]
    fn a_cache_ends_its_warm_hits_and_never_a_write() {
        let cache = with_role(Role::Cache {
            hit_ratio: 0.8,
            warm_up_s: 60.0,
        });
        assert!((end_share(&cache, false, state(1.0, true)) - 0.8).abs() < 1e-12);
        assert!((end_share(&cache, false, state(0.5, true)) - 0.4).abs() < 1e-12);
        assert_eq!(
            end_share(&cache, false, state(0.0, true)),
            0.0,
            "cold or down"
        );
        assert_eq!(end_share(&cache, true, state(1.0, true)), 0.0);
        assert!(!ends(&cache, true, false));
        assert!(ends(&cache, false, false));
        let plain = node(ServiceKind::AppServer, false, Answers::Nothing);
        assert_eq!(end_share(&plain, false, state(1.0, true)), 0.0);
    }

    #[test]
    fn a_cdn_ends_its_edge_share_while_the_origin_answers_or_it_serves_stale() {
        let cdn = |serve_stale| {
            with_role(Role::Cdn {
                edge_share: 0.54,
                serve_stale,
            })
        };
        assert!((end_share(&cdn(false), false, state(1.0, true)) - 0.54).abs() < 1e-12);
        assert_eq!(end_share(&cdn(false), false, state(1.0, false)), 0.0);
        assert!((end_share(&cdn(true), false, state(1.0, false)) - 0.54).abs() < 1e-12);
        assert_eq!(
            end_share(&cdn(true), true, state(1.0, false)),
            0.0,
            "writes"
        );
        assert!(!ends(&cdn(false), false, false));
        assert!(ends(&cdn(true), false, false));
    }

    #[test]
    fn a_queue_accepts_every_write_and_no_read() {
        let queue = with_role(Role::Queue);
        assert_eq!(end_share(&queue, true, state(1.0, false)), 1.0);
        assert_eq!(end_share(&queue, false, state(1.0, true)), 0.0);
        let plain = node(ServiceKind::AppServer, false, Answers::Nothing);
        assert_eq!(end_share(&plain, true, state(1.0, false)), 0.0);
    }

    fn node(kind: ServiceKind, accepts_writes: bool, answers: Answers) -> FlowNode {
        FlowNode {
            component: 0,
            service: Some(0),
            tag: KindTag::Server,
            service_kind: Some(kind),
            queue: None,
            lb_algorithm: None,
            is_database: kind == ServiceKind::Database,
            accepts_writes,
            promote_after_s: None,
            answers,
            instances: 1,
            tls: TlsMode::None,
            role: super::super::graph::Role::Plain,
        }
    }

    #[test]
    fn databases_end_reads_writers_end_writes() {
        let replica = node(ServiceKind::Database, false, Answers::Nothing);
        assert!(ends(&replica, false, false));
        assert!(!ends(&replica, true, false));
        assert!(
            ends(&replica, true, true),
            "a promoted replica takes writes"
        );
        let primary = node(ServiceKind::Database, true, Answers::Nothing);
        assert!(ends(&primary, true, false));
    }

    #[test]
    fn a_web_server_ends_nothing_unless_it_answers() {
        let web = node(ServiceKind::WebServer, false, Answers::Nothing);
        assert!(!ends(&web, false, false));
        assert!(!ends(&web, true, false));
        let static_site = node(ServiceKind::WebServer, false, Answers::Reads);
        assert!(ends(&static_site, false, false));
        assert!(!ends(&static_site, true, false));
        let stateful = node(ServiceKind::AppServer, false, Answers::ReadsAndWrites);
        assert!(ends(&stateful, true, false));
    }
}
