"""Golden tests of scrapers.parse.feeds.parse_feed.

One case per fixture file in tests/fixtures/feeds/ (any file but *.json);
``<name>.expected.json`` beside it holds the whole expected output: either
``{"bozo", "bozo_reason", "items": [...]}`` or ``{"error": {"type", "message"}}``.
An optional ``<name>.headers.json`` gives the HTTP response headers.
Regenerate after a deliberate change with ``MEGAWATCH_REGEN=1`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import datetime
from pathlib import Path

import pytest
from golden import assert_no_orphans, check_golden

from scrapers.config import Source
from scrapers.errors import ParseError
from scrapers.parse.feeds import canonical_link, parse_feed

HERE = Path(__file__).parent / "fixtures" / "feeds"
CASES = sorted(p for p in HERE.iterdir() if p.is_file() and not p.name.endswith(".json"))
SOURCE = Source(name="Fixture", kind="feed", url="https://fixture.example/feed/", lang="fr")


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def run_case(path: Path) -> dict:
    headers_file = path.with_name(path.stem + ".headers.json")
    headers = json.loads(headers_file.read_text()) if headers_file.exists() else None
    url = f"https://fixture.example/{path.name}"
    try:
        result = parse_feed(path.read_bytes(), SOURCE, url=url, headers=headers)
    except ParseError as exc:
        return {"error": {"type": "ParseError", "source": exc.source, "message": exc.message}}
    return {"bozo": result.bozo, "bozo_reason": result.bozo_reason,
            "items": [_jsonable(i) for i in result.items]}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_feed_fixture(path):
    check_golden(path.with_name(path.stem + ".expected.json"), run_case(path))


def test_every_fixture_has_its_expected_output():
    assert_no_orphans(HERE, CASES)


def test_skipped_entries_are_logged_with_their_value(caplog):
    caplog.set_level(logging.WARNING, "scrapers.parse.feeds")
    run_case(HERE / "wordpress_full.xml")
    text = caplog.text
    assert "'Sans date, cet article doit être ignoré' skipped: no publication date" in text
    assert "link 'javascript:alert(document.cookie)' is not http(s)" in text


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_empty_body_is_a_parse_error(data):
    with pytest.raises(ParseError) as err:
        parse_feed(data, SOURCE, url="https://x.example/feed")
    assert err.value.source == "Fixture"
    assert "https://x.example/feed: empty body" in err.value.message


def test_bytes_are_never_taken_for_a_file_name(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text("<rss version='2.0'><channel><item><title>leak</title>"
                      "<link>https://x.example/</link><pubDate>Sun, 20 Jan 2013 07:30:00 GMT"
                      "</pubDate></item></channel></rss>")
    with pytest.raises(ParseError):
        parse_feed(str(secret).encode(), SOURCE, url="https://x.example/feed")


def test_an_entry_that_breaks_does_not_break_the_feed(monkeypatch, caplog):
    import scrapers.parse.feeds as feeds
    real = feeds.html_to_text

    def flaky(value):
        if "Texte court" in (value or ""):
            raise RuntimeError("boom")
        return real(value)

    monkeypatch.setattr(feeds, "html_to_text", flaky)
    result = parse_feed((HERE / "wordpress_full.xml").read_bytes(), SOURCE,
                        url="https://fixture.example/feed/")
    assert len(result.items) == 2
    assert "entry #5 skipped: conversion failed" in caplog.text


def test_canonical_link():
    assert canonical_link("HTTPS://WWW.Ex.example/a?utm_source=rss&id=3&xtor=RSS-1#top") == \
        "https://www.ex.example/a?id=3"
