"""Feeds, calendars, JSON, the Sources page and privacy of the built site."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone

import feedparser
import pytest
from icalendar import Calendar

from conftest import write_post

NOW = "2016-08-01T00:00:00+00:00"


@pytest.fixture
def content(tmp_path):
    c = tmp_path / "content"
    write_post(c, "notes/2016/mu2-a.md", title="Megaupload 2.0 pour janvier 2017",
               date="2016-07-10 12:00:00+12:00", tags="Megaupload 2.0",
               claims=["Megaupload 2.0 | planned | 2017-01-01 | 2017-01-31 | month | 2016-07-10 | "
                       "reviewed | Megaupload 2.0 ouvrira en janvier 2017."],
               extra="Item-Id: note:mu2-a")
    write_post(c, "notes/2016/mu2-b.md", title="Megaupload 2.0 le 20 janvier 2017",
               date="2016-07-20 12:00:00+12:00", tags="Megaupload 2.0",
               claims=["Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2016-07-20 | "
                       "reviewed | Ce sera le 20 janvier 2017."],
               extra="Modified: 2016-07-25 08:00:00+12:00")
    write_post(c, "notes/2016/mu2-c.md", title="Megaupload 2.0 confirmé",
               date="2016-07-25 12:00:00+12:00", tags="Megaupload 2.0",
               claims=["Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2016-07-25 | "
                       "reviewed | Toujours le 20 janvier 2017."])
    write_post(c, "tweets/2016/tweet-mu2.md", title="Tweet sur Megaupload 2.0",
               date="2016-07-26 09:00:00+00:00", tags="Megaupload 2.0", category="tweets",
               body="> Megaupload 2.0 arrive & ça va <script>alert(1)</script>secouer.\n>\n> — @KimDotcom "
                    "([voir sur X](https://x.com/KimDotcom/status/1))")
    return c


def feed(output, rel):
    parsed = feedparser.parse((output / rel).read_bytes())
    assert parsed.bozo == 0, (rel, parsed.get("bozo_exception"))
    return parsed


def test_feeds_parse_and_use_service_slugs(build_site, content, tmp_path):
    build_site(content, NOW)
    out = tmp_path / "output"
    for rel in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/notes.atom.xml",
                "feeds/notes.rss.xml", "feeds/tweets.atom.xml", "feeds/tweets.rss.xml",
                "feeds/services/megaupload-2.atom.xml", "feeds/services/megaupload-2.rss.xml",
                "feeds/services/meganet.atom.xml", "feeds/promesses.atom.xml"):
        feed(out, rel)
    assert not (out / "feeds/services/megaupload-20.atom.xml").exists()
    assert len(feed(out, "feeds/services/megaupload-2.atom.xml").entries) == 4
    assert feed(out, "feeds/services/meganet.atom.xml").entries == []


def test_entry_ids_and_updated_are_stable(build_site, content, tmp_path):
    build_site(content, NOW, output=tmp_path / "a")
    build_site(content, "2026-11-22T00:00:00+00:00", output=tmp_path / "b")
    # Another 'now' changes countdowns, never the post feeds: nobody is re-notified.
    for rel in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/promesses.atom.xml"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    entries = {e.title: e for e in feed(tmp_path / "a", "feeds/all.atom.xml").entries}
    assert entries["Megaupload 2.0 pour janvier 2017"].id == \
        "tag:megawatch.github.io,2024:item/note:mu2-a"
    assert entries["Megaupload 2.0 confirmé"].id.startswith("tag:megawatch.github.io,2024:post/")
    assert entries["Megaupload 2.0 le 20 janvier 2017"].updated == "2016-07-25T08:00:00+12:00"
    assert entries["Megaupload 2.0 confirmé"].updated == "2016-07-25T12:00:00+12:00"
    rss = feed(tmp_path / "a", "feeds/all.rss.xml")
    assert {e.id for e in rss.entries} == {e.id for e in entries.values()}


def test_promise_feed_has_one_entry_per_new_or_moved_date(build_site, content, tmp_path):
    build_site(content, NOW)
    entries = feed(tmp_path / "output", "feeds/promesses.atom.xml").entries
    # janvier 2017 (new), then 20 janvier 2017 (moved); the repeat is not news.
    assert [e.title for e in entries] == [
        "Megaupload 2.0 : date déplacée, 20 janvier 2017",
        "Megaupload 2.0 : première date promise, janvier 2017"]
    assert len({e.id for e in entries}) == 2


def test_calendars(build_site, content, tmp_path, monkeypatch):
    build_site(content, NOW)
    out = tmp_path / "output"
    cal = Calendar.from_ical((out / "services/megaupload-2/calendar.ics").read_bytes())
    [event] = cal.walk("VEVENT")
    # The UID's domain is the configured site's host (a local build: localhost).
    assert event["UID"] == "megaupload-2@localhost"
    assert event.decoded("DTSTART") == date(2017, 1, 20)
    assert event.decoded("DTEND") == date(2017, 1, 21)
    assert int(event["SEQUENCE"]) == 1  # one move before the current date
    assert event.decoded("DTSTAMP") == datetime(2016, 7, 20, tzinfo=timezone.utc)
    every = Calendar.from_ical((out / "calendar.ics").read_bytes())
    assert {str(e["UID"]) for e in every.walk("VEVENT")} >= {"megaupload-2@localhost"}
    # A window ("janvier 2017") is a one-day event on its deadline, its last day.
    build_site(content, "2016-07-15T00:00:00+00:00", output=tmp_path / "early")
    early = Calendar.from_ical(
        (tmp_path / "early/services/megaupload-2/calendar.ics").read_bytes())
    [event] = early.walk("VEVENT")
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (date(2017, 1, 31),
                                                                  date(2017, 2, 1))
    assert str(event["SUMMARY"]) == "Megaupload 2.0 : fin du délai promis (janvier 2017)"
    assert int(event["SEQUENCE"]) == 0
    # Published under another name, the UIDs follow it.
    monkeypatch.setenv("MEGAWATCH_SITEURL", "https://promesses.example.org/megawatch")
    build_site(content, NOW, output=tmp_path / "pub", publish=True)
    [event] = Calendar.from_ical(
        (tmp_path / "pub/services/megaupload-2/calendar.ics").read_bytes()).walk("VEVENT")
    assert event["UID"] == "megaupload-2@promesses.example.org"


def test_json_api(build_site, content, tmp_path):
    build_site(content, NOW)
    api = tmp_path / "output/api"
    for name in ("services.json", "claims.json", "posts.json"):
        text = (api / name).read_text(encoding="utf-8")
        data = json.loads(text)
        # Keys sorted, no spaces, each record of the top-level list on its own line.
        lines = text.splitlines()
        key = name.removesuffix(".json")
        assert lines[0].startswith("{") and lines[0].endswith(f'"{key}":['), lines[0]
        records = data[key]
        assert len(lines) == len(records) + 2
        for line, record in zip(lines[1:], records):
            assert json.loads(line.rstrip(",")) == record
            assert line.rstrip(",") == json.dumps(record, ensure_ascii=False, sort_keys=True,
                                                  separators=(",", ":"))
    services = {s["slug"]: s for s in json.loads((api / "services.json").read_text())["services"]}
    mu2 = services["megaupload-2"]
    assert mu2["current_promise"]["earliest"] == "2017-01-20"
    assert mu2["current_promise"]["text"] == "20 janvier 2017"
    assert mu2["countdown"]["headline"] == "J-172"
    assert mu2["moves"] == 2
    claims = json.loads((api / "claims.json").read_text())["claims"]
    assert [c["outcome"] for c in claims] == ["remplacée avant l’échéance", "en attente", "en attente"]
    posts = json.loads((api / "posts.json").read_text())["posts"]
    assert posts[0]["title"] == "Tweet sur Megaupload 2.0"
    assert posts[0]["services"] == ["megaupload-2"]


def test_sources_page(build_site, content, tmp_path, tracker_path):
    build_site(content, NOW)
    page = (tmp_path / "output/sources/index.html").read_text(encoding="utf-8")
    assert "Aucune collecte n’a encore été lancée" in page
    assert "Numerama" in page and "@KimDotcom" in page
    status = tracker_path.parent / ".megawatch" / f"{tracker_path.stem}.status.json"
    status.parent.mkdir(exist_ok=True)  # the build cache may be there already
    status.write_text(json.dumps({"version": 1, "http": {}, "sources": {
        "Numerama": {"ok": True, "last_run": "2026-11-21T10:00:00+00:00",
                     "last_success": "2026-11-21T10:00:00+00:00", "fetches": 4,
                     "not_modified": 3},
        "Clubic": {"ok": False, "last_run": "2026-11-21T10:00:00+00:00",
                   "last_error": "HTTP 503", "last_error_at": "2026-11-21T10:00:00+00:00",
                   "fetches": 2, "not_modified": 0},
        "01net": {"ok": False, "last_run": "2026-11-20T10:00:00+00:00",
                  "last_error": "GET https://www.01net.com/actualites/feed/: ConnectionError("
                                "MaxRetryError(NameResolutionError(\"<urllib3.connection."
                                "HTTPSConnection object at 0x7f>: Failed to resolve\"))",
                  "last_error_at": "2026-11-20T10:00:00+00:00", "fetches": 1}}}),
        encoding="utf-8")
    build_site(content, NOW)
    page = (tmp_path / "output/sources/index.html").read_text(encoding="utf-8")
    assert "Aucune collecte" not in page
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "75 %" in text
    # Short reasons, never a raw exception.
    assert "HTTP 503" in text and "hôte introuvable" in text
    assert "MaxRetryError" not in text and "0x7f" not in text
    assert "21 novembre 2026 à 23:00" in text  # shown in Auckland time
    home = " ".join(re.sub(r"<[^>]+>", " ",
                           (tmp_path / "output/index.html").read_text(encoding="utf-8")).split())
    assert "sources vérifiées le 21 novembre 2026 à 23:00" in home


def test_tweet_is_a_static_blockquote(build_site, content, tmp_path):
    build_site(content, NOW)
    post = (tmp_path / "output/posts/2016/tweet-mu2/index.html").read_text(encoding="utf-8")
    assert '<figure class="tweet">' in post and "<blockquote>" in post
    assert "widgets.js" not in post and "platform.twitter.com" not in post
    assert "<script>alert" not in post  # raw HTML from the tweet was sanitized


def test_no_third_party_resource(build_site, content, tmp_path):
    build_site(content, NOW)
    for page in (tmp_path / "output").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Resources (src=, <link href=> other than feeds) stay on this site.
        assert not re.search(r'\bsrc="(https?:)?//', html), page
        for tag in re.findall(r"<link [^>]*>", html):
            if 'rel="alternate"' not in tag:
                assert not re.search(r'href="(https?:)?//', tag), (page, tag)
        assert "@import" not in html


def test_feed_autodiscovery_on_listings_not_on_post_pages(build_site, content, tmp_path):
    build_site(content, NOW)
    out = tmp_path / "output"
    every = 'href="http://localhost:8000/feeds/all.atom.xml"'
    for rel in ("index.html", "services/megaupload-2/index.html",
                "flux/index.html", "promesses/index.html"):
        head = (out / rel).read_text(encoding="utf-8").split("</head>")[0]
        assert every in head and "feeds/promesses.atom.xml" in head, rel
    post = (out / "posts/2016/mu2-a/index.html").read_text(encoding="utf-8")
    assert 'rel="alternate"' not in post
    # Words on every post page are left out of the search index.
    assert '<p class="src" data-pagefind-ignore>' in post


def test_no_category_pages_and_nothing_links_to_one(build_site, content, tmp_path):
    """Category pages are not written (nothing linked to them); each category keeps its
    feeds, listed on the data page."""
    build_site(content, NOW)
    out = tmp_path / "output"
    assert not (out / "categories").exists()
    for page in out.rglob("*.html"):
        assert "categories/" not in page.read_text(encoding="utf-8"), page
    data = (out / "flux/index.html").read_text(encoding="utf-8")
    assert "feeds/notes.atom.xml" in data and "feeds/notes.rss.xml" in data


def test_time_zone_only_on_pages_with_countdowns(build_site, content, tmp_path):
    """countdown.js reads the subject's zone from <body data-tz>: every page that
    loads the script carries it, no other page does."""
    build_site(content, NOW)
    with_script = 0
    for page in (tmp_path / "output").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = "js/countdown.js" in html
        with_script += loads
        assert ('<body data-tz="Pacific/Auckland">' in html) == loads, page
    assert with_script >= 3  # home, services, each service page


def test_slip_chart_has_text_alternative(build_site, content, tmp_path):
    build_site(content, NOW)
    page = (tmp_path / "output/services/megaupload-2/index.html").read_text(encoding="utf-8")
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert 'class="sc-diag"' in svg
    assert svg.count('class="sc-mark') == 3
    assert 'href="#registre"' in page
    assert "<script" not in svg


def test_full_build_with_search_is_deterministic(content, tracker_path, tmp_path):
    from scrapers.site import build

    outs = [tmp_path / "s1", tmp_path / "s2"]
    for out in outs:
        build(config_path=tracker_path, content=content, output=out,
              now=datetime.fromisoformat(NOW), search=True)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert any(str(f).startswith("pagefind/") for f in files)
    assert files == sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*") if p.is_file())
    for rel in files:
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), rel


def test_countdown_script_budget():
    from conftest import ROOT

    js = (ROOT / "theme/static/js/countdown.js").read_bytes()
    assert len(js) <= 2048
    assert b"http" not in js  # nothing fetched, nothing reported


def test_open_graph_404_and_one_date_per_tweet(build_site, content, tmp_path):
    build_site(content, NOW)
    out = tmp_path / "output"
    pages = list(out.rglob("*.html"))
    assert (out / "404.html") in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:locale"):
            assert f'<meta property="{prop}" content="' in html, (page, prop)
        assert '<meta name="twitter:card" content="summary">' in html, page
    missing = (out / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page introuvable</h1>" in missing and 'lang="fr"' in missing
    assert 'href="/promesses/"' in missing  # absolute from the root, from any missing path
    post = (out / "posts/2016/tweet-mu2/index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", post.split('<main id="contenu">')[1]
                           .split("</main>")[0]).split())
    # The tweet's own date, once (the claims below name the promised day and the day said).
    head = text.split("Promesses relevées")[0]
    dates = re.findall(r"\d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|"
                       r"septembre|octobre|novembre|décembre) \d{4}", head)
    assert len(dates) == 1, head
