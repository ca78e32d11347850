"""GDELT 2.0 event table: the 61 columns in the official order, tab-separated, no header.

Column names and types live in ``gdelt_columns.tsv``. Each eventwire event is
one GDELT row: the first actor of each side becomes Actor1/Actor2 (CAMEO
style code = country or group code + sector), the event's place becomes the
ActionGeo_* columns with a FIPS 10-4 country code, as GDELT writes them.
Values GDELT computes and eventwire does not (AvgTone, actor locations) are
left empty (or 0 for the geo type, GDELT's "no location").
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import IO, Any

from .geo import fips_country, is_country, table_rows
from .registry import exporter
from .rows import Row, SourceIndex, compact_day, evidence_article_ids, outlets, write_records

CITY_FEATURES = {"city", "town", "village", "camp", "neighbourhood", "neighborhood", "district", "place", "site"}


@lru_cache(maxsize=1)
def columns() -> list[tuple[str, str]]:
    """(name, DuckDB type) of the 61 columns, in order."""
    return [(r["name"], r["type"]) for r in table_rows("gdelt_columns.tsv")]


def global_event_id(event_id: str) -> int:
    """A stable positive 60-bit integer from the hex event id (GDELT ids are integers)."""
    return int(event_id[:15], 16)


def fraction_date(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / length, 4)


def _actor_columns(actors: list[dict[str, Any]]) -> list[Any]:
    if not actors:
        return [""] * 10
    a = actors[0]
    code = (a.get("code") or "").upper()
    sector = (a.get("sector") or "").upper()
    cameo = code + (sector if sector and sector != code else "")
    country = code if is_country(code) else ""
    group = code if code and not country else ""
    return [cameo, a.get("name") or a.get("text") or "", country, group, "", "", "", sector, "", ""]


def _geo_type(loc: dict[str, Any]) -> int:
    feature = (loc.get("feature") or "").lower()
    us = (loc.get("country") or "").upper() == "USA"
    if feature == "country":
        return 1
    if feature in ("admin1", "state", "province", "region"):
        return 2 if us else 5
    return 3 if us else 4


def _action_geo(loc: dict[str, Any] | None) -> list[Any]:
    if not loc or (loc.get("latitude") is None and not loc.get("country")):
        return [0, "", "", "", "", "", "", ""]
    fips = fips_country(loc.get("country"), admin1=loc.get("admin1"), name=loc.get("name"))
    admin1 = (loc.get("admin1") or "").strip()
    adm1 = fips + admin1 if fips and admin1 and len(admin1) <= 3 and admin1.isalnum() else fips
    return [
        _geo_type(loc), loc.get("name") or "", fips, adm1, "",
        loc.get("latitude") if loc.get("latitude") is not None else "",
        loc.get("longitude") if loc.get("longitude") is not None else "",
        str(loc["geonameid"]) if loc.get("geonameid") is not None else "",
    ]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def gdelt_row(row: Row, sources: SourceIndex) -> list[Any] | None:
    """The 61 values of one event, or None when it has no date (GDELT's Day is required)."""
    data = row["data"]
    day_text = row.get("day")
    if not day_text:
        return None
    day = date.fromisoformat(str(day_text)[:10])
    articles = sources.get(evidence_article_ids(row))
    evidence = data.get("evidence") or []
    cameo = data.get("cameo") or ""
    root = data.get("cameo_root") or cameo[:2]
    added = str(row.get("article_ingested_at") or "")
    first_url = next((a.get("url") for a in articles if a.get("url")), None)
    values: list[Any] = [
        global_event_id(row["id"]), int(compact_day(day.isoformat())), day.year * 100 + day.month, day.year,
        fraction_date(day),
        *_actor_columns(data.get("actor", [])),
        *_actor_columns(data.get("recipient", [])),
        1 if any(e.get("sentence_index") in (0, -1) for e in evidence) else 0,  # the lead or the title
        cameo, cameo[:3], root, data.get("quad_class") or "", data.get("goldstein") if data.get("goldstein") is not None else "",
        len(evidence) or 1, len(outlets(articles)), len(articles), "",
        0, "", "", "", "", "", "", "",
        0, "", "", "", "", "", "", "",
        *_action_geo(data.get("location")),
        int("".join(ch for ch in added[:19] if ch.isdigit()).ljust(14, "0")) if added else "",
        first_url or row.get("article_source") or row.get("article_raw_ref") or "",
    ]
    return values


@exporter("gdelt", suffix=".tsv", description="61-column TSV", title="a GDELT 2.0 event table", asserted_only=True,
          skip_reason="no date", order=20)
def write_gdelt(rows, out: IO[str], sources: SourceIndex) -> tuple[int, int]:
    """Write the tab-separated table; returns (written, skipped for having no date)."""
    width = len(columns())

    def emit(values: list[Any]) -> None:
        assert len(values) == width, f"GDELT row has {len(values)} columns, expected {width}"
        out.write("\t".join(_clean(v) for v in values) + "\n")

    return write_records(rows, sources, gdelt_row, emit)
