"""The Pelican plugin end to end: a tiny site built into tmp_path."""

from __future__ import annotations

import re

import feedparser
import pytest

from conftest import write_post


@pytest.fixture
def content(tmp_path):
    c = tmp_path / "content"
    write_post(c, "notes/2016/mu2.md", title="Megaupload 2.0 promis pour le 20 janvier 2017",
               date="2016-07-10 12:00:00+12:00", tags="Megaupload 2.0, Bitcache",
               claims=["Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2016-07-10 | "
                       "reviewed | Megaupload 2.0 ouvrira le 20 janvier 2017."])
    write_post(c, "notes/2015/meganet.md", title="MegaNet pour la fin 2015",
               date="2015-01-20 12:00:00+13:00", tags="MegaNet",
               claims=["MegaNet | planned | 2015-10-01 | 2015-12-31 | quarter | 2015-01-20 | "
                       "reviewed | MegaNet arrivera fin 2015."])
    write_post(c, "notes/2012/mega.md", title="Mega promis pour le 19 janvier 2013",
               date="2012-11-28 09:00:00+01:00", tags="Mega",
               claims=["Mega | planned | 2013-03-19 | 2013-03-19 | day | 2012-11-27 | reviewed | "
                       "Le lancement est prévu le 19 mars prochain.",
                       "Mega | planned | 2013-01-19 | 2013-01-19 | day | 2012-11-28 | reviewed | "
                       "Mega doit ouvrir le 19 janvier 2013."],
               body="Corps <script>alert('x')</script> <img src=x onerror=alert(1)> "
                    "[clic](javascript:alert(1))")
    write_post(c, "tweets/2011/hello.md", title="Un tweet sans service", date="2011-12-09 10:00:00+00:00",
               category="tweets")
    return c


def main_of(html: str) -> str:
    return html.split('<main id="contenu">', 1)[1].split("</main>", 1)[0]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_timeline_lists_every_post_newest_first(build_site, content, tmp_path):
    report = build_site(content, "2016-08-01T00:00:00+00:00")
    assert (report.posts, report.services, report.claims) == (4, 8, 4)
    index = main_of((tmp_path / "output/index.html").read_text(encoding="utf-8"))
    titles = ["Megaupload 2.0 promis", "MegaNet pour la fin 2015", "Mega promis pour",
              "Un tweet sans service"]
    positions = [index.index(t) for t in titles]
    assert positions == sorted(positions)
    assert [y for y in re.findall(r'href="#y(\d{4})"', index)] == ["2016", "2015", "2012", "2011"]


@pytest.mark.parametrize("now,headline,detail", [
    ("2017-01-09T12:00:00+00:00", "J-10", "Lancement promis : 20 janvier 2017."),
    # 20 January 2017, 10:00 in Auckland: the promised day has begun.
    ("2017-01-19T21:00:00+00:00", "Encore un jour", "Fenêtre promise en cours : 20 janvier 2017."),
    # Years and months in the headline, the exact days once, beside it.
    ("2026-11-22T00:00:00+00:00", "En retard de 9 ans et 10 mois",
     "3 593 jours après la date promise (20 janvier 2017)."),
    ("2017-01-21T00:00:00+00:00", "En retard d’un jour", "Un jour après la date promise (20 janvier 2017)."),
    ("2018-02-21T00:00:00+00:00", "En retard d’un an et un mois",
     "397 jours après la date promise (20 janvier 2017)."),
])
def test_service_countdown_for_pinned_now(build_site, content, tmp_path, now, headline, detail):
    build_site(content, now)
    page = text_of(main_of((tmp_path / "output/services/megaupload-2/index.html")
                           .read_text(encoding="utf-8")))
    assert f"{headline} {detail}" in page
    # No figure said twice on the card; the ticking counter is hidden without
    # JavaScript (a frozen seconds counter would look live) and left out here.
    html = (tmp_path / "output/services/megaupload-2/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="tick" role="timer" hidden>', html)
    card = text_of(re.sub(r'<p class="tick".*?</p>', "", main_of(html)))
    card = card.split("Où en est-on ?", 1)[1].split("Suivre", 1)[0]
    numbers = re.findall(r"\d[\d  ]*\d|\d", card.split("Promis le", 1)[0])
    assert len(numbers) == len(set(numbers)), card


def test_window_countdown_counts_to_its_last_day(build_site, content, tmp_path):
    build_site(content, "2015-11-15T00:00:00+00:00")
    page = text_of((tmp_path / "output/services/meganet/index.html").read_text(encoding="utf-8"))
    assert "Encore 47 jours Fenêtre promise en cours : 4e trimestre 2015." in page


def test_launched_service_and_conflict(build_site, content, tmp_path):
    build_site(content, "2014-01-01T00:00:00+00:00")
    page = text_of((tmp_path / "output/services/mega/index.html").read_text(encoding="utf-8"))
    # Against the first promised date (19 mars) and the last one (19 janvier).
    assert ("Lancé le 20 janvier 2013 58 jours avant la première date promise "
            "(19 mars 2013), un jour après la dernière (19 janvier 2013).") in page
    # Both dates of the same article are kept, and flagged as contradicting each other.
    assert page.count("contradiction") == 2
    assert "19 mars 2013 contradiction remplacée" in page or "19 mars 2013 contradiction" in page


def test_sanitized_and_escaped(build_site, content, tmp_path):
    build_site(content, "2014-01-01T00:00:00+00:00")
    post = (tmp_path / "output/posts/2012/mega/index.html").read_text(encoding="utf-8")
    assert "<script" not in post and "onerror" not in post and "javascript:" not in post


def test_feeds_hold_every_post(build_site, content, tmp_path):
    build_site(content, "2014-01-01T00:00:00+00:00")
    for name in ("all.atom.xml", "all.rss.xml"):
        feed = feedparser.parse((tmp_path / "output/feeds" / name).read_bytes())
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert len(feed.entries) == 4
    per_service = feedparser.parse(
        (tmp_path / "output/feeds/services/mega.atom.xml").read_bytes())
    assert [e.title for e in per_service.entries] == ["Mega promis pour le 19 janvier 2013"]


def test_build_is_deterministic(build_site, content, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(content, "2014-01-01T00:00:00+00:00", output=first)
    build_site(content, "2014-01-01T00:00:00+00:00", output=second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_bad_claim_fails_the_build(build_site, content, tmp_path):
    from scrapers.errors import MegawatchError

    write_post(content, "notes/2013/bad.md", title="Mauvaise ligne", date="2013-02-01 10:00:00+00:00",
               claims=["Mega | planned | 2013-02-30 | - | day | 2013-02-01 | auto | x"])
    with pytest.raises(MegawatchError, match="2013-02-30"):
        build_site(content, "2014-01-01T00:00:00+00:00")


def test_home_totals_and_freshness(build_site, content, tmp_path):
    build_site(content, "2026-11-22T00:00:00+00:00")
    home = text_of(main_of((tmp_path / "output/index.html").read_text(encoding="utf-8")))
    # 4 dated promises: Mega's 19 mars kept (launched on 20 January, before it), Mega's
    # 19 janvier missed by a day, MegaNet's fin 2015 and Megaupload 2.0's 20 janvier 2017.
    assert ("4 dates promises 1 tenue 3 manquées 0 remplacée avant l’échéance") in home
    assert "Données mises à jour le 10 juillet 2016" in home
    assert "aucune vérification des sources enregistrée" in home


def test_service_page_ends_on_its_latest_known_state(build_site, content, tmp_path):
    build_site(content, "2026-11-22T00:00:00+00:00")
    page = text_of(main_of((tmp_path / "output/services/megaupload-2/index.html")
                           .read_text(encoding="utf-8")))
    last = page.rsplit("Dernier état connu", 1)[1]
    assert last.startswith(" 10 juillet 2016 — Megaupload 2.0 promis pour le 20 janvier 2017")
    assert ("Rien de nouveau n’a été relevé sur Megaupload 2.0 depuis le 10 juillet 2016 "
            "(10 ans et 4 mois).") in last
