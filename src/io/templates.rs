//! The whiteboard templates, built into the binary from `saves/`.

use std::path::Path;

use super::{LoadError, design_from_str};
use crate::model::Design;

/// One built-in template.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// Short name used on the command line (`secured-monitored-web-infrastructure`).
    pub name: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// The file text, exactly as in `saves/NAME.ron`.
    pub text: &'static str,
}

impl Template {
    /// Parses the template.
    ///
    /// # Errors
    /// Only if the shipped file is broken, which the test suite rules out.
    pub fn design(&self) -> Result<Design, LoadError> {
        design_from_str(self.text, Path::new(&format!("<template {}>", self.name)))
    }

    /// The file name in `saves/`.
    pub fn file_name(&self) -> String {
        format!("{}.ron", self.name)
    }
}

/// The template opened when Infraboard starts with no file.
pub const REFERENCE: &str = "secured-monitored-web-infrastructure";

/// Every built-in template, in whiteboard order.
pub const TEMPLATES: [Template; 5] = [
    Template {
        name: "simple-web-stack",
        description: "one server (Nginx, application server, code, MySQL) for www.foobar.com",
        text: include_str!("../../saves/simple-web-stack.ron"),
    },
    Template {
        name: "distributed-web-infrastructure",
        description: "HAProxy and two servers; MySQL primary on one, replica on the other",
        text: include_str!("../../saves/distributed-web-infrastructure.ron"),
    },
    Template {
        name: REFERENCE,
        description: "the reference: 3 firewalls, HTTPS at the load balancer, monitoring by Sumo Logic",
        text: include_str!("../../saves/secured-monitored-web-infrastructure.ron"),
    },
    Template {
        name: "scale-up",
        description: "the reference with its three issues fixed: LB pair, TLS to every tier, split tiers, multi-primary DB",
        text: include_str!("../../saves/scale-up.ron"),
    },
    Template {
        name: "scale-up-with-cache-cdn-queue",
        description: "scale-up grown: a CDN with object storage in front, a Redis cache before the databases, writes through RabbitMQ to workers",
        text: include_str!("../../saves/scale-up-with-cache-cdn-queue.ron"),
    },
];

/// The template called `name`.
pub fn template(name: &str) -> Option<&'static Template> {
    let name = name.strip_suffix(".ron").unwrap_or(name);
    TEMPLATES.iter().find(|t| t.name == name)
}

/// The reference design (secured and monitored three-server infrastructure).
///
/// # Errors
/// Only if the shipped file is broken, which the test suite rules out.
pub fn reference_design() -> Result<Design, LoadError> {
    TEMPLATES
        .iter()
        .find(|t| t.name == REFERENCE)
        .map_or_else(|| Ok(Design::default()), Template::design)
}
