//! Defaults a new link takes from what is already drawn: the protocol of the traffic it
//! carries on (HTTPS 443 in → HTTPS 443 out through a component that does not decrypt), and
//! the firewall rules that let it through. Pure functions of the design; the editor applies
//! them together with the link.

use super::component::{Kind, KindTag};
use super::data_tier::QueueProtocol;
use super::design::Design;
use super::id::{ComponentId, Endpoint};
use super::link::{Carries, Link, LinkPurpose, Protocol};
use super::settings::{FirewallAction, FirewallRule, TlsMode, TrafficSource};

/// The protocol and port a new request link to or from a cache or a queue speaks: a cache's
/// clients speak Redis (6379, or Redis over TLS on 6380 when the cache terminates TLS); a
/// queue's producers and consumers speak its protocol (AMQP 5672 / 5671 with TLS, Kafka
/// 9092 / 9093 with TLS). `None` for other links (their kinds' default stands).
pub fn data_tier_protocol(design: &Design, from: &Endpoint, to: &Endpoint) -> Option<Protocol> {
    let from = design.component(from.component.as_str())?;
    let to = design.component(to.component.as_str())?;
    let tls = |c: &super::component::Component| c.tls.mode.decrypts();
    let queue = |c: &super::component::Component| match &c.kind {
        Kind::Queue(q) => Some(match (q.protocol, tls(c)) {
            (QueueProtocol::Amqp, false) => Protocol::Amqp,
            (QueueProtocol::Amqp, true) => Protocol::AmqpTls,
            (QueueProtocol::Kafka, false) => Protocol::Kafka,
            (QueueProtocol::Kafka, true) => Protocol::KafkaTls,
        }),
        _ => None,
    };
    match (&from.kind, &to.kind) {
        (_, Kind::Cache(_)) => Some(if tls(to) {
            Protocol::RedisTls
        } else {
            Protocol::Redis
        }),
        (_, Kind::Queue(_)) => queue(to),
        (Kind::Queue(_), Kind::Server(_) | Kind::Service(_)) => queue(from),
        _ => None,
    }
}

/// Which request classes a new request link between these kinds carries: a queue takes and
/// delivers writes (messages) only; every other pair carries both.
pub fn default_carries(from: KindTag, to: KindTag) -> Carries {
    if from == KindTag::Queue || to == KindTag::Queue {
        Carries::Writes
    } else {
        Carries::All
    }
}

/// The protocol and port a new request link leaving `from` carries on, judged from the
/// request links arriving there and what `from` does with TLS; `None` when nothing arrives or
/// `from` terminates TLS (it then sends whatever its own default is).
///
/// - no TLS handling (a firewall, a plain proxy): the protocol and port that arrive;
/// - passthrough: encrypted traffic leaves as the raw TLS stream (`TCP (TLS)` 443);
/// - re-encrypt: encrypted traffic leaves as HTTPS 443.
///
/// # Complexity
/// O(links).
pub fn carried_protocol(design: &Design, from: &Endpoint) -> Option<(Protocol, u16)> {
    let c = design.component(from.component.as_str())?;
    let arriving = design
        .links
        .iter()
        .find(|l| l.purpose == LinkPurpose::Request && l.to.component == c.id)?;
    let encrypted = arriving.protocol.encrypted();
    match c.tls.mode {
        TlsMode::None => Some((arriving.protocol, arriving.port)),
        TlsMode::Passthrough if encrypted => {
            Some((Protocol::TcpTls, Protocol::TcpTls.default_port()))
        }
        TlsMode::ReEncrypt if encrypted => Some((Protocol::Https, Protocol::Https.default_port())),
        TlsMode::Terminate | TlsMode::Passthrough | TlsMode::ReEncrypt => None,
    }
}

/// A rule to add to a firewall so that a new link's traffic passes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeededRule {
    /// The firewall.
    pub firewall: ComponentId,
    /// The rule (an allow for one port from one source).
    pub rule: FirewallRule,
}

impl NeededRule {
    /// "allow port 443 from `users`".
    pub fn describe(&self) -> String {
        let from = match &self.rule.source {
            TrafficSource::Component(id) => format!("`{id}`"),
            TrafficSource::Internal => "internal sources".to_owned(),
            TrafficSource::Any => "anywhere".to_owned(),
        };
        let port = self
            .rule
            .port
            .map_or_else(|| "every port".to_owned(), |p| format!("port {p}"));
        format!("`{}`: allow {port} from {from}", self.firewall)
    }
}

/// The allow rules the firewalls at the ends of `link` (a request link about to be added)
/// need so that no flow through them is dropped: a link into a firewall needs its source
/// allowed on the ports the firewall sends on, a link out of a firewall needs that port allowed
/// from every source sending into it. Sorted by firewall, port and source; empty for other
/// links.
///
/// # Complexity
/// O(links × rules of the firewall).
pub fn needed_firewall_rules(design: &Design, link: &Link) -> Vec<NeededRule> {
    if link.purpose != LinkPurpose::Request {
        return Vec::new();
    }
    let mut needed: Vec<NeededRule> = Vec::new();
    let mut need = |firewall: &ComponentId, port: u16, source: &ComponentId| {
        let Some(fw_component) = design.component(firewall.as_str()) else {
            return;
        };
        let Kind::Firewall(fw) = &fw_component.kind else {
            return;
        };
        let internet = design
            .component(source.as_str())
            .is_some_and(|s| s.tag() == KindTag::Users);
        if fw.decide(port, source, internet) == FirewallAction::Deny {
            needed.push(NeededRule {
                firewall: firewall.clone(),
                rule: FirewallRule {
                    action: FirewallAction::Allow,
                    port: Some(port),
                    source: TrafficSource::Component(source.clone()),
                },
            });
        }
    };
    let requests = || {
        design
            .links
            .iter()
            .filter(|l| l.purpose == LinkPurpose::Request)
    };
    // Into a firewall: the firewall forwards on each of its outgoing ports.
    for out in requests().filter(|l| l.from.component == link.to.component) {
        need(&link.to.component, out.port, &link.from.component);
    }
    // Out of a firewall: every source sending into it must pass on this port.
    for arriving in requests().filter(|l| l.to.component == link.from.component) {
        need(&link.from.component, link.port, &arriving.from.component);
    }
    needed.sort_by(|a, b| {
        (&a.firewall, a.rule.port, &a.rule.source).cmp(&(&b.firewall, b.rule.port, &b.rule.source))
    });
    needed.dedup();
    needed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Point};

    fn design() -> Design {
        let mut d = Design::empty("t");
        for (id, tag) in [
            ("users", KindTag::Users),
            ("fw", KindTag::Firewall),
            ("lb", KindTag::LoadBalancer),
        ] {
            d.components
                .push(Component::new(id, id, tag, Point::default()));
        }
        d.links.push(Link::new(
            "users",
            "fw",
            LinkPurpose::Request,
            Protocol::Https,
        ));
        d
    }

    #[test]
    fn a_firewall_carries_on_what_arrives_and_needs_it_allowed() {
        let d = design();
        assert_eq!(
            carried_protocol(&d, &Endpoint::component("fw")),
            Some((Protocol::Https, 443))
        );
        let out = Link::new("fw", "lb", LinkPurpose::Request, Protocol::Https);
        let rules = needed_firewall_rules(&d, &out);
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].describe(), "`fw`: allow port 443 from `users`");
    }

    #[test]
    fn a_terminating_component_keeps_its_own_default() {
        let mut d = design();
        d.links
            .push(Link::new("fw", "lb", LinkPurpose::Request, Protocol::Https));
        if let Some(lb) = d.component_mut("lb") {
            lb.tls.mode = TlsMode::Terminate;
        }
        assert_eq!(carried_protocol(&d, &Endpoint::component("lb")), None);
    }

    #[test]
    fn caches_and_queues_speak_their_protocol() {
        let mut d = design();
        for (id, tag) in [
            ("app", KindTag::Service),
            ("cache", KindTag::Cache),
            ("q", KindTag::Queue),
        ] {
            d.components
                .push(Component::new(id, id, tag, Point::default()));
        }
        let end = Endpoint::component;
        assert_eq!(
            data_tier_protocol(&d, &end("app"), &end("cache")),
            Some(Protocol::Redis)
        );
        assert_eq!(
            data_tier_protocol(&d, &end("app"), &end("q")),
            Some(Protocol::Amqp)
        );
        if let Some(q) = d.component_mut("q") {
            q.tls.mode = TlsMode::Terminate;
            if let Kind::Queue(s) = &mut q.kind {
                s.protocol = QueueProtocol::Kafka;
            }
        }
        if let Some(c) = d.component_mut("cache") {
            c.tls.mode = TlsMode::Terminate;
        }
        assert_eq!(
            data_tier_protocol(&d, &end("app"), &end("q")),
            Some(Protocol::KafkaTls)
        );
        assert_eq!(
            data_tier_protocol(&d, &end("app"), &end("cache")),
            Some(Protocol::RedisTls)
        );
        assert_eq!(data_tier_protocol(&d, &end("users"), &end("lb")), None);
        assert_eq!(
            default_carries(KindTag::Service, KindTag::Queue),
            Carries::Writes
        );
        assert_eq!(
            default_carries(KindTag::Service, KindTag::Cache),
            Carries::All
        );
    }
}
