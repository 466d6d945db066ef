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

Where the pipeline stands (2026-12-03, fourth session): 33 of 33 published
claims right; 86 of 106 shown, 81 %; no card on an unannotated claim. Fewer are
published than before (36) because copies of one text no longer corroborate
each other (scrapers.confirm.same_words). The assertions are issue 13's
targets: at least 95 % of published claims right, at least 80 % of annotated
claims shown, no card resting on a claim the annotation lacks.
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
    assert built["recall_shown"] >= 0.80, (built["shown"], built["annotated"])


def test_cards_rest_on_annotated_claims(built):
    # Target: none (met since a part of a month became the whole month).
    assert built["bad_cards"] == [], built["bad_cards"]
