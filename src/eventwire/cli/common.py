"""What every command shares: the app, the two consoles, the common options, opening the store,
and showing text from the inputs as text.

Titles, outlets, file names and tokens come from whoever wrote the input, so
they never reach the terminal as markup or control codes: ``shown`` escapes
rich markup (``[/]``, ``[link=...]``) and makes control characters visible
(``\\x1b``, ``\\n``: an escape sequence or a newline in a file name cannot
recolour the terminal or forge a line), and JSON output escapes the
characters a terminal would act on while staying the same JSON.
"""

from __future__ import annotations

import errno
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape

from .. import __version__
from ..errors import Errors, EventwireError

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


#: characters a terminal acts on: C0 and C1 controls, DEL, bidi overrides and isolates, line/paragraph separators
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_TERMINAL_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
#: the same, as they may stand in JSON text unescaped (json.dumps escapes C0 controls itself)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(value: Any, *, keep_newlines: bool = False) -> str:
    """``value`` as text with every control character shown as an escape (``\\x1b``); newlines and
    tabs kept only with ``keep_newlines`` (an article's body), else shown too (one line per item)."""
    pattern = _TERMINAL_CONTROLS_BUT_LINES if keep_newlines else _TERMINAL_CONTROLS
    return pattern.sub(_visible, str(value))


def shown(value: Any) -> str:
    """Text from the inputs, for a rich markup string: control characters visible, markup escaped."""
    return escape(terminal_text(value))


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON (UTF-8, not ASCII-escaped) with the characters a terminal acts on escaped: the same JSON."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                            json.dumps(value, ensure_ascii=False, indent=indent, default=str))


def json_line(value: Any) -> str:
    return json_text(value, indent=None)


def fail(exc: EventwireError) -> NoReturn:
    """The one-line error every command prints for a known error (exit 1), instead of a traceback."""
    err.print(f"[bold red]error:[/] {shown(exc)}", soft_wrap=True)
    raise typer.Exit(1)


class StdoutFailed(OSError):
    """Writing to standard output failed (a full disk behind ``> file``, ...)."""


class GuardedStdout:
    """``sys.stdout`` whose write errors say they are standard output's (``main`` installs it)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StdoutFailed(exc.errno, exc.strerror) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StdoutFailed(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def stdout_error(exc: OSError) -> EventwireError:
    return EventwireError(Errors.E612, detail=exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc)))


@contextmanager
def writing(path: Optional[Path]) -> Iterator[IO[str]]:
    """A text sink: the file at ``path`` (UTF-8), or standard output; a failed write is one clear error."""
    try:
        sink = path.open("w", encoding="utf-8") if path is not None else sys.stdout
    except OSError as exc:
        fail(EventwireError(Errors.E613, path=str(path), detail=exc.strerror or str(exc)))
    try:
        yield sink
        sink.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        fail(stdout_error(exc) if path is None else EventwireError(Errors.E613, path=str(path),
                                                                     detail=exc.strerror or str(exc)))
    finally:
        if path is not None:
            try:
                sink.close()
            except OSError:
                pass


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
    except ew.store.errors as exc:  # met while reading (a damaged page): the store's own code, not a traceback
        fail(ew.store.translate_error(exc))
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
