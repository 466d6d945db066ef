"""French wording of dates, windows and durations, through Babel."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "fr_FR"

# The wording functions are pure and called with few distinct values (a 10k-post
# build asks for the same few thousand days hundreds of thousands of times):
# each is cached for the life of the process.


@lru_cache(maxsize=None)
def day(d: date) -> str:
    """'1er janvier 2013', '19 janvier 2013'."""
    text = format_date(d, format="d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if d.day == 1 else text


@lru_cache(maxsize=None)
def day_short(d: date) -> str:
    text = format_date(d, format="d MMM y", locale=LOCALE)
    return "1er" + text[1:] if d.day == 1 else text


@lru_cache(maxsize=None)
def month(d: date, with_year: bool = True) -> str:
    return format_date(d, format="MMMM y" if with_year else "MMMM", locale=LOCALE)


@lru_cache(maxsize=None)
def number(n: int) -> str:
    """'3 612' with the French thousands separator."""
    return format_decimal(n, locale=LOCALE)


def days(n: int) -> str:
    n = abs(n)
    if n == 1:
        return "un jour"
    return f"{number(n)} jours"


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _is_month_start(d: date) -> bool:
    return d.day == 1


def _is_month_end(d: date) -> bool:
    return d == _month_end(d)


QUARTERS = {1: "1er trimestre", 4: "2e trimestre", 7: "3e trimestre", 10: "4e trimestre"}
SEASONS = {(3, 20, 6, 20): "printemps", (6, 21, 9, 22): "été", (9, 22, 12, 21): "automne",
           (12, 21, 3, 19): "hiver"}


@lru_cache(maxsize=None)
def window(earliest: date | None, latest: date | None) -> str:
    """A promised window in French words.

    '19 janvier 2013', 'octobre ou novembre 2012', '1er trimestre 2013',
    'avant la fin de 2012', 'pas avant 2018', 'entre le 4 et le 10 mars 2013'.
    """
    if earliest is None and latest is None:
        return "sans date précise"
    if latest is None:
        if earliest.month == 1 and earliest.day == 1:
            return f"pas avant {earliest.year}"
        if earliest.day == 1:
            return f"pas avant {month(earliest)}"
        return f"pas avant le {day(earliest)}"
    if earliest is None:
        return f"au plus tard le {day(latest)}"
    if earliest == latest:
        return day(earliest)
    for (m1, d1, m2, d2), name in SEASONS.items():
        if (earliest.month, earliest.day, latest.month, latest.day) == (m1, d1, m2, d2):
            return f"{name} {earliest.year}" if m2 > m1 else f"hiver {earliest.year}-{latest.year}"
    whole_months = _is_month_start(earliest) and _is_month_end(latest)
    if whole_months and earliest.year == latest.year:
        span = latest.month - earliest.month
        if span == 11:
            return f"courant {earliest.year}"
        if span == 0:
            return month(earliest)
        if span == 1:
            return f"{month(earliest, False)} ou {month(latest)}"
        if span == 2 and earliest.month in QUARTERS:
            return f"{QUARTERS[earliest.month]} {earliest.year}"
        if span == 5 and earliest.month in (1, 7):
            half = "1er" if earliest.month == 1 else "2d"
            return f"{half} semestre {earliest.year}"
        return f"entre {month(earliest, False)} et {month(latest)}"
    if _is_month_end(latest) and latest.month == 12 and latest.day == 31:
        return f"avant la fin de {latest.year}"
    if _is_month_end(latest):
        return f"d’ici fin {month(latest)}"
    if earliest.year == latest.year and earliest.month == latest.month:
        first = "1er" if earliest.day == 1 else str(earliest.day)
        return f"entre le {first} et le {day(latest)}"
    return f"entre le {day(earliest)} et le {day(latest)}"


# Why a sanity rule held an automatic claim back (scrapers.confirm), in French.
FLAG_WORDS = {
    "after_launch": "dite après le lancement : plutôt le récit du lancement qu’une promesse",
    "past_window": "période déjà passée le jour où elle est dite, sans que le texte le dise",
    "said_that_day": "promise pour le jour même où elle est dite : plutôt un lancement ou une autre nouvelle du jour",
    "superseded": "promesse dite au passé ou déjà repoussée : la date a pu changer depuis",
    "launch_known": "ne donne pas le jour de lancement connu",
    "unnamed": "la phrase ne nomme pas le service : il est déduit du contexte",
    "two_readings": "la même phrase donne deux dates",
}

STATUS = {"teased": "évoqué", "announced": "annoncé", "launched": "lancé",
          "abandoned": "abandonné"}
CATEGORIES = {"articles": "Articles", "tweets": "Tweets", "notes": "Notes de la rédaction"}


def make_filters(timezone: str) -> dict:
    """Jinja filters; datetimes are shown in the subject's time zone."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_time

    tz = ZoneInfo(timezone)

    def local(dt):
        return dt.astimezone(tz) if getattr(dt, "tzinfo", None) else dt

    @lru_cache(maxsize=None)
    def frdatetime(dt):
        dt = local(dt)
        return f"{day(dt.date())} à {format_time(dt, 'HH:mm', locale=LOCALE)}"

    def frday(d):
        if isinstance(d, datetime):
            return day(local(d).date())
        return day(d)

    def frmonth(dt):
        return month(local(dt).date()).capitalize()

    return {"frdatetime": frdatetime, "frday": frday, "frmonth": frmonth,
            "frstatus": lambda s: STATUS.get(s, s), "slugify_outcome": outcome_class,
            "frcategory": lambda c: CATEGORIES.get(str(c), str(c)), "local": local}


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when less than one)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def span(earlier: date, later: date) -> str:
    """A delay people read: '8 ans et 10 mois', 'un an', '3 mois', '12 jours'.

    Years and months are calendar ones, counted from ``earlier``; under a month
    the exact days are given. theme/static/js/countdown.js mirrors it.
    """
    months = months_between(earlier, later)
    if months == 0:
        return days((later - earlier).days)
    y, m = divmod(months, 12)
    years = "un an" if y == 1 else f"{number(y)} ans"
    moons = "un mois" if m == 1 else f"{m} mois"
    if y and m:
        return f"{years} et {moons}"
    return years if y else moons


def late_by(earlier: date, later: date) -> str:
    """'En retard de 8 ans et 10 mois', 'En retard d’un an', 'En retard d’un jour'."""
    text = span(earlier, later)
    return f"En retard d’{text}" if text.startswith("un") else f"En retard de {text}"


# The medium, as it follows the maker's name: "par Kim Dotcom sur X (Twitter)";
# a report adds ", selon <publisher>".
MEDIUM = {
    "tweet": " sur X (Twitter)",
    "interview": " en interview",
    "press": " dans un communiqué",
    "article": "",
    "video": " dans une vidéo",
    "conference": " en conférence de presse",
    "document": " dans un document du projet",
}

END_WORDS = {"closed": "fermé", "abandoned": "abandonné", "sold": "cédé"}
END_STATUS = {"closed": "Fermé", "abandoned": "Abandonné", "sold": "Cédé"}


def span_days(n: int, since: date | None) -> str:
    """'8 ans et 10 mois (3 259 jours)': a delay of n days counted from ``since``."""
    if since is None or n < 31:
        return days(n)
    from datetime import timedelta
    return f"{span(since, since + timedelta(days=n))} ({days(n)})"


def outcome_class(outcome: str) -> str:
    """'remplacée avant l’échéance' -> 'remplacee-avant-l-echeance' (a CSS class)."""
    import unicodedata
    plain = unicodedata.normalize("NFKD", outcome).encode("ascii", "ignore").decode()
    return "-".join(w for w in "".join(c if c.isalnum() else " " for c in plain).split())
