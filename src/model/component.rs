//! Components: the boxes on the whiteboard, each with a stable id, a name, a kind with its
//! kind-specific settings, and a place on the canvas.

use serde::{Deserialize, Serialize};

use super::data_tier::{CacheSettings, CdnSettings, ObjectStorageSettings, QueueSettings};
use super::id::ComponentId;
use super::settings::{
    Capacity, DatabaseSettings, FirewallSettings, LoadBalancerSettings, MonitoringClientSettings,
    MonitoringServiceSettings, Service, ServiceKind, TlsSettings,
};

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// The kind of a component without its settings: for palettes, icons, menus and output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum KindTag {
    /// Internet clients (browsers).
    Users,
    /// A DNS service.
    Dns,
    /// A network firewall.
    Firewall,
    /// A load balancer (HAProxy).
    LoadBalancer,
    /// A machine running a software stack.
    Server,
    /// A monitoring agent on a machine.
    MonitoringClient,
    /// A monitoring collector / SaaS (Sumo Logic).
    MonitoringService,
    /// A dedicated database machine.
    Database,
    /// A generic service on its own machine (an API, a worker tier).
    Service,
    /// A look-aside cache (Redis, Memcached) in front of a database or a service.
    Cache,
    /// A content delivery network in front of the entry or the load balancer.
    Cdn,
    /// A message queue (RabbitMQ, Kafka, SQS) in front of a consumer tier or a database.
    Queue,
    /// Object storage (S3-like) for uploads and static assets.
    ObjectStorage,
}

impl KindTag {
    /// Every kind, in palette order.
    pub const ALL: [Self; 13] = [
        Self::Users,
        Self::Dns,
        Self::Cdn,
        Self::Firewall,
        Self::LoadBalancer,
        Self::Server,
        Self::Database,
        Self::Service,
        Self::Cache,
        Self::Queue,
        Self::ObjectStorage,
        Self::MonitoringClient,
        Self::MonitoringService,
    ];

    /// Machine-readable name (`load_balancer`), used in JSON output and icon file names.
    pub fn key(self) -> &'static str {
        match self {
            Self::Users => "users",
            Self::Dns => "dns",
            Self::Firewall => "firewall",
            Self::LoadBalancer => "load_balancer",
            Self::Server => "server",
            Self::MonitoringClient => "monitoring_client",
            Self::MonitoringService => "monitoring_service",
            Self::Database => "database",
            Self::Service => "service",
            Self::Cache => "cache",
            Self::Cdn => "cdn",
            Self::Queue => "queue",
            Self::ObjectStorage => "object_storage",
        }
    }

    /// Human label for menus and the palette.
    pub fn label(self) -> &'static str {
        match self {
            Self::Users => "Users",
            Self::Dns => "DNS",
            Self::Firewall => "Firewall",
            Self::LoadBalancer => "Load balancer",
            Self::Server => "Server",
            Self::MonitoringClient => "Monitoring client",
            Self::MonitoringService => "Monitoring service",
            Self::Database => "Database",
            Self::Service => "Service",
            Self::Cache => "Cache",
            Self::Cdn => "CDN",
            Self::Queue => "Queue",
            Self::ObjectStorage => "Object storage",
        }
    }

    /// The id prefix for new components of this kind (`lb`, `server`, ...).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Self::Users => "users",
            Self::Dns => "dns",
            Self::Firewall => "fw",
            Self::LoadBalancer => "lb",
            Self::Server => "server",
            Self::MonitoringClient => "mon",
            Self::MonitoringService => "collector",
            Self::Database => "db",
            Self::Service => "svc",
            Self::Cache => "cache",
            Self::Cdn => "cdn",
            Self::Queue => "queue",
            Self::ObjectStorage => "store",
        }
    }

    /// Whether failing a component of this kind can stop requests: every kind but the users
    /// (where requests come from) and monitoring (off the request path). The blast radius,
    /// chaos and availability consider only these.
    pub fn can_stop_requests(self) -> bool {
        !matches!(
            self,
            Self::Users | Self::MonitoringClient | Self::MonitoringService
        )
    }

    /// Whether this kind is a machine or appliance that can crash and should be monitored.
    pub fn is_machine(self) -> bool {
        matches!(
            self,
            Self::LoadBalancer
                | Self::Server
                | Self::Database
                | Self::Service
                | Self::Cache
                | Self::Queue
        )
    }
}

/// A component's kind together with the settings only that kind has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Kind {
    /// Internet clients: where requests come from.
    Users,
    /// DNS resolution for the design's domain.
    Dns,
    /// A firewall with ordered rules.
    Firewall(FirewallSettings),
    /// A load balancer.
    LoadBalancer(LoadBalancerSettings),
    /// A server with the stack it runs, in the order drawn.
    Server(ServerSettings),
    /// A monitoring agent.
    MonitoringClient(MonitoringClientSettings),
    /// A monitoring collector.
    MonitoringService(MonitoringServiceSettings),
    /// A dedicated database machine.
    Database(DatabaseSettings),
    /// A generic service on its own machine, at the application tier.
    Service(GenericServiceSettings),
    /// A look-aside cache.
    Cache(CacheSettings),
    /// A content delivery network.
    Cdn(CdnSettings),
    /// A message queue.
    Queue(QueueSettings),
    /// Object storage.
    ObjectStorage(ObjectStorageSettings),
}

/// Settings of a server: its software stack.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    /// The services it runs; their failure is the server's failure.
    pub services: Vec<Service>,
}

/// Settings of a generic service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GenericServiceSettings {
    /// Product, e.g. "Redis".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub product: String,
    /// Which classes it answers by itself (by default none: it needs something behind it).
    #[serde(skip_serializing_if = "is_default")]
    pub answers: super::settings::Answers,
}

impl Kind {
    /// The kind without settings.
    pub fn tag(&self) -> KindTag {
        match self {
            Self::Users => KindTag::Users,
            Self::Dns => KindTag::Dns,
            Self::Firewall(_) => KindTag::Firewall,
            Self::LoadBalancer(_) => KindTag::LoadBalancer,
            Self::Server(_) => KindTag::Server,
            Self::MonitoringClient(_) => KindTag::MonitoringClient,
            Self::MonitoringService(_) => KindTag::MonitoringService,
            Self::Database(_) => KindTag::Database,
            Self::Service(_) => KindTag::Service,
            Self::Cache(_) => KindTag::Cache,
            Self::Cdn(_) => KindTag::Cdn,
            Self::Queue(_) => KindTag::Queue,
            Self::ObjectStorage(_) => KindTag::ObjectStorage,
        }
    }

    /// Default settings for a component of `tag`; a server gets the whole whiteboard stack
    /// (Nginx, application server, code base, MySQL primary). The palette starts servers
    /// with [`new_server_stack`] instead.
    pub fn default_for(tag: KindTag) -> Self {
        match tag {
            KindTag::Users => Self::Users,
            KindTag::Dns => Self::Dns,
            KindTag::Firewall => Self::Firewall(FirewallSettings::default()),
            KindTag::LoadBalancer => Self::LoadBalancer(LoadBalancerSettings::default()),
            KindTag::Server => Self::Server(ServerSettings {
                services: whiteboard_stack(),
            }),
            KindTag::MonitoringClient => {
                Self::MonitoringClient(MonitoringClientSettings::default())
            }
            KindTag::MonitoringService => {
                Self::MonitoringService(MonitoringServiceSettings::default())
            }
            KindTag::Database => Self::Database(DatabaseSettings::default()),
            KindTag::Service => Self::Service(GenericServiceSettings::default()),
            KindTag::Cache => Self::Cache(CacheSettings::default()),
            KindTag::Cdn => Self::Cdn(CdnSettings::default()),
            KindTag::Queue => Self::Queue(QueueSettings::default()),
            KindTag::ObjectStorage => Self::ObjectStorage(ObjectStorageSettings::default()),
        }
    }

    /// The services on a server (empty for other kinds).
    pub fn services(&self) -> &[Service] {
        match self {
            Self::Server(s) => &s.services,
            _ => &[],
        }
    }

    /// A short product name for labels ("HAProxy", "Sumo Logic"), if the kind has one.
    pub fn product(&self) -> Option<&str> {
        let product = match self {
            Self::LoadBalancer(s) => &s.product,
            Self::MonitoringClient(s) => &s.product,
            Self::MonitoringService(s) => &s.product,
            Self::Database(s) => &s.engine,
            Self::Service(s) => &s.product,
            Self::Cache(s) => &s.product,
            Self::Cdn(s) => &s.product,
            Self::Queue(s) => &s.product,
            Self::ObjectStorage(s) => &s.product,
            Self::Users | Self::Dns | Self::Firewall(_) | Self::Server(_) => return None,
        };
        (!product.is_empty()).then_some(product.as_str())
    }
}

/// The stack the whiteboard exercise puts on every server: Nginx, an application server, the
/// code base and MySQL (as primary).
pub fn whiteboard_stack() -> Vec<Service> {
    let workers = |workers: u32, service_time_ms: f64| Capacity::Workers {
        workers,
        service_time_ms,
    };
    vec![
        Service::new("nginx", ServiceKind::WebServer, "Nginx").with_capacity(workers(8, 2.0)),
        Service::new("app", ServiceKind::AppServer, "Gunicorn").with_capacity(workers(16, 12.0)),
        Service::new("code", ServiceKind::AppFiles, "application code"),
        Service::new("mysql", ServiceKind::Database, "MySQL").with_capacity(workers(32, 4.0)),
    ]
}

/// The stack a server dropped from the palette starts with: the whiteboard stack's web and
/// application tiers (Nginx, application server, code base); the user adds a database.
pub fn new_server_stack() -> Vec<Service> {
    whiteboard_stack()
        .into_iter()
        .filter(|s| s.kind != ServiceKind::Database)
        .collect()
}

/// A point on the canvas, in canvas units (pixels at zoom 1).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal, growing to the right.
    pub x: f32,
    /// Vertical, growing downwards.
    pub y: f32,
}

impl Point {
    /// A point.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// A size on the canvas, in canvas units.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Size {
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// One component of a design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Stable id, unique in the design.
    pub id: ComponentId,
    /// Display name.
    pub name: String,
    /// Kind and its settings.
    pub kind: Kind,
    /// Centre on the canvas.
    #[serde(default)]
    pub position: Point,
    /// Size on the canvas when the user resized it; `None` means sized to its content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Size>,
    /// TLS handling and certificate.
    #[serde(default, skip_serializing_if = "is_default")]
    pub tls: TlsSettings,
    /// Capacity of the component itself (for a server, its services carry their own).
    #[serde(default, skip_serializing_if = "is_default")]
    pub capacity: Capacity,
    /// Redundant instances behind this one box (a DNS provider's name servers, a managed
    /// cluster): above one, losing one instance does not lose the component.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub replicas: u32,
    /// Steady-state availability of one instance (the share of time it is up, e.g. 0.9995);
    /// `None`: the documented default of its kind ([`super::availability`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Mean time between failures of one instance, hours; with [`Self::mttr_h`] it gives the
    /// availability `mtbf / (mtbf + mttr)` (instead of `availability`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtbf_h: Option<f64>,
    /// Mean time to repair one instance, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mttr_h: Option<f64>,
    /// The zone (rack, availability zone, region) it sits in, if any ([`super::zone`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<ComponentId>,
}

impl Component {
    /// A component of `tag` with default settings at `position`.
    pub fn new(id: &str, name: &str, tag: KindTag, position: Point) -> Self {
        Self {
            id: ComponentId::new(id),
            name: name.to_owned(),
            kind: Kind::default_for(tag),
            position,
            size: None,
            tls: TlsSettings::default_for(tag),
            capacity: Capacity::Unlimited,
            replicas: 1,
            availability: None,
            mtbf_h: None,
            mttr_h: None,
            zone: None,
        }
    }

    /// The kind without settings.
    pub fn tag(&self) -> KindTag {
        self.kind.tag()
    }

    /// The service with `service_id` on this server, if any.
    pub fn service(&self, service_id: &str) -> Option<&Service> {
        self.kind.services().iter().find(|s| s.id == service_id)
    }
}
