"""Markdown posts: render an item, read one back, write atomically.

A post is a Pelican Markdown file. Its launch claims live in the metadata
block, one ``Claim:`` line per claim, so an editor corrects them in one place::

    Claim: Mega | planned | 2013-01-19 | 2013-01-19 | day | 2012-11-28 | auto 0.90 | Le lancement ...

Fields, separated by `` | ``: service, kind (planned/launched), earliest,
latest (ISO dates, ``-`` for none), precision, stated_on, status (``auto``
with the extractor's confidence, ``reviewed`` once an editor checked it, or
``rejected`` once an editor said no: kept so that re-extraction never brings
it back), and the quote, last, so it may itself contain ``|``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from unidecode import unidecode

from scrapers.errors import PostError
from scrapers.models import KINDS, PRECISIONS, Claim, Item

EXCERPT_WORDS = 80
MAX_SLUG = 80
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
            *(f"lpt{i}" for i in range(10)), "index", "feeds", "services", "theme", "api"}
_META_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s?(.*)$")


# --- small text helpers -------------------------------------------------

def one_line(text: str) -> str:
    """Collapse whitespace and drop control characters (metadata is one line)."""
    text = str(text)
    # A printable string has no character of a C category (nor any separator
    # but the space): nothing to replace, and no test of each character (the
    # build asks this of every claim's quote, 8,000 of them at 10,000 posts).
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(text.split())


def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    """ASCII slug from any title: never empty, never a path, never reserved."""
    text = unicodedata.normalize("NFKC", one_line(text))
    ascii_text = unidecode(text).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] or slug[:max_len]
    slug = slug.strip("-")
    if not slug or slug in RESERVED:
        slug = f"post-{slug}" if slug else "post"
    return slug


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    parts = one_line(text).split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:") + " …"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md_escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text."""
    text = one_line(text).replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "<" must not open raw HTML even when escaped; entities are safe.
    return text.replace("\\<", "&lt;").replace("\\>", "&gt;")


# --- claims in metadata -------------------------------------------------

def _d(value: date | None) -> str:
    return value.isoformat() if value else "-"


def format_claim(claim: Claim) -> str:
    if claim.rejected:
        status = "rejected"
    elif claim.reviewed:
        status = "reviewed"
    else:
        status = f"auto {claim.confidence:.2f}"
    quote = one_line(claim.quote)
    return " | ".join([claim.service, claim.kind, _d(claim.earliest), _d(claim.latest),
                       claim.precision, claim.stated_on.isoformat(), status, quote])


def claim_id(post: str, claim: Claim) -> str:
    """A short stable ID for a claim: its post (path relative to the content
    folder) and its fields but the status, so a decision keeps the ID."""
    key = "|".join([post, claim.service, claim.kind, _d(claim.earliest), _d(claim.latest),
                    claim.precision, claim.stated_on.isoformat(), one_line(claim.quote)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _parse_date(source: str, field: str, value: str) -> date | None:
    value = value.strip()
    if value in ("-", "", "null", "None"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PostError(source, f"claim {field} {value!r} is not a date like 2013-01-19") from None


def parse_claim(line: str, source: str = "post") -> Claim:
    """Parse one ``Claim:`` value; PostError names the post and the bad field."""
    parts = [p.strip() for p in str(line).split("|", 7)]
    if len(parts) < 7:
        raise PostError(source, f"claim {line!r} has {len(parts)} fields, expected 8")
    while len(parts) < 8:
        parts.append("")
    service, kind, earliest, latest, precision, stated_on, status, quote = parts
    if kind not in KINDS:
        raise PostError(source, f"claim kind {kind!r} is not one of {', '.join(KINDS)}")
    if precision not in PRECISIONS:
        raise PostError(source, f"claim precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    stated = _parse_date(source, "stated_on", stated_on)
    if stated is None:
        raise PostError(source, f"claim stated_on {stated_on!r} is required")
    lo, hi = _parse_date(source, "earliest", earliest), _parse_date(source, "latest", latest)
    if lo and hi and lo > hi:
        raise PostError(source, f"claim window {earliest}..{latest} ends before it starts")
    word = status.lower()
    reviewed, rejected, confidence = word == "reviewed", word == "rejected", 1.0
    if not (reviewed or rejected):
        m = _AUTO_RE.match(word)
        if not m:
            raise PostError(source, f"claim status {status!r} is not 'auto 0.90', "
                                    "'reviewed' or 'rejected'")
        confidence = float(m.group(1)) if m.group(1) else 1.0
        if not 0.0 <= confidence <= 1.0:
            raise PostError(source, f"claim confidence {m.group(1)!r} is not between 0 and 1")
    return Claim(service, kind, lo, hi, precision, quote, stated, confidence, reviewed,
                 rejected=rejected)


_AUTO_RE = re.compile(r"auto(?:\s+([0-9]+(?:\.[0-9]+)?))?$")


def claim_lines(text: str) -> list[tuple[int, str]]:
    """(line number, value) of every ``Claim:`` line of a post's metadata block.

    The metadata block is the file's first lines, one ``Key: value`` each, so
    the n-th metadata entry is on line n.
    """
    meta, _ = split_post(text)
    return [(n, value) for n, (key, value) in enumerate(meta, 1) if key.lower() == "claim"]


def parse_claims(text: str, path: str) -> list[Claim]:
    """Every claim of a post; a bad line raises PostError naming ``path:line``."""
    return [parse_claim(value, f"{path}:{line}") for line, value in claim_lines(text)]


# --- rendering an item --------------------------------------------------

def render_body(item: Item) -> str:
    if item.category == "tweets":
        lines = [f"> {md_escape(line)}" if line.strip() else ">"
                 for line in (item.text or item.summary).splitlines()]
        who = md_escape(item.author or item.source)
        lines += [">", f"> — {who} ([voir sur X]({one_line(item.url)}))"]
        return "\n".join(lines) + "\n"
    body = []
    if item.summary:
        body.append(md_escape(excerpt(item.summary)))
    body.append(f"[Lire l’article sur {md_escape(item.source)}]({one_line(item.url)})")
    return "\n\n".join(body) + "\n"


def render_post(item: Item, slug: str) -> str:
    """The whole Markdown file for an item."""
    meta = [
        ("Title", one_line(item.title) or "(sans titre)"),
        ("Date", item.published.isoformat(sep=" ", timespec="seconds")),
        ("Category", item.category),
        ("Tags", ", ".join(item.services)),
        ("Slug", slug),
        ("Lang", item.lang or "fr"),
        ("Source", one_line(item.source)),
        ("Link", one_line(item.url)),
        ("Author", one_line(item.author)),
        ("Summary", md_escape(excerpt(item.summary or item.text, 40))),
        ("Item-Id", one_line(item.id)),
    ]
    lines = [f"{k}: {v}" for k, v in meta if v]
    lines += [f"Claim: {format_claim(c)}" for c in item.claims]
    return "\n".join(lines) + "\n\n" + render_body(item)


# --- reading a post -----------------------------------------------------

def split_post(text: str) -> tuple[list[tuple[str, str]], str]:
    """Metadata lines (key, value) in order, and the body."""
    meta: list[tuple[str, str]] = []
    lines = text.splitlines(keepends=True)
    i = 0
    for i, line in enumerate(lines):
        if not line.strip():
            return meta, "".join(lines[i + 1:])
        m = _META_RE.match(line.rstrip("\r\n"))
        if not m:
            return meta, "".join(lines[i:])
        meta.append((m.group(1), m.group(2).strip()))
    return meta, ""


def read_claims(path: Path) -> list[Claim]:
    return parse_claims(path.read_text(encoding="utf-8"), str(path))


def replace_claims(text: str, claims: list[Claim]) -> str:
    """The same post with its Claim lines replaced, everything else kept."""
    meta, body = split_post(text)
    kept = [(k, v) for k, v in meta if k.lower() != "claim"]
    lines = [f"{k}: {v}" for k, v in kept] + [f"Claim: {format_claim(c)}" for c in claims]
    return "\n".join(lines) + "\n\n" + body


# --- writing ------------------------------------------------------------

def sha256(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temp file beside ``path``, fsync, then rename over it."""
    commit_temp(write_temp(path, data), path)


def write_temp(path: Path, data: str | bytes) -> Path:
    """Phase one of an atomic write: the whole of ``data`` in a fsynced temp file
    ``.<name>.XXXX.tmp`` beside ``path``; returns the temp file."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return Path(tmp)


def commit_temp(tmp: Path, path: Path) -> None:
    """Phase two: rename the temp file over ``path`` and fsync the folder."""
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _unlink_quietly(path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def post_path(content: Path, item: Item, slug: str) -> Path:
    """Where a post goes: content/<category>/<year>/<slug>.md, checked to stay inside."""
    root = content.resolve()
    path = (root / item.category / f"{item.published.year:04d}" / f"{slug}.md").resolve()
    if root not in path.parents:
        raise PostError(str(content), f"post path {path} would leave the content folder")
    return path


def unique_slug(item: Item, taken: set[str]) -> str:
    """A slug not used by any post of the site (Pelican needs unique slugs)."""
    base = slugify(item.title)
    if item.category == "tweets" and not base.startswith("tweet"):
        base = slugify(f"{item.published:%Y-%m-%d} {item.title}")
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
