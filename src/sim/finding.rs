//! Findings: what the analysis says about a design, each with why it matters and how to fix it.

use serde::Serialize;

use crate::model::Endpoint;

/// A class of user request. Reads can be served by any database holding the data; writes only
/// by one that accepts writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestClass {
    /// A request that only reads.
    Read,
    /// A request that writes.
    Write,
}

impl RequestClass {
    /// Both classes, reads first.
    pub const ALL: [Self; 2] = [Self::Read, Self::Write];

    /// `"read"` or `"write"`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }

    /// The class's index in the traffic engine's per-class arrays
    /// ([`super::flow::READ`], [`super::flow::WRITE`]).
    pub fn index(self) -> usize {
        match self {
            Self::Read => super::flow::READ,
            Self::Write => super::flow::WRITE,
        }
    }

    /// `"reads"` or `"writes"`, for messages.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Read => "reads",
            Self::Write => "writes",
        }
    }
}

/// How serious a finding is. Orders errors first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingSeverity {
    /// Breaks availability, security or capacity now.
    Error,
    /// A real risk worth fixing.
    Warning,
    /// Worth knowing.
    Info,
}

impl FindingSeverity {
    /// `"error"`, `"warning"` or `"info"`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// The analysis rules. [`Rule::id`] is the stable name used in output and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `spof`: one component whose loss makes a request class unservable.
    Spof,
    /// `plaintext-after-tls-termination`: a plaintext request hop downstream of TLS termination.
    PlaintextAfterTlsTermination,
    /// `no-https`: the entry is plain HTTP, or no valid certificate covers the domain.
    NoHttps,
    /// `exposed-to-internet`: reachable from the Internet without a firewall, or through one
    /// that allows it.
    ExposedToInternet,
    /// `firewall-blocks-traffic`: a firewall drops a flow the design needs.
    FirewallBlocksTraffic,
    /// `unmonitored`: a machine without monitoring, or monitoring that cannot report.
    Unmonitored,
    /// `shared-fate`: several roles that fail together.
    SharedFate,
    /// `over-capacity`: offered more than it can serve, or above 80 % utilisation.
    OverCapacity,
    /// `request-cycle`: request links that loop.
    RequestCycle,
    /// `unservable`: a request class cannot be served at all.
    Unservable,
    /// `dead-end`: requests of a class reach a component that cannot complete them and has
    /// nowhere to send them.
    DeadEnd,
    /// `no-dns`: the entry looks the domain up with no DNS component.
    NoDns,
    /// `unpromotable-replica`: a replica with automatic promotion that no writer replicates to.
    UnpromotableReplica,
    /// `tls-misconfigured`: HTTPS arrives at a component that neither terminates nor passes
    /// TLS through.
    TlsMisconfigured,
    /// `unreplicated-writers`: several writers of the same data that do not replicate with
    /// each other.
    UnreplicatedWriters,
    /// `cache-dependency`: losing a cache (or restarting it cold) would overload what is
    /// behind it.
    CacheDependency,
}

impl Rule {
    /// Every rule, in documentation order.
    pub const ALL: [Self; 16] = [
        Self::Spof,
        Self::PlaintextAfterTlsTermination,
        Self::NoHttps,
        Self::ExposedToInternet,
        Self::FirewallBlocksTraffic,
        Self::Unmonitored,
        Self::SharedFate,
        Self::OverCapacity,
        Self::RequestCycle,
        Self::Unservable,
        Self::DeadEnd,
        Self::NoDns,
        Self::UnpromotableReplica,
        Self::TlsMisconfigured,
        Self::UnreplicatedWriters,
        Self::CacheDependency,
    ];

    /// The rule's stable id, e.g. `plaintext-after-tls-termination`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Spof => "spof",
            Self::PlaintextAfterTlsTermination => "plaintext-after-tls-termination",
            Self::NoHttps => "no-https",
            Self::ExposedToInternet => "exposed-to-internet",
            Self::FirewallBlocksTraffic => "firewall-blocks-traffic",
            Self::Unmonitored => "unmonitored",
            Self::SharedFate => "shared-fate",
            Self::OverCapacity => "over-capacity",
            Self::RequestCycle => "request-cycle",
            Self::Unservable => "unservable",
            Self::DeadEnd => "dead-end",
            Self::NoDns => "no-dns",
            Self::UnpromotableReplica => "unpromotable-replica",
            Self::TlsMisconfigured => "tls-misconfigured",
            Self::UnreplicatedWriters => "unreplicated-writers",
            Self::CacheDependency => "cache-dependency",
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A link named by its two ends.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LinkRef {
    /// Source endpoint.
    pub from: Endpoint,
    /// Target endpoint.
    pub to: Endpoint,
}

/// One thing the analysis found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// How serious it is (first sort key).
    pub severity: FindingSeverity,
    /// Which rule found it.
    pub rule: Rule,
    /// The request class concerned, where that applies.
    pub class: Option<RequestClass>,
    /// Components involved: component ids, or `server/service` for a service on a server.
    /// Sorted.
    pub components: Vec<String>,
    /// Links involved. Sorted.
    pub links: Vec<LinkRef>,
    /// One line saying what is wrong.
    pub message: String,
    /// Why it matters.
    pub why: String,
    /// A concrete fix.
    pub fix: String,
    /// For `spof`: the path every request of the class is forced through, entry first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub witness: Vec<String>,
}

impl Finding {
    /// Whether the finding involves component `id` (directly, or through one of its services).
    pub fn involves(&self, id: &str) -> bool {
        self.components
            .iter()
            .any(|c| c == id || c.strip_prefix(id).is_some_and(|rest| rest.starts_with('/')))
    }
}

impl Finding {
    /// A finding of `rule` with `severity` and `message`; the rest is empty until set with the
    /// builder methods below. Components and links are sorted and deduplicated as they are set.
    pub fn new(severity: FindingSeverity, rule: Rule, message: impl Into<String>) -> Self {
        Self {
            severity,
            rule,
            class: None,
            components: Vec::new(),
            links: Vec::new(),
            message: message.into(),
            why: String::new(),
            fix: String::new(),
            witness: Vec::new(),
        }
    }

    /// Sets the request class (builder style).
    #[must_use]
    pub fn with_class(mut self, class: Option<RequestClass>) -> Self {
        self.class = class;
        self
    }

    /// Sets the components involved, sorted and deduplicated (builder style).
    #[must_use]
    pub fn with_components(mut self, components: impl IntoIterator<Item = String>) -> Self {
        self.components = components.into_iter().collect();
        self.components.sort_unstable();
        self.components.dedup();
        self
    }

    /// Sets the links involved, sorted and deduplicated (builder style).
    #[must_use]
    pub fn with_links(mut self, links: impl IntoIterator<Item = LinkRef>) -> Self {
        self.links = links.into_iter().collect();
        self.links.sort();
        self.links.dedup();
        self
    }

    /// Sets why it matters and how to fix it (builder style).
    #[must_use]
    pub fn explained(mut self, why: impl Into<String>, fix: impl Into<String>) -> Self {
        self.why = why.into();
        self.fix = fix.into();
        self
    }
}

impl LinkRef {
    /// The reference to a design link.
    pub fn of(link: &crate::model::Link) -> Self {
        Self {
            from: link.from.clone(),
            to: link.to.clone(),
        }
    }
}
