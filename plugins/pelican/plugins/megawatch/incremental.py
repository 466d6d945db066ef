"""The writer of incremental builds (see scrapers/site.py).

Before rendering a post page it asks the running build's ``Reuse`` (found
through the setting MEGAWATCH_BUILD) whether the previous output holds that page for the same
inputs; if so the page is hard-linked instead of rendered. So are the pages
that only list posts (the home pages after the first, the category pages, a
service's pages after the first): the caller passes ``megawatch_listing=(posts,
extra)``, the posts the page shows in their order and whatever else of the
page is not global (its number, the page count...); their key is made of the
posts' digests. Every other page (the first home page and service pages, with
their countdowns, the promises, sources...) is rendered on every build: they
depend on the day, on the status file or on every post.

A post page's key covers what its template reads from the post: the source
file's bytes (metadata included), the rendered and sanitized content (so a
link resolved to another post is covered), the claims and services the plugin
attached, its URL and template. Everything global (settings, tracker.toml,
theme, code, library versions) is in the build's global key, which discards
the previous output when it changes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from pathlib import Path

from jinja2 import BytecodeCache

from markupsafe import Markup
from pelican.writers import Writer

from scrapers import site


def state(settings):
    """The running build's BuildState, or None (a plain `pelican` run)."""
    return site.RUNNING.get(settings.get("MEGAWATCH_BUILD") or "")


# Attributes Pelican sets after a post is created, not shown by our templates
# (translations: other Content objects, with no stable repr).
_NOT_KEYED = {"override_url", "override_save_as", "translations", "_megawatch_own",
              "_megawatch_digest"}


def note_attributes(content) -> None:
    content._megawatch_own = frozenset(vars(content))


def digest(article, source_hashes: dict) -> str:
    """What the post shows, in one hash (computed once per build). Beyond the
    source and the rendered content, every attribute attached to the post
    after Pelican made it (the plugin's claims and services, and anything added
    later) counts through its repr: an object without a stable repr changes the
    key at every build, which only costs a render."""
    known = getattr(article, "_megawatch_digest", None)
    if known is not None:
        return known
    h = hashlib.sha256()
    own = getattr(article, "_megawatch_own", frozenset())
    attached = [f"{k}={v!r}" for k, v in sorted(vars(article).items())
                if k not in own and k not in _NOT_KEYED]
    # The rendered content differs from the stored one only by intrasite links
    # ({filename}...), resolved against the other posts: without any, the
    # stored one is the content, and resolving it again for every post is spared.
    raw = article._content or ""
    content = raw if not article._get_intrasite_link_regex().search(raw) else (
        article.content or "")
    for part in (article.url, source_hashes.get(article.relative_source_path, ""),
                 content, *attached):
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    article._megawatch_digest = h.hexdigest()
    return article._megawatch_digest


def page_key(name: str, article, template_name: str, source_hashes: dict) -> str:
    return hashlib.sha256(f"{template_name}\0{name}\0{digest(article, source_hashes)}"
                          .encode()).hexdigest()


def listing_key(names: list[str], template_name: str, posts: list, extra,
                source_hashes: dict) -> str:
    """The key of a page (or of all the pages of one pagination) that only lists
    posts: its file names, template, the digest of each post shown, in order,
    and ``extra`` (its number, its page count, a category's name...) by repr."""
    h = hashlib.sha256(f"{template_name}\0{names!r}\0{extra!r}".encode())
    for article in posts:
        h.update(digest(article, source_hashes).encode() + b"\0")
    return h.hexdigest()


def _fragment(build, macro, article, level, siteurl) -> str:
    """The macro's output for that post, heading level and page depth, from this
    build's or the previous build's fragments when the post's digest is the same."""
    key = (macro.name, digest(article, build.source_hashes), str(level), str(siteurl))
    packed = build.fragments.get(key) or build.fragments_old.get(key)
    if packed is None:
        html = str(macro(article, level))
        packed = zlib.compress(html.encode("utf-8"), 1)
    else:
        html = zlib.decompress(packed).decode("utf-8")
    build.fragments[key] = packed
    return html


def fragments(settings):
    """The Jinja global megawatch_fragments(macro, articles, level, siteurl): the
    macro's output for each post and heading level, on a page whose relative
    SITEURL is siteurl, one after the other; each from this build's or the
    previous build's fragments when the post's digest is the same. Kept
    compressed (zlib, level 1): 33,000 fragments of a 10,000-post site take
    15 MB instead of 100. One call for a page's hundred entries (two macro calls
    for each entry were most of the time of rendering a listing page)."""
    def megawatch_fragments(macro, articles, level, siteurl):
        build = state(settings)
        if build is None:
            return Markup("".join(str(macro(a, level)) for a in articles))
        return Markup("".join(_fragment(build, macro, a, level, siteurl) for a in articles))

    return megawatch_fragments


class ReusingWriter(Writer):
    def _paginated_names(self, name, url, paginated, template_name, kwargs) -> list[str]:
        """The files write_file writes for ``name``: its pages when Pelican
        paginates it (same rule and Paginator as Pelican's Writer), else name."""
        from pelican.paginator import Paginator

        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            return [name]
        per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                    or self.settings["DEFAULT_PAGINATION"])
        pages = Paginator(name, url, next(iter(paginated.values())), self.settings, per_page)
        return [pages.page(n).save_as for n in range(1, pages.num_pages + 1)]

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        build = state(self.settings)
        listing = kwargs.pop("megawatch_listing", None)
        if build is not None and listing is not None and name:
            names = self._paginated_names(name, url, paginated, template_name, kwargs)
            key = listing_key(names, getattr(template, "name", "") or "", listing[0],
                              listing[1], build.source_hashes)
            if build.reuse.link_all(names, key):
                return None
        article = kwargs.get("article")
        if build is not None and article is not None and name and not paginated:
            key = page_key(name, article, getattr(template, "name", "") or "",
                           build.source_hashes)
            if build.reuse.link(name, key):
                return None
        return super().write_file(name, template, context, relative_urls=relative_urls,
                                  paginated=paginated, template_name=template_name,
                                  override_output=override_output, url=url, **kwargs)


def get_writer(pelican):
    return ReusingWriter


class TemplateCode(BytecodeCache):
    """Compiled templates, shared by every generator of a build and kept between
    builds. Pelican gives each generator its own Jinja environment, so every
    template was compiled once per generator, on every build. Jinja checks each
    entry against its template's source (a checksum) and its own format; the
    store also carries the build's global key (Jinja options live in the
    settings)."""

    def __init__(self, path: Path | None, key: str):
        self.path, self.key, self.code, self.dirty = path, key, {}, False
        try:
            with open(path, "rb") as f:
                stored = pickle.load(f)
            if stored[0] == key:
                self.code = stored[1]
        except Exception:  # absent or damaged: compile again
            pass

    def load_bytecode(self, bucket):
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((self.key, self.code), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)

