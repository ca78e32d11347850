"""The days an event date allows: every date sum of the across stages lives here.

Event dates come as ``2024-07-25`` (day), ``2024-W31`` (ISO week, also
``2024-W31-WE`` for its weekend), ``2024-07`` (month) or ``2024`` (year),
with an optional ``date_end`` for a range. Merging, contradictions and
storylines only ask two questions of them: which days a date allows, and
how far apart two dates are. When a shared date module lands in
``resolve/when``, only this file changes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")


def _month_end(year: int, month: int) -> date:
    return (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def bounds(text: str | None) -> tuple[date, date] | None:
    """First and last day a date string allows, by its own form; None when unreadable."""
    if not text:
        return None
    week = _WEEK.match(text)
    try:
        if week:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            first = monday + timedelta(days=5) if week.group(3) else monday
            return first, monday + timedelta(days=6)
        parts = text.split("-")
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2 or not parts[2][:2].isdigit():
            return date(year, month, 1), _month_end(year, month)
        day = date(year, month, int(parts[2][:2]))
        return day, day
    except (ValueError, IndexError):
        return None


def parse_day(text: str | None) -> date | None:
    """The first day a date allows ('2024-W31' is its Monday, '2024-07' the 1st)."""
    found = bounds(text)
    return found[0] if found else None


def stated_interval(date_text: str | None, precision: str, date_end: str | None = None) -> tuple[date, date] | None:
    """The days a stated date covers at its precision (a range runs to the end of ``date_end``)."""
    found = bounds(date_text)
    if found is None:
        return None
    lo, hi = found
    if precision == "year":
        lo, hi = date(lo.year, 1, 1), date(lo.year, 12, 31)
    elif precision == "month":
        lo, hi = lo.replace(day=1), _month_end(lo.year, lo.month)
    end = bounds(date_end)
    if end and end[1] > hi:
        hi = end[1]
    return lo, hi


def gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max((b[0] - a[1]).days, (a[0] - b[1]).days, 0)


def span_days(intervals: list[tuple[date, date]]) -> int:
    """Days from the first start to the last end of some intervals (0 for none)."""
    if not intervals:
        return 0
    return (max(hi for _, hi in intervals) - min(lo for lo, _ in intervals)).days


def shift(day: date, days: int) -> date:
    return day + timedelta(days=days)
