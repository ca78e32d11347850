"""``eventwire ingest``: read, clean, code and store articles, with a progress bar and a summary."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Optional

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..errors import short_message
from ..model import Problem, RawDocument
from .common import DbOption, app, date_value, err, json_text, opened, out, plural, shown


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive), URLs, or - for stdin.",
                                               metavar="PATH")],
    db: DbOption = None,
    date: Annotated[
        Optional[str],
        typer.Option(help="Publication date for articles whose own date cannot be found.", metavar="YYYY-MM-DD",
                     callback=date_value),
    ] = None,
    max_size: Annotated[int, typer.Option(help="Skip files larger than this many MB.", min=1, metavar="MB")] = 20,
    text_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the article text.", metavar="FIELD")] = "text",
    title_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the title.", metavar="FIELD")] = "title",
    url_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the URL.", metavar="FIELD")] = "url",
    date_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the publication date.", metavar="FIELD")] = "date",
    batch_size: Annotated[int, typer.Option(help="Articles per committed batch.", min=1)] = 256,
    workers: Annotated[
        Optional[int],
        typer.Option(help="Worker processes for cleaning and coding (default: all cores; 1: no pool). "
                          "Small runs stay in one process.", min=1),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="Where the stage work runs: local (process pool) or dask (a Dask cluster).",
                     metavar="local|dask")
    ] = "local",
    scheduler: Annotated[
        Optional[str],
        typer.Option(help="Dask scheduler address (tcp://HOST:8786) for --engine dask; "
                          "without it a local Dask cluster is started.", metavar="URL"),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if any input was skipped.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    summary_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read articles from files, folders, URLs or stdin; clean, deduplicate and store them.

    Safe to repeat: articles already in the store are not added again, and a run
    that was killed can simply be started again. Bad inputs are reported one
    line each (file, line or record, reason) and the rest of the batch goes on.

    Exit status: 0 if anything was read, 1 if nothing could be read or no new
    article could be coded, 3 with --strict when any input was skipped.
    """
    from ..read import JsonFields, list_inputs

    fields = JsonFields(text=text_field, title=title_field, url=url_field, date=date_field)

    def report(problem: Problem) -> None:
        err.print(f"[yellow]skipped[/] {shown(problem)}", markup=True, highlight=False, soft_wrap=True)

    options = dict(date=date, max_bytes=max_size * 1024 * 1024, json_fields=fields, batch_size=batch_size,
                   workers=workers, engine=engine, scheduler=scheduler, on_problem=report)
    with opened(db) as ew:
        if not quiet and err.is_terminal:
            with _progress(sum(1 for _ in list_inputs(paths))) as on_document:
                summary = ew.ingest(paths, on_document=on_document, **options)
        else:
            summary = ew.ingest(paths, **options)
        stats = ew.stats()

    data = summary.to_dict()
    if summary_json:
        print(json_text({**data, "store": ew.path, "store_totals": stats}))
    else:
        _print_summary(summary, data, ew.path, stats)
    if summary.documents == 0:
        err.print("[bold red]error:[/] nothing could be read from the given paths")
        raise typer.Exit(1)
    if summary.not_coded and not summary.coded:
        err.print(f"[bold red]error:[/] no article could be coded ({plural(summary.not_coded, 'failure')}; "
                  "see `eventwire problems`)")
        raise typer.Exit(1)
    if strict and summary.problems:
        raise typer.Exit(3)


@app.command()
def migrate(db: DbOption = None) -> None:
    """Upgrade a store written by an older eventwire to this version's schema (nothing is lost).

    `eventwire ingest` and `eventwire serve` do it by themselves; read-only
    commands ask for it (E410) instead of reading a store they do not know.
    """
    from ..store.schema import SCHEMA_VERSION

    with opened(db) as ew:
        path = ew.path
    out.print(f"{shown(path)}: schema version {SCHEMA_VERSION}", soft_wrap=True)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[RawDocument | Problem], None]]:
    """A progress bar over the ``total`` input files; gives the callback that moves it for each document."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[docs]} documents ({task.fields[rate]}/s)"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=total or None, docs=0, rate="-")
        state = {"source": None, "docs": 0, "t0": time.perf_counter()}

        def on_document(item: RawDocument | Problem) -> None:
            state["docs"] += 1
            if item.source != state["source"]:
                if state["source"] is not None:
                    progress.advance(task)
                state["source"] = item.source
            elapsed = time.perf_counter() - state["t0"]
            rate = f"{state['docs'] / elapsed:.0f}" if elapsed > 0.5 else "-"
            progress.update(task, docs=state["docs"], rate=rate)

        yield on_document


def _print_summary(summary, data: dict, path: str, stats: dict) -> None:
    out.print(f"[bold]eventwire ingest[/] -> {shown(path)} ({data['seconds']:.1f} s)", soft_wrap=True)
    rows = [
        ("articles read", summary.documents),
        ("new articles stored", summary.new_articles),
        ("events coded", summary.events),
        ("articles coded", summary.coded),
        ("articles that could not be coded", summary.not_coded),
        ("already in the store", summary.already_stored),
        ("near-duplicates (linked)", summary.duplicates),
        ("non-English (stored, not coded)", len(summary.non_english)),
        ("skipped (inputs or parts)", summary.skipped),
        ("merged events (new or updated)", summary.merged_events),
        ("storylines (new or updated)", summary.storylines),
        ("contradictions (new or updated)", summary.contradictions),
    ]
    for label, value in rows:
        out.print(f"  {label:<34}{value:>7}")
    for code, n in sorted(summary.problems_by_code().items()):
        out.print(f"    {code} {short_message(code):<40}{n:>5}")
    for line in summary.non_english:
        out.print(f"    non-English {shown(line)}", soft_wrap=True)
    if summary.per_source:
        out.print("  new articles per source:")
        for source, n in summary.per_source.most_common():
            out.print(f"    {shown(f'{source:<38}')}{n:>5}", soft_wrap=True)
    out.print(
        f"  store now holds {plural(stats['articles'], 'article')} "
        f"({plural(stats['duplicates'], 'near-duplicate')}, {stats['non_english']} non-English) and "
        f"{plural(stats['events'], 'event')}"
    )
    out.print(
        f"  merged into {plural(stats.get('merged_events', 0), 'event')}, "
        f"{plural(stats.get('storylines', 0), 'storyline')} ({plural(stats.get('chapters', 0), 'chapter')}), "
        f"{plural(stats.get('contradictions', 0), 'contradiction')}"
    )
