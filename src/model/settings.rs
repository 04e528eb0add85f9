//! Kind-specific settings that the analyses need: TLS and certificates, capacity, load-balancer
//! algorithms and health checks, firewall rules, monitoring, and databases.
//!
//! Units are in the field names (`_s` seconds, `_ms` milliseconds, `_qps` queries per second).

use serde::{Deserialize, Serialize};

use super::date::IsoDate;
use super::id::ComponentId;

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// How a component treats TLS on the traffic it receives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum TlsMode {
    /// No TLS handling: the component speaks whatever arrives.
    #[default]
    None,
    /// Decrypts TLS here; what it forwards is whatever protocol its outgoing links say.
    Terminate,
    /// Decrypts here, then encrypts again towards the next hop (end-to-end with inspection).
    ReEncrypt,
    /// Forwards the encrypted stream untouched (TCP mode); the backend terminates.
    Passthrough,
}

impl TlsMode {
    /// Every mode, in menu order.
    pub const ALL: [Self; 4] = [
        Self::None,
        Self::Terminate,
        Self::ReEncrypt,
        Self::Passthrough,
    ];

    /// Whether the component decrypts traffic (and so needs a certificate).
    pub fn decrypts(self) -> bool {
        matches!(self, Self::Terminate | Self::ReEncrypt)
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Terminate => "terminate",
            Self::ReEncrypt => "re-encrypt",
            Self::Passthrough => "passthrough",
        }
    }
}

/// An X.509 certificate as far as the design cares: what it covers and when it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// DNS names covered; `*.example.com` covers one label.
    pub domains: Vec<String>,
    /// Last valid day (UTC).
    pub expires: IsoDate,
}

impl Certificate {
    /// Whether the certificate names `domain` exactly or through a one-label wildcard.
    pub fn covers(&self, domain: &str) -> bool {
        let domain = domain.trim_end_matches('.').to_ascii_lowercase();
        self.domains.iter().any(|d| {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            match d.strip_prefix("*.") {
                Some(rest) => domain
                    .split_once('.')
                    .is_some_and(|(label, tail)| !label.is_empty() && tail == rest),
                None => d == domain,
            }
        })
    }
}

/// TLS handling and the certificate a component holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TlsSettings {
    /// What the component does with TLS.
    pub mode: TlsMode,
    /// The certificate it presents, if it decrypts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate>,
}

impl TlsSettings {
    /// The TLS handling a new component of `tag` starts with: a CDN terminates TLS at the
    /// edge; everything else does nothing with it until the user says so.
    pub fn default_for(tag: super::component::KindTag) -> Self {
        let mode = if tag == super::component::KindTag::Cdn {
            TlsMode::Terminate
        } else {
            TlsMode::None
        };
        Self {
            mode,
            certificate: None,
        }
    }
}

/// How much a component (or a service) can serve.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum Capacity {
    /// Never the bottleneck (e.g. a managed DNS or the users themselves).
    #[default]
    Unlimited,
    /// A throughput ceiling; latency is modelled as one M/M/1 server of that rate.
    MaxQps {
        /// Highest sustainable rate, queries per second.
        max_qps: f64,
    },
    /// `workers` identical servers each taking `service_time_ms` per request (M/M/c).
    Workers {
        /// Parallel workers (processes, threads, connections).
        workers: u32,
        /// Mean service time of one request on one worker, milliseconds.
        service_time_ms: f64,
    },
}

impl Capacity {
    /// Servers `c` and per-server rate `mu` (per second) of the queue, or `None` if unlimited.
    pub fn queue(self) -> Option<(u32, f64)> {
        match self {
            Self::Unlimited => None,
            Self::MaxQps { max_qps } => Some((1, max_qps)),
            Self::Workers {
                workers,
                service_time_ms,
            } => Some((workers, 1000.0 / service_time_ms)),
        }
    }

    /// The highest rate it can serve, in queries per second (`f64::INFINITY` if unlimited).
    pub fn max_qps(self) -> f64 {
        self.queue()
            .map_or(f64::INFINITY, |(c, mu)| f64::from(c) * mu)
    }
}

/// How a load balancer spreads requests over its healthy backends.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum LbAlgorithm {
    /// In turn, in proportion to each link's `weight`.
    #[default]
    RoundRobin,
    /// To the backend with the fewest open requests: about equal utilisation.
    LeastConnections,
    /// By a hash of the client address: in proportion to weight, sticky per client.
    SourceHash,
    /// Everything to the first healthy backend (in link order); the rest are backups.
    ActivePassive,
}

impl LbAlgorithm {
    /// Every algorithm, in menu order.
    pub const ALL: [Self; 4] = [
        Self::RoundRobin,
        Self::LeastConnections,
        Self::SourceHash,
        Self::ActivePassive,
    ];

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::RoundRobin => "round robin",
            Self::LeastConnections => "least connections",
            Self::SourceHash => "source hash",
            Self::ActivePassive => "active/passive",
        }
    }
}

/// Health checks a load balancer runs against each backend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HealthCheck {
    /// Seconds between checks.
    pub interval_s: f64,
    /// Consecutive failed checks before a backend is marked down.
    pub fall: u32,
    /// Consecutive passed checks before a backend is marked up again.
    pub rise: u32,
}

impl Default for HealthCheck {
    fn default() -> Self {
        // HAProxy's defaults: inter 2s, fall 3, rise 2.
        Self {
            interval_s: 2.0,
            fall: 3,
            rise: 2,
        }
    }
}

/// Settings of a load balancer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoadBalancerSettings {
    /// Software or service, e.g. "HAProxy".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub product: String,
    /// How requests are spread.
    pub algorithm: LbAlgorithm,
    /// Backend health checks.
    pub health_check: HealthCheck,
}

impl Default for LoadBalancerSettings {
    fn default() -> Self {
        Self {
            product: "HAProxy".to_owned(),
            algorithm: LbAlgorithm::RoundRobin,
            health_check: HealthCheck::default(),
        }
    }
}

/// Whether a firewall rule lets traffic through.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum FirewallAction {
    /// Let matching traffic through.
    #[default]
    Allow,
    /// Drop matching traffic.
    Deny,
}

/// Where traffic comes from, as a firewall rule sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub enum TrafficSource {
    /// Anyone, including the Internet.
    #[default]
    Any,
    /// Only components of this design that are not Internet clients.
    Internal,
    /// Only this component.
    Component(ComponentId),
}

/// One ordered firewall rule; the first matching rule decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirewallRule {
    /// Allow or deny.
    pub action: FirewallAction,
    /// Destination port, or `None` for every port.
    #[serde(default)]
    pub port: Option<u16>,
    /// Which sources the rule applies to.
    #[serde(default)]
    pub source: TrafficSource,
}

/// An ordered rule set with a default for unmatched traffic.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FirewallSettings {
    /// Rules, first match wins.
    pub rules: Vec<FirewallRule>,
    /// What happens to traffic no rule matches (`Deny` unless set).
    #[serde(skip_serializing_if = "is_deny")]
    pub default_action: DefaultDeny,
}

fn is_deny(action: &DefaultDeny) -> bool {
    action.0 == FirewallAction::Deny
}

/// A firewall's default action; defaults to deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DefaultDeny(pub FirewallAction);

impl Default for DefaultDeny {
    fn default() -> Self {
        Self(FirewallAction::Deny)
    }
}

impl FirewallSettings {
    /// The action for traffic to `port` from `source_id` (`internet` tells whether that source
    /// is an Internet client).
    pub fn decide(&self, port: u16, source_id: &ComponentId, internet: bool) -> FirewallAction {
        self.rules
            .iter()
            .find(|rule| {
                rule.port.is_none_or(|p| p == port)
                    && match &rule.source {
                        TrafficSource::Any => true,
                        TrafficSource::Internal => !internet,
                        TrafficSource::Component(id) => id == source_id,
                    }
            })
            .map_or(self.default_action.0, |rule| rule.action)
    }
}

/// What a monitoring client collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Telemetry {
    /// Numeric time series (CPU, memory, QPS).
    Metrics,
    /// Log lines.
    Logs,
    /// Request traces.
    Traces,
}

/// How a monitoring client gets data to its collector.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum CollectionMethod {
    /// An agent on the machine pushes to the collector.
    #[default]
    AgentPush,
    /// The collector polls over SNMP.
    Snmp,
    /// The collector scrapes an HTTP endpoint.
    HttpPull,
    /// Log files are shipped (Sumo Logic installed collector, Filebeat, ...).
    LogShipping,
}

impl CollectionMethod {
    /// Every method, in menu order.
    pub const ALL: [Self; 4] = [
        Self::AgentPush,
        Self::Snmp,
        Self::HttpPull,
        Self::LogShipping,
    ];

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::AgentPush => "agent push",
            Self::Snmp => "SNMP",
            Self::HttpPull => "HTTP pull",
            Self::LogShipping => "log shipping",
        }
    }
}

/// Settings of a monitoring client (an agent on a machine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonitoringClientSettings {
    /// Product, e.g. "Sumo Logic".
    pub product: String,
    /// What it collects.
    pub collects: Vec<Telemetry>,
    /// How data reaches the collector.
    pub method: CollectionMethod,
    /// Seconds between reports; a failure is alerted about one interval after it happens.
    pub interval_s: f64,
}

impl Default for MonitoringClientSettings {
    fn default() -> Self {
        Self {
            product: "Sumo Logic".to_owned(),
            collects: vec![Telemetry::Metrics, Telemetry::Logs],
            method: CollectionMethod::AgentPush,
            interval_s: 60.0,
        }
    }
}

/// Settings of a monitoring service (the collector, e.g. Sumo Logic).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonitoringServiceSettings {
    /// Product, e.g. "Sumo Logic".
    pub product: String,
}

impl Default for MonitoringServiceSettings {
    fn default() -> Self {
        Self {
            product: "Sumo Logic".to_owned(),
        }
    }
}

/// Which request classes a web, application or generic service answers by itself, with no
/// database behind it: static content, a computation that needs no stored data. By default
/// it answers nothing: a request that reaches it and has nowhere to go fails there (a dead
/// end), as it would on a real server whose application cannot reach its database.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Answers {
    /// Neither reads nor writes end here.
    #[default]
    Nothing,
    /// Reads end here (static content, a stateless computation); writes go on.
    Reads,
    /// Reads and writes end here (a service that keeps its own state).
    ReadsAndWrites,
}

impl Answers {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::Nothing, Self::Reads, Self::ReadsAndWrites];

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Nothing => "nothing (needs a database)",
            Self::Reads => "reads (static content)",
            Self::ReadsAndWrites => "reads and writes (own state)",
        }
    }

    /// Whether requests of class `write` (`false`: reads) end here.
    pub fn answers(self, write: bool) -> bool {
        match self {
            Self::Nothing => false,
            Self::Reads => !write,
            Self::ReadsAndWrites => true,
        }
    }
}

/// A database's place in its replication topology.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum DatabaseRole {
    /// The single writer that replicas copy from.
    #[default]
    Primary,
    /// A read-only copy.
    Replica,
    /// One of several writers (Galera, Group Replication multi-primary, ...).
    MultiPrimaryMember,
}

impl DatabaseRole {
    /// Every role, in menu order.
    pub const ALL: [Self; 3] = [Self::Primary, Self::Replica, Self::MultiPrimaryMember];

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Replica => "replica",
            Self::MultiPrimaryMember => "multi-primary member",
        }
    }

    /// Whether a database in this role normally accepts writes.
    pub fn writes_by_default(self) -> bool {
        !matches!(self, Self::Replica)
    }
}

/// A database (as a service on a server, or a dedicated database machine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// Engine, e.g. "MySQL".
    pub engine: String,
    /// Replication role.
    pub role: DatabaseRole,
    /// Whether it accepts writes now.
    pub accepts_writes: bool,
    /// For a replica: seconds until it is promoted to writer automatically after the writer
    /// dies (orchestrator, MHA, a managed service). `None`: no automatic failover.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promote_after_s: Option<f64>,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            engine: "MySQL".to_owned(),
            role: DatabaseRole::Primary,
            accepts_writes: true,
            promote_after_s: None,
        }
    }
}

impl DatabaseSettings {
    /// Settings for a database in `role`, accepting writes as that role normally does.
    pub fn with_role(role: DatabaseRole) -> Self {
        Self {
            role,
            accepts_writes: role.writes_by_default(),
            ..Self::default()
        }
    }

    /// Whether it could take writes once failover has completed (a writer, or a replica with
    /// automatic promotion).
    pub fn can_become_writer(&self) -> bool {
        self.accepts_writes || self.promote_after_s.is_some()
    }
}

/// The tier a service on a server belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ServiceKind {
    /// HTTP server / reverse proxy (Nginx).
    WebServer,
    /// Application server (Gunicorn, Unicorn, PHP-FPM).
    AppServer,
    /// The application's code base: files the application server runs, not a request hop.
    AppFiles,
    /// A database (MySQL).
    Database,
    /// Anything else in the request path (a cache, a queue worker), at the application tier.
    Other,
}

impl ServiceKind {
    /// Every kind, in stack order.
    pub const ALL: [Self; 5] = [
        Self::WebServer,
        Self::AppServer,
        Self::AppFiles,
        Self::Database,
        Self::Other,
    ];

    /// The kind's name in machine-readable output (`web_server`, `app_server`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Self::WebServer => "web_server",
            Self::AppServer => "app_server",
            Self::AppFiles => "app_files",
            Self::Database => "database",
            Self::Other => "service",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::WebServer => "web server",
            Self::AppServer => "application server",
            Self::AppFiles => "application files",
            Self::Database => "database",
            Self::Other => "other service",
        }
    }

    /// Order in the request chain inside a server: web, then application, then database.
    /// `None` for services that are not request hops (application files).
    pub fn tier(self) -> Option<u8> {
        match self {
            Self::WebServer => Some(0),
            Self::AppServer | Self::Other => Some(1),
            Self::Database => Some(2),
            Self::AppFiles => None,
        }
    }
}

/// One piece of software in a server's stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Id, unique on its server (`nginx`, `app`, `mysql`); `server-1/nginx` names it.
    pub id: String,
    /// Tier.
    pub kind: ServiceKind,
    /// Product, e.g. "Nginx", "Gunicorn", "MySQL".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub product: String,
    /// How much it can serve.
    #[serde(default, skip_serializing_if = "is_default")]
    pub capacity: Capacity,
    /// Database settings; present exactly when `kind` is `Database`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseSettings>,
    /// Which classes a web, application or other service answers by itself (ignored for a
    /// database, which always ends the classes it holds).
    #[serde(default, skip_serializing_if = "is_default")]
    pub answers: Answers,
}

impl Service {
    /// A service of `kind` with default product and capacity.
    pub fn new(id: &str, kind: ServiceKind, product: &str) -> Self {
        Self {
            id: id.to_owned(),
            kind,
            product: product.to_owned(),
            capacity: Capacity::Unlimited,
            database: (kind == ServiceKind::Database).then(DatabaseSettings::default),
            answers: Answers::Nothing,
        }
    }

    /// Sets the capacity (builder style).
    pub fn with_capacity(mut self, capacity: Capacity) -> Self {
        self.capacity = capacity;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_certificates_cover_one_label() {
        let cert = Certificate {
            domains: vec!["*.foobar.com".into()],
            expires: IsoDate::parse("2030-01-01").unwrap(),
        };
        assert!(cert.covers("www.foobar.com"));
        assert!(!cert.covers("foobar.com"));
        assert!(!cert.covers("a.b.foobar.com"));
    }

    #[test]
    fn firewall_first_match_wins() {
        let fw = FirewallSettings {
            rules: vec![
                FirewallRule {
                    action: FirewallAction::Deny,
                    port: Some(3306),
                    source: TrafficSource::Any,
                },
                FirewallRule {
                    action: FirewallAction::Allow,
                    port: None,
                    source: TrafficSource::Internal,
                },
            ],
            default_action: DefaultDeny::default(),
        };
        let lb = ComponentId::new("lb");
        assert_eq!(fw.decide(3306, &lb, false), FirewallAction::Deny);
        assert_eq!(fw.decide(80, &lb, false), FirewallAction::Allow);
        assert_eq!(fw.decide(80, &lb, true), FirewallAction::Deny);
    }
}
