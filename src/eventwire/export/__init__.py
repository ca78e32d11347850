"""The export stage: the store's events in formats other tools read.

``export_events`` streams events from the store (``Eventwire.iter_events``)
and writes one of: PLOVER JSONL, the GDELT 2.0 event table, an ACLED-style
CSV, a flat CSV, or Parquet partitioned by month. docs/formats.md documents
every field.

Formats without a modality column (plover, gdelt, acled) carry asserted
events only unless the caller asks otherwise: a negated or hypothetical event
written there would read as a fact.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterator

from ..errors import EventwireError
from ..store.filters import EventFilter

if TYPE_CHECKING:  # pragma: no cover
    from ..db import Eventwire


class ExportFormat(str, Enum):
    plover = "plover"
    gdelt = "gdelt"
    acled = "acled"
    parquet = "parquet"
    csv = "csv"


#: formats that cannot say an event was negated, hypothetical, ...
ASSERTED_ONLY = {ExportFormat.plover, ExportFormat.gdelt, ExportFormat.acled}


@dataclass
class ExportSummary:
    format: str
    path: str
    written: int
    skipped: int
    skip_reason: str = ""


SKIP_REASONS = {
    ExportFormat.plover: "no date",
    ExportFormat.gdelt: "no date",
    ExportFormat.acled: "no ACLED event type, no date, or another mention of a merged event already written",
}


def default_filter(fmt: ExportFormat, where: EventFilter | None, modality: str | None) -> EventFilter:
    """The filter an export uses: ``modality`` "any" keeps every event, None picks the format's default."""
    where = replace(where) if where else EventFilter()
    if modality == "any":
        where.modality = None
    elif modality:
        where.modality = modality
    elif fmt in ASSERTED_ONLY:
        where.modality = "asserted"
    return where


@contextmanager
def _text_sink(out: Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fh = out.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise EventwireError("E611", path=str(out), detail=exc.strerror or str(exc)) from exc
    with fh:
        yield fh


def export_events(
    ew: "Eventwire",
    fmt: ExportFormat | str,
    out: Path | None = None,
    where: EventFilter | None = None,
    *,
    modality: str | None = None,
) -> ExportSummary:
    """Write the selected events to ``out`` (stdout when None; Parquet needs a folder)."""
    # the writers import DuckDB and pycountry: load them only when exporting (the CLI starts faster)
    from .acled import write_acled
    from .gdelt import write_gdelt
    from .plover import write_plover
    from .rows import SourceIndex
    from .tables import write_csv, write_parquet

    fmt = ExportFormat(fmt)
    where = default_filter(fmt, where, modality)
    rows = ew.iter_events(where)
    sources = SourceIndex(ew.article_sources)
    if fmt is ExportFormat.parquet:
        if out is None:
            raise EventwireError("E610", detail="Parquet is written to a folder: give --out FOLDER")
        if out.exists() and not out.is_dir():
            raise EventwireError("E610", detail=f"{out} exists and is not a folder")
        try:
            written, skipped = write_parquet(rows, out)
        except OSError as exc:
            raise EventwireError("E611", path=str(out), detail=exc.strerror or str(exc)) from exc
    else:
        with _text_sink(out) as sink:
            if fmt is ExportFormat.plover:
                written, skipped = write_plover(rows, sink, sources)
            elif fmt is ExportFormat.gdelt:
                written, skipped = write_gdelt(rows, sink, sources)
            elif fmt is ExportFormat.acled:
                written, skipped = write_acled(rows, sink, sources, ew.merged_ids)
            else:
                written, skipped = write_csv(rows, sink)
    return ExportSummary(fmt.value, str(out) if out else "-", written, skipped, SKIP_REASONS.get(fmt, ""))


__all__ = ["ExportFormat", "ExportSummary", "export_events", "default_filter"]
