//! The built-in templates: valid, identical to `saves/`, and stable through load → save → load.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::Path;

use infraboard::io::templates::{TEMPLATES, reference_design, template};
use infraboard::io::{design_to_string, load_design, save_design};
use infraboard::model::{KindTag, validate};

#[test]
fn every_template_is_valid_without_warnings() {
    for t in &TEMPLATES {
        let design = t.design().unwrap_or_else(|e| panic!("{}: {e}", t.name));
        assert_eq!(validate(&design), vec![], "{}", t.name);
    }
}

#[test]
fn built_in_templates_match_the_files_in_saves() {
    for t in &TEMPLATES {
        let on_disk = std::fs::read_to_string(Path::new("saves").join(t.file_name())).unwrap();
        assert_eq!(on_disk, t.text, "{} differs from saves/", t.name);
    }
}

#[test]
fn templates_round_trip_to_equal_designs_and_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for t in &TEMPLATES {
        let original = load_design(&Path::new("saves").join(t.file_name())).unwrap();
        let path = dir.path().join(t.file_name());
        save_design(&original, &path).unwrap();
        let reloaded = load_design(&path).unwrap();
        assert_eq!(reloaded, original, "{}", t.name);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            t.text,
            "{} bytes",
            t.name
        );
        assert_eq!(design_to_string(&reloaded).unwrap(), t.text);
    }
}

#[test]
fn reference_design_has_the_agreed_ids() {
    let d = reference_design().unwrap();
    let ids: Vec<&str> = d.components.iter().map(|c| c.id.as_str()).collect();
    for id in [
        "users",
        "dns",
        "lb",
        "server-1",
        "server-2",
        "fw-lb",
        "fw-1",
        "fw-2",
        "mon-lb",
        "mon-1",
        "mon-2",
        "sumologic",
    ] {
        assert!(ids.contains(&id), "missing {id}");
    }
    assert_eq!(d.components.len(), 12);
    assert_eq!(d.domain, "www.foobar.com");
    assert_eq!(d.traffic.offered_qps, 1000.0);
    assert_eq!(d.traffic.read_fraction, 0.9);
    let lb = d.component("lb").unwrap();
    assert_eq!(lb.tag(), KindTag::LoadBalancer);
    assert!(lb.tls.mode.decrypts());
    assert!(
        lb.tls
            .certificate
            .as_ref()
            .unwrap()
            .covers("www.foobar.com")
    );
    // The certificate is the only one in the design.
    assert_eq!(
        d.components
            .iter()
            .filter(|c| c.tls.certificate.is_some())
            .count(),
        1
    );
    // LB to servers is plain HTTP, as the seeds describe.
    for l in d.links.iter().filter(|l| l.from.component.as_str() == "lb") {
        assert!(!l.encrypted(), "{} -> {}", l.from, l.to);
    }
    for (server, writes) in [("server-1", true), ("server-2", false)] {
        let s = d.component(server).unwrap();
        let db = s.service("mysql").unwrap().database.as_ref().unwrap();
        assert_eq!(db.accepts_writes, writes, "{server}");
        let kinds: Vec<_> = s.kind.services().iter().map(|s| s.kind).collect();
        assert_eq!(kinds.len(), 4, "{server}: Nginx, app server, code, MySQL");
    }
}

#[test]
fn templates_are_found_by_name_with_or_without_extension() {
    assert!(template("scale-up").is_some());
    assert!(template("scale-up.ron").is_some());
    assert!(template("nope").is_none());
}
