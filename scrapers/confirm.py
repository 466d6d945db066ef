"""Which claims the site may state as true: statuses, sanity rules, corroboration.

Pure functions of claims and the tracker (no I/O), shared by the Pelican
plugin (what the site shows) and the review command (what awaits an editor).

Every claim has exactly one status:

* ``reviewed``: an editor checked it (``reviewed`` in its ``Claim:`` line);
* ``corroborated``: automatic, passes every sanity rule, and at least one
  *independent* source agrees with it (:func:`agrees`);
* ``pending``: automatic and not (yet) corroborated; shown apart, in the
  "À vérifier" lists, and never counted;
* ``rejected``: an editor said no; kept in the post so re-extraction never
  brings it back, never shown, never exported.

Only ``reviewed`` and ``corroborated`` claims (:data:`CONFIRMED`) drive the
countdowns, the ledger, metrics, charts, calendars and the promise feed.

Sanity rules (each a small function returning its name when it holds a claim
back; docs/claims.md lists them with examples):

* ``after_launch``: a planned claim stated on or after the service's launch
  day is a report of the launch, not a promise, unless the service is marked
  ``relaunch = true`` in tracker.toml;
* ``said_that_day``: a planned claim for the very day it was stated is a launch
  told as it happens, or that day's other news;
* ``launch_known``: for a service whose launch day tracker.toml gives, an
  automatic launched claim must give that day;
* ``past_window``: a planned window that ends before the day it was stated is
  a past promise: it must say so ("devait", "was supposed to", ...);
* ``superseded``: a planned window still open on the day it was stated, in
  words that tell it as a past or broken promise ("initialement prévu au
  troisième trimestre", "the plans he promised for this month have been
  derailed"): the plan has moved, or the window was resolved against the
  report's day; which date stands is an editor's call;
* ``unnamed``: the quote does not name the service (it was given by context,
  "la nouvelle plateforme"): which service is a guess an editor checks;
* ``two_readings``: one quote gives at most one window per service and kind:
  two readings of the same words are both held back, flagged as a conflict.

A claim whose post is about a look-alike (the Megabox cinema chain ...) never
becomes a claim at all: :func:`scrapers.relevance.lookalike_services` drops it
at extraction.

Corroboration: two claims agree when they are for the same service and kind,
both dated, their windows overlap, they were stated at most
:data:`CORROBORATION_DAYS` days apart, and they come from different
publishers (:func:`publisher_key`: the subject's own account counts as one
publisher, each news site as another). A held-back or rejected claim never
corroborates another. Two automatic claims told in the same words (a wire
story run by several sites, an article quoting a tweet word for word) are one
reading, not two (:func:`same_words`): the extractor reads identical words
identically, so a second copy cannot catch its mistake. An editor's reviewed
claim still backs a copy of its words: the reading was checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from scrapers.config import Service, Tracker
from scrapers.models import Claim
from scrapers.relevance import fold

REVIEWED, CORROBORATED, PENDING, REJECTED = "reviewed", "corroborated", "pending", "rejected"
STATUSES = (REVIEWED, CORROBORATED, PENDING, REJECTED)
CONFIRMED = frozenset({REVIEWED, CORROBORATED})

# Two reports of one announcement come out within days; a month leaves room for
# a weekly or a late write-up without tying together promises a season apart.
CORROBORATION_DAYS = 30

# Two quotes are one report told twice when at least this share of the shorter
# one's word 4-grams are in the other: a wire story lightly edited by each site
# ("on Thursday" / "Thursday") keeps 0.7-0.9; two sites writing up one
# announcement in their own sentences share under 0.3.
SAME_WORDS_SHARE = 0.5
_NGRAM = 4

# Words that mark a promise told after its date ("Mega devait ouvrir en 2012").
_PAST_PROMISE = re.compile(
    r"\b(devai(?:t|ent)|aurai(?:t|ent) du|etai(?:t|ent) (?:prevue?s?|attendue?s?|annoncee?s?|"
    r"cense|censee|censes|censees|promise?s?)|avai(?:t|ent) (?:promis|annonce|prevu|fixe)|"
    r"promettai(?:t|ent)|prevoyai(?:t|ent)|annoncai(?:t|ent)|"
    r"was (?:supposed|due|expected|scheduled|slated|set|meant|promised|planned)|"
    r"were (?:supposed|due|expected|scheduled|slated|set|meant|promised|planned)|"
    r"should have|had (?:promised|planned|announced|said|pledged)|"
    r"(?:originally|initially) (?:promised|planned|scheduled|slated|announced|expected)|"
    r"promised (?:for|by|in|on)|missed|delayed|postponed|derailed|retarde|reporte|repousse|"
    r"initialement prevue?s?)",
    re.I)


@dataclass(frozen=True)
class Said:
    """A claim together with where it was said (one post)."""

    claim: Claim
    post: str = ""        # the post's identity: its path or URL
    publisher: str = ""   # publisher_key() of the post


@dataclass(frozen=True)
class Verdict:
    status: str
    flags: tuple[str, ...] = ()       # sanity rules that held an automatic claim back
    by: tuple[int, ...] = field(default=())  # indices of the claims that corroborate it
    # A pending claim's would-be backers that were set aside as copies of its words
    # (same_words): why two sources did not confirm it.
    copies: tuple[int, ...] = field(default=())

    @property
    def confirmed(self) -> bool:
        return self.status in CONFIRMED


def publisher_key(source: str, link: str = "", category: str = "") -> str:
    """Who published a post, for independence.

    A tweet: its account. An article: the host of its link (``www.``, ``m.``,
    ``amp.`` dropped), which names the publisher whatever feed carried it; for
    a link with no public host name (an IP address, localhost, a local
    mirror), the tracker source's name.
    """
    source = " ".join(str(source or "").split())
    if category == "tweets" or source.startswith("@"):
        return "x:" + source.lstrip("@").lower()
    host = (urlsplit(link).hostname or "") if link else ""
    host = host.lower()
    for prefix in ("www.", "m.", "amp."):
        host = host.removeprefix(prefix)
    if not host or host == "localhost" or "." not in host or _is_ip(host):
        return "source:" + fold(source)
    return "site:" + host


@lru_cache(maxsize=4096)
def _is_ip(host: str) -> bool:
    """(Cached: a few hosts, asked for every post of every build.)"""
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# --- sanity rules -----------------------------------------------------------

def after_launch(claim: Claim, service: Service | None, tracker=None) -> str | None:
    """A plan stated on or after the launch day reports the launch (or something else)."""
    if (claim.kind == "planned" and service is not None and service.launched_on
            and not service.relaunch and claim.stated_on >= service.launched_on):
        return "after_launch"
    return None


def said_that_day(claim: Claim, service: Service | None, tracker=None) -> str | None:
    """A plan for the very day it is stated: a launch told as it happens ("ouvre
    aujourd'hui" is a launch), or that day's other news (a ruling, an anniversary)."""
    if (claim.kind == "planned" and claim.earliest is not None
            and claim.earliest == claim.latest == claim.stated_on):
        return "said_that_day"
    return None


def launch_known(claim: Claim, service: Service | None, tracker=None) -> str | None:
    """The launch day is known (tracker.toml launched_on): an automatic launched
    claim stands only when it gives that very day."""
    if (claim.kind == "launched" and service is not None and service.launched_on
            and not service.relaunch
            and not claim.earliest == claim.latest == service.launched_on):
        return "launch_known"
    return None


def past_window(claim: Claim, service: Service | None, tracker=None) -> str | None:
    if (claim.kind == "planned" and claim.latest is not None
            and claim.latest < claim.stated_on and not _PAST_PROMISE.search(fold(claim.quote))):
        return "past_window"
    return None


def superseded(claim: Claim, service: Service | None, tracker=None) -> str | None:
    if (claim.kind == "planned" and claim.latest is not None
            and claim.latest >= claim.stated_on and _PAST_PROMISE.search(fold(claim.quote))):
        return "superseded"
    return None


def unnamed(claim: Claim, service: Service | None, tracker: Tracker | None) -> str | None:
    """A quote that does not name its service ("la nouvelle plateforme ... d'ici
    novembre") was given it by context: which service is a guess an editor checks."""
    if tracker is None or service is None:
        return None
    from scrapers.relevance import mentions

    named = {m.service for m in mentions(claim.quote, tracker, claim.stated_on)}
    revived = {service.revives.service} if service.revives else set()
    if service.name in named or named & revived:
        return None
    return "unnamed"


RULES = (after_launch, said_that_day, launch_known, past_window, superseded, unnamed)


def two_readings(said: list[Said]) -> set[int]:
    """Indices of claims whose quote gives another window for the same service and kind."""
    windows: dict[tuple, set] = {}
    for s in said:
        c = s.claim
        if not c.rejected:
            windows.setdefault((s.post, c.service, c.kind, " ".join(c.quote.split())),
                               set()).add((c.earliest, c.latest))
    return {i for i, s in enumerate(said)
            if len(windows.get((s.post, s.claim.service, s.claim.kind,
                                " ".join(s.claim.quote.split())), ())) > 1}


def flags_of(said: list[Said], tracker: Tracker | None) -> list[tuple[str, ...]]:
    services = {s.name: s for s in tracker.services} if tracker else {}
    doubled = two_readings(said)
    out = []
    for i, s in enumerate(said):
        service = services.get(s.claim.service)
        found = [name for rule in RULES if (name := rule(s.claim, service, tracker))]
        if i in doubled:
            found.append("two_readings")
        out.append(tuple(found))
    return out


# --- corroboration ----------------------------------------------------------

def _dated(c: Claim) -> bool:
    return c.earliest is not None or c.latest is not None


def overlap(a: Claim, b: Claim) -> bool:
    """Windows that share a day (a missing bound is open)."""
    lo_a, hi_a = a.earliest or date.min, a.latest or date.max
    lo_b, hi_b = b.earliest or date.min, b.latest or date.max
    return lo_a <= hi_b and lo_b <= hi_a


def within(inner: Claim, outer: Claim) -> bool:
    """Every day of inner's window is in outer's (a missing bound is open)."""
    return ((outer.earliest or date.min) <= (inner.earliest or date.min)
            and (inner.latest or date.max) <= (outer.latest or date.max))


@lru_cache(maxsize=65536)
def _ngrams(quote: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", fold(quote))
    if len(words) < _NGRAM:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i:i + _NGRAM]) for i in range(len(words) - _NGRAM + 1))


def same_words(a: str, b: str) -> bool:
    """True when two quotes are one text told twice (syndication, a quoted
    tweet): SAME_WORDS_SHARE of the shorter quote's word 4-grams are in the
    other. Case, accents and punctuation do not count."""
    x, y = _ngrams(a), _ngrams(b)
    if not x or not y:
        return False
    if len(x) > len(y):
        x, y = y, x
    return len(x & y) >= SAME_WORDS_SHARE * len(x)


def agrees(a: Said, b: Said) -> bool:
    """True when b backs a: same service and kind, both dated, stated within
    CORROBORATION_DAYS of each other by another publisher, and b's window inside
    a's. Agreement is at a's precision or finer: "le 19 janvier" backs "en
    janvier", but "en janvier" does not back "le 19 janvier" (one source alone
    gives that day), nor do two windows that merely overlap back each other.
    An automatic b in the same words as a (:func:`same_words`) backs nothing."""
    return _would_agree(a, b) and not _copy(a, b)


def _would_agree(a: Said, b: Said) -> bool:
    """agrees() before the same-words test."""
    x, y = a.claim, b.claim
    return (x.service == y.service and x.kind == y.kind and _dated(x) and _dated(y)
            and a.publisher != b.publisher and a.post != b.post
            and abs((x.stated_on - y.stated_on).days) <= CORROBORATION_DAYS
            and within(y, x))


def _copy(a: Said, b: Said) -> bool:
    """b is an automatic claim told in a's words: it backs nothing."""
    return not b.claim.reviewed and same_words(a.claim.quote, b.claim.quote)


def decide(said: list[Said], tracker: Tracker | None = None) -> list[Verdict]:
    """One verdict per claim, in the same order.

    Linear in the number of claims per (service, kind) group after sorting by
    the day stated: each claim looks only at the claims stated within the
    corroboration window.
    """
    flags = flags_of(said, tracker)
    eligible = [not s.claim.rejected and (s.claim.reviewed or not flags[i])
                for i, s in enumerate(said)]
    groups: dict[tuple[str, str], list[int]] = {}
    for i, s in enumerate(said):
        if eligible[i] and _dated(s.claim):
            groups.setdefault((s.claim.service, s.claim.kind), []).append(i)
    backers: dict[int, list[int]] = {}
    copies: dict[int, list[int]] = {}
    for members in groups.values():
        members.sort(key=lambda i: said[i].claim.stated_on)
        lo = 0
        for pos, i in enumerate(members):
            day = said[i].claim.stated_on
            while (day - said[members[lo]].claim.stated_on).days > CORROBORATION_DAYS:
                lo += 1
            for j in members[lo:pos]:
                for a, b in ((i, j), (j, i)):
                    if _would_agree(said[a], said[b]):
                        (copies if _copy(said[a], said[b]) else backers).setdefault(a, []).append(b)
    out = []
    for i, s in enumerate(said):
        c = s.claim
        if c.rejected:
            out.append(Verdict(REJECTED))
        elif c.reviewed:
            out.append(Verdict(REVIEWED))
        elif eligible[i] and i in backers:
            out.append(Verdict(CORROBORATED, by=tuple(sorted(backers[i]))))
        else:
            out.append(Verdict(PENDING, flags=flags[i], copies=tuple(sorted(copies.get(i, ())))))
    return out
