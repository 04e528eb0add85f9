//! Validation: every way a design can be wrong, with a precise message naming the id or field.
//!
//! Errors make a design unusable (a file with one is refused); warnings are things a design in
//! progress may have (a monitoring client not yet connected) and are reported, not refused.

use std::collections::{BTreeSet, HashSet};

use super::component::{Component, Kind, KindTag};
use super::design::Design;
use super::id::{ComponentId, Endpoint, IdError, check_id};
use super::link::{Link, LinkPurpose, default_link};
use super::lookup::ComponentLookup;
use super::settings::{Capacity, ServiceKind, TrafficSource};

/// Largest accepted rate, in queries per second (a billion: anything above is a typo).
pub const MAX_QPS: f64 = 1e9;
/// Largest accepted duration, in seconds (a year).
pub const MAX_SECONDS: f64 = 366.0 * 86_400.0;
/// Largest accepted canvas coordinate magnitude.
pub const MAX_COORDINATE: f32 = 1e7;
/// Most workers accepted on one component.
pub const MAX_WORKERS: u32 = 1_000_000;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The design cannot be used as it is; files with one are refused.
    Error,
    /// Worth fixing, but the design still loads (work in progress).
    Warning,
}

/// One problem with a design.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub enum Problem {
    /// The design has no name.
    #[error("the design has an empty name")]
    EmptyDesignName,
    /// A component id is malformed.
    #[error("component id: {0}")]
    BadId(IdError),
    /// Two components share an id.
    #[error("duplicate component id `{0}`")]
    DuplicateId(String),
    /// A component has no name.
    #[error("component `{0}` has an empty name")]
    EmptyName(String),
    /// A service id on a server is malformed or repeated.
    #[error("server `{server}`: service id `{service}` {why}")]
    BadServiceId {
        /// The server.
        server: String,
        /// The service id.
        service: String,
        /// What is wrong with it.
        why: String,
    },
    /// A database service lacks its settings, or another service has database settings.
    #[error("server `{server}`: service `{service}` {why}")]
    ServiceSettings {
        /// The server.
        server: String,
        /// The service.
        service: String,
        /// What is wrong.
        why: String,
    },
    /// A link names a component that does not exist.
    #[error("link {from} -> {to}: unknown component `{missing}`")]
    DanglingLink {
        /// The link's source.
        from: String,
        /// The link's target.
        to: String,
        /// The id that does not exist.
        missing: String,
    },
    /// A link names a service that does not exist on its component.
    #[error("link {from} -> {to}: `{missing}` has no such service")]
    UnknownService {
        /// The link's source.
        from: String,
        /// The link's target.
        to: String,
        /// The endpoint whose service does not exist.
        missing: String,
    },
    /// A link from a component to itself.
    #[error("link {from} -> {to}: a link must join two different components")]
    SelfLink {
        /// The link's source.
        from: String,
        /// The link's target.
        to: String,
    },
    /// Two links with the same ends and purpose.
    #[error("link {from} -> {to} ({purpose}) is drawn twice")]
    DuplicateLink {
        /// The link's source.
        from: String,
        /// The link's target.
        to: String,
        /// Its purpose.
        purpose: String,
    },
    /// A link that makes no sense between these kinds.
    #[error("link {from} -> {to}: {why}")]
    NonsenseLink {
        /// The link's source.
        from: String,
        /// The link's target.
        to: String,
        /// Why it makes no sense.
        why: String,
    },
    /// A number that is NaN, infinite, negative where it must not be, or absurdly large.
    #[error("{field}: {why}")]
    BadNumber {
        /// Where the number is, e.g. `components[lb].capacity.max_qps`.
        field: String,
        /// What is wrong.
        why: String,
    },
    /// A reference to an unknown component outside links (entry, firewall rule source).
    #[error("{field}: unknown component `{missing}`")]
    UnknownReference {
        /// Where the reference is.
        field: String,
        /// The id that does not exist.
        missing: String,
    },
    /// A certificate covers no domain.
    #[error("component `{0}`: its certificate covers no domain")]
    EmptyCertificate(String),
    /// A monitoring client that watches no machine.
    #[error("monitoring client `{0}` monitors nothing; link it to the machine it watches")]
    MonitorsNothing(String),
    /// A zone is malformed: a bad id, an id taken, an unknown or circular parent.
    #[error("zone `{zone}`: {why}")]
    BadZone {
        /// The zone.
        zone: String,
        /// What is wrong.
        why: String,
    },
    /// No users component: nothing offers traffic.
    #[error("the design has no Users component, so no traffic enters it")]
    NoEntry,
}

impl Problem {
    /// How bad the problem is.
    pub fn severity(&self) -> Severity {
        match self {
            Self::MonitorsNothing(_) | Self::NoEntry => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// What validation reads besides the design, built once: components by id, and the
/// monitoring clients that watch something. Every id lookup goes through it, so validation is
/// one pass over the components and one over the links, O(n + links) in all.
struct Context<'a> {
    lookup: ComponentLookup<'a>,
    /// Components that are the source of a `Monitors` link.
    watchers: HashSet<&'a ComponentId>,
    /// Zone ids.
    zones: HashSet<&'a str>,
}

impl<'a> Context<'a> {
    fn new(design: &'a Design) -> Self {
        Self {
            lookup: ComponentLookup::new(design),
            watchers: design
                .links
                .iter()
                .filter(|l| l.purpose == LinkPurpose::Monitors)
                .map(|l| &l.from.component)
                .collect(),
            zones: design.zones.iter().map(|z| z.id.as_str()).collect(),
        }
    }

    fn design(&self) -> &'a Design {
        self.lookup.design()
    }
}

/// Every problem of `design`, errors first, then by message; empty means valid.
///
/// # Complexity
/// O(n + l) id lookups for n components and l links (ids through a hash map), plus sorting
/// the problems found.
pub fn validate(design: &Design) -> Vec<Problem> {
    let mut problems = Vec::new();
    if design.name.trim().is_empty() {
        problems.push(Problem::EmptyDesignName);
    }
    let cx = Context::new(design);
    check_components(&cx, &mut problems);
    check_links(&cx, &mut problems);
    check_traffic(&cx, &mut problems);
    super::limits::check_limits(design, &mut problems);
    check_notes(design, &mut problems);
    super::zone_checks::check_zones(&cx.lookup, &mut problems);
    problems.sort_by_cached_key(|p| (p.severity(), p.to_string()));
    problems.dedup();
    problems
}

/// Notes: a place on the canvas and a text of sensible length.
fn check_notes(design: &Design, problems: &mut Vec<Problem>) {
    if design.notes.len() > super::note::MAX_NOTES {
        problems.push(Problem::BadNumber {
            field: "notes".to_owned(),
            why: format!(
                "holds {} entries, over the limit of {}",
                design.notes.len(),
                super::note::MAX_NOTES
            ),
        });
    }
    for (i, note) in design.notes.iter().enumerate() {
        for (axis, v) in [("x", note.position.x), ("y", note.position.y)] {
            bad_number(
                problems,
                format!("notes[{i}].position.{axis}"),
                f64::from(v.abs()),
                f64::from(MAX_COORDINATE),
                false,
            );
        }
        let chars = note.text.chars().count();
        if chars > super::note::MAX_NOTE_CHARS {
            problems.push(Problem::BadNumber {
                field: format!("notes[{i}].text"),
                why: format!(
                    "is {chars} characters long, above the limit of {}",
                    super::note::MAX_NOTE_CHARS
                ),
            });
        }
    }
}

/// Availability from `mtbf_h` and `mttr_h`: both or neither, positive hours, and not together
/// with `availability`.
fn check_mtbf_mttr(c: &Component, at: &str, problems: &mut Vec<Problem>) {
    for (field, v) in [("mtbf_h", c.mtbf_h), ("mttr_h", c.mttr_h)] {
        if let Some(v) = v {
            bad_number(
                problems,
                format!("{at}.{field}"),
                v,
                MAX_SECONDS / 3600.0 * 1000.0,
                true,
            );
        }
    }
    match (c.availability, c.mtbf_h, c.mttr_h) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => problems.push(Problem::BadNumber {
            field: format!("{at}.availability"),
            why: "is given together with mtbf_h/mttr_h; give one or the other".to_owned(),
        }),
        (None, Some(_), None) | (None, None, Some(_)) => problems.push(Problem::BadNumber {
            field: format!("{at}.mtbf_h"),
            why: "mtbf_h and mttr_h go together: give both or neither".to_owned(),
        }),
        _ => {}
    }
}

/// Whether `problems` holds an error (not only warnings).
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity() == Severity::Error)
}

fn bad_number(problems: &mut Vec<Problem>, field: String, value: f64, max: f64, positive: bool) {
    let why = if value.is_nan() {
        "is NaN".to_owned()
    } else if value.is_infinite() {
        "is infinite".to_owned()
    } else if value < 0.0 || (positive && value == 0.0) {
        format!(
            "is {}; it must be {}",
            super::limits::short_number(value),
            if positive { "above 0" } else { "0 or more" }
        )
    } else if value > max {
        format!("is {value:e}, above the limit of {max:e}")
    } else {
        return;
    };
    problems.push(Problem::BadNumber { field, why });
}

fn check_capacity(problems: &mut Vec<Problem>, field: &str, capacity: Capacity) {
    match capacity {
        Capacity::Unlimited => {}
        Capacity::MaxQps { max_qps } => {
            bad_number(problems, format!("{field}.max_qps"), max_qps, MAX_QPS, true);
        }
        Capacity::Workers {
            workers,
            service_time_ms,
        } => {
            if workers == 0 || workers > MAX_WORKERS {
                problems.push(Problem::BadNumber {
                    field: format!("{field}.workers"),
                    why: format!("is {workers}; it must be between 1 and {MAX_WORKERS}"),
                });
            }
            bad_number(
                problems,
                format!("{field}.service_time_ms"),
                service_time_ms,
                MAX_SECONDS * 1000.0,
                true,
            );
        }
    }
}

fn check_components(cx: &Context<'_>, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::with_capacity(cx.design().components.len());
    for c in &cx.design().components {
        let id = c.id.as_str();
        if let Err(e) = check_id(id) {
            problems.push(Problem::BadId(e));
        }
        if !seen.insert(id) {
            problems.push(Problem::DuplicateId(id.to_owned()));
        }
        if c.name.trim().is_empty() {
            problems.push(Problem::EmptyName(id.to_owned()));
        }
        let at = format!("components[{id}]");
        for (axis, v) in [("x", c.position.x), ("y", c.position.y)] {
            bad_number(
                problems,
                format!("{at}.position.{axis}"),
                f64::from(v.abs()),
                f64::from(MAX_COORDINATE),
                false,
            );
        }
        if let Some(size) = c.size {
            for (axis, v) in [("w", size.w), ("h", size.h)] {
                bad_number(
                    problems,
                    format!("{at}.size.{axis}"),
                    f64::from(v),
                    f64::from(super::limits::MAX_SIZE),
                    true,
                );
            }
        }
        check_capacity(problems, &format!("{at}.capacity"), c.capacity);
        if let Some(a) = c.availability
            && !(a.is_finite() && a > 0.0 && a <= 1.0)
        {
            problems.push(Problem::BadNumber {
                field: format!("{at}.availability"),
                why: format!("is {a}; it must be a share of time above 0 and at most 1"),
            });
        }
        check_mtbf_mttr(c, &at, problems);
        if let Some(zone) = &c.zone
            && !cx.zones.contains(zone.as_str())
        {
            problems.push(Problem::BadZone {
                zone: zone.to_string(),
                why: format!("component `{id}` is placed in it, but the design has no such zone"),
            });
        }
        if c.replicas == 0 || c.replicas > 1000 {
            problems.push(Problem::BadNumber {
                field: format!("{at}.replicas"),
                why: format!("is {}; it must be between 1 and 1000", c.replicas),
            });
        }
        if c.tls
            .certificate
            .as_ref()
            .is_some_and(|cert| cert.domains.is_empty())
        {
            problems.push(Problem::EmptyCertificate(id.to_owned()));
        }
        check_kind(cx, c, &at, problems);
    }
}

fn check_kind(cx: &Context<'_>, c: &Component, at: &str, problems: &mut Vec<Problem>) {
    let id = c.id.as_str();
    match &c.kind {
        Kind::LoadBalancer(lb) => {
            let hc = lb.health_check;
            bad_number(
                problems,
                format!("{at}.health_check.interval_s"),
                hc.interval_s,
                MAX_SECONDS,
                true,
            );
            for (name, n) in [("fall", hc.fall), ("rise", hc.rise)] {
                if n == 0 || n > 1000 {
                    problems.push(Problem::BadNumber {
                        field: format!("{at}.health_check.{name}"),
                        why: format!("is {n}; it must be between 1 and 1000"),
                    });
                }
            }
        }
        Kind::MonitoringClient(m) => {
            bad_number(
                problems,
                format!("{at}.interval_s"),
                m.interval_s,
                MAX_SECONDS,
                true,
            );
            if !cx.watchers.contains(&c.id) {
                problems.push(Problem::MonitorsNothing(id.to_owned()));
            }
        }
        Kind::Database(db) => {
            if let Some(s) = db.promote_after_s {
                bad_number(
                    problems,
                    format!("{at}.promote_after_s"),
                    s,
                    MAX_SECONDS,
                    false,
                );
            }
        }
        Kind::Firewall(fw) => {
            for (i, rule) in fw.rules.iter().enumerate() {
                if let TrafficSource::Component(src) = &rule.source
                    && cx.lookup.component(src.as_str()).is_none()
                {
                    problems.push(Problem::UnknownReference {
                        field: format!("{at}.rules[{i}].source"),
                        missing: src.to_string(),
                    });
                }
            }
        }
        Kind::Server(server) => {
            let mut service_ids = BTreeSet::new();
            for s in &server.services {
                let bad = |why: String| Problem::BadServiceId {
                    server: id.to_owned(),
                    service: s.id.clone(),
                    why,
                };
                if let Err(e) = check_id(&s.id) {
                    problems.push(bad(e.to_string()));
                }
                if !service_ids.insert(s.id.as_str()) {
                    problems.push(bad("is used twice".to_owned()));
                }
                let settings = |why: &str| Problem::ServiceSettings {
                    server: id.to_owned(),
                    service: s.id.clone(),
                    why: why.to_owned(),
                };
                match (s.kind == ServiceKind::Database, &s.database) {
                    (true, None) => {
                        problems.push(settings("is a database without database settings"))
                    }
                    (false, Some(_)) => {
                        problems.push(settings("has database settings but is not a database"))
                    }
                    (_, Some(db)) => {
                        if let Some(sec) = db.promote_after_s {
                            bad_number(
                                problems,
                                format!("{at}.services[{}].promote_after_s", s.id),
                                sec,
                                MAX_SECONDS,
                                false,
                            );
                        }
                    }
                    (false, None) => {}
                }
                check_capacity(
                    problems,
                    &format!("{at}.services[{}].capacity", s.id),
                    s.capacity,
                );
            }
        }
        Kind::Cache(cache) => {
            bad_ratio(problems, format!("{at}.hit_ratio"), cache.hit_ratio);
            bad_number(
                problems,
                format!("{at}.warm_up_s"),
                cache.warm_up_s,
                MAX_SECONDS,
                false,
            );
        }
        Kind::Cdn(cdn) => {
            bad_ratio(problems, format!("{at}.static_share"), cdn.static_share);
            bad_ratio(problems, format!("{at}.hit_ratio"), cdn.hit_ratio);
        }
        Kind::Users
        | Kind::Dns
        | Kind::MonitoringService(_)
        | Kind::Service(_)
        | Kind::Queue(_)
        | Kind::ObjectStorage(_) => {}
    }
}

/// A share or ratio that must lie in 0..=1 (NaN included in what is refused).
fn bad_ratio(problems: &mut Vec<Problem>, field: String, value: f64) {
    if !(0.0..=1.0).contains(&value) {
        problems.push(Problem::BadNumber {
            field,
            why: format!(
                "is {}; it must be between 0 and 1",
                super::limits::short_number(value)
            ),
        });
    }
}

fn check_links(cx: &Context<'_>, problems: &mut Vec<Problem>) {
    let mut seen: HashSet<(&Endpoint, &Endpoint, LinkPurpose)> =
        HashSet::with_capacity(cx.design().links.len());
    for link in &cx.design().links {
        let (from, to) = (link.from.to_string(), link.to.to_string());
        let mut ends_ok = true;
        for end in [&link.from, &link.to] {
            match cx.lookup.component(end.component.as_str()) {
                None => {
                    ends_ok = false;
                    problems.push(Problem::DanglingLink {
                        from: from.clone(),
                        to: to.clone(),
                        missing: end.component.to_string(),
                    });
                }
                Some(c) => {
                    if let Some(service) = &end.service
                        && c.service(service).is_none()
                    {
                        ends_ok = false;
                        problems.push(Problem::UnknownService {
                            from: from.clone(),
                            to: to.clone(),
                            missing: end.to_string(),
                        });
                    }
                }
            }
        }
        if link.from.component == link.to.component {
            problems.push(Problem::SelfLink {
                from: from.clone(),
                to: to.clone(),
            });
            continue;
        }
        if !seen.insert((&link.from, &link.to, link.purpose)) {
            problems.push(Problem::DuplicateLink {
                from: from.clone(),
                to: to.clone(),
                purpose: link.purpose.label().to_owned(),
            });
        }
        bad_number(
            problems,
            format!("links[{from} -> {to}].weight"),
            link.weight,
            1e6,
            false,
        );
        if ends_ok && let Err(why) = link_sense(&cx.lookup, link) {
            problems.push(Problem::NonsenseLink { from, to, why });
        }
    }
}

/// Whether `link` makes sense between the kinds it joins, or why not. Both ends must exist.
/// Indexes the design's ids for one answer; in a loop, build a [`ComponentLookup`] once.
pub fn link_makes_sense(design: &Design, link: &Link) -> Result<(), String> {
    link_sense(&ComponentLookup::new(design), link)
}

/// [`link_makes_sense`] with the ids already indexed.
pub fn link_sense(lookup: &ComponentLookup<'_>, link: &Link) -> Result<(), String> {
    let (Some((from, from_svc)), Some((to, to_svc))) = (
        lookup.endpoint_service(&link.from),
        lookup.endpoint_service(&link.to),
    ) else {
        return Err("one of its ends does not exist".to_owned());
    };
    let is_db = |c: &Component, svc: Option<&super::settings::Service>| match svc {
        Some(s) => s.kind == ServiceKind::Database,
        None => c.tag() == KindTag::Database,
    };
    default_link(from.tag(), to.tag()).map_err(|e| e.0)?;
    let ok = match link.purpose {
        LinkPurpose::Request => {
            !matches!(
                from.tag(),
                KindTag::MonitoringClient | KindTag::MonitoringService
            ) && !matches!(
                to.tag(),
                KindTag::Dns | KindTag::MonitoringClient | KindTag::MonitoringService
            )
        }
        LinkPurpose::DnsLookup => to.tag() == KindTag::Dns,
        LinkPurpose::Replication => is_db(from, from_svc) && is_db(to, to_svc),
        LinkPurpose::Monitors => from.tag() == KindTag::MonitoringClient,
        LinkPurpose::MonitoringData => {
            from.tag() == KindTag::MonitoringClient && to.tag() == KindTag::MonitoringService
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "a {} link cannot join a {} to a {}",
            link.purpose.label(),
            from.tag().label().to_lowercase(),
            to.tag().label().to_lowercase()
        ))
    }
}

fn check_traffic(cx: &Context<'_>, problems: &mut Vec<Problem>) {
    let design = cx.design();
    let t = &design.traffic;
    bad_number(
        problems,
        "traffic.offered_qps".to_owned(),
        t.offered_qps,
        MAX_QPS,
        false,
    );
    bad_number(
        problems,
        "traffic.dns_lookups_per_request".to_owned(),
        t.dns_lookups_per_request,
        1000.0,
        false,
    );
    bad_ratio(
        problems,
        "traffic.read_fraction".to_owned(),
        t.read_fraction,
    );
    match &t.entry {
        Some(id) if cx.lookup.component(id.as_str()).is_none() => {
            problems.push(Problem::UnknownReference {
                field: "traffic.entry".to_owned(),
                missing: id.to_string(),
            });
        }
        None if design.entry().is_none() && !design.components.is_empty() => {
            problems.push(Problem::NoEntry);
        }
        _ => {}
    }
}
