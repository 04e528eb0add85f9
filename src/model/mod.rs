//! The design as data: components (servers with their services), links, the traffic profile,
//! stable string ids, and validation. Nothing here knows about egui, petgraph or files.

pub mod availability;
mod component;
mod data_tier;
mod date;
mod design;
mod id;
pub mod limits;
mod link;
mod link_defaults;
mod lookup;
mod note;
mod settings;
mod validate;
pub mod zone;
mod zone_checks;

pub use component::{
    Component, GenericServiceSettings, Kind, KindTag, Point, ServerSettings, Size,
    new_server_stack, whiteboard_stack,
};
pub use data_tier::{
    CacheSettings, CdnSettings, ObjectStorageSettings, QueueProtocol, QueueSettings,
};
pub use date::{DateError, IsoDate};
pub use design::{Design, FreshIds, TrafficProfile};
pub use id::{ComponentId, Endpoint, IdError, MAX_ID_LEN, check_id};
pub use link::{Carries, Link, LinkPurpose, LinkRefused, Protocol, default_link};
pub use link_defaults::{
    NeededRule, carried_protocol, data_tier_protocol, default_carries, needed_firewall_rules,
};
pub use lookup::ComponentLookup;
pub use note::{MAX_NOTE_CHARS, Note};
pub use settings::{
    Answers, Capacity, Certificate, CollectionMethod, DatabaseRole, DatabaseSettings, DefaultDeny,
    FirewallAction, FirewallRule, FirewallSettings, HealthCheck, LbAlgorithm, LoadBalancerSettings,
    MonitoringClientSettings, MonitoringServiceSettings, Service, ServiceKind, Telemetry, TlsMode,
    TlsSettings, TrafficSource,
};
pub use validate::{
    MAX_COORDINATE, MAX_QPS, MAX_SECONDS, MAX_WORKERS, Problem, Severity, has_errors,
    link_makes_sense, link_sense, validate,
};
pub use zone::{Zone, ZoneKind, ZoneTree};
