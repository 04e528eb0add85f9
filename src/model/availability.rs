//! What a component's availability is: the share of time one instance is up, given by the
//! user (`availability`, or `mtbf_h` and `mttr_h`: `mtbf / (mtbf + mttr)`) or, where none is
//! given, the default of its kind below. Instances fail independently; a component is up while
//! at least one of its instances is.
//!
//! A zone's own availability (its power, network, building) is given the same way or defaults
//! by kind: a rack 99.95 % (one power feed, one top-of-rack switch), an availability zone
//! 99.99 %, a region 99.999 %. A component in a zone is up only while the zone and every zone
//! around it are up too: zones are common causes, not multipliers of each component.
//!
//! The defaults are round figures of the kind a provider's SLA or a commodity machine gives:
//! a managed DNS service, a CDN or object storage 99.99 %, a firewall or load balancer
//! appliance 99.95 %, a server, a database, a service, a cache or a message queue 99.9 %. Users
//! and monitoring never stop requests and are taken as
//! always up.

use super::{Component, KindTag, Zone, ZoneKind};

/// Availability of one instance of a component of kind `tag` that gives none.
pub fn default_availability(tag: KindTag) -> f64 {
    match tag {
        KindTag::Users | KindTag::MonitoringClient | KindTag::MonitoringService => 1.0,
        KindTag::Dns | KindTag::Cdn | KindTag::ObjectStorage => 0.9999,
        KindTag::Firewall | KindTag::LoadBalancer => 0.9995,
        KindTag::Server
        | KindTag::Database
        | KindTag::Service
        | KindTag::Cache
        | KindTag::Queue => 0.999,
    }
}

/// Availability of a zone of `kind` that gives none.
pub fn default_zone_availability(kind: ZoneKind) -> f64 {
    match kind {
        ZoneKind::Rack => 0.9995,
        ZoneKind::AvailabilityZone => 0.9999,
        ZoneKind::Region => 0.99999,
    }
}

/// Availability of zone `z`, and whether it is its kind's default.
pub fn zone_availability(z: &Zone) -> (f64, bool) {
    match z.availability {
        Some(a) => (a, false),
        None => (default_zone_availability(z.kind), true),
    }
}

/// `mtbf / (mtbf + mttr)`: the share of time something that fails every `mtbf_h` hours on
/// average and takes `mttr_h` hours to repair is up.
pub fn from_mtbf_mttr(mtbf_h: f64, mttr_h: f64) -> f64 {
    mtbf_h / (mtbf_h + mttr_h)
}

/// Availability of one instance of `c`, and whether it is its kind's default.
pub fn instance_availability(c: &Component) -> (f64, bool) {
    match (c.availability, c.mtbf_h, c.mttr_h) {
        (Some(a), _, _) => (a, false),
        (None, Some(mtbf), Some(mttr)) => (from_mtbf_mttr(mtbf, mttr), false),
        _ => (default_availability(c.tag()), true),
    }
}

/// Availability of `c` as a whole: up while at least one of its `replicas` instances is,
/// `1 − (1 − a)^replicas`.
pub fn component_availability(c: &Component) -> f64 {
    let (a, _) = instance_availability(c);
    replicated(a, c.replicas.max(1))
}

/// Availability of `instances` instances of availability `a` each, up while one is:
/// `1 − (1 − a)^instances`.
pub fn replicated(a: f64, instances: u32) -> f64 {
    1.0 - (1.0 - a).powi(i32::try_from(instances).unwrap_or(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Point;

    #[test]
    fn replicas_multiply_unavailability() {
        let mut c = Component::new("dns", "dns", KindTag::Dns, Point::default());
        assert_eq!(instance_availability(&c), (0.9999, true));
        c.availability = Some(0.9);
        c.replicas = 3;
        assert_eq!(instance_availability(&c), (0.9, false));
        assert!((component_availability(&c) - 0.999).abs() < 1e-12);
    }

    #[test]
    fn mtbf_and_mttr_give_the_share_of_time_up() {
        let mut c = Component::new("db", "db", KindTag::Database, Point::default());
        c.mtbf_h = Some(999.0);
        c.mttr_h = Some(1.0);
        assert_eq!(instance_availability(&c), (0.999, false));
    }
}
