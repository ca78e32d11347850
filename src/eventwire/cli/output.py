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
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..export.rows import csv_writer, spreadsheet_safe
from .common import json_line, json_text, terminal_text


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


def write_rows(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat | str = OutputFormat.table,
    *,
    columns: Sequence[str] | None = None,
    stream: IO[str] | None = None,
    title: str | None = None,
    max_width: int = 60,
) -> None:
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
        # piped output has no terminal width; give tables room instead of 80 columns
        console = Console(file=stream, soft_wrap=False, width=None if stream.isatty() else 200)
        table = Table(title=title, show_lines=False, header_style="bold")
        for c in cols:
            table.add_column(c, overflow="ellipsis", max_width=max_width, min_width=min(len(c), 12), no_wrap=True)
        for row in rows:
            table.add_row(*[Text(terminal_text(_cell(row.get(c)))) for c in cols])
        console.print(table)
        if not rows:
            console.print("(no rows)")


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
                  short_ids: tuple[str, ...] = ("id",), max_width: int = 60) -> None:
    """A listing: as a table, the chosen columns with ids cut to 12 characters; in any other format, every field."""
    if fmt is not OutputFormat.table:
        write_rows(rows, fmt)
        return
    short = [{**r, **{k: (r.get(k) or "")[:12] for k in short_ids}} for r in rows]
    write_rows(short, fmt, columns=columns, title=title, max_width=max_width)
