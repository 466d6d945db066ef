"""Launch claims from a text: sentences -> time expressions -> claims.

The pipeline, for one text:

1. fold the text once (same offsets), guess the language, find the service
   mentions with :func:`scrapers.relevance` (aliases valid on the
   publication day);
2. split it into sentences; a sentence is read only when it, or the sentence
   before it, names a service that can be the subject of a claim;
3. run every expression handler (:mod:`.expressions`) on the sentence and
   keep the longest non-overlapping matches;
4. classify each match with the cue tables (:mod:`.cues`): a statement date
   ("En juillet dernier, Kim avait annoncé ..."), another event (raid,
   hearing, album), or a launch date (a launch cue nearer than any event);
5. decide kind and direction, resolve the window, attach the service
   (nearest subject mention, else the previous sentence's), and
6. validate every candidate in one place (:func:`validate`), deduplicate and
   flag conflicts.

Nothing here reads the clock: every date resolves against ``published``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import NamedTuple

from scrapers.claims import cues as C
from scrapers.claims import scorer as SCORER
from scrapers.claims.expressions import EXPRESSIONS, Expr, Ref, _g, words_of
from scrapers.claims.periods import FUTURE, PAST, Window
from scrapers.claims.periods import month_end as _month_end
from scrapers.claims.text import detect_lang, sentence_spans
from scrapers.config import Tracker
from scrapers.models import Claim
from scrapers.relevance import Mention, _mentions_folded, fold, lookalike_services, with_descriptors

MIN_YEAR, MAX_YEAR = 2005, 2035
MAX_CUE_GAP = 110  # characters between a date and its launch cue
MAX_SPEECH_GAP = 70  # characters between a statement date and its verb
PAST_PLANNED_GAP = 90
PAIRED_GAP = 50  # cues and dates paired off one to one, nearest first
ATTACHED_GAP = 12  # a date this close to a cue needs not be the cue's nearest date
OVERGEN_GAP = 250  # the farthest cue a rejected date may still be scored with
STATED_MARGIN = 10  # a statement date is clearly nearer its verb than any launch cue

BASE_CONFIDENCE = {"day": 0.9, "week": 0.85, "month": 0.85, "quarter": 0.8, "season": 0.75,
                   "year": 0.8, "open": 0.7, "vague": 0.3}


class Candidate(NamedTuple):
    """A launch claim before validation (a tuple: built once per date, cheaply)."""

    service: str
    kind: str
    window: Window
    quote: str
    stated_on: date
    confidence: float
    sentence: int
    feats: dict | None = None  # what the scorer (:mod:`.scorer`) reads; None: kept as the rules say


class _Hit(NamedTuple):
    start: int
    end: int
    expr: Expr
    match: object
    year: int | None = None  # "in January last year": the publication year + this, set by its qualifier


def _dist(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, b0 - a1, a0 - b1)


def _nearest(spans: list[tuple[int, int]], s: int, e: int) -> int:
    """The distance from (s, e) to the nearest of ``spans`` (10**6 if none)."""
    best = 10 ** 6
    for a, b in spans:  # _dist inlined: this runs a dozen times per date
        d = a - e if a > e else s - b if s > b else 0
        if d < best:
            best = d
    return best


def _nearest_to(items: list, s: int, e: int):
    """The item nearest to (s, e), the first one on a tie (None if there is none).

    Items are spans (start, end) or hits, whose first two fields are start and end.
    """
    if len(items) == 1:
        return items[0]
    best, best_d = None, 10 ** 9
    for c in items:  # _dist inlined (dense texts call this for every date)
        a, b = c[0], c[1]
        d = a - e if a > e else s - b if s > b else 0
        if d < best_d:
            best, best_d = c, d
    return best


# (month matches every month word: found, then read again where it starts, costs it more than it saves)
_SCANNED_WHOLE = frozenset({"month"})


def _finditer(e: Expr):
    """``e.regex.finditer``, or the same matches found faster (:class:`cues.WordSpans`) for a word-start pattern."""
    if e.name in _SCANNED_WHOLE:
        return e.regex.finditer
    return C.WordSpans(e.regex).finditer  # (a pattern that does not open on a word start is scanned as it is)


def _plan() -> tuple:
    """Handlers grouped by shared gate, the gate unpacked for the loop in :func:`_hits`.

    (pattern.search or None, first word group or None, second word group or None, members),
    members being (order, finditer of the regex, expr).
    """
    groups: dict[int, tuple] = {}
    for order, e in enumerate(EXPRESSIONS):
        groups.setdefault(id(e.gate), (e.gate, []))[1].append((order, _finditer(e), e))
    plan = []
    for gate, members in groups.values():
        if gate is None:
            plan.append((None, None, None, tuple(members)))
        else:
            search = gate.pattern.search if gate.pattern is not None else None
            plan.append((search, gate.first, gate.second, tuple(members)))
    return tuple(plan)


_PLAN = _plan()
# Word-gated groups by the words of their first group: a sentence's words meet this table once (one set
# intersection in C) instead of every group testing its own set.
_PLAN_BY_WORD: dict[str, list[int]] = {}
for _i, (_search, _g1, _g2, _members) in enumerate(_PLAN):
    if _search is None and _g1 is not None:
        for _w in _g1:
            _PLAN_BY_WORD.setdefault(_w, []).append(_i)
_PLAN_WORDS = frozenset(_PLAN_BY_WORD)
# The groups with no gate (always run) and those behind a pattern gate: the loop in _hits visits these and
# the word-gated groups a sentence's words open, not every group (the order of the visits is free: the
# matches are sorted by (length, order, start) before they are taken).
_PLAN_UNGATED = tuple(members for search, g1, _g2, members in _PLAN if search is None and g1 is None)
_PLAN_SEARCHED = tuple((search, members) for search, _g1, _g2, members in _PLAN if search is not None)
# Pattern gates whose first character is a digit (all of them today): a sentence with no digit skips them
# with one search.
_PLAN_DIGIT_LED = tuple(x for x in _PLAN_SEARCHED if re.match(r"(?:\\d|[0-9])(?![?*{])", x[0].__self__.pattern))
_PLAN_SEARCHED = tuple(x for x in _PLAN_SEARCHED if x not in _PLAN_DIGIT_LED)
_DIGIT = re.compile(r"\d").search


def _requires_digit(pattern: re.Pattern) -> bool:
    """Every match of ``pattern`` holds a digit (read from the pattern; False when unsure)."""
    try:
        from re import _constants as K, _parser  # (Python 3.11's parser)
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - another Python: unsure
        return False
    digits = set(range(ord("0"), ord("9") + 1))

    def seq(items) -> bool:
        return any(one(op, av) for op, av in items)

    def one(op, av) -> bool:
        if op is K.LITERAL:
            return av in digits
        if op is K.IN:
            return bool(av) and all((o is K.LITERAL and a in digits) or (o is K.RANGE and digits.issuperset(range(a[0], a[1] + 1)))
                                    or (o is K.CATEGORY and a is K.CATEGORY_DIGIT) for o, a in av)
        if op is K.BRANCH:
            return all(seq(b) for b in av[1])
        if op is K.SUBPATTERN:
            return seq(av[3])
        if op in (K.MAX_REPEAT, K.MIN_REPEAT, K.POSSESSIVE_REPEAT):
            return av[0] >= 1 and seq(av[2])
        return False
    return seq(parsed)


# Handlers whose every match holds a digit (a day number: day_month, month_day, weekday_day ...): a sentence
# with no digit skips them, and the month and weekday gates open the others of their group only ("en janvier"
# runs month, not day_month).
_NEEDS_DIGIT = frozenset(e.name for e in EXPRESSIONS if _requires_digit(e.regex))
_PLAN_NO_DIGIT = tuple((search, g1, g2, tuple(x for x in members if x[2].name not in _NEEDS_DIGIT))
                       for search, g1, g2, members in _PLAN)


_START = itemgetter(0)  # a hit's start


def _hits(folded: str, words: frozenset | None = None) -> list[_Hit]:
    """Longest non-overlapping expression matches, in text order (``words``: :func:`words_of` ``folded``)."""
    found = []
    if words is None:
        words = words_of(folded)
    opened = set()
    for w in words & _PLAN_WORDS:
        opened.update(_PLAN_BY_WORD[w])
    run = list(_PLAN_UNGATED)
    for search, members in _PLAN_SEARCHED:  # Gate.passes inlined: the hottest loop
        if search(folded) is not None:
            run.append(members)
    digit = _DIGIT(folded) is not None
    if digit:
        for search, members in _PLAN_DIGIT_LED:
            if search(folded) is not None:
                run.append(members)
    plan = _PLAN if digit else _PLAN_NO_DIGIT
    for i in opened:
        group2 = plan[i][2]
        if group2 is None or not group2.isdisjoint(words):
            run.append(plan[i][3])
    for members in run:
        for order, finditer, expr in members:
            for m in finditer(folded):
                s, e = m.span()
                if e > s and not (e - s == 3 and folded.startswith("ete", s)):
                    # (a bare "été" is the participle of "être": "a été lancé"; the season has a word before it)
                    found.append((s - e, order, s, e, expr, m))
    if not found:
        return []
    found.sort()  # (length, order, start) is unique: the match objects are never compared
    taken: list[_Hit] = []
    if len(found) == 1:
        _, _, s, e, expr, m = found[0]
        taken.append(_Hit(s, e, expr, m))
    else:
        used = bytearray(len(folded) + 1)  # characters already in a longer match: linear, not pairwise
        for _, _, s, e, expr, m in found:
            if used.find(1, s, e) < 0:
                taken.append(_Hit(s, e, expr, m))
                used[s:e] = b"\x01" * (e - s)
    taken.sort(key=_START)
    # "January 20th next year", "le 19 mars de l'année prochaine": the year part only qualifies the day,
    # and names its year: "in January last year" (published in March 2014) is January 2013.
    out: list[_Hit] = []
    for i, h in enumerate(taken):
        if i and h.expr.name in _QUALIFIERS and taken[i - 1].expr.name in _QUALIFIED \
                and _GLUE.fullmatch(folded, taken[i - 1].end, h.start):
            shift = _year_shift(folded[h.start:h.end]) if taken[i - 1].expr.name in _YEAR_QUALIFIED and not _g(taken[i - 1].match, "year") \
                and _YEAR_UNIT.search(folded, h.start, h.end) else None
            if shift is not None and out:
                out[-1] = out[-1]._replace(year=shift)
            continue
        out.append(h)
    return out


_NOT_PAST = frozenset({"called", "named", "dubbed", "branded", "christened", "based", "encrypted", "related",
                       "dedicated", "designed", "scheduled", "planned", "expected", "slated", "billed", "touted"})
_FRENCH_AUXILIARIES = ("a ", "ont ", "est ", "sont ")
_YEARLESS_DAYS = frozenset({"day_month", "month_day", "day_pair_fr", "day_pair_en"})
# Handlers that read a period as a plain window: a deadline word before them makes it a deadline.
_DEADLINE_TARGETS = frozenset({"quarter_fr", "quarter_en", "quarter_q", "semester_fr", "semester_en", "semester_h",
                               "next_period", "day_month", "month_day", "weekday", "weekday_day"})
_QUALIFIED = frozenset({"day_month", "month_day", "month", "weekday", "day_pair_fr", "day_pair_en"})
_QUALIFIERS = frozenset({"next_period", "this_period", "last_period"})
_PAST_ONLY = frozenset({"last_period", "yesterday", "ago_fr", "ago_en"})
_YEAR_QUALIFIED = frozenset({"day_month", "month_day", "month"})
_YEAR_UNIT = re.compile(r"(?<!\w)(?:annee|an|year)(?!\w)")


def _year_shift(qualifier: str) -> int | None:
    """+1 for next year, -1 for last year, 0 for this year (the qualifier's own words)."""
    words = qualifier.replace("'", " ").split()
    if any(w.startswith(("prochain", "next")) for w in words):
        return 1
    if any(w.startswith(("dernier", "last")) for w in words):
        return -1
    if any(w in ("cette", "this") for w in words):
        return 0
    return None
_GLUE = re.compile(r"[\s,]*(?:de\s+|of\s+)?")


@dataclass
class _Cues:
    launch: list
    speech: list | None  # None until :func:`_all_cues` (a sentence with no launch cue stops before)
    launched: list
    past_planned: list | None  # (the same)
    event: list | None  # (the same, unless the launch cues needed it)
    promise: list


def _cue_about_event(f: str, start: int, end: int, subjects: list[Mention]) -> bool:
    """A cue glued to an event word: "la sortie de l'album", "the album will be released"."""
    if C.EVENT_AFTER_CUE.match(f[end:end + 60]):
        return True
    lo = max(0, start - 50)
    m = C.EVENT_BEFORE_CUE.search(f, lo, start)
    if m is None:
        return False
    # "le raid ... Mega sera lancé": a service named between them owns the cue.
    return not any(m.start() <= s.start and s.end <= start for s in subjects)


def _cue_about_thing(f: str, start: int, end: int, subjects: list[Mention]) -> bool:
    """A cue whose subject or object is a video, a page, a demo ... not the service.

    "La vidéo est mise en ligne", "la page d'investissement de X et de Y ouvre",
    "Kim Dotcom ouvre une page de présentation". A service named between the
    thing and the cue, other than as its complement ("de Bitcache"), owns the cue.
    """
    after = C.THING_AFTER_CUE.match(f, end, end + 60)
    if after is not None and not any(0 <= s.start - after.end() <= 30 and _NAMING_GAP.fullmatch(f, after.end(), s.start)
                                     for s in subjects):
        return True  # (not "launched its new app MegaChat": the thing is named as the service)
    m = None
    for m in C.THING_WORD.finditer(f, max(0, start - 90), start):
        pass
    if m is None or not C.THING_STRETCH.fullmatch(f, m.end(), start) or C.THING_STRETCH_STOP.search(f, m.end(), start) \
            or C.SPEECH.search(f, m.end(), start):
        return False
    return not any(m.start() <= s.start and s.end <= start
                   and not C.COMPLEMENT_BEFORE.search(f, max(0, s.start - 6), s.start) for s in subjects)


_NAMING_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:called|named|dubbed|baptisee?s?|nommee?s?|appelee?s?)\s+)?[\"'«“”]?\s*")


def _cue_not_service(f: str, text: str, start: int, end: int) -> bool:
    """The French "début" (beginning) folds to the English cue "debut"; "his arrival", "Xbox Live"."""
    word = f[start:end]
    if word.startswith("debut"):
        return bool(text) and text[start + 1:start + 2] in "éÉ"
    if word.startswith(("return", "revien", "revenu")) and C.PERSON_RETURN_AFTER.match(f, end):
        return True  # "he returned to the headlines", "revient dans l'actualité"
    return word in C.PERSON_CUES and C.PERSON_BEFORE_CUE.search(f, max(0, start - 12), start) is not None


def _happens_to_other(f: str, start: int, end: int) -> bool:
    """"took place", "aura lieu" whose subject is no launch noun: "the event that took place that year"."""
    return C.HAPPENS.fullmatch(f, start, end) is not None \
        and C.LAUNCH_NOUN_SUBJECT.search(f, max(0, start - 70), start) is None


def _event_as_adjective(f: str, text: str, start: int, end: int) -> bool:
    """"his shuttered website", "the now-closed site", ", indicted Megaupload founder ...": an English
    participle that describes a noun tells no event."""
    if not f.endswith("ed", start, end):
        return False
    if C.EVENT_AS_ADJECTIVE.search(f, max(0, start - 12), start):
        return True
    return bool(text) and text[end + 1:end + 2].isupper() and C.EVENT_BEFORE_NAME.search(f, max(0, start - 4), start) \
        is not None


def _cues(f: str, subjects: list[Mention], text: str = "", words: frozenset | None = None) -> _Cues:
    if words is None:
        words = words_of(f)
    launch_found, launched_found = C.LAUNCH_SPANS.all(f), C.LAUNCHED_SPANS.all(f)
    # The events are read here when a launch cue may need them, else by _all_cues if the sentence goes on.
    events = _events(f, text) if launch_found or launched_found else None
    # Videos, pages, demos ...: checked only in the sentences that name one (speed).
    thing = (lambda a, b: _cue_about_thing(f, a, b, subjects)) if not C.THING_FIRST_WORDS.isdisjoint(words) else (lambda a, b: False)
    # An event word can only be glued to a cue it is near to (speed: most sentences have none).
    about_event = (lambda a, b: any(a - 60 <= e0 and e1 <= b + 70 for e0, e1 in events)
                   and _cue_about_event(f, a, b, subjects))
    # "Ouverte le 3 octobre, cette campagne ...": a participle opening the sentence describes the noun
    # after its comma; an event or a thing there is what opened.
    opening = _opening_about_other(f, subjects)
    # Work on a service ("le projet lancé en 2011"): only in sentences that name such work (speed).
    work = not _WORK_WORDS.isdisjoint(words)
    work_events: list = []
    launch = []
    not_service_after = C.LAUNCH_NOT_SERVICE_AFTER.match
    for span in launch_found:  # (the checks as before, cheapest first; see the work check below)
        a, b = span
        if (opening and a < opening) or (not work and not_service_after(f, b)) \
                or (events and about_event(a, b)) or thing(a, b) or _unveils_plans(f, a, b):
            continue
        # (the work check adds the cue to work_events: it runs for every cue that passed the checks
        # above, and only for those, as in the plain comprehension, hence no cheaper check before it;
        # HAPPENS matches end on "place" or "lieu")
        if work and _work_not_launch(f, a, _DONE_PARTICIPLE.fullmatch(f, a, b) is not None
                                     and not C.FUTURE_BEFORE.search(f, max(0, a - 25), a), work_events, b):
            continue
        if (work and not_service_after(f, b)) \
                or ((f.startswith("debut", a) or f[a:b] in C.PERSON_CUES) and _cue_not_service(f, text, a, b)) \
                or (f.endswith("nouveau ", 0, a) and C.RESTORED_BEFORE.search(f, max(0, a - 14), a)) \
                or (f.endswith(("place", "lieu"), a, b) and _happens_to_other(f, a, b)) \
                or (f.startswith(("delay", "retard", "report", "postpon"), a)
                    and C.DELAYS_BEFORE_LAUNCH.search(f, max(0, a - 30), a)) \
                or _if_clause(f, a):
            continue
        launch.append(span)
    launched = []
    for span in launched_found:
        a, b = span
        if C.FUTURE_BEFORE.search(f, max(0, a - 25), a):
            continue
        if f.endswith(("place", "lieu"), a, b) and _happens_to_other(f, a, b):
            continue
        if _unveils_plans(f, a, b):
            continue
        if work and _work_not_launch(f, a, True, work_events, b):
            continue
        if f.startswith(("a son", "des son", "lors de son", "at its"), a) and C.FUTURE_MARK.search(f):
            continue  # "sera intégré dès son lancement, en janvier": a launch to come
        if (events and about_event(a, b)) or thing(a, b) or (opening and a < opening):
            continue
        if f.startswith(("start", "bega", "commenc", "debut"), a) \
                and C.WORK_SUBJECT_BEFORE.search(f, max(0, a - 70), a):
            continue  # "Work on Megachat started in June": work, not the service
        launched.append(span)
    launched += [m.span() for m in C.appositions(f) if not thing(m.start(), m.end())
                 and not (work and _work_not_launch(f, m.start() + (f[m.start()] == ","), True, work_events, m.end()))
                 and not (opening and m.start() < opening)]
    if "lanc" in f or "ouvert" in f or "naugur" in f or "gne" in f:  # (a match holds one of these, folded)
        launched += [m.span() for m in C.LAUNCHED_PARTICIPLE.finditer(text)
                     if not C.FUTURE_BEFORE.search(f, max(0, m.start() - 25), m.start())
                     and not thing(m.start(), m.end()) and not (opening and m.start() < opening)
                     and not (work and _work_not_launch(f, m.start(), True, work_events, m.end()))]
    promise = [(a, b) for a, b in C.PROMISE_SPANS.all(f)
               if not (a and f[a - 1] == "-")  # "bande-annonce"
               and not C.PROMISE_NOUN.fullmatch(f, a, b)
               and not C.PROMISE_NOUN_BEFORE.search(f, max(0, a - 8), a)
               and not C.PROMISED_THING_AFTER.match(f, b, b + 60)
               and not C.PROMISED_COUNT_AFTER.match(f, b, b + 70)
               and not C.PROMISED_CLAUSE_THING_AFTER.match(f, b, b + 90)
               and not C.PROMISED_THING_BEFORE.search(f, max(0, a - 30), a)]
    if work_events:
        # (the work cues are events: read the sentence's own now, when no launch cue needed them)
        events = sorted(set((_events(f, text) if events is None else events) + work_events))
    return _Cues(launch, None, launched, None, events, promise)


def _events(f: str, text: str) -> list[tuple[int, int]]:
    return [(a, b) for a, b in C.EVENT_SPANS.all(f) if not (f.endswith("ed", a, b) and _event_as_adjective(f, text, a, b))]


def _all_cues(cues: _Cues, f: str, text: str) -> _Cues:
    """``cues`` with its speech, past-promise and event cues read (once: a sentence with no launch cue
    stops before it needs them)."""
    if cues.speech is None:
        cues.speech = C.SPEECH_SPANS.all(f)
        cues.past_planned = C.PAST_PLANNED_SPANS.all(f)
        if cues.event is None:
            cues.event = _events(f, text)
    return cues


_DONE_PARTICIPLE = re.compile(r"(?:lance|ouvert|demarre|inaugure|sorti|mis\s+en\s+ligne|mise\s+en\s+ligne)e?s?")
_WORK_WORDS = frozenset("projet projets chantier chantiers developpement developpements travaux conception "
                        "elaboration programmation codage".split())
_OPENING_PARTICIPLE = re.compile(
    r"\W*(?:(?:officiellement|discretement|finalement|initialement|officially|quietly|formally|finally|initially|"
    r"originally)\s+)?(?:lancee?s?|ouverte?s?|inauguree?s?|mise?s?\s+en\s+ligne|sortie?s?|launched|opened|released|unveiled|"
    r"started|set\s+up|created|creee?s?|fondee?s?|founded|demarree?s?|commencee?s?|debutee?s?|begun|kicked\s+off)"
    r"\s+(?:[\w'-]+\s+){0,14}?[\w'-]+\s*(?=,)")


_DETERMINER_HEAD = re.compile(r",\s*(?:(?:la|le|les|the|a|an|un|une|ce|cette|cet|ces|this|these)(?![\w])|l')")
_PRONOUN_HEAD = re.compile(r",\s*(?:il|elle|it)(?![\w'])")
# A possessive before what the service is made of: the participle describes the possessor ("Lancé en 2005,
# son principe était simple", "Launched in 2017, its design ..."), not a thing of its own ("sa campagne").
_POSSESSIVE_HEAD = re.compile(
    r",\s*(?:son|sa|ses|its)\s+(?:principe|concept|fonctionnement|interface|modele|formule|succes|nom|objectif|but|"
    r"idee|ambition|offre|catalogue|design|model|idea|name|aim|goal|success|catalog(?:ue)?|premise|"
    r"fondateur|founder|createur|creator|proprietaire|owner)(?![\w'])")


_SPEAKER_WORDS = ("said", "says", "told", "tweeted", "wrote", "added", "explained", "confirmed", "a ", "indique",
                  "precise", "explique", "affirme", "ajoute")


def _work_not_launch(f: str, start: int, done: bool, events: list | None = None, end: int = 0) -> bool:
    """"le projet lancé dès 2011", "le développement de Bitcache sera lancé en mars": work on a service
    starting is not its launch ("projet" only for a done launch). Such a cue is the work's event (added to
    ``events``), so its date goes to no other cue ("Megabox, projet lancé dès 2011, sortira en janvier")."""
    m = C.PROJECT_BEFORE_CUE.search(f, max(0, start - 70), start)
    if m is None or not (done or not m.group("project")):
        return False
    if events is not None:
        events.append((start, end or start + 1))
    return True


def _if_clause(f: str, start: int) -> bool:
    """The launch word is in an if-clause: "If Baboom launches before the end of the year, ..."."""
    lo = max(0, start - 70)
    return ("if " in f[lo:start] or "si " in f[lo:start] or "s'il" in f[lo:start] or "s'elle" in f[lo:start]
            or "unless" in f[lo:start]) and C.IF_CLAUSE_BEFORE.search(f, lo, start) is not None


def _unveils_plans(f: str, start: int, end: int) -> bool:
    """"a dévoilé son projet mercredi", "unveiled his plans on Monday": plans unveiled are no launch."""
    word = f[start:end]
    return ("devoil" in word or "unveil" in word) and C.PLAN_AFTER_CUE.match(f, end, end + 60) is not None


def _opening_about_other(f: str, subjects: list | None = None) -> int:
    """The end of a sentence-opening participle phrase whose noun is an event or a thing, else 0.

    "Ouverte le 3 octobre dernier sur la plateforme X, cette campagne ...", "Launched on October 3,
    the fundraising page ...": the participle tells when the campaign or the page opened.
    """
    m = _OPENING_PARTICIPLE.match(f)
    if m is None:
        return 0
    if C.OPENING_HEAD.match(f, m.end()) is not None:
        return m.end()
    if _PRONOUN_HEAD.match(f, m.end()) or _POSSESSIVE_HEAD.match(f, m.end()):
        return 0  # "Lancé en 2013, il ...", "Lancé en 2005, son principe ...": the service of the sentence before
    # "Créée en 2011, cette devise ...", "Created in 2011, that coin is ...": the participle describes the noun
    # after its comma; in a sentence that names no service and points back at none, that noun is another.
    # (so is a sentence whose first service is not that noun (none in 20 characters): "Founded in 2010, the label works
    # with Baboom")
    if subjects is not None and (not subjects or (_DETERMINER_HEAD.match(f, m.end())
                                                  and not any(m.end() <= x.start <= m.end() + 20 for x in subjects))) \
            and C.ANAPHOR.search(f, m.end(), m.end() + 40) is None and C.PRONOUN_ANAPHOR.search(f, m.end()) is None:
        return m.end()
    return 0


def _subjects(folded: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions that can be what a sentence promises (not "le raid sur X")."""
    out = []
    heads: list[Mention] = []  # the last two mentions (a descriptor may sit inside the apposition)
    for m in mentions:
        if any(m.start - p.end <= 60 and p.service != m.service and C.APPOSITION_OF.fullmatch(folded, p.end, m.start)
               for p in heads):
            heads = (heads + [m])[-2:]
            continue  # "Megachat, la messagerie de Mega, ...": Mega is the apposition's complement
        heads = (heads + [m])[-2:]
        after = C.NOT_SUBJECT_AFTER.match(folded, m.end)
        if after is not None and (not after.group().lstrip().startswith(_SPEAKER_WORDS)
                                  or folded[:m.start].rstrip().endswith(",")):
            continue  # (a speaker only when set off by commas: ", Mega said,")
        before = C.NOT_SUBJECT_BEFORE.search(folded, max(0, m.start - 40), m.start)
        # ... unless "after" opens a clause the mention is the subject of: "after Bitcache goes live".
        if before is None or (C.CONJUNCTION_BEFORE.search(folded, before.start(), m.start)
                              and C.VERB_AFTER_SUBJECT.match(folded, m.end)):
            out.append(m)
    return out


def _is_open(f: str, hit: _Hit) -> bool:
    """"pas avant 2018", "not until 2017", "2018 au plus tôt": an open start."""
    pre = ((_g(hit.match, "pre") or "").split() or [""])[0]
    lo = max(0, hit.start - 40)
    if pre in C.OPEN_PRE_WORDS and C.NEGATION_BEFORE.search(f, lo, hit.start):
        return True
    # (the two searches below run only when their window holds a word they need: each scans every
    # position of its window for an ending that is rarely there)
    seg = f[lo:hit.start]
    if "avant" in seg or "before" in seg or "until" in seg or "jusqu" in seg:
        before = C.BEFORE_WORD_END.search(f, lo, hit.start)
        if before and C.NEGATION_BEFORE.search(f, max(0, before.start() - 40), before.start()):
            return True
    seg = seg[-30:]
    if ("earl" in seg or "tot" in seg or "avant" in seg or "before" in seg or "until" in seg) \
            and C.OPEN_BEFORE.search(f, max(0, hit.start - 30), hit.start):
        return True
    return bool(C.OPEN_AFTER.match(f[hit.end:hit.end + 30]))


def _statement_date(text: str, f: str, hit: _Hit, cues: _Cues) -> bool:
    """A past date next to a past-tense speech verb, not a target ("pour", "for", "by")."""
    if C.TARGET_START.match(f, hit.start) or C.TARGET_BEFORE.search(f, max(0, hit.start - 14), hit.start):
        return False  # "est annoncé pour le 20 janvier": what was announced, not when
    # Any speech verb near enough, not only the nearest: "this afternoon on Twitter he said".
    for a, b in cues.speech:
        if _dist(hit.start, hit.end, a, b) > MAX_SPEECH_GAP:
            continue
        if text[a:b].lower().endswith(C.PAST_SPEECH_ENDINGS) or C.PAST_AUXILIARY_BEFORE.search(f, max(0, a - 30), a):
            return True
        if 0 <= hit.start - b <= 3 and C.SAYING_OBJECT_AFTER.match(f, hit.end):
            return True  # "annonce aujourd'hui le lancement de ...": between the verb and what it tells
    return False


def _before_report(f: str, hit: _Hit, cues: _Cues, breaks: list[int]) -> bool:
    """The date comes before the "that"/"que" of a speech verb, every launch cue after it.

    "this afternoon on Twitter he said that a planned ...", "a annoncé en juillet que Mega ...":
    the date tells when it was said, what was said comes after.
    """
    launch = cues.launch + cues.launched
    for a, b in cues.speech:
        m = C.COMPLEMENTIZER.search(f, b, b + 40)
        if m is None or any(b <= x < m.start() for x in breaks):
            continue
        if a - 60 <= hit.start and hit.end <= m.start() and not any(hit.start - 60 <= x < m.start() for x, _ in launch) \
                and any(x >= m.end() for x, _ in launch):
            return True
    return False


def _clause_of(breaks: list[int], pos: int) -> int:
    return bisect_right(breaks, pos)  # (breaks are match starts, in text order: the number of them <= pos)


def _event_segment_apart(f: str, h: _Hit, a: int, b: int, events: list) -> bool:
    """The date sits in a comma segment of its own that holds an event word, the cue outside it: "Le
    créateur de X, fermé par la justice en janvier, veut lancer un site en mars" (janvier is the
    closing's, however near "veut lancer" is)."""
    lo, hi = _segment(f, h.start, h.end)
    return not (lo <= a and b <= hi) and any(lo <= e0 and e1 <= hi for e0, e1 in events)


def _event_subject(f: str, hit: _Hit, cues: _Cues, subjects: list[Mention]) -> bool:
    """The clause holding the date opens on an event ("Le procès de ... s'ouvrira en 2015")."""
    starts = [m.end() for m in C.CLAUSE_START.finditer(f, 0, hit.start)]
    lo = starts[-1] if starts else 0
    first = next((a for a, _ in cues.event if lo <= a < hit.start), None)
    if first is None:
        # "L'audience d'extradition, prévue en août, ...", "The hearing, scheduled for February, ...": a
        # participle set off by commas right after an event noun dates the event.
        if lo and f[lo - 1] == "," and C.EVENT_PARTICIPLE.match(f, lo):
            event = next((a for a, b in reversed(cues.event) if lo - 45 <= a and b < lo), None)
            return event is not None and not any(event <= m.start < lo for m in subjects)
        # "Son audience d'extradition, d'abord fixée au 6 août, a été repoussée au 23 mars": a sentence whose
        # subject is an event, no service named before the date.
        head = next((a for a, _ in cues.event if a <= 30), None)
        return head is not None and not any(m.start < hit.start for m in subjects) \
            and C.EVENT_HEAD_BEFORE.fullmatch(f, 0, head) is not None
    return not any(lo <= m.start < first for m in subjects)


def _resolve(hit: _Hit, ref: Ref) -> Window | None:
    if hit.year is not None:
        # The qualifier names the year: the first such day or month from its 1 January.
        y = ref.pub.year + hit.year
        ref = ref._replace(pub=date(y, 1, 1), ref=date(y, 1, 1), direction=FUTURE)
    try:
        return hit.expr.resolve(hit.match, ref)
    except (ValueError, KeyError, OverflowError):
        return None


def _segment(f: str, start: int, end: int) -> tuple[int, int]:
    """The comma-delimited segment around a span (marks: , ; : ( ))."""
    lo = max(f.rfind(c, 0, start) for c in _SEGMENT_MARKS) + 1
    hi = min((i for i in (f.find(c, end) for c in _SEGMENT_MARKS) if i >= 0), default=len(f))
    return lo, hi


def _whole_month(w: Window) -> Window:
    """A part of a month as a launch window is the whole month.

    The spec narrows only years ("début 2013" is January-March); for a month it says "1st..last
    day", and its annotators read "début janvier", "fin mars", "in late October" as the month.
    The part still dates a statement ("Fin décembre 2014, X annonce ...": the 21st) and an open
    start ("pas avant fin mars").
    """
    if w.earliest is None or w.latest is None:
        return w
    return Window(w.earliest.replace(day=1), _month_end(w.latest.year, w.latest.month), "month")


def _to_open(w: Window) -> Window:
    if w.precision == "open" or w.earliest is None:
        return w
    return Window(w.earliest, None, "open")


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    folded: str
    subjects: list[Mention]  # offsets relative to the sentence
    fallback: list[Mention]  # subjects of the previous sentence, or the topic for an anaphor
    far: bool = False  # the fallback is the text's topic, not the previous sentence
    carry: str | None = None  # the service the previous sentence promised a date for
    hits: list | None = None  # the sentence's time expressions when already found
    overgen: bool = False  # keep the dates the soft rules reject, with features, for the scorer
    named: list | None = None  # subjects introduced as a name ("baptisé Mega"), found once
    last_day: date | None = None  # the day of the text's latest dated claim so far ("le même jour")
    headline: bool = False  # the text's first line, standing alone ("Mega : le 20 janvier")


def _sentence_candidates(s: _Sentence, pub: date, lang: str) -> list[Candidate]:
    f = s.folded
    words = words_of(f) if s.hits is None else None  # for the handlers' gates and the cue checks: computed once
    hits = s.hits if s.hits is not None else _hits(f, words)  # its gates make this cheap with no time word
    if not hits:
        return _launched_now(s, pub)
    cues = _cues(f, s.subjects, s.text, words)
    if len(hits) > 1 and any(h.expr.name == "countdown" for h in hits):
        # "two hours before the January 20 reveal", "trois jours avant le 20 janvier": counted back from a
        # date the sentence gives, not a countdown from the publication day.
        hits = [h for h in hits if not (h.expr.name == "countdown" and any(0 <= x.start - h.end <= 8 for x in hits))]
    # A countdown or a distance is its own cue: "2 more days until #Mega", "Mega is 51 days away".
    cues.launch += [(h.start, h.end) for h in hits if h.expr.name in ("countdown", "away")]
    # The part word of a time expression is no cue: "début 2013" holds the English cue "debut".
    parts = [h.match.span("part") for h in hits if h.expr.name.startswith("part_")]
    if parts:
        cues.launch = [c for c in cues.launch if not any(a <= c[0] < b for a, b in parts)]
    if s.headline and not (cues.launch or cues.launched or cues.promise
                           or _all_cues(cues, f, s.text).event or cues.speech):
        # A verbless headline that names a service and a date to come is its promise: "Mega : le
        # 20 janvier", "MegaNet in 2018?". The date is its own cue, like a countdown.
        own = _headline_dates(f, s.text, hits, pub, lang)
        cues.launch += own
        s.headline = bool(own)  # read afterwards: the headline's own dates gave its cue
    if s.carry is None and not (cues.launch or cues.launched or cues.promise):
        return _launched_now(s, pub)
    _all_cues(cues, f, s.text)
    # "adds one million users in a day": a rate, not a countdown.
    hits = [h for h in hits if not (h.expr.name == "in_n" and (C.RATE_BEFORE.search(f, max(0, h.start - 50), h.start)
                                                                  or C.AFTER_LAUNCH_AFTER.match(f, h.end)))]
    if cues.event and "anniversa" in f:
        # "on the anniversary of the raid, January 20": the raid is the launch day's reference, not
        # another event's date (unless a date follows the event word in its own segment).
        cues.event = [e for e in cues.event
                      if not (C.ANNIVERSARY_OF.search(f, max(0, e[0] - 60), e[0])
                              and not any(0 <= h.start - e[1] <= 40 and "," not in f[e[1]:h.start] for h in hits))]
    breaks = [m.start() for m in C.CLAUSE_BREAK.finditer(f)]
    past_ref = Ref(pub, pub, PAST, s.text, lang)
    stated: dict[int, date] = {}
    frame_stated: date | None = None
    narrated: set[int] = set()
    framed: set[int] = set()  # frame dates whose clause verb is a launch verb

    # Pass 0: dates that say when something was decided or happened, not when a launch is due.
    rest = []
    for h in hits:
        if f[h.end:h.end + 1] not in (",", ":", " ", "") and not C.STATED_PARTICIPLE_HIT.match(f, h.start):
            rest.append(h)  # cheap exit: neither a frame date nor after a participle
            continue
        if C.STATED_PARTICIPLE_HIT.match(f, h.start):
            p = C.STATED_PARTICIPLE_BEFORE.search(f, max(0, h.start - 25), h.start)
            if p is not None and p.group().startswith(("fix", "set")) and f.startswith("au ", h.start):
                p = None  # "fixé au 20 janvier": the date it was set for, not when
            if p is not None and p.group().startswith(("delay", "postpon")) and not f.startswith(("in ", "on "), h.start):
                p = None  # (only "delayed in August", "postponed on Monday": when it was put off)
            if p is not None and _past_point(w := _resolve(h, past_ref), pub):
                # "l'objectif, fixé en janvier": the participle is no launch cue either.
                cues.launch = [c for c in cues.launch if not (p.start() <= c[0] < p.end())]
                cues.promise = [c for c in cues.promise if not (p.start() <= c[0] < p.end())]
                stated[_clause_of(breaks, h.start)] = w.earliest
                continue
        frame = _frame_date(f, h, cues, hits)
        if frame is not True and frame and (frame in cues.launched
                                            or C.FUTURE_BEFORE.search(f, max(0, frame[0] - 25), frame[0])):
            framed.add(id(h))  # the clause's own launch verb dates it, however long its subject
        if frame is not True and frame and C.PRESENT_LAUNCH.fullmatch(f, *frame) \
                and _past_point(w := _resolve(h, past_ref), pub):
            narrated.add(id(h))  # "Le 20 janvier 2013, Mega ouvre ses portes": launched
        if frame is True and _past_point(w := _resolve(h, past_ref), pub):
            # "Début décembre 2011, l'hébergeur tente ...": when it happened, stated_on of the sentence.
            frame_stated = frame_stated or w.earliest
            continue
        rest.append(h)
    hits = rest
    any_cue = cues.launch + cues.launched + cues.promise  # a mere speech verb is no launch cue ...
    speech_only = False
    if not any_cue and s.carry is not None and cues.speech and not cues.event:
        # ... unless it goes on about the previous sentence's promise: "Le lancement de Mega est
        # prévu le 19 mars. Un autre message de Kim Dotcom évoque pourtant le 19 janvier 2013."
        any_cue, speech_only = cues.speech, True
    if not any_cue or not hits:
        return _launched_now(s, pub)

    # Pass 1: statement dates ("En juillet dernier, Kim avait annoncé ..."), per clause.
    claims_hits = []
    owned = None  # the dates that are some launch cue's nearest, worked out when first needed
    if speech_only:
        # Only a date the verb names goes on: "évoque pourtant le 19 janvier" (not "a évoqué l'idée
        # le 2 novembre", when it was said).
        hits = [h for h in hits if any(b <= h.start and C.SPEECH_OBJECT_GAP.fullmatch(f, b, h.start)
                                       for _, b in cues.speech)]
    for h in hits:
        if speech_only:
            claims_hits.append(h)
            continue
        d_speech = _nearest(cues.speech, h.start, h.end)
        if d_speech <= MAX_SPEECH_GAP:  # worked out only near a speech verb (speed)
            d_launch = min(_nearest(cues.launch, h.start, h.end), _nearest(cues.launched, h.start, h.end))
            if owned is None and d_speech < d_launch:
                owned = {id(_nearest_to(hits, a, b)) for a, b in cues.launch + cues.launched}
            clearly = d_speech + STATED_MARGIN < d_launch or (d_speech < d_launch and id(h) not in owned) \
                or any(0 <= h.start - b <= 3 for _, b in cues.speech) \
                or _before_report(f, h, cues, breaks) \
                or C.BACK_IN_BEFORE.search(f, max(0, h.start - 20), h.start) is not None
            # "a annoncé mercredi", "said Monday", "on Monday he said that"; "had announced its plans to
            # launch a chat service back in fall 2013": "back in" dates the saying, not the launch.
            if clearly and _statement_date(s.text, f, h, cues):
                w = _resolve(h, past_ref)
                if w and w.earliest and w.latest and w.latest <= pub and w.precision not in ("open", "vague"):
                    stated[_clause_of(breaks, h.start)] = w.earliest
                    continue
        claims_hits.append(h)

    # Each launch cue vouches for its nearest date (and any date glued to it); when an event word is
    # nearer to that date, for the nearest date of its own comma segment instead: "Le créateur de X,
    # interpellé en décembre, veut ouvrir un site musical en avril" (avril).
    vouched = {id(_nearest_to(claims_hits, a, b)) for a, b in any_cue} \
        if claims_hits else set()
    if len(claims_hits) > 1 and any(h.expr.name == "vague" for h in claims_hits):
        # A vague word nearest the cue does not keep it from the sentence's date: "Baboom sortira
        # prochainement, sans doute le 20 janvier", "Megachat arrive bientôt. Date cible : mars 2015."
        dated = [h for h in claims_hits if h.expr.name != "vague"]
        for a, b in any_cue:
            if dated and _nearest_to(claims_hits, a, b).expr.name == "vague":
                vouched.add(id(_nearest_to(dated, a, b)))
    if cues.event and len(claims_hits) > 1:
        for a, b in any_cue:
            h = _nearest_to(claims_hits, a, b)
            if _nearest(cues.event, h.start, h.end) < _nearest(any_cue, h.start, h.end) \
                    or _event_segment_apart(f, h, a, b, cues.event):
                own = [x for x in claims_hits if x is not h and not any(
                    m in f[min(b, x.end):max(a, x.start)] for m in (",", ";", ":"))
                    and _nearest(cues.event, x.start, x.end) >= _nearest(any_cue, x.start, x.end)]
                if own:
                    vouched.add(id(_nearest_to(own, a, b)))
    # ... and, cues and dates paired off nearest first, the date no nearer cue took: "had been
    # expected on January 19 but went live a day later, on January 20".
    distinct = sorted(set(any_cue))
    distinct = [c for k, c in enumerate(distinct) if not (k and c[0] < distinct[k - 1][1])]  # one per word
    if len(distinct) > 1 and len(claims_hits) > 1:
        pairs = sorted((d, i, j) for i, (a, b) in enumerate(distinct) for j, h in enumerate(claims_hits)
                       if (d := _dist(h.start, h.end, a, b)) <= PAIRED_GAP)
        cues_done, hits_done = set(), set()
        for d, i, j in pairs:
            if i not in cues_done and j not in hits_done:
                cues_done.add(i)
                hits_done.add(j)
                vouched.add(id(claims_hits[j]))
    # Tenseless launch nouns ("en bêta", "lancement") beside a past launch verb of the same
    # comma-delimited segment do not make the claim planned ("Megachat a ouvert en bêta le 22 janvier").
    planned_launch = cues.launch
    if cues.launched and cues.launch:
        segs = [m.start() for m in C.CLAUSE_START.finditer(f)]
        launched_segs = {_clause_of(segs, a) for a, _ in cues.launched}
        planned_launch = [c for c in cues.launch if not (_clause_of(segs, c[0]) in launched_segs
                                                         and C.NEUTRAL_CUE.fullmatch(f, c[0], c[1]))]
    # Ellipsis: "X pour la fin de l'année et Y pour le premier trimestre", "X ouvrira en
    # septembre, Y fin 2018": a date after a vouched one, with another service named between them,
    # shares the cue.
    elided = set()
    for prev, h in zip(claims_hits, claims_hits[1:]):
        if (id(prev) in vouched or id(prev) in elided) and id(h) not in vouched and h.start - prev.end <= 60 \
                and any(prev.end <= m.start and m.end <= h.start for m in s.subjects):
            elided.add(id(h))
    # Past tense: a past verb that is no speech verb ("said Mega would ..." tells nothing) and no
    # future. Worked out only for a date that needs it (speed).
    past_tense = None
    out = []
    overgen = s.overgen
    future_found: list[bool] = []  # a future mark in the sentence (C.FUTURE_MARK): searched once, when first asked

    def future() -> bool:
        if not future_found:
            future_found.append(C.FUTURE_MARK.search(f) is not None)
        return future_found[0]
    # Two periods joined by "ou / or" are one window: "fin 2016 ou début 2017", "at the end of this year
    # or in the first quarter of next year", "cet été ou au plus tard à l'automne".
    either = {id(a): b for a, b in zip(claims_hits, claims_hits[1:]) if _EITHER_GLUE.fullmatch(f, a.end, b.start)} \
        if len(claims_hits) > 1 else {}
    either_prev = {id(b): a for a, b in zip(claims_hits, claims_hits[1:]) if id(a) in either}
    either_done: set[int] = set()
    for h in claims_hits:
        d_cue = _nearest(any_cue, h.start, h.end)
        if id(h) in elided or id(h) in framed:
            # "This weekend, against all odds, Kim Dotcom, his partners and their lawyers launched Mega"
            d_cue = min(d_cue, ATTACHED_GAP)
        rej_far = d_cue > MAX_CUE_GAP
        rej_unvouched = id(h) not in vouched and (d_cue > ATTACHED_GAP or (id(h) not in elided
                                                                   and _across_clause(f, h, any_cue)))
        if rej_far or rej_unvouched:
            if not overgen or d_cue > OVERGEN_GAP:
                continue
            rej_event = _event_nearer(f, h, cues, any_cue, d_cue) or _event_subject(f, h, cues, s.subjects)
        else:
            rej_event = _event_nearer(f, h, cues, any_cue, d_cue) or _event_subject(f, h, cues, s.subjects)
            if rej_event and not overgen:
                continue  # the date belongs to a raid, a hearing, an album...
        # The cues of the date's own comma segment come first: "Kim Dotcom, qui avait lancé Megaupload en
        # 2005, promet MegaNet pour 2016" (2005 is the launch verb's, not the promise's after the comma).
        seg_a, seg_b = _segment(f, h.start, h.end) if len(any_cue) > 1 else (0, len(f))
        if (seg_a, seg_b) != (0, len(f)) and any(seg_a <= c[0] and c[1] <= seg_b for c in any_cue):
            def own(cs, lo=seg_a, hi=seg_b):
                return [c for c in cs if lo <= c[0] and c[1] <= hi]
        else:
            def own(cs):
                return cs
        d_launched = _nearest(own(cues.launched), h.start, h.end)
        d_planned = min(_nearest(own(planned_launch), h.start, h.end), _nearest(own(cues.past_planned), h.start, h.end),
                        _nearest(own(cues.promise), h.start, h.end))
        launched = (d_launched <= d_planned and d_launched < 10 ** 6) or id(h) in narrated
        # (a cue may overlap the date: "initialement prévu en janvier" holds "prévu en" in the month's match)
        past_promise = any(a <= h.start and h.start - e <= PAST_PLANNED_GAP for a, e in cues.past_planned) \
            and not C.DELAY_HIT.match(f, h.start) and not C.DELAY_BEFORE.search(f, max(0, h.start - 30), h.start)
        # (the new date of a delay is no past promise: "initialement prévu en janvier, est repoussé à mars")
        target = C.TARGET_HIT.match(f, h.start) or C.TARGET_BEFORE.search(f, max(0, h.start - 14), h.start)
        if not (launched or past_promise or target) and past_tense is None:
            # (a participle that names or describes is no past: "The new site, called Mega, launches ...")
            # (a speech or promise verb with its auxiliary is no past either: "a promis lundi le lancement de
            # X en mars" promises the next March; the match starts on the auxiliary)
            # In English "a" is an article: "a public release" is no French "a" + participle.
            past_tense = not speech_only and not future() and any(
                not any(a < m.end() and m.start() < b for a, b in cues.speech) and m.group() not in _NOT_PAST
                and not (lang == "en" and f.startswith(_FRENCH_AUXILIARIES, m.start()))
                for m in C.PAST_MARK.finditer(f))
        if past_tense and not (launched or past_promise or target):
            # ... and a launch verb in the present governs its date: "Mega, called ..., launches January 20".
            near = _nearest_to(own(cues.launch) or cues.launch, h.start, h.end)
            if near is not None and C.PRESENT_LAUNCH.fullmatch(f, *near):
                past_tense_here = False
            else:
                past_tense_here = past_tense
        else:
            past_tense_here = past_tense
        direction = PAST if launched or past_promise or (past_tense_here and not target) else FUTURE
        stated_on = stated.get(_clause_of(breaks, h.start), frame_stated or pub)
        ref_day = stated_on if direction == FUTURE and stated_on < pub else pub
        ref = Ref(pub, ref_day, direction, s.text, lang, open_ended=_is_open(f, h), last_day=s.last_day)
        w = _resolve(h, ref)
        if w is None:
            continue
        if C.DELAY_HIT.match(f, h.start) and not launched:
            # The new date of a delay ("was postponed to January", "a été repoussé à mars") is near the
            # delay, which the sentence does not date: of the last and the next such period, the nearer one.
            w = _nearer_reading(h, ref, w, pub)
        if direction == FUTURE and h.expr.name in _YEARLESS_DAYS and w.earliest is not None \
                and (w.earliest - pub).days > 300 and not _g(h.match, "year") and not _g(h.match, "rel") \
                and (C.REPORTED_FUTURE.search(f) or C.LAUNCH_NOUN_AFTER_DAY.match(f, h.end)
                     or C.LAUNCH_NOUN_BEFORE_DAY.search(f, max(0, h.start - 30), h.start)):
            # "Dotcom had said Mega would launch on January 20", published on the 25th: the promise was
            # for the January 20 just past, not the next one. So is a day that names a launch ("its January
            # 20 launch date", "le lancement du 20 janvier"), which no verb puts ahead.
            wp = _resolve(h, Ref(pub, pub, PAST, s.text, lang))
            if wp is not None and wp.earliest is not None and 0 <= (pub - wp.earliest).days <= 60:
                w = wp
        if ref.open_ended:
            w = _to_open(w)
        elif h.expr.name.startswith("part_") and w.precision == "month":
            w = _whole_month(w)  # "début janvier", "late March": the month (the spec's month rule)
        if h.expr.name in _DEADLINE_TARGETS and not ref.open_ended and not launched and w.earliest and w.latest \
                and w.latest >= pub:
            # "d'ici la fin du premier trimestre", "by next year", "d'ici vendredi", "by January 20":
            # publication .. the period's end (a day's end is that day).
            dl = C.DEADLINE_BEFORE.search(f, max(0, h.start - 40), h.start) or C.DEADLINE_HIT.match(f, h.start)
            if dl is not None and not C.NEGATION_BEFORE.search(f, max(0, h.start - 40), h.start):
                end = w.earliest - timedelta(days=1) if dl.group("before") and not dl.group("end") else w.latest
                if end >= pub:
                    w = Window(pub, end, w.precision)
        if id(h) in either_done:
            continue  # the second of two periods joined by "ou / or": read with the first
        other = either.get(id(h)) or either_prev.get(id(h))  # (the first may have found no cue of its own)
        if other is not None and not (rej_far or rej_unvouched or rej_event) \
                and w.earliest is not None and w.latest is not None and w.precision not in ("open", "vague"):
            w2 = _resolve(other, ref)
            if w2 is not None and w2.earliest is not None and w2.latest is not None \
                    and w2.precision not in ("open", "vague"):
                if other.expr.name.startswith("part_") and w2.precision == "month":
                    w2 = _whole_month(w2)
                w = _either_window(w, w2)
                either_done.add(id(other))
        if speech_only and (w.earliest is None or w.earliest <= pub or launched):
            continue
        # A launch noun dated on the publication day itself counts too when nothing in the sentence
        # is future: "speaks at the launch of mega.co.nz on Sunday" (published that Sunday).
        if not launched and w.latest is not None and w.precision not in ("open", "vague") \
                and (w.latest < pub or (w.latest == pub and not future())) \
                and not cues.past_planned and not s.text.rstrip().endswith("?"):  # a question asserts no launch
            # A dated launch noun in the past with nothing promised around it: "At the January 20,
            # 2013 launch of Mega", "Lors du lancement de Mega, le 20 janvier 2013, ...".
            # A bare "-ing" form with no future in the sentence is told as it happened, however far
            # from its date: "Kim Dotcom launching his new site Mega, surrounded by dancers, on Sunday".
            near_cue = _nearest_to(planned_launch, h.start, h.end)
            gerund = near_cue is not None and f.startswith("en ", near_cue[0]) and C.GERUND_FR.fullmatch(f, *near_cue)
            if near_cue is not None and (C.NEUTRAL_CUE.fullmatch(f, *near_cue)
                                         or C.NEUTRAL_NOUN_EN.fullmatch(f, *near_cue) or gerund) \
                    and (_dist(h.start, h.end, *near_cue) <= 30
                         or ((gerund or f.endswith("ing", *near_cue)) and not future())) \
                    and not C.PROMISE_WORD.search(f, max(0, min(near_cue[0], h.start) - 30),
                                                  max(near_cue[1], h.end) + 12):
                launched = True
                stated_on = stated.get(_clause_of(breaks, h.start), pub)  # a frame date is the launch's own
        if not launched and w.precision == "day" and w.earliest == pub == w.latest and not cues.promise \
                and not future():
            # "Megachat arrive ce jeudi", published that Thursday: the present of a launch verb today is a launch.
            near_cue = _nearest_to(own(planned_launch) or planned_launch, h.start, h.end)
            if near_cue is not None and C.PRESENT_LAUNCH.fullmatch(f, *near_cue):
                launched = True
        if not launched and f.startswith(("depuis", "since"), h.start):
            continue  # "depuis 2013" is how long something has lasted, never a target
        if not launched and not past_promise and h.expr.name in _PAST_ONLY:
            # "revealed plans last week to open ...", "a promis hier de ...": a past-only expression
            # dates the saying; a promise for it would have to be a past promise ("devait ... hier").
            continue
        cue = None if id(h) in elided else _nearest_to(own(any_cue) or any_cue, h.start, h.end)
        services, near = _services_for(s, h.start, h.end, cue)
        confidence = BASE_CONFIDENCE[w.precision] - (0.0 if near else 0.15) - (0.1 if d_cue > 50 else 0.0) \
            - (0.1 if s.far else 0.0)
        feats = None
        if overgen:
            feats = _features(s, f, h, w, cues, pub, lang, d_cue, rej_far, rej_unvouched, rej_event, near,
                              launched, past_promise, bool(target), direction, stated_on, len(claims_hits),
                              speech_only, id(h) in elided, id(h) in framed)
        out += [Candidate(service, "launched" if launched else "planned", w, s.text, stated_on,
                          confidence, s.index, feats) for service in services]
    # An undated promise counts only when the sentence gives no date for it.
    # (the dates the soft rules rejected, kept for the scorer, take no part in these choices)
    dated = {c.service for c in out if c.window.precision != "vague" and _by_rule(c)}
    out = [c for c in out if c.window.precision != "vague" or c.service not in dated]
    if not any(c.window.precision != "vague" and _by_rule(c) for c in out):
        out += _launched_now(s, pub, {c.service for c in out})
    return out


_EITHER_GLUE = re.compile(r"\s*,?\s*(?:ou|or)\s+(?:(?:bien|alors|perhaps|maybe|peut-etre|even|possibly|au\s+plus\s+tard|"
                          r"at\s+the\s+latest|at\s+latest|in|en|au|a|on|le|la|l'|the|at|during|dans|d'ici|by)\s*,?\s*)*")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4}


def _either_window(w1: Window, w2: Window) -> Window:
    """The window of "A ou B": from the earlier start to the later end, at the coarser precision."""
    precision = w2.precision if _PRECISION_RANK.get(w2.precision, 0) > _PRECISION_RANK.get(w1.precision, 0) \
        else w1.precision
    return Window(min(w1.earliest, w2.earliest), max(w1.latest, w2.latest), precision)


# An event word in a with-complement after the date tells what the launch came with, not the event's own
# date: "Baboom opened its doors in January with a single album", "a ouvert en janvier avec un seul album".
_WITH_BEFORE = re.compile(r"(?<![\w'])(?:with|avec)\s+(?:[\w'-]+\s+){0,3}$")


def _event_nearer(f: str, h: _Hit, cues: _Cues, any_cue: list, d_cue: int) -> bool:
    """An event word is nearer to the date than its cue (the date is the raid's, the hearing's ...)."""
    if _nearest(cues.event, h.start, h.end) >= d_cue:
        return False
    near = _nearest_to(any_cue, h.start, h.end)
    if near is None or near[1] > h.start:
        return True
    # (the cue before the date, the event after it in a with-complement with no date or mark between)
    return _nearest([e for e in cues.event if not (
        e[0] >= h.end and _WITH_BEFORE.search(f, max(0, e[0] - 40), e[0])
        and not any(m in f[h.end:e[0]] for m in ".;:(")
        and (f.rfind("with", h.end, e[0]) >= 0 or f.rfind("avec", h.end, e[0]) >= 0))],
        h.start, h.end) < d_cue


def _nearer_reading(h: _Hit, ref: Ref, w: Window, pub: date) -> Window:
    """Of a period's forward and backward readings, the one nearer to the publication day."""
    other = _resolve(h, ref._replace(direction=PAST if ref.direction == FUTURE else FUTURE, ref=pub))
    if other is None or other.earliest is None or other.latest is None or w.earliest is None or w.latest is None:
        return w

    def gap(x: Window) -> int:
        return max(0, (x.earliest - pub).days, (pub - x.latest).days)
    return other if gap(other) < gap(w) else w


def _across_clause(f: str, h: _Hit, cues: list) -> bool:
    """A semicolon or colon between a date and its nearest cue: "l'audience est en février ; Mega ouvrira"."""
    c = _nearest_to(cues, h.start, h.end)
    if c is None:
        return False
    a, b = (h.end, c[0]) if c[0] >= h.end else (c[1], h.start)
    return ";" in f[a:b] or ":" in f[a:b]


def _by_rule(c: Candidate) -> bool:
    """The rules alone keep this candidate (no soft rule rejected it)."""
    return c.feats is None or c.feats.get("rule", 1.0) == 1.0


_PRECISIONS = ("day", "week", "month", "quarter", "season", "year", "open")


def _features(s: _Sentence, f: str, h: _Hit, w: Window, cues: _Cues, pub: date, lang: str, d_cue: int,
              rej_far: bool, rej_unvouched: bool, rej_event: bool, near: bool, launched: bool,
              past_promise: bool, target: bool, direction: str, stated_on: date, n_hits: int,
              speech_only: bool, elided: bool, framed: bool) -> dict:
    """What the scorer reads about one dated candidate: the rules' verdicts and the context.

    Every value is a number in [0, 1], made from what the passes above already worked out, so
    scoring costs a few dictionary entries per candidate (only sentences with a date and a cue).
    """
    day = w.earliest or w.latest
    d_event = _nearest(cues.event, h.start, h.end)
    d_promise = _nearest(cues.promise, h.start, h.end)
    x = {
        "rule": float(not (rej_far or rej_unvouched or rej_event)),
        "rej_far": float(rej_far), "rej_unvouched": float(rej_unvouched), "rej_event": float(rej_event),
        "cue_gap": min(d_cue, OVERGEN_GAP) / OVERGEN_GAP,
        "cue_attached": float(d_cue <= ATTACHED_GAP),
        "named": float(near), "topic": float(s.far), "carried": float(s.carry is not None),
        "launched": float(launched), "past_promise": float(past_promise), "target": float(target),
        "backwards": float(direction == PAST),
        "fr": float(lang == "fr"), "headline": float(s.index == 0),
        "event_near": float(d_event <= MAX_CUE_GAP), "event_gap": min(d_event, OVERGEN_GAP) / OVERGEN_GAP,
        "promise_cue": float(d_promise <= d_cue),
        "speech": float(bool(cues.speech)), "stated": float(stated_on != pub),
        "many_dates": min(n_hits - 1, 4) / 4, "services": min(len({m.service for m in s.subjects}), 3) / 3,
        "speech_only": float(speech_only), "elided": float(elided), "framed": float(framed),
        "years_off": min(abs((day - pub).days), 1825) / 1825 if day else 0.0,
        "before_pub": float(w.latest is not None and w.latest < pub),
        "question": float(s.text.rstrip().endswith("?")),
    }
    x["prec_" + (w.precision if w.precision in _PRECISIONS else "open")] = 1.0
    return x


# What may stand beside a date in a verbless fragment: "Cette année.", "Soit, le 19 janvier 2017.",
# "In January, promise."
# "Ce sera pour le 20 janvier.", "La date : le 20 janvier.", "The date: January 20." point back at the
# sentence before as much as "Soit, le 19 janvier.".
_FRAGMENT_FILLER = re.compile(
    r"(?:[\W_]|(?<![\w'])(?:soit|so|namely|c'est-a-dire|et|and|oui|yes|promis|promise|c'est\s+promis|"
    r"c'est\s+jure|jure|peut-etre|maybe|probably|probablement|sans\s+doute|enfin|finally|well|bon|"
    r"(?:ce|ca|cela)\s+sera(?:\s+pour)?|c'est\s+pour|ce\s+sera\s+le|it\s+will\s+be|it'll\s+be|that\s+will\s+be|"
    r"(?:la|the)\s+date(?:\s+(?:retenue|choisie|fixee|officielle|(?:is|has\s+been)\s+set|set|is))?|"
    r"date\s+prevue|pour|for|on|le|en|in|quand|when|"
    # a label: "Objectif : le 20 janvier.", "Target date: 2018.", "Date cible : mars."
    r"objectif|l'objectif|cible|date\s+cible|target(?:\s+date)?|the\s+target(?:\s+date)?|goal|the\s+goal)(?![\w']))*")
# A sentence that points back at the date of the sentence before it ("That is when Mega will open",
# "C'est la date choisie pour le retour de ...", "... will launch then") joins it, when it names
# no date of its own.
_DEIXIS_GATE = re.compile(r"when|date|jour|day|then|alors|moment")  # a word every branch holds (speed)
_DATE_DEIXIS = re.compile(
    r"(?<![\w'])(?:(?:that|this)(?:\s+is|'s|\s+was|\s+will\s+be)\s+(?:when|the\s+(?:date|day))|"
    r"c'est\s+(?:la\s+date|le\s+jour|a\s+cette\s+date|ce\s+jour-la|alors|a\s+ce\s+moment-la)|"
    r"ce\s+sera\s+(?:la\s+date|le\s+jour)|a\s+cette\s+date|ce\s+jour-la|on\s+that\s+(?:date|day)|"
    r"(?:that\s+is\s+)?all\s+[\w\s]{0,30}\s+about\s+when)|(?<=\w)\s+then(?:\W*$|\s*,)")
# A short question asking when ("Quand ?", "When?", "La date ?") joins the sentence before it, so that
# the answer that follows does too: "Kim Dotcom va lancer Bitcache. Quand ? En janvier."
_WHEN_QUESTION = re.compile(r"\W*(?:et\s+|and\s+|mais\s+|but\s+)?(?:quand|when|la\s+date|the\s+date|a\s+quelle\s+date)\s*\?\W*")
MAX_FRAGMENT = 60
_ASKS_WHEN = re.compile(r"(?<![\w'])(?:when|quand|what\s+date|quelle\s+date|a\s+quelle\s+date)(?![\w'])")


def _merge_date_fragments(folded: str, spans: list[tuple[int, int]]) \
        -> tuple[list[tuple[int, int]], set[int], dict[tuple[int, int], list]]:
    """A verbless date fragment joins the sentence before it: "It's coming. This year."

    A fragment is a short sentence that holds a time expression and nothing else but fillers
    (punctuation, "soit", "promise" ...): it dates the verb of the sentence before, which becomes
    one sentence with it; a fragment on a line of its own (a dateline) stays apart. Returns the
    spans, the indexes of the merged sentences and the time expressions found in the short
    sentences left as they were (so that they are not looked for twice).
    """
    if len(spans) < 2:
        return spans, set(), {}
    out: list[tuple[int, int]] = []
    merged: set[int] = set()
    known: dict[tuple[int, int], list] = {}
    for s0, s1 in spans:
        # A fragment may close a quotation and go on with its attribution: 'This year," he said.'
        quote_end = folded.find('"', s0, s0 + MAX_FRAGMENT + 1)
        if quote_end < 0:
            quote_end = folded.find("»", s0, s0 + MAX_FRAGMENT + 1)
        f_end = quote_end if s0 < quote_end < s1 else s1
        if out and f_end - s0 <= MAX_FRAGMENT and "\n" not in folded[out[-1][1]:s0]:  # a dateline stays apart
            f = folded[s0:f_end]
            if f_end == s1 and _WHEN_QUESTION.fullmatch(f):
                out[-1] = (out[-1][0], s1)
                merged.add(len(out) - 1)
                continue
            hits = _hits(f)
            if hits and all(_FRAGMENT_FILLER.fullmatch(f, a, b)
                            for a, b in zip([0] + [h.end for h in hits], [h.start for h in hits] + [len(f)])):
                out[-1] = (out[-1][0], s1)
                merged.add(len(out) - 1)
                continue
            if f_end == s1:
                known[(s0, s1)] = hits
        # A sentence that points back at the date before it: "Le 20 janvier 2017. C'est la date ..."
        if out and s1 - s0 <= 2 * MAX_FRAGMENT + 40 and "\n" not in folded[out[-1][1]:s0] \
                and _DEIXIS_GATE.search(folded, s0, s1) and _DATE_DEIXIS.search(folded, s0, s1) \
                and not _hits(folded[s0:s1]) \
                and _hits(folded[out[-1][0]:out[-1][1]]):
            out[-1] = (out[-1][0], s1)
            merged.add(len(out) - 1)
            known.pop((s0, s1), None)
            continue
        # The answer to a when-question: "When will Megaupload 2.0 launch? Dotcom says January 20."
        if out and s1 - s0 <= 2 * MAX_FRAGMENT and folded[out[-1][0]:out[-1][1]].rstrip().endswith("?") \
                and _ASKS_WHEN.search(folded, out[-1][0], out[-1][1]) and "\n" not in folded[out[-1][1]:s0] \
                and _hits(folded[s0:s1]):
            out[-1] = (out[-1][0], s1)
            merged.add(len(out) - 1)
            known.pop((s0, s1), None)
            continue
        out.append((s0, s1))
    return out, merged, known


MAX_HEADLINE = 90


def _headline_dates(f: str, text: str, hits: list, pub: date, lang: str) -> list[tuple[int, int]]:
    """The dates of a verbless headline that lie ahead of publication, as their own cues.

    Only a short line with no closing full stop, no verb of the past or the future and no
    dateline shape: a headline that tells something that happened ("Megaupload shut down in
    January") or holds a verb has its cues read as usual.
    """
    body = f.strip()
    if len(body) > MAX_HEADLINE or body.endswith(".") or C.PAST_MARK.search(f) or C.FUTURE_MARK.search(f):
        return []
    ref = Ref(pub, pub, FUTURE, text, lang)
    out = []
    for h in hits:
        w = _resolve(h, ref)
        if w is not None and w.precision != "vague" and (w.latest is None or w.latest >= pub) \
                and (w.earliest is None or w.earliest > pub):
            out.append((h.start, h.end))
    return out


def _past_point(w: Window | None, pub: date) -> bool:
    return bool(w and w.earliest and w.latest and w.earliest <= pub and w.precision not in ("open", "vague"))


def _frame_date(f: str, h: _Hit, cues: _Cues, hits: list[_Hit]) -> bool | tuple[int, int]:
    """A sentence- or clause-initial time adverbial whose clause verb is no launch verb.

    True: a frame date (a statement date); the span of the clause's launch verb when
    there is one (then the date is a launch date); False: no frame date.

    "Début décembre 2011, X tente ...", "En juillet 2016, au moment de promettre ..., X fait ...".
    Not: "Le 20 janvier 2013, Mega ouvre ses portes" (the launch verb governs the date), nor a
    target ("Pour janvier, ...").
    """
    after = C.FRAME_AFTER.match(f, h.end)
    if after is None or C.TARGET_START.match(f, h.start):
        return False
    # What may stand between a clause start and its frame date is short: look 30 characters back.
    lo = max(0, h.start - 30)
    lo = max(lo, f.rfind(";", lo, h.start), f.rfind(":", lo, h.start))
    if C.FRAME_BEFORE.search(f, lo, h.start) is None:
        return False
    comma = after.end()
    stop = next((m.start() for m in C.CLAUSE_BREAK.finditer(f, comma)), len(f))
    for a, b in sorted(cues.launch + cues.launched):
        if comma <= a < stop and not C.NEUTRAL_CUE.fullmatch(f, a, b) and C.FRAME_SUBJECT.match(f[comma:a]):
            # "Le 5 juillet, Kim avait fixé au 20 janvier 2018 le lancement": the verb has its own date.
            if any(b <= other.start < stop for other in hits):
                return True
            return (a, b)
    return True


def _launched_now(s: _Sentence, pub: date, skip: set = frozenset()) -> list[Candidate]:
    """"Mega vient d'être lancé", "is now live": launched on the publication day."""
    m = C.LAUNCHED_NOW_SPANS.first(s.folded)
    if not m:
        return []
    service, near = _service_for(s, m[0], m[1])
    if service is None or service in skip:
        return []
    feats = {"now": 1.0, "named": float(near), "topic": float(s.far), "headline": float(s.index == 0)} \
        if s.overgen else None
    return [Candidate(service, "launched", Window(pub, pub, "day"), s.text, pub, 0.5, s.index, feats)]


_SEGMENT_MARKS = (",", ";", ":", "(", ")")


def _services_for(s: _Sentence, start: int, end: int, cue: tuple[int, int] | None) -> tuple[list[str], bool]:
    """The service(s) a date belongs to, and whether the sentence names them.

    The subject mention chosen by :func:`_subject_for` and the mentions joined to it
    ("Megaupload 2.0 et Bitcache arriveront ..."); else the previous sentence's last subject.
    """
    chosen = _subject_for(s, start, end, cue)
    if chosen is not None and _relative_of_other(s, chosen, cue):
        return [], False
    if chosen is None:
        return ([s.fallback[-1].service], False) if s.fallback and not _other_named(s, cue) else ([], False)
    subjects = s.subjects
    lo = hi = subjects.index(chosen)
    while lo > 0 and _joined(s.folded, subjects[lo - 1], subjects[lo]):
        lo -= 1
    while hi + 1 < len(subjects) and _joined(s.folded, subjects[hi], subjects[hi + 1]):
        hi += 1
    return list(dict.fromkeys(m.service for m in subjects[lo:hi + 1])), True


def _joined(f: str, a: Mention, b: Mention) -> bool:
    """Two subjects that share a date: "X et Y", "X goes live at the launch of Y"."""
    return bool(C.CONJUNCTION.fullmatch(f, a.end, b.start) or C.LAUNCH_LINK.fullmatch(f, a.end, b.start)
                or C.CONJUNCTION_AFTER_APPOSITION.fullmatch(f, a.end, b.start))


def _service_for(s: _Sentence, start: int, end: int, cue: tuple[int, int] | None = None) -> tuple[str | None, bool]:
    """One service for a span: the nearest subject mention, else the previous sentence's last."""
    chosen = _subject_for(s, start, end, cue)
    if chosen is not None and _relative_of_other(s, chosen, cue):
        return None, False
    if chosen is not None:
        return chosen.service, True
    return (s.fallback[-1].service, False) if s.fallback and not _other_named(s, cue) else (None, False)


# A name right before a launch verb (past its auxiliaries) is the verb's subject: "Dropbox launched a
# new version on Monday", "Spotify a été lancé en 2008", "Apple's rival app is due in March". When it is no tracked service, the sentence is
# about something else and borrows no service from the sentence before or the text's topic. Kim
# Dotcom and pronouns are the service's people, not another thing.
_NAMED_SUBJECT = re.compile(
    r"(?<![\w.'-])([A-Z][\w-]+)(?:['’]s(?:\s+[a-z][\w-]*){1,3})?\s+(?:(?:has|have|had|will|would|is|was|are|were|be|been|a|ont|va|vont|"
    r"sera|seront|est|sont|ete|été|finally|finalement|also|aussi|deja|déjà|just)\s+){0,3}$")
_OWN_PEOPLE = frozenset({"Kim", "Dotcom", "DotCom", "Schmitz", "He", "She", "It", "They", "We", "Il", "Elle",
                         "Ils", "Elles", "On", "Nous", "The", "Le", "La", "Les", "Ce", "Cette", "This", "That",
                         "Its", "His", "Son", "Sa", "Ses", "Mr", "Then", "Now", "Puis", "Ca", "Ça", "Cela",
                         "There", "Here", "Soon", "Bientôt", "Enfin", "Finally", "Tout", "All"})
# A launch verb in a relative clause whose antecedent is a noun phrase of its own, after the service:
# "Bitcache prépare un portefeuille mobile, qui devrait sortir en avril", "Mega is working on a
# password manager, which should launch in May": what launches is that thing, not the service.
_RELATIVE = re.compile(r",\s*(?:qui|which|that|lequel|laquelle)\s")
_RELATIVE_OPEN = re.compile(r"\s*(?:qui|which|lequel|laquelle)\s")
_NOUN_PHRASE = re.compile(r"(?<![\w'])(?:un|une|des|a|an|some|son|sa|ses|its|his|their|leur|leurs)\s+"
                          r"(?!(?:(?:new|nouveau|nouvelle|official|officiel|officielle|public|publique)\s+)?"
                          r"(?:launch|lancement|sortie|release|debut|ouverture|opening|arrivee|arrival|retour|return|"
                          r"date|mise\s+en\s+ligne|relaunch|comeback)(?![\w-]))\w")  # "its launch, which is now planned"


def _relative_of_other(s: _Sentence, chosen: Mention, cue: tuple[int, int] | None) -> bool:
    if cue is None:
        return False
    f = s.folded
    rel = None
    for m in _RELATIVE.finditer(f, 0, cue[0]):
        rel = m
    if rel is None or "," in f[rel.end():cue[0]]:
        return False
    before = [m for m in s.subjects if m.end <= rel.start()]
    if not before:
        return False
    last = before[-1].end
    return _NOUN_PHRASE.search(f, last, rel.start()) is not None and "," not in f[last:rel.start()]


_SERVICE_PARTS = frozenset({"beta", "bêta", "version", "app", "application", "site", "website", "service", "platform",
                            "plateforme", "registration", "inscription", "signup", "sign-up", "access", "accès",
                            "launch", "lancement", "network", "réseau", "store", "boutique"})
_SERVICE_LIKE = re.compile(r"(?i)mega|baboom|bitcache|k\.im|mu2")


def _other_named(s: _Sentence, cue: tuple[int, int] | None) -> bool:
    if cue is None or s.subjects:
        return False
    m = _NAMED_SUBJECT.search(s.text, max(0, cue[0] - 60), cue[0])
    if m is None:
        return False
    name = m.group(1)  # not a word that opens a sentence: an adverb, a contraction, a service's alias,
    # a plural or a part of the service ("Registrations opened on Sunday", "Sign-ups opened", "Beta")
    if name in _OWN_PEOPLE or "'" in name or "’" in name or name.endswith(("ment", "ly")) or _SERVICE_LIKE.match(name):
        return False
    if m.start(1) == len(s.text) - len(s.text.lstrip(" \t\n\"'«“(-")) \
            and (name.endswith("s") or name.lower() in _SERVICE_PARTS):
        return False
    return True


def _subject_for(s: _Sentence, start: int, end: int, cue: tuple[int, int] | None) -> Mention | None:
    """The subject mention nearest to the date or its cue, preferring the date's own segment.

    A mention in the date's comma segment comes first: "Megachat will launch in May, Mega
    says", "K.im by the end of the year, while Bitcache is pushed to 2020".
    """
    if not s.subjects:
        return None
    if len(s.subjects) == 1:
        return s.subjects[0]
    f = s.folded
    if s.named is None:
        s.named = [m for m in s.subjects if C.NAMED_BEFORE.search(f, max(0, m.start - 16), m.start)]
    if s.named:
        return min(s.named, key=lambda m: _dist(start, end, m.start, m.end))
    if cue is not None:
        # The theme of the cue: "lance Megachat le 22 janvier", "the launch of mega.co.nz on Sunday".
        theme = next((m for m in s.subjects if m.start >= cue[1]), None)
        if theme is not None and theme.start - cue[1] <= 60 and C.THEME_GAP.fullmatch(f, cue[1], theme.start):
            return theme
    lo = max(f.rfind(c, 0, start) for c in _SEGMENT_MARKS) + 1
    hi = min((i for i in (f.find(c, end) for c in _SEGMENT_MARKS) if i >= 0), default=len(f))
    if lo > 1 and f[lo - 1] == "," and _RELATIVE_OPEN.match(f, lo):
        # A relative clause's subject is its antecedent: "Bitcache, qui ouvrira en mars, et Mega, ..."
        antecedent = next((m for m in s.subjects if m.end <= lo - 1 and not f[m.end:lo - 1].strip()), None)
        if antecedent is not None and (cue is None or lo <= cue[0] < hi):
            return antecedent

    best, best_key = None, None
    c0, c1 = cue if cue is not None else (start, end)
    for m in s.subjects:  # _dist inlined: dense texts run this for every date
        a, b = m.start, m.end
        d = a - end if a > end else start - b if start > b else 0
        dc = a - c1 if a > c1 else c0 - b if c0 > b else 0
        key = (not (lo <= a and b <= hi), d if d < dc else dc, a)
        if best_key is None or key < best_key:
            best, best_key = m, key
    return best


def validate(c: Candidate, pub: date) -> Claim | None:
    """The one place where a candidate becomes a Claim, or is dropped."""
    w = c.window
    for d in (w.earliest, w.latest):
        if d is not None and not MIN_YEAR <= d.year <= MAX_YEAR:
            return None
    if w.earliest and w.latest and w.earliest > w.latest:
        return None
    if w.earliest is None and w.latest is None and w.precision != "vague":
        return None
    kind = c.kind
    if kind == "launched" and (w.earliest is None or w.earliest > pub or w.precision in ("open", "vague")):
        kind = "planned"  # a launch cannot be in the future
    stated = min(c.stated_on, pub)
    conf = max(0.05, min(1.0, c.confidence))
    return Claim(service=c.service, kind=kind, earliest=w.earliest, latest=w.latest, precision=w.precision,
                 quote=c.quote, stated_on=stated, confidence=round(conf, 2))


def flag_conflicts(claims: list[Claim]) -> list[Claim]:
    """conflict=True on claims of one service whose windows do not overlap.

    Linear: a claim misses another of its service exactly when some other claim ends before it
    starts or starts after it ends, so the two smallest ends and two largest starts per service
    decide (an open or vague side overlaps everything).
    """
    if len(claims) < 2:
        return claims
    # service -> [first end, its index, second end, largest start, its index, second start]
    best: dict[str, list] = {}
    for i, c in enumerate(claims):
        b = best.get(c.service)
        if b is None:
            b = best[c.service] = [None, -1, None, None, -1, None]
        e = c.latest
        if e is not None:
            if b[0] is None or e < b[0]:
                b[2], b[0], b[1] = b[0], e, i
            elif b[2] is None or e < b[2]:
                b[2] = e
        st = c.earliest
        if st is not None:
            if b[3] is None or st > b[3]:
                b[5], b[3], b[4] = b[3], st, i
            elif b[5] is None or st > b[5]:
                b[5] = st
    out = []
    for i, c in enumerate(claims):
        b = best[c.service]
        first_end = b[2] if b[1] == i else b[0]
        last_start = b[5] if b[4] == i else b[3]
        clash = (c.earliest is not None and first_end is not None and first_end < c.earliest) or \
            (c.latest is not None and last_start is not None and last_start > c.latest)
        out.append(c.replace(conflict=True) if clash else c)
    return out


_AGENT_BEFORE = re.compile(r"(?<![\w'])(?:par|by)\s+(?:(?:l'equipe|the\s+team|les\s+createurs|the\s+makers)\s+(?:de|of)\s+)?$")


def _anaphor(sf: str, folded: str, prev_start: int, s0: int) -> bool:
    """A sentence naming no service that points back at the text's: "Le service ouvrira ...".

    A bare pronoun ("It will ...", "Il sera disponible en janvier", "said it would") does so only
    when the sentence before names no event: after "His extradition hearing was pushed back", "It
    will now take place in February" is the hearing's.
    """
    m = C.ANAPHOR.search(sf)
    if m is not None and m.group().strip(" \"'«»-").rstrip() != "it":
        return True
    if m is None and C.PRONOUN_ANAPHOR.search(sf) is None:
        return False
    return C.EVENT.search(folded, prev_start, s0) is None


_PROPER_NAME = re.compile(r"(?<=[\s(\"'«“])([A-Z][\w'-]+)")
_NOT_ANOTHER = frozenset({"Kim", "Dotcom", "DotCom", "Schmitz", "Today", "Aujourd'hui", "Monday", "Tuesday", "Wednesday",
                          "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
                          "June", "July", "August", "September", "October", "November", "December", "I", "Mr"})


def _paragraph_on_topic(text: str, s0: int, s1: int, sf: str) -> bool:
    """A paragraph that opens after sentences naming no service goes on about the text's service when it
    holds a launch word and names nothing else: "Today, the first part rolls out: video calls." (not "The
    Swedish company launched a new app on Monday": a name of another thing)."""
    if C.LAUNCH.search(sf) is None and C.LAUNCHED.search(sf) is None:
        return False
    return not any(m.group(1) not in _NOT_ANOTHER for m in _PROPER_NAME.finditer(text, s0 + 1, s1))


def _day(published: date | datetime) -> date:
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    raise TypeError(f"published must be a date or datetime, not {type(published).__name__}")


def extract(text: str, published: date | datetime, lang: str | None = None,
            tracker: Tracker | None = None) -> list[Claim]:
    """Launch claims in ``text``, resolved against the publication date.

    Pure: the same arguments always give the same list. ``lang`` ('fr' or
    'en') is guessed from stopwords when None. ``tracker`` defaults to the
    repository's tracker.toml (see :func:`scrapers.claims.default_tracker`).
    """
    if tracker is None:
        from scrapers.config import default_tracker
        tracker = default_tracker()
    pub = _day(published)
    model = SCORER.model()
    scored = []
    for claim, c in scored_candidates(text, pub, lang, tracker, overgen=model is not None):
        if c.feats is None or model is None or model.keep(c.feats):
            scored.append(claim)
    claims, seen = [], set()
    for claim in scored:
        key = (claim.service, claim.kind, claim.earliest, claim.latest, claim.precision, claim.stated_on)
        if key in seen:
            continue
        seen.add(key)
        claims.append(claim)
    return flag_conflicts(claims)


_REVIVED: dict[int, tuple[Tracker, dict]] = {}  # id(tracker) -> (tracker, {day: revived services that day})


def _revived(tracker: Tracker, pub: date) -> dict[str, str]:
    """Revived service -> its revival, on ``pub`` (read-only; worked out once per tracker and day)."""
    slot = _REVIVED.get(id(tracker))
    if slot is None or slot[0] is not tracker:
        slot = _REVIVED[id(tracker)] = (tracker, {})
    found = slot[1].get(pub)
    if found is None:
        found = {s.revives.service: s.name for s in tracker.services
                 if s.revives is not None and s.revives.valid_on(pub)}
        if len(slot[1]) < 10_000:
            slot[1][pub] = found
    return found


def scored_candidates(text: str, pub: date, lang: str | None, tracker: Tracker,
                      overgen: bool = False) -> list[tuple[Claim, Candidate]]:
    """Every candidate that validates, as (claim, candidate), in text order, duplicates kept.

    With ``overgen`` the dates the soft rules reject (a cue too far, no cue vouching for the date,
    an event nearer) come too, and every dated candidate carries the scorer's features.
    """
    if not text or not text.strip():
        return []
    folded = fold(text)
    mentions = _mentions_folded(text, folded, tracker, pub)
    if not mentions:
        return []
    mentions = with_descriptors(folded, mentions, tracker, pub)
    lang = (lang or "").lower()[:2] or detect_lang(folded)

    candidates: list[Candidate] = []
    headline_claims: list[Candidate] = []  # the claims a verbless headline gave
    prev_subjects: list[Mention] = []
    topic: dict[str, tuple[int, int]] = {}  # service -> (subject mentions so far, last sentence)
    prev_start = prev_end = 0
    carry: str | None = None
    last_day: date | None = None
    mi = 0
    spans, fragments, known_hits = _merge_date_fragments(folded, sentence_spans(text))
    whole_topic = None
    for index, (s0, s1) in enumerate(spans):
        inside = []
        while mi < len(mentions) and mentions[mi].start < s1:
            if mentions[mi].start >= s0:
                m = mentions[mi]
                # (a mention is immutable: the first sentence's, at offset 0, are the text's own)
                inside.append(Mention(m.service, m.start - s0, m.end - s0, m.alias) if s0 else m)
            mi += 1
        sf = folded[s0:s1]
        subjects = _subjects(sf, inside)
        sent = None
        if not subjects and (
                (topic and "\n" in text[prev_end:s0]  # a new paragraph or a heading
                 and (prev_subjects or _paragraph_on_topic(text, s0, s1, sf)))
                or (not prev_subjects and not carry and _anaphor(sf, folded, prev_start, s0))
                or (not prev_subjects and index in fragments)):  # "Ça arrive. Cette année."
            # The service the text is mostly about so far (not the last sentence's), else overall;
            # never the agent of the sentence's launch: what "Mega" launches in "une sortie par Mega"
            # is another service.
            agents = {m.service for m in inside if _AGENT_BEFORE.search(sf, max(0, m.start - 24), m.start)}
            if topic:
                main = max(topic, key=lambda k: (k not in agents, topic[k]))
            else:
                whole_topic = whole_topic or Counter(m.service for m in mentions).most_common(1)[0][0]
                main = whole_topic
            if main in agents:
                main = None
            sent = _Sentence(index, s0, s1, text[s0:s1], sf, [], [Mention(main, 0, 0, main)], far=True) \
                if main is not None else None
        elif subjects or prev_subjects or carry:
            fallback = prev_subjects or ([Mention(carry, 0, 0, carry)] if carry and not subjects else [])
            sent = _Sentence(index, s0, s1, text[s0:s1], sf, subjects, fallback,
                             carry=carry if not subjects else None)
        if sent is not None:
            sent.headline = index == 0 and subjects != [] and text[s1:s1 + 2].lstrip(" \t")[:1] == "\n"
            sent.hits = known_hits.get((s0, s1))
            sent.last_day = last_day
            sent.overgen = overgen
        new: list[Candidate] = _sentence_candidates(sent, pub, lang) if sent is not None else []
        if sent is not None and sent.headline and new:
            headline_claims = new
        candidates += new
        days = [c.window.earliest for c in new if c.window.precision == "day" and c.window.earliest and _by_rule(c)]
        last_day = days[-1] if days else last_day
        for m in subjects:
            n, _ = topic.get(m.service, (0, 0))
            topic[m.service] = (n + 1, index)
        prev_subjects = subjects
        prev_start, prev_end = s0, s1
        promised = {c.service for c in new if c.kind == "planned" and c.window.earliest is not None and _by_rule(c)}
        carry = promised.pop() if len(promised) == 1 else None

    revived = _revived(tracker, pub)
    if headline_claims:
        # A verbless headline sums the text up: it adds nothing when the text dates the same service
        # inside its window ("Mega en janvier" over "Mega ouvrira le 19 janvier 2013").
        candidates = [c for c in candidates if not (c in headline_claims and any(
            o.service == c.service and o.sentence != c.sentence and o.window.earliest is not None
            and c.window.earliest is not None and c.window.latest is not None and o.window.latest is not None
            and c.window.earliest <= o.window.earliest and o.window.latest <= c.window.latest
            for o in candidates))]
    out = []
    for c in candidates:
        claim = validate(c, pub)
        if claim is not None and claim.kind == "planned" and claim.service in revived:
            claim = claim.replace(service=revived[claim.service])  # "Megaupload reviendra" in 2016
        if claim is not None:
            out.append((claim, c))
    if out:
        # A text whose look-alike context shows "Mega" is Capcom's robot or the cinema chain's
        # Megabox makes no claim for the service (the spec: look-alikes are not claims).
        alike = lookalike_services(text, tracker, pub, sorted({claim.service for claim, _ in out}))
        if alike:
            out = [(claim, c) for claim, c in out if claim.service not in alike]
    return out
