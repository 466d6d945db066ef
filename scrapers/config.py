"""Load and validate tracker.toml, the one config file of a tracker.

Both the scrapers and the Pelican plugin read it through :func:`load`.
Validation is strict: an unknown key, a bad date or a duplicate slug raises
:class:`ConfigError` naming the file, the key and the value.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapers.errors import ConfigError

STATUSES = ("teased", "announced", "launched", "abandoned")
# How a service's story ended (end_state in tracker.toml), with closed_on and a short reason.
END_STATES = ("closed", "abandoned", "sold")
SOURCE_KINDS = ("feed", "page", "x")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Alias:
    """A name of a service, optionally valid only between two dates."""

    text: str
    since: date | None = None
    until: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.since is None and self.until is None
        if self.since and day < self.since:
            return False
        if self.until and day > self.until:
            return False
        return True


@dataclass(frozen=True)
class Revival:
    """Planned launches of ``service`` said from ``since`` on are this service's.

    "Megaupload reviendra le 20 janvier" in 2016 promises Megaupload 2.0: the
    original closed in 2012 and can only come back as its successor.
    """

    service: str
    since: date
    until: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Service:
    name: str
    slug: str
    aliases: tuple[Alias, ...]
    exclude: tuple[str, ...]
    status: str
    description: str
    url: str = ""
    launched_on: date | None = None
    revives: Revival | None = None
    # Words that, close to a mention, show a look-alike: "la chaîne de cinémas Megabox".
    exclude_near: tuple[str, ...] = ()
    # Common nouns that stand for the service in a text that names it: "his music service".
    descriptors: tuple[str, ...] = ()
    # Planned claims stated after launched_on promise a relaunch (else they are
    # reports of the launch and never confirmed automatically: scrapers.confirm).
    relaunch: bool = False
    # The end of the story: end_state (closed, abandoned, sold), the day it
    # happened (closed_on, optional for abandoned) and a short French reason
    # worded to follow the state's verb: "par le FBI" -> "fermé par le FBI".
    end_state: str = ""
    closed_on: date | None = None
    end_reason: str = ""
    # The last day anything was heard of it (a note, a source), for "rien depuis ...".
    last_heard: date | None = None

    def names_on(self, day: date | None) -> list[str]:
        """The canonical name and every alias valid on ``day``."""
        return [self.name] + [a.text for a in self.aliases if a.valid_on(day)]


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str = ""
    account: str = ""
    lang: str = "fr"
    enabled: bool = True
    fetch_pages: bool = True
    content_selector: str = ""
    include_retweets: bool = False
    queries: tuple[str, ...] = ()
    delay: float = 1.0
    # May reach loopback, private, link-local... addresses (tests, a local mirror).
    allow_private: bool = False

    @property
    def location(self) -> str:
        return self.url or f"@{self.account}"


@dataclass(frozen=True)
class Subject:
    name: str
    timezone: str
    handle: str = ""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Tracker:
    path: Path
    subject: Subject
    services: tuple[Service, ...]
    sources: tuple[Source, ...]
    exclude: tuple[str, ...] = ()
    user_agent: str = "Megawatch/0.1 (+https://github.com/megawatch/megawatch)"

    def service(self, name_or_slug: str) -> Service:
        for s in self.services:
            if name_or_slug in (s.name, s.slug):
                return s
        raise KeyError(name_or_slug)

    def source(self, name: str) -> Source:
        for s in self.sources:
            if s.name == name:
                return s
        raise KeyError(name)


# --- validation helpers -------------------------------------------------

# The keys each table may hold: an unknown key is reported before anything
# else, with the closest valid one ("stauts: unknown key, did you mean status?").
TOP_KEYS = ("subject", "services", "sources", "exclude", "user_agent")
SUBJECT_KEYS = ("name", "timezone", "handle")
SERVICE_KEYS = ("name", "slug", "aliases", "exclude", "status", "description", "url",
                "launched_on", "revives", "exclude_near", "descriptors", "relaunch",
                "end_state", "closed_on", "end_reason", "last_heard")
SOURCE_KEYS = ("name", "kind", "url", "account", "lang", "enabled", "fetch_pages",
               "content_selector", "include_retweets", "queries", "delay", "allow_private")
ALIAS_KEYS = ("text", "since", "until")
REVIVAL_KEYS = ("service", "since", "until")

_HEADER_RE = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]")


class _Lines:
    """Where things are in the TOML text, for error messages (tomllib keeps no positions).

    A table is found by its header (``[subject]``, the n-th ``[[services]]``), a key by
    its ``key =`` line inside that table; unknown places fall back to the table's header,
    then to no line at all.
    """

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.sections: list[tuple[str, int, int]] = [("", 0, 0)]  # (name, index, first line)
        counts: dict[str, int] = {}
        for n, line in enumerate(self.lines, 1):
            m = _HEADER_RE.match(line)
            if m:
                name = m.group(2).replace('"', "").strip()
                index = counts.get(name, 0)
                counts[name] = index + 1
                self.sections.append((name, index if m.group(1) else 0, n))

    def _span(self, table: str, index: int) -> tuple[int, int] | None:
        for i, (name, idx, first) in enumerate(self.sections):
            if name == table and idx == index:
                end = (self.sections[i + 1][2] - 1 if i + 1 < len(self.sections)
                       else len(self.lines))
                return first, end
        return None

    def find(self, where: str, key: str | None = None) -> int | None:
        """Line of ``key`` in the table at ``where`` ("services[2]", "subject", ""),
        else of the table's header; None when neither is found."""
        m = re.match(r"^([A-Za-z_]+)(?:\[(\d+)\])?(?:\.(.*))?$", where) if where else None
        table, index, rest = (m.group(1), int(m.group(2) or 0), m.group(3)) if m else ("", 0, None)
        span = self._span(table, index)
        if span is None:
            return None
        first, end = span
        wanted = (rest.split(".")[0].split("[")[0] if rest else key)
        if wanted:
            pattern = re.compile(rf"^\s*\"?{re.escape(wanted)}\"?\s*=")
            for n in range(max(first, 1), end + 1):
                if pattern.match(self.lines[n - 1]):
                    return n
        return first or None


class _Reader:
    """Reads one table, remembering where it is for error messages."""

    def __init__(self, path: Path, where: str, table: Any, known: tuple[str, ...] = (), *,
                 lines: _Lines | None = None, label: str | None = None):
        self.path, self.where, self.lines = path, where, lines
        self.label = where if label is None else label
        if not isinstance(table, dict):
            self.fail_at(where, None, f"{self.label or 'the file'}: expected a table, "
                         f"got {table!r}")
        self.table = table
        self.seen: set[str] = set()
        self.known = known
        for key in table:
            if known and key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = (f", did you mean {close[0]}?" if close
                        else f" (expected one of: {', '.join(known)})")
                self.fail_at(where, key, f"{self._prefix()}{key}: unknown key{hint}")

    def _prefix(self) -> str:
        return f"{self.label}: " if self.label else ""

    def fail_at(self, where: str, key: str | None, message: str):
        line = self.lines.find(where, key) if self.lines else None
        raise ConfigError(f"{self.path}:{line}" if line else str(self.path), message)

    def fail(self, key: str, value: Any, why: str):
        """``key`` is the full dotted path ("services[0].slug"); the message names the
        table by its label (a service or source by its name) and the key by its own name:
        'services "Megabox": slug = 'Mega Box': expected lowercase letters...'."""
        if key == self.where:  # the table as a whole
            self.fail_at(key, None, f"{self._prefix()}{why}")
        table, _, leaf = key.rpartition(".")
        short = key[len(self.where) + 1:] if self.where and key.startswith(self.where + ".") \
            else key
        shown = f"{short}: " if value is None else f"{short} = {_show(value)}: "
        self.fail_at(table, leaf.split("[")[0], f"{self._prefix()}{shown}{why}")

    def key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type | tuple, default: Any = ..., *, choices=None):
        self.seen.add(key)
        if key not in self.table:
            if default is ...:
                self.fail_at(self.where, None, f"{self._prefix()}{key}: missing required key")
            return default
        value = self.table[key]
        if kind is date:
            if not isinstance(value, date) or hasattr(value, "hour"):
                self.fail(self.key(key), value, "expected a date like 2013-01-20")
        elif kind is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.fail(self.key(key), value, "expected a number")
            value = float(value)
        elif not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            self.fail(self.key(key), value, f"expected {names}")
        if isinstance(value, str) and not value.strip() and default is ...:
            self.fail(self.key(key), value, "must not be empty")
        if choices and value not in choices:
            close = difflib.get_close_matches(str(value), [c for c in choices if c], n=1,
                                              cutoff=0.6) if isinstance(value, str) else []
            hint = f", did you mean {close[0]!r}?" if close else ""
            self.fail(self.key(key), value,
                      f"expected one of {', '.join(c for c in choices if c)}{hint}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        for v in values:
            if not isinstance(v, str) or not v.strip():
                self.fail(self.key(key), v, "expected a non-empty string")
        return tuple(values)

    def done(self):
        for key in self.table:
            if key not in self.seen:
                self.fail_at(self.where, key, f"{self._prefix()}{key}: unknown key")


def _show(value: Any) -> str:
    """A value as the file would spell it: dates in ISO, strings quoted."""
    return value.isoformat() if isinstance(value, date) else repr(value)


def _label(kind: str, i: int, raw: Any) -> str:
    """'services "Megabox"' when the table has a usable name, else 'services[3]'."""
    name = raw.get("name") if isinstance(raw, dict) else None
    return f'{kind} "{name}"' if isinstance(name, str) and name.strip() else f"{kind}[{i}]"


def _alias(path: Path, where: str, raw: Any, lines: _Lines, label: str) -> Alias:
    if isinstance(raw, str):
        if not raw.strip():
            _Reader(path, where, {}, lines=lines, label=label).fail(where, raw,
                                                                     "must not be empty")
        return Alias(raw)
    r = _Reader(path, where, raw, ALIAS_KEYS, lines=lines, label=label)
    alias = Alias(r.get("text", str), r.get("since", date, None), r.get("until", date, None))
    r.done()
    if alias.since and alias.until and alias.since > alias.until:
        r.fail(where, raw, f"since {alias.since} is after until {alias.until}")
    return alias


def _revival(path: Path, where: str, raw: Any, lines: _Lines, label: str) -> Revival | None:
    if raw is None:
        return None
    r = _Reader(path, where, raw, REVIVAL_KEYS, lines=lines, label=label)
    revival = Revival(r.get("service", str), r.get("since", date), r.get("until", date, None))
    r.done()
    if revival.until and revival.until < revival.since:
        r.fail(where, raw, f"since {revival.since} is after until {revival.until}")
    return revival


def _service(path: Path, i: int, raw: Any, lines: _Lines) -> Service:
    where = f"services[{i}]"
    label = _label("services", i, raw)
    r = _Reader(path, where, raw, SERVICE_KEYS, lines=lines, label=label)
    name = r.get("name", str)
    slug = r.get("slug", str)
    if not SLUG_RE.match(slug):
        r.fail(r.key("slug"), slug, "expected lowercase letters, digits and dashes")
    aliases = tuple(_alias(path, f"{where}.aliases[{j}]", a, lines, f"{label}.aliases[{j}]")
                    for j, a in enumerate(r.get("aliases", list, [])))
    service = Service(
        name=name,
        slug=slug,
        aliases=aliases,
        exclude=r.strings("exclude"),
        status=r.get("status", str, choices=STATUSES),
        description=r.get("description", str, ""),
        url=r.get("url", str, ""),
        launched_on=r.get("launched_on", date, None),
        revives=_revival(path, f"{where}.revives", r.get("revives", dict, None), lines,
                         f"{label}.revives"),
        exclude_near=r.strings("exclude_near"),
        descriptors=r.strings("descriptors"),
        relaunch=r.get("relaunch", bool, False),
        end_state=r.get("end_state", str, "", choices=END_STATES + ("",)),
        closed_on=r.get("closed_on", date, None),
        end_reason=r.get("end_reason", str, ""),
        last_heard=r.get("last_heard", date, None),
    )
    r.done()
    if service.closed_on and not service.end_state:
        r.fail(r.key("closed_on"), service.closed_on, "needs an end_state")
    if service.end_reason and not service.end_state:
        r.fail(r.key("end_reason"), service.end_reason, "needs an end_state")
    if service.end_state in ("closed", "sold") and service.closed_on is None:
        r.fail(r.key("closed_on"), None, f"required when end_state is {service.end_state}")
    if service.closed_on and service.launched_on and service.closed_on < service.launched_on:
        r.fail(r.key("closed_on"), service.closed_on, "is before launched_on")
    if len(service.end_reason) > 80:
        r.fail(r.key("end_reason"), service.end_reason, "keep it under 80 characters")
    if service.status == "launched" and service.launched_on is None:
        r.fail(r.key("launched_on"), None, "required when status is launched")
    if service.url and not service.url.startswith(("http://", "https://")):
        r.fail(r.key("url"), service.url, "expected an http(s) URL")
    return service


def _source(path: Path, i: int, raw: Any, lines: _Lines) -> Source:
    where = f"sources[{i}]"
    r = _Reader(path, where, raw, SOURCE_KEYS, lines=lines, label=_label("sources", i, raw))
    kind = r.get("kind", str, choices=SOURCE_KINDS)
    source = Source(
        name=r.get("name", str),
        kind=kind,
        url=r.get("url", str, ""),
        account=r.get("account", str, "").lstrip("@"),
        lang=r.get("lang", str, "fr"),
        enabled=r.get("enabled", bool, True),
        fetch_pages=r.get("fetch_pages", bool, True),
        content_selector=r.get("content_selector", str, ""),
        include_retweets=r.get("include_retweets", bool, False),
        queries=r.strings("queries"),
        delay=r.get("delay", float, 1.0),
        allow_private=r.get("allow_private", bool, False),
    )
    r.done()
    if kind == "x":
        if not source.account:
            r.fail(r.key("account"), None, "an x source needs an account")
    elif not source.url.startswith(("http://", "https://")):
        r.fail(r.key("url"), source.url or None, "expected an http(s) URL")
    if source.allow_private and kind == "x":
        r.fail(r.key("allow_private"), True, "only feed and page sources fetch URLs")
    if source.delay < 0:
        r.fail(r.key("delay"), source.delay, "must not be negative")
    return source


def load(path: str | Path = "tracker.toml") -> Tracker:
    """Read and validate a tracker file; raise ConfigError on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None

    lines = _Lines(text)
    top = _Reader(path, "", raw, TOP_KEYS, lines=lines)
    sub = _Reader(path, "subject", top.get("subject", dict), SUBJECT_KEYS, lines=lines)
    subject = Subject(sub.get("name", str), sub.get("timezone", str), sub.get("handle", str, ""))
    sub.done()
    try:
        ZoneInfo(subject.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        sub.fail("subject.timezone", subject.timezone, "unknown time zone")

    services = tuple(_service(path, i, s, lines)
                     for i, s in enumerate(top.get("services", list)))
    sources = tuple(_source(path, i, s, lines)
                    for i, s in enumerate(top.get("sources", list, [])))
    exclude = top.strings("exclude")
    user_agent = top.get("user_agent", str, Tracker.user_agent)
    top.done()

    for attr, items, label in (("slug", services, "services"), ("name", services, "services"),
                               ("name", sources, "sources")):
        seen: dict[str, str] = {}
        for i, item in enumerate(items):
            value = getattr(item, attr)
            if value.lower() in seen:
                _Reader(path, f"{label}[{i}]", {}, lines=lines,
                        label=f'{label} "{item.name}"').fail(
                    f"{label}[{i}].{attr}", value,
                    f"duplicate {attr} (already used by {label} \"{seen[value.lower()]}\")")
            seen[value.lower()] = item.name
    if not services:
        top.fail("services", [], "at least one service is required")
    names = {s.name for s in services}
    for i, s in enumerate(services):
        if s.revives and (s.revives.service not in names or s.revives.service == s.name):
            close = difflib.get_close_matches(s.revives.service, sorted(names - {s.name}), n=1)
            _Reader(path, f"services[{i}].revives", {}, lines=lines,
                    label=f'services "{s.name}".revives').fail(
                f"services[{i}].revives.service", s.revives.service,
                "expected the name of another service"
                + (f", did you mean {close[0]!r}?" if close else ""))
    return Tracker(path, subject, services, sources, exclude, user_agent)


# The repository's own tracker.toml (next to scrapers/), the default everywhere.
TRACKER_PATH = Path(__file__).resolve().parent.parent / "tracker.toml"


@functools.lru_cache(maxsize=1)
def default_tracker() -> Tracker:
    """The repository's tracker.toml, loaded once."""
    return load(TRACKER_PATH)
