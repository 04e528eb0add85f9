//! Property test of the one engine: on thousands of random small designs (servers running
//! multi-service stacks, replicas, `carries` restrictions, firewalls, load-balancing
//! algorithms, DNS, replicas with and without automatic promotion, components in nested
//! zones, caches, CDNs with and without serve-stale, queues and object storage), for every
//! component, service, server and zone X and each class C:
//!
//! - X is reported as a SPOF for C ⇔ `check --fail X` serves none of C ⇔ a drill failing X
//!   serves none of C at steady state;
//! - the analysis' served QPS per class with X failed equals the drill's steady state within
//!   1e-9 relative;
//! - the blast radius of a component equals the analysis' share served with it failed;
//! - traffic is conserved at every node.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeSet;

use infraboard::model::Design;
mod drill_common;
mod random_design;

use drill_common::drill_served;
use infraboard::sim::drill::blast_radius;
use infraboard::sim::{AnalysisOptions, RequestClass, Rule, analyze};
use proptest::prelude::*;
use random_design::{build, spec};

/// Requests per second served per class (reads, writes) by the analysis with `failed` down.
fn analysis_served(design: &Design, failed: &str) -> [f64; 2] {
    let options = AnalysisOptions {
        failed: BTreeSet::from([failed.to_owned()]),
        ..AnalysisOptions::default()
    };
    let t = analyze(design, &options).traffic;
    [
        t.classes[&RequestClass::Read].served_qps,
        t.classes[&RequestClass::Write].served_qps,
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spof_check_fail_and_drill_agree(spec in spec()) {
        let (design, _) = build(&spec);
        let base = analyze(&design, &AnalysisOptions::default());
        for (id, n) in &base.traffic.nodes {
            let rest = n.served_qps + n.dropped_qps + n.failed_qps;
            prop_assert!((n.offered_qps - rest).abs() <= 1e-6 * n.offered_qps.max(1.0), "{}: {:?}", id, n);
        }
        let served_base = [
            base.traffic.classes[&RequestClass::Read].served_qps,
            base.traffic.classes[&RequestClass::Write].served_qps,
        ];
        let blast = blast_radius(&design);
        // Every component but the users, every request service on a server, every zone.
        let mut targets: Vec<String> = design.zones.iter().map(|z| z.id.to_string()).collect();
        for c in design.components.iter().skip(1) {
            targets.push(c.id.to_string());
            for s in c.kind.services() {
                if s.kind.tier().is_some() {
                    targets.push(format!("{}/{}", c.id, s.id));
                }
            }
        }
        for x in &targets {
            let analysis = analysis_served(&design, x);
            let drill = drill_served(&design, x);
            for (k, class) in RequestClass::ALL.into_iter().enumerate() {
                prop_assert!(
                    close(analysis[k], drill[k]),
                    "{} failed, {:?}: analysis {} vs drill {}", x, class, analysis[k], drill[k]
                );
                if served_base[k] > 0.0 {
                    let spof = base.findings.iter().any(|f| {
                        f.rule == Rule::Spof && f.class == Some(class) && f.components == [x.clone()]
                    });
                    prop_assert_eq!(
                        spof,
                        analysis[k] <= 0.0,
                        "{} failed, {:?}: reported SPOF {} but serves {}\n{}", x, class, spof, analysis[k],
                        ron::ser::to_string_pretty(&design, ron::ser::PrettyConfig::default()).unwrap_or_default()
                    );
                }
            }
            if let Some(row) = blast.iter().find(|r| &r.id == x) {
                let offered = [
                    base.traffic.classes[&RequestClass::Read].offered_qps,
                    base.traffic.classes[&RequestClass::Write].offered_qps,
                ];
                let share = |k: usize| if offered[k] > 0.0 { analysis[k] / offered[k] } else { 1.0 };
                prop_assert!((row.served_fraction_read - share(0)).abs() <= 1e-9, "{}: blast read", x);
                prop_assert!((row.served_fraction_write - share(1)).abs() <= 1e-9, "{}: blast write", x);
            }
        }
    }
}
