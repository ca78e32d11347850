"""ACLED-style CSV: ACLED's current export columns, one row per merged event that has an ACLED type.

ACLED covers political violence, demonstrations and strategic developments,
so events without an ACLED type (most verbal events) are not written. The
resolve stage gives one event of each ACLED event its type, the two sides'
inter codes and names and its fatalities (``resolve/acled.py``); the other
events of that report carry no ACLED type, and the mentions of one merged
event are written once (the first mention with a type), so no event is
written twice under two types. docs/formats.md describes every column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pycountry

from ..rules import read_table
from .geo import country_name
from .registry import exporter
from .rows import Row, SourceIndex, actor_label, evidence_article_ids, outlets, smallest_count
from .rows import csv_dict_writer  # every CSV goes through the shared writer: formula-like cells neutralised

HERE = Path(__file__).parent

#: ACLED's export columns, in ACLED's order
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
#: ACLED geo_precision: 1 the exact place, 2 a nearby place or part of a region, 3 a larger region
PRECISION = {
    "city": 1, "town": 1, "village": 1, "camp": 1, "neighbourhood": 1, "neighborhood": 1, "site": 1, "place": 1,
    "district": 2, "admin2": 2, "county": 2, "region": 3, "admin1": 3, "state": 3, "province": 3, "country": 3,
}
#: ACLED's time_precision: 1 the day, 2 the week or a few days, 3 the month (or coarser)
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
#: inter codes of the sides that make a violent event one against civilians (ACLED's civilian_targeting)
_TARGETING = {"Violence against civilians", "Explosions/Remote violence", "Riots"}

MergedOf = Callable[[Sequence[str]], dict[str, str]]


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    out = {}
    for row in read_table(HERE / "acled_regions.tsv"):
        for iso3 in row["countries"].split():
            out[iso3] = row["region"]
    return out


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type: political violence, demonstrations, or strategic developments."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return "Political violence"


def interaction(inter1: int, inter2: int) -> str:
    """The two inter codes, smaller first ("17"); one side alone is its code and 0 ("60")."""
    if not inter1 and not inter2:
        return ""
    if not inter2 or not inter1:
        return f"{inter1 or inter2}0"
    return f"{min(inter1, inter2)}{max(inter1, inter2)}"


def _iso_numeric(iso3: str | None) -> str:
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return str(int(country.numeric)) if country is not None else ""


def _timestamp(row: Row) -> str:
    value = row.get("article_ingested_at")
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return str(int(when.timestamp()))


def _geo_precision(loc: dict[str, Any]) -> Any:
    """The place's own precision when the resolver gives one, else from its feature (tolerant of both)."""
    if not loc:
        return ""
    own = loc.get("precision")
    if isinstance(own, int) or (isinstance(own, str) and own.isdigit()):
        return int(own)
    if isinstance(own, str) and own:
        return PRECISION.get(own.lower(), "")
    feature = (loc.get("feature") or "").lower()
    return PRECISION.get(feature, 2 if loc.get("latitude") is not None else "")


def _fatalities(data: dict[str, Any], row: Row) -> int:
    if isinstance(data.get("fatalities"), int):
        return data["fatalities"]
    return smallest_count(row, "killed") or 0


def _tags(data: dict[str, Any]) -> str:
    sizes = [c.get("number") for c in data.get("counts") or [] if c.get("kind") == "protesters" and c.get("number")]
    return f"crowd size={min(sizes)}" if sizes and data.get("acled_type") in ("Protests", "Riots") else ""


def acled_row(row: Row, sources: SourceIndex, merged_id: str | None = None) -> dict[str, Any] | None:
    data = row["data"]
    if not data.get("acled_type"):
        return None
    day = row.get("day")
    if not day:
        return None
    actors = data.get("actor") or []
    recipients = data.get("recipient") or []
    loc = data.get("location") or {}
    iso3 = loc.get("country") or next((a.get("country") for a in actors if a.get("country")), None)
    articles = sources.get(evidence_article_ids(row))
    sentences = list(dict.fromkeys(e.get("sentence") for e in data.get("evidence", []) if e.get("sentence")))
    inter1 = data.get("acled_inter1") or 0
    inter2 = data.get("acled_inter2") or 0
    event_type, sub_type = data["acled_type"], data.get("acled_subtype") or ""
    targeting = (event_type in _TARGETING and inter2 == 7 and sub_type != "Violent demonstration") or \
        sub_type == "Excessive force against protesters"
    ident = (merged_id or data.get("id") or row.get("id") or "").upper()
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{ident}",
        "event_date": str(day)[:10],
        "year": str(day)[:4],
        "time_precision": TIME_PRECISION.get(data.get("date_precision") or "", 1),
        "disorder_type": disorder_type(event_type, sub_type),
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": data.get("acled_actor1") or (actor_label(actors[0]) if actors else ""),
        "assoc_actor_1": "; ".join(actor_label(a) for a in actors[1:]),
        "inter1": inter1 if inter1 or inter2 else "",
        "actor2": data.get("acled_actor2") or (actor_label(recipients[0]) if recipients and inter2 else ""),
        "assoc_actor_2": "; ".join(actor_label(a) for a in recipients[1:]),
        "inter2": inter2 if inter1 or inter2 else "",
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targeting else "",
        "iso": _iso_numeric(iso3),
        "region": _regions().get(iso3 or "", ""),
        "country": country_name(iso3) or "",
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "admin3": loc.get("admin3") or "",
        "location": loc.get("name") or "",
        "latitude": loc.get("latitude") if loc.get("latitude") is not None else "",
        "longitude": loc.get("longitude") if loc.get("longitude") is not None else "",
        "geo_precision": _geo_precision(loc),
        "source": "; ".join(outlets(articles)),
        "source_scale": "",
        "notes": " ".join(sentences),
        "fatalities": _fatalities(data, row),
        "tags": _tags(data),
        "timestamp": _timestamp(row),
    }


# one row per merged event
@exporter("acled", suffix=".csv", description="CSV", title="ACLED-style CSV",
          asserted_only=True, skip_reason="no ACLED event type, no date, or another mention of a merged event already written",
          order=30, per_merged_event=True)
def write_acled(rows, out: IO[str], sources: SourceIndex, merged_of: MergedOf | None = None) -> tuple[int, int]:
    """Write the CSV with a header; returns (written, skipped: no ACLED type, no date, or a merged event
    already written). ``merged_of`` maps event ids to their merged event ids (one row per merged event)."""
    writer = csv_dict_writer(out, COLUMNS)
    writer.writeheader()
    written = skipped = 0
    seen: set[str] = set()
    pending: list[Row] = []

    def flush() -> None:
        nonlocal written, skipped
        merged = merged_of([r["id"] for r in pending if r.get("id")]) if merged_of is not None else {}
        for row in pending:
            merged_id = merged.get(row.get("id") or "")
            if merged_id is not None and merged_id in seen:
                skipped += 1  # another mention of an ACLED event already written
                continue
            record = acled_row(row, sources, merged_id)
            if record is None:
                skipped += 1
                continue
            if merged_id is not None:
                seen.add(merged_id)
            writer.writerow(record)
            written += 1
        pending.clear()

    for row in rows:
        sources.remember(row)
        pending.append(row)
        if len(pending) >= 500:
            flush()
    flush()
    return written, skipped
