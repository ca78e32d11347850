"""JSON, JSONL and RSS/Atom readers: one RawDocument per record or entry."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import feedparser

from ..errors import Errors, problem
from ..model import Problem, RawDocument
from .jsontext import BigNumber, NotJSON, loads, unusable
from .registry import reader

if TYPE_CHECKING:
    from . import JsonFields, ReadOptions

JSON_EXT = (".json",)
JSONL_EXT = (".jsonl", ".ndjson")
FEED_EXT = (".rss", ".atom", ".xml")
#: how XML starts; an XML document is a feed unless it is XHTML (see ``_is_feed``)
XML_START = (b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")
_TAG = re.compile(r"<(p|div|br|span|a|article|h[1-6]|ul|li|strong|em|b|i)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    return len(_TAG.findall(text[:5000])) >= 2


def record_to_document(
    name: str, record: Any, fields: "JsonFields", locator: str | None, fmt: str
) -> RawDocument | Problem:
    if not isinstance(record, dict):
        return problem(name, Errors.E107, locator=locator, detail=f"expected an object, got {type(record).__name__}")
    text = record.get(fields.text)
    if text is None:
        return problem(name, Errors.E106, locator=locator, fields=repr(fields.text))
    if isinstance(text, BigNumber):
        return problem(name, Errors.E107, locator=locator, detail=f"{fields.text!r} is {text.describe()}, not a string")
    if not isinstance(text, str):
        return problem(name, Errors.E107, locator=locator, detail=f"{fields.text!r} is {type(text).__name__}, not a string")
    if not text.strip():
        return problem(name, Errors.E116, locator=locator)
    used = (
        ("title", fields.title), ("url", fields.url), ("date", fields.date),
        ("author", fields.author), ("source", fields.source),
    )
    for field_name in (fields.text, *(f for _, f in used)):
        bad = unusable(record.get(field_name), field_name, numbers=False)  # a huge number as a title is not used
        if bad:
            return problem(name, Errors.E117, locator=locator, detail=bad)
    meta: dict[str, str] = {}
    for key, field_name in used:
        value = record.get(field_name)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and key != "date":
            meta[key] = str(value)
        elif isinstance(value, list) and key == "author":
            names = [v for v in value if isinstance(v, str)]
            if names:
                meta[key] = ", ".join(names)
    return RawDocument(
        source=name,
        content=text,
        content_type="html" if looks_like_html(text) else "text",
        format=fmt,
        locator=locator,
        meta=meta,
    )


def _is_jsonl(head: bytes, data: bytes, ext: str) -> bool:
    """The extension says JSONL; or, unless it says JSON, the first line is a whole object and more lines follow."""
    if ext in JSONL_EXT:
        return True
    if ext in JSON_EXT or not head.startswith((b"{", b"[")):
        return False
    first_line = data.split(b"\n", 1)[0].strip()
    return first_line.startswith(b"{") and first_line.endswith(b"}") and data.count(b"\n") > 0


def _is_json(head: bytes, data: bytes, ext: str) -> bool:
    return ext in JSON_EXT or head.startswith((b"{", b"["))


@reader("jsonl", extensions=JSONL_EXT, sniff=_is_jsonl, order=40)
def read_jsonl_lines(name: str, text: str, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    fields = options.json_fields
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        locator = f"line {number}"
        try:
            record = loads(line)
        except json.JSONDecodeError as exc:
            yield problem(name, Errors.E105, locator=locator, detail=f"{exc.msg} at column {exc.colno}")
            continue
        except NotJSON as exc:
            yield problem(name, Errors.E105, locator=locator, detail=str(exc))
            continue
        except RecursionError:
            yield problem(name, Errors.E105, locator=locator, detail="nested too deeply")
            continue
        yield record_to_document(name, record, fields, locator, "jsonl")


@reader("json", extensions=JSON_EXT, sniff=_is_json, order=50)
def read_json_document(name: str, text: str, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    fields = options.json_fields
    try:
        data = loads(text)
    except json.JSONDecodeError as exc:
        yield problem(name, Errors.E105, locator=f"line {exc.lineno}", detail=f"{exc.msg} at column {exc.colno}")
        return
    except NotJSON as exc:
        yield problem(name, Errors.E105, detail=str(exc))
        return
    except RecursionError:
        yield problem(name, Errors.E105, detail="nested too deeply")
        return
    if isinstance(data, dict) and fields.text not in data:
        # a wrapper object such as {"articles": [...]}: use its first list of objects
        lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if lists:
            data = lists[0]
    if isinstance(data, list):
        if not data:
            yield problem(name, Errors.E116, detail="empty list")
        for i, record in enumerate(data, start=1):
            yield record_to_document(name, record, fields, f"item {i}", "json")
    else:
        yield record_to_document(name, data, fields, None, "json")


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S", parsed)


def _is_feed(head: bytes, data: bytes, ext: str) -> bool:
    """XML that names a feed, or is in a feed's file, or is not XHTML."""
    if not head.startswith(XML_START):
        return False
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")) or ext in FEED_EXT or b"<html" not in head


#: a numeric character reference (``&#xD800;``, ``&#55296;``)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
#: what an impossible character reference is replaced with before parsing, so the entry holding it can be found
_BAD_REF = "EVENTWIRE-INVALID-CHARACTER-REFERENCE"


def _no_impossible_references(data: bytes) -> bytes:
    """Replace character references to surrogates or beyond U+10FFFF (feedparser raises on them) by a marker."""

    def check(m: re.Match[bytes]) -> bytes:
        digits = (m.group(1) or m.group(2)).lstrip(b"0") or b"0"
        if len(digits) > 8:  # beyond U+10FFFF whatever the base (and never a 5,000-digit int())
            return _BAD_REF.encode()
        value = int(digits, 16) if m.group(1) else int(digits)
        return _BAD_REF.encode() if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else m.group(0)

    return _CHAR_REF.sub(check, data) if b"&#" in data else data


@reader("feed", extensions=FEED_EXT, sniff=_is_feed, order=20, decode=False)
def read_feed(name: str, data: bytes, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    try:
        feed = feedparser.parse(_no_impossible_references(data))
    except Exception as exc:  # noqa: BLE001 - feedparser's loose parser raises a zoo of errors on hostile markup
        yield problem(name, Errors.E108, detail=f"{type(exc).__name__}: {exc}"[:200])
        return
    entries = feed.get("entries") or []
    if not entries:
        reason = str(feed.get("bozo_exception") or "no entries")
        yield problem(name, Errors.E108, detail=reason[:200])
        return
    site = (feed.get("feed") or {}).get("title")
    if isinstance(site, str) and _BAD_REF in site:
        site = None
    found = list(_feed_entries(name, entries, site))
    if feed.get("bozo") and not any(isinstance(item, RawDocument) for item in found):
        yield problem(name, Errors.E108, detail=str(feed.get("bozo_exception") or "unreadable feed")[:200])
        return
    yield from found


def _feed_entries(name: str, entries: list, site: str | None) -> Iterator[RawDocument | Problem]:
    for i, entry in enumerate(entries, start=1):
        locator = f"entry {i}"
        body = ""
        for content in entry.get("content") or []:
            if len(content.get("value", "")) > len(body):
                body = content.get("value", "")
        if not body:
            body = entry.get("summary", "") or entry.get("description", "")
        if not body.strip():
            yield problem(name, Errors.E116, locator=locator)
            continue
        if any(_BAD_REF in value for value in (body, entry.get("title"), entry.get("author")) if isinstance(value, str)):
            yield problem(name, Errors.E117, locator=locator, detail="a character reference to a surrogate or beyond U+10FFFF")
            continue
        meta = {
            "title": entry.get("title"),
            "url": entry.get("link"),
            "date": _iso(entry.get("published_parsed") or entry.get("updated_parsed")) or entry.get("published"),
            "author": entry.get("author"),
            # an aggregated feed names each item's outlet in <source>; else the feed is the outlet
            "source": (entry.get("source") or {}).get("title") or site,
        }
        yield RawDocument(
            source=name,
            content=body,
            content_type="html" if looks_like_html(body) or "<" in body else "text",
            format="rss",
            locator=locator,
            meta={k: v.strip() for k, v in meta.items() if isinstance(v, str) and v.strip()},
        )
