//! Brute-force availability for the availability tests (included with
//! `mod availability_common;`): what can fail, and every combination of it asked of the
//! analysis.
#![allow(dead_code)] // shared test helpers

use std::collections::BTreeSet;

use infraboard::model::Design;
use infraboard::model::availability::{component_availability, zone_availability};
use infraboard::sim::{AnalysisOptions, RequestClass, analyze};

/// `(id, availability)` of what can fail and matter: components on the request path that are
/// not always up, then every zone.
pub fn variables(design: &Design) -> Vec<(String, f64)> {
    design
        .components
        .iter()
        .filter(|c| c.tag().can_stop_requests() && component_availability(c) < 1.0)
        .map(|c| (c.id.to_string(), component_availability(c)))
        .chain(
            design
                .zones
                .iter()
                .map(|z| (z.id.to_string(), zone_availability(z).0)),
        )
        .collect()
}

/// Per class (reads, writes), the probability of being servable summed over every
/// combination of the `vars` failing, each asked of the analysis with them failed whole.
pub fn enumerate(design: &Design, vars: &[(String, f64)]) -> [f64; 2] {
    assert!(vars.len() <= 15, "{} variables", vars.len());
    let mut total = [0.0; 2];
    for mask in 0u32..(1 << vars.len()) {
        let mut p = 1.0;
        let mut failed = BTreeSet::new();
        for (i, (id, a)) in vars.iter().enumerate() {
            if mask & (1 << i) == 0 {
                p *= a;
            } else {
                p *= 1.0 - a;
                failed.insert(format!("{id}:all"));
            }
        }
        let options = AnalysisOptions {
            failed,
            ..AnalysisOptions::default()
        };
        let traffic = analyze(design, &options).traffic;
        for (k, class) in RequestClass::ALL.into_iter().enumerate() {
            if traffic.classes[&class].served_qps > 0.0 {
                total[k] += p;
            }
        }
    }
    total
}
