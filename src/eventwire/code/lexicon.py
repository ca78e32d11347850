"""The trigger lexicon (verbs.tsv, nouns.tsv) and the grammar lists (patterns.yaml).

A ``Trigger`` is one row of the lexicon: the words that must be present, the
CAMEO code, and the PLOVER type and mode (the CAMEO code's, unless the row
overrides them). Rows whose CAMEO column is "-" name patterns that are not
events ("signed a law"), so ``explain`` can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import ontology
from ..rules import read_numbered_table, read_rules

HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def grammar() -> dict:
    """patterns.yaml with its word lists as sets (classes and tables kept as they are)."""
    data = read_rules(HERE / "patterns.yaml", ("threshold", "confidence"))
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = set(value)
    for table in ("object_classes", "modifier_classes", "sector_groups"):
        data[table] = {name: frozenset(words) for name, words in data[table].items()}
    for name, spec in data["compose"].items():
        spec["words"] = set(spec["words"])
    return data


@lru_cache(maxsize=1)
def compose_words() -> dict[str, str]:
    """Wrapper word -> its composition class (patterns.yaml ``compose``): "refuse" -> "refusal"."""
    return {w: name for name, spec in grammar()["compose"].items() for w in spec["words"]}


def word_class(name: str, modifiers: bool = False) -> frozenset[str]:
    """Members of an @class: object classes (verb patterns) or modifier classes (noun rows) first."""
    g = grammar()
    tables = ("modifier_classes", "object_classes") if modifiers else ("object_classes", "modifier_classes")
    found = g[tables[0]].get(name) or g[tables[1]].get(name)
    if found is None:
        raise ValueError(f"unknown word class @{name} (patterns.yaml)")
    return found


@dataclass(frozen=True)
class Trigger:
    words: tuple[str, ...]  # lemma first, then particle/preposition/object words (@class allowed)
    cameo: ontology.CameoCode | None  # None: a pattern that is not an event
    event: str
    mode: str | None
    hints: tuple[str, ...]
    recipients: tuple[str, ...]  # "dobj", prepositions, "subj-conj"
    kind: str  # verb | noun
    governors: frozenset[str] = frozenset()  # nouns: verbs that must govern them, if any
    modifiers: frozenset[str] = frozenset()  # nouns: modifier lemmas one of which must be present, if any
    conditions: tuple[str, ...] = ()  # verbs: subj=GROUP, subj!=GROUP, intrans, noxcomp, req
    line: int = 0

    @property
    def rule(self) -> str:
        return f"{self.kind}:{' '.join(self.words)}"

    @property
    def is_event(self) -> bool:
        return self.cameo is not None

    @property
    def reciprocal(self) -> bool:
        return "subj-conj" in self.recipients or "reciprocal" in self.hints


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    return read_numbered_table(HERE / name)


def _split(value: str) -> tuple[str, ...]:
    return tuple(filter(None, (value or "").split("|")))


def _members(values: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for v in values:
        out |= word_class(v[1:], modifiers=True) if v.startswith("@") else {v}
    return frozenset(out)


def _trigger(name: str, line: int, row: dict[str, str], kind: str, words: tuple[str, ...]) -> Trigger:
    if row["cameo"] == "-":
        code, event, mode = None, "", None
    else:
        code = ontology.cameo(row["cameo"])
        if code is None:
            raise ValueError(f"{name}:{line}: unknown CAMEO code {row['cameo']!r} for {row['trigger']!r}")
        event = row.get("event") or code.plover
        mode = row.get("mode") or (code.plover_mode if event == code.plover else None)
        if event not in ontology.PLOVER_TYPES:
            raise ValueError(f"{name}:{line}: unknown PLOVER type {event!r}")
        if mode and mode not in ontology.plover_modes(event):
            raise ValueError(f"{name}:{line}: {mode!r} is not a PLOVER mode of {event}")
    for w in words[1:]:
        if w.startswith("@"):
            word_class(w[1:])  # fail early on a typo
    return Trigger(
        words=words, cameo=code, event=event, mode=mode, hints=_split(row.get("hints", "")),
        recipients=_split(row.get("recip") or row.get("prep") or ""), kind=kind,
        governors=frozenset(_split(row.get("governors", ""))), modifiers=_members(_split(row.get("modifiers", ""))),
        conditions=tuple((row.get("when") or "").split()), line=line,
    )


@lru_cache(maxsize=1)
def verbs() -> dict[str, list[Trigger]]:
    """Verb triggers by lemma, most specific first (more words, then conditions, then file order;
    an exclusion with conditions before an event row with conditions)."""
    table: dict[str, list[Trigger]] = {}
    for line, row in _rows("verbs.tsv"):
        words = tuple(row["trigger"].split())
        table.setdefault(words[0], []).append(_trigger("verbs.tsv", line, row, "verb", words))
    for options in table.values():
        # literal words before @classes ("lift curfew" before "lift @sanctions"); among rows with
        # conditions, the exclusions ("call" naming someone something is no call) before the events
        options.sort(key=lambda t: (-len(t.words), -bool(t.conditions), sum(w.startswith("@") for w in t.words),
                                    bool(t.conditions) and t.is_event, t.line))
    return table


@lru_cache(maxsize=1)
def nouns() -> dict[str, list[Trigger]]:
    """Noun triggers by head lemma; multiword rows ("air strike") first, then rows with modifiers,
    governors or conditions ("request for comment"), then file order."""
    table: dict[str, list[Trigger]] = {}
    for line, row in _rows("nouns.tsv"):
        text = row["trigger"]
        heads = sorted(word_class(text[1:])) if text.startswith("@") else [text]
        for head in heads:
            words = tuple(head.split())
            trigger = _trigger("nouns.tsv", line, row, "noun", words)
            table.setdefault(words[-1], []).append(trigger)
            if "-" in words[-1] and len(words) == 1:
                # "cease-fire" is tokenised "cease - fire": also look it up by its last part
                table.setdefault(words[-1].split("-")[-1], []).append(trigger)
    for options in table.values():
        # rows that name their modifiers, governors or conditions before the plain row of the same words
        options.sort(key=lambda t: (-len(t.words), not (t.modifiers or t.governors or t.conditions), t.line))
    return table
