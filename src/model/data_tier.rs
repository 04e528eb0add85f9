//! Settings of the kinds that shape traffic rather than forward it: a look-aside cache, a CDN,
//! a message queue and object storage. What each does to requests is written once in
//! [`crate::sim::request_end`]; this module only holds the numbers and their ranges.
//!
//! Units are in the field names (`_s` seconds); ratios and shares are fractions in 0..=1.

use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// Settings of a look-aside cache (Redis, Memcached) in front of a database or a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CacheSettings {
    /// Product, e.g. "Redis".
    pub product: String,
    /// Share of reads answered from the cache when it is warm, 0..=1; the misses go on to
    /// what is behind it.
    pub hit_ratio: f64,
    /// Seconds a cold cache (just restarted) takes to reach its hit ratio again, rising
    /// linearly from 0; 0 means warm at once.
    pub warm_up_s: f64,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self {
            product: "Redis".to_owned(),
            hit_ratio: 0.8,
            warm_up_s: 120.0,
        }
    }
}

/// Settings of a CDN in front of the entry or the load balancer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CdnSettings {
    /// Product, e.g. "CloudFront".
    pub product: String,
    /// Share of reads that ask for static content (images, scripts, style sheets), 0..=1.
    pub static_share: f64,
    /// Share of static reads answered at the edge, 0..=1.
    pub hit_ratio: f64,
    /// Whether the edge keeps serving its cached static content while the origin is down
    /// (`stale-if-error`); without it the edge needs the origin to answer anything.
    #[serde(skip_serializing_if = "is_false")]
    pub serve_stale: bool,
}

impl Default for CdnSettings {
    fn default() -> Self {
        Self {
            product: "CloudFront".to_owned(),
            static_share: 0.6,
            hit_ratio: 0.9,
            serve_stale: false,
        }
    }
}

impl CdnSettings {
    /// Share of all reads answered at the edge: static share × hit ratio.
    pub fn edge_share(&self) -> f64 {
        self.static_share * self.hit_ratio
    }
}

/// The protocol family of a message queue, which decides its links' default protocol.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum QueueProtocol {
    /// AMQP (RabbitMQ, Amazon MQ): 5672, or 5671 with TLS.
    #[default]
    Amqp,
    /// Kafka's protocol: 9092, or 9093 with TLS.
    Kafka,
}

impl QueueProtocol {
    /// Every protocol, in menu order.
    pub const ALL: [Self; 2] = [Self::Amqp, Self::Kafka];

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Amqp => "AMQP",
            Self::Kafka => "Kafka",
        }
    }
}

/// Settings of a message queue (RabbitMQ, Kafka, SQS) between the application and a consumer
/// tier or a database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueSettings {
    /// Product, e.g. "RabbitMQ".
    pub product: String,
    /// The protocol its clients speak.
    pub protocol: QueueProtocol,
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self {
            product: "RabbitMQ".to_owned(),
            protocol: QueueProtocol::Amqp,
        }
    }
}

/// Settings of object storage (S3-like): a managed store for uploads and static assets. Its
/// copies in other regions are the component's `replicas`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ObjectStorageSettings {
    /// Product, e.g. "S3".
    pub product: String,
}

impl Default for ObjectStorageSettings {
    fn default() -> Self {
        Self {
            product: "S3".to_owned(),
        }
    }
}
