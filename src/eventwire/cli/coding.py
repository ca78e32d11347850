"""Coding text without a store: ``eventwire code`` (JSONL in, JSONL out) and ``eventwire explain``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import Errors, EventwireError
from .common import JsonFlag, app, check_date, fail, json_line, json_text, out, terminal_text, writing


@app.command()
def code(
    path: Annotated[str, typer.Argument(help="A JSONL file of {id, text, date?} objects, or - for stdin.")],
    out_path: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Code sentences in batch: one JSON object per input line, in input order.

    Each output line is {"id": ..., "events": [...]}; a line that cannot be used
    gives {"id", "line", "error": {"code", "message"}, "events": []} instead.
    """
    from ..pipeline.lines import code_jsonl, read_lines

    if path == "-":
        stream = sys.stdin.buffer
    else:
        source = Path(path)
        if not source.is_file():
            fail(EventwireError(Errors.E404, detail=f"input file {path}"))
        stream = source.open("rb")  # lines are decoded one by one: a line that is not UTF-8 is one error line
    with writing(out_path) as sink:
        for result in code_jsonl(read_lines(stream)):
            sink.write(json_line(result) + "\n")


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
        print(json_text(report))
    else:
        out.print(terminal_text(explain_text(report), keep_newlines=True), markup=False, highlight=False,
                  soft_wrap=True)
