"""WARC / WARC.gz: one RawDocument per HTML ``response`` record, streamed.

The work one record may cost is bounded, whatever it holds:

- its payload is read with a cap (``max_bytes``);
- inflating it, to read it or only to skip it (a record that is not HTML is
  still inflated to find the next one), stops once it has given more than
  ``max_bytes`` (plus room for headers) and more than ``MAX_RATIO`` times the
  compressed bytes it came from: a gzip member that inflates without end (a
  zip bomb) is refused (E115) and the rest of the file is not read;
- a header line (WARC or HTTP) longer than ``MAX_LINE`` bytes is refused
  (E109) instead of being gathered in memory until the file ends.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.utils import BUFF_SIZE

from ..errors import Errors, problem
from ..model import Problem, RawDocument
from .decode import DecodeError, decode_bytes
from .registry import reader

if TYPE_CHECKING:
    from . import ReadOptions

_HTML_TYPES = ("text/html", "application/xhtml")
#: longest WARC or HTTP header line read
MAX_LINE = 256 * 1024
#: bytes a record may inflate to beyond ``max_bytes`` for its headers
HEADER_ROOM = 1024 * 1024
#: beyond ``max_bytes``, a record may still inflate while it gives at most this many bytes per compressed byte
#: (text compresses about 5 to 10 times; a zip bomb a thousand times)
MAX_RATIO = 100


class _TooLarge(Exception):
    """A record inflated beyond its bound."""


class _LineTooLong(Exception):
    """A header line without an end in sight."""


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader, counting what each record inflates to and cutting endless lines."""

    def __init__(self, stream: BinaryIO, limit: int, block_size: int = BUFF_SIZE) -> None:
        super().__init__(stream, block_size=block_size)
        self.limit = limit
        self.raw = 0
        self.mark = (0, 0)  # (bytes given, raw bytes read) when the current record began

    def start_record(self) -> None:
        self.mark = (self.num_read, self.raw)

    def _process_read(self, data: bytes) -> None:
        self.raw += len(data or b"")
        super()._process_read(data)
        given, raw = self.num_read - self.mark[0], self.raw - self.mark[1]
        if given > self.limit and given > MAX_RATIO * max(raw, 1):
            raise _TooLarge(given)

    def readline(self, length: int | None = None) -> bytes:
        """A line of at most ``length`` bytes, as warcio's; a line longer than ``MAX_LINE`` is refused."""
        parts: list[bytes] = []
        total = 0
        while True:  # warcio's own readline may stop short of ``length`` without a line end: ask again
            ask = MAX_LINE + 1 - total if length is None else min(MAX_LINE + 1, length) - total
            if ask <= 0:
                break
            part = super().readline(ask)
            if not part:
                break
            parts.append(part)
            total += len(part)
            if part.endswith(b"\n"):
                break
        line = b"".join(parts)
        if total > MAX_LINE and not line.endswith(b"\n"):
            raise _LineTooLong(total)
        return line


class _BoundedIterator(ArchiveIterator):
    """An ``ArchiveIterator`` over a ``_BoundedReader``."""

    def __init__(self, fh: BinaryIO, limit: int) -> None:
        super().__init__(fh)
        self.reader = _BoundedReader(self.fh, limit)
        self.parsing = False  # True while the headers of the next record are read

    def _next_record(self, next_line):  # noqa: ANN001 - warcio's signature
        self.reader.start_record()
        self.parsing = True
        record = super()._next_record(next_line)
        self.parsing = False
        return record


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
    too_large: set[int] = set()  # records already reported as too large
    records = _BoundedIterator(fh, max_bytes + HEADER_ROOM)
    try:
        for record in records:
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
            except (_TooLarge, _LineTooLong):
                raise
            except Exception as exc:  # warcio surfaces zlib/IO errors of broken members here
                yield problem(name, Errors.E109, locator=locator, detail=f"unreadable payload ({type(exc).__name__}: {exc})")
                continue
            if len(payload) > max_bytes:
                too_large.add(number)
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
    except _TooLarge:
        # one problem for the record that was being read or skipped; the records after it cannot be reached
        where = number + 1 if records.parsing else number
        if where not in too_large:
            yield problem(name, Errors.E115, locator=f"record {where}", limit=max_bytes)
        found_any = True
    except _LineTooLong:
        where = number + 1 if records.parsing else number
        yield problem(name, Errors.E109, locator=f"record {where}", detail=f"a header line longer than {MAX_LINE} bytes")
        found_any = True
    except ArchiveLoadFailed as exc:
        where = f"record {number + 1}"
        yield problem(name, Errors.E109, locator=where, detail=str(exc).splitlines()[0][:200])
    except (OSError, EOFError, ValueError) as exc:
        where = f"record {number + 1}"
        yield problem(name, Errors.E109, locator=where, detail=f"{type(exc).__name__}: {exc}"[:200])
    if not found_any:
        yield problem(name, Errors.E109, locator="record 1", detail="no readable WARC record (truncated or not a WARC file)")
