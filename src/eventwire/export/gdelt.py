"""GDELT 2.0 event table: the 61 columns in the official order, tab-separated, no header.

Column names and types live in ``gdelt_columns.tsv``. Each eventwire event is
one GDELT row: the first actor of each side becomes Actor1/Actor2 (CAMEO
style code = country or group code + sector), the event's place becomes the
ActionGeo_* columns with a FIPS 10-4 country code, a FIPS ADM1 code and a
"City, Admin1, Country" full name, as GDELT writes them. A date known only to
the month or the year keeps its precision: the parts it does not give are 00
(``20240700``, ``20240000``). SOURCEURL is a web address or empty. Values
GDELT computes and eventwire does not (AvgTone, actor locations) are left
empty (or 0 for the geo type, GDELT's "no location").
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import IO, Any

from ..dates import parse_date
from .geo import admin1_of, country_name, fips_adm1, fips_country, is_country, table_rows
from .registry import exporter
from .rows import Row, SourceIndex, evidence_article_ids, first_url, outlets, write_records

CITY_FEATURES = {"city", "town", "village", "camp", "neighbourhood", "neighborhood", "district", "place", "site"}
#: place features GDELT calls a state or province (geo type 2 or 5)
ADMIN1_FEATURES = ("admin1", "state", "province", "region")


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


def date_columns(value: str | date | None) -> list[Any] | None:
    """Day, MonthYear, Year and FractionDate of an event date at its precision, or None without a date.

    A part the date does not give is written 00: a month is ``20240700`` / ``202407``, a year
    ``20240000`` / ``202400`` (a week is its month when it lies in one, else its year). FractionDate
    is taken at the first day the date covers.
    """
    span = parse_date(value)
    if span is None:
        return None
    first, last = span.first, span.last
    month = first.month if (first.year, first.month) == (last.year, last.month) else 0
    day = first.day if first == last else 0
    return [first.year * 10000 + month * 100 + day, first.year * 100 + month, first.year, fraction_date(first)]


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
    if feature in ADMIN1_FEATURES:
        return 2 if us else 5
    return 3 if us else 4


def full_name(loc: dict[str, Any]) -> str:
    """The place as GDELT names it: "City, Admin1, Country" ("Gaza City, Gaza Strip, Palestine"),
    "Admin1, Country" for a province, the country's name alone for a country; parts not known left out."""
    country = country_name(loc.get("country"))
    feature = (loc.get("feature") or "").lower()
    if feature == "country":
        return country or loc.get("name") or ""
    admin1 = admin1_of(loc.get("country"), loc.get("admin1"))[1]
    parts = [admin1 or loc.get("name"), country] if feature in ADMIN1_FEATURES else [loc.get("name"), admin1, country]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def _action_geo(loc: dict[str, Any] | None) -> list[Any]:
    if not loc or (loc.get("latitude") is None and not loc.get("country")):
        return [0, "", "", "", "", "", "", ""]
    fips = fips_country(loc.get("country"), admin1=loc.get("admin1"), name=loc.get("name"))
    return [
        _geo_type(loc), full_name(loc), fips, fips_adm1(loc.get("country"), loc.get("admin1"), fips), "",
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
    dates = date_columns(row.get("date") or row.get("day"))
    if dates is None:
        return None
    articles = sources.get(evidence_article_ids(row))
    evidence = data.get("evidence") or []
    cameo = data.get("cameo") or ""
    root = data.get("cameo_root") or cameo[:2]
    added = str(row.get("article_ingested_at") or "")
    values: list[Any] = [
        global_event_id(row["id"]), *dates,
        *_actor_columns(data.get("actor", [])),
        *_actor_columns(data.get("recipient", [])),
        1 if any(e.get("sentence_index") in (0, -1) for e in evidence) else 0,  # the lead or the title
        cameo, cameo[:3], root, data.get("quad_class") or "", data.get("goldstein") if data.get("goldstein") is not None else "",
        len(evidence) or 1, len(outlets(articles)), len(articles), "",
        0, "", "", "", "", "", "", "",
        0, "", "", "", "", "", "", "",
        *_action_geo(data.get("location")),
        int("".join(ch for ch in added[:19] if ch.isdigit()).ljust(14, "0")) if added else "",
        first_url(articles) or "",  # a web address or nothing: never an outlet's name or a file path
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
