//! Docker Compose import. Services become components, their kind guessed from the image
//! (nginx/haproxy/traefik → web server or load balancer, mysql/postgres/mariadb → database,
//! redis → a generic service, prometheus → monitoring, ...); `depends_on` (short and long
//! form) and `links` become links, and so do shared networks where no dependency is
//! declared; `deploy.replicas` (or `scale`) becomes replicas; published ports become links
//! from the Internet's users; a backend's `healthcheck` sets the health checks of the load
//! balancer in front of it. Compose files carry no positions, so the design is laid out.

use std::collections::{BTreeMap, BTreeSet};

use serde_norway::Value;

use super::build::{DesignBuilder, LinkHints};
use super::db_roles::{DbSource, assign_roles};
use super::guess::{database_engine, kind_for, kind_from_words};
use crate::model::{Endpoint, Kind, KindTag, LinkPurpose, MAX_WORKERS, Protocol, ServiceKind};

/// One Compose service as far as the import needs it.
#[derive(Debug, Default)]
struct ComposeService {
    name: String,
    image: String,
    depends_on: Vec<String>,
    networks: Vec<String>,
    replicas: Option<u32>,
    /// Published `(host port, container port, reachable from outside)`.
    ports: Vec<(u16, u16, bool)>,
    /// Health check `(interval_s, retries)`.
    health: Option<(f64, u32)>,
    /// `environment:` as `(key, value)` (a database's replication settings live there).
    env: Vec<(String, String)>,
}

/// Reads a Compose file into a design under construction.
pub(crate) fn read(bytes: &[u8], name: &str) -> Result<DesignBuilder, String> {
    let mut root: Value = serde_norway::from_slice(bytes).map_err(|e| format!("bad YAML: {e}"))?;
    root.apply_merge()
        .map_err(|e| format!("bad YAML merge key: {e}"))?;
    let root = root
        .as_mapping()
        .ok_or("the file is not a YAML mapping with `services:`")?;
    let services = root
        .get("services")
        .ok_or("no `services:` section")?
        .as_mapping()
        .ok_or("`services:` is not a mapping of service names to services")?;
    if services.is_empty() {
        return Err("`services:` is empty".to_owned());
    }
    let parsed = services
        .iter()
        .map(|(k, v)| {
            let name = k
                .as_str()
                .ok_or_else(|| format!("a service name is not text: {k:?}"))?;
            service(name, v).map_err(|e| format!("service `{name}`: {e}"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let known: BTreeSet<&str> = parsed.iter().map(|s| s.name.as_str()).collect();
    for s in &parsed {
        if let Some(missing) = s.depends_on.iter().find(|d| !known.contains(d.as_str())) {
            return Err(format!(
                "service `{}` depends on `{missing}`, which is not defined",
                s.name
            ));
        }
    }
    let design_name = root.get("name").and_then(Value::as_str).unwrap_or(name);
    let mut b = DesignBuilder::new(design_name, "Docker Compose");
    let mut ids = BTreeMap::new();
    for s in &parsed {
        let (kind, note) = kind_of(s);
        let id = b.add_component(Some(&s.name), &s.name, kind, None);
        b.guessed(&format!("service `{}`", s.name), format!("`{id}`: {note}"));
        if let Some(r) = s.replicas
            && let Some(c) = b.design_mut().component_mut(id.as_str())
        {
            c.replicas = r;
        }
        ids.insert(s.name.clone(), id);
    }
    published_ports(&mut b, &parsed, &ids);
    for s in &parsed {
        for dep in &s.depends_on {
            let subject = format!("service `{}` depends_on `{dep}`", s.name);
            let hints = port_hints(&parsed, dep);
            b.add_link(
                &subject,
                Endpoint::component(ids[&s.name].as_str()),
                Endpoint::component(ids[dep].as_str()),
                &hints,
            );
        }
    }
    shared_networks(&mut b, &parsed, &ids);
    health_checks(&mut b, &parsed, &ids);
    let databases: Vec<(crate::model::ComponentId, DbSource<'_>)> = parsed
        .iter()
        .filter(|s| {
            b.design()
                .component(ids[&s.name].as_str())
                .is_some_and(|c| c.tag() == KindTag::Database)
        })
        .map(|s| {
            (
                ids[&s.name].clone(),
                DbSource {
                    name: &s.name,
                    env: &s.env,
                },
            )
        })
        .collect();
    assign_roles(&mut b, &databases);
    Ok(b)
}

/// One service's fields.
fn service(name: &str, v: &Value) -> Result<ComposeService, String> {
    let m = match v {
        Value::Mapping(m) => m,
        Value::Null => {
            return Ok(ComposeService {
                name: name.to_owned(),
                ..ComposeService::default()
            });
        }
        _ => return Err("is not a mapping".to_owned()),
    };
    let text = |key: &str| m.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut s = ComposeService {
        name: name.to_owned(),
        image: text("image").unwrap_or_default(),
        ..ComposeService::default()
    };
    for key in ["depends_on", "links"] {
        match m.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Sequence(list)) => {
                for item in list {
                    let dep = item
                        .as_str()
                        .ok_or_else(|| format!("`{key}` lists a non-text entry"))?;
                    // `links: ["db:database"]` names the service before the colon.
                    s.depends_on
                        .push(dep.split(':').next().unwrap_or(dep).to_owned());
                }
            }
            Some(Value::Mapping(deps)) => {
                for (k, _) in deps {
                    s.depends_on.push(
                        k.as_str()
                            .ok_or_else(|| format!("`{key}` has a non-text key"))?
                            .to_owned(),
                    );
                }
            }
            Some(_) => return Err(format!("`{key}` is neither a list nor a mapping")),
        }
    }
    s.depends_on.dedup();
    s.networks = match m.get("networks") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Sequence(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::Mapping(nets)) => nets
            .iter()
            .filter_map(|(k, _)| k.as_str())
            .map(str::to_owned)
            .collect(),
        Some(_) => return Err("`networks` is neither a list nor a mapping".to_owned()),
    };
    let replicas = m
        .get("deploy")
        .and_then(|d| d.get("replicas"))
        .or_else(|| m.get("scale"));
    if let Some(r) = replicas {
        let n = r
            .as_u64()
            .ok_or_else(|| format!("`deploy.replicas` is {}, not a whole number", short(r)))?;
        let n = u32::try_from(n)
            .ok()
            .filter(|n| *n <= MAX_WORKERS)
            .ok_or_else(|| format!("`deploy.replicas` {n} is over the limit of {MAX_WORKERS}"))?;
        s.replicas = Some(n.max(1));
    }
    if let Some(ports) = m.get("ports") {
        let list = ports.as_sequence().ok_or("`ports` is not a list")?;
        for p in list {
            s.ports.push(port(p)?);
        }
    }
    s.env = match m.get("environment") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Mapping(vars)) => vars
            .iter()
            .filter_map(|(k, v)| {
                let value = v
                    .as_str()
                    .map(str::to_owned)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
                    .unwrap_or_default();
                Some((k.as_str()?.to_owned(), value))
            })
            .collect(),
        Some(Value::Sequence(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (kv.to_owned(), String::new()),
            })
            .collect(),
        Some(_) => return Err("`environment` is neither a list nor a mapping".to_owned()),
    };
    if let Some(h) = m.get("healthcheck").and_then(Value::as_mapping)
        && h.get("disable").and_then(Value::as_bool) != Some(true)
    {
        let interval_s = match h.get("interval").and_then(Value::as_str) {
            Some(t) => duration_s(t).ok_or_else(|| {
                format!("`healthcheck.interval` `{t}` is not a duration like 10s or 1m30s")
            })?,
            None => 30.0,
        };
        let retries = match h.get("retries") {
            Some(r) => r
                .as_u64()
                .and_then(|r| u32::try_from(r).ok())
                .filter(|r| (1..=1000).contains(r))
                .ok_or_else(|| {
                    format!(
                        "`healthcheck.retries` is {}, not a count from 1 to 1000",
                        short(r)
                    )
                })?,
            None => 3,
        };
        s.health = Some((interval_s, retries));
    }
    Ok(s)
}

/// A short rendering of a YAML value for messages.
fn short(v: &Value) -> String {
    let text = serde_norway::to_string(v).unwrap_or_default();
    let text = text.trim();
    if text.len() > 40 {
        format!(
            "{}…",
            &text[..text.char_indices().nth(40).map_or(text.len(), |(i, _)| i)]
        )
    } else {
        text.to_owned()
    }
}

/// A `ports:` entry: `"8080:80"`, `"127.0.0.1:443:443/tcp"`, `"80"`, `8080` or the long form.
fn port(p: &Value) -> Result<(u16, u16, bool), String> {
    let bad = || format!("port `{}` is not HOST:CONTAINER or a port number", short(p));
    let num = |t: &str| t.trim().parse::<u16>().ok().filter(|n| *n > 0);
    match p {
        Value::Number(n) => {
            let n = n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| *n > 0)
                .ok_or_else(bad)?;
            Ok((n, n, true))
        }
        Value::String(t) => {
            let t = t.split('/').next().unwrap_or(t);
            let parts: Vec<&str> = t.rsplitn(3, ':').collect();
            // A range (`8000-8010:8000-8010`) counts by its first port.
            let first = |t: &str| num(t.split('-').next().unwrap_or(t));
            match parts.as_slice() {
                [container] => first(container).map(|c| (c, c, true)).ok_or_else(bad),
                [container, host] => Ok((
                    first(host).ok_or_else(bad)?,
                    first(container).ok_or_else(bad)?,
                    true,
                )),
                [container, host, ip] => Ok((
                    first(host).ok_or_else(bad)?,
                    first(container).ok_or_else(bad)?,
                    !is_loopback(ip),
                )),
                _ => Err(bad()),
            }
        }
        Value::Mapping(m) => {
            let field = |k: &str| {
                m.get(k).and_then(|v| {
                    v.as_u64()
                        .map(|n| n.to_string())
                        .or_else(|| v.as_str().map(str::to_owned))
                })
            };
            let target = field("target").and_then(|t| num(&t)).ok_or_else(bad)?;
            let published = field("published")
                .and_then(|t| num(t.split('-').next().unwrap_or(&t)))
                .unwrap_or(target);
            let outside = !m
                .get("host_ip")
                .and_then(Value::as_str)
                .is_some_and(is_loopback);
            Ok((published, target, outside))
        }
        _ => Err(bad()),
    }
}

fn is_loopback(ip: &str) -> bool {
    let ip = ip.trim_matches(|c| c == '[' || c == ']');
    ip.starts_with("127.") || ip == "::1" || ip == "localhost"
}

/// A Compose duration (`10s`, `1m30s`, `500ms`, `1h`) in seconds.
fn duration_s(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            "us" => 0.000_001,
            _ => return None,
        };
        total += value * factor;
        rest = &rest[unit_len..];
    }
    (total.is_finite() && total > 0.0 && total <= 86_400.0).then_some(total)
}

/// The last path segment of an image without tag or digest: `docker.io/library/nginx:1.25` →
/// `nginx`.
fn image_base(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last)
}

/// The kind of a service and a note on how it was chosen.
fn kind_of(s: &ComposeService) -> (Kind, String) {
    let base = image_base(&s.image);
    let from_image = kind_from_words(&base.replace('-', " ")).or_else(|| kind_from_words(base));
    let (tag, why) = match from_image {
        Some(t) => (t, format!("image `{base}`")),
        None => match kind_from_words(&s.name) {
            Some(t) => (t, format!("service name `{}`", s.name)),
            None => (
                KindTag::Service,
                "unknown image: a generic service".to_owned(),
            ),
        },
    };
    let web_words = ["nginx", "httpd", "apache", "caddy", "openresty"];
    let is_web = web_words.iter().any(|w| base.contains(w));
    let (tag, why) = if tag == KindTag::Server && is_web && s.depends_on.len() >= 2 {
        (
            KindTag::LoadBalancer,
            format!(
                "{why} in front of {} services: load balancer",
                s.depends_on.len()
            ),
        )
    } else {
        (tag, why)
    };
    let hint = if base.is_empty() {
        s.name.as_str()
    } else {
        base
    };
    let kind = kind_for(tag, &product_name(hint));
    let mut note = format!("{} from {why}", tag.label().to_lowercase());
    match tag {
        KindTag::Service
            if ["redis", "memcached", "valkey", "keydb"]
                .iter()
                .any(|w| base.contains(w)) =>
        {
            note.push_str("; a cache, imported as a generic service");
        }
        _ => {}
    }
    (kind, note)
}

/// A product name from an image: `haproxy` → `HAProxy`, else the name capitalised.
fn product_name(base: &str) -> String {
    if let Some(engine) = database_engine(base) {
        return engine.to_owned();
    }
    match base {
        "haproxy" => "HAProxy".to_owned(),
        "nginx" => "Nginx".to_owned(),
        _ => {
            let mut chars = base.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        }
    }
}

/// The protocol and port for a link to `target`: from the container port it publishes or
/// is known for.
fn port_hints(services: &[ComposeService], target: &str) -> LinkHints {
    let Some(t) = services.iter().find(|s| s.name == target) else {
        return LinkHints::default();
    };
    let port =
        t.ports
            .first()
            .map(|p| p.1)
            .or_else(|| match database_engine(image_base(&t.image)) {
                Some("PostgreSQL") => Some(5432),
                Some("MongoDB") => Some(27017),
                _ => None,
            });
    LinkHints {
        port,
        ..LinkHints::default()
    }
}

/// The protocol a published container port suggests.
fn protocol_for_port(port: u16) -> Option<Protocol> {
    match port {
        443 | 8443 => Some(Protocol::Https),
        80 | 8000 | 8080 | 3000 | 5000 => Some(Protocol::Http),
        3306 => Some(Protocol::MySql),
        53 => Some(Protocol::Dns),
        22 => Some(Protocol::Ssh),
        _ => None,
    }
}

/// Adds the Internet's users and a link to every service published beyond the host.
fn published_ports(
    b: &mut DesignBuilder,
    services: &[ComposeService],
    ids: &BTreeMap<String, crate::model::ComponentId>,
) {
    let exposed: Vec<&ComposeService> = services
        .iter()
        .filter(|s| s.ports.iter().any(|p| p.2))
        .collect();
    for s in services {
        if s.ports.iter().any(|p| !p.2) {
            b.skipped(
                &format!("service `{}` ports", s.name),
                "bound to the loopback address only: not reachable from the Internet",
            );
        }
    }
    if exposed.is_empty() {
        return;
    }
    let users = b.add_component(Some("users"), "Users (Internet)", Kind::Users, None);
    b.guessed(
        &format!("`{users}`"),
        "added: published ports are what the Internet reaches",
    );
    for s in exposed {
        // HTTPS where the service publishes it, else its first published port.
        let Some(&(host, container, _)) = s
            .ports
            .iter()
            .find(|p| p.2 && matches!(p.1, 443 | 8443))
            .or_else(|| s.ports.iter().find(|p| p.2))
        else {
            continue;
        };
        let hints = LinkHints {
            protocol: protocol_for_port(container),
            port: Some(host),
            ..LinkHints::default()
        };
        b.add_link(
            &format!("service `{}` ports", s.name),
            Endpoint::component(users.as_str()),
            Endpoint::component(ids[&s.name].as_str()),
            &hints,
        );
    }
}

/// Where a kind sits in the request chain (for links guessed from shared networks).
fn tier(kind: &Kind) -> Option<u8> {
    match kind {
        Kind::LoadBalancer(_) => Some(1),
        Kind::Server(s) if s.services.iter().any(|x| x.kind == ServiceKind::WebServer) => Some(2),
        Kind::Server(_) | Kind::Service(_) => Some(3),
        Kind::Database(_) => Some(4),
        _ => None,
    }
}

/// Links guessed from shared networks: a service that declares no dependency is linked to
/// the members of each network it shares in the next tier of the request chain.
fn shared_networks(
    b: &mut DesignBuilder,
    services: &[ComposeService],
    ids: &BTreeMap<String, crate::model::ComponentId>,
) {
    let mut members: BTreeMap<&str, Vec<&ComposeService>> = BTreeMap::new();
    for s in services {
        for n in &s.networks {
            if n != "default" {
                members.entry(n.as_str()).or_default().push(s);
            }
        }
    }
    let tier_of = |b: &DesignBuilder, s: &ComposeService| {
        b.design()
            .component(ids[&s.name].as_str())
            .and_then(|c| tier(&c.kind))
    };
    for (net, list) in members {
        for a in &list {
            if !a.depends_on.is_empty() {
                continue;
            }
            let Some(ta) = tier_of(b, a) else { continue };
            let next = list
                .iter()
                .filter_map(|s| tier_of(b, s))
                .filter(|t| *t > ta)
                .min();
            let targets: Vec<&ComposeService> = list
                .iter()
                .copied()
                .filter(|s| next.is_some() && tier_of(b, s) == next)
                .collect();
            for target in targets {
                let (from, to) = (ids[&a.name].clone(), ids[&target.name].clone());
                let linked = b.design().links.iter().any(|l| {
                    (l.from.component == from && l.to.component == to)
                        || (l.from.component == to && l.to.component == from)
                });
                if linked {
                    continue;
                }
                let subject = format!("network `{net}`: `{}` → `{}`", a.name, target.name);
                if b.add_link(
                    &subject,
                    Endpoint::component(from.as_str()),
                    Endpoint::component(to.as_str()),
                    &port_hints(services, &target.name),
                ) {
                    b.guessed(&subject, "linked because they share the network and the next tier of requests is there");
                }
            }
        }
    }
}

/// Sets each load balancer's health checks from the `healthcheck` of its first backend that
/// has one.
fn health_checks(
    b: &mut DesignBuilder,
    services: &[ComposeService],
    ids: &BTreeMap<String, crate::model::ComponentId>,
) {
    let by_id: BTreeMap<&str, &ComposeService> = services
        .iter()
        .map(|s| (ids[&s.name].as_str(), s))
        .collect();
    let mut updates = Vec::new();
    for c in &b.design().components {
        if c.tag() != KindTag::LoadBalancer {
            continue;
        }
        let backend = b
            .design()
            .links
            .iter()
            .filter(|l| l.from.component == c.id && l.purpose == LinkPurpose::Request)
            .find_map(|l| {
                by_id
                    .get(l.to.component.as_str())
                    .and_then(|s| s.health.map(|h| (s.name.clone(), h)))
            });
        if let Some((name, (interval_s, retries))) = backend {
            updates.push((c.id.clone(), name, interval_s, retries));
        }
    }
    for (id, backend, interval_s, retries) in updates {
        if let Some(Kind::LoadBalancer(lb)) = b
            .design_mut()
            .component_mut(id.as_str())
            .map(|c| &mut c.kind)
        {
            lb.health_check.interval_s = interval_s;
            lb.health_check.fall = retries;
        }
        b.guessed(&format!("`{id}` health checks"), format!("every {interval_s} s, down after {retries} failures, from the healthcheck of `{backend}`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(duration_s("10s"), Some(10.0));
        assert_eq!(duration_s("1m30s"), Some(90.0));
        assert_eq!(duration_s("500ms"), Some(0.5));
        assert_eq!(duration_s("ten"), None);
        assert_eq!(duration_s(""), None);
    }

    #[test]
    fn images_lose_registry_and_tag() {
        assert_eq!(image_base("docker.io/library/nginx:1.25-alpine"), "nginx");
        assert_eq!(image_base("postgres@sha256:abc"), "postgres");
        assert_eq!(image_base("haproxy"), "haproxy");
    }

    #[test]
    fn ports_parse() {
        let v = |t: &str| serde_norway::from_str::<Value>(t).unwrap();
        assert_eq!(port(&v("\"8080:80\"")), Ok((8080, 80, true)));
        assert_eq!(
            port(&v("\"127.0.0.1:5432:5432/tcp\"")),
            Ok((5432, 5432, false))
        );
        assert_eq!(port(&v("443")), Ok((443, 443, true)));
        assert_eq!(
            port(&v("{target: 80, published: \"8000\"}")),
            Ok((8000, 80, true))
        );
        assert!(port(&v("\"x:y\"")).is_err());
    }
}
