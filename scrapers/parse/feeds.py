"""RSS 0.9x/1.0/2.0 and Atom bytes -> :class:`~scrapers.models.Item` list.

feedparser does the hard part; it is always given bytes (wrapped in a
stream, so it can never take them for a URL or a file name) and the HTTP
headers, for the charset. Each entry is converted on its own: an entry that
breaks is logged and skipped, never the whole feed.

Before feedparser sees them, the bytes are defused (:func:`defuse`):
entity declarations that expand into other entities or load external ones
are refused (entity-expansion bombs), character references that name no
XML character (``&#xD800;``, ``&#0;``) become U+FFFD. Then the parse runs
in a worker bounded in time and memory (:mod:`scrapers.parse.bounded`).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from scrapers.config import Source
from scrapers.errors import ParseError
from scrapers.models import Item
from scrapers.parse import bounded
from scrapers.parse.text import html_to_text, inline_text

log = logging.getLogger(__name__)

# Marks of a teaser rather than a full text, at the end of content:encoded.
_TRUNCATED = re.compile(
    r"(\[(?:…|\.\.\.)\]|…|\.\.\.|lire la suite|la suite|continuer la lecture|"
    r"read more|continue reading)\W*$", re.I)
# WordPress appends "The post X appeared first on Y." to every summary.
_WP_FOOTER = re.compile(
    r"\n?(?:L[’']article .{1,300} est apparu en premier sur .{1,200}|"
    r"The post .{1,300} appeared first on .{1,200})\.?$")
_TRACKING = re.compile(r"^(utm_[a-z]+|xtor|at_medium|at_campaign|fbclid|gclid)$", re.I)
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")

# <!DOCTYPE name [ internal subset ]>, and the entity declarations in it.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S | re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s+)?[^\s>]+\s+(?:(SYSTEM|PUBLIC)\b|([\"'])(.*?)\3)",
                          re.S)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
MAX_ENTITIES = 64
MAX_ENTITY_VALUE = 256


@dataclass
class FeedResult:
    """Items of one feed; ``bozo`` tells that feedparser found it malformed."""

    items: list[Item] = field(default_factory=list)
    bozo: bool = False
    bozo_reason: str | None = None


def _xml_char(code: int) -> bool:
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def _fix_ref(match: re.Match) -> bytes:
    hexa, dec = match.groups()
    code = int(hexa, 16) if hexa else int(dec)
    return match.group(0) if _xml_char(code) else b"&#xFFFD;"


def defuse(data: bytes, who: str, url: str) -> bytes:
    """Feed bytes made safe for a parser, or ParseError for an entity bomb.

    * An internal DTD subset may declare a few plain entities (``<!ENTITY
      nbsp "&#160;">``); one that refers to another entity, a parameter or
      an external entity, or more than MAX_ENTITIES declarations, is an
      expansion attack or a fetch of a local file: the feed is refused.
    * A character reference that names no XML 1.0 character (a lone
      surrogate ``&#xD800;``, ``&#0;``) would make the parser fail on the
      whole feed: it becomes U+FFFD, in that entry only.
    """
    doctype = _DOCTYPE.search(data, 0, 64 * 1024)
    if doctype:
        decls = _ENTITY_DECL.findall(doctype.group(1))
        if b"<!ENTITY" in doctype.group(1) and not decls:
            raise ParseError(who, f"{url}: unreadable entity declaration in the DOCTYPE; refused")
        if len(decls) > MAX_ENTITIES:
            raise ParseError(who, f"{url}: {len(decls)} entity declarations in the DOCTYPE "
                                  f"(at most {MAX_ENTITIES}); refused")
        for parameter, external, _, value in decls:
            if parameter or external:
                raise ParseError(who, f"{url}: parameter or external entity in the DOCTYPE "
                                      "(entity expansion or local file); refused")
            char_ref = re.fullmatch(rb"&#(?:[xX][0-9a-fA-F]+|[0-9]+);", value)
            if len(value) > MAX_ENTITY_VALUE or (
                    (b"&" in value or b"%" in value) and not char_ref):
                raise ParseError(who, f"{url}: an entity of the DOCTYPE expands into other "
                                      f"entities or is too long ({value[:40]!r}): entity "
                                      "expansion; refused")
    if b"&#" in data:
        data = _CHAR_REF.sub(_fix_ref, data)
    return data


def parse_feed(data: bytes, source: Source, *, url: str,
               headers: dict | None = None) -> FeedResult:
    """Parse feed bytes fetched from ``url`` for ``source``.

    Raise ParseError(source.name, ...) on an empty body, on an entity bomb,
    on a malformed document that yields no entry at all, or when the parse
    exceeds its time or memory budget (:mod:`scrapers.parse.bounded`).
    """
    if not data or not data.strip():
        raise ParseError(source.name, f"{url}: empty body ({len(data or b'')} bytes)")
    data = defuse(data, source.name, url)
    seconds, memory = bounded.budget(len(data), bounded.FEED_SECONDS,
                                     bounded.FEED_SECONDS_PER_MIB)
    return bounded.run(_parse_feed, data, source, url, headers, who=source.name, what=url,
                       seconds=seconds, memory=memory)


def _parse_feed(data: bytes, source: Source, url: str, headers: dict | None) -> FeedResult:
    response_headers = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    # Base URL for relative links; our Fetcher already followed redirects.
    response_headers.setdefault("content-location", url)
    # Without a Content-Type feedparser flags every document as bozo; the
    # XML declaration then gives the charset, as it should.
    response_headers.setdefault("content-type", "application/xml")
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=response_headers,
                                  resolve_relative_uris=True, sanitize_html=True)
    except Exception as exc:  # a feedparser bug on hostile input is still bad input
        raise ParseError(source.name,
                         f"{url}: feedparser failed with {type(exc).__name__}: {exc}") from None

    bozo = bool(parsed.get("bozo"))
    reason = None
    if bozo:
        exc = parsed.get("bozo_exception")
        reason = f"{type(exc).__name__}: {exc}" if exc is not None else "malformed feed"
    entries = parsed.get("entries") or []
    if not entries:
        if bozo:
            raise ParseError(source.name, f"{url}: not a feed ({reason})")
        if not parsed.get("version"):
            raise ParseError(source.name, f"{url}: not a feed (no RSS or Atom root element)")
        return FeedResult([], bozo, reason)
    if bozo:
        log.info("%s: %s: malformed feed, parsed anyway (%s)", source.name, url, reason)

    feed_lang = _lang(parsed.get("feed", {}).get("language"))
    if not feed_lang:
        feed_lang = _lang(response_headers.get("content-language", "").split(",")[0])
    is_rss = (parsed.get("version") or "").startswith("rss")
    items: list[Item] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        try:
            item = _item(entry, source, url, feed_lang or source.lang, index, is_rss)
        except Exception as exc:  # one line; the traceback only with -v -v
            log.warning("%s: %s: entry #%d skipped: conversion failed (%s: %s)", source.name,
                        url, index + 1, type(exc).__name__, " ".join(str(exc).split())[:200])
            log.debug("%s: entry #%d", url, index + 1, exc_info=True)
            continue
        if item is None:
            continue
        if item.id in seen:
            log.info("%s: %s: duplicate entry %s skipped", source.name, url, item.id)
            continue
        seen.add(item.id)
        items.append(item)
    return FeedResult(items, bozo, reason)


def _item(entry, source: Source, feed_url: str, lang: str, index: int,
          is_rss: bool) -> Item | None:
    title = _detail_text(entry, "title")
    label = repr(title[:80]) if title else f"#{index + 1}"

    link = (entry.get("link") or "").strip()
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"].strip()
                break
    if not link and entry.get("guidislink") and entry.get("id"):
        link = entry["id"].strip()
    if not link:
        log.warning("%s: %s: entry %s skipped: no link", source.name, feed_url, label)
        return None
    scheme = urlsplit(link).scheme.lower()
    if scheme not in ("http", "https"):
        log.warning("%s: %s: entry %s skipped: link %r is not http(s)",
                    source.name, feed_url, label, link[:200])
        return None

    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        log.warning("%s: %s: entry %s skipped: no publication date (published=%r)",
                    source.name, feed_url, label, entry.get("published") or entry.get("updated"))
        return None
    published = datetime(*stamp[:6], tzinfo=timezone.utc)

    guid = inline_text(entry.get("id"), is_html=False)
    link = canonical_link(link)
    item_id = "feed:" + (guid or link)

    summary = _WP_FOOTER.sub("", html_to_text(entry.get("summary") or "")).strip()
    text = ""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if is_rss:
        # In RSS, full text is content:encoded (HTML); feedparser also files
        # media:description (a photo caption, plain text) under content.
        contents = [c for c in contents if "html" in (c.get("type") or "")]
    if contents:
        # Prefer the HTML version when a feed offers several.
        contents.sort(key=lambda c: "html" not in (c.get("type") or ""))
        text = html_to_text(contents[0]["value"])
    entry_lang = ""
    for detail in [*contents, entry.get("summary_detail") or {}, entry.get("title_detail") or {}]:
        entry_lang = _lang(detail.get("language"))
        if entry_lang:
            break

    names: list[str] = []
    for a in entry.get("authors") or []:
        name = inline_text(a.get("name"))
        if name and name not in names:
            names.append(name)
    author = ", ".join(names)
    if not author:
        author = inline_text(entry.get("author"))

    tags: list[str] = []
    for tag in entry.get("tags") or []:
        term = inline_text(tag.get("label") or tag.get("term"))
        if term and term.casefold() not in {t.casefold() for t in tags}:
            tags.append(term)

    return Item(
        id=item_id,
        source=source.name,
        category="articles",
        title=title,
        url=link,
        published=published,
        author=author,
        summary=summary,
        text=text,
        lang=entry_lang or lang,
        tags=tags,
        extra={"has_full_text": bool(text) and not _TRUNCATED.search(text)},
    )


def _detail_text(entry, key: str) -> str:
    detail = entry.get(f"{key}_detail") or {}
    is_html = "html" in (detail.get("type") or "text/html")
    return inline_text(entry.get(key), is_html=is_html)


def _lang(value: str | None) -> str:
    """'fr-FR' -> 'fr'; '' when not a language tag."""
    match = _LANG.match((value or "").strip())
    return match.group(1).lower() if match else ""


def canonical_link(link: str) -> str:
    """A link without fragment and tracking parameters, host in lowercase."""
    parts = urlsplit(link.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))
