//! Failover downtime: the requests lost while a failure is being noticed, as downtime per
//! year, so that slow health checks and slow promotions cost nines.
//!
//! Model. The exact availability ([`super::availability`]) asks whether a class is servable
//! once everything has settled. But each failure first costs a transient: a load balancer
//! keeps sending a dead backend its share until `interval_s × fall` of failed health checks
//! drop it, and writes fail until a replica is promoted `promote_after_s` after its writers
//! died. For each thing that can fail (a component: one instance; a zone: all of it):
//!
//! - the **seconds lost per failure** for class `k`: a drill (the drills' own failure
//!   machinery) fails it at `t = 0` and runs until everything has settled; each tick adds
//!   `(served once settled − served now) / offered` × the tick, so a 6-second detection
//!   during which a third of reads fail costs 2 s of reads; a failure that stops the class
//!   for good costs nothing here (the exact part already counts it);
//! - its **failures per year**: `8760 / mtbf_h` per instance when `mtbf_h` is given, else
//!   `8760 · (1 − a) / (a · mttr)` from the availability `a` with [`DEFAULT_MTTR_H`]; times the
//!   instances for a replicated component;
//!
//! and the failover unavailability of the class is `Σ failures per year × seconds lost /
//! seconds per year` (first order: failures rare and far apart, as they are).
//!
//! # Complexity
//! One drill per thing that can fail: O(T) ticks plus a few propagations O(V + E) each, T
//! the ticks until every health check and promotion has had its time.

use super::RequestClass;
use super::drill::{Drill, DrillOptions, start_drill};
use super::flow::{READ, WRITE};
use crate::model::{Design, Kind};

/// Mean time to repair assumed where a component gives its availability but no `mttr_h`,
/// hours: a failed instance is replaced or restarted within a couple of hours.
pub const DEFAULT_MTTR_H: f64 = 2.0;

/// Hours in a (365-day) year.
const HOURS_PER_YEAR: f64 = 365.0 * 24.0;

/// Seconds the drills run past the slowest health check and promotion, so they settle.
const SETTLE_MARGIN_S: f64 = 10.0;

/// Failures per year of something up a share `availability` of the time whose mean time
/// between failures is `mtbf_h` if known (per instance, times `instances`).
pub fn failures_per_year(availability: f64, mtbf_h: Option<f64>, instances: u32) -> f64 {
    let per_instance = match mtbf_h {
        Some(mtbf) if mtbf > 0.0 => HOURS_PER_YEAR / mtbf,
        _ if availability >= 1.0 || availability <= 0.0 => 0.0,
        _ => HOURS_PER_YEAR * (1.0 - availability) / (availability * DEFAULT_MTTR_H),
    };
    per_instance * f64::from(instances.max(1))
}

/// Seconds until every failure of `design` has settled: the slowest health check's
/// `interval_s × fall`, or the slowest promotion, plus a margin.
pub fn settle_horizon_s(design: &Design) -> f64 {
    let mut slowest: f64 = 0.0;
    for c in &design.components {
        if let Kind::LoadBalancer(lb) = &c.kind {
            slowest = slowest.max(lb.health_check.interval_s * f64::from(lb.health_check.fall));
        }
        let databases = c
            .kind
            .services()
            .iter()
            .filter_map(|s| s.database.as_ref())
            .chain(match &c.kind {
                Kind::Database(db) => Some(db),
                _ => None,
            });
        for db in databases {
            slowest = slowest.max(db.promote_after_s.unwrap_or(0.0));
        }
    }
    // Promotion waits for the writers' loss to be noticed first.
    2.0 * slowest + SETTLE_MARGIN_S
}

/// Per class (reads, writes), the seconds of full outage that one failure of `target` (a
/// drill target: a component's one instance, a zone) costs before everything settles;
/// `None` when no drill can run on the design (no entry) or it would take too much work.
pub fn seconds_lost(design: &Design, target: &str, horizon_s: f64) -> Option<[f64; 2]> {
    let drill = Drill::fail_for(target, 0.0, horizon_s, horizon_s);
    let options = DrillOptions {
        record_nodes: false,
    };
    let mut run = start_drill(design, &drill, options).ok()?;
    let tick_s = f64::from(drill.tick_ms.max(1)) / 1000.0;
    let offered = [
        design.traffic.offered_qps * design.traffic.read_fraction,
        design.traffic.offered_qps * (1.0 - design.traffic.read_fraction),
    ];
    let mut served = Vec::new();
    while let Some(out) = run.step() {
        served.push(out.class_served_qps);
    }
    let settled = *served.last()?;
    let mut lost = [0.0; 2];
    for k in [READ, WRITE] {
        if offered[k] <= 0.0 {
            continue;
        }
        for s in &served {
            lost[k] += (settled[k] - s[k]).max(0.0) / offered[k] * tick_s;
        }
    }
    Some(lost)
}

/// One thing whose failures cost failover downtime.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FailoverCost {
    /// Component or zone id.
    pub id: String,
    /// Failures per year.
    pub failures_per_year: f64,
    /// Seconds of full outage each failure costs, per class (reads, writes).
    pub seconds_lost: [f64; 2],
}

impl FailoverCost {
    /// Unavailability it adds to `class`: failures per year × seconds lost / seconds per year.
    pub fn unavailability(&self, class: RequestClass) -> f64 {
        let k = class.index();
        self.failures_per_year * self.seconds_lost[k] / (HOURS_PER_YEAR * 3600.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_rates_come_from_mtbf_or_from_availability_and_mttr() {
        assert!((failures_per_year(0.5, Some(876.0), 1) - 10.0).abs() < 1e-12);
        // Up 99.9 % of the time with 2-hour repairs: 8760 × 0.001 / (0.999 × 2) a year.
        let expected = 8760.0 * 0.001 / (0.999 * 2.0);
        assert!((failures_per_year(0.999, None, 1) - expected).abs() < 1e-9);
        assert!((failures_per_year(0.999, None, 3) - 3.0 * expected).abs() < 1e-9);
        assert_eq!(failures_per_year(1.0, None, 2), 0.0);
    }
}
