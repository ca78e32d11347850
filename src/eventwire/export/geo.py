"""Country code and name look-ups for exports and pages (tables in the TSV files here)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..rules import read_table

HERE = Path(__file__).parent


def table_rows(name: str) -> list[dict[str, str]]:
    """The rows of a TSV table in this folder."""
    return read_table(HERE / name)


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    return {r["iso3"]: r["fips"] for r in table_rows("fips.tsv")}


@lru_cache(maxsize=1)
def _fips_places() -> list[dict[str, str]]:
    return table_rows("fips_places.tsv")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {r["iso3"]: r["name"] for r in table_rows("country_names.tsv")}


@lru_cache(maxsize=512)
def _country(iso3: str):
    import pycountry  # here, not at the top: the CLI imports every exporter just to list them

    return pycountry.countries.get(alpha_3=iso3)


def is_country(code: str | None) -> bool:
    """True for an ISO 3166 alpha-3 country code (not IGO, NGO, ...)."""
    return bool(code) and len(code) == 3 and (_country(code.upper()) is not None or code.upper() == "XKX")


def country_name(code: str | None) -> str | None:
    """A readable name for an ISO alpha-3 code or a group code (IGO); None when unknown."""
    if not code:
        return None
    code = code.upper()
    if code in _names():
        return _names()[code]
    found = _country(code) if len(code) == 3 else None
    if found is None:
        return None
    return getattr(found, "common_name", None) or found.name


def iso2(code: str | None) -> str | None:
    found = _country(code.upper()) if code and len(code) == 3 else None
    return found.alpha_2 if found else ("XK" if code and code.upper() == "XKX" else None)


def fips_country(iso3: str | None, *, admin1: str | None = None, name: str | None = None) -> str:
    """FIPS 10-4 code for a place in a country ("" when there is none)."""
    if not iso3:
        return ""
    iso3 = iso3.upper()
    rules = [r for r in _fips_places() if r["iso3"] == iso3]
    if rules:
        text = " ".join(x for x in (name, admin1) if x).casefold()
        for rule in rules:
            if rule["admin1"] and admin1 and admin1.upper() == rule["admin1"]:
                return rule["fips"]
            if rule["name_contains"] and rule["name_contains"] in text:
                return rule["fips"]
            if not rule["admin1"] and not rule["name_contains"]:
                return rule["fips"]
    return _fips().get(iso3, "")
