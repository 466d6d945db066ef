"""Build the site: Pelican with our settings, then the Pagefind search index.

The build reads only the clone (content, tracker.toml, theme); it never
touches the network. Same content and same 'now' give the same output/.

Incremental, and safe to kill:

* Every input is fingerprinted (content, tracker.toml, the status file, theme,
  settings, plugin and package code, library versions, and the day of 'now'
  in the subject's time zone). Same fingerprint as the last build, and an
  output/ that is still the one that build wrote: nothing to do.
* Otherwise the site is written into a fresh temporary folder beside output/
  and swapped in at the end. A post page whose inputs did not change (its
  source, its rendered content and claims, and everything global) is
  hard-linked from the previous output instead of being rendered; so is the
  search index when no indexed page changed. The site's model (Pelican's
  Article objects, see plugins/pelican/plugins/megawatch/model.py), checked with content
  hashes rather than mtimes, is kept in the cache folder
  (``.megawatch/build-cache/`` beside tracker.toml), so an unchanged post is
  not read again, and the store survives a fresh checkout when that folder is
  cached. The result is byte-identical to a cold
  build with the same inputs (tests/test_build_incremental.py).
* Pagefind runs as a child that the kernel kills if the build dies
  (PR_SET_PDEATHSIG), SIGTERM unwinds the build, and a killed build leaves
  only its temporary folder, which the next build removes: output/ is either
  the previous site or the new one, never a mix.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Callable

from scrapers import config as config_mod
from scrapers.errors import MegawatchError
from scrapers.state import default_status_path

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
# Bump to invalidate every cache when the layout of the manifest changes.
CACHE_FORMAT = 1
# Libraries whose version changes what the build writes.
LIBRARIES = ("pelican", "markdown", "jinja2", "markupsafe", "nh3", "babel", "feedgenerator",
             "icalendar", "pagefind", "pagefind_bin", "tzdata")
# Environment variables the settings files read.
SETTINGS_ENV = ("MEGAWATCH_SITEURL", "MEGAWATCH_FEED_DOMAIN", "MEGAWATCH_CONFIG",
                "MEGAWATCH_NOW")
# The search index, in Pagefind bundles that the search page merges (mergeIndex):
# "pagefind" indexes the service pages (whose countdowns and ledgers change with
# the day; 8 pages, indexed in a blink) and serves the UI; the posts are split by
# years: the newest year alone ("pagefind-2026"), the older ones in groups of
# consecutive years of at most SHARD_POSTS posts ("pagefind-2011-2014"), indexed
# one bundle at a time. A bundle whose pages did not change is reused, so a new
# post re-indexes only its year, and the indexer's memory is bounded by the
# group size, not by the corpus.
SERVICES_BUNDLE = "pagefind"
SERVICES_GLOB = "services/*/index.html"
SHARD_POSTS = 1000


# The stages build() reports through its progress callback, in order.
BUILD_STAGES = ("fingerprint", "pelican", "search", "swap")


@dataclass
class BuildReport:
    output: Path
    seconds: float
    posts: int
    services: int
    claims: int
    files: int
    mode: str = "cold"          # cold, incremental, unchanged
    rendered: int = 0           # post pages rendered
    reused: int = 0             # post pages linked from the previous output
    read: int | None = None     # posts read by Pelican, the others came from the stored model


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


# -- fingerprint ---------------------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree_digest(root: Path, pattern: str = "*") -> str:
    """One hash over the relative paths and bytes of every file under root."""
    h = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()
                           and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def content_hashes(content: Path, known: dict | None = None,
                   stats: dict | None = None) -> dict[str, str]:
    """{relative path: sha256} of every file under content/.

    ``known``: {path: [inode, size, mtime_ns, ctime_ns, sha256]} of the last
    build; a file whose four stamps are all the same is not read again (any
    write changes its ctime, which nobody can set back; a fresh checkout has
    new inodes, so everything is read). ``stats`` receives this build's."""
    known = known or {}
    hashes = {}
    for rel, st in sorted(_files(Path(content))):
        stamp = [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        record = known.get(rel)
        if isinstance(record, list) and record[:4] == stamp:
            sha = record[4]
        else:
            sha = _sha((Path(content) / rel).read_bytes())
        hashes[rel] = sha
        if stats is not None:
            stats[rel] = [*stamp, sha]
    return hashes


def _versions() -> str:
    found = [f"python {sys.version_info[:3]}"]
    for name in LIBRARIES:
        try:
            found.append(f"{name} {importlib_metadata.version(name)}")
        except importlib_metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return ";".join(found)


def global_key(*, config_path: Path, settings_file: Path, override: dict,
               root: Path = ROOT) -> str:
    """Everything but the posts, the status file and 'now': when it changes,
    nothing of the previous build is reused (nor the stored model)."""
    parts = {
        "format": CACHE_FORMAT,
        "config": _sha(Path(config_path).read_bytes()),
        "settings_file": str(settings_file),
        "settings_self": _sha(Path(settings_file).read_bytes()),
        "settings": {p.name: _sha(p.read_bytes()) for p in sorted(root.glob("*conf.py"))},
        "env": {k: os.environ.get(k) for k in SETTINGS_ENV if k != "MEGAWATCH_NOW"},
        "override": {k: v for k, v in sorted(override.items()) if k not in VOLATILE},
        "theme": _tree_digest(root / "theme"),
        "plugins": _tree_digest(root / "plugins", "*.py"),
        "package": _tree_digest(root / "scrapers", "*.py"),
        "versions": _versions(),
    }
    return _sha(json.dumps(parts, sort_keys=True, default=str).encode())


def fingerprint(*, global_: str, content_hashes: dict, status_path: Path, now: datetime,
                tz, search: bool) -> str:
    """The whole build's inputs: the global key, every post's bytes, the status
    file (the Sources page), whether the search index is built, and the day of
    'now' in the subject's time zone (countdowns move once a day there)."""
    return _sha(json.dumps({
        "global": global_, "content": content_hashes, "search": search,
        "status": _sha(status_path.read_bytes()) if status_path.is_file() else None,
        "day": day_of(now, tz),
    }, sort_keys=True).encode())


# Overrides that change from build to build without changing global inputs.
VOLATILE = {"OUTPUT_PATH", "MEGAWATCH_NOW", "MEGAWATCH_BUILD", "CACHE_PATH",
            "LOAD_CONTENT_CACHE", "CACHE_CONTENT", "DELETE_OUTPUT_DIRECTORY"}


@dataclass
class BuildState:
    """What the plugin needs from the running build. Kept out of Pelican's
    settings (which are pickled along with every stored article): the
    settings only hold a token, MEGAWATCH_BUILD, to look it up in RUNNING."""

    reuse: "Reuse"
    source_hashes: dict         # {path relative to content/: sha256}
    stats: dict
    indexer: "Indexer | None" = None
    content_root: str = ""      # absolute path of content/
    fragments_old: dict = field(default_factory=dict)  # timeline entries of the last build
    fragments: dict = field(default_factory=dict)      # ... of this one
    global_key: str = ""
    model_path: Path | None = None  # the stored Article objects (plugins/pelican/plugins/megawatch/model.py)
    model: object = None            # its Store, made by the plugin
    templates_path: Path | None = None  # compiled templates (plugins/pelican/plugins/megawatch/incremental.py)
    templates: object = None

    def relative(self, path: str) -> str | None:
        """A content file's path relative to content/ (posix), or None."""
        root = self.content_root + os.sep
        if path.startswith(root):
            return path[len(root):].replace(os.sep, "/")
        return None


RUNNING: dict[str, BuildState] = {}


def resolve_now(setting: str | None, environ=os.environ) -> datetime:
    """The build's 'now': the setting, else SOURCE_DATE_EPOCH, else the clock."""
    if setting:
        now = datetime.fromisoformat(str(setting))
        return now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def day_of(now: datetime, tz) -> str:
    return now.astimezone(tz).date().isoformat()


# -- reuse of the previous output ----------------------------------------------------------

class Reuse:
    """What the previous build wrote, and what this one may take from it.

    The plugin's writer asks ``link(name, key)`` before rendering a post page:
    when the previous build wrote ``name`` for the same key and that file is
    still untouched in the previous output, the new folder gets that very file
    (the old output is never written to, so sharing the inode is safe).

    The new folder starts as the spare: the output before the last one, kept
    by the last build instead of being deleted (see ``_carry``). Its post pages
    and search bundles that are still the previous output's files (same inode)
    are ``carried``: a page reused again costs nothing, where linking it cost a
    folder and a link now and their removal later (most of a rebuild's file
    system time at 10,000 posts). A carried file this build does not claim is
    removed before anything reads the folder, and one it writes anew is
    unlinked first: writing into it would write into the live output.
    """

    def __init__(self, previous: dict, old_output: Path, new_output: Path,
                 carried: dict | None = None):
        self.previous_keys: dict[str, str] = previous.get("pages", {})
        self.previous_files: dict[str, list] = previous.get("files", {})
        self.old, self.new = old_output, new_output
        self.keys: dict[str, str] = {}
        self.linked = self.rendered = 0
        self.carried: dict[str, int] = carried or {}  # rel -> inode
        self.claimed: set[str] = set()

    def unchanged(self, rel: str) -> bool:
        """The previous output's file is the one the previous build wrote."""
        record = self.previous_files.get(rel)
        if record is None:
            return False
        try:
            st = (self.old / rel).stat()
        except OSError:
            return False
        return [st.st_size, st.st_mtime_ns, st.st_ino] == record[1:4]

    def place(self, rel: str) -> bool:
        """Put the previous output's (unchanged) file at rel in the new folder."""
        if self.carried.get(rel) == self.previous_files[rel][3]:
            self.claimed.add(rel)
            return True
        self.clear(rel)
        try:
            os.link(self.old / rel, self.new / rel)
        except FileNotFoundError:  # its folder first (os, not pathlib: 10,000 of them)
            folder = os.path.dirname(self.new / rel)
            os.makedirs(folder, exist_ok=True)
            try:
                os.link(self.old / rel, self.new / rel)
            except OSError:
                return False
        except OSError:
            return False
        return True

    def clear(self, rel: str) -> None:
        """rel is about to be written: a carried file there goes first."""
        if self.carried.pop(rel, None) is not None:
            (self.new / rel).unlink(missing_ok=True)

    def clear_tree(self, prefix: str) -> None:
        for rel in [r for r in self.carried if r.startswith(prefix)]:
            self.clear(rel)

    def sweep(self, select=None) -> None:
        """Remove the carried files (those ``select`` accepts) nobody claimed:
        pages of deleted posts, bundles no longer made."""
        folders = set()
        for rel in [r for r in self.carried if r not in self.claimed
                    and (select is None or select(r))]:
            self.clear(rel)
            folders.add(rel.rsplit("/", 1)[0])
        _remove_empty(self.new, folders)

    def link_all(self, rels: list[str], key: str) -> bool:
        """Pages that only list posts (one page, or every page of one
        pagination): linked together when the previous build wrote all of
        them for this key and they are untouched, else all rendered. Not
        counted among the post pages (``rendered``, ``linked``)."""
        for rel in rels:
            self.keys[rel] = key
        if all(self.previous_keys.get(rel) == key and self.unchanged(rel) for rel in rels):
            placed = []
            for rel in rels:
                if not self.place(rel):
                    break
                placed.append(rel)
            else:
                return True
            for rel in placed:  # rendered after all: never written through a link
                self.claimed.discard(rel)
                self.carried.pop(rel, None)
                (self.new / rel).unlink(missing_ok=True)
        for rel in rels:
            self.clear(rel)
        return False

    def link(self, rel: str, key: str) -> bool:
        """One post page: linked as :meth:`link_all` links a listing, and counted."""
        if self.link_all([rel], key):
            self.linked += 1
            return True
        self.rendered += 1
        return False


def _remove_empty(root: Path, folders) -> None:
    """Remove these folders under root, and their parents, while empty."""
    for folder in sorted(folders, key=lambda f: -f.count("/")):
        while folder:
            try:
                os.rmdir(root / folder)
            except OSError:
                break
            folder = folder.rpartition("/")[0]


def _carryable(rel: str) -> bool:
    """Files a rebuild may find in the spare folder and keep: post pages and
    search bundles (the bulk of the site, and of its files)."""
    return _post_year(rel) is not None or (
        "/" in rel and rel.split("/", 1)[0].startswith(SERVICES_BUNDLE))


def _carry(temp: Path, previous_files: dict) -> dict:
    """Clean the spare folder (now temp) down to the files that are still the
    previous output's (same inode as recorded), among those that may be
    carried; everything else goes. {rel: inode} of what is left."""
    carried, folders = {}, set()
    for name in RETAINED:
        target = temp / name
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
    for rel, st in _files(temp):
        record = previous_files.get(rel)
        if record is not None and record[3] == st.st_ino and _carryable(rel):
            carried[rel] = st.st_ino
        else:
            (temp / rel).unlink(missing_ok=True)
            if "/" in rel:
                folders.add(rel.rsplit("/", 1)[0])
    _remove_empty(temp, folders)
    return carried


def _known_hashes(previous_files: dict) -> dict:
    """(inode, size, mtime_ns) -> sha256 of the previous output's files: a file
    hard-linked from it keeps its recorded hash without being read again."""
    return {(rec[3], rec[1], rec[2]): rec[0] for rec in previous_files.values()}


def _files(root: Path, tops: tuple[str, ...] | None = None):
    """(relative posix path, stat) of every file under root, or under its
    top-level folders ``tops``; os.scandir, several times faster than
    Path.rglob and Path.stat over tens of thousands of files."""
    stack = [(root / top, top + "/") for top in tops] if tops is not None else [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir():
                stack.append((entry.path, rel + "/"))
            elif entry.is_file():
                yield rel, entry.stat()


def _manifest(root: Path, known: dict, select=None) -> dict:
    """{relative path: [sha256, size, mtime_ns, inode]} of the files under root
    (those ``select(rel)`` accepts). Only the pages the search index reads are
    hashed (their hashes key the index); the others are recorded by their stat,
    which is all that reusing or trusting them needs. ``known`` maps a stat to
    a hash already computed (read and completed)."""
    files = {}
    tops = ("posts", "services") if select is _indexed else None
    for rel, st in sorted(_files(root, tops)):
        if select is not None and not select(rel):
            continue
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        sha = known.get(stamp)
        if sha is None:
            sha = known[stamp] = _sha((root / rel).read_bytes()) if _indexed(rel) else ""
        files[rel] = [sha, st.st_size, st.st_mtime_ns, st.st_ino]
    return files


def _output_intact(output: Path, files: dict) -> bool:
    """output/ holds exactly the files the last build recorded, untouched."""
    if not output.is_dir():
        return False
    seen = 0
    for rel, st in _files(output):
        record = files.get(rel)
        if record is None:
            if rel.split("/", 1)[0] in RETAINED:
                continue
            return False
        if [st.st_size, st.st_mtime_ns, st.st_ino] != record[1:4]:
            return False
        seen += 1
    return seen == len(files)


def post_bundles(year_counts: dict[int, int], limit: int = SHARD_POSTS) -> list[tuple[str, list[int]]]:
    """[(bundle name, [years])]: the newest year alone (new posts land there, so
    they re-index only it), the older ones grouped oldest first while a group
    holds at most `limit` posts (a bigger year is a group alone). Grouping from
    the oldest year keeps the older groups stable as posts arrive."""
    years = sorted(year_counts)
    groups: list[list[int]] = []
    total = 0
    for year in years[:-1]:
        n = year_counts[year]
        if groups and total + n <= limit:
            groups[-1].append(year)
            total += n
        else:
            groups.append([year])
            total = n
    if years:
        groups.append([years[-1]])
    return [(f"pagefind-{g[0]}" + (f"-{g[-1]}" if len(g) > 1 else ""), g) for g in groups]


def _post_year(rel: str) -> int | None:
    """posts/<year>/<slug>/index.html -> year (ARTICLE_SAVE_AS)."""
    parts = rel.split("/")
    if len(parts) >= 3 and parts[0] == "posts" and parts[1].isdigit() and rel.endswith("/index.html"):
        return int(parts[1])
    return None


def _is_service_page(rel: str) -> bool:
    return rel.startswith("services/") and rel.count("/") == 2 and rel.endswith("/index.html")


def bundles_for(pages) -> dict[str, str]:
    """{bundle name: Pagefind glob} for these page paths."""
    counts: dict[int, int] = {}
    for rel in pages:
        year = _post_year(rel)
        if year is not None:
            counts[year] = counts.get(year, 0) + 1
    found = {SERVICES_BUNDLE: SERVICES_GLOB}
    for name, years in post_bundles(counts):
        found[name] = "posts/{" + ",".join(map(str, years)) + "}/**/index.html" \
            if len(years) > 1 else f"posts/{years[0]}/**/index.html"
    return found


def _index_keys(files: dict, bundles: dict[str, str]) -> dict[str, str]:
    """Per bundle, a key over the pages it reads (and Pagefind's version)."""
    year_bundle = {}
    for name, glob in bundles.items():
        if name != SERVICES_BUNDLE:
            inner = glob.split("/")[1].strip("{}")
            for year in inner.split(","):
                year_bundle[int(year)] = name
    hashes = {name: hashlib.sha256(f"{_versions()}\0{glob}".encode())
              for name, glob in bundles.items()}
    for rel in sorted(files):
        year = _post_year(rel)
        bundle = year_bundle.get(year) if year is not None else (
            SERVICES_BUNDLE if _is_service_page(rel) else None)
        if bundle:
            hashes[bundle].update(rel.encode() + b"\0" + files[rel][0].encode())
    return {name: h.hexdigest() for name, h in hashes.items()}


# -- processes and folders ------------------------------------------------------------------

RETAINED = (".git", ".nojekyll", "CNAME")  # kept across builds, like OUTPUT_RETENTION


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGKILL when the build dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the SIGTERM handler and cleanup still apply
        pass


# Files of Pagefind's own UI: the search page loads them from /pagefind/ only.
# A merged bundle needs its entry, meta, index and fragments only: the search
# runs in the primary bundle's script and worker (pagefind.js imports no other
# bundle's copy, and its one shared worker comes from /pagefind/), and a merged
# index is opened without its own WebAssembly (mergeIndex passes load_wasm:
# false). Their script, worker and wasm (159 KB a bundle, 2.5 MB at 10,000
# posts) are never fetched.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
            "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
            "pagefind-highlight.js")
ENGINE_FILES = ("pagefind.js", "pagefind-worker.js")


# Pagefind's fallback for pages of no known language: every page is indexed as
# French (--force-language fr), every bundle's entry names the French module,
# so this one is never loaded (68 KB a bundle).
UNUSED_FILES = ("wasm.unknown.pagefind",)


def _drop_ui(bundle: Path) -> None:
    """A merged bundle keeps its index only (see UI_FILES)."""
    for name in (*UI_FILES, *ENGINE_FILES):
        (bundle / name).unlink(missing_ok=True)
    for wasm in bundle.glob("wasm.*.pagefind"):
        wasm.unlink()


def _drop_unused(bundle: Path) -> None:
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)


def _pagefind_exe() -> list[str]:
    """Pagefind's own executable (from the pinned pagefind_bin wheel), started
    directly: ``python -m pagefind`` costs an interpreter start per bundle."""
    try:
        from pagefind_bin import get_executable

        exe = Path(get_executable())
        if exe.is_file() and os.access(exe, os.X_OK):
            return [str(exe)]
    except Exception:  # another packaging of Pagefind: its Python entry point
        pass
    return [sys.executable, "-m", "pagefind"]


def _pagefind_cmd(output: Path, bundle: str, glob: str) -> list[str]:
    return [*_pagefind_exe(), "--site", str(output), "--force-language", "fr",
            "--glob", glob, "--output-subdir", bundle, "--quiet"]


def _indexed(rel: str) -> bool:
    return _post_year(rel) is not None or _is_service_page(rel)


def pagefind(output: Path) -> None:
    """Index the post and service pages for offline full-text search (French)."""
    indexer = Indexer(output)
    pages = [p.relative_to(output).as_posix() for p in output.rglob("index.html")]
    indexer.bundles = bundles_for(pages)
    indexer.launch(list(indexer.bundles))
    indexer.wait()


class Indexer:
    """The search index of one build, made beside Pelican.

    ``start()`` is called (by the plugin, through the build's state) as soon as
    every indexed page is written. Each bundle (see SHARD_POSTS above) whose pages
    did not change is hard-linked from the previous output; the others are
    indexed by Pagefind, one bundle at a time, in a thread, while Pelican writes
    the home, feeds and JSON files on the other core. ``finish()`` waits.
    Each child gets SIGKILL from the kernel if the build dies (PR_SET_PDEATHSIG
    fires when the thread that started it ends, and that thread waits for it).
    """

    def __init__(self, temp: Path, output: Path | None = None, previous: dict | None = None,
                 known: dict | None = None, reuse: Reuse | None = None):
        self.temp, self.output = temp, output
        self.reuse = reuse
        self.previous = previous or {}
        self.known = known if known is not None else {}
        self.started = False
        self.keys: dict[str, str] = {}
        self.bundles: dict[str, str] = {}
        self.current: subprocess.Popen | None = None
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        reuse = self.reuse
        if reuse is None and self.output is not None:
            reuse = Reuse(self.previous, self.output, self.temp)
        if reuse is not None:
            reuse.sweep(lambda rel: _post_year(rel) is not None)  # pages of deleted posts
        pages = _manifest(self.temp, self.known, select=_indexed)
        self.bundles = bundles_for(pages)
        self.keys = _index_keys(pages, self.bundles)
        before = self.previous.get("index") or {}
        todo = []
        for bundle, key in self.keys.items():
            old = [rel for rel in self.previous.get("files", {})
                   if rel.startswith(bundle + "/")]
            if (old and reuse is not None and isinstance(before, dict)
                    and before.get(bundle) == key and all(reuse.unchanged(rel) for rel in old)
                    and all(reuse.place(rel) for rel in old)):
                continue
            if reuse is not None:
                reuse.clear_tree(bundle + "/")
            shutil.rmtree(self.temp / bundle, ignore_errors=True)
            todo.append(bundle)
        self.launch(todo)

    def launch(self, bundles: list[str]) -> None:
        self.started = True
        if bundles:
            self.thread = threading.Thread(target=self._run, args=(bundles,), daemon=True)
            self.thread.start()

    def _run(self, bundles: list[str]) -> None:
        try:
            for bundle in bundles:
                if self.stopped.is_set():
                    return
                proc = self.current = subprocess.Popen(
                    _pagefind_cmd(self.temp, bundle, self.bundles[bundle]),
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    preexec_fn=_die_with_parent if os.name == "posix" else None)
                _, stderr = proc.communicate()
                if proc.returncode != 0 and not self.stopped.is_set():
                    raise MegawatchError(str(self.temp),
                                         f"pagefind failed: {stderr.strip()[-500:]}")
                if bundle != SERVICES_BUNDLE:
                    _drop_ui(self.temp / bundle)
                _drop_unused(self.temp / bundle)
        except BaseException as exc:  # handed to the main thread by wait()
            self.error = exc

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error

    def finish(self) -> None:
        self.start()
        self.wait()

    def kill(self) -> None:
        self.stopped.set()
        proc = self.current
        if proc is not None and proc.poll() is None:
            proc.kill()
        if self.thread is not None:
            self.thread.join(timeout=10)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(output: Path) -> None:
    """Temporary folders left by a build that was killed (its process is gone)."""
    for path in [*output.parent.glob(f".{output.name}.*-*"),
                 *output.parent.glob(f"{output.name}.tmp-*")]:
        kind, _, pid = path.name.rpartition("-")
        if not kind.endswith((".tmp", ".old")) or not pid.isdigit():
            continue
        if int(pid) != os.getpid() and _pid_alive(int(pid)):
            continue  # another build is running
        shutil.rmtree(path, ignore_errors=True)


class _TermAsExit:
    """SIGTERM unwinds the build like Ctrl-C does (finally blocks run)."""

    def __enter__(self):
        self.old = None
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGTERM, self._raise)
        return self

    @staticmethod
    def _raise(signum, frame):
        raise SystemExit(128 + signum)

    def __exit__(self, *exc):
        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
        return False


def spare_path(output: Path) -> Path:
    """The output before the current one, kept for the next build (see Reuse)."""
    return output.with_name(f".{output.name}.spare")


def _swap(temp: Path, output: Path, keep: Path | None = None) -> None:
    """Put temp in place of output; what output retained (.git, CNAME) moves along.
    The old output becomes ``keep`` (the spare), or is deleted."""
    if output.exists():
        for name in RETAINED:
            if (output / name).exists() and not (temp / name).exists():
                os.rename(output / name, temp / name)
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        os.rename(output, old)
        os.rename(temp, output)
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
            try:
                os.rename(old, keep)
                return
            except OSError:
                pass
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(temp, output)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _read_pickle(path: Path) -> dict:
    """The timeline fragments of the last build ({} if absent or unreadable)."""
    try:
        with open(path, "rb") as f:
            data = pickle.load(f)
    except Exception:  # a cache: any damage only costs renders
        return {}
    return data if isinstance(data, dict) else {}


def _write_pickle(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def default_cache(config_path: Path) -> Path:
    return Path(config_path).resolve().parent / ".megawatch" / "build-cache"


# -- the build -------------------------------------------------------------------------------

def build(*, config_path: Path, content: Path, output: Path, now: datetime | None = None,
          publish: bool = False, settings_file: Path | None = None,
          search: bool = True, cache: Path | None = None, cold: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build content into output. ``cache``: the build cache folder (default
    ``.megawatch/build-cache`` beside the config); ``cold``: ignore it.
    ``progress(stage)`` is told each stage as it starts (BUILD_STAGES)."""
    step = progress or (lambda stage: None)
    started = time.perf_counter()
    step("fingerprint")
    config_path, content, output = Path(config_path), Path(content), Path(output).resolve()
    tracker = config_mod.load(config_path)
    settings_file = Path(settings_file or ROOT / ("publishconf.py" if publish else
                                                  "pelicanconf.py")).resolve()
    cache = Path(cache).resolve() if cache else default_cache(config_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(output)
    remove_stale(cache / "pelican")  # work copies of the reader cache of older builds

    override = {
        "PATH": str(content.resolve()),
        "MEGAWATCH_CONFIG": str(config_path.resolve()),
        "TIMEZONE": tracker.subject.timezone,
        "SITESUBTITLE": f"Les promesses de lancement de {tracker.subject.name}, datées et suivies",
    }
    if now is not None:
        override["MEGAWATCH_NOW"] = now.isoformat()
    effective_now = resolve_now(override.get("MEGAWATCH_NOW") or os.environ.get("MEGAWATCH_NOW"))
    status_path = default_status_path(config_path)
    gkey = global_key(config_path=config_path, settings_file=settings_file, override=override)
    manifest_path = cache / f"manifest-{_sha(str(output).encode())[:16]}.json"
    previous = {} if cold else _read_json(manifest_path)
    source_stats: dict = {}
    hashes = content_hashes(content, previous.get("sources") if previous.get("content_root")
                            == str(content.resolve()) else None, source_stats)
    full = fingerprint(global_=gkey, content_hashes=hashes, status_path=status_path,
                       now=effective_now, tz=tracker.subject.tz, search=search)
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    if (previous.get("full") == full and previous.get("format") == CACHE_FORMAT
            and _output_intact(output, previous.get("files", {}))):
        stats = previous.get("stats", {})
        return BuildReport(output, time.perf_counter() - started, stats.get("posts", 0),
                           len(tracker.services), stats.get("claims", 0),
                           len(previous.get("files", {})), mode="unchanged")
    if previous.get("global") != gkey or previous.get("format") != CACHE_FORMAT:
        previous = {}
    # Pelican's reader cache, which builds before the stored model kept there.
    shutil.rmtree(cache / "pelican", ignore_errors=True)
    if not output.is_dir():
        previous = {**previous, "files": {}}

    temp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    shutil.rmtree(temp, ignore_errors=True)
    # The spare (the output before the last one) becomes the new folder, cleaned
    # down to what may be carried over; without a previous build, it goes.
    spare, carried = spare_path(output), {}
    if spare.is_dir() and previous.get("files"):
        try:
            os.rename(spare, temp)
            carried = _carry(temp, previous["files"])
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
            carried = {}
    shutil.rmtree(spare, ignore_errors=True)
    temp.mkdir(exist_ok=True)
    reuse = Reuse(previous, output, temp, carried)
    known = _known_hashes(previous.get("files", {}))
    indexer = Indexer(temp, output, previous, known, reuse) if search else None
    stats: dict = {}
    token = f"{os.getpid()}-{id(reuse)}"
    fragments_path = cache / "fragments.pickle"
    RUNNING[token] = build_state = BuildState(
        reuse, hashes, stats, indexer, str(content.resolve()),
        _read_pickle(fragments_path) if previous.get("global") == gkey else {},
        global_key=gkey, model_path=cache / "model",
        templates_path=cache / "templates.pickle")
    try:
        with _TermAsExit():
            step("pelican")
            _pelican(settings_file, {
                **override, "OUTPUT_PATH": str(temp), "DELETE_OUTPUT_DIRECTORY": False,
                # Pelican's own caches are off: the plugin stores the finished
                # Article objects instead (plugins/pelican/plugins/megawatch/model.py).
                "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
                "MEGAWATCH_BUILD": token,
            }, content)
            if build_state.templates is not None:
                build_state.templates.save()
            if indexer is not None:
                step("search")
                indexer.finish()
            step("swap")
            reuse.sweep()  # what the spare held and this build did not claim
            files = _manifest(temp, known)
            _swap(temp, output, keep=spare_path(output))
    except BaseException:
        if indexer is not None:
            indexer.kill()
        shutil.rmtree(temp, ignore_errors=True)
        raise
    finally:
        RUNNING.pop(token, None)
    _write_pickle(fragments_path, build_state.fragments)
    _write_json(manifest_path, {
        "format": CACHE_FORMAT, "global": gkey, "full": full,
        "index": indexer.keys if indexer is not None else None,
        "pages": reuse.keys, "files": files, "stats": stats,
        "content_root": str(content.resolve()), "sources": source_stats,
    })
    return BuildReport(output, time.perf_counter() - started, stats.get("posts", 0),
                       len(tracker.services), stats.get("claims", 0), len(files),
                       mode="incremental" if previous.get("files") else "cold",
                       rendered=reuse.rendered, reused=reuse.linked, read=stats.get("read"))


def _pelican(settings_file: Path, override: dict, content: Path) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override=override)
    counter = _ErrorCounter()
    watched = [logging.getLogger(n) for n in ("pelican", "megawatch")]
    for lg in watched:
        lg.addHandler(counter)
    # Pelican prints its "Done: Processed ..." line on its console (stdout): a log line
    # for us, so it goes to stderr and stdout stays ours (build --json).
    from pelican.log import console

    saved = console.file, console.quiet
    console.file = sys.stderr
    console.quiet = not logging.getLogger().isEnabledFor(logging.INFO)  # megawatch -q
    try:
        Pelican(settings).run()
    finally:
        console.file, console.quiet = saved
        for lg in watched:
            lg.removeHandler(counter)
    if counter.messages:
        raise MegawatchError(str(content), f"the build logged {len(counter.messages)} error(s); "
                             f"first: {counter.messages[0]}")
