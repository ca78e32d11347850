"""Read-side queries for exploring a store: pages, aggregates, time series, search.

These serve the REST API, the web UI and the exports. They only read, take an
``EventFilter`` for "which events", and always pass values as parameters;
identifiers that end up in SQL text (intervals, grouping keys) come from the
fixed tables below, never from the caller.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from .filters import EventFilter
from .schema import EVENT_COLUMNS

#: interval name -> DuckDB date_trunc part
INTERVALS = {"day": "day", "week": "week", "month": "month"}
#: series grouping -> SQL expression naming the series
SERIES_KEYS = {
    "none": "'all'",
    "dyad": "coalesce(actor_code, '?') || ' > ' || coalesce(recipient_code, '?')",
    "country": "coalesce(location_country, '?')",
    "actor": "coalesce(actor_code, '?')",
    "type": "event",
    "quad_class": "coalesce(CAST(quad_class AS VARCHAR), '?')",
}
#: how events may be ordered in pages
EVENT_ORDERS = {"ingest": "seq", "date": "day NULLS LAST, seq", "-date": "day DESC NULLS LAST, seq DESC"}
#: article columns joined to events for exports
EXPORT_ARTICLE_COLUMNS = ("source", "url", "title", "published", "language", "ingested_at", "raw_ref")


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def period_start(day: date, interval: str) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def next_period(day: date, interval: str) -> date | None:
    """The start of the period after ``day``'s; None after the last one the calendar has (9999-12)."""
    try:
        if interval == "week":
            return day + timedelta(days=7)
        if interval == "month":
            return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day + timedelta(days=1)
    except OverflowError:
        return None


#: a time series never has more periods than this (a store with one event in year 9998 and the
#: rest in 2024 would otherwise answer with millions of zero-filled days)
MAX_PERIODS = 2000


def periods_between(first: date, last: date, interval: str) -> int:
    """How many periods a zero-filled series from ``first`` to ``last`` (period starts) has."""
    if interval == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return (last - first).days // (7 if interval == "week" else 1) + 1


def zero_filled(totals: dict[date, int], interval: str, limit: int = MAX_PERIODS) -> tuple[list[date], int]:
    """The periods of a zero-filled series over periods with ``totals`` events, and how many events
    it leaves out: at most ``limit`` periods, the run of them that holds the most events."""
    if not totals:
        return [], 0
    starts = sorted(totals)
    best, best_sum, run, lo = (0, 0), -1, 0, 0
    for hi, day in enumerate(starts):  # two pointers: the window of at most ``limit`` periods with most events
        run += totals[day]
        while periods_between(starts[lo], day, interval) > limit:
            run -= totals[starts[lo]]
            lo += 1
        if run > best_sum:
            best, best_sum = (lo, hi), run
    first, last = starts[best[0]], starts[best[1]]
    periods: list[date] = []
    cursor: date | None = first
    while cursor is not None and cursor <= last:
        periods.append(cursor)
        cursor = next_period(cursor, interval)
    return periods, sum(totals.values()) - best_sum


class ExploreQueries:
    """Mixed into a store class that has ``con`` (a DuckDB connection) and ``_dicts``."""

    con: Any

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:  # pragma: no cover - provided by the store
        raise NotImplementedError

    # --- events -------------------------------------------------------------------
    def count_events(self, where: EventFilter | None = None) -> int:
        cond, params = (where or EventFilter()).where()
        return int(self.con.execute(f"SELECT count(*) FROM events WHERE {cond}", params).fetchone()[0])

    def events_page(
        self, where: EventFilter | None = None, *, limit: int = 50, offset: int = 0, order: str = "ingest"
    ) -> list[dict[str, Any]]:
        cond, params = (where or EventFilter()).where()
        sql = (
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {cond} "
            f"ORDER BY {EVENT_ORDERS[order]} LIMIT ? OFFSET ?"
        )
        return self._dicts(sql, params + [int(limit), int(offset)])

    def events_with_data(self, where: EventFilter, *, limit: int = 1000) -> list[dict[str, Any]]:
        """Event rows plus the whole event (``data``, parsed): for pages that show evidence."""
        cond, params = where.where()
        rows = self._dicts(
            f"SELECT {', '.join(EVENT_COLUMNS)}, data FROM events WHERE {cond} ORDER BY day NULLS LAST, seq LIMIT ?",
            params + [int(limit)],
        )
        for row in rows:
            row["data"] = json.loads(row["data"])
        return rows

    def iter_events(self, where: EventFilter | None = None, *, batch: int = 2000) -> Iterator[dict[str, Any]]:
        """Every matching event with its whole JSON and its article's metadata, in ingest order.

        Streams in batches so an export of millions of events stays in bounded memory.
        """
        cond, params = (where or EventFilter()).where("e")
        art = ", ".join(f"a.{c} AS article_{c}" for c in EXPORT_ARTICLE_COLUMNS)
        cur = self.con.cursor()
        try:
            cur.execute(
                f"SELECT e.{', e.'.join(EVENT_COLUMNS)}, e.data, {art} FROM events e "
                f"LEFT JOIN articles a ON a.id = e.article_id WHERE {cond} ORDER BY e.seq",
                params,
            )
            cols = [d[0] for d in cur.description]
            while True:
                rows = cur.fetchmany(batch)
                if not rows:
                    return
                for row in rows:
                    item = {c: _iso(v) for c, v in zip(cols, row)}
                    item["data"] = json.loads(item["data"])
                    yield item
        finally:
            cur.close()

    def article_sources(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Outlet, url, title and date of each article id (for evidence and source counts)."""
        if not article_ids:
            return {}
        rows = self._dicts(
            "SELECT id, source, url, title, published FROM articles WHERE list_contains(?::VARCHAR[], id) ORDER BY seq",
            [list(dict.fromkeys(article_ids))],
        )
        return {r["id"]: r for r in rows}

    # --- aggregates -----------------------------------------------------------------
    def timeseries(
        self, where: EventFilter | None = None, *, interval: str = "month", by: str = "none", top: int = 10
    ) -> dict[str, Any]:
        """Event counts and Goldstein sums per period, one series per key (the ``top`` largest)."""
        part = INTERVALS[interval]
        key = SERIES_KEYS[by]
        cond, params = (where or EventFilter()).where()
        sql = (
            f"WITH base AS (SELECT CAST(date_trunc('{part}', day) AS DATE) AS period, {key} AS key, goldstein "
            f"FROM events WHERE day IS NOT NULL AND {cond}), "
            "top AS (SELECT key FROM base GROUP BY key ORDER BY count(*) DESC, key LIMIT ?) "
            "SELECT period, key, count(*) AS events, coalesce(sum(goldstein), 0) AS goldstein "
            "FROM base WHERE key IN (SELECT key FROM top) GROUP BY period, key ORDER BY period, key"
        )
        rows = self.con.execute(sql, params + [int(top)]).fetchall()
        series: dict[str, dict[date, tuple[int, float]]] = {}
        totals: dict[date, int] = {}
        for period, k, n, g in rows:
            series.setdefault(k, {})[period] = (int(n), round(float(g), 3))
            totals[period] = totals.get(period, 0) + int(n)
        periods, omitted = zero_filled(totals, interval)
        ordered = sorted(series.items(), key=lambda kv: (-sum(n for n, _ in kv[1].values()), kv[0]))
        return {
            "interval": interval,
            "by": by,
            "periods": [p.isoformat() for p in periods],
            # more than MAX_PERIODS periods: the busiest run of them, and how many events fall outside it
            "omitted_events": omitted,
            "series": [
                {
                    "key": k,
                    "total": sum(n for n, _ in points.values()),  # every event of the series, shown or not
                    "events": [points.get(p, (0, 0.0))[0] for p in periods],
                    "goldstein": [points.get(p, (0, 0.0))[1] for p in periods],
                }
                for k, points in ordered
            ],
        }

    def _side_codes(self, cond: str) -> str:
        """SQL for (code, side) rows: one per actor code on either side of matching events."""
        return (
            f"SELECT unnest(string_split(actor_code, '; ')) AS code, 'actor' AS side FROM events "
            f"WHERE actor_code IS NOT NULL AND {cond} "
            f"UNION ALL SELECT unnest(string_split(recipient_code, '; ')) AS code, 'recipient' AS side FROM events "
            f"WHERE recipient_code IS NOT NULL AND {cond}"
        )

    def actors(
        self, where: EventFilter | None = None, *, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """Actor codes with how often they act and are acted upon, most active first."""
        cond, params = (where or EventFilter()).where()
        having, extra = "", []
        if q:
            having = "HAVING starts_with(code, ?)"
            extra = [q.upper()]
        base = (
            f"SELECT code, count(*) FILTER (WHERE side = 'actor') AS as_actor, "
            f"count(*) FILTER (WHERE side = 'recipient') AS as_recipient, count(*) AS events "
            f"FROM ({self._side_codes(cond)}) AS sides GROUP BY code {having}"
        )
        total = int(self.con.execute(f"SELECT count(*) FROM ({base}) AS matched", params + params + extra).fetchone()[0])
        rows = self._dicts(
            f"{base} ORDER BY events DESC, code LIMIT ? OFFSET ?", params + params + extra + [int(limit), int(offset)]
        )
        return total, rows

    def actor_profile(self, code: str, where: EventFilter | None = None) -> dict[str, Any] | None:
        """One actor code: counts, dates, the names it was written as, counterparts, event types."""
        code = code.upper()
        cond, params = (where or EventFilter()).where()
        side = (
            "(list_contains(string_split(actor_code, '; '), ?) OR list_contains(string_split(recipient_code, '; '), ?))"
        )
        head = self.con.execute(
            "SELECT count(*), count(*) FILTER (WHERE list_contains(string_split(actor_code, '; '), ?)), "
            "count(*) FILTER (WHERE list_contains(string_split(recipient_code, '; '), ?)), min(day), max(day), "
            f"coalesce(sum(goldstein), 0) FROM events WHERE {side} AND {cond}",
            [code, code, code, code] + params,
        ).fetchone()
        if not head or not head[0]:
            return None
        names = self.con.execute(
            f"SELECT actor_text, count(*) AS n FROM events WHERE list_contains(string_split(actor_code, '; '), ?) "
            f"AND actor_text IS NOT NULL AND {cond} GROUP BY 1 ORDER BY n DESC, 1 LIMIT 8",
            [code] + params,
        ).fetchall()
        counterparts = self._dicts(
            f"SELECT other, sum(as_actor) AS as_actor, sum(as_recipient) AS as_recipient, "
            f"sum(as_actor + as_recipient) AS events FROM ("
            f"  SELECT unnest(string_split(recipient_code, '; ')) AS other, 1 AS as_actor, 0 AS as_recipient "
            f"  FROM events WHERE list_contains(string_split(actor_code, '; '), ?) AND recipient_code IS NOT NULL AND {cond} "
            f"  UNION ALL SELECT unnest(string_split(actor_code, '; ')) AS other, 0, 1 "
            f"  FROM events WHERE list_contains(string_split(recipient_code, '; '), ?) AND actor_code IS NOT NULL AND {cond}"
            f") AS sides WHERE other <> ? GROUP BY other ORDER BY events DESC, other LIMIT 15",
            [code] + params + [code] + params + [code],
        )
        types = self._dicts(
            f"SELECT event, count(*) AS events FROM events WHERE {side} AND {cond} GROUP BY event ORDER BY events DESC, event",
            [code, code] + params,
        )
        return {
            "code": code,
            "events": int(head[0]),
            "as_actor": int(head[1]),
            "as_recipient": int(head[2]),
            "first": _iso(head[3]),
            "last": _iso(head[4]),
            "goldstein": round(float(head[5]), 3),
            "names": [{"text": t, "events": int(n)} for t, n in names],
            "counterparts": counterparts,
            "types": types,
        }

    def dyads(self, where: EventFilter | None = None, *, limit: int = 50) -> list[dict[str, Any]]:
        """Who acts on whom, most frequent first (both sides known); codes, else the text as written."""
        cond, params = (where or EventFilter()).where()
        return self._dicts(
            "SELECT coalesce(actor_code, actor_text) AS actor, coalesce(recipient_code, recipient_text) AS recipient, "
            "count(*) AS events, coalesce(sum(goldstein), 0) AS goldstein, "
            "count(*) FILTER (WHERE quad_class >= 3) AS conflict "
            f"FROM events WHERE coalesce(actor_code, actor_text) IS NOT NULL "
            f"AND coalesce(recipient_code, recipient_text) IS NOT NULL AND {cond} "
            "GROUP BY 1, 2 ORDER BY events DESC, 1, 2 LIMIT ?",
            params + [int(limit)],
        )

    def counts_by(self, column: str, where: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events per value of one categorical column (event type, quad class, modality)."""
        col = {"event": "event", "quad_class": "quad_class", "modality": "modality"}[column]
        cond, params = (where or EventFilter()).where()
        return self._dicts(
            f"SELECT {col} AS value, count(*) AS events FROM events WHERE {cond} GROUP BY 1 ORDER BY events DESC, 1",
            params,
        )

    def timeline_points(self, where: EventFilter | None = None, *, limit: int = 400) -> dict[str, Any]:
        """Single events when few match; otherwise counts (and Goldstein sums) per day and quad class."""
        f = where or EventFilter()
        cond, params = f.where()
        total, dated = (int(v) for v in self.con.execute(
            f"SELECT count(*), count(day) FROM events WHERE {cond}", params).fetchone())
        if dated <= limit:
            rows = self._dicts(
                "SELECT id, day, event, quad_class, goldstein, actor_code, actor_text, recipient_code, recipient_text, "
                f"article_id, data FROM events WHERE day IS NOT NULL AND {cond} ORDER BY day, seq",
                params,
            )
            evidence: dict[str, list[str]] = {}
            for r in rows:
                data = json.loads(r.pop("data"))
                evidence[r["id"]] = [e.get("article_id") for e in data.get("evidence", []) if e.get("article_id")]
            sources = self.article_sources([a for ids in evidence.values() for a in ids])
            points = []
            for r in rows:
                ids = evidence[r["id"]] or [r["article_id"]]
                outlets = {(sources.get(a) or {}).get("source") or a for a in ids}
                points.append({
                    "id": r["id"], "day": r["day"], "event": r["event"], "quad_class": r["quad_class"],
                    "actor": r["actor_code"] or r["actor_text"], "recipient": r["recipient_code"] or r["recipient_text"],
                    "mentions": len(ids), "num_sources": len(outlets), "count": 1,
                })
            return {"mode": "events", "total": total, "dated": dated, "points": points}
        rows = self._dicts(
            f"SELECT day, quad_class, count(*) AS count, coalesce(sum(goldstein), 0) AS goldstein FROM events "
            f"WHERE day IS NOT NULL AND {cond} GROUP BY 1, 2 ORDER BY 1, 2",
            params,
        )
        return {"mode": "daily", "total": total, "dated": dated, "points": rows}

    # --- places ---------------------------------------------------------------------
    def places(
        self, where: EventFilter | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """Event places with coordinates and how many events happened there."""
        cond, params = (where or EventFilter()).where()
        base = (
            "SELECT geonameid, location_name AS name, location_country AS country, location_admin1 AS admin1, "
            "round(avg(latitude), 5) AS latitude, round(avg(longitude), 5) AS longitude, count(*) AS events, "
            "min(day) AS first, max(day) AS last "
            f"FROM events WHERE location_name IS NOT NULL AND {cond} GROUP BY geonameid, location_name, "
            "location_country, location_admin1"
        )
        total = int(self.con.execute(f"SELECT count(*) FROM ({base}) AS matched", params).fetchone()[0])
        rows = self._dicts(f"{base} ORDER BY events DESC, name LIMIT ? OFFSET ?", params + [int(limit), int(offset)])
        return total, rows

    def place(self, geonameid: int) -> dict[str, Any] | None:
        rows = self._dicts(
            "SELECT geonameid, any_value(location_name) AS name, any_value(location_country) AS country, "
            "any_value(location_admin1) AS admin1, round(avg(latitude), 5) AS latitude, "
            "round(avg(longitude), 5) AS longitude, count(*) AS events, min(day) AS first, max(day) AS last "
            "FROM events WHERE geonameid = ? GROUP BY geonameid",
            [int(geonameid)],
        )
        return rows[0] if rows else None

    # --- search ---------------------------------------------------------------------
    def search_articles(self, terms: Sequence[str], *, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Articles containing every term (title or text), best first.

        Ranked by matches in the title (weighted 5) plus occurrences in the
        text; plain substring matching on lower-cased text, so no wildcard
        characters in a term can change the query's meaning.
        """
        terms = [t.lower() for t in terms if t]
        if not terms:
            return 0, []
        haystack = "lower(coalesce(title, '') || ' ' || text)"
        cond = " AND ".join(f"contains({haystack}, ?)" for _ in terms)
        score = " + ".join(
            "5 * CAST(contains(lower(coalesce(title, '')), ?) AS INTEGER) + "
            "CAST(length(text) - length(replace(lower(text), ?, '')) AS DOUBLE PRECISION) / length(?)"
            for _ in terms
        )
        score_params: list[Any] = []
        for t in terms:
            score_params += [t, t, t]
        total = int(self.con.execute(f"SELECT count(*) FROM articles WHERE {cond}", list(terms)).fetchone()[0])
        rows = self._dicts(
            f"SELECT id, title, source, url, published, language, duplicate_of, text, ({score}) AS score "
            f"FROM articles WHERE {cond} ORDER BY score DESC, seq LIMIT ? OFFSET ?",
            score_params + list(terms) + [int(limit), int(offset)],
        )
        return total, rows
