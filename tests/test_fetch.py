"""Fault tests of scrapers.fetch.http.Fetcher against a real server on 127.0.0.1.

Every case must end as a FetchError naming the URL and the bad value, or as a
correct Response; never a crash or a hang (pytest-timeout guards each test).
"""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug.wrappers import Response as WResponse

from scrapers.errors import FetchError
from scrapers.fetch.http import MiB, Fetcher, parse_retry_after

UA = "Megawatch-test/0.1 (+https://github.com/megawatch/megawatch)"
FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"


class FakeTime:
    """An injected clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake():
    return FakeTime()


def make(fake: FakeTime | None = None, **kw) -> Fetcher:
    kw.setdefault("default_delay", 0)
    kw.setdefault("allow_private", True)  # the test server is on 127.0.0.1
    kw.setdefault("connect_timeout", 1.0)
    kw.setdefault("read_timeout", 2.0)
    kw.setdefault("deadline", 5.0)
    if fake is not None:
        kw.setdefault("sleep", fake.sleep)
        kw.setdefault("clock", fake.clock)
    else:
        kw.setdefault("sleep", lambda s: None)
    return Fetcher(UA, **kw)


# --- success paths --------------------------------------------------------

@pytest.mark.timeout(10)
def test_plain_get_returns_response(httpserver):
    httpserver.expect_request("/feed").respond_with_data(
        FEED, content_type="application/rss+xml; charset=ISO-8859-1")
    resp = make().get(httpserver.url_for("/feed"), source_name="S")
    assert resp.status == 200
    assert resp.body == FEED
    assert resp.url == httpserver.url_for("/feed")
    assert resp.content_type == "application/rss+xml"
    assert resp.charset == "iso-8859-1"
    assert resp.not_modified is False
    assert all(k == k.lower() for k in resp.headers)
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"] == UA


@pytest.mark.timeout(10)
def test_gzip_and_deflate_bodies_are_decompressed(httpserver):
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(FEED), headers={"Content-Encoding": "gzip"})
    httpserver.expect_request("/zlib").respond_with_data(
        zlib.compress(FEED), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-15)
    httpserver.expect_request("/raw").respond_with_data(
        raw.compress(FEED) + raw.flush(), headers={"Content-Encoding": "deflate"})
    f = make()
    for path in ("/gz", "/zlib", "/raw"):
        assert f.get(httpserver.url_for(path), source_name="S").body == FEED


@pytest.mark.timeout(10)
def test_relative_redirect_is_resolved(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "../new/feed?x=1"})
    httpserver.expect_request("/new/feed").respond_with_data(FEED)
    resp = make().get(httpserver.url_for("/old"), source_name="S")
    assert resp.url == httpserver.url_for("/new/feed") + "?x=1"
    assert resp.body == FEED


# --- faults -----------------------------------------------------------------

@pytest.mark.timeout(10)
def test_read_timeout(httpserver):
    def slow(request):
        time.sleep(0.6)
        return WResponse(FEED)

    httpserver.expect_request("/slow").respond_with_handler(slow)
    url = httpserver.url_for("/slow")
    with pytest.raises(FetchError) as err:
        make(read_timeout=0.2).get(url, source_name="S")
    assert err.value.source == "S"
    assert url in err.value.message
    assert "read timeout of 0.2 s" in err.value.message


@pytest.mark.timeout(10)
def test_slow_trickle_is_cut_by_the_deadline(httpserver):
    stop = threading.Event()

    def trickle(request):
        def gen():
            for _ in range(60):
                if stop.is_set():
                    return
                yield b"<"
                time.sleep(0.05)
        return WResponse(gen(), content_type="text/xml")

    httpserver.expect_request("/trickle").respond_with_handler(trickle)
    url = httpserver.url_for("/trickle")
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as err:
            make(read_timeout=1.0, deadline=0.5).get(url, source_name="S")
    finally:
        stop.set()
    assert time.monotonic() - started < 2.0
    assert url in err.value.message
    assert "deadline of 0.5 s exceeded" in err.value.message


@pytest.mark.timeout(10)
def test_500_then_200_is_retried(httpserver, fake):
    httpserver.expect_oneshot_request("/feed").respond_with_data("oops", status=500)
    httpserver.expect_request("/feed").respond_with_data(FEED)
    resp = make(fake, backoff=1.0).get(httpserver.url_for("/feed"), source_name="S")
    assert resp.body == FEED
    assert fake.sleeps == [1.0]
    assert len(httpserver.log) == 2


@pytest.mark.timeout(10)
def test_500_forever_gives_up_after_the_attempts(httpserver, fake):
    httpserver.expect_request("/feed").respond_with_data("oops", status=500)
    url = httpserver.url_for("/feed")
    with pytest.raises(FetchError) as err:
        make(fake, attempts=3, backoff=1.0).get(url, source_name="S")
    assert err.value.message == f"GET {url}: HTTP 500 after 3 attempts"
    assert fake.sleeps == [1.0, 2.0]  # exponential backoff


@pytest.mark.timeout(10)
def test_404_is_not_retried(httpserver, fake):
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    url = httpserver.url_for("/gone")
    with pytest.raises(FetchError, match="HTTP 404"):
        make(fake).get(url, source_name="S")
    assert len(httpserver.log) == 1


@pytest.mark.timeout(10)
def test_429_with_retry_after_seconds(httpserver, fake):
    httpserver.expect_oneshot_request("/feed").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_request("/feed").respond_with_data(FEED)
    resp = make(fake).get(httpserver.url_for("/feed"), source_name="S")
    assert resp.body == FEED
    assert fake.sleeps == [7.0]


@pytest.mark.timeout(10)
def test_429_with_retry_after_http_date(httpserver, fake):
    when = datetime.now(timezone.utc) + timedelta(seconds=20)
    httpserver.expect_oneshot_request("/feed").respond_with_data(
        "slow down", status=429, headers={"Retry-After": format_datetime(when, usegmt=True)})
    httpserver.expect_request("/feed").respond_with_data(FEED)
    resp = make(fake).get(httpserver.url_for("/feed"), source_name="S")
    assert resp.body == FEED
    assert len(fake.sleeps) == 1 and 17 <= fake.sleeps[0] <= 21


@pytest.mark.timeout(10)
def test_retry_after_longer_than_the_cap_gives_up(httpserver, fake):
    httpserver.expect_request("/feed").respond_with_data(
        "", status=503, headers={"Retry-After": "3600"})
    url = httpserver.url_for("/feed")
    with pytest.raises(FetchError) as err:
        make(fake, max_wait=60).get(url, source_name="S")
    assert "Retry-After of 3600 s exceeds the 60 s cap" in err.value.message
    assert url in err.value.message
    assert fake.sleeps == []


def test_parse_retry_after():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Thu, 01 Jan 2026 00:01:00 GMT", now) == 60
    assert parse_retry_after("Wed, 31 Dec 2025 00:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


@pytest.mark.timeout(10)
def test_connection_refused_is_retried_then_fails(fake):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed"
    with pytest.raises(FetchError) as err:
        make(fake).get(url, source_name="S")
    assert "connection error" in err.value.message
    assert "after 3 attempts" in err.value.message
    assert len(fake.sleeps) == 2


@pytest.mark.timeout(10)
def test_redirect_loop(httpserver):
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    url = httpserver.url_for("/a")
    with pytest.raises(FetchError) as err:
        make().get(url, source_name="S")
    assert err.value.message.startswith(f"GET {url}: redirect loop")
    assert httpserver.url_for("/a") in err.value.message.split("redirect loop")[1]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("location", ["javascript:alert(1)", "file:///etc/passwd",
                                      "ftp://127.0.0.1/feed", "data:text/html,x"])
def test_redirect_to_a_non_http_scheme_is_refused(httpserver, location):
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": location})
    url = httpserver.url_for("/a")
    with pytest.raises(FetchError) as err:
        make().get(url, source_name="S")
    assert err.value.message == f"GET {url}: redirect to {location!r} refused (http/https only)"


@pytest.mark.timeout(10)
def test_more_than_five_redirects(httpserver):
    for i in range(7):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=301, headers={"Location": f"/r{i + 1}"})
    url = httpserver.url_for("/r0")
    with pytest.raises(FetchError) as err:
        make().get(url, source_name="S")
    assert "more than 5 redirects" in err.value.message
    assert len(httpserver.log) == 6


@pytest.mark.timeout(10)
def test_exactly_five_redirects_is_fine(httpserver):
    for i in range(5):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=307, headers={"Location": f"/r{i + 1}"})
    httpserver.expect_request("/r5").respond_with_data(FEED)
    assert make().get(httpserver.url_for("/r0"), source_name="S").body == FEED


@pytest.mark.timeout(10)
def test_huge_body_with_content_length(httpserver):
    httpserver.expect_request("/big").respond_with_data(b"x" * (2 * MiB))
    url = httpserver.url_for("/big")
    with pytest.raises(FetchError) as err:
        make(max_bytes=1 * MiB).get(url, source_name="S")
    assert err.value.message == f"GET {url}: body larger than 1 MiB (Content-Length: {2 * MiB})"


@pytest.mark.timeout(10)
def test_huge_chunked_body_is_cut_while_reading(httpserver):
    def chunked(request):
        return WResponse((b"x" * 65536 for _ in range(40)), content_type="text/html")

    httpserver.expect_request("/big").respond_with_handler(chunked)
    url = httpserver.url_for("/big")
    with pytest.raises(FetchError) as err:
        make(max_bytes=1 * MiB).get(url, source_name="S")
    assert err.value.message == f"GET {url}: body larger than 1 MiB"


@pytest.mark.timeout(30)
def test_gzip_bomb_is_capped_after_decompression_in_small_memory(httpserver):
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MiB)
    bomb = b"".join(comp.compress(block) for _ in range(200)) + comp.flush()  # 200 MiB
    assert len(bomb) < MiB
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="application/rss+xml")
    url = httpserver.url_for("/bomb")
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as err:
            make().get(url, source_name="S")  # default cap: 15 MiB
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.message == f"GET {url}: body larger than 15 MiB"
    assert peak < 40 * MiB


@pytest.mark.timeout(10)
def test_corrupt_gzip(httpserver):
    httpserver.expect_request("/bad").respond_with_data(
        b"\x1f\x8b\x08\x00garbage-garbage", headers={"Content-Encoding": "gzip"})
    url = httpserver.url_for("/bad")
    with pytest.raises(FetchError, match=r"bad gzip body"):
        make().get(url, source_name="S")


@pytest.mark.timeout(10)
def test_unsupported_content_encoding(httpserver):
    httpserver.expect_request("/br").respond_with_data(b"xx", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match=r"unsupported Content-Encoding 'br'"):
        make().get(httpserver.url_for("/br"), source_name="S")


@pytest.mark.timeout(10)
def test_non_http_url_is_refused_without_a_request(httpserver):
    with pytest.raises(FetchError, match=r"scheme 'file' refused"):
        make().get("file:///etc/passwd", source_name="S")


@pytest.mark.timeout(10)
def test_304_with_etag_and_last_modified(httpserver):
    lm = "Thu, 16 Aug 2012 08:30:00 GMT"
    httpserver.expect_ordered_request("/feed").respond_with_data(
        FEED, headers={"ETag": '"v1"', "Last-Modified": lm})
    httpserver.expect_ordered_request(
        "/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": lm}
    ).respond_with_data(b"", status=304, headers={"ETag": '"v1"'})
    validators: dict = {}
    f = make(validators=validators)
    url = httpserver.url_for("/feed")
    first = f.get(url, source_name="S")
    assert first.body == FEED
    assert validators == {url: {"etag": '"v1"', "last_modified": lm}}
    second = f.get(url, source_name="S")
    assert second.status == 304
    assert second.not_modified is True
    assert second.body is None
    httpserver.check_assertions()
    # conditional=False sends no validator.
    httpserver.clear()
    httpserver.expect_request("/feed").respond_with_data(FEED)
    assert f.get(url, source_name="S", conditional=False).body == FEED
    assert "If-None-Match" not in httpserver.log[-1][0].headers


@pytest.mark.timeout(10)
def test_robots_txt_disallow(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /prive/\n\nUser-agent: Megawatch-test\nDisallow: /interdit/\n",
        content_type="text/plain")
    httpserver.expect_request("/article").respond_with_data(b"<html></html>")
    f = make()
    ok = f.get(httpserver.url_for("/article"), source_name="S", check_robots=True)
    assert ok.status == 200
    for path in ("/interdit/page", "/article-interdit"):
        pass
    url = httpserver.url_for("/interdit/page")
    with pytest.raises(FetchError) as err:
        f.get(url, source_name="S", check_robots=True)
    assert err.value.message == (
        f"GET {url}: {url} disallowed by robots.txt for 'Megawatch-test'")
    robots_hits = [r for r, _ in httpserver.log if r.path == "/robots.txt"]
    assert len(robots_hits) == 1  # cached per host
    # Without check_robots the page is fetched (feeds do not ask).
    httpserver.expect_request("/interdit/page").respond_with_data(b"ok")
    assert f.get(url, source_name="S").body == b"ok"


@pytest.mark.timeout(10)
@pytest.mark.parametrize("status", [404, 500])
def test_robots_txt_that_fails_allows_all(httpserver, status):
    httpserver.expect_request("/robots.txt").respond_with_data("x", status=status)
    httpserver.expect_request("/article").respond_with_data(b"ok")
    resp = make().get(httpserver.url_for("/article"), source_name="S", check_robots=True)
    assert resp.body == b"ok"


@pytest.mark.timeout(10)
def test_politeness_delay_between_two_requests_to_one_host(httpserver, fake):
    httpserver.expect_request("/a").respond_with_data(b"a")
    httpserver.expect_request("/b").respond_with_data(b"b")
    f = make(fake, delays={"Slow": 2.5, "Fast": 0.0}, default_delay=1.0)
    f.get(httpserver.url_for("/a"), source_name="Slow")
    assert fake.sleeps == []
    f.get(httpserver.url_for("/b"), source_name="Slow")
    assert fake.sleeps == [2.5]
    fake.now += 10  # long after: no wait
    f.get(httpserver.url_for("/a"), source_name="Slow")
    assert fake.sleeps == [2.5]
    f.get(httpserver.url_for("/a"), source_name="Other")  # default delay
    assert fake.sleeps == [2.5, 1.0]
    f.get(httpserver.url_for("/a"), source_name="Fast")
    assert fake.sleeps == [2.5, 1.0]


def test_user_agent_is_required():
    with pytest.raises(ValueError):
        Fetcher("  ")


@pytest.mark.timeout(10)
def test_unresolvable_host_fails_at_once_without_retry(monkeypatch, fake):
    """Offline, DNS fails: one clear error, no backoff (make site stays fast)."""
    import socket

    asked = []

    def no_dns(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(FetchError) as err:
        make(fake).get("http://feeds.example.test/rss", source_name="Offline")
    assert str(err.value) == ("Offline: GET http://feeds.example.test/rss: cannot resolve host "
                              "'feeds.example.test' (offline?)")
    assert asked == ["feeds.example.test"] and fake.sleeps == []


# --- libraries: urllib3 decoders, protego ------------------------------------

@pytest.mark.timeout(10)
def test_multi_member_gzip_body_is_read_whole(httpserver):
    """The hand-written decoder stopped at the end of the first gzip member."""
    body = gzip.compress(b"<rss>first") + gzip.compress(b" second</rss>")
    httpserver.expect_request("/multi").respond_with_data(body, headers={"Content-Encoding": "gzip"})
    assert make().get(httpserver.url_for("/multi"), source_name="S").body == b"<rss>first second</rss>"


@pytest.mark.timeout(10)
def test_robots_txt_wildcard_and_end_anchor_rules(httpserver):
    """'*' and '$' rules (urllib.robotparser ignored them and allowed everything)."""
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /*.pdf$\nDisallow: /prive*\n")
    httpserver.expect_request("/doc.pdfx").respond_with_data("ok")
    f = make()
    for path in ("/doc.pdf", "/prive/a"):
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            f.get(httpserver.url_for(path), source_name="S", check_robots=True)
    assert f.get(httpserver.url_for("/doc.pdfx"), source_name="S", check_robots=True).body == b"ok"


# --- address policy: 127.0.0.1 only; other addresses are classified, never dialed ---------

@pytest.mark.parametrize("address,kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.1", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("100.64.0.1", "shared"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"), ("240.0.0.1", ""),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "link-local"),
    ("::ffff:10.0.0.1", "private"), ("2002:a00:1::1", "private"), ("64:ff9b::a9fe:a9fe", "link-local"),
])
def test_non_public_addresses_are_classified(address, kind):
    from scrapers.fetch.address import refusal

    why = refusal(address)
    assert why is not None and kind in why, (address, why)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111",
                                     "::ffff:93.184.216.34", "1.1.1.1"])
def test_public_addresses_pass(address):
    from scrapers.fetch.address import refusal

    assert refusal(address) is None


@pytest.mark.timeout(10)
def test_loopback_source_without_opt_in_is_refused_before_connecting(httpserver):
    url = httpserver.url_for("/feed")
    with pytest.raises(FetchError) as err:
        make(allow_private=False).get(url, source_name="S")
    assert "127.0.0.1 is loopback; refused" in err.value.message
    assert "allow_private = true" in err.value.message
    assert httpserver.log == []  # no connection was made


@pytest.mark.timeout(10)
def test_opt_in_is_per_source(httpserver):
    httpserver.expect_request("/feed").respond_with_data(FEED)
    f = make(allow_private={"Miroir local"})
    assert f.get(httpserver.url_for("/feed"), source_name="Miroir local").body == FEED
    with pytest.raises(FetchError, match="loopback; refused"):
        f.get(httpserver.url_for("/feed"), source_name="Autre")
    assert len(httpserver.log) == 1


@pytest.mark.timeout(10)
def test_a_name_resolving_to_loopback_is_refused_after_resolution(httpserver):
    """DNS answers are checked: 'localhost' resolves to 127.0.0.1, refused without opt-in."""
    url = f"http://localhost:{httpserver.port}/feed"
    with pytest.raises(FetchError) as err:
        make(allow_private=False).get(url, source_name="S")
    assert "localhost resolves to 127.0.0.1, which is loopback; refused" in err.value.message
    assert httpserver.log == []


@pytest.mark.timeout(10)
def test_credentials_in_url_are_refused(httpserver):
    url = f"http://user:secret@127.0.0.1:{httpserver.port}/feed"
    with pytest.raises(FetchError) as err:
        make().get(url, source_name="S")  # even with allow_private
    assert "credentials in the URL refused" in err.value.message
    assert "secret" not in err.value.message.split("GET ", 1)[1].split(": ", 1)[1]
    assert httpserver.log == []


@pytest.mark.timeout(10)
def test_redirect_hop_with_credentials_is_refused(httpserver):
    """Every hop goes through the same checks as the source URL, before connecting."""
    httpserver.expect_request("/r").respond_with_data(
        "", status=302, headers={"Location": f"http://user:pw@127.0.0.1:{httpserver.port}/feed"})
    url = httpserver.url_for("/r")
    with pytest.raises(FetchError) as err:
        make().get(url, source_name="S")
    assert "redirect to" in err.value.message and "credentials in the URL refused" in err.value.message
    assert [r.path for r, _ in httpserver.log] == ["/r"]
