"""HTTP for feeds and article pages: the only news network code of Megawatch.

One :class:`Fetcher` per run. It is defensive by design, because every byte it
reads comes from a third-party server:

* connect/read timeouts plus a wall-clock deadline per attempt, checked
  between chunks, so a server trickling one byte a second is cut off;
* a cap on the body size *after* decompression; gzip and deflate are
  decoded by urllib3's decoders, read a chunk at a time with a bounded
  output size (``read(amt, decode_content=True)``), so a gzip bomb never
  expands in memory and a multi-member gzip body is read whole;
* an address policy (:mod:`scrapers.fetch.address`): the URL and every
  redirect hop must resolve to public addresses only, and carry no
  credentials, unless the source says ``allow_private = true``;
* redirects followed by hand (at most 5), each hop checked: http/https only,
  relative ``Location`` resolved, loops detected, address policy applied;
* retries with exponential backoff on connection errors, 5xx and 429
  (``Retry-After`` in seconds or as an HTTP date), bounded in count and
  in the length of each wait, through the shared policy of
  :mod:`scrapers.fetch.retry` (the X client uses the same);
* a politeness delay between two requests to one host;
* robots.txt, when asked, fetched by the fetcher itself and parsed with
  protego (``*`` and ``$`` rules; a robots.txt that cannot be fetched
  allows all);
* conditional GETs (ETag / Last-Modified) through a caller-owned mapping.

``sleep`` and ``clock`` are injectable so tests never wait for real.
Every failure is a :class:`~scrapers.errors.FetchError` whose message names
the URL and the offending value.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Callable, Collection, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
import urllib3.exceptions
from protego import Protego

from scrapers.errors import FetchError
from scrapers.fetch import retry
from scrapers.fetch.address import AddressRefused, check_url, guarded_session, refused_in

log = logging.getLogger(__name__)

MiB = 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
CHUNK = 64 * 1024
ALLOWED_SCHEMES = ("http", "https")
# Content-Encodings we ask for and let urllib3 decode; anything else is refused.
ENCODINGS = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})
ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
          "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")


@dataclass
class Response:
    """What :meth:`Fetcher.get` returns.

    ``body`` is the decompressed body, or None when the server answered
    304 Not Modified (``not_modified`` is then True). ``headers`` has
    lowercase keys. ``content_type`` is the bare media type in lowercase
    (``""`` when absent), ``charset`` the declared one or None.
    ``elapsed`` is in seconds, retries and waits included.
    """

    url: str
    status: int
    body: bytes | None
    headers: dict[str, str]
    not_modified: bool = False
    content_type: str = ""
    charset: str | None = None
    elapsed: float = 0.0


_Retry = retry.Retryable  # one attempt failed in a way worth another try


class _Fail(Exception):
    """One attempt failed for good; the message becomes the FetchError's."""


@dataclass
class _Host:
    last: float | None = None  # clock() at the end of the last request
    robots: Protego | None = None
    robots_checked: bool = False


def _split_content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("'\"").lower() or None
    return media.strip().lower(), charset


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date).

    None when absent or unparsable; never negative.
    """
    if value is None:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+", value):
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


class Fetcher:
    """Polite, bounded HTTP GETs for feeds and article pages.

    ``validators`` maps a requested URL to ``{"etag": ..., "last_modified":
    ...}``; :meth:`get` reads it for conditional requests and updates it on
    every 200, the caller persists it. ``delays`` maps a source name to its
    politeness delay in seconds (``Source.delay``); other sources get
    ``default_delay``. ``allow_private`` is True (every source) or the names
    of the sources that may reach loopback and private addresses
    (``Source.allow_private``); the others reach public addresses only.
    An injected ``session`` serves both kinds of source: URLs are still
    checked, but its DNS answers are not (tests only).
    """

    def __init__(
        self,
        user_agent: str,
        validators: MutableMapping[str, dict] | None = None,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        deadline: float = 30.0,
        max_bytes: int = 15 * MiB,
        max_redirects: int = 5,
        attempts: int = 3,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        delays: Mapping[str, float] | None = None,
        default_delay: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        session: requests.Session | None = None,
        allow_private: bool | Collection[str] = (),
    ):
        if not user_agent or not user_agent.strip():
            raise ValueError("user_agent must name the project")
        if attempts < 1:
            raise ValueError(f"attempts must be >= 1, got {attempts!r}")
        self.user_agent = user_agent
        self.validators: MutableMapping[str, dict] = validators if validators is not None else {}
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.attempts = attempts
        self.backoff = backoff
        self.max_wait = max_wait
        self.delays = dict(delays or {})
        self.default_delay = default_delay
        self.sleep = sleep
        self.clock = clock
        self.allow_private = allow_private
        # Two sessions: connections of the guarded one go to public
        # addresses only (checked after DNS resolution); the open one is for
        # sources that opted in with allow_private.
        self.session = session or guarded_session()
        self.open_session = session or requests.Session()
        for s in (self.session, self.open_session):
            # requests must not redirect or read proxies from the
            # environment behind our back.
            s.trust_env = False
        self._hosts: dict[str, _Host] = {}

    # --- public ----------------------------------------------------------

    def get(self, url: str, *, source_name: str, conditional: bool = True,
            check_robots: bool = False) -> Response:
        """GET ``url``; raise FetchError(source_name, "GET <url>: <reason>")."""
        started = self.clock()
        shown = _safe(url)  # the URL as errors and logs show it: no password
        if _scheme(url) not in ALLOWED_SCHEMES:
            raise FetchError(source_name, f"GET {shown!r}: scheme {_scheme(url)!r} refused (http/https only)")
        headers = {}
        if conditional:
            known = self.validators.get(url) or {}
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        delay = self.delays.get(source_name, self.default_delay)
        private = self.private_ok(source_name)
        policy = {"error": retry.Budget(self.attempts, self.backoff, self.max_wait)}

        def attempt() -> Response:
            try:
                return self._follow(url, headers, delay, check_robots, private)
            except _Retry as exc:
                if exc.wait is not None and exc.wait > self.max_wait:
                    raise _Fail(f"{exc.reason}, Retry-After of {exc.wait:.0f} s "
                                f"exceeds the {self.max_wait:.0f} s cap") from None
                raise

        def note(exc: _Retry, wait: float) -> None:
            log.info("GET %s: %s; retry %d/%d in %.1f s", shown, exc.reason,
                     exc.failures, self.attempts - 1, wait)

        try:
            resp = retry.call(attempt, policy, sleep=self.sleep, on_retry=note)
        except _Fail as exc:
            raise FetchError(source_name, f"GET {shown}: {exc}") from None
        except _Retry as exc:
            raise FetchError(source_name,
                             f"GET {shown}: {exc.reason} after {exc.failures} attempts") from None
        resp.elapsed = self.clock() - started
        if resp.status == 304:
            resp.not_modified = True
            resp.body = None
        else:
            self._remember(url, resp.headers)
        return resp

    def private_ok(self, source_name: str) -> bool:
        """May this source reach loopback and private addresses?"""
        if isinstance(self.allow_private, bool):
            return self.allow_private
        return source_name in self.allow_private

    # --- one attempt: a chain of hops ------------------------------------

    def _follow(self, url: str, headers: dict, delay: float, check_robots: bool,
                private: bool) -> Response:
        start = self.clock()
        seen = {url}
        current = url
        for hop in range(self.max_redirects + 1):
            if check_robots and not self._allowed(current, delay, private):
                raise _Fail(f"{current} disallowed by robots.txt for {self._agent_token()!r}")
            status, resp_headers, body = self._exchange(current, headers, delay, start,
                                                        private=private)
            if status in REDIRECT_STATUSES:
                location = resp_headers.get("location", "").strip()
                if not location:
                    raise _Fail(f"HTTP {status} redirect without a Location header at {current}")
                target = urljoin(current, location)
                if _scheme(target) not in ALLOWED_SCHEMES:
                    raise _Fail(f"redirect to {location!r} refused (http/https only)")
                try:
                    check_url(target, allow_private=private)
                except AddressRefused as exc:
                    raise _Fail(f"redirect to {_shown(_safe(location))}: {exc}") from None
                target = _strip_fragment(target)
                if target in seen:
                    raise _Fail(f"redirect loop: {current} -> {target}")
                if hop == self.max_redirects:
                    raise _Fail(f"more than {self.max_redirects} redirects (last to {target})")
                seen.add(target)
                log.debug("GET %s: HTTP %d -> %s", current, status, target)
                current = target
                continue
            if status == 429 or status in RETRY_STATUSES:
                wait = parse_retry_after(resp_headers.get("retry-after"))
                raise _Retry(f"HTTP {status}", wait=wait)
            if status == 304:
                return Response(current, status, None, resp_headers, True,
                                *_split_content_type(resp_headers.get("content-type", "")))
            if not 200 <= status < 300:
                raise _Fail(f"HTTP {status}" + (f" at {current}" if current != url else ""))
            return Response(current, status, body, resp_headers, False,
                            *_split_content_type(resp_headers.get("content-type", "")))
        raise AssertionError("unreachable")  # pragma: no cover

    def _exchange(self, url: str, headers: dict, delay: float, start: float,
                  *, private: bool, max_bytes: int | None = None
                  ) -> tuple[int, dict[str, str], bytes | None]:
        """One request/response on the wire; the body is read only on 2xx."""
        cap = self.max_bytes if max_bytes is None else max_bytes
        try:
            check_url(url, allow_private=private)
        except AddressRefused as exc:
            raise _Fail(str(exc)) from None
        self._wait_politely(url, delay)
        remaining = self.deadline - (self.clock() - start)
        if remaining <= 0:
            raise _Fail(f"deadline of {self.deadline:g} s exceeded")
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        request_headers = {
            "User-Agent": self.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "fr, en;q=0.8, *;q=0.5",
            **headers,
        }
        try:
            session = self.open_session if private else self.session
            try:
                raw = session.get(url, headers=request_headers, timeout=timeout,
                                  allow_redirects=False, stream=True)
            except requests.exceptions.ConnectTimeout:
                raise _Retry(f"connect timeout of {timeout[0]:g} s") from None
            except requests.exceptions.ReadTimeout:
                raise _Fail(f"no response within the read timeout of {timeout[1]:g} s") from None
            except requests.exceptions.ConnectionError as exc:
                refused = refused_in(exc)
                if refused is not None:
                    raise _Fail(str(refused)) from None
                if _name_not_resolved(exc):
                    # No DNS answer: offline, or a dead domain. Retrying in a
                    # second will not change it and only slows an offline run.
                    host = urlsplit(url).hostname
                    raise _Fail(f"cannot resolve host {host!r} (offline?)") from None
                raise _Retry(f"connection error ({_short(exc)})") from None
            except requests.exceptions.InvalidURL as exc:
                raise _Fail(f"invalid URL ({_short(exc)})") from None
            except requests.exceptions.RequestException as exc:
                raise _Fail(f"request failed ({_short(exc)})") from None
            try:
                resp_headers = {k.lower(): v for k, v in raw.headers.items()}
                if not 200 <= raw.status_code < 300:
                    return raw.status_code, resp_headers, None
                body = self._read_body(raw, resp_headers, cap, start)
                return raw.status_code, resp_headers, body
            finally:
                raw.close()
        finally:
            self._host(url).last = self.clock()

    def _read_body(self, raw: requests.Response, headers: dict[str, str], cap: int,
                   start: float) -> bytes:
        encoding = headers.get("content-encoding", "").strip().lower()
        codings = [c.strip() for c in encoding.split(",")]
        if any(c not in ENCODINGS for c in codings):
            raise _Fail(f"unsupported Content-Encoding {encoding!r}")
        declared = headers.get("content-length", "")
        if encoding in ("", "identity") and declared.isdigit() and int(declared) > cap:
            raise _Fail(f"body larger than {_size(cap)} (Content-Length: {declared})")
        parts: list[bytes] = []
        size = 0
        stream = raw.raw
        try:
            while True:
                if self.clock() - start > self.deadline:
                    raise _Fail(f"deadline of {self.deadline:g} s exceeded "
                                f"after {_size(size)} of body")
                # urllib3 decodes at most CHUNK bytes of output per call
                # (its decoders take a max_length), whatever the ratio.
                chunk = stream.read1(CHUNK, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise _Fail(f"body larger than {_size(cap)}")
                parts.append(chunk)
        except urllib3.exceptions.DecodeError as exc:
            raise _Fail(f"bad {encoding} body ({_short(exc)})") from None
        except requests.exceptions.RequestException as exc:
            raise _Retry(f"connection error while reading the body ({_short(exc)})") from None
        except Exception as exc:  # urllib3/http.client errors mid-body
            if isinstance(exc, (_Fail, _Retry)):
                raise
            name = type(exc).__module__.split(".")[0]
            if name in ("urllib3", "http", "socket", "ssl") or isinstance(exc, OSError):
                if "timed out" in str(exc).lower() or isinstance(exc, TimeoutError):
                    raise _Fail(f"read timeout after {_size(size)} of body") from None
                raise _Retry(f"connection error while reading the body ({_short(exc)})") from None
            raise
        return b"".join(parts)

    # --- politeness, robots, validators -----------------------------------

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        return self._hosts.setdefault(key, _Host())

    def _wait_politely(self, url: str, delay: float) -> None:
        host = self._host(url)
        if host.last is None or delay <= 0:
            return
        wait = delay - (self.clock() - host.last)
        if wait > 0:
            log.debug("waiting %.2f s before %s (politeness delay)", wait, url)
            self.sleep(wait)

    def _agent_token(self) -> str:
        return self.user_agent.split("/")[0].split()[0]

    def _allowed(self, url: str, delay: float, private: bool) -> bool:
        host = self._host(url)
        if not host.robots_checked:
            host.robots_checked = True
            parts = urlsplit(url)
            robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
            host.robots = self._fetch_robots(robots_url, delay, private)
        if host.robots is None:
            return True
        return host.robots.can_fetch(url, self._agent_token())

    def _fetch_robots(self, robots_url: str, delay: float, private: bool) -> Protego | None:
        start = self.clock()
        current = robots_url
        try:
            for _ in range(self.max_redirects + 1):
                status, headers, body = self._exchange(current, {}, delay, start,
                                                       private=private, max_bytes=512 * 1024)
                if status in REDIRECT_STATUSES and headers.get("location"):
                    current = urljoin(current, headers["location"])
                    if _scheme(current) not in ALLOWED_SCHEMES:
                        return None
                    continue
                break
        except (_Fail, _Retry) as exc:
            log.info("%s: cannot fetch (%s); treated as allowing all", robots_url, exc)
            return None
        if not 200 <= status < 300 or body is None:
            log.debug("%s: HTTP %d; treated as allowing all", robots_url, status)
            return None
        return Protego.parse(body.decode("utf-8", errors="replace"))

    def _remember(self, url: str, headers: dict[str, str]) -> None:
        found = {}
        if headers.get("etag"):
            found["etag"] = headers["etag"]
        if headers.get("last-modified"):
            found["last_modified"] = headers["last-modified"]
        if found:
            self.validators[url] = found
        else:
            self.validators.pop(url, None)


def _scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""


def _safe(url: str) -> str:
    """``url`` without the password of its userinfo, if any."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None and parts.username is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def _shown(location: str) -> str:
    return repr(location if len(location) <= 200 else location[:197] + "...")


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _size(n: int) -> str:
    if n >= MiB and n % MiB == 0:
        return f"{n // MiB} MiB"
    if n >= MiB:
        return f"{n / MiB:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n} bytes"


def _name_not_resolved(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, socket.gaierror) or type(exc).__name__ == "NameResolutionError":
            return True
        for arg in getattr(exc, "args", ()):
            if isinstance(arg, BaseException) and _name_not_resolved(arg):
                return True
        exc = getattr(exc, "reason", None) or exc.__cause__ or exc.__context__
    return False


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
