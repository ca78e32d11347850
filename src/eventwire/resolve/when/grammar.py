"""Find time expressions in a sentence with the patterns of ``rules.yaml``.

Scanning is plain text (no parse needed), so it is cheap and testable alone;
the parse only helps to accept ambiguous matches ("May" needs spaCy's DATE
label or a word like "in" before it) and, later, to decide the tense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...rules import read_rules

HERE = Path(__file__).parent
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: placeholder -> the word list of rules.yaml it stands for
WORD_LISTS = {
    "month": "months", "weekday": "weekdays", "tod": "times_of_day", "day_word": "day_words",
    "shift": "shifts", "part": "parts", "season": "seasons", "ordinal": "ordinals",
    "number_word": "number_words", "unit": "units", "reference": "references", "holiday": "holidays",
}
#: numeric entities that veto an ambiguous match ("of 2000 troops" is not a year)
NUMERIC_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    accept: tuple[str, ...] = ()


@dataclass
class Rules:
    """The parsed rules file: word lists (lower-case phrase -> value) and compiled patterns."""

    words: dict[str, dict[str, object]]
    patterns: list[Pattern]
    context_words: tuple[str, ...]
    ambiguous_words: frozenset[str]
    historical_after_days: int
    tense: dict[str, frozenset[str]]

    def lookup(self, placeholder: str, text: str) -> object:
        """The value of a matched word ("Sept." -> 9, "the end of" -> "END")."""
        key = " ".join(text.lower().rstrip(".").split())
        return self.words[WORD_LISTS[placeholder]].get(key)


@dataclass
class RawMatch:
    """One pattern match: where it is and what its named groups caught."""

    name: str
    start: int
    end: int
    text: str
    groups: dict[str, str] = field(default_factory=dict)
    accept: tuple[str, ...] = ()


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


def _flatten(name: str, table: object) -> dict[str, object]:
    if name == "references":  # {REF: [phrases]} -> {phrase: REF}
        return {p.lower(): ref for ref, phrases in table.items() for p in phrases}
    if name == "holidays":
        return {str(k).lower(): tuple(v) for k, v in table.items()}
    return {str(k).lower(): v for k, v in table.items()}


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = read_rules(HERE / "rules.yaml", WORD_LISTS.values())
    words = {name: _flatten(name, data[name]) for name in WORD_LISTS.values()}

    def expand(m: re.Match[str]) -> str:
        placeholder = m.group(1)
        table = words[WORD_LISTS[placeholder]]
        return f"(?P<{placeholder}>{_alternation(list(table))})"

    patterns = [
        Pattern(p["name"], re.compile(_PLACEHOLDER.sub(expand, p["regex"]), re.IGNORECASE), tuple(p.get("accept", ())))
        for p in data["patterns"]
    ]
    return Rules(
        words=words,
        patterns=patterns,
        context_words=tuple(sorted((w.lower() for w in data["context_words"]), key=len, reverse=True)),
        ambiguous_words=frozenset(w.lower() for w in data["ambiguous_words"]),
        historical_after_days=int(data["historical_after_days"]),
        tense={k: frozenset(str(w) if k.endswith("_tags") else str(w).lower() for w in v)
               for k, v in data["tense"].items()},
    )


def scan(text: str) -> list[RawMatch]:
    """Every match of every pattern (overlapping; ``select`` picks among them)."""
    found: list[RawMatch] = []
    for pattern in rules().patterns:
        for m in pattern.regex.finditer(text):
            if m.end() == m.start():
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append(RawMatch(pattern.name, m.start(), m.end(), m.group(0), groups, pattern.accept))
    return found


def _preceded_by_context(text: str, start: int, words: tuple[str, ...]) -> bool:
    before = " ".join(text[max(0, start - 24) : start].lower().split())
    return any(before == w or before.endswith(" " + w) for w in words)


def _capitalised(match: RawMatch) -> bool:
    return any(w[:1].isupper() for w in re.findall(r"[A-Za-z]+", match.text))


def acceptable(match: RawMatch, text: str, date_spans: list[tuple[int, int]],
               numeric_spans: list[tuple[int, int]] = ()) -> bool:
    """Whether an ambiguous match is kept (see ``accept`` in rules.yaml)."""
    r = rules()
    bare = " ".join(match.text.lower().rstrip(".").split())
    ambiguous = bare in r.ambiguous_words
    if not match.accept and not ambiguous:
        return True
    entity = any(s < match.end and match.start < e for s, e in date_spans)
    if not entity and any(s < match.end and match.start < e for s, e in numeric_spans):
        return False
    context = _preceded_by_context(text, match.start, r.context_words) or "part" in match.groups
    if ambiguous:  # "may" and "march" are months only when capitalised and dated by the parse or a preposition
        return match.text[:1].isupper() and (entity or context)
    checks = {"entity": entity, "context": context, "capitalised": _capitalised(match)}
    return any(checks.get(cond, False) for cond in match.accept)


def select(matches: list[RawMatch]) -> list[RawMatch]:
    """Non-overlapping matches, longest first (then earlier pattern), in text order."""
    order = {p.name: i for i, p in enumerate(rules().patterns)}
    ranked = sorted(matches, key=lambda m: (-(m.end - m.start), order[m.name], m.start))
    chosen: list[RawMatch] = []
    for m in ranked:
        if all(m.end <= c.start or c.end <= m.start for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)
