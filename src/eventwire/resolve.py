"""The ``resolve`` stage: anchor each coded event in time.

For now an event takes its article's publication date as a fallback
(``date_basis="publication"``), or stays unknown when the article has none:
a date is never invented. Time expressions in the event's own clause,
places, counts and sources are the next steps (issue 4).
"""

from __future__ import annotations

from .model import Article, Event


def resolve_dates(events: list[Event], article: Article | None) -> list[Event]:
    published = article.published if article else None
    for ev in events:
        if ev.date is None:
            if published:
                ev.date, ev.date_precision, ev.date_basis = published, article.published_precision, "publication"
            else:
                ev.date, ev.date_precision, ev.date_basis = None, "unknown", "unknown"
    return events
