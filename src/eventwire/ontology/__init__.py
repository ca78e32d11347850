"""Ontology tables (PLOVER, CAMEO, Goldstein, ACLED) loaded from the TSV files beside this module."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..rules import read_table

HERE = Path(__file__).parent


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str
    plover_mode: str | None


@dataclass(frozen=True)
class PloverType:
    event: str
    default_cameo: str
    modes: tuple[str, ...]
    definition: str


#: the four quad classes a CAMEO root falls into (``quad_class``), by number
QUAD_NAMES: dict[int, str] = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def quad_class(root: str) -> int:
    """1 verbal cooperation (01-05), 2 material cooperation (06-08),
    3 verbal conflict (09-13), 4 material conflict (14-20)."""
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def pentaclass(root: str) -> int:
    """0 statements (01-02), 1 verbal cooperation (03-05), 2 material cooperation
    (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20)."""
    r = int(root)
    return 0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


@lru_cache(maxsize=1)
def _cameo() -> dict[str, CameoCode]:
    table = {}
    for row in read_table(HERE / "cameo.tsv"):
        code = row["code"]
        table[code] = CameoCode(
            code=code, name=row["name"], root=code[:2], quad_class=quad_class(code[:2]),
            goldstein=float(row["goldstein"]), plover=row["plover"], plover_mode=row["mode"] or None,
        )
    return table


@lru_cache(maxsize=1)
def _plover() -> dict[str, PloverType]:
    return {
        row["event"]: PloverType(row["event"], row["default_cameo"], tuple(row["modes"].split()), row["definition"])
        for row in read_table(HERE / "plover.tsv")
    }


def _acled():
    """The rows of acled.tsv (see ``ontology.acled``)."""
    from .acled import rows

    return rows()


PLOVER_TYPES: tuple[str, ...] = tuple(_plover())


def cameo(code: str) -> CameoCode | None:
    """The CAMEO code, or its nearest known parent ("1952" -> "195" -> "19")."""
    table = _cameo()
    while code:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def plover_type(event: str) -> PloverType:
    return _plover()[event]


def plover_modes(event: str) -> tuple[str, ...]:
    return _plover()[event].modes


def cameo_for_plover(event: str, mode: str | None = None) -> CameoCode:
    """The most typical CAMEO code for a PLOVER type (and mode when given)."""
    if mode:
        for code in _cameo().values():
            if code.plover == event and code.plover_mode == mode and len(code.code) == 3:
                return code
    found = cameo(_plover()[event].default_cameo)
    assert found is not None, f"plover.tsv names an unknown default CAMEO code for {event}"
    return found


def acled_for(event: str, mode: str | None = None, hints: Iterable[str] = (), actor_sector: str | None = None,
              recipient_sector: str | None = None, *, actor_kind: str | None = None,
              recipient_kind: str | None = None) -> tuple[str, str] | None:
    """ACLED (event type, sub-event type) for one PLOVER event on its own, or None when none applies.

    The actors' types matter because ACLED types by who does what to whom: an
    attack on civilians is "Violence against civilians", the same attack on
    soldiers an "Armed clash", by a mob "Mob violence". The resolve stage types
    whole ACLED events (every event and sentence that reports one) with the same
    table; this is the reading of a single event.
    """
    from .acled import acled_type, kind_of

    keys = {k for k in (mode, *hints) if k}
    if event == "PROTEST" and mode != "riot":
        keys.add("protest")
    actor = kind_of(actor_kind, actor_sector) or "none"
    target = kind_of(recipient_kind, recipient_sector) or "none"
    found = acled_type([event], keys, actor, target)
    return (found[0], found[1]) if found else None
