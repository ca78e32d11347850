"""Contradictions: sources that disagree about one merged event.

Three kinds, each found among the mentions of one merged event that come
from different sources (different original articles, and different sites
when both are known): different figures for the same count kind ("at least
12" killed vs "31" killed), different stated dates beyond their precision
(Sunday vs Saturday), and an event asserted by one source and denied by
another. Every side keeps its value, its source, the article id and the
evidence sentence. Thresholds live in ``contradictions.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Contradiction, ContradictionSide, Count, MergedEvent, stable_id
from ..rules import read_rules
from .merge import MentionView, date_interval

HERE = Path(__file__).parent


@dataclass(frozen=True)
class ContradictionRules:
    approximate_qualifiers: frozenset[str]
    approximate_tolerance: float
    claimed_date_bases: frozenset[str]


@lru_cache(maxsize=1)
def default_rules() -> ContradictionRules:
    data = read_rules(HERE / "contradictions.yaml", (
        "approximate_qualifiers", "approximate_tolerance", "claimed_date_bases",
    ))
    return ContradictionRules(
        approximate_qualifiers=frozenset(q.casefold() for q in data["approximate_qualifiers"]),
        approximate_tolerance=float(data["approximate_tolerance"]),
        claimed_date_bases=frozenset(data["claimed_date_bases"]),
    )


def different_sources(a: MentionView, b: MentionView) -> bool:
    """Two reports are independent when their original articles differ, and their
    sites too when both are known (an outlet updating its own figure is no dispute)."""
    if a.article_key == b.article_key:
        return False
    return not (a.source and b.source and a.source == b.source)


def figures_disagree(a: Count, b: Count, rules: ContradictionRules) -> bool:
    if a.number is None or b.number is None or a.number == b.number:
        return False
    approximate = any((c.qualifier or "").casefold() in rules.approximate_qualifiers for c in (a, b))
    if approximate:
        return abs(a.number - b.number) > rules.approximate_tolerance * max(a.number, b.number)
    return True


def _side(value: str, m: MentionView, attribution: str | None = None) -> ContradictionSide:
    ev = m.event
    first = ev.evidence[0] if ev.evidence else None
    return ContradictionSide(
        value=value, event_id=ev.id, article_id=first.article_id if first else None, source=m.source,
        attribution=attribution or ev.attribution, sentence=first.sentence if first else "",
    )


def _count_value(c: Count) -> str:
    return f"{c.qualifier} {c.number}" if c.qualifier else str(c.number)


def _pairs(members: Sequence[MentionView]):
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if different_sources(a, b):
                yield a, b


def _collect(merged: MergedEvent, kind: str, subject: str, sides: list[ContradictionSide]) -> Contradiction:
    unique: dict[tuple[str, str | None, str | None], ContradictionSide] = {}
    for s in sides:
        unique.setdefault((s.value, s.article_id, s.source), s)
    ordered = sorted(unique.values(), key=lambda s: (s.value, s.source or "", s.article_id or ""))
    return Contradiction(
        id=stable_id("contradiction", merged.id, kind, subject), merged_event_id=merged.id, kind=kind,
        subject=subject, sides=ordered,
    )


def count_contradictions(merged: MergedEvent, members: Sequence[MentionView], rules: ContradictionRules) -> list[Contradiction]:
    by_kind: dict[str, list[ContradictionSide]] = {}
    for a, b in _pairs(members):
        for ca in a.event.counts:
            for cb in b.event.counts:
                if ca.kind == cb.kind and figures_disagree(ca, cb, rules):
                    by_kind.setdefault(ca.kind, []).extend(
                        [_side(_count_value(ca), a, ca.source), _side(_count_value(cb), b, cb.source)]
                    )
    return [_collect(merged, "count", kind, sides) for kind, sides in sorted(by_kind.items())]


def date_contradictions(merged: MergedEvent, members: Sequence[MentionView], rules: ContradictionRules) -> list[Contradiction]:
    claimed = [m for m in members if m.event.date and m.event.date_basis in rules.claimed_date_bases]
    sides: list[ContradictionSide] = []
    for a, b in _pairs(claimed):
        ia, ib = date_interval(a.event, slack=False), date_interval(b.event, slack=False)
        if ia and ib and (ia[1] < ib[0] or ib[1] < ia[0]):
            sides += [_side(a.event.date or "", a), _side(b.event.date or "", b)]
    return [_collect(merged, "date", "date", sides)] if sides else []


def negation_contradictions(merged: MergedEvent, members: Sequence[MentionView]) -> list[Contradiction]:
    sides: list[ContradictionSide] = []
    for a, b in _pairs(members):
        if {a.event.modality, b.event.modality} == {"asserted", "negated"}:
            sides += [_side(a.event.modality, a), _side(b.event.modality, b)]
    return [_collect(merged, "negation", merged.event, sides)] if sides else []


def find_contradictions(
    merged: MergedEvent, members: Sequence[MentionView], rules: ContradictionRules | None = None
) -> list[Contradiction]:
    """Every disagreement between independent sources about one merged event."""
    rules = rules or default_rules()
    ordered = sorted(members, key=lambda m: m.sort_key)
    return (
        count_contradictions(merged, ordered, rules)
        + date_contradictions(merged, ordered, rules)
        + negation_contradictions(merged, ordered)
    )
