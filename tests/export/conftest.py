"""Export test helpers: the field lists of the formats themselves, written out here apart from the exporters."""

from __future__ import annotations

import pytest

#: the GDELT 2.0 event table as documented by GDELT (written out here independently of the exporter)
GDELT_COLUMNS = [
    ("GlobalEventID", "BIGINT"), ("Day", "INTEGER"), ("MonthYear", "INTEGER"), ("Year", "INTEGER"),
    ("FractionDate", "DOUBLE"),
    *[(f"Actor{n}{f}", "VARCHAR") for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")],
    ("IsRootEvent", "INTEGER"), ("EventCode", "VARCHAR"), ("EventBaseCode", "VARCHAR"), ("EventRootCode", "VARCHAR"),
    ("QuadClass", "INTEGER"), ("GoldsteinScale", "DOUBLE"), ("NumMentions", "INTEGER"), ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"), ("AvgTone", "DOUBLE"),
    *[(f"{p}Geo_{f}", t) for p in ("Actor1", "Actor2", "Action") for f, t in (
        ("Type", "INTEGER"), ("FullName", "VARCHAR"), ("CountryCode", "VARCHAR"), ("ADM1Code", "VARCHAR"),
        ("ADM2Code", "VARCHAR"), ("Lat", "DOUBLE"), ("Long", "DOUBLE"), ("FeatureID", "VARCHAR"))],
    ("DATEADDED", "BIGINT"), ("SOURCEURL", "VARCHAR"),
]


#: ACLED's current export columns, as ACLED's codebook lists them (written out here apart from the exporter)
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


@pytest.fixture(scope="session")
def gdelt_official() -> list[tuple[str, str]]:
    """GDELT 2.0's event table: (column, DuckDB type) in the official order."""
    return GDELT_COLUMNS


@pytest.fixture(scope="session")
def acled_official() -> list[str]:
    """ACLED's export columns in ACLED's order."""
    return ACLED_COLUMNS
