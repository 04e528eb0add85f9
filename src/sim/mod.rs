//! Analyses and simulation as pure, deterministic functions of a design: findings (SPOFs,
//! plaintext hops, exposure, monitoring, shared fate, capacity) and the traffic model. Nothing
//! here knows about egui or files; outputs are sorted.

pub mod analysis;
pub mod drill;
pub mod finding;
pub mod generate;
pub mod report;

pub use analysis::{Analysis, AnalysisOptions, analyze};
pub use finding::{Finding, FindingSeverity, LinkRef, RequestClass, Rule};
pub use report::{ClassTraffic, LinkTraffic, NodeTraffic, TrafficReport};
