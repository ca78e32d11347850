"""Bytes to text: BOM, declared charset, then charset-normalizer; binary is refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-:.]+)""", re.I)
_SURROGATES = re.compile("[\ud800-\udfff]")
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_\-.]+)""", re.I)
#: signatures of common binary formats that are never articles
_BINARY_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"MZ", b"\x00\x00\x01\x00",
    b"RIFF", b"OggS", b"ID3", b"\x1a\x45\xdf\xa3", b"BZh", b"7z\xbc\xaf", b"\xfd7zXZ",
)


class DecodeError(Exception):
    """Raised with a short reason when bytes are not text."""

    def __init__(self, reason: str, binary: bool = False) -> None:
        super().__init__(reason)
        self.binary = binary


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        return True
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.1


def known_charset(name: str | None) -> str | None:
    """The codec a declared charset names, or None for a name Python does not know (``charset=bogus``)
    or a codec that is not a text encoding (``rot13``, ``base64``, ``unicode_escape``...)."""
    if not name or len(name) > 40:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or "escape" in info.name:
        return None
    return info.name


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        m = pattern.search(head)
        if m:
            return known_charset(m.group(1).decode("ascii", "ignore"))
    return None


def _decoded(data: bytes, encoding: str) -> str | None:
    """``data`` decoded, or None when it does not decode or decodes to lone surrogates."""
    try:
        text = data.decode(encoding)
    except (UnicodeError, LookupError, ValueError):
        return None
    return None if _SURROGATES.search(text) else text


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode text honestly: a wrong declaration falls back to detection."""
    if looks_binary(data):
        raise DecodeError("binary content", binary=True)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after byte-order mark: {exc.reason}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for name in (known_charset(declared), declared_charset(data)):
        if name and name != "utf-8":
            text = _decoded(data, name)
            if text is not None:
                return text
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError("not UTF-8 and no other encoding fits")
    text = _decoded(data, best.encoding)
    if text is None:
        raise DecodeError(f"not UTF-8; looks like {best.encoding} but does not decode as it")
    return text
