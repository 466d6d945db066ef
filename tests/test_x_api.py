"""scrapers.fetch.x against recorded X API v2 answers.

The answers are served at tweepy's HTTP layer by ``responses`` (tweepy.Client
uses a requests Session to https://api.twitter.com/2/...): tweepy and our
code run for real. ``sleep`` and ``clock`` are injected, so nothing waits.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from golden import check_golden
import responses
from responses import matchers

from scrapers.config import Source
from scrapers.errors import FetchError
from scrapers.fetch.x import (
    AccountResult, RetryPolicy, XClient, fetch_account, fetch_queries, install_redaction,
)
from scrapers.parse.tweets import tweets_to_items

API = Path(__file__).parent / "fixtures" / "x" / "api"
USER_URL = "https://api.twitter.com/2/users/by/username/KimDotcom"
TWEETS_URL = "https://api.twitter.com/2/users/9000000001/tweets"
SEARCH_URL = "https://api.twitter.com/2/tweets/search/recent"
TOKEN = "AAAAfake-token-123"
NOW = 1_700_000_000.0
SOURCE = Source(name="@KimDotcom", kind="x", account="KimDotcom", lang="en")


def body(name: str) -> dict:
    return json.loads((API / name).read_text(encoding="utf-8"))


class Sleeps(list):
    """Records the delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        mock.get(USER_URL, json=body("user.json"))
        yield mock


@pytest.fixture
def client():
    return XClient(TOKEN, timeout=12.5)


def tweet_calls(api) -> list:
    return [c for c in api.calls if c.request.url.startswith(TWEETS_URL)]


def params(call) -> dict:
    from urllib.parse import parse_qsl, urlsplit
    return dict(parse_qsl(urlsplit(call.request.url).query))


def item_json(item) -> dict:
    return {
        "id": item.id, "source": item.source, "category": item.category, "title": item.title,
        "url": item.url, "published": item.published.isoformat(), "author": item.author,
        "summary": item.summary, "text": item.text, "lang": item.lang, "extra": item.extra,
    }


def add_two_pages(api) -> None:
    api.get(TWEETS_URL, json=body("timeline_page2.json"), match=[
        matchers.query_param_matcher({"pagination_token": body("timeline_page1.json")["meta"]["next_token"]},
                                     strict_match=False)])
    api.get(TWEETS_URL, json=body("timeline_page1.json"))


def test_two_pages_then_items(api, client):
    add_two_pages(api)
    sleeps = Sleeps()
    result = fetch_account(client, SOURCE, None, sleep=sleeps, clock=lambda: NOW)

    assert sleeps == []
    assert [t["id"] for t in result.tweets] == [
        "1880000000000000106", "1880000000000000105", "1880000000000000104",
        "1880000000000000103", "1880000000000000102", "1880000000000000101",
        "1880000000000000100"]
    assert result.newest_id == "1880000000000000106"
    assert result.includes == {"users": [body("user.json")["data"]]}

    first, second = tweet_calls(api)
    assert params(first) == {
        "max_results": "100", "exclude": "retweets",
        "tweet.fields": "created_at,lang,entities,conversation_id,referenced_tweets,"
                        "note_tweet,author_id,in_reply_to_user_id",
        "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id",
        "user.fields": "name,username",
    }
    assert params(second)["pagination_token"] == body("timeline_page1.json")["meta"]["next_token"]
    assert "since_id" not in params(second)
    # tweepy sets no timeout; our Session does, on every request.
    assert {c.request.req_kwargs["timeout"] for c in api.calls} == {12.5}

    items = tweets_to_items(result.tweets, result.includes, account="KimDotcom",
                            source_name=SOURCE.name, tz="Pacific/Auckland")
    check_golden(API / "timeline.expected.json", [item_json(i) for i in items])
    # The long post comes whole from note_tweet, the thread is one item,
    # t.co links are expanded, the late self-reply stands alone.
    assert [i.id for i in items] == ["x:1880000000000000100", "x:1880000000000000101",
                                     "x:1880000000000000102", "x:1880000000000000105",
                                     "x:1880000000000000106"]


def test_since_id_is_passed_on_the_second_run(api, client):
    add_two_pages(api)
    first = fetch_account(client, SOURCE, None, sleep=Sleeps(), clock=lambda: NOW)
    api.get(TWEETS_URL, json=body("timeline_empty.json"), match=[
        matchers.query_param_matcher({"since_id": first.newest_id}, strict_match=False)])
    second = fetch_account(client, SOURCE, first.newest_id, sleep=Sleeps(), clock=lambda: NOW)
    assert second == AccountResult(tweets=[], includes={"users": [body("user.json")["data"]]},
                                   newest_id="1880000000000000106")
    assert params(tweet_calls(api)[-1])["since_id"] == "1880000000000000106"


def test_retweets_asked_for(api, client):
    api.get(TWEETS_URL, json=body("timeline_with_retweet.json"))
    source = Source(name="@KimDotcom", kind="x", account="KimDotcom", include_retweets=True)
    result = fetch_account(client, source, None, sleep=Sleeps(), clock=lambda: NOW)
    assert "exclude" not in params(tweet_calls(api)[0])
    kept = tweets_to_items(result.tweets, result.includes, account="KimDotcom",
                           source_name=source.name, tz="UTC", include_retweets=True)
    assert [(i.id, i.text) for i in kept] == [
        ("x:1880000000000000201", "RT @megasupport: Mega desktop app 5.0 is rolling out today to everyone.")]
    assert tweets_to_items(result.tweets, result.includes, account="KimDotcom",
                           source_name=source.name, tz="UTC") == []


def test_429_waits_until_the_reset(api, client):
    api.get(TWEETS_URL, status=429, json=body("error_429.json"),
            headers={"x-rate-limit-limit": "1500", "x-rate-limit-remaining": "0",
                     "x-rate-limit-reset": str(int(NOW) + 60)})
    api.get(TWEETS_URL, json=body("timeline_page2.json"))
    sleeps = Sleeps()
    result = fetch_account(client, SOURCE, None, sleep=sleeps, clock=lambda: NOW)
    assert sleeps == [61.0]  # until the reset, plus one second
    assert len(result.tweets) == 3
    assert len(tweet_calls(api)) == 2


def test_429_with_reset_is_waited_a_bounded_number_of_times(api, client):
    api.get(TWEETS_URL, status=429, json=body("error_429.json"),
            headers={"x-rate-limit-reset": str(int(NOW) + 30)})
    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        fetch_account(client, SOURCE, None, sleep=sleeps, clock=lambda: NOW)
    assert sleeps == [31.0, 31.0]
    assert info.value.message == ("timeline of @KimDotcom: HTTP 429 after 3 attempts "
                                  "(still rate limited after 2 waits)")
    assert len(tweet_calls(api)) == 3


def test_429_with_a_garbled_reset_header(api, client):
    api.get(TWEETS_URL, status=429, json=body("error_429.json"),
            headers={"x-rate-limit-reset": "soon"})
    with pytest.raises(FetchError, match=r"timeline of @KimDotcom: unreadable answer \(invalid "
                                         r"literal for int\(\) with base 10: 'soon'\)"):
        fetch_account(client, SOURCE, None, sleep=Sleeps(), clock=lambda: NOW)


def test_429_reset_too_far_gives_up_without_waiting(api):
    client = XClient(TOKEN, policy=RetryPolicy(max_rate_wait=600))
    api.get(TWEETS_URL, status=429, json=body("error_429.json"),
            headers={"x-rate-limit-reset": str(int(NOW) + 3600)})
    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        fetch_account(client, SOURCE, None, sleep=sleeps, clock=lambda: NOW)
    assert sleeps == []
    assert info.value.source == "@KimDotcom"
    assert info.value.message == (
        "timeline of @KimDotcom: rate limited (HTTP 429) until 2023-11-14T23:13:20Z, "
        "3601 s away, more than the 600 s allowed")


def test_429_without_reset_backs_off_and_stops(api, client):
    api.get(TWEETS_URL, status=429, json=body("error_429.json"))
    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        fetch_account(client, SOURCE, None, sleep=sleeps, clock=lambda: NOW)
    assert info.value.message == ("timeline of @KimDotcom: HTTP 429 after 4 attempts "
                                  "(no x-rate-limit-reset header)")
    assert sleeps == [15.0, 30.0, 60.0]
    assert len(tweet_calls(api)) == 4


def test_5xx_then_success(api, client):
    api.get(TWEETS_URL, status=503, json=body("error_503.json"))
    api.get(TWEETS_URL, status=502, body="<html>Bad Gateway</html>")
    api.get(TWEETS_URL, json=body("timeline_page2.json"))
    sleeps = Sleeps()
    result = fetch_account(client, SOURCE, None, sleep=sleeps, clock=lambda: NOW)
    assert sleeps == [2.0, 4.0]
    assert result.newest_id == "1880000000000000102"


def test_5xx_forever_is_a_clear_fetch_error(api, client):
    api.get(TWEETS_URL, status=503, json=body("error_503.json"))
    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        fetch_account(client, SOURCE, None, sleep=sleeps, clock=lambda: NOW)
    assert str(info.value) == "@KimDotcom: timeline of @KimDotcom: HTTP 503 after 3 attempts"
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert sleeps == [2.0, 4.0]
    assert len(tweet_calls(api)) == 3


def test_unknown_user():
    with responses.RequestsMock() as api:
        api.get(USER_URL, json={"errors": [{"detail": "Could not find user with username: [KimDotcom].",
                                            "title": "Not Found Error"}]})
        with pytest.raises(FetchError, match=r"user @KimDotcom: not found \(Could not find user"):
            fetch_account(XClient(TOKEN), SOURCE, None, sleep=Sleeps(), clock=lambda: NOW)


def test_search_queries_paginate_with_next_token(client):
    source = Source(name="@KimDotcom", kind="x", account="KimDotcom", queries=("Megaupload 2.0",))
    page1 = {**body("timeline_page1.json")}
    page1["meta"] = {**page1["meta"], "next_token": "b26v89c19zqg8o3f"}
    with responses.RequestsMock() as api:
        api.get(SEARCH_URL, json=body("timeline_page2.json"), match=[
            matchers.query_param_matcher({"next_token": "b26v89c19zqg8o3f"}, strict_match=False)])
        api.get(SEARCH_URL, json=page1, match=[
            matchers.query_param_matcher({"query": "Megaupload 2.0", "since_id": "1"},
                                         strict_match=False)])
        found = fetch_queries(client, source, {"Megaupload 2.0": "1"}, sleep=Sleeps(),
                              clock=lambda: NOW)
    assert list(found) == ["Megaupload 2.0"]
    assert len(found["Megaupload 2.0"].tweets) == 7
    assert found["Megaupload 2.0"].newest_id == "1880000000000000106"


def test_token_from_the_environment_only():
    assert XClient.from_env({}) is None
    assert XClient.from_env({"X_BEARER_TOKEN": "  "}) is None
    client = XClient.from_env({"X_BEARER_TOKEN": TOKEN})
    assert isinstance(client, XClient)
    assert TOKEN not in repr(client)


def test_token_never_in_logs_nor_errors(caplog):
    loggers = [logging.getLogger(n) for n in ("tweepy", "urllib3", "requests")]
    old_levels = [lg.level for lg in loggers]
    # Pelican's logger class (installed process-wide once a site was built in this
    # session) drops a message already logged once: tweepy's request line, logged
    # by earlier tests, would then be missing here. Lift that filter for this test.
    emitting = [logging.getLogger(n) for n in logging.root.manager.loggerDict
                if n.split(".")[0] in ("tweepy", "urllib3", "requests")]
    deduplicating = [(lg, f) for lg in emitting for f in list(lg.filters)
                     if type(f).__name__ == "LimitFilter"]
    for lg, f in deduplicating:
        lg.removeFilter(f)
    client = XClient(TOKEN)
    # Added after the client: only the filters on the emitting loggers protect it.
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    errors = []
    try:
        with responses.RequestsMock() as api:
            api.get(USER_URL, json=body("user.json"))
            api.get(TWEETS_URL, json=body("timeline_page2.json"))
            fetch_account(client, SOURCE, None, sleep=Sleeps(), clock=lambda: NOW)
        for status in (503, 401):
            with responses.RequestsMock(assert_all_requests_are_fired=False) as api:
                api.get(USER_URL, status=status,
                        json={"title": "Unauthorized", "detail": f"Bearer {TOKEN} rejected",
                              "status": status})
                with pytest.raises(FetchError) as info:
                    fetch_account(client, SOURCE, None, sleep=Sleeps(), clock=lambda: NOW)
                errors.append(info.value)
        # Our own log lines and a stray one from a library are redacted too.
        logging.getLogger("urllib3.connectionpool").debug("header Authorization: Bearer %s", TOKEN)
    finally:
        root.removeHandler(handler)
        for lg, level in zip(loggers, old_levels):
            lg.setLevel(level)
        for lg, f in deduplicating:
            lg.addFilter(f)

    logs = stream.getvalue()
    assert "Authorization': 'Bearer [REDACTED]'" in logs  # tweepy did log the header
    assert TOKEN not in logs
    assert TOKEN not in caplog.text
    assert all(TOKEN not in r.getMessage() for r in caplog.records)
    assert [e.message for e in errors] == [
        "user @KimDotcom: HTTP 503 after 3 attempts",
        "user @KimDotcom: HTTP 401 (check X_BEARER_TOKEN): Bearer [REDACTED] rejected"]
    for error in errors:
        assert TOKEN not in str(error) and TOKEN not in repr(error)
        assert error.__cause__ is None


def test_redaction_covers_handlers_installed_before(caplog):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        install_redaction("s3cr3t-value")
        with caplog.at_level(logging.INFO):
            logging.getLogger("some.other.library").warning("token=s3cr3t-value")
    finally:
        root.removeHandler(handler)
    assert "s3cr3t-value" not in stream.getvalue()
    assert "token=[REDACTED]" in stream.getvalue()
