//! Designs carried inside exported images: the RON text in a PNG text chunk
//! (`infraboard-design`) or in an SVG's `<metadata><infraboard:design>`. Reading them back
//! lets every command that takes a design file take an exported image too.
//!
//! Never panics; sizes are bounded by [`super::MAX_FILE_BYTES`].

use super::MAX_FILE_BYTES;

/// Keyword of the PNG text chunk (`iTXt`, `zTXt` or `tEXt`) holding the design's RON.
pub const PNG_DESIGN_KEYWORD: &str = "infraboard-design";
/// Qualified name of the SVG element in `<metadata>` holding the design's RON.
pub const SVG_DESIGN_ELEMENT: &str = "infraboard:design";
/// The PNG signature.
pub const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What kind of image the bytes are, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// A PNG file.
    Png,
    /// An SVG document.
    Svg,
}

/// Recognises a PNG by its signature and an SVG by its opening (`<?xml` or `<svg`, after
/// an optional byte-order mark and whitespace).
pub fn image_kind(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(PNG_MAGIC) {
        return Some(ImageKind::Png);
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let head = text.get(start..).unwrap_or_default();
    (head.starts_with(b"<?xml") || head.starts_with(b"<svg")).then_some(ImageKind::Svg)
}

/// The design text in a PNG's text chunks, or why there is none.
///
/// # Errors
/// A short description ("the PNG is damaged: ...", "PNG without an Infraboard design in it").
pub fn design_text_from_png(bytes: &[u8]) -> Result<String, String> {
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let mut decoder =
        png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: limit });
    decoder.set_ignore_text_chunk(false);
    let reader = decoder
        .read_info()
        .map_err(|e| format!("the PNG is damaged: {e}"))?;
    let info = reader.info();
    for chunk in &info.utf8_text {
        if chunk.keyword == PNG_DESIGN_KEYWORD {
            let mut chunk = chunk.clone();
            chunk
                .decompress_text_with_limit(limit)
                .map_err(|e| format!("its design chunk is damaged: {e}"))?;
            return chunk
                .get_text()
                .map_err(|e| format!("its design chunk is damaged: {e}"));
        }
    }
    for chunk in &info.compressed_latin1_text {
        if chunk.keyword == PNG_DESIGN_KEYWORD {
            let mut chunk = chunk.clone();
            chunk
                .decompress_text_with_limit(limit)
                .map_err(|e| format!("its design chunk is damaged: {e}"))?;
            return chunk
                .get_text()
                .map_err(|e| format!("its design chunk is damaged: {e}"));
        }
    }
    for chunk in &info.uncompressed_latin1_text {
        if chunk.keyword == PNG_DESIGN_KEYWORD {
            return Ok(chunk.text.clone());
        }
    }
    Err("PNG without an Infraboard design in it; export it from Infraboard to embed one".to_owned())
}

/// The design text in an SVG's `<metadata>`, or why there is none.
///
/// # Errors
/// A short description ("SVG without an Infraboard design in it").
pub fn design_text_from_svg(bytes: &[u8]) -> Result<String, String> {
    let none = || {
        "SVG without an Infraboard design in it; export it from Infraboard to embed one".to_owned()
    };
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_owned())?;
    let open = format!("<{SVG_DESIGN_ELEMENT}");
    let close = format!("</{SVG_DESIGN_ELEMENT}>");
    let start = text.find(&open).ok_or_else(none)?;
    let after_open = text.get(start..).ok_or_else(none)?;
    let content_start = start + after_open.find('>').ok_or_else(none)? + 1;
    let content_len = text
        .get(content_start..)
        .and_then(|rest| rest.find(&close))
        .ok_or_else(none)?;
    let content = text
        .get(content_start..content_start + content_len)
        .ok_or_else(none)?;
    Ok(unwrap_cdata(content))
}

/// Joins CDATA sections and unescapes the XML entities in the text around them.
fn unwrap_cdata(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("<![CDATA[") {
        out.push_str(&unescape(rest.get(..start).unwrap_or_default()));
        let inner = rest.get(start + 9..).unwrap_or_default();
        match inner.find("]]>") {
            Some(end) => {
                out.push_str(inner.get(..end).unwrap_or_default());
                rest = inner.get(end + 3..).unwrap_or_default();
            }
            None => {
                out.push_str(inner);
                rest = "";
            }
        }
    }
    out.push_str(&unescape(rest));
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The design text embedded in an image, if `bytes` are an image.
///
/// # Errors
/// Why the image holds no readable design.
pub fn embedded_design_text(bytes: &[u8]) -> Option<Result<String, String>> {
    match image_kind(bytes)? {
        ImageKind::Png => Some(design_text_from_png(bytes)),
        ImageKind::Svg => Some(design_text_from_svg(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_images() {
        assert_eq!(image_kind(b"\x89PNG\r\n\x1a\nrest"), Some(ImageKind::Png));
        assert_eq!(
            image_kind(b"\xef\xbb\xbf  <?xml version"),
            Some(ImageKind::Svg)
        );
        assert_eq!(image_kind(b"<svg xmlns"), Some(ImageKind::Svg));
        assert_eq!(image_kind(b"(format_version: 1)"), None);
    }

    #[test]
    fn svg_metadata_with_split_cdata() {
        let svg = "<svg><metadata><infraboard:design format=\"ron\"><![CDATA[a]]]]><![CDATA[>b]]></infraboard:design></metadata></svg>";
        assert_eq!(design_text_from_svg(svg.as_bytes()).unwrap(), "a]]>b");
        assert!(
            design_text_from_svg(b"<svg></svg>")
                .unwrap_err()
                .starts_with("SVG without")
        );
    }

    #[test]
    fn damaged_png_is_an_error_not_a_panic() {
        let mut bytes = PNG_MAGIC.to_vec();
        bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R', 1, 2]);
        assert!(design_text_from_png(&bytes).is_err());
        assert!(design_text_from_png(PNG_MAGIC).is_err());
    }
}
