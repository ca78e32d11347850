"""The ``read`` stage: sources in, ``RawDocument`` or ``Problem`` out, streamed.

A source is a file, a folder (read recursively, in sorted order), ``-`` for
stdin, or an http(s) URL. Each format is a reader registered in
``registry.py`` by its module here (plain.py, formats.py, warc.py); the
content picks the reader before the extension does, so a mislabelled file is
still read the right way. Nothing here raises for bad input: each bad file,
line or record becomes one ``Problem`` and reading goes on.
"""

from __future__ import annotations

import gzip
import importlib
import io
import os
import pkgutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, problem
from ..model import Problem, RawDocument
from .decode import DecodeError, decode_bytes, looks_binary
from .registry import Reader, reader, reader_for, readers, streaming_reader


@dataclass
class JsonFields:
    """Field names to look for in JSON / JSONL records."""

    text: str = "text"
    title: str = "title"
    url: str = "url"
    date: str = "date"
    author: str = "author"
    source: str = "source"


@dataclass
class ReadOptions:
    max_bytes: int = 20 * 1024 * 1024  # per file and per decompressed WARC record
    json_fields: JsonFields = field(default_factory=JsonFields)
    fetch_timeout: float = 20.0


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def list_inputs(sources: Iterable[str]) -> Iterator[str]:
    """Every input a run will open (files found in folders, URLs, stdin), cheaply."""
    for source in sources:
        if source == "-" or is_url(source):
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            yield from (str(p) for p in _walk(path))
        else:
            yield source


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_sources(sources: Iterable[str], options: ReadOptions | None = None) -> Iterator[RawDocument | Problem]:
    options = options or ReadOptions()
    for source in sources:
        if source == "-":
            data = sys.stdin.buffer.read(options.max_bytes + 1)
            yield from _read_bytes("<stdin>", data, "", options)
        elif is_url(source):
            from .web import fetch_url

            yield from fetch_url(source, options)
        else:
            path = Path(source)
            if path.is_dir():
                for file in _walk(path):
                    yield from read_file(file, options)
            else:
                yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        yield problem(name, Errors.E100)
        return
    except PermissionError:
        yield problem(name, Errors.E113)
        return
    if not path.is_file():
        yield problem(name, Errors.E110, detail="not a regular file")
        return
    if size == 0:
        yield problem(name, Errors.E101)
        return
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    ext = suffixes[-1] if suffixes else ""
    streaming = streaming_reader(path, suffixes)
    if streaming is not None:
        yield from streaming.stream(path, name, options)
        return
    if ext == ".gz":
        yield from _read_gz(path, name, suffixes, options)
        return
    if size > options.max_bytes:
        yield problem(name, Errors.E103, size=size, limit=options.max_bytes)
        return
    try:
        data = path.read_bytes()
    except PermissionError:
        yield problem(name, Errors.E113)
        return
    except OSError as exc:
        yield problem(name, Errors.E110, detail=exc.strerror or str(exc))
        return
    yield from _read_bytes(name, data, ext, options)


def _read_gz(path: Path, name: str, suffixes: list[str], options: ReadOptions) -> Iterator[RawDocument | Problem]:
    """A gzipped file, read as the format its inner extension (``.json`` of ``a.json.gz``) or content says."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head[:2] != b"\x1f\x8b":
        if path.stat().st_size > options.max_bytes:
            yield problem(name, Errors.E103, size=path.stat().st_size, limit=options.max_bytes)
            return
        yield from _read_bytes(name, path.read_bytes(), "", options)
        return
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(options.max_bytes + 1)
    except (OSError, EOFError) as exc:
        yield problem(name, Errors.E104, detail=f"broken gzip data ({exc})")
        return
    if len(data) > options.max_bytes:
        yield problem(name, Errors.E103, size=f"more than {options.max_bytes}", limit=options.max_bytes)
        return
    inner = suffixes[0] if len(suffixes) == 2 and suffixes[0] != ".gz" else ""
    yield from _read_bytes(name, data, inner, options)


def sniff(data: bytes, ext: str) -> str:
    """The format of ``data``: the extension's, unless the content says otherwise."""
    return reader_for(data, ext).name


def _read_bytes(name: str, data: bytes, ext: str, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    if not data.strip():
        yield problem(name, Errors.E101)
        return
    if len(data) > options.max_bytes:
        yield problem(name, Errors.E103, size=len(data), limit=options.max_bytes)
        return
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(options.max_bytes + 1)
        except (OSError, EOFError) as exc:
            yield problem(name, Errors.E104, detail=f"broken gzip data ({exc})")
            return
    if looks_binary(data):
        yield problem(name, Errors.E102)
        return
    entry = reader_for(data, ext)
    if not entry.decode:
        yield from entry.read(name, data, options)
        return
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield problem(name, Errors.E102 if exc.binary else Errors.E104, detail=str(exc))
        return
    yield from entry.read(name, text, options)


# every module here is imported, so a reader registers itself just by being in this package
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["JsonFields", "ReadOptions", "Reader", "list_inputs", "read_file", "read_sources", "reader", "readers", "sniff"]
