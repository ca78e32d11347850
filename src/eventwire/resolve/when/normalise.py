"""Turn a pattern match into a calendar period, relative to the publication date.

Each pattern of rules.yaml has a normaliser here, registered by name. A
normaliser gets the match's groups, the anchor (publication date, or None)
and the tense direction (-1 past, +1 future, 0 unknown), and returns a
``Resolved``: the period (None when it cannot be known), whether it was
written out in full (``explicit``) or needed the anchor (``relative``), and a
TimeML mod (START, MID, END).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .grammar import RawMatch, rules
from .periods import (
    Period,
    add_months,
    safe_date,
    weekday_on_or_after,
    weekday_on_or_before,
)


@dataclass(frozen=True)
class Resolved:
    period: Period | None
    basis: str  # explicit | relative
    mod: str | None = None


Normaliser = Callable[[dict[str, str], "date | None", int], "Resolved | None"]
NORMALISERS: dict[str, Normaliser] = {}


def normaliser(name: str) -> Callable[[Normaliser], Normaliser]:
    def register(fn: Normaliser) -> Normaliser:
        NORMALISERS[name] = fn
        return fn
    return register


def normalise(match: RawMatch, anchor: date | None, direction: int) -> Resolved | None:
    fn = NORMALISERS.get(match.name)
    return fn(match.groups, anchor, direction) if fn else None


# --- helpers ------------------------------------------------------------------------------
def _word(placeholder: str, groups: dict[str, str]):
    text = groups.get(placeholder)
    return rules().lookup(placeholder, text) if text else None


def _month(groups: dict[str, str]) -> int | None:
    if "month_num" in groups:
        m = int(groups["month_num"])
        return m if 1 <= m <= 12 else None
    return _word("month", groups)


def _year(groups: dict[str, str]) -> int | None:
    text = groups.get("year")
    if text is None:
        return None
    y = int(text)
    return y + (1900 if y >= 50 else 2000) if len(text) == 2 else y


def _mod(groups: dict[str, str]) -> str | None:
    return _word("part", groups)


def _nearest_year(anchor: date, month: int, day: int | None, direction: int) -> int:
    """Year of the nearest (month, day) before (-1), after (+1) or around (0) the anchor.

    A bare month counts from its middle, and the anchor's own month is both
    past and future.
    """
    def at(year: int) -> date:
        return safe_date(year, month, day or 15) or date(year, month, 28)
    if day is None and month == anchor.month:
        return anchor.year
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    if direction < 0:
        return max(y for y in years if at(y) <= anchor or (day is None and at(y).replace(day=1) <= anchor))
    if direction > 0:
        return min(y for y in years if at(y) >= anchor or (day is None and y == anchor.year and month > anchor.month))
    return min(years, key=lambda y: (abs((at(y) - anchor).days), y))


def _shifted(kind: str, anchor: date, n: int) -> Period:
    """The period of the given kind ``n`` periods away from the anchor's."""
    if kind == "day":
        return Period.of_day(anchor + timedelta(days=n))
    if kind == "week":
        return Period.of_week(anchor + timedelta(weeks=n))
    if kind == "month":
        return Period.of_month(*add_months(anchor, n))
    if kind == "quarter":
        return Period.of_quarter(anchor.year, (anchor.month - 1) // 3 + 1 + n)
    if kind == "decade":
        return Period("decade", anchor.year - anchor.year % 10 + 10 * n)
    return Period("year", anchor.year + n)


# --- absolute dates -------------------------------------------------------------------------
@normaliser("iso_date")
@normaliser("numeric_date")
@normaliser("month_day_year")
@normaliser("day_month_year")
def _full_date(groups, anchor, direction):
    month, year = _month(groups), _year(groups)
    d = safe_date(year, month, int(groups["day"])) if month and year else None
    return Resolved(Period.of_day(d), "explicit") if d else None


@normaliser("month_year")
def _month_year(groups, anchor, direction):
    month = _month(groups)
    return Resolved(Period.of_month(_year(groups), month), "explicit", _mod(groups)) if month else None


@normaliser("year")
@normaliser("fiscal_year")
def _year_only(groups, anchor, direction):
    return Resolved(Period("year", _year(groups)), "explicit", _mod(groups))


@normaliser("decade")
def _decade(groups, anchor, direction):
    return Resolved(Period("decade", int(groups["decade"]) * 10), "explicit", _mod(groups))


@normaliser("quarter_of_year")
@normaliser("year_quarter")
def _quarter_of_year(groups, anchor, direction):
    return Resolved(Period.of_quarter(_year(groups), _word("ordinal", groups)), "explicit")


@normaliser("season_of_year")
def _season_of_year(groups, anchor, direction):
    return Resolved(Period("season", _year(groups), index=_word("season", groups)), "explicit")


# --- relative to the publication date ---------------------------------------------------------
@normaliser("month_day")
@normaliser("day_month")
def _month_day(groups, anchor, direction):
    month, day = _month(groups), int(groups["day"])
    if not month or not 1 <= day <= 31:
        return None
    if anchor is None:
        return Resolved(Period("day", None, month, day), "relative")
    year = _nearest_year(anchor, month, day, direction)
    d = safe_date(year, month, day)
    return Resolved(Period.of_day(d), "relative") if d else None


@normaliser("month_day_range")
@normaliser("day_month_range")
def _month_day_range(groups, anchor, direction):
    """The range's first day; ``range_end`` gives the last (see ``expressions``)."""
    if "year" in groups:
        return _full_date(groups, anchor, direction)
    return _month_day(groups, anchor, direction)


def range_end(match: RawMatch, anchor: date | None, direction: int, start: date | None = None) -> Resolved | None:
    """The last day of a "July 25-27" or "27-29 April" range: without a year, the first such day
    on or after the range's ``start``."""
    groups = {**match.groups, "day": match.groups["day2"]}
    if "year" in groups:
        return _full_date(groups, anchor, direction)
    if start is not None:
        return _month_day(groups, start, 1)
    return _month_day(groups, anchor, direction)


@normaliser("month")
@normaliser("part_month")
def _month_only(groups, anchor, direction):
    month = _month(groups)
    if not month:
        return None
    if anchor is None:
        return Resolved(Period("month", None, month), "relative", _mod(groups))
    return Resolved(Period.of_month(_nearest_year(anchor, month, None, direction), month), "relative", _mod(groups))


@normaliser("shift_month")
def _shift_month(groups, anchor, direction):
    month, shift = _month(groups), _word("shift", groups)
    if not month:
        return None
    if anchor is None:
        return Resolved(Period("month", None, month), "relative")
    if shift == 0:
        year = anchor.year
    elif shift < 0:  # "last April": the latest April before this month
        year = anchor.year if month < anchor.month else anchor.year - 1
    else:
        year = _nearest_year(anchor, month, None, 1)
        if year == anchor.year and month == anchor.month:
            year += 1
    return Resolved(Period.of_month(year, month), "relative")


@normaliser("month_shift_year")
def _month_shift_year(groups, anchor, direction):
    """"January this year", "July last year"."""
    month = _month(groups)
    if anchor is None or not month:
        return Resolved(None, "relative")
    return Resolved(Period.of_month(anchor.year + (_word("shift", groups) or 0), month), "relative")


@normaliser("spelled_2000s")
def _spelled_2000s(groups, anchor, direction):
    """"the year two thousand", "two thousand and one"."""
    return Resolved(Period("year", 2000 + (rules().lookup("number_word", groups["ones"]) if "ones" in groups else 0)),
                    "explicit")


@normaliser("last_night")
def _last_night(groups, anchor, direction):
    if anchor is None:
        return Resolved(None, "relative")
    return Resolved(Period.of_day(anchor - timedelta(days=1), "NI"), "relative")


@normaliser("holiday")
def _holiday(groups, anchor, direction):
    """Christmas, Thanksgiving: the given year's, else the nearest in the clause's direction."""
    spec = _word("holiday", groups)

    def on(year: int) -> date | None:
        if len(spec) == 2:
            return safe_date(year, spec[0], spec[1])
        month, weekday, nth = spec
        if nth > 0:
            return weekday_on_or_after(date(year, month, 1), weekday) + timedelta(weeks=nth - 1)
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return weekday_on_or_before(last, weekday)

    if "year" in groups:
        d = on(_year(groups))
        return Resolved(Period.of_day(d), "explicit") if d else None
    if anchor is None:
        return Resolved(None, "relative")
    days = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := on(y))]
    if direction < 0:
        days = [d for d in days if d <= anchor] or days
    elif direction > 0:
        days = [d for d in days if d >= anchor] or days
    return Resolved(Period.of_day(min(days, key=lambda d: abs((d - anchor).days))), "relative")


@normaliser("spelled_year")
def _spelled_year(groups, anchor, direction):
    """"nineteen ninety-six" (broadcast transcripts spell years out)."""
    tens = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
    ones = rules().lookup("number_word", groups["ones"]) if "ones" in groups else 0
    year = 1900 + tens[groups["tens"].lower()] + ones
    return Resolved(Period("year", year), "explicit")


@normaliser("weekday_month_day")
def _weekday_month_day(groups, anchor, direction):
    """"Saturday, April 25": the year in which April 25 is a Saturday, nearest the anchor."""
    if "year" in groups:
        return _full_date(groups, anchor, direction)
    month, day, weekday = _month(groups), int(groups["day"]), _word("weekday", groups)
    if anchor is not None and month:
        fits = [d for y in range(anchor.year - 6, anchor.year + 2) if (d := safe_date(y, month, day))
                and d.isoweekday() == weekday]
        if fits:
            return Resolved(Period.of_day(min(fits, key=lambda d: abs((d - anchor).days))), "relative")
    return _month_day(groups, anchor, direction)


@normaliser("weekday")
def _weekday(groups, anchor, direction):
    if anchor is None:
        return Resolved(None, "relative")
    weekday, shift = _word("weekday", groups), _word("shift", groups)
    tod = _word("tod", groups)
    if shift == -1:
        d = weekday_on_or_before(anchor, weekday, strictly=True)
    elif shift == 1:
        d = weekday_on_or_after(anchor, weekday, strictly=True)
    elif shift == 0:  # "this Friday": in the publication date's week
        d = anchor + timedelta(days=weekday - anchor.isoweekday())
    elif direction > 0:
        d = weekday_on_or_after(anchor, weekday)
    else:
        d = weekday_on_or_before(anchor, weekday)
    return Resolved(Period.of_day(d, tod), "relative")


@normaliser("day_word")
def _day_word(groups, anchor, direction):
    if anchor is None:
        return Resolved(None, "relative")
    offset = _word("day_word", groups)
    around = groups.get("around", "").lower()
    offset += -1 if around == "before" else 1 if around == "after" else 0
    tod = _word("tod", groups) or ("NI" if groups["day_word"].lower() == "tonight" else None)
    return Resolved(Period.of_day(anchor + timedelta(days=offset), tod), "relative")


@normaliser("this_tod")
def _this_tod(groups, anchor, direction):
    if anchor is None:
        return Resolved(None, "relative")
    return Resolved(Period.of_day(anchor, _word("tod", groups)), "relative")


@normaliser("shift_unit")
@normaliser("fiscal_unit")
@normaliser("the_unit")
def _shift_unit(groups, anchor, direction):
    if anchor is None:
        return Resolved(None, "relative")
    shift = _word("shift", groups) or 0
    return Resolved(_shifted(groups["unit"].lower(), anchor, shift), "relative")


@normaliser("part_shift_unit")
def _part_shift_unit(groups, anchor, direction):
    if anchor is None:
        return Resolved(None, "relative")
    shift = _word("shift", groups) or 0
    return Resolved(_shifted(groups["unit"].lower(), anchor, shift), "relative", _mod(groups))


@normaliser("shift_weekend")
def _weekend(groups, anchor, direction):
    """"Over the weekend": the latest one begun; "next weekend"/future tense: the coming one."""
    if anchor is None:
        return Resolved(None, "relative")
    shift = _word("shift", groups)
    if shift == 1 or (shift is None and direction > 0):
        saturday = weekday_on_or_after(anchor, 6, strictly=shift == 1)
    elif shift == 0:
        saturday = anchor + timedelta(days=6 - anchor.isoweekday())
    else:
        saturday = weekday_on_or_before(anchor, 6)
        if shift == -1 and anchor.isoweekday() >= 6:  # "last weekend", said on a weekend
            saturday -= timedelta(days=7)
    return Resolved(Period.of_week(saturday, weekend=True), "relative")


@normaliser("ago")
@normaliser("unit_ago_adjective")
def _ago(groups, anchor, direction):
    if anchor is None:
        return Resolved(None, "relative")
    unit = rules().lookup("unit", groups["unit"]) if "unit" in groups else None
    unit = unit or groups["unit"].lower()
    n_text = groups.get("n", "1")
    n = int(n_text) if n_text.isdigit() else _word("number_word", groups) or 1
    sign = 1 if groups["ago"].lower().split()[0] in ("later", "from", "hence") else -1
    return Resolved(_shifted(unit, anchor, sign * n), "relative")


@normaliser("ordinal_quarter")
def _ordinal_quarter(groups, anchor, direction):
    quarter = _word("ordinal", groups)
    if anchor is None:
        return Resolved(Period("quarter", None, index=quarter), "relative")
    shift = _word("shift", groups)
    year = anchor.year + (shift or 0) if "unit" in groups else anchor.year  # "next year's first quarter"
    return Resolved(Period.of_quarter(year, quarter), "relative")


@normaliser("latest_quarter")
@normaliser("latest_period")
def _latest_quarter(groups, anchor, direction):
    """"The quarter" in a report is the last one completed before publication."""
    if anchor is None:
        return Resolved(None, "relative")
    return Resolved(_shifted("quarter", anchor, -1), "relative")


@normaliser("year_ago_quarter")
@normaliser("year_quarter_period")
@normaliser("shift_year_quarter")
def _quarter_of_other_year(groups, anchor, direction):
    """"The year-ago quarter": the reported quarter (or the one named), in the year before."""
    if "year" in groups:
        if anchor is None:
            return Resolved(Period("year", _year(groups)), "explicit")
        latest = _shifted("quarter", anchor, -1)
        return Resolved(Period.of_quarter(_year(groups), latest.index), "explicit")
    if anchor is None:
        return Resolved(None, "relative")
    quarter = _word("ordinal", groups) or _shifted("quarter", anchor, -1).index
    shift = _word("shift", groups)
    return Resolved(Period.of_quarter(anchor.year + (shift if shift is not None else -1), quarter), "relative")


@normaliser("half_of_year")
@normaliser("ordinal_half")
def _ordinal_half(groups, anchor, direction):
    half = 1 if groups["ordinal"].lower() == "first" else 2
    if "year" in groups:
        return Resolved(Period("half", _year(groups), index=half), "explicit")
    if anchor is None:
        return Resolved(Period("half", None, index=half), "relative")
    return Resolved(Period("half", anchor.year, index=half), "relative")


@normaliser("shift_season")
def _shift_season(groups, anchor, direction):
    season = _word("season", groups)
    if anchor is None:
        return Resolved(Period("season", None, index=season), "relative")
    shift = _word("shift", groups)
    # a season belongs to the year it starts in: winter 2023 runs from December 2023 to February 2024
    years = range(anchor.year - 2, anchor.year + 2)
    spans = [(y, Period("season", y, index=season).bounds()) for y in years]
    if shift == -1:  # "last fall": last year's, or the latest one over when that is later
        year = max(y for y, (s, e) in spans if e < anchor and y < anchor.year) if season != "WI" else \
            max(y for y, (s, e) in spans if e < anchor)
    elif shift == 1:  # "next spring": the first one not yet begun
        year = min(y for y, (s, e) in spans if s > anchor)
    elif shift == 0 or direction == 0:  # "this summer": the one containing or nearest the anchor
        year = next((y for y, (s, e) in spans if s <= anchor <= e), None)
        if year is None:
            year = min(spans, key=lambda ys: min(abs((ys[1][0] - anchor).days), abs((ys[1][1] - anchor).days)))[0]
    elif direction < 0:
        year = max(y for y, (s, e) in spans if s <= anchor)
    else:
        year = min(y for y, (s, e) in spans if e >= anchor)
    return Resolved(Period("season", year, index=season), "relative")


@normaliser("reference")
def _reference(groups, anchor, direction):
    return Resolved(Period("ref", ref=_word("reference", groups)), "relative")
