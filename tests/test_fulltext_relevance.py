"""Relevance on the article page's text, through the real CLI over 127.0.0.1.

A feed whose items carry only teasers: one teaser names no service although the
article is about Megaupload; one names Megabox although the page shows it is
the Korean cinema chain; one is about Mega in both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mirror
from scrapers.posts import read_claims, split_post

ARTICLES = [
    mirror.Article(
        "teaser-hides-service", "Journal du Test", mirror.datetime.fromisoformat(
            "2016-07-10T09:00:00+00:00"), "fr",
        "Le retour annoncé d’un géant du téléchargement",
        "Un fondateur bien connu prépare son retour, dit-il.\n\n"
        "Kim Dotcom affirme que Megaupload 2.0 ouvrira le 20 janvier 2017, cinq ans après "
        "la fermeture du site d’origine.", []),
    mirror.Article(
        "lookalike-in-page", "Journal du Test", mirror.datetime.fromisoformat(
            "2016-07-11T09:00:00+00:00"), "fr",
        "Megabox ouvrira un nouveau complexe au printemps",
        "Megabox ouvrira un nouveau complexe au printemps prochain.\n\n"
        "La chaîne compte déjà des dizaines de salles, de Séoul à Busan, et parie sur "
        "les écrans IMAX pour attirer les spectateurs.", []),
    mirror.Article(
        "plain", "Journal du Test", mirror.datetime.fromisoformat("2012-11-28T09:00:00+00:00"),
        "fr", "Mega ouvrira le 19 janvier",
        "Mega, le nouveau service de Kim Dotcom, ouvrira le 19 janvier 2013.", []),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    """One scrape and build for the module's tests (they only read what it left)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    request.addfinalizer(server.stop)
    tmp_path = tmp_path_factory.mktemp("fulltext")
    base = mirror.serve(server, ARTICLES)
    result = mirror.scrape_and_build(tmp_path, base, ARTICLES)
    assert result["scrape"].returncode == 0, result["scrape"].stdout + result["scrape"].stderr
    assert result["build"].returncode == 0, result["build"].stdout + result["build"].stderr
    return tmp_path, result


def posts(folder: Path) -> dict[str, Path]:
    out = {}
    for path in (folder / "content").rglob("*.md"):
        meta = dict(split_post(path.read_text(encoding="utf-8"))[0])
        out[meta["Link"].rsplit("/", 1)[-1].removesuffix(".html")] = path
    return out


def test_relevance_reads_the_page(site):
    folder, result = site
    written = posts(folder)
    assert sorted(written) == ["plain", "teaser-hides-service"], result["scrape"].stdout
    [claim] = read_claims(written["teaser-hides-service"])
    assert (claim.service, claim.kind, claim.earliest.isoformat()) == (
        "Megaupload 2.0", "planned", "2017-01-20")
    assert "Journal du Test: 2 new, 3 items, 1 irrelevant" in result["scrape"].stdout
    # Every new claim awaits review: the run says so, one line each with its ID.
    n = sum(len(read_claims(p)) for p in written.values())
    assert f"\n{n} new claims await review" in result["scrape"].stdout
    assert result["scrape"].stdout.count("\npending: ") == n >= 2


def test_the_job_summary_lists_the_new_pending_claims(site):
    import subprocess
    import sys

    folder, result = site
    # The report the scrape kept in .megawatch/ (what `scrape --json` prints).
    summary = subprocess.run([sys.executable, str(mirror.ROOT / "scripts/job_summary.py"),
                              "--config", "tracker.toml"], cwd=folder,
                             capture_output=True, text=True, check=True).stdout
    rows = [line for line in summary.splitlines() if line.startswith("| `")]
    ids = [line.split()[1] for line in result["scrape"].stdout.splitlines()
           if line.startswith("pending: ")]
    assert [r.split("`")[1] for r in rows] == ids
    assert any("| Megaupload 2.0 | planned 2017-01-20 | articles/2016/" in r for r in rows), rows
