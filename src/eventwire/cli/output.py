"""One set of output formats for every listing command (like sqlite-utils).

table (rich, default on a terminal), csv, tsv, json (one array) and jsonl.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import Enum
from typing import IO, Any

from rich.console import Console
from rich.table import Table


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
        writer = csv.writer(stream, delimiter="," if fmt is OutputFormat.csv else "\t", lineterminator="\n")
        writer.writerow(cols)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in cols])
    elif fmt is OutputFormat.json:
        json.dump([{c: row.get(c) for c in cols} for row in rows], stream, ensure_ascii=False, indent=2, default=str)
        stream.write("\n")
    elif fmt is OutputFormat.jsonl:
        for row in rows:
            stream.write(json.dumps({c: row.get(c) for c in cols}, ensure_ascii=False, default=str) + "\n")
    else:
        # piped output has no terminal width; give tables room instead of 80 columns
        console = Console(file=stream, soft_wrap=False, width=None if stream.isatty() else 200)
        table = Table(title=title, show_lines=False, header_style="bold")
        for c in cols:
            table.add_column(c, overflow="ellipsis", max_width=max_width, min_width=min(len(c), 12), no_wrap=True)
        for row in rows:
            table.add_row(*[_cell(row.get(c)) for c in cols])
        console.print(table)
        if not rows:
            console.print("(no rows)")
