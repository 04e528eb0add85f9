//! The bundled 24×24 stroke icons, embedded in the binary and tinted when written into SVG.

use std::sync::OnceLock;

/// Every bundled icon: name and file text.
pub const ICONS: [(&str, &str); 21] = [
    ("users", include_str!("../../assets/icons/users.svg")),
    ("dns", include_str!("../../assets/icons/dns.svg")),
    ("firewall", include_str!("../../assets/icons/firewall.svg")),
    (
        "load_balancer",
        include_str!("../../assets/icons/load_balancer.svg"),
    ),
    ("server", include_str!("../../assets/icons/server.svg")),
    (
        "monitoring_client",
        include_str!("../../assets/icons/monitoring_client.svg"),
    ),
    (
        "monitoring_service",
        include_str!("../../assets/icons/monitoring_service.svg"),
    ),
    ("database", include_str!("../../assets/icons/database.svg")),
    ("service", include_str!("../../assets/icons/service.svg")),
    ("cache", include_str!("../../assets/icons/cache.svg")),
    ("cdn", include_str!("../../assets/icons/cdn.svg")),
    ("queue", include_str!("../../assets/icons/queue.svg")),
    (
        "object_storage",
        include_str!("../../assets/icons/object_storage.svg"),
    ),
    (
        "web_server",
        include_str!("../../assets/icons/web_server.svg"),
    ),
    (
        "app_server",
        include_str!("../../assets/icons/app_server.svg"),
    ),
    (
        "app_files",
        include_str!("../../assets/icons/app_files.svg"),
    ),
    (
        "lock_closed",
        include_str!("../../assets/icons/lock_closed.svg"),
    ),
    (
        "lock_open",
        include_str!("../../assets/icons/lock_open.svg"),
    ),
    ("warning", include_str!("../../assets/icons/warning.svg")),
    ("error", include_str!("../../assets/icons/error.svg")),
    ("info", include_str!("../../assets/icons/info.svg")),
];

/// The file text of icon `name`, if bundled (the canvas loads these as images).
pub fn icon_svg(name: &str) -> Option<&'static str> {
    ICONS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The file text of icon `name` with its black strokes and fills replaced by `tint`, for
/// loading as an image (egui tints by multiplying, which leaves black black).
pub fn tinted_icon_svg(name: &str, tint: crate::theme::Rgba) -> Option<String> {
    icon_svg(name).map(|text| text.replace("#000000", &tint.hex()))
}

/// An icon split for inlining: presentation attributes of its root and its body.
#[derive(Debug, Clone)]
pub(crate) struct InlineIcon {
    /// Root attributes other than size and namespaces, e.g. `fill="none" stroke="#000000"`.
    pub attributes: String,
    /// Everything inside the root element.
    pub body: String,
    /// Edge of the view box (24 for the bundled icons).
    pub view_px: f32,
}

fn split(text: &str) -> Option<InlineIcon> {
    let start = text.find("<svg")?;
    let open_end = start + text.get(start..)?.find('>')?;
    let open = text.get(start + 4..open_end)?.trim_end_matches('/');
    let close = text.rfind("</svg>")?;
    let body = text.get(open_end + 1..close)?.trim().to_owned();
    let mut attributes = Vec::new();
    let mut view_px = 24.0;
    // Attributes are `name="value"` pairs separated by whitespace.
    let mut rest = open.trim();
    while let Some(eq) = rest.find("=\"") {
        let name = rest.get(..eq)?.trim();
        let after = rest.get(eq + 2..)?;
        let end = after.find('"')?;
        let value = after.get(..end)?;
        match name {
            "xmlns" | "width" | "height" => {}
            "viewBox" => {
                view_px = value
                    .split_whitespace()
                    .nth(2)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(24.0);
            }
            _ => attributes.push(format!("{name}=\"{value}\"")),
        }
        rest = after.get(end + 1..)?.trim_start();
    }
    Some(InlineIcon {
        attributes: attributes.join(" "),
        body,
        view_px,
    })
}

/// The icon `name` split for inlining (cached), or `None` if it is not bundled.
pub(crate) fn inline_icon(name: &str) -> Option<&'static InlineIcon> {
    static PARSED: OnceLock<Vec<(&'static str, Option<InlineIcon>)>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| ICONS.iter().map(|(n, t)| (*n, split(t))).collect());
    parsed
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, i)| i.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KindTag, ServiceKind};

    #[test]
    fn every_kind_and_service_has_an_icon() {
        for k in KindTag::ALL {
            assert!(inline_icon(k.key()).is_some(), "{}", k.key());
        }
        for s in ServiceKind::ALL {
            assert!(inline_icon(s.key()).is_some(), "{}", s.key());
        }
        let lock = inline_icon("lock_closed").unwrap();
        assert!(lock.attributes.contains("stroke=\"#000000\""));
        assert!(!lock.attributes.contains("xmlns"));
        assert_eq!(lock.view_px, 24.0);
        let red = tinted_icon_svg("lock_open", crate::theme::Rgba::rgb(255, 0, 0)).unwrap();
        assert!(red.contains("#ff0000") && !red.contains("#000000"));
    }
}
