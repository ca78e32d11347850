"""Calendar periods and their TimeML (TIMEX3) values.

A resolved time expression is a ``Period``: a day, an ISO week (or its
weekend), a month, a quarter, a half, a season, a year or a decade, or one of
TimeML's vague references (PRESENT_REF, PAST_REF, FUTURE_REF). Keeping the
period's kind, not just a string, lets the resolver shift it ("last week"),
compare it with the publication date (background events) and map it onto the
event fields (day | week | month | year precision).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: TimeML season codes and the months each starts and ends with
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
#: precision of the event fields for each kind of period (None: too vague to date an event)
EVENT_PRECISION = {
    "day": "day", "week": "week", "weekend": "week", "month": "month", "quarter": "year",
    "half": "year", "season": "year", "year": "year", "decade": None, "ref": None,
}


@dataclass(frozen=True)
class Period:
    """One calendar period; only the fields its ``kind`` needs are set.

    ``index`` is the ISO week, the quarter (1-4), the half (1-2) or the
    season code; ``tod`` a TimeML part of day (MO, AF, EV, NI) on a day.
    """

    kind: str  # day, week, weekend, month, quarter, half, season, year, decade, ref
    year: int | None = None
    month: int | None = None
    day: int | None = None
    index: int | str | None = None
    tod: str | None = None
    ref: str | None = None  # PRESENT_REF, PAST_REF, FUTURE_REF

    # --- constructors -------------------------------------------------------------------
    @staticmethod
    def of_day(d: date, tod: str | None = None) -> "Period":
        return Period("day", d.year, d.month, d.day, tod=tod)

    @staticmethod
    def of_week(d: date, weekend: bool = False) -> "Period":
        iso = d.isocalendar()
        return Period("weekend" if weekend else "week", iso[0], index=iso[1])

    @staticmethod
    def of_month(year: int, month: int) -> "Period":
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return Period("month", year, month)

    @staticmethod
    def of_quarter(year: int, quarter: int) -> "Period":
        year, quarter = year + (quarter - 1) // 4, (quarter - 1) % 4 + 1
        return Period("quarter", year, index=quarter)

    # --- values ------------------------------------------------------------------------
    def value(self) -> str:
        """The TIMEX3 value: 2024-07-25, 2024-W31, 2024-W31-WE, 2024-07, 2024-Q3, 2024-H2, 2024-SU, 2024, 202."""
        k = self.kind
        if k == "ref":
            return self.ref or "PRESENT_REF"
        y = "XXXX" if self.year is None else f"{self.year:04d}"
        if k == "day":
            out = f"{y}-{self.month:02d}-{self.day:02d}"
            return f"{out}T{self.tod}" if self.tod else out
        if k == "week":
            return f"{y}-W{self.index:02d}"
        if k == "weekend":
            return f"{y}-W{self.index:02d}-WE"
        if k == "month":
            return f"{y}-{self.month:02d}"
        if k == "quarter":
            return f"{y}-Q{self.index}"
        if k == "half":
            return f"{y}-H{self.index}"
        if k == "season":
            return f"{y}-{self.index}"
        if k == "decade":
            return y[:3]
        return y

    def event_date(self) -> tuple[str, str] | None:
        """(date, precision) for the event fields: 2024-07-25 day, 2024-W31 week, 2024-07 month, 2024 year."""
        precision = EVENT_PRECISION.get(self.kind)
        if precision is None or self.year is None:
            return None
        if precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}", "day"
        if precision == "week":
            return f"{self.year:04d}-W{self.index:02d}", "week"
        if precision == "month":
            return f"{self.year:04d}-{self.month:02d}", "month"
        return f"{self.year:04d}", "year"

    def bounds(self) -> tuple[date, date] | None:
        """First and last day of the period (None for references and unknown years)."""
        if self.year is None or self.kind == "ref":
            return None
        y, k = self.year, self.kind
        if k == "day":
            d = date(y, self.month, self.day)
            return d, d
        if k in ("week", "weekend"):
            monday = date.fromisocalendar(y, int(self.index), 1)
            first = monday + timedelta(days=5) if k == "weekend" else monday
            return first, monday + timedelta(days=6)
        if k == "month":
            return date(y, self.month, 1), _month_end(y, self.month)
        if k == "quarter":
            first = 3 * (int(self.index) - 1) + 1
            return date(y, first, 1), _month_end(y, first + 2)
        if k == "half":
            first = 6 * (int(self.index) - 1) + 1
            return date(y, first, 1), _month_end(y, first + 5)
        if k == "season":
            start_m, end_m = SEASON_MONTHS[str(self.index)]
            end_y = y + 1 if end_m < start_m else y
            return date(y, start_m, 1), _month_end(end_y, end_m)
        if k == "decade":
            first = y - y % 10
            return date(first, 1, 1), date(first + 9, 12, 31)
        return date(y, 1, 1), date(y, 12, 31)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)  # (no next year to step back from in December 9999)
    return date(year, month + 1, 1) - timedelta(days=1)


def parse_iso_date(text: str | None) -> date | None:
    """A YYYY-MM-DD string as a date (None when absent or malformed)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def weekday_on_or_before(anchor: date, weekday: int, strictly: bool = False) -> date:
    """The given ISO weekday (1 = Monday) on or before ``anchor`` (before it when ``strictly``)."""
    back = (anchor.isoweekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def weekday_on_or_after(anchor: date, weekday: int, strictly: bool = False) -> date:
    ahead = (weekday - anchor.isoweekday()) % 7
    if strictly and ahead == 0:
        ahead = 7
    return anchor + timedelta(days=ahead)


def add_months(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) + months
    return total // 12, total % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
