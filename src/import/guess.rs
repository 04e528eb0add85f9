//! Guessing what a shape, an image or an icon stands for from its words: the kind of a
//! component, the stack of a server, the protocol of a link. One table serves draw.io styles
//! and labels, Compose image names and Mermaid icons.

use crate::model::{
    Capacity, DatabaseSettings, GenericServiceSettings, Kind, KindTag, LoadBalancerSettings,
    MonitoringClientSettings, MonitoringServiceSettings, Protocol, ServerSettings, Service,
    ServiceKind,
};

/// Words (lowercase, split on anything but letters and digits) that name a kind, in the order
/// they are tried: the first rule with a matching word wins. Multi-word phrases are matched
/// on the words joined by single spaces.
const KIND_WORDS: &[(KindTag, &[&str])] = &[
    (
        KindTag::MonitoringClient,
        &[
            "agent",
            "node exporter",
            "node_exporter",
            "exporter",
            "filebeat",
            "fluentd",
            "fluent bit",
            "fluentbit",
            "promtail",
            "telegraf",
            "cadvisor",
            "collectd",
            "datadog agent",
            "monitoring client",
            "monitoring agent",
        ],
    ),
    (
        KindTag::MonitoringService,
        &[
            "monitoring",
            "monitor",
            "sumo",
            "sumologic",
            "datadog",
            "prometheus",
            "grafana",
            "cloudwatch",
            "new relic",
            "newrelic",
            "splunk",
            "elk",
            "kibana",
            "loki",
            "nagios",
            "zabbix",
            "logging",
            "logs",
        ],
    ),
    (
        KindTag::Users,
        &[
            "users",
            "user",
            "clients",
            "client",
            "browser",
            "browsers",
            "internet",
            "visitors",
            "customers",
            "people",
            "umlactor",
            "actor",
            "person",
            "mobile",
            "laptop",
            "pc",
        ],
    ),
    (
        KindTag::Dns,
        &[
            "dns",
            "route 53",
            "route53",
            "route_53",
            "bind",
            "coredns",
            "nameserver",
        ],
    ),
    (
        KindTag::Firewall,
        &[
            "firewall",
            "fw",
            "waf",
            "iptables",
            "security group",
            "nftables",
        ],
    ),
    (
        KindTag::LoadBalancer,
        &[
            "load balancer",
            "loadbalancer",
            "load_balancer",
            "lb",
            "alb",
            "nlb",
            "elb",
            "elastic_load_balancing",
            "application_load_balancer",
            "network_load_balancer",
            "haproxy",
            "traefik",
            "envoy",
            "balancer",
        ],
    ),
    (
        KindTag::Database,
        &[
            "database",
            "db",
            "mysql",
            "postgres",
            "postgresql",
            "mariadb",
            "mongo",
            "mongodb",
            "cylinder",
            "cylinder3",
            "rds",
            "aurora",
            "sql",
            "dynamodb",
            "cassandra",
            "datastore",
            "percona",
            "cockroachdb",
        ],
    ),
    (
        KindTag::Service,
        &[
            "redis",
            "memcached",
            "cache",
            "queue",
            "rabbitmq",
            "kafka",
            "nats",
            "storage",
            "disk",
            "s3",
            "bucket",
            "elasticsearch",
            "opensearch",
            "worker",
            "lambda",
            "api",
            "minio",
            "zookeeper",
            "etcd",
            "celery",
            "sqs",
        ],
    ),
    (
        KindTag::Server,
        &[
            "server",
            "servers",
            "vm",
            "host",
            "machine",
            "ec2",
            "instance",
            "nginx",
            "apache",
            "httpd",
            "caddy",
            "gunicorn",
            "unicorn",
            "tomcat",
            "node",
            "app",
            "application",
            "web",
            "backend",
            "frontend",
            "php",
            "django",
            "rails",
            "flask",
        ],
    ),
];

/// The lowercase words of `text`, split on anything but ASCII letters, digits and `_`.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether `words` contains `phrase` (one word, or several in a row).
fn has_phrase(words: &[String], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(parts.len())
        .any(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
}

/// The kind `text` names, if any word of it is in the table.
pub(crate) fn kind_from_words(text: &str) -> Option<KindTag> {
    let words = words(text);
    KIND_WORDS
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| has_phrase(&words, p)))
        .map(|(tag, _)| *tag)
}

/// The product a text names, for labels ("HAProxy" in "HAProxy 2.8"): its first word of
/// letters, capitalised as written, or empty.
pub(crate) fn product_from(text: &str) -> String {
    text.split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .unwrap_or_default()
}

/// The kind with settings for a guessed `tag`; `hint` (a label or an image name) gives the
/// product and, for a server, its stack.
pub(crate) fn kind_for(tag: KindTag, hint: &str) -> Kind {
    let product = product_from(hint);
    match tag {
        KindTag::LoadBalancer => Kind::LoadBalancer(LoadBalancerSettings {
            product,
            ..LoadBalancerSettings::default()
        }),
        KindTag::Database => Kind::Database(DatabaseSettings {
            engine: database_engine(hint).unwrap_or("MySQL").to_owned(),
            ..DatabaseSettings::default()
        }),
        KindTag::Service => Kind::Service(GenericServiceSettings {
            product,
            ..GenericServiceSettings::default()
        }),
        KindTag::MonitoringClient => Kind::MonitoringClient(MonitoringClientSettings {
            product,
            ..MonitoringClientSettings::default()
        }),
        KindTag::MonitoringService => {
            Kind::MonitoringService(MonitoringServiceSettings { product })
        }
        KindTag::Server => Kind::Server(ServerSettings {
            services: stack_from_words(hint),
        }),
        KindTag::Cache => Kind::Cache(crate::model::CacheSettings {
            product: product_or(product, "Redis"),
            ..crate::model::CacheSettings::default()
        }),
        KindTag::Cdn => Kind::Cdn(crate::model::CdnSettings {
            product: product_or(product, "CloudFront"),
            ..crate::model::CdnSettings::default()
        }),
        KindTag::Queue => Kind::Queue(crate::model::QueueSettings {
            product: product_or(product, "RabbitMQ"),
            ..crate::model::QueueSettings::default()
        }),
        KindTag::ObjectStorage => Kind::ObjectStorage(crate::model::ObjectStorageSettings {
            product: product_or(product, "S3"),
        }),
        KindTag::Users | KindTag::Dns | KindTag::Firewall => Kind::default_for(tag),
    }
}

/// `product`, or `default` when the hint named none.
fn product_or(product: String, default: &str) -> String {
    if product.is_empty() {
        default.to_owned()
    } else {
        product
    }
}

/// The database engine a text names.
pub(crate) fn database_engine(text: &str) -> Option<&'static str> {
    let words = words(text);
    [
        ("mysql", "MySQL"),
        ("mariadb", "MariaDB"),
        ("postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("mongo", "MongoDB"),
        ("mongodb", "MongoDB"),
        ("percona", "Percona"),
    ]
    .into_iter()
    .find(|(w, _)| words.iter().any(|x| x == w))
    .map(|(_, name)| name)
}

/// A server's stack from the words of its label: a web server, an application server and a
/// database where named; an application server alone when nothing is named.
pub(crate) fn stack_from_words(text: &str) -> Vec<Service> {
    let words = words(text);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let workers = |workers, service_time_ms| Capacity::Workers {
        workers,
        service_time_ms,
    };
    let mut stack = Vec::new();
    if has(&["nginx", "apache", "httpd", "caddy", "web"]) {
        let product = if has(&["apache", "httpd"]) {
            "Apache"
        } else {
            "Nginx"
        };
        stack.push(
            Service::new("web", ServiceKind::WebServer, product).with_capacity(workers(8, 2.0)),
        );
    }
    let app = has(&[
        "app",
        "application",
        "gunicorn",
        "unicorn",
        "tomcat",
        "node",
        "php",
        "django",
        "rails",
        "flask",
        "backend",
        "api",
    ]);
    if app || stack.is_empty() {
        stack.push(
            Service::new("app", ServiceKind::AppServer, "application server")
                .with_capacity(workers(16, 12.0)),
        );
    }
    if let Some(engine) = database_engine(text) {
        stack.push(
            Service::new("db", ServiceKind::Database, engine).with_capacity(workers(32, 4.0)),
        );
    }
    stack
}

/// The protocol and port a link label names ("HTTPS", "MySQL 3306", "TLS :8443"), if any.
pub(crate) fn protocol_from_label(label: &str) -> (Option<Protocol>, Option<u16>) {
    let words = words(label);
    let has = |w: &str| words.iter().any(|x| x == w);
    let tls = has("tls") || has("ssl");
    let protocol = if has("https") {
        Some(Protocol::Https)
    } else if has("mysql") || has("sql") || has("postgres") {
        Some(if tls {
            Protocol::MySqlTls
        } else {
            Protocol::MySql
        })
    } else if has("dns") {
        Some(if tls {
            Protocol::DnsOverTls
        } else {
            Protocol::Dns
        })
    } else if has("syslog") {
        Some(if tls {
            Protocol::SyslogTls
        } else {
            Protocol::Syslog
        })
    } else if has("snmpv3") {
        Some(Protocol::SnmpV3)
    } else if has("snmp") {
        Some(Protocol::Snmp)
    } else if has("ssh") {
        Some(Protocol::Ssh)
    } else if has("http") {
        Some(Protocol::Http)
    } else if has("tcp") {
        Some(if tls { Protocol::TcpTls } else { Protocol::Tcp })
    } else if tls {
        Some(Protocol::Https)
    } else {
        None
    };
    let port = words
        .iter()
        .find_map(|w| w.parse::<u16>().ok().filter(|p| *p > 0));
    (protocol, port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_words() {
        assert_eq!(kind_from_words("HAProxy 2.8"), Some(KindTag::LoadBalancer));
        assert_eq!(
            kind_from_words("shape=mxgraph.networks.firewall"),
            Some(KindTag::Firewall)
        );
        assert_eq!(kind_from_words("MySQL primary"), Some(KindTag::Database));
        assert_eq!(
            kind_from_words("Sumo Logic agent"),
            Some(KindTag::MonitoringClient)
        );
        assert_eq!(
            kind_from_words("Load balancer"),
            Some(KindTag::LoadBalancer)
        );
        assert_eq!(kind_from_words("zzz"), None);
    }

    #[test]
    fn protocols_come_from_labels() {
        assert_eq!(
            protocol_from_label("HTTPS 443"),
            (Some(Protocol::Https), Some(443))
        );
        assert_eq!(
            protocol_from_label("MySQL/TLS"),
            (Some(Protocol::MySqlTls), None)
        );
        assert_eq!(protocol_from_label(""), (None, None));
    }
}
