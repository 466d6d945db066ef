"""Atom and RSS feeds, written by the plugin with feedgenerator.

Pelican's own feeds are turned off (pelicanconf.py) because their entry ids
and dates are not what readers need here:

* an entry's id is a tag: URI built from the post's ``Item-Id`` (else its
  URL), so it survives a change of domain or a rebuild;
* an entry's ``<updated>`` is the post's ``Modified:`` metadata, else its
  ``Date:``; never the build time, so rebuilding re-notifies nobody;
* per-service feeds use the service slug from tracker.toml;
* ``feeds/promesses.atom.xml`` has one entry per new or moved promised date;
* every feed holds the newest ``MAX_ENTRIES`` entries only (see below).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timezone
from urllib.parse import quote

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import Markup

from . import frdates

# Minted once; ids must never change, whatever the domain the site moves to.
TAG_AUTHORITY = "megawatch.github.io,2024"
EPOCH = datetime(2005, 1, 1, tzinfo=timezone.utc)  # an empty feed's <updated>
# Entries per feed. Readers poll a feed far more often than 50 posts arrive (the
# scheduled job runs every 3 hours; the busiest year of the real corpus has a few
# dozen posts), so no reader misses one; the whole history stays on the site, in
# api/posts.json and api/claims.json. Uncapped, the 25 feeds held every post in
# full: half of a 10,000-post site's bytes, rewritten on every build.
MAX_ENTRIES = 50


class _Fixed:
    """An empty feed is dated EPOCH, not 'now' (feedgenerator's default)."""

    def latest_post_date(self):
        return super().latest_post_date() if self.items else EPOCH


class AtomFeed(_Fixed, Atom1Feed):
    pass


class RssFeed(_Fixed, Rss201rev2Feed):
    pass


def tag_uri(specific: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{quote(specific, safe='/:@-._~')}"


def entry_id(article) -> str:
    item_id = article.metadata.get("item-id")
    return tag_uri(f"item/{item_id}" if item_id else f"post/{article.url}")


def updated(article) -> datetime:
    """The post's Modified (else Date), in the subject's time zone like every date shown."""
    when = getattr(article, "modified", None) or article.date
    tz = getattr(getattr(article, "local_date", None), "tzinfo", None)
    return when.astimezone(tz) if tz is not None and when.tzinfo else when


def _join(base: str, url: str) -> str:
    return f"{base.rstrip('/')}/{url.lstrip('/')}"


def write(path, feed) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        feed.write(f, "utf-8")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    """Without the characters XML 1.0 cannot hold (feedgenerator raises on them; the
    sanitizer decodes '&#11;' in a post into one), keeping Markup as Markup."""
    if text is None:
        return None
    clean = _XML_INVALID.sub("", str(text))
    return Markup(clean) if isinstance(text, Markup) else clean


def post_feed(kind: str, *, title: str, rel: str, domain: str, site_url: str,
              subtitle: str, articles: list):
    cls = AtomFeed if kind == "atom" else RssFeed
    feed = cls(title=title, link=_join(site_url, ""), feed_url=_join(domain, rel),
               description=subtitle, subtitle=subtitle, language="fr",
               feed_guid=tag_uri(f"feed/{rel}"), author_name="Megawatch")
    for article in articles[:MAX_ENTRIES]:  # newest first
        summary = article.metadata.get("summary") or ""
        content = None if kind == "rss" else xml_safe(Markup(article.content))
        title = xml_safe(Markup(article.title).striptags())  # plain text (striptags unescapes)
        if kind == "rss":  # readers often take an RSS title for HTML: escape it once more
            title = str(Markup.escape(title))
        feed.add_item(
            title=title,
            link=_join(site_url, article.url),
            unique_id=entry_id(article),
            unique_id_is_permalink=False,
            description=xml_safe(str(summary)) or None,
            content=content,
            categories=[*getattr(article, "services", [])] or None,
            author_name=article.metadata.get("source") or None,
            pubdate=getattr(article, "local_date", article.date),
            updateddate=updated(article),
        )
    return feed


def promise_feed(*, title: str, rel: str, domain: str, site_url: str, views: list, tz):
    """One entry per new or moved promised date, newest statement first."""
    feed = AtomFeed(title=title, link=_join(site_url, ""), feed_url=_join(domain, rel),
                    description="Chaque nouvelle date promise, et chaque date déplacée.",
                    subtitle="Chaque nouvelle date promise, et chaque date déplacée.",
                    language="fr", feed_guid=tag_uri(f"feed/{rel}"),
                    author_name="Megawatch")
    rows = []
    for view in views:
        for entry, before in view.moves:
            rows.append((entry.claim.stated_on, view.service.slug, entry, before, view))
    rows.sort(key=lambda r: (r[0], r[1], r[2].claim.earliest or r[0]), reverse=True)
    for stated_on, slug, entry, before, view in rows[:MAX_ENTRIES]:
        c = entry.claim
        window = frdates.window(c.earliest, c.latest)
        name = view.service.name
        if before is None:
            headline = f"{name} : première date promise, {window}"
            what = f"Première date promise pour {name} : {window}."
        else:
            b = before.claim
            old = frdates.window(b.earliest, b.latest)
            headline = f"{name} : date déplacée, {window}"
            what = f"La date promise pour {name} passe de « {old} » à « {window} »."
        said = f"Annoncé le {frdates.day(c.stated_on)}"
        if entry.source:
            said += f" ({entry.source})"
        html = (f"<p>{Markup.escape(what)}</p><p>{Markup.escape(said)}.</p>"
                f"<blockquote>{Markup.escape(c.quote)}</blockquote>")
        stamp = datetime.combine(c.stated_on, time(12), tz)
        feed.add_item(
            title=headline,
            link=_join(site_url, entry.url or f"services/{slug}/"),
            unique_id=tag_uri(f"promesse/{slug}/{c.stated_on}/{c.earliest}/{c.latest}"),
            description=what, content=Markup(html), categories=[name],
            pubdate=stamp, updateddate=stamp,
        )
    return feed
