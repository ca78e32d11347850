"""A story page's drawing data: store aggregates with filters, binning of large timelines, trend."""

from __future__ import annotations

from datetime import date, timedelta

from eventwire.db import Eventwire
from eventwire.store.filters import EventFilter
from eventwire.web.story_charts import story_chart_data, timeline, trend


def cell(day: str, quad: int = 4, events: int = 1, goldstein: float = -10.0):
    return {"day": day, "quad_class": quad, "events": events, "goldstein": goldstein * events}


def days(start: str, n: int) -> list[str]:
    first = date.fromisoformat(start)
    return [(first + timedelta(days=k)).isoformat() for k in range(n)]


def test_few_events_are_drawn_one_by_one_with_their_evidence_link():
    points = [{"id": f"{i:016x}", "day": d, "event": "ASSAULT", "quad_class": 4, "actor": "ISR", "recipient": None,
               "num_sources": 1 + i, "num_mentions": 2} for i, d in enumerate(days("2024-05-01", 3))]
    tl = timeline({"matched": 4, "dated": 3, "points": points, "cells": []}, "ab" * 8)
    assert tl["mode"] == "events" and (tl["total"], tl["dated"]) == (4, 3)
    first = tl["points"][0]
    assert first["href"] == "/merged/" + points[0]["id"] and first["evidence"] == "/api/merged-events/" + points[0]["id"]
    assert [p["num_sources"] for p in tl["points"]] == [1, 2, 3] and first["mentions"] == 2


def test_many_events_are_binned_per_day_or_per_week():
    cells = [cell("2024-01-01", q, events=225) for q in (1, 2, 3, 4)]
    daily = timeline({"matched": 900, "dated": 900, "points": None, "cells": cells}, "s" * 16)
    assert daily["mode"] == "daily" and [p["count"] for p in daily["points"]] == [225] * 4
    assert daily["points"][0]["href"] == "/merged?story=ssssssssssssssss&since=2024-01-01&until=2024-01-01"
    long_span = [cell(d) for d in days("2023-01-02", 700)]  # 700 days, one class
    weekly = timeline({"matched": 700, "dated": 700, "points": None, "cells": long_span}, "s" * 16)
    assert weekly["mode"] == "weekly" and len(weekly["points"]) == 100 and weekly["points"][0]["count"] == 7
    assert weekly["points"][0]["href"].endswith("since=2023-01-02&until=2023-01-08")  # Monday to Sunday


def test_trend_zero_fills_periods_and_sums_goldstein():
    t = trend([cell("2024-05-01"), cell("2024-05-03", quad=1, goldstein=1.0), cell("2024-05-20")])
    assert t["interval"] == "day" and len(t["periods"]) == 20
    by_key = {s["key"]: s for s in t["series"]}
    assert by_key["4"]["events"][0] == 1 and by_key["4"]["events"][-1] == 1 and sum(by_key["4"]["events"]) == 2
    assert by_key["1"]["goldstein"][2] == 1.0 and sum(by_key["4"]["goldstein"]) == -20.0
    assert trend([])["periods"] == []


def gaza_story(ew: Eventwire) -> str:
    return next(s["id"] for s in ew.stories_page()[1] if s["num_articles"] == 2)


def test_story_page_aggregates_follow_the_filter(storied_store):
    with Eventwire(storied_store, read_only=True) as ew:
        sid = gaza_story(ew)
        every = ew.story_page(sid)
        assert every["timeline"] == [] and every["num_events"] == 2
        drawings = every["drawings"]
        assert (drawings["matched"], drawings["dated"]) == (2, 2) and len(drawings["points"]) == 2
        assert {(c["quad_class"], c["events"], c["goldstein"]) for c in drawings["cells"]} == {(4, 1, -10.0), (1, 1, 3.0)}
        assert {(d["actor"], d["recipient"], d["conflict"]) for d in drawings["dyads"]} == {("ISR", "a house", 1), ("QAT", "both sides", 0)}
        (place,) = drawings["places"]
        assert place["geonameid"] == 281133 and place["events"] == 1 and place["first"] == "2024-05-05"
        for where, matched in [(EventFilter(quad_class=4), 1), (EventFilter(event="REQUEST"), 1),
                               (EventFilter(country="PSE"), 1), (EventFilter(country="QAT"), 1),
                               (EventFilter(since="2024-05-06"), 0), (EventFilter(until="2024-05-05"), 2),
                               (EventFilter(country="GEO"), 0), (EventFilter(modality="negated"), 0)]:
            d = ew.story_page(sid, where)["drawings"]
            assert d["matched"] == matched == len(d["points"]), where
        assert ew.story_page(sid, max_points=1)["drawings"]["points"] is None  # too many: the page bins the cells


def test_story_chart_data_shapes_every_drawing(storied_store):
    with Eventwire(storied_store, read_only=True) as ew:
        data = story_chart_data(ew.story_page(gaza_story(ew)))
    assert data["timeline"]["mode"] == "events" and data["matched"] == 2
    assert {e["source"] for e in data["network"]["edges"]} == {"ISR", "QAT"}
    assert data["map"]["places"][0]["href"] == "/places/281133"
    assert data["trend"]["periods"] == ["2024-05-05"]
