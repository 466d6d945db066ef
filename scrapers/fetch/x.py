"""The X (Twitter) API v2, read-only, with an app bearer token.

This is the only module that calls tweepy. It returns the raw v2 JSON
objects (``data`` tweets and ``includes``); :mod:`scrapers.parse.tweets`
turns them into items.

Rules kept here:

* The token comes from the environment variable ``X_BEARER_TOKEN`` only.
* The token never reaches a log line, an exception message or the output:
  :func:`install_redaction` puts a filter on the loggers of tweepy,
  requests and urllib3 (tweepy logs the ``Authorization`` header at DEBUG)
  and on the root handlers; our own messages go through :func:`redact`.
* Rate limits and server errors are retried a bounded number of times,
  with bounded waits, through the retry policy shared with the HTTP
  fetcher (:mod:`scrapers.fetch.retry`), then reported as
  :class:`FetchError`. tweepy's own ``wait_on_rate_limit`` is off: on a
  429 without ``x-rate-limit-reset`` it calls again at once, in a loop.
* A host that does not resolve (offline) fails at once, without retry,
  in one line.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

import requests
import tweepy

from scrapers.config import Source
from scrapers.errors import FetchError
from scrapers.fetch import retry
from scrapers.fetch.http import _name_not_resolved

log = logging.getLogger(__name__)

TOKEN_ENV = "X_BEARER_TOKEN"
X_TOKEN_HELP = ("no X_BEARER_TOKEN in the environment: set it (export X_BEARER_TOKEN=...) "
                "or import an archive with 'megawatch import-archive PATH'")

TWEET_FIELDS = [
    "created_at", "lang", "entities", "conversation_id", "referenced_tweets",
    "note_tweet", "author_id", "in_reply_to_user_id",
]
EXPANSIONS = ["author_id", "referenced_tweets.id", "referenced_tweets.id.author_id"]
USER_FIELDS = ["name", "username"]

# Loggers that may see the Authorization header or the token.
SENSITIVE_LOGGERS = (
    "tweepy", "tweepy.client", "tweepy.asynchronous.client", "tweepy.api",
    "tweepy.auth", "tweepy.pagination", "tweepy.streaming",
    "requests", "requests_oauthlib", "oauthlib",
    "urllib3", "urllib3.connectionpool", "urllib3.connection",
    "urllib3.response", "urllib3.util.retry",
    "scrapers",
)

Clock = Callable[[], float]
Sleep = Callable[[float], None]


# --- redaction ---------------------------------------------------------------

REDACTED = "[REDACTED]"
_BEARER_RE = re.compile(r"(?i)(\bBearer\s+)(?!\[REDACTED\])[^\s'\",;}\]]+")
_secrets: set[str] = set()


def redact(text: str) -> str:
    """``text`` without any registered token nor any ``Bearer <value>``."""
    for secret in sorted(_secrets, key=len, reverse=True):
        for form in {secret, quote(secret, safe="")}:
            text = text.replace(form, REDACTED)
    return _BEARER_RE.sub(r"\1" + REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites a log record so that no registered token is left in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's business, not ours
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_filter = RedactingFilter()


def install_redaction(token: str, *, extra_loggers: Iterable[str] = ()) -> None:
    """Hide ``token`` (and any ``Bearer ...``) from every log record.

    The filter goes on the loggers that emit the records (a filter on a
    logger only sees records created there, so each name is listed) and
    on the handlers of the root logger present now. Idempotent.
    """
    if token:
        _secrets.add(token)
    for name in (*SENSITIVE_LOGGERS, *extra_loggers):
        logger = logging.getLogger(name)
        if _filter not in logger.filters:
            logger.addFilter(_filter)
        for handler in logger.handlers:
            if _filter not in handler.filters:
                handler.addFilter(_filter)
    for handler in logging.getLogger().handlers:
        if _filter not in handler.filters:
            handler.addFilter(_filter)


# --- client ------------------------------------------------------------------

class _TimeoutSession(requests.Session):
    """A Session with a default timeout: tweepy passes none to requests."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, **kwargs)


@dataclass(frozen=True)
class RetryPolicy:
    """How long we insist. Every wait goes through the injected ``sleep``.

    * 5xx and network errors: ``attempts`` tries in all, waiting
      ``backoff``, 2×``backoff``... (at most ``backoff_max``) in between.
    * 429 with ``x-rate-limit-reset``: wait until the reset (+1 s), unless
      that is more than ``max_rate_wait`` seconds away (then give up at
      once); at most ``rate_limit_waits`` such waits per request.
    * 429 without the header: ``attempts_429`` tries in all, waiting
      ``backoff_429``, 2×, 4×... (at most ``backoff_max``).
    """

    attempts: int = 3
    backoff: float = 2.0
    backoff_max: float = 300.0
    max_rate_wait: float = 900.0
    rate_limit_waits: int = 2
    attempts_429: int = 4
    backoff_429: float = 15.0


@dataclass
class AccountResult:
    """Raw v2 tweets (newest first, as the API sends them) and includes.

    ``newest_id`` is the id to pass as ``since_id`` next time: the newest
    tweet id seen, or the ``since_id`` given when nothing new came.
    """

    tweets: list[dict] = field(default_factory=list)
    includes: dict = field(default_factory=dict)
    newest_id: str | None = None


class XClient:
    """tweepy.Client (v2, bearer token, raw dicts) with bounded retries."""

    def __init__(self, bearer_token: str, *, timeout: float = 30.0,
                 policy: RetryPolicy | None = None):
        if not bearer_token or not bearer_token.strip():
            raise ValueError(f"{TOKEN_ENV} is empty")
        install_redaction(bearer_token)
        self.timeout = timeout
        self.policy = policy or RetryPolicy()
        self._api = tweepy.Client(bearer_token=bearer_token.strip(),
                                  wait_on_rate_limit=False, return_type=dict)
        self._api.session = _TimeoutSession(timeout)

    def __repr__(self) -> str:
        return f"XClient(timeout={self.timeout}, bearer_token={REDACTED!r})"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, **kwargs) -> "XClient | None":
        """A client using ``env["X_BEARER_TOKEN"]``, or None when it is unset."""
        token = (env.get(TOKEN_ENV) or "").strip()
        return cls(token, **kwargs) if token else None

    # One request, retried by the policy. ``what`` names it in errors.
    def call(self, method: str, what: str, source_name: str, *,
             sleep: Sleep = time.sleep, clock: Clock = time.time, **params) -> dict:
        p = self.policy
        budgets = {
            "error": retry.Budget(p.attempts, p.backoff, p.backoff_max),
            "429": retry.Budget(p.attempts_429, p.backoff_429, p.backoff_max),
            # waits until the announced reset; the count is of tries in all
            "rate": retry.Budget(p.rate_limit_waits + 1, 0.0, p.max_rate_wait),
        }

        def attempt() -> dict:
            try:
                return getattr(self._api, method)(**params)
            except tweepy.TooManyRequests as exc:
                if exc.reset_time is None:
                    raise retry.Retryable("HTTP 429 without reset time", kind="429") from None
                delay = max(1.0, exc.reset_time - clock() + 1)
                if delay > p.max_rate_wait:
                    until = datetime.fromtimestamp(exc.reset_time, timezone.utc)
                    raise FetchError(source_name, (
                        f"{what}: rate limited (HTTP 429) until "
                        f"{until:%Y-%m-%dT%H:%M:%SZ}, {delay:.0f} s away, more than "
                        f"the {p.max_rate_wait:.0f} s allowed")) from None
                raise retry.Retryable("rate limited", kind="rate", wait=delay) from None
            except tweepy.TwitterServerError as exc:
                raise retry.Retryable(f"HTTP {exc.response.status_code}") from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                if _name_not_resolved(exc):
                    # Offline or a dead name: another try will not change it.
                    host = (getattr(exc.request, "url", "") or "").split("/")[2:3]
                    raise FetchError(source_name, f"{what}: cannot resolve host "
                                     f"{(host or ['api.x.com'])[0]!r} (offline?)") from None
                raise retry.Retryable(f"{type(exc).__name__} ({redact(_short(exc))})") from None
            except tweepy.HTTPException as exc:
                status = exc.response.status_code
                hint = " (check X_BEARER_TOKEN)" if status in (401, 403) else ""
                detail = "; ".join(map(str, exc.api_messages))[:300]
                raise FetchError(source_name, redact(
                    f"{what}: HTTP {status}{hint}" + (f": {detail}" if detail else ""))) from None
            except requests.JSONDecodeError:
                raise FetchError(source_name, f"{what}: the answer is not JSON") from None
            except requests.RequestException as exc:
                raise FetchError(source_name,
                                 f"{what}: {type(exc).__name__} ({redact(str(exc))})") from None
            except ValueError as exc:  # e.g. tweepy's int() of a bad x-rate-limit-reset
                raise FetchError(source_name,
                                 f"{what}: unreadable answer ({redact(str(exc))})") from None

        def note(exc: retry.Retryable, wait: float) -> None:
            if exc.kind == "rate":
                log.warning("%s: rate limited, waiting %.0f s", what, wait)
            else:
                log.warning("%s: %s, retrying in %.0f s", what, exc.reason, wait)

        try:
            return retry.call(attempt, budgets, sleep=sleep, on_retry=note)
        except retry.Retryable as exc:
            if exc.kind == "rate":
                raise FetchError(source_name, (
                    f"{what}: HTTP 429 after {exc.failures} attempts "
                    f"(still rate limited after {p.rate_limit_waits} waits)")) from None
            if exc.kind == "429":
                raise FetchError(source_name, (
                    f"{what}: HTTP 429 after {exc.failures} attempts "
                    f"(no x-rate-limit-reset header)")) from None
            raise FetchError(source_name,
                             f"{what}: {exc.reason} after {exc.failures} attempts") from None

    def user(self, account: str, source_name: str, *, sleep: Sleep = time.sleep,
             clock: Clock = time.time) -> dict:
        """The v2 user object of ``@account`` (id, name, username)."""
        answer = self.call("get_user", f"user @{account}", source_name, sleep=sleep,
                           clock=clock, username=account, user_fields=USER_FIELDS)
        user = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(user, dict) or not user.get("id"):
            raise FetchError(source_name, f"user @{account}: not found "
                             f"({_errors_text(answer)})")
        return user


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _errors_text(answer) -> str:
    errors = answer.get("errors") if isinstance(answer, dict) else None
    if not errors:
        return "no data in the answer"
    return "; ".join(str(e.get("detail") or e.get("title") or e) for e in errors)[:300]


def _merge_includes(into: dict, new: Mapping) -> None:
    for key, values in new.items():
        if not isinstance(values, list):
            continue
        have = into.setdefault(key, [])
        seen = {v.get("id") or v.get("media_key") for v in have if isinstance(v, dict)}
        for value in values:
            ident = value.get("id") or value.get("media_key") if isinstance(value, dict) else None
            if ident is None or ident not in seen:
                have.append(value)
                seen.add(ident)


def _newest(*ids: str | None) -> str | None:
    known = [i for i in ids if i and re.fullmatch(r"[0-9]{1,20}", str(i))]
    return max(known, key=int) if known else None


def _paginate(client: XClient, method: str, what: str, source: Source,
              since_id: str | None, token_param: str, max_pages: int,
              sleep: Sleep, clock: Clock, **params) -> AccountResult:
    result = AccountResult(newest_id=since_id)
    token = None
    for page in range(1, max_pages + 1):
        if token:
            params[token_param] = token
        answer = client.call(method, what, source.name, sleep=sleep, clock=clock,
                             since_id=since_id, **params)
        if not isinstance(answer, dict):
            raise FetchError(source.name, f"{what}: unexpected answer {type(answer).__name__}")
        data = answer.get("data") or []
        result.tweets.extend(t for t in data if isinstance(t, dict))
        _merge_includes(result.includes, answer.get("includes") or {})
        meta = answer.get("meta") or {}
        result.newest_id = _newest(result.newest_id, meta.get("newest_id"),
                                   *(t.get("id") for t in data if isinstance(t, dict)))
        token = meta.get("next_token")
        if not token:
            break
    else:
        log.warning("%s: stopped after %d pages, older tweets left", what, max_pages)
    return result


def fetch_account(client: XClient, source: Source, since_id: str | None, *,
                  sleep: Sleep = time.sleep, clock: Clock = time.time,
                  max_pages: int = 40) -> AccountResult:
    """All tweets of ``source.account`` newer than ``since_id``.

    Resolves the user id, then pages through ``GET /2/users/:id/tweets``
    (100 a page, at most ``max_pages`` pages). Retweets are excluded by
    the API unless ``source.include_retweets``. The user object is added
    to ``includes["users"]`` so the parser knows the display name.

    ``clock`` is the wall clock (seconds since the epoch), because
    ``x-rate-limit-reset`` is an epoch timestamp.
    """
    user = client.user(source.account, source.name, sleep=sleep, clock=clock)
    params = dict(
        id=user["id"], max_results=100, tweet_fields=TWEET_FIELDS,
        expansions=EXPANSIONS, user_fields=USER_FIELDS,
    )
    if not source.include_retweets:
        params["exclude"] = ["retweets"]
    result = _paginate(client, "get_users_tweets", f"timeline of @{source.account}", source,
                       since_id, "pagination_token", max_pages, sleep, clock, **params)
    _merge_includes(result.includes, {"users": [user]})
    return result


def search_recent(client: XClient, source: Source, query: str, since_id: str | None, *,
                  sleep: Sleep = time.sleep, clock: Clock = time.time,
                  max_pages: int = 10) -> AccountResult:
    """Tweets of the last 7 days matching ``query`` (``GET /2/tweets/search/recent``)."""
    return _paginate(client, "search_recent_tweets", f"search {query!r}", source, since_id,
                     "next_token", max_pages, sleep, clock, query=query, max_results=100,
                     tweet_fields=TWEET_FIELDS, expansions=EXPANSIONS,
                     user_fields=USER_FIELDS)


def fetch_queries(client: XClient, source: Source, since_ids: Mapping[str, str | None], *,
                  sleep: Sleep = time.sleep, clock: Clock = time.time,
                  max_pages: int = 10) -> dict[str, AccountResult]:
    """:func:`search_recent` for each of ``source.queries``, keyed by query."""
    return {q: search_recent(client, source, q, since_ids.get(q), sleep=sleep, clock=clock,
                             max_pages=max_pages)
            for q in source.queries}
