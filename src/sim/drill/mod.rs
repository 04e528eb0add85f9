//! Live failure drills ("game days"): a discrete-time, deterministic simulation of what users
//! see, tick by tick, when components, services or links fail and recover, when the offered
//! load spikes or ramps, or when a firewall's rules change.
//!
//! The drill runs on the analysis' flow graph and propagation ([`crate::sim::flow`]): it adds
//! only what happens in time — load-balancer health checks, database promotion, monitoring
//! detection — and propagates the traffic again whenever that state changes. Nothing here
//! knows about egui or the file system.
//!
//! - [`file`]: the drill format (events and a steady-state hypothesis);
//! - [`events`]: targets and events resolved to the flow graph's indices;
//! - [`state`]: health checks, promotion and detection;
//! - [`run`]: the tick loop; [`record`]: per-second series; [`verdict`]: the outcome;
//! - [`chaos`]: random replayable drills; [`blast_radius`]: what each single failure costs.

mod blast_incremental;
pub mod blast_radius;
pub mod chaos;
pub mod events;
pub mod file;
pub mod record;
pub mod run;
pub mod state;
pub mod verdict;

pub use blast_radius::{BlastRadius, blast_radius, blast_radius_until};
pub use chaos::{SplitMix64, chaos};
pub use events::{DrillError, Target};
pub use file::{Action, Drill, DrillEvent, Hypothesis};
pub use record::{ClassSample, NodeFlow, SecondSample};
pub use run::{DrillOptions, DrillResult, DrillRun, run_drill, start_drill};
pub use state::{Moment, MomentKind};
pub use verdict::{ClassVerdict, Verdict};
