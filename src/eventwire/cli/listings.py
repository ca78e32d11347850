"""What the store holds, one listing command and one single-record command per kind:
articles, problems, events, stories, merged events, contradictions.

Listings share the output options (``@output_options``); a single record is
found by its id or a unique prefix of it.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import (
    ActorOption,
    ArticleOption,
    CountryOption,
    DbOption,
    EventSinceOption,
    EventTypeOption,
    EventUntilOption,
    JsonFlag,
    LimitOption,
    ModalityOption,
    OffsetOption,
    QuadOption,
    RecipientOption,
    StoryOption,
    app,
    check_span,
    contradiction_kind_value,
    date_value,
    json_text,
    listing_limit,
    opened,
    out,
    plural,
    shown,
    terminal_text,
)
from .output import OutputFormat, output_options, write_listing, write_rows

ARTICLE_TABLE_COLUMNS = ["id", "published", "source", "language", "duplicate_of", "title"]
EVENT_TABLE_COLUMNS = ["id", "date", "event", "cameo", "actor_code", "actor_text", "recipient_code", "recipient_text", "modality", "sentence"]
STORY_TABLE_COLUMNS = ["id", "start_day", "end_day", "num_articles", "num_sources", "num_events", "num_chapters", "label"]
MERGED_TABLE_COLUMNS = ["id", "date", "event", "actor_code", "recipient_code", "num_mentions", "num_articles",
                        "num_sources", "first_seen", "last_seen"]
CONTRADICTION_TABLE_COLUMNS = ["id", "kind", "subject", "event", "date", "merged_id", "summary"]
#: the text columns of each table, most important first: wrapped into the room left, dropped from the end
ARTICLE_TEXT = ("title", "source")
EVENT_TEXT = ("sentence", "actor_text", "recipient_text")
STORY_TEXT = ("label",)
CONTRADICTION_TEXT = ("summary",)
PROBLEM_TEXT = ("reason", "source")


def _print_json(value: object) -> None:
    print(json_text(value))


@app.command()
@output_options
def articles(
    db: DbOption = None,
    source: Annotated[Optional[str], typer.Option(help="Only articles from this source/site.", metavar="NAME")] = None,
    language: Annotated[Optional[str], typer.Option(help="Only articles in this language (ISO 639-1, e.g. en).", metavar="CODE")] = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after this day.", metavar="YYYY-MM-DD",
                                                 callback=date_value)] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before this day.", metavar="YYYY-MM-DD",
                                                 callback=date_value)] = None,
    duplicates: Annotated[
        Optional[bool], typer.Option("--duplicates/--no-duplicates", help="Only near-duplicates / only canonical articles.")
    ] = None,
    search: Annotated[Optional[str], typer.Option(help="Text that title or body must contain.")] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: OutputFormat = OutputFormat.table,
) -> None:
    """List stored articles (newest ingest last) with filters."""
    check_span(since, until)
    with opened(db, read_only=True) as ew:
        rows = ew.articles(
            source=source, language=language, since=since, until=until, duplicates=duplicates,
            search=search, limit=listing_limit(limit, fmt is OutputFormat.table), offset=offset,
        )
    write_listing(rows, fmt, ARTICLE_TABLE_COLUMNS, plural(len(rows), "article"), short_ids=("id", "duplicate_of"),
                  text_columns=ARTICLE_TEXT, offset=offset)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).", metavar="ID")],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show one article: its metadata and clean text."""
    with opened(db, read_only=True) as ew:
        row = ew.article(article_id)
    if json_:
        _print_json(row)
        return
    out.print(f"[bold]{shown(row.get('title') or '(no title)')}[/]", soft_wrap=True)
    for key in ("id", "url", "source", "author", "published", "published_basis", "dateline_place",
                "language", "format", "duplicate_of", "duplicates", "raw_refs"):
        value = row.get(key)
        if value not in (None, [], ""):
            text = ", ".join(map(str, value)) if isinstance(value, list) else value
            out.print(f"  [dim]{key:<16}[/]{shown(text)}", soft_wrap=True)
    out.print()
    out.print(terminal_text(row["text"], keep_newlines=True), markup=False, highlight=False)


@app.command()
@output_options
def problems(
    db: DbOption = None,
    fmt: OutputFormat = OutputFormat.table,
) -> None:
    """List inputs that were skipped, with the file, line or record, and the reason."""
    with opened(db, read_only=True) as ew:
        rows = ew.problems()
    write_rows(rows, fmt, title=plural(len(rows), "skipped input"), text_columns=PROBLEM_TEXT)


@app.command()
@output_options
def events(
    db: DbOption = None,
    actor: ActorOption = None,
    recipient: RecipientOption = None,
    country: CountryOption = None,
    event: EventTypeOption = None,
    quad: QuadOption = None,
    modality: ModalityOption = None,
    since: EventSinceOption = None,
    until: EventUntilOption = None,
    article: ArticleOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: OutputFormat = OutputFormat.table,
) -> None:
    """List coded events (who did what to whom, when) with filters."""
    check_span(since, until)
    with opened(db, read_only=True) as ew:
        rows = ew.events(actor=actor, recipient=recipient, country=country, event=event, quad_class=quad,
                         modality=modality, since=since, until=until, article=article,
                         limit=listing_limit(limit, fmt is OutputFormat.table), offset=offset)
    write_listing(rows, fmt, EVENT_TABLE_COLUMNS, plural(len(rows), "event"), text_columns=EVENT_TEXT, offset=offset)


@app.command("event")
def show_event(
    event_id: Annotated[str, typer.Argument(help="Event id (or a unique prefix).", metavar="ID")],
    db: DbOption = None,
) -> None:
    """Show one event as JSON: every actor, its codes and its evidence sentence."""
    with opened(db, read_only=True) as ew:
        row = ew.event(event_id)
    print(json_text(row))


@app.command()
@output_options
def stories(
    db: DbOption = None,
    chapters: Annotated[bool, typer.Option("--chapters", help="List chapters (bursts of a storyline) instead of storylines.")] = False,
    min_articles: Annotated[int, typer.Option(help="Only stories with at least this many articles.", min=1)] = 2,
    search: Annotated[Optional[str], typer.Option(help="Text the label must contain.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Stories still running on or after this day.",
                                                 metavar="YYYY-MM-DD", callback=date_value)] = None,
    until: Annotated[Optional[str], typer.Option(help="Stories begun on or before this day.",
                                                 metavar="YYYY-MM-DD", callback=date_value)] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: OutputFormat = OutputFormat.table,
) -> None:
    """List storylines (largest first): label, time span, articles, sources, merged events, chapters."""
    check_span(since, until)
    with opened(db, read_only=True) as ew:
        rows = ew.stories(kind="chapter" if chapters else "storyline", min_articles=min_articles, search=search,
                          since=since, until=until, limit=listing_limit(limit, fmt is OutputFormat.table), offset=offset)
    write_listing(rows, fmt, STORY_TABLE_COLUMNS, plural(len(rows), "chapter" if chapters else "storyline"),
                  text_columns=STORY_TEXT, offset=offset)


def _side_text(actors: Optional[str], codes: Optional[str]) -> str:
    return actors or codes or "?"


@app.command("story")
def show_story(
    story_id: Annotated[str, typer.Argument(help="Storyline or chapter id (or a unique prefix).", metavar="ID")],
    db: DbOption = None,
    json_: JsonFlag = False,
) -> None:
    """Show one story: its chapters and the timeline of its merged events in date order."""
    with opened(db, read_only=True) as ew:
        story = ew.story(story_id)
        disputed = {c["merged_id"] for c in ew.contradictions(story=story["id"], limit=None)}
    if json_:
        _print_json(story)
        return
    out.print(f"[bold]{shown(story['label'])}[/]  [dim]{shown(story['kind'])} {shown(story['id'])}[/]", soft_wrap=True)
    out.print(
        f"  {shown(story['start'] or '?')} → {shown(story['end'] or '?')}   {plural(story['num_articles'], 'article')}, "
        f"{plural(story['num_sources'], 'source')}, {plural(story['num_events'], 'merged event')}"
        + (f", {plural(len(story['chapters']), 'chapter')}" if story["chapters"] else "")
    )
    chapters = {c["id"]: c for c in story["chapters"]}
    current = None
    for ev in story["timeline"]:
        if chapters and ev["chapter_id"] != current:
            current = ev["chapter_id"]
            ch = chapters.get(current)
            if ch:
                out.print(f"\n  [bold cyan]chapter {shown(ch['start_day'] or '?')} → {shown(ch['end_day'] or '?')}: "
                          f"{shown(ch['label'])}[/] [dim]{shown(ch['id'][:12])}[/]", soft_wrap=True)
        who = f"{_side_text(ev['actor_name'], ev['actor_code'])} → {_side_text(ev['recipient_name'], ev['recipient_code'])}"
        mark = " [bold red]⚠ disputed[/]" if ev["id"] in disputed else ""
        sentence = ev["sentence"] or ""
        if len(sentence) > 110:
            sentence = sentence[:109] + "…"
        day, kind = f"{ev['date'] or '?':<10}", f"{ev['event']:<9}"
        out.print(
            f"  {shown(day)} [bold]{shown(kind)}[/] {shown(who)}  "
            f"[dim]×{plural(ev['num_mentions'], 'mention')}, {plural(ev['num_sources'], 'source')}[/]{mark}\n"
            f"  {'':<10} [italic]{shown(sentence)}[/]",
            soft_wrap=True, highlight=False,
        )
    if not story["timeline"]:
        out.print("  (no merged events)")
    out.print("\n  articles:")
    for a in story["articles"]:
        dups = f" (+{plural(a['near_duplicates'], 'near-duplicate')})" if a["near_duplicates"] else ""
        out.print(terminal_text(f"    {a['published'] or '?':<10} {a['id'][:12]}  {a['source'] or '?'}: "
                                f"{a['title'] or ''}{dups}"), markup=False, highlight=False, soft_wrap=True)


@app.command()
@output_options
def merged(
    db: DbOption = None,
    event: EventTypeOption = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor or recipient code or name fragment.", metavar="CODE|TEXT")] = None,
    country: CountryOption = None,
    story: StoryOption = None,
    min_sources: Annotated[int, typer.Option(help="Only events reported by at least this many sources.", min=1)] = 1,
    since: EventSinceOption = None,
    until: EventUntilOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: OutputFormat = OutputFormat.table,
) -> None:
    """List merged events: one row per real-world event, with mention, article and source counts."""
    check_span(since, until)
    with opened(db, read_only=True) as ew:
        rows = ew.merged_events(event=event, actor=actor, country=country, story=story, min_sources=min_sources,
                                since=since, until=until, limit=listing_limit(limit, fmt is OutputFormat.table),
                                offset=offset)
    write_listing(rows, fmt, MERGED_TABLE_COLUMNS, plural(len(rows), "merged event"), offset=offset)


@app.command("merged-event")
def show_merged_event(
    merged_id: Annotated[str, typer.Argument(help="Merged event id (or a unique prefix).", metavar="ID")],
    db: DbOption = None,
) -> None:
    """Show one merged event as JSON: every mention with its sentence and source, and any contradictions."""
    with opened(db, read_only=True) as ew:
        row = ew.merged_event(merged_id)
    _print_json(row)


@app.command()
@output_options
def contradictions(
    db: DbOption = None,
    kind: Annotated[Optional[str], typer.Option(help="count, date or negation.", metavar="KIND",
                                                callback=contradiction_kind_value)] = None,
    story: StoryOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: OutputFormat = OutputFormat.table,
) -> None:
    """List where sources disagree: different figures, different dates, asserted vs denied; both sides with sources."""
    with opened(db, read_only=True) as ew:
        rows = ew.contradictions(kind=kind, story=story, limit=listing_limit(limit, fmt is OutputFormat.table),
                                 offset=offset)
    write_listing(rows, fmt, CONTRADICTION_TABLE_COLUMNS, plural(len(rows), "contradiction"),
                  short_ids=("id", "merged_id"), text_columns=CONTRADICTION_TEXT, offset=offset)
