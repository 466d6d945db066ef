"""The faster scans of the claims extractor find what the plain patterns find (issue 15, speed pass two).

Each rewrite must give the same matches as the pattern it stands for: the table's sentences and
random strings made of the words and signs the patterns care about are read both ways.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from scrapers.claims import cues as C
from scrapers.claims import extractor as X
from scrapers.claims import text as T
from scrapers.claims.expressions import EXPRESSIONS
from scrapers.relevance import fold

CASES = Path(__file__).parent / "data" / "claims_cases.jsonl"
_WORDS = ("le la 19 20 1er janvier mars March May 2013 en in on au du fin début mi early late d'ici by avant dans 3 "
          "jours mois prochain next dernier last lundi Monday ce this week-end l' the of de et ou or a to "
          "lancé lancement sera a été raid annoncé said devait was due live launched opened vient d'être "
          "est désormais en ligne promis mais but while alors qu").split()
_SIGNS = ["", " ", "  ", ", ", ". ", "\n", "-", "'", "(", ")", ";", ":", "\u00a0", "é", "ß", "_", '"', "\u00bb", "!"]


def _texts(n: int = 3000, seed: int = 15) -> list[str]:
    rnd = random.Random(seed)
    table = [json.loads(line)["text"] for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    made = ["".join(rnd.choice(_WORDS) + rnd.choice(_SIGNS) for _ in range(rnd.randint(1, 10))) for _ in range(n)]
    return table + made


TEXTS = _texts()
FOLDED = [fold(t) for t in TEXTS]


@pytest.mark.parametrize("name", ["LAUNCH", "LAUNCHED", "PROMISE", "SPEECH", "PAST_PLANNED", "EVENT", "LAUNCHED_NOW"])
def test_word_spans_are_the_cue_patterns_matches(name):
    pattern = getattr(C, name)
    spans = C.WordSpans(pattern)
    for f in FOLDED:
        assert spans.all(f) == [m.span() for m in pattern.finditer(f)], f
        first = pattern.search(f)
        assert spans.first(f) == (first.span() if first else None), f


def test_word_spans_give_the_handlers_match_objects():
    for e in EXPRESSIONS:
        spans = C.WordSpans(e.regex)
        for f in FOLDED:
            assert [(m.span(), m.groups()) for m in spans.finditer(f)] == \
                [(m.span(), m.groups()) for m in e.regex.finditer(f)], (e.name, f)


def test_word_spans_scan_other_patterns_as_they_are():
    for pattern in (re.compile(r"(?<!\w)a|b"), re.compile(r"(?<!\w)(?:x?)"), re.compile(r"a(?<!\w)b")):
        spans = C.WordSpans(pattern)
        for f in ("a b ab ba", "xx x", "ab"):
            assert spans.all(f) == [m.span() for m in pattern.finditer(f)]


def test_first_letter_groups_keep_the_branch_order():
    # A branch opening on a group is split into its alternatives, which go first in their letter's group.
    assert C._distributed(r"(?:creee?s?|fondee?s?)(?=\s)") == [r"creee?s?(?=\s)", r"fondee?s?(?=\s)"]
    assert C._distributed(r"(?:a|(?:b|c)d)e") == ["ae", "bde", "cde"]
    assert C._distributed(r"(?:a|b)?c") is None
    assert C._distributed(r"(?:\w+|b)c") is None
    # (the split branches were tried before every lettered one: they still are, in their letter's group)
    assert C._by_first_letter(("ab", r"(?:a\w|b)x")) == r"a(?:\wx|b)|bx"


def test_sentence_boundaries_and_clause_breaks_are_the_plain_patterns():
    boundary = re.compile(r"\s*\n\s*|(?<=[.!?\u2026])[\"'\u00bb\u201d)\]]*\s+")
    clause = re.compile(r"[;:()]|,\s*(?:alors\s+qu|mais|tandis\s+qu|while|whereas|but)|\s(?:but|mais)\s")
    for t, f in zip(TEXTS, FOLDED):
        assert [m.span() for m in T._BOUNDARY.finditer(t)] == [m.span() for m in boundary.finditer(t)], t
        assert [m.span() for m in C.CLAUSE_BREAK.finditer(f)] == [m.span() for m in clause.finditer(f)], f


def test_appositions_are_the_pattern_matches():
    for f in FOLDED + [", lance, le 3", "lancee le 3, ouverte en mai", ",,launched on"]:
        assert [m.span() for m in C.appositions(f)] == [m.span() for m in C.LAUNCHED_APPOSITION.finditer(f)], f


def test_handlers_skipped_without_a_digit_need_one():
    assert {"day_month", "month_day", "weekday_day"} <= X._NEEDS_DIGIT
    assert "month" not in X._NEEDS_DIGIT and "in_n" not in X._NEEDS_DIGIT
    assert X._requires_digit(re.compile(r"a(?:\d|[0-3]x)")) and not X._requires_digit(re.compile(r"a\d?|b"))
