"""WARC / WARC.gz: one RawDocument per HTML ``response`` record, streamed.

Each record's payload is read with a cap, so a gzip member that inflates
without end (a zip bomb) costs at most ``max_bytes`` before it is refused.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import Errors, problem
from ..model import Problem, RawDocument
from .decode import DecodeError, decode_bytes
from .registry import reader

if TYPE_CHECKING:
    from . import ReadOptions

_HTML_TYPES = ("text/html", "application/xhtml")


def _is_warc(head: bytes, data: bytes, ext: str) -> bool:
    return head.startswith(b"warc/1")


def _is_warc_file(path: Path, suffixes: list[str]) -> bool:
    """A .warc(.gz) name, or gzip that holds WARC: read from disk record by record, whatever the file size."""
    return ".warc" in suffixes or (suffixes[-1:] == [".gz"] and _gz_holds_warc(path))


def _gz_holds_warc(path: Path) -> bool:
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(6) == b"WARC/1"
    except (OSError, EOFError):
        return False


def _stream_warc(path: Path, name: str, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    return read_warc(path, name, options.max_bytes)


# no extensions: a .warc name already sends the file to stream() (``_is_warc_file``)
@reader("warc", sniff=_is_warc, order=10, decode=False, stream=_stream_warc, streams=_is_warc_file)
def read_warc_bytes(name: str, data: bytes, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    """WARC content that came in some other way (stdin, a mislabelled or gzipped file)."""
    return read_warc(io.BytesIO(data), name, options.max_bytes)


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
                yield problem(name, Errors.E109, locator=locator, detail=f"unreadable payload ({type(exc).__name__}: {exc})")
                continue
            if len(payload) > max_bytes:
                yield problem(name, Errors.E115, locator=locator, limit=max_bytes)
                continue
            if not payload.strip():
                yield problem(name, Errors.E116, locator=locator)
                continue
            charset = None
            if "charset=" in ctype:
                charset = ctype.split("charset=", 1)[1].split(";")[0].strip() or None
            try:
                html = decode_bytes(payload, declared=charset)
            except DecodeError as exc:
                yield problem(name, Errors.E104, locator=locator, detail=str(exc))
                continue
            meta = {}
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if uri:
                meta["url"] = uri
            yield RawDocument(source=name, content=html, content_type="html", format="warc", locator=locator, meta=meta)
    except ArchiveLoadFailed as exc:
        where = f"record {number + 1}"
        yield problem(name, Errors.E109, locator=where, detail=str(exc).splitlines()[0][:200])
    except (OSError, EOFError, ValueError) as exc:
        where = f"record {number + 1}"
        yield problem(name, Errors.E109, locator=where, detail=f"{type(exc).__name__}: {exc}"[:200])
    if not found_any:
        yield problem(name, Errors.E109, locator="record 1", detail="no readable WARC record (truncated or not a WARC file)")
