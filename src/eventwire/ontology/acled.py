"""ACLED's typing, as data: event types from acled.tsv, features from acled_words.yaml, actor types.

ACLED codes an event by what happened, by what means and between whom: a
battle needs two organised armed sides, the same killing by a mob is mob
violence and by gunmen an attack on civilians, a grenade or a shell makes it
an explosion. ``acled_type`` reads one ACLED event (the keys found in its
events and sentences, and the types of its two sides) against the rows of
acled.tsv; ``features_in`` finds the keys in text; ``inter_code`` and
``side_name`` give ACLED's actor type code and an ACLED-style name of a side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..rules import RulesError, read_numbered_table, read_rules

HERE = Path(__file__).parent

#: ACLED's actor type codes (inter1 / inter2); 0 is "no second actor"
INTER = {"state": 1, "rebel": 2, "political militia": 3, "identity militia": 4, "rioters": 5, "protesters": 6,
         "civilians": 7, "external": 8}
ARMED = frozenset({"state", "external", "rebel", "political militia", "identity militia"})
NONSTATE = frozenset({"rebel", "political militia", "identity militia"})
UNARMED = frozenset({"rioters", "protesters", "civilians", "party"})
SIDE_CLASSES = {"armed": ARMED, "nonstate": NONSTATE, "unarmed": UNARMED}
KINDS = frozenset(INTER) | {"party"}

#: the ACLED actor type a CAMEO sector usually is; a word can say otherwise (actors/sectors.tsv "kind")
KIND_OF_SECTOR = {
    "GOV": "state", "MIL": "state", "COP": "state", "SPY": "state", "JUD": "state", "LEG": "state",
    "REB": "rebel", "UAF": "political militia", "CRM": "political militia", "OPP": "protesters",
    "PTY": "party", "IGO": "civilians",
    "CVL": "civilians", "AGR": "civilians", "EDU": "civilians", "LAB": "civilians", "MED": "civilians",
    "REL": "civilians", "HLH": "civilians", "BUS": "civilians", "REF": "civilians", "NGO": "civilians",
    "ELI": "civilians", "SET": "civilians",
}

#: ACLED's names of a country's state forces by sector ("Police Forces of Kenya")
_STATE_NAMES = {"COP": "Police Forces of {}", "GOV": "Government of {}", "JUD": "Government of {}",
                "LEG": "Government of {}", "SPY": "Military Forces of {}"}
_GENERIC_NAMES = {"rioters": "Rioters ({})", "protesters": "Protesters ({})", "civilians": "Civilians ({})",
                  "political militia": "Unidentified Armed Group ({})",
                  "identity militia": "Unidentified Communal Militia ({})", "rebel": "Rebels ({})",
                  "party": "Party supporters ({})"}


@dataclass(frozen=True)
class AcledRow:
    """One row of acled.tsv (``line`` for messages and the table-driven test)."""

    line: int
    event: str
    keys: tuple[str, ...]  # "&"-joined conditions; "!key" is "not key"
    actor: str
    target: str
    acled_type: str
    acled_subtype: str

    def matches(self, events: Iterable[str], keys: set[str], actor: str, target: str) -> bool:
        if self.event != "*" and self.event not in set(events):
            return False
        for key in self.keys:
            if key.startswith("!") and key[1:] in keys or not key.startswith("!") and key != "*" and key not in keys:
                return False
        return _side_fits(self.actor, actor) and _side_fits(self.target, target)


def _side_fits(pattern: str, side: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("!"):
        return not _side_fits(pattern[1:], side)
    return any(side == p or side in SIDE_CLASSES.get(p, ()) for p in pattern.split("|"))


@lru_cache(maxsize=1)
def rows() -> list[AcledRow]:
    out = []
    for line, r in read_numbered_table(HERE / "acled.tsv"):
        out.append(AcledRow(line, r["event"], tuple(k for k in r["keys"].split("&") if k), r["actor"], r["target"],
                            r["acled_type"], r["acled_subtype"]))
    for row in out:
        for side in (row.actor, row.target):
            for p in side.lstrip("!").split("|"):
                if p not in ("*", "none") and p not in KINDS and p not in SIDE_CLASSES:
                    raise RulesError(f"acled.tsv line {row.line}: unknown actor type {p!r}")
    return out


def acled_type(events: Iterable[str], keys: set[str], actor: str = "none", target: str = "none"
               ) -> tuple[str, str, AcledRow] | None:
    """(event type, sub-event type, the row that decided) for one ACLED event, or None.

    ``events`` are the PLOVER types of its events, ``keys`` their modes, hints and
    features, ``actor`` / ``target`` the ACLED types of its two sides ("none" when
    a side is unknown).
    """
    events = list(events)
    for row in rows():
        if row.matches(events, keys, actor, target):
            return row.acled_type, row.acled_subtype, row
    return None


@dataclass(frozen=True)
class Words:
    features: dict[str, re.Pattern[str]]
    armed_targets: re.Pattern[str]
    civilian_targets: re.Pattern[str]
    property: re.Pattern[str]
    coded_as: re.Pattern[str]
    coded_elsewhere: re.Pattern[str]
    split: re.Pattern[str]
    single_death: re.Pattern[str]
    attack_on_armed: re.Pattern[str]


def _alternatives(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def words() -> Words:
    d = read_rules(HERE / "acled_words.yaml", ("features", "armed_targets", "civilian_targets", "property",
                                                "fatalities_coded_as", "fatalities_elsewhere", "fatalities_split",
                                                "single_death", "attack_on_armed"))
    return Words(
        features={name: _alternatives(patterns) for name, patterns in d["features"].items()},
        armed_targets=_alternatives(d["armed_targets"]),
        civilian_targets=_alternatives(d["civilian_targets"]),
        property=_alternatives(d["property"]),
        coded_as=re.compile(d["fatalities_coded_as"], re.IGNORECASE),
        coded_elsewhere=re.compile(d["fatalities_elsewhere"], re.IGNORECASE),
        split=re.compile(d["fatalities_split"], re.IGNORECASE),
        single_death=re.compile(d["single_death"], re.IGNORECASE),
        attack_on_armed=re.compile(d["attack_on_armed"], re.IGNORECASE),
    )


def features_in(text: str) -> dict[str, str]:
    """The features of acled_words.yaml found in ``text``, each with the words that showed it."""
    found = {}
    for name, pattern in words().features.items():
        m = pattern.search(text)
        if m:
            found[name] = m.group(0)
    return found


def kind_of(kind: str | None, sector: str | None, code: str | None = None) -> str | None:
    """An actor's ACLED type: its own, else its sector's usual one; a country with no sector is its state.

    An international body's forces (UN peacekeepers) are external forces; the body
    itself and its staff (observers, agencies) are civilians to ACLED.
    """
    if kind:
        return kind
    if code == "IGO" and sector in ("MIL", "COP"):
        return "external"
    if sector == "IGO":
        return "civilians"
    if sector:
        return KIND_OF_SECTOR.get(sector)
    if code and len(code) == 3 and code.isalpha() and code not in ("IGO", "NGO", "IMG"):
        return "state"
    return None


def side_type(kind: str | None, country: str | None, event_country: str | None) -> str:
    """The type a side has in this event: a state's forces outside their own country are external."""
    if kind is None:
        return "none"
    if kind == "state" and country and event_country and country != event_country:
        return "external"
    return kind


def inter_code(side: str) -> int:
    """ACLED's inter code of a side's type (0 when there is no such side; a party's supporters are militia)."""
    if side == "party":
        return 3
    return INTER.get(side, 0)


def side_name(side: str, country_name: str | None, sector: str | None = None, name: str | None = None) -> str | None:
    """An ACLED-style name for a side: the group's own name, else "Police Forces of Kenya", "Rioters (Benin)"."""
    if side == "none":
        return None
    if name and side not in ("state", "civilians", "rioters", "protesters"):
        return name
    if side in ("state", "external") and country_name:
        return _STATE_NAMES.get(sector or "", "Military Forces of {}").format(country_name)
    if side in _GENERIC_NAMES:
        return _GENERIC_NAMES[side].format(country_name) if country_name else _GENERIC_NAMES[side].split(" (")[0]
    return name


__all__ = ["ARMED", "INTER", "KIND_OF_SECTOR", "AcledRow", "acled_type", "features_in", "inter_code", "kind_of",
           "rows", "side_name", "side_type", "words"]
