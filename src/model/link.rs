//! Links: the arrows on the whiteboard, with what they are for and the protocol they speak.
//! Whether a link is encrypted follows from its protocol.

use serde::{Deserialize, Serialize};

use super::component::KindTag;
use super::id::Endpoint;

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

fn one() -> f64 {
    1.0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_one(w: &f64) -> bool {
    *w == 1.0
}

/// What a link is for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum LinkPurpose {
    /// Carries user requests (the request path).
    #[default]
    Request,
    /// A client resolving the domain.
    DnsLookup,
    /// A database copying its data to another.
    Replication,
    /// A monitoring client watching a machine (the agent runs on or polls it).
    Monitors,
    /// A monitoring client sending what it collected to a collector.
    MonitoringData,
}

impl LinkPurpose {
    /// Every purpose, in menu order.
    pub const ALL: [Self; 5] = [
        Self::Request,
        Self::DnsLookup,
        Self::Replication,
        Self::Monitors,
        Self::MonitoringData,
    ];

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::DnsLookup => "DNS lookup",
            Self::Replication => "replication",
            Self::Monitors => "monitors",
            Self::MonitoringData => "monitoring data",
        }
    }
}

/// The protocol a link speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Protocol {
    /// HTTP over TLS.
    Https,
    /// Plain HTTP.
    Http,
    /// MySQL's protocol in plaintext.
    MySql,
    /// MySQL's protocol with TLS required.
    MySqlTls,
    /// DNS over UDP/TCP 53 (plaintext, public data).
    Dns,
    /// DNS over TLS or HTTPS.
    DnsOverTls,
    /// A raw TCP stream forwarded untouched (TLS passthrough carries TLS inside).
    TcpTls,
    /// Raw TCP, plaintext.
    Tcp,
    /// SNMP v2c (plaintext).
    Snmp,
    /// SNMP v3 with privacy (encrypted).
    SnmpV3,
    /// Syslog in plaintext.
    Syslog,
    /// Syslog over TLS.
    SyslogTls,
    /// SSH.
    Ssh,
    /// Redis's protocol (RESP) in plaintext.
    Redis,
    /// Redis's protocol over TLS.
    RedisTls,
    /// AMQP (RabbitMQ) in plaintext.
    Amqp,
    /// AMQP over TLS.
    AmqpTls,
    /// Kafka's protocol in plaintext.
    Kafka,
    /// Kafka's protocol over TLS.
    KafkaTls,
}

impl Protocol {
    /// Every protocol, in menu order.
    pub const ALL: [Self; 19] = [
        Self::Https,
        Self::Http,
        Self::MySql,
        Self::MySqlTls,
        Self::Dns,
        Self::DnsOverTls,
        Self::TcpTls,
        Self::Tcp,
        Self::Snmp,
        Self::SnmpV3,
        Self::Syslog,
        Self::SyslogTls,
        Self::Ssh,
        Self::Redis,
        Self::RedisTls,
        Self::Amqp,
        Self::AmqpTls,
        Self::Kafka,
        Self::KafkaTls,
    ];

    /// Whether the protocol encrypts what it carries.
    pub fn encrypted(self) -> bool {
        matches!(
            self,
            Self::Https
                | Self::MySqlTls
                | Self::DnsOverTls
                | Self::TcpTls
                | Self::SnmpV3
                | Self::SyslogTls
                | Self::Ssh
                | Self::RedisTls
                | Self::AmqpTls
                | Self::KafkaTls
        )
    }

    /// The usual port.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Https | Self::TcpTls => 443,
            Self::Http | Self::Tcp => 80,
            Self::MySql | Self::MySqlTls => 3306,
            Self::Dns => 53,
            Self::DnsOverTls => 853,
            Self::Snmp | Self::SnmpV3 => 161,
            Self::Syslog => 514,
            Self::SyslogTls => 6514,
            Self::Ssh => 22,
            Self::Redis => 6379,
            Self::RedisTls => 6380,
            Self::Amqp => 5672,
            Self::AmqpTls => 5671,
            Self::Kafka => 9092,
            Self::KafkaTls => 9093,
        }
    }

    /// A short human label ("HTTPS", "MySQL/TLS").
    pub fn label(self) -> &'static str {
        match self {
            Self::Https => "HTTPS",
            Self::Http => "HTTP",
            Self::MySql => "MySQL",
            Self::MySqlTls => "MySQL/TLS",
            Self::Dns => "DNS",
            Self::DnsOverTls => "DNS/TLS",
            Self::TcpTls => "TCP (TLS)",
            Self::Tcp => "TCP",
            Self::Snmp => "SNMP",
            Self::SnmpV3 => "SNMPv3",
            Self::Syslog => "syslog",
            Self::SyslogTls => "syslog/TLS",
            Self::Ssh => "SSH",
            Self::Redis => "Redis",
            Self::RedisTls => "Redis/TLS",
            Self::Amqp => "AMQP",
            Self::AmqpTls => "AMQPS",
            Self::Kafka => "Kafka",
            Self::KafkaTls => "Kafka/TLS",
        }
    }
}

/// Which request classes a request link carries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Carries {
    /// Reads and writes.
    #[default]
    All,
    /// Reads only (e.g. an application's connection to a read replica).
    Reads,
    /// Writes only (e.g. an application's connection to the primary on another server).
    Writes,
}

impl Carries {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::All, Self::Reads, Self::Writes];

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "reads and writes",
            Self::Reads => "reads only",
            Self::Writes => "writes only",
        }
    }
}

/// A directed link between two endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Where traffic comes from.
    pub from: Endpoint,
    /// Where traffic goes.
    pub to: Endpoint,
    /// What the link is for.
    #[serde(default)]
    pub purpose: LinkPurpose,
    /// What it speaks.
    pub protocol: Protocol,
    /// Destination port.
    pub port: u16,
    /// Request classes carried (request links only).
    #[serde(default, skip_serializing_if = "is_default")]
    pub carries: Carries,
    /// Share of a load balancer's traffic relative to its other links (round robin, source
    /// hash).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
}

impl Link {
    /// A link with the protocol's usual port.
    pub fn new(from: &str, to: &str, purpose: LinkPurpose, protocol: Protocol) -> Self {
        Self {
            from: Endpoint::parse(from),
            to: Endpoint::parse(to),
            purpose,
            protocol,
            port: protocol.default_port(),
            carries: Carries::All,
            weight: 1.0,
        }
    }

    /// Sets which classes the link carries (builder style).
    pub fn carrying(mut self, carries: Carries) -> Self {
        self.carries = carries;
        self
    }

    /// Whether the link encrypts what it carries.
    pub fn encrypted(&self) -> bool {
        self.protocol.encrypted()
    }
}

/// Why a link between two kinds is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LinkRefused(pub String);

/// The purpose and protocol a new link between `from` and `to` gets by default, or why such a
/// link makes no sense. The canvas and validation share this one rule set.
pub fn default_link(from: KindTag, to: KindTag) -> Result<(LinkPurpose, Protocol), LinkRefused> {
    use KindTag as K;
    let refuse = |why: &str| Err(LinkRefused(why.to_owned()));
    match (from, to) {
        (_, K::Users) => refuse("nothing sends requests to the users; draw links away from them"),
        (K::Users, K::Dns) => Ok((LinkPurpose::DnsLookup, Protocol::Dns)),
        (K::Dns, _) => refuse("DNS answers lookups; it does not forward traffic"),
        (_, K::Dns) => Ok((LinkPurpose::DnsLookup, Protocol::Dns)),
        (K::MonitoringClient, K::MonitoringService) => {
            Ok((LinkPurpose::MonitoringData, Protocol::Https))
        }
        (K::MonitoringClient, t) if t.is_machine() || t == K::Firewall => {
            Ok((LinkPurpose::Monitors, Protocol::Https))
        }
        (K::MonitoringClient, _) => {
            refuse("a monitoring client watches a machine or sends data to a monitoring service")
        }
        (_, K::MonitoringClient) => {
            refuse("draw monitoring links from the monitoring client to the machine it watches")
        }
        (K::MonitoringService, _) | (_, K::MonitoringService) => {
            refuse("a monitoring service only receives data from monitoring clients")
        }
        (K::Database, K::Database) => Ok((LinkPurpose::Replication, Protocol::MySql)),
        (K::Database, _) => refuse("a database answers queries; it does not send requests on"),
        (K::ObjectStorage, _) => {
            refuse("object storage answers reads and uploads; it does not send requests on")
        }
        (K::Users, K::Cdn | K::ObjectStorage) => Ok((LinkPurpose::Request, Protocol::Https)),
        (_, K::Cdn) => refuse("a CDN is the users' first hop: only the users send to it"),
        (K::Users, K::Cache | K::Queue) => refuse(
            "users never reach a cache or a queue directly: the application sits between them",
        ),
        (K::Cdn, K::Cache | K::Queue | K::Database) => {
            refuse("a CDN sits in front of the entry or the load balancer, not the data tier")
        }
        (K::Cdn, _) => Ok((LinkPurpose::Request, Protocol::Https)),
        (K::Cache, K::Database) => Ok((LinkPurpose::Request, Protocol::MySql)),
        (K::Cache, K::Server | K::Service | K::ObjectStorage) => {
            Ok((LinkPurpose::Request, Protocol::Http))
        }
        (K::Cache, _) => refuse(
            "a cache sits in front of a database or a service: its misses go there, nowhere else",
        ),
        (K::Queue, K::Database) => Ok((LinkPurpose::Request, Protocol::MySql)),
        (K::Queue, K::Server | K::Service) => Ok((LinkPurpose::Request, Protocol::Amqp)),
        (K::Queue, _) => refuse(
            "a queue delivers its messages to a consumer (a server or a service) or a database",
        ),
        (_, K::Cache) => Ok((LinkPurpose::Request, Protocol::Redis)),
        (_, K::Queue) => Ok((LinkPurpose::Request, Protocol::Amqp)),
        (_, K::ObjectStorage) => Ok((LinkPurpose::Request, Protocol::Https)),
        (_, K::Database) => Ok((LinkPurpose::Request, Protocol::MySql)),
        (K::Users, _) => Ok((LinkPurpose::Request, Protocol::Https)),
        (_, _) => Ok((LinkPurpose::Request, Protocol::Http)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_whiteboard() {
        assert_eq!(
            default_link(KindTag::Users, KindTag::LoadBalancer),
            Ok((LinkPurpose::Request, Protocol::Https))
        );
        assert_eq!(
            default_link(KindTag::Service, KindTag::Database),
            Ok((LinkPurpose::Request, Protocol::MySql))
        );
        assert!(default_link(KindTag::Firewall, KindTag::Users).is_err());
        assert!(default_link(KindTag::MonitoringClient, KindTag::Users).is_err());
    }

    #[test]
    fn data_tier_pairs_get_their_protocols_and_nonsense_is_refused() {
        let request = |p| Ok((LinkPurpose::Request, p));
        assert_eq!(
            default_link(KindTag::Server, KindTag::Cache),
            request(Protocol::Redis)
        );
        assert_eq!(
            default_link(KindTag::Service, KindTag::Queue),
            request(Protocol::Amqp)
        );
        assert_eq!(
            default_link(KindTag::Cdn, KindTag::LoadBalancer),
            request(Protocol::Https)
        );
        assert_eq!(
            default_link(KindTag::Users, KindTag::Cdn),
            request(Protocol::Https)
        );
        assert_eq!(
            default_link(KindTag::Cache, KindTag::Database),
            request(Protocol::MySql)
        );
        for (from, to) in [
            (KindTag::LoadBalancer, KindTag::Cdn),
            (KindTag::Users, KindTag::Cache),
            (KindTag::Cache, KindTag::LoadBalancer),
            (KindTag::Queue, KindTag::Cache),
            (KindTag::ObjectStorage, KindTag::Server),
            (KindTag::Cdn, KindTag::Database),
        ] {
            assert!(default_link(from, to).is_err(), "{from:?} -> {to:?}");
        }
        assert_eq!(Protocol::Redis.default_port(), 6379);
        assert_eq!(Protocol::AmqpTls.default_port(), 5671);
        assert_eq!(Protocol::KafkaTls.default_port(), 9093);
        assert!(Protocol::RedisTls.encrypted() && !Protocol::Kafka.encrypted());
    }

    #[test]
    fn encryption_follows_protocol() {
        assert!(Protocol::Https.encrypted());
        assert!(!Protocol::Http.encrypted());
        assert!(!Protocol::MySql.encrypted());
        assert!(Protocol::MySqlTls.encrypted());
    }
}
