//! How large a design may be: counts, sizes and text lengths that [`super::validate`] enforces,
//! so that whatever it accepts can be analysed, drawn and exported in bounded time and memory.
//! The limits are far above any drawn design and are listed in `docs/file-format.md`.
//!
//! Also how values from outside are shown in messages: huge numbers in short scientific form
//! ([`short_number`]) and overlong words cut in the middle ([`shorten_words`]).

use std::fmt::Write as _;

use super::component::{Component, Kind};
use super::design::Design;
use super::validate::Problem;

/// Most components in a design.
pub const MAX_COMPONENTS: usize = 100_000;
/// Most links in a design.
pub const MAX_LINKS: usize = 500_000;
/// Most services on one server.
pub const MAX_SERVICES: usize = 64;
/// Most rules on one firewall.
pub const MAX_FIREWALL_RULES: usize = 1_000;
/// Most domains on one certificate.
pub const MAX_CERTIFICATE_DOMAINS: usize = 100;
/// Most telemetry kinds a monitoring client collects.
pub const MAX_TELEMETRY: usize = 16;
/// Largest width or height of a resized component, in canvas units.
pub const MAX_SIZE: f32 = 10_000.0;
/// Longest name, product, engine or domain, in characters.
pub const MAX_TEXT_CHARS: usize = 256;

/// Longest word [`shorten_words`] leaves whole, in characters.
pub const MAX_WORD_CHARS: usize = 120;

fn too_many(problems: &mut Vec<Problem>, field: String, count: usize, limit: usize) {
    if count > limit {
        problems.push(Problem::BadNumber {
            field,
            why: format!("holds {count} entries, over the limit of {limit}"),
        });
    }
}

fn too_long(problems: &mut Vec<Problem>, field: impl FnOnce() -> String, text: &str) {
    // Bytes first: only a long text is worth counting characters in.
    if text.len() > MAX_TEXT_CHARS && text.chars().count() > MAX_TEXT_CHARS {
        problems.push(Problem::BadNumber {
            field: field(),
            why: format!(
                "is {} characters long, over the limit of {MAX_TEXT_CHARS}",
                text.chars().count()
            ),
        });
    }
}

/// Every limit `design` exceeds, as problems (errors), pushed onto `problems`.
pub(crate) fn check_limits(design: &Design, problems: &mut Vec<Problem>) {
    too_many(
        problems,
        "components".to_owned(),
        design.components.len(),
        MAX_COMPONENTS,
    );
    too_many(problems, "links".to_owned(), design.links.len(), MAX_LINKS);
    too_long(problems, || "name".to_owned(), &design.name);
    too_long(problems, || "domain".to_owned(), &design.domain);
    for c in &design.components {
        check_component_limits(c, problems);
    }
}

fn check_component_limits(c: &Component, problems: &mut Vec<Problem>) {
    let at = || format!("components[{}]", c.id);
    too_long(problems, || format!("{}.name", at()), &c.name);
    if let Some(cert) = &c.tls.certificate {
        too_many(
            problems,
            format!("{}.tls.certificate.domains", at()),
            cert.domains.len(),
            MAX_CERTIFICATE_DOMAINS,
        );
        for d in &cert.domains {
            too_long(problems, || format!("{}.tls.certificate.domains", at()), d);
        }
    }
    let product = |problems: &mut Vec<Problem>, field: &str, text: &str| {
        too_long(problems, || format!("{}.{field}", at()), text);
    };
    match &c.kind {
        Kind::Users | Kind::Dns => {}
        Kind::Firewall(fw) => too_many(
            problems,
            format!("{}.rules", at()),
            fw.rules.len(),
            MAX_FIREWALL_RULES,
        ),
        Kind::LoadBalancer(lb) => product(problems, "product", &lb.product),
        Kind::MonitoringClient(m) => {
            product(problems, "product", &m.product);
            too_many(
                problems,
                format!("{}.collects", at()),
                m.collects.len(),
                MAX_TELEMETRY,
            );
        }
        Kind::MonitoringService(m) => product(problems, "product", &m.product),
        Kind::Database(db) => product(problems, "engine", &db.engine),
        Kind::Service(s) => product(problems, "product", &s.product),
        Kind::Cache(s) => product(problems, "product", &s.product),
        Kind::Cdn(s) => product(problems, "product", &s.product),
        Kind::Queue(s) => product(problems, "product", &s.product),
        Kind::ObjectStorage(s) => product(problems, "product", &s.product),
        Kind::Server(server) => {
            too_many(
                problems,
                format!("{}.services", at()),
                server.services.len(),
                MAX_SERVICES,
            );
            for s in &server.services {
                product(problems, &format!("services[{}].product", s.id), &s.product);
                if let Some(db) = &s.database {
                    product(problems, &format!("services[{}].engine", s.id), &db.engine);
                }
            }
        }
    }
}

/// `value` as a person reads it in a message: plain for everyday magnitudes, scientific
/// (`1e308`, `-2.5e-9`) for huge or tiny ones, never 309 digits.
pub fn short_number(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && value != 0.0 && !(1e-6..1e15).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// `text` with every word (run without spaces) longer than [`MAX_WORD_CHARS`] cut in the
/// middle, saying how long it was: a 10 MB id in a message becomes a line.
pub fn shorten_words(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .split(' ')
        .any(|w| w.len() > MAX_WORD_CHARS && w.chars().count() > MAX_WORD_CHARS)
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let count = word.chars().count();
        if count > MAX_WORD_CHARS {
            let head: String = word.chars().take(MAX_WORD_CHARS / 2).collect();
            let tail: String = word.chars().skip(count - 8).collect();
            let _ = write!(out, "{head}…[{count} characters]…{tail}");
        } else {
            out.push_str(word);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(short_number(1e308), "1e308");
        assert_eq!(short_number(-5.0), "-5");
        assert_eq!(short_number(1500.5), "1500.5");
        assert_eq!(short_number(2.5e-9), "2.5e-9");
        assert_eq!(short_number(f64::NAN), "NaN");
    }

    #[test]
    fn long_words_are_cut() {
        let id = "x".repeat(10_000);
        let text = format!("id `{id}` is bad");
        let short = shorten_words(&text);
        assert!(short.len() < 200, "{short}");
        assert!(short.starts_with("id `xxx") && short.ends_with("xxx` is bad"));
        assert!(short.contains("[10002 characters]"), "{short}");
        assert_eq!(shorten_words("short words"), "short words");
    }
}
