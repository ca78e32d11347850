"""Data for a story page's four drawings, from the aggregates ``Eventwire.story_page`` returns.

A story page draws real-world (merged) events, not mentions: the timeline
sizes each by its number of sources, the network weighs dyads by merged
events, the map places them, the trend counts them. The store sends
per-day cells (events and Goldstein sums per day and quad class), the
single events when there are few, dyads and places; this module only
shapes them: a large story's timeline is binned per day (per week over long
spans) instead of drawing thousands of circles.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from ..store.explore import next_period, period_start
from .charts import MAX_DAILY_SPAN, MAX_EDGES, network, trend


def timeline(drawings: dict[str, Any], story_id: str) -> dict[str, Any]:
    """One point per merged event, or counts per day/week and quad class for a large story."""
    total, dated = drawings["matched"], drawings["dated"]
    if drawings.get("points") is not None:
        points = [{
            "id": p["id"], "day": p["day"], "event": p["event"], "quad_class": p["quad_class"], "actor": p["actor"],
            "recipient": p["recipient"], "num_sources": p["num_sources"], "mentions": p["num_mentions"], "count": 1,
            "href": f"/merged/{p['id']}", "evidence": f"/api/merged-events/{p['id']}",
        } for p in drawings["points"]]
        return {"mode": "events", "total": total, "dated": dated, "points": points}
    cells = drawings["cells"]
    span = (date.fromisoformat(cells[-1]["day"]) - date.fromisoformat(cells[0]["day"])).days if cells else 0
    interval = "day" if span <= MAX_DAILY_SPAN else "week"
    bins: dict[tuple[str, int | None], int] = {}
    for c in cells:
        key = (period_start(date.fromisoformat(c["day"]), interval).isoformat(), c["quad_class"])
        bins[key] = bins.get(key, 0) + int(c["events"])
    points = []
    for (start, quad), count in sorted(bins.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        first = date.fromisoformat(start)
        after = next_period(first, interval)
        until = start if interval == "day" else (after - timedelta(days=1) if after else date.max).isoformat()
        points.append({
            "day": start, "quad_class": quad, "count": count,
            "href": "/merged?" + urlencode({"story": story_id, "since": start, "until": until}),
        })
    return {"mode": "daily" if interval == "day" else "weekly", "total": total, "dated": dated, "points": points}


def story_chart_data(story: dict[str, Any]) -> dict[str, Any]:
    """Everything the story page's four drawings need (``story`` as ``Eventwire.story_page`` returns it)."""
    drawings = story["drawings"]
    places = [{**p, "href": f"/places/{p['geonameid']}" if p.get("geonameid") else None} for p in drawings["places"]]
    return {
        "timeline": timeline(drawings, story["id"]),
        "dyads": drawings["dyads"],
        "network": network(drawings["dyads"][: MAX_EDGES * 3]),
        "map": {"places": places},
        "trend": trend(drawings["cells"]),
        "matched": drawings["matched"],
    }
