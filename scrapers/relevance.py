"""Which tracked services a text mentions.

Pure functions over a :class:`~scrapers.config.Tracker`: no I/O, no global
state besides a cache of compiled alias patterns per tracker and per set of
aliases valid on a day.

Matching works on a *folded* copy of the text (lowercase, accents removed,
typographic apostrophes and spaces made plain) that has exactly the same
length as the original, so every offset found in the folded text is an
offset in the original one.

Rules (see docs/claims.md):

* aliases match on word boundaries, case- and accent-insensitively;
* the longest alias wins at a position ("Megaupload 2.0" over "Megaupload",
  "Megachat" over "Mega", "le nouveau Megaupload" over "Megaupload");
* time-bounded aliases count only on days they are valid
  (:meth:`Alias.valid_on`); with ``on=None`` only unbounded aliases count;
* excluded look-alikes (tracker-wide and per-service ``exclude``) hide any
  mention overlapping them;
* a bare alias that is also a common word ("Mega") must be written as a
  proper noun: ``Mega`` or ``MEGA``, unaccented, not glued to a hyphenated
  prefix use ("mega-rapide"), and not right after a French indefinite
  article followed by a lowercase word ("un Mega succès").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from scrapers.config import Tracker

__all__ = ["Mention", "fold", "mentions", "services_in", "is_relevant", "lookalike_services"]


# --- folding --------------------------------------------------------------

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200a": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": ".",
}


class _FoldTable(dict):
    """str.translate table mapping every character to exactly one character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _SPECIAL.get(ch)
        if out is None:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                           if not unicodedata.combining(c))
            low = (base or ch).lower()
            out = low if len(low) == 1 else (ch.lower() if len(ch.lower()) == 1 else ch)
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase, strip accents, plain quotes/spaces; same length as ``text``."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return text.translate(_FOLD)


# --- mentions -------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    service: str  # canonical name
    start: int
    end: int
    alias: str  # the text as written in the input

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


# Aliases that are also ordinary words: they need the proper-noun checks.
_COMMON_WORDS = frozenset({"mega"})
_WORD = r"[^\W_]"
# "un Mega succès": French indefinite article + Mega + lowercase word.
_ADJECTIVE_BEFORE = re.compile(r"(?:^|[\s(\"'])(?:un|une|des)\s+$")
_LOWER_WORD_AFTER = re.compile(r"\s+[a-zà-ÿ]")
_HYPHEN_PREFIX_AFTER = re.compile(r"-[a-zà-ÿ]")
# Words that make a capitalised "Mega" the intensifier, not the service
# ("Mega fast broadband", "Mega deals"): a small table, extend as needed.
_INTENSIFIED = frozenset("""
fast faster big bigger huge rich cheap cool popular hit hits deal deals sale sales fan fans star stars merger
mergers bucks project projects city cities church mall store stores event events success succes
concert concerts tsunami storm quake earthquake yacht mansion pixel pixels bytes octets watts tonnes tons
rally rallies bonus discount discounts jackpot boost drop crash fail win sized size
song songs conspiracy conspiracies manager managers
""".split())
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


NEAR = 60  # characters on each side of a mention where exclude_near words count


def _alias_body(alias: str, group: str | None = None) -> str:
    """Folded alias -> left-bounded regex: spaces match spaces or hyphens.

    The left word bound is checked after the first character, which stays a
    plain literal, so that the regex engine can skip every position whose
    character starts no alias (a leading look-behind would make it try them
    all). ``group`` names the rest of the alias, for ``Match.lastgroup``.
    """
    body = r"[\s\-]+".join(re.escape(p) for p in fold(alias).split())
    first, rest = body[0], body[1:]
    if first == "\\":  # an escaped first character
        first, rest = body[:2], body[2:]
    if group is not None:
        rest = f"(?P<{group}>{rest})"
    return rf"{first}(?<!{_WORD}.){rest}"


_LEFT_BOUND = rf"(?<!{_WORD}.)"


def _bounded(alternatives: list[str]) -> str:
    """Word-bounded alternation of :func:`_alias_body` results.

    The alternatives that start with one character share its literal and left bound, in their
    order ("m(?<!...)(?:ega\\.co\\.nz|egachat|...)"): a position tries one branch per first
    character, not every alias that starts with it (the same matches: aliases with different
    first characters never match at one position, and (?:xA|xB) is x(?:A|B) to the engine).
    """
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        first, bound, rest = alt.partition(_LEFT_BOUND)
        groups.setdefault(first, []).append(rest)
    branches = [first + _LEFT_BOUND + (rest[0] if len(rest) == 1 else f"(?:{'|'.join(rest)})")
                for first, rest in groups.items()]
    return rf"(?:{'|'.join(branches)})(?!{_WORD})(?!\.\d)"


@dataclass(frozen=True)
class _Compiled:
    regex: re.Pattern
    owners: dict  # group name -> (service name, alias folded)
    exclude: re.Pattern | None
    service_exclude: dict  # service name -> compiled regex
    service_near: dict  # service name -> compiled regex of context words (exclude_near)
    descriptors: dict  # service name -> compiled regex of its descriptors ("music service")


_CACHE: dict[int, tuple[Tracker, dict]] = {}


def _compiled(tracker: Tracker, on: date | None) -> _Compiled:
    slot = _CACHE.get(id(tracker))
    if slot is None or slot[0] is not tracker:
        slot = (tracker, {})
        _CACHE[id(tracker)] = slot
    by_day = slot[1]
    found = by_day.get(on)
    if found is None:
        # Days with the same set of valid aliases share one compiled pattern.
        key = tuple(a.valid_on(on) for s in tracker.services for a in s.aliases)
        found = by_day.get(key)
        if found is None:
            found = by_day[key] = _build(tracker, on)
        if len(by_day) < 10_000:
            by_day[on] = found
    return found


def _build(tracker: Tracker, on: date | None) -> _Compiled:
    entries: list[tuple[str, str]] = []  # (folded alias, service)
    seen: set[str] = set()
    for service in tracker.services:
        for name in service.names_on(on):
            f = fold(name)
            if f in seen:
                continue
            seen.add(f)
            entries.append((f, service.name))
    # Longest alias first, so alternation prefers it at a given position.
    entries.sort(key=lambda e: -len(e[0]))
    owners, alts = {}, []
    for i, (f, svc) in enumerate(entries):
        owners[f"a{i}"] = (svc, f)
        alts.append(_alias_body(f, f"a{i}"))
    regex = re.compile(_bounded(alts))

    def excl(words) -> re.Pattern | None:
        words = sorted({fold(w) for w in words}, key=len, reverse=True)
        if not words:
            return None
        return re.compile(_bounded([_alias_body(w) for w in words]))

    return _Compiled(regex, owners, excl(tracker.exclude),
                     {s.name: excl(s.exclude) for s in tracker.services if s.exclude},
                     {s.name: excl(s.exclude_near) for s in tracker.services if s.exclude_near},
                     {s.name: excl(s.descriptors) for s in tracker.services if s.descriptors})


def _as_day(on) -> date | None:
    if isinstance(on, datetime):
        return on.date()
    return on


def _proper_noun(text: str, start: int, end: int) -> bool:
    """A common-word alias (``Mega``) used as the service's name."""
    written = text[start:end]
    if written not in ("Mega", "MEGA"):
        return False
    if _HYPHEN_PREFIX_AFTER.match(text, end):
        return False
    if _ADJECTIVE_BEFORE.search(text, max(0, start - 8), start) and _LOWER_WORD_AFTER.match(text, end):
        return False
    nxt = _NEXT_WORD.match(text, end)
    if nxt and fold(nxt.group(1)) in _INTENSIFIED:
        return False
    return True


def _mentions_folded(text: str, folded: str, tracker: Tracker, on: date | None) -> list[Mention]:
    comp = _compiled(tracker, on)
    blocked: list[tuple[int, int]] = []
    if comp.exclude is not None:
        blocked = [m.span() for m in comp.exclude.finditer(folded)]
    out: list[Mention] = []
    for m in comp.regex.finditer(folded):
        service, alias = comp.owners[m.lastgroup]
        start, end = m.span()
        if alias in _COMMON_WORDS and not _proper_noun(text, start, end):
            continue
        if any(s < end and start < e for s, e in blocked):
            continue
        own = comp.service_exclude.get(service)
        own_spans = [x.span() for x in own.finditer(folded, max(0, start - NEAR), min(len(folded), end + NEAR))] \
            if own is not None else []
        if any(a < end and start < b for a, b in own_spans):
            continue
        near = comp.service_near.get(service)
        # A context word inside another, excluded look-alike ("MegaBox Cineplex et Megabox") is that one's.
        if near is not None and any(
                not any(a <= x.start() and x.end() <= b for a, b in own_spans)
                for x in near.finditer(folded, max(0, start - NEAR), min(len(folded), end + NEAR))):
            continue
        out.append(Mention(service, start, end, text[start:end]))
    return out


def with_descriptors(folded: str, found: list[Mention], tracker: Tracker, on: date | None) -> list[Mention]:
    """``found`` plus the descriptors ("son service de musique") of the services it names.

    For claims only: a descriptor never makes a text relevant by itself.
    """
    comp = _compiled(tracker, on)
    named = {m.service for m in found}
    extra = [Mention(service, m.start(), m.end(), m.group()) for service, regex in comp.descriptors.items()
             if service in named for m in regex.finditer(folded)
             if not any(x.start < m.end() and m.start() < x.end for x in found)]
    return sorted(found + extra, key=lambda m: m.start) if extra else found


def mentions(text: str, tracker: Tracker, on: date | None) -> list[Mention]:
    """Every mention of a tracked service in ``text``, in text order."""
    if not text:
        return []
    return _mentions_folded(text, fold(text), tracker, _as_day(on))


def services_in(text: str, tracker: Tracker, on: date | None) -> list[str]:
    """Canonical names of the services mentioned, in tracker order, once each."""
    found = {m.service for m in mentions(text, tracker, on)}
    return [s.name for s in tracker.services if s.name in found]


def _names_subject(folded: str, tracker: Tracker) -> bool:
    subject = tracker.subject
    names = {fold(subject.name)} | ({fold(subject.handle)} if subject.handle else set())
    last = fold(subject.name).split()[-1] if subject.name.split() else ""
    if len(last) >= 5:  # "Dotcom" alone names him too
        names.add(last)
    return any(re.search(rf"(?<!{_WORD}){re.escape(n)}(?!{_WORD})", folded) for n in names if n)


def lookalike_services(text: str, tracker: Tracker, on: date | None,
                       services: list[str] | None = None) -> set[str]:
    """Services whose mentions in ``text`` stand for a look-alike.

    A service's ``exclude_near`` context words ("cinémas", "Séoul") anywhere in
    a text show that its name there is the look-alike's (the Megabox cinema
    chain), unless the text ties it to the real one: it names the subject (Kim
    Dotcom; his articles also speak of cinema studios) or uses one of the
    service's descriptors ("service de musique"). Look-alike names themselves
    ("Mega Man", "MegaBox Cineplex") are handled per mention by
    :func:`mentions`.
    """
    if not text:
        return set()
    comp = _compiled(tracker, _as_day(on))
    names = services if services is not None else services_in(text, tracker, on)
    names = [n for n in names if n in comp.service_near]
    if not names:
        return set()
    folded = fold(text)
    near = [n for n in names if comp.service_near[n].search(folded)]  # (rare: checked first)
    if not near or _names_subject(folded, tracker):
        return set()
    return {n for n in near
            if (described := comp.descriptors.get(n)) is None or not described.search(folded)}


def is_relevant(title: str, text: str, tracker: Tracker, on: date | None) -> list[str]:
    """The services an item is about (empty list: the item is irrelevant).

    ``text`` is the fullest text known (the article page's when it was fetched,
    else the feed's summary); look-alike words anywhere in title and text rule
    a service out (:func:`lookalike_services`).
    """
    found = {m.service for part in (title, text) for m in mentions(part or "", tracker, on)}
    if found:
        found -= lookalike_services(f"{title or ''}\n\n{text or ''}", tracker, on, sorted(found))
    return [s.name for s in tracker.services if s.name in found]
