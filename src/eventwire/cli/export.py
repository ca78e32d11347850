"""``eventwire export``: the store's events in one of the registered export formats.

Every text here that names formats (--format's choices and help, --out's and
--modality's help, the command's summary) is made from the exporter registry
(``eventwire.export.registry``) each time typer builds the command, which it
does on every run: the annotations are strings (``from __future__ import
annotations``) that typer evaluates then, and ``_ExportCommand`` fills in the
summary. So a format registered after this module was imported is listed too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import typer

from ..export import export_events, exporters
from ..store.filters import EventFilter
from .common import (
    ActorOption,
    ArticleOption,
    CountryOption,
    DbOption,
    EventSinceOption,
    EventTypeOption,
    EventUntilOption,
    QuadOption,
    Command,
    RecipientOption,
    app,
    check_span,
    err,
    modality_value,
    opened,
    plural,
    shown,
)


def _listed(items: list[str]) -> str:
    """The items as a sentence lists them: "a, b or c"."""
    return items[0] if len(items) < 2 else ", ".join(items[:-1]) + " or " + items[-1]


def _format_choices() -> Any:
    return Literal[tuple(e.name for e in exporters())]


def _format_option() -> Any:
    described = [f"{e.name} ({e.description})" if e.description else e.name for e in exporters()]
    return typer.Option("--format", "-f", help=_listed(described) + ".", case_sensitive=False)


def _out_option() -> Any:
    folders = "/".join(e.name for e in exporters() if e.folder)
    where = f"File to write (a folder for {folders})." if folders else "File to write."
    return typer.Option("--out", "-o", help=f"{where} Default: stdout.")


def _modality_option() -> Any:
    asserted = "/".join(e.name for e in exporters() if e.asserted_only)
    every = "/".join(e.name for e in exporters() if not e.asserted_only)
    default = ", ".join(d for d in (asserted and f"asserted for {asserted}", every and f"any for {every}") if d)
    return typer.Option(help=f"Only this modality (asserted, negated, ...), or 'any'. Default: {default}.",
                        metavar="MODALITY", callback=_modality_or_any)


def _modality_or_any(ctx: typer.Context, param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """--modality: 'any', or one of the modalities (checked as the listings check it)."""
    return "any" if value is not None and value.lower() == "any" else modality_value(ctx, param, value)


class _ExportCommand(Command):
    """Names the registered formats in the command's help ("{formats}" in its docstring)."""

    def __init__(self, *args: Any, help: str | None = None, **kwargs: Any) -> None:
        formats = _listed([e.title for e in exporters()])
        super().__init__(*args, help=help.format(formats=formats) if help else help, **kwargs)


@app.command(cls=_ExportCommand)
def export(
    fmt: Annotated[_format_choices(), _format_option()],
    out_path: Annotated[Optional[Path], _out_option()] = None,
    db: DbOption = None,
    actor: ActorOption = None,
    recipient: RecipientOption = None,
    country: CountryOption = None,
    event: EventTypeOption = None,
    quad: QuadOption = None,
    modality: Annotated[Optional[str], _modality_option()] = None,
    since: EventSinceOption = None,
    until: EventUntilOption = None,
    article: ArticleOption = None,
    story: Annotated[Optional[str], typer.Option(help="Storyline or chapter id or prefix: the events of its articles.",
                                                 metavar="ID")] = None,
) -> None:
    """Export events as {formats}.

    Field by field documentation: docs/formats.md. A one-line summary goes to stderr.
    """
    check_span(since, until)
    if story is not None and not re.fullmatch(r"[0-9a-f]{6,64}", story):
        raise typer.BadParameter(f"expected a story id (6 to 64 hex digits), got {story!r}", param_hint="--story")
    where = EventFilter(since=since, until=until, country=country, event=event, quad_class=quad,
                        actor=actor, recipient=recipient, article=article, story=story)
    with opened(db, read_only=True) as ew:
        summary = export_events(ew, fmt, out_path, where, modality=modality)
    skipped = f", {summary.skipped} skipped ({summary.skip_reason})" if summary.skipped else ""
    err.print(f"exported {plural(summary.written, 'event')} as {summary.format} to {shown(summary.path)}{skipped}", soft_wrap=True)
