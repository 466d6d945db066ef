"""What the built site states: only confirmed claims count; pending ones are apart.

A tiny site built with the real plugin into tmp_path, 'now' pinned.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest


def post(content: Path, rel: str, *, title: str, date: str, source: str, link: str,
         claims: list[str], tags: str = "", category: str = "articles") -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"Title: {title}", f"Date: {date}", f"Category: {category}", "Lang: fr",
             f"Source: {source}", f"Link: {link}", f"Slug: {path.stem}"]
    if tags:
        lines.append(f"Tags: {tags}")
    lines += [f"Claim: {c}" for c in claims]
    path.write_text("\n".join(lines) + "\n\nTexte.\n", encoding="utf-8")
    return path


# Each journal in its own words: copies of one text are one reading (confirm.same_words).
MU2 = ("Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | {on} | auto 0.85 | {quote}")
MU2_A = "Megaupload 2.0 ouvrira le 20 janvier 2017."
MU2_B = "Kim Dotcom fixe au 20 janvier 2017 le retour de Megaupload 2.0."


@pytest.fixture
def content(tmp_path):
    c = tmp_path / "content"
    post(c, "articles/2016/a.md", title="MU2 le 20 janvier selon A", date="2016-07-10 09:00:00+00:00",
         source="Journal A", link="https://www.journal-a.fr/mu2",
         claims=[MU2.format(on="2016-07-10", quote=MU2_A)])
    post(c, "articles/2016/b.md", title="MU2 le 20 janvier selon B", date="2016-07-12 09:00:00+00:00",
         source="Journal B", link="https://journal-b.fr/mu2",
         claims=[MU2.format(on="2016-07-12", quote=MU2_B)])
    post(c, "articles/2016/c.md", title="MegaNet au 1er trimestre selon C",
         date="2016-07-15 09:00:00+00:00", source="Journal C", link="https://journal-c.fr/mn",
         claims=["MegaNet | planned | 2017-01-01 | 2017-03-31 | quarter | 2016-07-15 | auto 0.60 | "
                 "MegaNet arrivera au premier trimestre 2017."])
    post(c, "articles/2016/d.md", title="Bitcache rejeté", date="2016-07-16 09:00:00+00:00",
         source="Journal D", link="https://journal-d.fr/bc", tags="Bitcache",
         claims=["Bitcache | planned | 2016-09-01 | 2016-09-30 | month | 2016-07-16 | rejected | "
                 "Les captures de Bitcache seront publiées en septembre."])
    # 20:00 UTC on 9 July is 10 July, 08:00 in Auckland: every page says 10 July.
    post(c, "tweets/2016/late.md", title="Tweet du soir", date="2016-07-09 20:00:00+00:00",
         source="@KimDotcom", link="https://x.com/KimDotcom/status/1", category="tweets",
         tags="Megaupload 2.0",
         claims=["Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2016-07-10 | "
                 "auto 0.70 | MU2 le 20 janvier."])
    return c


def meganet_q1(content: Path, journal: str, day: str, status: str, quote: str) -> Path:
    """Journal <journal>'s post giving MegaNet for the first quarter of 2017."""
    return post(content, f"articles/2016/{journal.lower()}.md",
                title=f"MegaNet au 1er trimestre selon {journal}", date=f"{day} 09:00:00+00:00",
                source=f"Journal {journal}", link=f"https://journal-{journal.lower()}.fr/mn",
                claims=[f"MegaNet | planned | 2017-01-01 | 2017-03-31 | quarter | {day} | "
                        f"{status} | {quote}"])


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_malformed_claim_line_is_named_and_nothing_is_rewritten(build_site, content,
                                                                   tmp_path):
    from scrapers.errors import MegawatchError

    path = content / "tweets/2016/late.md"
    path.write_text(path.read_text(encoding="utf-8").replace("auto 0.70", "statut-inconnu"),
                    encoding="utf-8")
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    with pytest.raises(MegawatchError) as err:
        build_site(content, "2016-08-01T00:00:00+00:00")
    assert f"{path}:9: claim status 'statut-inconnu' is not 'auto 0.90', 'reviewed' or " \
           "'rejected'" in str(err.value)
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == before


def test_statuses_reach_cards_lists_and_api(build_site, content, tmp_path):
    build_site(content, "2016-08-01T00:00:00+00:00")
    out = tmp_path / "output"

    # Two publishers agree on MU2: corroborated, it drives the card.
    mu2 = text_of((out / "services/megaupload-2/index.html").read_text(encoding="utf-8"))
    assert "J-172" in mu2 and "Registre des promesses" in mu2
    assert "Rien en attente de vérification." in mu2

    # One source for MegaNet: pending, listed apart, no card, no calendar, no figure.
    meganet = text_of((out / "services/meganet/index.html").read_text(encoding="utf-8"))
    assert "Aucune date de lancement annoncée." in meganet
    assert "Aucune promesse confirmée pour l’instant." in meganet
    pending = meganet.split("À vérifier", 1)[1]
    assert "promis : 1er trimestre 2017 · dit le 15 juillet 2016 · Journal C" in pending
    assert "confiance 60 %" in pending and "MegaNet arrivera au premier trimestre 2017." in pending
    assert not (out / "services/meganet/calendar.ics").exists()
    assert "Dates promises" not in meganet  # no figure at all without a confirmed date

    # The rejected Bitcache claim is nowhere.
    for page in out.rglob("*.html"):
        assert "Les captures de Bitcache" not in page.read_text(encoding="utf-8"), page
    home = text_of((out / "index.html").read_text(encoding="utf-8"))
    assert "Une date relevée automatiquement attend une vérification" in home
    assert "MegaNet" not in home.split("Chronologie")[0].split("Où en est chaque service")[1] \
        .split("Une date relevée")[0]

    claims = json.loads((out / "api/claims.json").read_text(encoding="utf-8"))["claims"]
    # The tweet agrees with A and B too: the subject's account is one more publisher.
    assert sorted((c["service"], c["status"]) for c in claims) == [
        ("meganet", "pending"), ("megaupload-2", "corroborated"),
        ("megaupload-2", "corroborated"), ("megaupload-2", "corroborated")]
    assert all(c["status"] in ("reviewed", "corroborated", "pending") for c in claims)
    assert {c["outcome"] for c in claims if c["status"] == "pending"} == {None}
    services = json.loads((out / "api/services.json").read_text(encoding="utf-8"))["services"]
    by_slug = {s["slug"]: s for s in services}
    assert by_slug["meganet"]["current_promise"] is None
    assert by_slug["megaupload-2"]["current_promise"]["earliest"] == "2017-01-20"
    promises = feedparser.parse((out / "feeds/promesses.atom.xml").read_bytes())
    assert [e.title for e in promises.entries] == [
        "Megaupload 2.0 : première date promise, 20 janvier 2017"]


def test_one_day_one_time_zone(build_site, content, tmp_path):
    build_site(content, "2016-08-01T00:00:00+00:00")
    out = tmp_path / "output"
    page = text_of((out / "posts/2016/late/index.html").read_text(encoding="utf-8"))
    assert "10 juillet 2016 à 08:00" in page
    home = (out / "index.html").read_text(encoding="utf-8")
    entry = home.split("Tweet du soir", 1)[1].split("</article>", 1)[0]
    assert "10 juillet 2016" in text_of(entry) and "9 juillet" not in text_of(entry)
    feed = (out / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "2016-07-10T08:00:00+12:00" in feed
    rss = feedparser.parse((out / "feeds/all.rss.xml").read_bytes())
    late = [e for e in rss.entries if e.title == "Tweet du soir"][0]
    assert "10 Jul 2016 08:00:00 +1200" in late.published


@pytest.mark.parametrize("action,card,pending_left", [
    ("accept", "J-153", False),      # reviewed: the promise drives the card
    ("reject", "Aucune date", False),  # rejected: gone from everywhere
    (None, "Aucune date", True),     # untouched: still waiting
])
def test_status_transitions_through_review(build_site, content, tmp_path, tracker_path,
                                           action, card, pending_left):
    from scrapers import config, review

    tracker = config.load(tracker_path)
    [row], _ = review.queue(tracker, content)
    assert (row.claim.service, row.rel) == ("MegaNet", "articles/2016/c.md")
    if action:
        review.decide(tracker, content, row.id, action)
    build_site(content, "2016-08-01T00:00:00+00:00")
    out = tmp_path / "output"
    page = text_of((out / "services/meganet/index.html").read_text(encoding="utf-8"))
    assert card in page.split("Où en est-on ?", 1)[1].split("Suivre", 1)[0]
    assert ("MegaNet arrivera au premier trimestre 2017." in page.split("À vérifier", 1)[1]) \
        == pending_left
    claims = json.loads((out / "api/claims.json").read_text(encoding="utf-8"))["claims"]
    statuses = [c["status"] for c in claims if c["service"] == "meganet"]
    assert statuses == {"accept": ["reviewed"], "reject": [], None: ["pending"]}[action]


def test_a_second_publisher_turns_pending_into_corroborated(build_site, content, tmp_path):
    meganet_q1(content, "E", "2016-07-20", "auto 0.70", "MegaNet sortira début 2017.")
    build_site(content, "2016-08-01T00:00:00+00:00")
    out = tmp_path / "output"
    claims = json.loads((out / "api/claims.json").read_text(encoding="utf-8"))["claims"]
    meganet = [c for c in claims if c["service"] == "meganet"]
    assert [(c["status"], c["corroborated_by"]) for c in meganet] == [
        ("corroborated", ["Journal E"]), ("corroborated", ["Journal C"])]
    page = text_of((out / "services/meganet/index.html").read_text(encoding="utf-8"))
    assert "J-153" in page and "Rien en attente de vérification." in page


def test_a_corroborated_launch_never_flips_a_card(build_site, content, tmp_path):
    for name, quote in (("f", "Megaupload 2.0 a été lancé hier."),
                        ("g", "Depuis hier, Megaupload 2.0 est en ligne.")):
        post(content, f"articles/2017/{name}.md", title=f"MU2 lancé selon {name}",
             date="2017-01-21 09:00:00+00:00", source=f"Journal {name}",
             link=f"https://journal-{name}.fr/mu2",
             claims=["Megaupload 2.0 | launched | 2017-01-20 | 2017-01-20 | day | 2017-01-21 | "
                     f"auto 0.80 | {quote}"])
    build_site(content, "2017-02-01T00:00:00+00:00")
    out = tmp_path / "output"
    services = json.loads((out / "api/services.json").read_text(encoding="utf-8"))["services"]
    mu2 = {s["slug"]: s for s in services}["megaupload-2"]
    assert (mu2["launched_on"], mu2["countdown"]["state"]) == (None, "late")
    claims = json.loads((out / "api/claims.json").read_text(encoding="utf-8"))["claims"]
    assert [c["status"] for c in claims if c["kind"] == "launched"] == ["corroborated"] * 2


def test_a_copy_leaves_both_pending_and_says_why(build_site, content, tmp_path):
    """Journal F reprints Journal C's MegaNet sentence word for word: one reading, both stay
    pending, and each says whose words it shares (page and API); nothing else is said."""
    meganet_q1(content, "F", "2016-07-18", "auto 0.60", "MegaNet arrivera au premier trimestre 2017.")
    build_site(content, "2016-08-01T00:00:00+00:00")
    out = tmp_path / "output"
    claims = json.loads((out / "api/claims.json").read_text(encoding="utf-8"))["claims"]
    assert [(c["status"], c["same_words_as"], c["corroborated_by"]) for c in claims
            if c["service"] == "meganet"] == [("pending", ["Journal F"], []),
                                              ("pending", ["Journal C"], [])]
    assert {c["same_words_as"] == [] for c in claims if c["service"] != "meganet"} == {True}
    page = text_of((out / "services/meganet/index.html").read_text(encoding="utf-8"))
    pending = page.split("À vérifier", 1)[1]
    for other in ("Journal F", "Journal C"):
        assert (f"mêmes mots que {other} : une reprise ne compte pas comme une seconde source"
                in pending)
    assert "Aucune promesse confirmée pour l’instant." in page
