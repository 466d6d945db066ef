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
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import groupby
from pathlib import Path

from jinja2.ext import Extension
from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pelican import signals
from pelican.generators import Generator
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from scrapers import config as tracker_config
from scrapers import confirm
from scrapers.errors import MegawatchError
from scrapers import site
from scrapers.posts import claim_id, claim_lines, parse_claim

from . import (api, chart, feeds, frdates, ics, incremental, model, origin, sanitize,
               status, tracking)

log = logging.getLogger(__name__)


# The build's 'now' (the setting, else SOURCE_DATE_EPOCH, else the clock): one
# definition, shared with the build's fingerprint.
resolve_now = site.resolve_now


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
    # Pelican's own, relative to PATH (which the build passes resolved).
    rel = getattr(article, "relative_source_path", None)
    if rel and not rel.startswith("..") and not os.path.isabs(rel):
        return rel.replace(os.sep, "/")
    try:
        return Path(article.source_path).resolve().relative_to(
            Path(settings["PATH"]).resolve()).as_posix()
    except ValueError:
        return str(article.source_path)


def on_content_init(content):
    """Sanitize every rendered body and summary (the last step before templates).

    Also notes which attributes Pelican gave the object: whatever is attached
    later (claims, services, anything a plugin adds) is part of the page's key
    in incremental builds (incremental.page_key)."""
    incremental.note_attributes(content)
    if getattr(content, "_content", None):
        content._content = sanitize.html(content._content)
    summary = content.metadata.get("summary")
    if summary:
        clean = sanitize.html(str(summary))
        content.metadata["summary"] = clean
        if hasattr(content, "_summary"):
            content._summary = clean


class _NoMeta(Preprocessor):
    """Stands for the meta preprocessor that Pelican deregisters before
    converting each formatted field (it would eat a 'Key: value' summary)."""

    def run(self, lines):
        return lines


class OneMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with its two parsers made once, not once per file.

    Building a Markdown instance (extensions, patterns) cost more than converting
    a post. One instance converts every body (reset between files, as Pelican
    resets between fields); a second one, without the meta extension, converts
    the formatted fields (Summary:).
    """

    _body = _fields = None

    def read(self, source_path):
        if self._body is None:
            self._body = Markdown(**self.settings["MARKDOWN"])
            self._fields = Markdown(**self.settings["MARKDOWN"])
        self._source_path = source_path
        self._body.reset()
        with pelican_open(source_path) as text:
            content = self._body.convert(text)
        self._md = self._fields
        if "meta" not in self._fields.preprocessors:
            self._fields.preprocessors.register(_NoMeta(self._fields), "meta", 27)
        return content, self._parse_metadata(getattr(self._body, "Meta", {}))


def on_article_generator_init(generator):
    """Unchanged posts come from the previous build's stored model (model.py)."""
    build = incremental.state(generator.settings)
    if build is not None and build.model_path is not None:
        build.model = model.Store(build.model_path, build.global_key, build.source_hashes)
        build.model.attach(generator)


def use_one_markdown(readers):
    for ext in OneMarkdownReader.file_extensions:
        if readers.reader_classes.get(ext) is MarkdownReader:
            readers.reader_classes[ext] = OneMarkdownReader


def _dates_of(articles: list, dates: list) -> list:
    """The articles in 'dates' order, in one pass (Pelican tests membership in a list)."""
    ids = {id(a) for a in articles}
    return [a for a in dates if id(a) in ids]


def on_articles_finalized(generator):
    """Hot paths of Pelican's article generator, output unchanged.

    * Each article's URL and output path are computed once: Pelican expands
      the URL settings on every access (tens of thousands per build);
      ``override_url`` and ``override_save_as`` are the attributes Pelican
      itself returns first.
    * Tag and author pages are not written here (their *_SAVE_AS are empty),
      yet Pelican builds each one's date list by scanning every article for
      every tag (quadratic): those two steps are skipped. Category pages are
      written with the same lists, computed in one pass.
    * The reader cache, saved already, is dropped from memory.
    * The articles are stored for the next build (model.py), URL included.
    """
    for article in (*generator.articles, *generator.translations,
                    *generator.hidden_articles, *generator.hidden_translations,
                    *generator.drafts, *generator.drafts_translations):
        if not hasattr(article, "override_url"):
            article.override_url = article.url
        if not hasattr(article, "override_save_as"):
            article.override_save_as = article.save_as
    build = incremental.state(generator.settings)
    if build is not None and build.model is not None:
        build.model.finish(generator)
    # Pelican saved its reader cache just before this signal and never reads it
    # again: the copy of every post it holds (tens of MB at 10,000 posts) goes.
    cache = getattr(generator.readers, "_cache", None)
    if isinstance(cache, dict):
        generator.readers._cache = {}
    settings = generator.settings
    if not (settings.get("TAG_SAVE_AS") or settings.get("TAGS_SAVE_AS")):
        generator.generate_tags = lambda write: None
    if not (settings.get("AUTHOR_SAVE_AS") or settings.get("AUTHORS_SAVE_AS")):
        generator.generate_authors = lambda write: None

    def generate_categories(write):
        template = generator.get_template("category")
        for cat, articles in generator.categories:
            if not cat.save_as:
                continue
            dates = _dates_of(articles, generator.dates)
            write(cat.save_as, template, generator.context, url=cat.url, category=cat,
                  articles=articles, dates=dates,
                  template_name="category", blog=True, page_name=cat.page_name,
                  all_articles=generator.articles,
                  # Its pages show these posts, in this order, and the category:
                  # reused as a whole when none of them changed.
                  megawatch_listing=(articles, ("category", str(cat.name))))

    generator.generate_categories = generate_categories




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


def timeline(articles: list) -> list:
    """[(year, [(month, [article, ...]), ...]), ...] in the articles' order."""
    return [(year, [(month, list(items)) for month, items in
                    groupby(list(items_y), key=lambda a: a.local_date.month)])
            for year, items_y in groupby(articles, key=lambda a: a.local_date.year)]


@dataclass
class HomePage:
    """One page of the home timeline: page 1 is index.html (with the countdown
    cards), page n is page/<n>/. Paginated by count, so every page stays within
    the page-weight budget whatever the corpus size."""

    number: int
    count: int
    timeline: list
    articles: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return "" if self.number == 1 else f"page/{self.number}/"

    @property
    def newer(self) -> str | None:
        if self.number == 1:
            return None
        return "" if self.number == 2 else f"page/{self.number - 1}/"

    @property
    def older(self) -> str | None:
        return f"page/{self.number + 1}/" if self.number < self.count else None


@dataclass
class ServicePage:
    """One page of a service's posts: page 1 is services/<slug>/ (status,
    countdown, ledger, "À vérifier", then the newest posts), page n is
    services/<slug>/page/<n>/ (posts only). A service page listed every post
    of its service (2.3 MB each at 10,000 posts), and with the countdown on it,
    every one of them changed every day."""

    slug: str
    number: int
    count: int
    posts: list

    def _url(self, number: int) -> str:
        return f"services/{self.slug}/" + ("" if number == 1 else f"page/{number}/")

    @property
    def url(self) -> str:
        return self._url(self.number)

    @property
    def newer(self) -> str | None:
        return self._url(self.number - 1) if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self._url(self.number + 1) if self.number < self.count else None


def paged(items: list, size: int) -> list[list]:
    """items in pages of ``size`` (at least one page, maybe empty)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


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
        def sources(indices):
            return tuple(entries[j].source or entries[j].title for j in indices)
        entries = [replace(e, status=v.status, flags=v.flags, backers=sources(v.by),
                           copies=sources(v.copies))
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

        size = max(1, int(settings.get("MEGAWATCH_HOME_PAGE_SIZE") or 100))
        chunks = paged(articles, size)
        homes = [HomePage(number=n, count=len(chunks), timeline=timeline(chunk), articles=chunk)
                 for n, chunk in enumerate(chunks, 1)]
        service_size = max(1, int(settings.get("MEGAWATCH_SERVICE_PAGE_SIZE") or size))
        for view in views:
            chunks = paged(view.posts, service_size)
            view.pages = [ServicePage(view.service.slug, n, len(chunks), chunk)
                          for n, chunk in enumerate(chunks, 1)]
        years: dict[int, str] = {}  # each year links to the page of its newest post
        for home in homes:
            for year, _ in home.timeline:
                years.setdefault(year, home.url)
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
            MEGAWATCH_YEARS=list(years.items()),
            MEGAWATCH_SERVICE_URLS={v.service.name: f"services/{v.service.slug}/" for v in views},
            MEGAWATCH_SERVICE_SLUGS={v.service.name: v.service.slug for v in views},
            MEGAWATCH_SOURCES=source_rows,
            MEGAWATCH_STATUS_PRESENT=status_present,
            MEGAWATCH_CATEGORIES=sorted({str(a.category) for a in articles}),
            # The posts' search bundles, merged by the search page (scrapers/site.py).
            MEGAWATCH_SEARCH_BUNDLES=[name for name in site.bundles_for(a.save_as for a in articles)
                                      if name != site.SERVICES_BUNDLE],
            fr=frdates,
        )
        self.views, self.articles, self.tracker, self.now = views, articles, tracker, now
        build = incremental.state(settings)
        if build is not None:
            build.stats.update(posts=len(articles), claims=sum(len(a.claims) for a in articles),
                               read=build.model.read if build.model is not None else None)
        self.homes = homes

    def _page(self, writer, template: str, url: str, **extra):
        writer.write_file(f"{url}index.html", self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"],
                          page_name=f"{url}index", url=url, page_path=url, **extra)

    def generate_output(self, writer):
        for view in self.views:
            self._page(writer, "service", view.pages[0].url, view=view, spage=view.pages[0])
        # Post pages (written by Pelican before) and the first page of each
        # service are all the search index reads: it starts now, beside the
        # rest of the build.
        build = incremental.state(self.settings)
        if build is not None and build.indexer is not None:
            build.indexer.start()
        # The pages that only list posts depend on those posts and on the global
        # inputs, not on the day: a rebuild links them from the previous output
        # when their posts' digests are the same (incremental.ReusingWriter).
        # The first home page (its countdowns and totals) is always rendered.
        for view in self.views:
            for spage in view.pages[1:]:
                self._page(writer, "service", spage.url, view=view, spage=spage,
                           megawatch_listing=(spage.posts, ("service", spage.number,
                                                            spage.count)))
        for home in self.homes:
            listing = None if home.number == 1 else (
                home.articles, ("index", home.number, home.count, self.context["MEGAWATCH_YEARS"]))
            self._page(writer, "index", home.url, home=home, megawatch_listing=listing)
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

        # One document at a time: each is dropped once written (memory at 10,000 posts).
        api.write_with_schema(out / "api", "services.json", api.services(
            self.views, self.now, self.tracker.subject.timezone))
        api.write_with_schema(out / "api", "claims.json", api.claims(self.views))
        api.write_with_schema(out / "api", "posts.json", api.posts(self.articles, slugs))


class Dedent(Extension):
    """Templates lose the indentation of their own lines when compiled: a run
    of white space that starts with a line break renders like the line break
    alone (no template holds <pre> or inline script), and the 10,000-odd
    pages of a large site carried 1.7 MB of it. What a template inserts
    (post bodies, quotes) is left as it is. A line break right after a block
    tag or comment is not one (trim_blocks removes it): the indentation after
    it may be the only space there, so it stays."""

    def preprocess(self, source, name, filename=None):
        return _INDENT.sub("\n", source)


_INDENT = re.compile(r"(?<![%#]\})\n[ \t]+")


def add_filters(generator):
    """Jinja filters for every generator's environment."""
    generator.env.add_extension(Dedent)
    tz = generator.settings.get("TIMEZONE") or "UTC"
    generator.env.filters.update(frdates.make_filters(tz))
    generator.env.globals["fr"] = frdates
    generator.env.globals["megawatch_fragments"] = incremental.fragments(generator.settings)
    build = incremental.state(generator.settings)
    if build is not None:
        if build.templates is None:
            build.templates = incremental.TemplateCode(build.templates_path, build.global_key)
        generator.env.bytecode_cache = build.templates



def on_articles_written(generator, writer=None):
    """Pelican's memo of every post's rendered content and summary holds one
    copy per page depth that asked (tens of MB at 10,000 posts): it is let go
    once every context is made (the plugin read each post's content at the
    site's root, where no page is rendered) and once the post pages are
    written, before the search indexer starts beside the rest of the build.
    What still needs a post's content (feeds) computes it again, the same."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = Content.__dict__.get(name)
        if memo is not None and isinstance(getattr(memo, "cache", None), dict):
            memo.cache.clear()


def get_generators(pelican):
    return MegawatchGenerator


def _translations(content_list, translation_id=None):
    """Pelican's process_translations, without its quadratic last step.

    Pelican finds the translations as every item not in the list of originals,
    testing membership in a list: 10,000 posts make 10^8 comparisons. Here the
    groups and the originals are Pelican's own (get_original_items); the rest
    is found through a set of ids.
    """
    from operator import attrgetter

    from pelican.utils import get_original_items

    if not translation_id:
        return content_list, []
    names = [translation_id] if isinstance(translation_id, str) else list(translation_id)
    key = attrgetter(*names)
    content_list.sort(key=key)
    index = []
    for values, items in groupby(content_list, key):
        values = (values,) if len(names) == 1 else values
        with_str = "with" + ", ".join(f' {n} "{v}"' for n, v in zip(names, values))
        items = list(items)
        index.extend(get_original_items(items, with_str))
        for a in items:
            a.translations = [x for x in items if x != a]
    originals = {id(x) for x in index}
    return index, [x for x in content_list if id(x) not in originals]


def register():
    from pelican import generators

    generators.process_translations = _translations
    signals.readers_init.connect(use_one_markdown)
    signals.article_generator_init.connect(on_article_generator_init)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.article_writer_finalized.connect(on_articles_written)
    signals.all_generators_finalized.connect(on_articles_written)
    signals.content_object_init.connect(on_content_init)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
    signals.get_writer.connect(incremental.get_writer)
