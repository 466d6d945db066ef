"""Megawatch's Pelican plugin.

Reads tracker.toml and every post's ``Claim:`` lines, sanitizes what is
rendered, and gives the theme the countdown, the timeline and one page per
service (``services/<slug>/``). 'Now' is pinned by the ``MEGAWATCH_NOW``
setting (ISO datetime) or the SOURCE_DATE_EPOCH environment variable, so the
same content and the same 'now' give a byte-identical site.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # the scrapers package, when not installed
    sys.path.insert(0, str(_ROOT))

from scrapers import config as tracker_config  # noqa: E402
from scrapers.errors import MegawatchError  # noqa: E402
from scrapers.posts import parse_claim  # noqa: E402

from . import frdates, sanitize, tracking  # noqa: E402

log = logging.getLogger(__name__)


def resolve_now(setting: str | None, environ=os.environ) -> datetime:
    """The build's 'now': the setting, else SOURCE_DATE_EPOCH, else the clock."""
    if setting:
        now = datetime.fromisoformat(str(setting))
        return now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def article_claims(article) -> list:
    raw = article.metadata.get("claim", [])
    lines = raw if isinstance(raw, list) else [raw]
    claims = []
    for line in lines:
        try:
            claims.append(parse_claim(line, str(article.source_path)))
        except MegawatchError as exc:
            log.error("%s", exc)
    return claims


def on_content_init(content):
    """Sanitize every rendered body and summary (the last step before templates)."""
    if getattr(content, "_content", None):
        content._content = sanitize.html(content._content)
    summary = content.metadata.get("summary")
    if summary:
        clean = sanitize.html(str(summary))
        content.metadata["summary"] = clean
        if hasattr(content, "_summary"):
            content._summary = clean


class MegawatchGenerator(Generator):
    """Computes service views after articles exist; writes the service pages."""

    def generate_context(self):
        settings = self.settings
        path = Path(settings.get("MEGAWATCH_CONFIG", "tracker.toml"))
        tracker = tracker_config.load(path)
        now = resolve_now(settings.get("MEGAWATCH_NOW"))
        tz = tracker.subject.tz
        articles = sorted(self.context.get("articles", []),
                          key=lambda a: (a.date, a.slug), reverse=True)

        per_service: dict[str, list] = {s.name: [] for s in tracker.services}
        posts_per_service: dict[str, list] = {s.name: [] for s in tracker.services}
        known = {s.name for s in tracker.services}
        for article in articles:
            article.claims = article_claims(article)
            article.services = [t.name for t in getattr(article, "tags", []) if t.name in known]
            for name in article.services:
                posts_per_service[name].append(article)
            for claim in article.claims:
                if claim.service not in known:
                    log.error("%s: claim for unknown service %r", article.source_path,
                              claim.service)
                    continue
                per_service[claim.service].append(tracking.Entry(
                    claim, url=article.url, title=article.title,
                    source=article.metadata.get("source", ""),
                    link=article.metadata.get("link", ""), post_date=article.date))

        views = []
        for service in tracker.services:
            view = tracking.service_view(service, per_service[service.name], now, tz)
            view.posts = posts_per_service[service.name]
            views.append(view)

        timeline = [
            (year, [(month, list(items)) for month, items in
                    groupby(list(items_y), key=lambda a: a.date.month)])
            for year, items_y in groupby(articles, key=lambda a: a.date.year)
        ]
        self.context.update(
            MEGAWATCH_SERVICES=views,
            MEGAWATCH_TRACKER=tracker,
            MEGAWATCH_NOW_DT=now,
            MEGAWATCH_TZ=tracker.subject.timezone,
            MEGAWATCH_TIMELINE=timeline,
            MEGAWATCH_SERVICE_URLS={v.service.name: f"services/{v.service.slug}/" for v in views},
            fr=frdates,
        )
        self.views = views

    def generate_output(self, writer):
        for view in self.views:
            writer.write_file(
                f"services/{view.service.slug}/index.html",
                self.get_template("service"), self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                view=view, page_name=f"services/{view.service.slug}/index",
                url=f"services/{view.service.slug}/")
        writer.write_file("services/index.html", self.get_template("services"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"],
                          page_name="services/index", url="services/")


def add_filters(generator):
    """Jinja filters for every generator's environment."""
    tz = generator.settings.get("TIMEZONE") or "UTC"
    generator.env.filters.update(frdates.make_filters(tz))
    generator.env.filters["tagslug"] = lambda name: _tag_slug(name, generator.settings)
    generator.env.globals["fr"] = frdates


def _tag_slug(name: str, settings) -> str:
    from pelican.urlwrappers import Tag

    return Tag(name, settings).slug


def get_generators(pelican):
    return MegawatchGenerator


def register():
    signals.content_object_init.connect(on_content_init)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
