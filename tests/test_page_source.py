"""A kind = "page" source end to end: one article page on 127.0.0.1 becomes one post."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers import config, scrape
from scrapers.posts import split_post

PAGES = Path(__file__).parent / "fixtures" / "pages"


def tracker_with(tracker_path: Path, sources: str):
    text = tracker_path.read_text(encoding="utf-8").split("[[sources]]")[0] + sources
    tracker_path.write_text(text, encoding="utf-8")
    return config.load(tracker_path)


@pytest.mark.timeout(60)
def test_page_source_becomes_one_post_once(tmp_path, tracker_path, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/article").respond_with_data(
        (PAGES / "jsonld_graph.html").read_bytes(), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/undated").respond_with_data(
        "<html><head><title>Mega bientôt</title></head><body><p>Mega ouvrira le 19 janvier "
        "2013.</p></body></html>", content_type="text/html; charset=utf-8")
    tracker = tracker_with(tracker_path, (
        f'[[sources]]\nname = "Article"\nkind = "page"\nurl = "{httpserver.url_for("/article")}"'
        f'\ndelay = 0\nallow_private = true\n\n[[sources]]\nname = "Sans date"\nkind = "page"\n'
        f'url = "{httpserver.url_for("/undated")}"\ndelay = 0\nallow_private = true\n'))
    kw = dict(state_path=tmp_path / "s.json", status_path=tmp_path / ".mw" / "status.json")
    first = scrape.run(tracker, tmp_path / "content", **kw)
    article, undated = first.results
    assert (article.error, article.new_posts) == ("", 1)
    assert undated.error.endswith("/undated: no publication date found in the page")
    meta, body = split_post(article.paths[0].read_text(encoding="utf-8"))
    fields = dict(meta)
    assert fields["Category"] == "articles" and fields["Source"] == "Article"
    assert fields["Item-Id"].startswith("page:http")
    assert "Mega" in fields["Tags"]
    second = scrape.run(tracker, tmp_path / "content", **kw)
    assert [r.new_posts for r in second.results] == [0, 0]
    assert len(list((tmp_path / "content").rglob("*.md"))) == 1
