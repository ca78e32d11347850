"""ACLED-style CSV: one row per event that has an ACLED event type.

ACLED covers political violence, demonstrations and strategic developments,
so events without an ACLED type (most verbal events) are not written. Columns
follow ACLED's names; ``fatalities`` is the most conservative stated number
killed (0 when none is stated), as ACLED does.
"""

from __future__ import annotations

from typing import IO, Any

from .geo import country_name
from .registry import exporter
from .rows import Row, SourceIndex, actor_label, evidence_article_ids, outlets, smallest_count, write_records
from .rows import csv_dict_writer  # every CSV goes through the shared writer: formula-like cells neutralised

COLUMNS = (
    "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
#: ACLED geo_precision: 1 the exact place, 2 a nearby place or part of a region, 3 a larger region
PRECISION = {
    "city": 1, "town": 1, "village": 1, "camp": 1, "neighbourhood": 1, "neighborhood": 1, "site": 1, "place": 1,
    "district": 2, "admin2": 2, "region": 2, "admin1": 3, "state": 3, "province": 3, "country": 3,
}


def acled_row(row: Row, sources: SourceIndex) -> dict[str, Any] | None:
    data = row["data"]
    if not data.get("acled_type"):
        return None
    day = row.get("day")
    if not day:
        return None
    actors = data.get("actor") or []
    recipients = data.get("recipient") or []
    loc = data.get("location") or {}
    articles = sources.get(evidence_article_ids(row))
    sentences = list(dict.fromkeys(e.get("sentence") for e in data.get("evidence", []) if e.get("sentence")))
    feature = (loc.get("feature") or "").lower()
    return {
        "event_date": str(day)[:10],
        "event_type": data.get("acled_type"),
        "sub_event_type": data.get("acled_subtype") or "",
        "actor1": actor_label(actors[0]) if actors else "",
        "assoc_actor_1": "; ".join(actor_label(a) for a in actors[1:]),
        "actor2": actor_label(recipients[0]) if recipients else "",
        "country": country_name(loc.get("country")) or "",
        "admin1": loc.get("admin1") or "",
        "location": loc.get("name") or "",
        "latitude": loc.get("latitude") if loc.get("latitude") is not None else "",
        "longitude": loc.get("longitude") if loc.get("longitude") is not None else "",
        "geo_precision": PRECISION.get(feature, 2 if loc.get("latitude") is not None else "") if loc else "",
        "source": "; ".join(outlets(articles)),
        "notes": " ".join(sentences),
        "fatalities": smallest_count(row, "killed") or 0,
    }


@exporter("acled", suffix=".csv", description="CSV", title="ACLED-style CSV", asserted_only=True,
          skip_reason="no ACLED event type, or no date", order=30)
def write_acled(rows, out: IO[str], sources: SourceIndex) -> tuple[int, int]:
    """Write the CSV with a header; returns (written, skipped: no ACLED type or no date)."""
    writer = csv_dict_writer(out, COLUMNS)
    writer.writeheader()
    return write_records(rows, sources, acled_row, writer.writerow)
