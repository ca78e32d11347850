"""The export stage: the store's events in formats other tools read.

``export_events`` streams events from the store (``Eventwire.iter_events``)
and writes them with one of the registered formats (``registry.py``): PLOVER
JSONL, the GDELT 2.0 event table, an ACLED-style CSV, a flat CSV, or Parquet
partitioned by month. docs/formats.md documents every field.

Formats without a modality column (plover, gdelt, acled) carry asserted
events only unless the caller asks otherwise: a negated or hypothetical event
written there would read as a fact.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterator

from ..errors import Errors, EventwireError
from ..store.filters import EventFilter
from .registry import Exporter, exporter, exporters, get_exporter
from .rows import SourceIndex

if TYPE_CHECKING:  # pragma: no cover
    from ..db import Eventwire


@dataclass
class ExportSummary:
    format: str
    path: str
    written: int
    skipped: int
    skip_reason: str = ""


def default_filter(fmt: str, where: EventFilter | None, modality: str | None) -> EventFilter:
    """The filter an export uses: ``modality`` "any" keeps every event, None picks the format's default."""
    where = replace(where) if where else EventFilter()
    if modality == "any":
        where.modality = None
    elif modality:
        where.modality = modality
    elif get_exporter(fmt).asserted_only:
        where.modality = "asserted"
    return where


def _context(entry: Exporter, ew: "Eventwire") -> dict:
    """What a writer may ask of the store besides the rows (``Exporter.per_merged_event``)."""
    return {"merged_of": ew.merged_ids} if entry.per_merged_event else {}


@contextmanager
def _text_sink(out: Path | None) -> Iterator[IO[str]]:
    """stdout, or the file ``out``; a write that fails there (a full disk) is E611 naming the file
    (stdout's own failures are the caller's to name)."""
    if out is None:
        yield sys.stdout
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fh = out.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise EventwireError(Errors.E611, path=str(out), detail=exc.strerror or str(exc)) from exc
    try:
        with fh:
            yield fh
    except OSError as exc:
        raise EventwireError(Errors.E611, path=str(out), detail=exc.strerror or str(exc)) from exc


def export_events(
    ew: "Eventwire",
    fmt: str,
    out: Path | None = None,
    where: EventFilter | None = None,
    *,
    modality: str | None = None,
) -> ExportSummary:
    """Write the selected events to ``out`` (stdout when None; a folder format needs a folder)."""
    entry = get_exporter(fmt)
    where = default_filter(fmt, where, modality)
    rows = ew.iter_events(where)
    sources = SourceIndex(ew.article_sources)
    if entry.folder:
        if out is None:
            raise EventwireError(Errors.E610, detail=f"{entry.title} is written to a folder: give --out FOLDER")
        if out.exists() and not out.is_dir():
            raise EventwireError(Errors.E610, detail=f"{out} exists and is not a folder")
        try:
            written, skipped = entry.write(rows, out, sources, **_context(entry, ew))
        except OSError as exc:
            raise EventwireError(Errors.E611, path=str(out), detail=exc.strerror or str(exc)) from exc
    else:
        with _text_sink(out) as sink:
            written, skipped = entry.write(rows, sink, sources, **_context(entry, ew))
    return ExportSummary(entry.name, str(out) if out else "-", written, skipped, entry.skip_reason)


# every module here is imported, so a format registers itself just by being in this package
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["Exporter", "ExportSummary", "default_filter", "export_events", "exporter", "exporters", "get_exporter"]
