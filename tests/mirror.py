"""A local mirror of annotated news: feeds and article pages served on 127.0.0.1,
the real ``scrape`` and ``build`` run on them, and what the site publishes
scored against the annotation.

Used by tests/test_mirror.py (articles written in our own words, in
tests/fixtures/mirror/) and by eval/mirror_eval.py (the real excerpts of
eval/corpus/, kept out of the repository). One feed per publisher, so that
corroboration by independent publishers works as on the real web; each feed
item carries only a short teaser, so relevance and claims come from the
article page, as for a real feed with summaries.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-12-03T12:00:00+00:00"


@dataclass
class Article:
    id: str
    publisher: str
    published: datetime
    lang: str
    title: str
    text: str
    claims: list[dict]
    lookalike: bool = False
    about: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"/articles/{self.id}.html"


def load_fixtures(folder: Path) -> list[Article]:
    """Articles of tests/fixtures/mirror/*.jsonl (our own words)."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            out.append(Article(row["id"], row["publisher"], datetime.fromisoformat(row["published"]),
                               row["lang"], row["title"], row["text"], row["claims"],
                               bool(row.get("lookalike")), list(row.get("about", []))))
    return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def page_html(a: Article) -> str:
    paras = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in a.text.split("\n\n") if p.strip())
    when = a.published.isoformat()
    return (f'<!doctype html>\n<html lang="{a.lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(a.title)} | {html.escape(a.publisher)}</title>"
            f'<meta property="article:published_time" content="{when}">'
            f'<link rel="canonical" href="{a.path}"></head>\n'
            f'<body><header><nav><a href="/">{html.escape(a.publisher)}</a></nav></header>\n'
            f"<main><article><h1>{html.escape(a.title)}</h1>\n"
            f'<p class="byline"><time datetime="{when}">{when[:10]}</time></p>\n'
            f"{paras}</article></main>\n<footer>© {html.escape(a.publisher)}</footer>"
            "</body></html>\n")


def teaser(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def feed_xml(publisher: str, articles: list[Article], base: str) -> str:
    items = []
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        items.append(
            "<item>"
            f"<title>{html.escape(a.title)}</title>"
            f"<link>{base}{a.path}</link>"
            f'<guid isPermaLink="false">mirror:{a.id}</guid>'
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{html.escape(teaser(a.text))}</description>"
            "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{html.escape(publisher)}</title><link>{base}/</link>"
            f"<description>{html.escape(publisher)}</description>"
            + "".join(items) + "</channel></rss>\n")


def by_publisher(articles: list[Article]) -> dict[str, list[Article]]:
    """Articles per publisher; spellings that differ only in case are one publisher."""
    groups: dict[str, list[Article]] = {}
    names: dict[str, str] = {}
    for a in sorted(articles, key=lambda a: a.id):
        name = names.setdefault(slug(a.publisher), a.publisher)
        groups.setdefault(name, []).append(a)
    return groups


def serve(httpserver, articles: list[Article]) -> str:
    """Register the mirror on a pytest-httpserver server; returns its base URL."""
    base = httpserver.url_for("").rstrip("/")
    assert base.startswith("http://127.0.0.1:") or base.startswith("http://localhost:"), base
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nAllow: /\n", content_type="text/plain")
    for publisher, group in by_publisher(articles).items():
        httpserver.expect_request(f"/feeds/{slug(publisher)}.xml").respond_with_data(
            feed_xml(publisher, group, base).encode("utf-8"),
            content_type="application/rss+xml; charset=utf-8")
    for a in articles:
        httpserver.expect_request(a.path).respond_with_data(
            page_html(a).encode("utf-8"), content_type="text/html; charset=utf-8")
    return base


def tracker_toml(base: str, articles: list[Article]) -> str:
    """The repository's tracker.toml (services, aliases, look-alikes), one feed per publisher."""
    text = (ROOT / "tracker.toml").read_text(encoding="utf-8")
    head = text[:text.index("[[sources]]")]
    sources = []
    for publisher in sorted(by_publisher(articles)):
        sources.append(
            f'[[sources]]\nname = {json.dumps(publisher, ensure_ascii=False)}\nkind = "feed"\n'
            f'url = "{base}/feeds/{slug(publisher)}.xml"\nlang = "fr"\ndelay = 0\n'
            f"{PRIVATE_OPT_IN}\n")
    return head + "\n".join(sources)


# Sources on 127.0.0.1 must opt in to a private address (scrapers.fetch address policy).
PRIVATE_OPT_IN = "allow_private = true"


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
    env.update(PYTHONPATH=str(ROOT), NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    return subprocess.run([sys.executable, "-m", "scrapers", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=1800)


def scrape_and_build(folder: Path, base: str, articles: list[Article]) -> dict:
    """tracker.toml + empty content/ in ``folder``, then the real CLI: scrape, build."""
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "tracker.toml").write_text(tracker_toml(base, articles), encoding="utf-8")
    scrape = run(folder, "scrape")
    build = run(folder, "build", "--now", NOW, "--output", "output", "--no-search")
    return {"scrape": scrape, "build": build}


def _key(c: dict) -> tuple:
    return (c["service"], c["kind"], c.get("earliest"), c.get("latest"))


def score(output: Path, articles: list[Article], tracker_services: dict[str, str]) -> dict:
    """Figures of what the built site states, against the annotation.

    ``tracker_services`` maps service slugs to names. A claim is right when the
    article it came from has an annotated claim with the same service, kind and
    window. Shown = annotated claims found among the exported ones (confirmed
    or pending).
    """
    by_path = {a.path: a for a in articles}
    # Undated claims ("bientôt") count on neither side: the conventions allow leaving
    # them out (as eval/claims_eval.py does); they never drive anything on the site.
    annotated = {a.id: {_key(c) for c in a.claims if c.get("earliest") or c.get("latest")}
                 for a in articles}
    api = json.loads((output / "api/claims.json").read_text(encoding="utf-8"))["claims"]
    exported: dict[str, set] = {}
    published, right, wrong = 0, 0, []
    for c in api:
        if not (c["earliest"] or c["latest"]):
            continue
        path = re.sub(r"^https?://[^/]+", "", c.get("link") or "")
        art = by_path.get(path)
        key = (tracker_services[c["service"]], c["kind"], c["earliest"], c["latest"])
        if art is not None:
            exported.setdefault(art.id, set()).add(key)
        if c["status"] in ("reviewed", "corroborated"):
            published += 1
            if art is not None and key in annotated[art.id]:
                right += 1
            else:
                wrong.append((art.id if art else path, key, c["quote"][:120]))
    total = sum(len(v) for v in annotated.values())
    shown = sum(len(annotated[i] & exported.get(i, set())) for i in annotated)
    services = json.loads((output / "api/services.json").read_text(encoding="utf-8"))["services"]
    bad_cards = []
    for s in services:
        p = s.get("current_promise")
        if not p:
            continue
        # The card states a window: it holds when any confirmed claim giving that
        # window comes from an article whose annotation has it.
        matches = [c for c in api if c["status"] in ("reviewed", "corroborated")
                   and c["service"] == s["slug"] and c["kind"] == "planned"
                   and c["earliest"] == p["earliest"] and c["latest"] == p["latest"]]
        held = False
        for c in matches:
            art = by_path.get(re.sub(r"^https?://[^/]+", "", c.get("link") or ""))
            if art is not None and (s["name"], "planned", p["earliest"], p["latest"]) \
                    in annotated[art.id]:
                held = True
        if not held:
            bad_cards.append((s["slug"], p["earliest"], p["latest"]))
    return {
        "articles": len(articles), "annotated": total, "exported": sum(map(len, exported.values())),
        "published": published, "published_right": right,
        "precision_published": right / published if published else 1.0,
        "shown": shown, "recall_shown": shown / total if total else 1.0,
        "pending": sum(1 for c in api if c["status"] == "pending"),
        "bad_cards": bad_cards, "wrong": wrong,
    }
