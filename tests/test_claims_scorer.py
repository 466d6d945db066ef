"""The claims scorer's plumbing (scrapers/claims/scorer.py, extractor.scored_candidates).

With its soft rules relaxed (overgen) the extractor proposes more candidates, each
with features; the rules' own choice among them must be exactly what extract gives.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from scrapers.claims import extract
from scrapers.claims import scorer as S
from scrapers.claims.extractor import _by_rule, scored_candidates
from scrapers.config import load

ROOT = Path(__file__).resolve().parent.parent
TRACKER = load(ROOT / "tracker.toml")
CASES = [json.loads(line) for line in (ROOT / "tests" / "data" / "claims_cases.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]


def _fields(c) -> tuple:
    return (c.service, c.kind, c.earliest, c.latest, c.precision, c.stated_on)


def test_rules_choice_among_overgenerated_candidates_is_extract():
    model = S.model()
    for case in CASES:
        pub = date.fromisoformat(case["published"])
        want = [_fields(c) for c in extract(case["text"], pub, case.get("lang"), TRACKER)]
        got, seen = [], set()
        for claim, cand in scored_candidates(case["text"], pub, case.get("lang"), TRACKER, overgen=True):
            keep = _by_rule(cand) if model is None else (cand.feats is None or model.keep(cand.feats))
            if keep and _fields(claim) not in seen:
                seen.add(_fields(claim))
                got.append(_fields(claim))
        assert got == want, case["text"]


def test_features_are_numbers_in_unit_range():
    pub = date(2012, 11, 5)
    text = ("Dotcom's extradition hearing is set for March 2013. His new site Mega will go live on "
            "January 20, a date he chose long ago, and Megabox should follow later in the year.")
    cands = scored_candidates(text, pub, "en", TRACKER, overgen=True)
    assert cands
    for _, c in cands:
        if c.feats is not None:
            assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in c.feats.values()), c.feats


def test_model_keeps_by_threshold():
    m = S.Model({"rule": 3.0, "rej_far": -2.0}, -1.0, 0.5)
    assert m.keep({"rule": 1.0})
    assert not m.keep({"rej_far": 1.0})
    assert abs(m.probability({"rule": 1.0}) - 1 / (1 + 2.718281828 ** -2.0)) < 1e-6
    strict = S.Model(m.weights, m.bias, 0.95)
    assert not strict.keep({"rule": 1.0})
