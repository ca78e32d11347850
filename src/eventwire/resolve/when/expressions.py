"""Time expressions of one sentence, normalised against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .grammar import NUMERIC_LABELS, RawMatch, acceptable, scan, select
from .normalise import Resolved, normalise, range_end
from .periods import Period, parse_iso_date, safe_date
from .tense import FUTURE, PAST, UNKNOWN, direction, tokens_in

DATE_LABELS = {"DATE", "TIME"}
_RANGE_LINK = re.compile(r"^\s*(?:-|–|—|to|and|until|till|through|thru)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


@dataclass
class TimeExpression:
    """A time expression as found (offsets into the sentence) and what it means.

    ``period`` is None when the expression needs a publication date that is
    missing ("on Saturday" in an undated article): its date is unknown.
    ``basis`` is "explicit" when the text names the year, else "relative".
    A range ("between January 4 and February 7") keeps its last period in
    ``end_period`` and its two ends in ``parts``.
    """

    text: str
    start: int
    end: int
    kind: str
    period: Period | None
    basis: str
    mod: str | None = None
    direction: int = UNKNOWN
    end_period: Period | None = None
    parts: list["TimeExpression"] = field(default_factory=list)
    #: the most recent past reading of a yearless expression read as upcoming (None when the same)
    past: "TimeExpression | None" = None
    #: a bracketed restatement of the date before it: found, but it never dates an event itself
    elaborates: bool = False
    raw: RawMatch | None = field(default=None, repr=False, compare=False)

    @property
    def value(self) -> str | None:
        """TIMEX3 value ("2024-07-25", "2024-W31", "PAST_REF"); None when unknown."""
        return self.period.value() if self.period is not None else None

    @property
    def is_reference(self) -> bool:
        return self.period is not None and self.period.kind == "ref"


def entity_spans(span, labels: set[str]) -> list[tuple[int, int]]:
    base = span.start_char
    return [(e.start_char - base, e.end_char - base) for e in span.ents if e.label_ in labels]


def find_time_expressions(text: str, published: str | date | None = None, span=None) -> list[TimeExpression]:
    """Every time expression in a sentence, resolved against the publication date.

    ``span`` (the sentence's spaCy Span, whose text is ``text``) is optional:
    with it, ambiguous words are checked against spaCy's DATE entities and the
    tense of the clause decides which way "on Saturday" points.
    """
    anchor = published if isinstance(published, date) else parse_iso_date(published)
    dates = entity_spans(span, DATE_LABELS) if span is not None else []
    numbers = entity_spans(span, NUMERIC_LABELS) if span is not None else []
    candidates = []
    for m in scan(text):
        by_parse = _year_by_parse(span, m) if span is not None and m.name == "year" else None
        if by_parse is False or not (by_parse or acceptable(m, text, dates, numbers)):
            continue
        candidates.append(m)
    found: list[TimeExpression] = []
    for m in select(candidates):
        tense = direction(span, m.start, m.end) if span is not None else UNKNOWN
        try:
            resolved = normalise(m, anchor, tense)
        except (ValueError, OverflowError):
            continue  # a date outside the calendar (year 10000, "the 99th"): not a date we can place
        if resolved is None:
            continue
        expr = _expression(m, resolved, tense)
        if m.name in RANGE_KINDS:
            start = expr.period.bounds()[0] if expr.period and expr.period.year else None
            last = range_end(m, anchor, tense, start)
            expr.end_period = last.period if last else None
            if expr.period and expr.end_period and expr.period.year and expr.end_period.year \
                    and expr.period.bounds()[0] > expr.end_period.bounds()[0]:
                expr.end_period = None
        if resolved.basis == "relative" and anchor is not None and tense != PAST and m.name in PAST_READING_KINDS:
            expr.past = _past_reading(m, anchor, expr)
        found.append(expr)
    found = _elaborations(text, found)
    return _join_ranges(text, _year_before_reference(found, text, anchor), anchor)


#: kinds whose yearless reading depends on the direction: they have a past reading, and they
#: borrow the year of the date they elaborate or follow in a range
PAST_READING_KINDS = {"month_day", "day_month", "month_day_range", "day_month_range", "month", "part_month",
                      "weekday", "weekday_month_day", "holiday", "shift_season"}
RANGE_KINDS = {"month_day_range", "day_month_range"}
#: what may stand between a date and a bracketed restatement of it: "28 April 2020 (from 27-29 April)"
_ELABORATION = re.compile(r"^\s*[(\[]\s*(?:from|between|on|around|about|approximately|c\.|ca\.|i\.e\.,?)?\s*$",
                          re.IGNORECASE)


def _past_reading(m: RawMatch, anchor: date, expr: "TimeExpression") -> "TimeExpression | None":
    """The most recent past reading of a yearless expression that was read as upcoming or
    nearest: what an asserted event takes when its first reading lies after publication."""
    past = _renormalise(expr, anchor, PAST)
    return past if past.period != expr.period else None


def _renormalise(expr: "TimeExpression", anchor: date, direction: int) -> "TimeExpression":
    """The expression read again from another anchor (a range's start, the date it restates)."""
    if expr.raw is None:
        return expr
    try:
        resolved = normalise(expr.raw, anchor, direction)
    except (ValueError, OverflowError):
        return expr
    if resolved is None or resolved.period is None:
        return expr
    out = replace(expr, period=resolved.period, past=None)
    if expr.raw.name in RANGE_KINDS and resolved.period.year:
        last = range_end(expr.raw, anchor, direction, resolved.period.bounds()[0])
        out = replace(out, end_period=last.period if last else None)
    return out


def _elaborations(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """A bracketed date right after another ("Around 28 April 2020 (from 27-29 April)") restates
    it: it takes its year from it and never dates an event on its own."""
    out: list[TimeExpression] = []
    for expr in found:
        prev = out[-1] if out else None
        if prev is not None and prev.period is not None and prev.period.year and not prev.is_reference \
                and _ELABORATION.match(text[prev.end : expr.start]):
            if expr.basis == "relative" and expr.kind in PAST_READING_KINDS:
                expr = _renormalise(expr, prev.period.bounds()[0], UNKNOWN)
            expr = replace(expr, elaborates=True)
        out.append(expr)
    return out


YEAR_BEFORE_KINDS = {"ago", "unit_ago_adjective"}
REFERENCE_KINDS = {"quarter", "half", "month"}


def _year_before_reference(found: list[TimeExpression], text: str, anchor: date | None) -> list[TimeExpression]:
    """"profit rose in the third quarter from a year earlier": the third quarter of the year before.

    "A year earlier/ago" and "year-earlier" take the granularity of the
    quarter, half or month named before them in the same sentence; in a
    sentence about a quarter that names none, the quarter last reported.
    """
    out: list[TimeExpression] = []
    for expr in found:
        p = expr.period
        if expr.kind in YEAR_BEFORE_KINDS and p is not None and p.kind == "year" and re.match(
                r"(?i)(?:a|one)?\s*year", expr.text):
            ref = next((e.period for e in reversed(out) if e.period is not None and e.period.kind in REFERENCE_KINDS
                        and e.period.year is not None), None)
            if ref is None and anchor is not None and re.search(r"(?i)\bquarter", text):
                q = (anchor.month - 1) // 3  # the last completed quarter
                ref = Period.of_quarter(anchor.year, q) if q else Period.of_quarter(anchor.year - 1, 4)
            if ref is not None:
                expr = replace(expr, period=replace(ref, year=ref.year - 1))
        out.append(expr)
    return out


def _year_by_parse(span, m: RawMatch) -> bool | None:
    """A bare year's role in the parse: False for a count ("released 2000 prisoners"),
    True for a year modifying a singular noun ("its 1990 invasion"), None when the parse says nothing."""
    for tok in tokens_in(span, m.start, m.end):
        if not tok.like_num or tok.head.i <= tok.i or tok.head.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS"):
            before = tok.doc[tok.i - 1] if tok.i > 0 else None
            return before is not None and (before.lower_ in ("the", "this", "its", "their") or before.dep_ == "poss")
        if tok.dep_ in ("nummod", "compound", "amod", "nmod"):
            return True
    return None


def _expression(m: RawMatch, resolved: Resolved, tense: int) -> TimeExpression:
    return TimeExpression(m.text, m.start, m.end, m.name, resolved.period, resolved.basis, resolved.mod, tense,
                          raw=m)


def _join_ranges(text: str, found: list[TimeExpression], anchor: date | None = None) -> list[TimeExpression]:
    """Merge "between A and B" / "from A to B" / "A-B" into one range expression; a yearless end
    is the first such date on or after the start."""
    out: list[TimeExpression] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and a.period and b.period and not a.is_reference and not b.is_reference:
            link = text[a.end : b.start]
            opened = _RANGE_OPEN.search(text[: a.start])
            if _RANGE_LINK.match(link) and (opened or link.strip() in ("-", "–", "—")):
                a = _borrow_year(a, b)
                if b.basis == "relative" and b.kind in PAST_READING_KINDS and a.period.year and b.period.year \
                        and b.period.bounds()[0] < a.period.bounds()[0]:
                    b = _renormalise(b, a.period.bounds()[0], FUTURE)
                start = opened.start() if opened else a.start
                out.append(TimeExpression(text[start : b.end], start, b.end, "range", a.period, b.basis if
                                          a.basis == "explicit" else a.basis, a.mod, a.direction, b.period, [a, b]))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _borrow_year(a: TimeExpression, b: TimeExpression) -> TimeExpression:
    """"between January 4 and February 7, 2024": the first end takes the second's year."""
    if b.basis != "explicit" or a.basis == "explicit" or a.period is None or b.period is None:
        return a
    if a.period.kind not in ("day", "month") or b.period.year is None:
        return a
    year = b.period.year
    if a.period.month and b.period.month and a.period.month > b.period.month:
        year -= 1
    if a.period.kind == "day":
        d = safe_date(year, a.period.month, a.period.day)
        period = Period.of_day(d, a.period.tod) if d else a.period
    else:
        period = Period.of_month(year, a.period.month)
    return replace(a, period=period, basis="explicit")
