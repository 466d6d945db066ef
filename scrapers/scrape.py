"""One scraping run: every source of the tracker, one at a time.

Per item: relevance (is it about a tracked service?), full text (fetch the
article page when the feed only has a summary), claims, then an atomic post.
One broken source, page or item never stops the run: its error is recorded
in the source's result and the next one goes on.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from scrapers import claims as claims_mod
from scrapers import relevance
from scrapers.config import Tracker
from scrapers.errors import ConfigError, MegawatchError
from scrapers.models import Item
from scrapers.parse.text import repair_value
from scrapers.reextract import save_full_text
from scrapers.state import State, Status
from scrapers.store import PostStore, remove_stale_siblings, remove_stale_temp_files, run_lock

log = logging.getLogger(__name__)

from scrapers.fetch.x import X_TOKEN_HELP  # noqa: E402,F401  (re-exported)


@dataclass
class SourceResult:
    name: str
    kind: str
    fetched: int = 0
    not_modified: int = 0
    items: int = 0
    new_posts: int = 0
    irrelevant: int = 0
    duplicates: int = 0
    too_old: int = 0
    claims: int = 0           # automatic claims written: each one pending until confirmed
    item_errors: list[str] = field(default_factory=list)
    error: str = ""
    skipped: str = ""
    paths: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error

    def line(self) -> str:
        if self.skipped:
            return f"{self.name}: skipped: {self.skipped}"
        if self.error:
            return f"{self.name}: ERROR: {self.error}"
        parts = [f"{self.new_posts} new", f"{self.items} items",
                 f"{self.irrelevant} irrelevant", f"{self.duplicates} known"]
        if self.not_modified:
            parts.append(f"{self.not_modified} not modified")
        if self.item_errors:
            parts.append(f"{len(self.item_errors)} item errors")
        return f"{self.name}: " + ", ".join(parts)


@dataclass
class RunSummary:
    results: list[SourceResult]

    @property
    def new_posts(self) -> int:
        return sum(r.new_posts for r in self.results)

    @property
    def all_failed(self) -> bool:
        tried = [r for r in self.results if not r.skipped]
        return bool(tried) and all(r.error for r in tried)

    def line(self) -> str:
        failed = sum(1 for r in self.results if r.error)
        skipped = sum(1 for r in self.results if r.skipped)
        return (f"{len(self.results)} sources: {self.new_posts} new posts, "
                f"{failed} failed, {skipped} skipped")


class Pipeline:
    """Turns items into posts; shared by feeds, pages, tweets and archives."""

    def __init__(self, tracker: Tracker, store: PostStore, *, dry_run: bool = False,
                 since: date | None = None, texts_dir: Path | None = None):
        self.tracker, self.store, self.texts_dir = tracker, store, texts_dir
        self.dry_run, self.since = dry_run, since

    def services(self, item: Item) -> list[str]:
        """Relevance on everything known of the item: title, summary and full text."""
        on = item.published.date()
        body = "\n".join(x for x in (item.summary, item.text) if x)
        return relevance.is_relevant(item.title, body, self.tracker, on)

    def claims(self, item: Item) -> list:
        """The item's claims: ``extract`` drops those of a service its text shows
        is a look-alike (relevance already ruled them out of ``item.services``)."""
        text = "\n\n".join(x for x in (item.title, item.text or item.summary) if x)
        return claims_mod.extract(text, item.published, item.lang or None, self.tracker)

    def accept(self, item: Item, result: SourceResult,
               full_text: Callable[[Item], None] | None = None) -> None:
        """Full text, relevance, claims, post; errors stay with the item.

        When the source fetches article pages, the page is read before
        relevance is decided: a summary that names no service can hide an
        article about one, and a look-alike may be named only in the page.

        Nothing raised here reaches the source: an item that cannot be
        stored is skipped with one line naming the source and the item (for
        an X source, its cursor then moves past it, and the line says so).
        """
        result.items += 1
        try:
            self._repair(item, "")
            if self.since and item.published.date() < self.since:
                result.too_old += 1
                return
            if self.store.known(item.id):
                result.duplicates += 1
                return
            if full_text is not None:
                full_text(item)
                self._repair(item, " (article page)")
            item.services = self.services(item)
            if not item.services:
                result.irrelevant += 1
                return
            item.claims = self.claims(item)
            if not self.dry_run:
                if self.texts_dir and item.text:
                    save_full_text(self.texts_dir, item.id, item.text)
                result.paths.append(self.store.write(item))
            result.new_posts += 1
            result.claims += len(item.claims)
        except MegawatchError as exc:
            result.item_errors.append(str(exc))
            log.warning("%s", exc)
        except Exception as exc:  # one bad item never stops its source
            where = f"{result.name}: item {_label(item)}"
            after = "; the X cursor moves past it" if item.category == "tweets" else ""
            message = f"{where}: skipped ({type(exc).__name__}: {_short(exc)}){after}"
            result.item_errors.append(message)
            log.warning("%s", message)

    @staticmethod
    def _repair(item: Item, what: str) -> None:
        """Lone surrogates and control characters out of every text field."""
        counter = [0]
        for name in ("id", "source", "title", "url", "author", "summary", "text", "lang"):
            setattr(item, name, repair_value(getattr(item, name), counter))
        item.tags = repair_value(item.tags, counter)
        item.extra = repair_value(item.extra, counter)
        if counter[0]:
            log.warning("%s: item %s%s: %d bad characters replaced (lone surrogates, controls)",
                        item.source, _label(item), what, counter[0])


def _label(item: Item) -> str:
    return repr(item.id if len(item.id) <= 120 else item.id[:117] + "...")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run(tracker: Tracker, content: Path, *, state_path: Path, status_path: Path,
        only: Iterable[str] = (), dry_run: bool = False, since: date | None = None,
        fetcher=None, x_client=None, environ=None,
        progress: Callable[[int, int, str], None] | None = None) -> RunSummary:
    """Scrape the tracker's enabled sources (or only those named)."""
    from scrapers.sources import make_fetcher, scrape_source  # the per-kind readers

    only = list(only)
    names = [s.name for s in tracker.sources]
    unknown = [n for n in only if n not in names]
    if unknown:
        close = difflib.get_close_matches(unknown[0], names, n=1, cutoff=0.6)
        hint = (f", did you mean {close[0]!r}?" if close
                else f" (sources: {', '.join(map(repr, names))})")
        raise ConfigError(str(tracker.path),
                          f"--source: no source named {', '.join(map(repr, unknown))}{hint}")
    sources = [s for s in tracker.sources if (s.name in only if only else s.enabled)]
    with run_lock(state_path):
        state = State.load(state_path)
        remove_stale_siblings(status_path)
        texts_dir = status_path.parent / "texts"
        if texts_dir.is_dir():  # full texts of a killed run: '.<name>.XXXX.tmp'
            removed = remove_stale_temp_files(texts_dir)
            if removed:
                log.info("%s: removed %d temp files of an interrupted run", texts_dir, removed)
        status = Status.load(status_path)
        if fetcher is None:
            fetcher = make_fetcher(tracker, status)
            # Only the sources that opted in may reach loopback/private addresses.
            fetcher.allow_private = frozenset(s.name for s in tracker.sources
                                              if s.allow_private)
        store = PostStore(content, state)
        pipeline = Pipeline(tracker, store, dry_run=dry_run, since=since,
                            texts_dir=texts_dir)
        results = []
        for i, source in enumerate(sources):
            if progress:
                progress(i, len(sources), source.name)
            result = SourceResult(source.name, source.kind)
            try:
                scrape_source(source, pipeline, result, state=state, fetcher=fetcher,
                              x_client=x_client, environ=environ)
            except MegawatchError as exc:
                # The line already starts with the source's name: don't say it twice.
                result.error = exc.message if exc.source == source.name else str(exc)
            except Exception as exc:  # a bug must not stop the other sources
                log.exception("%s: unexpected error", source.name)
                result.error = f"unexpected {type(exc).__name__}: {exc}"
            results.append(result)
            if not result.skipped:
                status.note(source.name, when=_now_iso(), ok=result.ok, error=result.error,
                            fetches=result.fetched, not_modified=result.not_modified,
                            new_posts=result.new_posts)
            if not dry_run:
                state.save()
                status.save()
        if progress:
            progress(len(sources), len(sources), "")
    return RunSummary(results)
