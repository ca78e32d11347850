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
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, Optional, get_args

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand

from .. import __version__
from ..errors import Errors, EventwireError
from ..dates import parse_date
from ..model import ContradictionKind, Modality, Problem

if TYPE_CHECKING:  # pragma: no cover
    from ..db import Eventwire

def _placeholder(param: Any) -> str | None:
    """What --help shows for a parameter's value: nothing for a flag, TEXT, N or PATH for a plain value,
    typer's own list for a choice (``<table|csv|...>``)."""
    if getattr(param, "is_flag", False):
        return ""
    desc = param.type_descriptor
    if desc.is_choice:
        return None
    return "PATH" if desc.is_path else "N" if desc.is_ranged or desc.annotation is int else "TEXT"


class Command(TyperCommand):
    """A command whose --help shows a meaningful placeholder for each value, and none for a flag
    (typer's own are ``<str>``, ``<int range>`` and ``<bool>``); an option's ``metavar`` wins."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if param.param_type_name == "argument":
                param.display_type_rich = _no_type  # its name (metavar) is its placeholder: no <str> beside it
            elif param.metavar is None:
                param.metavar = _placeholder(param)
        return params


def _no_type(ctx: Any) -> None:
    return None


class _Typer(typer.Typer):
    """The app: every command is a ``Command`` unless it names its own class."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


app = _Typer(
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
#: a listing's rows when --limit is not given: a table is for reading, the other formats are data
TABLE_LIMIT = 100
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def bad_option(option: str, message: str) -> NoReturn:
    """The one-line error of an option given a value it cannot take (exit 2, as for any usage error)."""
    err.print(f"[bold red]error:[/] {shown(option)}: {shown(message)}", soft_wrap=True)
    raise typer.Exit(2)


def _listed(values: Any) -> str:
    return ", ".join(values)


def _is_day(value: str) -> bool:
    """``value`` is a day that exists, written YYYY-MM-DD (not 2024-13-01, not 2024-02-30)."""
    return _DAY.match(value) is not None and parse_date(value) is not None


def date_value(ctx: typer.Context, param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """An option's date: a real day written YYYY-MM-DD, or a one-line error naming the option."""
    if value is not None and not _is_day(value):
        bad_option(param.opts[0], f"{value!r} is not a date; expected YYYY-MM-DD (e.g. 2024-08-01)")
    return value


def event_type_value(ctx: typer.Context, param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """A PLOVER event type in upper case, or a one-line error listing the types (as the REST API refuses it)."""
    from ..ontology import PLOVER_TYPES

    if value is None:
        return None
    if value.upper() not in PLOVER_TYPES:
        bad_option(param.opts[0], f"{value!r} is not a PLOVER event type; one of {_listed(PLOVER_TYPES)}")
    return value.upper()


def _one_of(values: tuple[str, ...], what: str) -> Any:
    """An option callback that accepts one of ``values`` (any case) and names them all otherwise."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        if value.lower() not in values:
            bad_option(param.opts[0], f"{value!r} is not {what}; one of {_listed(values)}")
        return value.lower()

    return check


modality_value = _one_of(get_args(Modality), "a modality")
contradiction_kind_value = _one_of(get_args(ContradictionKind), "a kind of contradiction")

DbOption = Annotated[Optional[str], typer.Option("--db", help=DB_HELP, show_default=False, metavar="FILE|URL")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]
LimitOption = Annotated[Optional[int], typer.Option(
    help=f"At most N rows (0: all). Default: {TABLE_LIMIT} in a table, all in csv/tsv/json/jsonl; "
         "a table cut at its limit says so on stderr.", min=0, metavar="N", show_default=False)]
OffsetOption = Annotated[int, typer.Option(help="Skip N rows first.", min=0, metavar="N")]
EventSinceOption = Annotated[Optional[str], typer.Option(
    help="Event date on or after this day.", metavar="YYYY-MM-DD", callback=date_value)]
EventUntilOption = Annotated[Optional[str], typer.Option(
    help="Event date on or before this day.", metavar="YYYY-MM-DD", callback=date_value)]
EventTypeOption = Annotated[Optional[str], typer.Option(
    "--type", help="PLOVER event type, e.g. ASSAULT.", metavar="TYPE", callback=event_type_value)]
ModalityOption = Annotated[Optional[str], typer.Option(
    help=f"Only this modality: {_listed(get_args(Modality))}.", metavar="MODALITY", callback=modality_value)]
CountryOption = Annotated[Optional[str], typer.Option(
    help="ISO alpha-3 code of either side or of the place.", metavar="ISO3")]
ActorOption = Annotated[Optional[str], typer.Option(
    help="Actor code (ISR) or text fragment (Hamas).", metavar="CODE|TEXT")]
RecipientOption = Annotated[Optional[str], typer.Option(help="Recipient code or text fragment.", metavar="CODE|TEXT")]
QuadOption = Annotated[Optional[int], typer.Option(help="Quad class.", min=1, max=4, metavar="N")]
ArticleOption = Annotated[Optional[str], typer.Option(help="Article id or prefix.", metavar="ID")]
StoryOption = Annotated[Optional[str], typer.Option(help="Storyline or chapter id (or prefix).", metavar="ID")]


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` with its noun, singular for 1: "1 storyline", "2 storylines" (``many``: an irregular plural)."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def listing_limit(limit: Optional[int], table: bool) -> Optional[int]:
    """The rows a listing asks the store for: --limit as given (0: all), else 100 in a table and all otherwise."""
    if limit is None:
        return TABLE_LIMIT if table else None
    return limit or None


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


def fail(exc: "EventwireError | Problem") -> NoReturn:
    """The one-line error every command prints for a known error or an input it cannot use (exit 1),
    instead of a traceback."""
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


def check_span(since: Optional[str], until: Optional[str]) -> None:
    """--since no later than --until (each is checked as a date when parsed)."""
    if since and until and since > until:
        bad_option("--since", f"{since} is after --until {until}")


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
