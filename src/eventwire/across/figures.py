"""Figures of one merged event: which report gave which figure, and when.

Two figures of the same kind disagree unless they can both be true (an
exact 31 and "at least 12"; "about 30" and 31). Reports of different days
are different moments: a later figure is an *update* of the event, shown as
its evolution, and the latest figure is the event's figure. Only reports of
the same day can contradict each other (see ``contradictions``). The
qualifier lists live in ``contradictions.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..model import ContradictionSide, Count, Event, Update
from ..rules import read_rules

HERE = Path(__file__).parent


class MentionView(Protocol):
    """What figures need of a mention (``merge.MentionView`` is one)."""

    event: Event
    source: str | None
    published: str | None

    @property
    def id(self) -> str: ...


@dataclass(frozen=True)
class FigureRules:
    lower_bounds: frozenset[str]
    upper_bounds: frozenset[str]
    approximate: frozenset[str]
    approximate_tolerance: float
    vague: frozenset[str]


@lru_cache(maxsize=1)
def figure_rules() -> FigureRules:
    d = read_rules(HERE / "contradictions.yaml", (
        "lower_bound_qualifiers", "upper_bound_qualifiers", "approximate_qualifiers", "approximate_tolerance",
        "vague_qualifiers",
    ))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(q).casefold() for q in d[key])

    return FigureRules(words("lower_bound_qualifiers"), words("upper_bound_qualifiers"),
                       words("approximate_qualifiers"), float(d["approximate_tolerance"]), words("vague_qualifiers"))


def _q(c: Count) -> str:
    return (c.qualifier or "").casefold()


def usable(c: Count, rules: FigureRules | None = None) -> bool:
    """A figure that can be compared: a number, not an upper bound, not a vague quantity."""
    rules = rules or figure_rules()
    return c.number is not None and _q(c) not in rules.upper_bounds and _q(c) not in rules.vague


def figures_disagree(a: Count, b: Count, rules: FigureRules | None = None) -> bool:
    """Both figures cannot be true of the same thing at the same time."""
    rules = rules or figure_rules()
    if not usable(a, rules) or not usable(b, rules) or a.number == b.number:
        return False
    low_a, low_b = _q(a) in rules.lower_bounds, _q(b) in rules.lower_bounds
    if low_a and low_b:
        return False  # two minimums never contradict
    approximate = _q(a) in rules.approximate or _q(b) in rules.approximate
    slack = rules.approximate_tolerance * max(a.number, b.number) if approximate else 0
    if low_a:
        return b.number + slack < a.number  # "at least 12" vs 5
    if low_b:
        return a.number + slack < b.number
    return abs(a.number - b.number) > slack


def count_value(c: Count) -> str:
    return f"{c.qualifier} {c.number}" if c.qualifier else str(c.number)


def report_day(m: MentionView) -> str | None:
    return m.published[:10] if m.published else None


def side(value: str, m: MentionView, attribution: str | None = None) -> ContradictionSide:
    ev = m.event
    first = ev.evidence[0] if ev.evidence else None
    return ContradictionSide(
        value=value, event_id=ev.id, article_id=first.article_id if first else None, source=m.source,
        attribution=attribution or ev.attribution, sentence=first.sentence if first else "",
        published=report_day(m), date=ev.date,
    )


def _by_kind(members: Sequence[MentionView]) -> dict[str, list[tuple[Count, MentionView]]]:
    rules = figure_rules()
    out: dict[str, list[tuple[Count, MentionView]]] = {}
    for m in members:
        for c in m.event.counts:
            if usable(c, rules):
                out.setdefault(c.kind, []).append((c, m))
    return out


def _day_figures(reports: list[tuple[Count, MentionView]]) -> list[tuple[str, Count, MentionView]]:
    """The figure of each report day (the largest given that day), oldest day first."""
    best: dict[str, tuple[Count, MentionView]] = {}
    for c, m in reports:
        day = report_day(m)
        if day is None:
            continue
        if day not in best or (c.number, m.id) > (best[day][0].number, best[day][1].id):
            best[day] = (c, m)
    return [(day, *best[day]) for day in sorted(best)]


def figure_updates(members: Sequence[MentionView]) -> list[Update]:
    """Per count kind, the figures of successive report days when they changed."""
    updates = []
    for kind, reports in sorted(_by_kind(members).items()):
        steps: list[ContradictionSide] = []
        last: int | None = None
        for _, c, m in _day_figures(reports):
            if c.number != last:
                steps.append(side(count_value(c), m, c.source))
                last = c.number
        if len(steps) > 1:
            updates.append(Update(subject=kind, steps=steps))
    return updates


def latest_counts(members: Sequence[MentionView]) -> list[Count]:
    """One figure per kind: the latest report day's (the largest that day); undated reports only
    when no dated one gives the kind; kinds with no usable figure keep their first count."""
    order: list[str] = []
    every: dict[str, list[Count]] = {}
    for m in members:
        for c in m.event.counts:
            if c.kind not in every:
                order.append(c.kind)
            every.setdefault(c.kind, []).append(c)
    usable_by_kind = _by_kind(members)
    out = []
    for kind in order:
        reports = usable_by_kind.get(kind, [])
        dated = _day_figures(reports)
        if dated:
            out.append(dated[-1][1])
        elif reports:
            out.append(max((c for c, _ in reports), key=lambda c: c.number or 0))
        else:
            out.append(every[kind][0])
    return out
