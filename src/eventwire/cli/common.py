"""What every command shares: the app, the two consoles, the common options, and opening the store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer
from rich.console import Console

from .. import __version__
from ..errors import EventwireError

if TYPE_CHECKING:  # pragma: no cover
    from ..db import Eventwire

app = typer.Typer(
    name="eventwire",
    help="Turn piles of news articles into a clean, deduplicated, source-attributed event dataset.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

DB_HELP = (
    "Store: a DuckDB file (created if missing) or a PostgreSQL database (postgresql://user@host:port/db). "
    "Default: $EVENTWIRE_DB or ./eventwire.duckdb."
)
DbOption = Annotated[Optional[str], typer.Option("--db", help=DB_HELP, show_default=False)]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]
LimitOption = Annotated[int, typer.Option(help="At most this many rows (0: all).", min=0)]
OffsetOption = Annotated[int, typer.Option(help="Skip this many rows first.", min=0)]
EventSinceOption = Annotated[Optional[str], typer.Option(help="Event date on or after YYYY-MM-DD.")]
EventUntilOption = Annotated[Optional[str], typer.Option(help="Event date on or before YYYY-MM-DD.")]
EventTypeOption = Annotated[Optional[str], typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
CountryOption = Annotated[Optional[str], typer.Option(help="ISO alpha-3 code of either side or of the place.")]
ActorOption = Annotated[Optional[str], typer.Option(help="Actor code (ISR) or text fragment (Hamas).")]
RecipientOption = Annotated[Optional[str], typer.Option(help="Recipient code or text fragment.")]
QuadOption = Annotated[Optional[int], typer.Option(help="Quad class 1-4.", min=1, max=4)]
ArticleOption = Annotated[Optional[str], typer.Option(help="Article id or prefix.")]
StoryOption = Annotated[Optional[str], typer.Option(help="Storyline or chapter id (or prefix).")]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def fail(exc: EventwireError) -> NoReturn:
    """The one-line error every command prints for a known error (exit 1), instead of a traceback."""
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(1)


def check_date(value: Optional[str], option: str) -> Optional[str]:
    if value is not None and not _DATE.match(value):
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint=option)
    return value


def check_span(since: Optional[str], until: Optional[str]) -> None:
    """--since and --until, both YYYY-MM-DD when given."""
    check_date(since, "--since")
    check_date(until, "--until")


@contextmanager
def opened(db: Optional[str], *, read_only: bool = False) -> Iterator["Eventwire"]:
    """The store, open for the ``with`` block and closed after it; an EventwireError, from opening
    or from the block, ends the command with ``fail``."""
    from ..db import Eventwire

    try:
        ew = Eventwire(db, read_only=read_only)
    except EventwireError as exc:
        fail(exc)
    try:
        yield ew
    except EventwireError as exc:
        fail(exc)
    finally:
        ew.close()


def _version(value: bool) -> None:
    if value:
        out.print(f"eventwire {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn piles of news articles into a clean, deduplicated, source-attributed event dataset.

    Start with [bold]eventwire ingest PATH[/]; then list with [bold]eventwire articles[/].
    """
