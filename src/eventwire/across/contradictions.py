"""Contradictions: independent sources that disagree about one merged event.

Only pairs of mentions that pass a stricter test than merging are compared:
the same event type, from independent sources (different original articles
of different outlets, or one article quoting two different sources), tied
by anchors of their own (the same named actor, town-level place, state
actor or figure; sharing an article or a stated day does not count). Then
only statements about the same thing at the same time disagree:

- count: different figures of the same kind that cannot both be true
  ("at least 12" and 31 can), reported on the same day; a report of another
  day is an update (``figures``), never a dispute; killed vs injured is
  never compared;
- date: two dates the texts state to the day, for the same occurrence, at
  least a day apart; a date that only comes from the article's publication
  date is no claim;
- negation: one source asserts the event, another denies it.

Each contradiction keeps both sides (value, outlet, article, sentence,
report date, stated date) and says why it was flagged. Thresholds live in
``contradictions.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Contradiction, ContradictionSide, MergedEvent, stable_id
from ..rules import read_rules
from . import days
from .figures import FigureRules, count_value, figure_rules, figures_disagree, report_day, side
from .merge import MentionView, MergeRules, _norm, anchor_kind, anchors, hard_compatible
from .merge import default_rules as merge_rules

HERE = Path(__file__).parent


@dataclass(frozen=True)
class ContradictionRules:
    figures: FigureRules
    claimed_date_bases: frozenset[str]
    claimed_date_precisions: frozenset[str]
    min_date_gap_days: int
    deictic_date_words: tuple[str, ...]
    strict_anchor_kinds: frozenset[str]
    min_strict_anchors: int


@lru_cache(maxsize=1)
def default_rules() -> ContradictionRules:
    data = read_rules(HERE / "contradictions.yaml", (
        "claimed_date_bases", "claimed_date_precisions", "min_date_gap_days", "strict_anchor_kinds",
        "min_strict_anchors",
    ))
    return ContradictionRules(
        figures=figure_rules(),
        claimed_date_bases=frozenset(data["claimed_date_bases"]),
        claimed_date_precisions=frozenset(data["claimed_date_precisions"]),
        min_date_gap_days=int(data["min_date_gap_days"]),
        deictic_date_words=tuple(" ".join(str(w).casefold().split()) for w in data.get("deictic_date_words", ())),
        strict_anchor_kinds=frozenset(data["strict_anchor_kinds"]),
        min_strict_anchors=int(data["min_strict_anchors"]),
    )


# --- which pairs may be compared ----------------------------------------------------------
def independent(a: MentionView, b: MentionView, said_a: str | None = None, said_b: str | None = None) -> bool:
    """Two independent reports: different original articles of different (or unknown) outlets,
    or one article giving two different sources (an outlet updating its own figure is no dispute)."""
    if a.article_key != b.article_key:
        return not (a.source and b.source and a.source == b.source)
    said_a, said_b = _norm(said_a or a.event.attribution), _norm(said_b or b.event.attribution)
    return bool(said_a and said_b and said_a != said_b)


def strict_anchors(a: MentionView, b: MentionView, rules: ContradictionRules, mrules: MergeRules,
                   without: tuple[str, ...] = ()) -> list[str] | None:
    """The anchors that make two mentions surely one event, or None when they are not enough
    (``without``: anchor kinds that cannot count, such as the figures being compared)."""
    if a.event.event != b.event.event or (a.event.mode or "") != (b.event.mode or ""):
        return None
    if not hard_compatible(a, b, mrules):
        return None
    found = [x for x in anchors(a, b, mrules)
             if anchor_kind(x) in rules.strict_anchor_kinds and anchor_kind(x) not in without]
    if len(found) < rules.min_strict_anchors or sum(mrules.weight(x) for x in found) < mrules.tie_score:
        return None
    return found


def _pairs(members: Sequence[MentionView]):
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            yield a, b


def _why(subject: str, a: ContradictionSide, b: ContradictionSide, tie: Sequence[str], moment: str) -> str:
    def one(s: ContradictionSide) -> str:
        who = s.source or "unknown outlet"
        if s.attribution:
            who += f", citing {s.attribution}"
        return f"{s.value} ({who}, reported {s.published or 'on an unknown day'})"

    return f"{subject}: {one(a)} vs {one(b)}; same event by {', '.join(tie)}; {moment}"


def _collect(merged: MergedEvent, kind: str, subject: str, found: list[tuple[ContradictionSide, ContradictionSide, str]]) \
        -> Contradiction:
    unique: dict[tuple[str, str | None, str | None], ContradictionSide] = {}
    for a, b, _ in found:
        for s in (a, b):
            unique.setdefault((s.value, s.article_id, s.source), s)
    ordered = sorted(unique.values(), key=lambda s: (s.value, s.source or "", s.article_id or ""))
    whys = list(dict.fromkeys(w for _, _, w in found))
    why = "; ".join(whys[:3]) + (f"; and {len(whys) - 3} more pairs" if len(whys) > 3 else "")
    return Contradiction(
        id=stable_id("contradiction", merged.id, kind, subject), merged_event_id=merged.id, kind=kind,
        subject=subject, sides=ordered, why=why,
    )


# --- the three kinds ----------------------------------------------------------------------------
def count_contradictions(merged: MergedEvent, members: Sequence[MentionView], rules: ContradictionRules,
                         mrules: MergeRules) -> list[Contradiction]:
    by_kind: dict[str, list[tuple[ContradictionSide, ContradictionSide, str]]] = {}
    for a, b in _pairs(members):
        day = report_day(a)
        if day is None or day != report_day(b):
            continue  # another day's figure is an update, not a dispute
        for ca in a.event.counts:
            for cb in b.event.counts:
                if ca.kind != cb.kind or not figures_disagree(ca, cb, rules.figures):
                    continue
                if not independent(a, b, ca.source, cb.source):
                    continue
                tie = strict_anchors(a, b, rules, mrules, without=("figure", "figure_kind"))
                if tie is None:
                    continue
                sa, sb = side(count_value(ca), a, ca.source), side(count_value(cb), b, cb.source)
                by_kind.setdefault(ca.kind, []).append((sa, sb, _why(ca.kind, sa, sb, tie, "reported the same day")))
    return [_collect(merged, "count", kind, found) for kind, found in sorted(by_kind.items())]


def _claimed_day(m: MentionView, rules: ContradictionRules):
    ev = m.event
    if ev.date_basis not in rules.claimed_date_bases or ev.date_precision not in rules.claimed_date_precisions:
        return None
    return days.bounds(ev.date)


def _deictic(m: MentionView, rules: ContradictionRules) -> bool:
    """The date is counted from the moment of publication ("yesterday", "today")."""
    text = " ".join((m.event.date_text or "").casefold().split())
    return any(f" {w} " in f" {text} " for w in rules.deictic_date_words)


def _same_speaker(a: MentionView, b: MentionView) -> bool:
    """Both mentions give the word of one person or body ("Trump" and "Donald Trump")."""
    sa, sb = _norm(a.event.attribution), _norm(b.event.attribution)
    if not sa or not sb:
        return False
    return sa == sb or f" {sa} " in f" {sb} " or f" {sb} " in f" {sa} "


def date_contradictions(merged: MergedEvent, members: Sequence[MentionView], rules: ContradictionRules,
                        mrules: MergeRules) -> list[Contradiction]:
    found = []
    for a, b in _pairs(members):
        ia, ib = _claimed_day(a, rules), _claimed_day(b, rules)
        if ia is None or ib is None:
            continue
        gap = days.gap_days(ia, ib)
        if gap < rules.min_date_gap_days or gap <= 1 and (_deictic(a, rules) or _deictic(b, rules)):
            continue
        if a.event.modality != "asserted" or b.event.modality != "asserted" or not independent(a, b):
            continue
        tie = strict_anchors(a, b, rules, mrules)
        if tie is None:
            continue
        sa, sb = side(a.event.date or "", a), side(b.event.date or "", b)
        found.append((sa, sb, _why("date", sa, sb, tie, "both state the day of the same occurrence")))
    return [_collect(merged, "date", "date", found)] if found else []


def negation_contradictions(merged: MergedEvent, members: Sequence[MentionView], rules: ContradictionRules,
                            mrules: MergeRules) -> list[Contradiction]:
    found = []
    for a, b in _pairs(members):
        if {a.event.modality, b.event.modality} != {"asserted", "negated"} or not independent(a, b):
            continue
        if _same_speaker(a, b):
            continue  # one speaker's own words ("you can't review 650,000 emails") are no dispute
        tie = strict_anchors(a, b, rules, mrules)
        if tie is None:
            continue
        sa, sb = side(a.event.modality, a), side(b.event.modality, b)
        found.append((sa, sb, _why(merged.event, sa, sb, tie, "one asserts what the other denies")))
    return [_collect(merged, "negation", merged.event, found)] if found else []


def find_contradictions(
    merged: MergedEvent, members: Sequence[MentionView], rules: ContradictionRules | None = None,
    merge: MergeRules | None = None,
) -> list[Contradiction]:
    """Every disagreement between independent sources about one merged event."""
    rules = rules or default_rules()
    merge = merge or merge_rules()
    ordered = sorted(members, key=lambda m: m.sort_key)
    return (
        count_contradictions(merged, ordered, rules, merge)
        + date_contradictions(merged, ordered, rules, merge)
        + negation_contradictions(merged, ordered, rules, merge)
    )

