"""Coding text without a store: ``eventwire code`` (JSONL in, JSONL out) and ``eventwire explain``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import JsonFlag, app, date_value, fail, json_line, json_text, out, terminal_text, writing


@app.command()
def code(
    path: Annotated[str, typer.Argument(help="A JSONL file of {id, text, date?} objects, or - for stdin.",
                                        metavar="FILE")],
    out_path: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of stdout.",
                                                     metavar="FILE")] = None,
) -> None:
    """Code sentences in batch: one JSON object per input line, in input order.

    Each output line is {"id": ..., "events": [...]}; a line that cannot be used
    gives {"id", "line", "error": {"code", "message"}, "events": []} instead.
    """
    from ..pipeline.lines import code_jsonl, read_lines
    from ..read import os_problem

    if path == "-":
        stream = sys.stdin.buffer
    else:
        try:  # lines are decoded one by one: a line that is not UTF-8 is one error line
            stream = Path(path).open("rb")
        except OSError as exc:  # the same code and words as `eventwire ingest` gives a missing input (E100)
            fail(os_problem(path, exc))
    with writing(out_path) as sink:
        for result in code_jsonl(read_lines(stream)):
            sink.write(json_line(result) + "\n")


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A sentence or short text, in quotes.", metavar="TEXT")],
    date: Annotated[Optional[str], typer.Option(help="Publication date (resolves people and dates).",
                                                metavar="YYYY-MM-DD", callback=date_value)] = None,
    json_: JsonFlag = False,
) -> None:
    """Show the parse, every candidate trigger, and why each did or did not become an event."""
    from ..pipeline.lines import explain as explain_report
    from ..pipeline.lines import explain_text

    report = explain_report(text, date)
    if json_:
        print(json_text(report))
    else:
        out.print(terminal_text(explain_text(report), keep_newlines=True), markup=False, highlight=False,
                  soft_wrap=True)
