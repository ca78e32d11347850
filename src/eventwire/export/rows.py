"""What every export format reads from one stored event: actors, evidence, sources, counts.

An export row is what ``Eventwire.iter_events`` yields: the flat event
columns, the whole event under ``data`` and its first article's metadata under
``article_*``. A merged event has several evidence items from several
articles; ``SourceIndex`` looks their outlets up once and caches them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

Row = dict[str, Any]


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


def compact_day(day: str | None) -> str:
    """YYYY-MM-DD -> YYYYMMDD ("" when unknown)."""
    return day.replace("-", "")[:8] if day else ""


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
