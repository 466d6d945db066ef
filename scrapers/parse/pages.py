"""One article page (HTML bytes) -> :class:`Page`: metadata and main text.

* Decoding: the charset declared in the HTTP headers, then ``<meta charset>``,
  validated: bytes that are not valid UTF-8 under a UTF-8 label are decoded
  as windows-1252 (the usual French legacy), and valid multi-byte UTF-8 under
  a legacy label is taken as UTF-8.
* Metadata: an ordered chain of small handlers, each returning None when it
  has nothing (in the style of feedparser's date handlers): JSON-LD, then
  ``<meta>`` tags, then ``<time datetime>`` in the article, then a visible
  French "Publié le ..." line. For each field the first valid value wins.
  Dates are validated in one place (:func:`valid_date`). Comments, asides,
  footers and sidebars are never searched, so a comment's timestamp is never
  taken for the article's.
* Main text: trafilatura (measured on its evaluation corpus: F1 0.919
  against 0.829 for our own extractor, see eval/articles_eval.py), and
  beautifulsoup4 when the source gives a ``selector``, when trafilatura finds
  nothing or is missing: boilerplate removed, the body found by ``selector``,
  ``<article>``, ``itemprop=articleBody``, or the densest block of paragraphs.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from scrapers.errors import ParseError
from scrapers.parse.text import SKIP_TAGS, clean_line, html_to_text, inline_text

log = logging.getLogger(__name__)

MIN_YEAR, MAX_YEAR = 1995, 2035
CLIMB_GAIN = 1.15  # widen the densest block when its parent adds >= 15 % text
CLIMB_MAX_LINKS = 0.4
ARTICLE_TYPES = frozenset({"newsarticle", "article", "blogposting", "reportagenewsarticle",
                           "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
                           "backgroundnewsarticle", "techarticle", "report", "liveblogposting",
                           "socialmediaposting", "scholarlyarticle"})


@dataclass
class Page:
    """What :func:`parse_page` found; empty strings / None when unknown."""

    title: str = ""
    published: datetime | None = None
    published_from: str = ""  # name of the handler that found ``published``
    author: str = ""
    text: str = ""
    description: str = ""
    lang: str = ""
    canonical_url: str = ""


# --- decoding ---------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    # WHATWG: these labels all mean windows-1252 in browsers.
    if label in ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii",
                 "l1", "cp819", "ibm819", "iso_8859-1", "x-cp1252"):
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, headers: dict | None = None) -> tuple[str, str]:
    """Bytes -> (text, codec used). Never fails."""
    header_charset = None
    for key, value in (headers or {}).items():
        if str(key).lower() == "content-type":
            match = re.search(r"charset\s*=\s*([^;\s]+)", str(value), re.I)
            header_charset = match.group(1) if match else None
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    meta = _META_CHARSET.search(data[:4096])
    candidates = [c for c in (_codec(header_charset), _codec(meta.group(1).decode("ascii"))
                              if meta else None) if c]
    for name in candidates:
        if name in ("utf-16-le", "utf-16-be", "utf-16", "utf-32") and b"\x00" not in data[:200]:
            continue  # an ASCII-compatible page lying about UTF-16
        if name != "utf-8" and codecs.lookup(name).name in ("cp1252", "iso8859-15") \
                and _UTF8_MULTIBYTE.search(data) and _is_utf8(data):
            return data.decode("utf-8"), "utf-8"  # valid UTF-8 under a legacy label
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    if _is_utf8(data):
        return data.decode("utf-8"), "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- dates --------------------------------------------------------------------

FRENCH_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2,
    "fév": 2, "fev": 2, "mars": 3, "mar": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6,
    "juillet": 7, "juil": 7, "août": 8, "aout": 8, "aoû": 8, "septembre": 9, "sept": 9,
    "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12,
    "decembre": 12, "déc": 12, "dec": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in FRENCH_MONTHS), key=len, reverse=True))
_FR_DATE = (
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    r"(?:(?P<day>\d{1,2})(?:er)?\s+(?P<month>" + _MONTH_RE + r")\.?\s+(?P<year>\d{4})"
    r"|(?P<nday>\d{1,2})[/.](?P<nmonth>\d{1,2})[/.](?P<nyear>\d{4}))"
    r"(?:\s*(?:à|a|-|,|\|)?\s*(?P<hour>\d{1,2})\s*(?:h|:|H)\s*(?P<minute>\d{2})?)?"
)
_VISIBLE_FR = re.compile(
    r"(?P<kind>publié|publiée|publie|mis\s+à\s+jour|mise\s+à\s+jour|modifié|actualisé)"
    r"\s*(?:le|:|,)?\s*:?\s*" + _FR_DATE, re.I)
_FR_DATE_ONLY = re.compile(r"^\s*" + _FR_DATE + r"\s*$", re.I)


def parse_date(value, tz: ZoneInfo) -> datetime | None:
    """An aware datetime from ISO 8601, RFC 2822 or French text; None if unparsable.

    A value without a time zone is taken in ``tz`` (the outlet's zone).
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    iso = re.sub(r"\s+", " ", text)
    iso = re.sub(r"(?<=\d)[Zz]$", "+00:00", iso)
    iso = re.sub(r"(\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) ?([+-]\d{2}):?(\d{2})$", r"\1\2:\3", iso)
    if re.fullmatch(r"\d{8}", iso):
        iso = f"{iso[:4]}-{iso[4:6]}-{iso[6:]}"
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        match = _FR_DATE_ONLY.match(text)
        parsed = _french_match(match, tz) if match else None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _french_match(match: re.Match, tz: ZoneInfo) -> datetime | None:
    try:
        if match.group("year"):
            year, month, day = (int(match.group("year")),
                                FRENCH_MONTHS[match.group("month").lower().rstrip(".")],
                                int(match.group("day")))
        else:
            year, month, day = (int(match.group("nyear")), int(match.group("nmonth")),
                                int(match.group("nday")))
        hour = int(match.group("hour") or 0)
        minute = int(match.group("minute") or 0)
        return datetime(year, month, day, hour, minute, tzinfo=tz)
    except (ValueError, KeyError):
        return None


def valid_date(value: datetime | None, now: datetime) -> bool:
    """The one place where a candidate publication date is accepted."""
    if value is None:
        return False
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return False
    return value <= now


# --- zones ----------------------------------------------------------------------

_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
# class/id tokens of things that are not the article (exact tokens).
_BOILER_TOKENS = frozenset("""
sidebar aside comments comment commentaires commentaire respond reply replies disqus
reactions reaction discussion share sharing social socials sharebar addthis sharedaddy
related relatedposts recommended recommendations outbrain taboola newsletter subscribe
subscription cookie cookies consent gdpr breadcrumb breadcrumbs menu navbar navigation nav
footer widget widgets banner advert advertisement ads ad pub publicite sponsor sponsored
promo popup modal overlay masthead toolbar pagination pager popular trending mostread
signup login author-bio jp-relatedposts tags tagcloud skip print hidden sr screen-reader
""".split())
_BOILER_PREFIXES = ("comment", "sidebar", "share", "social", "related", "newsletter",
                    "cookie", "breadcrumb", "disqus", "widget", "advert", "outbrain", "taboola",
                    "commentaire", "reaction", "partage", "abonnement")
_COMMENT_TOKENS = ("comment", "commentaire", "respond", "reply", "disqus", "reaction")


def _tokens(tag: Tag) -> list[str]:
    attrs = getattr(tag, "attrs", None) or {}
    raw = attrs.get("class") or []
    if isinstance(raw, str):
        raw = raw.split()
    words = " ".join([*raw, str(attrs.get("id") or ""), str(attrs.get("role") or "")]).lower()
    return [t for t in _TOKEN_SPLIT.split(words) if t]


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    if tag.name in ("aside", "nav", "footer", "form"):
        return True
    tokens = _tokens(tag)
    for token in tokens:
        if token in _BOILER_TOKENS or token.startswith(_BOILER_PREFIXES):
            return True
    itemtype = str(tag.attrs.get("itemtype") or "").lower() if tag.attrs else ""
    return itemtype.endswith(("/comment", "/wpsidebar", "/wpfooter", "/wpheader"))


def _is_comment_zone(tag: Tag) -> bool:
    if tag.attrs and str(tag.attrs.get("itemtype") or "").lower().endswith("/comment"):
        return True
    return any(t.startswith(_COMMENT_TOKENS) for t in _tokens(tag))


def _holds_article(tag: Tag) -> bool:
    """A wrapper of the whole article, whatever its class says ("has-sidebar")."""
    return tag.find(lambda t: (t.name in ("article", "main", "h1")
                               or t.get("itemprop") == "articleBody")
                    and not _is_comment_zone(t)) is not None


def _excluded(tag: Tag) -> bool:
    """Inside comments, an aside, a footer, a sidebar or another non-article zone."""
    node = tag
    while node is not None and isinstance(node, Tag):
        if node.name in ("html", "body"):
            return False
        if node.name in ("aside", "footer", "nav", "form"):
            return True
        if (_is_comment_zone(node) or _is_boilerplate(node)) and not _holds_article(node):
            return True
        node = node.parent
    return False


# --- metadata handlers --------------------------------------------------------

@dataclass
class _Ctx:
    soup: BeautifulSoup
    url: str
    tz: ZoneInfo
    now: datetime
    scope: Tag  # the article element, or the body
    metas: dict  # see _meta_index


Found = dict  # keys: title, published (list of candidates), author, description, lang, canonical


def _json_ld_objects(soup: BeautifulSoup) -> list[dict]:
    objects: list[dict] = []
    for script in soup.find_all("script", type=re.compile(r"application/ld\+json", re.I)):
        raw = script.string or script.get_text() or ""
        raw = raw.strip()
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", raw)
        raw = re.sub(r"^\s*<!--|-->\s*$", "", raw).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:  # trailing garbage after the object is a common slip
                data, _ = json.JSONDecoder(strict=False).raw_decode(raw)
            except ValueError:
                log.debug("unparsable JSON-LD skipped: %r", raw[:80])
                continue
        stack = [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, list):
                stack[:0] = node
            elif isinstance(node, dict):
                objects.append(node)
                graph = node.get("@graph")
                if isinstance(graph, (list, dict)):
                    stack[:0] = graph if isinstance(graph, list) else [graph]
    return objects


def _types(obj: dict) -> set[str]:
    value = obj.get("@type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).lower().rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values}


def _ld_names(value, by_id: dict[str, dict]) -> list[str]:
    if isinstance(value, list):
        return [n for v in value for n in _ld_names(v, by_id)]
    if isinstance(value, dict):
        if "name" not in value and value.get("@id") in by_id:
            value = by_id[value["@id"]]
        name = value.get("name")
        if isinstance(name, list):
            name = name[0] if name else ""
        return [inline_text(str(name))] if name else []
    if isinstance(value, str) and not value.startswith(("http://", "https://")):
        return [inline_text(value)]
    return []


def _h_json_ld(ctx: _Ctx) -> Found | None:
    objects = _json_ld_objects(ctx.soup)
    if not objects:
        return None
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    found: Found = {}
    for obj in objects:
        if not _types(obj) & ARTICLE_TYPES:
            continue
        headline = obj.get("headline") or obj.get("name")
        if isinstance(headline, str) and headline.strip():
            found.setdefault("title", inline_text(headline))
        dates = [obj.get("datePublished"), obj.get("dateCreated")]
        found.setdefault("published", []).extend(d for d in dates if isinstance(d, str))
        names = [n for n in _ld_names(obj.get("author") or obj.get("creator"), by_id) if n]
        if names:
            found.setdefault("author", ", ".join(dict.fromkeys(names)))
        if isinstance(obj.get("description"), str):
            found.setdefault("description", inline_text(obj["description"]))
        lang = obj.get("inLanguage")
        if isinstance(lang, dict):
            lang = lang.get("alternateName") or lang.get("name")
        if isinstance(lang, str):
            found.setdefault("lang", lang)
        for key in ("url", "mainEntityOfPage"):
            value = obj.get(key)
            if isinstance(value, dict):
                value = value.get("@id") or value.get("url")
            if isinstance(value, str):
                found.setdefault("canonical", value)
    for obj in objects:  # a WebPage may carry the language for the whole graph
        if "lang" not in found and isinstance(obj.get("inLanguage"), str):
            found["lang"] = obj["inLanguage"]
    return found or None


def _meta_index(soup: BeautifulSoup) -> dict[tuple[str, str], list[Tag]]:
    """(attribute, lowercase value) -> <meta> tags, built in one pass."""
    index: dict[tuple[str, str], list[Tag]] = {}
    for tag in soup.find_all("meta"):
        for attr in ("property", "name", "itemprop"):
            value = tag.get(attr)
            if isinstance(value, list):
                value = " ".join(value)
            if value:
                index.setdefault((attr, str(value).strip().lower()), []).append(tag)
    return index


def _meta(index: dict[tuple[str, str], list[Tag]], *names: str) -> str:
    """First non-empty <meta> content by property/name/itemprop, outside comments."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for tag in index.get((attr, name.lower()), ()):
                content = str(tag.get("content") or "").strip()
                if content and (attr != "itemprop" or not _excluded(tag)):
                    return content
    return ""


def _h_meta(ctx: _Ctx) -> Found | None:
    soup, index = ctx.soup, ctx.metas
    found: Found = {}
    dates = [_meta(index, n) for n in ("article:published_time", "og:article:published_time",
                                      "datePublished", "date", "dc.date.issued", "dc.date",
                                      "dcterms.created", "sailthru.date", "parsely-pub-date",
                                      "pubdate", "publish-date", "publication_date")]
    # itemprop=datePublished on elements other than <meta>, outside comments.
    for tag in soup.find_all(attrs={"itemprop": re.compile(r"^datePublished$", re.I)}):
        if tag.name != "meta" and not _excluded(tag):
            dates.append(str(tag.get("datetime") or tag.get("content") or tag.get_text(" ")))
    dates = [d for d in dates if d]
    if dates:
        found["published"] = dates
    title = _meta(index, "og:title", "twitter:title")
    if title:
        found["title"] = inline_text(title)
    author = _meta(index, "author", "article:author", "dc.creator", "parsely-author",
                   "sailthru.author", "byl")
    if author and not author.startswith(("http://", "https://")):
        found["author"] = inline_text(re.sub(r"^(?:by|par)\s+", "", author, flags=re.I))
    description = _meta(index, "og:description", "description", "twitter:description")
    if description:
        found["description"] = inline_text(description)
    locale = _meta(index, "og:locale")
    if locale:
        found["lang"] = locale
    canonical = _meta(index, "og:url")
    if canonical:
        found["canonical"] = canonical
    return found or None


def _h_time(ctx: _Ctx) -> Found | None:
    dates, updated = [], []
    for tag in ctx.scope.find_all("time"):
        value = tag.get("datetime") or tag.get("content")
        if not value or _excluded(tag):
            continue
        classes = " ".join(_tokens(tag))
        (updated if re.search(r"updated|modified|maj", classes) else dates).append(str(value))
    return {"published": dates + updated} if dates or updated else None


def _visible_text(node: Tag, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.append(str(child))
        elif isinstance(child, Tag) and child.name not in SKIP_TAGS:
            if child.name in ("aside", "footer", "nav", "form"):
                continue
            if (_is_comment_zone(child) or _is_boilerplate(child)) and not _holds_article(child):
                continue
            out.append(" ")
            _visible_text(child, out)
            out.append(" ")


def _h_visible_fr(ctx: _Ctx) -> Found | None:
    parts: list[str] = []
    _visible_text(ctx.scope, parts)
    text = clean_line("".join(parts))
    published, updated = [], []
    for match in _VISIBLE_FR.finditer(text):
        when = _french_match(match, ctx.tz)
        if when is None:
            continue
        (published if match.group("kind").lower().startswith("publi") else updated).append(when)
    return {"published": published + updated} if published or updated else None


HANDLERS: list[tuple[str, Callable[[_Ctx], Found | None]]] = [
    ("json-ld", _h_json_ld),
    ("meta", _h_meta),
    ("time", _h_time),
    ("visible-fr", _h_visible_fr),
]


# --- main text -------------------------------------------------------------------

def _article_scope(soup: BeautifulSoup, selector: str) -> Tag:
    if selector:
        try:
            chosen = soup.select_one(selector)
        except Exception as exc:  # soupsieve raises its own error types
            log.warning("bad content_selector %r ignored: %s", selector, exc)
            chosen = None
        if chosen is not None:
            return chosen
    articles = [a for a in soup.find_all("article") if not _excluded(a)]
    if articles:
        return max(articles, key=lambda a: sum(len(p.get_text()) for p in a.find_all("p")))
    for finder in (lambda: soup.find(attrs={"itemprop": "articleBody"}), lambda: soup.find("main")):
        found = finder()
        if found is not None:
            return found
    return soup.body or soup


def _clean_tree(root: Tag) -> None:
    """Remove what is never main text, in place."""
    for tag in root.find_all(list(SKIP_TAGS) + ["nav", "aside", "footer", "form", "header",
                                                 "figure", "button"]):
        if tag.name == "figure" and tag.find("figcaption") is None:
            tag.decompose()
            continue
        if tag.name == "figure":
            continue
        if tag.name == "header" and (tag.find("p") and len(tag.get_text()) > 400):
            continue  # some sites wrap the whole article in <header>
        tag.decompose()
    for node in root.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in root.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        style = str(tag.attrs.get("style") or "").replace(" ", "").lower()
        if ("display:none" in style or "visibility:hidden" in style or
                tag.attrs.get("hidden") is not None or tag.attrs.get("aria-hidden") == "true"):
            tag.decompose()
        elif (_is_boilerplate(tag) or _is_comment_zone(tag)) and not _holds_article(tag):
            tag.decompose()


def _link_heavy(tag: Tag) -> bool:
    text = tag.get_text(" ", strip=True)
    if not text:
        return True
    linked = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    return linked / len(text) > 0.6


def _drop_link_lists(root: Tag) -> None:
    for tag in root.find_all(["ul", "ol", "div", "table", "section"]):
        if tag.decomposed or tag.attrs is None:
            continue
        if _link_heavy(tag) and len(tag.get_text(" ", strip=True)) < 2000:
            tag.decompose()


def _text_weight(tag: Tag) -> float:
    """Unlinked text in paragraph-like elements below ``tag``."""
    total = 0.0
    for block in tag.find_all(["p", "pre", "blockquote", "li", "td", "h2", "h3", "h4", "dd"]):
        if block.find(["p", "li", "td", "blockquote"]) is not None:
            continue  # count leaves only
        text = len(block.get_text(" ", strip=True))
        linked = sum(len(a.get_text(" ", strip=True)) for a in block.find_all("a"))
        total += max(0, text - linked)
    return total


def _densest(root: Tag) -> Tag | None:
    """The element holding the most paragraph text, then widened to its
    ancestors while they add a good share of unlinked text (a standfirst,
    a second section) rather than links."""
    scores: dict[int, tuple[float, Tag]] = {}
    for p in root.find_all(["p", "pre", "blockquote"]):
        length = len(p.get_text(" ", strip=True))
        if length < 25:
            continue
        parent = p.parent
        for weight in (1.0, 0.5):
            if parent is None or not isinstance(parent, Tag):
                break
            old = scores.get(id(parent), (0.0, parent))[0]
            scores[id(parent)] = (old + weight * length, parent)
            parent = parent.parent
    if not scores:
        return None
    best = max(scores.values(), key=lambda s: s[0])[1]
    weight = _text_weight(best)
    while best.parent is not None and best.parent is not root and best.parent.name != "body":
        parent = best.parent
        parent_weight = _text_weight(parent)
        text = len(parent.get_text(" ", strip=True)) or 1
        linked = sum(len(a.get_text(" ", strip=True)) for a in parent.find_all("a"))
        if parent_weight < weight * CLIMB_GAIN or linked / text > CLIMB_MAX_LINKS:
            break
        best, weight = parent, parent_weight
    return best


def trafilatura_text(html_text: str, url: str) -> str | None:
    """Main text by trafilatura (comments excluded); None when unavailable or empty."""
    import trafilatura  # a pinned dependency: a broken install must fail, not degrade

    try:
        text = trafilatura.extract(html_text, url=url, include_comments=False,
                                   include_tables=True, include_images=False,
                                   output_format="txt", deduplicate=False)
    except Exception as exc:  # a library bug on hostile HTML must not lose the page
        log.warning("%s: trafilatura failed (%s); using the bs4 extractor", url,
                    type(exc).__name__)
        log.debug("%s: trafilatura", url, exc_info=True)
        return None
    if not text:
        return None
    lines = (clean_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line) or None


def bs4_main_text(soup: BeautifulSoup, selector: str = "") -> str:
    """Our own extractor (destructive: it removes boilerplate from ``soup``)."""
    return _main_text(soup, selector)


def _main_text(soup: BeautifulSoup, selector: str) -> str:
    if selector:
        try:
            chosen = soup.select_one(selector)
        except Exception as exc:
            log.warning("bad content_selector %r ignored: %s", selector, exc)
            chosen = None
        if chosen is not None:
            _clean_tree(chosen)
            return html_to_text(chosen)
    body = soup.body or soup
    _clean_tree(body)
    candidates: list[Tag] = []
    articles = [a for a in body.find_all("article") if not a.decomposed]
    if articles:
        candidates.append(max(articles, key=lambda a: len(a.get_text(" ", strip=True))))
    item_body = body.find(attrs={"itemprop": "articleBody"})
    if item_body is not None:
        candidates.append(item_body)
    dense = _densest(body)
    best = None
    for candidate in candidates:
        size = len(candidate.get_text(" ", strip=True))
        if size >= 200 or dense is None:
            best = candidate
            break
    if best is None:
        best = dense or body
    _drop_link_lists(best)
    return html_to_text(best)


# --- entry point -------------------------------------------------------------------

def _lang(value) -> str:
    match = re.match(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", str(value or ""))
    return match.group(1).lower() if match else ""


def _http_url(value: str, base: str) -> str:
    if not value:
        return ""
    absolute = urljoin(base, value.strip())
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def parse_page(data: bytes, *, url: str, headers: dict | None = None, selector: str = "",
               source_name: str = "", now: datetime | None = None,
               tz: str = "Europe/Paris") -> Page:
    """Metadata and main plain text of one article page.

    ``now`` (aware) bounds publication dates (injectable for tests); ``tz``
    is the zone of dates that carry none. Raise ParseError(source_name or
    url, ...) on an empty body, or when the parse exceeds its time or memory
    budget (it runs in a bounded worker, :mod:`scrapers.parse.bounded`).
    """
    from scrapers.parse import bounded

    who = source_name or url
    if not data or not data.strip():
        raise ParseError(who, f"{url}: empty body ({len(data or b'')} bytes)")
    seconds, memory = bounded.budget(len(data), bounded.PAGE_SECONDS,
                                     bounded.PAGE_SECONDS_PER_MIB)
    return bounded.run(_parse_page, data, url, headers, selector, who, now, tz, who=who,
                       what=url, seconds=seconds, memory=memory)


def _parse_page(data: bytes, url: str, headers: dict | None, selector: str, who: str,
                now: datetime | None, tz: str) -> Page:
    zone = ZoneInfo(tz)
    now = now or datetime.now(timezone.utc)
    html_text, codec = decode_html(data, headers)
    soup = BeautifulSoup(html_text, "lxml")
    if soup.find() is None:
        raise ParseError(who, f"{url}: no HTML element in {len(data)} bytes ({codec})")

    ctx = _Ctx(soup, url, zone, now, _article_scope(soup, selector), _meta_index(soup))
    page = Page()
    for name, handler in HANDLERS:
        try:
            found = handler(ctx)
        except Exception as exc:  # one broken handler must not lose the page
            log.warning("%s: %s: metadata handler %s failed (%s)", who, url, name,
                        type(exc).__name__)
            log.debug("%s: handler %s", url, name, exc_info=True)
            continue
        if not found:
            continue
        if page.published is None:
            for candidate in found.get("published") or []:
                when = parse_date(candidate, zone)
                if valid_date(when, now):
                    page.published, page.published_from = when, name
                    break
                log.debug("%s: %s: date %r from %s rejected", who, url, candidate, name)
        for key in ("title", "author", "description"):
            if not getattr(page, key) and found.get(key):
                setattr(page, key, found[key])
        if not page.canonical_url and found.get("canonical"):
            page.canonical_url = _http_url(str(found["canonical"]), url)

    # Language: <html lang>, then og:locale, then JSON-LD inLanguage.
    html_tag = soup.find("html")
    lang = _lang(html_tag.get("lang") or html_tag.get("xml:lang")) if html_tag else ""
    if not lang:
        lang = _lang(_meta(ctx.metas, "og:locale"))
    if not lang:
        ld = _h_json_ld(ctx) or {}
        lang = _lang(ld.get("lang"))
    page.lang = lang

    if not page.title:
        h1 = ctx.scope.find("h1") or soup.find("h1")
        title = soup.find("title")
        page.title = inline_text((h1 or title).get_text(" ") if (h1 or title) else "")
    if not page.author:
        for tag in ctx.scope.find_all(attrs={"rel": "author"}) + \
                ctx.scope.find_all(attrs={"itemprop": "author"}):
            if not _excluded(tag):
                page.author = inline_text(tag.get_text(" "))
                if page.author:
                    break
    link = soup.find("link", rel=lambda v: v and "canonical" in [x.lower() for x in
                                                                 (v if isinstance(v, list) else [v])])
    canonical = _http_url(str(link.get("href") or ""), url) if link else ""
    page.canonical_url = canonical or page.canonical_url or url

    # Comment sections go before any extractor sees the page: trafilatura
    # does not know French ones ("réactions", "commentaires").
    for tag in soup.find_all(_is_comment_zone):
        if not tag.decomposed and not _holds_article(tag):
            tag.decompose()
    text = None if selector else trafilatura_text(str(soup), url)
    page.text = text if text is not None else _main_text(soup, selector)
    return page


def page_item(page: Page, source, *, url: str):
    """A single article page (a ``kind = "page"`` source) as an item.

    The canonical URL, when the page gives an http(s) one, is the stable id,
    so the same article fetched under two URLs is one post. A page whose date
    no metadata handler could establish is refused rather than guessed.
    """
    from scrapers.models import Item

    canonical = page.canonical_url if urlsplit(page.canonical_url or "").scheme in (
        "http", "https") else ""
    link = canonical or url
    if page.published is None:
        raise ParseError(source.name, f"{url}: no publication date found in the page")
    if not page.title:
        raise ParseError(source.name, f"{url}: no title found in the page")
    return Item(id=f"page:{link}", source=source.name, category="articles", title=page.title,
                url=link, published=page.published, author=page.author,
                summary=page.description or page.text[:600], text=page.text,
                lang=page.lang or source.lang, extra={"has_full_text": bool(page.text)})
