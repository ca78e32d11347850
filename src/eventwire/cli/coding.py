"""Coding text without a store: ``eventwire code`` (JSONL in, JSONL out) and ``eventwire explain``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import Errors, EventwireError
from .common import JsonFlag, app, check_date, fail, out


@app.command()
def code(
    path: Annotated[str, typer.Argument(help="A JSONL file of {id, text, date?} objects, or - for stdin.")],
    out_path: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Code sentences in batch: one JSON object per input line, in input order.

    Each output line is {"id": ..., "events": [...]}; a line that cannot be used
    gives {"id", "line", "error": {"code", "message"}, "events": []} instead.
    """
    from ..pipeline.lines import code_jsonl

    if path == "-":
        lines = sys.stdin
    else:
        source = Path(path)
        if not source.is_file():
            fail(EventwireError(Errors.E404, detail=f"input file {path}"))
        lines = source.open(encoding="utf-8", errors="replace")
    sink = out_path.open("w", encoding="utf-8") if out_path else sys.stdout
    try:
        for result in code_jsonl(lines):
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if out_path:
            sink.close()


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A sentence or short text, in quotes.")],
    date: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD (resolves people and dates).")] = None,
    json_: JsonFlag = False,
) -> None:
    """Show the parse, every candidate trigger, and why each did or did not become an event."""
    from ..pipeline.lines import explain as explain_report
    from ..pipeline.lines import explain_text

    check_date(date, "--date")
    report = explain_report(text, date)
    if json_:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        out.print(explain_text(report), markup=False, highlight=False, soft_wrap=True)
