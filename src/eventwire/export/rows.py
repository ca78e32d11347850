"""What every export format reads from one stored event: actors, evidence, sources, counts.

An export row is what ``Eventwire.iter_events`` yields: the flat event
columns, the whole event under ``data`` and its first article's metadata under
``article_*``. A merged event has several evidence items from several
articles; ``SourceIndex`` looks their outlets up once and caches them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any
from urllib.parse import urlsplit

Row = dict[str, Any]

#: how a cell starts that a spreadsheet would run as a formula (or as DDE): = + - @, tab, carriage return
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula, with a ``'`` in front (OWASP's advice,
    and what Excel and LibreOffice show as the text itself); numbers, and text that is just a number
    ("-10.5"), stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose text cells are ``spreadsheet_safe``: every CSV eventwire writes goes through it."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_safe(v) for v in row])


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` with ``spreadsheet_safe`` cells (the header is ours and written as it is)."""

    def writerow(self, rowdict: dict[str, Any]) -> Any:
        return super().writerow({k: spreadsheet_safe(v) for k, v in rowdict.items()})


def csv_writer(out: IO[str], **options: Any) -> SafeWriter:
    return SafeWriter(out, lineterminator="\n", **options)


def csv_dict_writer(out: IO[str], fieldnames: Sequence[str], **options: Any) -> SafeDictWriter:
    return SafeDictWriter(out, fieldnames=fieldnames, lineterminator="\n", **options)


class SourceIndex:
    """Outlet/url/title of articles by id, fetched lazily in batches and cached."""

    def __init__(self, lookup: Callable[[list[str]], dict[str, dict[str, Any]]]) -> None:
        self._lookup = lookup
        self._cache: dict[str, dict[str, Any]] = {}

    def remember(self, row: Row) -> None:
        if row.get("article_id") and row["article_id"] not in self._cache:
            self._cache[row["article_id"]] = {
                "id": row["article_id"], "source": row.get("article_source"), "url": row.get("article_url"),
                "title": row.get("article_title"), "published": row.get("article_published"),
            }

    def get(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        missing = [i for i in ids if i not in self._cache]
        if missing:
            found = self._lookup(missing)
            for i in missing:
                self._cache[i] = found.get(i) or {"id": i, "source": None, "url": None, "title": None}
        return [self._cache[i] for i in ids]


def evidence_article_ids(row: Row) -> list[str]:
    ids = [e.get("article_id") for e in row["data"].get("evidence", []) if e.get("article_id")]
    return list(dict.fromkeys(ids or ([row["article_id"]] if row.get("article_id") else [])))


def web_url(value: Any) -> str | None:
    """``value`` when it is a web address (http or https with a host), else None: an outlet's name,
    a local file path or a ``javascript:`` link is no URL."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def first_url(articles: Sequence[dict[str, Any]]) -> str | None:
    """The first web address among the articles' URLs, in evidence order (None when none has one)."""
    return next((url for url in (web_url(a.get("url")) for a in articles) if url), None)


def outlets(articles: Sequence[dict[str, Any]]) -> list[str]:
    """Distinct outlets, in evidence order (an article with no known outlet counts as its own)."""
    return list(dict.fromkeys(a.get("source") or f"article {a['id']}" for a in articles))


def actor_label(actor: dict[str, Any]) -> str:
    return actor.get("name") or actor.get("text") or ""


def trigger_text(evidence: dict[str, Any]) -> str | None:
    sentence = evidence.get("sentence") or ""
    trigger = evidence.get("trigger") or ()
    if len(trigger) == 2 and 0 <= trigger[0] < trigger[1] <= len(sentence):
        return sentence[trigger[0]:trigger[1]]
    return None


def smallest_count(row: Row, kind: str) -> int | None:
    """The most conservative stated number of one kind (killed, injured, ...), or None."""
    numbers = [c.get("number") for c in row["data"].get("counts", []) if c.get("kind") == kind]
    numbers = [n for n in numbers if isinstance(n, int)]
    return min(numbers) if numbers else None


def write_records(
    rows: Iterable[Row], sources: SourceIndex, record: Callable[[Row, SourceIndex], Any], emit: Callable[[Any], Any]
) -> tuple[int, int]:
    """The loop of every format with one record per event: ``emit`` each ``record``, skip the events it
    gives None for (no date, no ACLED type, ...); returns (written, skipped)."""
    written = skipped = 0
    for row in rows:
        sources.remember(row)
        value = record(row, sources)
        if value is None:
            skipped += 1
            continue
        emit(value)
        written += 1
    return written, skipped
