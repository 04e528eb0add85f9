//! Whether a file is an Infraboard design to open or a diagram to import, read from its
//! content: `.xml`, `.yml` and `.yaml` say little (a Maven `pom.xml`, a CI workflow), and a
//! file of either kind may carry any name. Used by File → Open, File → Import… and dropped
//! files, so that each file goes to the reader that understands it and a file that is neither
//! gets one clear message.

use std::path::Path;

use super::ImportFormat;
use super::mermaid::looks_like_mermaid;
use crate::io::embedded::embedded_design_text;

/// How much of a file [`route`] needs to look at.
pub const ROUTE_HEAD_BYTES: u64 = 1024 * 1024;

/// Where a file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// An Infraboard design (RON, or a PNG/SVG exported by Infraboard): open it.
    Design,
    /// A diagram of another tool: import it.
    Import(ImportFormat),
    /// Neither, though its name suggests one of them: why, in plain words.
    Neither(String),
    /// The content does not say; go by the name (the reader then says what is wrong).
    ByName,
}

/// The names whose extension does not tell a design from a diagram to import.
fn ambiguous_name(name: &str) -> Option<&'static str> {
    if name.ends_with(".xml") {
        Some("XML")
    } else if name.ends_with(".yml") || name.ends_with(".yaml") {
        Some("YAML")
    } else {
        None
    }
}

/// What a design file looks like, for messages.
const DESIGN_LOOKS_LIKE: &str = "an Infraboard design is a RON file starting with \
     `(format_version: 1, design: (...))`, or a PNG or SVG exported by Infraboard";

/// Routes the file at `path` whose first bytes (at least [`ROUTE_HEAD_BYTES`] when the file
/// is that long) are `head`.
pub fn route(path: &Path, head: &[u8]) -> Route {
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if let Some(Ok(_)) = embedded_design_text(head) {
        return Route::Design;
    }
    // A RON design starts with its parenthesis, a comment or an extensions attribute.
    if ["(", "//", "/*", "#!["]
        .iter()
        .any(|p| trimmed.starts_with(p))
    {
        return Route::Design;
    }
    if text.contains("mxfile") || text.contains("mxGraphModel") {
        return Route::Import(ImportFormat::Drawio);
    }
    if looks_like_mermaid(trimmed) {
        return Route::Import(ImportFormat::Mermaid);
    }
    if text.lines().any(|l| l.trim_end() == "services:") {
        return Route::Import(ImportFormat::Compose);
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ambiguous_name(&name) {
        Some("XML") => Route::Neither(format!(
            "{}: this XML file is not a draw.io diagram (it has no <mxfile> or <mxGraphModel>) \
             and not an Infraboard design ({DESIGN_LOOKS_LIKE}). Export the diagram from \
             draw.io as .drawio or uncompressed .xml, or open a design file.",
            path.display()
        )),
        Some(_) => Route::Neither(format!(
            "{}: this YAML file is not a Docker Compose file (it has no top-level `services:`) \
             and not an Infraboard design ({DESIGN_LOOKS_LIKE}).",
            path.display()
        )),
        None => Route::ByName,
    }
}

/// Reads the start of the file at `path` and routes it; `ByName` when it cannot be read (the
/// reader then reports why).
pub fn route_file(path: &Path) -> Route {
    use std::io::Read;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return Route::ByName;
    };
    match file.take(ROUTE_HEAD_BYTES).read_to_end(&mut head) {
        Ok(_) => route(path, &head),
        Err(_) => Route::ByName,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(name: &str, text: &str) -> Route {
        route(Path::new(name), text.as_bytes())
    }

    #[test]
    fn content_decides_where_the_name_is_ambiguous() {
        assert_eq!(
            r("x.xml", "<mxfile host=\"app\"><diagram/></mxfile>"),
            Route::Import(ImportFormat::Drawio)
        );
        assert_eq!(
            r("x.yml", "(format_version: 1, design: (name: \"a\"))"),
            Route::Design
        );
        assert_eq!(
            r(
                "compose.yaml",
                "version: '3'\nservices:\n  web:\n    image: nginx\n"
            ),
            Route::Import(ImportFormat::Compose)
        );
        assert_eq!(
            r("notes.yml", "architecture-beta\n  service a(server)[A]\n"),
            Route::Import(ImportFormat::Mermaid)
        );
        assert!(
            matches!(r("pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>"), Route::Neither(m) if m.contains("not a draw.io diagram"))
        );
        assert!(
            matches!(r("ci.yml", "on: push\njobs:\n  build:\n    runs-on: x\n"), Route::Neither(m) if m.contains("not a Docker Compose file"))
        );
        assert_eq!(r("x.ron", "garbage"), Route::ByName);
    }
}
