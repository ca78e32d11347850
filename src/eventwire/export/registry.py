"""The export formats by name: ``export_events`` and the CLI's ``--format`` read them from here.

A format is one module in this package whose writer is decorated with
``@exporter(...)``; the package imports every module in it, so adding a format
changes no other file. Everything the CLI says about formats (the choices, the
help, which are asserted-only, which write a folder) is generated from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: ``write(rows, out, sources) -> (written, skipped)``; ``out`` is a text stream, or a folder (Path) when ``folder``
Writer = Callable[..., tuple[int, int]]


@dataclass(frozen=True)
class Exporter:
    name: str
    """The ``--format`` value."""
    write: Writer
    suffix: str
    """The usual file name suffix of the output (``.jsonl``); for a folder format, of the files in it."""
    description: str
    """What the name does not say, shown after it in ``--format``'s help ("61-column TSV"); may be empty."""
    title: str
    """How the format is named in a sentence ("a GDELT 2.0 event table")."""
    asserted_only: bool = False
    """The format has no modality field: unless asked otherwise, only asserted events are written,
    as a negated or hypothetical event written there would read as a fact."""
    skip_reason: str = ""
    """Why the writer leaves some events out (said in the export summary)."""
    folder: bool = False
    """Written to a folder (``--out FOLDER``), not to a file or stdout."""
    order: int = 100
    """Place in listings; the built-in formats use 10 to 50."""
    per_merged_event: bool = False
    """One record per merged event: the writer gets ``merged_of(event ids) -> {event id: merged id}``."""


_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(entry: Exporter) -> Exporter:
    if entry.name in _EXPORTERS:
        raise ValueError(f"export format {entry.name!r} is already registered")
    _EXPORTERS[entry.name] = entry
    return entry


def unregister_exporter(name: str) -> None:
    _EXPORTERS.pop(name, None)


def exporter(
    name: str, *, suffix: str, description: str, title: str, asserted_only: bool = False,
    skip_reason: str = "", folder: bool = False, order: int = 100, per_merged_event: bool = False,
) -> Callable[[Writer], Writer]:
    """Register the decorated writer as export format ``name`` (the fields of ``Exporter``)."""

    def register(write: Writer) -> Writer:
        register_exporter(Exporter(name, write, suffix, description, title, asserted_only, skip_reason, folder, order,
                                   per_merged_event))
        return write

    return register


def exporters() -> list[Exporter]:
    """Every registered format, in listing order."""
    return sorted(_EXPORTERS.values(), key=lambda e: (e.order, e.name))


def get_exporter(name: str) -> Exporter:
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise ValueError(f"{name!r} is not an export format ({', '.join(e.name for e in exporters())})") from None
