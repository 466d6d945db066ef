"""Crash safety of the real scrape under SIGKILL, and the politeness delay it relies on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hostile.harness import LocalServer, write_tracker


def test_source_delay_reaches_the_fetcher(tmp_path):
    """`delay = 0` in tracker.toml must reach the Fetcher (it used to get the 1 s default)."""
    from scrapers import config
    from scrapers.sources import make_fetcher
    from scrapers.state import Status

    path = write_tracker(tmp_path / "tracker.toml", [
        {"name": "Fast", "kind": "feed", "url": "http://127.0.0.1:9/f.xml", "delay": 0},
        {"name": "Slow", "kind": "feed", "url": "http://127.0.0.1:9/g.xml", "delay": 2.5}])
    tracker = config.load(path)
    status = Status(tmp_path / "status.json")
    for source in tracker.sources:
        fetcher = make_fetcher(tracker, status, source)
        assert fetcher.delays.get(source.name, fetcher.default_delay) == source.delay


@pytest.mark.timeout(60)
def test_delay_zero_scrape_of_summary_only_feed_does_not_wait(tmp_path):
    """Six summary-only entries: six article pages fetched from one host without 1 s waits."""
    from hostile.harness import RELEVANT, cli

    with LocalServer() as server:
        items = "".join(
            f"<item><title>{RELEVANT} ({i})</title><link>{server.base}/a/{i}</link>"
            f"<guid>g{i}</guid><pubDate>Wed, 28 Nov 2012 10:0{i}:00 +0000</pubDate>"
            f"<description>{RELEVANT}, dit-il.</description></item>" for i in range(6))
        server.routes["/f.xml"] = (200, "application/rss+xml", (
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}"
            "</channel></rss>").encode())
        server.fallback = lambda p: (200, "text/html", (
            f"<html lang=fr><body><article><p>{RELEVANT}. " + "Du texte. " * 40 +
            "</p></article></body></html>").encode())
        tracker = write_tracker(tmp_path / "tracker.toml", [
            {"name": "Local", "kind": "feed", "url": f"{server.base}/f.xml", "delay": 0}])
        t0 = time.perf_counter()
        proc = cli("scrape", "--config", tracker, "--content", tmp_path / "content", cwd=tmp_path)
        spent = time.perf_counter() - t0
        pages = [p for p in server.requests if p.startswith("/a/")]
    assert proc.returncode == 0, proc.stderr
    assert len(pages) == 6
    assert spent < 5.0, f"{spent:.1f} s for 6 local pages with delay = 0"
