//! The cells of one draw.io page (`<mxCell>`, or `<object>`/`<UserObject>` wrapping one):
//! ids, labels as plain text, styles as key/value pairs, geometry and custom data.

use std::collections::BTreeMap;

use crate::model::MAX_COORDINATE;

/// One cell of the model.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    /// Cell id.
    pub id: String,
    /// The label as plain text (HTML removed), lines joined with `\n`.
    pub label: String,
    /// The raw style string.
    pub style: String,
    /// Whether the cell is a shape.
    pub vertex: bool,
    /// Whether the cell is a connector.
    pub edge: bool,
    /// Parent cell id.
    pub parent: Option<String>,
    /// Edge source cell id.
    pub source: Option<String>,
    /// Edge target cell id.
    pub target: Option<String>,
    /// `x, y, width, height` relative to the parent, when the cell has a geometry.
    pub geometry: Option<[f32; 4]>,
    /// Custom data of a wrapping `<object>` (every attribute but `id` and `label`).
    pub data: BTreeMap<String, String>,
}

impl Cell {
    /// The style's value for `key` (`shape` in `shape=cylinder3;...`).
    pub fn style_value(&self, key: &str) -> Option<&str> {
        self.style.split(';').find_map(|part| {
            let (k, v) = part.split_once('=')?;
            (k.trim() == key).then_some(v.trim())
        })
    }

    /// Whether the style has the bare name `name` (`text`, `swimlane`, `group`).
    pub fn style_has(&self, name: &str) -> bool {
        self.style
            .split(';')
            .any(|part| !part.contains('=') && part.trim() == name)
    }
}

/// The cells of `model_xml`, in document order.
///
/// # Errors
/// Bad XML, or a geometry number that is not a finite coordinate.
pub(crate) fn cells(model_xml: &str) -> Result<Vec<Cell>, String> {
    let doc = roxmltree::Document::parse(model_xml).map_err(|e| format!("bad XML: {e}"))?;
    let model = doc.root_element();
    let root = model
        .children()
        .find(|n| n.has_tag_name("root"))
        .ok_or("the <mxGraphModel> has no <root>")?;
    let mut out = Vec::new();
    for node in root.children().filter(roxmltree::Node::is_element) {
        let (cell_node, wrapper) = match node.tag_name().name() {
            "mxCell" => (node, None),
            "object" | "UserObject" => (
                node.children()
                    .find(|n| n.has_tag_name("mxCell"))
                    .ok_or_else(|| {
                        format!(
                            "<{}> `{}` has no <mxCell>",
                            node.tag_name().name(),
                            node.attribute("id").unwrap_or("?")
                        )
                    })?,
                Some(node),
            ),
            _ => continue,
        };
        let id = wrapper
            .and_then(|w| w.attribute("id"))
            .or_else(|| cell_node.attribute("id"))
            .ok_or("a cell without an id")?
            .to_owned();
        let label = wrapper
            .and_then(|w| w.attribute("label"))
            .or_else(|| cell_node.attribute("value"))
            .unwrap_or_default();
        let data = wrapper
            .map(|w| {
                w.attributes()
                    .filter(|a| !matches!(a.name(), "id" | "label" | "placeholders"))
                    .map(|a| (a.name().to_owned(), a.value().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let geometry = match cell_node.children().find(|n| n.has_tag_name("mxGeometry")) {
            Some(g) => {
                let num = |name: &str| -> Result<f32, String> {
                    let Some(text) = g.attribute(name) else {
                        return Ok(0.0);
                    };
                    text.trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|v| v.is_finite() && v.abs() <= MAX_COORDINATE)
                        .ok_or_else(|| {
                            format!("cell `{id}` has {name}=\"{text}\", not a coordinate")
                        })
                };
                Some([num("x")?, num("y")?, num("width")?, num("height")?])
            }
            None => None,
        };
        let flag = |name: &str| cell_node.attribute(name) == Some("1");
        out.push(Cell {
            label: plain_text(label),
            style: cell_node.attribute("style").unwrap_or_default().to_owned(),
            vertex: flag("vertex"),
            edge: flag("edge"),
            parent: cell_node.attribute("parent").map(str::to_owned),
            source: cell_node.attribute("source").map(str::to_owned),
            target: cell_node.attribute("target").map(str::to_owned),
            geometry,
            data,
            id,
        });
    }
    Ok(out)
}

/// A draw.io label as plain text: HTML tags removed (line breaks kept), entities decoded,
/// blank lines dropped.
pub(crate) fn plain_text(label: &str) -> String {
    let mut text = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            text.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if ["br", "div", "p", "li", "tr", "h1", "h2", "h3"]
            .iter()
            .any(|t| {
                tag == *t || tag.starts_with(&format!("{t} ")) || tag.starts_with(&format!("{t}/"))
            })
        {
            text.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let decoded = decode_entities(&text);
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// HTML entities left in a label after XML unescaping (`&nbsp;`, `&amp;`, `&#39;`).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let ch = match name {
                "nbsp" => Some(' '),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((ch, e))
        });
        match decoded {
            Some((ch, e)) => {
                out.push(ch);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_their_html() {
        assert_eq!(plain_text("<b>HAProxy</b><br>LB&nbsp;1"), "HAProxy\nLB 1");
        assert_eq!(plain_text("<div>a</div><div>b &amp; c</div>"), "a\nb & c");
        assert_eq!(plain_text("x < y"), "x < y");
        assert_eq!(plain_text("&#65;&#x42;&bogus"), "AB&bogus");
    }
}
