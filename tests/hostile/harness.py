"""End-to-end hostile-input machinery: serve, scrape, import, build, inspect.

Everything runs for real: a feed and article pages are served over
127.0.0.1 by a thread of :mod:`http.server`, scraped by the real CLI
(``python -m scrapers scrape``) as a subprocess, tweets are imported with
``python -m scrapers import-archive`` from a JSON Lines file, and the site is
built by ``python -m scrapers build`` (Pelican). The output is then checked

* statically, with parsers (lxml), never regular expressions over text:
  HTML pages, XML feeds, JSON and iCalendar files;
* in Chromium (Debian's /usr/bin/chromium through Playwright), page by page:
  no dialog, no alert/confirm/prompt/print call, no navigation away, no popup,
  no console error nor uncaught exception, and no request leaving 127.0.0.1.

Payloads are batched: every hostile field of an entry carries ``batch``
payloads at once, so 1,500 payloads make a few hundred posts, not thousands.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer, BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOW = "2013-01-01T00:00:00+00:00"
RELEVANT = "Mega ouvrira le 19 janvier 2013"
# Fields of each kind of hostile input; a payload x field pair is one "try".
FEED_FIELDS = ("title", "author", "category", "summary", "content", "link", "link-path",
               "enclosure", "guid", "page-body")
PAGE_FIELDS = ("title", "og", "jsonld-headline", "jsonld-author", "jsonld-date",
               "jsonld-description", "body")
TWEET_FIELDS = ("text", "expanded-url", "display-name", "username")


def load_payloads(paths) -> list[str]:
    """Non-empty lines of the given files (``#`` comments only in our own sample)."""
    out: list[str] = []
    for path in paths:
        own = Path(path).parent == Path(__file__).parent
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip() or (own and line.startswith("#")):
                continue
            out.append(line)
    return out


def batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- a local server ----------------------------------------------------------------------

class LocalServer:
    """ThreadingHTTPServer on 127.0.0.1 with a route table; records every request path."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.fallback = None  # callable(path) -> (status, ctype, body) | None
        self.requests: list[str] = []
        self.times: list[float] = []  # time.monotonic() of each request, in order
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                outer.times.append(time.monotonic())
                outer.requests.append(self.path)
                found = outer.routes.get(self.path)
                if found is None and outer.fallback is not None:
                    found = outer.fallback(self.path)
                status, ctype, body = found or (404, "text/plain", b"not found")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietFiles(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: HTTP/1.0 costs ~100 ms a page in Chromium

    def log_message(self, *args):
        pass


def serve_directory(directory: Path) -> ThreadingHTTPServer:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietFiles, directory=str(directory)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


# --- the CLI -----------------------------------------------------------------------------

def cli(*args, cwd: Path, env_extra: dict | None = None, timeout: float = 600):
    env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "scrapers", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def tracker_head() -> str:
    """The repository's tracker.toml without its sources."""
    return (ROOT / "tracker.toml").read_text(encoding="utf-8").split("[[sources]]")[0]


def toml_str(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def write_tracker(path: Path, sources: list[dict]) -> Path:
    """tracker.toml with the repository's head and these sources.

    A source on 127.0.0.1 gets ``allow_private = true`` (the fetcher refuses
    loopback otherwise) unless the dict says ``allow_private`` itself.
    """
    text = tracker_head()
    for src in sources:
        if str(src.get("url", "")).startswith("http://127.0.0.1") and "allow_private" not in src:
            src = {**src, "allow_private": True}
        text += "\n[[sources]]\n"
        for key, value in src.items():
            if isinstance(value, bool):
                text += f"{key} = {'true' if value else 'false'}\n"
            elif isinstance(value, (int, float)):
                text += f"{key} = {value}\n"
            else:
                text += f"{key} = {toml_str(value)}\n"
    path.write_text(text, encoding="utf-8")
    return path


# --- building hostile inputs -------------------------------------------------------------

_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Escaped XML text (characters XML 1.0 forbids are dropped: the feed stays well-formed)."""
    return html.escape(_XML_BAD.sub("", value), quote=True)


def cdata(value: str) -> str:
    value = _XML_BAD.sub("", value)
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _pubdate(n: int) -> str:
    return f"Wed, 28 Nov 2012 {n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d} +0000"


@dataclass
class Hostile:
    """What was served/imported, and what should come out as posts."""

    feed: bytes = b""
    pages: dict[str, bytes] = field(default_factory=dict)
    page_sources: list[str] = field(default_factory=list)
    page_tries: dict[str, int] = field(default_factory=dict)
    jsonl: bytes = b""
    tries: dict[str, int] = field(default_factory=dict)  # field -> payloads injected
    expected_feed_posts: int = 0
    expected_tweet_posts: int = 0


def hostile_page(batch: list[str], *, raw_jsonld: bool, fields: set[str]) -> bytes:
    joined = " ".join(batch)
    title = RELEVANT + (" " + joined if "title" in fields else "")
    og = joined if "og" in fields else RELEVANT
    ld = {"@context": "https://schema.org", "@type": "NewsArticle",
          "headline": RELEVANT + " " + joined if "jsonld-headline" in fields else RELEVANT,
          "author": {"@type": "Person", "name": joined if "jsonld-author" in fields else "A. B."},
          "datePublished": joined if "jsonld-date" in fields else "2012-11-28T10:00:00+01:00",
          "description": joined if "jsonld-description" in fields else RELEVANT}
    ld_text = json.dumps(ld, ensure_ascii=False)
    if not raw_jsonld:  # the escaped form real sites use; the raw form breaks out of <script>
        ld_text = ld_text.replace("</", "<\\/")
    body = "\n".join(f"<p>{p}</p>" for p in batch) if "body" in fields else ""
    doc = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>{title}</title>
<meta property="og:title" content="{html.escape(og)}">
<meta property="og:description" content="{html.escape(og)}">
<meta name="description" content="{html.escape(og)}">
<meta property="article:published_time" content="2012-11-28T10:00:00+01:00">
<meta name="author" content="{html.escape(og)}">
<script type="application/ld+json">{ld_text}</script>
</head><body><article><h1>{title}</h1>
<p>{RELEVANT}, a promis Kim Dotcom.</p>
{body}
<p>{' '.join(['Texte de remplissage pour que le corps soit le bloc le plus dense.'] * 5)}</p>
</article></body></html>"""
    return doc.encode("utf-8", errors="replace")


def build_hostile(payloads: list[str], base: str, *, batch: int = 50,
                  page_sources: bool = True) -> Hostile:
    """A hostile RSS feed, article pages and a JSON Lines file of tweets."""
    h = Hostile()
    groups = batches(payloads, batch)
    entries: list[str] = []
    n = 0

    def entry(*, title=RELEVANT, link=None, author="Rédaction", categories=("Tech",),
              description=f"<p>{RELEVANT}.</p>", content=None, enclosures=(), guid=None,
              expect=True):
        nonlocal n
        n += 1
        link = link if link is not None else f"{base}/article/{n}"
        parts = [f"<item><title>{xml_text(title)}</title>", f"<link>{xml_text(link)}</link>",
                 f"<pubDate>{_pubdate(n)}</pubDate>", f"<dc:creator>{xml_text(author)}</dc:creator>"]
        parts += [f"<category>{xml_text(c)}</category>" for c in categories]
        if description is not None:
            parts.append(f"<description>{cdata(description)}</description>")
        if content is not None:
            parts.append(f"<content:encoded>{cdata(content)}</content:encoded>")
        parts += [f'<enclosure url="{xml_text(u)}" type="audio/mpeg" length="1"/>' for u in enclosures]
        parts.append(f'<guid isPermaLink="false">{xml_text(guid or f"hostile-{n}")}</guid></item>')
        entries.append("".join(parts))
        if expect:
            h.expected_feed_posts += 1

    def count(name, k):
        h.tries[name] = h.tries.get(name, 0) + k

    for g in groups:
        joined = " ".join(g)
        entry(title=f"{RELEVANT} {joined}"); count("feed:title", len(g))
        entry(author=joined); count("feed:author", len(g))
        entry(categories=g); count("feed:category", len(g))
        entry(description=f"<p>{RELEVANT}.</p>\n" + "\n".join(g)); count("feed:summary", len(g))
        entry(content=f"<p>{RELEVANT}.</p>\n" + "\n".join(g) + "<p>Fin de l'article.</p>")
        count("feed:content:encoded", len(g))
        entry(link=f"{base}/article/path/" + "/".join(g)); count("feed:link (in path)", len(g))
        entry(enclosures=g); count("feed:enclosure", len(g))
        entry(guid=joined); count("feed:guid", len(g))
        # No summary and no content: the article page is fetched and its text
        # becomes the post's summary.
        entry(description=None); count("feed:page-body (fetched page)", len(g))
    for p in payloads:
        # The raw payload as the link, when it has a scheme (javascript:, data:, http:...)
        # or is protocol-relative: must be skipped unless http(s). Other payloads resolve
        # against the feed's URL, like the "link (in path)" entries above.
        if re.match(r"\s*(?:[A-Za-z][\w+.-]*\s*:|//)", p):
            entry(link=p, expect=False)
            count("feed:link (raw, with a scheme)", 1)

    h.feed = ("<?xml version='1.0' encoding='utf-8'?>\n"
              "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/' "
              "xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>Hostile</title>"
              f"<link>{base}/</link><description>d</description><language>fr</language>"
              + "".join(entries) + "</channel></rss>").encode("utf-8")

    # Pages: fetched for the page-body entries (every /article/N), and as page sources.
    h.pages["__default__"] = hostile_page(groups[0] if groups else [], raw_jsonld=False,
                                          fields={"body"})
    for k, g in enumerate(groups):
        for variant, fields, raw in (
                ("title", {"title", "body"}, False),
                ("og", {"og"}, False),
                ("ld", {"jsonld-headline", "jsonld-author", "jsonld-date",
                        "jsonld-description"}, False),
                ("ldraw", {"jsonld-headline", "jsonld-author", "jsonld-description"}, True)):
            path = f"/page/{k}/{variant}"
            h.pages[path] = hostile_page(g, raw_jsonld=raw, fields=fields)
            if page_sources:
                h.page_sources.append(path)
                for f in fields:  # counted by run_hostile when page sources really run
                    h.page_tries[f"page:{f}"] = h.page_tries.get(f"page:{f}", 0) + len(g)

    # Tweets, as v2 JSON Lines: text, expanded URLs, the author's display name and username.
    lines = []
    tid = 1_000_000_000_000
    for k, g in enumerate(groups):
        joined = " ".join(g)
        author = str(5_000_000 + k)
        users = [{"id": author, "username": "KimDotcom", "name": "Kim Dotcom"}]
        for kind in TWEET_FIELDS:
            tid += 1
            tweet = {"id": str(tid), "conversation_id": str(tid), "author_id": author,
                     "created_at": f"2012-11-28T{k % 24:02d}:{tid % 60:02d}:00.000Z",
                     "lang": "fr", "text": RELEVANT}
            if kind == "text":
                tweet["text"] = f"{RELEVANT} {joined}"
            elif kind == "expanded-url":
                shorts = [f"https://t.co/mw{tid}x{i}" for i in range(len(g))]
                tweet["text"] = RELEVANT + " " + " ".join(shorts)
                tweet["entities"] = {"urls": [{"url": s, "expanded_url": p, "display_url": p[:20]}
                                              for s, p in zip(shorts, g)]}
            else:
                uid = f"{author}{tid % 1000:03d}"
                tweet["author_id"] = uid
                who = {"id": uid, "username": "KimDotcom", "name": "Kim Dotcom"}
                if kind == "display-name":
                    who["name"] = joined
                else:
                    who["username"] = joined
                users = users + [who]
            lines.append(json.dumps({"data": tweet, "includes": {"users": users}},
                                    ensure_ascii=False))
            count(f"tweet:{kind}", len(g))
            h.expected_tweet_posts += 1
    h.jsonl = ("\n".join(lines) + "\n").encode("utf-8")
    return h


# --- static checks -----------------------------------------------------------------------

BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
             "cite", "srcset", "ping", "manifest", "codebase", "lowsrc", "dynsrc", "longdesc",
             "usemap", "icon", "profile", "archive", "classid", "srcdoc", "code", "xml:base"}
FORBIDDEN = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg",
             "math", "style", "template", "portal", "noscript", "xmp", "plaintext", "img",
             "video", "audio", "source", "track", "input", "button", "textarea", "select",
             "isindex", "marquee", "bgsound", "layer", "ilayer", "image", "animate", "set",
             "handler", "listener", "xss", "vmlframe", "param"}
LOADING = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "codebase"}
OUR_SCRIPTS = re.compile(r"^(?:\./|\.\./)*(?:/)?(?:theme/js|pagefind)/[\w.-]+\.js(?:\?[\w.=&-]*)?$")
OUR_LINK_RELS = {"stylesheet", "alternate", "icon", "canonical", "preload", "modulepreload"}
STYLE_BAD = ("expression", "javascript:", "vbscript:", "url(", "behavior", "binding", "@import")


def bad_scheme(value: str) -> bool:
    """Browser-like: entities decoded (by the parser), whitespace and controls removed."""
    v = "".join(ch for ch in html.unescape(value) if ch > " " and ch != "\x7f").lower()
    return v.startswith(BAD_SCHEMES)


@dataclass
class Finding:
    where: str
    what: str

    def __str__(self):
        return f"{self.where}: {self.what}"


def _attrs(el) -> str:
    return " ".join(f"{k}={v!r}" for k, v in sorted(el.attrib.items()))


def _short(v, n=120) -> str:
    s = repr(v)
    return s if len(s) <= n else s[:n] + "…"


def check_html_tree(root, where: str, *, ours: bool) -> list[Finding]:
    """Findings in a parsed lxml.html tree. ``ours``: a page of our theme (its own
    scripts, styles and links allowed); else a fragment (nothing active allowed)."""
    out: list[Finding] = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            continue
        name = tag.rsplit("}", 1)[-1].lower()
        for attr, value in el.attrib.items():
            a = str(attr).rsplit("}", 1)[-1].lower()
            if a.startswith("on"):
                out.append(Finding(where, f"<{name} {a}=…> event handler {_short(value)}"))
            if (a in URL_ATTRS or a.endswith(":href")) and a != "srcdoc" and bad_scheme(value):
                out.append(Finding(where, f"<{name} {a}={_short(value)}> dangerous URL scheme"))
            if a == "srcdoc":
                out.append(Finding(where, f"<{name} srcdoc=…> inline document"))
            if a == "style" and any(b in value.lower().replace(" ", "") for b in STYLE_BAD):
                out.append(Finding(where, f"<{name} style={_short(value)}> active style"))
            if a in LOADING and urlsplit(value.strip()).netloc and name != "script":
                out.append(Finding(where, f"<{name} {a}={_short(value)}> external resource"))
        if name == "script":
            src = el.get("src")
            typ = (el.get("type") or "").strip().lower()
            if src is not None:
                if not (ours and OUR_SCRIPTS.match(src.strip())):
                    out.append(Finding(where, f"<script src={_short(src)}> not one of ours"))
            elif typ in ("application/ld+json", "application/json") and ours:
                try:
                    json.loads(el.text or "")
                except ValueError:
                    out.append(Finding(where, f"<script type={typ}> broken JSON "
                                              f"{_short(el.text)} (breakout?)"))
            else:
                out.append(Finding(where, f"inline <script> {_short(el.text)}"))
        elif name == "link":
            rels = set((el.get("rel") or "").lower().split())
            if not ours or not rels <= OUR_LINK_RELS:
                out.append(Finding(where, f"<link {_short(_attrs(el), 200)}> not ours"))
            elif "stylesheet" in rels and urlsplit((el.get("href") or "").strip()).netloc:
                out.append(Finding(where, f"external stylesheet {_short(el.get('href'))}"))
        elif name == "meta":
            if el.get("http-equiv") is not None:
                out.append(Finding(where, f"<meta {_short(_attrs(el), 200)}>"))
        elif name == "style":
            if not ours:
                out.append(Finding(where, "<style> element"))
        elif name in FORBIDDEN:
            out.append(Finding(where, f"<{name} {_short(_attrs(el), 200)}> element"))
    return out


def check_html_file(path: Path, where: str) -> list[Finding]:
    import lxml.html

    data = path.read_bytes()
    if not data.strip():
        return []
    doc = lxml.html.document_fromstring(data)
    findings = check_html_tree(doc, where, ours=True)
    # Our theme has no <style> element; one in <body> came from content.
    for el in doc.iter("style"):
        findings.append(Finding(where, "<style> element"))
    return findings


def check_html_fragment(text: str, where: str) -> list[Finding]:
    import lxml.html

    if not text or not text.strip():
        return []
    try:
        frags = lxml.html.fragments_fromstring(text)
    except Exception as exc:  # lxml refuses some fragments; wrap them
        try:
            frags = [lxml.html.fragment_fromstring(text, create_parent="div")]
        except Exception:
            return [Finding(where, f"HTML unparsable: {exc}")]
    out = []
    for frag in frags:
        if isinstance(frag, str):
            continue
        out += check_html_tree(frag, where, ours=False)
    return out


ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
SAFE_FEED_NS = {"http://www.w3.org/2005/Atom", "http://purl.org/dc/elements/1.1/",
                "http://purl.org/rss/1.0/modules/content/", "http://www.w3.org/XML/1998/namespace",
                "http://purl.org/rss/1.0/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                "http://www.georss.org/georss", "http://www.itunes.com/dtds/podcast-1.0.dtd",
                "http://search.yahoo.com/mrss/"}


def check_feed_file(path: Path, where: str) -> list[Finding]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(path.read_bytes(), parser)
    except etree.XMLSyntaxError as exc:
        return [Finding(where, f"feed is not well-formed XML: {exc}")]
    out = []
    rss = not root.tag.startswith(ATOM)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ns = el.tag[1:].split("}")[0] if el.tag.startswith("{") else ""
        local = el.tag.rsplit("}", 1)[-1]
        if ns and ns not in SAFE_FEED_NS:
            out.append(Finding(where, f"element {el.tag} in a foreign namespace"))
        if local.lower() in ("script", "iframe", "object", "embed"):
            out.append(Finding(where, f"<{local}> element in the feed"))
        for attr, value in el.attrib.items():
            a = attr.rsplit("}", 1)[-1].lower()
            if a.startswith("on"):
                out.append(Finding(where, f"<{local} {a}=…> event handler"))
            if a in ("href", "src", "url", "uri", "base") and bad_scheme(value):
                out.append(Finding(where, f"<{local} {a}={_short(value)}> dangerous URL"))
        text = el.text or ""
        if local in ("link", "id", "guid", "uri", "comments", "url") and not el.attrib.get("href"):
            if text.strip() and bad_scheme(text):
                out.append(Finding(where, f"<{local}>{_short(text)}</{local}> dangerous URL"))
        html_typed = (el.get("type") in ("html", "xhtml", "text/html")) if not rss else \
            local in ("description", "encoded", "title")
        if html_typed and text.strip():
            out += [Finding(where + f" <{local}>", f.what)
                    for f in check_html_fragment(text, where)]
    return out


_URLISH_KEY = re.compile(r"(url|link|href|uri|src)$", re.I)
_HTMLISH_KEY = re.compile(r"(html|content|body)$", re.I)


def check_json_file(path: Path, where: str) -> list[Finding]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [Finding(where, f"JSON does not parse: {exc}")]
    out: list[Finding] = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            if _URLISH_KEY.search(key) and bad_scheme(node):
                out.append(Finding(where, f"{key}={_short(node)} dangerous URL"))
            if _HTMLISH_KEY.search(key) and "<" in node:
                out.extend(Finding(where + f" [{key}]", f.what)
                           for f in check_html_fragment(node, where))

    walk(data)
    return out


ICS_PROPS = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "UID", "DTSTAMP",
             "DTSTART", "DTEND", "DUE", "SUMMARY", "DESCRIPTION", "URL", "CATEGORIES", "STATUS",
             "TRANSP", "LOCATION", "CREATED", "LAST-MODIFIED", "SEQUENCE", "TZID", "TZOFFSETFROM",
             "TZOFFSETTO", "TZNAME", "RRULE", "COMMENT", "CLASS", "DURATION", "RELATED-TO",
             "NAME", "REFRESH-INTERVAL", "SOURCE", "COLOR", "ORGANIZER", "ATTACH", "PRIORITY"}
ICS_COMPONENTS = {"VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VTODO"}
_ICS_LINE = re.compile(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", re.S)


def check_ics_file(path: Path, where: str) -> list[Finding]:
    raw = path.read_bytes().decode("utf-8", errors="replace")
    out = []
    lines: list[str] = []
    for line in re.split(r"\r\n|\n|\r", raw):  # unfold (RFC 5545 3.1)
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    stack: list[str] = []
    seen: dict[str, int] = {}
    for line in lines:
        m = _ICS_LINE.match(line)
        if not m:
            out.append(Finding(where, f"not a content line: {_short(line)}"))
            continue
        name, value = m.group(1).upper(), m.group(3)
        if name not in ICS_PROPS and not name.startswith("X-"):
            out.append(Finding(where, f"unexpected property {name} (injected?): {_short(line)}"))
        if name == "BEGIN":
            if value.upper() not in ICS_COMPONENTS:
                out.append(Finding(where, f"unexpected component BEGIN:{_short(value)}"))
            stack.append(value.upper())
            seen = {}
        elif name == "END":
            if not stack or stack.pop() != value.upper():
                out.append(Finding(where, f"unbalanced END:{_short(value)}"))
            seen = {}
        else:
            seen[name] = seen.get(name, 0) + 1
            if name in ("SUMMARY", "DESCRIPTION", "URL", "UID", "DTSTART") and seen[name] > 1:
                out.append(Finding(where, f"{name} twice in one component (injected line?)"))
            if name == "URL" and bad_scheme(value):
                out.append(Finding(where, f"URL:{_short(value)} dangerous URL"))
    if stack:
        out.append(Finding(where, f"unclosed components {stack}"))
    return out


def check_output(output: Path) -> tuple[list[Finding], dict[str, int]]:
    """Every built file of a kind we know; returns findings and files checked per kind."""
    findings: list[Finding] = []
    counts = {"html": 0, "xml": 0, "json": 0, "ics": 0}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(output).as_posix()
        if rel.startswith(("theme/", "pagefind/")):
            continue
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            counts["html"] += 1
            findings += check_html_file(path, rel)
        elif suffix in (".xml", ".atom", ".rss"):
            counts["xml"] += 1
            findings += check_feed_file(path, rel)
        elif suffix == ".json":
            counts["json"] += 1
            findings += check_json_file(path, rel)
        elif suffix == ".ics":
            counts["ics"] += 1
            findings += check_ics_file(path, rel)
    return findings, counts


# --- the browser -------------------------------------------------------------------------

HOOK = """
(() => {
  window.__mw_calls = [];
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const real = window[name];
    window[name] = function (...args) { window.__mw_calls.push(name + "(" + args.join(",") + ")");
                                        try { return real.apply(window, args); } catch (e) {} };
  }
  const open = window.open;
  window.open = function (...args) { window.__mw_calls.push("open(" + args.join(",") + ")"); return null; };
})();
"""


def browser_available() -> bool:
    if not CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def check_in_browser(output: Path, *, settle_ms: int = 40, limit: int | None = None,
                     queries: tuple[str, ...] = (), log=None) -> tuple[list[Finding], int]:
    """Load every built HTML page (and feed) in Chromium; returns findings and pages loaded."""
    from playwright.sync_api import Error as PWError, sync_playwright

    httpd = serve_directory(output)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*")
                   if p.is_file() and p.suffix in (".html", ".xml")
                   and not p.relative_to(output).as_posix().startswith(("theme/", "pagefind/")))
    if limit:
        pages = pages[:limit]
    search = [f"recherche/?q={quote(q)}" for q in queries] if (output / "pagefind").is_dir() \
        and (output / "recherche" / "index.html").exists() else []
    pages += search
    findings: list[Finding] = []
    current = {"url": "", "rel": ""}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(service_workers="block")
            context.add_init_script(HOOK)

            def route(r):
                url = r.request.url
                host = urlsplit(url).hostname or ""
                if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
                    return r.continue_()
                findings.append(Finding(current["rel"], f"request leaving 127.0.0.1: {_short(url)}"))
                return r.abort()

            context.route("**/*", route)
            page = context.new_page()
            mine = {page}
            context.on("page", lambda p: None if p in mine else findings.append(
                Finding(current["rel"], f"popup opened: {_short(p.url)}")))

            def on_dialog(d):
                findings.append(Finding(current["rel"], f"dialog {d.type}: {_short(d.message)}"))
                try:
                    d.dismiss()
                except PWError:
                    pass

            page.on("dialog", on_dialog)
            page.on("console", lambda m: findings.append(
                Finding(current["rel"], f"console {m.type}: {_short(m.text)}"))
                if m.type == "error" else None)
            page.on("pageerror", lambda e: findings.append(
                Finding(current["rel"], f"uncaught exception: {_short(str(e))}")))

            def same(a: str, b: str) -> bool:
                x, y = urlsplit(a), urlsplit(b)
                return (x.scheme, x.netloc, x.path) == (y.scheme, y.netloc, y.path)

            def on_nav(frame):
                if frame is page.main_frame and not same(frame.url, current["url"]):
                    findings.append(Finding(current["rel"], f"navigated away to {_short(frame.url)}"))
                elif frame is not page.main_frame:
                    findings.append(Finding(current["rel"], f"frame loaded {_short(frame.url)}"))

            page.on("framenavigated", on_nav)
            for i, rel in enumerate(pages):
                current["rel"], current["url"] = rel, base + rel
                try:
                    page.goto(base + rel, wait_until="load", timeout=15000)
                    if rel.startswith("recherche/?q="):  # Pagefind renders results late
                        try:
                            page.wait_for_selector(".pagefind-ui__result, "
                                                   ".pagefind-ui__message", timeout=5000)
                        except PWError:
                            pass
                        page.wait_for_timeout(300)
                    page.wait_for_timeout(settle_ms)
                    calls = page.evaluate("window.__mw_calls || []")
                except PWError as exc:
                    findings.append(Finding(rel, f"browser error: {_short(str(exc), 200)}"))
                    page = context.new_page()
                    mine.add(page)
                    page.on("dialog", on_dialog)
                    page.on("framenavigated", on_nav)
                    continue
                for call in calls:
                    findings.append(Finding(rel, f"script ran: {_short(call)}"))
                if log and i and i % 100 == 0:
                    log(f"  browser: {i}/{len(pages)} pages")
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return findings, len(pages)


# --- the whole run -----------------------------------------------------------------------

@dataclass
class RunReport:
    tries: dict[str, int]
    posts: dict[str, int]
    expected_feed_posts: int
    expected_tweet_posts: int
    page_sources: int
    static: list[Finding]
    static_counts: dict[str, int]
    browser: list[Finding] | None
    browser_pages: int
    scrape_out: str
    scrape_err: str
    import_out: str
    build_out: str
    seconds: dict[str, float]
    theme_allowed: list[str] = field(default_factory=list)

    @property
    def total_tries(self) -> int:
        return sum(self.tries.values())

    def summary(self) -> str:
        lines = [f"payload x field tries: {self.total_tries} over {len(self.tries)} fields"]
        for k, v in sorted(self.tries.items()):
            lines.append(f"  {k}: {v}")
        lines.append(f"posts written: {self.posts} (feed entries expected as posts: "
                     f"{self.expected_feed_posts}, page sources: {self.page_sources}, tweets "
                     f"expected: {self.expected_tweet_posts})")
        lines.append(f"files checked statically: {self.static_counts}; findings: "
                     f"{len(self.static)}")
        if self.browser is None:
            lines.append("browser: skipped (no /usr/bin/chromium or no playwright)")
        else:
            lines.append(f"browser: {self.browser_pages} pages loaded; findings: "
                         f"{len(self.browser)}")
        lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        return "\n".join(lines)


def count_posts(content: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in content.rglob("*.md"):
        cat = p.relative_to(content).parts[0]
        out[cat] = out.get(cat, 0) + 1
    return out


SEARCH_QUERIES = ("Mega", "alert", "script", "<img src=x onerror=alert(1)>", "javascript")


def baseline(work: Path, tracker: Path, *, search: bool, browser: bool, log=print):
    """What our theme itself does on the repository's own posts: the allow-list."""
    out = work / "baseline-output"
    args = ["build", "--config", tracker, "--content", ROOT / "content", "--output", out,
            "--now", NOW] + ([] if search else ["--no-search"])
    proc = cli(*args, cwd=work)
    if proc.returncode != 0:
        raise AssertionError(f"baseline build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    static, _ = check_output(out)
    seen = list(static)
    shutil.rmtree(out, ignore_errors=True)
    return seen


def run_hostile(payloads: list[str], work: Path, *, batch: int = 50, browser: bool = True,
                search: bool = True, log=print) -> RunReport:
    work.mkdir(parents=True, exist_ok=True)
    content, output = work / "content", work / "output"
    seconds: dict[str, float] = {}
    with LocalServer() as server:
        h = build_hostile(payloads, server.base, batch=batch)
        server.routes["/feed.xml"] = (200, "application/rss+xml; charset=utf-8", h.feed)
        server.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nAllow: /\n")
        for path, body in h.pages.items():
            server.routes[path] = (200, "text/html; charset=utf-8", body)
        default_page = h.pages["__default__"]
        server.fallback = lambda path: (200, "text/html; charset=utf-8", default_page)
        sources = [{"name": "Hostile feed", "kind": "feed", "url": f"{server.base}/feed.xml",
                    "delay": 0, "fetch_pages": True}]
        try:
            from scrapers.parse import pages as _pages  # noqa: F401
            has_page_item = hasattr(_pages, "page_item")
        except Exception:
            has_page_item = False
        used_pages = h.page_sources if has_page_item else []
        if used_pages:
            h.tries.update(h.page_tries)
        for path in used_pages:
            sources.append({"name": f"Hostile page {path}", "kind": "page",
                            "url": f"{server.base}{path}", "delay": 0})
        sources.append({"name": "@KimDotcom", "kind": "x", "account": "KimDotcom"})
        tracker = write_tracker(work / "tracker.toml", sources)
        t0 = time.perf_counter()
        scrape = cli("scrape", "--config", tracker, "--content", content, "-v", cwd=work)
        seconds["scrape"] = time.perf_counter() - t0
        if scrape.returncode not in (0,):
            raise AssertionError(f"scrape failed ({scrape.returncode}):\n{scrape.stdout[-3000:]}\n"
                                 f"{scrape.stderr[-5000:]}")
    jsonl = work / "tweets.jsonl"
    jsonl.write_bytes(h.jsonl)
    t0 = time.perf_counter()
    imp = cli("import-archive", jsonl, "--config", tracker, "--content", content, cwd=work)
    seconds["import"] = time.perf_counter() - t0
    if imp.returncode != 0:
        raise AssertionError(f"import-archive failed:\n{imp.stdout[-3000:]}\n{imp.stderr[-5000:]}")
    t0 = time.perf_counter()
    build = cli("build", "--config", tracker, "--content", content, "--output", output,
                "--now", NOW, *([] if search else ["--no-search"]), cwd=work)
    seconds["build"] = time.perf_counter() - t0
    if build.returncode != 0:
        raise AssertionError(f"build failed:\n{build.stdout[-3000:]}\n{build.stderr[-5000:]}")
    t0 = time.perf_counter()
    theme = baseline(work, tracker, search=search, browser=browser, log=log)
    allowed = {f.what for f in theme}
    seconds["baseline"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    static, counts = check_output(output)
    static = [f for f in static if f.what not in allowed]
    seconds["static"] = time.perf_counter() - t0
    b_findings, b_pages = None, 0
    if browser and browser_available():
        t0 = time.perf_counter()
        b_findings, b_pages = check_in_browser(output, queries=SEARCH_QUERIES, log=log)
        b_findings = [f for f in b_findings if f.what not in allowed]
        seconds["browser"] = time.perf_counter() - t0
    return RunReport(h.tries, count_posts(content), h.expected_feed_posts, h.expected_tweet_posts,
                     len(used_pages), static, counts, b_findings, b_pages, scrape.stdout,
                     scrape.stderr, imp.stdout, build.stdout, seconds,
                     sorted({f.what for f in theme}))
