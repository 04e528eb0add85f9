//! The design diff on real designs: each kind of change appears once, a design compared with
//! itself shows nothing, OLD → NEW mirrors NEW → OLD (property test on generated designs), and
//! the templates in order tell the seeds' story.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use infraboard::diff::{ChangeKind, DesignDiff, ItemChange, diff_designs, regressions};
use infraboard::io::templates::{reference_design, template};
use infraboard::model::{
    Capacity, Component, Design, Kind, KindTag, LbAlgorithm, Link, LinkPurpose, Point, Protocol,
    Service, ServiceKind, TlsMode,
};
use infraboard::sim::generate::layered_design;
use infraboard::sim::{AnalysisOptions, FindingSeverity, RequestClass, Rule};
use proptest::prelude::*;

fn options() -> AnalysisOptions {
    AnalysisOptions::default()
}

fn diff(old: &Design, new: &Design) -> DesignDiff {
    diff_designs(old, new, &options())
}

/// Every item row of the model part: (section, id, change).
fn items(d: &DesignDiff) -> Vec<(&'static str, String, ChangeKind)> {
    let m = &d.model;
    let mut out = Vec::new();
    for (section, list) in [
        ("components", &m.components),
        ("services", &m.services),
        ("links", &m.links),
    ] {
        out.extend(
            list.iter()
                .map(|i: &ItemChange| (section, i.id.clone(), i.change)),
        );
    }
    out.extend(
        m.settings
            .iter()
            .map(|f| ("settings", f.field.clone(), ChangeKind::Changed)),
    );
    out
}

fn server_mut<'a>(d: &'a mut Design, id: &str) -> &'a mut Vec<Service> {
    match &mut d.component_mut(id).unwrap().kind {
        Kind::Server(s) => &mut s.services,
        other => panic!("{id} is not a server: {other:?}"),
    }
}

#[test]
fn each_kind_of_change_appears_once() {
    let base = reference_design().unwrap();
    type Edit = fn(&mut Design);
    let cases: Vec<(&str, Edit, (&str, &str, ChangeKind))> = vec![
        (
            "add a component",
            |d| {
                d.components.push(Component::new(
                    "cache",
                    "Cache",
                    KindTag::Service,
                    Point::new(900.0, 900.0),
                ));
            },
            ("components", "cache", ChangeKind::Added),
        ),
        (
            "remove a component",
            |d| {
                d.components.retain(|c| c.id.as_str() != "sumologic");
                d.links.retain(|l| l.to.component.as_str() != "sumologic");
            },
            ("components", "sumologic", ChangeKind::Removed),
        ),
        (
            "modify a component",
            |d| {
                if let Kind::LoadBalancer(lb) = &mut d.component_mut("lb").unwrap().kind {
                    lb.algorithm = LbAlgorithm::LeastConnections;
                }
            },
            ("components", "lb", ChangeKind::Changed),
        ),
        (
            "rename a component",
            |d| d.component_mut("server-1").unwrap().name = "Web and DB 1".to_owned(),
            ("components", "server-1", ChangeKind::Changed),
        ),
        (
            "add a service",
            |d| server_mut(d, "server-2").push(Service::new("redis", ServiceKind::Other, "Redis")),
            ("services", "server-2/redis", ChangeKind::Added),
        ),
        (
            "remove a service",
            |d| server_mut(d, "server-2").retain(|s| s.id != "code"),
            ("services", "server-2/code", ChangeKind::Removed),
        ),
        (
            "modify a service",
            |d| {
                let nginx = server_mut(d, "server-1")
                    .iter_mut()
                    .find(|s| s.id == "nginx")
                    .unwrap();
                nginx.capacity = Capacity::MaxQps { max_qps: 5000.0 };
            },
            ("services", "server-1/nginx", ChangeKind::Changed),
        ),
        (
            "add a link",
            |d| {
                d.links.push(Link::new(
                    "lb",
                    "server-1",
                    LinkPurpose::Request,
                    Protocol::Https,
                ));
            },
            ("links", "lb -> server-1 (request)", ChangeKind::Added),
        ),
        (
            "remove a link",
            |d| d.links.retain(|l| l.to.to_string() != "fw-2"),
            ("links", "lb -> fw-2 (request)", ChangeKind::Removed),
        ),
        (
            "modify a link",
            |d| {
                let l = d
                    .links
                    .iter_mut()
                    .find(|l| l.from.to_string() == "lb" && l.to.to_string() == "fw-1")
                    .unwrap();
                l.protocol = Protocol::Https;
                l.port = 443;
            },
            ("links", "lb -> fw-1 (request)", ChangeKind::Changed),
        ),
        (
            "change a setting",
            |d| d.traffic.read_fraction = 0.5,
            ("settings", "traffic.read_fraction", ChangeKind::Changed),
        ),
    ];
    for (what, edit, (section, id, change)) in cases {
        let mut new = base.clone();
        edit(&mut new);
        let d = diff(&base, &new);
        let all = items(&d);
        let expected = (section, id.to_owned(), change);
        assert_eq!(
            all.iter().filter(|i| **i == expected).count(),
            1,
            "{what}: {expected:?} once in {all:?}"
        );
        let with_id: Vec<_> = all.iter().filter(|(_, i, _)| i == id).collect();
        assert_eq!(with_id.len(), 1, "{what}: {id} appears once: {all:?}");
        // Only the links of a removed component ride along; nothing else changed.
        let others: Vec<_> = all
            .iter()
            .filter(|(s, i, _)| i != id && !(*s == "links" && i.contains("sumologic")))
            .collect();
        assert_eq!(others, Vec::<&(&str, String, ChangeKind)>::new(), "{what}");
        assert!(d.model.moved.is_empty(), "{what}: nothing moved");
        assert_eq!(d.mirrored(), diff(&new, &base), "{what}: mirrored");
    }
}

#[test]
fn a_rename_is_a_changed_name_not_a_removal_and_an_addition() {
    let base = reference_design().unwrap();
    let mut new = base.clone();
    new.component_mut("lb").unwrap().name = "Edge HAProxy".to_owned();
    let d = diff(&base, &new);
    assert_eq!(d.model.components.len(), 1);
    let lb = &d.model.components[0];
    assert_eq!((lb.id.as_str(), lb.change), ("lb", ChangeKind::Changed));
    assert_eq!(lb.fields.len(), 1);
    assert_eq!(lb.fields[0].field, "name");
    assert!(d.analysis.fixed.is_empty() && d.analysis.introduced.is_empty());
    let text = infraboard::diff::render::text::render(
        &infraboard::diff::render::document(&d, "a", "b"),
        false,
        &|s: &str| s.to_owned(),
    );
    assert!(
        text.contains("renamed \"HAProxy\" → \"Edge HAProxy\""),
        "{text}"
    );
}

#[test]
fn a_design_compared_with_itself_shows_nothing() {
    let mut designs: Vec<Design> = [
        "simple-web-stack",
        "distributed-web-infrastructure",
        "scale-up",
    ]
    .iter()
    .map(|t| template(t).unwrap().design().unwrap())
    .collect();
    designs.push(reference_design().unwrap());
    designs.push(layered_design(100, 7));
    for d in &designs {
        let same = diff(d, d);
        assert!(same.is_empty(), "{}: {same:?}", d.name);
        assert!(regressions(&same, FindingSeverity::Info).is_empty());
        let doc = infraboard::diff::render::document(&same, "a", "a");
        assert_eq!(doc.summary, "No differences.");
        assert!(doc.sections.is_empty(), "{}", d.name);
    }
}

/// The SPOFs fixed for `class`, as the diff lists them.
fn fixed_spofs(d: &DesignDiff, class: RequestClass) -> Vec<String> {
    d.analysis
        .spofs
        .iter()
        .find(|s| s.class == class)
        .unwrap()
        .fixed()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_templates_in_order_tell_the_seeds_story() {
    let stages: Vec<Design> = [
        "simple-web-stack",
        "distributed-web-infrastructure",
        "secured-monitored-web-infrastructure",
        "scale-up",
    ]
    .iter()
    .map(|t| template(t).unwrap().design().unwrap())
    .collect();
    let steps: Vec<DesignDiff> = stages.windows(2).map(|w| diff(&w[0], &w[1])).collect();

    // Simple → distributed: a second server takes the single server's read SPOFs away, the
    // new load balancer becomes one.
    let reads = fixed_spofs(&steps[0], RequestClass::Read);
    assert!(reads.contains(&"server-1".to_owned()), "{reads:?}");
    assert!(steps[0].analysis.spofs[0].introduced().contains(&"lb"));

    // Distributed → secured: firewalls, HTTPS and monitoring arrive; HTTPS and monitoring
    // findings are fixed, the TLS terminated at the load balancer leaves plaintext hops.
    let fixed_rules: Vec<Rule> = steps[1].analysis.fixed.iter().map(|f| f.rule).collect();
    assert!(fixed_rules.contains(&Rule::NoHttps), "{fixed_rules:?}");
    assert!(fixed_rules.contains(&Rule::Unmonitored), "{fixed_rules:?}");
    assert!(
        steps[1]
            .analysis
            .introduced
            .iter()
            .any(|f| f.rule == Rule::PlaintextAfterTlsTermination)
    );

    // Secured (the reference) → scale-up: the three seed issues are fixed and nothing is made
    // worse.
    let last = &steps[2];
    assert_eq!(fixed_spofs(last, RequestClass::Read), ["fw-lb", "lb"]);
    assert_eq!(
        fixed_spofs(last, RequestClass::Write),
        ["fw-lb", "lb", "server-1", "server-1/mysql"]
    );
    let plaintext_fixed = last
        .analysis
        .fixed
        .iter()
        .filter(|f| f.rule == Rule::PlaintextAfterTlsTermination)
        .count();
    let plaintext_before = infraboard::sim::analyze(&stages[2], &options())
        .findings
        .iter()
        .filter(|f| f.rule == Rule::PlaintextAfterTlsTermination)
        .count();
    assert!(plaintext_before > 0);
    assert_eq!(
        plaintext_fixed, plaintext_before,
        "every plaintext hop fixed"
    );
    assert!(
        last.analysis
            .fixed
            .iter()
            .any(|f| f.rule == Rule::SharedFate && f.components == ["server-1", "server-2"])
    );
    assert!(
        last.analysis
            .introduced
            .iter()
            .all(|f| f.severity == FindingSeverity::Info),
        "{:?}",
        last.analysis.introduced
    );
    assert!(regressions(last, FindingSeverity::Warning).is_empty());
    // And the other way round the gate fails on exactly those SPOFs.
    let back = regressions(&last.mirrored(), FindingSeverity::Error);
    assert!(back.iter().any(|r| matches!(r,
        infraboard::diff::Regression::NewSpof { class: RequestClass::Write, component } if component == "server-1/mysql")));
}

/// One random edit of a design; `pick` chooses what and where.
fn edit(d: &mut Design, op: u8, pick: usize) {
    let n = d.components.len().max(1);
    let i = pick % n;
    match op % 12 {
        0 if !d.components.is_empty() => {
            let id = d.components[i].id.clone();
            d.remove_component(id.as_str());
        }
        1 if !d.components.is_empty() => d.components[i].name.push_str(" (renamed)"),
        2 if !d.components.is_empty() => d.components[i].replicas = 1 + (pick % 3) as u32,
        3 => {
            let tag = KindTag::ALL[pick % KindTag::ALL.len()];
            let id = d.fresh_id(tag.id_prefix());
            d.components.push(Component::new(
                id.as_str(),
                "New",
                tag,
                Point::new(0.0, 0.0),
            ));
        }
        4 if !d.links.is_empty() => {
            let k = pick % d.links.len();
            d.links.remove(k);
        }
        5 if !d.links.is_empty() => {
            let k = pick % d.links.len();
            d.links[k].protocol = Protocol::ALL[pick % Protocol::ALL.len()];
            d.links[k].port = 1000 + (pick % 7) as u16;
        }
        6 if d.components.len() > 1 => {
            let j = (pick / 7) % n;
            let (a, b) = (d.components[i].id.clone(), d.components[j].id.clone());
            d.links.push(Link::new(
                a.as_str(),
                b.as_str(),
                LinkPurpose::Request,
                Protocol::Http,
            ));
        }
        7 => d.traffic.offered_qps = 100.0 * (1 + pick % 30) as f64,
        8 if !d.components.is_empty() => d.components[i].position.x += 40.0,
        9 => {
            if let Some(Kind::Server(s)) = d.components.get_mut(i).map(|c| &mut c.kind)
                && !s.services.is_empty()
            {
                let k = pick % s.services.len();
                if pick.is_multiple_of(2) {
                    s.services.remove(k);
                } else {
                    s.services[k].capacity = Capacity::Workers {
                        workers: 1 + (pick % 5) as u32,
                        service_time_ms: 10.0,
                    };
                }
            }
        }
        10 => {
            if let Some(Kind::LoadBalancer(lb)) = d.components.get_mut(i).map(|c| &mut c.kind) {
                lb.algorithm = LbAlgorithm::ALL[pick % LbAlgorithm::ALL.len()];
            }
        }
        _ if !d.components.is_empty() => {
            d.components[i].tls.mode = TlsMode::ALL[pick % TlsMode::ALL.len()];
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn old_to_new_mirrors_new_to_old(
        size in 20usize..60,
        seed in 0u64..1000,
        a in prop::collection::vec((any::<u8>(), any::<usize>()), 0..6),
        b in prop::collection::vec((any::<u8>(), any::<usize>()), 0..6),
    ) {
        let base = layered_design(size, seed);
        let (mut old, mut new) = (base.clone(), base);
        for (op, pick) in a {
            edit(&mut old, op, pick);
        }
        for (op, pick) in b {
            edit(&mut new, op, pick);
        }
        let forward = diff(&old, &new);
        let backward = diff(&new, &old);
        prop_assert_eq!(&forward.mirrored(), &backward);
        prop_assert_eq!(&forward.mirrored().mirrored(), &forward);
        prop_assert!(diff(&old, &old).is_empty());
        prop_assert_eq!(forward.is_empty(), old == new);
    }
}

#[test]
fn a_finding_that_now_involves_one_more_component_is_neither_fixed_nor_introduced() {
    // A second HAProxy beside the first: the plaintext hops after the servers' firewalls are
    // now after both load balancers, the same issue.
    let base = reference_design().unwrap();
    let mut new = base.clone();
    let mut lb2 = new.component("lb").unwrap().clone();
    lb2.id = "lb-2".into();
    lb2.name = "HAProxy 2".to_owned();
    lb2.position.y += 140.0;
    new.components.push(lb2);
    for (from, to, protocol) in [
        ("fw-lb", "lb-2", Protocol::Https),
        ("lb-2", "fw-1", Protocol::Http),
        ("lb-2", "fw-2", Protocol::Http),
    ] {
        new.links
            .push(Link::new(from, to, LinkPurpose::Request, protocol));
    }
    for fw in ["fw-1", "fw-2"] {
        if let Kind::Firewall(f) = &mut new.component_mut(fw).unwrap().kind {
            let mut rule = f.rules[0].clone();
            rule.source = infraboard::model::TrafficSource::Component("lb-2".into());
            f.rules.push(rule);
        }
    }
    let d = diff(&base, &new);
    let hop = |f: &infraboard::sim::Finding| {
        f.rule == Rule::PlaintextAfterTlsTermination
            && f.links.iter().any(|l| l.from.to_string() == "fw-1")
    };
    assert!(!d.analysis.fixed.iter().any(hop), "{:?}", d.analysis.fixed);
    assert!(
        !d.analysis.introduced.iter().any(hop),
        "{:?}",
        d.analysis.introduced
    );
    assert!(
        d.analysis
            .fixed
            .iter()
            .any(|f| f.rule == Rule::Spof && f.components == ["lb"])
    );
    assert!(
        d.analysis
            .introduced
            .iter()
            .any(|f| f.rule == Rule::PlaintextAfterTlsTermination
                && f.links.iter().any(|l| l.from.to_string() == "lb-2")),
        "the new load balancer's own plaintext hops are new"
    );
    assert_eq!(d.mirrored(), diff(&new, &base));
}
