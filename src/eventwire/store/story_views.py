"""Read-side views of stories for the web UI and REST API: a story's page, its details, story lists.

``AcrossArticlesMixin.get_story`` answers "what is in this story" for the CLI;
these answer the same question for pages that must stay fast on a store of a
million events. The story -> merged event mapping is not stored, so it is
found from the story's articles with one join per request (never one per
story or chapter), without the mentions' table; the wide JSON of merged
events is read for the story's own rows only, by row id. The result goes
into a temporary table of the request's connection, and everything a page
shows (drawing aggregates, chapter counts, contradictions, a page of the
timeline) is a small query over it, so a story of ten thousand events never
becomes ten thousand Python objects.
"""

from __future__ import annotations

import json
from typing import Any

from .across import MERGED_LIST, STORY_LIST, member_column, paged, story_articles_sql, with_sides
from .filters import EventFilter, StoryFilter

#: merged-event columns that are dates (read as ISO text)
DATE_COLUMNS = {"day", "first_seen", "last_seen"}
#: the temporary table holding one story's merged events (per connection, rebuilt per call)
STORY_TABLE = "ew_story_events"
#: columns of the story table read from each merged event's JSON
FACTS = {
    "goldstein": ("$.goldstein", "DOUBLE"),
    "place_name": ("$.location.name", "VARCHAR"),
    "geonameid": ("$.location.geonameid", "BIGINT"),
    "latitude": ("$.location.latitude", "DOUBLE"),
    "longitude": ("$.location.longitude", "DOUBLE"),
    "place_country": ("$.location.country", "VARCHAR"),
    "admin1": ("$.location.admin1", "VARCHAR"),
}
TIMELINE_COLUMNS = tuple(f"CAST({c} AS VARCHAR) AS {c}" if c in DATE_COLUMNS else c for c in MERGED_LIST)
TIMELINE_ORDER = "day NULLS LAST, first_seen NULLS LAST, id"
#: the ``EventFilter`` fields a merged event has (the story table's columns can answer them)
MERGED_FIELDS = ("since", "until", "country", "event", "quad_class", "modality")


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    """The place part of a story-table row, in ``Place`` field names (None when unknown)."""
    keys = {"name": "place_name", "geonameid": "geonameid", "latitude": "latitude", "longitude": "longitude",
            "country": "place_country", "admin1": "admin1"}
    place = {k: row.pop(col) for k, col in keys.items()}
    return place if place["name"] or place["latitude"] is not None else None


def merged_condition(where: EventFilter | None) -> tuple[str, list[Any]]:
    """SQL over the story table for the filter fields a merged event has (dates, type, class, country, modality):
    the events table's condition, since the story table has the same columns for them."""
    if where is None:
        return "TRUE", []
    return EventFilter(**{name: getattr(where, name) for name in MERGED_FIELDS}).where()


class StoryViews:
    """Mixed into a store class that has ``con``, ``_dicts`` and ``version_read``."""

    con: Any

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def _by_id_or_prefix(self, table: str, columns: str, id_or_prefix: str) -> dict[str, Any] | None:  # pragma: no cover
        raise NotImplementedError  # provided by AcrossArticlesMixin

    def version_read(self) -> int:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def has_stories(self) -> bool:
        """False for a store written before stories existed (opened read-only, not migrated)."""
        return self.version_read() >= 4

    # --- the story table --------------------------------------------------------------------
    def _build_story_table(self, story: dict[str, Any]) -> None:
        """The story's merged events, their chapters, Goldstein scores and places, in ``STORY_TABLE``."""
        member = member_column(story.get("kind"))
        cols = ", ".join(f"m.{c}" for c in MERGED_LIST)
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {STORY_TABLE}_base AS "
            f"WITH sa AS (SELECT article_id, chapter_id FROM story_articles WHERE {member} = ?), "
            "l AS (SELECT l.merged_id, list(DISTINCT sa.chapter_id ORDER BY sa.chapter_id) AS chapters "
            "FROM event_links l JOIN sa ON sa.article_id = l.article_key GROUP BY 1) "
            f"SELECT m.rowid AS row_id, {cols}, l.chapters FROM merged_events m JOIN l ON l.merged_id = m.id",
            [story["id"]],
        )
        facts = ", ".join(f"CAST(json_extract(data, '{path}') AS {kind}) AS {name}"
                          if kind != "VARCHAR" else f"json_extract_string(data, '{path}') AS {name}"
                          for name, (path, kind) in FACTS.items())
        # row ids from the base table: DuckDB fetches just these rows' JSON
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {STORY_TABLE} AS SELECT b.* EXCLUDE (row_id), f.* EXCLUDE (row_id) "
            f"FROM {STORY_TABLE}_base b LEFT JOIN (SELECT rowid AS row_id, {facts} FROM merged_events "
            f"WHERE rowid IN (SELECT row_id FROM {STORY_TABLE}_base)) f USING (row_id)"
        )

    def _open_story(self, id_or_prefix: str) -> dict[str, Any] | None:
        """The story (from its JSON) with its merged events in ``STORY_TABLE``; None if unknown or ambiguous."""
        if not self.has_stories():
            return None
        row = self._by_id_or_prefix("stories", "data", id_or_prefix)
        if row is None:
            return None
        story = json.loads(row["data"])
        self._build_story_table(story)
        return story

    def _timeline_rows(self, limit: int | None, offset: int = 0) -> list[dict[str, Any]]:
        sql = (f"SELECT {', '.join(TIMELINE_COLUMNS)}, chapters, {', '.join(FACTS)} FROM {STORY_TABLE} "
               f"ORDER BY {TIMELINE_ORDER}")
        rows = self._dicts(*paged(sql, [], limit, offset))
        for row in rows:
            row["location"] = _location(row)
            row["chapter_id"] = row["chapters"][0] if row["chapters"] else None
        return rows

    def _story_contradictions(self, limit: int | None) -> tuple[int, list[dict[str, Any]]]:
        total = int(self.con.execute(
            f"SELECT count(*) FROM contradictions c JOIN {STORY_TABLE} s ON s.id = c.merged_id").fetchone()[0])
        sql = (f"SELECT c.id, c.kind, c.subject, c.merged_id, s.event, s.date, CAST(s.day AS VARCHAR) AS day, c.data "
               f"FROM contradictions c JOIN {STORY_TABLE} s ON s.id = c.merged_id ORDER BY s.day NULLS LAST, c.id")
        return total, with_sides(self._dicts(*paged(sql, [], limit)))

    def _story_contents(
        self, story: dict[str, Any], *, timeline_limit: int | None, timeline_offset: int, list_limit: int | None
    ) -> dict[str, Any]:
        """Chapters, articles, contradictions and a page of the timeline (the story table is built)."""
        member = member_column(story.get("kind"))
        story["num_events"] = int(self.con.execute(f"SELECT count(*) FROM {STORY_TABLE}").fetchone()[0])
        chapters: list[dict[str, Any]] = []
        if story.get("kind") == "storyline":
            per_chapter = dict(self.con.execute(
                f"SELECT c, count(*) FROM (SELECT unnest(chapters) AS c FROM {STORY_TABLE}) GROUP BY c").fetchall())
            chapters = self._dicts(
                f"SELECT {', '.join(STORY_LIST)} FROM stories WHERE kind = 'chapter' AND parent_id = ? "
                "ORDER BY start_day NULLS LAST, id",
                [story["id"]],
            )
            for c in chapters:
                c["num_chapters"] = 0
                c["num_events"] = int(per_chapter.get(c["id"], 0))
        story["chapters"] = chapters
        story["articles_total"] = int(self.con.execute(
            f"SELECT count(*) FROM story_articles WHERE {member} = ?", [story["id"]]).fetchone()[0])
        story["articles"] = self._dicts(*paged(story_articles_sql(member), [story["id"]], list_limit))
        story["contradictions_total"], story["contradictions"] = self._story_contradictions(list_limit)
        story["timeline_total"] = story["num_events"]
        story["timeline"] = self._timeline_rows(timeline_limit, timeline_offset) if timeline_limit != 0 else []
        if story.get("parent_id"):
            parent = self._dicts("SELECT id, label FROM stories WHERE id = ?", [story["parent_id"]])
            story["parent"] = parent[0] if parent else None
        return story

    # --- one story ----------------------------------------------------------------------
    def story_detail(
        self, id_or_prefix: str, *, timeline_limit: int | None = None, timeline_offset: int = 0,
        list_limit: int | None = None,
    ) -> dict[str, Any] | None:
        """A story with its chapters, articles, contradictions and timeline (merged events with Goldstein and place).

        The keys of ``get_story`` (chapters, articles, timeline, num_events) plus
        ``contradictions`` and the totals of the lists ``timeline_limit`` /
        ``list_limit`` cut; timeline rows carry no sentence (fetch evidence per event).
        """
        story = self._open_story(id_or_prefix)
        if story is None:
            return None
        return self._story_contents(story, timeline_limit=timeline_limit, timeline_offset=timeline_offset,
                                    list_limit=list_limit)

    def story_page(
        self, id_or_prefix: str, where: EventFilter | None = None, *, max_points: int = 400, list_limit: int = 200
    ) -> dict[str, Any] | None:
        """``story_detail`` without timeline rows, plus ``drawings``: aggregates of the merged events ``where`` keeps.

        ``drawings`` has ``matched`` (events passing the filter), ``cells`` (events and
        Goldstein sums per day and quad class), ``points`` (each dated event, only when
        at most ``max_points``), ``dyads`` and ``places``.
        """
        story = self._open_story(id_or_prefix)
        if story is None:
            return None
        self._story_contents(story, timeline_limit=0, timeline_offset=0, list_limit=list_limit)
        cond, params = merged_condition(where)
        matched, dated = self.con.execute(
            f"SELECT count(*), count(day) FROM {STORY_TABLE} WHERE {cond}", params).fetchone()
        drawings: dict[str, Any] = {"matched": int(matched), "dated": int(dated), "points": None}
        drawings["cells"] = self._dicts(
            f"SELECT CAST(day AS VARCHAR) AS day, quad_class, count(*) AS events, "
            f"coalesce(sum(goldstein), 0) AS goldstein FROM {STORY_TABLE} WHERE day IS NOT NULL AND {cond} "
            "GROUP BY day, quad_class ORDER BY day, quad_class NULLS LAST",
            params,
        )
        if dated <= max_points:
            drawings["points"] = self._dicts(
                "SELECT id, CAST(day AS VARCHAR) AS day, event, quad_class, coalesce(actor_code, actor_name) AS actor, "
                "coalesce(recipient_code, recipient_name) AS recipient, num_sources, num_mentions "
                f"FROM {STORY_TABLE} WHERE day IS NOT NULL AND {cond} ORDER BY {TIMELINE_ORDER}",
                params,
            )
        drawings["dyads"] = self._dicts(
            "SELECT coalesce(actor_code, actor_name) AS actor, coalesce(recipient_code, recipient_name) AS recipient, "
            "count(*) AS events, round(coalesce(sum(goldstein), 0), 3) AS goldstein, "
            "count(*) FILTER (WHERE quad_class >= 3) AS conflict "
            f"FROM {STORY_TABLE} WHERE coalesce(actor_code, actor_name) IS NOT NULL "
            "AND coalesce(recipient_code, recipient_name) IS NOT NULL "
            # two unresolved phrases ("the war" -> "this war") say little about who acts on whom
            f"AND (actor_code IS NOT NULL OR recipient_code IS NOT NULL) AND {cond} "
            "GROUP BY 1, 2 ORDER BY events DESC, 1, 2 LIMIT 120",
            params,
        )
        drawings["places"] = self._dicts(
            "SELECT geonameid, coalesce(any_value(place_name), '?') AS name, any_value(place_country) AS country, "
            "round(avg(latitude), 5) AS latitude, round(avg(longitude), 5) AS longitude, count(*) AS events, "
            "CAST(min(day) AS VARCHAR) AS first, CAST(max(day) AS VARCHAR) AS last "
            f"FROM {STORY_TABLE} WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND {cond} "
            "GROUP BY geonameid, CASE WHEN geonameid IS NULL THEN place_name END "
            "ORDER BY events DESC, name LIMIT 300",
            params,
        )
        story["drawings"] = drawings
        return story

    # --- lists --------------------------------------------------------------------------
    def story_header(self, id_or_prefix: str) -> dict[str, Any] | None:
        """Label, kind, span and counts of one story, without its contents."""
        if not self.has_stories():
            return None
        return self._by_id_or_prefix("stories", ", ".join(STORY_LIST), id_or_prefix)

    def stories_page(
        self,
        *,
        kind: str = "storyline",
        q: str | None = None,
        since: str | None = None,
        until: str | None = None,
        parent: str | None = None,
        min_articles: int = 1,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of stories, largest first, each with its number of chapters and merged events.

        The filters are ``StoryFilter``'s (as ``query_stories``'s, there ``search`` for ``q``).
        Event counts are computed for the page's stories only, in one pass.
        """
        if not self.has_stories():
            return 0, []
        member = member_column(kind)
        cond, params = StoryFilter(
            kind=kind, q=q, since=since, until=until, parent=parent, min_articles=min_articles
        ).where()
        total = int(self.con.execute(f"SELECT count(*) FROM stories WHERE {cond}", params).fetchone()[0])
        rows = self._dicts(
            f"SELECT {', '.join(STORY_LIST)} FROM stories WHERE {cond} "
            "ORDER BY num_articles DESC, start_day NULLS LAST, id LIMIT ? OFFSET ?",
            params + [int(limit), int(offset)],
        )
        if not rows:
            return total, rows
        ids = [r["id"] for r in rows]
        chapters = dict(self.con.execute(
            "SELECT parent_id, count(*) FROM stories WHERE parent_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1", [ids]
        ).fetchall())
        events = dict(self.con.execute(
            f"WITH sa AS (SELECT article_id, {member} AS story FROM story_articles "
            f"WHERE {member} IN (SELECT unnest(?::VARCHAR[]))) "
            "SELECT sa.story, count(DISTINCT l.merged_id) FROM event_links l "
            "JOIN sa ON sa.article_id = l.article_key GROUP BY 1",
            [ids],
        ).fetchall())
        for r in rows:
            r["num_chapters"] = int(chapters.get(r["id"], 0))
            r["num_events"] = int(events.get(r["id"], 0))
        return total, rows

    def stories_of_articles(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Per canonical article id: its storyline and chapter (id and label)."""
        if not article_ids or not self.has_stories():
            return {}
        out: dict[str, dict[str, Any]] = {}
        for row in self._dicts(
            "SELECT sa.article_id, sa.storyline_id, s.label AS storyline_label, sa.chapter_id, c.label AS chapter_label "
            "FROM story_articles sa LEFT JOIN stories s ON s.id = sa.storyline_id "
            "LEFT JOIN stories c ON c.id = sa.chapter_id WHERE sa.article_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(dict.fromkeys(article_ids))],
        ):
            out[row.pop("article_id")] = row
        return out

    def merged_summary(self, merged_id: str) -> dict[str, Any] | None:
        """A merged event (by whole id) and its contradictions, without its mentions: cheap enough for every event page."""
        if not self.has_stories():
            return None
        row = self.con.execute("SELECT data FROM merged_events WHERE id = ?", [merged_id]).fetchone()
        if row is None:
            return None
        merged = json.loads(row[0])
        merged["contradictions"] = [json.loads(d) for (d,) in self.con.execute(
            "SELECT data FROM contradictions WHERE merged_id = ? ORDER BY id", [merged_id]).fetchall()]
        return merged

    def merged_id_of_event(self, event_id: str) -> str | None:
        """The merged event a mention belongs to (None before merging ran)."""
        if not self.has_stories():
            return None
        row = self.con.execute("SELECT merged_id FROM event_links WHERE event_id = ?", [event_id]).fetchone()
        return row[0] if row else None

    def canonical_article(self, article_id: str) -> str:
        """A near-duplicate's original (stories and merged events are keyed by it), else the id itself."""
        row = self.con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row and row[0] else article_id
