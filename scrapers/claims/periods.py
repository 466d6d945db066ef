"""Calendar arithmetic for claim windows: months, quarters, seasons, years.

Everything here is pure and resolves against a reference day (the
publication date, or the day a promise was stated). A *period function*
``year -> (start, end)`` plus a direction picks the right year for
expressions without one ("en octobre", "au premier trimestre").
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Callable, NamedTuple

Period = Callable[[int], "tuple[date, date] | None"]

FUTURE, PAST = "future", "past"


class Window(NamedTuple):
    earliest: date | None
    latest: date | None
    precision: str


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), month_end(year, month)


def add_months(day: date, n: int) -> date:
    m = day.month - 1 + n
    year, month = day.year + m // 12, m % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def week_span(day: date) -> tuple[date, date]:
    """Monday..Sunday of the week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def quarter_span(year: int, q: int) -> tuple[date, date]:
    first = 3 * (q - 1) + 1
    return date(year, first, 1), month_end(year, first + 2)


def semester_span(year: int, s: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if s == 1 else (date(year, 7, 1), date(year, 12, 31))


# Northern, astronomical seasons (docs/claims.md). Winter starts in its year.
SEASONS = {
    "spring": ((3, 20), (6, 20), 0),
    "summer": ((6, 21), (9, 22), 0),
    "autumn": ((9, 22), (12, 21), 0),
    "winter": ((12, 21), (3, 19), 1),
    "rentree": ((9, 1), (9, 30), 0),  # "la rentrée": September, the French return from the summer
}


def season_span(year: int, season: str) -> tuple[date, date]:
    (m1, d1), (m2, d2), carry = SEASONS[season]
    return date(year, m1, d1), date(year + carry, m2, d2)


# Parts of a year and of a month: début/mi/fin, early/mid/late.
YEAR_PARTS = {"early": ((1, 1), (3, 31)), "mid": ((4, 1), (9, 30)), "late": ((10, 1), (12, 31))}
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def year_part_span(year: int, part: str) -> tuple[date, date]:
    (m1, d1), (m2, d2) = YEAR_PARTS[part]
    return date(year, m1, d1), date(year, m2, d2)


def month_part_span(year: int, month: int, part: str) -> tuple[date, date]:
    d1, d2 = MONTH_PARTS[part]
    last = calendar.monthrange(year, month)[1]
    return date(year, month, d1), date(year, month, min(d2, last))


def pick(period: Period, ref: date, direction: str, strict: bool = False) -> tuple[date, date] | None:
    """The occurrence of a yearless period nearest to ``ref`` in ``direction``.

    Future: the first whose end is on/after ref (strict: whose start is after
    ref). Past: the last whose start is on/before ref (strict: ends before).
    """
    years = range(ref.year - 1, ref.year + 3) if direction == FUTURE else range(ref.year + 1, ref.year - 3, -1)
    for y in years:
        span = period(y)
        if span is None:
            continue
        start, end = span
        if direction == FUTURE:
            if (start > ref) if strict else (end >= ref):
                return span
        elif (end < ref) if strict else (start <= ref):
            return span
    return None


def day_period(month: int, day: int) -> Period:
    def period(year: int):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        return d, d
    return period


def weekday_near(ref: date, weekday: int, direction: str, strict: bool) -> date:
    if direction == FUTURE:
        delta = (weekday - ref.weekday()) % 7
        if strict and delta == 0:
            delta = 7
        return ref + timedelta(days=delta)
    delta = (ref.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return ref - timedelta(days=delta)
