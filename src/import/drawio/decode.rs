//! Getting the diagram XML out of a draw.io file: plain `<mxfile>` or `<mxGraphModel>` XML,
//! pages compressed the draw.io way (raw deflate, then Base64, of the URI-encoded XML), and
//! the model embedded in a `.drawio.svg` (the root's `content` attribute) or a `.drawio.png`
//! (a `mxfile` text chunk).

use std::io::Read;

use base64::Engine;

use crate::io::embedded::PNG_MAGIC;

/// Largest decompressed page.
const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// One page of the diagram: its name and its `<mxGraphModel>` XML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    /// The page's name in draw.io ("Page-1").
    pub name: String,
    /// The model XML.
    pub model_xml: String,
}

/// The pages of a draw.io file, in order.
///
/// # Errors
/// What is wrong, in words.
pub(crate) fn pages(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let text = if bytes.starts_with(PNG_MAGIC) {
        png_model(bytes)?
    } else {
        std::str::from_utf8(bytes)
            .map_err(|e| format!("the file is not UTF-8 text ({e})"))?
            .trim_start_matches('\u{feff}')
            .to_owned()
    };
    let doc = roxmltree::Document::parse(&text).map_err(|e| format!("bad XML: {e}"))?;
    let root = doc.root_element();
    match root.tag_name().name() {
        "mxfile" => mxfile_pages(root),
        "mxGraphModel" => Ok(vec![Page {
            name: "Page-1".to_owned(),
            model_xml: text[root.range()].to_owned(),
        }]),
        "svg" => {
            let content = root.attribute("content").ok_or(
                "an SVG without a draw.io diagram in it (no `content` attribute on <svg>)",
            )?;
            let inner = uri_decoded_if_needed(content)?;
            let doc = roxmltree::Document::parse(&inner)
                .map_err(|e| format!("bad XML in the SVG's diagram: {e}"))?;
            let root = doc.root_element();
            match root.tag_name().name() {
                "mxfile" => mxfile_pages(root),
                "mxGraphModel" => Ok(vec![Page {
                    name: "Page-1".to_owned(),
                    model_xml: inner[root.range()].to_owned(),
                }]),
                other => Err(format!(
                    "the SVG's diagram starts with <{other}>, not <mxfile>"
                )),
            }
        }
        other => Err(format!(
            "the root element is <{other}>, not <mxfile> or <mxGraphModel>"
        )),
    }
}

/// The pages of an `<mxfile>`.
fn mxfile_pages(root: roxmltree::Node<'_, '_>) -> Result<Vec<Page>, String> {
    let mut pages = Vec::new();
    for (i, diagram) in root
        .children()
        .filter(|n| n.has_tag_name("diagram"))
        .enumerate()
    {
        let name = diagram
            .attribute("name")
            .map_or_else(|| format!("Page-{}", i + 1), str::to_owned);
        let model_xml =
            if let Some(model) = diagram.children().find(|n| n.has_tag_name("mxGraphModel")) {
                let doc_text = model.document().input_text();
                doc_text[model.range()].to_owned()
            } else {
                let packed: String = diagram
                    .children()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                if packed.trim().is_empty() {
                    return Err(format!("page `{name}` is empty"));
                }
                inflate_page(packed.trim()).map_err(|e| format!("page `{name}`: {e}"))?
            };
        pages.push(Page { name, model_xml });
    }
    if pages.is_empty() {
        return Err("the <mxfile> has no <diagram> page".to_owned());
    }
    Ok(pages)
}

/// A compressed page: Base64 → raw deflate → URI-decoded XML.
fn inflate_page(packed: &str) -> Result<String, String> {
    let compact: String = packed.chars().filter(|c| !c.is_whitespace()).collect();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| format!("compressed page is not Base64 ({e})"))?;
    let mut inflated = Vec::new();
    flate2::read::DeflateDecoder::new(raw.as_slice())
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut inflated)
        .map_err(|e| format!("compressed page does not inflate ({e})"))?;
    if inflated.len() as u64 > MAX_PAGE_BYTES {
        return Err(format!(
            "the page inflates to more than {MAX_PAGE_BYTES} bytes"
        ));
    }
    let text =
        String::from_utf8(inflated).map_err(|e| format!("inflated page is not UTF-8 ({e})"))?;
    let xml = uri_decoded_if_needed(&text)?;
    if !xml.trim_start().starts_with('<') {
        return Err("the inflated page is not XML".to_owned());
    }
    Ok(xml)
}

/// `text` percent-decoded when it is URI-encoded XML (starts with `%3C`), else as is.
fn uri_decoded_if_needed(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('%') {
        percent_encoding::percent_decode_str(trimmed)
            .decode_utf8()
            .map(|s| s.into_owned())
            .map_err(|e| format!("URI-encoded diagram is not UTF-8 ({e})"))
    } else {
        Ok(trimmed.to_owned())
    }
}

/// The diagram in a `.drawio.png`: the `mxfile` (or older `mxGraphModel`) text chunk.
fn png_model(bytes: &[u8]) -> Result<String, String> {
    let limit = usize::try_from(MAX_PAGE_BYTES).unwrap_or(usize::MAX);
    let mut decoder =
        png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: limit });
    decoder.set_ignore_text_chunk(false);
    let reader = decoder
        .read_info()
        .map_err(|e| format!("the PNG is damaged: {e}"))?;
    let info = reader.info();
    let wanted = |k: &str| k == "mxfile" || k == "mxGraphModel";
    let damaged = |e: png::DecodingError| format!("its diagram chunk is damaged: {e}");
    let text = if let Some(c) = info
        .uncompressed_latin1_text
        .iter()
        .find(|c| wanted(&c.keyword))
    {
        c.text.clone()
    } else if let Some(c) = info
        .compressed_latin1_text
        .iter()
        .find(|c| wanted(&c.keyword))
    {
        let mut c = c.clone();
        c.decompress_text_with_limit(limit).map_err(damaged)?;
        c.get_text().map_err(damaged)?
    } else if let Some(c) = info.utf8_text.iter().find(|c| wanted(&c.keyword)) {
        let mut c = c.clone();
        c.decompress_text_with_limit(limit).map_err(damaged)?;
        c.get_text().map_err(damaged)?
    } else {
        return Err("a PNG without a draw.io diagram in it (no `mxfile` text chunk); export it from draw.io with “Include a copy of my diagram”".to_owned());
    };
    uri_decoded_if_needed(&text)
}

/// Compresses a page the way draw.io does (for tests and for writers that want it).
///
/// # Errors
/// Only if compressing into memory fails.
pub fn deflate_page(model_xml: &str) -> std::io::Result<String> {
    use std::io::Write;
    let encoded = percent_encoding::utf8_percent_encode(model_xml, URI_COMPONENT).to_string();
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(encoded.as_bytes())?;
    let raw = enc.finish()?;
    Ok(base64::engine::general_purpose::STANDARD.encode(raw))
}

/// What JavaScript's `encodeURIComponent` escapes.
const URI_COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_pages_round_trip() {
        let xml = "<mxGraphModel><root><mxCell id=\"0\"/></root></mxGraphModel>";
        assert_eq!(
            inflate_page(&deflate_page(xml).unwrap()).as_deref(),
            Ok(xml)
        );
    }

    #[test]
    fn garbage_is_refused() {
        assert!(pages(b"\x89PNG\r\n\x1a\nnot really").is_err());
        assert!(inflate_page("!!!").is_err());
        assert!(inflate_page("aGVsbG8=").is_err());
        assert!(pages(b"<html/>").is_err());
    }
}
