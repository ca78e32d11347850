"""The ``read`` stage: sources in, ``RawDocument`` or ``Problem`` out, streamed.

A source is a file, a folder (read recursively, in sorted order), ``-`` for
stdin, or an http(s) URL. Each format is a reader registered in
``registry.py`` by its module here (plain.py, formats.py, warc.py); the
content picks the reader before the extension does, so a mislabelled file is
still read the right way. Nothing here raises for bad input: each bad file,
line or record becomes one ``Problem`` and reading goes on. Whatever a reader
or the file system raises for one input (a symlink loop, a name too long, an
unreadable file, a bug a hostile file finds in a parser) ends that input with
one problem (E113, E119, E118), never the run.
"""

from __future__ import annotations

import errno
import gzip
import importlib
import io
import os
import pkgutil
import sys
from collections.abc import Callable, Iterable, Iterator
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


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, ...: read_file reports it
        return False


def list_inputs(sources: Iterable[str]) -> Iterator[str]:
    """Every input a run will open (files found in folders, URLs, stdin), cheaply."""
    for source in sources:
        if source == "-" or is_url(source):
            yield source
            continue
        path = Path(source)
        if _is_dir(path):
            yield from (str(p) for p in _walk(path))
        else:
            yield source


def _walk(folder: Path, on_error: Callable[[OSError], None] | None = None) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, skipping hidden files and folders; ``on_error`` hears of
    folders that cannot be listed (a symlinked folder is not followed, so a symlink loop is listed as a file)."""
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def os_problem(name: str, exc: OSError) -> Problem:
    """One problem for an input the file system will not give: E100, E113 or E119 with the system's reason."""
    if isinstance(exc, FileNotFoundError):
        return problem(name, Errors.E100)
    if isinstance(exc, PermissionError):
        return problem(name, Errors.E113)
    reason = exc.strerror or errno.errorcode.get(exc.errno or 0) or type(exc).__name__
    return problem(name, Errors.E119, detail=reason)


def guarded(name: str, items: Iterable[RawDocument | Problem]) -> Iterator[RawDocument | Problem]:
    """The items of one input; whatever reading it raises ends that input with one problem, not the run."""
    try:
        yield from items
    except OSError as exc:
        yield os_problem(getattr(exc, "filename", None) or name, exc)
    except Exception as exc:  # noqa: BLE001 - a reader's bug (a hostile file found it) must not stop the run
        yield problem(name, Errors.E118, detail=f"{type(exc).__name__}: {exc}".splitlines()[0][:200])


def read_sources(sources: Iterable[str], options: ReadOptions | None = None) -> Iterator[RawDocument | Problem]:
    options = options or ReadOptions()
    for source in sources:
        if source == "-":
            data = sys.stdin.buffer.read(options.max_bytes + 1)
            yield from guarded("<stdin>", _read_bytes("<stdin>", data, "", options))
        elif is_url(source):
            from .web import fetch_url

            yield from guarded(source, fetch_url(source, options))
        else:
            path = Path(source)
            if _is_dir(path):
                unlisted: list[Problem] = []
                for file in _walk(path, lambda exc: unlisted.append(os_problem(exc.filename or str(path), exc))):
                    yield from unlisted
                    unlisted.clear()
                    yield from read_file(file, options)
                yield from unlisted
            else:
                yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    """The documents of one file, or the problems that stopped them; never raises."""
    return guarded(str(path), _read_file(path, options))


def _read_file(path: Path, options: ReadOptions) -> Iterator[RawDocument | Problem]:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield os_problem(name, exc)
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
    except OSError as exc:
        yield os_problem(name, exc)
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

__all__ = ["JsonFields", "ReadOptions", "Reader", "list_inputs", "os_problem", "read_file", "read_sources", "reader", "readers", "sniff"]
