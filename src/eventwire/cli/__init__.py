"""The ``eventwire`` command: a thin layer over ``eventwire.db.Eventwire``."""

from __future__ import annotations

import errno
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .. import __version__
from ..errors import EventwireError, short_message
from ..export import ExportFormat
from ..model import Problem, RawDocument
from .output import OutputFormat, write_rows

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
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Shortcut for --format csv.")]
TsvFlag = Annotated[bool, typer.Option("--tsv", help="Shortcut for --format tsv.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]
JsonlFlag = Annotated[bool, typer.Option("--jsonl", "--nl", help="Shortcut for --format jsonl (one JSON object per line).")]
LimitOption = Annotated[int, typer.Option(help="At most this many rows (0: all).", min=0)]
OffsetOption = Annotated[int, typer.Option(help="Skip this many rows first.", min=0)]
EventSinceOption = Annotated[Optional[str], typer.Option(help="Event date on or after YYYY-MM-DD.")]
EventUntilOption = Annotated[Optional[str], typer.Option(help="Event date on or before YYYY-MM-DD.")]
EventTypeOption = Annotated[Optional[str], typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
CountryOption = Annotated[Optional[str], typer.Option(help="ISO alpha-3 code of either side or of the place.")]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _pick_format(fmt: OutputFormat, csv_: bool, tsv: bool, json_: bool, jsonl: bool) -> OutputFormat:
    for flag, value in ((csv_, OutputFormat.csv), (tsv, OutputFormat.tsv), (json_, OutputFormat.json), (jsonl, OutputFormat.jsonl)):
        if flag:
            return value
    return fmt


def _fail(exc: EventwireError) -> None:
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(1)


def _write_listing(rows: list[dict], fmt: OutputFormat, columns: list[str], title: str, *,
                   short_ids: tuple[str, ...] = ("id",), max_width: int = 60) -> None:
    """A listing: as a table, the chosen columns with ids cut to 12 characters; in any other format, every field."""
    if fmt is not OutputFormat.table:
        write_rows(rows, fmt)
        return
    short = [{**r, **{k: (r.get(k) or "")[:12] for k in short_ids}} for r in rows]
    write_rows(short, fmt, columns=columns, title=title, max_width=max_width)


def _check_date(value: Optional[str], option: str) -> Optional[str]:
    if value is not None and not _DATE.match(value):
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint=option)
    return value


def _open(db: Optional[str], read_only: bool = False):
    from ..db import Eventwire

    try:
        return Eventwire(db, read_only=read_only)
    except EventwireError as exc:
        _fail(exc)


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


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive), URLs, or - for stdin.")],
    db: DbOption = None,
    date: Annotated[
        Optional[str],
        typer.Option(help="Publication date (YYYY-MM-DD) for articles whose own date cannot be found."),
    ] = None,
    max_size: Annotated[int, typer.Option(help="Skip files larger than this many MB.", min=1)] = 20,
    text_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the article text.")] = "text",
    title_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the title.")] = "title",
    url_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the URL.")] = "url",
    date_field: Annotated[str, typer.Option(help="JSON/JSONL field holding the publication date.")] = "date",
    batch_size: Annotated[int, typer.Option(help="Articles per committed batch.", min=1)] = 256,
    workers: Annotated[
        Optional[int],
        typer.Option(help="Worker processes for cleaning and coding (default: all cores; 1: no pool). "
                          "Small runs stay in one process.", min=1),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="Where the stage work runs: local (process pool) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        Optional[str],
        typer.Option(help="Dask scheduler address (tcp://HOST:8786) for --engine dask; "
                          "without it a local Dask cluster is started."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if any input was skipped.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    summary_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read articles from files, folders, URLs or stdin; clean, deduplicate and store them.

    Safe to repeat: articles already in the store are not added again, and a run
    that was killed can simply be started again. Bad inputs are reported one
    line each (file, line or record, reason) and the rest of the batch goes on.

    Exit status: 0 if anything was read, 1 if nothing could be read, 3 with
    --strict when any input was skipped.
    """
    from ..read import JsonFields, list_inputs

    _check_date(date, "--date")
    fields = JsonFields(text=text_field, title=title_field, url=url_field, date=date_field)
    ew = _open(db)
    show_progress = not quiet and err.is_terminal

    def report(problem: Problem) -> None:
        err.print(f"[yellow]skipped[/] {problem}", markup=True, highlight=False, soft_wrap=True)

    try:
        if show_progress:
            total = sum(1 for _ in list_inputs(paths))
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

                summary = ew.ingest(
                    paths, date=date, max_bytes=max_size * 1024 * 1024, json_fields=fields,
                    batch_size=batch_size, workers=workers, engine=engine, scheduler=scheduler,
                    on_document=on_document, on_problem=report,
                )
        else:
            summary = ew.ingest(
                paths, date=date, max_bytes=max_size * 1024 * 1024, json_fields=fields,
                batch_size=batch_size, workers=workers, engine=engine, scheduler=scheduler,
                on_problem=report,
            )
        stats = ew.stats()
    except EventwireError as exc:
        _fail(exc)
    finally:
        ew.close()

    data = summary.to_dict()
    if summary_json:
        print(json.dumps({**data, "store": ew.path, "store_totals": stats}, indent=2))
    else:
        _print_summary(summary, data, ew.path, stats)
    if summary.documents == 0:
        err.print("[bold red]error:[/] nothing could be read from the given paths")
        raise typer.Exit(1)
    if strict and summary.problems:
        raise typer.Exit(3)


def _print_summary(summary, data: dict, path: str, stats: dict) -> None:
    out.print(f"[bold]eventwire ingest[/] -> {path} ({data['seconds']:.1f} s)")
    rows = [
        ("articles read", summary.documents),
        ("new articles stored", summary.new_articles),
        ("events coded", summary.events),
        ("already in the store", summary.already_stored),
        ("near-duplicates (linked)", summary.duplicates),
        ("non-English (stored, not coded)", len(summary.non_english)),
        ("inputs skipped", summary.skipped),
        ("merged events (new or updated)", summary.merged_events),
        ("storylines (new or updated)", summary.storylines),
        ("contradictions (new or updated)", summary.contradictions),
    ]
    for label, value in rows:
        out.print(f"  {label:<34}{value:>7}")
    for code, n in sorted(summary.problems_by_code().items()):
        out.print(f"    {code} {short_message(code):<40}{n:>5}")
    for line in summary.non_english:
        out.print(f"    non-English {line}", soft_wrap=True)
    if summary.per_source:
        out.print("  new articles per source:")
        for source, n in summary.per_source.most_common():
            out.print(f"    {source:<38}{n:>5}")
    out.print(
        f"  store now holds {stats['articles']} articles "
        f"({stats['duplicates']} near-duplicates, {stats['non_english']} non-English) and {stats['events']} events"
    )
    out.print(
        f"  merged into {stats.get('merged_events', 0)} events, {stats.get('storylines', 0)} storylines "
        f"({stats.get('chapters', 0)} chapters), {stats.get('contradictions', 0)} contradictions"
    )


@app.command()
def articles(
    db: DbOption = None,
    source: Annotated[Optional[str], typer.Option(help="Only articles from this source/site.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Only articles in this language (ISO 639-1, e.g. en).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    duplicates: Annotated[
        Optional[bool], typer.Option("--duplicates/--no-duplicates", help="Only near-duplicates / only canonical articles.")
    ] = None,
    search: Annotated[Optional[str], typer.Option(help="Text that title or body must contain.")] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = OutputFormat.table,
    csv_: CsvFlag = False,
    tsv: TsvFlag = False,
    json_: JsonFlag = False,
    jsonl: JsonlFlag = False,
) -> None:
    """List stored articles (newest ingest last) with filters."""
    _check_date(since, "--since")
    _check_date(until, "--until")
    fmt = _pick_format(fmt, csv_, tsv, json_, jsonl)
    ew = _open(db, read_only=True)
    try:
        rows = ew.articles(
            source=source, language=language, since=since, until=until, duplicates=duplicates,
            search=search, limit=limit or None, offset=offset,
        )
    finally:
        ew.close()
    _write_listing(rows, fmt, ["id", "published", "source", "language", "duplicate_of", "title"], f"{len(rows)} articles",
                   short_ids=("id", "duplicate_of"))


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).")],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show one article: its metadata and clean text."""
    ew = _open(db, read_only=True)
    try:
        row = ew.article(article_id)
    except EventwireError as exc:
        _fail(exc)
    finally:
        ew.close()
    if json_:
        print(json.dumps(row, ensure_ascii=False, indent=2, default=str))
        return
    out.print(f"[bold]{row.get('title') or '(no title)'}[/]")
    for key in ("id", "url", "source", "author", "published", "published_basis", "dateline_place",
                "language", "format", "duplicate_of", "duplicates", "raw_refs"):
        value = row.get(key)
        if value not in (None, [], ""):
            out.print(f"  [dim]{key:<16}[/]{', '.join(value) if isinstance(value, list) else value}")
    out.print()
    out.print(row["text"], markup=False, highlight=False)


@app.command()
def problems(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    csv_: CsvFlag = False,
    tsv: TsvFlag = False,
    json_: JsonFlag = False,
    jsonl: JsonlFlag = False,
) -> None:
    """List inputs that were skipped, with the file, line or record, and the reason."""
    fmt = _pick_format(fmt, csv_, tsv, json_, jsonl)
    ew = _open(db, read_only=True)
    try:
        rows = ew.problems()
    finally:
        ew.close()
    write_rows(rows, fmt, title=f"{len(rows)} skipped inputs", max_width=80)


EVENT_TABLE_COLUMNS = ["id", "date", "event", "cameo", "actor_code", "actor_text", "recipient_code", "recipient_text", "modality", "sentence"]


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor code (ISR) or text fragment (Hamas).")] = None,
    recipient: Annotated[Optional[str], typer.Option(help="Recipient code or text fragment.")] = None,
    country: CountryOption = None,
    event: EventTypeOption = None,
    quad: Annotated[Optional[int], typer.Option(help="Quad class 1-4.", min=1, max=4)] = None,
    modality: Annotated[Optional[str], typer.Option(help="asserted, negated, future, hypothetical, conditional, historical.")] = None,
    since: EventSinceOption = None,
    until: EventUntilOption = None,
    article: Annotated[Optional[str], typer.Option(help="Article id or prefix.")] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = OutputFormat.table,
    csv_: CsvFlag = False,
    tsv: TsvFlag = False,
    json_: JsonFlag = False,
    jsonl: JsonlFlag = False,
) -> None:
    """List coded events (who did what to whom, when) with filters."""
    _check_date(since, "--since")
    _check_date(until, "--until")
    fmt = _pick_format(fmt, csv_, tsv, json_, jsonl)
    ew = _open(db, read_only=True)
    try:
        rows = ew.events(actor=actor, recipient=recipient, country=country, event=event, quad_class=quad,
                         modality=modality, since=since, until=until, article=article, limit=limit or None, offset=offset)
    finally:
        ew.close()
    _write_listing(rows, fmt, EVENT_TABLE_COLUMNS, f"{len(rows)} events", max_width=40)


@app.command("event")
def show_event(
    event_id: Annotated[str, typer.Argument(help="Event id (or a unique prefix).")],
    db: DbOption = None,
) -> None:
    """Show one event as JSON: every actor, its codes and its evidence sentence."""
    ew = _open(db, read_only=True)
    try:
        row = ew.event(event_id)
    except EventwireError as exc:
        _fail(exc)
    finally:
        ew.close()
    print(json.dumps(row, ensure_ascii=False, indent=2))


STORY_TABLE_COLUMNS = ["id", "start_day", "end_day", "num_articles", "num_sources", "num_events", "num_chapters", "label"]


@app.command()
def stories(
    db: DbOption = None,
    chapters: Annotated[bool, typer.Option("--chapters", help="List chapters (bursts of a storyline) instead of storylines.")] = False,
    min_articles: Annotated[int, typer.Option(help="Only stories with at least this many articles.", min=1)] = 2,
    search: Annotated[Optional[str], typer.Option(help="Text the label must contain.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Stories still running on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Stories begun on or before YYYY-MM-DD.")] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = OutputFormat.table,
    csv_: CsvFlag = False,
    tsv: TsvFlag = False,
    json_: JsonFlag = False,
    jsonl: JsonlFlag = False,
) -> None:
    """List storylines (largest first): label, time span, articles, sources, merged events, chapters."""
    _check_date(since, "--since")
    _check_date(until, "--until")
    fmt = _pick_format(fmt, csv_, tsv, json_, jsonl)
    ew = _open(db, read_only=True)
    try:
        rows = ew.stories(kind="chapter" if chapters else "storyline", min_articles=min_articles, search=search,
                          since=since, until=until, limit=limit or None, offset=offset)
    finally:
        ew.close()
    _write_listing(rows, fmt, STORY_TABLE_COLUMNS, f"{len(rows)} {'chapters' if chapters else 'storylines'}", max_width=80)


def _side_text(actors: Optional[str], codes: Optional[str]) -> str:
    return actors or codes or "?"


@app.command("story")
def show_story(
    story_id: Annotated[str, typer.Argument(help="Storyline or chapter id (or a unique prefix).")],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show one story: its chapters and the timeline of its merged events in date order."""
    from rich.markup import escape

    ew = _open(db, read_only=True)
    try:
        story = ew.story(story_id)
        disputed = {c["merged_id"] for c in ew.contradictions(story=story["id"], limit=None)}
    except EventwireError as exc:
        _fail(exc)
    finally:
        ew.close()
    if json_:
        print(json.dumps(story, ensure_ascii=False, indent=2, default=str))
        return
    out.print(f"[bold]{story['label']}[/]  [dim]{story['kind']} {story['id']}[/]")
    out.print(
        f"  {story['start'] or '?'} → {story['end'] or '?'}   {story['num_articles']} articles, "
        f"{story['num_sources']} sources, {story['num_events']} merged events"
        + (f", {len(story['chapters'])} chapters" if story["chapters"] else "")
    )
    chapters = {c["id"]: c for c in story["chapters"]}
    current = None
    for ev in story["timeline"]:
        if chapters and ev["chapter_id"] != current:
            current = ev["chapter_id"]
            ch = chapters.get(current)
            if ch:
                out.print(f"\n  [bold cyan]chapter {ch['start_day'] or '?'} → {ch['end_day'] or '?'}: {escape(ch['label'])}[/]"
                          f" [dim]{ch['id'][:12]}[/]", soft_wrap=True)
        who = f"{_side_text(ev['actor_name'], ev['actor_code'])} → {_side_text(ev['recipient_name'], ev['recipient_code'])}"
        mark = " [bold red]⚠ disputed[/]" if ev["id"] in disputed else ""
        sentence = ev["sentence"] or ""
        if len(sentence) > 110:
            sentence = sentence[:109] + "…"
        out.print(
            f"  {ev['date'] or '?':<10} [bold]{ev['event']:<9}[/] {escape(who)}  "
            f"[dim]×{ev['num_mentions']} mentions, {ev['num_sources']} sources[/]{mark}\n"
            f"  {'':<10} [italic]{escape(sentence)}[/]",
            soft_wrap=True, highlight=False,
        )
    if not story["timeline"]:
        out.print("  (no merged events)")
    out.print("\n  articles:")
    for a in story["articles"]:
        dups = f" (+{a['near_duplicates']} near-duplicate)" if a["near_duplicates"] else ""
        out.print(f"    {a['published'] or '?':<10} {a['id'][:12]}  {a['source'] or '?'}: {a['title'] or ''}{dups}",
                  markup=False, highlight=False, soft_wrap=True)


MERGED_TABLE_COLUMNS = ["id", "date", "event", "actor_code", "recipient_code", "num_mentions", "num_articles",
                        "num_sources", "first_seen", "last_seen"]


@app.command()
def merged(
    db: DbOption = None,
    event: EventTypeOption = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor or recipient code or name fragment.")] = None,
    country: CountryOption = None,
    story: Annotated[Optional[str], typer.Option(help="Storyline or chapter id (or prefix).")] = None,
    min_sources: Annotated[int, typer.Option(help="Only events reported by at least this many sources.", min=1)] = 1,
    since: EventSinceOption = None,
    until: EventUntilOption = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = OutputFormat.table,
    csv_: CsvFlag = False,
    tsv: TsvFlag = False,
    json_: JsonFlag = False,
    jsonl: JsonlFlag = False,
) -> None:
    """List merged events: one row per real-world event, with mention, article and source counts."""
    _check_date(since, "--since")
    _check_date(until, "--until")
    fmt = _pick_format(fmt, csv_, tsv, json_, jsonl)
    ew = _open(db, read_only=True)
    try:
        rows = ew.merged_events(event=event, actor=actor, country=country, story=story, min_sources=min_sources,
                                since=since, until=until, limit=limit or None, offset=offset)
    finally:
        ew.close()
    _write_listing(rows, fmt, MERGED_TABLE_COLUMNS, f"{len(rows)} merged events")


@app.command("merged-event")
def show_merged_event(
    merged_id: Annotated[str, typer.Argument(help="Merged event id (or a unique prefix).")],
    db: DbOption = None,
) -> None:
    """Show one merged event as JSON: every mention with its sentence and source, and any contradictions."""
    ew = _open(db, read_only=True)
    try:
        row = ew.merged_event(merged_id)
    except EventwireError as exc:
        _fail(exc)
    finally:
        ew.close()
    print(json.dumps(row, ensure_ascii=False, indent=2, default=str))


CONTRADICTION_TABLE_COLUMNS = ["id", "kind", "subject", "event", "date", "merged_id", "summary"]


@app.command()
def contradictions(
    db: DbOption = None,
    kind: Annotated[Optional[str], typer.Option(help="count, date or negation.")] = None,
    story: Annotated[Optional[str], typer.Option(help="Storyline or chapter id (or prefix).")] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = OutputFormat.table,
    csv_: CsvFlag = False,
    tsv: TsvFlag = False,
    json_: JsonFlag = False,
    jsonl: JsonlFlag = False,
) -> None:
    """List where sources disagree: different figures, different dates, asserted vs denied; both sides with sources."""
    fmt = _pick_format(fmt, csv_, tsv, json_, jsonl)
    ew = _open(db, read_only=True)
    try:
        rows = ew.contradictions(kind=kind, story=story, limit=limit or None, offset=offset)
    finally:
        ew.close()
    _write_listing(rows, fmt, CONTRADICTION_TABLE_COLUMNS, f"{len(rows)} contradictions",
                   short_ids=("id", "merged_id"), max_width=90)


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
            _fail(EventwireError("E404", detail=f"input file {path}"))
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

    _check_date(date, "--date")
    report = explain_report(text, date)
    if json_:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        out.print(explain_text(report), markup=False, highlight=False, soft_wrap=True)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="plover (JSONL), gdelt (61-column TSV), acled (CSV), parquet (folder, by month) or csv.", case_sensitive=False)
    ],
    out_path: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="File to write (a folder for parquet). Default: stdout.")
    ] = None,
    db: DbOption = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor code (ISR) or text fragment (Hamas).")] = None,
    recipient: Annotated[Optional[str], typer.Option(help="Recipient code or text fragment.")] = None,
    country: CountryOption = None,
    event: EventTypeOption = None,
    quad: Annotated[Optional[int], typer.Option(help="Quad class 1-4.", min=1, max=4)] = None,
    modality: Annotated[
        Optional[str],
        typer.Option(help="Only this modality (asserted, negated, ...), or 'any'. Default: asserted for plover/gdelt/acled, any for csv/parquet."),
    ] = None,
    since: EventSinceOption = None,
    until: EventUntilOption = None,
    article: Annotated[Optional[str], typer.Option(help="Article id or prefix.")] = None,
    story: Annotated[Optional[str], typer.Option(help="Storyline or chapter id or prefix: the events of its articles.")] = None,
) -> None:
    """Export events as PLOVER JSONL, a GDELT 2.0 event table, ACLED-style CSV, Parquet or CSV.

    Field by field documentation: docs/formats.md. A one-line summary goes to stderr.
    """
    from ..export import export_events
    from ..store.filters import EventFilter

    _check_date(since, "--since")
    _check_date(until, "--until")
    if story is not None and not re.fullmatch(r"[0-9a-f]{6,64}", story):
        raise typer.BadParameter(f"expected a story id (6 to 64 hex digits), got {story!r}", param_hint="--story")
    where = EventFilter(since=since, until=until, country=country, event=event, quad_class=quad,
                        actor=actor, recipient=recipient, article=article, story=story)
    ew = _open(db, read_only=True)
    try:
        summary = export_events(ew, fmt, out_path, where, modality=modality)
    except EventwireError as exc:
        _fail(exc)
    finally:
        ew.close()
    skipped = f", {summary.skipped} skipped ({summary.skip_reason})" if summary.skipped else ""
    err.print(f"exported {summary.written} events as {summary.format} to {summary.path}{skipped}")


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Only loopback is private; 0.0.0.0 exposes the store to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    token: Annotated[
        Optional[str],
        typer.Option(help="Require this token for the API and the UI (header, or cookie after opening /?token=...). Default: $EVENTWIRE_TOKEN.", envvar="EVENTWIRE_TOKEN", show_envvar=False),
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Answer repeated requests from memory until the store file changes (DuckDB stores).")
    ] = True,
) -> None:
    """Serve the REST API (/api, schema at /api/openapi.json) and the web UI from one process.

    The store is opened read-only for each request, so `eventwire ingest` can
    keep writing it; while an ingest holds the file, requests get a 503 with
    Retry-After instead of an error. Answers are kept in memory (64 MB at
    most) and dropped as soon as the store file changes.
    """
    import uvicorn

    from ..store import DEFAULT_DB
    from ..web.app import create_app

    path = db or os.environ.get("EVENTWIRE_DB") or DEFAULT_DB
    if "://" in str(path):  # a PostgreSQL store: check it answers before serving
        from ..db import Eventwire

        try:
            Eventwire(path, read_only=True).close()
        except EventwireError as exc:
            _fail(exc)
    elif not Path(path).exists():
        _fail(EventwireError("E404", detail=f"store {path} (run `eventwire ingest` first)"))
    if host not in LOOPBACK_HOSTS:
        err.print(
            f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this machine can read the store"
            + ("" if token else " (no --token set)")
        )
    url_host = f"[{host}]" if ":" in host else host
    suffix = f"/?token={token}" if token else "/"
    err.print(f"eventwire serving {path} at http://{url_host}:{port}{suffix}  (Ctrl+C to stop)")
    uvicorn.run(create_app(path, token=token, cache=cache), host=host, port=port, log_level="warning")


#: errors of a full disk (or a file size or quota limit) wherever they happen: the store, a cache, a temp file
DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # e.g. `eventwire articles --csv | head`
        sys.stderr.close()
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        # nothing half-written stays behind: each batch is one transaction
        err.print(f"[bold red]error:[/] {EventwireError('E402', detail=f'{exc.filename or exc.strerror} ({exc.strerror})')}")
        sys.exit(1)
