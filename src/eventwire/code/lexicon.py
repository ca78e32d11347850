"""The trigger lexicon (verbs.tsv, nouns.tsv) and what each trigger codes to."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import ontology

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Trigger:
    words: tuple[str, ...]  # lemma first, then particle/preposition/object words
    cameo: ontology.CameoCode
    hints: tuple[str, ...]
    recipients: tuple[str, ...]  # "dobj", prepositions, "subj-conj"
    kind: str  # verb | noun
    governors: frozenset[str] = frozenset()  # nouns: verbs that must govern them, if any

    @property
    def rule(self) -> str:
        return f"{self.kind}:{' '.join(self.words)}"


def _read(name: str, kind: str) -> dict[str, list[Trigger]]:
    table: dict[str, list[Trigger]] = {}
    with open(HERE / name, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        code = ontology.cameo(row["cameo"])
        if code is None:
            raise ValueError(f"{name}: unknown CAMEO code {row['cameo']!r} for {row['trigger']!r}")
        words = tuple(row["trigger"].split())
        recip = row.get("recip") or row.get("prep") or ""
        trigger = Trigger(words, code, tuple(filter(None, (row["hints"] or "").split("|"))),
                          tuple(filter(None, recip.split("|"))), kind,
                          frozenset(filter(None, (row.get("governors") or "").split("|"))))
        table.setdefault(words[0], []).append(trigger)
    for triggers in table.values():
        triggers.sort(key=lambda t: -len(t.words))  # multiword triggers first
    return table


@lru_cache(maxsize=1)
def verbs() -> dict[str, list[Trigger]]:
    return _read("verbs.tsv", "verb")


@lru_cache(maxsize=1)
def nouns() -> dict[str, list[Trigger]]:
    table = _read("nouns.tsv", "noun")
    # "air strike" is looked up by its head noun "strike"
    for key, triggers in list(table.items()):
        for t in triggers:
            if len(t.words) > 1:
                table.setdefault(t.words[-1], []).insert(0, t)
    return table
