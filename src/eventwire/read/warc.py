"""WARC / WARC.gz: one RawDocument per HTML ``response`` record, streamed.

Each record's payload is read with a cap, so a gzip member that inflates
without end (a zip bomb) costs at most ``max_bytes`` before it is refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import problem
from ..model import Problem, RawDocument
from .decode import DecodeError, decode_bytes

_HTML_TYPES = ("text/html", "application/xhtml")


def read_warc(source: Path | BinaryIO, name: str, max_bytes: int) -> Iterator[RawDocument | Problem]:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            yield from _iterate(fh, name, max_bytes)
    else:
        yield from _iterate(source, name, max_bytes)


def _iterate(fh: BinaryIO, name: str, max_bytes: int) -> Iterator[RawDocument | Problem]:
    number = 0
    found_any = False
    try:
        for record in ArchiveIterator(fh):
            number += 1
            found_any = True
            if record.rec_type != "response":
                continue
            locator = f"record {number}"
            ctype = ""
            if record.http_headers is not None:
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if not any(t in ctype for t in _HTML_TYPES):
                continue
            try:
                payload = record.content_stream().read(max_bytes + 1)
            except Exception as exc:  # warcio surfaces zlib/IO errors of broken members here
                yield problem(name, "E109", locator=locator, detail=f"unreadable payload ({type(exc).__name__}: {exc})")
                continue
            if len(payload) > max_bytes:
                yield problem(name, "E115", locator=locator, limit=max_bytes)
                continue
            if not payload.strip():
                yield problem(name, "E116", locator=locator)
                continue
            charset = None
            if "charset=" in ctype:
                charset = ctype.split("charset=", 1)[1].split(";")[0].strip() or None
            try:
                html = decode_bytes(payload, declared=charset)
            except DecodeError as exc:
                yield problem(name, "E104", locator=locator, detail=str(exc))
                continue
            meta = {}
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if uri:
                meta["url"] = uri
            yield RawDocument(source=name, content=html, content_type="html", format="warc", locator=locator, meta=meta)
    except ArchiveLoadFailed as exc:
        where = f"record {number + 1}"
        yield problem(name, "E109", locator=where, detail=str(exc).splitlines()[0][:200])
    except (OSError, EOFError, ValueError) as exc:
        where = f"record {number + 1}"
        yield problem(name, "E109", locator=where, detail=f"{type(exc).__name__}: {exc}"[:200])
    if not found_any:
        yield problem(name, "E109", locator="record 1", detail="no readable WARC record (truncated or not a WARC file)")
