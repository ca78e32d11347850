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


@lru_cache(maxsize=1)
def _admin1s() -> dict[str, dict[str, tuple[str, str]]]:
    """ISO alpha-2 -> {an admin1's name or GeoNames code, casefolded: (code, name)}, from the
    place resolver's gazetteer (names win over codes when one text is both)."""
    from ..resolve.where.gazetteer import load_gazetteer  # here: loading it takes a second

    known = [(cc, code, name) for (cc, code), name in load_gazetteer().admin1_names.items() if code]
    table: dict[str, dict[str, tuple[str, str]]] = {cc: {} for cc, _, _ in known}
    for cc, code, name in known:
        table[cc].setdefault(name.casefold(), (code, name))
    for cc, code, name in known:
        table[cc].setdefault(code.casefold(), (code, name))
    return table


def _looks_like_code(text: str) -> bool:
    """A GeoNames admin1 code as the resolver may write it: 1-3 letters or digits, not a word ("01", "GZ")."""
    return len(text) <= 3 and text.isalnum() and (text.isdigit() or text.isupper())


def admin1_of(iso3: str | None, admin1: str | None) -> tuple[str | None, str | None]:
    """(GeoNames admin1 code, admin1 name) of a place's admin1, which the resolver writes as a name
    ("T'bilisi") or a code ("GZ"); a part the gazetteer does not know is None (the name of an
    unknown admin1 is the text itself unless it is a code)."""
    text = (admin1 or "").strip()
    if not text:
        return None, None
    found = _admin1s().get(iso2(iso3) or "", {}).get(text.casefold())
    if found:
        return found
    return (text, None) if _looks_like_code(text) else (None, text)


@lru_cache(maxsize=1)
def _not_fips_admin1() -> frozenset[str]:
    return frozenset(r["iso3"] for r in table_rows("fips_admin1.tsv"))


def fips_adm1(iso3: str | None, admin1: str | None, fips: str) -> str:
    """GDELT's ADM1 code of a place: its FIPS country code and the FIPS 10-4 admin1 code ("GM16");
    the FIPS country code alone when the admin1 is unknown or its GeoNames code is not the FIPS one."""
    code = admin1_of(iso3, admin1)[0]
    if not fips or not code or (iso3 or "").upper() in _not_fips_admin1():
        return fips
    return fips + code


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
