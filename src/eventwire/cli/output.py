"""One set of output formats for every listing command (like sqlite-utils).

table (rich, default on a terminal), csv, tsv, json (one array) and jsonl;
``@output_options`` gives a command the options that choose one. Cells are
data, never markup: a table shows text with its control characters made
visible, CSV and TSV cells that a spreadsheet would run as a formula get a
``'`` in front (the exports' shared writer), JSON escapes what a terminal
would act on.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from enum import Enum
from typing import IO, Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..export.rows import csv_writer, spreadsheet_safe
from .common import err, json_line, json_text, terminal_text


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


#: a text column gets at least this many characters, else it is dropped (the least important first)
MIN_TEXT_WIDTH = 24
#: lines a text cell may take in a table before it is cut with "…"
TEXT_LINES = 3


def write_rows(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat | str = OutputFormat.table,
    *,
    columns: Sequence[str] | None = None,
    stream: IO[str] | None = None,
    title: str | None = None,
    text_columns: Sequence[str] = (),
) -> None:
    """Rows in a format; a table fits the terminal (``text_columns``, most important first, wrap or go)."""
    fmt = OutputFormat(fmt)
    stream = stream or sys.stdout
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt in (OutputFormat.csv, OutputFormat.tsv):
        writer = csv_writer(stream, delimiter="," if fmt is OutputFormat.csv else "\t")
        writer.writerow(cols)
        for row in rows:
            writer.writerow([_cell(spreadsheet_safe(row.get(c))) for c in cols])
    elif fmt is OutputFormat.json:
        stream.write(json_text([{c: row.get(c) for c in cols} for row in rows]) + "\n")
    elif fmt is OutputFormat.jsonl:
        for row in rows:
            stream.write(json_line({c: row.get(c) for c in cols}) + "\n")
    else:
        # piped output has no terminal width: $COLUMNS when set, else room for a wide table
        wide = not stream.isatty() and "COLUMNS" not in os.environ
        console = Console(file=stream, soft_wrap=False, width=200 if wide else None)
        console.print(_table(rows, cols, text_columns, console.width, title))
        if not rows:
            console.print("(no rows)")


def _table(rows: Sequence[dict[str, Any]], cols: list[str], text_columns: Sequence[str], width: int,
           title: str | None) -> Table:
    """A rich table of ``width`` columns at most: ids, dates, codes and numbers whole (numbers on the
    right), text columns wrapped into the room left, and dropped when there is too little."""
    cells = {c: [terminal_text(_cell(row.get(c))) for row in rows] for c in cols}
    widths = _fit(cells, [c for c in text_columns if c in cols], width)
    table = Table(title=title, show_lines=False, header_style="bold")
    kept = [c for c in cols if c in widths]
    for c in kept:
        numeric = bool(rows) and all(isinstance(row.get(c), (int, float, type(None))) for row in rows)
        header = "\n".join(textwrap.wrap(c.replace("_", " "), widths[c], break_long_words=False))
        table.add_column(header, width=widths[c], justify="right" if numeric else "left",
                         no_wrap=c not in text_columns, overflow="fold")
    for i in range(len(rows)):
        table.add_row(*[Text(_clipped(cells[c][i], widths[c]) if c in text_columns else cells[c][i]) for c in kept])
    return table


def _fit(cells: dict[str, list[str]], text: list[str], width: int) -> dict[str, int]:
    """The width of each column kept: every other column as wide as its widest value (and its header,
    or the header's longest word when room is short); the text columns share what is left."""
    fixed = [c for c in cells if c not in text]
    whole = {c: max([cell_len(c)] + [cell_len(v) for v in cells[c]]) for c in cells}
    tight = {c: max([cell_len(w) for w in c.split("_")] + [cell_len(v) for v in cells[c]]) for c in cells}
    text = list(text)
    while True:
        room = width - 3 * (len(fixed) + len(text)) - 1 - sum(tight[c] for c in fixed)
        if not text or room >= MIN_TEXT_WIDTH * len(text):
            break
        text.pop()
    widths = {c: tight[c] for c in fixed} | _shared(room, {c: whole[c] for c in text})
    spare = room - sum(widths[c] for c in text)
    for c in fixed:  # whole headers where they fit
        extra = min(spare, whole[c] - tight[c])
        widths[c] += extra
        spare -= extra
    return widths


def _shared(room: int, wanted: dict[str, int]) -> dict[str, int]:
    """``room`` shared among columns that want ``wanted`` each: none gets more than it wants, the rest evenly."""
    given: dict[str, int] = {}
    left = dict(wanted)
    while left:
        share = max(1, room // len(left))
        modest = {c: w for c, w in left.items() if w <= share}
        if not modest:
            return given | {c: share for c in left}
        for c, w in modest.items():
            given[c] = w
            room -= w
            del left[c]
    return given


def _clipped(text: str, width: int) -> str:
    """``text`` wrapped to ``width``, at most ``TEXT_LINES`` lines, the last cut with "…" when more follows."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > TEXT_LINES:
        lines = lines[:TEXT_LINES]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


#: the options ``@output_options`` adds: (parameter, annotation, the format its flag stands for)
_OPTIONS: list[tuple[str, Any, OutputFormat | None]] = [
    ("fmt", Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)], None),
    ("csv_", Annotated[bool, typer.Option("--csv", help="Shortcut for --format csv.")], OutputFormat.csv),
    ("tsv", Annotated[bool, typer.Option("--tsv", help="Shortcut for --format tsv.")], OutputFormat.tsv),
    ("json_", Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")], OutputFormat.json),
    ("jsonl", Annotated[bool, typer.Option(
        "--jsonl", "--nl", help="Shortcut for --format jsonl (one JSON object per line).")], OutputFormat.jsonl),
]


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a listing command the shared --format/-f, --csv, --tsv, --json and --jsonl/--nl options, last.

    The command declares ``fmt: OutputFormat = OutputFormat.table`` and is called with
    the format those options chose (a shortcut flag wins over --format).
    """
    signature = inspect.signature(command, eval_str=True)
    default = signature.parameters["fmt"].default
    kept = [p for p in signature.parameters.values() if p.name != "fmt"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                          default=default if shortcut is None else False)
        for name, annotation, shortcut in _OPTIONS
    ]

    @functools.wraps(command)
    def listing(**kwargs: Any) -> Any:
        fmt = kwargs.pop("fmt")
        flagged = [shortcut for name, _, shortcut in _OPTIONS[1:] if kwargs.pop(name)]
        return command(**kwargs, fmt=flagged[0] if flagged else fmt)

    # typer reads the parameters from here: the command's own, then the output options
    listing.__signature__ = signature.replace(parameters=kept + added)  # type: ignore[attr-defined]
    listing.__annotations__ = {p.name: p.annotation for p in kept + added}
    return listing


def write_listing(rows: list[dict], fmt: OutputFormat, columns: list[str], title: str, *,
                  short_ids: tuple[str, ...] = ("id",), text_columns: Sequence[str] = (), offset: int = 0) -> None:
    """A listing: as a table, the chosen columns with ids cut to 12 characters; in any other format, every
    field. A listing cut at its limit says so on stderr (``rows.total``: how many match in all)."""
    if fmt is not OutputFormat.table:
        write_rows(rows, fmt)
    else:
        short = [{**r, **{k: (r.get(k) or "")[:12] for k in short_ids}} for r in rows]
        write_rows(short, fmt, columns=columns, title=title, text_columns=text_columns)
    total = getattr(rows, "total", None)
    if total is not None and total > offset + len(rows):
        shown_rows = f"{offset + 1:,}-{offset + len(rows):,}" if offset else f"{len(rows):,}"
        err.print(f"showing {shown_rows} of {total:,}; --limit 0 for all", highlight=False)
