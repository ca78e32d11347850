"""Event dates as intervals of days: one reading of "2024-07-25", "2024-W31", "2024-07" and "2024".

An event's ``date`` is written at its precision (``Event.date_precision``):
a day, an ISO week, a month or a year, and a range ends at ``date_end``.
Every stage that compares, sorts, stores or draws dates reads them here, so
"2024-W31" is the week of 29 July to 4 August 2024 everywhere (never
1 January), and a range keeps its whole span.

- ``parse_date(text)`` -> ``DateSpan`` (first day, last day, precision) or None;
- ``event_span(date, date_end=None)``: the days an event's date (and range end) cover;
- ``first_day(text)`` / ``last_day(text)``: one day to sort, store or draw by;
- ``overlaps(a, b)``, ``compare(a, b)``: interval tests on any two values;
- ``format_date(day, precision)``: the value of a day at a precision ("2024-W31").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

#: the precisions an event date is written at, finest first
PRECISIONS = ("day", "week", "month", "year")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class DateSpan:
    """The days a date value covers, both ends included."""

    first: date
    last: date
    precision: str  # day | week | month | year | range

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _month_end(year: int, month: int) -> date:
    return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)


def parse_date(text: str | date | None) -> DateSpan | None:
    """The days a date value covers; None when it is empty or not a date value.

    Accepts what ``Event.date`` holds ("2024-07-25", "2024-W31", "2024-07",
    "2024"), a weekend ("2024-W31-WE", Saturday and Sunday), a day with a
    time ("2024-07-25T14:00", the day) and a ``datetime.date``.
    """
    if text is None or text == "":
        return None
    if isinstance(text, date):
        return DateSpan(text, text, "day")
    text = str(text).strip()
    try:
        if m := _DAY.match(text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DateSpan(d, d, "day")
        if m := _WEEK.match(text):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            first = monday + timedelta(days=5) if m[3] else monday
            return DateSpan(first, monday + timedelta(days=6), "week")
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return DateSpan(date(year, month, 1), _month_end(year, month), "month")
        if m := _YEAR.match(text):
            year = int(m[1])
            return DateSpan(date(year, 1, 1), date(year, 12, 31), "year")
    except ValueError:  # "2024-13", "2024-02-30", "2024-W54"
        return None
    return None


def event_span(value: str | None, end: str | None = None) -> DateSpan | None:
    """The days an event's ``date`` (and its range end ``date_end``) cover."""
    start = parse_date(value)
    if start is None:
        return None
    last = parse_date(end)
    if last is None or last.last <= start.last:
        return start
    return DateSpan(start.first, last.last, "range")


def first_day(value: str | date | None) -> date | None:
    """The first day a value covers (a week's Monday, a month's 1st): sort, store and draw by it."""
    span = parse_date(value)
    return span.first if span else None


def last_day(value: str | date | None) -> date | None:
    """The last day a value covers (a week's Sunday, a month's last day)."""
    span = parse_date(value)
    return span.last if span else None


def _span(value: "str | date | DateSpan | None") -> DateSpan | None:
    return value if isinstance(value, DateSpan) else parse_date(value)


def overlaps(a: "str | date | DateSpan | None", b: "str | date | DateSpan | None") -> bool | None:
    """Whether two values share a day; None when either is unknown."""
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return None
    return sa.first <= sb.last and sb.first <= sa.last


def compare(a: "str | date | DateSpan | None", b: "str | date | DateSpan | None") -> int | None:
    """-1 when ``a`` ends before ``b`` begins, 1 when it begins after ``b`` ends, 0 when they overlap;
    None when either is unknown."""
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return None
    if sa.last < sb.first:
        return -1
    if sa.first > sb.last:
        return 1
    return 0


def format_date(day: date, precision: str = "day") -> str:
    """The value of ``day`` at a precision: 2024-07-25, 2024-W31, 2024-07 or 2024."""
    if precision == "week":
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    return day.isoformat()


__all__ = ["DateSpan", "PRECISIONS", "compare", "event_span", "first_day", "format_date", "last_day", "overlaps",
           "parse_date"]
