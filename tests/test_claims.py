"""Claims extractor (scrapers.claims) against the hand-written table.

tests/data/claims_cases.jsonl: one case a line, {"text", "published",
"lang", "expected": [{"service", "kind", "earliest", "latest", "precision",
"stated_on"}]}; written for this project, French and English.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from scrapers.claims import default_tracker, extract, run_jsonl
from scrapers.config import load

ROOT = Path(__file__).resolve().parent.parent
TRACKER = load(ROOT / "tracker.toml")
CASES_FILE = Path(__file__).parent / "data" / "claims_cases.jsonl"
FIELDS = ("service", "kind", "earliest", "latest", "precision", "stated_on")


def _load():
    with CASES_FILE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


CASES = _load()


def _tuple(c) -> tuple:
    if isinstance(c, dict):
        return tuple(c[f] for f in FIELDS)
    d = c.to_json()
    return tuple(d[f] for f in FIELDS)


def _run(case):
    return extract(case["text"], date.fromisoformat(case["published"]), case.get("lang"), TRACKER)


def test_table_size_and_balance():
    assert len(CASES) >= 250
    assert sum(1 for c in CASES if not c["expected"]) >= 60
    langs = {c["lang"] for c in CASES}
    assert {"fr", "en"} <= langs
    precisions = {e["precision"] for c in CASES for e in c["expected"]}
    assert precisions == {"day", "week", "month", "quarter", "season", "year", "open", "vague"}
    assert {e["kind"] for c in CASES for e in c["expected"]} == {"planned", "launched"}


@pytest.mark.parametrize("case", CASES, ids=[f"line{i + 1}" for i in range(len(CASES))])
def test_case(case):
    claims = _run(case)
    assert [_tuple(c) for c in claims] == [_tuple(e) for e in case["expected"]]
    for c in claims:
        assert c.quote and c.quote in case["text"]
        assert 0.0 <= c.confidence <= 1.0


def test_precision_recall_f1_over_table(capsys):
    tp = fp = fn = 0
    for case in CASES:
        got = [_tuple(c) for c in _run(case)]
        want = [_tuple(e) for e in case["expected"]]
        rest = list(want)
        for g in got:
            if g in rest:
                rest.remove(g)
                tp += 1
            else:
                fp += 1
        fn += len(rest)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    with capsys.disabled():
        print(f"\nclaims table: {len(CASES)} cases, tp={tp} fp={fp} fn={fn} "
              f"P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert f1 >= 0.95


def test_conflict_flag():
    text = ("Mega sera lancé le 19 janvier 2013. Un autre site parle du 19 mars prochain "
            "pour le lancement de Mega.")
    claims = extract(text, date(2012, 11, 28), "fr", TRACKER)
    assert [(c.earliest, c.conflict) for c in claims] == [
        (date(2013, 1, 19), True), (date(2013, 3, 19), True)]
    overlapping = extract("Megabox sera lancé avant la fin de l'année, en octobre ou en novembre.",
                          date(2012, 8, 16), "fr", TRACKER)
    assert overlapping and not any(c.conflict for c in overlapping)


def test_pure_and_deterministic():
    text = CASES[0]["text"] + " " + " ".join(c["text"] for c in CASES[1:40])
    first = extract(text, date(2013, 1, 16), None, TRACKER)
    for _ in range(3):
        assert extract(text, date(2013, 1, 16), None, TRACKER) == first
    # Other inputs in between do not change the result (no hidden state).
    extract("Mega launches tomorrow.", date(2019, 1, 1), "en", TRACKER)
    assert extract(text, datetime(2013, 1, 16, 23, 59), None, TRACKER) == first


def test_resolves_against_publication_date_not_today():
    a = extract("Mega sera lancé demain.", date(2013, 1, 19), "fr", TRACKER)
    b = extract("Mega sera lancé demain.", date(2030, 5, 1), "fr", TRACKER)
    assert a[0].earliest == date(2013, 1, 20)
    assert b[0].earliest == date(2030, 5, 2)


def test_default_tracker_and_language_guess():
    assert default_tracker().service("mega").name == "Mega"
    fr = extract("Mega sera lancé le 20/01/2013.", date(2013, 1, 10))
    assert fr[0].earliest == date(2013, 1, 20)
    # Ambiguous numeric date: month first in English.
    en = extract("Mega will launch on 02/01/2013, the company says.", date(2012, 12, 10))
    assert en[0].earliest == date(2013, 2, 1)


def test_run_jsonl():
    lines = [
        json.dumps({"id": "a", "text": "Mega sera lancé le 19 janvier 2013.", "published": "2012-11-28"}),
        "",
        json.dumps({"id": "b", "text": "Mega launches tomorrow.", "published": "2013-01-19T10:00:00Z",
                    "lang": "en"}),
        "{not json",
        json.dumps({"id": "c", "text": "x", "published": "yesterday"}),
    ]
    out = [json.loads(x) for x in run_jsonl(lines, TRACKER)]
    assert [o["id"] for o in out] == ["a", "b", None, "c"]
    assert out[0]["claims"][0] | {"quote": None, "confidence": None} == {
        "service": "Mega", "kind": "planned", "earliest": "2013-01-19", "latest": "2013-01-19",
        "precision": "day", "quote": None, "stated_on": "2012-11-28", "confidence": None, "conflict": False}
    assert out[1]["claims"][0]["earliest"] == "2013-01-20"
    assert out[2]["claims"] == [] and "error" in out[2]
    assert out[3]["claims"] == [] and "error" in out[3]


def test_gates_never_hide_a_match():
    """A handler's gate must pass on every sentence where its regex matches.

    The gates are word lists kept beside the regexes by hand; this catches a
    handler taught a new word that its gate does not know.
    """
    from scrapers.claims.expressions import EXPRESSIONS, words_of
    from scrapers.relevance import fold

    texts = [fold(c["text"]) for c in CASES] + [
        "mi-mars 2014", "dans 3 semaines", "in two weeks' time", "d'ici 6 mois", "il y a deux ans",
        "three days ago", "q3 2013", "h2 2016", "the second half of next year", "cet apres-midi",
        "la semaine derniere", "next quarter", "before the year-end", "apres-demain",
        "le week-end prochain", "20/01/2013", "2017-01-20", "fin de l'annee", "dans un avenir proche",
    ]
    checked = 0
    for f in texts:
        words = words_of(f)
        for e in EXPRESSIONS:
            if e.gate is not None and any(m.end() > m.start() for m in e.regex.finditer(f)):
                checked += 1
                assert e.gate.passes(f, words), (e.name, f)
    assert checked > 500  # the table exercises the handlers, not just a few


# --- rules as data: each time-expression handler carries its example rows -----------------

def _expression_examples():
    from scrapers.claims.expressions import EXAMPLES
    return [(name, *row) for name, rows in EXAMPLES.items() for row in rows]


def test_every_expression_handler_has_examples():
    from scrapers.claims.expressions import EXAMPLES, EXPRESSIONS
    assert {e.name for e in EXPRESSIONS} == set(EXAMPLES)


@pytest.mark.parametrize("name,lang,phrase,published,earliest,latest,precision", _expression_examples(),
                         ids=[f"{r[0]}:{r[2]}" for r in _expression_examples()])
def test_expression_example(name, lang, phrase, published, earliest, latest, precision):
    """The handler finds its phrase (longest match) and resolves it forwards from publication."""
    from scrapers.claims.expressions import Ref
    from scrapers.claims.extractor import _hits
    from scrapers.claims.periods import FUTURE
    from scrapers.relevance import fold

    pub = date.fromisoformat(published)
    hits = [h for h in _hits(fold(phrase)) if h.expr.name == name]
    assert hits, f"{name} does not match {phrase!r}"
    w = hits[0].expr.resolve(hits[0].match, Ref(pub, pub, FUTURE, phrase, lang))
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    assert (iso(w.earliest), iso(w.latest), w.precision) == (earliest, latest, precision)


def _cue_examples():
    from scrapers.claims import cues
    return [(name, phrase, True) for name, (yes, _) in cues.EXAMPLES.items() for phrase in yes] + \
        [(name, phrase, False) for name, (_, no) in cues.EXAMPLES.items() for phrase in no]


@pytest.mark.parametrize("name,phrase,found", _cue_examples(),
                         ids=[f"{n}:{'+' if y else '-'}{p}" for n, p, y in _cue_examples()])
def test_cue_table_example(name, phrase, found):
    """Each cue table finds its positive rows and not its negative ones (tables anchored at the
    end, like FUTURE_BEFORE, are tried at the end of the phrase)."""
    from scrapers.claims import cues
    pattern = getattr(cues, name)
    assert (pattern.search(phrase) is not None) == found
