"""One description of "which events" (and "which stories"), shared by the REST API, the web UI and exports.

Keeping the filter in one typed object means a page, an API call and an
export with the same parameters select exactly the same events, and the SQL
is built (always parameterised) in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

#: event columns whose joined "; " lists hold one code per actor
_SIDES = ("actor", "recipient")


@dataclass
class EventFilter:
    """Which events to select; every field is optional and they combine with AND.

    ``actor``/``recipient`` match a code exactly (ISR) or the text as written
    (a fragment, case-insensitive); ``country`` matches either side's code or
    the event's place; ``since``/``until`` bound the event day (YYYY-MM-DD);
    ``party`` is an actor code on either side (exact); ``place`` is a GeoNames id;
    ``ids`` restricts to a list of event ids; ``story`` to the mentions in a
    storyline's or chapter's articles (id or prefix of at least 6 hex digits).
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    event: str | None = None
    quad_class: int | None = None
    actor: str | None = None
    recipient: str | None = None
    party: str | None = None  # an actor code on either side (exact)
    article: str | None = None
    modality: str | None = None
    place: int | None = None  # GeoNames id of the event's place
    ids: list[str] | None = field(default=None)
    story: str | None = None  # a storyline or chapter id

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, []) for f in fields(self))

    def to_params(self) -> dict[str, Any]:
        """The filter as URL query parameters (for links that keep the current filter)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, []) and f.name != "ids":
                out["type" if f.name == "event" else f.name] = value
        return out

    def where(self, table: str = "") -> tuple[str, list[Any]]:
        """SQL condition (``TRUE`` when empty) and its parameters, for the events table."""
        t = f"{table}." if table else ""
        clauses: list[str] = []
        params: list[Any] = []
        for side in _SIDES:
            value = getattr(self, side)
            if value:
                clauses.append(
                    f"(list_contains(string_split({t}{side}_code, '; '), ?) OR contains(lower({t}{side}_text), ?))"
                )
                params += [value.upper(), value.lower()]
        if self.party:
            clauses.append(
                f"(list_contains(string_split({t}actor_code, '; '), ?) OR "
                f"list_contains(string_split({t}recipient_code, '; '), ?))"
            )
            params += [self.party.upper(), self.party.upper()]
        if self.country:
            code = self.country.upper()
            clauses.append(
                f"(list_contains(string_split({t}actor_code, '; '), ?) OR "
                f"list_contains(string_split({t}recipient_code, '; '), ?) OR {t}location_country = ?)"
            )
            params += [code, code, code]
        if self.event:
            clauses.append(f"{t}event = ?")
            params.append(self.event.upper())
        if self.quad_class is not None:
            clauses.append(f"{t}quad_class = ?")
            params.append(int(self.quad_class))
        if self.modality:
            clauses.append(f"{t}modality = ?")
            params.append(self.modality)
        if self.since:
            clauses.append(f"{t}day >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            clauses.append(f"{t}day <= CAST(? AS DATE)")
            params.append(self.until)
        if self.article:
            # a whole id can use the article index; a prefix has to scan
            clauses.append(f"{t}article_id = ?" if len(self.article) == 16 else f"starts_with({t}article_id, ?)")
            params.append(self.article)
        if self.place is not None:
            clauses.append(f"{t}geonameid = ?")
            params.append(int(self.place))
        if self.story:
            # near-duplicates' mentions are linked under their original (article_key), as stories are
            whole = len(self.story) == 16
            member = " OR ".join(
                f"sa.{col} = ?" if whole else f"starts_with(sa.{col}, ?)" for col in ("storyline_id", "chapter_id")
            )
            clauses.append(
                f"{t}id IN (SELECT l.event_id FROM event_links l JOIN story_articles sa "
                f"ON sa.article_id = l.article_key WHERE {member})"
            )
            params += [self.story, self.story]
        if self.ids is not None:
            clauses.append(f"list_contains(?::VARCHAR[], {t}id)")
            params.append(list(self.ids))
        return (" AND ".join(clauses) if clauses else "TRUE"), params


@dataclass
class StoryFilter:
    """Which storylines or chapters to select: one description for the CLI's story list and the
    story lists of the pages and the API, so the same parameters give the same stories.

    ``q`` is plain text the label must contain (case-insensitive; ``%`` and ``_`` are
    characters, as in ``EventFilter``, not wildcards); ``since``/``until`` keep the stories
    whose span overlaps the range; ``parent`` keeps the chapters of one storyline.
    """

    kind: str = "storyline"
    q: str | None = None
    since: str | None = None
    until: str | None = None
    parent: str | None = None
    min_articles: int = 1

    def where(self, table: str = "") -> tuple[str, list[Any]]:
        """SQL condition and its parameters, for the stories table."""
        t = f"{table}." if table else ""
        clauses = [f"{t}kind = ?", f"{t}num_articles >= ?"]
        params: list[Any] = [self.kind, int(self.min_articles)]
        if self.q:
            clauses.append(f"contains(lower({t}label), ?)")
            params.append(self.q.lower())
        if self.since:
            clauses.append(f"{t}end_day >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            clauses.append(f"{t}start_day <= CAST(? AS DATE)")
            params.append(self.until)
        if self.parent:
            clauses.append(f"{t}parent_id = ?")
            params.append(self.parent)
        return " AND ".join(clauses), params
