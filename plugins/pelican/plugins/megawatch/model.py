"""The site's model between builds: Pelican's Article objects, stored.

A rebuild reads a post again only when its bytes changed. Pelican's reader
cache kept the Markdown output, but every post still went through Pelican's
Content set-up (URL settings expanded several times, metadata, time zones) and
our sanitizer, on every build: most of a rebuild's time at 10,000 posts. Here
the finished Article objects (as they are when Pelican's article generator is
done with them, before this plugin attaches claims and services) are pickled,
keyed by their source file's sha256 (the hashes the build's fingerprint already
computed, so the store survives a fresh checkout), and given back to Pelican's
article generator in place of reading the file.

The build's settings and the shared context are not stored with the objects:
they are written as references (pickle's persistent ids) and bound to the
running build's on loading. Everything else an Article depends on (settings
files, theme, plugin code, library versions) is in the build's global key,
stored with the objects: another key, nothing is reused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path

log = logging.getLogger(__name__)

FORMAT = 1


class _Pickler(pickle.Pickler):
    def __init__(self, file, live: dict):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._live = {id(obj): tag for tag, obj in live.items()}

    def persistent_id(self, obj):
        return self._live.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, live: dict):
        super().__init__(file)
        self._live = live

    def persistent_load(self, pid):
        return self._live[pid]


def _live(generator) -> dict:
    return {"settings": generator.settings, "context": generator.context}


def _group(rel: str) -> str:
    """Posts are stored by folder (content/<category>/<year>/): a new post
    rewrites the store of its folder only."""
    return rel.rsplit("/", 1)[0] if "/" in rel else ""


def _shard(folder: Path, group: str) -> Path:
    return folder / (hashlib.sha256(group.encode()).hexdigest()[:20] + ".pickle")


def load(folder: Path, key: str, generator) -> dict:
    """{path relative to content/: (sha256, Article)} stored under this global key."""
    found: dict = {}
    if not folder.is_dir():
        return found
    for shard in sorted(folder.glob("*.pickle")):
        try:
            with open(shard, "rb") as f:
                if pickle.load(f) != (FORMAT, key):
                    continue
                data = _Unpickler(f, _live(generator)).load()
        except Exception:  # a cache: any damage only costs reading the posts again
            continue
        if isinstance(data, dict):
            found.update(data)
    return found


def save(folder: Path, key: str, generator, entries: dict, old: dict) -> None:
    """Rewrite the shards whose posts changed; drop those of folders now empty."""
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[str, dict] = {}
    for rel, entry in entries.items():
        groups.setdefault(_group(rel), {})[rel] = entry
    before: dict[str, dict] = {}
    for rel, (sha, _) in old.items():
        before.setdefault(_group(rel), {})[rel] = sha
    wanted = set()
    for group, items in groups.items():
        shard = _shard(folder, group)
        wanted.add(shard.name)
        if shard.is_file() and before.get(group) == {rel: sha for rel, (sha, _) in items.items()}:
            continue
        tmp = shard.with_name(f".{shard.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                pickle.dump((FORMAT, key), f, protocol=pickle.HIGHEST_PROTOCOL)
                _Pickler(f, _live(generator)).dump(items)
            os.replace(tmp, shard)
        except Exception as exc:  # an object that cannot be pickled: not stored
            log.warning("site model not stored: %s", exc)
            tmp.unlink(missing_ok=True)
            shard.unlink(missing_ok=True)
    for shard in folder.glob("*.pickle"):
        if shard.name not in wanted:
            shard.unlink(missing_ok=True)


# Below this many posts to read, a second process costs more than it saves.
PARALLEL_MIN = 500


def _read_in_child(generator, files: list, fd: int) -> None:
    """In a forked child: read these posts as Pelican would (readers, content
    signals, sanitizer) and send the Article objects back through the pipe,
    settings and context as references. A post whose reading logs anything
    (a warning, an error) or fails is left out: the parent reads it again, so
    the message is logged, and counted, where a serial build logs it."""
    from pelican import signals
    from pelican.contents import Article
    from pelican.readers import SkipStub

    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: dies with the build
    except Exception:
        pass
    logged: list = []
    logging.Logger.callHandlers = lambda self, record: logged.append(record.levelno)
    found = {}
    for f in files:
        del logged[:]
        try:
            article = generator.readers.read_file(
                base_path=generator.path, path=f, content_class=Article,
                context=generator.context,
                preread_signal=signals.article_generator_preread, preread_sender=generator,
                context_signal=signals.article_generator_context, context_sender=generator)
            if isinstance(article, SkipStub) or logged or not article.is_valid() or logged:
                continue
        except Exception:
            continue
        found[f] = article
    with os.fdopen(fd, "wb") as out:
        _Pickler(out, _live(generator)).dump(found)


class Store:
    """The stored model of one build (see scrapers/site.py, BuildState.model_path):
    a folder of pickles, one per content folder."""

    def __init__(self, path: Path | None, key: str, hashes: dict):
        self.path, self.key, self.hashes = path, key, hashes
        self.old: dict = {}
        self.used: set[str] = set()
        self.read = 0  # posts Pelican reads (not in the store, or changed)
        self.child = None  # (pid, pipe, files) of the process reading beside this one
        self.theirs: dict | None = None

    def attach(self, generator) -> None:
        """Article generator created: load the store and answer its cache lookups."""
        self._live = _live(generator)
        if self.path is not None:
            self.old = load(self.path, self.key, generator)

        def get_cached_data(filename, default=None):
            rel = str(filename).replace(os.sep, "/")
            entry = self.old.get(rel)
            if entry is not None and entry[0] == self.hashes.get(rel):
                self.used.add(rel)
                return entry[1]
            self.read += 1
            if self.child is not None and filename in self.child[2]:
                return self._from_child().get(filename, default)
            return default

        generator.get_cached_data = get_cached_data
        self._fork_reader(generator)

    def _stored(self, filename) -> bool:
        rel = str(filename).replace(os.sep, "/")
        entry = self.old.get(rel)
        return entry is not None and entry[0] == self.hashes.get(rel)

    def _fork_reader(self, generator) -> None:
        """Many posts to read (a cold build): a forked child reads the second
        half, in Pelican's order, while this process reads the first half (the
        two cores; Markdown is most of a cold build's reading)."""
        if not hasattr(os, "fork") or self.path is None:
            return
        settings = generator.settings
        files = [f for f in generator.get_files(settings["ARTICLE_PATHS"],
                                                exclude=settings["ARTICLE_EXCLUDES"])
                 if not self._stored(f)]
        if len(files) < PARALLEL_MIN:
            return
        theirs = files[len(files) // 2:]
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns
            code = 0
            try:
                os.close(r)
                _read_in_child(generator, theirs, w)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(w)
        self.child = (pid, r, set(theirs))

    def _from_child(self) -> dict:
        """The child's articles (waits for them once); {} if it failed."""
        if self.theirs is None:
            pid, r, _ = self.child
            self.theirs = {}
            try:
                with os.fdopen(r, "rb") as f:
                    data = _Unpickler(f, self._live).load()
                if isinstance(data, dict):
                    self.theirs = data
            except Exception:  # the parent reads them itself
                pass
            finally:
                os.waitpid(pid, 0)
        return self.theirs

    def finish(self, generator) -> None:
        """Article generator done: store the articles of the folders that changed."""
        if self.child is not None:
            self._from_child()  # reaped, whatever Pelican asked for
        if self.path is None:
            return
        root = os.path.abspath(generator.path) + os.sep
        entries = {}
        for article in (*generator.articles, *generator.translations,
                        *generator.hidden_articles, *generator.hidden_translations,
                        *generator.drafts, *generator.drafts_translations):
            source = os.path.abspath(article.source_path)
            if not source.startswith(root):
                continue
            rel = source[len(root):].replace(os.sep, "/")
            sha = self.hashes.get(rel)
            if sha is not None:
                entries[rel] = (sha, article)
        if set(entries) == self.used and len(self.used) == len(self.old):
            return  # every article came from the store, and the store holds no other
        # Attributes set on the articles after they were made, for this build only.
        saved = {}
        for rel, (_, article) in entries.items():
            saved[rel] = article.translations
            article.translations = []
        try:
            save(self.path, self.key, generator, entries, self.old)
        finally:
            for rel, (_, article) in entries.items():
                article.translations = saved[rel]
