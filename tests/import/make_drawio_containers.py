#!/usr/bin/env python3
"""Writes the compressed, SVG and PNG variants of the hand-made draw.io corpus the way
draw.io itself stores them: pages as Base64 of raw deflate of encodeURIComponent(XML);
.drawio.svg with the mxfile in the root's `content` attribute; .drawio.png with the
URI-encoded mxfile in a `mxfile` tEXt chunk. Run from tests/import/drawio."""
import base64, re, struct, urllib.parse, zlib
from xml.sax.saxutils import quoteattr

def model_of(path):
    text = open(path, encoding="utf-8").read()
    return re.search(r"<mxGraphModel.*</mxGraphModel>", text, re.S).group(0)

def compress(xml):
    enc = urllib.parse.quote(xml, safe="-_.!~*'()")
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(c.compress(enc.encode()) + c.flush()).decode()

def mxfile(name, model):
    return f'<mxfile host="app.diagrams.net" compressed="true"><diagram id="z" name="{name}">{compress(model)}</diagram></mxfile>'

open("compressed.drawio", "w").write(mxfile("Labels", model_of("generic-labels.drawio")) + "\n")

svg_content = mxfile("AWS", model_of("aws.drawio"))
open("aws.drawio.svg", "w").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'.replace(
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n', "")
    + f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="100px" height="60px" viewBox="-0.5 -0.5 100 60" content={quoteattr(svg_content)}>'
    '<defs/><g><rect x="0" y="0" width="100" height="60" fill="#ffffff" stroke="#000000"/></g></svg>\n')

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def png_with(text_chunks):
    raw = b"\x00\xff\xff\xff"  # one white RGB pixel, filter 0
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    for k in text_chunks:
        out += k
    return out + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

plain = open("network-basic.drawio", encoding="utf-8").read().strip()
open("network-basic.drawio.png", "wb").write(
    png_with([chunk(b"tEXt", b"mxfile\x00" + urllib.parse.quote(plain, safe="-_.!~*'()").encode())]))
open("../bad/no-diagram.png", "wb").write(png_with([chunk(b"tEXt", b"Software\x00paint")]))
