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
//!
//! # Complexity
//! O(1) per node.

use super::graph::FlowNode;
#[cfg(doc)]
use crate::model::Answers;

/// Whether a request of class `write` (`false`: a read) ends at `node`, given whether the node
/// (a replica) has been promoted to writer.
pub fn ends(node: &FlowNode, write: bool, promoted: bool) -> bool {
    if node.is_database {
        !write || node.accepts_writes || promoted
    } else {
        node.answers.answers(write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answers, KindTag, ServiceKind, TlsMode};

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
