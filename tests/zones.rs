//! Zones (issue 19): a rack, availability zone or region fails as a unit. `check --fail ZONE`,
//! drills and chaos fail it; the SPOF analysis names a zone whose loss stops a class and
//! `shared-fate` the redundant sets it defeats; availability treats each zone as a common
//! cause — exactly, as brute-force enumeration over components *and* zones confirms.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers panic on broken fixtures

mod availability_common;
mod drill_common;
mod import_common;

use std::collections::BTreeSet;

use availability_common::{enumerate, variables};
use import_common::infraboard;
use infraboard::io::templates::TEMPLATES;
use infraboard::model::{
    Component, ComponentId, Design, KindTag, Link, LinkPurpose, Point, Protocol, Size, Zone,
    ZoneKind, validate,
};
use infraboard::sim::availability::availability;
use infraboard::sim::drill::{Action, chaos, start_drill};
use infraboard::sim::{AnalysisOptions, RequestClass, Rule, analyze};

fn component(id: &str, tag: KindTag, availability: f64, zone: Option<&str>) -> Component {
    let mut c = Component::new(id, id, tag, Point::default());
    c.availability = Some(availability);
    c.zone = zone.map(ComponentId::from);
    c
}

fn zone(id: &str, kind: ZoneKind, availability: f64) -> Zone {
    let mut z = Zone::new(id, id, kind, Point::default(), Size { w: 100.0, h: 100.0 });
    z.availability = Some(availability);
    z
}

fn request(from: &str, to: &str) -> Link {
    Link::new(from, to, LinkPurpose::Request, Protocol::Https)
}

/// Users → a balancer → two databases, the databases in the racks given.
fn pair_design(zone_1: &str, zone_2: &str) -> Design {
    let mut d = Design::empty("pair in a rack");
    d.zones = vec![
        zone("rack", ZoneKind::Rack, 0.995),
        zone("rack-2", ZoneKind::Rack, 0.995),
    ];
    d.components
        .push(component("users", KindTag::Users, 1.0, None));
    d.components
        .push(component("lb", KindTag::LoadBalancer, 0.98, None));
    d.components
        .push(component("db-1", KindTag::Database, 0.9, Some(zone_1)));
    d.components
        .push(component("db-2", KindTag::Database, 0.9, Some(zone_2)));
    for (from, to) in [("users", "lb"), ("lb", "db-1"), ("lb", "db-2")] {
        d.links.push(request(from, to));
    }
    assert!(
        !infraboard::model::has_errors(&validate(&d)),
        "{:?}",
        validate(&d)
    );
    d
}

#[test]
fn a_zone_holding_both_sides_of_a_pair_is_a_common_cause() {
    let d = pair_design("rack", "rack");
    let read = &availability(&d).unwrap()[0];
    assert_eq!(read.class, RequestClass::Read);
    // The rack is up and one database of two: 0.98 × 0.995 × (1 − 0.1²).
    let expected = 0.98 * 0.995 * (1.0 - 0.1 * 0.1);
    assert!(
        (read.steady_availability - expected).abs() < 1e-12,
        "{read:?}"
    );
    let cuts: Vec<Vec<&str>> = read
        .cuts
        .iter()
        .map(|c| c.components.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(cuts, vec![vec!["lb"], vec!["db-1", "db-2"], vec!["rack"]]);
    assert!((read.cuts[2].probability - 0.005).abs() < 1e-12);

    // Spread over two racks, the pair survives one rack: no common cause left.
    let spread = pair_design("rack", "rack-2");
    let read = &availability(&spread).unwrap()[0];
    let side = 0.995 * 0.9;
    let expected = 0.98 * (1.0 - (1.0 - side) * (1.0 - side));
    assert!(
        (read.steady_availability - expected).abs() < 1e-12,
        "{read:?}"
    );
    assert!(
        read.cuts
            .iter()
            .all(|c| c.components.len() == 2 || c.components == ["lb"])
    );
}

#[test]
fn a_zone_whose_loss_stops_a_class_is_a_spof_and_its_pair_shares_its_fate() {
    let d = pair_design("rack", "rack");
    let findings = analyze(&d, &AnalysisOptions::default()).findings;
    for class in RequestClass::ALL {
        assert!(
            findings.iter().any(|f| f.rule == Rule::Spof
                && f.class == Some(class)
                && f.components == ["rack"]),
            "{class:?}: {findings:#?}"
        );
    }
    // One shared-fate finding for the rack, for both classes, naming the pair it defeats.
    let shared: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == Rule::SharedFate && f.involves("rack"))
        .collect();
    assert_eq!(shared.len(), 1, "{shared:#?}");
    assert_eq!(shared[0].class, None);
    assert_eq!(shared[0].components, ["db-1", "db-2", "rack"]);
    assert!(
        shared[0]
            .message
            .contains("`db-1` and `db-2` back each other up but share rack `rack`"),
        "{}",
        shared[0].message
    );
    // Neither database alone is a SPOF.
    assert!(
        !findings
            .iter()
            .any(|f| f.rule == Rule::Spof && f.involves("db-1"))
    );

    let spread = pair_design("rack", "rack-2");
    let findings = analyze(&spread, &AnalysisOptions::default()).findings;
    assert!(
        !findings
            .iter()
            .any(|f| f.involves("rack") || f.involves("rack-2")),
        "{findings:#?}"
    );
}

#[test]
fn failing_a_zone_fails_everything_in_it_in_the_analysis_and_the_drill() {
    let d = pair_design("rack", "rack");
    let served = |failed: &str| {
        let options = AnalysisOptions {
            failed: BTreeSet::from([failed.to_owned()]),
            ..AnalysisOptions::default()
        };
        let t = analyze(&d, &options).traffic;
        [
            t.classes[&RequestClass::Read].served_qps,
            t.classes[&RequestClass::Write].served_qps,
        ]
    };
    assert_eq!(served("rack"), [0.0, 0.0]);
    assert!(served("rack-2")[0] > 0.0);
    assert_eq!(drill_common::drill_served(&d, "rack"), [0.0, 0.0]);

    // The drill fails and restores the zone.
    let drill = drill_common::drill(
        60.0,
        vec![
            (5.0, Action::Fail("rack".into())),
            (30.0, Action::Restore("rack".into())),
        ],
    );
    let mut run = start_drill(&d, &drill, Default::default()).unwrap();
    let mut failed_seen = false;
    while run.step().is_some() {
        let t = run.t_s();
        if run.is_failed("rack") {
            failed_seen = true;
            assert!(t < 31.0, "still failed at {t}");
        }
    }
    assert!(failed_seen);
    assert!(
        run.output().class_served_qps[0] > 0.0,
        "reads back after the restore"
    );
    let result = drill_common::run(&d, &drill);
    assert_eq!(drill_common::served(&result, 20, RequestClass::Read), 0.0);
    assert!(drill_common::served(&result, 59, RequestClass::Read) > 0.0);
}

#[test]
fn chaos_may_fail_zones() {
    let d = pair_design("rack", "rack-2");
    let targets = infraboard::sim::drill::chaos::chaos_targets(&d);
    assert!(targets.contains(&"rack".to_owned()) && targets.contains(&"rack-2".to_owned()));
    let drill = chaos(&d, 3600.0, 7, 3600.0);
    assert!(
        drill
            .events
            .iter()
            .any(|e| e.action == Action::Fail("rack".into()))
    );
}

/// Every template with its components spread over two availability zones and a rack.
fn zoned_templates() -> Vec<(&'static str, Design)> {
    TEMPLATES
        .iter()
        .map(|t| {
            let mut d = t.design().unwrap();
            let mut rack = zone("rack-1", ZoneKind::Rack, 0.97);
            rack.parent = Some("az-a".into());
            d.zones = vec![
                zone("az-a", ZoneKind::AvailabilityZone, 0.99),
                zone("az-b", ZoneKind::AvailabilityZone, 0.98),
                rack,
            ];
            for (i, c) in d.components.iter_mut().enumerate().skip(1) {
                c.zone = [Some("az-a"), Some("az-b"), Some("rack-1"), None][i % 4]
                    .map(ComponentId::from);
            }
            assert!(!infraboard::model::has_errors(&validate(&d)), "{}", t.name);
            (t.name, d)
        })
        .collect()
}

#[test]
fn factoring_with_zones_equals_enumerating_every_combination() {
    for (name, design) in zoned_templates() {
        let vars = variables(&design);
        if vars.len() > 15 {
            continue;
        }
        let brute = enumerate(&design, &vars);
        for (k, c) in availability(&design).unwrap().iter().enumerate() {
            assert!(
                (c.steady_availability - brute[k]).abs() < 1e-12,
                "{name} {:?}: factoring {} vs enumeration {}",
                c.class,
                c.steady_availability,
                brute[k]
            );
        }
    }
}

#[test]
fn single_cut_sets_are_the_spofs_including_zones() {
    for (name, design) in zoned_templates() {
        let findings = analyze(&design, &AnalysisOptions::default()).findings;
        let zone_ids: BTreeSet<String> = design.zones.iter().map(|z| z.id.to_string()).collect();
        for c in availability(&design).unwrap() {
            let singles: BTreeSet<String> = c
                .cuts
                .iter()
                .filter(|cut| cut.components.len() == 1)
                .map(|cut| cut.components[0].clone())
                .filter(|id| {
                    zone_ids.contains(id) || design.component(id).is_some_and(|x| x.replicas == 1)
                })
                .collect();
            let spofs: BTreeSet<String> = findings
                .iter()
                .filter(|f| f.rule == Rule::Spof && f.class == Some(c.class))
                .flat_map(|f| f.components.iter())
                .map(|id| id.split('/').next().unwrap().to_owned())
                .filter(|id| {
                    zone_ids.contains(id) || design.component(id).is_some_and(|x| x.replicas == 1)
                })
                .collect();
            assert_eq!(singles, spofs, "{name} {:?}", c.class);
            // Every order-2 cut set stops the class, and neither of its items alone does.
            for cut in c.cuts.iter().filter(|cut| cut.components.len() == 2) {
                let stops = |ids: &[&String]| {
                    let options = AnalysisOptions {
                        failed: ids.iter().map(|id| format!("{id}:all")).collect(),
                        ..AnalysisOptions::default()
                    };
                    analyze(&design, &options).traffic.classes[&c.class].served_qps <= 0.0
                };
                let (a, b) = (&cut.components[0], &cut.components[1]);
                assert!(stops(&[a, b]), "{name}: {a} + {b}");
                assert!(
                    !stops(&[a]) && !stops(&[b]),
                    "{name}: {a} + {b} not minimal"
                );
            }
        }
    }
}

#[test]
fn check_fails_a_zone_and_reports_availability_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pair.ron");
    infraboard::io::save_design(&pair_design("rack", "rack"), &file).unwrap();
    let file = file.to_str().unwrap();

    let (code, out, err) = infraboard(&["check", file, "--fail", "rack", "--json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["traffic"]["classes"]["read"]["served_qps"], 0.0, "{v:#}");

    let (code, out, err) = infraboard(&["check", file, "--availability", "--json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let read = &v["availability"]["read"];
    let expected = 0.98 * 0.995 * (1.0 - 0.1 * 0.1);
    assert!((read["steady_availability"].as_f64().unwrap() - expected).abs() < 1e-12);
    assert!(read["failover_downtime_min_per_year"].as_f64().unwrap() > 0.0);
    assert_eq!(read["cut_sets"][0]["items"][0], "lb");
    assert!(read["importance"]["rack"].as_f64().unwrap() > 0.0);

    // With the rack failed for good, nothing is left to lose.
    let (_, out, _) = infraboard(&["check", file, "--fail", "rack", "--availability", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["availability"]["read"]["availability"], 0.0, "{v:#}");

    let (code, out, _) = infraboard(&["check", file, "--availability"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Availability:") && out.contains("rack"),
        "{out}"
    );

    let (code, _, err) = infraboard(&["check", file, "--fail", "no-such-rack"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no component, service or zone `no-such-rack`"),
        "{err}"
    );
}

#[test]
fn the_diff_lists_zones_added_changed_and_moved_and_membership_changes() {
    use infraboard::diff::{ChangeKind, model_diff};
    let old = pair_design("rack", "rack");
    let mut new = old.clone();
    new.zones.push(zone("rack-3", ZoneKind::Rack, 0.999));
    new.zones[0].availability = Some(0.99);
    new.zones[1].position.x += 50.0;
    new.component_mut("db-2").unwrap().zone = Some("rack-3".into());
    let d = model_diff(&old, &new);
    let zones: Vec<(&str, ChangeKind)> =
        d.zones.iter().map(|z| (z.id.as_str(), z.change)).collect();
    assert_eq!(
        zones,
        [("rack", ChangeKind::Changed), ("rack-3", ChangeKind::Added)]
    );
    assert_eq!(d.zones[0].fields[0].field, "availability");
    assert!(d.moved.contains(&"rack-2".to_owned()), "{:?}", d.moved);
    assert!(
        d.settings.is_empty(),
        "zones are not design settings: {:?}",
        d.settings
    );
    let db2 = d.components.iter().find(|c| c.id == "db-2").unwrap();
    assert_eq!(db2.fields[0].field, "zone");
    assert_eq!(model_diff(&new, &old), d.mirrored());
}

#[test]
fn zones_survive_a_round_trip_through_drawio() {
    use infraboard::export::{ExportFormat, ExportOptions, export_design};
    use infraboard::import::import_bytes;
    let design = infraboard::io::load_design(std::path::Path::new("saves/multi-az.ron")).unwrap();
    let options = ExportOptions {
        format: ExportFormat::Drawio,
        ..ExportOptions::default()
    };
    let bytes = export_design(&design, None, &options).unwrap();
    let back = import_bytes(&bytes, std::path::Path::new("multi-az.drawio"), None)
        .unwrap()
        .design;
    let zones = |d: &Design| -> Vec<(String, ZoneKind, Option<String>)> {
        let mut v: Vec<_> = d
            .zones
            .iter()
            .map(|z| {
                (
                    z.id.to_string(),
                    z.kind,
                    z.parent.as_ref().map(ToString::to_string),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(zones(&back), zones(&design));
    let membership = |d: &Design| -> Vec<(String, Option<String>)> {
        let mut v: Vec<_> = d
            .components
            .iter()
            .map(|c| (c.id.to_string(), c.zone.as_ref().map(ToString::to_string)))
            .collect();
        v.sort();
        v
    };
    assert_eq!(membership(&back), membership(&design));
}
