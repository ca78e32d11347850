"""Data for the four drawings (timeline, actor network, map, trend) of any set of events.

The overview, actor and story pages all describe "a set of events" with an
``EventFilter``; this module asks the store for the aggregates and returns
plain JSON the page embeds (as a data block, not a script) for the static JS.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from ..db import Eventwire
from ..export.geo import country_name
from ..store.explore import period_start, zero_filled
from ..store.filters import EventFilter

MAX_TIMELINE_EVENTS = 400
MAX_EDGES = 40
MAX_PLACES = 300
#: beyond this many days a timeline of counts is drawn per week instead of per day
MAX_DAILY_SPAN = 120


def is_actor_code(value: str) -> bool:
    return value.isalpha() and value.isupper() and 2 <= len(value) <= 12


def pick_interval(first: str | None, last: str | None) -> str:
    """Days for up to two months, weeks up to a year and a half, months beyond."""
    if not first or not last:
        return "month"
    span = (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
    return "day" if span <= 62 else "week" if span <= 550 else "month"


def weekly(timeline: dict[str, Any]) -> dict[str, Any]:
    """Daily counts summed per week (Monday to Sunday): a long span draws a few hundred circles, not thousands."""
    bins: dict[tuple[str, Any], int] = {}
    for p in timeline["points"]:
        monday = date.fromisoformat(p["day"]) - timedelta(days=date.fromisoformat(p["day"]).weekday())
        key = (monday.isoformat(), p["quad_class"])
        bins[key] = bins.get(key, 0) + int(p["count"])
    points = [
        {"day": day, "until": _week_end(day), "quad_class": q, "count": n}
        for (day, q), n in sorted(bins.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
    ]
    return {**timeline, "mode": "weekly", "points": points}


def _week_end(monday: str) -> str:
    """The Sunday of the week beginning ``monday`` (the calendar's last day for its last week)."""
    day = date.fromisoformat(monday)
    return (day + timedelta(days=6) if day <= date.max - timedelta(days=6) else date.max).isoformat()


def network(dyads: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes and directed, weighted edges; a joined side ("AZE; ARM") counts for each code."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for d in dyads:
        for a in str(d["actor"]).split("; "):
            for r in str(d["recipient"]).split("; "):
                if a == r:
                    continue
                e = edges.setdefault((a, r), {"source": a, "target": r, "events": 0, "goldstein": 0.0, "conflict": 0})
                e["events"] += int(d["events"])
                e["goldstein"] = round(e["goldstein"] + float(d["goldstein"] or 0), 3)
                e["conflict"] += int(d["conflict"])
    kept = sorted(edges.values(), key=lambda e: (-e["events"], e["source"], e["target"]))[:MAX_EDGES]
    nodes: dict[str, dict[str, Any]] = {}
    for e in kept:
        for key in (e["source"], e["target"]):
            node = nodes.setdefault(key, {
                "id": key,
                "label": f"{country_name(key)} ({key})" if is_actor_code(key) and country_name(key) else key,
                "href": f"/actors/{key}" if is_actor_code(key) else None,
                "events": 0,
            })
            node["events"] += e["events"]
    return {"nodes": list(nodes.values()), "edges": kept}


def trend(cells: list[dict[str, Any]]) -> dict[str, Any]:
    """Events and Goldstein sums per period (from per-day cells), one series per quad class, zero-filled."""
    interval = pick_interval(cells[0]["day"], cells[-1]["day"]) if cells else "month"
    sums: dict[str, dict[date, list[float]]] = {}
    for c in cells:
        key = str(c["quad_class"]) if c["quad_class"] is not None else "?"
        cell = sums.setdefault(key, {}).setdefault(period_start(date.fromisoformat(c["day"]), interval), [0, 0.0])
        cell[0] += int(c["events"])
        cell[1] += float(c["goldstein"] or 0)
    totals: dict[date, int] = {}
    for by_period in sums.values():
        for period, (n, _) in by_period.items():
            totals[period] = totals.get(period, 0) + int(n)
    periods, omitted = zero_filled(totals, interval)  # at most MAX_PERIODS, whatever dates the events carry
    series = [
        {
            "key": key,
            "total": int(sum(v[0] for v in by_period.values())),
            "events": [int(by_period.get(p, (0, 0.0))[0]) for p in periods],
            "goldstein": [round(by_period.get(p, (0, 0.0))[1], 3) for p in periods],
        }
        for key, by_period in sums.items()
    ]
    series.sort(key=lambda s: (-s["total"], s["key"]))
    return {"interval": interval, "by": "quad_class", "periods": [p.isoformat() for p in periods],
            "omitted_events": omitted, "series": series}


def chart_data(ew: Eventwire, where: EventFilter, *, query: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the four drawings need for the events ``where`` selects."""
    timeline = ew.timeline(where, limit=MAX_TIMELINE_EVENTS)
    days = [p["day"] for p in timeline["points"]]
    interval = pick_interval(min(days) if days else None, max(days) if days else None)
    base = dict(query or where.to_params())
    daily_cells = [{"day": p["day"], "quad_class": p["quad_class"], "events": p["count"], "goldstein": p["goldstein"]}
                   for p in timeline["points"]] if timeline["mode"] == "daily" else None
    if timeline["mode"] == "daily" and days and (
            date.fromisoformat(max(days)) - date.fromisoformat(min(days))).days > MAX_DAILY_SPAN:
        timeline = weekly(timeline)
    for point in timeline["points"]:
        if timeline["mode"] == "events":
            point["href"] = f"/events/{point['id']}"
        else:
            params = {**base, "since": point["day"], "until": point.get("until", point["day"]),
                      "quad_class": point["quad_class"]}
            point["href"] = "/events?" + urlencode({k: v for k, v in params.items() if v is not None})
    _, places = ew.places(where, limit=MAX_PLACES)
    for p in places:
        p["href"] = f"/places/{p['geonameid']}" if p.get("geonameid") is not None else None
    dyads = ew.dyads(where, limit=MAX_EDGES * 3)
    if daily_cells is not None:  # the per-day counts already hold the trend: no second pass over the events
        series = trend(daily_cells)
    else:
        series = ew.timeseries(where, interval=interval, by="quad_class", top=5)
    return {
        "timeline": timeline,
        "dyads": dyads,
        "network": network(dyads),
        "map": {"places": places},
        "trend": series,
    }
