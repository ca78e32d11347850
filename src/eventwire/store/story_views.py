"""Read-side views of stories for the web UI and REST API: a story page's data, story lists.

``AcrossArticlesMixin.get_story`` answers "what is in this story" for the CLI;
these answer the same question for pages that must stay fast on a store of a
million events. The story -> merged event mapping is not stored, so it is
found from the story's articles: one pass over ``event_links`` per request,
never one per story or per chapter (no correlated subqueries), no join with
the mentions' table, and the JSON of merged events (for Goldstein scores and
coordinates) is read only for the story's own rows, by row id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .across import MERGED_LIST, STORY_LIST

#: story kinds and the ``story_articles`` column that holds membership of each
MEMBER_COLUMN = {"storyline": "storyline_id", "chapter": "chapter_id"}
#: merged-event columns that are dates (read as ISO text)
DATE_COLUMNS = {"day", "first_seen", "last_seen"}
#: what a timeline row keeps of a merged event's place
PLACE_KEYS = ("name", "geonameid", "latitude", "longitude", "country", "admin1")


class StoryViews:
    """Mixed into a store class that has ``con``, ``_dicts`` and ``schema_version``."""

    con: Any

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def schema_version(self) -> int:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def has_stories(self) -> bool:
        """False for a store written before stories existed (opened read-only, not migrated)."""
        return self.schema_version() >= 4

    # --- a story's merged events ---------------------------------------------------------
    def _story_events(self, member: str, story_id: str) -> list[dict[str, Any]]:
        """The story's merged events (listing columns, ``chapters``, Goldstein score, place).

        One join finds them from the story's articles; the wide JSON column is
        then read for these rows only, by row id.
        """
        cols = ", ".join(f"CAST(m.{c} AS VARCHAR)" if c in DATE_COLUMNS else f"m.{c}" for c in MERGED_LIST)
        cur = self.con.execute(
            f"WITH sa AS (SELECT article_id, chapter_id FROM story_articles WHERE {member} = ?), "
            "l AS (SELECT l.merged_id, list(DISTINCT sa.chapter_id) AS chapters FROM event_links l "
            "JOIN sa ON sa.article_id = l.article_key GROUP BY 1) "
            f"SELECT m.rowid, {cols}, l.chapters FROM merged_events m JOIN l ON l.merged_id = m.id",
            [story_id],
        )
        names = (*MERGED_LIST, "chapters")
        by_row = {row[0]: dict(zip(names, row[1:])) for row in cur.fetchall()}
        if not by_row:
            return []
        for rid, gold, loc in self.con.execute(
            "SELECT rowid, CAST(json_extract(data, '$.goldstein') AS DOUBLE), "
            "CAST(json_extract(data, '$.location') AS VARCHAR) "
            "FROM merged_events WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [list(by_row)],
        ).fetchall():
            row = by_row[rid]
            row["goldstein"] = gold
            place = json.loads(loc) if loc else None
            row["location"] = {k: place.get(k) for k in PLACE_KEYS} if isinstance(place, dict) else None
        rows = list(by_row.values())
        for row in rows:
            row.setdefault("goldstein", None)
            row.setdefault("location", None)
            row["chapters"] = sorted(row["chapters"])
            row["chapter_id"] = row["chapters"][0]
        rows.sort(key=lambda r: (r["day"] is None, r["day"] or "", r["first_seen"] is None, r["first_seen"] or "", r["id"]))
        return rows

    def _contradictions_of(self, merged: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        if not merged:
            return []
        out = []
        for row in self._dicts(
            "SELECT id, kind, subject, merged_id, data FROM contradictions "
            "WHERE merged_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
            [list(merged)],
        ):
            sides = json.loads(row.pop("data"))["sides"]
            m = merged[row["merged_id"]]
            row.update(event=m["event"], date=m["date"], day=m["day"], sides=sides,
                       summary=" vs ".join(f"{s['value']} ({s['source'] or '?'})" for s in sides))
            out.append(row)
        out.sort(key=lambda c: (c["day"] is None, c["day"] or "", c["id"]))
        return out

    # --- one story ----------------------------------------------------------------------
    def _story_row(self, id_or_prefix: str) -> dict[str, Any] | None:
        rows = self._dicts("SELECT data FROM stories WHERE id = ?", [id_or_prefix])
        if not rows:
            rows = self._dicts("SELECT data FROM stories WHERE starts_with(id, ?) ORDER BY id LIMIT 2", [id_or_prefix])
        return json.loads(rows[0]["data"]) if len(rows) == 1 else None

    def story_detail(self, id_or_prefix: str) -> dict[str, Any] | None:
        """A story with its chapters, articles, merged events (with Goldstein and place) and contradictions.

        The same keys as ``get_story`` (chapters, articles, timeline, num_events)
        plus ``contradictions``; timeline rows also carry ``goldstein`` and
        ``location``, and no sentence (a page fetches evidence on demand).
        """
        if not self.has_stories():
            return None
        story = self._story_row(id_or_prefix)
        if story is None:
            return None
        member = MEMBER_COLUMN.get(story.get("kind"), "storyline_id")
        articles = self._dicts(
            "SELECT a.id, a.published, a.source, a.title, sa.chapter_id FROM story_articles sa "
            f"JOIN articles a ON a.id = sa.article_id WHERE sa.{member} = ? ORDER BY a.published NULLS LAST, a.id",
            [story["id"]],
        )
        article_ids = [a["id"] for a in articles]
        copies = dict(self.con.execute(
            "SELECT duplicate_of, count(*) FROM articles WHERE duplicate_of IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1",
            [article_ids],
        ).fetchall()) if article_ids else {}
        for a in articles:
            a["near_duplicates"] = int(copies.get(a["id"], 0))
        timeline = self._story_events(member, story["id"])
        chapters: list[dict[str, Any]] = []
        if story.get("kind") == "storyline":
            chapters = self._dicts(
                f"SELECT {', '.join(STORY_LIST)} FROM stories WHERE kind = 'chapter' AND parent_id = ? "
                "ORDER BY start_day NULLS LAST, id",
                [story["id"]],
            )
            events_per_chapter: dict[str, int] = {}
            for row in timeline:
                for c in row["chapters"]:
                    events_per_chapter[c] = events_per_chapter.get(c, 0) + 1
            for c in chapters:
                c["num_chapters"] = 0
                c["num_events"] = events_per_chapter.get(c["id"], 0)
        story["chapters"] = chapters
        story["articles"] = articles
        story["timeline"] = timeline
        story["num_events"] = len(timeline)
        story["contradictions"] = self._contradictions_of({r["id"]: r for r in timeline})
        if story.get("parent_id"):
            parent = self._dicts("SELECT id, label FROM stories WHERE id = ?", [story["parent_id"]])
            story["parent"] = parent[0] if parent else None
        return story

    def story_header(self, id_or_prefix: str) -> dict[str, Any] | None:
        """Label, kind, span and counts of one story, without its contents."""
        if not self.has_stories():
            return None
        cols = ", ".join(STORY_LIST)
        rows = self._dicts(f"SELECT {cols} FROM stories WHERE id = ?", [id_or_prefix])
        if not rows:
            rows = self._dicts(f"SELECT {cols} FROM stories WHERE starts_with(id, ?) ORDER BY id LIMIT 2", [id_or_prefix])
        return rows[0] if len(rows) == 1 else None

    # --- lists --------------------------------------------------------------------------
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

        Event counts are computed for the page's stories only, in one pass.
        """
        if not self.has_stories():
            return 0, []
        member = MEMBER_COLUMN[kind]
        where, params = ["kind = ?", "num_articles >= ?"], [kind, int(min_articles)]
        if q:
            where.append("contains(lower(label), ?)")  # a plain substring: % and _ are characters
            params.append(q.lower())
        if since:
            where.append("end_day >= CAST(? AS DATE)")
            params.append(since)
        if until:
            where.append("start_day <= CAST(? AS DATE)")
            params.append(until)
        if parent:
            where.append("parent_id = ?")
            params.append(parent)
        cond = " AND ".join(where)
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

    def stories_of_articles(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
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
