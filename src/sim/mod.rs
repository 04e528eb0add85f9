//! Analyses and simulation as pure, deterministic functions of a design: findings (SPOFs,
//! plaintext hops, exposure, monitoring, shared fate, capacity) and the traffic model. Nothing
//! here knows about egui or files; outputs are sorted.
//!
//! - [`graph`]: the request-flow projection, built once per design;
//! - [`flow`]: the allocation-free traffic propagation (reused by live drills), with
//!   [`queue`] for the M/M/c model;
//! - one module per rule: [`spof`], [`tls`], [`https`], [`exposure`], [`monitoring`],
//!   [`shared_fate`], [`capacity`], [`cycles`];
//! - [`analysis`]: [`analyze`] runs them all; [`traffic`] builds the report.

pub mod analysis;
pub mod capacity;
pub mod cycles;
pub mod drill;
pub mod exposure;
pub mod finding;
pub mod flow;
pub mod generate;
pub mod graph;
pub mod https;
mod id_index;
mod id_sort;
pub mod monitoring;
pub mod node_table;
pub mod queue;
pub mod report;
pub mod shared_fate;
pub mod spof;
pub mod tls;
pub mod traffic;

pub use analysis::{
    Analysis, AnalysisOptions, UnknownId, alive_mask, analyze, check_failed_ids, simulate,
};
pub use finding::{Finding, FindingSeverity, LinkRef, RequestClass, Rule};
pub use flow::{FlowInput, FlowOutput, propagate};
pub use graph::FlowGraph;
pub use node_table::NodeTable;
pub use report::{ClassTraffic, LinkTraffic, NodeTraffic, TrafficReport};
