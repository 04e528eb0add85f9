//! Availability per class (issue 19, first part): the exact factoring agrees with brute-force
//! enumeration of every combination of failures, matches closed forms, and its order-1 cut
//! sets are the SPOF analysis' single points of failure.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

use std::collections::BTreeSet;

use infraboard::io::templates::TEMPLATES;
use infraboard::model::availability::component_availability;
use infraboard::model::{Component, Design, KindTag, Link, LinkPurpose, Point, Protocol, validate};
use infraboard::sim::availability::availability;
use infraboard::sim::{AnalysisOptions, RequestClass, Rule, analyze};

mod availability_common;

use availability_common::{enumerate, variables};

/// Per class, the probability of being servable summed over every combination of failures,
/// each asked of the analysis with those components failed whole.
fn brute_force(design: &Design) -> [f64; 2] {
    enumerate(design, &variables(design))
}

#[test]
fn factoring_equals_enumerating_every_combination_on_the_templates() {
    let mut checked = 0;
    for t in &TEMPLATES {
        let design = t.design().unwrap();
        // Enumeration doubles with each component: the largest template (15) is covered by
        // `factoring_equals_enumerating_with_caches_cdns_queues_and_object_storage` instead.
        if variables(&design).len() > 14 {
            continue;
        }
        checked += 1;
        let exact = availability(&design).unwrap();
        let brute = brute_force(&design);
        for (k, c) in exact.iter().enumerate() {
            assert!(
                (c.steady_availability - brute[k]).abs() < 1e-12,
                "{} {:?}: factoring {} vs enumeration {}",
                t.name,
                c.class,
                c.steady_availability,
                brute[k]
            );
        }
    }
    assert!(checked >= 4, "{checked} templates checked");
}

#[test]
fn factoring_equals_enumerating_with_caches_cdns_queues_and_object_storage() {
    // users → cdn (serve-stale) → lb → app-1/app-2 → cache → db; app → store (static);
    // app → queue → worker → db (writes). Every failure combination of the 9 components.
    let mut d = Design::empty("data tier");
    d.components.push(component("users", KindTag::Users, 1.0));
    for (id, tag, a) in [
        ("cdn", KindTag::Cdn, 0.95),
        ("lb", KindTag::LoadBalancer, 0.97),
        ("app-1", KindTag::Service, 0.9),
        ("app-2", KindTag::Service, 0.9),
        ("cache", KindTag::Cache, 0.8),
        ("store", KindTag::ObjectStorage, 0.99),
        ("queue", KindTag::Queue, 0.85),
        ("worker", KindTag::Service, 0.7),
        ("db", KindTag::Database, 0.93),
    ] {
        d.components.push(component(id, tag, a));
    }
    if let infraboard::model::Kind::Cdn(s) = &mut d.component_mut("cdn").unwrap().kind {
        s.serve_stale = true;
    }
    let carrying = |from: &str, to: &str, c| request(from, to).carrying(c);
    use infraboard::model::Carries::{Reads, Writes};
    d.links.push(request("users", "cdn"));
    d.links.push(request("cdn", "lb"));
    for app in ["app-1", "app-2"] {
        d.links.push(request("lb", app));
        d.links.push(carrying(app, "cache", Reads));
        d.links.push(carrying(app, "store", Reads));
        d.links.push(carrying(app, "queue", Writes));
    }
    d.links.push(carrying("cache", "db", Reads));
    d.links.push(carrying("queue", "worker", Writes));
    d.links.push(carrying("worker", "db", Writes));
    assert!(
        !validate(&d)
            .iter()
            .any(|p| p.severity() == infraboard::model::Severity::Error),
        "{:?}",
        validate(&d)
    );
    let exact = availability(&d).unwrap();
    let brute = brute_force(&d);
    for (k, c) in exact.iter().enumerate() {
        assert!(
            (c.steady_availability - brute[k]).abs() < 1e-12,
            "{:?}: factoring {} vs enumeration {}",
            c.class,
            c.steady_availability,
            brute[k]
        );
    }
    // Writes need the queue but not the worker behind it; reads never need the cache.
    let queue = component_availability(d.component("queue").unwrap());
    assert!(exact[1].steady_availability < queue);
    assert!(exact[0].steady_availability > 0.9);
}

fn component(id: &str, tag: KindTag, availability: f64) -> Component {
    let mut c = Component::new(id, id, tag, Point::default());
    c.availability = Some(availability);
    c
}

fn request(from: &str, to: &str) -> Link {
    Link::new(from, to, LinkPurpose::Request, Protocol::Https)
}

#[test]
fn a_chain_multiplies_and_a_pair_in_parallel_fails_only_together() {
    let mut d = Design::empty("chain");
    d.components.push(component("users", KindTag::Users, 1.0));
    d.components
        .push(component("lb", KindTag::LoadBalancer, 0.98));
    for id in ["db-1", "db-2"] {
        d.components.push(component(id, KindTag::Database, 0.9));
    }
    d.links.push(request("users", "lb"));
    d.links.push(request("lb", "db-1"));
    d.links.push(request("lb", "db-2"));
    let classes = availability(&d).unwrap();
    let read = &classes[0];
    assert_eq!(read.class, RequestClass::Read);
    let expected = 0.98 * (1.0 - 0.1 * 0.1);
    assert!(
        (read.steady_availability - expected).abs() < 1e-12,
        "{read:?}"
    );
    assert!((read.nines - (-(1.0 - read.availability).log10())).abs() < 1e-9);
    let cuts: Vec<Vec<&str>> = read
        .cuts
        .iter()
        .map(|c| c.components.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(cuts, vec![vec!["lb"], vec!["db-1", "db-2"]]);
    assert!((read.cuts[0].probability - 0.02).abs() < 1e-12);
    // Importance: the balancer alone stops reads (Birnbaum = what is behind it, 0.99); a
    // database only matters when the balancer is up and the other one down (0.98 × 0.1).
    let of = |id: &str| {
        read.importance
            .iter()
            .find(|i| i.component == id)
            .unwrap_or_else(|| panic!("{id} in {:?}", read.importance))
            .clone()
    };
    assert!((of("lb").birnbaum - 0.99).abs() < 1e-12);
    assert!((of("db-1").birnbaum - 0.098).abs() < 1e-12);
    assert!((of("lb").gain - (0.99 - expected)).abs() < 1e-12);
    assert!((of("db-2").gain - (0.98 - expected)).abs() < 1e-12);
    assert_eq!(read.importance[0].component, "lb");
}

#[test]
fn single_cut_sets_are_the_spofs_of_unreplicated_components() {
    for t in &TEMPLATES {
        let design = t.design().unwrap();
        let findings = analyze(&design, &AnalysisOptions::default()).findings;
        for c in availability(&design).unwrap() {
            let singles: BTreeSet<String> = c
                .cuts
                .iter()
                .filter(|cut| cut.components.len() == 1)
                .map(|cut| cut.components[0].clone())
                .filter(|id| design.component(id).is_some_and(|x| x.replicas == 1))
                .collect();
            let spofs: BTreeSet<String> = findings
                .iter()
                .filter(|f| f.rule == Rule::Spof && f.class.is_none_or(|k| k == c.class))
                .flat_map(|f| f.components.iter())
                .map(|id| id.split('/').next().unwrap().to_owned())
                .filter(|id| design.component(id).is_some_and(|x| x.replicas == 1))
                .collect();
            assert_eq!(singles, spofs, "{} {:?}", t.name, c.class);
        }
    }
}

#[test]
fn an_availability_outside_zero_to_one_is_refused_naming_the_field() {
    let mut d = TEMPLATES[0].design().unwrap();
    d.components[1].availability = Some(1.5);
    let field = format!("components[{}].availability", d.components[1].id);
    let problems = validate(&d);
    assert!(
        problems.iter().any(|p| p.to_string().contains(&field)),
        "{problems:?}"
    );
}

#[test]
fn the_command_line_reports_each_class_with_its_cuts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reference.ron");
    infraboard::io::save_design(
        &infraboard::io::templates::reference_design().unwrap(),
        &file,
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(["availability", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let write = &v["availability"]["write"];
    // The seeds' "one MySQL primary for writes": the primary's server is the likeliest cut.
    assert_eq!(write["cut_sets"][0]["items"][0], "server-1");
    assert!(write["importance"]["server-1"].as_f64().unwrap() > 0.0);
    let a = write["availability"].as_f64().unwrap();
    assert!(a > 0.99 && a < 1.0);
}

#[test]
fn a_design_too_large_for_the_exact_method_is_refused_at_once() {
    let design = infraboard::sim::generate::layered_design(2_000, 1);
    let started = std::time::Instant::now();
    let err = availability(&design).unwrap_err();
    assert!(err.to_string().contains("few hundred components"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "refused after {:?}",
        started.elapsed()
    );
}

#[test]
fn the_diff_shows_availability_and_the_gate_refuses_losing_it() {
    use infraboard::diff::{Metric, Regression, diff_designs, regressions};
    use infraboard::io::templates::{reference_design, template};
    use infraboard::sim::FindingSeverity;
    let reference = reference_design().unwrap();
    let scale_up = template("scale-up").unwrap().design().unwrap();
    let better = diff_designs(&reference, &scale_up, &AnalysisOptions::default());
    let exact_before = availability(&reference).unwrap();
    let exact_after = availability(&scale_up).unwrap();
    for (k, class) in better.analysis.classes.iter().enumerate() {
        let a = class
            .try_metric(Metric::Availability)
            .expect("small designs");
        assert_eq!(a.old, exact_before[k].availability);
        assert_eq!(a.new, exact_after[k].availability);
        assert!(a.new > a.old);
    }
    let worse = diff_designs(&scale_up, &reference, &AnalysisOptions::default());
    let reasons = regressions(&worse, FindingSeverity::Error);
    for class in RequestClass::ALL {
        assert!(
            reasons.iter().any(|r| matches!(
                r,
                Regression::LostAvailability { class: c, .. } if *c == class
            )),
            "{class:?}: {reasons:?}"
        );
    }
    // A design too large for the exact method: no availability rather than a guess.
    let big = infraboard::sim::generate::layered_design(2_000, 1);
    let same = diff_designs(&big, &big, &AnalysisOptions::default());
    assert!(
        same.analysis
            .classes
            .iter()
            .all(|c| c.try_metric(Metric::Availability).is_none())
    );
}

#[test]
fn the_monte_carlo_estimate_brackets_the_exact_value_on_random_availabilities() {
    use infraboard::sim::availability::monte_carlo;
    use infraboard::sim::drill::SplitMix64;
    let mut rng = SplitMix64::new(19);
    for t in &TEMPLATES {
        for _ in 0..3 {
            let mut design = t.design().unwrap();
            // Poor availabilities, so that failures are common enough to sample.
            for c in &mut design.components {
                c.availability = Some(0.7 + 0.29 * rng.next_f64());
            }
            let exact = availability(&design).unwrap();
            let estimates = monte_carlo(&design, 4_000, rng.next_u64());
            for (x, e) in exact.iter().zip(&estimates) {
                assert_eq!(x.class, e.class);
                // Four standard errors (plus a floor for classes that almost never stop):
                // with these fixed seeds the test is deterministic, not flaky.
                let bound = 4.0 * e.std_error.max(1.0 / 4_000.0);
                assert!(
                    (x.steady_availability - e.availability).abs() <= bound,
                    "{} {:?}: exact {} vs estimate {} ± {}",
                    t.name,
                    x.class,
                    x.steady_availability,
                    e.availability,
                    e.std_error
                );
            }
        }
    }
}

#[test]
fn too_many_monte_carlo_samples_for_the_design_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.ron");
    infraboard::io::save_design(&infraboard::sim::generate::layered_design(2_000, 1), &file)
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_infraboard"))
        .args(["availability", "--monte-carlo", "100000000"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("big.ron") && err.contains("too many samples"),
        "{err}"
    );
}

#[test]
fn slow_health_checks_cost_nines() {
    use infraboard::model::Kind;
    // Users → a balancer → two databases: a dead database keeps half the reads until the
    // balancer's health checks drop it.
    let design = |interval_s: f64| {
        let mut d = Design::empty("checks");
        d.components.push(component("users", KindTag::Users, 1.0));
        let mut lb = component("lb", KindTag::LoadBalancer, 0.999);
        if let Kind::LoadBalancer(s) = &mut lb.kind {
            s.health_check.interval_s = interval_s;
        }
        d.components.push(lb);
        for id in ["db-1", "db-2"] {
            d.components.push(component(id, KindTag::Database, 0.99));
        }
        d.links.push(request("users", "lb"));
        d.links.push(request("lb", "db-1"));
        d.links.push(request("lb", "db-2"));
        d
    };
    let fast = &availability(&design(1.0)).unwrap()[0];
    let slow = &availability(&design(10.0)).unwrap()[0];
    assert_eq!(fast.steady_availability, slow.steady_availability);
    assert!(slow.nines < fast.nines, "{} vs {}", slow.nines, fast.nines);
    // The model: failures per year × seconds lost, each database losing half the reads for
    // about `interval × fall` seconds after it dies.
    use infraboard::sim::failover_downtime::{failures_per_year, seconds_lost, settle_horizon_s};
    let d = design(10.0);
    let lost = seconds_lost(&d, "db-1", settle_horizon_s(&d)).unwrap();
    assert!(
        lost[0] > 0.5 * 20.0 && lost[0] <= 0.5 * 30.0 + 0.5,
        "{lost:?}"
    );
    // Two databases × failures per year × seconds lost, in minutes.
    let expected_min = 2.0 * failures_per_year(0.99, None, 1) * lost[0] / 60.0;
    assert!(
        (slow.failover_downtime_min_per_year - expected_min).abs() < 1e-9,
        "{} vs {expected_min}",
        slow.failover_downtime_min_per_year
    );
    assert_eq!(slow.failover.len(), 2);
    assert!(
        (slow.availability - (slow.steady_availability - expected_min / (365.0 * 24.0 * 60.0)))
            .abs()
            < 1e-12
    );
}

mod random_design;

proptest::proptest! {
    // A fixed seed: the same 150 random designs every run, so the 99.9 % interval below is a
    // deterministic check, not a test that fails one run in a few hundred.
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 150,
        rng_seed: proptest::test_runner::RngSeed::Fixed(19),
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// On random designs (nested zones included): the exact steady-state availability lies
    /// in the Monte Carlo estimate's 99.9 % interval; the order-1 cut sets are the SPOF
    /// findings (components with one instance, and zones); every order-2 cut set stops its
    /// class and neither of its items does alone.
    #[test]
    fn on_random_designs_exact_agrees_with_sampling_and_with_the_spofs(
        spec in random_design::spec()
    ) {
        use infraboard::sim::availability::monte_carlo;
        use infraboard::sim::drill::SplitMix64;
        let (mut design, _) = random_design::build(&spec);
        let mut rng = SplitMix64::new(u64::from(spec.failed));
        // Poor availabilities, so that failures are common enough to sample.
        for c in &mut design.components {
            c.availability = Some(0.6 + 0.39 * rng.next_f64());
        }
        for z in &mut design.zones {
            z.availability = Some(0.8 + 0.19 * rng.next_f64());
        }
        let exact = availability(&design).unwrap();
        // Small enough to enumerate: every combination of failures, components and zones.
        let vars = variables(&design);
        if vars.len() <= 10 {
            let brute = enumerate(&design, &vars);
            for (k, x) in exact.iter().enumerate() {
                proptest::prop_assert!(
                    (x.steady_availability - brute[k]).abs() < 1e-9,
                    "{:?}: factoring {} vs enumeration {}", x.class, x.steady_availability, brute[k]
                );
            }
        }
        const SAMPLES: u64 = 3_000;
        let estimates = monte_carlo(&design, SAMPLES, rng.next_u64());
        let findings = analyze(&design, &AnalysisOptions::default()).findings;
        let zone_ids: BTreeSet<String> = design.zones.iter().map(|z| z.id.to_string()).collect();
        let single_instance = |id: &String| {
            zone_ids.contains(id) || design.component(id).is_some_and(|x| x.replicas == 1)
        };
        let stops = |class: RequestClass, ids: &[&String]| {
            let options = AnalysisOptions {
                failed: ids.iter().map(|id| format!("{id}:all")).collect(),
                ..AnalysisOptions::default()
            };
            analyze(&design, &options).traffic.classes[&class].served_qps <= 0.0
        };
        for (x, e) in exact.iter().zip(&estimates) {
            // A 99.9 % interval for all 300 checks together (150 designs × 2 classes,
            // Bonferroni: 99.9997 % each, 4.35 standard errors), with a floor for classes that
            // almost never or almost always stop. One check at 99.9 % alone would fail
            // about one run of designs in four by chance.
            let bound = 4.35 * e.std_error.max(1.0 / SAMPLES as f64);
            proptest::prop_assert!(
                (x.steady_availability - e.availability).abs() <= bound,
                "{:?}: exact {} vs estimate {} ± {}", x.class, x.steady_availability,
                e.availability, e.std_error
            );
            let served = analyze(&design, &AnalysisOptions::default()).traffic.classes[&x.class]
                .served_qps;
            if served <= 0.0 {
                continue;
            }
            let singles: BTreeSet<String> = x
                .cuts
                .iter()
                .filter(|cut| cut.components.len() == 1)
                .map(|cut| cut.components[0].clone())
                .filter(single_instance)
                .collect();
            let spofs: BTreeSet<String> = findings
                .iter()
                .filter(|f| f.rule == Rule::Spof && f.class == Some(x.class))
                .flat_map(|f| f.components.iter())
                .map(|id| id.split('/').next().unwrap().to_owned())
                .filter(single_instance)
                .collect();
            proptest::prop_assert_eq!(&singles, &spofs, "{:?}", x.class);
            // Complete on designs small enough to try every pair.
            if vars.len() <= 10 {
                for (i, (a, _)) in vars.iter().enumerate() {
                    for (b, _) in &vars[i + 1..] {
                        let pair = {
                            let mut p = vec![a.clone(), b.clone()];
                            p.sort();
                            p
                        };
                        if !stops(x.class, &[a]) && !stops(x.class, &[b]) && stops(x.class, &[a, b]) {
                            proptest::prop_assert!(
                                x.cuts.iter().any(|c| c.components == pair),
                                "{:?}: {} + {} stops the class but is not reported", x.class, a, b
                            );
                        }
                    }
                }
            }
            for cut in x.cuts.iter().filter(|cut| cut.components.len() == 2) {
                let (a, b) = (&cut.components[0], &cut.components[1]);
                proptest::prop_assert!(stops(x.class, &[a, b]), "{} + {}", a, b);
                proptest::prop_assert!(
                    !stops(x.class, &[a]) && !stops(x.class, &[b]),
                    "{} + {} is not minimal", a, b
                );
            }
        }
    }
}

#[test]
fn replicas_are_one_of_n_and_a_bridge_network_has_its_closed_form() {
    // One of three replicas suffices: 1 − (1 − a)³, in a chain after the balancer.
    let mut d = Design::empty("replicas");
    d.components.push(component("users", KindTag::Users, 1.0));
    let mut lb = component("lb", KindTag::LoadBalancer, 0.8);
    lb.replicas = 3;
    d.components.push(lb);
    d.components.push(component("db", KindTag::Database, 0.95));
    d.links.push(request("users", "lb"));
    d.links.push(request("lb", "db"));
    let read = &availability(&d).unwrap()[0];
    let expected = (1.0 - 0.2f64.powi(3)) * 0.95;
    assert!(
        (read.steady_availability - expected).abs() < 1e-12,
        "{read:?}"
    );

    // The bridge: users reach balancers a and b; a serves database d, b serves e, and the
    // bridge balancer c joins both sides (a → c, b → c, c → d, c → e). Minimal paths {a, d},
    // {b, e}, {a, c, e}, {b, c, d}: with every availability p, 2p² + 2p³ − 5p⁴ + 2p⁵.
    let p: f64 = 0.9;
    let mut d = Design::empty("bridge");
    d.components.push(component("users", KindTag::Users, 1.0));
    for id in ["a", "b", "c"] {
        d.components.push(component(id, KindTag::LoadBalancer, p));
    }
    for id in ["d", "e"] {
        d.components.push(component(id, KindTag::Database, p));
    }
    for (from, to) in [
        ("users", "a"),
        ("users", "b"),
        ("a", "d"),
        ("b", "e"),
        ("a", "c"),
        ("b", "c"),
        ("c", "d"),
        ("c", "e"),
    ] {
        d.links.push(request(from, to));
    }
    let expected = 2.0 * p.powi(2) + 2.0 * p.powi(3) - 5.0 * p.powi(4) + 2.0 * p.powi(5);
    for class in availability(&d).unwrap() {
        assert!(
            (class.steady_availability - expected).abs() < 1e-12,
            "{:?}: {} vs {expected}",
            class.class,
            class.steady_availability
        );
    }
}
