"""Per-kind readers: a feed, an article page, an X account.

Each one fetches through :mod:`scrapers.fetch`, parses with
:mod:`scrapers.parse` and hands items to the pipeline. Site details (URLs,
selectors, options) come from the source's table in tracker.toml.
"""

from __future__ import annotations

import logging
import os

from scrapers.config import Source
from scrapers.errors import MegawatchError
from scrapers.models import Item

log = logging.getLogger(__name__)


def make_fetcher(tracker, status):
    """One fetcher for the whole run, so host delays and robots.txt are shared."""
    from scrapers.fetch.http import Fetcher

    return Fetcher(user_agent=tracker.user_agent, validators=status.http,
                   delays={s.name: s.delay for s in tracker.sources})


def _full_text(fetcher, source: Source, result):
    """Fetch an entry's article page when the feed gave only a summary."""
    from scrapers.parse.pages import parse_page

    def fill(item: Item) -> None:
        if item.extra.get("has_full_text") or not source.fetch_pages:
            return
        try:
            response = fetcher.get(item.url, source_name=source.name, conditional=False,
                                   check_robots=True)
            result.fetched += 1
            if response.body:
                page = parse_page(response.body, url=response.url, headers=response.headers,
                                  selector=source.content_selector, source_name=source.name)
                if page.text:
                    item.text = page.text
                if page.lang and not item.lang:
                    item.lang = page.lang
        except MegawatchError as exc:  # the summary is still worth a post
            result.item_errors.append(str(exc))
            log.warning("%s", exc)

    return fill


def scrape_feed(source: Source, pipeline, result, *, fetcher, **_):
    from scrapers.parse.feeds import parse_feed

    response = fetcher.get(source.url, source_name=source.name)
    result.fetched += 1
    if response.not_modified:
        result.not_modified += 1
        return
    parsed = parse_feed(response.body, source, url=response.url, headers=response.headers)
    if parsed.bozo:
        log.info("%s: feed is not well-formed (%s); read what could be read",
                 source.name, parsed.bozo_reason)
    fill = _full_text(fetcher, source, result)
    for item in parsed.items:
        pipeline.accept(item, result, full_text=fill)


def scrape_page(source: Source, pipeline, result, *, fetcher, **_):
    from scrapers.parse.pages import page_item, parse_page

    response = fetcher.get(source.url, source_name=source.name, check_robots=True)
    result.fetched += 1
    if response.not_modified:
        result.not_modified += 1
        return
    page = parse_page(response.body, url=response.url, headers=response.headers,
                      selector=source.content_selector, source_name=source.name)
    pipeline.accept(page_item(page, source, url=response.url), result)


def scrape_x(source: Source, pipeline, result, *, state, x_client=None, environ=None, **_):
    from scrapers.fetch.x import XClient, fetch_account, fetch_queries
    from scrapers.parse.tweets import tweets_to_items
    from scrapers.fetch.x import X_TOKEN_HELP

    client = x_client or XClient.from_env(os.environ if environ is None else environ)
    if client is None:
        result.skipped = X_TOKEN_HELP
        return
    cursor = state.cursors.setdefault(source.name, {})
    batches = [("since_id", fetch_account(client, source, cursor.get("since_id")))]
    query_ids = cursor.setdefault("queries", {}) if source.queries else {}
    for query, fetched in fetch_queries(client, source, query_ids).items():
        batches.append((query, fetched))
    for key, fetched in batches:
        result.fetched += 1
        items = tweets_to_items(fetched.tweets, fetched.includes, account=source.account,
                                source_name=source.name, tz=pipeline.tracker.subject.timezone,
                                include_retweets=source.include_retweets)
        for item in items:
            if not item.lang:
                item.lang = source.lang
            pipeline.accept(item, result)
        if fetched.newest_id and not pipeline.dry_run:
            if key == "since_id":
                cursor["since_id"] = fetched.newest_id
            else:
                query_ids[key] = fetched.newest_id
    if not cursor.get("queries"):
        cursor.pop("queries", None)


READERS = {"feed": scrape_feed, "page": scrape_page, "x": scrape_x}


def scrape_source(source: Source, pipeline, result, **context) -> None:
    READERS[source.kind](source, pipeline, result, **context)
