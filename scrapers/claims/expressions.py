"""Time expressions: one small handler per expression class.

Every handler is an :class:`Expr`: a regex compiled once at import, run on a
*folded* sentence (lowercase, no accents, plain apostrophes; see
:func:`scrapers.relevance.fold`), and a resolver ``(match, Ref) -> Window |
None``. Resolvers only turn words into dates; whether a date is a launch, a
statement date or another event is decided by the extractor.

Patterns are written in French and English at once: articles quote tweets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, NamedTuple

from scrapers.claims import periods as P
from scrapers.claims.periods import FUTURE, PAST, Window

# --- tables ----------------------------------------------------------------

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBR = {
    "janv": 1, "jan": 1, "fev": 2, "fevr": 2, "feb": 2, "mar": 3, "avr": 4, "apr": 4,
    "jun": 6, "juil": 7, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# English month names must be capitalised in the original text: "may",
# "march" and "august" are common words.
ENGLISH_MONTHS = frozenset(
    "january february march april may june july august september october november december".split())
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
SEASON_WORDS = {
    "printemps": "spring", "ete": "summer", "automne": "autumn", "hiver": "winter",
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
    "rentree": "rentree",
}
NUMBERS = {
    "un": 1, "une": 1, "a": 1, "an": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
    "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8,
    "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "onze": 11, "eleven": 11,
    "douze": 12, "twelve": 12, "quinze": 15, "fifteen": 15, "dix-huit": 18, "eighteen": 18,
    "vingt": 20, "twenty": 20, "trente": 30, "thirty": 30,
}
VAGUE_NUMBERS = ("quelques", "few", "a few", "several", "plusieurs", "a couple of")
ORDINALS = {
    "premier": 1, "1er": 1, "first": 1, "1st": 1, "deuxieme": 2, "2e": 2, "2eme": 2,
    "second": 2, "seconde": 2, "2nd": 2, "troisieme": 3, "3e": 3, "3eme": 3, "third": 3,
    "3rd": 3, "quatrieme": 4, "4e": 4, "4eme": 4, "fourth": 4, "4th": 4,
    "dernier": -1, "last": -1, "final": -1, "latter": -1,
}
PARTS = {
    "debut": "early", "early": "early", "beginning of": "early", "start of": "early",
    "mi": "mid", "mid": "mid", "middle of": "mid", "milieu": "mid",
    "fin": "late", "late": "late", "end of": "late",
}
UNITS = {
    "jour": "day", "jours": "day", "day": "day", "days": "day",
    "semaine": "week", "semaines": "week", "week": "week", "weeks": "week",
    "mois": "month", "month": "month", "months": "month",
    "an": "year", "ans": "year", "annee": "year", "annees": "year", "year": "year", "years": "year",
    "trimestre": "quarter", "quarter": "quarter",
    "heure": "hour", "heures": "hour", "hour": "hour", "hours": "hour",
}


def _alt(words) -> str:
    """Longest first, grouped by first character: "j(?:anvier|uillet|uin)|m(?:ars|ai)".

    re tries the branches of an alternation one by one at every position it reaches; grouped, a
    position tries one branch per first character instead of every word. The same matches: words
    with different first characters never match at one position, and the order inside a group is
    the longest-first order of the flat list.
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: len(re.escape(w)), reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(re.escape(head) + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")")
                    for head, rest in groups.items())


MONTH = _alt(MONTHS)
MONTH_ANY = _alt(list(MONTHS) + list(MONTH_ABBR))
WEEKDAY = _alt(WEEKDAYS)
SEASON = _alt(SEASON_WORDS)
NUM = r"\d{1,2}|" + _alt([k for k in NUMBERS if k not in ("a", "an")] + ["a", "an"] + list(VAGUE_NUMBERS))
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:er|st|nd|rd|th|e)?"
YEAR = r"(?P<year>20[0-3]\d)"
REL = r"(?:\s+(?P<rel>prochaine?s?|derniere?s?))"
MOIS_DE = r"(?:(?:le\s+|au\s+|du\s+)?mois\s+(?:de\s+|d'))"
B = r"(?<!\w)"  # left word boundary (an elided "l'" or "d'" may precede)
E = r"(?![\w])"


# --- resolution context ----------------------------------------------------

class Ref(NamedTuple):
    """What a resolver needs: the days to count from and the direction."""

    pub: date
    ref: date  # pub, or the day a promise was stated (future claims)
    direction: str  # FUTURE or PAST
    text: str  # the original sentence (same offsets as the folded one)
    lang: str
    open_ended: bool = False
    last_day: date | None = None  # the day of the text's latest dated claim before this sentence


Resolver = Callable[[re.Match, Ref], "Window | None"]


@dataclass(frozen=True)
class Expr:
    name: str
    regex: re.Pattern
    resolve: Resolver
    gate: "Gate | None" = None  # None: the handler always runs


def _g(m: re.Match, name: str) -> str | None:
    """A named group, or None when the pattern has no such group.

    (looked up in the pattern's group names, not by catching IndexError: most handlers lack most
    groups, and a raised exception costs more than the lookup)
    """
    pattern = getattr(m, "re", None)
    if pattern is None:
        return m.group(name)  # an _AliasMatch, which gives None for a group its pattern lacks
    names = _NAMES.get(pattern.pattern)  # (a pattern's source: its own hash reads its whole code)
    if names is None:
        names = _NAMES[pattern.pattern] = frozenset(pattern.groupindex)
    return m.group(name) if name in names else None


_NAMES: dict[str, frozenset[str]] = {}  # pattern source -> its group names


def _rel(m: re.Match, r: Ref) -> tuple[str, bool]:
    """Direction and strictness, with "prochain"/"dernier" overriding the verb."""
    rel = _g(m, "rel") or ""
    if rel.startswith(("prochain", "next")):
        return FUTURE, True
    if rel.startswith(("dernier", "last")):
        return PAST, True
    return r.direction, False


def _base(r: Ref, direction: str) -> date:
    return r.ref if direction == FUTURE else r.pub


def _english_ok(m: re.Match, group: str, r: Ref) -> bool:
    """English month names count only when capitalised in the original."""
    if m.group(group).rstrip(".") not in ENGLISH_MONTHS:
        return True
    return r.text[m.start(group)].isupper()


def _month_no(word: str) -> int:
    word = word.rstrip(".")
    return MONTHS.get(word) or MONTH_ABBR[word]


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _number(text: str) -> int | None:
    text = " ".join(text.split())
    if text.isdigit():
        return int(text)
    return NUMBERS.get(text)


def _day(d: date) -> Window:
    return Window(d, d, "day")


def _span(span, precision: str) -> Window | None:
    return Window(span[0], span[1], precision) if span else None


# --- resolvers -------------------------------------------------------------

def r_iso(m, r):
    return _day(date(int(m["year"]), int(m["mon"]), int(m["day"])))


def r_numeric(m, r):
    """20/01/2013: day first in French; month first in English when ambiguous."""
    a, b, year = int(m["a"]), int(m["b"]), _year(m["year"])
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12:
        day, month = b, a
    elif a <= 12 and b <= 12:
        day, month = (b, a) if r.lang == "en" else (a, b)
    else:
        return None
    return _day(date(year, month, day))


def _day_month(m, r, day: int, month: int):
    if m["year"]:
        return _day(date(int(m["year"]), month, day))
    direction, strict = _rel(m, r)
    w = _span(P.pick(P.day_period(month, day), _base(r, direction), direction, strict), "day")
    wd = _g(m, "wd")
    if w is not None and wd and w.earliest.weekday() != WEEKDAYS[wd]:
        # "mardi 12 juillet": the year whose 12 July is a Tuesday, the other way when the verb's is not.
        other = FUTURE if direction == PAST else PAST
        alt = _span(P.pick(P.day_period(month, day), _base(r, other), other, strict), "day")
        if alt is not None and alt.earliest.weekday() == WEEKDAYS[wd]:
            return alt
    return w


def r_day_month(m, r):
    if not _english_ok(m, "mon", r):
        return None
    return _day_month(m, r, int(m["day"]), _month_no(m["mon"]))


def r_month_day(m, r):
    if not _english_ok(m, "mon", r):
        return None
    return _day_month(m, r, int(m["day"]), _month_no(m["mon"]))


def r_day_pair(m, r):
    """Two days of one month for one launch: "le 19 ou le 20 janvier", "January 19 or 20" (one window)."""
    if not _english_ok(m, "mon", r):
        return None
    d1, d2, month = int(m["d1"]), int(m["day"]), _month_no(m["mon"])
    if d2 <= d1 or d2 - d1 > 7:
        return None  # "le 20 ou le 19", or two far-apart days: not one short window
    first = _day_month(m, r, d1, month)
    if first is None or first.earliest is None:
        return None
    return Window(first.earliest, first.earliest.replace(day=d2), "day")


def _month_window(m, r, month: int, year: str | None) -> Window | None:
    if year:
        return _span(P.month_span(int(year), month), "month")
    direction, strict = _rel(m, r)
    return _span(P.pick(lambda y: P.month_span(y, month), _base(r, direction), direction, strict), "month")


def r_month(m, r):
    if not _english_ok(m, "mon", r):
        return None
    if not (m["pre"] or m["year"] or m["rel"] or m["mois"]):
        return None  # a bare month word ("Bruno Mars", "mai") is not a date
    return _month_window(m, r, MONTHS[m["mon"]], m["year"])


def r_month_abbr(m, r):
    """An abbreviated month with its year: "in Jan 2013", "Sept. 2014", "en janv. 2014"."""
    return _month_window(m, r, MONTH_ABBR[m["mon"]], m["year"])


def r_month_pair(m, r):
    if not (_english_ok(m, "m1", r) and _english_ok(m, "m2", r)):
        return None
    m1, m2 = MONTHS[m["m1"]], MONTHS[m["m2"]]
    if m["year"]:
        y = int(m["year"])
        return Window(date(y if m1 <= m2 else y - 1, m1, 1), P.month_end(y, m2), "month")
    direction, strict = _rel(m, r)

    def period(y):
        return date(y, m1, 1), P.month_end(y if m1 <= m2 else y + 1, m2)
    return _span(P.pick(period, _base(r, direction), direction, strict), "month")


def _quarter_of(ordinal: str | None, n: str | None) -> int:
    if n:
        return int(n)
    q = ORDINALS[ordinal]
    return 4 if q == -1 else q


def _this_next_year(m, r) -> int | None:
    which = _g(m, "which")
    if which in ("next", "prochaine", "prochain"):
        return r.pub.year + 1
    if which in ("this", "cette"):
        return r.pub.year
    return None


def r_quarter(m, r):
    q = _quarter_of(_g(m, "ord"), _g(m, "n"))
    year = m["year"]
    if _g(m, "t") == "t" and not year:
        return None  # "T2" alone is a flat size, not a quarter
    if year:
        return _span(P.quarter_span(_year(year), q), "quarter")
    y = _this_next_year(m, r)
    if y:
        return _span(P.quarter_span(y, q), "quarter")
    direction, strict = _rel(m, r)
    return _span(P.pick(lambda yy: P.quarter_span(yy, q), _base(r, direction), direction, strict), "quarter")


def r_semester(m, r):
    s = _g(m, "n")
    s = int(s) if s else (2 if ORDINALS[m["ord"]] in (2, -1) else 1)
    if m["year"]:
        return _span(P.semester_span(int(m["year"]), s), "quarter")
    y = _this_next_year(m, r)
    if y:
        return _span(P.semester_span(y, s), "quarter")
    direction, strict = _rel(m, r)
    return _span(P.pick(lambda yy: P.semester_span(yy, s), _base(r, direction), direction, strict), "quarter")


def r_season(m, r):
    w = _r_season(m, r)
    if w is not None and m["s"] == "rentree" and w.precision == "season":
        return Window(w.earliest, w.latest, "month")  # one month, September
    return w


def _r_season(m, r):
    season = SEASON_WORDS[m["s"]]
    pre = " ".join((m["pre"] or "").split())
    if not (pre or m["year"] or m["rel"]):
        return None
    if m["year"]:
        span = P.season_span(int(m["year"]), season)
    else:
        if pre == "next":
            direction, strict = FUTURE, True
        elif pre == "last":
            direction, strict = PAST, True
        else:
            direction, strict = _rel(m, r)
        span = P.pick(lambda y: P.season_span(y, season), _base(r, direction), direction, strict)
    if span is None:
        return None
    if ("fin" in pre or "end" in pre) and not pre.startswith(("d'ici", "dici", "by", "until", "jusqu", "avant",
                                                                 "before", "pour")):
        return Window(span[0], span[1], "season")  # "à la fin de l'été", "at the end of the summer"
    if pre.startswith(("d'ici", "dici", "by", "until", "jusqu")) or "fin" in pre or "end" in pre:
        return Window(r.pub, span[1], "season") if not r.open_ended else Window(span[0], None, "open")
    if pre.startswith(("avant", "before")):
        if r.open_ended:
            return Window(span[0], None, "open")
        return Window(r.pub, span[0] - timedelta(days=1), "season")
    return Window(span[0], span[1], "season")


def _part(m) -> str:
    return PARTS[" ".join(m["part"].split())]


def r_part(m, r):
    part = _part(m)
    if _g(m, "mon"):
        if not _english_ok(m, "mon", r):
            return None
        month = MONTHS[m["mon"]]
        year = _g(m, "year2")
        if year:
            return _span(P.month_part_span(int(year), month, part), "month")
        direction, strict = _rel(m, r)
        return _span(P.pick(lambda y: P.month_part_span(y, month, part), _base(r, direction), direction, strict),
                     "month")
    if _g(m, "year3"):
        return _span(P.year_part_span(int(m["year3"]), part), "quarter")
    if _g(m, "nexty"):
        return _span(P.year_part_span(r.pub.year + 1, part), "quarter")
    if _g(m, "thism"):
        base = r.pub if m["thism"] != "next" and not _g(m, "nextm") else P.add_months(r.pub.replace(day=1), 1)
        return _span(P.month_part_span(base.year, base.month, part), "month")
    if _g(m, "nextm"):
        base = P.add_months(r.pub.replace(day=1), 1)
        return _span(P.month_part_span(base.year, base.month, part), "month")
    # the year / this year: the current one
    return _span(P.year_part_span(r.pub.year, part), "quarter")


def _deadline_target(m, r) -> tuple[date, date, str] | None:
    """The period a deadline points at: (start, end, precision)."""
    if _g(m, "mon"):
        if not _english_ok(m, "mon", r):
            return None
        month = MONTHS[m["mon"]]
        if _g(m, "year2"):
            s, e = P.month_span(int(m["year2"]), month)
        else:
            span = P.pick(lambda y: P.month_span(y, month), r.pub, FUTURE)
            if span is None:
                return None
            s, e = span
        return s, e, "month"
    if _g(m, "year3"):
        y = int(m["year3"])
        return date(y, 1, 1), date(y, 12, 31), "year"
    if _g(m, "mo"):
        base = P.add_months(r.pub.replace(day=1), 1) if _g(m, "nextm") else r.pub
        s, e = P.month_span(base.year, base.month)
        return s, e, "month"
    if _g(m, "wk"):
        base = r.pub + timedelta(days=7) if _g(m, "nextw") else r.pub
        s, e = P.week_span(base)
        return s, e, "week"
    y = r.pub.year + 1 if _g(m, "nexty") else r.pub.year
    return date(y, 1, 1), date(y, 12, 31), "year"


def r_deadline_end(m, r):
    """avant/pour/d'ici la fin de X, by the end of X: publication .. end of X."""
    target = _deadline_target(m, r)
    if target is None:
        return None
    start, end, precision = target
    if r.open_ended:
        part_start = P.year_part_span(start.year, "late")[0] if precision == "year" else \
            P.month_part_span(start.year, start.month, "late")[0] if precision == "month" else start
        return Window(part_start, None, "open")
    return _deadline_window(r, start, end, precision)


def _deadline_window(r: Ref, start: date, end: date, precision: str) -> Window:
    """publication .. end; a deadline already past (a reported promise) spans its period."""
    if end < r.pub:
        return Window(start, end, precision)
    return Window(r.pub, end, precision)


def r_deadline(m, r):
    """d'ici mars, by 2014 (publication .. end); avant/before X (.. day before X)."""
    target = _deadline_target(m, r)
    if target is None:
        return None
    start, end, precision = target
    if r.open_ended:
        return Window(start, None, "open")
    pre = " ".join(m["pre"].split())
    if pre in ("avant", "before"):
        return _deadline_window(r, start, start - timedelta(days=1), precision)
    return _deadline_window(r, start, end, precision)


def r_this_period(m, r):
    unit = UNITS[m["unit"]]
    if _g(m, "earlier"):  # "earlier this year", "plus tôt cette année": the period's start .. publication
        start = date(r.pub.year, 1, 1) if unit == "year" else r.pub.replace(day=1) if unit == "month" \
            else P.week_span(r.pub)[0]
        return Window(start, r.pub, _UNIT_PRECISION[unit])
    if unit == "year":
        return Window(r.pub, date(r.pub.year, 12, 31), "year")
    if unit == "month":
        return Window(r.pub, P.month_end(r.pub.year, r.pub.month), "month")
    return Window(r.pub, P.week_span(r.pub)[1], "week")


def r_next_period(m, r):
    unit = UNITS[m["unit"] or m["unit2"]]
    if unit == "year":
        y = r.pub.year + 1
        return Window(date(y, 1, 1), date(y, 12, 31), "year")
    if unit == "month":
        base = P.add_months(r.pub.replace(day=1), 1)
        return _span(P.month_span(base.year, base.month), "month")
    if unit == "quarter":
        q = (r.pub.month - 1) // 3 + 2
        y = r.pub.year + (q > 4)
        return _span(P.quarter_span(y, (q - 1) % 4 + 1), "quarter")
    return _span(P.week_span(r.pub + timedelta(days=7)), "week")


def r_year(m, r):
    y = int(m["year"])
    return Window(date(y, 1, 1), date(y, 12, 31), "year")


def r_year_pair(m, r):
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 < y1:
        return None
    return Window(date(y1, 1, 1), date(y2, 12, 31), "year")


def r_last_period(m, r):
    unit = UNITS[m["unit"] or m["unit2"]]
    if unit == "year":
        y = r.pub.year - 1
        return Window(date(y, 1, 1), date(y, 12, 31), "year")
    if unit == "month":
        base = P.add_months(r.pub.replace(day=1), -1)
        return _span(P.month_span(base.year, base.month), "month")
    return _span(P.week_span(r.pub - timedelta(days=7)), "week")


def r_today(m, r):
    return _day(r.pub)


def r_tomorrow(m, r):
    return _day(r.pub + timedelta(days=2 if m.group(0).startswith(("apres", "the day after")) else 1))


def r_yesterday(m, r):
    return _day(r.pub - timedelta(days=2 if m.group(0).startswith("avant") else 1))


def r_weekend(m, r):
    rel = (m["rel"] or m["pre"] or "").strip()
    if rel in ("dernier", "last") or r.direction == PAST and rel not in ("prochain", "next"):
        saturday = P.weekday_near(r.pub, 5, PAST, rel in ("dernier", "last"))
    else:
        saturday = P.weekday_near(r.pub, 5, FUTURE, rel in ("prochain", "next"))
        if r.pub.weekday() == 6 and rel not in ("prochain", "next"):
            saturday = r.pub - timedelta(days=1)
    return Window(saturday, saturday + timedelta(days=1), "week")


def r_week_end_part(m, r):
    """"en fin de semaine", "à la fin de la semaine (prochaine)", "at the end of the week": Friday .. Sunday
    of that week, from the publication day when it is already in it."""
    rel = (m["rel"] or "").strip()
    monday = r.pub - timedelta(days=r.pub.weekday())
    if rel in ("prochaine", "next"):
        monday += timedelta(days=7)
    elif rel in ("derniere", "last"):
        monday -= timedelta(days=7)
    friday, sunday = monday + timedelta(days=4), monday + timedelta(days=6)
    if not rel and r.direction == PAST and r.pub < friday:
        friday, sunday = friday - timedelta(days=7), sunday - timedelta(days=7)  # "a ouvert en fin de semaine"
    elif not rel and friday <= r.pub <= sunday and r.direction != PAST:
        friday = r.pub
    return Window(friday, sunday, "week")


def r_weekday(m, r):
    wd = WEEKDAYS[m["wd"]]
    pre = (m["pre"] or "").strip()
    rel = m["rel"] or ""
    if pre == "next" or rel.startswith("prochain"):
        return _day(P.weekday_near(r.pub, wd, FUTURE, True))
    if pre == "last" or rel.startswith("dernier"):
        return _day(P.weekday_near(r.pub, wd, PAST, True))
    return _day(P.weekday_near(r.pub, wd, r.direction, False))


def _shift(day: date, n: int, unit: str, sign: int = 1) -> date:
    if unit == "hour":
        return day + timedelta(days=sign * -(-n // 24))
    if unit == "day":
        return day + timedelta(days=sign * n)
    if unit == "week":
        return day + timedelta(days=sign * 7 * n)
    if unit == "month":
        return P.add_months(day, sign * n)
    if unit == "quarter":
        return P.add_months(day, sign * 3 * n)
    return P.add_months(day, sign * 12 * n)


_UNIT_PRECISION = {"hour": "day", "day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def r_in_n(m, r):
    """dans N jours, in N weeks, d'ici 4 à 6 mois, dans les six prochains mois."""
    n = _number(m["n"])
    unit = UNITS[m["unit"]]
    if n is None:
        return Window(None, None, "vague")  # dans quelques mois, in a few weeks
    if m["n1"]:
        n1 = _number(m["n1"])
        if n1 is None or n1 > n:
            return None
        return Window(_shift(r.pub, n1, unit), _shift(r.pub, n, unit), _UNIT_PRECISION[unit])
    return Window(r.pub, _shift(r.pub, n, unit), _UNIT_PRECISION[unit])


def r_countdown(m, r):
    """N (more) days until: publication + N, a day; weeks and months: publication .. + N."""
    n = _number(m["n"] or m["n2"])
    if n is None:
        return None
    unit = UNITS[m["unit"] or m["unit2"]]
    if unit in ("day", "hour"):
        return _day(_shift(r.pub, n, unit))
    return Window(r.pub, _shift(r.pub, n, unit), _UNIT_PRECISION[unit])


def r_ago(m, r):
    n = _number(m["n"] or m["n2"])
    if n is None:
        return None
    unit = UNITS[m["unit"] or m["unit2"]]
    day = _shift(r.pub, n, unit, -1)
    if unit == "day" or _g(m, "today") or _g(m, "exact") or _g(m, "exact_since"):  # "a year ago today", "exactly a year ago"
        return _day(day)
    if unit == "week":
        return _span(P.week_span(day), "week")
    if unit == "month":
        return _span(P.month_span(day.year, day.month), "month")
    return Window(date(day.year, 1, 1), date(day.year, 12, 31), "year")


def r_same_day(m, r):
    """"le même jour", "the same day": the day of the claim just made, if there is one."""
    return _day(r.last_day) if r.last_day is not None else None


def r_vague(m, r):
    return Window(None, None, "vague")


# --- patterns --------------------------------------------------------------

# Deadline words (d'ici, by, avant, before, until, jusqu'en) are the deadline handler's: a month after
# them is "publication .. end of that month", not the whole month.
_PRE_MONTH = (
    r"en|in|pour|for|des|apres|after|courant|durant|during|vers|around|"
    r"a\s+partir\s+de|from|since|depuis|this|next|last|ce|cet|au\s+cours\s+de|"
    r"sometime\s+in|later\s+in|plus\s+tard\s+en|prevue?\s+en|"
    # a delay's new date: "repoussé à mars", "postponed to March"
    r"(?:repoussee?s?|reportee?s?|decalee?s?|pushed\s+back|postponed|delayed|moved|pushed)\s+(?:a|au|to|until)"
)
_THIS_NEXT = r"(?P<which>this|next|cette|prochaine)"
_TODAY = (r"(?:aujourd'hui|aujourd\s+hui|today|ce\s+matin|this\s+morning|ce\s+soir|tonight|this\s+evening|"
          r"cet\s+apres-midi|cet\s+apres\s+midi|this\s+afternoon|ce\s+jour(?![\s-]+la(?!\w))|cette\s+nuit|earlier\s+today)")

_SPECS: list[tuple[str, str, Resolver]] = [
    ("iso", rf"{B}{YEAR}-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01]){E}", r_iso),
    ("numeric", rf"(?<![\d/.,]){B}(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>20[0-3]\d|\d\d)(?![\d/.]?\d)",
     r_numeric),
    ("day_month",
     rf"{B}(?:(?:on|for|by|until|from|since|le|du|au|pour)\s+)?(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+|de\s+)?(?P<mon>{MONTH_ANY})\.?"
     rf"(?:,?\s+{YEAR})?{REL}?{E}", r_day_month),
    ("month_day",
     rf"{B}(?:(?:on|for|by|until|from|since|in|to|pour)\s+)?(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH_ANY})\.?\s+(?:the\s+)?{DAY}(?!\d)(?!\s*(?:%|h\b|:))"
     rf"(?:,?\s+{YEAR})?{E}", r_month_day),
    ("day_pair_fr",
     rf"{B}(?:(?:le|les|du|entre\s+le|pour\s+le|on)\s+)?(?P<d1>3[01]|[12]\d|0?[1-9])(?:er|e)?\s+(?:ou|et|au|-|a)\s+"
     rf"(?:le\s+)?{DAY}\s+(?:de\s+)?(?P<mon>{MONTH_ANY})\.?(?:,?\s+{YEAR})?{REL}?{E}", r_day_pair),
    ("day_pair_en",
     rf"{B}(?:(?:on|between|for)\s+)?(?P<mon>{MONTH_ANY})\.?\s+(?:the\s+)?(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
     rf"\s+(?:or|and|-|to)\s+(?:the\s+)?{DAY}(?!\d)(?!\s*(?:%|h\b|:))(?:,?\s+{YEAR})?{E}", r_day_pair),
    # "a 2017 launch", "a January launch", "its planned January 2017 release": attributive dates
    ("attributive",
     rf"{B}(?:a|an|the|its|his|their)\s+(?:(?:full|public|official|planned|tentative|possible|formal|beta|global|"
     rf"worldwide|targeted|proposed|expected|promised|new)\s+)?(?:(?P<mon>{MONTH})(?:\s+{YEAR})?|(?P<year_b>20[0-3]\d))"
     rf"(?=\s+(?:launch|release|debut|rollout|opening|go-live|arrival|return)(?!\w))", None),
    ("month_pair",
     rf"{B}(?:(?:en|in|pour|for|entre|between|vers|around|d'ici)\s+)?{MOIS_DE}?(?P<m1>{MONTH})\s+"
     rf"(?:ou|or|et|and|-|a|to)\s+(?:{MOIS_DE}|de\s+|d'|en\s+|in\s+)?(?P<m2>{MONTH})(?:\s+{YEAR})?{REL}?{E}", r_month_pair),
    ("month",
     rf"{B}(?:(?P<pre>{_PRE_MONTH})\s+)?(?P<mois>{MOIS_DE})?(?P<mon>{MONTH})(?:\s+{YEAR})?{REL}?{E}", r_month),
    # an abbreviated month only with its year ("Jan 2013"; "mar", "dec" alone are words)
    ("month_abbr", rf"{B}(?:(?P<pre>{_PRE_MONTH})\s+)?(?P<mon>{_alt(MONTH_ABBR)})\.?\s+{YEAR}{E}", r_month_abbr),
    ("quarter_fr",
     rf"{B}(?P<ord>premier|1er|deuxieme|2e|2eme|second|troisieme|3e|3eme|quatrieme|4e|4eme|dernier)\s+"
     rf"trimestre(?:\s+(?:de\s+l'annee\s+|de\s+l'an\s+|de\s+)?{YEAR}"
     rf"|\s+de\s+(?:l'annee\s+)?(?P<which>prochaine|cette)(?:\s+annee)?|\s+(?P<rel>prochain))?{E}", r_quarter),
    ("quarter_en",
     rf"{B}(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+quarter"
     rf"(?:\s+of\s+(?:the\s+year\s+)?{YEAR}|\s+of\s+{_THIS_NEXT}\s+year|\s+of\s+the\s+year|,?\s+(?P<year_b>20[0-3]\d))?{E}",
     r_quarter),
    ("quarter_q", rf"{B}(?P<t>[qt])(?P<n>[1-4])(?:\s*(?:/|'|of|de)?\s*(?P<year>20[0-3]\d|\d\d))?{E}", r_quarter),
    ("semester_fr",
     rf"{B}(?P<ord>premier|1er|second|deuxieme|2e|2eme|dernier)\s+semestre"
     rf"(?:\s+(?:de\s+l'annee\s+|de\s+)?{YEAR}|\s+de\s+l'annee\s+{_THIS_NEXT}|\s+(?P<rel>prochain))?{E}", r_semester),
    ("semester_en",
     rf"{B}(?P<ord>first|second|latter|last)\s+half\s+of\s+(?:{YEAR}|{_THIS_NEXT}\s+year|the\s+year){E}",
     r_semester),
    ("semester_h", rf"{B}h(?P<n>[12])\s+{YEAR}{E}", r_semester),
    ("season",
     rf"{B}(?:(?P<pre>(?:d'ici|dici|avant|pour|jusqu'a)\s+la\s+fin\s+de\s+l'|(?:a\s+la\s+)?fin\s+de\s+l'|"
     rf"(?:by|before|until|at)\s+the\s+end\s+of(?:\s+the)?|the\s+end\s+of(?:\s+the)?|"
     rf"d'ici\s+l'|dici\s+l'|d'ici\s+le|avant\s+l'|avant\s+le|pour\s+l'|pour\s+le|jusqu'a\s+l'|des\s+l'|pendant\s+l'|durant\s+l'|"
     rf"au\s+cours\s+de\s+l'|a\s+l'|en|au|l'|cet|cette|ce|this|next|last|in\s+the|in|by\s+the|by|"
     rf"during\s+the|during|over\s+the|for\s+the|until\s+the|until|before\s+the|before|"
     # "la rentrée" (September): "d'ici la rentrée", "à la rentrée 2014", not "la rentrée d'argent / judiciaire"
     rf"(?:d'ici|dici|avant|pour|des|a|apres|jusqu'a|vers)\s+la|la)\s*)?"
     rf"(?P<s>{SEASON})(?!(?<=rentree)\s+(?:d'|de\s|des\s|du\s|fiscale|judiciaire|parlementaire|politique|"
     rf"litteraire|sociale|economique))(?:\s+(?:of\s+|de\s+)?{YEAR})?{REL}?{E}", r_season),
    ("part_fr",
     rf"{B}(?:(?:au|en|a\s+la|a|des\s+le|des\s+la|vers\s+la|vers\s+le|la|le|dans\s+la|courant)\s+)?"
     rf"(?P<part>debut|mi|fin|milieu)(?:\s*-\s*|\s+)(?:"
     rf"(?:du\s+mois\s+(?:de\s+|d')|de\s+|d')?(?P<mon>{MONTH})(?:\s+(?P<year2>20[0-3]\d))?{REL}?"
     rf"|(?:de\s+l'annee\s+|de\s+l'an\s+|d'annee\s+|de\s+)?(?P<year3>20[0-3]\d)"
     rf"|(?:de\s+)?(?:l'|d')(?:annee|an)\s+(?P<nexty>prochaine?)"
     rf"|du\s+mois\s+(?P<nextm>prochain)|(?P<thism>du\s+mois|de\s+ce\s+mois)"
     rf"|(?:de\s+)?(?:cette\s+annee|l'annee|l'annee\s+en\s+cours)|d'annee){E}", r_part),
    ("part_en",
     rf"{B}(?:(?:in|around|during|at|from)\s+)?(?:the\s+)?"
     rf"(?P<part>early|mid|late|beginning\s+of|start\s+of|middle\s+of|end\s+of)(?:\s*-\s*|\s+)(?:the\s+)?(?:"
     rf"(?P<mon>{MONTH})(?:,?\s+(?P<year2>20[0-3]\d))?|(?P<year3>20[0-3]\d)|(?P<nexty>next)\s+year"
     rf"|(?P<nextm>next)\s+month|(?P<thism>this|the)\s+month|this\s+year|the\s+year|year){E}", r_part),
    ("deadline_end_fr",
     rf"{B}(?P<pre>avant|pour(?=\s+la\s)|d'ici(?:\s+a)?|dici|jusqu'a|au\s+plus\s+tard\s+(?:a|pour))\s+(?:la\s+)?fin\s+(?:"
     rf"(?:de\s+l'|d')(?:annee|an)(?:\s+(?P<year3>20[0-3]\d)|\s+(?P<nexty>prochaine?)|\s+en\s+cours)?"
     rf"|(?:du\s+)?(?P<mo>mois)(?:\s+(?P<nextm>prochain)|\s+en\s+cours)?"
     rf"|de\s+la\s+(?P<wk>semaine)(?:\s+(?P<nextw>prochaine))?"
     rf"|(?:du\s+mois\s+(?:de\s+|d')|de\s+|d')?(?P<mon>{MONTH})(?:\s+(?P<year2>20[0-3]\d))?"
     rf"|(?P<year3b>20[0-3]\d)|de\s+cette\s+annee){E}", None),
    ("deadline_end_en",
     rf"{B}(?P<pre>by|before|until|for|no\s+later\s+than|in\s+time\s+for)\s+(?:the\s+)?end\s+of\s+(?:"
     rf"(?:the|this)\s+year|year|(?P<nexty>next)\s+year|(?:the|this)\s+(?P<mo>month)|(?P<nextm>next)\s+(?P<mo2>month)"
     rf"|(?:the|this)\s+(?P<wk>week)|(?P<nextw>next)\s+(?P<wk2>week)|(?P<mon>{MONTH})(?:,?\s+(?P<year2>20[0-3]\d))?"
     rf"|(?P<year3>20[0-3]\d)){E}"
     rf"|{B}(?P<pre2>by|before)\s+(?:the\s+)?year(?:'s)?[\s-]end{E}", None),
    ("deadline",
     rf"{B}(?P<pre>d'ici(?:\s+a)?|dici|by|avant|before|until|jusqu'en|jusqu'a|au\s+plus\s+tard\s+en|no\s+later\s+than)\s+"
     rf"(?:(?:le\s+)?mois\s+(?:de\s+|d'))?(?:(?P<mon>{MONTH})(?:,?\s+(?P<year2>20[0-3]\d))?|(?P<year3>20[0-3]\d)){E}",
     r_deadline),
    ("this_period",
     rf"{B}(?:(?:plus\s+tard|later|sometime|dans\s+le\s+courant\s+de|au\s+cours\s+de|courant|d'ici\s+la\s+fin\s+de"
     rf"|(?P<earlier>earlier|plus\s+tot|au\s+debut\s+de|at\s+the\s+start\s+of))\s+)?"
     rf"(?:cette|this|cet|ce)\s+(?P<unit>annee|year|mois|month|semaine|week)(?:-ci)?{E}"
     rf"|{B}(?:dans\s+l'|en\s+cours\s+d'|courant\s+de\s+l'|within\s+the\s+)(?P<unit_b>annee|year){E}", None),
    ("next_period",
     rf"{B}(?:(?:courant|dans\s+le\s+courant\s+de|au\s+cours\s+de|pour|des|en|a)\s+)?(?:(?:la|le|l')\s*)?"
     rf"(?P<unit>semaine|mois|annee|an|trimestre)\s+prochaine?{E}"
     rf"|{B}(?:(?:in|during|for|over)\s+)?(?:the\s+)?next\s+(?P<unit2>week|month|year|quarter){E}", r_next_period),
    ("year",
     rf"{B}(?:en|in|pour|for|courant|durant|during|au\s+cours\s+de(?:\s+l'annee)?|dans\s+le\s+courant\s+de"
     rf"(?:\s+l'annee)?|sometime\s+in|des|depuis|since|vers|around|l'annee|the\s+year|a\s+l'horizon|horizon|"
     rf"through|throughout|later\s+in|plus\s+tard\s+en|within|(?:repoussee?s?|reportee?s?|decalee?s?|"
     rf"pushed\s+back|postponed|delayed|moved|pushed)\s+(?:a|au|to|until|jusqu'en|en|in))\s+{YEAR}{E}(?![-/]\d)", r_year),
    ("year_pair",
     rf"{B}(?:en|in|entre|between|pour|for)\s+(?P<y1>20[0-3]\d)\s+(?:ou|or|et|and|-|a|to)\s+(?P<y2>20[0-3]\d){E}",
     r_year_pair),
    ("last_period",
     rf"{B}(?:(?:la|le|l')\s*)?(?P<unit>semaine|mois|annee|an)\s+derniere?{E}"
     rf"|{B}(?:(?:in|during|over)\s+)?last\s+(?P<unit2>week|month|year){E}", r_last_period),
    # After a copula, "today" is "nowadays" ("qui est aujourd'hui offerte par", "is today the largest")
    # unless a launch word or an -ing verb follows ("est aujourd'hui en ligne", "is today enjoying").
    ("today",
     rf"{B}(?:(?<!\best\s)(?<!\bsont\s)(?<!\breste\s)(?<!\bis\s)(?<!\bare\s)(?<!\bremains\s){_TODAY}{E}"
     rf"|{_TODAY}{E}(?=\s+(?:en\s+ligne|disponibles?|ouverte?s?|lancee?s?|accessibles?|live|online|open|available|"
     rf"launch\w*|[a-z]+ing)(?!\w)))", r_today),
    ("tomorrow", rf"{B}(?:apres-demain|apres\s+demain|the\s+day\s+after\s+tomorrow|demain|tomorrow){E}", r_tomorrow),
    ("yesterday", rf"{B}(?:avant-hier|avant\s+hier|hier|yesterday){E}", r_yesterday),
    ("weekend",
     rf"{B}(?:(?P<pre>ce|this|le|the|next|last)\s+)(?:week-end|weekend|week\s+end){E}(?:\s+(?P<rel>prochain|dernier))?",
     r_weekend),
    # The end of a week as a window (not a deadline: "d'ici la fin de la semaine" is the deadline handler's).
    ("week_end_part",
     rf"{B}(?:(?<!d'ici\s)(?<!dici\s)(?:en|a\s+la|pour\s+la)\s+fin\s+(?:de\s+la\s+|de\s+)?semaine|(?<!by\s)at\s+the\s+end\s+of\s+"
     rf"(?:the|this)\s+week)(?:\s+(?P<rel>prochaine|derniere)(?=\W|$))?{E}", r_week_end_part),
    ("weekday",
     rf"{B}(?:(?P<pre>ce|on|this|next|last|le)\s+)?(?P<wd>{WEEKDAY}){E}"
     rf"(?:\s+(?P<rel>prochain|dernier))?(?!\s+\d)", r_weekday),
    # A weekday with its day of the month and no month: "vendredi 20", "lundi (20)", "Sunday the 20th".
    ("weekday_day",
     rf"{B}(?:(?:ce|on|this|le)\s+)?(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?\(?{DAY}\)?(?!\s*(?:de\s+|of\s+)?(?:{MONTH_ANY})\b)"
     rf"(?![\d/:h%]|\.\d)", None),
    ("in_n",
     rf"{B}(?:dans|d'ici(?:\s+a)?|dici|in|within|sous|over|au\s+cours\s+des)\s+"
     rf"(?:(?:around|about|approximately|roughly|some|environ|a\s+peu\s+pres|quelque)\s+)?(?:(?:les|the)\s+)?"
     rf"(?:(?:prochains?|prochaines?|next|coming)\s+)?(?:(?P<n1>{NUM})\s*(?:a|to|ou|or|-)\s*)?(?P<n>{NUM})\s+"
     rf"(?:(?:prochains?|prochaines?|next|coming)\s+)?(?P<unit>jours?|semaines?|mois|ans?|annees?|days?|weeks?|months?|years?|heures|hours)"
     rf"{E}(?:'?\s+time)?", r_in_n),
    ("from_now",
     rf"{B}(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?)\s+from\s+now{E}", r_in_n),
    ("ago_fr", rf"{B}(?:(?:il\s+y\s+a|voici|voila|ca\s+fait|cela\s+fait)\s+(?:(?P<exact>exactement|tout\s+juste|"
     rf"tout\s+pile|pile|precisement)\s+)?|depuis\s+(?P<exact_since>exactement|tout\s+juste|tout\s+pile|"
     rf"pile|precisement)\s+)(?P<n>{NUM})\s+(?P<unit>jours?|semaines?|mois|ans?|annees?){E}"
     rf"(?P<today>,?\s+jour\s+pour\s+jour|,?\s+aujourd'hui)?",
     r_ago),
    ("ago_en", rf"{B}(?:(?P<exact>exactly|precisely)\s+)?(?P<n2>{NUM})\s+(?P<unit2>days?|weeks?|months?|years?)\s+ago{E}"
     rf"(?P<today>\s+today|\s+to\s+the\s+day|\s+this\s+week)?", r_ago),
    # A countdown: "2 more days until", "plus qu'un mois avant", "encore trois jours avant".
    ("countdown",
     rf"{B}(?:(?:plus\s+qu'\s*|plus\s+que\s+|encore\s+|only\s+|just\s+)(?P<n>{NUM})\s+(?:more\s+)?"
     rf"(?P<unit>jours?|semaines?|mois|heures?|days?|weeks?|months?|hours?)"
     rf"|(?P<n2>{NUM})\s+more\s+(?P<unit2>days?|weeks?|months?|hours?))"
     rf"\s+(?:until|till|to\s+go|before|avant|left|restants?){E}", r_countdown),
    # A distance to the launch: "is 51 days away", "four to six months away" (publication .. + N, as
    # "in N days"); its own cue, like the countdown.
    ("away",
     rf"{B}(?:(?P<n1>{NUM})\s*(?:to|or|-)\s*)?(?P<n>{NUM})\s+(?P<unit>days?|weeks?|months?|years?)\s+away{E}",
     r_in_n),
    # Back to the day of the claim just made: "Bitcache ouvrira le même jour", "on the same day".
    ("same_day",
     rf"{B}(?:(?:le|ce|au|du)\s+meme\s+jour|(?:on\s+)?(?:the|that)\s+(?:very\s+)?same\s+day){E}", r_same_day),
    ("vague",
     rf"{B}(?:tres\s+)?(?:bientot|prochainement|sous\s+peu|d'ici\s+peu|tres\s+vite|incessamment|soon|shortly|"
     rf"in\s+the\s+near\s+future|dans\s+un\s+(?:avenir|futur)\s+proche|before\s+long|any\s+day\s+now|"
     rf"in\s+the\s+(?:coming|next)\s+(?:few\s+)?(?:days|weeks|months)|"
     rf"dans\s+les\s+(?:prochains|prochaines)\s+(?:jours|semaines|mois)|"
     rf"dans\s+les\s+(?:jours|semaines|mois)\s+(?:qui\s+viennent|a\s+venir)|"
     rf"in\s+(?:a\s+few|several|the\s+next\s+few)\s+(?:days|weeks|months)|"
     rf"dans\s+(?:quelques|plusieurs)\s+(?:jours|semaines|mois)){E}", r_vague),
]


# One example row per handler at least (the handler, resolved forwards from the publication day):
# (lang, phrase, published, earliest, latest, precision). tests/test_claims.py runs every row, so a
# handler's rows travel with it.
EXAMPLES: dict[str, tuple[tuple, ...]] = {
    "iso": (
        ("fr", "le 2017-01-20", "2016-10-01", "2017-01-20", "2017-01-20", "day"),
    ),
    "numeric": (
        ("fr", "le 20/01/2013", "2012-12-01", "2013-01-20", "2013-01-20", "day"),
    ),
    "day_month": (
        ("fr", "le 19 janvier 2013", "2012-11-01", "2013-01-19", "2013-01-19", "day"),
        ("fr", "le 19 mars prochain", "2012-11-28", "2013-03-19", "2013-03-19", "day"),
    ),
    "month_day": (
        ("en", "on January 20th", "2012-12-01", "2013-01-20", "2013-01-20", "day"),
    ),
    "day_pair_fr": (
        ("fr", "le 19 ou le 20 janvier", "2016-11-05", "2017-01-19", "2017-01-20", "day"),
    ),
    "day_pair_en": (
        ("en", "on January 19 or 20", "2012-11-05", "2013-01-19", "2013-01-20", "day"),
    ),
    "attributive": (
        ("en", "a 2017 launch", "2016-03-16", "2017-01-01", "2017-12-31", "year"),
        ("en", "a January launch", "2016-07-16", "2017-01-01", "2017-01-31", "month"),
    ),
    "month_pair": (
        ("fr", "en octobre ou novembre", "2012-08-16", "2012-10-01", "2012-11-30", "month"),
    ),
    "month": (
        ("fr", "en mars 2014", "2013-06-01", "2014-03-01", "2014-03-31", "month"),
        ("fr", "repoussé à mars", "2015-02-05", "2015-03-01", "2015-03-31", "month"),
        ("en", "in April", "2013-06-01", "2014-04-01", "2014-04-30", "month"),
    ),
    "month_abbr": (
        ("en", "in Jan 2013", "2013-09-05", "2013-01-01", "2013-01-31", "month"),
        ("en", "Sept. 2014", "2014-01-10", "2014-09-01", "2014-09-30", "month"),
        ("fr", "en janv. 2014", "2013-11-01", "2014-01-01", "2014-01-31", "month"),
    ),
    "quarter_fr": (
        ("fr", "au premier trimestre 2015", "2014-10-01", "2015-01-01", "2015-03-31", "quarter"),
    ),
    "quarter_en": (
        ("en", "in the fourth quarter", "2014-03-01", "2014-10-01", "2014-12-31", "quarter"),
    ),
    "quarter_q": (
        ("en", "Q3 2016", "2016-01-10", "2016-07-01", "2016-09-30", "quarter"),
    ),
    "semester_fr": (
        ("fr", "au second semestre 2016", "2016-01-10", "2016-07-01", "2016-12-31", "quarter"),
    ),
    "semester_en": (
        ("en", "in the first half of next year", "2016-08-10", "2017-01-01", "2017-06-30", "quarter"),
    ),
    "semester_h": (
        ("en", "H2 2016", "2016-01-10", "2016-07-01", "2016-12-31", "quarter"),
    ),
    "season": (
        ("fr", "cet automne", "2016-07-01", "2016-09-22", "2016-12-21", "season"),
        ("en", "in the spring of 2016", "2015-01-05", "2016-03-20", "2016-06-20", "season"),
        ("en", "by the end of the summer", "2012-07-05", "2012-07-05", "2012-09-22", "season"),
        ("fr", "d'ici la fin de l'été", "2012-07-05", "2012-07-05", "2012-09-22", "season"),
        ("fr", "à la fin de l'été", "2012-07-05", "2012-06-21", "2012-09-22", "season"),
        ("en", "in winter 2014", "2014-03-01", "2014-12-21", "2015-03-19", "season"),
        ("fr", "à la rentrée", "2013-07-12", "2013-09-01", "2013-09-30", "month"),
        ("fr", "d'ici la rentrée", "2013-07-12", "2013-07-12", "2013-09-30", "month"),
        ("fr", "pour la rentrée 2014", "2014-03-01", "2014-09-01", "2014-09-30", "month"),
    ),
    "part_fr": (
        ("fr", "fin 2014", "2014-02-01", "2014-10-01", "2014-12-31", "quarter"),
        ("fr", "en début d'année prochaine", "2016-08-05", "2017-01-01", "2017-03-31", "quarter"),
    ),
    "part_en": (
        ("en", "in mid-March", "2015-01-10", "2015-03-11", "2015-03-20", "month"),
    ),
    "deadline_end_fr": (
        ("fr", "avant la fin de l'année", "2012-08-16", "2012-08-16", "2012-12-31", "year"),
    ),
    "deadline_end_en": (
        ("en", "by the end of next month", "2015-01-10", "2015-01-10", "2015-02-28", "month"),
        ("en", "before end of year", "2012-09-05", "2012-09-05", "2012-12-31", "year"),
    ),
    "deadline": (
        ("fr", "d'ici novembre", "2017-04-05", "2017-04-05", "2017-11-30", "month"),
        ("en", "before June", "2018-02-10", "2018-02-10", "2018-05-31", "month"),
    ),
    "this_period": (
        ("fr", "plus tard cette année", "2016-07-07", "2016-07-07", "2016-12-31", "year"),
        ("en", "earlier this year", "2013-06-20", "2013-01-01", "2013-06-20", "year"),
    ),
    "next_period": (
        ("fr", "la semaine prochaine", "2013-01-16", "2013-01-21", "2013-01-27", "week"),
        ("en", "next year", "2016-10-26", "2017-01-01", "2017-12-31", "year"),
    ),
    "year": (
        ("fr", "à l'horizon 2017", "2015-11-01", "2017-01-01", "2017-12-31", "year"),
        ("fr", "en 2016", "2015-06-01", "2016-01-01", "2016-12-31", "year"),
    ),
    "year_pair": (
        ("fr", "en 2016 ou 2017", "2015-06-01", "2016-01-01", "2017-12-31", "year"),
    ),
    "last_period": (
        ("fr", "le mois dernier", "2015-03-10", "2015-02-01", "2015-02-28", "month"),
    ),
    "today": (
        ("fr", "aujourd'hui", "2015-01-22", "2015-01-22", "2015-01-22", "day"),
        ("fr", "ce jour", "2015-01-22", "2015-01-22", "2015-01-22", "day"),
    ),
    "tomorrow": (
        ("en", "tomorrow", "2013-01-19", "2013-01-20", "2013-01-20", "day"),
    ),
    "yesterday": (
        ("fr", "hier", "2013-01-21", "2013-01-20", "2013-01-20", "day"),
    ),
    "weekend": (
        ("fr", "ce week-end", "2013-01-16", "2013-01-19", "2013-01-20", "week"),
    ),
    "week_end_part": (
        ("fr", "en fin de semaine", "2017-01-18", "2017-01-20", "2017-01-22", "week"),
        ("fr", "à la fin de la semaine prochaine", "2017-01-18", "2017-01-27", "2017-01-29", "week"),
        ("en", "at the end of the week", "2017-01-21", "2017-01-21", "2017-01-22", "week"),
    ),
    "weekday": (
        ("fr", "lundi", "2014-01-16", "2014-01-20", "2014-01-20", "day"),
    ),
    "weekday_day": (
        ("fr", "vendredi 20", "2017-01-18", "2017-01-20", "2017-01-20", "day"),
        ("fr", "lundi (20)", "2014-01-10", "2014-01-20", "2014-01-20", "day"),
    ),
    "in_n": (
        ("fr", "dans trois semaines", "2013-01-01", "2013-01-01", "2013-01-22", "week"),
        ("fr", "d'ici un an", "2013-01-05", "2013-01-05", "2014-01-05", "year"),
        ("fr", "d'ici 4 à 6 mois", "2016-07-01", "2016-11-01", "2017-01-01", "month"),
        ("en", "in 48 hours", "2015-01-20", "2015-01-20", "2015-01-22", "day"),
    ),
    "from_now": (
        ("en", "two weeks from now", "2013-01-01", "2013-01-01", "2013-01-15", "week"),
    ),
    "ago_fr": (
        ("fr", "il y a deux ans jour pour jour", "2015-01-20", "2013-01-20", "2013-01-20", "day"),
        ("fr", "voilà un an", "2014-03-16", "2013-01-01", "2013-12-31", "year"),
        ("fr", "il y a un an jour pour jour", "2014-01-20", "2013-01-20", "2013-01-20", "day"),
        ("fr", "cela fait précisément deux ans", "2016-01-20", "2014-01-20", "2014-01-20", "day"),
        ("fr", "depuis tout juste une semaine", "2015-01-29", "2015-01-22", "2015-01-22", "day"),
    ),
    "ago_en": (
        ("en", "two years ago", "2015-06-01", "2013-01-01", "2013-12-31", "year"),
        ("en", "exactly a year ago", "2014-01-20", "2013-01-20", "2013-01-20", "day"),
    ),
    "countdown": (
        ("en", "2 more days until", "2013-01-18", "2013-01-20", "2013-01-20", "day"),
        ("fr", "plus qu'un mois avant", "2016-12-20", "2016-12-20", "2017-01-20", "month"),
    ),
    "away": (
        ("en", "51 days away", "2016-11-30", "2016-11-30", "2017-01-20", "day"),
        ("en", "four to six months away", "2016-02-29", "2016-06-29", "2016-08-29", "month"),
    ),
    "same_day": (),  # needs the text's previous claim: rows in tests/data/claims_cases.jsonl
    "vague": (
        ("fr", "dans les prochains mois", "2013-05-01", None, None, "vague"),
    ),
}


def _attributive(m, r):
    """"a 2017 launch", "a January launch": that year or month."""
    if _g(m, "mon"):
        if not _english_ok(m, "mon", r):
            return None
        return _month_window(m, r, MONTHS[m["mon"]], m["year"])
    return r_year(m, r)


def _weekday_day(m, r):
    """"vendredi 20": the date with that weekday and day of the month nearest the reference in the
    verb's direction, within three months (None when the two never meet in that span)."""
    wd, day = WEEKDAYS[m["wd"]], int(m["day"])
    base = _base(r, r.direction)
    found = []
    for k in range(-3, 4):
        first = P.add_months(base.replace(day=1), k)
        try:
            d = first.replace(day=day)
        except ValueError:
            continue
        if d.weekday() == wd:
            found.append(d)
    if r.direction == FUTURE:
        found = [d for d in found if d >= base]
        return _day(min(found)) if found else None
    found = [d for d in found if d <= r.pub]
    return _day(max(found)) if found else None


def _deadline_end(m, r):
    return r_deadline_end(m, r)


def _deadline_end_en(m, r):
    if _g(m, "pre2"):
        return Window(r.pub, date(r.pub.year, 12, 31), "year") if not r.open_ended \
            else Window(date(r.pub.year, 10, 1), None, "open")
    return r_deadline_end(m, r)


def _this_period(m, r):
    if _g(m, "unit_b"):
        return Window(r.pub, date(r.pub.year, 12, 31), "year")
    return r_this_period(m, r)


_LATE_RESOLVERS = {"attributive": _attributive, "weekday_day": _weekday_day, "deadline_end_fr": _deadline_end, "deadline_end_en": _deadline_end_en,
                   "this_period": _this_period}

# Group aliases used by two-alternative patterns.
_GROUP_ALIASES = {"year3b": "year3", "mo2": "mo", "wk2": "wk", "year_b": "year"}


def _group_names(names, name: str) -> tuple[str, ...]:
    """The groups of a pattern that stand for ``name``, in the order they are read: itself, then its aliases."""
    return ((name,) if name in names else ()) + tuple(alt for alt, main in _GROUP_ALIASES.items()
                                                        if main == name and alt in names)


_GROUP_NAMES: dict[tuple, tuple[str, ...]] = {}  # (pattern source, group name) -> _group_names


class _AliasMatch:
    """Wraps a match so that alternate group names read as the main one."""

    __slots__ = ("m", "names")

    def __init__(self, m, names: dict | None = None):
        self.m = m
        self.names = names  # group name -> _group_names, for m's pattern (see _wrap); None: looked up

    def group(self, name=0):
        m = self.m
        if name == 0 or name.__class__ is not str:
            return m.group(name)
        # (a missing group is looked up in the pattern's names, worked out once per pattern and name,
        # not caught as an IndexError)
        if self.names is not None:
            found = self.names.get(name, ())
        else:
            found = _GROUP_NAMES.get((m.re.pattern, name))  # (a pattern's source: its own hash reads its whole code)
            if found is None:
                found = _GROUP_NAMES[(m.re.pattern, name)] = _group_names(m.re.groupindex, name)
        for n in found:
            value = m.group(n)
            if value is not None:
                return value
        return None

    __getitem__ = group

    def start(self, name=0):
        return self.m.start(name)

    def end(self, name=0):
        return self.m.end(name)


def _wrap(resolve: Resolver, regex: re.Pattern | None = None) -> Resolver:
    # The group names of the handler's own pattern, worked out once (a name in neither the pattern nor
    # the aliases reads as None: no entry).
    names = None if regex is None else {
        name: _group_names(regex.groupindex, name) for name in {*regex.groupindex, *_GROUP_ALIASES.values()}}

    def run(m, r):
        return resolve(_AliasMatch(m, names if m.re is regex else None), r)
    run.__name__ = getattr(resolve, "__name__", "resolve")
    return run


_UNITS = "jour jours semaine semaines mois an ans annee annees day days week weeks month months year years heures hours"
_MONTH_GATE = (" ".join(list(MONTHS) + list(MONTH_ABBR)),)  # one object: the four month handlers share it
_WEEKDAY_GATE = (" ".join(WEEKDAYS),)  # one object: the two weekday handlers share it
# Cheap gates: a handler runs only if the sentence has a word of each group (or the pattern matches).
# Words are runs of [a-z0-9] in the folded sentence: "d'ici" gives "d" and "ici", "mi-mars" "mi" and "mars".
GATES = {
    "iso": re.compile(r"\d-\d"), "numeric": re.compile(r"\d[/.]\d"),
    "day_month": _MONTH_GATE, "month_day": _MONTH_GATE,
    "day_pair_fr": re.compile(r"\d(?:er|e)?\s+(?:ou|et|au|a|-)\s+(?:le\s+)?\d"),
    "day_pair_en": re.compile(r"\d(?:st|nd|rd|th)?\s+(?:or|and|-|to)\s+(?:the\s+)?\d"),
    "attributive": ("launch release debut rollout opening go live arrival return",), "month_pair": _MONTH_GATE, "month": _MONTH_GATE, "month_abbr": _MONTH_GATE,
    "quarter_fr": ("trimestre",), "quarter_en": ("quarter",), "quarter_q": ("q1 q2 q3 q4 t1 t2 t3 t4",),
    "semester_fr": ("semestre",), "semester_en": ("half",), "semester_h": ("h1 h2",),
    "season": (" ".join(SEASON_WORDS),),
    "part_fr": ("debut mi fin milieu",), "part_en": ("early mid late beginning start middle end",),
    "deadline_end_fr": ("fin",), "deadline_end_en": ("end",),
    "deadline": ("ici dici by avant before until jusqu tard than",),
    "this_period": ("cette this cet ce dans en courant within", "annee year mois month semaine week"),
    "next_period": ("prochain prochaine next", "semaine mois annee an trimestre week month year quarter"),
    "year": re.compile(r"20[0-3]\d"), "year_pair": re.compile(r"20[0-3]\d\D+20[0-3]\d"),
    "last_period": ("dernier derniere last", "semaine mois annee an week month year"),
    "today": ("aujourd today matin morning soir tonight evening apres afternoon jour nuit",),
    "tomorrow": ("demain tomorrow",), "yesterday": ("hier yesterday",), "weekend": ("week weekend",),
    "week_end_part": ("fin end", "semaine week"),
    "weekday": _WEEKDAY_GATE, "weekday_day": _WEEKDAY_GATE,
    "in_n": ("dans ici dici in within sous over cours", _UNITS),
    "from_now": ("now",), "countdown": ("until till go before avant left restant restants",), "away": ("away",), "same_day": ("meme same",), "ago_fr": ("y voici voila fait depuis", _UNITS), "ago_en": ("ago",),
    "vague": ("bientot prochainement peu vite incessamment soon shortly near proche long day coming next "
              "prochains prochaines viennent venir quelques plusieurs few several",),
}
WORD = re.compile(r"[a-z0-9]+")


def words_of(folded: str) -> frozenset[str]:
    """The words the gates test: runs of [a-z0-9] in a folded sentence."""
    return frozenset(WORD.findall(folded))


class Gate:
    """A cheap test that a handler may match, run before its regex.

    Either a pattern, or groups of words: the sentence must have a word of
    each group (a set test, far cheaper than a regex scan). Handlers that
    share a gate (the four month handlers) share one instance, so it runs once.
    """

    __slots__ = ("pattern", "first", "second")

    def __init__(self, spec: re.Pattern | tuple[str, ...]):
        self.pattern, self.first, self.second = None, None, None
        if isinstance(spec, re.Pattern):
            self.pattern = spec
            return
        if not 1 <= len(spec) <= 2:
            raise ValueError(f"a gate has one or two word groups, not {len(spec)}: {spec!r}")
        self.first = frozenset(spec[0].split())
        self.second = frozenset(spec[1].split()) if len(spec) == 2 else None

    def passes(self, folded: str, words: frozenset[str]) -> bool:
        """``words``: :func:`words_of` the folded sentence, computed once for all gates."""
        if self.pattern is not None:
            return self.pattern.search(folded) is not None
        return not self.first.isdisjoint(words) and (self.second is None or not self.second.isdisjoint(words))


_GATE_OBJECTS: dict[int, Gate] = {}


def _gate(spec) -> Gate | None:
    if spec is None:
        return None
    return _GATE_OBJECTS.setdefault(id(spec), Gate(spec))


EXPRESSIONS: tuple[Expr, ...] = tuple(
    Expr(name, regex, _wrap(resolve or _LATE_RESOLVERS[name], regex), _gate(GATES.get(name)))
    for name, regex, resolve in ((name, re.compile(pattern), resolve) for name, pattern, resolve in _SPECS)
)
