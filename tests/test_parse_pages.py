"""Golden tests of scrapers.parse.pages.parse_page.

One case per HTML fixture in tests/fixtures/pages/; ``<name>.expected.json``
beside it holds the whole expected Page (or ``{"error": ...}``); an optional
``<name>.headers.json`` gives the HTTP headers. Regenerate after a deliberate
change with ``MEGAWATCH_REGEN=1`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from golden import assert_no_orphans, check_golden

from scrapers.errors import ParseError
from scrapers.parse.pages import decode_html, parse_date, parse_page, valid_date

HERE = Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(p for p in HERE.iterdir() if p.is_file() and not p.name.endswith(".json"))
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
PARIS = ZoneInfo("Europe/Paris")


def run_case(path: Path) -> dict:
    headers_file = path.with_name(path.stem + ".headers.json")
    headers = json.loads(headers_file.read_text()) if headers_file.exists() else None
    url = f"https://fixture.example/{path.name}"
    try:
        page = parse_page(path.read_bytes(), url=url, headers=headers, source_name="Fixture",
                          now=NOW)
    except ParseError as exc:
        return {"error": {"type": "ParseError", "source": exc.source, "message": exc.message}}
    got = dataclasses.asdict(page)
    got["published"] = page.published.isoformat() if page.published else None
    return got


@pytest.mark.timeout(20)
@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_page_fixture(path):
    check_golden(path.with_name(path.stem + ".expected.json"), run_case(path))


def test_every_expected_output_has_its_fixture():
    assert_no_orphans(HERE, CASES)


def test_comment_and_sidebar_dates_are_never_the_article_date():
    got = run_case(HERE / "visible_date.html")
    assert got["published"] == "2012-06-28T10:30:00+02:00"
    assert got["published_from"] == "visible-fr"
    assert "Enfin une bonne nouvelle" not in got["text"]
    assert "Dernières dépêches" not in got["text"]


def test_windows_1252_served_as_utf8_keeps_its_accents():
    got = run_case(HERE / "cp1252_as_utf8.html")
    assert "opération séduction" in got["title"]
    assert "« Nous voulons des serveurs là où la vie privée est respectée »" in got["text"]
    assert "\ufffd" not in got["text"]


@pytest.mark.parametrize("data, headers, expected", [
    ("é".encode("utf-8"), {"content-type": "text/html; charset=utf-8"}, ("é", "utf-8")),
    ("é".encode("cp1252"), {"content-type": "text/html; charset=utf-8"}, ("é", "cp1252")),
    ("é".encode("cp1252"), None, ("é", "cp1252")),
    ("é".encode("utf-8"), {"Content-Type": "text/html; charset=ISO-8859-1"}, ("é", "utf-8")),
    ("€".encode("cp1252"), {"Content-Type": "text/html; charset=ISO-8859-1"}, ("€", "cp1252")),
    (b'<meta charset="windows-1252">' + "è".encode("cp1252"), None,
     ('<meta charset="windows-1252">è', "cp1252")),
    (b"\xef\xbb\xbf" + "à".encode("utf-8"), {"content-type": "text/html; charset=cp1252"},
     ("à", "utf-8")),
    ("ü".encode("utf-8"), {"content-type": "text/html; charset=nonsense-42"}, ("ü", "utf-8")),
])
def test_decode_html(data, headers, expected):
    assert decode_html(data, headers) == expected


@pytest.mark.parametrize("value, expected", [
    ("2012-08-16T10:30:00+02:00", datetime(2012, 8, 16, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))),
    ("2012-08-16T08:30:00Z", datetime(2012, 8, 16, 8, 30, tzinfo=timezone.utc)),
    ("2012-08-16T10:30:00.000+0200", datetime(2012, 8, 16, 8, 30, tzinfo=timezone.utc)),
    ("2012-08-16", datetime(2012, 8, 16, tzinfo=PARIS)),
    ("20120816", datetime(2012, 8, 16, tzinfo=PARIS)),
    ("Thu, 16 Aug 2012 08:30:00 GMT", datetime(2012, 8, 16, 8, 30, tzinfo=timezone.utc)),
    ("16 août 2012 à 10h30", datetime(2012, 8, 16, 10, 30, tzinfo=PARIS)),
    ("1er janvier 2013", datetime(2013, 1, 1, tzinfo=PARIS)),
    ("jeudi 16/08/2012 10:30", datetime(2012, 8, 16, 10, 30, tzinfo=PARIS)),
    ("hier", None), ("", None), ("2012-02-30", None), (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value, PARIS) == expected


@pytest.mark.parametrize("value, ok", [
    (datetime(1994, 12, 31, tzinfo=timezone.utc), False),
    (datetime(1995, 1, 1, tzinfo=timezone.utc), True),
    (datetime(2025, 12, 31, 23, 59, tzinfo=timezone.utc), True),
    (datetime(2026, 1, 2, tzinfo=timezone.utc), False),  # in the future of NOW
    (None, False),
])
def test_valid_date(value, ok):
    assert valid_date(value, NOW) is ok


def test_future_and_absurd_dates_fall_through_to_the_next_handler():
    html = ("<html><head><meta property='article:published_time' content='2031-05-01T00:00:00Z'>"
            "<script type='application/ld+json'>{\"@type\":\"NewsArticle\","
            "\"datePublished\":\"1970-01-01T00:00:00Z\"}</script></head><body><article>"
            "<p>Publié le 3 mars 2013 à 9h05</p><p>Texte.</p></article></body></html>")
    page = parse_page(html.encode(), url="https://x.example/a", now=NOW)
    assert page.published == datetime(2013, 3, 3, 9, 5, tzinfo=PARIS)
    assert page.published_from == "visible-fr"


def test_selector_wins_over_article():
    html = ("<html><body><article><p>" + "Résumé des épisodes précédents. " * 10 + "</p></article>"
            "<div class='corps'><p>Le vrai texte de l'article, celui qu'on veut.</p></div></body></html>")
    page = parse_page(html.encode(), url="https://x.example/a", selector="div.corps", now=NOW)
    assert page.text == "Le vrai texte de l'article, celui qu'on veut."


def test_broken_json_ld_is_ignored():
    html = ("<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", oops"
            "</script><meta name='date' content='2013-01-20'></head><body><p>x</p></body></html>")
    page = parse_page(html.encode(), url="https://x.example/a", now=NOW)
    assert page.published_from == "meta"


@pytest.mark.parametrize("data", [b"", b"  \n "])
def test_empty_page_is_a_parse_error(data):
    with pytest.raises(ParseError) as err:
        parse_page(data, url="https://x.example/a", source_name="S")
    assert err.value.source == "S"
    assert err.value.message.startswith("https://x.example/a: empty body")


def test_bs4_extractor_is_the_fallback_when_trafilatura_finds_nothing(monkeypatch):
    import scrapers.parse.pages as pages
    monkeypatch.setattr(pages, "trafilatura_text", lambda html, url: None)
    got = parse_page((HERE / "visible_date.html").read_bytes(), url="https://x.example/a", now=NOW)
    assert "La Haute Cour d'Auckland a estimé jeudi" in got.text
    assert got.text.endswith("qui pourrait faire l'objet d'un appel.")
    assert "Enfin une bonne nouvelle" not in got.text
    assert "Dernières dépêches" not in got.text
