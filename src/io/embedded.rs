//! Designs carried inside exported images: the RON text in a PNG text chunk
//! (`infraboard-design`) or in an SVG's `<metadata><infraboard:design>`. Reading them back
//! lets every command that takes a design file take an exported image too.
//!
//! Both are read as a stream and reading stops at the design, so an image of any size opens
//! without being read whole: the PNG chunk walk checks the CRC of the design chunk and skips
//! the rest; the SVG is parsed as XML (quick-xml), so comments, CDATA and entities mean what
//! XML says. Never panics; the design text is bounded by [`MAX_FILE_BYTES`] and the bytes
//! read by [`MAX_IMAGE_BYTES`].

use std::io::{BufRead, Read};

use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};

use super::MAX_FILE_BYTES;

/// Keyword of the PNG text chunk (`iTXt`, `zTXt` or `tEXt`) holding the design's RON.
pub const PNG_DESIGN_KEYWORD: &str = "infraboard-design";
/// Qualified name of the SVG element in `<metadata>` holding the design's RON.
pub const SVG_DESIGN_ELEMENT: &str = "infraboard:design";
/// The XML namespace of the embedded design element.
pub const SVG_DESIGN_NAMESPACE: &str = "https://infraboard.app/ns/design/1";
/// The PNG signature.
pub const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
/// Most bytes of an image read while looking for the design in it (1 GiB): chunks before the
/// design are skipped, never kept. Infraboard writes the design first, so it reads a few
/// kilobytes of an image of any size.
pub const MAX_IMAGE_BYTES: u64 = 1024 * 1024 * 1024;
/// Bytes needed to recognise an image by its start (byte-order mark and whitespace included).
pub const HEAD_BYTES: usize = 256;

const SVG_NAMESPACE: &[u8] = b"http://www.w3.org/2000/svg";
/// Deepest SVG nesting followed while looking for the design.
const MAX_SVG_DEPTH: usize = 256;

/// What kind of image the bytes are, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// A PNG file.
    Png,
    /// An SVG document.
    Svg,
}

/// Recognises a PNG by its signature and an SVG by its opening (`<?xml` or `<svg`, after
/// an optional byte-order mark and whitespace). `head` is the start of the file.
pub fn image_kind(head: &[u8]) -> Option<ImageKind> {
    if head.starts_with(PNG_MAGIC) {
        return Some(ImageKind::Png);
    }
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let rest = text.get(start..).unwrap_or_default();
    (rest.starts_with(b"<?xml") || rest.starts_with(b"<svg")).then_some(ImageKind::Svg)
}

fn damaged(what: impl std::fmt::Display) -> String {
    format!("the PNG is damaged: {what}")
}

/// Reads exactly `buf.len()` bytes, or says the PNG ends too early.
fn read_exact_png(reader: &mut impl Read, buf: &mut [u8]) -> Result<(), String> {
    reader.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            damaged("it ends in the middle of a chunk (truncated?)")
        }
        _ => damaged(e),
    })
}

/// Latin-1 bytes as text (every byte is the code point of the same value).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Inflates zlib `data`, refusing more than [`MAX_FILE_BYTES`] of output.
fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("its design chunk is damaged: {e}"))?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the design in it is over the limit of {MAX_FILE_BYTES} bytes"
        ));
    }
    Ok(out)
}

/// Splits `bytes` at the first NUL: (before, after).
fn split_nul(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = bytes.iter().position(|&b| b == 0)?;
    Some((bytes.get(..at)?, bytes.get(at + 1..)?))
}

/// The text of a `tEXt`, `zTXt` or `iTXt` chunk whose keyword is already removed.
fn chunk_text(kind: &[u8; 4], body: &[u8]) -> Result<String, String> {
    let bad = |what: &str| format!("its design chunk is damaged: {what}");
    match kind {
        b"tEXt" => Ok(latin1(body)),
        b"zTXt" => {
            let (&method, data) = body.split_first().ok_or_else(|| bad("it is cut short"))?;
            if method != 0 {
                return Err(bad("unknown compression method"));
            }
            Ok(latin1(&inflate(data)?))
        }
        _ => {
            let [flag, method, rest @ ..] = body else {
                return Err(bad("it is cut short"));
            };
            let (_language, rest) = split_nul(rest).ok_or_else(|| bad("no language tag"))?;
            let (_translated, text) =
                split_nul(rest).ok_or_else(|| bad("no translated keyword"))?;
            let bytes = match (flag, method) {
                (0, _) => text.to_vec(),
                (1, 0) => inflate(text)?,
                _ => return Err(bad("unknown compression method")),
            };
            String::from_utf8(bytes).map_err(|_| bad("its text is not UTF-8"))
        }
    }
}

/// The design text in a PNG read from `reader` (the whole file, signature first), or why there
/// is none. Reads chunk by chunk and stops at the design; the design chunk's CRC is checked.
///
/// # Errors
/// A short description ("the PNG is damaged: ...", "PNG without an Infraboard design in it").
pub fn design_text_from_png_reader(reader: impl Read) -> Result<String, String> {
    let mut reader = reader.take(MAX_IMAGE_BYTES);
    let mut magic = [0u8; 8];
    read_exact_png(&mut reader, &mut magic)?;
    if magic != PNG_MAGIC {
        return Err(damaged("it does not start with the PNG signature"));
    }
    let keyword = PNG_DESIGN_KEYWORD.as_bytes();
    // The design chunk: its keyword, a NUL, then at most the design (compressed or not) and a
    // few bytes of chunk header.
    let max_chunk = MAX_FILE_BYTES + 1024;
    loop {
        let mut header = [0u8; 8];
        match reader.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(damaged(e)),
        }
        let [l0, l1, l2, l3, t0, t1, t2, t3] = header;
        let len = u64::from(u32::from_be_bytes([l0, l1, l2, l3]));
        let kind = [t0, t1, t2, t3];
        if len > u64::from(u32::MAX >> 1) {
            return Err(damaged("a chunk length is out of range"));
        }
        if &kind == b"IEND" {
            break;
        }
        let text_chunk = matches!(&kind, b"tEXt" | b"zTXt" | b"iTXt");
        if text_chunk && len <= max_chunk {
            let mut data = vec![0u8; usize::try_from(len).map_err(damaged)?];
            read_exact_png(&mut reader, &mut data)?;
            let mut crc = [0u8; 4];
            read_exact_png(&mut reader, &mut crc)?;
            let Some((name, body)) = split_nul(&data) else {
                continue;
            };
            if name != keyword {
                continue;
            }
            let mut hasher = crc32fast::Hasher::new();
            hasher.update(&kind);
            hasher.update(&data);
            if hasher.finalize() != u32::from_be_bytes(crc) {
                return Err(
                    "its design chunk is damaged (CRC mismatch): the image was changed or cut after export"
                        .to_owned(),
                );
            }
            return chunk_text(&kind, body);
        }
        let skip = len + 4;
        let skipped =
            std::io::copy(&mut (&mut reader).take(skip), &mut std::io::sink()).map_err(damaged)?;
        if skipped != skip {
            return Err(damaged("it ends in the middle of a chunk (truncated?)"));
        }
    }
    Err("PNG without an Infraboard design in it; export it from Infraboard to embed one".to_owned())
}

/// The design text in PNG bytes. See [`design_text_from_png_reader`].
///
/// # Errors
/// Why there is no readable design.
pub fn design_text_from_png(bytes: &[u8]) -> Result<String, String> {
    design_text_from_png_reader(bytes)
}

/// Where the SVG walk is: which of the elements on the way to the design we are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SvgTag {
    Svg,
    Metadata,
    Other,
}

fn in_svg_namespace(ns: &ResolveResult<'_>) -> bool {
    match ns {
        ResolveResult::Bound(Namespace(n)) => *n == SVG_NAMESPACE,
        ResolveResult::Unbound => true,
        ResolveResult::Unknown(_) => false,
    }
}

/// The design text in an SVG read from `reader`, or why there is none: the content of the
/// first `<design>` element in the Infraboard namespace directly inside the root `<svg>`'s
/// `<metadata>`. It must start within the first [`MAX_FILE_BYTES`] of the file.
///
/// # Errors
/// A short description ("SVG without an Infraboard design in it", "the SVG is not well-formed
/// XML: ...").
pub fn design_text_from_svg_reader(reader: impl BufRead) -> Result<String, String> {
    let none = || {
        "SVG without an Infraboard design in it; export it from Infraboard to embed one".to_owned()
    };
    let xml = |e: quick_xml::Error| format!("the SVG is not well-formed XML: {e}");
    let mut reader = quick_xml::NsReader::from_reader(reader.take(2 * MAX_FILE_BYTES + 1));
    let mut stack: Vec<SvgTag> = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if reader.buffer_position() > MAX_FILE_BYTES {
            return Err(none());
        }
        let (ns, event) = reader.read_resolved_event_into(&mut buf).map_err(xml)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let local = e.local_name();
                let design = stack.last() == Some(&SvgTag::Metadata)
                    && local.as_ref() == b"design"
                    && ns == ResolveResult::Bound(Namespace(SVG_DESIGN_NAMESPACE.as_bytes()));
                if design {
                    return if empty {
                        Ok(String::new())
                    } else {
                        read_design_content(&mut reader)
                    };
                }
                let tag = match (stack.last(), local.as_ref()) {
                    (None, b"svg") if in_svg_namespace(&ns) => SvgTag::Svg,
                    (None, _) => return Err(none()),
                    (Some(SvgTag::Svg), b"metadata") if in_svg_namespace(&ns) => SvgTag::Metadata,
                    _ => SvgTag::Other,
                };
                if !empty {
                    if stack.len() >= MAX_SVG_DEPTH {
                        return Err(format!(
                            "the SVG nests deeper than {MAX_SVG_DEPTH} elements before its design"
                        ));
                    }
                    stack.push(tag);
                }
            }
            Event::End(_) => {
                stack.pop();
                if stack.is_empty() {
                    return Err(none());
                }
            }
            Event::Eof => return Err(none()),
            _ => {}
        }
    }
}

/// The text of the design element the reader has just entered, up to its end tag.
fn read_design_content<R: BufRead>(reader: &mut quick_xml::NsReader<R>) -> Result<String, String> {
    let xml = |e: quick_xml::Error| format!("the SVG is not well-formed XML: {e}");
    let enc = |e: quick_xml::encoding::EncodingError| format!("the SVG is not UTF-8 text: {e}");
    let mut out = String::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(xml)? {
            Event::Text(t) => out.push_str(&t.xml10_content().map_err(enc)?),
            Event::CData(c) => out.push_str(&c.xml10_content().map_err(enc)?),
            Event::GeneralRef(r) => {
                if let Some(ch) = r.resolve_char_ref().map_err(xml)? {
                    out.push(ch);
                } else {
                    let name = r.decode().map_err(enc)?;
                    let text = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("the SVG uses an unknown entity `&{name};`"))?;
                    out.push_str(text);
                }
            }
            Event::End(_) => return Ok(out),
            Event::Start(_) | Event::Empty(_) => {
                return Err("the SVG's design element holds other elements".to_owned());
            }
            Event::Eof => return Err("the SVG ends inside its design (truncated?)".to_owned()),
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
        }
        if out.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "the design in it is over the limit of {MAX_FILE_BYTES} bytes"
            ));
        }
    }
}

/// The design text in SVG bytes. See [`design_text_from_svg_reader`].
///
/// # Errors
/// Why there is no readable design.
pub fn design_text_from_svg(bytes: &[u8]) -> Result<String, String> {
    design_text_from_svg_reader(bytes)
}

/// The `<metadata>` element carrying `design_ron`, its text escaped by the XML library
/// (quick-xml), whatever it holds: no `<`, `&` or `>` of the text can end the element.
pub fn svg_metadata(design_ron: &str) -> String {
    format!(
        "<metadata><{SVG_DESIGN_ELEMENT} format=\"ron\">{}</{SVG_DESIGN_ELEMENT}></metadata>",
        quick_xml::escape::partial_escape(xml_chars_only(design_ron))
    )
}

/// Whether XML 1.0 can hold `c` at all (even escaped, it cannot hold most control
/// characters, nor U+FFFE and U+FFFF).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// `text` with the characters XML 1.0 cannot hold replaced by U+FFFD. RON escapes control
/// characters in strings, so a design's text never has any; this is a last guard.
fn xml_chars_only(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = is_xml_char;
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(
            text.chars()
                .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
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

    fn svg_with(metadata: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:infraboard=\"{SVG_DESIGN_NAMESPACE}\">{metadata}<rect/></svg>"
        )
    }

    #[test]
    fn recognises_images() {
        assert_eq!(image_kind(b"\x89PNG\r\n\x1a\nrest"), Some(ImageKind::Png));
        assert_eq!(
            image_kind(b"\xef\xbb\xbf  <?xml version"),
            Some(ImageKind::Svg)
        );
        assert_eq!(image_kind(b"<svg xmlns"), Some(ImageKind::Svg));
        assert_eq!(image_kind(b"(format_version: 1)"), None);
        assert_eq!(image_kind(b"   "), None);
    }

    #[test]
    fn svg_metadata_round_trips_any_text() {
        for text in [
            "a]]>b",
            "</infraboard:design><!-- x -->",
            "&amp; <b> \"q\" 'a'",
            "",
        ] {
            let svg = svg_with(&svg_metadata(text));
            assert_eq!(design_text_from_svg(svg.as_bytes()).unwrap(), text, "{svg}");
        }
    }

    #[test]
    fn svg_comments_and_cdata_mean_what_xml_says() {
        let real = "<!-- <metadata><infraboard:design>fake</infraboard:design></metadata> --><metadata><infraboard:design format=\"ron\"><![CDATA[a]]]]><![CDATA[>b]]>&lt;&#65;</infraboard:design></metadata>";
        assert_eq!(
            design_text_from_svg(svg_with(real).as_bytes()).unwrap(),
            "a]]>b<A"
        );
        // Outside <metadata>, or in another namespace, it is not the design.
        let stray = "<g><infraboard:design>x</infraboard:design></g>";
        assert!(design_text_from_svg(svg_with(stray).as_bytes()).is_err());
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
