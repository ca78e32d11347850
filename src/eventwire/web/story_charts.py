"""Data for a story page's four drawings, from the story's merged events.

A story page draws real-world (merged) events, not mentions: the timeline
sizes each by its number of sources, the network weighs dyads by merged
events, the map places them, the trend counts them. Everything is computed
from the rows ``Eventwire.story_detail`` returns, so the page asks the store
once. A large story's timeline is binned (per day, or per week over long
spans) instead of drawing thousands of circles.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from ..store.explore import next_period, period_start
from ..store.filters import EventFilter
from .charts import MAX_EDGES, MAX_PLACES, MAX_TIMELINE_EVENTS, network, pick_interval

#: beyond this many days a binned timeline counts per week instead of per day
MAX_DAILY_SPAN = 400


def _codes(value: str | None) -> set[str]:
    return set(value.split("; ")) if value else set()


def matches(row: dict[str, Any], where: EventFilter) -> bool:
    """Whether a merged-event row passes the page's filter (dates, country, type, quad class)."""
    day = row.get("day")
    if where.since and (not day or day < where.since):
        return False
    if where.until and (not day or day > where.until):
        return False
    if where.event and row.get("event") != where.event:
        return False
    if where.quad_class is not None and row.get("quad_class") != where.quad_class:
        return False
    if where.country:
        sides = _codes(row.get("actor_code")) | _codes(row.get("recipient_code"))
        if where.country not in sides and row.get("location_country") != where.country:
            return False
    return True


def _side(code: str | None, name: str | None) -> str | None:
    return code or name


def timeline(rows: list[dict[str, Any]], story_id: str) -> dict[str, Any]:
    """One point per merged event, or counts per day/week and quad class for a large story."""
    dated = [r for r in rows if r.get("day")]
    if len(dated) <= MAX_TIMELINE_EVENTS:
        points = [{
            "id": r["id"], "day": r["day"], "event": r["event"], "quad_class": r["quad_class"],
            "actor": _side(r.get("actor_code"), r.get("actor_name")),
            "recipient": _side(r.get("recipient_code"), r.get("recipient_name")),
            "num_sources": r["num_sources"], "mentions": r["num_mentions"], "count": 1,
            "href": f"/merged/{r['id']}", "evidence": f"/api/merged-events/{r['id']}",
        } for r in dated]
        return {"mode": "events", "total": len(rows), "dated": len(dated), "points": points}
    span = (date.fromisoformat(dated[-1]["day"]) - date.fromisoformat(dated[0]["day"])).days
    interval = "day" if span <= MAX_DAILY_SPAN else "week"
    bins: dict[tuple[str, int | None], int] = {}
    for r in dated:
        start = period_start(date.fromisoformat(r["day"]), interval).isoformat()
        key = (start, r.get("quad_class"))
        bins[key] = bins.get(key, 0) + 1
    points = []
    for (start, quad), count in sorted(bins.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        until = start if interval == "day" else (next_period(date.fromisoformat(start), "week") - timedelta(days=1)).isoformat()
        points.append({
            "day": start, "quad_class": quad, "count": count,
            "href": "/merged?" + urlencode({"story": story_id, "since": start, "until": until}),
        })
    return {"mode": "daily" if interval == "day" else "weekly", "total": len(rows), "dated": len(dated), "points": points}


def dyads(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """(actor, recipient) pairs weighted by merged events, most frequent first; at least one side coded."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        actor = _side(r.get("actor_code"), r.get("actor_name"))
        recipient = _side(r.get("recipient_code"), r.get("recipient_name"))
        if not actor or not recipient or not (r.get("actor_code") or r.get("recipient_code")):
            continue  # two unresolved phrases ("the war" -> "this war") say little about who acts on whom
        d = pairs.setdefault((actor, recipient), {"actor": actor, "recipient": recipient, "events": 0,
                                                  "goldstein": 0.0, "conflict": 0})
        d["events"] += 1
        d["goldstein"] = round(d["goldstein"] + float(r.get("goldstein") or 0), 3)
        d["conflict"] += int((r.get("quad_class") or 0) >= 3)
    return sorted(pairs.values(), key=lambda d: (-d["events"], d["actor"], d["recipient"]))


def places(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where the merged events happened (those with coordinates), most events first."""
    found: dict[Any, dict[str, Any]] = {}
    for r in rows:
        loc = r.get("location") or {}
        if loc.get("latitude") is None or loc.get("longitude") is None:
            continue
        key = loc.get("geonameid") or (loc.get("name"), loc["latitude"], loc["longitude"])
        p = found.setdefault(key, {
            "geonameid": loc.get("geonameid"), "name": loc.get("name") or "?", "country": loc.get("country"),
            "latitude": loc["latitude"], "longitude": loc["longitude"], "events": 0, "first": r.get("day"),
            "last": r.get("day"),
            "href": f"/places/{loc['geonameid']}" if loc.get("geonameid") else None,
        })
        p["events"] += 1
        if r.get("day"):
            p["first"] = min(filter(None, [p["first"], r["day"]]))
            p["last"] = max(filter(None, [p["last"], r["day"]]))
    return sorted(found.values(), key=lambda p: (-p["events"], p["name"]))[:MAX_PLACES]


def trend(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Merged events and Goldstein sums per period, one series per quad class, zero-filled."""
    dated = [r for r in rows if r.get("day")]
    interval = pick_interval(dated[0]["day"], dated[-1]["day"]) if dated else "month"
    cells: dict[str, dict[date, list[float]]] = {}
    for r in dated:
        key = str(r["quad_class"]) if r.get("quad_class") is not None else "?"
        cell = cells.setdefault(key, {}).setdefault(period_start(date.fromisoformat(r["day"]), interval), [0, 0.0])
        cell[0] += 1
        cell[1] += float(r.get("goldstein") or 0)
    periods: list[date] = []
    if dated:
        cursor = period_start(date.fromisoformat(dated[0]["day"]), interval)
        last = date.fromisoformat(dated[-1]["day"])
        while cursor <= last:
            periods.append(cursor)
            cursor = next_period(cursor, interval)
    series = [
        {
            "key": key,
            "total": int(sum(c[0] for c in cell.values())),
            "events": [int(cell.get(p, (0, 0.0))[0]) for p in periods],
            "goldstein": [round(cell.get(p, (0, 0.0))[1], 3) for p in periods],
        }
        for key, cell in cells.items()
    ]
    series.sort(key=lambda s: (-s["total"], s["key"]))
    return {"interval": interval, "by": "quad_class", "periods": [p.isoformat() for p in periods], "series": series}


def story_chart_data(story: dict[str, Any], where: EventFilter) -> dict[str, Any]:
    """Everything the story page's four drawings need, for its merged events that pass ``where``."""
    rows = [r for r in story["timeline"] if matches(r, where)]
    pairs = dyads(rows)
    return {
        "timeline": timeline(rows, story["id"]),
        "dyads": pairs,
        "network": network(pairs[: MAX_EDGES * 3]),
        "map": {"places": places(rows)},
        "trend": trend(rows),
        "matched": len(rows),
    }
