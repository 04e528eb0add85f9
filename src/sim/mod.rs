//! Analyses and simulation as pure, deterministic functions of a design, all on **one** flow
//! graph ([`graph`]) with one set of rules. Nothing here knows about egui or files; outputs are
//! sorted.
//!
//! - [`graph`]: the request-flow graph, built once per design: the only index space;
//! - the rules, each written once: [`request_end`] (where a request ends), [`failover`] (when a
//!   replica becomes writer), [`failure`] (what failing an id means: one instance), [`health`] (who
//!   believes what is down),
//!   [`monitoring::Watch`] (who notices a failure), [`queue`] (M/M/c, Erlang C);
//! - [`flow`]: the traffic propagation, used by the analysis and every drill tick;
//! - one module per finding: [`spof`], [`dead_end`], [`dns`], [`failover`], [`tls`],
//!   [`tls_mode`], [`writers`],
//!   [`https`], [`exposure`], [`monitoring`], [`shared_fate`], [`capacity`],
//!   [`cache_dependency`], [`cycles`];
//! - [`analysis`]: [`analyze`] runs them all; [`traffic`] builds the report;
//! - [`availability`]: per class, the exact probability of being servable and its cut sets;
//! - [`drill`]: drills, chaos and the blast radius on the same graph and rules.

pub mod analysis;
pub mod availability;
mod availability_paths;
pub mod cache_dependency;
pub mod capacity;
pub mod cycles;
pub mod dead_end;
pub mod dns;
pub mod drill;
pub mod exposure;
pub mod failover;
pub mod failover_downtime;
pub mod failure;
pub mod finding;
pub mod flow;
pub mod generate;
pub mod graph;
pub mod health;
pub mod https;
pub mod monitoring;
pub mod queue;
pub mod report;
pub mod request_end;
pub mod shared_fate;
pub mod spof;
pub mod tls;
pub mod tls_mode;
pub mod traffic;
pub mod writers;
pub mod zone_spof;

pub use analysis::{
    Analysis, AnalysisOptions, UnknownId, analyze, check_failed_ids, failed_state, simulate,
};
pub use finding::{Finding, FindingSeverity, LinkRef, RequestClass, Rule};
pub use flow::{FlowInput, FlowOutput, propagate};
pub use graph::FlowGraph;
pub use report::{ClassTraffic, LinkTraffic, NodeTraffic, TrafficReport};
