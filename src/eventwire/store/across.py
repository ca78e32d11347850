"""Store side of the across-article stages: merged events, stories, contradictions.

A mixin of the DuckDB store (kept apart so each file stays small). Results
are written per *group* (the connected set of mentions or articles a stage
recomputed): the rows of a replaced group are deleted and the group's new
rows inserted, inside the batch transaction of ``write_batch``. SQL is kept
to what PostgreSQL also accepts, except the list parameters
(``unnest(?::VARCHAR[])``), which are the store's existing idiom.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..across.merge import ArticleInfo, parse_day
from ..across.stories import ArticleFeatures, EventBrief, brief
from ..model import Contradiction, Event, MergedEvent, event_from_dict, to_dict
from .filters import StoryFilter

if TYPE_CHECKING:
    from ..across.merge import MergeResult
    from ..across.stories import StoryResult

MERGED_COLUMNS = (
    "id", "grp", "event", "cameo_root", "quad_class", "modality", "actor_code", "actor_name", "recipient_code",
    "recipient_name", "date", "day", "date_precision", "location_name", "location_country", "num_mentions",
    "num_articles", "num_sources", "first_seen", "last_seen", "data",
)
MERGED_TYPES = (
    "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
    "VARCHAR", "VARCHAR", "DATE", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER",
    "INTEGER", "INTEGER", "DATE", "DATE", "VARCHAR",
)
#: merged-event columns shown in listings and timelines (``data`` and ``grp`` left out)
MERGED_LIST = tuple(c for c in MERGED_COLUMNS if c not in ("grp", "data"))
STORY_LIST = ("id", "kind", "parent_id", "label", "start_day", "end_day", "num_articles", "num_sources")
#: the merged events mentioned in a storyline's or chapter's articles (parameters: the id or prefix, twice)
MERGED_IN_STORY = (
    "(SELECT l.merged_id FROM event_links l JOIN story_articles sa ON sa.article_id = l.article_key "
    "WHERE starts_with(sa.storyline_id, ?) OR starts_with(sa.chapter_id, ?))"
)


def member_column(kind: str | None) -> str:
    """The ``story_articles`` column that holds membership of a story of this kind."""
    return "chapter_id" if kind == "chapter" else "storyline_id"


def story_articles_sql(member: str) -> str:
    """A story's articles (parameter: its id), oldest first, each with its chapter and number of near-duplicates."""
    return (
        "SELECT a.id, a.published, a.source, a.title, sa.chapter_id, "
        "(SELECT count(*) FROM articles d WHERE d.duplicate_of = a.id) AS near_duplicates "
        f"FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.{member} = ? "
        "ORDER BY a.published NULLS LAST, a.id"
    )


def paged(sql: str, params: list[Any], limit: int | None, offset: int = 0) -> tuple[str, list[Any]]:
    """``sql`` with LIMIT/OFFSET parameters; without a ``limit`` (None) every row from ``offset`` on."""
    if limit is None:
        return (sql + " OFFSET ?", params + [int(offset)]) if offset else (sql, params)
    return sql + " LIMIT ? OFFSET ?", params + [int(limit), int(offset)]


def with_sides(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contradiction rows with their JSON ``data`` replaced by a one-line ``summary`` and both ``sides``."""
    for row in rows:
        data = json.loads(row.pop("data"))
        sides = data["sides"]
        row["summary"] = " vs ".join(f"{s['value']} ({s['source'] or '?'})" for s in sides)
        row["sides"] = sides
        row["why"] = data.get("why", "")  # the values, their report dates and outlets, what ties them
    return rows


def _joined(values: Sequence[str | None]) -> str | None:
    kept = [v for v in values if v]
    return "; ".join(dict.fromkeys(kept)) if kept else None


def _day(text: str | None) -> str | None:
    d = parse_day(text)
    return d.isoformat() if d else None


def merged_row(grp: str, m: MergedEvent) -> list[Any]:
    loc = m.location
    return [
        m.id, grp, m.event, m.cameo_root, m.quad_class, m.modality,
        _joined([a.code for a in m.actor]), _joined([a.name or a.text for a in m.actor]),
        _joined([a.code for a in m.recipient]), _joined([a.name or a.text for a in m.recipient]),
        m.date, _day(m.date), m.date_precision, loc.name if loc else None, loc.country if loc else None,
        m.num_mentions, m.num_articles, m.num_sources, _day(m.first_seen), _day(m.last_seen),
        json.dumps(to_dict(m), ensure_ascii=False),
    ]


class AcrossArticlesMixin:
    """Lookups for the merge and story stages, their writes, and the queries over them."""

    con: Any  # the host store provides ``con``, ``version_read``, ``_insert``, ``_dicts`` and ``_listing``

    # --- lookups (the stages' MergeLookup / StoryLookup protocols) -----------------------
    def merge_candidates(
        self, windows: Sequence[tuple[str, str]], article_keys: Sequence[str]
    ) -> list[tuple[Event, str]]:
        overlaps = "".join(" OR (l.day_lo <= CAST(? AS DATE) AND l.day_hi >= CAST(? AS DATE))" for _ in windows)
        rows = self.con.execute(
            "SELECT e.data, l.grp FROM event_links l JOIN events e ON e.id = l.event_id "
            f"WHERE l.article_key IN (SELECT unnest(?::VARCHAR[])){overlaps} ORDER BY l.event_id",
            [list(article_keys)] + [day for lo, hi in windows for day in (hi, lo)],
        ).fetchall()
        return [(event_from_dict(json.loads(d)), g) for d, g in rows]

    def merge_groups(self, groups: Sequence[str]) -> list[tuple[Event, str]]:
        rows = self.con.execute(
            "SELECT e.data, l.grp FROM event_links l JOIN events e ON e.id = l.event_id "
            "WHERE l.grp IN (SELECT unnest(?::VARCHAR[])) ORDER BY l.event_id",
            [list(groups)],
        ).fetchall()
        return [(event_from_dict(json.loads(d)), g) for d, g in rows]

    def article_infos(self, ids: Sequence[str]) -> dict[str, ArticleInfo]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, source, published, duplicate_of FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [list(ids)],
        ).fetchall()
        return {r[0]: ArticleInfo(r[0], r[1], r[2].isoformat() if r[2] else None, r[3]) for r in rows}

    _FEATURES = (
        "SELECT f.article_id, f.embedding, f.entities, f.published, a.title, a.source, f.grp "
        "FROM article_features f JOIN articles a ON a.id = f.article_id"
    )

    def story_candidates(self, day_lo: str | None, day_hi: str | None) -> list[ArticleFeatures]:
        if day_lo is None or day_hi is None:
            return self._features(f"{self._FEATURES} ORDER BY f.article_id", [])
        return self._features(
            f"{self._FEATURES} WHERE f.published IS NULL "
            "OR f.published BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) ORDER BY f.article_id",
            [day_lo, day_hi],
        )

    def story_groups(self, groups: Sequence[str]) -> list[ArticleFeatures]:
        return self._features(
            f"{self._FEATURES} WHERE f.grp IN (SELECT unnest(?::VARCHAR[])) ORDER BY f.article_id", [list(groups)]
        )

    def story_events(self, article_ids: Sequence[str]) -> dict[str, list[EventBrief]]:
        out: dict[str, list[EventBrief]] = {}
        if not article_ids:
            return out
        rows = self.con.execute(
            "SELECT l.article_key, l.merged_id, e.data FROM event_links l JOIN events e ON e.id = l.event_id "
            "WHERE l.article_key IN (SELECT unnest(?::VARCHAR[])) ORDER BY l.event_id",
            [list(article_ids)],
        ).fetchall()
        for key, merged_id, data in rows:
            out.setdefault(key, []).append(brief(event_from_dict(json.loads(data)), merged_id))
        return out

    def _features(self, sql: str, params: list[Any]) -> list[ArticleFeatures]:
        out = []
        for aid, emb, ents, pub, title, source, grp in self.con.execute(sql, params).fetchall():
            out.append(ArticleFeatures(
                aid, np.frombuffer(bytes(emb), dtype=np.float32).copy(), json.loads(ents),
                pub.isoformat() if pub else None, title, source, grp,
            ))
        return out

    # --- writing (inside write_batch's transaction) ---------------------------------------
    def _delete_groups(self, table: str, groups: Sequence[str]) -> None:
        if groups:
            self.con.execute(f"DELETE FROM {table} WHERE grp IN (SELECT unnest(?::VARCHAR[]))", [list(groups)])

    def _write_merge(self, merge: "MergeResult", contradictions: Sequence[Contradiction]) -> None:
        groups = sorted(merge.replaced_groups | {link.group for link in merge.links})
        for table in ("merged_events", "event_links", "contradictions"):
            self._delete_groups(table, groups)
        group_of = {link.merged_id: link.group for link in merge.links}
        self._insert("merged_events", MERGED_COLUMNS, MERGED_TYPES,
                     [merged_row(group_of[m.id], m) for m in merge.merged], conflict="(id)")
        self._insert(
            "event_links", ("event_id", "merged_id", "grp", "article_key", "day_lo", "day_hi"),
            ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DATE", "DATE"),
            [[k.event_id, k.merged_id, k.group, k.article_key, k.day_lo, k.day_hi] for k in merge.links],
            conflict="(event_id)",
        )
        self._insert(
            "contradictions", ("id", "merged_id", "grp", "kind", "subject", "data"), ("VARCHAR",) * 6,
            [[c.id, c.merged_event_id, group_of.get(c.merged_event_id, ""), c.kind, c.subject,
              json.dumps(to_dict(c), ensure_ascii=False)] for c in contradictions],
            conflict="(id)",
        )

    def _write_stories(self, stories: "StoryResult") -> None:
        groups = sorted(stories.replaced_groups | {m.group for m in stories.memberships})
        for table in ("stories", "story_articles"):
            self._delete_groups(table, groups)
        group_of = {m.storyline_id: m.group for m in stories.memberships}
        group_of.update({m.chapter_id: m.group for m in stories.memberships})
        self._insert(
            "stories", ("id", "grp", "kind", "parent_id", "label", "start_day", "end_day", "num_articles",
                        "num_sources", "data"),
            ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DATE", "DATE", "INTEGER", "INTEGER", "VARCHAR"),
            [[s.id, group_of[s.id], s.kind, s.parent_id, s.label, s.start, s.end, s.num_articles, s.num_sources,
              json.dumps(to_dict(s), ensure_ascii=False)] for s in stories.stories],
            conflict="(id)",
        )
        self._insert(
            "story_articles", ("article_id", "storyline_id", "chapter_id", "grp"), ("VARCHAR",) * 4,
            [[m.article_id, m.storyline_id, m.chapter_id, m.group] for m in stories.memberships],
            conflict="(article_id)",
        )
        # regrouped articles keep their features; only the group id changes
        group_by_article = {m.article_id: m.group for m in stories.memberships}
        fresh = {f.article_id for f in stories.features}
        old = [aid for aid in group_by_article if aid not in fresh]
        if old:
            self.con.execute(
                "UPDATE article_features SET grp = m.grp FROM "
                "(SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::VARCHAR[]) AS grp) m "
                "WHERE article_features.article_id = m.article_id",
                [old, [group_by_article[a] for a in old]],
            )
        self._insert(
            "article_features", ("article_id", "published", "embedding", "entities", "grp"),
            ("VARCHAR", "DATE", "BLOB", "VARCHAR", "VARCHAR"),
            [[f.article_id, _day(f.published), np.asarray(f.embedding, dtype=np.float32).tobytes(),
              json.dumps(f.entities, ensure_ascii=False), f.group] for f in stories.features],
            conflict="(article_id)",
        )

    # --- queries ---------------------------------------------------------------------------
    def query_stories(
        self,
        *,
        kind: str = "storyline",
        min_articles: int = 1,
        search: str | None = None,
        since: str | None = None,
        until: str | None = None,
        parent: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stories with their event counts, largest first; ``search`` is text the label contains
        (``StoryFilter``: plain text, as the story lists of the pages and API match it)."""
        cond, params = StoryFilter(
            kind=kind, q=search, since=since, until=until, parent=parent, min_articles=min_articles
        ).where("s")
        sql = (
            f"SELECT {', '.join('s.' + c for c in STORY_LIST)}, "
            "(SELECT count(*) FROM stories c WHERE c.parent_id = s.id) AS num_chapters, "
            f"(SELECT count(DISTINCT l.merged_id) FROM story_articles sa JOIN event_links l "
            f"ON l.article_key = sa.article_id WHERE sa.{member_column(kind)} = s.id) AS num_events "
            f"FROM stories s WHERE {cond} "
            "ORDER BY s.num_articles DESC, s.start_day, s.id"
        )
        return self._listing(sql, params, limit, offset)

    def get_story(self, id_or_prefix: str) -> dict[str, Any] | None:
        """A story with its chapters, its articles (with their near-duplicates) and its timeline."""
        row = self._by_id_or_prefix("stories", "id, data", id_or_prefix)
        if row is None:
            return None
        story = json.loads(row["data"])
        member = member_column(story["kind"])
        story["chapters"] = self.query_stories(kind="chapter", parent=story["id"], limit=None) \
            if story["kind"] == "storyline" else []
        story["articles"] = self._dicts(story_articles_sql(member), [story["id"]])
        story["timeline"] = self._dicts(
            # the sentence shown is the best mention's: asserted first, then most confident, then earliest
            f"SELECT {', '.join('m.' + c for c in MERGED_LIST)}, min(sa.chapter_id) AS chapter_id, "
            "(SELECT e.sentence FROM event_links l2 JOIN events e ON e.id = l2.event_id WHERE l2.merged_id = m.id "
            " ORDER BY CASE WHEN e.modality = 'asserted' THEN 0 ELSE 1 END, e.confidence DESC, e.seq LIMIT 1) AS sentence "
            "FROM merged_events m "
            "JOIN event_links l ON l.merged_id = m.id "
            f"JOIN story_articles sa ON sa.article_id = l.article_key AND sa.{member} = ? "
            f"GROUP BY {', '.join('m.' + c for c in MERGED_LIST)} "
            "ORDER BY m.day NULLS LAST, m.first_seen NULLS LAST, m.id",
            [story["id"]],
        )
        story["num_events"] = len(story["timeline"])
        return story

    def query_merged_events(
        self,
        *,
        event: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        story: str | None = None,
        since: str | None = None,
        until: str | None = None,
        min_sources: int = 1,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Merged events in date order; ``actor`` matches either side's code or name."""
        where, params = ["m.num_sources >= ?"], [int(min_sources)]
        if event:
            where.append("m.event = ?")
            params.append(event.upper())
        if actor:
            where.append("(m.actor_code ILIKE ? OR m.actor_name ILIKE ? OR m.recipient_code ILIKE ? OR m.recipient_name ILIKE ?)")
            params += [f"%{actor}%"] * 4
        if country:
            where.append("(m.actor_code ILIKE ? OR m.recipient_code ILIKE ? OR m.location_country = ?)")
            params += [f"%{country.upper()}%", f"%{country.upper()}%", country.upper()]
        if since:
            where.append("m.day >= CAST(? AS DATE)")
            params.append(since)
        if until:
            where.append("m.day <= CAST(? AS DATE)")
            params.append(until)
        if story:
            where.append(f"m.id IN {MERGED_IN_STORY}")
            params += [story, story]
        sql = (f"SELECT {', '.join('m.' + c for c in MERGED_LIST)} FROM merged_events m "
               f"WHERE {' AND '.join(where)} ORDER BY m.day NULLS LAST, m.id")
        return self._listing(sql, params, limit, offset)

    def get_merged_event(self, id_or_prefix: str) -> dict[str, Any] | None:
        """A merged event with every mention: sentence, article, source, date, counts."""
        row = self._by_id_or_prefix("merged_events", "id, data", id_or_prefix)
        if row is None:
            return None
        merged = json.loads(row["data"])
        mentions = []
        for r in self._dicts(
            "SELECT e.data, a.source, a.title, a.published, a.duplicate_of FROM event_links l "
            "JOIN events e ON e.id = l.event_id JOIN articles a ON a.id = e.article_id "
            "WHERE l.merged_id = ? ORDER BY a.published NULLS LAST, e.id",
            [merged["id"]],
        ):
            ev = json.loads(r.pop("data"))
            mentions.append({"event": ev, **r})
        merged["mentions"] = mentions
        merged["contradictions"] = [
            json.loads(r["data"]) for r in self._dicts(
                "SELECT data FROM contradictions WHERE merged_id = ? ORDER BY id", [merged["id"]]
            )
        ]
        return merged

    def query_contradictions(
        self, *, kind: str | None = None, story: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Contradictions with their merged event's type and date; ``sides`` holds both sides."""
        where, params = [], []
        if kind:
            where.append("c.kind = ?")
            params.append(kind)
        if story:
            where.append(f"c.merged_id IN {MERGED_IN_STORY}")
            params += [story, story]
        sql = ("SELECT c.id, c.kind, c.subject, c.merged_id, m.event, m.date, c.data FROM contradictions c "
               "JOIN merged_events m ON m.id = c.merged_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY m.day NULLS LAST, c.id"
        return with_sides(self._listing(sql, params, limit, offset))

    def merged_ids(self, event_ids: Sequence[str]) -> dict[str, str]:
        """The merged event of each event id (events not merged yet are left out)."""
        if not event_ids or self.version_read() < 4:
            return {}
        rows = self.con.execute(
            "SELECT event_id, merged_id FROM event_links WHERE list_contains(?::VARCHAR[], event_id)",
            [list(dict.fromkeys(event_ids))],
        ).fetchall()
        return {e: m for e, m in rows}

    def across_stats(self) -> dict[str, int]:
        def count(sql: str) -> int:
            return int(self.con.execute(sql).fetchone()[0])

        if self.version_read() < 4:  # an older store opened read-only
            return {"merged_events": 0, "storylines": 0, "chapters": 0, "contradictions": 0}
        return {
            "merged_events": count("SELECT count(*) FROM merged_events"),
            "storylines": count("SELECT count(*) FROM stories WHERE kind = 'storyline'"),
            "chapters": count("SELECT count(*) FROM stories WHERE kind = 'chapter'"),
            "contradictions": count("SELECT count(*) FROM contradictions"),
        }
