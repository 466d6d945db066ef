"""What the site says about each service: pure functions of claims and 'now'.

Only confirmed claims (``reviewed`` or ``corroborated``, see
:mod:`scrapers.confirm`) reach :func:`service_view`; pending ones are listed
apart ("À vérifier") and count for nothing.

The current promise of a service is its most recently stated confirmed planned
claim that has a date (a past promise told afterwards, whose window ended
before it was told, is history, not the current word). A day counts down to
its start (00:00 in the subject's time zone); a window counts down to its
start, then stays open until the end of its last day. A promise with no end
("pas avant 2018") has no deadline: nothing to count down. A launched service
stops counting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scrapers.config import Service
from scrapers.confirm import overlap
from scrapers.models import Claim

from . import frdates


@dataclass(frozen=True)
class Entry:
    """A claim together with the post that carries it."""

    claim: Claim
    url: str = ""          # the post's page on our site
    title: str = ""
    source: str = ""       # outlet or @account
    link: str = ""         # the original article or tweet
    post_date: datetime | None = None
    status: str = "reviewed"   # reviewed, corroborated, pending (scrapers.confirm)
    flags: tuple = ()          # sanity rules that hold a pending claim back
    backers: tuple = ()        # the entries that corroborate it
    copies: tuple = ()         # pending: the sources that would back it but tell it in its words
    ident: str = ""            # the claim's ID for `python -m scrapers review`
    # Who made the promise and how (see plugins/megawatch/origin.py): the maker
    # ("Kim Dotcom"), the medium (tweet, interview, press, article, video,
    # conference), the publisher who reported it and the maker's own words
    # when the source is the maker (a tweet) or an editor checked them.
    said_by: str = ""
    medium: str = ""
    publisher: str = ""
    words: str = ""


@dataclass(frozen=True)
class Countdown:
    state: str             # upcoming, open, late, launched, none
    days: int | None       # days to go (upcoming, open), late by (late)
    headline: str          # "J-12", "En retard de 3 612 jours", "Lancé le ..."
    text: str              # one French sentence
    start: str = ""        # ISO datetimes for the live script: first instant,
    end: str = ""          # and the instant after the window (the deadline; late counts from it)
    launched_on: date | None = None
    window: str = ""       # the promised window in French words
    tick: str = ""         # "Ouverture dans 9 j 11 h 02 min 05 s" (ticks live)


@dataclass
class LedgerRow:
    entry: Entry           # the first statement of this promise
    window: str
    outcome: str           # tenue, manquée, remplacée avant l'échéance, remplacée,
                           # en attente, sans date, lancement
    conflict: bool = False
    # Every statement of the same promise (same kind and window, said in a row),
    # oldest first: one ledger row, all its sources.
    entries: list = field(default_factory=list)
    delay: int | None = None   # days past the window's last day (launch or today)


@dataclass
class ServiceView:
    service: Service
    entries: list[Entry]
    promise: Entry | None
    launch: date | None
    countdown: Countdown
    ledger: list[LedgerRow] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    posts: list = field(default_factory=list)
    moves: list = field(default_factory=list)
    chart: str = ""        # inline SVG slip chart
    calendar: object = None  # icalendar.Calendar, None when nothing is dated
    pending: list = field(default_factory=list)  # automatic claims awaiting an editor
    status_word: str = ""  # one word for the card: Fermé, Lancé, Non lancé, Annoncé ...
    first: Entry | None = None  # the first dated promise


def _start(d: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(d, time(0), tz)


def _order(entry: Entry) -> tuple:
    c = entry.claim
    stamp = entry.post_date.timestamp() if entry.post_date else 0.0
    # Same day, same post: the more confident claim counts as the later word.
    return (c.stated_on, stamp, c.reviewed, c.confidence, c.latest or date.max)


def planned(entries: list[Entry]) -> list[Entry]:
    """Dated planned claims, oldest statement first."""
    rows = [e for e in entries if e.claim.kind == "planned"
            and (e.claim.earliest or e.claim.latest)]
    return sorted(rows, key=_order)


def launch_date(service: Service, entries: list[Entry]) -> date | None:
    """tracker.toml's launched_on, else the earliest reviewed launched claim.

    A launch stops a countdown for good, so only an editor's word (or the
    config) says it happened: corroborated launched claims show in the ledger
    but never flip a card to "Lancé".
    """
    if service.launched_on:
        return service.launched_on
    days = [e.claim.earliest or e.claim.latest for e in entries
            if e.claim.kind == "launched" and e.claim.reviewed]
    days = [d for d in days if d]
    return min(days) if days else None


def told_afterwards(claim: Claim) -> bool:
    """A past promise told after its window ended ("devait sortir en 2012")."""
    return claim.latest is not None and claim.latest < claim.stated_on


def current_promise(entries: list[Entry], before: date | None = None) -> Entry | None:
    rows = [e for e in planned(entries) if (before is None or e.claim.stated_on < before)
            and not told_afterwards(e.claim)]
    return rows[-1] if rows else None


def window_key(claim: Claim) -> tuple:
    return (claim.earliest, claim.latest)


def moves(entries: list[Entry]) -> list[tuple[Entry, Entry | None]]:
    """Each new or moved promised date, oldest first, with the promise it replaced.

    A dated planned claim counts when its window differs from the previous one's;
    repeating the same date is not news.
    """
    result: list[tuple[Entry, Entry | None]] = []
    previous: Entry | None = None
    for entry in planned(entries):
        if previous is None or window_key(entry.claim) != window_key(previous.claim):
            result.append((entry, previous))
        previous = entry
    return result


def duration(seconds: int) -> str:
    """'9 j 11 h 02 min 05 s': what the live script prints, second for second."""
    seconds = max(0, seconds)
    d, rest = divmod(seconds, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return f"{frdates.number(d)} j {h:02d} h {m:02d} min {s:02d} s"


def _seconds(later: datetime, earlier: datetime) -> int:
    return math.floor((later - earlier).total_seconds())


def _against(launch: date, c: Claim) -> str:
    """'20 jours après', 'un jour avant', 'dans les temps' for a launch against a window."""
    if c.latest and launch > c.latest:
        return f"{frdates.days((launch - c.latest).days)} après"
    if c.earliest and launch < c.earliest:
        return f"{frdates.days((c.earliest - launch).days)} avant"
    return "dans les temps"


def launch_text(launch: date, first: Entry | None, last: Entry | None) -> str:
    """A launch against the first and the last promised date, in one sentence.

    'Un jour après la date promise (19 janvier 2013).' or
    '961 jours après la première date promise (avant la fin de 2012), 141 jours
    après la dernière (1er trimestre 2015).'
    """
    if last is None:
        return ""
    lw = frdates.window(last.claim.earliest, last.claim.latest)
    if first is None or window_key(first.claim) == window_key(last.claim):
        text = f"{_against(launch, last.claim)} la date promise ({lw})"
        if text.startswith("dans les temps"):
            text = f"dans les temps promis ({lw})"
    else:
        fw = frdates.window(first.claim.earliest, first.claim.latest)
        a, b = _against(launch, first.claim), _against(launch, last.claim)
        first_part = (f"dans les temps de la première date promise ({fw})"
                      if a == "dans les temps" else f"{a} la première date promise ({fw})")
        last_part = (f"dans les temps de la dernière ({lw})" if b == "dans les temps"
                     else f"{b} la dernière ({lw})")
        text = f"{first_part}, {last_part}"
    return text[0].upper() + text[1:] + "."


def countdown(promise: Entry | None, launch: date | None, now: datetime,
              tz: ZoneInfo, first: Entry | None = None) -> Countdown:
    """The countdown for 'now'. theme/static/js/countdown.js mirrors this, word for word.

    One headline, one sentence, no figure said twice: "J-12" / "Lancement promis :
    19 janvier 2013."; "En retard de 8 ans et 10 mois" / "3 259 jours après la date
    promise (20 janvier 2017)."
    """
    today = now.astimezone(tz).date()
    if launch:
        return Countdown("launched", None, f"Lancé le {frdates.day(launch)}",
                         launch_text(launch, first, promise), launched_on=launch)
    if promise is None:
        return Countdown("none", None, "Aucune date", "Aucune date de lancement annoncée.")
    c = promise.claim
    window = frdates.window(c.earliest, c.latest)
    start = _start(c.earliest, tz) if c.earliest else None
    end = _start(c.latest + timedelta(days=1), tz) if c.latest else None
    iso = dict(start=start.isoformat() if start else "", end=end.isoformat() if end else "",
               window=window)
    if end is None:
        # "pas avant 2018": a floor, not a deadline. Nothing to count down to.
        if start and now < start:
            return Countdown("unbounded", None, "Sans échéance",
                             f"Lancement promis {window}, sans date butoir : "
                             "rien à décompter.", **iso)
        since = frdates.span(c.earliest, today) if c.earliest else ""
        opened = f" depuis {since}" if since else ""
        return Countdown("unbounded", None, "Sans échéance",
                         f"Lancement promis {window}, sans date butoir : la période "
                         f"est ouverte{opened}, sans lancement ni nouvelle date.", **iso)
    if start and now < start:
        n = (c.earliest - today).days
        return Countdown("upcoming", n, f"J-{frdates.number(n)}",
                         f"Lancement promis : {window}.",
                         tick=f"Ouverture dans {duration(_seconds(start, now))}", **iso)
    if now >= end:
        # Days late count calendar days after the last promised one, so the first
        # day after the deadline is "un jour" (like J-1 before it); the ticking
        # counter gives the exact time elapsed since the deadline itself.
        n = (today - c.latest).days
        days = frdates.days(n)
        return Countdown("late", n, frdates.late_by(c.latest, today),
                         f"{days[0].upper()}{days[1:]} après la date promise ({window}).",
                         tick=f"Depuis l’échéance : {duration(_seconds(now, end))}", **iso)
    n = (c.latest - today).days + 1
    return Countdown("open", n, f"Encore {frdates.days(n)}",
                     f"Fenêtre promise en cours : {window}.",
                     tick=f"Fin de la fenêtre dans {duration(_seconds(end, now))}", **iso)


MISSED = "manquée"
REPLACED_EARLY = "remplacée avant l’échéance"
REPLACED = "remplacée"


def outcome(entry: Entry, replaced_on: date | None, launch: date | None,
            now_day: date) -> str:
    """tenue, manquée, remplacée avant l’échéance, remplacée (an open-ended one),
    en attente, sans date, lancement.

    ``replaced_on`` is the day a different window was first stated after this
    one (None if never). A deadline that passed before any new date, or before
    the launch, is missed, whatever came after.
    """
    c = entry.claim
    if c.kind == "launched":
        return "lancement"
    if c.earliest is None and c.latest is None:
        return "sans date"
    if launch and (c.latest is None or launch <= c.latest):
        return "tenue"
    if c.latest is None:
        return REPLACED if replaced_on else "en attente"
    if replaced_on and replaced_on <= c.latest:
        return REPLACED_EARLY
    if launch or now_day > c.latest:
        return MISSED
    return "en attente"


def ledger(entries: list[Entry], launch: date | None, now_day: date) -> list[LedgerRow]:
    """Every entry, oldest statement first, with its outcome.

    Linear after the sort: one backward pass keeps, for each position, up to
    two distinct windows promised later (enough to tell whether any later
    promise differs from this one), and same-post conflicts are looked up per
    post.
    """
    ordered = sorted(entries, key=_order)
    # For each position: up to two (window, first day stated) pairs of the
    # distinct windows promised later, nearest first, so that the first
    # different window after this one and the day it was said are known.
    later_windows: list[tuple] = [()] * len(ordered)
    seen: tuple = ()
    for i in range(len(ordered) - 1, -1, -1):
        later_windows[i] = seen
        c = ordered[i].claim
        if c.kind == "planned" and (c.earliest or c.latest):
            key = window_key(c)
            rest = tuple(p for p in seen if p[0] != key)
            seen = ((key, c.stated_on),) + rest[:1]
    by_post: dict[str, list[Claim]] = {}
    for e in ordered:
        if e.claim.kind == "planned":
            by_post.setdefault(e.url, []).append(e.claim)
    rows: list[LedgerRow] = []
    for i, entry in enumerate(ordered):
        c = entry.claim
        replaced_on = next((day for key, day in later_windows[i] if key != window_key(c)),
                           None)
        same_post = by_post.get(entry.url, []) if c.kind == "planned" else []
        conflict = c.conflict or any(o is not c and not overlap(c, o) for o in same_post)
        result = outcome(entry, replaced_on, launch, now_day)
        last = rows[-1] if rows else None
        if (last is not None and last.entry.claim.kind == c.kind
                and window_key(last.entry.claim) == window_key(c)
                and (c.earliest or c.latest) and last.outcome == result):
            # The same promise said again (another source, another day): one row.
            last.entries.append(entry)
            last.conflict = last.conflict or conflict
            continue
        delay = None
        if c.kind == "planned" and c.latest and result != REPLACED_EARLY:
            end = launch or now_day
            if end > c.latest:
                delay = (end - c.latest).days
        rows.append(LedgerRow(entry, frdates.window(c.earliest, c.latest), result, conflict,
                              entries=[entry], delay=delay))
    return rows


def metrics(entries: list[Entry], launch: date | None, now_day: date) -> dict:
    rows = planned(entries)
    windows = {(e.claim.earliest, e.claim.latest) for e in rows}
    result = {"promises": len(windows), "claims": len(entries), "slipped_days": 0,
              "waited_days": None, "first_stated": None}
    if rows:
        first = rows[0].claim
        result["first_stated"] = first.stated_on
        end = launch or now_day
        result["waited_days"] = (end - first.stated_on).days
        if first.latest and end > first.latest:
            result["slipped_days"] = (end - first.latest).days
    return result


STATUS_WORDS = {"launched": "Lancé", "late": "Non lancé", "unbounded": "Non lancé",
                "upcoming": "Annoncé", "open": "Annoncé", "none": "Évoqué"}


def ending(service: Service, launch: date | None, cd: Countdown) -> Countdown:
    """The card of a service whose story ended: 'Lancé le 21 mars 2005 · fermé par
    le FBI le 19 janvier 2012'. Nothing counts down any more."""
    parts = [f"Lancé le {frdates.day(launch)}"] if launch else []
    end = frdates.END_WORDS[service.end_state]
    if service.end_reason:
        end += f" {service.end_reason}"
    if service.closed_on:
        end += f" le {frdates.day(service.closed_on)}"
    parts.append(end if parts else end[0].upper() + end[1:])
    text = cd.text if cd.state == "launched" else ""
    return Countdown("ended", None, " · ".join(parts), text, launched_on=launch)


def service_view(service: Service, entries: list[Entry], now: datetime,
                 tz: ZoneInfo, pending: list[Entry] = ()) -> ServiceView:
    """The service as the site states it, from its confirmed entries only.

    ``pending`` entries (automatic, unconfirmed) are kept for the "À vérifier"
    list, and nothing else: no countdown, outcome, figure or chart uses them.
    """
    now_day = now.astimezone(tz).date()
    launch = launch_date(service, entries)
    if launch and launch > now_day:  # a 'now' pinned before the launch
        launch = None
    # A 'now' pinned in the past must not know what was said after it.
    known = [e for e in entries if e.claim.stated_on <= now_day]
    promise = current_promise(known, before=launch)
    firsts = [e for e in planned(known) if not told_afterwards(e.claim)
              and (launch is None or e.claim.stated_on < launch)]
    first = firsts[0] if firsts else None
    view = ServiceView(service, known, promise, launch,
                       countdown(promise, launch, now, tz, first=first))
    view.first = first
    ended = service.end_state and (service.closed_on is None or service.closed_on <= now_day)
    if ended:
        view.countdown = ending(service, launch, view.countdown)
        view.status_word = frdates.END_STATUS[service.end_state]
    else:
        view.status_word = STATUS_WORDS.get(view.countdown.state, "Annoncé")
    view.ledger = ledger(known, launch, now_day)
    view.metrics = metrics(known, launch, now_day)
    view.moves = moves(known)
    view.pending = sorted((e for e in pending if e.claim.stated_on <= now_day), key=_order)
    return view
