"""The whole pipeline on a local mirror of annotated news (issue 13's check).

tests/fixtures/mirror/*.jsonl hold articles written in our own words that carry
the facts and date expressions of real articles from 2011-2019 (their URLs and
annotations are in eval/corpus/annotations/), look-alikes included. They are
served on 127.0.0.1 as one feed per publisher plus article pages; the real
``scrape`` then ``build`` run on them; what the site publishes is scored
against the annotation:

* of the claims published as reviewed or corroborated, at least 95 % are right;
* at least 80 % of the annotated claims are shown (published or pending);
* no countdown card rests on a claim the annotation does not hold.

Where the pipeline stands (2026-12-03, issue 14's recall round): 36 of 36
published claims right (met); 83 of 106 shown, 78 % (the extractor's recall:
issue 13 stays open on the 80 % target); no card on an unannotated claim (the
one before, Megachat "début janvier" read as 1-10 January, is gone: a part of a
month is the whole month as a launch window, as the spec's month rule and its
annotators have it). The assertions below are the floors that must not
regress; the issue's targets are in the closing note and in docs/claims.md.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

import mirror

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mirror"
ARTICLES = mirror.load_fixtures(FIXTURES)


def test_the_fixtures_are_sound():
    ids = [a.id for a in ARTICLES]
    assert len(ids) == len(set(ids)) and len(ids) >= 60
    assert sum(a.lookalike for a in ARTICLES) >= 5
    services = {s["name"] for s in tomllib.loads(
        (mirror.ROOT / "tracker.toml").read_text(encoding="utf-8"))["services"]}
    for a in ARTICLES:
        for c in a.claims:
            assert c["service"] in services and c["kind"] in ("planned", "launched"), a.id
            assert c["sentence"] in a.text or c["sentence"] in a.title, (a.id, c["sentence"])


@pytest.fixture(scope="module")
def built(tmp_path_factory, request):
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    request.addfinalizer(server.stop)
    folder = tmp_path_factory.mktemp("mirror")
    base = mirror.serve(server, ARTICLES)
    result = mirror.scrape_and_build(folder, base, ARTICLES)
    assert result["scrape"].returncode == 0, result["scrape"].stdout + result["scrape"].stderr
    assert result["build"].returncode == 0, result["build"].stdout + result["build"].stderr
    tracker = tomllib.loads((folder / "tracker.toml").read_text(encoding="utf-8"))
    names = {s["slug"]: s["name"] for s in tracker["services"]}
    figures = mirror.score(folder / "output", ARTICLES, names)
    (folder / "figures.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"\nmirror figures ({folder / 'figures.json'}): "
          + json.dumps({k: v for k, v in figures.items() if k != "wrong"}, ensure_ascii=False))
    return figures


def test_published_claims_are_right(built):
    assert built["published"] > 0
    assert built["precision_published"] >= 0.95, built["wrong"]


def test_annotated_claims_are_shown(built):
    # Target 0.80 (issue 13); the floor that must not regress.
    assert built["recall_shown"] >= 0.78, (built["shown"], built["annotated"])


def test_cards_rest_on_annotated_claims(built):
    # Target: none (met since a part of a month became the whole month).
    assert built["bad_cards"] == [], built["bad_cards"]
