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
from dataclasses import replace
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # the scrapers package, when not installed
    sys.path.insert(0, str(_ROOT))

from scrapers import config as tracker_config  # noqa: E402
from scrapers import confirm  # noqa: E402
from scrapers.errors import MegawatchError  # noqa: E402
from scrapers.posts import claim_id, claim_lines, parse_claim  # noqa: E402

from . import api, chart, feeds, frdates, ics, origin, sanitize, status, tracking  # noqa: E402

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


def _line_of(path: str, value: str) -> str:
    """'path:N' for the Claim line holding ``value`` (for error messages)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return path
    for n, v in claim_lines(text):
        if v.strip() == str(value).strip():
            return f"{path}:{n}"
    return path


def article_claims(article) -> list:
    """The post's claims; a malformed line is logged with its file and line, and skipped."""
    raw = article.metadata.get("claim", [])
    lines = raw if isinstance(raw, list) else [raw]
    claims = []
    for line in lines:
        try:
            claims.append(parse_claim(line, str(article.source_path)))
        except MegawatchError:
            try:
                parse_claim(line, _line_of(str(article.source_path), line))
            except MegawatchError as exc:
                log.error("%s", exc)
    return claims


def _relative(article, settings) -> str:
    try:
        return Path(article.source_path).resolve().relative_to(
            Path(settings["PATH"]).resolve()).as_posix()
    except ValueError:
        return str(article.source_path)


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


CARD_ORDER = {"upcoming": 0, "open": 1, "late": 2, "unbounded": 3, "launched": 4, "ended": 5}


def promise_rows(views) -> list:
    """(view, ledger row) for every planned promise, oldest statement first."""
    rows = [(v, r) for v in views for r in v.ledger if r.entry.claim.kind == "planned"]
    return sorted(rows, key=lambda vr: (vr[1].entry.claim.stated_on, vr[0].service.slug,
                                        vr[1].entry.claim.earliest or datetime.min.date()))


def totals(views) -> dict:
    """Headline figures for the home page, over every confirmed dated promise."""
    rows = [r for _, r in promise_rows(views)
            if r.entry.claim.earliest or r.entry.claim.latest]
    count = {}
    for r in rows:
        count[r.outcome] = count.get(r.outcome, 0) + 1
    return {
        "promises": len(rows),
        "kept": count.get("tenue", 0),
        "missed": count.get(tracking.MISSED, 0),
        "replaced": count.get(tracking.REPLACED_EARLY, 0) + count.get(tracking.REPLACED, 0),
        "waiting": count.get("en attente", 0),
        "services": len(views),
        "launched": sum(1 for v in views if v.launch),
        "never": sum(1 for v in views if not v.launch and v.promise),
        # Days past each service's first promised date, at its launch or today.
        "slipped_days": sum(v.metrics["slipped_days"] for v in views),
    }


CSV_FIELDS = ("service", "stated_on", "said_by", "medium", "earliest", "latest", "window",
              "outcome", "delay_days", "words", "summary", "sources", "links", "page")


def promise_csv(views, domain: str) -> str:
    """/promesses/promesses.csv: one line per promise, UTF-8, comma-separated, RFC 4180."""
    import csv
    import io

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(CSV_FIELDS)
    for view, row in promise_rows(views):
        c, first = row.entry.claim, row.entry
        own = [e.claim.quote if e.medium == "tweet" else e.words for e in row.entries]
        out.writerow([
            view.service.name, c.stated_on.isoformat(), first.said_by, first.medium,
            c.earliest.isoformat() if c.earliest else "", c.latest.isoformat() if c.latest else "",
            row.window, row.outcome, row.delay if row.delay is not None else "",
            " / ".join(w for w in own if w), first.claim.quote,
            " / ".join(e.publisher or e.source for e in row.entries),
            " ".join(e.link for e in row.entries if e.link),
            f"{domain.rstrip('/')}/services/{view.service.slug}/",
        ])
    return buf.getvalue()


class MegawatchGenerator(Generator):
    """Computes service views after articles exist; writes every page and file
    that is not a post: services, sources, search, feeds, calendars, JSON."""

    def generate_context(self):
        settings = self.settings
        path = Path(settings.get("MEGAWATCH_CONFIG", "tracker.toml"))
        tracker = tracker_config.load(path)
        now = resolve_now(settings.get("MEGAWATCH_NOW"))
        tz = tracker.subject.tz
        articles = sorted(self.context.get("articles", []),
                          key=lambda a: (a.date, a.slug), reverse=True)
        for article in articles:  # one day, one time zone: the subject's, everywhere
            article.local_date = article.date.astimezone(tz) if article.date.tzinfo \
                else article.date.replace(tzinfo=tz)

        posts_per_service: dict[str, list] = {s.name: [] for s in tracker.services}
        known = {s.name for s in tracker.services}
        entries: list[tracking.Entry] = []
        statements: list[confirm.Said] = []
        for article in articles:
            article.claims = article_claims(article)
            article.services = [t.name for t in getattr(article, "tags", []) if t.name in known]
            for claim in article.claims:  # a post that makes a claim is about the service
                if (claim.service in known and claim.service not in article.services
                        and not claim.rejected):
                    article.services.append(claim.service)
            for name in article.services:
                posts_per_service[name].append(article)
            meta = article.metadata
            publisher = confirm.publisher_key(meta.get("source", ""), meta.get("link", ""),
                                              str(article.category))
            rel = _relative(article, settings)
            said = origin.origin(meta, str(article.category), article.content,
                                 tracker.subject.name)
            for claim in article.claims:
                if claim.service not in known:
                    log.error("%s: claim for unknown service %r", article.source_path,
                              claim.service)
                    continue
                entries.append(tracking.Entry(
                    claim, url=article.url, title=article.title,
                    source=meta.get("source", ""), link=meta.get("link", ""),
                    post_date=article.date, ident=claim_id(rel, claim), **said))
                statements.append(confirm.Said(claim, post=rel, publisher=publisher))

        # Statuses: only reviewed and corroborated claims are stated as true.
        verdicts = confirm.decide(statements, tracker)
        entries = [replace(e, status=v.status, flags=v.flags,
                           backers=tuple(entries[j].source or entries[j].title for j in v.by))
                   for e, v in zip(entries, verdicts)]
        per_service: dict[str, list] = {s.name: [] for s in tracker.services}
        pending: dict[str, list] = {s.name: [] for s in tracker.services}
        by_url: dict[str, list] = {}
        for e in entries:
            if e.status == confirm.REJECTED:
                continue
            by_url.setdefault(e.url, []).append(e)
            (per_service if e.status in confirm.CONFIRMED else pending)[e.claim.service].append(e)
        for article in articles:  # what the post pages and the timeline show
            article.entries = by_url.get(article.url, [])

        views = []
        for service in tracker.services:
            view = tracking.service_view(service, per_service[service.name], now, tz,
                                         pending=pending[service.name])
            view.posts = posts_per_service[service.name]
            view.chart = chart.svg(view, now.astimezone(tz).date())
            view.calendar = ics.calendar([view], settings.get("FEED_DOMAIN") or "",
                                         f"Megawatch — {service.name}")
            views.append(view)

        timeline = [
            (year, [(month, list(items)) for month, items in
                    groupby(list(items_y), key=lambda a: a.local_date.month)])
            for year, items_y in groupby(articles, key=lambda a: a.local_date.year)
        ]
        source_rows, status_present = status.rows(tracker, path)
        checked = [r.last_run for r in source_rows if r.last_run]
        stamps = [getattr(a, "modified", None) or a.date for a in articles]
        self.context.update(
            MEGAWATCH_SERVICES=views,
            # Home page cards: running countdowns first, launched services last.
            MEGAWATCH_CARDS=sorted((v for v in views if v.countdown.state != "none"),
                                   key=lambda v: CARD_ORDER.get(v.countdown.state, 9)),
            MEGAWATCH_PENDING=sum(len(v.pending) for v in views),
            MEGAWATCH_TRACKER=tracker,
            # Every confirmed promise across services, oldest first (/promesses/).
            MEGAWATCH_PROMISES=promise_rows(views),
            MEGAWATCH_OUTCOMES=sorted({r.outcome for _, r in promise_rows(views)}),
            MEGAWATCH_TOTALS=totals(views),
            # Freshness: the newest post (or correction) and the last run over the sources.
            MEGAWATCH_DATA_UPDATED=max(stamps) if stamps else None,
            MEGAWATCH_SOURCES_CHECKED=max(checked) if checked else None,
            MEGAWATCH_NOW_DT=now,
            MEGAWATCH_TODAY=now.astimezone(tz).date(),
            MEGAWATCH_TZ=tracker.subject.timezone,
            MEGAWATCH_TZ_CITY=tracker.subject.timezone.rsplit("/", 1)[-1].replace("_", " "),
            MEGAWATCH_TIMELINE=timeline,
            MEGAWATCH_SERVICE_URLS={v.service.name: f"services/{v.service.slug}/" for v in views},
            MEGAWATCH_SERVICE_SLUGS={v.service.name: v.service.slug for v in views},
            MEGAWATCH_SOURCES=source_rows,
            MEGAWATCH_STATUS_PRESENT=status_present,
            MEGAWATCH_CATEGORIES=sorted({str(a.category) for a in articles}),
            fr=frdates,
        )
        self.views, self.articles, self.tracker, self.now = views, articles, tracker, now

    def _page(self, writer, template: str, url: str, **extra):
        writer.write_file(f"{url}index.html", self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"],
                          page_name=f"{url}index", url=url, page_path=url, **extra)

    def generate_output(self, writer):
        for view in self.views:
            self._page(writer, "service", f"services/{view.service.slug}/", view=view)
        self._page(writer, "services", "services/")
        self._page(writer, "sources", "sources/")
        self._page(writer, "search", "recherche/")
        self._page(writer, "data", "flux/")
        self._page(writer, "promesses", "promesses/")
        # GitHub Pages (and most static hosts) serve /404.html for a missing page;
        # its links must be absolute from the root, whatever the missing path was.
        writer.write_file("404.html", self.get_template("404"), self.context,
                          relative_urls=False, page_name="404", url="404.html",
                          page_path="404.html")
        self.write_files(Path(self.output_path))

    def write_files(self, out: Path) -> None:
        """Feeds, calendars and JSON: plain files, deterministic for a given 'now'."""
        s = self.settings
        domain = s.get("FEED_DOMAIN") or s.get("SITEURL") or ""
        site_url = domain  # feeds and calendars need absolute links
        site = s.get("SITENAME", "Megawatch")
        subtitle = s.get("SITESUBTITLE", "")
        tz = self.tracker.subject.tz
        slugs = {v.service.name: v.service.slug for v in self.views}

        def posts_feeds(stem: str, title: str, articles: list):
            for kind in ("atom", "rss"):
                rel = f"feeds/{stem}.{kind}.xml"
                feeds.write(out / rel, feeds.post_feed(
                    kind, title=title, rel=rel, domain=domain, site_url=site_url,
                    subtitle=subtitle, articles=articles))

        posts_feeds("all", f"{site} — tous les billets", self.articles)
        for category in sorted({str(a.category) for a in self.articles}):
            posts_feeds(category, f"{site} — {frdates.CATEGORIES.get(category, category)}",
                        [a for a in self.articles if str(a.category) == category])
        for view in self.views:
            posts_feeds(f"services/{view.service.slug}", f"{site} — {view.service.name}",
                        view.posts)
        rel = "feeds/promesses.atom.xml"
        feeds.write(out / rel, feeds.promise_feed(
            title=f"{site} — dates promises", rel=rel, domain=domain, site_url=site_url,
            views=self.views, tz=tz))

        every = ics.calendar(self.views, site_url, f"{site} — dates promises")
        if every is not None:
            (out / "calendar.ics").write_bytes(every.to_ical())
        for view in self.views:
            if view.calendar is not None:
                target = out / "services" / view.service.slug / "calendar.ics"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(view.calendar.to_ical())

        (out / "promesses").mkdir(parents=True, exist_ok=True)
        (out / "promesses" / "promesses.csv").write_text(
            promise_csv(self.views, domain), encoding="utf-8", newline="")

        (out / "api").mkdir(parents=True, exist_ok=True)
        files = {
            "services.json": api.services(self.views, self.now, self.tracker.subject.timezone),
            "claims.json": api.claims(self.views),
            "posts.json": api.posts(self.articles, slugs),
        }
        for name, data in files.items():
            (out / "api" / name).write_text(api.dumps(data), encoding="utf-8")


def add_filters(generator):
    """Jinja filters for every generator's environment."""
    tz = generator.settings.get("TIMEZONE") or "UTC"
    generator.env.filters.update(frdates.make_filters(tz))
    generator.env.globals["fr"] = frdates



def get_generators(pelican):
    return MegawatchGenerator


def register():
    signals.content_object_init.connect(on_content_init)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
