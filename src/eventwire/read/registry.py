"""The input formats by name: which reader a file or a stream of bytes goes to.

A reader is one module in this package that decorates its read function with
``@reader(...)``; the package imports every module in it, so adding a format
changes no other file. ``reader_for`` picks the reader of some bytes: first
the content, asking each reader's ``sniff`` in ``order`` (so a mislabelled
file is still read the right way), then the extension, then plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Problem, RawDocument

if TYPE_CHECKING:  # pragma: no cover
    from . import ReadOptions

Items = Iterator[RawDocument | Problem]
#: ``read(name, content, options)``: content is text when the reader ``decode``s, else bytes
ReadFunction = Callable[[str, Any, "ReadOptions"], Items]
#: ``sniff(head, data, ext)``: True if the content is this format; ``head`` is the start of ``data``,
#: without a byte-order mark or leading white space, lower-cased; ``ext`` the lower-case extension or ""
Sniff = Callable[[bytes, bytes, str], bool]

#: the reader for content that no sniffer claims and no extension names
FALLBACK = "text"


@dataclass(frozen=True)
class Reader:
    name: str
    """The format, as ``sniff`` returns it."""
    read: ReadFunction
    extensions: frozenset[str] = frozenset()
    """Lower-case file extensions (".html"); they decide only when no sniffer claims the content."""
    sniff: Sniff | None = None
    order: int = 100
    """When ``sniff`` is asked: lower first (the built-in readers use 10 to 50)."""
    decode: bool = True
    """``read`` gets the content as text, decoded (BOM, declared charset, detection); else as bytes."""
    stream: Callable[[Path, str, "ReadOptions"], Items] | None = None
    """Reads a whole file itself, whatever its size (``read_file`` hands it the path)..."""
    streams: Callable[[Path, list[str]], bool] | None = None
    """... when this says so, given the path and its last two extensions (lower-case)."""


_READERS: dict[str, Reader] = {}


def register_reader(entry: Reader) -> Reader:
    if entry.name in _READERS:
        raise ValueError(f"input format {entry.name!r} is already registered")
    taken = {ext: r.name for r in _READERS.values() for ext in r.extensions}
    clash = sorted(ext for ext in entry.extensions if ext in taken)
    if clash:
        raise ValueError(f"extension {clash[0]} is already read as {taken[clash[0]]!r}")
    _READERS[entry.name] = entry
    return entry


def unregister_reader(name: str) -> None:
    _READERS.pop(name, None)


def reader(
    name: str, *, extensions: Iterable[str] = (), sniff: Sniff | None = None, order: int = 100, decode: bool = True,
    stream: Callable[[Path, str, "ReadOptions"], Items] | None = None,
    streams: Callable[[Path, list[str]], bool] | None = None,
) -> Callable[[ReadFunction], ReadFunction]:
    """Register the decorated function as the reader of format ``name`` (the fields of ``Reader``)."""

    def register(read: ReadFunction) -> ReadFunction:
        register_reader(Reader(name, read, frozenset(extensions), sniff, order, decode, stream, streams))
        return read

    return register


def readers() -> list[Reader]:
    """Every registered reader, in sniffing order."""
    return sorted(_READERS.values(), key=lambda r: (r.order, r.name))


def reader_for(data: bytes, ext: str) -> Reader:
    """The reader of ``data``: the content's, else the extension's, else plain text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ordered = readers()
    for entry in ordered:
        if entry.sniff is not None and entry.sniff(head, data, ext):
            return entry
    for entry in ordered:
        if ext in entry.extensions:
            return entry
    return _READERS[FALLBACK]


def streaming_reader(path: Path, suffixes: list[str]) -> Reader | None:
    """The reader that reads this file straight from disk (a WARC archive), if any."""
    return next((r for r in readers() if r.stream is not None and r.streams is not None and r.streams(path, suffixes)),
                None)
